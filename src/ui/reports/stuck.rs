//! "Where learners get stuck", on the instructors' page: per lesson, how many learners started
//! the sandbox, passed each check (and opened its hint), and completed the exercise, with the
//! step most of them do not get past marked. And the draft lessons, to preview.

use leptos::prelude::*;

use crate::progress::steps::Funnel;
use crate::routes;

#[component]
pub fn WhereLearnersGetStuck(funnels: Vec<Funnel>) -> impl IntoView {
    view! {
        <section class="stuck" aria-label="Where learners get stuck">
            <h2>"Where learners get stuck"</h2>
            <p class="muted">"Counted from what the server recorded as it happened: each learner once per step."</p>
            {funnels.into_iter().map(|funnel| view! { <LessonFunnel funnel/> }).collect_view()}
        </section>
    }
}

#[component]
fn LessonFunnel(funnel: Funnel) -> impl IntoView {
    let Funnel { lesson, title, started, checks, completed } = funnel;
    if started == 0 {
        return view! {
            <p class="funnel-empty"><a href=routes::lesson(&lesson)>{title}</a>": no learner has started its sandbox yet."</p>
        }
        .into_any();
    }
    // The rows in order; the step with the largest drop from the one before is where most stop.
    let mut rows: Vec<(String, i64, Option<i64>)> = vec![("Started the sandbox".into(), started, None)];
    rows.extend(
        checks.into_iter().enumerate().map(|(i, c)| (format!("{}. {}", i + 1, c.text), c.passed, Some(c.hints_opened))),
    );
    rows.push(("Completed the exercise".into(), completed, None));
    let stuck_at = (1..rows.len()).max_by_key(|&i| rows[i - 1].1 - rows[i].1).filter(|&i| rows[i - 1].1 > rows[i].1);
    let percent = |n: i64| n * 100 / started;
    view! {
        <table class="funnel-table">
            <caption><a href=routes::lesson(&lesson)>{title}</a></caption>
            <thead><tr><th scope="col">"Step"</th><th scope="col">"Learners"</th><th scope="col">"Opened the hint"</th></tr></thead>
            <tbody>
                {rows.into_iter().enumerate().map(|(i, (step, n, hints))| {
                    let stuck = stuck_at == Some(i);
                    view! {
                        <tr class:stuck-here=stuck>
                            <th scope="row">{step}{stuck.then(|| view! { <span class="stuck-note">" · most stop before this step"</span> })}</th>
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
    (!drafts.is_empty()).then(|| view! {
        <section class="drafts" aria-label="Draft lessons">
            <h2>"Draft lessons"</h2>
            <p class="muted">"Learners do not see these yet; you can preview them."</p>
            <ul>
                {drafts.into_iter().map(|(slug, title)| view! { <li><a href=routes::lesson(&slug)>{title}</a></li> }).collect_view()}
            </ul>
        </section>
    })
}
