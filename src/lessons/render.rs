//! Markdown to HTML, on the server, once per lesson load: an explicit pulldown-cmark event
//! pipeline, one step per feature the course uses, each pinned by an exact-output test.
//!
//! - `##`/`###` headings get ids from their text and a link to themselves;
//! - fenced code gets a title (```` ```python title="Redis manager" ````; the info string is read by
//!   `dialect::fence_info`), server-side highlighting
//!   (syntect, CSS classes, so light and dark themes both work) and a copy button;
//! - ```` ```text ```` blocks are diagrams, shown as figures; ```` ```console ```` blocks are
//!   terminal transcripts: titled and copyable, left unhighlighted;
//! - `> [!NOTE]` (and TIP, IMPORTANT, WARNING, CAUTION) blockquotes are callouts;
//! - `lesson:slug` links point at other lessons (the catalog checks the slugs exist).
//!
//! Lesson files are trusted (they come from the repository), so their raw HTML passes through;
//! learner text never comes here. Includes are expanded before this step (see `include`).

use std::collections::HashMap;
use std::sync::OnceLock;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::dialect::{FenceInfo, fence_info, options};
use crate::i18n::Lang;

/// Where lesson links point.
pub const LESSON_LINK_SCHEME: &str = "lesson:";

/// A `lesson:` link found in the markdown, with its byte offset (for diagnostics).
#[derive(Debug, PartialEq, Eq)]
pub struct LessonReference {
    pub slug: String,
    pub offset: usize,
}

/// Every `lesson:slug` link of a markdown text.
pub fn lesson_references(markdown: &str) -> Vec<LessonReference> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => dest_url.strip_prefix(LESSON_LINK_SCHEME).map(|slug| {
                LessonReference { slug: slug.split('#').next().unwrap_or("").to_string(), offset: range.start }
            }),
            _ => None,
        })
        .collect()
}

/// Renders a lesson body in `lang`: the callouts' titles in its words, `lesson:` links to its pages.
pub fn render_markdown(markdown: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    let mut events = Parser::new_ext(markdown, options()).peekable();
    let mut heading_ids: HashMap<String, usize> = HashMap::new();
    let mut pending: Vec<Event> = Vec::new();

    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) if level != HeadingLevel::H1 => {
                flush(&mut out, &mut pending);
                let inner: Vec<Event> =
                    events.by_ref().take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_)))).collect();
                let text = plain_text(&inner);
                // An author's `{#id}` is escaped like any attribute value: it lands inside quotes.
                let id = id.map(|i| escape(&i)).unwrap_or_else(|| unique_id(&mut heading_ids, &text));
                let mut inner_html = String::new();
                html::push_html(&mut inner_html, inner.into_iter());
                let _ = (classes, attrs);
                out.push_str(&format!(
                    "<{level} id=\"{id}\"><a class=\"heading-anchor\" href=\"#{id}\">{inner_html}</a></{level}>\n"
                ));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut out, &mut pending);
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for e in events.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                out.push_str(&code_block(&info, &code));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                flush(&mut out, &mut pending);
                let (class, index) = callout(kind);
                let label = lang.words().lesson.callouts[index];
                out.push_str(&format!(
                    "<aside class=\"callout callout-{class}\">\n<p class=\"callout-title\">{label}</p>\n"
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                flush(&mut out, &mut pending);
                out.push_str("</aside>\n");
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = match dest_url.strip_prefix(LESSON_LINK_SCHEME) {
                    Some(rest) => CowStr::from(lang.path(&crate::routes::lesson(rest))),
                    None => dest_url,
                };
                pending.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            other => pending.push(other),
        }
    }
    flush(&mut out, &mut pending);
    out
}

fn flush(out: &mut String, pending: &mut Vec<Event>) {
    if !pending.is_empty() {
        html::push_html(out, pending.drain(..));
    }
}

fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

/// "Why poll?" → "why-poll"; repeats get "-2", "-3".
fn unique_id(seen: &mut HashMap<String, usize>, text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    let slug = if slug.is_empty() { "section".to_string() } else { slug };
    let count = seen.entry(slug.clone()).or_insert(0);
    *count += 1;
    if *count == 1 { slug } else { format!("{slug}-{count}") }
}

/// A callout's CSS class, and its title's place in `LessonWords::callouts`.
fn callout(kind: BlockQuoteKind) -> (&'static str, usize) {
    match kind {
        BlockQuoteKind::Note => ("note", 0),
        BlockQuoteKind::Tip => ("tip", 1),
        BlockQuoteKind::Important => ("important", 2),
        BlockQuoteKind::Warning => ("warning", 3),
        BlockQuoteKind::Caution => ("caution", 4),
    }
}

fn code_block(info: &str, code: &str) -> String {
    let FenceInfo { lang, title, .. } = fence_info(info);
    let caption = title.as_deref().map(escape).unwrap_or_default();
    if lang == "text" {
        let figcaption = if caption.is_empty() { String::new() } else { format!("<figcaption>{caption}</figcaption>") };
        return format!("<figure class=\"diagram\"><pre tabindex=\"0\">{}</pre>{figcaption}</figure>\n", escape(code));
    }
    let lang_label =
        if lang.is_empty() { String::new() } else { format!("<span class=\"code-lang\">{}</span>", escape(&lang)) };
    let language_class = if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(&lang)) };
    format!(
        "<figure class=\"code-block\"><figcaption><span class=\"code-title\">{caption}</span>{lang_label}\
<button type=\"button\" class=\"copy-code\">Copy</button></figcaption>\
<pre tabindex=\"0\"><code{language_class}>{}</code></pre></figure>\n",
        highlight(&lang, code)
    )
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlighted HTML with `hl-` classes, or escaped text for languages syntect does not know.
fn highlight(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else { return escape(code) };
    let mut generator =
        ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::SpacedPrefixed { prefix: "hl-" });
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return escape(code);
        }
    }
    generator.finalize()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_markdown(markdown: &str) -> String {
        super::render_markdown(markdown, Lang::En)
    }

    #[test]
    fn paragraphs_and_emphasis_render_to_html() {
        assert_eq!(render_markdown("Push, *not* poll."), "<p>Push, <em>not</em> poll.</p>\n");
    }

    #[test]
    fn tables_render() {
        assert_eq!(
            render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n"),
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n"
        );
    }

    #[test]
    fn headings_get_ids_and_a_link_to_themselves() {
        assert_eq!(
            render_markdown("## Why poll?\n\n## Why poll?\n\n### The `PUBLISH` reply"),
            "<h2 id=\"why-poll\"><a class=\"heading-anchor\" href=\"#why-poll\">Why poll?</a></h2>\n\
<h2 id=\"why-poll-2\"><a class=\"heading-anchor\" href=\"#why-poll-2\">Why poll?</a></h2>\n\
<h3 id=\"the-publish-reply\"><a class=\"heading-anchor\" href=\"#the-publish-reply\">The <code>PUBLISH</code> reply</a></h3>\n"
        );
    }

    #[test]
    fn an_authors_heading_id_is_escaped_inside_its_quotes() {
        let html = render_markdown("## Hi {#x\"onmouseover=alert(1)&y}\n");
        assert!(html.starts_with("<h2 id=\"x&quot;onmouseover=alert(1)&amp;y\">"), "{html}");
    }

    #[test]
    fn a_titled_code_block_is_highlighted_with_a_copy_button() {
        let html = render_markdown("```python title=\"Redis manager\"\nawait r.publish(\"ch\", 1)\n```\n");
        assert!(
            html.starts_with(
                "<figure class=\"code-block\"><figcaption><span class=\"code-title\">Redis manager</span>\
<span class=\"code-lang\">python</span><button type=\"button\" class=\"copy-code\">Copy</button></figcaption>\
<pre tabindex=\"0\"><code class=\"language-python\"><span class=\"hl-source hl-python\">"
            ),
            "{html}"
        );
        assert!(html.contains("<span class=\"hl-string"), "strings are highlighted: {html}");
        assert!(html.ends_with("</code></pre></figure>\n"));
    }

    #[test]
    fn highlighting_marks_each_token_with_its_scope() {
        assert_eq!(
            render_markdown("```python\nx = 1  # one\n```\n"),
            "<figure class=\"code-block\"><figcaption><span class=\"code-title\"></span><span class=\"code-lang\">python</span>\
<button type=\"button\" class=\"copy-code\">Copy</button></figcaption><pre tabindex=\"0\"><code class=\"language-python\">\
<span class=\"hl-source hl-python\"><span class=\"hl-meta hl-qualified-name hl-python\"><span class=\"hl-meta hl-generic-name hl-python\">x</span></span> \
<span class=\"hl-keyword hl-operator hl-assignment hl-python\">=</span> \
<span class=\"hl-constant hl-numeric hl-integer hl-decimal hl-python\">1</span>  \
<span class=\"hl-comment hl-line hl-number-sign hl-python\"><span class=\"hl-punctuation hl-definition hl-comment hl-python\">#</span> one\n\
</span></span></code></pre></figure>\n"
        );
    }

    #[test]
    fn an_unknown_language_is_escaped_not_highlighted() {
        assert_eq!(
            render_markdown("```nosuchlang\na < b\n```\n"),
            "<figure class=\"code-block\"><figcaption><span class=\"code-title\"></span>\
<span class=\"code-lang\">nosuchlang</span><button type=\"button\" class=\"copy-code\">Copy</button></figcaption>\
<pre tabindex=\"0\"><code class=\"language-nosuchlang\">a &lt; b\n</code></pre></figure>\n"
        );
    }

    #[test]
    fn console_blocks_are_copyable_transcripts_without_highlighting() {
        assert_eq!(
            render_markdown(
                "```console title=\"Terminal 1\"\n$ redis-cli SUBSCRIBE ws:room:lobby\n1) \"subscribe\"\n```\n"
            ),
            "<figure class=\"code-block\"><figcaption><span class=\"code-title\">Terminal 1</span>\
<span class=\"code-lang\">console</span><button type=\"button\" class=\"copy-code\">Copy</button></figcaption>\
<pre tabindex=\"0\"><code class=\"language-console\">$ redis-cli SUBSCRIBE ws:room:lobby\n1) &quot;subscribe&quot;\n</code></pre></figure>\n"
        );
    }

    #[test]
    fn text_blocks_are_diagrams_with_a_caption() {
        assert_eq!(
            render_markdown("```text title=\"Two servers\"\nA --> Redis <-- B\n```\n"),
            "<figure class=\"diagram\"><pre tabindex=\"0\">A --&gt; Redis &lt;-- B\n</pre><figcaption>Two servers</figcaption></figure>\n"
        );
    }

    #[test]
    fn callouts_render_as_asides() {
        assert_eq!(
            render_markdown("> [!WARNING]\n> Gone for *good*.\n"),
            "<aside class=\"callout callout-warning\">\n<p class=\"callout-title\">Warning</p>\n<p>Gone for <em>good</em>.</p>\n</aside>\n"
        );
    }

    #[test]
    fn plain_blockquotes_stay_blockquotes() {
        assert_eq!(render_markdown("> quoted\n"), "<blockquote>\n<p>quoted</p>\n</blockquote>\n");
    }

    #[test]
    fn lesson_links_point_at_lesson_pages() {
        assert_eq!(
            render_markdown("See [scaling](lesson:horizontal-scaling)."),
            "<p>See <a href=\"/lessons/horizontal-scaling\">scaling</a>.</p>\n"
        );
        assert_eq!(
            lesson_references("See [a](lesson:one) and [b](https://x.org) and [c](lesson:two#part)."),
            vec![LessonReference { slug: "one".into(), offset: 4 }, LessonReference { slug: "two".into(), offset: 47 }]
        );
    }
}
