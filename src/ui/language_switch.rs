//! The language switcher in the header, and the page's `hreflang` alternates: the same page in
//! each language. The switcher is a plain link (the same page and query in the other language,
//! through `/language/{code}`, which keeps the choice), so it works without JavaScript; with it,
//! the link also carries the section being read (`#id`: headings have the same ids in every
//! language), which the redirect keeps.

use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::hooks::use_location;

use crate::i18n::{self, Lang, use_lang, use_words};
use crate::routes;

/// The page being shown, without its language: `/lessons/x?reply=3`.
fn this_page() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let location = use_location();
    move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let query = match search.as_str() {
            "" => String::new(),
            q if q.starts_with('?') => q.to_string(),
            q => format!("?{q}"),
        };
        format!("{}{query}", i18n::site_path(&path))
    }
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let other = use_lang().other();
    let page = this_page();
    let section = section_being_read();
    let href = move || {
        let fragment = section.get().map(|id| format!("#{id}")).unwrap_or_default();
        format!("{}{fragment}", routes::switch_language(other.code(), &page()))
    };
    view! {
        <a
            class="language-switch"
            data-testid="language-switch"
            href=href
            hreflang=other.code()
            lang=other.code()
            rel="external"
            title=use_words().shell.read_in_other_language
        >
            {other.own_name()}
        </a>
    }
}

/// `<link rel="alternate" hreflang>` for each language, and `x-default` (English): search engines
/// and readers' tools find the other language's page.
#[component]
pub fn LanguageAlternates() -> impl IntoView {
    let page = this_page();
    move || {
        let page = page();
        view! {
            {Lang::ALL
                .into_iter()
                .map(|lang| view! { <Link rel="alternate" hreflang=lang.code() href=lang.path(&page)/> })
                .collect_view()}
            <Link rel="alternate" hreflang="x-default" href=Lang::En.path(&page)/>
        }
    }
}

/// The section the reader is on: the fragment the page was opened at, then the last lesson
/// heading scrolled past wherever the reader stops scrolling for a moment. A stop at the top of
/// the page (to reach the switcher) keeps the section read before it.
fn section_being_read() -> RwSignal<Option<String>> {
    let section = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use std::cell::RefCell;
        use std::rc::Rc;
        use std::time::Duration;
        let opened_at = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        if let Some(id) = opened_at.strip_prefix('#').filter(|id| !id.is_empty()) {
            section.set(Some(id.to_string()));
        }
        let pending: Rc<RefCell<Option<TimeoutHandle>>> = Rc::default();
        let handle = window_event_listener(leptos::ev::scroll, move |_| {
            if let Some(previous) = pending.borrow_mut().take() {
                previous.clear();
            }
            let settled = set_timeout_with_handle(
                move || {
                    if let Some(id) = section_in_view() {
                        section.set(Some(id));
                    }
                },
                Duration::from_millis(SETTLED_MS),
            );
            *pending.borrow_mut() = settled.ok();
        });
        on_cleanup(move || handle.remove());
    });
    section
}

/// How long the page rests before the section in view counts as the one being read.
#[cfg(feature = "hydrate")]
const SETTLED_MS: u64 = 400;

/// The id of the last lesson heading whose top has scrolled to the top of the window.
#[cfg(feature = "hydrate")]
fn section_in_view() -> Option<String> {
    use wasm_bindgen::JsCast;
    let headings = web_sys::window()?.document()?.query_selector_all(".lesson-body [id]:is(h2, h3)").ok()?;
    let mut current = None;
    for i in 0..headings.length() {
        let Some(heading) = headings.item(i).and_then(|node| node.dyn_into::<web_sys::Element>().ok()) else {
            continue;
        };
        // A heading a little below the top edge is the one being read too.
        if heading.get_bounding_client_rect().top() > 80.0 {
            break;
        }
        current = Some(heading.id());
    }
    current
}
