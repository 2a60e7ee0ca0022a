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
use crate::i18n::pages::SnapshotLine;
use crate::i18n::{use_lang, use_words};
use crate::reports::ReportsView;
use crate::reports::{ReportView, SandboxSnapshot};
use crate::routes;
use crate::ui::answer::StillHere;
use crate::ui::sandbox::timeline::describe;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = use_query_map();
    let lesson = move || query.with(|q| q.get("lesson"));
    let closed = move || query.with(|q| q.get("closed").is_some());
    let version = RwSignal::new(0u64);
    let lang = use_lang();
    let reports = crate::ui::loaded::loaded(
        move || (lesson(), closed(), version.get()),
        move |(lesson, closed, _)| get_reports(lesson, closed, lang),
    );
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    let words = &use_words().pages.reports;
    view! {
        <Title text=words.title/>
        <section class="reports-page">
            <h1>{words.title}</h1>
            <Transition fallback=move || view! { <p>{words.loading}</p> }>
                {move || Suspend::new(async move {
                    match reports.await {
                        Ok(view) if view.instructor => {
                            view! { <Reports view lesson=lesson() closed=closed() changed/> }.into_any()
                        }
                        Ok(_) => view! { <NotForYou/> }.into_any(),
                        Err(problem) => view! { <p class="error">{crate::i18n::refusals::said(&problem)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NotForYou() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    let words = &use_words().pages.reports;
    view! {
        <p>{words.not_for_you_before} <code>"streamlab admin grant USER"</code> {words.not_for_you_after}</p>
    }
}

#[component]
fn Reports(view: ReportsView, lesson: Option<String>, closed: bool, changed: Callback<()>) -> impl IntoView {
    let total: usize = view.lessons.iter().map(|(_, _, n)| n).sum();
    let lang = use_lang();
    let words = &lang.words().pages.reports;
    let reports = lang.path(routes::REPORTS);
    let with_closed = if closed { "&closed=1" } else { "" };
    let all_href = if closed { format!("{reports}?closed=1") } else { reports.clone() };
    let toggle = match (&lesson, closed) {
        (Some(l), true) => (format!("{reports}?lesson={l}"), words.open_only),
        (Some(l), false) => (format!("{reports}?lesson={l}&closed=1"), words.show_closed),
        (None, true) => (reports.clone(), words.open_only),
        (None, false) => (format!("{reports}?closed=1"), words.show_closed),
    };
    let empty = view.reports.is_empty();
    let (stuck, drafts) = (view.stuck, view.drafts);
    view! {
        <nav class="report-filter" aria-label=words.by_lesson>
            <a href=all_href aria-current=lesson.is_none().then_some("page")>{(words.all_lessons)(total)}</a>
            {view.lessons.into_iter().map(|(slug, title, n)| {
                let current = (lesson.as_deref() == Some(slug.as_str())).then_some("page");
                view! { <a href=format!("{reports}?lesson={slug}{with_closed}") aria-current=current>{format!("{title} ({n})")}</a> }
            }).collect_view()}
            <a class="report-toggle" href=toggle.0>{toggle.1}</a>
        </nav>
        {empty.then(|| view! { <p class="muted">{words.none_open}</p> })}
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
    let lang = use_lang();
    let pages = &lang.words().pages;
    let words = &pages.reports;
    let who = (words.from)(reporter.as_deref(), contact.as_deref());
    let when = pages.moment_iso(&when, &when);
    view! {
        <article class="report" id=format!("report-{id}") aria-label=(words.report)(id)>
            <h2 class="report-title">
                {format!("#{id} · ")}<a href=lang.path(&routes::lesson(&lesson))>{lesson_title}</a>
            </h2>
            <p class="report-meta">{format!("{when} · {who}")}</p>
            <p class="report-what">{what}</p>
            {match snapshot {
                Some(snapshot) => view! { <Snapshot snapshot checks/> }.into_any(),
                None => view! { <p class="muted">{words.no_sandbox}</p> }.into_any(),
            }}
            {match closed {
                Some((at, note)) => view! {
                    <p class="report-closed">{(words.closed)(&pages.moment_iso(&at, &at))}{(!note.is_empty()).then(|| format!(": {note}"))}</p>
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
    let (words, panel) = (&use_words().pages.reports, use_words().panel);
    let summary = (words.snapshot)(&SnapshotLine {
        mode: info.bridge.as_str(),
        redis: &info.redis,
        sent: counters.sent,
        delivered: counters.delivered,
        lost: counters.lost,
        replayed: counters.replayed,
        own_server: info.own_server_running,
    });
    let completed = info.exercise.is_some_and(|e| e.completed);
    let count = events.len();
    view! {
        <div class="report-snapshot">
            <p><strong>{words.their_sandbox}</strong>{summary}</p>
            {(!checks.is_empty()).then(|| view! {
                <ol class="report-checks" aria-label=words.checks_then>
                    {checks.into_iter().map(|(text, passed)| view! {
                        <li class:passed=passed>
                            <span aria-hidden="true">{if passed { "✓ " } else { "○ " }}</span>
                            {text}
                            <span class="visually-hidden">{if passed { words.passed } else { words.not_passed }}</span>
                        </li>
                    }).collect_view()}
                </ol>
            })}
            {completed.then(|| view! { <p>{words.exercise_complete}</p> })}
            <details>
                <summary>{(words.last_events)(count)}</summary>
                <ol class="report-events">
                    {events.into_iter().map(|event| view! {
                        <li><span class="event-seq">{format!("#{}", event.seq)}</span> " " {describe(panel, &event.kind)}</li>
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
    let here = StillHere::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = note.get_untracked();
        here.then(close_report(id, text), move |answer| match answer {
            Ok(()) => changed.run(()),
            Err(e) => problem.set(Some(crate::i18n::refusals::said(&e))),
        });
    };
    let field = format!("close-note-{id}");
    let words = &use_words().pages.reports;
    view! {
        <form class="report-close" method="post" action=CloseReport::url() on:submit=submit>
            <input type="hidden" name="id" value=id.to_string()/>
            <label for=field.clone()>{words.closing_note}</label>
            <input id=field name="note" type="text" placeholder=words.closing_placeholder
                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
            <button type="submit" class="quiet-button">{words.close}</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </form>
    }
}

crate::ui::lazy_page!(ReportsRoute, ReportsPage);
