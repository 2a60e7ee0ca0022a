//! What a learner may write in a comment: paragraphs, emphasis, inline code, code blocks, links
//! (and lists and quotes, which questions about code need). Rendered by pulldown-cmark on the
//! server, then sanitised by `ammonia` against an allow-list of tags, so whatever the markdown
//! parser lets through (raw HTML, a `javascript:` link, an attribute), the page never gets it.
//!
//! Raw HTML in a comment is shown as text, not dropped: a learner asking about `<script>` tags
//! sees their question as they typed it. Headings read as paragraphs and images as their alt
//! text: a comment is not a page. Links get `rel="nofollow noopener"`; only http, https and
//! mailto links (and links within the site) survive. Quotes and lists nest at most
//! [`MAX_NESTING`] deep: deeper ones read as their text, in the innermost one kept (a reader needs
//! no more, and a comment of thousands of nested quotes made every view of its lesson slow).
//!
//! A comment is rendered once, when it is written; the thread shows the HTML kept with it.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from(["p", "br", "em", "strong", "del", "code", "pre", "a", "ul", "ol", "li", "blockquote"]))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href"])), ("ol", HashSet::from(["start"]))]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("nofollow noopener"))
        .strip_comments(true);
    builder
});

/// Quotes and lists inside one another, at most.
pub const MAX_NESTING: usize = 4;

/// The comment's markdown as safe HTML.
pub fn render(markdown: &str) -> String {
    // For each quote or list open: whether it is kept (within the nesting allowed).
    let mut open: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).filter_map(|event| match event {
        // Raw HTML is shown as the text it is.
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Heading { .. }) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::Heading(_)) => Some(Event::End(TagEnd::Paragraph)),
        // An image reads as its alt text (the text events between start and end).
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
            let kept = open.iter().filter(|k| **k).count() < MAX_NESTING;
            open.push(kept);
            kept.then_some(event)
        }
        Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => open.pop().unwrap_or(true).then_some(event),
        // The items of a list too deep go with it.
        Event::Start(Tag::Item) | Event::End(TagEnd::Item) => open.last().copied().unwrap_or(true).then_some(event),
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    SANITISER.clean(&html).to_string()
}

/// The first words of a comment as plain text, for a notification's line.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let text: String = Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                Some(text.to_string())
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => Some(" ".to_string()),
            _ => None,
        })
        .collect();
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() <= max_chars {
        return words;
    }
    let cut: String = words.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_renders() {
        assert_eq!(render("Hello *there*, **you**"), "<p>Hello <em>there</em>, <strong>you</strong></p>\n");
        assert_eq!(render("run `redis-cli`"), "<p>run <code>redis-cli</code></p>\n");
        assert_eq!(render("```python\nprint(1 < 2)\n```"), "<pre><code>print(1 &lt; 2)\n</code></pre>\n");
        assert_eq!(
            render("[docs](https://redis.io/docs)"),
            "<p><a href=\"https://redis.io/docs\" rel=\"nofollow noopener\">docs</a></p>\n"
        );
        assert_eq!(
            render("see [lesson 2](/lessons/two-servers)"),
            "<p>see <a href=\"/lessons/two-servers\" rel=\"nofollow noopener\">lesson 2</a></p>\n"
        );
        assert_eq!(render("# Big\ntext"), "<p>Big</p>\n<p>text</p>\n");
        assert_eq!(render("- one\n- two"), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
    }

    #[test]
    fn quotes_and_lists_nest_four_deep_and_deeper_ones_read_as_text() {
        let deep = format!("{} deep down", ">".repeat(5000));
        let html = render(&deep);
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING, "{html}");
        assert!(html.contains("deep down"));
        let list = "- a\n  - b\n    - c\n      - d\n        - e\n";
        let html = render(list);
        assert_eq!(html.matches("<ul>").count(), MAX_NESTING, "{html}");
        assert_eq!(html.matches("<li>").count(), 4, "the fifth level's item reads as text: {html}");
        assert!(html.contains('e'));
        let started = std::time::Instant::now();
        render(&format!("{}x", "> - ".repeat(2500)));
        println!("5,000 characters of nesting rendered in {:?}", started.elapsed());
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(render("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(render("a <b>bold</b> claim"), "<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>\n");
    }

    /// The OWASP XSS filter evasion cheat sheet's kinds: none leaves a script, a handler, a
    /// `javascript:`/`data:`/`vbscript:` URL, a style or a frame in the page.
    #[test]
    fn owasp_filter_evasion_cases_are_neutralised() {
        let cases = [
            "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
            "<IMG SRC=\"javascript:alert('XSS');\">",
            "<IMG SRC=javascript:alert('XSS')>",
            "<IMG SRC=JaVaScRiPt:alert('XSS')>",
            "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
            "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
            "<IMG SRC=# onmouseover=\"alert('xxs')\">",
            "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
            "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
            "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
            "<IMG SRC=\"jav\tascript:alert('XSS');\">",
            "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
            "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
            "<SCRIPT/XSS SRC=\"http://xss.example/xss.js\"></SCRIPT>",
            "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
            "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
            "<iframe src=http://xss.example/scriptlet.html <",
            "<svg/onload=alert('XSS')>",
            "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
            "<a href=\"javascript:alert(1)\">click</a>",
            "[click](javascript:alert(1))",
            "[click](JAVASCRIPT:alert(1))",
            "[click](java\tscript:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[click](vbscript:msgbox(1))",
            "[click](&#106;avascript:alert(1))",
            "![x](javascript:alert(1))",
            "<https://ok.example/\" onmouseover=\"alert(1)>",
            "[a](https://ok.example/\"onmouseover=\"alert(1))",
            "<div style=\"background-image: url(javascript:alert('XSS'))\">",
            "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
            "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
            "<object type=\"text/x-scriptlet\" data=\"http://xss.example/scriptlet.html\"></object>",
            "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH\" AllowScriptAccess=\"always\"></EMBED>",
            "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
            "<BASE HREF=\"javascript:alert('XSS');//\">",
            "<form action=javascript:alert(1)><button>go</button></form>",
            "`<script>` in code is fine: <script>x</script>",
        ];
        for case in cases {
            let html = render(case);
            for (tag, attributes) in tags_of(&html) {
                assert!(ALLOWED_TAGS.contains(&tag.as_str()), "{case:?} → {html:?} has <{tag}>");
                for (name, value) in attributes {
                    assert!(["href", "rel", "start"].contains(&name.as_str()), "{case:?} → {html:?} has {name}=");
                    let safe_url = ["https://", "http://", "/", "mailto:"].iter().any(|p| value.starts_with(p));
                    assert!(name != "href" || safe_url, "{case:?} → {html:?} links to {value}");
                }
            }
        }
    }

    const ALLOWED_TAGS: [&str; 12] =
        ["p", "br", "em", "strong", "del", "code", "pre", "a", "ul", "ol", "li", "blockquote"];

    /// The tags of sanitised HTML (ammonia writes every attribute as `name="value"`, with `"`
    /// inside a value escaped), each with its attributes.
    fn tags_of(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        html.split('<')
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or(""))
            .filter(|tag| !tag.starts_with('/'))
            .map(|tag| {
                let (name, mut rest) = tag.split_once(' ').unwrap_or((tag, ""));
                let mut attributes = Vec::new();
                while let Some((attribute, after)) = rest.split_once("=\"") {
                    let (value, after) = after.split_once('"').unwrap_or((after, ""));
                    attributes.push((attribute.trim().to_lowercase(), value.to_lowercase()));
                    rest = after;
                }
                (name.to_lowercase(), attributes)
            })
            .collect()
    }

    #[test]
    fn an_excerpt_is_plain_and_short() {
        assert_eq!(excerpt("Try **this**:\n\n`XREAD` from `$`", 100), "Try this: XREAD from $");
        assert_eq!(excerpt("one two three four", 9), "one two t…");
    }
}
