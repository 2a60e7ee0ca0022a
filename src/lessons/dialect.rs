//! The course's markdown dialect, shared by everything that reads a lesson's body: the
//! pulldown-cmark extensions it is parsed with, and what a code fence's info string says (its
//! language, title and sample mark).

use pulldown_cmark::Options;

/// The extensions lessons are written with (the authoring guide, `lessons/README.md`).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A fence's info string, read: its language, then `key="value"` attributes in any order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FenceInfo {
    pub lang: String,
    pub title: Option<String>,
    pub sample: Option<String>,
}

/// `python title="Redis manager" sample="manager"` → lang, title and sample. Values are quoted
/// (a title has spaces) or bare words; unknown attributes are ignored, so a new one never costs
/// an old block its title.
pub fn fence_info(info: &str) -> FenceInfo {
    let info = info.trim();
    let (lang, mut rest) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
    let mut fence = FenceInfo { lang: lang.to_string(), ..FenceInfo::default() };
    while let Some((key, after)) = rest.trim_start().split_once('=') {
        let (value, after) = match after.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
            None => after.split_once(char::is_whitespace).unwrap_or((after, "")),
        };
        let value = Some(value.to_string()).filter(|v| !v.is_empty());
        match key.trim() {
            "title" => fence.title = value,
            "sample" => fence.sample = value,
            _ => {}
        }
        rest = after;
    }
    fence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fence_keeps_its_title_whatever_the_order_of_its_attributes() {
        let both =
            FenceInfo { lang: "python".into(), title: Some("Claim a task".into()), sample: Some("claim-once".into()) };
        assert_eq!(fence_info(r#"python title="Claim a task" sample="claim-once""#), both);
        assert_eq!(fence_info(r#"python sample=claim-once title="Claim a task""#), both);
        assert_eq!(fence_info(r#"python title="Redis manager""#).title.as_deref(), Some("Redis manager"));
        assert_eq!(fence_info("rust").lang, "rust");
        assert_eq!(fence_info(r#"python  future="x"  title="T""#).title.as_deref(), Some("T"));
        assert_eq!(fence_info(r#"text title="""#).title, None);
    }
}
