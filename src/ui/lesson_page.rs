//! `/lessons/{slug}`: one lesson, its place in the course, tags, body and further reading, with
//! the sandbox panel (the exercise, live) beside it and the comment thread under it. A lesson file with problems shows them
//! instead (for its instructor).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::comments::Comments;
use super::comments::count::CommentCount;
use super::comments::section::CommentsSection;
use super::not_found::NotFound;
use super::progress::mark_read::MarkRead;
use super::sandbox::panel::SandboxPanel;
use crate::lessons::{ExternalLink, LessonPage as Page, LessonView};
use crate::routes;
use crate::ui::lesson_server_fns::get_lesson;

#[component]
pub fn LessonPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let lesson = Resource::new_blocking(slug, get_lesson);
    // Only a development server announces lesson changes; the page follows it when told so.
    let live_reload = move || matches!(lesson.get(), Some(Ok(Page::Ready(view))) if view.live_reload);
    super::lesson_live_reload::follow_lesson_changes(live_reload, move || lesson.refetch());
    view! {
        <Suspense fallback=|| view! { <p>"Loading lesson…"</p> }>
            {move || Suspend::new(async move {
                match lesson.await {
                    Ok(Page::Ready(lesson)) => view! { <LessonArticle lesson=*lesson/> }.into_any(),
                    Ok(Page::Broken { slug, problems }) => view! { <BrokenLesson slug problems/> }.into_any(),
                    Ok(Page::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <p class="error">"The lesson could not be loaded: " {e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LessonArticle(lesson: LessonView) -> impl IntoView {
    let position = lesson.position_label();
    let draft = lesson.status == crate::lessons::LessonStatus::Draft;
    let status = lesson.status.label();
    let LessonView { summary, body_html, previous, next, links, exercise, xp, sandbox, own_server_code, .. } = lesson;
    let slug = summary.slug.clone();
    // A draft (an instructor's preview) has no thread and takes no reports yet.
    if !draft {
        Comments::provide(slug.clone());
    }
    view! {
        <Title text=summary.title.clone()/>
        <div class="lesson-layout">
        <article class="lesson">
            <header class="lesson-header">
                <p class="lesson-position">{position} " · " <span class="lesson-status">{status}</span></p>
                <h1>{summary.title}</h1>
                <p class="lesson-meta">
                    <span class="reading-time">{format!("{} min read", summary.minutes)}</span>
                    <span class="xp">{format!(" · {} XP", xp.reading + xp.exercise)}</span>
                    {(!draft).then(|| view! { <CommentCount/> })}
                    <span class="tags">
                        {summary.tags.into_iter().map(|tag| view! { <span class="tag">{tag}</span> }).collect_view()}
                    </span>
                </p>
            </header>
            {draft.then(|| view! {
                <p class="draft-banner" role="note">
                    "Draft preview: only instructors see this lesson until its status is published. Comments and problem reports open then."
                </p>
            })}
            <LessonBody slug=slug.clone() body_html/>
            <MarkRead slug=slug.clone() xp=xp.reading/>
            <FurtherReading links/>
            {(!draft).then(|| view! {
                <p class="report-link">"Found a mistake, or a check that does not tick? "<a href=routes::report(&slug)>"Report a problem"</a></p>
            })}
            <nav class="lesson-nav" aria-label="Course">
                {previous.map(|p| view! { <a class="previous" href=routes::lesson(&p.slug)>"← " {p.title}</a> })}
                {next.map(|n| view! { <a class="next" href=routes::lesson(&n.slug)>{n.title} " →"</a> })}
            </nav>
            {(!draft).then(|| view! { <CommentsSection/> })}
        </article>
        // The exercise and its live sandbox: beside the text on wide screens, after it on narrow ones.
        <SandboxPanel lesson=slug setup=sandbox own_server_code checks=exercise xp=xp.exercise/>
        </div>
    }
}

/// The lesson's text, sent once. On the server it is rendered into the page; hydrating, the
/// browser keeps that DOM as it is (an `inner_html` is not applied again while hydrating), so
/// the text needs no copy in the hydration data. Rendered in the browser (a client-side
/// navigation, a live reload), the page has no text yet and asks for it.
#[component]
fn LessonBody(slug: String, body_html: String) -> impl IntoView {
    let hydrating = Owner::current_shared_context().is_some_and(|context| context.during_hydration());
    if !body_html.is_empty() || hydrating || cfg!(not(feature = "hydrate")) {
        return view! { <div class="lesson-body" inner_html=body_html></div> }.into_any();
    }
    let body = LocalResource::new(move || crate::ui::lesson_server_fns::get_lesson_body(slug.clone()));
    let html = move || body.get().and_then(Result::ok).flatten().unwrap_or_default();
    view! { <div class="lesson-body" inner_html=html></div> }.into_any()
}

#[component]
fn FurtherReading(links: Vec<ExternalLink>) -> impl IntoView {
    (!links.is_empty()).then(|| {
        view! {
            <section class="further-reading">
                <h2>"Further reading"</h2>
                <ul>
                    {links
                        .into_iter()
                        .map(|link| view! { <li><a href=link.url rel="noopener" target="_blank">{link.title}</a></li> })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn BrokenLesson(slug: String, problems: Vec<String>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    let for_authors = !problems.is_empty();
    view! {
        <Title text=format!("{slug}: lesson has problems")/>
        <section class="broken-lesson">
            <h1>"This lesson has problems"</h1>
            {if for_authors {
                view! {
                    <p>"The lesson file could not be loaded. Fix these and save; the other lessons are unaffected:"</p>
                    <ul class="lesson-problems">
                        {problems.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            } else {
                view! { <p>"It cannot be shown just now; its authors can see why. The other lessons are unaffected."</p> }
                    .into_any()
            }}
        </section>
    }
}
