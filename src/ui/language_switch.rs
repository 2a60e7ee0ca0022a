//! The language switcher in the header, and the page's `hreflang` alternates: the same page in
//! each language. The switcher is a plain link (the same page and query in the other language,
//! through `/language/{code}`, which keeps the choice), so it works without JavaScript; with it,
//! the link also carries the section being read (`#id`: headings have the same ids in every
//! language).

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
    let href = move || routes::switch_language(other.code(), &page());
    view! {
        <a
            class="language-switch"
            data-testid="language-switch"
            href=href
            hreflang=other.code()
            lang=other.code()
            rel="external"
            title=use_words().shell.read_in_other_language
            on:click=move |ev| keep_the_section(ev, href())
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

/// Follows the switcher's link to the section being read: the last heading scrolled past, or
/// the fragment the page was opened at.
fn keep_the_section(ev: leptos::ev::MouseEvent, href: String) {
    #[cfg(feature = "hydrate")]
    {
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
            return;
        }
        let Some(location) = web_sys::window().map(|w| w.location()) else { return };
        let hash = match section_in_view() {
            Some(id) => format!("#{id}"),
            None => location.hash().unwrap_or_default(),
        };
        if hash.is_empty() {
            return;
        }
        ev.prevent_default();
        let _ = location.assign(&format!("{href}{hash}"));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, href);
}

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
