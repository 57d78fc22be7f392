//! How old each village's survey is. Regulators take a drive test as valid for a year: a
//! village whose newest sample is older than the set age needs a new survey.

use chrono::{DateTime, Months, NaiveDate};
use serde::Serialize;

/// The age after which a survey is old, as regulators treat drive tests.
pub const DEFAULT_MAX_AGE_MONTHS: u32 = 12;

/// The date surveys are aged from, and the oldest newest-sample that is still recent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SurveyAge {
    /// The day the ages are counted to: the one the user set, else the day of the newest
    /// sample in the data.
    pub as_of: NaiveDate,
    /// Whether the user set `as_of` (else it is the newest sample's day).
    pub as_of_set: bool,
    pub max_age_months: u32,
    /// Samples before this time (Vietnam wall clock, seconds) are older than the age.
    #[serde(skip)]
    cutoff_s: i64,
}

impl SurveyAge {
    /// Ages counted to `as_of` (set by the user, or `None`: the day of `newest_s`, the
    /// newest sample); `None` when neither is known.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use phusong::age::SurveyAge;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let age = SurveyAge::new(Some(d(2026, 12, 3)), None, 12).unwrap();
    /// let at = |day: NaiveDate| Some(day.and_hms_opt(9, 0, 0).unwrap().and_utc().timestamp());
    /// assert!(age.is_old(at(d(2025, 12, 2))));
    /// assert!(!age.is_old(at(d(2025, 12, 3))));
    /// assert!(!age.is_old(None), "a survey without times is not called old");
    /// ```
    pub fn new(
        as_of: Option<NaiveDate>,
        newest_s: Option<i64>,
        max_age_months: u32,
    ) -> Option<SurveyAge> {
        let as_of_set = as_of.is_some();
        let as_of = as_of.or_else(|| newest_s.and_then(day_of))?;
        let cutoff = as_of
            .checked_sub_months(Months::new(max_age_months))
            .unwrap_or(NaiveDate::MIN);
        let cutoff_s = cutoff
            .and_hms_opt(0, 0, 0)
            .map_or(i64::MIN, |t| t.and_utc().timestamp());
        Some(SurveyAge {
            as_of,
            as_of_set,
            max_age_months,
            cutoff_s,
        })
    }

    /// True when the newest sample (`last_s`) is older than the age: the village needs a
    /// new survey. A village without a timed sample is not called old.
    pub fn is_old(&self, last_s: Option<i64>) -> bool {
        last_s.is_some_and(|t| t < self.cutoff_s)
    }
}

/// The day of a sample time (Vietnam wall clock, seconds since 1970-01-01 00:00).
pub fn day_of(time_s: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp(time_s, 0).map(|t| t.date_naive())
}
