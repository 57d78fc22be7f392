//! Village points from a point shapefile or a CSV list with longitude/latitude columns.

use std::path::Path;

use geo::Point;
use shapefile::{Shape, ShapeType};

use super::fields::{self, choose_column, find_column, named_column};
use super::report::{ImportReport, Reason};
use super::shp;
use super::text::{self, TextEncoding};
use crate::crs::Crs;
use crate::error::{Error, Result};
use crate::model::{Village, is_lon_lat};

/// Column and text-encoding choices for village files; `None` finds the column by its usual
/// names, and the encoding from the `.cpg` (or a byte-order mark) or by guessing.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VillageOptions {
    pub name_field: Option<String>,
    pub lon_field: Option<String>,
    pub lat_field: Option<String>,
    /// The text encoding of the `.dbf` or the CSV, overriding the `.cpg` and the guess.
    #[serde(default)]
    pub encoding: Option<TextEncoding>,
    /// The coordinate system of the villages; `None` reads the shapefile's `.prj` (and takes
    /// WGS84 longitude/latitude without one). When given, it wins over the `.prj`.
    #[serde(default)]
    pub crs: Option<Crs>,
}

/// The villages of a file, in file order, and the import report.
#[derive(Clone, Debug, Default)]
pub struct VillageLayer {
    pub villages: Vec<Village>,
    pub report: ImportReport,
}

/// A village list larger than this is surely not one (80,000 villages fit in a few MB).
const MAX_CSV_BYTES: u64 = 512 * 1024 * 1024;

/// Reads villages from a point shapefile (`.shp`) or a delimited text file (`.csv`, `.txt`,
/// `.tsv`) with longitude and latitude columns.
pub fn load_villages(path: &Path, options: &VillageOptions) -> Result<VillageLayer> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("shp" | "dbf" | "shx") => load_shapefile(path, options),
        Some("csv" | "txt" | "tsv") => load_csv(path, options),
        Some("xlsx" | "xls" | "ods") => Err(Error::content(
            path,
            "village lists in Excel are not read yet",
            "Save the sheet as CSV (UTF-8) with longitude and latitude columns and load that.",
        )),
        _ => Err(Error::content(
            path,
            "villages are read from a point shapefile (.shp) or a CSV list (.csv)",
            "Choose the .shp of the village layer, or a .csv with lon and lat columns.",
        )),
    }
}

fn load_shapefile(path: &Path, options: &VillageOptions) -> Result<VillageLayer> {
    let mut opened = shp::open(path, "villages", options.encoding)?;
    let path = opened.path.clone();
    let layer_crs = shp::LayerCrs::of(&path, options.crs.as_ref(), "--village-crs")?;
    let mut report = ImportReport::new(&path, "ESRI shapefile (points)");
    for note in opened
        .notes
        .drain(..)
        .chain(layer_crs.notes.iter().cloned())
    {
        report.note(note);
    }
    let shape_type = opened.shapes.header().shape_type;
    if !matches!(
        shape_type,
        ShapeType::Point
            | ShapeType::PointZ
            | ShapeType::PointM
            | ShapeType::Multipoint
            | ShapeType::MultipointZ
            | ShapeType::MultipointM
    ) {
        return Err(Error::content(
            &path,
            format!("this is a {shape_type} layer, but villages must be points"),
            "Choose the village layer (points); commune boundaries go under --communes.",
        ));
    }
    layer_crs.check_bbox(&path, &opened.shapes.header().bbox)?;
    let transformer = layer_crs.transformer();
    let columns = opened.columns.clone();
    let name_col = name_column(&path, &columns, options)?;
    report.note(format!(
        "village name column: {}",
        name_col
            .map(|i| columns[i].as_str())
            .unwrap_or("none found (use --village-name-field)")
    ));

    let mut villages = Vec::new();
    opened.each_record(&mut report, |record_no, shape, record, attrs, report| {
        let location = match shape {
            Shape::Point(p) => Some((p.x, p.y)),
            Shape::PointZ(p) => Some((p.x, p.y)),
            Shape::PointM(p) => Some((p.x, p.y)),
            Shape::Multipoint(m) => m.points().first().map(|p| (p.x, p.y)),
            Shape::MultipointZ(m) => m.points().first().map(|p| (p.x, p.y)),
            Shape::MultipointM(m) => m.points().first().map(|p| (p.x, p.y)),
            _ => None,
        };
        let Some((x, y)) = location else {
            report.reject(Reason::BadGeometry, record_no);
            return;
        };
        let (lon, lat) = match transformer {
            Some(t) => t.to_wgs84(x, y).unwrap_or((f64::NAN, f64::NAN)),
            None => (x, y),
        };
        if !is_lon_lat(lon, lat) {
            report.reject(Reason::CoordinatesOutOfRange, record_no);
            return;
        }
        let name = match (record, name_col) {
            (Some(r), Some(c)) => attrs.field(r, &columns[c]),
            _ => String::new(),
        };
        villages.push(Village {
            name,
            location: Point::new(lon, lat),
            record: record_no,
        });
        report.rows_used += 1;
    })?;
    opened.report_text(&mut report);
    finish(&path, villages, report)
}

fn name_column(path: &Path, columns: &[String], options: &VillageOptions) -> Result<Option<usize>> {
    choose_column(
        path,
        columns,
        options.name_field.as_deref(),
        fields::VILLAGE_NAME,
        "village name",
    )
}

fn load_csv(path: &Path, options: &VillageOptions) -> Result<VillageLayer> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_CSV_BYTES {
        return Err(Error::content(
            path,
            format!(
                "the file is {} MB, far too large for a village list",
                size / (1024 * 1024)
            ),
            "Check that this is the village list and not a signal log (signal logs go under --samples).",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut report = ImportReport::new(path, "CSV village list");
    let mut notes = Vec::new();
    let (text, text_report) =
        text::decode_file(&bytes, options.encoding, "--village-encoding", &mut notes);
    for note in notes {
        report.note(note);
    }
    report.text_encoding = Some(text_report);
    let text = text.trim_start_matches('\u{feff}');
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if header_line.is_empty() {
        return Err(Error::content(
            path,
            "the file is empty",
            "Choose the village list with a header row.",
        ));
    }
    let delimiter = [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let decimal_comma = delimiter != b',';
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(|e| {
            Error::content(
                path,
                format!("the header row cannot be read ({e})"),
                "Save the list as CSV UTF-8.",
            )
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let coordinate = |given: &Option<String>, usual: &[&str], what: &str| -> Result<usize> {
        let found = match given {
            Some(name) => named_column(&columns, name),
            None => find_column(&columns, usual),
        };
        found.ok_or_else(|| {
            Error::content(
                path,
                format!("no {what} column (looked for {}); the columns are: {}", usual.join(", "), columns.join(", ")),
                format!("Name the {what} column lon/lat (or kinh_do/vi_do), or give it with --village-{}-field.", &what[..3]),
            )
        })
    };
    let lon_col = coordinate(&options.lon_field, fields::LONGITUDE, "longitude")?;
    let lat_col = coordinate(&options.lat_field, fields::LATITUDE, "latitude")?;
    let name_col = name_column(path, &columns, options)?;
    report.note(format!(
        "columns used: longitude {}, latitude {}, name {}",
        columns[lon_col],
        columns[lat_col],
        name_col
            .map(|i| columns[i].as_str())
            .unwrap_or("none found (use --village-name-field)")
    ));

    let parse = |s: &str| -> Option<f64> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if decimal_comma {
            s.replace(',', ".").parse().ok()
        } else {
            s.parse().ok()
        }
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                report.rows_read += 1;
                report.reject(Reason::MalformedRow, line);
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        report.rows_read += 1;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        match (
            record.get(lon_col).and_then(parse),
            record.get(lat_col).and_then(parse),
        ) {
            (Some(lon), Some(lat)) => {
                let name = name_col
                    .and_then(|c| record.get(c))
                    .unwrap_or("")
                    .to_string();
                rows.push((lon, lat, name, line));
            }
            _ => report.reject(Reason::MissingCoordinates, line),
        }
    }
    if let Some(crs) = options.crs.as_ref().filter(|c| !c.is_wgs84()) {
        convert_rows(path, crs, &mut rows, &mut report)?;
    }
    let swapped = rows
        .iter()
        .filter(|(lon, lat, ..)| lat.abs() > 90.0 && lon.abs() <= 90.0)
        .count();
    let swap = swapped * 2 > rows.len();
    if swap {
        report.note(format!(
            "latitude and longitude are swapped in this file ({swapped} of {} rows have a latitude beyond ±90°): read the other way round",
            rows.len()
        ));
    }
    let mut villages = Vec::with_capacity(rows.len());
    for (lon, lat, name, line) in rows {
        let (lon, lat) = if swap { (lat, lon) } else { (lon, lat) };
        if !is_lon_lat(lon, lat) {
            report.reject(Reason::CoordinatesOutOfRange, line);
            continue;
        }
        villages.push(Village {
            name,
            location: Point::new(lon, lat),
            record: line,
        });
        report.rows_used += 1;
    }
    finish(path, villages, report)
}

/// Converts the coordinate columns of a list in `crs` to WGS84 longitude/latitude in place.
/// Projected pairs may come either way round (Vietnamese surveys call the northing X): see
/// [`crate::crs::easting_northing`].
fn convert_rows(
    path: &Path,
    crs: &Crs,
    rows: &mut [(f64, f64, String, u64)],
    report: &mut ImportReport,
) -> Result<()> {
    let t = crs.transformer().map_err(|e| {
        Error::Usage(format!(
            "{}: the coordinate system chosen for it cannot be used: {e}. Choose another.",
            path.display()
        ))
    })?;
    let mut turned = 0;
    for row in rows.iter_mut() {
        let (x, y) = if crs.is_projected() {
            let (e, n) = crate::crs::easting_northing(row.0, row.1);
            if (e, n) != (row.0, row.1) {
                turned += 1;
            }
            (e, n)
        } else {
            (row.0, row.1)
        };
        (row.0, row.1) = t.to_wgs84(x, y).unwrap_or((f64::NAN, f64::NAN));
    }
    report.note(format!(
        "coordinates in {} (as chosen) converted to WGS84",
        crs.label()
    ));
    if turned > 0 {
        report.note(format!(
            "in {turned} of {} rows the first coordinate column holds the northing (X in Vietnamese surveys): read as easting and northing",
            rows.len()
        ));
    }
    Ok(())
}

fn finish(path: &Path, villages: Vec<Village>, report: ImportReport) -> Result<VillageLayer> {
    if villages.is_empty() {
        return Err(Error::content(
            path,
            format!(
                "no village with usable coordinates ({} rows read)",
                report.rows_read
            ),
            "Check that the file is the village list and that its coordinates are longitude/latitude in degrees.",
        ));
    }
    Ok(VillageLayer { villages, report })
}
