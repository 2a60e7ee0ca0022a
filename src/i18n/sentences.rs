//! Sentences with named holes (`"{user} 님으로 새로 들어왔어요."`), filled at display time from
//! the values an event or a frame carries. A language's words for what the servers say are
//! tables of these, data rather than a function per sentence, so that a language costs the
//! browser's bundle its words and not code of its own.

/// Sentences by key: `("session_ended", "…")`. A key may have several, tried in order; the first
/// whose holes all have values is said.
pub type Table = [(&'static str, &'static str)];

/// The values a sentence may name, by name.
pub type Values<'a, 'v> = &'a dyn Fn(&str) -> Option<&'v str>;

/// `template` with each `{name}` replaced by its value, or None when one has no value. A hole
/// `{~name}` is another sentence, given by `nested` (see [`say`]).
fn fill(template: &str, value: Values, nested: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}')?;
        let name = &rest[open + 1..close];
        match name.strip_prefix('~') {
            Some(name) => out.push_str(&nested(name)?),
            None => out.push_str(value(name)?),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The first of `key`'s sentences in `table` whose holes all have values, filled; None when none
/// can be (the caller shows what the server wrote instead). A hole `{~why}` is the table's
/// sentence `KEY.VALUE`, VALUE being `why`'s value (`dropped_frame.not_json`), filled the same way.
pub fn say(table: &Table, key: &str, value: Values) -> Option<String> {
    let nested = |name: &str| say(table, &format!("{key}.{}", value(name)?), value);
    table.iter().filter(|(k, _)| *k == key).find_map(|(_, template)| fill(template, value, &nested))
}

/// An English phrase a server wrote (a reason, how a process ended) in a table's words: an entry
/// is the whole phrase, or its beginning when it ends in `{n}` (`"signal {n}"`).
pub fn reword(table: &Table, phrase: &str) -> Option<String> {
    table.iter().find_map(|(english, words)| match english.strip_suffix("{n}") {
        Some(start) => phrase.strip_prefix(start).and_then(|n| fill(words, &|_| Some(n), &|_| None)),
        None => (*english == phrase).then(|| words.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &Table = &[
        ("limited", "at most {rate} a second ({burst} at once)"),
        ("limited", "slow down"),
        ("dropped", "a frame to {user} was dropped: {~why}"),
        ("dropped.not_json", "it is not JSON"),
        ("dropped.incomplete", "it lacks fields ({error})"),
    ];

    fn values<'v>(pairs: &'v [(&'v str, &'v str)]) -> impl Fn(&str) -> Option<&'v str> {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    #[test]
    fn the_first_sentence_whose_holes_all_have_values_is_said() {
        let both = values(&[("rate", "20"), ("burst", "40")]);
        assert_eq!(say(TABLE, "limited", &both).as_deref(), Some("at most 20 a second (40 at once)"));
        let one = values(&[("rate", "20")]);
        assert_eq!(say(TABLE, "limited", &one).as_deref(), Some("slow down"));
        assert_eq!(say(TABLE, "unknown", &one), None);
    }

    #[test]
    fn a_nested_hole_is_the_sentence_its_value_names() {
        let not_json = values(&[("user", "ada"), ("why", "not_json")]);
        assert_eq!(say(TABLE, "dropped", &not_json).as_deref(), Some("a frame to ada was dropped: it is not JSON"));
        let incomplete = values(&[("user", "ada"), ("why", "incomplete"), ("error", "no id")]);
        assert_eq!(
            say(TABLE, "dropped", &incomplete).as_deref(),
            Some("a frame to ada was dropped: it lacks fields (no id)")
        );
        // A reason the table does not know, or a nested sentence missing its own value: not said.
        assert_eq!(say(TABLE, "dropped", &values(&[("user", "ada"), ("why", "new")])), None);
        assert_eq!(say(TABLE, "dropped", &values(&[("user", "ada"), ("why", "incomplete")])), None);
    }

    #[test]
    fn a_phrase_is_reworded_whole_or_by_its_beginning() {
        let exits: &Table = &[("it aborted", "abort로 종료"), ("signal {n}", "시그널 {n}")];
        assert_eq!(reword(exits, "it aborted").as_deref(), Some("abort로 종료"));
        assert_eq!(reword(exits, "signal 9").as_deref(), Some("시그널 9"));
        assert_eq!(reword(exits, "it aborted twice"), None);
    }
}
