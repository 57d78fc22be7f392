//! Every village's samples within a maximum radius, nearest first: what the rule re-runs
//! over when a parameter moves. A radius up to [`MAX_RADIUS_M`] is a prefix of each list,
//! so a re-run is a scan of short arrays in order instead of a search of the index with a
//! read of each sample from all over memory. Made once per load, off the frame.
//!
//! Each entry holds what the rule reads of a sample in 12 bytes: its distance as `f32`, its
//! signal in hundredths of a dB (exactly the sample's own `f64`: lists are made only when
//! every signal is such a value, as logs write them), its time as seconds after the
//! earliest, its operator and technology as small numbers. A village with a sample whose
//! `f32` distance is too near the radius to tell is searched in the index instead, so that
//! "within" is decided on the exact distance as everywhere else.

use geo::Point;
use rayon::prelude::*;

use crate::index::{SampleIndex, distance_m};
use crate::model::{Generation, NO_TIME, Operator, Sample, Technology};
use crate::rule::{Params, Tally, VillageOutcome};

/// The largest radius the lists hold; a larger one goes through the index.
pub const MAX_RADIUS_M: f64 = 1000.0;

/// Beyond the `f32` rounding of a distance of [`MAX_RADIUS_M`] (under a millimetre).
const DISTANCE_SLACK_M: f64 = 0.01;

/// One sample near one village.
#[derive(Clone, Copy, Debug)]
struct Near {
    distance_m: f32,
    /// Hundredths of a dB; [`NO_SIGNAL`] for a sample without a number (no service).
    signal_cdb: i16,
    /// Seconds after [`Reach::first_time_s`]; `u32::MAX` for a sample without a time.
    time_rel_s: u32,
    /// Its position in [`Reach::operators`].
    operator: u8,
    /// 0 for no service, else 1 + the generation's index.
    technology: u8,
}

const UNTIMED: u32 = u32::MAX;
const NO_SIGNAL: i16 = i16::MIN;

/// A signal in hundredths of a dB when that is exactly the value (`None` otherwise); a
/// missing one as [`NO_SIGNAL`].
fn centi_db(dbm: f64) -> Option<i16> {
    if dbm.is_nan() {
        return Some(NO_SIGNAL);
    }
    let c = (dbm * 100.0).round();
    let fits = (f64::from(i16::MIN + 1)..=f64::from(i16::MAX)).contains(&c);
    (fits && c / 100.0 == dbm).then_some(c as i16)
}

/// Every village's samples within [`MAX_RADIUS_M`], nearest first.
pub struct Reach {
    /// Village `v`'s samples are `near[starts[v]..starts[v + 1]]`.
    starts: Vec<u32>,
    near: Vec<Near>,
    operators: Vec<Operator>,
    first_time_s: i64,
}

impl Reach {
    /// The lists for `villages`, or `None` when the data does not fit them (more than 255
    /// operators, times spanning more than 136 years, a signal not in hundredths of a dB,
    /// more than 4 billion entries): the index then serves every re-run.
    pub fn new(villages: &[Point<f64>], samples: &[Sample], index: &SampleIndex) -> Option<Reach> {
        let mut operators: Vec<Operator> = samples.iter().map(|s| s.operator).collect();
        operators.sort();
        operators.dedup();
        if operators.len() > usize::from(u8::MAX) {
            return None;
        }
        let timed = samples.iter().map(|s| s.time_s).filter(|&t| t != NO_TIME);
        let (first, last) = timed.fold((i64::MAX, i64::MIN), |(a, b), t| (a.min(t), b.max(t)));
        let first_time_s = if first == i64::MAX { 0 } else { first };
        if first != i64::MAX && last - first >= i64::from(UNTIMED) {
            return None;
        }
        if !samples.par_iter().all(|s| centi_db(s.signal_dbm).is_some()) {
            return None;
        }
        let lists: Vec<Vec<Near>> = villages
            .par_iter()
            .map(|&p| {
                let mut list = Vec::new();
                index.for_each_within(samples, p, MAX_RADIUS_M, |i| {
                    let s = &samples[i];
                    list.push(Near {
                        distance_m: distance_m(p, Point::new(s.lon, s.lat)) as f32,
                        signal_cdb: centi_db(s.signal_dbm).unwrap_or(NO_SIGNAL),
                        time_rel_s: match s.time_s {
                            NO_TIME => UNTIMED,
                            t => (t - first_time_s) as u32,
                        },
                        operator: operators.binary_search(&s.operator).unwrap_or(0) as u8,
                        technology: match s.technology {
                            Technology::NoService => 0,
                            Technology::Gen(g) => 1 + g.index() as u8,
                        },
                    });
                });
                list.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
                list.shrink_to_fit();
                list
            })
            .collect();
        let total: usize = lists.iter().map(Vec::len).sum();
        if total >= u32::MAX as usize {
            return None;
        }
        let mut starts = Vec::with_capacity(villages.len() + 1);
        let mut near = Vec::with_capacity(total);
        for list in lists {
            starts.push(near.len() as u32);
            near.extend(list);
        }
        starts.push(near.len() as u32);
        Some(Reach {
            starts,
            near,
            operators,
            first_time_s,
        })
    }

    /// The bytes the lists take.
    pub fn bytes(&self) -> usize {
        self.near.capacity() * std::mem::size_of::<Near>()
            + self.starts.capacity() * std::mem::size_of::<u32>()
    }

    /// Samples listed, over every village.
    pub fn entries(&self) -> usize {
        self.near.len()
    }

    /// The rule at every village, as [`crate::rule::evaluate_village`] gives it; `None`
    /// when the radius is beyond the lists'.
    pub fn outcomes(
        &self,
        params: &Params,
        exact: impl Fn(usize) -> VillageOutcome + Sync,
    ) -> Option<Vec<VillageOutcome>> {
        if !(params.radius_m <= MAX_RADIUS_M) {
            return None;
        }
        let keep = params.filters.matcher();
        let (near_below, near_above) = (
            (params.radius_m - DISTANCE_SLACK_M) as f32,
            (params.radius_m + DISTANCE_SLACK_M) as f32,
        );
        let outcomes = (0..self.starts.len() - 1)
            .into_par_iter()
            .map(|v| {
                let list = &self.near[self.starts[v] as usize..self.starts[v + 1] as usize];
                let end = list.partition_point(|n| n.distance_m < near_below);
                // A sample too near the circle to tell by its `f32` distance: the index
                // measures this village exactly.
                if list.get(end).is_some_and(|n| n.distance_m <= near_above) {
                    return exact(v);
                }
                let mut tally = Tally::default();
                for n in &list[..end] {
                    let s = self.sample(n);
                    if keep(&s) {
                        tally.add(&s, params);
                    }
                }
                tally.outcome(params)
            })
            .collect();
        Some(outcomes)
    }

    /// What the rule and the filters read of an entry's sample (its position aside).
    #[inline]
    fn sample(&self, n: &Near) -> Sample {
        Sample {
            lon: 0.0,
            lat: 0.0,
            time_s: match n.time_rel_s {
                UNTIMED => NO_TIME,
                t => self.first_time_s + i64::from(t),
            },
            signal_dbm: match n.signal_cdb {
                NO_SIGNAL => f64::NAN,
                c => f64::from(c) / 100.0,
            },
            operator: self.operators[usize::from(n.operator)],
            technology: match n.technology {
                0 => Technology::NoService,
                g => Technology::Gen(Generation::ALL[usize::from(g - 1)]),
            },
        }
    }
}
