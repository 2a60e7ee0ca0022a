//! The track file, `lessons/track.toml`: the levels an instructor names and places, and the
//! achievements learners unlock, read at start-up and by `streamlab lessons check`, with problems
//! located as `file:line:col`.

use std::path::Path;

use serde::Deserialize;

use super::achievements::{Achievement, Count, Rule};
use super::levels::{Level, Levels, Named};
use crate::lessons::diagnostic::{Diagnostic, line_col};
use crate::lessons::exercise::CheckKind;

pub const FILE_NAME: &str = "track.toml";

/// The track: its levels and its achievements.
#[derive(Clone, Debug)]
pub struct Track {
    pub levels: Levels,
    pub achievements: Vec<Achievement>,
}

impl Track {
    /// One level and no achievements: what the site runs on while the track file is broken.
    pub fn fallback() -> Track {
        Track {
            levels: Levels::new(vec![Level { xp: 0, name: "Learner".into(), name_ko: Some("학습자".into()) }]),
            achievements: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackFile {
    level: Vec<Level>,
    #[serde(default)]
    achievement: Vec<AchievementEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AchievementEntry {
    id: String,
    name: String,
    description: String,
    /// In Korean, beside the English (read on Korean pages).
    name_ko: Option<String>,
    description_ko: Option<String>,
    #[serde(default)]
    bonus: u32,
    sandbox: Option<Vec<CheckKind>>,
    lessons_done: Option<CountEntry>,
    lessons_read: Option<CountEntry>,
}

/// `3` or `"all"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum CountEntry {
    Number(usize),
    Word(String),
}

/// Reads `dir/track.toml`: its levels and achievements, or every problem found in it.
pub fn load(dir: &Path) -> Result<Track, Vec<Diagnostic>> {
    let path = dir.join(FILE_NAME);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| vec![Diagnostic::new(&path, 1, 1, format!("cannot read the track file (its levels): {e}"))])?;
    parse(&path, &text)
}

fn parse(path: &Path, text: &str) -> Result<Track, Vec<Diagnostic>> {
    let file: TrackFile = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |span| line_col(text, span.start));
        vec![Diagnostic::new(path, line, col, e.message().to_string())]
    })?;
    let at = |index: usize| {
        // The line of the index-th `[[level]]` table, for the message.
        let offset = text.match_indices("[[level]]").nth(index).map_or(0, |(offset, _)| offset);
        line_col(text, offset)
    };
    let mut problems = Vec::new();
    match file.level.first() {
        None => problems.push(Diagnostic::new(path, 1, 1, "the track needs at least one [[level]]")),
        Some(first) if first.xp != 0 => {
            let (line, col) = at(0);
            problems.push(Diagnostic::new(
                path,
                line,
                col,
                format!("the first level begins at 0 XP, not {}", first.xp),
            ));
        }
        Some(_) => {}
    }
    for (index, pair) in file.level.windows(2).enumerate() {
        if pair[1].xp <= pair[0].xp {
            let (line, col) = at(index + 1);
            problems.push(Diagnostic::new(
                path,
                line,
                col,
                format!(
                    "level `{}` begins at {} XP, not above the level before it ({} XP)",
                    pair[1].name, pair[1].xp, pair[0].xp
                ),
            ));
        }
    }
    for (index, level) in file.level.iter().enumerate() {
        if level.name.trim().is_empty() {
            let (line, col) = at(index);
            problems.push(Diagnostic::new(path, line, col, "a level needs a name"));
        }
    }
    let achievements = achievements(path, text, file.achievement, &mut problems);
    if problems.is_empty() { Ok(Track { levels: Levels::new(file.level), achievements }) } else { Err(problems) }
}

fn achievements(
    path: &Path,
    text: &str,
    entries: Vec<AchievementEntry>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Achievement> {
    let mut seen = std::collections::HashSet::new();
    let mut achievements = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let offset = text.match_indices("[[achievement]]").nth(index).map_or(0, |(offset, _)| offset);
        let (line, col) = line_col(text, offset);
        let mut problem = |message: String| problems.push(Diagnostic::new(path, line, col, message));
        let id = entry.id.clone();
        let valid_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_id {
            problem(format!("achievement id `{id}`: use lowercase letters, digits and '-'"));
        }
        if !seen.insert(id.clone()) {
            problem(format!("achievement id `{id}` is used twice"));
        }
        if entry.name.trim().is_empty() || entry.description.trim().is_empty() {
            problem(format!("achievement `{id}` needs a name and a description"));
        }
        let count = |entry: CountEntry| match entry {
            CountEntry::Number(n) if n > 0 => Ok(Count::AtLeast(n)),
            CountEntry::Word(word) if word == "all" => Ok(Count::All),
            _ => Err(format!("achievement `{id}`: a lesson count is a number above 0 or \"all\"")),
        };
        let rule = match (entry.sandbox, entry.lessons_done, entry.lessons_read) {
            (Some(checks), None, None) if !checks.is_empty() => Ok(Rule::Sandbox(checks)),
            (Some(_), None, None) => Err(format!("achievement `{id}`: `sandbox` lists at least one check")),
            (None, Some(done), None) => count(done).map(Rule::LessonsDone),
            (None, None, Some(read)) => count(read).map(Rule::LessonsRead),
            _ => Err(format!("achievement `{id}` needs exactly one rule: `sandbox`, `lessons_done` or `lessons_read`")),
        };
        match rule {
            Ok(rule) => achievements.push(Achievement {
                id,
                name: Named { en: entry.name, ko: entry.name_ko },
                description: Named { en: entry.description, ko: entry.description_ko },
                bonus: entry.bonus,
                rule,
            }),
            Err(message) => problem(message),
        }
    }
    achievements
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        parse(Path::new("track.toml"), text).err().unwrap_or_default().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_courses_track_file_is_valid() {
        let track = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons")).expect("valid");
        let standing = track.levels.standing(0);
        assert_eq!((standing.name.en.as_str(), standing.to_next), ("Poller", Some(120)));
        assert_eq!(track.achievements.len(), 10);
        // The lessons' XP and every bonus together reach the top level exactly.
        let bonuses: u32 = track.achievements.iter().map(|a| a.bonus).sum();
        assert_eq!(track.levels.standing(7 * 10 + 5 * 40 + 2 * 50 + bonuses).to_next, None);
    }

    #[test]
    fn problems_name_the_line() {
        let unordered = "[[level]]\nxp = 0\nname = \"A\"\n\n[[level]]\nxp = 0\nname = \"B\"\n";
        assert_eq!(
            problems(unordered),
            ["track.toml:5:1: level `B` begins at 0 XP, not above the level before it (0 XP)"]
        );
        let late = "[[level]]\nxp = 5\nname = \"A\"\n";
        assert_eq!(problems(late), ["track.toml:1:1: the first level begins at 0 XP, not 5"]);
        let typo = "[[level]]\nxp = 0\nnam = \"A\"\n";
        assert!(problems(typo)[0].starts_with("track.toml:3:1: unknown field `nam`"), "{:?}", problems(typo));
        assert_eq!(problems(""), ["track.toml:1:1: missing field `level`"]);
    }

    #[test]
    fn achievement_problems_name_the_line() {
        let level = "[[level]]\nxp = 0\nname = \"A\"\n\n";
        let two_rules = format!(
            "{level}[[achievement]]\nid = \"x\"\nname = \"X\"\ndescription = \"d\"\nlessons_done = 3\nlessons_read = \"all\"\n"
        );
        assert_eq!(
            problems(&two_rules),
            ["track.toml:5:1: achievement `x` needs exactly one rule: `sandbox`, `lessons_done` or `lessons_read`"]
        );
        let bad_count =
            format!("{level}[[achievement]]\nid = \"x\"\nname = \"X\"\ndescription = \"d\"\nlessons_done = \"most\"\n");
        assert_eq!(
            problems(&bad_count),
            ["track.toml:5:1: achievement `x`: a lesson count is a number above 0 or \"all\""]
        );
        let bad_check = format!(
            "{level}[[achievement]]\nid = \"x\"\nname = \"X\"\ndescription = \"d\"\nsandbox = [{{ kind = \"sennt\" }}]\n"
        );
        assert!(problems(&bad_check)[0].starts_with("track.toml:9:"), "{:?}", problems(&bad_check));
        let twice = format!(
            "{level}[[achievement]]\nid = \"x\"\nname = \"X\"\ndescription = \"d\"\nlessons_done = 1\n\n[[achievement]]\nid = \"x\"\nname = \"Y\"\ndescription = \"d\"\nlessons_done = 2\n"
        );
        assert_eq!(problems(&twice), ["track.toml:11:1: achievement id `x` is used twice"]);
    }
}
