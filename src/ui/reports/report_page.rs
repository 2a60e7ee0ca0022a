//! `/lessons/{slug}/report`: "Report a problem" with this lesson. What is wrong, and (for an
//! anonymous learner) how to reach them; the page says whether a snapshot of their sandbox goes
//! with it. Works without JavaScript (a plain form; a refusal comes back with the text kept).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use server_fn::ServerFn;

use super::server_fns::{SendReport, get_report_form, send_report};
use crate::i18n::{use_lang, use_words};
use crate::reports::ReportForm;
use crate::routes;
use crate::ui::answer::StillHere;
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
    let lang = use_lang();
    let form =
        crate::ui::loaded::loaded_first(move || (), move |_| get_report_form(slug_for_form.clone(), with_draft, lang));
    let words = &use_words().pages.report;
    view! {
        <Suspense fallback=move || view! { <p>{words.loading}</p> }>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    match form.await {
                        Ok(Some(form)) => view! { <Report slug form sent_plain/> }.into_any(),
                        Ok(None) => view! { <NotFound/> }.into_any(),
                        Err(problem) => view! { <p class="error">{crate::i18n::refusals::said(&problem)}</p> }.into_any(),
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
        Some(d) => (d.what, d.contact, Some(crate::i18n::refusals::said(&d.problem))),
        None => (String::new(), String::new(), None),
    };
    let sent = RwSignal::new(sent_plain);
    let problem = RwSignal::new(problem);
    let busy = RwSignal::new(false);
    let what_text = RwSignal::new(what.clone());
    let contact_text = RwSignal::new(contact.clone());
    let lang = use_lang();
    let words = &lang.words().pages.report;
    let back = lang.path(&routes::lesson(&slug));
    let lesson = slug.clone();
    let here = StillHere::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (lesson, what, contact) = (lesson.clone(), what_text.get_untracked(), contact_text.get_untracked());
        here.then(send_report(lesson, what, Some(contact)), move |result| {
            busy.set(false);
            match result {
                Ok(events) => sent.set(Some(events)),
                Err(e) => problem.set(Some(crate::i18n::refusals::said(&e))),
            }
        });
    };
    let snapshot_note = if sandbox_running { words.snapshot_running } else { words.snapshot_none };
    view! {
        <Title text=(words.page_title)(&lesson_title)/>
        <section class="report-page account-form">
            <h1>{words.heading}</h1>
            <p class="form-lead">{words.with_lesson_before} <a href=back.clone()>{lesson_title}</a> {words.with_lesson_after}</p>
            {move || match sent.get() {
                Some(events) => {
                    view! {
                        <p class="form-done" role="status">{(words.sent)(events)}</p>
                        <p><a href=back.clone()>{words.back}</a></p>
                    }.into_any()
                }
                None => view! {
                    <p class="form-aside">{words.guidance}</p>
                    <p class="form-aside">{snapshot_note}</p>
                    <form method="post" action=SendReport::url() on:submit=submit.clone()>
                        <input type="hidden" name="lesson" value=slug.clone()/>
                        <label for="report-what">{words.what}</label>
                        <textarea
                            id="report-what"
                            name="what"
                            rows="6"
                            required
                            prop:value=move || what_text.get()
                            on:input=move |ev| what_text.set(event_target_value(&ev))
                        >{what.clone()}</textarea>
                        {(!signed_in).then(|| view! {
                            <label for="report-contact">{words.contact}</label>
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
                            <p class="field-hint" id="report-contact-hint">{words.contact_hint}</p>
                        })}
                        {move || problem.get().map(|p| view! { <p class="form-problem error" role="alert">{p}</p> })}
                        <button type="submit" class="primary-button" disabled=move || busy.get()>{words.send}</button>
                    </form>
                    <p><a href=back.clone()>{words.back}</a></p>
                }.into_any(),
            }}
        </section>
    }
}

crate::ui::lazy_page!(ReportRoute, ReportPage);
