//! The report form's page and the instructors' page, as the browser draws them: decided on the
//! server (who may see what, what was kept of a refused report), only drawn by the page.

use serde::{Deserialize, Serialize};

use super::ReportView;
use crate::problem::Problem;

/// The report form's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportForm {
    pub lesson_title: String,
    pub signed_in: bool,
    /// The learner's sandbox for the lesson runs: a snapshot will go with the report.
    pub sandbox_running: bool,
    /// A report refused without JavaScript: what was typed, and why.
    pub draft: Option<ReportDraft>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportDraft {
    pub what: String,
    pub contact: String,
    pub problem: Problem,
}

/// The instructors' page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportsView {
    pub instructor: bool,
    pub reports: Vec<ReportView>,
    /// Every lesson with open reports: slug, title, how many.
    pub lessons: Vec<(String, String, usize)>,
    /// Where learners get stuck: each published lesson's exercise funnel.
    pub stuck: Vec<crate::progress::steps::Funnel>,
    /// Draft lessons (slug, title), to preview.
    pub drafts: Vec<(String, String)>,
}
