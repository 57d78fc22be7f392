//! Commune boundaries from a polygon shapefile.

use std::collections::HashSet;
use std::path::Path;

use geo::{BoundingRect, MultiPolygon};
use shapefile::{Shape, ShapeType};

use super::fields::{self, choose_column};
use super::report::{ImportReport, Reason};
use super::shp;
use crate::error::{Error, Result};
use crate::model::{Commune, is_lon_lat};

/// Which attribute columns hold the commune's code, name, district and province. `None`
/// finds the column by its usual names.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommuneFields {
    pub code: Option<String>,
    pub name: Option<String>,
    pub district: Option<String>,
    pub province: Option<String>,
}

/// The communes of a file, in file order, and the import report.
#[derive(Clone, Debug, Default)]
pub struct CommuneLayer {
    pub communes: Vec<Commune>,
    pub report: ImportReport,
}

/// Reads commune polygons (Polygon, PolygonZ, PolygonM; several parts and holes) with their
/// code, name, district and province.
pub fn load_communes(path: &Path, chosen: &CommuneFields) -> Result<CommuneLayer> {
    let mut opened = shp::open(path, "communes")?;
    let path = opened.path.clone();
    let mut report = ImportReport::new(&path, "ESRI shapefile (polygons)");
    for note in opened.notes.drain(..) {
        report.note(note);
    }

    let shape_type = opened.shapes.header().shape_type;
    if !matches!(
        shape_type,
        ShapeType::Polygon | ShapeType::PolygonZ | ShapeType::PolygonM
    ) {
        return Err(Error::content(
            &path,
            format!("this is a {shape_type} layer, but commune boundaries must be polygons"),
            "Choose the commune boundary layer (polygons); villages go under --villages.",
        ));
    }
    shp::check_bbox(&path, &opened.shapes.header().bbox)?;

    let columns = opened.columns.clone();
    let pick = |given: &Option<String>, usual: &[&str], what: &str| {
        choose_column(&path, &columns, given.as_deref(), usual, what)
    };
    let code_col = pick(&chosen.code, fields::COMMUNE_CODE, "commune code")?;
    let name_col = pick(&chosen.name, fields::COMMUNE_NAME, "commune name")?;
    let district_col = pick(&chosen.district, fields::DISTRICT, "district")?;
    let province_col = pick(&chosen.province, fields::PROVINCE, "province")?;
    let shown = |c: Option<usize>| c.map(|i| columns[i].clone()).unwrap_or_else(|| "—".into());
    match district_col {
        Some(_) => report.note(format!(
            "columns used: code {}, name {}, district {}, province {}",
            shown(code_col),
            shown(name_col),
            shown(district_col),
            shown(province_col)
        )),
        None => report.note(format!(
            "columns used: code {}, name {}, province {}; two levels, province and commune, as in boundaries after the July 2025 reform",
            shown(code_col),
            shown(name_col),
            shown(province_col)
        )),
    }
    if code_col.is_none() && opened.records.is_some() {
        report.note("no commune code column found: communes are numbered by record (use --commune-code-field)");
    }
    if name_col.is_none() && opened.records.is_some() {
        report.note("no commune name column found (use --commune-name-field)");
    }

    let mut communes = Vec::new();
    let mut codes = HashSet::new();
    let mut duplicate_codes = 0u64;
    opened.each_record(&mut report, |record_no, shape, record, attrs, report| {
        let Some(boundary) = polygon_of(shape) else {
            report.reject(Reason::BadGeometry, record_no);
            return;
        };
        let in_range = boundary
            .bounding_rect()
            .is_some_and(|r| is_lon_lat(r.min().x, r.min().y) && is_lon_lat(r.max().x, r.max().y));
        if !in_range {
            report.reject(Reason::CoordinatesOutOfRange, record_no);
            return;
        }
        let text = |col: Option<usize>| match (record, col) {
            (Some(r), Some(i)) => attrs.field(r, &columns[i]),
            _ => String::new(),
        };
        let mut code = text(code_col);
        if code.is_empty() {
            code = format!("#{record_no}");
        }
        if !codes.insert(code.clone()) {
            duplicate_codes += 1;
        }
        let mut name = text(name_col);
        if name.is_empty() {
            name = code.clone();
        }
        communes.push(Commune {
            code,
            name,
            district: text(district_col),
            province: text(province_col),
            boundary,
        });
        report.rows_used += 1;
    })?;
    let without_district = communes.iter().filter(|c| c.district.is_empty()).count();
    if district_col.is_some() && without_district == communes.len() {
        report.note(format!(
            "the district column {} is empty in every record: figures go from communes to provinces",
            shown(district_col)
        ));
    } else if district_col.is_some() && without_district > 0 {
        report.note(format!(
            "{without_district} communes have no district: they count in their province but in no district"
        ));
    }
    if duplicate_codes > 0 {
        report.note(format!(
            "{duplicate_codes} communes share a code with an earlier one; figures are still kept apart per polygon"
        ));
    }
    if let Some(note) = opened.encoding_note() {
        report.note(note);
    }
    if communes.is_empty() {
        return Err(Error::content(
            &path,
            "no usable commune polygon in the file",
            "Check that this is the commune boundary layer and that it is not empty.",
        ));
    }
    Ok(CommuneLayer { communes, report })
}

/// The polygon of a shape, dropping Z and M; `None` for empty or non-polygon shapes.
fn polygon_of(shape: Shape) -> Option<MultiPolygon<f64>> {
    let multi: MultiPolygon<f64> = match shape {
        Shape::Polygon(p) => p.try_into().ok()?,
        Shape::PolygonM(p) => p.try_into().ok()?,
        Shape::PolygonZ(p) => p.try_into().ok()?,
        _ => return None,
    };
    (!multi.0.is_empty()).then_some(multi)
}
