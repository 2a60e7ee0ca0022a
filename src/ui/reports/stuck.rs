//! "Where learners get stuck", on the instructors' page: per lesson, how many learners started
//! the sandbox, passed each check (and opened its hint), and completed the exercise, with the
//! step most of them do not get past marked. And the draft lessons, to preview.

use leptos::prelude::*;

use crate::i18n::use_lang;
use crate::progress::steps::Funnel;
use crate::routes;

#[component]
pub fn WhereLearnersGetStuck(funnels: Vec<Funnel>) -> impl IntoView {
    let words = &crate::i18n::use_words().pages.reports;
    view! {
        <section class="stuck" aria-label=words.stuck>
            <h2>{words.stuck}</h2>
            <p class="muted">{words.stuck_note}</p>
            {funnels.into_iter().map(|funnel| view! { <LessonFunnel funnel/> }).collect_view()}
        </section>
    }
}

#[component]
fn LessonFunnel(funnel: Funnel) -> impl IntoView {
    let Funnel { lesson, title, started, checks, completed } = funnel;
    let lang = use_lang();
    let words = &lang.words().pages.reports;
    let href = lang.path(&routes::lesson(&lesson));
    if started == 0 {
        return view! {
            <p class="funnel-empty"><a href=href>{title}</a>{words.not_started}</p>
        }
        .into_any();
    }
    // The rows in order; the step with the largest drop from the one before is where most stop.
    let mut rows: Vec<(String, i64, Option<i64>)> = vec![(words.started_row.into(), started, None)];
    rows.extend(
        checks.into_iter().enumerate().map(|(i, c)| (format!("{}. {}", i + 1, c.text), c.passed, Some(c.hints_opened))),
    );
    rows.push((words.completed_row.into(), completed, None));
    let stuck_at = (1..rows.len()).max_by_key(|&i| rows[i - 1].1 - rows[i].1).filter(|&i| rows[i - 1].1 > rows[i].1);
    let percent = |n: i64| n * 100 / started;
    view! {
        <table class="funnel-table">
            <caption><a href=href>{title}</a></caption>
            <thead><tr><th scope="col">{words.step}</th><th scope="col">{words.learners}</th><th scope="col">{words.opened_hint}</th></tr></thead>
            <tbody>
                {rows.into_iter().enumerate().map(|(i, (step, n, hints))| {
                    let stuck = stuck_at == Some(i);
                    view! {
                        <tr class:stuck-here=stuck>
                            <th scope="row">{step}{stuck.then(|| view! { <span class="stuck-note">{words.stuck_here}</span> })}</th>
                            <td>
                                <meter min="0" max=started.to_string() value=n.to_string()></meter>
                                {format!(" {n} ({}%)", percent(n))}
                            </td>
                            <td>{hints.map(|h| h.to_string())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn DraftLessons(drafts: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let words = &lang.words().pages.reports;
    (!drafts.is_empty()).then(|| view! {
        <section class="drafts" aria-label=words.drafts>
            <h2>{words.drafts}</h2>
            <p class="muted">{words.drafts_note}</p>
            <ul>
                {drafts.into_iter().map(|(slug, title)| view! { <li><a href=lang.path(&routes::lesson(&slug))>{title}</a></li> }).collect_view()}
            </ul>
        </section>
    })
}
