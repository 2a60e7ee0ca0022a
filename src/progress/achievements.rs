//! The track's achievements, as an instructor defines them in `lessons/track.toml`: an id, a
//! name, a sentence, bonus XP and the one rule that unlocks it. The rules are pure: they read a
//! learner's record (the sandbox facts recorded for them, the lessons done and read) and say
//! whether the achievement is met, and how far along its steps the learner is.
//!
//! A sandbox rule is a list of exercise checks (the lessons' own vocabulary), any one of which
//! unlocks it when a sandbox of the learner's meets it; the server records that as a fact, so it
//! outlives the sandbox's in-memory event log.

use super::levels::Named;
use crate::lessons::exercise::CheckKind;

#[derive(Clone, Debug, PartialEq)]
pub struct Achievement {
    pub id: String,
    pub name: Named,
    pub description: Named,
    pub bonus: u32,
    pub rule: Rule,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// Met when a sandbox of the learner's meets any of these checks.
    Sandbox(Vec<CheckKind>),
    /// So many lessons with their exercise complete.
    LessonsDone(Count),
    /// So many lessons marked read (or read to the end).
    LessonsRead(Count),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// Every published lesson.
    All,
    AtLeast(usize),
}

/// What the rules read of a learner.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    /// Facts recorded for the learner (see [`fact_of`]).
    pub facts: &'a [String],
    pub lessons_done: usize,
    pub lessons_read: usize,
    pub lessons_total: usize,
}

/// Where a learner stands with one achievement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub met: bool,
    /// (so far, needed) for an achievement counted in steps, such as 3/7 lessons.
    pub steps: Option<(usize, usize)>,
}

/// The fact recorded when a sandbox meets an achievement's rule.
pub fn fact_of(achievement_id: &str) -> String {
    format!("sandbox:{achievement_id}")
}

impl Achievement {
    pub fn standing(&self, record: Record<'_>) -> Standing {
        let counted = |so_far: usize, count: Count| {
            let needed = match count {
                Count::All => record.lessons_total,
                Count::AtLeast(n) => n,
            };
            Standing { met: needed > 0 && so_far >= needed, steps: Some((so_far.min(needed), needed)) }
        };
        match &self.rule {
            Rule::Sandbox(_) => Standing { met: record.facts.contains(&fact_of(&self.id)), steps: None },
            Rule::LessonsDone(count) => counted(record.lessons_done, *count),
            Rule::LessonsRead(count) => counted(record.lessons_read, *count),
        }
    }

    /// The checks a sandbox must meet (one of them), for a sandbox rule.
    pub fn sandbox_checks(&self) -> Option<&[CheckKind]> {
        match &self.rule {
            Rule::Sandbox(checks) => Some(checks),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn achievement(id: &str, rule: Rule) -> Achievement {
        Achievement {
            id: id.into(),
            name: Named { en: id.into(), ko: None },
            description: Named::default(),
            bonus: 10,
            rule,
        }
    }

    fn record(facts: &[String], lessons_done: usize, lessons_read: usize) -> Record<'_> {
        Record { facts, lessons_done, lessons_read, lessons_total: 7 }
    }

    #[test]
    fn rules_over_example_records() {
        let crossing =
            achievement("first-crossing", Rule::Sandbox(vec![CheckKind::Sent { from: None, own_client: false }]));
        let three = achievement("three", Rule::LessonsDone(Count::AtLeast(3)));
        let all_done = achievement("all-done", Rule::LessonsDone(Count::All));
        let all_read = achievement("all-read", Rule::LessonsRead(Count::All));
        let seen = [fact_of("first-crossing")];
        let none: &[String] = &[];
        let table = [
            (&crossing, record(none, 7, 7), false, None, "no fact recorded"),
            (&crossing, record(&seen, 0, 0), true, None, "the fact is recorded"),
            (&three, record(none, 2, 7), false, Some((2, 3)), "two of three"),
            (&three, record(none, 3, 0), true, Some((3, 3)), "three"),
            (&three, record(none, 6, 0), true, Some((3, 3)), "more than needed shows as done"),
            (&all_done, record(none, 6, 7), false, Some((6, 7)), "six of seven"),
            (&all_done, record(none, 7, 0), true, Some((7, 7)), "the whole track"),
            (&all_read, record(none, 7, 3), false, Some((3, 7)), "done is not read"),
            (&all_read, record(none, 0, 7), true, Some((7, 7)), "every lesson read"),
        ];
        for (achievement, record, met, steps, case) in table {
            assert_eq!(achievement.standing(record), Standing { met, steps }, "{case}");
        }
    }

    #[test]
    fn a_track_without_lessons_unlocks_no_counted_achievement() {
        let all_done = achievement("all-done", Rule::LessonsDone(Count::All));
        let record = Record { facts: &[], lessons_done: 0, lessons_read: 0, lessons_total: 0 };
        assert!(!all_done.standing(record).met);
    }
}
