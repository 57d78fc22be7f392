//! Reading the times signal logs write, as Vietnam wall-clock seconds.
//!
//! [`Sample::time_s`](crate::model::Sample::time_s) counts seconds since 1970-01-01 00:00 of
//! the Vietnam wall clock (UTC+07:00, no daylight saving). A time with an explicit zone (`Z`,
//! `+02:00`, `UTC`) or an epoch number is converted to that clock; a time without a zone is
//! taken as written, since the logging phone wrote its own local time.

/// Vietnam's offset from UTC (UTC+07:00 all year), in seconds.
pub const VIETNAM_OFFSET_S: i64 = 7 * 3600;

/// Epoch numbers outside these years are not read as times (they are ids or counters).
const EPOCH_MIN_S: i64 = 315_532_800; // 1980-01-01T00:00:00Z
const EPOCH_MAX_S: i64 = 4_102_444_800; // 2100-01-01T00:00:00Z

/// Reads a time as Vietnam wall-clock seconds since 1970-01-01 00:00, or `None` when the
/// text is not a time phusong understands.
///
/// Understood, with or without surrounding spaces or double quotes:
/// - ISO 8601 / RFC 3339: `2026-03-14T09:21:05`, `2026-03-14 09:21:05`, fractional seconds
///   (`…:05.123`), a zone (`Z`, `+07:00`, `+0700`, `-05`, ` UTC`); `/` may replace `-` in the
///   date, and minutes-only (`09:21`) or a date alone (`2026-03-14`, midnight) are accepted;
/// - G-NetTrack: `2019.11.25_15.34.34`;
/// - day first: `14/03/2026 09:21:05` (also with `-` or `.`), as Vietnamese logs write it; if
///   the first number cannot be a month but the second can be a day (`03/14/2026`), the
///   American month-first order is assumed; a trailing ` AM`/` PM` is understood;
/// - compact `20260314092105` (no zone: as written);
/// - epoch numbers in seconds, milliseconds, microseconds or nanoseconds, told apart by
///   magnitude (the unit that gives a year between 1980 and 2099), fractions allowed.
///
/// Times are truncated to whole seconds (a fraction never rounds up to the next second).
///
/// ```
/// use phusong::io::time::parse_time;
/// let t = parse_time("2026-03-14T09:21:05").unwrap();
/// assert_eq!(parse_time("2026-03-14T02:21:05Z"), Some(t));
/// assert_eq!(parse_time("2026.03.14_09.21.05"), Some(t));
/// assert_eq!(parse_time("14/03/2026 09:21:05"), Some(t));
/// assert_eq!(parse_time("1773454865"), Some(t)); // epoch seconds, 02:21:05 UTC
/// assert_eq!(parse_time("1773454865000"), Some(t)); // epoch milliseconds
/// assert_eq!(parse_time("yesterday"), None);
/// ```
pub fn parse_time(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    // The shape the phusong CSV writes, read without any scanning.
    if b.len() == 19
        && let Some(t) = iso_19(b)
    {
        return Some(t);
    }
    // The same with a zone after it (`…:05Z`, `…:05+07:00`): as fast as without.
    if b.len() > 19
        && let Some(t) = iso_19(&b[..19])
        && let Some(offset_s) = zone(&b[19..])
    {
        return Some(t - offset_s + VIETNAM_OFFSET_S);
    }
    let t = trim(b);
    if t.is_empty() {
        return None;
    }
    if t.iter().all(|c| c.is_ascii_digit() || *c == b'.')
        && let Some(v) = epoch(t)
    {
        return Some(v);
    }
    calendar(t)
}

/// `YYYY-MM-DDTHH:MM:SS` (or a space for the `T`), exactly.
#[inline]
fn iso_19(b: &[u8]) -> Option<i64> {
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || (b[10] != b'T' && b[10] != b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let two = |i: usize| -> Option<i64> {
        let (h, l) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
        if h > 9 || l > 9 {
            return None;
        }
        Some(i64::from(h) * 10 + i64::from(l))
    };
    let year = two(0)? * 100 + two(2)?;
    wall_seconds(year, two(5)?, two(8)?, two(11)?, two(14)?, two(17)?)
}

fn trim(mut b: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = b {
        if first.is_ascii_whitespace() || *first == b'"' || *first == b'\'' {
            b = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = b {
        if last.is_ascii_whitespace() || *last == b'"' || *last == b'\'' {
            b = rest;
        } else {
            break;
        }
    }
    b
}

/// The value of a run of ASCII digits, or `None` (also when it does not fit an `i64`).
fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() {
        return None;
    }
    let mut v: i64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
    }
    Some(v)
}

/// An epoch number in s, ms, µs or ns; or a compact `YYYYMMDDhhmmss`.
fn epoch(t: &[u8]) -> Option<i64> {
    let (int_part, frac_part) = match t.iter().position(|c| *c == b'.') {
        Some(p) => (&t[..p], &t[p + 1..]),
        None => (t, &t[t.len()..]),
    };
    if frac_part.contains(&b'.') {
        return None;
    }
    if frac_part.is_empty() && int_part.len() == 14 {
        // Compact date and time, no zone.
        let v = compact(int_part);
        if v.is_some() {
            return v;
        }
    }
    let whole = digits(int_part)?;
    for divisor in [1_i64, 1_000, 1_000_000, 1_000_000_000] {
        let s = whole / divisor;
        if (EPOCH_MIN_S..EPOCH_MAX_S).contains(&s) {
            return Some(s + VIETNAM_OFFSET_S);
        }
    }
    None
}

fn compact(b: &[u8]) -> Option<i64> {
    if b.len() != 14 {
        return None;
    }
    wall_seconds(
        digits(&b[0..4])?,
        digits(&b[4..6])?,
        digits(&b[6..8])?,
        digits(&b[8..10])?,
        digits(&b[10..12])?,
        digits(&b[12..14])?,
    )
}

/// A small cursor over the bytes of a date-time.
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, set: &[u8]) -> Option<u8> {
        let c = self.peek()?;
        if set.contains(&c) {
            self.i += 1;
            Some(c)
        } else {
            None
        }
    }

    /// Between `min` and `max` digits.
    fn number(&mut self, min: usize, max: usize) -> Option<(i64, usize)> {
        let start = self.i;
        while self.i < self.b.len() && self.i - start < max && self.b[self.i].is_ascii_digit() {
            self.i += 1;
        }
        let n = self.i - start;
        if n < min {
            self.i = start;
            return None;
        }
        Some((digits(&self.b[start..self.i])?, n))
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    fn rest(&self) -> &[u8] {
        &self.b[self.i.min(self.b.len())..]
    }

    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
}

/// Dates with separators, an optional time, an optional zone.
fn calendar(t: &[u8]) -> Option<i64> {
    let mut s = Scan { b: t, i: 0 };
    let (first, first_len) = s.number(1, 4)?;
    let (year, month, day, date_sep) = if first_len == 4 {
        // Year first: 2026-03-14, 2026/03/14, 2019.11.25.
        let sep = s.eat(b"-/.")?;
        let (m, _) = s.number(1, 2)?;
        s.eat(&[sep])?;
        let (d, _) = s.number(1, 2)?;
        (first, m, d, sep)
    } else {
        // Day first (or month first when the numbers say so): 14/03/2026.
        let sep = s.eat(b"/-.")?;
        let (second, _) = s.number(1, 2)?;
        s.eat(&[sep])?;
        let (y, year_len) = s.number(4, 4)?;
        if year_len != 4 {
            return None;
        }
        let (d, m) = if first <= 12 && second > 12 {
            (second, first)
        } else {
            (first, second)
        };
        (y, m, d, sep)
    };

    if s.done() {
        return wall_seconds(year, month, day, 0, 0, 0);
    }
    // Date/time separator: T, space(s) or G-NetTrack's underscore.
    if s.eat(b"Tt_").is_none() {
        if s.peek() != Some(b' ') {
            return None;
        }
        s.skip_spaces();
    }
    let (mut hour, _) = s.number(1, 2)?;
    // G-NetTrack writes the time with dots; everyone else with colons.
    let time_sep = if date_sep == b'.' && s.peek() == Some(b'.') {
        b'.'
    } else {
        b':'
    };
    s.eat(&[time_sep])?;
    let (minute, _) = s.number(2, 2)?;
    let mut second = 0;
    if s.eat(&[time_sep]).is_some() {
        second = s.number(2, 2)?.0;
        // Fractional seconds, truncated.
        if s.eat(b".,").is_some() {
            s.number(1, 18)?;
            while s.peek().is_some_and(|c| c.is_ascii_digit()) {
                s.i += 1;
            }
        }
    }
    let wall = |h: i64| wall_seconds(year, month, day, h, minute, second);

    s.skip_spaces();
    if s.done() {
        return wall(hour);
    }
    // 12-hour clock.
    let rest = s.rest();
    let pm = rest.eq_ignore_ascii_case(b"PM");
    if pm || rest.eq_ignore_ascii_case(b"AM") {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour %= 12;
        if pm {
            hour += 12;
        }
        return wall(hour);
    }
    // A zone: the time is converted from that zone to the Vietnam wall clock.
    let offset_s = zone(s.rest())?;
    Some(wall(hour)? - offset_s + VIETNAM_OFFSET_S)
}

/// `Z`, `UTC`, `GMT`, `±HH`, `±HH:MM`, `±HHMM` (also after `UTC`/`GMT`), as seconds east of
/// UTC.
fn zone(z: &[u8]) -> Option<i64> {
    let named = |z: &[u8]| z.eq_ignore_ascii_case(b"UTC") || z.eq_ignore_ascii_case(b"GMT");
    let z: &[u8] = if z.eq_ignore_ascii_case(b"Z") || named(z) {
        return Some(0);
    } else if z.len() > 3 && named(&z[..3]) {
        &z[3..]
    } else {
        z
    };
    let mut s = Scan { b: z, i: 0 };
    let sign = match s.eat(b"+-")? {
        b'-' => -1,
        _ => 1,
    };
    let (hh, n) = s.number(1, 4)?;
    let (hours, mut minutes) = if n == 4 {
        (hh / 100, hh % 100)
    } else {
        (hh, 0)
    };
    if n <= 2 && s.eat(b":").is_some() {
        minutes = s.number(2, 2)?.0;
    }
    if !s.done() || hours > 14 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

/// Seconds since 1970-01-01 00:00 of a wall-clock date and time, or `None` when a field is
/// out of range (month 13, 30 February, minute 60…).
#[inline]
fn wall_seconds(
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
) -> Option<i64> {
    if !(1..=9999).contains(&year) {
        return None;
    }
    let u = |v: i64| u32::try_from(v).ok();
    let date = chrono::NaiveDate::from_ymd_opt(year as i32, u(month)?, u(day)?)?;
    // and_hms_opt would read second 60 as a leap second; a log's 60 is an error.
    if second > 59 {
        return None;
    }
    Some(
        date.and_hms_opt(u(hour)?, u(minute)?, u(second)?)?
            .and_utc()
            .timestamp(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn wall(text: &str) -> i64 {
        let dt = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        dt.and_utc().timestamp()
    }

    #[test]
    fn iso_shapes_without_zone_are_taken_as_written() {
        let t = wall("2026-03-14 09:21:05");
        for text in [
            "2026-03-14T09:21:05",
            "2026-03-14 09:21:05",
            "2026-03-14T09:21:05.999",
            "2026-03-14T09:21:05,5",
            " \"2026-03-14T09:21:05\" ",
            "2026/03/14 09:21:05",
            "2026-3-14 9:21:05",
            "20260314092105",
            "2026-03-14T09:21:05+07:00",
            "2026-03-14T09:21:05+0700",
            "2026-03-14T09:21:05+07",
            "2026-03-14T09:21:05 +07:00",
            "2026-03-14T09:21:05 UTC+07:00",
        ] {
            assert_eq!(parse_time(text), Some(t), "{text}");
        }
        assert_eq!(parse_time("2026-03-14T09:21"), Some(t - 5));
        assert_eq!(parse_time("2026-03-14"), Some(wall("2026-03-14 00:00:00")));
    }

    #[test]
    fn zoned_times_are_converted_to_vietnam() {
        let t = wall("2026-03-14 09:21:05");
        for text in [
            "2026-03-14T02:21:05Z",
            "2026-03-14T02:21:05.123Z",
            "2026-03-14 02:21:05 UTC",
            "2026-03-14T02:21:05+00:00",
            "2026-03-13T21:21:05-05:00",
            "2026-03-14T03:21:05+01",
            "2026-03-14T11:51:05+0930",
            "2026-03-14T09:21:05+07:00",
            "2026-03-14t02:21:05z",
            "2026-03-14 02:21:05UTC+00",
        ] {
            assert_eq!(parse_time(text), Some(t), "{text}");
        }
        // Across midnight.
        assert_eq!(
            parse_time("2025-12-31T20:00:00Z"),
            Some(wall("2026-01-01 03:00:00"))
        );
    }

    #[test]
    fn gnettrack_and_day_first() {
        assert_eq!(
            parse_time("2019.11.25_15.34.34"),
            Some(wall("2019-11-25 15:34:34"))
        );
        assert_eq!(
            parse_time("25/11/2019 15:34:34"),
            Some(wall("2019-11-25 15:34:34"))
        );
        assert_eq!(
            parse_time("05/11/2019 15:34:34"),
            Some(wall("2019-11-05 15:34:34"))
        );
        assert_eq!(
            parse_time("05-11-2019 15:34"),
            Some(wall("2019-11-05 15:34:00"))
        );
        assert_eq!(
            parse_time("25.11.2019 15:34:34"),
            Some(wall("2019-11-25 15:34:34"))
        );
        // Month first only when the day cannot be a month.
        assert_eq!(
            parse_time("11/25/2019 3:34:34 PM"),
            Some(wall("2019-11-25 15:34:34"))
        );
        assert_eq!(
            parse_time("25/11/2019 12:00:00 AM"),
            Some(wall("2019-11-25 00:00:00"))
        );
    }

    #[test]
    fn epochs_by_magnitude() {
        let t = wall("2025-11-17 09:43:21"); // 1763347401 s is 02:43:21 UTC
        assert_eq!(parse_time("1763347401"), Some(t));
        assert_eq!(parse_time("1763347401694"), Some(t));
        assert_eq!(parse_time("1763347401.694"), Some(t));
        assert_eq!(parse_time("1763347401694123"), Some(t));
        assert_eq!(parse_time("1763347401694123456"), Some(t));
        assert_eq!(parse_time("0"), None);
        assert_eq!(parse_time("45204"), None);
        assert_eq!(parse_time("20260314"), None);
    }

    #[test]
    fn rubbish_is_none() {
        for text in [
            "",
            " ",
            "-",
            "yesterday",
            "2026-13-01",
            "2026-02-30T00:00:00",
            "2026-03-14T24:00:00",
            "2026-03-14T09:60:00",
            "2026-03-14T09:21:05+25:00",
            "2026-03-14T09:21:05 nonsense",
            "1.2.3",
            "2026-03-14T",
            "14/03/26",
            "٢٠٢٦-٠٣-١٤",
        ] {
            assert_eq!(parse_time(text), None, "{text:?}");
        }
        assert_eq!(
            parse_time("2024-02-29T00:00:00"),
            Some(wall("2024-02-29 00:00:00"))
        );
        assert_eq!(parse_time("2100-02-29T00:00:00"), None);
    }
}
