//! Village points from a point shapefile, or from a village list (CSV or an Excel
//! workbook) with longitude/latitude or projected X/Y columns — see
//! [`super::village_list`].

use std::path::Path;

use geo::Point;
use shapefile::Shape;

use super::facts::{FactColumns, FactReader};
use super::fields::{self, choose_column};
use super::paths::is_shapefile;
use super::report::Reason;
use super::shp;
use super::village_layer::finish;
pub use super::village_layer::{VillageLayer, VillageOptions};
use super::village_list::{self, Role};
use crate::error::{Error, Result};
use crate::message::Msg;
use crate::model::{ListedUnits, Village, is_lon_lat};

/// Reads villages from a point shapefile (`.shp`), a delimited text file (`.csv`, `.txt`,
/// `.tsv`) or a workbook (`.xlsx`, `.xls`, `.xlsm`, `.xlsb`, `.ods`) with longitude and
/// latitude columns (or X/Y in metres, with a projected [`VillageOptions::crs`]). A list
/// whose columns or coordinate system cannot be told for sure is refused with a message
/// that names the columns found, the systems the values suggest and the flags (options) to
/// pass; see [`village_list::preview`] for what a dialog can show instead.
pub fn load_villages(path: &Path, options: &VillageOptions) -> Result<VillageLayer> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        _ if is_shapefile(path) => load_shapefile(path, options),
        _ if village_list::is_spreadsheet(path) => village_list::load_list(path, options),
        Some("csv" | "txt" | "tsv") => village_list::load_list(path, options),
        _ => Err(Error::content(
            path,
            Msg::VillageFormats,
            Msg::RemedyChooseVillages,
        )),
    }
}

fn load_shapefile(path: &Path, options: &VillageOptions) -> Result<VillageLayer> {
    super::zipped::read_layer(
        path,
        |shp| read_shapefile(shp, options),
        |layer| &mut layer.report,
    )
}

fn read_shapefile(path: &Path, options: &VillageOptions) -> Result<VillageLayer> {
    let shp::OpenedLayer {
        mut opened,
        crs: layer_crs,
        mut report,
    } = shp::open_layer(
        path,
        crate::message::Layer::Villages,
        options.encoding,
        options.crs.as_ref(),
    )?;
    let path = opened.path.clone();
    let transformer = layer_crs.transformer();
    let columns = opened.columns.clone();
    let name_col = name_column(&path, &columns, options)?;
    report.note(match name_col {
        Some(i) => Msg::VillageNameColumn {
            column: columns[i].clone(),
        },
        None => Msg::NoVillageNameColumn,
    });
    let listed_cols = listed_columns(&path, &columns, name_col, options)?;
    let fact_cols = fact_columns(&path, &columns, name_col, options)?;
    let mut facts = FactReader::new(fact_cols);
    // Every column is kept beside the results but the name, which they carry already.
    let own_cols: Vec<usize> = (0..columns.len())
        .filter(|i| Some(*i) != name_col)
        .collect();
    let in_extent = Extent::of(&opened.bbox);
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
        let Some((x, y)) = location.filter(|&(x, y)| in_extent.holds(x, y)) else {
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
        let text = |col: Option<usize>| match (record, col) {
            (Some(r), Some(c)) => attrs.field(r, &columns[c]),
            _ => String::new(),
        };
        villages.push(Village {
            name: text(name_col),
            location: Point::new(lon, lat),
            record: record_no,
            listed: ListedUnits {
                commune: text(listed_cols[0]),
                district: text(listed_cols[1]),
                province: text(listed_cols[2]),
            },
            facts: facts.read(record_no, |i| text(Some(i))),
            own: own_cols.iter().map(|&i| text(Some(i))).collect(),
        });
        report.rows_used += 1;
    })?;
    for note in facts.notes(|i| format!("\"{}\"", columns[i])) {
        report.note(note);
    }
    opened.report_text(&mut report);
    let own_columns = own_cols.iter().map(|&i| columns[i].clone()).collect();
    finish(&path, villages, report, own_columns)
}

/// The column playing `role`: the one the options name (`given`), else the best by its
/// usual names (never the name column).
fn role_column(
    path: &Path,
    columns: &[String],
    name_col: Option<usize>,
    given: &Option<String>,
    role: Role,
) -> Result<Option<usize>> {
    let found = choose_column(path, columns, given.as_deref(), &[], role.label())?;
    Ok(found.or_else(|| {
        (columns.iter().enumerate())
            .filter(|(i, _)| Some(*i) != name_col)
            .filter_map(|(i, c)| role.rank(c).map(|r| (r, i)))
            .min()
            .map(|(_, i)| i)
    }))
}

/// The columns naming each village's commune, district and province.
fn listed_columns(
    path: &Path,
    columns: &[String],
    name_col: Option<usize>,
    options: &VillageOptions,
) -> Result<[Option<usize>; 3]> {
    let unit = |given, role| role_column(path, columns, name_col, given, role);
    Ok([
        unit(&options.commune_field, Role::Commune)?,
        unit(&options.district_field, Role::District)?,
        unit(&options.province_field, Role::Province)?,
    ])
}

/// The columns of the village code, households, population and grid power.
fn fact_columns(
    path: &Path,
    columns: &[String],
    name_col: Option<usize>,
    options: &VillageOptions,
) -> Result<FactColumns> {
    let fact = |given, role| role_column(path, columns, name_col, given, role);
    Ok(FactColumns {
        code: fact(&options.code_field, Role::Code)?,
        households: fact(&options.households_field, Role::Households)?,
        population: fact(&options.population_field, Role::Population)?,
        grid_power: fact(&options.power_field, Role::GridPower)?,
    })
}

/// The layer's extent as its header gives it (or as computed from the points when it is no
/// number): writers compute it from the points, so a point outside it is a damaged record
/// (a coordinate zeroed, say).
struct Extent {
    min: (f64, f64),
    max: (f64, f64),
    /// Room for rounding in the writer, per axis.
    room: (f64, f64),
    /// An extent that is all zero, as some writers leave it, says nothing.
    unknown: bool,
}

impl Extent {
    fn of(bbox: &shapefile::record::GenericBBox<shapefile::PointZ>) -> Extent {
        let room = |a: f64, b: f64| 1e-9 * a.abs().max(b.abs()).max(1.0);
        let corners = [bbox.min.x, bbox.min.y, bbox.max.x, bbox.max.y];
        Extent {
            min: (bbox.min.x, bbox.min.y),
            max: (bbox.max.x, bbox.max.y),
            room: (room(bbox.min.x, bbox.max.x), room(bbox.min.y, bbox.max.y)),
            unknown: corners.iter().all(|&v| v == 0.0),
        }
    }

    fn holds(&self, x: f64, y: f64) -> bool {
        let (dx, dy) = self.room;
        self.unknown
            || (self.min.0 - dx..=self.max.0 + dx).contains(&x)
                && (self.min.1 - dy..=self.max.1 + dy).contains(&y)
    }
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
