//! The reader's language: English or Korean, named by the URL (`/ko/…` is Korean, every other
//! page English, at the addresses it always had), and the words of the interface in each, from
//! one catalogue ([`Words`]) whose keys the compiler checks: a key used and not defined, or
//! defined in one language only, does not build.
//!
//! The language is decided once per page from its path (on the server from the request, in the
//! browser from `location`), given to every component as context, and used as the router's
//! base, so a route link (`<A>`) stays in the page's language by itself; a plain `<a>` or a form's
//! `next` goes through [`Lang::path`]. `/` asks the browser's `Accept-Language` once and then
//! follows the choice kept in the [`COOKIE`]; a page read in a language, or the switcher's link
//! (`/language/{code}?to=…`), keeps that choice.
//!
//! What the server says (refusals, check texts, level names) travels as keys and data and is put
//! in words here, at display time; nothing is stored translated.

mod en;
mod ko;
pub mod pages;
pub mod panel;
pub mod refusals;
pub mod sentences;
pub mod words;

use serde::{Deserialize, Serialize};

pub use words::Words;

/// A language the site speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

/// The cookie that keeps the reader's choice of language (`en` or `ko`) for `/`.
pub const COOKIE: &str = "lang";

/// The path prefix of Korean pages.
const KOREAN_PREFIX: &str = "/ko";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// Its BCP 47 tag: `<html lang>`, `hreflang`, the cookie's value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    /// Its own name, in itself: what the switcher offers.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// The other language: the switcher's offer.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        }
    }

    /// The router's base: the prefix of this language's pages (`""` for English).
    pub fn base(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Ko => KOREAN_PREFIX,
        }
    }

    /// The language a page's path is in.
    pub fn of_path(path: &str) -> Lang {
        if path == KOREAN_PREFIX || path.starts_with("/ko/") { Lang::Ko } else { Lang::En }
    }

    /// A site path (as `routes` names it, in English) in this language: `/lessons/x` is
    /// `/ko/lessons/x` in Korean, and `/` is `/ko/`. A query and a fragment come along.
    pub fn path(self, site_path: &str) -> String {
        match self {
            Lang::En => site_path.to_string(),
            Lang::Ko => format!("{KOREAN_PREFIX}{site_path}"),
        }
    }

    /// The interface's words in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &en::WORDS,
            Lang::Ko => &ko::WORDS,
        }
    }
}

/// A page's path without its language: `/ko/lessons/x` is `/lessons/x`, `/ko` and `/ko/` are `/`.
pub fn site_path(path: &str) -> &str {
    match path.strip_prefix(KOREAN_PREFIX) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

/// The language an `Accept-Language` header prefers among ours, by its weights (`q`), the
/// header's order breaking ties; English when it names neither.
pub fn from_accept_language(header: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let weight =
            parts.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.trim().parse::<f32>().ok()).unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        let Some(lang) = Lang::from_code(primary) else { continue };
        if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map_or(Lang::En, |(_, lang)| lang)
}

/// `1234` as `1,234`: both languages group thousands with commas.
pub fn number(n: u64) -> String {
    crate::comments::problem::group_thousands(usize::try_from(n).unwrap_or(usize::MAX))
}

/// A name from the track file (`progress::levels::Named`) in `lang`: its own Korean name on a
/// Korean page when the file gives one, the English otherwise.
pub fn named(name: &crate::progress::levels::Named, lang: Lang) -> &str {
    match lang {
        Lang::En => &name.en,
        Lang::Ko => name.ko.as_deref().unwrap_or(&name.en),
    }
}

/// The page's language, given to every component by the app (see `app::App`).
pub fn provide_lang(lang: Lang) {
    leptos::prelude::provide_context(lang);
}

/// The language of the page being rendered. Outside the components' context (a task spawned by
/// an event handler), the page's own: a page never changes language without loading again.
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_else(page_lang)
}

/// The words of the page being rendered.
pub fn use_words() -> &'static Words {
    use_lang().words()
}

/// A site path in the page's language, for a plain link or a form's `next`.
pub fn localized(site_path: &str) -> String {
    use_lang().path(site_path)
}

/// The language of the page this request or this browser tab shows, from its path.
pub fn page_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .map_or(Lang::En, |parts| Lang::of_path(parts.uri.path()))
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window().and_then(|w| w.location().pathname().ok()).map_or(Lang::En, |path| Lang::of_path(&path))
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(
            [0, 999, 1_000, 12_345, 1_234_567].map(number),
            ["0", "999", "1,000", "12,345", "1,234,567"].map(String::from)
        );
    }

    #[test]
    fn korean_pages_live_under_ko_and_english_ones_where_they_always_were() {
        for (path, lang, site) in [
            ("/", Lang::En, "/"),
            ("/lessons/push-not-poll", Lang::En, "/lessons/push-not-poll"),
            ("/ko", Lang::Ko, "/"),
            ("/ko/", Lang::Ko, "/"),
            ("/ko/lessons/push-not-poll", Lang::Ko, "/lessons/push-not-poll"),
            ("/kodiak", Lang::En, "/kodiak"),
        ] {
            assert_eq!((Lang::of_path(path), site_path(path)), (lang, site), "{path}");
        }
        assert_eq!(Lang::Ko.path("/lessons/x#why"), "/ko/lessons/x#why");
        assert_eq!(Lang::Ko.path("/"), "/ko/");
        assert_eq!(Lang::En.path("/signin?next=/"), "/signin?next=/");
    }

    #[test]
    fn accept_language_is_read_by_weight_then_order() {
        for (header, lang) in [
            ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", Lang::Ko),
            ("en-US,en;q=0.9,ko;q=0.8", Lang::En),
            ("fr-FR,fr;q=0.9,ko;q=0.5", Lang::Ko),
            ("de, fr", Lang::En),
            ("en;q=0.3, ko;q=0.6", Lang::Ko),
            ("ko;q=0, en;q=0.1", Lang::En),
            ("", Lang::En),
            ("*", Lang::En),
        ] {
            assert_eq!(from_accept_language(header), lang, "{header}");
        }
    }
}
