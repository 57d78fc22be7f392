//! The coverage rule: per village and operator, then per village. Its text, which this module
//! implements exactly, follows.
//!
#![doc = include_str!("coverage-rule.md")]

use chrono::NaiveDate;
use geo::Point;
use serde::{Deserialize, Serialize};

use crate::index::SampleIndex;
use crate::message::Msg;
use crate::model::{Generation, Operator, Sample, Technology};

/// The rule's parameters. Defaults are the rule's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// Samples within this great-circle distance of the village (inclusive) count.
    pub radius_m: f64,
    /// Good samples needed.
    pub min_samples: u32,
    /// Good samples needed as a share of all the operator's samples in the radius.
    pub min_share: f64,
    /// Signal at or above which a sample is good, for 2G, 3G, 4G and 5G (dBm).
    pub thresholds_dbm: [f64; 4],
    /// What the headline "covered" means; villages below it are flagged.
    pub required: Generation,
    pub filters: Filters,
    /// Not part of the rule: a village whose newest sample is older than this many months
    /// before [`Params::as_of`] needs a new survey.
    pub max_survey_age_months: u32,
    /// The day survey ages are counted to; `None` for the day of the newest sample.
    pub as_of: Option<NaiveDate>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            radius_m: 500.0,
            min_samples: 3,
            min_share: 0.5,
            thresholds_dbm: [-105.0, -100.0, -115.0, -115.0],
            required: Generation::G4,
            filters: Filters::default(),
            max_survey_age_months: crate::age::DEFAULT_MAX_AGE_MONTHS,
            as_of: None,
        }
    }
}

impl Params {
    pub fn threshold_dbm(&self, g: Generation) -> f64 {
        self.thresholds_dbm[g.index()]
    }

    /// Checks the values make sense; the message says which one does not.
    pub fn validate(&self) -> Result<(), Box<Msg>> {
        if !(self.radius_m.is_finite() && self.radius_m >= 0.0) {
            return Err(Box::new(Msg::BadRadius {
                radius: self.radius_m,
            }));
        }
        if !(self.min_share.is_finite() && (0.0..=1.0).contains(&self.min_share)) {
            return Err(Box::new(Msg::BadShare {
                share: self.min_share,
            }));
        }
        if let Some(t) = self.thresholds_dbm.iter().find(|t| !t.is_finite()) {
            return Err(Box::new(Msg::BadThreshold { dbm: *t }));
        }
        if let (Some(from), Some(to)) = (self.filters.from, self.filters.to)
            && from > to
        {
            return Err(Box::new(Msg::BadDates {
                from: from.format("%d/%m/%Y").to_string(),
                to: to.format("%d/%m/%Y").to_string(),
            }));
        }
        Ok(())
    }
}

/// Which samples the rule sees. Empty lists mean "all".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    pub operators: Vec<Operator>,
    /// Technologies kept; [`Technology::NoService`] must be listed for no-service rows to
    /// stay when this list is not empty.
    pub technologies: Vec<Technology>,
    /// First and last day kept (inclusive, Vietnam time). With a date set, samples without
    /// a time are left out.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.operators.is_empty()
            && self.technologies.is_empty()
            && self.from.is_none()
            && self.to.is_none()
    }

    /// The filters as a test on one sample, with the dates turned into seconds once.
    pub fn matcher(&self) -> impl Fn(&Sample) -> bool + Sync + '_ {
        let window = self.window_s();
        move |s: &Sample| {
            self.keeps_kind(s.operator, s.technology)
                && window.is_none_or(|(from, to)| s.has_time() && s.time_s >= from && s.time_s < to)
        }
    }

    /// Whether the operator and technology filters keep a sample of these.
    pub fn keeps_kind(&self, operator: Operator, technology: Technology) -> bool {
        (self.operators.is_empty() || self.operators.contains(&operator))
            && (self.technologies.is_empty() || self.technologies.contains(&technology))
    }

    /// The times the dates keep, `from_s..to_s`; `None` when no date is set, the only case
    /// in which samples without a time are kept.
    pub fn window_s(&self) -> Option<(i64, i64)> {
        if self.from.is_none() && self.to.is_none() {
            return None;
        }
        let from_s = self.from.map_or(i64::MIN, day_start_s);
        let to_s = self.to.map_or(i64::MAX, |d| day_start_s(d) + 86_400);
        Some((from_s, to_s))
    }
}

fn day_start_s(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(0)
}

/// Good samples needed for an operator with `samples` samples in the radius to cover a
/// village at any generation: at least `min_samples`, and at least `min_share` of them.
/// Since good counts are whole, `good >= min_share × samples` is `good >= ⌈min_share × samples⌉`.
///
/// ```
/// use phusong::rule::{Params, good_needed};
/// // Pác Ngòi's Viettel: 91 samples, so 46 good ones are needed (50 %), not 3.
/// assert_eq!(good_needed(91, &Params::default()), 46);
/// assert_eq!(good_needed(4, &Params::default()), 3);
/// ```
pub fn good_needed(samples: u32, params: &Params) -> u32 {
    let share = (params.min_share * samples as f64).ceil() as u32;
    share.max(params.min_samples)
}

/// What the rule says of one operator at one village.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OperatorOutcome {
    pub operator: Operator,
    /// |S|: the operator's samples within the radius, no-service ones included.
    pub samples: u32,
    /// good_g for 2G, 3G, 4G, 5G.
    pub good: [u32; 4],
    /// The highest generation the operator covers the village at.
    pub best: Option<Generation>,
    /// The strongest signal among its samples within the radius, per generation (dBm).
    pub best_signal_dbm: [Option<f64>; 4],
    /// The time of its newest sample within the radius ([`crate::model::NO_TIME`] when none
    /// has a time): how old the survey is.
    pub last_sample_s: i64,
}

/// A village's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    /// No sample of any operator within the radius.
    NotSurveyed,
    /// Surveyed, and no operator covers it even at 2G (*trắng sóng* or *lõm sóng*: see
    /// [`ReportClass`]).
    NoCoverage,
    /// The best generation over all operators.
    Covered(Generation),
}

impl Status {
    /// The status as written in `villages.csv`: `not_surveyed`, `no_coverage`, `covered_4G`.
    pub fn code(self) -> &'static str {
        match self {
            Status::NotSurveyed => "not_surveyed",
            Status::NoCoverage => "no_coverage",
            Status::Covered(Generation::G2) => "covered_2G",
            Status::Covered(Generation::G3) => "covered_3G",
            Status::Covered(Generation::G4) => "covered_4G",
            Status::Covered(Generation::G5) => "covered_5G",
        }
    }

    pub fn best(self) -> Option<Generation> {
        match self {
            Status::Covered(g) => Some(g),
            _ => None,
        }
    }

    pub fn is_surveyed(self) -> bool {
        self != Status::NotSurveyed
    }
}

/// A village's report class: the ministry's words, from its status and whether any usable
/// signal was seen. Exactly one per village; the flagged villages are exactly
/// [`ReportClass::NoSignal`], [`ReportClass::WeakSignal`] and [`ReportClass::BelowRequired`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportClass {
    /// No sample of any operator within the radius (*chưa khảo sát*).
    NotSurveyed,
    /// No coverage and no sample good on its own technology (*trắng sóng*).
    NoSignal,
    /// No coverage, but some sample good on its own technology (*lõm sóng*).
    WeakSignal,
    /// Covered, below the required generation (*chưa có sóng 4G*).
    BelowRequired,
    /// Covered at the required generation or better (*có sóng 4G*).
    Covered,
}

impl ReportClass {
    pub const ALL: [ReportClass; 5] = [
        ReportClass::NotSurveyed,
        ReportClass::NoSignal,
        ReportClass::WeakSignal,
        ReportClass::BelowRequired,
        ReportClass::Covered,
    ];

    /// The class from a village's status, whether it saw signal, and the required
    /// generation, as the rule's table gives it.
    pub fn of(status: Status, signal_seen: bool, required: Generation) -> ReportClass {
        match status {
            Status::NotSurveyed => ReportClass::NotSurveyed,
            Status::NoCoverage if signal_seen => ReportClass::WeakSignal,
            Status::NoCoverage => ReportClass::NoSignal,
            Status::Covered(g) if g < required => ReportClass::BelowRequired,
            Status::Covered(_) => ReportClass::Covered,
        }
    }

    /// The class as written in `villages.csv`: `not_surveyed`, `no_signal`, `weak_signal`,
    /// `below_required`, `covered`.
    pub fn code(self) -> &'static str {
        match self {
            ReportClass::NotSurveyed => "not_surveyed",
            ReportClass::NoSignal => "no_signal",
            ReportClass::WeakSignal => "weak_signal",
            ReportClass::BelowRequired => "below_required",
            ReportClass::Covered => "covered",
        }
    }

    pub fn is_flagged(self) -> bool {
        matches!(
            self,
            ReportClass::NoSignal | ReportClass::WeakSignal | ReportClass::BelowRequired
        )
    }
}

/// What the rule says of one village.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VillageOutcome {
    pub status: Status,
    /// Some sample of any operator within the radius is good on its own technology.
    pub signal_seen: bool,
    pub report_class: ReportClass,
    /// Surveyed and below the required generation.
    pub flagged: bool,
    /// One entry per operator with samples in the radius, ordered by operator code.
    pub operators: Vec<OperatorOutcome>,
}

impl VillageOutcome {
    /// The time of the newest sample of any operator within the radius, `None` when no
    /// sample there has a time.
    pub fn last_sample_s(&self) -> Option<i64> {
        (self.operators.iter())
            .map(|o| o.last_sample_s)
            .max()
            .filter(|&t| t != crate::model::NO_TIME)
    }
}

/// Applies the rule at one village point.
pub fn evaluate_village(
    point: Point<f64>,
    samples: &[Sample],
    index: &SampleIndex,
    params: &Params,
    keep: &(impl Fn(&Sample) -> bool + ?Sized),
) -> VillageOutcome {
    // While counting, `good[t]` holds the good samples whose own technology is t; the suffix
    // sums of `conclude` turn it into good_g. Grown on the first push, as the lists' re-run
    // does: a village with no sample within the radius allocates nothing.
    let mut operators: Vec<OperatorOutcome> = Vec::new();
    let thresholds = params.thresholds_dbm;
    index.for_each_within(samples, point, params.radius_m, |i| {
        let s = &samples[i];
        if !keep(s) {
            return;
        }
        let slot = match operators.iter().position(|o| o.operator == s.operator) {
            Some(k) => k,
            None => {
                operators.push(OperatorOutcome {
                    operator: s.operator,
                    samples: 0,
                    good: [0; 4],
                    best: None,
                    best_signal_dbm: [None; 4],
                    last_sample_s: crate::model::NO_TIME,
                });
                operators.len() - 1
            }
        };
        let o = &mut operators[slot];
        o.samples += 1;
        o.last_sample_s = o.last_sample_s.max(s.time_s);
        if let Technology::Gen(g) = s.technology {
            let best = &mut o.best_signal_dbm[g.index()];
            if best.is_none_or(|b| s.signal_dbm > b) {
                *best = Some(s.signal_dbm);
            }
            if s.signal_dbm >= thresholds[g.index()] {
                o.good[g.index()] += 1;
            }
        }
    });
    conclude(operators, params)
}

/// The rule's outcome from each operator's counts within the radius, `good[t]` counting the
/// good samples whose own technology is t. The index's search and the re-run over each
/// village's nearest samples ([`crate::reach`]) both conclude with it.
pub(crate) fn conclude(mut operators: Vec<OperatorOutcome>, params: &Params) -> VillageOutcome {
    for o in &mut operators {
        // good_g counts technology g or newer: a suffix sum.
        let mut newer = 0;
        for g in Generation::ALL.iter().rev() {
            newer += o.good[g.index()];
            o.good[g.index()] = newer;
        }
        let needed_share = params.min_share * o.samples as f64;
        o.best = Generation::ALL.iter().rev().copied().find(|g| {
            let good = o.good[g.index()];
            good >= params.min_samples && good as f64 >= needed_share
        });
    }
    operators.sort_by_key(|o| o.operator);
    let status = if operators.is_empty() {
        Status::NotSurveyed
    } else {
        match operators.iter().filter_map(|o| o.best).max() {
            Some(g) => Status::Covered(g),
            None => Status::NoCoverage,
        }
    };
    // good_2G counts every sample good on its own technology, whatever that is.
    let signal_seen = operators.iter().any(|o| o.good[Generation::G2.index()] > 0);
    let report_class = ReportClass::of(status, signal_seen, params.required);
    let flagged = status.is_surveyed() && status.best().is_none_or(|g| g < params.required);
    debug_assert_eq!(flagged, report_class.is_flagged());
    VillageOutcome {
        status,
        signal_seen,
        report_class,
        flagged,
        operators,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{EARTH, distance_m};
    use crate::model::NO_TIME;

    const VIETTEL: Operator = Operator::new(452, 4);
    const VINA: Operator = Operator::new(452, 2);

    fn at(metres_north: f64, operator: Operator, tech: &str, dbm: f64) -> Sample {
        let lat = 21.0 + (metres_north / EARTH.radius()).to_degrees();
        Sample {
            lon: 105.8,
            lat,
            time_s: NO_TIME,
            signal_dbm: dbm,
            operator,
            technology: Technology::parse(tech).unwrap(),
        }
    }

    const VILLAGE: Point<f64> = Point(geo::Coord { x: 105.8, y: 21.0 });

    fn run(samples: &[Sample], params: &Params) -> VillageOutcome {
        let index = SampleIndex::new(samples);
        let keep = params.filters.matcher();
        evaluate_village(VILLAGE, samples, &index, params, &keep)
    }

    fn status(samples: &[Sample]) -> Status {
        run(samples, &Params::default()).status
    }

    #[test]
    fn no_sample_in_radius_is_not_surveyed_and_not_flagged() {
        let far = [at(600.0, VIETTEL, "4G", -80.0)];
        let out = run(&far, &Params::default());
        assert_eq!(out.status, Status::NotSurveyed);
        assert!(!out.flagged);
    }

    #[test]
    fn three_good_4g_samples_cover_at_4g() {
        let s = [
            at(0.0, VIETTEL, "LTE", -90.0),
            at(10.0, VIETTEL, "LTE", -100.0),
            at(20.0, VIETTEL, "LTE", -110.0),
        ];
        let out = run(&s, &Params::default());
        assert_eq!(out.status, Status::Covered(Generation::G4));
        assert!(!out.flagged);
        assert_eq!(out.operators[0].good, [3, 3, 3, 0]);
    }

    #[test]
    fn threshold_is_inclusive() {
        let exactly = [-115.0; 3].map(|d| at(0.0, VIETTEL, "4G", d));
        assert_eq!(status(&exactly), Status::Covered(Generation::G4));
        let below = [-115.1; 3].map(|d| at(0.0, VIETTEL, "4G", d));
        assert_eq!(status(&below), Status::NoCoverage);
    }

    #[test]
    fn radius_is_inclusive() {
        let edge = 250.0;
        let s = [
            at(edge, VIETTEL, "4G", -80.0),
            at(edge, VIETTEL, "4G", -80.0),
            at(edge, VIETTEL, "4G", -80.0),
        ];
        let d = distance_m(VILLAGE, Point::new(s[0].lon, s[0].lat));
        let p = Params {
            radius_m: d,
            ..Params::default()
        };
        assert_eq!(run(&s, &p).status, Status::Covered(Generation::G4));
        let p = Params {
            radius_m: d - 1e-6,
            ..Params::default()
        };
        assert_eq!(run(&s, &p).status, Status::NotSurveyed);
    }

    #[test]
    fn min_share_counts_every_sample_of_the_operator_including_no_service() {
        // 3 good of 6: share 0.5 meets min_share 0.5 (inclusive).
        let mut s: Vec<Sample> = (0..3).map(|_| at(0.0, VIETTEL, "4G", -90.0)).collect();
        s.extend((0..3).map(|_| at(0.0, VIETTEL, "none", f64::NAN)));
        assert_eq!(status(&s), Status::Covered(Generation::G4));
        // One more no-service sample: 3 of 7 < 0.5.
        s.push(at(0.0, VIETTEL, "none", f64::NAN));
        assert_eq!(status(&s), Status::NoCoverage);
    }

    #[test]
    fn only_no_service_samples_mean_no_coverage_and_flagged() {
        let s = [at(0.0, VIETTEL, "none", f64::NAN)];
        let out = run(&s, &Params::default());
        assert_eq!(out.status, Status::NoCoverage);
        assert!(out.flagged);
        assert_eq!(out.operators[0].samples, 1);
    }

    #[test]
    fn newer_technologies_count_toward_older_generations_with_their_own_threshold() {
        // 4G at -112 is good for 4G (-115) and so counts for 2G and 3G too, even though
        // -112 is below the 2G and 3G thresholds.
        let s = [
            at(0.0, VIETTEL, "4G", -112.0),
            at(0.0, VIETTEL, "4G", -112.0),
            at(0.0, VIETTEL, "2G", -90.0),
        ];
        let out = run(&s, &Params::default());
        assert_eq!(out.operators[0].good, [3, 2, 2, 0]);
        assert_eq!(out.status, Status::Covered(Generation::G2));
        assert!(out.flagged, "2G is below the required 4G");
        // 3G at -102 is not good (3G threshold -100) and counts for nothing.
        let s = [at(0.0, VIETTEL, "3G", -102.0); 3];
        assert_eq!(status(&s), Status::NoCoverage);
    }

    #[test]
    fn best_over_operators_decides_and_each_operator_is_judged_alone() {
        // Viettel: 3 good 3G; VinaPhone: 2 good 5G only (below min_samples).
        let s = [
            at(0.0, VIETTEL, "3G", -80.0),
            at(0.0, VIETTEL, "3G", -80.0),
            at(0.0, VIETTEL, "3G", -80.0),
            at(0.0, VINA, "5G", -80.0),
            at(0.0, VINA, "5G", -80.0),
        ];
        let out = run(&s, &Params::default());
        assert_eq!(out.status, Status::Covered(Generation::G3));
        let ops: Vec<_> = out.operators.iter().map(|o| (o.operator, o.best)).collect();
        assert_eq!(ops, vec![(VINA, None), (VIETTEL, Some(Generation::G3))]);
        // Pooling operators would reach 5 good 2G samples; the rule does not pool.
        let out = run(
            &s,
            &Params {
                min_samples: 4,
                ..Params::default()
            },
        );
        assert_eq!(out.status, Status::NoCoverage);
    }

    #[test]
    fn required_generation_moves_the_flag() {
        let s = [at(0.0, VIETTEL, "3G", -80.0); 3];
        assert!(run(&s, &Params::default()).flagged);
        assert!(
            !run(
                &s,
                &Params {
                    required: Generation::G3,
                    ..Params::default()
                }
            )
            .flagged
        );
    }

    #[test]
    fn filters_remove_samples_before_the_rule() {
        let mut s = vec![at(0.0, VIETTEL, "4G", -90.0); 3];
        s.extend(vec![at(0.0, VINA, "none", f64::NAN); 4]);
        let only_viettel = Params {
            filters: Filters {
                operators: vec![VIETTEL],
                ..Filters::default()
            },
            ..Params::default()
        };
        assert_eq!(run(&s, &only_viettel).operators.len(), 1);
        let only_3g = Params {
            filters: Filters {
                technologies: vec![Technology::Gen(Generation::G3)],
                ..Filters::default()
            },
            ..Params::default()
        };
        assert_eq!(run(&s, &only_3g).status, Status::NotSurveyed);
        let dated = Params {
            filters: Filters {
                from: NaiveDate::from_ymd_opt(2026, 1, 1),
                ..Filters::default()
            },
            ..Params::default()
        };
        assert_eq!(
            run(&s, &dated).status,
            Status::NotSurveyed,
            "untimed samples fall outside a date filter"
        );
    }

    #[test]
    fn min_share_zero_and_min_samples_zero_need_at_least_a_sample() {
        let p = Params {
            min_samples: 0,
            min_share: 0.0,
            ..Params::default()
        };
        let s = [at(0.0, VIETTEL, "none", f64::NAN)];
        // good = 0 >= 0 and 0 >= 0: the operator covers at every generation, per the text.
        assert_eq!(run(&s, &p).status, Status::Covered(Generation::G5));
    }

    fn class(samples: &[Sample]) -> ReportClass {
        run(samples, &Params::default()).report_class
    }

    #[test]
    fn one_good_sample_among_no_service_ones_is_weak_signal() {
        let mut s = vec![at(0.0, VIETTEL, "4G", -100.0)];
        s.extend((0..9).map(|_| at(0.0, VIETTEL, "none", f64::NAN)));
        let out = run(&s, &Params::default());
        assert_eq!(out.status, Status::NoCoverage);
        assert!(out.signal_seen);
        assert_eq!(out.report_class, ReportClass::WeakSignal);
        assert!(out.flagged);
    }

    #[test]
    fn only_no_service_or_weak_samples_are_no_signal() {
        assert_eq!(
            class(&[at(0.0, VIETTEL, "none", f64::NAN); 5]),
            ReportClass::NoSignal
        );
        // 3G at -102 is under the 3G threshold (-100) though above 4G's (-115): each sample
        // is judged on its own technology, so no signal was seen.
        assert_eq!(
            class(&[at(0.0, VIETTEL, "3G", -102.0); 5]),
            ReportClass::NoSignal
        );
        // Exactly at the threshold is good.
        let mut s = vec![at(0.0, VINA, "2G", -105.0)];
        s.extend((0..3).map(|_| at(0.0, VIETTEL, "none", f64::NAN)));
        assert_eq!(class(&s), ReportClass::WeakSignal);
    }

    #[test]
    fn signal_seen_by_another_operator_makes_weak_signal() {
        // Viettel's one good sample is below min_samples; VinaPhone saw nothing.
        let s = [
            at(0.0, VIETTEL, "4G", -90.0),
            at(0.0, VINA, "none", f64::NAN),
            at(0.0, VINA, "none", f64::NAN),
        ];
        assert_eq!(class(&s), ReportClass::WeakSignal);
    }

    #[test]
    fn exactly_min_share_covers_and_one_less_is_weak_signal() {
        // 3 good 4G of 6: share 0.5 meets min_share 0.5.
        let mut s: Vec<Sample> = (0..3).map(|_| at(0.0, VIETTEL, "4G", -90.0)).collect();
        s.extend((0..3).map(|_| at(0.0, VIETTEL, "none", f64::NAN)));
        assert_eq!(class(&s), ReportClass::Covered);
        assert_eq!(good_needed(6, &Params::default()), 3);
        s.push(at(0.0, VIETTEL, "none", f64::NAN));
        assert_eq!(good_needed(7, &Params::default()), 4);
        assert_eq!(class(&s), ReportClass::WeakSignal);
    }

    #[test]
    fn covered_below_the_required_generation_is_below_required() {
        let s = [at(0.0, VIETTEL, "3G", -80.0); 3];
        assert_eq!(class(&s), ReportClass::BelowRequired);
        let p = Params {
            required: Generation::G3,
            ..Params::default()
        };
        assert_eq!(run(&s, &p).report_class, ReportClass::Covered);
        assert_eq!(class(&[]), ReportClass::NotSurveyed);
    }
}
