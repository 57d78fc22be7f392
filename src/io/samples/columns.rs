//! Sample CSVs as people have them: any header that names the columns of a signal log in
//! the usual spellings (`lon`/`lng`/`longitude`, `tech`/`rat`/`network_type`, `rsrp`/`rscp`/
//! `rxlev`/`signal_dbm`, `mcc` + `mnc` or an operator name…), and the columns the user names
//! (command-line flags, the window's column chooser) when phusong cannot tell them.
//!
//! The phusong CSV is one such header; both are read by the parallel reader of the
//! [`phusong`](super::phusong) module, so a plain log and the same data in the phusong CSV
//! give exactly the same samples.

use serde::{Deserialize, Serialize};

use super::header::{Header, fold};
use crate::model::Generation;
use crate::sample_roles::GENERIC_SIGNAL;
pub use crate::sample_roles::{MissingColumns, SampleRole};

/// The signal columns of one generation, best first: the measure that belongs to it.
const fn generation_signal(g: Generation) -> &'static [&'static str] {
    match g {
        Generation::G2 => &["rxlev", "rssi", "gsmrssi"],
        Generation::G3 => &["rscp", "wcdmarscp"],
        Generation::G4 => &["rsrp", "ltersrp"],
        Generation::G5 => &["ssrsrp", "nrssrsrp", "nrrsrp", "ssbrsrp"],
    }
}

/// Columns the user named for the roles of sample logs (by their header names). They apply
/// to every log read by its column names; a log without such a column is read by the usual
/// names, and the logs of the phone apps (G-NetTrack, Network Survey…) by their own layout.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SampleColumns {
    pub lon: Option<String>,
    pub lat: Option<String>,
    pub operator: Option<String>,
    pub mcc: Option<String>,
    pub mnc: Option<String>,
    pub technology: Option<String>,
    pub signal: Option<String>,
    pub time: Option<String>,
}

impl SampleColumns {
    pub fn get(&self, role: SampleRole) -> Option<&str> {
        self.slot(role).as_deref()
    }

    pub fn set(&mut self, role: SampleRole, column: Option<String>) {
        *self.slot_mut(role) = column;
    }

    pub fn is_empty(&self) -> bool {
        SampleRole::ALL.iter().all(|r| self.get(*r).is_none())
    }

    fn slot(&self, role: SampleRole) -> &Option<String> {
        match role {
            SampleRole::Longitude => &self.lon,
            SampleRole::Latitude => &self.lat,
            SampleRole::Operator => &self.operator,
            SampleRole::Mcc => &self.mcc,
            SampleRole::Mnc => &self.mnc,
            SampleRole::Technology => &self.technology,
            SampleRole::Signal => &self.signal,
            SampleRole::Time => &self.time,
        }
    }

    fn slot_mut(&mut self, role: SampleRole) -> &mut Option<String> {
        match role {
            SampleRole::Longitude => &mut self.lon,
            SampleRole::Latitude => &mut self.lat,
            SampleRole::Operator => &mut self.operator,
            SampleRole::Mcc => &mut self.mcc,
            SampleRole::Mnc => &mut self.mnc,
            SampleRole::Technology => &mut self.technology,
            SampleRole::Signal => &mut self.signal,
            SampleRole::Time => &mut self.time,
        }
    }
}

/// Which column (an index into the header) plays each role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SampleMapping {
    slots: [Option<usize>; 8],
}

impl SampleMapping {
    pub fn get(&self, role: SampleRole) -> Option<usize> {
        self.slots[role.index()]
    }

    /// Gives `role` to `column`, taking it from any other role that had it.
    pub fn set(&mut self, role: SampleRole, column: Option<usize>) {
        if column.is_some() {
            for slot in &mut self.slots {
                if *slot == column {
                    *slot = None;
                }
            }
        }
        self.slots[role.index()] = column;
    }

    pub fn role_of(&self, column: usize) -> Option<SampleRole> {
        SampleRole::ALL
            .into_iter()
            .find(|r| self.get(*r) == Some(column))
    }

    /// The required roles without a column: longitude, latitude, the operator (a column, or
    /// MCC and MNC), technology and signal.
    pub fn missing(&self) -> Vec<SampleRole> {
        let has = |r: SampleRole| self.get(r).is_some();
        let mut missing = Vec::new();
        for role in [SampleRole::Longitude, SampleRole::Latitude] {
            if !has(role) {
                missing.push(role);
            }
        }
        if !has(SampleRole::Operator) {
            match (has(SampleRole::Mcc), has(SampleRole::Mnc)) {
                (true, true) => {}
                (true, false) => missing.push(SampleRole::Mnc),
                (false, true) => missing.push(SampleRole::Mcc),
                (false, false) => missing.push(SampleRole::Operator),
            }
        }
        for role in [SampleRole::Technology, SampleRole::Signal] {
            if !has(role) {
                missing.push(role);
            }
        }
        missing
    }
}

/// Where the signal of a row is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SignalColumns {
    /// The column of each generation's own measure (RxLev/RSSI, RSCP, RSRP, SS-RSRP).
    pub by_generation: [Option<usize>; 4],
    /// The column for a generation without its own, or for every row when it is the only one.
    pub generic: Option<usize>,
}

impl SignalColumns {
    /// The column read first for a row on `g`.
    #[cfg(test)]
    fn of(&self, g: Generation) -> Option<usize> {
        self.by_generation[g.index()].or(self.generic)
    }

    fn any(&self) -> Option<usize> {
        self.generic.or_else(|| {
            [
                Generation::G4,
                Generation::G5,
                Generation::G3,
                Generation::G2,
            ]
            .into_iter()
            .find_map(|g| self.by_generation[g.index()])
        })
    }
}

/// What the header says, with the user's columns: which column plays each role, and what is
/// missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Guess {
    pub mapping: SampleMapping,
    pub signal: SignalColumns,
    /// Required roles without a column; empty when the file can be read.
    pub missing: Vec<SampleRole>,
    /// Columns the user named that this header does not have.
    pub not_found: Vec<(SampleRole, String)>,
}

impl Guess {
    /// How many of the roles that make a signal log (technology, signal, operator) were found.
    fn log_roles(&self) -> usize {
        let m = &self.mapping;
        usize::from(m.get(SampleRole::Technology).is_some())
            + usize::from(m.get(SampleRole::Signal).is_some())
            + usize::from(
                m.get(SampleRole::Operator).is_some()
                    || m.get(SampleRole::Mcc).is_some()
                    || m.get(SampleRole::Mnc).is_some(),
            )
    }

    /// Whether the header looks like a signal log even with columns missing: a column of a
    /// log's own (technology, signal or operator) and at least one other role. (A village
    /// list has coordinates and names, never these.)
    pub fn looks_like_a_log(&self) -> bool {
        let found = SampleRole::ALL
            .iter()
            .filter(|r| self.mapping.get(**r).is_some())
            .count();
        self.log_roles() >= 1 && found >= 2
    }
}

/// The column of `header` the user meant by `name`: the same name (case and spaces aside), or
/// the same folded name.
fn named(header: &Header, name: &str) -> Option<usize> {
    let want = name.trim();
    header
        .names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(want))
        .or_else(|| {
            let key = fold(want);
            (!key.is_empty())
                .then(|| header.keys.iter().position(|k| *k == key))
                .flatten()
        })
}

/// Finds the columns of every role in `header`: first those the user named, then the usual
/// names (a column plays one role at most).
pub(crate) fn guess(header: &Header, options: &SampleColumns) -> Guess {
    let mut g = Guess::default();
    let mut taken = vec![false; header.keys.len()];
    let usual = |names: &[&str], taken: &[bool]| {
        names.iter().find_map(|c| {
            (header.keys.iter().enumerate()).find_map(|(i, k)| (k == c && !taken[i]).then_some(i))
        })
    };
    // The user's columns first, so the usual names never take them.
    let mut chosen = [None; 8];
    for role in SampleRole::ALL {
        if let Some(name) = options.get(role) {
            match named(header, name) {
                Some(i) => {
                    chosen[role.index()] = Some(i);
                    taken[i] = true;
                }
                None => g.not_found.push((role, name.to_string())),
            }
        }
    }
    for role in SampleRole::ALL {
        let column = match chosen[role.index()] {
            Some(i) => Some(i),
            None if role == SampleRole::Signal => None,
            None => usual(role.names(), &taken),
        };
        if let Some(i) = column {
            taken[i] = true;
            g.mapping.slots[role.index()] = Some(i);
        }
    }
    match chosen[SampleRole::Signal.index()] {
        // The user's signal column is the signal of every row.
        Some(i) => g.signal.generic = Some(i),
        None => {
            for generation in Generation::ALL {
                let i = usual(generation_signal(generation), &taken);
                if let Some(i) = i {
                    taken[i] = true;
                }
                g.signal.by_generation[generation.index()] = i;
            }
            g.signal.generic = usual(GENERIC_SIGNAL, &taken);
            // A single signal column, whatever its name, is the signal of every row.
            let found: Vec<usize> = (g.signal.by_generation.iter().flatten())
                .chain(&g.signal.generic)
                .copied()
                .collect();
            if let [only] = found.as_slice() {
                g.signal = SignalColumns {
                    by_generation: [None; 4],
                    generic: Some(*only),
                };
            }
        }
    }
    g.mapping.slots[SampleRole::Signal.index()] = g.signal.any();

    g.missing = g.mapping.missing();
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::samples::detect::Detected;

    fn header(line: &str) -> Header {
        match super::super::detect::detect(format!("{line}\n").as_bytes()) {
            Detected::Format(_, h) | Detected::Partial(h) => h,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_usual_names_are_found() {
        let h = header("timestamp,lon,lat,operator,mcc,mnc,tech,signal_dbm");
        let g = guess(&h, &SampleColumns::default());
        assert!(g.missing.is_empty(), "{g:?}");
        let m = g.mapping;
        assert_eq!(m.get(SampleRole::Time), Some(0));
        assert_eq!(m.get(SampleRole::Technology), Some(6));
        assert_eq!(m.get(SampleRole::Signal), Some(7));
        assert_eq!(g.signal.of(Generation::G3), Some(7));

        let h = header("Date Time;Lng;Latitude;Carrier;Network Type;RSRP;RSCP;RxLev;Signal");
        let g = guess(&h, &SampleColumns::default());
        assert!(g.missing.is_empty(), "{g:?}");
        assert_eq!(g.signal.of(Generation::G4), Some(5));
        assert_eq!(g.signal.of(Generation::G3), Some(6));
        assert_eq!(g.signal.of(Generation::G2), Some(7));
        assert_eq!(g.signal.of(Generation::G5), Some(8));
    }

    #[test]
    fn what_is_missing_is_named_and_the_users_columns_win() {
        let h = header("when,x_deg,y_deg,operator,technology,value");
        let g = guess(&h, &SampleColumns::default());
        assert_eq!(
            g.missing,
            [
                SampleRole::Longitude,
                SampleRole::Latitude,
                SampleRole::Signal
            ]
        );
        assert!(g.looks_like_a_log());
        let options = SampleColumns {
            lon: Some("x_deg".into()),
            lat: Some("Y_DEG".into()),
            signal: Some("value".into()),
            time: Some("nowhere".into()),
            ..SampleColumns::default()
        };
        let g = guess(&h, &options);
        assert!(g.missing.is_empty(), "{g:?}");
        assert_eq!(g.mapping.get(SampleRole::Latitude), Some(2));
        assert_eq!(g.not_found, [(SampleRole::Time, "nowhere".to_string())]);
        let message = MissingColumns {
            path: "log.csv".into(),
            line: 1,
            missing: vec![SampleRole::Signal, SampleRole::Operator],
            not_found: Vec::new(),
            columns: h.names.clone(),
        }
        .to_string();
        assert!(message.contains("--sample-signal-column"), "{message}");
        assert!(message.contains("--sample-mcc-column"), "{message}");
        assert!(message.contains("\"value\""), "{message}");
    }

    #[test]
    fn mcc_without_mnc_misses_the_mnc() {
        let h = header("lon,lat,mcc,tech,rsrp");
        let g = guess(&h, &SampleColumns::default());
        assert_eq!(g.missing, [SampleRole::Mnc]);
    }
}
