//! The words of the account pages, comments, notifications, problem reports and the
//! instructors' page, in each language.

pub struct PagesWords {}

pub static EN: PagesWords = PagesWords {};

pub static KO: PagesWords = PagesWords {};
