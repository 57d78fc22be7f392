//! What a village file gives, whatever its kind: the choices the user made for reading it,
//! and the villages read with their import report.

use std::path::Path;

use super::report::ImportReport;
use super::text::TextEncoding;
use crate::crs::Crs;
use crate::error::{Error, Result};
use crate::message::Msg;
use crate::model::Village;

/// Column, sheet, text-encoding and coordinate-system choices for village files; `None`
/// finds the column by its usual names (and the sheet: the first with longitude/latitude
/// headings), the encoding from the `.cpg` (or a byte-order mark) or by guessing, and the
/// system from the `.prj`. A column is named by its heading as the file writes it; case,
/// diacritics and spaces do not matter.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct VillageOptions {
    /// The column of the village's name.
    pub name_field: Option<String>,
    /// Longitude column of a village list (not used for shapefiles: their points are the
    /// geometry). With a projected [`Self::crs`], the X column (metres).
    pub lon_field: Option<String>,
    /// Latitude column of a village list. With a projected [`Self::crs`], the Y column.
    pub lat_field: Option<String>,
    /// The text encoding of the `.dbf` or the CSV, overriding the `.cpg` (or the byte-order
    /// mark) and the guess. Not used for workbooks, whose text is Unicode.
    #[serde(default)]
    pub encoding: Option<TextEncoding>,
    /// The coordinate system of the villages; `None` reads the shapefile's `.prj` (and takes
    /// WGS84 longitude/latitude without one). When given, it wins over the `.prj`. For a
    /// village list (which has no `.prj`): VN-2000 longitude/latitude is shifted to WGS84,
    /// and a projected system (VN-2000 TM-3 or UTM, WGS84 UTM) makes the coordinate columns
    /// X/Y in metres, read either way round and converted.
    #[serde(default)]
    pub crs: Option<Crs>,
    /// The column naming each village's commune (kept with the village and compared with
    /// the commune its point lies in).
    pub commune_field: Option<String>,
    /// The column naming each village's district.
    pub district_field: Option<String>,
    /// The column naming each village's province.
    pub province_field: Option<String>,
    /// The sheet of a workbook, by name or number (1 for the first).
    pub sheet: Option<String>,
    /// The column of the list's own village code (`Mã thôn`).
    #[serde(default)]
    pub code_field: Option<String>,
    /// The column of households (`Số hộ`).
    #[serde(default)]
    pub households_field: Option<String>,
    /// The column of inhabitants (`Số dân`).
    #[serde(default)]
    pub population_field: Option<String>,
    /// The column saying whether the village has grid power (`Điện lưới`).
    #[serde(default)]
    pub power_field: Option<String>,
}

/// The villages of a file, in file order, and the import report.
#[derive(Clone, Debug, Default)]
pub struct VillageLayer {
    /// The villages read, in file order.
    pub villages: Vec<Village>,
    /// What was read, used and rejected, and what was assumed.
    pub report: ImportReport,
    /// The file's own columns, as it names them: every village keeps its values of these
    /// (see [`Village::own`]).
    pub own_columns: Vec<String>,
}

/// The layer of `villages` read from `path`, or the error that none had usable coordinates.
pub(crate) fn finish(
    path: &Path,
    villages: Vec<Village>,
    report: ImportReport,
    own_columns: Vec<String>,
) -> Result<VillageLayer> {
    if villages.is_empty() {
        return Err(Error::content(
            path,
            Msg::NoUsableVillage {
                rows: report.rows_read,
            },
            Msg::RemedyCheckVillageCoordinates,
        ));
    }
    Ok(VillageLayer {
        villages,
        report,
        own_columns,
    })
}
