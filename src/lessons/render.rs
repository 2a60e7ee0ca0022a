//! Markdown to HTML, on the server, once per lesson load.
//!
//! An explicit pulldown-cmark pipeline, so each markdown feature the course uses is one step
//! with an exact-output test. Lesson files are trusted input (they come from the repository),
//! so raw HTML in them passes through; learner text never comes here.

use pulldown_cmark::{Options, Parser, html};

/// Renders a lesson body.
pub fn render_markdown(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let parser = Parser::new_ext(markdown, options);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_emphasis_render_to_html() {
        assert_eq!(
            render_markdown("Push, *not* poll."),
            "<p>Push, <em>not</em> poll.</p>\n"
        );
    }

    #[test]
    fn tables_render() {
        let html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.starts_with("<table>"), "{html}");
    }
}
