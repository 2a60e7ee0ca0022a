use super::*;
use crate::lessons::source::parse_lesson;

const ENGLISH: &str = r#"+++
title = "Redis Pub/Sub"
order = 3
status = "published"

[[exercise]]
id = "subscribed"
kind = "console_frame"
frame = "subscribe"
text = "Subscribe to a channel."
hint = "Type SUBSCRIBE news."
+++
Intro, see [scaling](lesson:horizontal-scaling).

## Why push {#why-push}

> [!NOTE]
> A note.

```python title="Subscribe"
print("hi")  # say hi
```
"#;

fn korean(front_extra: &str, body: &str, hash: &str) -> String {
    format!("+++\nsource_hash = \"{hash}\"\ntitle = \"Redis Pub/Sub 살펴보기\"\n{front_extra}\n+++\n{body}")
}

const CHECK: &str =
    "[[exercise]]\nid = \"subscribed\"\ntext = \"채널을 구독해요.\"\nhint = \"SUBSCRIBE news를 입력해요.\"";

const BODY: &str = r#"소개, [수평 확장](lesson:horizontal-scaling)을 보세요.

## 왜 푸시인가 {#why-push}

> [!NOTE]
> 참고해요.

```python title="구독"
print("hi")  # 인사해요
```
"#;

fn read(text: &str) -> Read {
    let english_path = Path::new("lessons/03-redis-pubsub.md");
    let lesson = parse_lesson(english_path, ENGLISH).expect("the English lesson parses");
    let source = Source { path: english_path, text: ENGLISH, lesson: &lesson };
    read_translation(Path::new("lessons/ko/03-redis-pubsub.md"), text, Lang::Ko, &source)
}

#[test]
fn a_faithful_translation_gives_its_words_and_keeps_the_english_checks() {
    let read = read(&korean(CHECK, BODY, &source_hash(ENGLISH)));
    assert!(read.problems.is_empty() && read.warnings.is_empty(), "{:?} {:?}", read.problems, read.warnings);
    let translation = read.translation.unwrap();
    assert_eq!(translation.title, "Redis Pub/Sub 살펴보기");
    assert_eq!(translation.checks[0].text, "채널을 구독해요.");
    let html = &translation.body_html;
    assert!(html.contains(r#"<h2 id="why-push">"#), "{html}");
    assert!(html.contains(r#"href="/ko/lessons/horizontal-scaling""#), "links stay in the language: {html}");
    assert!(html.contains(r#"<p class="callout-title">참고</p>"#), "{html}");
}

#[test]
fn a_translation_that_says_what_a_check_checks_is_refused_at_its_line() {
    let with_kind = CHECK.replace("id = \"subscribed\"", "id = \"subscribed\"\nkind = \"sent\"");
    let read = read(&korean(&with_kind, BODY, &source_hash(ENGLISH)));
    assert!(read.translation.is_none());
    let said = read.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    assert!(said.starts_with("lessons/ko/03-redis-pubsub.md:4:1: exercise check 1: unknown field `kind`"), "{said}");
}

#[test]
fn checks_must_be_the_english_ones_in_order() {
    let renamed = CHECK.replace("subscribed", "subscribe");
    let read = read(&korean(&renamed, BODY, &source_hash(ENGLISH)));
    let said = read.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    assert!(said.contains("check 1 is `subscribe` here and `subscribed` in the English file"), "{said}");
    let read = super::tests::read(&korean("", BODY, &source_hash(ENGLISH)));
    assert!(read.problems[0].message.contains("checks missing here: `subscribed`"), "{:?}", read.problems);
}

#[test]
fn a_body_whose_structure_differs_is_refused_with_the_place() {
    let other_id = BODY.replace("{#why-push}", "{#왜-푸시}");
    let read = read(&korean(CHECK, &other_id, &source_hash(ENGLISH)));
    let said = read.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    assert!(
        said.starts_with(
            "lessons/ko/03-redis-pubsub.md:11:1: heading 1 is `h2 {#왜-푸시}` here and `h2 {#why-push}` in lessons/03"
        ),
        "{said}"
    );
    let no_code = BODY.split("```python").next().unwrap();
    let read = super::tests::read(&korean(CHECK, no_code, &source_hash(ENGLISH)));
    assert!(
        read.problems
            .iter()
            .any(|p| p.message.contains("code block 1 of lessons/03-redis-pubsub.md (`python`) is missing"))
    );
    let other_link = BODY.replace("lesson:horizontal-scaling", "lesson:push-not-poll");
    let read = super::tests::read(&korean(CHECK, &other_link, &source_hash(ENGLISH)));
    assert!(read.problems.iter().any(|p| p.message.contains("`lesson:` link 1 is `lesson:push-not-poll` here")));
}

#[test]
fn a_translation_older_than_its_source_is_served_with_a_warning() {
    let read = read(&korean(CHECK, BODY, "0123456789abcdef"));
    assert!(read.translation.is_some() && read.problems.is_empty());
    let warning = read.warnings[0].to_string();
    let now = source_hash(ENGLISH);
    assert!(
        warning.starts_with("lessons/ko/03-redis-pubsub.md:2:1: older than lessons/03-redis-pubsub.md"),
        "{warning}"
    );
    assert!(warning.contains(&format!("set source_hash = \"{now}\"")), "{warning}");
    let read = super::tests::read(&korean(CHECK, BODY, ""));
    assert!(read.warnings[0].message.starts_with("no `source_hash`"), "{:?}", read.warnings);
}
