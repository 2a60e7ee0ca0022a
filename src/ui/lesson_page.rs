//! `/lessons/{slug}`: one lesson, its place in the course, tags, body and further reading, with
//! the sandbox panel (the exercise, live) beside it and the comment thread under it. A lesson file with problems shows them
//! instead (for its instructor).

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::comments::Comments;
use super::comments::count::CommentCount;
use super::comments::section::CommentsSection;
use super::not_found::NotFound;
use super::progress::mark_read::MarkRead;
use super::sandbox::panel::SandboxPanel;
use crate::i18n::{localized, use_lang, use_words};
use crate::lessons::{ExternalLink, LessonPage as Page, LessonView};
use crate::routes;
use crate::ui::lesson_server_fns::get_lesson;

#[component]
pub fn LessonPage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    let words = &lang.words().lesson;
    let slug = move || params.read().get("slug").unwrap_or_default();
    let lesson = crate::ui::loaded::loaded_first(move || (slug(), lang), |(slug, lang)| get_lesson(slug, lang));
    // Here, once, not in the lesson's view (see `Comments::provide`). A draft shows no thread:
    // its thread is asked for and never read.
    Comments::provide(slug);
    // Only a development server announces lesson changes; the page follows it when told so.
    let live_reload = move || matches!(lesson.get(), Some(Ok(Page::Ready(view))) if view.live_reload);
    super::lesson_live_reload::follow_lesson_changes(live_reload, move || lesson.refetch());
    // A transition, not a suspense: once shown, the lesson stays on screen while anything read
    // beneath it loads again (the progress after an award, a live reload, the next lesson on a
    // link). A suspense would swap it for "Loading" meanwhile: the page shrinks and the reader's
    // place (a `#section`, how far they had scrolled) is lost.
    view! {
        <Transition fallback=move || view! { <p>{words.loading}</p> }>
            {move || Suspend::new(async move {
                match lesson.await {
                    Ok(Page::Ready(lesson)) => EitherOf4::A(view! { <LessonArticle lesson=*lesson/> }),
                    Ok(Page::Broken { slug, problems }) => EitherOf4::B(view! { <BrokenLesson slug problems/> }),
                    Ok(Page::NotFound) => EitherOf4::C(view! { <NotFound/> }),
                    Err(e) => EitherOf4::D(view! { <p class="error">{words.load_failed} {crate::i18n::refusals::said(&e)}</p> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn LessonArticle(lesson: LessonView) -> impl IntoView {
    let words = &use_words().lesson;
    let position = (words.position)(lesson.summary.position, lesson.total);
    let draft = lesson.status == crate::lessons::LessonStatus::Draft;
    let status = if draft { words.draft } else { words.published };
    let untranslated = lesson.language != use_lang();
    let LessonView { summary, body_html, previous, next, links, exercise, xp, sandbox, own_server_code, .. } = lesson;
    let slug = summary.slug.clone();
    // A draft (an instructor's preview) has no thread and takes no reports yet.
    view! {
        <Title text=summary.title.clone()/>
        <div class="lesson-layout">
        <article class="lesson">
            <header class="lesson-header">
                <p class="lesson-position">{position} " · " <span class="lesson-status">{status}</span></p>
                <h1 lang=summary_lang(untranslated)>{summary.title}</h1>
                <p class="lesson-meta">
                    <span class="reading-time">{(words.minutes_to_read)(summary.minutes)}</span>
                    <span class="xp">{format!(" · {} XP", xp.reading + xp.exercise)}</span>
                    {(!draft).then(|| view! { <CommentCount/> })}
                    <span class="tags">
                        {summary.tags.into_iter().map(|tag| view! { <span class="tag">{tag}</span> }).collect_view()}
                    </span>
                </p>
            </header>
            {draft.then(|| view! { <p class="draft-banner" role="note">{words.draft_banner}</p> })}
            {untranslated.then(|| view! {
                <p class="untranslated-note" role="note" data-testid="untranslated-note">{words.not_translated}</p>
            })}
            <LessonBody slug=slug.clone() body_html lang=summary_lang(untranslated)/>
            <MarkRead slug=slug.clone() xp=xp.reading/>
            <FurtherReading links/>
            {(!draft).then(|| view! {
                <p class="report-link">{words.report_prompt}<a href=localized(&routes::report(&slug))>{words.report_link}</a></p>
            })}
            <nav class="lesson-nav" aria-label=words.course_navigation>
                {previous.map(|p| view! { <a class="previous" href=localized(&routes::lesson(&p.slug))>"← " {p.title}</a> })}
                {next.map(|n| view! { <a class="next" href=localized(&routes::lesson(&n.slug))>{n.title} " →"</a> })}
            </nav>
            {(!draft).then(|| view! { <CommentsSection/> })}
        </article>
        // The exercise and its live sandbox: beside the text on wide screens, after it on narrow ones.
        <SandboxPanel lesson=slug setup=sandbox own_server_code checks=exercise xp=xp.exercise/>
        </div>
    }
}

/// The `lang` of a lesson text shown in English on a page of another language.
fn summary_lang(untranslated: bool) -> Option<&'static str> {
    untranslated.then_some("en")
}

/// The lesson's text, sent once. On the server it is rendered into the page; hydrating, the
/// browser keeps that DOM as it is (an `inner_html` is not applied again while hydrating), so
/// the text needs no copy in the hydration data. Rendered in the browser (a client-side
/// navigation, a live reload), the page has no text yet and asks for it.
#[component]
fn LessonBody(slug: String, body_html: String, lang: Option<&'static str>) -> impl IntoView {
    let hydrating = Owner::current_shared_context().is_some_and(|context| context.during_hydration());
    if !body_html.is_empty() || hydrating || cfg!(not(feature = "hydrate")) {
        return Either::Left(view! { <div class="lesson-body" lang=lang inner_html=body_html></div> });
    }
    let page_lang = use_lang();
    let body = LocalResource::new(move || crate::ui::lesson_server_fns::get_lesson_body(slug.clone(), page_lang));
    let html = move || body.get().and_then(Result::ok).flatten().unwrap_or_default();
    Either::Right(view! { <div class="lesson-body" lang=lang inner_html=html></div> })
}

#[component]
fn FurtherReading(links: Vec<ExternalLink>) -> impl IntoView {
    let words = &use_words().lesson;
    (!links.is_empty()).then(|| {
        view! {
            <section class="further-reading">
                <h2>{words.further_reading}</h2>
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
    let words = &use_words().lesson;
    view! {
        <Title text=(words.broken_title)(&slug)/>
        <section class="broken-lesson">
            <h1>{words.broken_heading}</h1>
            {if for_authors {
                Either::Left(view! {
                    <p>{words.broken_for_authors}</p>
                    <ul class="lesson-problems">
                        {problems.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}
                    </ul>
                })
            } else {
                Either::Right(view! { <p>{words.broken_for_learners}</p> })
            }}
        </section>
    }
}
