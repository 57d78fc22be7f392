//! Network Survey (Craxiom, github.com/christianrowlands/android-network-survey) CSV logs.
//!
//! The app writes one file per technology, each starting with `#` comment lines (app and CSV
//! version) and a header such as (LTE):
//! `deviceTime,latitude,longitude,altitude,speed,accuracy,missionId,recordNumber,groupNumber,
//! mcc,mnc,tac,eci,earfcn,pci,rsrp,rsrq,ta,servingCell,lteBandwidth,provider,signalStrength,
//! cqi,slot,snr,deviceSerialNumber`. The technology is the file's: GSM files have
//! `signalStrength` (RSSI) with `ci`/`arfcn`/`bsic`, UMTS files `rscp`, LTE files `rsrp`, NR
//! files `ssRsrp`. Every visible cell is logged; rows with `servingCell` false are neighbours
//! ([`Reason::NotServingCell`]). `deviceTime` is RFC 3339 with the phone's offset.

use super::SampleFormat;
use super::common::{self, Record, RowReader, RowRules, Tally};
use super::header::Header;
use crate::io::report::{ImportReport, Reason};
use crate::model::{Generation, Sample, Technology};

/// Which technology's file it is, from its columns.
fn kind(h: &Header) -> Option<(Generation, &'static str, &'static str)> {
    if h.has("ssrsrp") {
        Some((Generation::G5, "ssrsrp", "NR (signal: ssRsrp)"))
    } else if h.has("rsrp") {
        Some((Generation::G4, "rsrp", "LTE (signal: rsrp)"))
    } else if h.has("rscp") {
        Some((Generation::G3, "rscp", "UMTS (signal: rscp)"))
    } else if h.has("signalstrength") && (h.has("ci") || h.has("bsic") || h.has("arfcn")) {
        Some((
            Generation::G2,
            "signalstrength",
            "GSM (signal: signalStrength)",
        ))
    } else {
        None
    }
}

pub(crate) fn matches(h: &Header) -> bool {
    h.has("devicetime")
        && h.has("latitude")
        && h.has("longitude")
        && h.has("mcc")
        && h.has("mnc")
        && h.has("servingcell")
        && kind(h).is_some()
}

pub(crate) struct NetworkSurvey {
    generation: Generation,
    label: &'static str,
    lon: usize,
    lat: usize,
    time: Option<usize>,
    mcc: usize,
    mnc: usize,
    signal: usize,
    serving: Option<usize>,
    min_fields: usize,
}

impl NetworkSurvey {
    pub fn new(h: &Header) -> Option<NetworkSurvey> {
        let (generation, signal_key, label) = kind(h)?;
        let lon = h.find(&["longitude"])?;
        let lat = h.find(&["latitude"])?;
        let mcc = h.find(&["mcc"])?;
        let mnc = h.find(&["mnc"])?;
        let signal = h.find(&[signal_key])?;
        let min_fields = [lon, lat, mcc, mnc, signal].into_iter().max().unwrap_or(0) + 1;
        Some(NetworkSurvey {
            generation,
            label,
            lon,
            lat,
            time: h.find(&["devicetime"]),
            mcc,
            mnc,
            signal,
            serving: h.find(&["servingcell"]),
            min_fields,
        })
    }
}

impl RowReader for NetworkSurvey {
    fn format(&self) -> SampleFormat {
        SampleFormat::NetworkSurvey
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
        if common::is_false(r.get(self.serving)) {
            return Err(Reason::NotServingCell);
        }
        let (lon, lat) =
            common::coordinates(r.get(Some(self.lon)), r.get(Some(self.lat)), rules, tally)?;
        let technology = Technology::Gen(self.generation);
        let operator = common::operator_from_mcc_mnc(r.get(Some(self.mcc)), r.get(Some(self.mnc)))
            .ok_or(Reason::UnknownOperator)?;
        let signal_dbm = common::signal(technology, common::number(r.get(Some(self.signal))))?;
        let time_s = common::time(r.get(self.time), line, tally);
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
        report.note(crate::message::Msg::ReadAsNetworkSurvey {
            label: self.label.to_string(),
        });
    }
}
