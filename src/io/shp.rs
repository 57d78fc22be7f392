//! What every shapefile layer shares: finding the side files, the coordinate system in the
//! `.prj`, the text encoding of the `.dbf`, and attribute values as text.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use shapefile::dbase::{self, FieldValue};

use super::dbf_text::{self, BYTE_CARRIER};
pub use super::dbf_text::{Attributes, DbfText};
use super::report::{ImportReport, Reason};
use super::text::TextEncoding;
use crate::error::{Error, Result};
use crate::model::is_lon_lat;

/// An open shapefile: geometry, attributes, and what was learnt while opening it.
pub struct Opened {
    pub path: PathBuf,
    pub shapes: shapefile::ShapeReader<BufReader<File>>,
    /// The attribute table; `None` when the `.dbf` is missing.
    pub records: Option<dbase::Reader<BufReader<File>>>,
    /// Attribute column names in file order.
    pub columns: Vec<String>,
    /// Notes for the import report (assumed coordinate system, encoding, missing files).
    pub notes: Vec<String>,
    pub attrs: Attributes,
}

/// Opens `path` (the `.shp`, or any of its side files) with its `.dbf`, checks the `.prj`.
/// `layer` names the layer in messages ("communes", "villages"); `encoding` is the user's
/// choice of text encoding, which wins over the `.cpg` and the guess.
pub fn open(path: &Path, layer: &str, encoding: Option<TextEncoding>) -> Result<Opened> {
    let shp = shp_path(path);
    if !shp.exists() {
        return Err(Error::io(
            &shp,
            std::io::Error::new(std::io::ErrorKind::NotFound, "file not found"),
        ));
    }
    let mut notes = Vec::new();
    if !shp.with_extension("shx").exists() {
        notes.push("no .shx index beside the .shp: records read in file order".to_string());
    }
    notes.extend(check_prj(&shp)?);

    let shapes = shapefile::ShapeReader::from_path(&shp).map_err(|e| shapefile_error(&shp, e))?;
    let dbf = shp.with_extension("dbf");
    let records = if dbf.exists() {
        let dbf_file = File::open(&dbf).map_err(|e| Error::io(&dbf, e))?;
        let reader = dbase::ReaderBuilder::new()
            .with_encoding(dbase::encoding::EncodingRs::from(BYTE_CARRIER))
            .build(BufReader::new(dbf_file))
            .map_err(|e| {
                Error::content(
                    &dbf,
                    format!("the attribute table cannot be read ({e})"),
                    REMEDY_DAMAGED,
                )
            })?;
        Some(reader)
    } else {
        notes.push(format!(
            "the .dbf file beside it ({}) is missing, so the {layer} have no names or codes and are numbered by record; copy the .dbf beside the .shp to get them",
            file_name(&dbf)
        ));
        None
    };
    let columns = records
        .as_ref()
        .map(|r| r.fields().iter().map(|f| f.name().to_string()).collect())
        .unwrap_or_default();
    let attrs = dbf_text::attributes(&shp, records.is_some(), encoding, layer, &mut notes);
    Ok(Opened {
        path: shp,
        shapes,
        records,
        columns,
        notes,
        attrs,
    })
}

impl Opened {
    pub fn shape_type(&self) -> shapefile::ShapeType {
        self.shapes.header().shape_type
    }

    /// Calls `visit` for every record in file order with its number (1-based), shape and
    /// attributes (`None` without a `.dbf`). A record that cannot be read ends the reading:
    /// an error if it is the first, otherwise a rejected row and a note, keeping the rest.
    pub fn each_record(
        &mut self,
        report: &mut ImportReport,
        mut visit: impl FnMut(
            u64,
            shapefile::Shape,
            Option<&dbase::Record>,
            &Attributes,
            &mut ImportReport,
        ),
    ) -> Result<()> {
        let mut records = self.records.as_mut().map(|r| r.iter_records());
        let dbf = self.path.with_extension("dbf");
        for (i, item) in self.shapes.iter_shapes().enumerate() {
            let n = i as u64 + 1;
            let record = match records.as_mut().and_then(|it| it.next()) {
                Some(Ok(r)) => Ok(Some(r)),
                Some(Err(e)) => Err(Error::at_line(
                    &dbf,
                    n,
                    format!("record {n} cannot be read ({e})"),
                    REMEDY_DAMAGED,
                )),
                None => Ok(None),
            };
            let pair = item
                .map_err(|e| shapefile_error(&self.path, e))
                .and_then(|shape| Ok((shape, record?)));
            match pair {
                Ok((shape, record)) => {
                    report.rows_read += 1;
                    self.attrs.set_record(n);
                    visit(n, shape, record.as_ref(), &self.attrs, report);
                }
                Err(e) if n == 1 => return Err(e),
                Err(e) => {
                    report.rows_read += 1;
                    report.reject(Reason::MalformedRow, n);
                    report.note(format!(
                        "reading stopped at record {n}, the records before it were kept: {e}"
                    ));
                    break;
                }
            }
        }
        Ok(())
    }

    /// Puts how the text was read into `report`: its `text_encoding`, and notes on values
    /// not valid in the encoding and on damaged text, with what to do.
    pub fn report_text(&self, report: &mut ImportReport) {
        self.attrs.report(report);
    }
}

pub const REMEDY_DAMAGED: &str =
    "The file looks damaged or cut short: export it again from the GIS program it came from.";

/// The `.shp` path for a path naming the shapefile or one of its side files.
pub fn shp_path(path: &Path) -> PathBuf {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("shp") => path.to_path_buf(),
        Some("shx" | "dbf" | "prj" | "cpg") => {
            let upper = path.with_extension("SHP");
            if upper.exists() {
                upper
            } else {
                path.with_extension("shp")
            }
        }
        _ => path.to_path_buf(),
    }
}

/// The error for a shapefile the crate refused, in the user's words.
pub fn shapefile_error(path: &Path, e: shapefile::Error) -> Error {
    use shapefile::Error as E;
    match e {
        E::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => Error::content(
            path,
            "the file ends in the middle of a record",
            REMEDY_DAMAGED,
        ),
        E::IoError(io) => Error::io(path, io),
        E::InvalidFileCode(code) => Error::content(
            path,
            format!("this is not a shapefile (file code {code}, expected 9994)"),
            "Choose the .shp file of the layer.",
        ),
        E::MissingDbf => Error::content(
            path,
            "the .dbf file is missing",
            "Copy the .dbf beside the .shp.",
        ),
        E::MissingIndexFile => Error::content(
            path,
            "the .shx file is missing",
            "Copy the .shx beside the .shp.",
        ),
        other => Error::content(
            path,
            format!("the shapefile cannot be read ({other})"),
            REMEDY_DAMAGED,
        ),
    }
}

/// Coordinates far outside longitude/latitude ranges are metres of a projected system.
pub fn check_bbox(
    path: &Path,
    bbox: &shapefile::record::GenericBBox<shapefile::PointZ>,
) -> Result<()> {
    if is_lon_lat(bbox.min.x, bbox.min.y) && is_lon_lat(bbox.max.x, bbox.max.y) {
        return Ok(());
    }
    Err(Error::content(
        path,
        format!(
            "coordinates run from ({:.0}, {:.0}) to ({:.0}, {:.0}): these are metres of a projected system (e.g. VN-2000 or UTM), not longitude/latitude",
            bbox.min.x, bbox.min.y, bbox.max.x, bbox.max.y
        ),
        "Reproject the layer to WGS84 (EPSG:4326) first, e.g. in QGIS: Export › Save Features As… › CRS EPSG:4326.",
    ))
}

/// Checks the `.prj` says WGS84 longitude/latitude. Returns a note when there is no `.prj`.
pub fn check_prj(shp: &Path) -> Result<Option<String>> {
    let prj = shp.with_extension("prj");
    let Ok(mut file) = File::open(&prj) else {
        return Ok(Some(
            "no .prj file: coordinates taken as WGS84 longitude/latitude".to_string(),
        ));
    };
    let mut wkt = String::new();
    file.by_ref()
        .take(64 * 1024)
        .read_to_string(&mut wkt)
        .map_err(|e| Error::io(&prj, e))?;
    match crs_of_wkt(&wkt) {
        Crs::Wgs84 => Ok(None),
        Crs::Other(name) => Err(Error::content(
            &prj,
            format!(
                "the layer is in the coordinate system \"{name}\", not WGS84 longitude/latitude"
            ),
            "Reproject it to WGS84 (EPSG:4326) first, e.g. in QGIS: Export › Save Features As… › CRS EPSG:4326.",
        )),
    }
}

#[derive(Debug, PartialEq)]
pub enum Crs {
    Wgs84,
    Other(String),
}

/// Tells a WGS84 geographic `.prj` from anything else (projected, VN-2000, other datums).
pub fn crs_of_wkt(wkt: &str) -> Crs {
    let text = wkt.trim().trim_start_matches('\u{feff}');
    let upper = text.to_ascii_uppercase();
    let name = text
        .split('"')
        .nth(1)
        .map(str::to_string)
        .unwrap_or_else(|| text.chars().take(60).collect());
    let geographic = upper.starts_with("GEOGCS") || upper.starts_with("GEOGCRS");
    let datum = upper
        .find("DATUM[\"")
        .and_then(|at| upper[at + 7..].split('"').next())
        .unwrap_or(&upper);
    let wgs84_datum = ["WGS_1984", "WGS 84", "WGS84", "WORLD GEODETIC SYSTEM 1984"]
        .iter()
        .any(|w| datum.contains(w));
    if geographic && wgs84_datum {
        Crs::Wgs84
    } else {
        Crs::Other(name)
    }
}

/// An attribute value as the text a user would type: numbers without a needless `.0`
/// (a numeric code `1234.0` is `1234`), trimmed strings, empty for nulls.
pub fn value_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Character(s) => s.as_deref().unwrap_or("").trim().to_string(),
        FieldValue::Memo(s) => s.trim().to_string(),
        FieldValue::Numeric(n) => n.map(number_text).unwrap_or_default(),
        FieldValue::Float(n) => n.map(|v| number_text(v as f64)).unwrap_or_default(),
        FieldValue::Double(n) | FieldValue::Currency(n) => number_text(*n),
        FieldValue::Integer(i) => i.to_string(),
        FieldValue::Logical(b) => b.map(|b| b.to_string()).unwrap_or_default(),
        FieldValue::Date(d) => d
            .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
            .unwrap_or_default(),
        FieldValue::DateTime(dt) => {
            let d = dt.date();
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        }
    }
}

fn number_text(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wgs84_prj_is_accepted_and_others_are_named() {
        let wgs = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(crs_of_wkt(wgs), Crs::Wgs84);
        let utm = r#"PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]]"#;
        assert_eq!(crs_of_wkt(utm), Crs::Other("WGS_1984_UTM_Zone_48N".into()));
        let vn2000 = r#"GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]]]"#;
        assert_eq!(crs_of_wkt(vn2000), Crs::Other("GCS_VN_2000".into()));
    }

    #[test]
    fn numeric_codes_lose_their_decimal_part() {
        assert_eq!(value_text(&FieldValue::Numeric(Some(1234.0))), "1234");
        assert_eq!(value_text(&FieldValue::Numeric(Some(12.5))), "12.5");
        assert_eq!(value_text(&FieldValue::Numeric(None)), "");
        assert_eq!(
            value_text(&FieldValue::Character(Some(" Bắc Kạn ".into()))),
            "Bắc Kạn"
        );
    }
}
