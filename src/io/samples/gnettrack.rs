//! G-NetTrack Pro / Lite logs (Gyokov Solutions).
//!
//! The app writes one TAB-separated line per measurement:
//! `Timestamp Longitude Latitude Speed Operatorname Operator CGI Cellname Node CellID LAC
//! NetworkTech NetworkMode Level Qual SNR CQI LTERSSI ARFCN …`, with `-` for a missing value
//! and the time as `2019.11.25_15.34.34` (the phone's local time). `Operator` is MCC and MNC
//! run together (`45204`); `NetworkTech` is 2G…5G and `NetworkMode` the radio (GSM, EDGE,
//! UMTS, HSPA+, LTE, NR…); `Level` is the serving cell's RxLev/RSSI on 2G, RSCP on 3G and
//! RSRP on 4G.
//!
//! Exports and datasets derived from it are often comma-separated with fewer columns: an
//! `RSRP` column instead of `Level` (holding the level for every mode), only `Operatorname`,
//! only `NetworkMode`. Those are read the same way.
//!
//! The signal of a row is the first plausible value of: a dedicated NR SS-RSRP column on a
//! 5G row (`SSRSRP`, `NR_SSRSRP`, `NR_RSRP`…, when the log has one), `Level`, `RSRP`.
//! `NRxRSRP`/`NRxRSRQ` are *neighbour* cell values and never used. Bogus levels the app writes
//! when a value is unknown (-340, -200, -164, 2147483647 …) fall outside -160..-20 dBm and
//! reject the row as [`Reason::MissingOrInvalidSignal`].

use super::SampleFormat;
use super::common::{self, Record, RowReader, RowRules, Tally};
use super::header::Header;
use crate::io::report::{ImportReport, Reason};
use crate::model::{Generation, Operator, Sample, Technology};

/// NR signal columns, folded; `nrxrsrp` (a neighbour's RSRP) is deliberately absent.
const NR_COLUMNS: &[&str] = &[
    "nrssrsrp", "ssrsrp", "nrrsrp", "ssbrsrp", "5gssrsrp", "5grsrp",
];

pub(crate) fn matches(h: &Header) -> bool {
    h.has("timestamp")
        && h.has("longitude")
        && h.has("latitude")
        && (h.has("networktech") || h.has("networkmode"))
        && (h.has("level") || h.has("rsrp"))
}

pub(crate) struct GNetTrack {
    lon: usize,
    lat: usize,
    time: Option<usize>,
    operator: Option<usize>,
    operator_name: Option<usize>,
    tech: Option<usize>,
    mode: Option<usize>,
    level: Option<usize>,
    rsrp: Option<usize>,
    nr: Option<(usize, String)>,
    min_fields: usize,
}

impl GNetTrack {
    pub fn new(h: &Header) -> Option<GNetTrack> {
        let lon = h.find(&["longitude"])?;
        let lat = h.find(&["latitude"])?;
        let nr = h
            .find(NR_COLUMNS)
            .map(|i| (i, h.names.get(i).cloned().unwrap_or_default()));
        let g = GNetTrack {
            lon,
            lat,
            time: h.find(&["timestamp"]),
            operator: h.find(&["operator"]),
            operator_name: h.find(&["operatorname"]),
            tech: h.find(&["networktech"]),
            mode: h.find(&["networkmode"]),
            level: h.find(&["level"]),
            rsrp: h.find(&["rsrp"]),
            nr,
            min_fields: 0,
        };
        let min_fields = [Some(lon), Some(lat), g.tech, g.mode, g.level, g.rsrp]
            .into_iter()
            .flatten()
            .max()?
            + 1;
        Some(GNetTrack { min_fields, ..g })
    }

    fn technology(&self, r: &Record<'_>) -> Option<Technology> {
        [self.tech, self.mode]
            .into_iter()
            .flatten()
            .find_map(|i| common::technology(r.get(Some(i))))
    }

    /// The row's operator: the MCC-MNC column, else a brand name; `Err(Some(name))` for a name
    /// phusong does not know.
    fn operator<'r>(
        &self,
        r: &'r Record<'_>,
    ) -> Result<Operator, Option<std::borrow::Cow<'r, str>>> {
        if let Some(op) = common::operator_code(r.get(self.operator)) {
            return Ok(op);
        }
        let name = r.text(self.operator_name);
        if let Some(op) = Operator::parse(&name) {
            return Ok(op);
        }
        let trimmed = name.trim();
        if trimmed.is_empty() || trimmed == "-" {
            Err(None)
        } else {
            Err(Some(name))
        }
    }
}

impl RowReader for GNetTrack {
    fn format(&self) -> SampleFormat {
        SampleFormat::GNetTrack
    }

    fn min_fields(&self) -> usize {
        self.min_fields
    }

    fn row(
        &self,
        r: &Record<'_>,
        line: u64,
        rules: RowRules,
        tally: &mut Tally,
    ) -> Result<Sample, Reason> {
        let (lon, lat) =
            common::coordinates(r.get(Some(self.lon)), r.get(Some(self.lat)), rules, tally)?;
        let technology = self.technology(r).ok_or(Reason::UnknownTechnology)?;
        let (operator, unknown_name) = match self.operator(r) {
            Ok(op) => (op, None),
            // Only a name: still a sample, of an operator phusong cannot name.
            Err(Some(name)) => (Operator::UNKNOWN, Some(name)),
            Err(None) if technology == Technology::NoService => (Operator::UNKNOWN, None),
            Err(None) => return Err(Reason::UnknownOperator),
        };
        let nr = match (&self.nr, technology) {
            (Some((i, _)), Technology::Gen(Generation::G5)) => {
                common::number(r.get(Some(*i))).filter(|v| common::plausible_dbm(*v))
            }
            _ => None,
        };
        if nr.is_some() {
            tally.nr_column_used += 1;
        }
        let value = nr.or_else(|| {
            [self.level, self.rsrp]
                .into_iter()
                .flatten()
                .filter_map(|i| common::number(r.get(Some(i))))
                .find(|v| common::plausible_dbm(*v))
        });
        let signal_dbm = common::signal(technology, value)?;
        let time_s = common::time(r.get(self.time), line, tally);
        if let Some(name) = unknown_name {
            common::note_unknown_operator_name(tally, &name);
        }
        Ok(Sample {
            lon,
            lat,
            time_s,
            signal_dbm,
            operator,
            technology,
        })
    }

    fn notes(&self, tally: &Tally, report: &mut ImportReport) {
        if self.level.is_none() && self.rsrp.is_some() {
            report.note(crate::message::Msg::GNetTrackNoLevel);
        }
        if let Some((_, name)) = &self.nr {
            report.note(crate::message::Msg::GNetTrackNr {
                column: name.clone(),
                rows: tally.nr_column_used,
            });
        }
        if self.operator.is_none() {
            report.note(crate::message::Msg::GNetTrackNoMccMnc);
        }
    }
}
