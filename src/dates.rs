//! Dates of articles: parsed from what corpora hold, binned into periods.
//!
//! [`DateParser::parse`] reads, in this order (the first that fits wins):
//!
//! 1. the user's `--date-format` (a strftime pattern, [`chrono::format::strftime`]), if given;
//! 2. digits only: 8 digits are an ISO 8601 basic date (`20161011`), other lengths Unix seconds
//!    (`1476144000`, fractions allowed), or milliseconds from 12 digits on (`1476144000000`);
//! 3. ISO 8601 / RFC 3339 date-times, `T` or a space between date and time, with an offset
//!    (`Z`, `+03:00`, `+0300`) or without one (taken as UTC): `2016-10-11T14:05:00+03:00`;
//! 4. ISO 8601 dates: `2016-10-11` (also `2016/10/11`);
//! 5. RFC 2822 and HTTP dates: `Tue, 11 Oct 2016 14:05:00 +0000`, `... GMT`;
//! 6. written dates: `October 11, 2016`, `Oct 11, 2016`, `11 Oct 2016`, `11 October 2016`.
//!
//! A date-time keeps its instant (in UTC, the `datetime` column) and gives the calendar date of
//! the place it was written in (`2016-10-11T01:00:00+03:00` is 11 October, though 10 October in
//! UTC): the date the outlet put on the story. Dates before 1800 or after tomorrow are
//! implausible for news (ABP has `0001-11-30`): [`Dated::Implausible`].

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime};

/// A parsed date: the calendar date, and the instant when the input gave a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct When {
    pub date: NaiveDate,
    /// Milliseconds since 1970-01-01T00:00:00Z, when a time was given.
    pub millis: Option<i64>,
}

impl When {
    /// Days since 1970-01-01 (the physical value of a Date column).
    pub fn days(&self) -> i32 {
        days(self.date)
    }
}

/// Days since 1970-01-01.
pub fn days(date: NaiveDate) -> i32 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days() as i32
}

/// The date of a Date column's physical value.
pub fn from_days(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::TimeDelta::days(days.into()))
}

/// What a document's date field gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dated {
    /// No date field, or an empty one.
    #[default]
    Missing,
    Parsed(When),
    /// A date, but before 1800 or after tomorrow: left out (null in the tables) and reported.
    Implausible(When),
    /// Not a date slant can read: left out and reported.
    Unreadable,
}

impl Dated {
    /// The date, if it is a plausible one.
    pub fn when(&self) -> Option<When> {
        match self {
            Dated::Parsed(w) => Some(*w),
            _ => None,
        }
    }
}

/// Reads dates, with the user's format first if one is given.
#[derive(Debug, Clone)]
pub struct DateParser {
    format: Option<String>,
    /// Dates after this one are implausible (tomorrow, when the parser was made).
    latest: NaiveDate,
    earliest: NaiveDate,
}

impl Default for DateParser {
    fn default() -> Self {
        DateParser::new(None)
    }
}

/// Today's date in UTC, from the system clock.
fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    DateTime::from_timestamp(secs, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

impl DateParser {
    /// A parser trying `format` (strftime) first; dates after tomorrow are implausible.
    pub fn new(format: Option<String>) -> DateParser {
        DateParser::with_latest(format, today().succ_opt().unwrap_or_default())
    }

    /// A parser for which dates after `latest` are implausible (for tests).
    pub fn with_latest(format: Option<String>, latest: NaiveDate) -> DateParser {
        DateParser {
            format,
            latest,
            earliest: NaiveDate::from_ymd_opt(1800, 1, 1).unwrap_or_default(),
        }
    }

    /// Checks a `--date-format` pattern: an error names what is wrong with it.
    pub fn check_format(format: &str) -> Result<(), String> {
        use chrono::format::{Item, StrftimeItems};
        if StrftimeItems::new(format).any(|i| matches!(i, Item::Error)) {
            return Err(format!(
                "`{format}` is not a strftime date format (e.g. %d.%m.%Y for 11.10.2016)"
            ));
        }
        Ok(())
    }

    /// What `field` (a date field's text, or `None`) gives.
    pub fn date_of(&self, field: Option<&str>) -> Dated {
        let Some(text) = field.map(str::trim).filter(|t| !t.is_empty()) else {
            return Dated::Missing;
        };
        match self.parse(text) {
            None => Dated::Unreadable,
            Some(w) if w.date < self.earliest || w.date > self.latest => Dated::Implausible(w),
            Some(w) => Dated::Parsed(w),
        }
    }

    /// Parses a date or date-time (see the module's list of forms).
    pub fn parse(&self, text: &str) -> Option<When> {
        let text = text.trim();
        if let Some(format) = &self.format {
            if let Some(w) = with_format(text, format) {
                return Some(w);
            }
        }
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return digits(text);
        }
        iso_datetime(text)
            .or_else(|| iso_date(text))
            .or_else(|| {
                DateTime::parse_from_rfc2822(text)
                    .ok()
                    .map(|t| from_offset(&t))
            })
            .or_else(|| written(text))
    }
}

fn date_only(date: NaiveDate) -> When {
    When { date, millis: None }
}

fn from_offset(t: &DateTime<chrono::FixedOffset>) -> When {
    When {
        date: t.date_naive(),
        millis: Some(t.timestamp_millis()),
    }
}

fn from_naive(t: NaiveDateTime) -> When {
    When {
        date: t.date(),
        millis: Some(t.and_utc().timestamp_millis()),
    }
}

/// A user's strftime format: a date-time if it has a time (and an offset, else UTC), a date if
/// not.
fn with_format(text: &str, format: &str) -> Option<When> {
    if let Ok(t) = DateTime::parse_from_str(text, format) {
        return Some(from_offset(&t));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
        return Some(from_naive(t));
    }
    NaiveDate::parse_from_str(text, format).ok().map(date_only)
}

/// `20161011`, or Unix seconds (or milliseconds, from 12 digits on: 10^11 seconds is the year
/// 5138, and JavaScript timestamps have 13 digits).
fn digits(text: &str) -> Option<When> {
    if text.len() == 8 && !text.contains('.') {
        return NaiveDate::parse_from_str(text, "%Y%m%d")
            .ok()
            .map(date_only);
    }
    let number: f64 = text.parse().ok()?;
    if !number.is_finite() || number.abs() > 1e16 {
        return None;
    }
    let millis = if number.abs() >= 1e11 {
        number.round() as i64
    } else {
        (number * 1000.0).round() as i64
    };
    let t = DateTime::from_timestamp_millis(millis)?;
    Some(When {
        date: t.date_naive(),
        millis: Some(millis),
    })
}

fn iso_datetime(text: &str) -> Option<When> {
    // a date, then T or a space, then a time
    let b = text.as_bytes();
    if b.len() < 16 || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(from_offset(&t));
    }
    let normal = format!("{}T{}", &text[..10], &text[11..]);
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%M:%S%.f%#z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(&normal, format) {
            return Some(from_offset(&t));
        }
    }
    let plain = normal.strip_suffix(['Z', 'z']).unwrap_or(&normal);
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(plain, format) {
            return Some(from_naive(t));
        }
    }
    None
}

fn iso_date(text: &str) -> Option<When> {
    ["%Y-%m-%d", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .map(date_only)
}

/// `October 11, 2016`, `Oct. 11, 2016`, `11 Oct 2016`, with an optional time after it.
fn written(text: &str) -> Option<When> {
    let text = text.replace('.', "");
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 3 {
        return None;
    }
    let date = words[..3].join(" ").replace(',', "");
    let date = ["%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&date, f).ok())?;
    match words.get(3..) {
        Some([]) | None => Some(date_only(date)),
        Some(rest) => {
            let time = rest.join(" ");
            ["%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M:%S %p"]
                .iter()
                .find_map(|f| NaiveTime::parse_from_str(&time, f).ok())
                .map(|t| from_naive(date.and_time(t)))
        }
    }
}

/// A time bin of `--period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Day,
    /// ISO 8601 weeks, from Monday.
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    pub fn parse(s: &str) -> Result<Period, String> {
        Ok(match s {
            "day" => Period::Day,
            "week" => Period::Week,
            "month" => Period::Month,
            "quarter" => Period::Quarter,
            "year" => Period::Year,
            _ => {
                return Err(format!(
                    "`{s}` is not a period: day, week, month, quarter or year"
                ))
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// The first day of the period `date` is in.
    pub fn start(self, date: NaiveDate) -> NaiveDate {
        let ymd = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(date);
        match self {
            Period::Day => date,
            Period::Week => {
                date - chrono::TimeDelta::days(date.weekday().num_days_from_monday().into())
            }
            Period::Month => ymd(date.year(), date.month()),
            Period::Quarter => ymd(date.year(), (date.month0() / 3) * 3 + 1),
            Period::Year => ymd(date.year(), 1),
        }
    }

    /// The period's name, from its first day: `2016-10-11`, `2016-W41`, `2016-10`, `2016-Q4`,
    /// `2016`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Day => start.format("%Y-%m-%d").to_string(),
            Period::Week => {
                let w = start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Month => start.format("%Y-%m").to_string(),
            Period::Quarter => format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
            Period::Year => start.year().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn forms_of_one_date() {
        let p = DateParser::with_latest(None, ymd(2030, 1, 1));
        let oct11 = ymd(2016, 10, 11);
        // (text, date, UTC instant in ms when a time is given)
        let noon = 1_476_187_200_000i64; // 2016-10-11T12:00:00Z
        let cases: &[(&str, Option<i64>)] = &[
            ("2016-10-11", None),
            ("2016/10/11", None),
            ("20161011", None),
            ("2016-10-11T12:00:00Z", Some(noon)),
            ("2016-10-11T12:00:00.000Z", Some(noon)),
            ("2016-10-11 12:00:00", Some(noon)),
            ("2016-10-11T12:00", Some(noon)),
            ("2016-10-11T15:00:00+03:00", Some(noon)),
            ("2016-10-11T15:00:00+0300", Some(noon)),
            ("Tue, 11 Oct 2016 12:00:00 +0000", Some(noon)),
            ("Tue, 11 Oct 2016 12:00:00 GMT", Some(noon)),
            ("October 11, 2016", None),
            ("Oct 11, 2016", None),
            ("Oct. 11, 2016", None),
            ("11 Oct 2016", None),
            ("11 October 2016", None),
            ("October 11, 2016 12:00", Some(noon)),
            ("1476187200", Some(noon)),
            ("1476187200.0", Some(noon)),
            ("1476187200000", Some(noon)),
            (" 2016-10-11 ", None),
        ];
        for &(text, millis) in cases {
            let w = p.parse(text).unwrap_or_else(|| panic!("{text} not read"));
            assert_eq!((w.date, w.millis), (oct11, millis), "{text}");
        }
        // the local date of the place it was written in, the UTC instant
        let late = p.parse("2016-10-11T01:00:00+03:00").unwrap();
        assert_eq!(late.date, oct11);
        assert_eq!(late.millis, Some(noon - 14 * 3_600_000));
    }

    #[test]
    fn unreadable_missing_and_implausible() {
        let p = DateParser::with_latest(None, ymd(2026, 12, 2));
        assert_eq!(p.date_of(None), Dated::Missing);
        assert_eq!(p.date_of(Some("  ")), Dated::Missing);
        for bad in [
            "yesterday",
            "2016-13-01",
            "11/10/2016",
            "2016-02-30",
            "Oct 2016",
        ] {
            assert_eq!(p.date_of(Some(bad)), Dated::Unreadable, "{bad}");
        }
        assert!(matches!(
            p.date_of(Some("0001-11-30")),
            Dated::Implausible(_)
        ));
        assert!(matches!(
            p.date_of(Some("2026-12-03")),
            Dated::Implausible(_)
        ));
        assert!(matches!(p.date_of(Some("2026-12-02")), Dated::Parsed(_)));
        assert!(matches!(p.date_of(Some("1800-01-01")), Dated::Parsed(_)));
    }

    #[test]
    fn user_format_first() {
        let p = DateParser::with_latest(Some("%d/%m/%Y".into()), ymd(2030, 1, 1));
        assert_eq!(p.parse("11/10/2016").unwrap().date, ymd(2016, 10, 11));
        // the built-in forms still work
        assert_eq!(p.parse("2016-10-11").unwrap().date, ymd(2016, 10, 11));
        let t = DateParser::with_latest(Some("%d.%m.%Y %H:%M".into()), ymd(2030, 1, 1));
        assert_eq!(
            t.parse("11.10.2016 12:00").unwrap().millis,
            Some(1_476_187_200_000)
        );
        assert!(DateParser::check_format("%d.%m.%Y").is_ok());
        assert!(DateParser::check_format("%Q").is_err());
    }

    #[test]
    fn periods_by_hand() {
        let d = ymd(2016, 10, 11); // a Tuesday
        let cases = [
            (Period::Day, ymd(2016, 10, 11), "2016-10-11"),
            (Period::Week, ymd(2016, 10, 10), "2016-W41"),
            (Period::Month, ymd(2016, 10, 1), "2016-10"),
            (Period::Quarter, ymd(2016, 10, 1), "2016-Q4"),
            (Period::Year, ymd(2016, 1, 1), "2016"),
        ];
        for (p, start, label) in cases {
            assert_eq!(p.start(d), start, "{p:?}");
            assert_eq!(p.label(p.start(d)), label, "{p:?}");
            assert_eq!(Period::parse(p.as_str()), Ok(p));
        }
        // ISO weeks cross years: 1 January 2016 is in week 53 of 2015
        let jan1 = ymd(2016, 1, 1);
        assert_eq!(Period::Week.label(Period::Week.start(jan1)), "2015-W53");
        assert_eq!(Period::Quarter.start(ymd(2016, 3, 31)), ymd(2016, 1, 1));
        assert_eq!(from_days(days(d)), Some(d));
        assert_eq!(days(ymd(1970, 1, 2)), 1);
        assert!(Period::parse("fortnight").is_err());
    }
}
