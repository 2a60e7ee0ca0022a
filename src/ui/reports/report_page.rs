//! `/lessons/{slug}/report`: "Report a problem" with this lesson. What is wrong, and (for an
//! anonymous learner) how to reach them; the page says whether a snapshot of their sandbox goes
//! with it. Works without JavaScript (a plain form; a refusal comes back with the text kept).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use server_fn::ServerFn;

use super::server_fns::{SendReport, get_report_form, send_report};
use crate::reports::ReportForm;
use crate::routes;
use crate::ui::not_found::NotFound;

#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = params.read_untracked().get("slug").unwrap_or_default();
    let with_draft = query.with_untracked(|q| q.get("draft").is_some());
    // Sent without JavaScript: the redirect says so (and how many events the snapshot carries).
    let sent_plain =
        query.with_untracked(|q| q.get("sent").map(|_| q.get("events").and_then(|n| n.parse::<usize>().ok())));
    let slug_for_form = slug.clone();
    let form = Resource::new_blocking(move || (), move |_| get_report_form(slug_for_form.clone(), with_draft));
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    match form.await {
                        Ok(Some(form)) => view! { <Report slug form sent_plain/> }.into_any(),
                        Ok(None) => view! { <NotFound/> }.into_any(),
                        Err(problem) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Report(slug: String, form: ReportForm, sent_plain: Option<Option<usize>>) -> impl IntoView {
    let ReportForm { lesson_title, signed_in, sandbox_running, draft } = form;
    let (what, contact, problem) = match draft {
        Some(d) => (d.what, d.contact, Some(d.problem.to_string())),
        None => (String::new(), String::new(), None),
    };
    let sent = RwSignal::new(sent_plain);
    let problem = RwSignal::new(problem);
    let busy = RwSignal::new(false);
    let what_text = RwSignal::new(what.clone());
    let contact_text = RwSignal::new(contact.clone());
    let back = routes::lesson(&slug);
    let lesson = slug.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (lesson, what, contact) = (lesson.clone(), what_text.get_untracked(), contact_text.get_untracked());
        leptos::task::spawn_local(async move {
            let result = send_report(lesson, what, Some(contact)).await;
            busy.set(false);
            match result {
                Ok(events) => sent.set(Some(events)),
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let snapshot_note = if sandbox_running {
        "Your sandbox for this lesson is running: the report carries a snapshot of it (its mode, Redis, counters, the exercise's checks and its last 200 events), so the instructor sees what you saw."
    } else {
        "No sandbox of yours runs for this lesson, so the report carries your words only. If the problem is in the sandbox, start it and report from there."
    };
    view! {
        <Title text=format!("Report a problem: {lesson_title}")/>
        <section class="report-page account-form">
            <h1>"Report a problem"</h1>
            <p class="form-lead">"With the lesson " <a href=back.clone()>{lesson_title}</a> "."</p>
            {move || match sent.get() {
                Some(events) => {
                    let with = match events {
                        Some(n) => format!(" It carries a snapshot of your sandbox ({n} events)."),
                        None => String::new(),
                    };
                    view! {
                        <p class="form-done" role="status">{format!("Thank you: your report is with the instructors.{with}")}</p>
                        <p><a href=back.clone()>"Back to the lesson"</a></p>
                    }.into_any()
                }
                None => view! {
                    <p class="form-aside">"A mistake in the text, a check that does not tick, a sandbox that misbehaves: say what you did and what you expected."</p>
                    <p class="form-aside">{snapshot_note}</p>
                    <form method="post" action=SendReport::url() on:submit=submit.clone()>
                        <input type="hidden" name="lesson" value=slug.clone()/>
                        <label for="report-what">"What is wrong"</label>
                        <textarea
                            id="report-what"
                            name="what"
                            rows="6"
                            required
                            prop:value=move || what_text.get()
                            on:input=move |ev| what_text.set(event_target_value(&ev))
                        >{what.clone()}</textarea>
                        {(!signed_in).then(|| view! {
                            <label for="report-contact">"How to reach you (optional)"</label>
                            <input
                                id="report-contact"
                                name="contact"
                                type="text"
                                autocomplete="email"
                                aria-describedby="report-contact-hint"
                                prop:value=move || contact_text.get()
                                on:input=move |ev| contact_text.set(event_target_value(&ev))
                                value=contact.clone()
                            />
                            <p class="field-hint" id="report-contact-hint">"An e-mail address, if you would like an answer."</p>
                        })}
                        {move || problem.get().map(|p| view! { <p class="form-problem error" role="alert">{p}</p> })}
                        <button type="submit" class="primary-button" disabled=move || busy.get()>"Send report"</button>
                    </form>
                    <p><a href=back.clone()>"Back to the lesson"</a></p>
                }.into_any(),
            }}
        </section>
    }
}

crate::ui::lazy_page!(ReportRoute, ReportPage);
