//! Problem reports in the page: "Report a problem" under every lesson, its form
//! (`/lessons/{slug}/report`: "What is wrong", "Send report"), and the instructors' page
//! (`/reports`) with each report's sandbox snapshot, where they close it with a note, where
//! learners get stuck in each exercise, and the draft lessons to preview.

pub mod instructor_page;
pub mod report_page;
pub mod server_fns;
pub mod stuck;
