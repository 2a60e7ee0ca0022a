//! `/reports`, for instructors: open problem reports, per lesson, oldest first. Each shows what
//! the learner wrote and, when their sandbox ran, what it looked like then: mode, Redis,
//! counters, the exercise's checks and its last events, in the timeline's words. Closed with a
//! note. Then where learners get stuck, and the draft lessons. Others are told the page is not
//! theirs (403).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

use super::server_fns::{CloseReport, close_report, get_reports};
use super::stuck::{DraftLessons, WhereLearnersGetStuck};
use crate::reports::ReportsView;
use crate::reports::{ReportView, SandboxSnapshot};
use crate::routes;
use crate::ui::sandbox::timeline::describe;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = use_query_map();
    let lesson = move || query.with(|q| q.get("lesson"));
    let closed = move || query.with(|q| q.get("closed").is_some());
    let version = RwSignal::new(0u64);
    let reports =
        Resource::new(move || (lesson(), closed(), version.get()), |(lesson, closed, _)| get_reports(lesson, closed));
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Title text="Problem reports"/>
        <section class="reports-page">
            <h1>"Problem reports"</h1>
            <Suspense fallback=|| view! { <p>"Loading reports…"</p> }>
                {move || Suspend::new(async move {
                    match reports.await {
                        Ok(view) if view.instructor => {
                            view! { <Reports view lesson=lesson() closed=closed() changed/> }.into_any()
                        }
                        Ok(_) => view! { <NotForYou/> }.into_any(),
                        Err(problem) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn NotForYou() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    view! {
        <p>"Problem reports are for instructors. An instructor's account is made one with "
            <code>"streamlab admin grant USER"</code> " on the server."</p>
    }
}

#[component]
fn Reports(view: ReportsView, lesson: Option<String>, closed: bool, changed: Callback<()>) -> impl IntoView {
    let total: usize = view.lessons.iter().map(|(_, _, n)| n).sum();
    let with_closed = if closed { "&closed=1" } else { "" };
    let all_href = if closed { format!("{}?closed=1", routes::REPORTS) } else { routes::REPORTS.to_string() };
    let toggle = match (&lesson, closed) {
        (Some(l), true) => (format!("{}?lesson={l}", routes::REPORTS), "Open only"),
        (Some(l), false) => (format!("{}?lesson={l}&closed=1", routes::REPORTS), "Show closed too"),
        (None, true) => (routes::REPORTS.to_string(), "Open only"),
        (None, false) => (format!("{}?closed=1", routes::REPORTS), "Show closed too"),
    };
    let empty = view.reports.is_empty();
    let (stuck, drafts) = (view.stuck, view.drafts);
    view! {
        <nav class="report-filter" aria-label="Reports by lesson">
            <a href=all_href aria-current=lesson.is_none().then_some("page")>{format!("All lessons ({total} open)")}</a>
            {view.lessons.into_iter().map(|(slug, title, n)| {
                let current = (lesson.as_deref() == Some(slug.as_str())).then_some("page");
                view! { <a href=format!("{}?lesson={slug}{with_closed}", routes::REPORTS) aria-current=current>{format!("{title} ({n})")}</a> }
            }).collect_view()}
            <a class="report-toggle" href=toggle.0>{toggle.1}</a>
        </nav>
        {empty.then(|| view! { <p class="muted">"No open reports. Learners send them from “Report a problem” under each lesson."</p> })}
        <ol class="report-list">
            {view.reports.into_iter().map(|report| view! { <li><Report report changed/></li> }).collect_view()}
        </ol>
        <WhereLearnersGetStuck funnels=stuck/>
        <DraftLessons drafts/>
    }
}

#[component]
fn Report(report: ReportView, changed: Callback<()>) -> impl IntoView {
    let ReportView { id, lesson, lesson_title, reporter, contact, what, when, snapshot, checks, closed } = report;
    let who = match (reporter, contact) {
        (Some(name), _) => format!("from {name}"),
        (None, Some(contact)) => format!("from an anonymous learner ({contact})"),
        (None, None) => "from an anonymous learner".to_string(),
    };
    view! {
        <article class="report" id=format!("report-{id}") aria-label=format!("Report {id}")>
            <h2 class="report-title">
                {format!("#{id} · ")}<a href=routes::lesson(&lesson)>{lesson_title}</a>
            </h2>
            <p class="report-meta">{format!("{when} · {who}")}</p>
            <p class="report-what">{what}</p>
            {match snapshot {
                Some(snapshot) => view! { <Snapshot snapshot checks/> }.into_any(),
                None => view! { <p class="muted">"No sandbox was running for this lesson when it was sent."</p> }.into_any(),
            }}
            {match closed {
                Some((at, note)) => view! {
                    <p class="report-closed">{format!("Closed {at}")}{(!note.is_empty()).then(|| format!(": {note}"))}</p>
                }.into_any(),
                None => view! { <CloseForm id changed/> }.into_any(),
            }}
        </article>
    }
}

#[component]
fn Snapshot(snapshot: SandboxSnapshot, checks: Vec<(String, bool)>) -> impl IntoView {
    let SandboxSnapshot { info, events, .. } = snapshot;
    let counters = &info.counters;
    let summary = format!(
        "Mode {} · Redis {} · sent {} · delivered {} · lost {} · replayed {}{}",
        info.bridge.as_str(),
        info.redis,
        counters.sent,
        counters.delivered,
        counters.lost,
        counters.replayed,
        if info.own_server_running { " · server A ran the learner's code" } else { "" },
    );
    let completed = info.exercise.is_some_and(|e| e.completed);
    let count = events.len();
    view! {
        <div class="report-snapshot">
            <p><strong>"Their sandbox then: "</strong>{summary}</p>
            {(!checks.is_empty()).then(|| view! {
                <ol class="report-checks" aria-label="The exercise's checks then">
                    {checks.into_iter().map(|(text, passed)| view! {
                        <li class:passed=passed>
                            <span aria-hidden="true">{if passed { "✓ " } else { "○ " }}</span>
                            {text}
                            <span class="visually-hidden">{if passed { " (passed)" } else { " (not passed)" }}</span>
                        </li>
                    }).collect_view()}
                </ol>
            })}
            {completed.then(|| view! { <p>"The exercise was complete."</p> })}
            <details>
                <summary>{format!("Last {count} events")}</summary>
                <ol class="report-events">
                    {events.into_iter().map(|event| view! {
                        <li><span class="event-seq">{format!("#{}", event.seq)}</span> " " {describe(&event.kind)}</li>
                    }).collect_view()}
                </ol>
            </details>
        </div>
    }
}

#[component]
fn CloseForm(id: i64, changed: Callback<()>) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = note.get_untracked();
        leptos::task::spawn_local(async move {
            match close_report(id, text).await {
                Ok(()) => changed.run(()),
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let field = format!("close-note-{id}");
    view! {
        <form class="report-close" method="post" action=CloseReport::url() on:submit=submit>
            <input type="hidden" name="id" value=id.to_string()/>
            <label for=field.clone()>"Closing note"</label>
            <input id=field name="note" type="text" placeholder="Fixed in the lesson text, thanks!"
                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
            <button type="submit" class="quiet-button">"Close report"</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </form>
    }
}

crate::ui::lazy_page!(ReportsRoute, ReportsPage);
