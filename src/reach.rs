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
use crate::model::{Generation, NO_TIME, Operator, Sample, Technology, time_span_s};
use crate::rule::{OperatorOutcome, Params, VillageOutcome, conclude};

/// The largest radius the lists hold; a larger one goes through the index.
pub const MAX_RADIUS_M: f64 = 1000.0;

/// Beyond the `f32` rounding of a distance of [`MAX_RADIUS_M`] (under a millimetre).
const DISTANCE_SLACK_M: f64 = 0.01;

/// One sample near one village.
#[derive(Clone, Copy, Debug)]
struct Near {
    distance_m: f32,
    /// Hundredths of a dB; 0 for a no-service sample.
    signal_cdb: i16,
    /// Seconds after [`Reach::first_time_s`]; `u32::MAX` for a sample without a time.
    time_rel_s: u32,
    /// Its position in [`Reach::operators`].
    operator: u8,
    /// [`technology_code`].
    technology: u8,
}

const UNTIMED: u32 = u32::MAX;

/// A sample's signal in hundredths of a dB when that is exactly its value (`None`
/// otherwise); 0 for a no-service sample, whose signal the rule does not read.
fn centi_db(s: &Sample) -> Option<i16> {
    if s.technology == Technology::NoService {
        return Some(0);
    }
    let c = (s.signal_dbm * 100.0).round();
    let fits = (f64::from(i16::MIN + 1)..=f64::from(i16::MAX)).contains(&c);
    (fits && c / 100.0 == s.signal_dbm).then_some(c as i16)
}

/// Every village's samples within [`MAX_RADIUS_M`], nearest first.
pub struct Reach {
    /// Village `v`'s samples are `near[starts[v]..starts[v + 1]]`.
    starts: Vec<u32>,
    near: Vec<Near>,
    operators: Vec<Operator>,
    first_time_s: i64,
    /// How many samples there are of each operator, technology and day, each kind as a
    /// sample at the start of its day: the count the filters leave out, without a pass
    /// over every sample.
    kinds: Vec<(Sample, u64)>,
}

impl Reach {
    /// The lists for `villages`, or `None` when the data does not fit them (more than 255
    /// operators, times spanning more than 136 years, a signal not in hundredths of a dB,
    /// more than 4 billion entries): the index then serves every re-run.
    pub fn new(villages: &[Point<f64>], samples: &[Sample], index: &SampleIndex) -> Option<Reach> {
        let kinds = kinds_of(samples);
        let mut operators: Vec<Operator> = kinds.iter().map(|(s, _)| s.operator).collect();
        operators.dedup();
        if operators.len() > usize::from(u8::MAX) {
            return None;
        }
        let times_s = time_span_s(samples);
        let first_time_s = times_s.map_or(0, |(first, _)| first);
        if let Some((first, last)) = times_s
            && last - first >= i64::from(UNTIMED)
        {
            return None;
        }
        if !samples.par_iter().all(|s| centi_db(s).is_some()) {
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
                        signal_cdb: centi_db(s).unwrap_or(0),
                        time_rel_s: match s.time_s {
                            NO_TIME => UNTIMED,
                            t => (t - first_time_s) as u32,
                        },
                        operator: operators.binary_search(&s.operator).unwrap_or(0) as u8,
                        technology: technology_code(s.technology),
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
            kinds,
        })
    }

    /// The bytes the lists take.
    pub fn bytes(&self) -> usize {
        self.near.capacity() * std::mem::size_of::<Near>()
            + self.starts.capacity() * std::mem::size_of::<u32>()
    }

    /// How many of all the samples `keep` leaves out, as counting them one by one gives
    /// it: the date filters keep whole days, so a day's samples are kept or left together.
    pub fn left_out(&self, keep: impl Fn(&Sample) -> bool) -> u64 {
        (self.kinds.iter())
            .filter(|(s, _)| !keep(s))
            .map(|(_, n)| n)
            .sum()
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
        if params.radius_m.is_nan() || params.radius_m > MAX_RADIUS_M {
            return None;
        }
        let scan = Scan::new(self, params);
        let (near_below, near_above) = (
            (params.radius_m - DISTANCE_SLACK_M) as f32,
            (params.radius_m + DISTANCE_SLACK_M) as f32,
        );
        let outcomes = (0..self.starts.len() - 1)
            .into_par_iter()
            .map_init(
                || vec![Counts::default(); self.operators.len()],
                |counts, v| {
                    let list = &self.near[self.starts[v] as usize..self.starts[v + 1] as usize];
                    // A sample too near the circle to tell by its `f32` distance: the index
                    // measures this village exactly.
                    scan.village(self, list, [near_below, near_above], counts, params)
                        .unwrap_or_else(|| exact(v))
                },
            )
            .collect();
        Some(outcomes)
    }
}

/// One operator's counts at one village while its list is scanned, as
/// [`crate::rule::evaluate_village`] keeps them, in the entries' units.
///
/// Indexed by [`technology_code`]: no service has a slot too, never good and never read, so
/// that an entry is counted without a branch on its technology (they come mixed, and a
/// mispredicted branch cost a fifth of a re-run).
#[derive(Clone, Copy, Default)]
struct Counts {
    samples: u32,
    /// Good samples by their own technology (no service, 2G, 3G, 4G, 5G).
    good: [u32; 5],
    /// The best signal by technology in hundredths of a dB, `i16::MIN` for none.
    best_cdb: [i16; 5],
    /// One more than the newest time, 0 when no sample had one.
    last_plus_one: u32,
}

/// The parameters turned into the entries' units once per re-run.
struct Scan {
    /// Kept by the operator and technology filters: `[operator * 5 + technology]`.
    kind_kept: Vec<bool>,
    /// The times the dates keep, relative to [`Reach::first_time_s`].
    window_rel: Option<(i64, i64)>,
    /// The least signal, in hundredths of a dB, that is good on each technology code; none
    /// for no service.
    good_from_cdb: [i32; 5],
}

impl Scan {
    fn new(reach: &Reach, params: &Params) -> Scan {
        let filters = &params.filters;
        let kind_kept = (reach.operators.iter())
            .flat_map(|&o| (0..5u8).map(move |t| filters.keeps_kind(o, technology_of(t))))
            .collect();
        let first = reach.first_time_s;
        let window_rel = filters
            .window_s()
            .map(|(from, to)| (from.saturating_sub(first), to.saturating_sub(first)));
        Scan {
            kind_kept,
            window_rel,
            good_from_cdb: {
                let [g2, g3, g4, g5] = params.thresholds_dbm.map(least_good_cdb);
                [i32::MAX, g2, g3, g4, g5]
            },
        }
    }

    /// The rule at a village from its `list`, read up to the radius (`near`: the radius
    /// less and plus [`DISTANCE_SLACK_M`]) in one pass; `None` when an entry is too near the
    /// radius to tell by its `f32` distance.
    fn village(
        &self,
        reach: &Reach,
        list: &[Near],
        [near_below, near_above]: [f32; 2],
        counts: &mut [Counts],
        params: &Params,
    ) -> Option<VillageOutcome> {
        let unseen = Counts {
            best_cdb: [i16::MIN; 5],
            ..Counts::default()
        };
        counts.fill(unseen);
        // Read in order up to the radius, in the same pass as the counting: a search for
        // the end first read every entry twice, the first time from memory.
        for n in list {
            if n.distance_m >= near_below {
                if n.distance_m <= near_above {
                    return None;
                }
                break;
            }
            if !self.kind_kept[usize::from(n.operator) * 5 + usize::from(n.technology)] {
                continue;
            }
            if let Some((from, to)) = self.window_rel {
                let t = i64::from(n.time_rel_s);
                if n.time_rel_s == UNTIMED || t < from || t >= to {
                    continue;
                }
            }
            let c = &mut counts[usize::from(n.operator)];
            c.samples += 1;
            c.last_plus_one = c.last_plus_one.max(n.time_rel_s.wrapping_add(1));
            let t = usize::from(n.technology);
            c.best_cdb[t] = c.best_cdb[t].max(n.signal_cdb);
            c.good[t] += u32::from(i32::from(n.signal_cdb) >= self.good_from_cdb[t]);
        }
        // The operators are in code order, as the rule lists them.
        let operators: Vec<OperatorOutcome> = (reach.operators.iter().zip(counts.iter()))
            .filter(|(_, c)| c.samples > 0)
            .map(|(&operator, c)| OperatorOutcome {
                operator,
                samples: c.samples,
                good: generations(c.good),
                best: None,
                best_signal_dbm: generations(c.best_cdb)
                    .map(|b| (b != i16::MIN).then(|| f64::from(b) / 100.0)),
                last_sample_s: match c.last_plus_one {
                    0 => NO_TIME,
                    t => reach.first_time_s + i64::from(t - 1),
                },
            })
            .collect();
        Some(conclude(operators, params))
    }
}

/// The generations' slots of counts indexed by [`technology_code`] (no service's dropped).
fn generations<T>([_no_service, generations @ ..]: [T; 5]) -> [T; 4] {
    generations
}

/// A technology as an entry holds it: 0 for no service, else 1 + the generation's index.
fn technology_code(technology: Technology) -> u8 {
    match technology {
        Technology::NoService => 0,
        Technology::Gen(g) => 1 + g.index() as u8,
    }
}

/// The technology of an entry's code ([`technology_code`]).
fn technology_of(code: u8) -> Technology {
    match code {
        0 => Technology::NoService,
        g => Technology::Gen(Generation::ALL[usize::from(g - 1)]),
    }
}

/// The least `c` whose signal `c / 100` dB is at least `threshold_dbm`: since the entries'
/// signals are exactly such values and division is monotonic, `c >= least` is the rule's
/// own `signal >= threshold`.
fn least_good_cdb(threshold_dbm: f64) -> i32 {
    const BOUND: i32 = 1 << 20;
    if threshold_dbm.is_nan() {
        return i32::MAX;
    }
    let mut c = (threshold_dbm * 100.0)
        .ceil()
        .clamp(-f64::from(BOUND), f64::from(BOUND)) as i32;
    while c > -BOUND && f64::from(c - 1) / 100.0 >= threshold_dbm {
        c -= 1;
    }
    while c < BOUND && f64::from(c) / 100.0 < threshold_dbm {
        c += 1;
    }
    c
}

const DAY_S: i64 = 86_400;

/// Each operator, technology and day with its count of samples, in operator order.
fn kinds_of(samples: &[Sample]) -> Vec<(Sample, u64)> {
    type Counts = std::collections::HashMap<(Operator, Technology, i64), u64>;
    let day = |t: i64| {
        if t == NO_TIME {
            NO_TIME
        } else {
            t.div_euclid(DAY_S)
        }
    };
    let counts: Counts = samples
        .par_iter()
        .fold(Counts::new, |mut counts, s| {
            *counts
                .entry((s.operator, s.technology, day(s.time_s)))
                .or_default() += 1;
            counts
        })
        .reduce(Counts::new, |mut a, b| {
            for (k, n) in b {
                *a.entry(k).or_default() += n;
            }
            a
        });
    let mut kinds: Vec<_> = counts.into_iter().collect();
    kinds.sort_unstable_by_key(|&(k, _)| k);
    let kinds = kinds.into_iter().map(|((operator, technology, day), n)| {
        let sample = Sample {
            lon: 0.0,
            lat: 0.0,
            time_s: if day == NO_TIME { NO_TIME } else { day * DAY_S },
            signal_dbm: f64::NAN,
            operator,
            technology,
        };
        (sample, n)
    });
    kinds.collect()
}
