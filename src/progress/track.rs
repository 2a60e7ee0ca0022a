//! The track file, `lessons/track.toml`: the levels an instructor names and places, read at
//! start-up and by `streamlab lessons check`, with problems located as `file:line:col`.

use std::path::Path;

use serde::Deserialize;

use super::levels::{Level, Levels};
use crate::lessons::diagnostic::{Diagnostic, line_col};

pub const FILE_NAME: &str = "track.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackFile {
    level: Vec<Level>,
}

/// Reads `dir/track.toml`: its levels, or every problem found in it.
pub fn load(dir: &Path) -> Result<Levels, Vec<Diagnostic>> {
    let path = dir.join(FILE_NAME);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| vec![Diagnostic::new(&path, 1, 1, format!("cannot read the track file (its levels): {e}"))])?;
    parse(&path, &text)
}

fn parse(path: &Path, text: &str) -> Result<Levels, Vec<Diagnostic>> {
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
    if problems.is_empty() { Ok(Levels::new(file.level)) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        parse(Path::new("track.toml"), text).err().unwrap_or_default().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_courses_track_file_is_valid() {
        let levels = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons")).expect("valid");
        let standing = levels.standing(0);
        assert_eq!((standing.name.as_str(), standing.to_next), ("Poller", Some(120)));
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
}
