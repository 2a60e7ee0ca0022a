//! What every page shows of a learner's progress, as the server computed it (both builds read
//! it: the level bar renders it, with JavaScript or without).

use serde::{Deserialize, Serialize};

use super::levels::{Levels, Named};

/// How long a learner's session, and an anonymous learner's progress, is kept after their last
/// visit (the banner says so; the server expires both after it).
pub const KEPT_FOR_DAYS: u32 = 30;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressSummary {
    pub level: usize,
    /// In English and Korean: the page says the one of its language.
    pub level_name: Named,
    pub xp: u32,
    /// XP still needed for the next level; `None` at the top.
    pub to_next_level: Option<u32>,
    /// How far through the current level, 0 to 100 (the bar's width).
    pub percent_of_level: u32,
    /// Lessons whose exercise is complete, of the published ones.
    pub lessons_done: usize,
    /// Their slugs, so the course index can mark them.
    pub done: Vec<String>,
    pub lessons_total: usize,
    /// The lessons marked as read (their slugs), so a page knows its own.
    pub read: Vec<String>,
    /// The achievements unlocked, oldest first (the page toasts the ones it had not seen).
    pub achievements: Vec<Badge>,
    pub achievements_total: usize,
    /// Not signed in: the progress belongs to this browser only.
    pub local_only: bool,
    /// The account's name when signed in.
    pub username: Option<String>,
}

/// An achievement unlocked, as the level bar and the toast name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    pub id: String,
    pub name: Named,
    pub bonus: u32,
}

/// One achievement as the achievements page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AchievementCard {
    pub id: String,
    pub name: Named,
    pub description: Named,
    pub bonus: u32,
    /// The day it was unlocked (`YYYY-MM-DD`, UTC); `None` while locked.
    pub unlocked_on: Option<String>,
    /// (so far, needed) for one counted in steps.
    pub steps: Option<(usize, usize)>,
}

impl ProgressSummary {
    /// Signed-out summary without achievements; the server fills in the rest.
    pub fn new(
        levels: &Levels,
        xp: u32,
        done: Vec<String>,
        lessons_total: usize,
        read: Vec<String>,
    ) -> ProgressSummary {
        let standing = levels.standing(xp);
        ProgressSummary {
            level: standing.number,
            level_name: standing.name,
            xp,
            to_next_level: standing.to_next,
            percent_of_level: standing.percent_of_level,
            lessons_done: done.len().min(lessons_total),
            done,
            lessons_total,
            read,
            achievements: Vec::new(),
            achievements_total: 0,
            local_only: true,
            username: None,
        }
    }

    /// Done lessons over all published ones, 0 to 100.
    pub fn percent_complete(&self) -> usize {
        (self.lessons_done * 100).checked_div(self.lessons_total).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::levels::Level;

    #[test]
    fn a_new_learner_is_a_poller_120_xp_from_the_next_level() {
        let levels = Levels::new(vec![
            Level { xp: 0, name: "Poller".into(), name_ko: None },
            Level { xp: 120, name: "Listener".into(), name_ko: None },
        ]);
        let summary = ProgressSummary::new(&levels, 0, Vec::new(), 7, Vec::new());
        assert_eq!((summary.level, summary.level_name.en.as_str(), summary.to_next_level), (0, "Poller", Some(120)));
        assert_eq!(summary.percent_complete(), 0);
        let three = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(ProgressSummary::new(&levels, 50, three, 7, Vec::new()).percent_complete(), 42);
    }
}
