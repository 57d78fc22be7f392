//! TowerCollector (github.com/zamojski/TowerCollector) CSV exports.
//!
//! The export (`CsvExportFormatter`) writes one line per cell of each measurement:
//! `mcc,mnc,lac,cell_id,short_cell_id,rnc,psc,asu,dbm,ta,lat,lon,accuracy,speed,bearing,
//! altitude,measured_at,net_type,neighboring,discovered_at,device,rsrp,rsrq,rssi,rssnr,cqi,
//! rscp,csi_rsrp,csi_rsrq,csi_sinr,ss_rsrp,ss_rsrq,ss_sinr,…` (older versions stop after
//! `device`). `net_type` is GSM, UMTS, LTE, NR, CDMA, TD-SCDMA or UNKNOWN; `neighboring`
//! true marks a neighbour cell ([`Reason::NotServingCell`]); `measured_at` is a quoted UTC
//! time (`"2024-05-01T08:12:44.512Z"`); an unknown MCC is left empty.
//!
//! The signal is the technology's own column where the export has it and it holds a value
//! (`rsrp` on LTE, `rscp` on UMTS, `ss_rsrp` on NR), else `dbm` (Android's `getDbm()`: RSSI
//! on GSM, RSCP on UMTS, RSRP on LTE, SS-RSRP on NR).
//!
//! TowerCollector's OpenCellID upload layout (`lat,lon,mcc,mnc,…,signal,…,act,devn`) is read
//! by the OpenCellID reader of [`super::network_cell_info`].

use super::SampleFormat;
use super::common::{self, Record, RowReader, RowRules, Tally};
use super::header::Header;
use crate::io::report::Reason;
use crate::model::{Generation, Sample, Technology};

pub(crate) fn matches(h: &Header) -> bool {
    matches_export(h) || matches_upload(h)
}

pub(crate) fn matches_export(h: &Header) -> bool {
    [
        "mcc",
        "mnc",
        "cellid",
        "dbm",
        "lat",
        "lon",
        "measuredat",
        "nettype",
    ]
    .iter()
    .all(|k| h.has(k))
}

/// The OpenCellID upload layout TowerCollector writes, told apart by its `devn` column.
pub(crate) fn matches_upload(h: &Header) -> bool {
    h.has("devn") && super::network_cell_info::matches(h)
}

pub(crate) struct TowerCollector {
    lon: usize,
    lat: usize,
    mcc: usize,
    mnc: usize,
    dbm: usize,
    rsrp: Option<usize>,
    rscp: Option<usize>,
    ss_rsrp: Option<usize>,
    time: usize,
    net_type: usize,
    neighboring: Option<usize>,
    min_fields: usize,
}

impl TowerCollector {
    pub fn new(h: &Header) -> Option<TowerCollector> {
        let lon = h.find(&["lon"])?;
        let lat = h.find(&["lat"])?;
        let mcc = h.find(&["mcc"])?;
        let mnc = h.find(&["mnc"])?;
        let dbm = h.find(&["dbm"])?;
        let time = h.find(&["measuredat"])?;
        let net_type = h.find(&["nettype"])?;
        let min_fields = [lon, lat, mcc, mnc, dbm, net_type]
            .into_iter()
            .max()
            .unwrap_or(0)
            + 1;
        Some(TowerCollector {
            lon,
            lat,
            mcc,
            mnc,
            dbm,
            rsrp: h.find(&["rsrp"]),
            rscp: h.find(&["rscp"]),
            ss_rsrp: h.find(&["ssrsrp"]),
            time,
            net_type,
            neighboring: h.find(&["neighboring", "neighbouring"]),
            min_fields,
        })
    }
}

impl RowReader for TowerCollector {
    fn format(&self) -> SampleFormat {
        SampleFormat::TowerCollector
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
        if common::is_true(r.get(self.neighboring)) {
            return Err(Reason::NotServingCell);
        }
        let (lon, lat) =
            common::coordinates(r.get(Some(self.lon)), r.get(Some(self.lat)), rules, tally)?;
        let technology =
            common::technology(r.get(Some(self.net_type))).ok_or(Reason::UnknownTechnology)?;
        let operator = common::operator_from_mcc_mnc(r.get(Some(self.mcc)), r.get(Some(self.mnc)))
            .ok_or(Reason::UnknownOperator)?;
        let own = match technology {
            Technology::Gen(Generation::G3) => self.rscp,
            Technology::Gen(Generation::G4) => self.rsrp,
            Technology::Gen(Generation::G5) => self.ss_rsrp,
            _ => None,
        };
        let value = [own, Some(self.dbm)]
            .into_iter()
            .flatten()
            .filter_map(|i| common::number(r.get(Some(i))))
            .find(|v| common::plausible_dbm(*v));
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
}
