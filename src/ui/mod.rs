//! Leptos components, one per file: the pages and the pieces they share.

pub mod account;
pub mod copy_code;
pub mod home_page;
pub mod hydration;
pub mod lesson_live_reload;
pub mod lesson_page;
pub mod not_found;
pub mod progress;
pub mod sandbox;
pub mod theme_toggle;
