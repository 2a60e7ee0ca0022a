//! The sandbox panel's words: its views, controls, timeline, checks and toasts, in each language.

pub struct PanelWords {}

pub static EN: PanelWords = PanelWords {};

pub static KO: PanelWords = PanelWords {};
