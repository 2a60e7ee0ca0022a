//! The track's named levels and where an XP total stands among them.

use serde::{Deserialize, Serialize};

/// One level: the XP at which it begins, and its name (in Korean too, when given).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub xp: u32,
    pub name: String,
    #[serde(default)]
    pub name_ko: Option<String>,
}

/// A name an instructor gives in the track file, in English and, when given, in Korean (`name_ko`,
/// beside the English one). `i18n::named` says the one of a page's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub en: String,
    pub ko: Option<String>,
}

/// The levels in order; the first begins at 0 XP (checked when the track file is read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Levels(Vec<Level>);

/// Where a total stands: the level reached (numbered from 0), and the next one if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub number: usize,
    pub name: Named,
    /// XP still needed for the next level; `None` at the top.
    pub to_next: Option<u32>,
    /// How far through the current level, 0 to 100.
    pub percent_of_level: u32,
}

impl Levels {
    /// `levels` must be non-empty, start at 0 XP and rise strictly (see `track`).
    pub fn new(levels: Vec<Level>) -> Levels {
        debug_assert!(levels.first().is_some_and(|l| l.xp == 0));
        Levels(levels)
    }

    pub fn standing(&self, xp: u32) -> Standing {
        let number = self.0.iter().rposition(|level| level.xp <= xp).unwrap_or(0);
        let here = &self.0[number];
        let next = self.0.get(number + 1);
        let percent_of_level = next.map_or(100, |next| (xp - here.xp) * 100 / (next.xp - here.xp));
        let name = Named { en: here.name.clone(), ko: here.name_ko.clone() };
        Standing { number, name, to_next: next.map(|n| n.xp - xp), percent_of_level }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels() -> Levels {
        let level = |xp, name: &str| Level { xp, name: name.into(), name_ko: None };
        Levels::new(vec![level(0, "Poller"), level(120, "Listener"), level(240, "Subscriber")])
    }

    #[test]
    fn a_total_stands_in_the_highest_level_it_reached() {
        let table = [
            (0, 0, "Poller", Some(120), 0),
            (60, 0, "Poller", Some(60), 50),
            (119, 0, "Poller", Some(1), 99),
            (120, 1, "Listener", Some(120), 0),
            (239, 1, "Listener", Some(1), 99),
            (240, 2, "Subscriber", None, 100),
            (10_000, 2, "Subscriber", None, 100),
        ];
        for (xp, number, name, to_next, percent) in table {
            let standing = levels().standing(xp);
            assert_eq!(
                (standing.number, standing.name.en.as_str(), standing.to_next, standing.percent_of_level),
                (number, name, to_next, percent),
                "{xp} XP"
            );
        }
    }
}
