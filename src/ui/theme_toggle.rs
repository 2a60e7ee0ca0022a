//! The light/dark theme switch. It works only once the page is hydrated (the browser tests use
//! it to prove hydration), and it remembers the choice in `localStorage`.

use leptos::prelude::*;

// Also spelled out in THEME_BOOT_SCRIPT, which must stay a plain string literal.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const STORAGE_KEY: &str = "streamlab-theme";

/// Runs in `<head>` before the first paint: applies the saved theme to `<html data-theme>`.
pub const THEME_BOOT_SCRIPT: &str = "try{var t=localStorage.getItem('streamlab-theme');\
if(t==='dark'||t==='light'){document.documentElement.dataset.theme=t}}catch(e){}";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

#[component]
pub fn ThemeToggle() -> impl IntoView {
    // The server cannot know the saved theme (or the system's); it renders "light" and the
    // browser corrects the label right after hydration (the page colours were already right,
    // from the boot script and the stylesheet).
    let theme = RwSignal::new(Theme::Light);
    Effect::new(move |_| {
        if let Some(saved) = browser::applied_theme() {
            theme.set(saved);
        }
    });
    let toggle = move |_| {
        let next = theme.get_untracked().other();
        theme.set(next);
        browser::apply_and_save(next);
    };
    let words = &crate::i18n::use_words().shell;
    view! {
        <button
            type="button"
            class="theme-toggle"
            data-testid="theme-toggle"
            aria-pressed=move || (theme.get() == Theme::Dark).to_string()
            title=words.theme_toggle_title
            on:click=toggle
        >
            {move || match theme.get() {
                Theme::Light => words.dark_theme,
                Theme::Dark => words.light_theme,
            }}
        </button>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{STORAGE_KEY, Theme};

    fn root() -> Option<web_sys::Element> {
        web_sys::window()?.document()?.document_element()
    }

    /// The theme the page shows: the one chosen (saved), or else the system's.
    pub fn applied_theme() -> Option<Theme> {
        match root()?.get_attribute("data-theme").as_deref() {
            Some("dark") => Some(Theme::Dark),
            Some("light") => Some(Theme::Light),
            _ => {
                let dark = web_sys::window()?.match_media("(prefers-color-scheme: dark)").ok()??.matches();
                Some(if dark { Theme::Dark } else { Theme::Light })
            }
        }
    }

    pub fn apply_and_save(theme: Theme) {
        if let Some(root) = root() {
            let _ = root.set_attribute("data-theme", theme.name());
        }
        // Private browsing can refuse storage; the theme then lasts for this page only.
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(STORAGE_KEY, theme.name());
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    use super::Theme;

    pub fn applied_theme() -> Option<Theme> {
        None
    }

    pub fn apply_and_save(theme: Theme) {
        let _ = theme.name();
    }
}
