//! Network Cell Info (Lite) exports (M2Catalyst), and other files in the OpenCellID
//! measurement layout.
//!
//! The app's CSV export is `mcc,mnc,lac,cellid,lat,lon,signal,measured_at,rating,speed,
//! direction,act,ta,psc,tac,pci,sid,nid,bid` and may begin with an empty line. `signal` is
//! the serving cell's dBm (RSRP on LTE), `act` the technology (`GSM`, `UMTS`, `LTE`, `NR`…),
//! `measured_at` epoch milliseconds. Processed copies with the columns renamed
//! (`CellID,Latitude,Longitude,RSRP,Timestamp,…,NetworkType`) read the same.
//!
//! The OpenCellID layout allows `signal` as an ASU level instead of dBm; values 1..97 are
//! converted for their technology and the report says how many (0 and 99 mean "unknown").

use super::SampleFormat;
use super::common::{self, Record, RowReader, RowRules, Tally};
use super::header::Header;
use crate::io::report::{ImportReport, Reason};
use crate::model::Sample;

const LAT: &[&str] = &["lat", "latitude"];
const LON: &[&str] = &["lon", "longitude", "lng"];
const SIGNAL: &[&str] = &["signal", "rsrp", "dbm"];
const TIME: &[&str] = &["measuredat", "timestamp", "time"];
const ACT: &[&str] = &["act", "networktype", "radio"];

pub(crate) fn matches(h: &Header) -> bool {
    h.has("mcc")
        && h.has("mnc")
        && h.find(LAT).is_some()
        && h.find(LON).is_some()
        && h.find(SIGNAL).is_some()
        && h.find(TIME).is_some()
        && h.find(ACT).is_some()
}

/// A file in the OpenCellID measurement layout.
pub(crate) struct OpenCellIdLayout {
    format: SampleFormat,
    lon: usize,
    lat: usize,
    mcc: usize,
    mnc: usize,
    signal: usize,
    time: usize,
    act: usize,
    min_fields: usize,
}

impl OpenCellIdLayout {
    pub fn new(h: &Header, format: SampleFormat) -> Option<OpenCellIdLayout> {
        let lon = h.find(LON)?;
        let lat = h.find(LAT)?;
        let mcc = h.find(&["mcc"])?;
        let mnc = h.find(&["mnc"])?;
        let signal = h.find(SIGNAL)?;
        let time = h.find(TIME)?;
        let act = h.find(ACT)?;
        let min_fields = [lon, lat, mcc, mnc, signal, act]
            .into_iter()
            .max()
            .unwrap_or(0)
            + 1;
        Some(OpenCellIdLayout {
            format,
            lon,
            lat,
            mcc,
            mnc,
            signal,
            time,
            act,
            min_fields,
        })
    }
}

impl RowReader for OpenCellIdLayout {
    fn format(&self) -> SampleFormat {
        self.format
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
        let technology =
            common::technology(r.get(Some(self.act))).ok_or(Reason::UnknownTechnology)?;
        let operator = common::operator_from_mcc_mnc(r.get(Some(self.mcc)), r.get(Some(self.mnc)))
            .ok_or(Reason::UnknownOperator)?;
        let value = common::number(r.get(Some(self.signal))).and_then(|v| {
            if v >= 0.0 {
                let dbm = common::dbm_from_asu(technology, v);
                if dbm.is_some() {
                    tally.asu_converted += 1;
                }
                dbm
            } else {
                Some(v)
            }
        });
        let signal_dbm = common::signal(technology, value)?;
        let time_s = common::time(r.get(Some(self.time)), line, tally);
        Ok(Sample {
            lon,
            lat,
            time_s,
            signal_dbm,
            operator,
            technology,
        })
    }

    fn notes(&self, _tally: &Tally, report: &mut ImportReport) {
        if self.format == SampleFormat::TowerCollector {
            report.note(crate::message::Msg::OpenCellIdLayout);
        }
    }
}
