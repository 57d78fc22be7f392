//! Every village's samples within a maximum radius, by operator and nearest first: what the
//! rule re-runs over when a parameter moves. A radius up to [`MAX_RADIUS_M`] is a prefix of
//! each operator's run, so a re-run is a scan of short arrays in order instead of a search of
//! the index with a read of each sample from all over memory. Made once per load, off the
//! frame.
//!
//! Each entry holds what the rule reads of a sample in 11 bytes, each field in its own
//! array: its distance as `f32`, its signal in hundredths of a dB (exactly the sample's own
//! `f64`: lists are made only when every signal is such a value, as logs write them), its
//! technology as a small number and its time as seconds after the earliest; its operator is
//! its run's. A village with a sample whose `f32` distance is too near the radius to tell
//! is searched in the index instead, so that "within" is decided on the exact distance as
//! everywhere else.

use geo::Point;
use rayon::prelude::*;

use crate::index::{SampleIndex, distance_m, prefetch};
use crate::model::{Generation, NO_TIME, Operator, Sample, Technology, time_span_s};
use crate::rule::{OperatorOutcome, Params, VillageOutcome, conclude};

/// The largest radius the lists hold; a larger one goes through the index.
pub const MAX_RADIUS_M: f64 = 1000.0;

/// Beyond the `f32` rounding of a distance of [`MAX_RADIUS_M`] (under a millimetre).
const DISTANCE_SLACK_M: f64 = 0.01;

/// How many villages ahead a list's start is asked for: the scan reaches it from memory
/// about when this many short lists have been read.
const PREFETCH_VILLAGES_AHEAD: usize = 8;

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

/// Every village's samples within [`MAX_RADIUS_M`]: one run an operator, in operator order,
/// each run nearest first, each field of the entries in its own array.
///
/// The rule counts each operator apart and each technology apart, so a run is counted as a
/// few passes over its prefix, each a vector loop over one or two arrays (technologies and
/// signals: 3 bytes an entry). One loop over mixed entries, counting into a table by
/// operator and technology, took about ten cycles an entry, each count waiting for the last.
pub struct Reach {
    /// Village `v`'s runs are numbers `village_runs[v]..village_runs[v + 1]` of the run
    /// arrays below.
    village_runs: Vec<u32>,
    /// Run `r`'s entries are `run_starts[r]..run_starts[r + 1]` of the arrays below.
    run_starts: Vec<u32>,
    /// Each run's operator, as its position in [`Reach::operators`].
    run_operators: Vec<u8>,
    /// The technologies each run holds, one bit a [`technology_code`].
    run_technologies: Vec<u8>,
    /// The entries' distances.
    distance_m: Vec<f32>,
    /// Their signals in hundredths of a dB; 0 for no service.
    signal_cdb: Vec<i16>,
    /// Their [`technology_code`]s.
    technology: Vec<u8>,
    /// Their times as seconds after [`Reach::first_time_s`]; [`UNTIMED`] for none.
    time_rel_s: Vec<u32>,
    operators: Vec<Operator>,
    first_time_s: i64,
    /// How many samples there are of each operator, technology and day, each kind as a
    /// sample at the start of its day: the count the filters leave out, without a pass
    /// over every sample.
    kinds: Vec<(Sample, u64)>,
}

/// One sample near one village while the lists are made.
struct Near {
    operator: u8,
    distance_m: f32,
    signal_cdb: i16,
    technology: u8,
    time_rel_s: u32,
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
                        operator: operators.binary_search(&s.operator).unwrap_or(0) as u8,
                        distance_m: distance_m(p, Point::new(s.lon, s.lat)) as f32,
                        signal_cdb: centi_db(s).unwrap_or(0),
                        technology: technology_code(s.technology),
                        time_rel_s: match s.time_s {
                            NO_TIME => UNTIMED,
                            t => (t - first_time_s) as u32,
                        },
                    });
                });
                list.sort_by(|a, b| {
                    (a.operator.cmp(&b.operator)).then(a.distance_m.total_cmp(&b.distance_m))
                });
                list.shrink_to_fit();
                list
            })
            .collect();
        let total: usize = lists.iter().map(Vec::len).sum();
        if total >= u32::MAX as usize {
            return None;
        }
        let mut reach = Reach {
            village_runs: Vec::with_capacity(villages.len() + 1),
            run_starts: Vec::new(),
            run_operators: Vec::new(),
            run_technologies: Vec::new(),
            distance_m: Vec::with_capacity(total),
            signal_cdb: Vec::with_capacity(total),
            technology: Vec::with_capacity(total),
            time_rel_s: Vec::with_capacity(total),
            operators,
            first_time_s,
            kinds,
        };
        for list in lists {
            reach.village_runs.push(reach.run_operators.len() as u32);
            for (i, n) in list.iter().enumerate() {
                if i == 0 || list[i - 1].operator != n.operator {
                    reach.run_starts.push(reach.distance_m.len() as u32);
                    reach.run_operators.push(n.operator);
                    reach.run_technologies.push(0);
                }
                if let Some(held) = reach.run_technologies.last_mut() {
                    *held |= 1 << n.technology;
                }
                reach.distance_m.push(n.distance_m);
                reach.signal_cdb.push(n.signal_cdb);
                reach.technology.push(n.technology);
                reach.time_rel_s.push(n.time_rel_s);
            }
        }
        reach.village_runs.push(reach.run_operators.len() as u32);
        reach.run_starts.push(reach.distance_m.len() as u32);
        Some(reach)
    }

    /// The bytes the lists take.
    pub fn bytes(&self) -> usize {
        fn held<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        held(&self.village_runs)
            + held(&self.run_starts)
            + held(&self.run_operators)
            + held(&self.run_technologies)
            + held(&self.distance_m)
            + held(&self.signal_cdb)
            + held(&self.technology)
            + held(&self.time_rel_s)
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
        self.distance_m.len()
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
        let villages = self.village_runs.len() - 1;
        let outcomes = (0..villages)
            .into_par_iter()
            .map(|v| {
                // A run starts after the previous run's entries beyond the radius, which are
                // not read: at small radii the wait for each run's first lines was most of a
                // re-run, so those of the village a few ahead are asked for now.
                let ahead = (v + PREFETCH_VILLAGES_AHEAD).min(villages - 1);
                for r in self.village_runs[ahead]..self.village_runs[ahead + 1] {
                    let start = self.run_starts[r as usize] as usize;
                    prefetch(self.distance_m.as_ptr().wrapping_add(start));
                    prefetch(self.signal_cdb.as_ptr().wrapping_add(start));
                    prefetch(self.technology.as_ptr().wrapping_add(start));
                    prefetch(self.time_rel_s.as_ptr().wrapping_add(start));
                }
                let runs = self.village_runs[v] as usize..self.village_runs[v + 1] as usize;
                // A sample too near the circle to tell by its `f32` distance: the index
                // measures this village exactly.
                scan.village(self, runs, params).unwrap_or_else(|| exact(v))
            })
            .collect();
        Some(outcomes)
    }
}

/// One operator's counts at one village, as [`crate::rule::evaluate_village`] keeps them,
/// in the entries' units.
struct Counts {
    samples: u32,
    /// Good samples by their own technology (no service, 2G, 3G, 4G, 5G).
    good: [u32; 5],
    /// The best signal by technology in hundredths of a dB, `i16::MIN` for none.
    best_cdb: [i16; 5],
    /// One more than the newest time, 0 when no sample had one.
    last_plus_one: u32,
}

impl Counts {
    /// Before any entry is counted.
    const NONE: Counts = Counts {
        samples: 0,
        good: [0; 5],
        best_cdb: [i16::MIN; 5],
        last_plus_one: 0,
    };
}

/// The parameters turned into the entries' units once per re-run.
struct Scan {
    /// Kept by the operator and technology filters: `[operator][technology]`.
    kind_kept: Vec<[bool; 5]>,
    /// The times the dates keep, relative to [`Reach::first_time_s`].
    window_rel: Option<(i64, i64)>,
    /// The least signal, in hundredths of a dB, that is good on each technology code; none
    /// for no service.
    good_from_cdb: [i32; 5],
    /// The radius less and plus [`DISTANCE_SLACK_M`]: an entry between them is too near
    /// the circle to tell by its `f32` distance.
    near_below: f32,
    near_above: f32,
}

impl Scan {
    fn new(reach: &Reach, params: &Params) -> Scan {
        let filters = &params.filters;
        let kind_kept = (reach.operators.iter())
            .map(|&o| std::array::from_fn(|t| filters.keeps_kind(o, technology_of(t as u8))))
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
            near_below: (params.radius_m - DISTANCE_SLACK_M) as f32,
            near_above: (params.radius_m + DISTANCE_SLACK_M) as f32,
        }
    }

    /// The rule at a village from its `runs`, each read up to the radius; `None` when an
    /// entry is too near the radius to tell by its `f32` distance.
    fn village(
        &self,
        reach: &Reach,
        runs: std::ops::Range<usize>,
        params: &Params,
    ) -> Option<VillageOutcome> {
        // Grown on the first push: a village with no sample within the radius allocates
        // nothing.
        let mut operators = Vec::new();
        for r in runs {
            let operator = usize::from(reach.run_operators[r]);
            let kept = self.kind_kept[operator];
            let entries = reach.run_starts[r] as usize..reach.run_starts[r + 1] as usize;
            // Within the radius: a prefix. Counted over the whole run, without a branch.
            let distances = &reach.distance_m[entries.clone()];
            let (below, above) = distances.iter().fold((0u32, 0u32), |(b, a), &d| {
                (
                    b + u32::from(d < self.near_below),
                    a + u32::from(d <= self.near_above),
                )
            });
            if below != above {
                return None;
            }
            let within = entries.start..entries.start + below as usize;
            let held = reach.run_technologies[r];
            let c = match self.window_rel {
                None => self.counts(reach, within, kept, held),
                Some(window) => self.counts_in_window(reach, within, kept, window),
            };
            if c.samples == 0 {
                continue;
            }
            // The runs are in code order, as the rule lists the operators.
            operators.push(OperatorOutcome {
                operator: reach.operators[operator],
                samples: c.samples,
                good: generations(c.good),
                best: None,
                best_signal_dbm: generations(c.best_cdb)
                    .map(|b| (b != i16::MIN).then(|| f64::from(b) / 100.0)),
                last_sample_s: match c.last_plus_one {
                    0 => NO_TIME,
                    t => reach.first_time_s + i64::from(t - 1),
                },
            });
        }
        Some(conclude(operators, params))
    }

    /// One operator's counts over its entries `within` the radius, no date set: a pass for
    /// each technology the run `held` (one bit each), each a vector loop.
    fn counts(
        &self,
        reach: &Reach,
        within: std::ops::Range<usize>,
        kept: [bool; 5],
        held: u8,
    ) -> Counts {
        let technologies = &reach.technology[within.clone()];
        let signals = &reach.signal_cdb[within.clone()];
        let mut c = Counts::NONE;
        let mut every_kept = true;
        for t in 0..5u8 {
            if held & (1 << t) == 0 {
                continue;
            }
            let t_ = usize::from(t);
            if !kept[t_] {
                every_kept = false;
                continue;
            }
            let (n, good, best) = technology_pass(technologies, signals, t, self.good_from_cdb[t_]);
            c.samples += n;
            c.good[t_] = good;
            c.best_cdb[t_] = best;
        }
        let times = &reach.time_rel_s[within];
        c.last_plus_one = if every_kept {
            // A fold, not `max()`: the compiler makes a vector loop of it.
            (times.iter()).fold(0, |newest, t| newest.max(t.wrapping_add(1)))
        } else {
            (times.iter().zip(technologies))
                .filter(|(_, t)| kept[usize::from(**t)])
                .map(|(t, _)| t.wrapping_add(1))
                .max()
                .unwrap_or(0)
        };
        c
    }

    /// One operator's counts over its entries `within` the radius that the dates keep, one
    /// entry at a time.
    fn counts_in_window(
        &self,
        reach: &Reach,
        within: std::ops::Range<usize>,
        kept: [bool; 5],
        (from, to): (i64, i64),
    ) -> Counts {
        let mut c = Counts::NONE;
        for i in within {
            let t = usize::from(reach.technology[i]);
            let time_rel_s = reach.time_rel_s[i];
            let time = i64::from(time_rel_s);
            if !kept[t] || time_rel_s == UNTIMED || time < from || time >= to {
                continue;
            }
            let signal = reach.signal_cdb[i];
            c.samples += 1;
            c.last_plus_one = c.last_plus_one.max(time_rel_s + 1);
            c.best_cdb[t] = c.best_cdb[t].max(signal);
            c.good[t] += u32::from(i32::from(signal) >= self.good_from_cdb[t]);
        }
        c
    }
}

/// Of the entries whose technology code is `t`: how many, how many are good (signal at
/// least `good_from_cdb`; none for no service, whose bound no signal reaches), and the best
/// signal (`i16::MIN` for none). Written for the compiler's vector loops: no branch, and
/// counts in 16 bits a block at a time.
fn technology_pass(
    technologies: &[u8],
    signals: &[i16],
    t: u8,
    good_from_cdb: i32,
) -> (u32, u32, i16) {
    // Signals are above `i16::MIN`, so a bound at or below it takes them all; a bound above
    // `i16::MAX` takes none.
    let (bound, none_good) = match i16::try_from(good_from_cdb) {
        Ok(b) => (b, false),
        Err(_) if good_from_cdb < 0 => (i16::MIN, false),
        Err(_) => (i16::MAX, true),
    };
    let (mut n, mut good, mut best) = (0u32, 0u32, i16::MIN);
    for (ts, ss) in technologies.chunks(1 << 15).zip(signals.chunks(1 << 15)) {
        let (mut n16, mut good16) = (0u16, 0u16);
        for (&tech, &s) in ts.iter().zip(ss) {
            let here = tech == t;
            n16 += u16::from(here);
            good16 += u16::from(here & (s >= bound));
            best = best.max(if here { s } else { i16::MIN });
        }
        n += u32::from(n16);
        good += u32::from(good16);
    }
    (n, if none_good { 0 } else { good }, best)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A run with more entries of one technology than a 16-bit count holds, the others
    /// mixed in, counted one entry at a time.
    #[test]
    fn a_technology_pass_counts_a_long_mixed_run_as_one_by_one_does() {
        let technologies: Vec<u8> = (0..100_000u32)
            .map(|i| if i % 10 == 0 { (i / 10 % 5) as u8 } else { 3 })
            .collect();
        let signals: Vec<i16> = (0..100_000i32)
            .map(|i| (-14_000 + i * 37 % 9_000) as i16)
            .collect();
        for t in 0..5u8 {
            for bound in [-11_500, -14_000, -5_001, i32::MIN / 2, 40_000, i32::MAX] {
                let (mut n, mut good, mut best) = (0, 0, i16::MIN);
                for (&tech, &s) in technologies.iter().zip(&signals) {
                    if tech == t {
                        n += 1;
                        good += u32::from(i32::from(s) >= bound);
                        best = best.max(s);
                    }
                }
                assert!(t != 3 || n > u32::from(u16::MAX), "more than a lane holds");
                let pass = technology_pass(&technologies, &signals, t, bound);
                assert_eq!(pass, (n, good, best), "technology {t}, bound {bound}");
            }
        }
    }
}
