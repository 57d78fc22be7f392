//! Counts of the samples for charts: the signal distribution per operator and technology, and
//! samples per day. Made once per load (one pass over the samples), so the charts cost nothing
//! a frame.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::{Generation, Operator, Sample, Technology};

/// Lowest and highest signal level in the histograms (dBm); levels outside count at the ends.
pub const LOWEST_DBM: i32 = -140;
pub const HIGHEST_DBM: i32 = -30;
const BINS: usize = (HIGHEST_DBM - LOWEST_DBM + 1) as usize;

/// Sample counts per 1 dB, per operator and technology, and per day.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SampleStats {
    /// The operators, in order; the index of the other fields.
    pub operators: Vec<Operator>,
    /// `signal[operator][generation][dBm − LOWEST_DBM]`.
    pub signal: Vec<[Vec<u64>; 4]>,
    /// No-service rows per operator.
    pub no_service: Vec<u64>,
    /// Samples per day (days since 1970-01-01, Vietnam time) per operator.
    pub per_day: BTreeMap<i64, Vec<u64>>,
    /// Samples without a time.
    pub untimed: u64,
}

impl SampleStats {
    pub fn new(samples: &[Sample]) -> SampleStats {
        let mut operators: Vec<Operator> = samples.par_iter().map(|s| s.operator).collect();
        operators.par_sort_unstable();
        operators.dedup();
        let n = operators.len();
        let empty = || SampleStats {
            operators: operators.clone(),
            signal: vec![std::array::from_fn(|_| vec![0; BINS]); n],
            no_service: vec![0; n],
            per_day: BTreeMap::new(),
            untimed: 0,
        };
        samples
            .par_chunks(64 * 1024)
            .map(|chunk| {
                let mut s = empty();
                for sample in chunk {
                    s.add(sample);
                }
                s
            })
            .reduce(empty, |mut a, b| {
                a.merge(&b);
                a
            })
    }

    fn add(&mut self, sample: &Sample) {
        let Ok(o) = self.operators.binary_search(&sample.operator) else {
            return;
        };
        match sample.technology {
            Technology::NoService => self.no_service[o] += 1,
            Technology::Gen(g) if sample.signal_dbm.is_finite() => {
                let dbm = (sample.signal_dbm.round() as i32).clamp(LOWEST_DBM, HIGHEST_DBM);
                self.signal[o][g.index()][(dbm - LOWEST_DBM) as usize] += 1;
            }
            Technology::Gen(_) => {}
        }
        if sample.has_time() {
            let day = sample.time_s.div_euclid(86_400);
            let n = self.operators.len();
            self.per_day.entry(day).or_insert_with(|| vec![0; n])[o] += 1;
        } else {
            self.untimed += 1;
        }
    }

    fn merge(&mut self, other: &SampleStats) {
        for (mine, theirs) in self.signal.iter_mut().zip(&other.signal) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
            }
        }
        for (a, b) in self.no_service.iter_mut().zip(&other.no_service) {
            *a += b;
        }
        for (day, counts) in &other.per_day {
            let mine = self
                .per_day
                .entry(*day)
                .or_insert_with(|| vec![0; counts.len()]);
            for (a, b) in mine.iter_mut().zip(counts) {
                *a += b;
            }
        }
        self.untimed += other.untimed;
    }

    /// `(dBm, count)` of one operator's samples of one technology, empty levels left out.
    pub fn histogram(
        &self,
        operator: usize,
        g: Generation,
    ) -> impl Iterator<Item = (i32, u64)> + '_ {
        (self.signal[operator][g.index()].iter().enumerate())
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| (LOWEST_DBM + i as i32, *c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(op: u16, tech: Technology, dbm: f64, time_s: i64) -> Sample {
        Sample {
            lon: 105.8,
            lat: 22.1,
            time_s,
            signal_dbm: dbm,
            operator: Operator::from_numbers(452, i64::from(op)).unwrap(),
            technology: tech,
        }
    }

    #[test]
    fn counts_land_in_their_operator_technology_and_day() {
        let lte = Technology::Gen(Generation::G4);
        let samples = vec![
            sample(4, lte, -95.4, 0),
            sample(4, lte, -95.0, 86_399),
            sample(4, lte, -200.0, 86_400),
            sample(2, Technology::NoService, f64::NAN, crate::model::NO_TIME),
        ];
        let stats = SampleStats::new(&samples);
        let viettel = stats.operators.iter().position(|o| o.mnc == 4).unwrap();
        let vina = stats.operators.iter().position(|o| o.mnc == 2).unwrap();
        let hist: Vec<(i32, u64)> = stats.histogram(viettel, Generation::G4).collect();
        assert_eq!(hist, vec![(LOWEST_DBM, 1), (-95, 2)]);
        assert_eq!(stats.no_service[vina], 1);
        assert_eq!(stats.per_day[&0][viettel], 2);
        assert_eq!(stats.per_day[&1][viettel], 1);
        assert_eq!(stats.untimed, 1);
    }
}
