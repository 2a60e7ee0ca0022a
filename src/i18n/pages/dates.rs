//! Moments and days as the server sends them (RFC 3339, `YYYY-MM-DD`), taken apart for each
//! language to say in its own order.

/// A moment to the minute, in UTC, as the server gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

/// A day, in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

pub(super) const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Day {
    /// From `YYYY-MM-DD` (what the achievements page is sent; an RFC 3339 moment starts so too).
    pub fn from_iso(text: &str) -> Option<Day> {
        let mut parts = text.get(..10)?.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok().filter(|m| (1..=12).contains(m))?;
        let day = parts.next()?.parse().ok().filter(|d| (1..=31).contains(d))?;
        Some(Day { year, month, day })
    }
}

impl Moment {
    /// From RFC 3339 in UTC (`2026-12-01T12:40:00Z`, a `<time datetime>`).
    pub fn from_iso(text: &str) -> Option<Moment> {
        let Day { year, month, day } = Day::from_iso(text)?;
        let (hour, minute) = clock(text.get(10..16)?.strip_prefix('T')?)?;
        Some(Moment { year, month, day, hour, minute })
    }
}

/// `12:40`.
fn clock(text: &str) -> Option<(u8, u8)> {
    let (hour, minute) = text.split_once(':')?;
    let hour = hour.parse().ok().filter(|h| *h < 24)?;
    let minute = minute.parse().ok().filter(|m| *m < 60)?;
    Some((hour, minute))
}
