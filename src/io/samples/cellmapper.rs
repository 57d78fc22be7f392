//! CellMapper (cellmapper.net) CSV exports of the app's recorded points.
//!
//! The file has no header. Each line is one measurement:
//! `latitude,longitude,altitude,mcc,mnc,lac/tac,cell id,signal dBm,type,subtype,arfcn,pci`
//! (some app versions swap the last two), e.g.
//! `21.028511,105.854164,12,452,4,13010,52275713,-97,LTE,LTE,1650,123`. `type` is GSM, UMTS,
//! CDMA, LTE or NR. There is no time: samples have none. The layout was established from
//! tools that read these exports (their parsers agree on it), as CellMapper does not publish
//! it; the import report says it was assumed.

use super::SampleFormat;
use super::common::{self, Record, RowReader, RowRules, Tally};
use crate::io::report::{ImportReport, Reason};
use crate::model::{NO_TIME, Sample};

const LAT: usize = 0;
const LON: usize = 1;
const MCC: usize = 3;
const MNC: usize = 4;
const SIGNAL: usize = 7;
const TYPE: usize = 8;
const SUBTYPE: usize = 9;

/// Whether the first lines of a file look like CellMapper rows: at least 9 fields, numbers
/// where the coordinates, MCC, MNC and signal go, and a technology name in the type field:
/// the first line and most of the others.
pub(crate) fn matches_shape(first_lines: &[&[u8]]) -> bool {
    let row = |l: &[u8]| looks_like_row(&String::from_utf8_lossy(l));
    // One damaged line among the first is that line's loss, not the file's.
    first_lines.first().is_some_and(|l| row(l))
        && first_lines.iter().filter(|l| row(l)).count() * 2 > first_lines.len()
}

fn looks_like_row(line: &str) -> bool {
    let f: Vec<&str> = line.split(',').map(str::trim).collect();
    if f.len() < 9 {
        return false;
    }
    let num = |i: usize| f.get(i).and_then(|t| t.parse::<f64>().ok());
    let lat_lon =
        matches!((num(LAT), num(LON)), (Some(a), Some(b)) if a.is_finite() && b.is_finite());
    let mcc = f
        .get(MCC)
        .is_some_and(|t| t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit()));
    let mnc = f
        .get(MNC)
        .is_some_and(|t| !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()));
    let signal = num(SIGNAL).is_some_and(|v| v <= 0.0);
    let tech = f.get(TYPE).is_some_and(|t| common::technology(t).is_some());
    lat_lon && mcc && mnc && signal && tech
}

pub(crate) struct CellMapper;

impl RowReader for CellMapper {
    fn format(&self) -> SampleFormat {
        SampleFormat::CellMapper
    }

    fn min_fields(&self) -> usize {
        TYPE + 1
    }

    fn row(
        &self,
        r: &Record<'_>,
        _line: u64,
        rules: RowRules,
        tally: &mut Tally,
    ) -> Result<Sample, Reason> {
        let (lon, lat) = common::coordinates(r.get(Some(LON)), r.get(Some(LAT)), rules, tally)?;
        let technology = common::technology(r.get(Some(TYPE)))
            .or_else(|| common::technology(r.get(Some(SUBTYPE))))
            .ok_or(Reason::UnknownTechnology)?;
        let operator = common::operator_from_mcc_mnc(r.get(Some(MCC)), r.get(Some(MNC)))
            .ok_or(Reason::UnknownOperator)?;
        let signal_dbm = common::signal(technology, common::number(r.get(Some(SIGNAL))))?;
        Ok(Sample {
            lon,
            lat,
            time_s: NO_TIME,
            signal_dbm,
            operator,
            technology,
        })
    }

    fn notes(&self, _tally: &Tally, report: &mut ImportReport) {
        report.note(crate::message::Msg::CellMapperLayout);
        report.note(crate::message::Msg::CellMapperNoTime);
    }
}
