//! Commune boundaries from a polygon shapefile.

use std::collections::HashSet;
use std::path::Path;

use geo::{
    Area, BoundingRect, Contains, Coord, CoordinatePosition, CoordsIter, LineString, MultiPolygon,
    Polygon,
};
use rayon::prelude::*;
use shapefile::Shape;

use super::fields::{self, choose_column};
use super::report::{ImportReport, Reason};
use super::shp;
use super::text::TextEncoding;
use crate::crs::Crs;
use crate::error::{Error, Result};
use crate::message::Msg;
use crate::model::{Commune, is_lon_lat};

/// Which attribute columns hold the commune's code, name, district and province, and the
/// text encoding of the attributes. `None` finds the column by its usual names, and the
/// encoding from the `.cpg` or by guessing.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommuneFields {
    pub code: Option<String>,
    pub name: Option<String>,
    pub district: Option<String>,
    pub province: Option<String>,
    /// The text encoding of the `.dbf`, overriding the `.cpg` and the guess.
    #[serde(default)]
    pub encoding: Option<TextEncoding>,
    /// The coordinate system of the boundaries; `None` reads the `.prj` (and takes WGS84
    /// longitude/latitude without one). When given, it wins over the `.prj`.
    #[serde(default)]
    pub crs: Option<Crs>,
}

/// The communes of a file, in file order, and the import report.
#[derive(Clone, Debug, Default)]
pub struct CommuneLayer {
    pub communes: Vec<Commune>,
    pub report: ImportReport,
}

/// Reads commune polygons (Polygon, PolygonZ, PolygonM; several parts and holes) with their
/// code, name, district and province.
/// A `.zip` holding the shapefile (in any sub-folder) is read as the shapefile.
pub fn load_communes(path: &Path, chosen: &CommuneFields) -> Result<CommuneLayer> {
    super::zipped::read_layer(
        path,
        |shp| read_communes(shp, chosen),
        |layer| &mut layer.report,
    )
}

fn read_communes(path: &Path, chosen: &CommuneFields) -> Result<CommuneLayer> {
    let shp::OpenedLayer {
        mut opened,
        crs,
        mut report,
    } = shp::open_layer(
        path,
        crate::message::Layer::Communes,
        chosen.encoding,
        chosen.crs.as_ref(),
    )?;
    let path = opened.path.clone();
    let columns = Columns::find(&path, &opened.columns, chosen)?;
    columns.note(&mut report, opened.records.is_some());
    let read = read_polygons(&mut opened, &columns, &mut report)?;
    let (communes, duplicate_codes) = keep_converted(read, crs.transformer(), &mut report);
    note_districts(&communes, &columns, &mut report);
    if duplicate_codes > 0 {
        report.note(Msg::DuplicateCodes { n: duplicate_codes });
    }
    opened.report_text(&mut report);
    if communes.is_empty() {
        return Err(Error::content(
            &path,
            Msg::NoCommunePolygon,
            Msg::RemedyCheckCommuneLayer,
        ));
    }
    Ok(CommuneLayer { communes, report })
}

/// The attribute columns of the commune's code, name, district and province.
struct Columns {
    names: Vec<String>,
    code: Option<usize>,
    name: Option<usize>,
    district: Option<usize>,
    province: Option<usize>,
}

impl Columns {
    /// The columns `chosen` names, else found by their usual names.
    fn find(path: &Path, names: &[String], chosen: &CommuneFields) -> Result<Columns> {
        let pick = |given: &Option<String>, usual: &[&str], what: &str| {
            choose_column(path, names, given.as_deref(), usual, what)
        };
        Ok(Columns {
            code: pick(&chosen.code, fields::COMMUNE_CODE, "commune code")?,
            name: pick(&chosen.name, fields::COMMUNE_NAME, "commune name")?,
            district: pick(&chosen.district, fields::DISTRICT, "district")?,
            province: pick(&chosen.province, fields::PROVINCE, "province")?,
            names: names.to_vec(),
        })
    }

    /// A column as notes name it, `—` for none.
    fn shown(&self, column: Option<usize>) -> String {
        column
            .map(|i| self.names[i].clone())
            .unwrap_or_else(|| "—".into())
    }

    /// The note naming the columns used, and those on the columns not found (only when
    /// the layer has attributes at all).
    fn note(&self, report: &mut ImportReport, has_table: bool) {
        let (code, name, province) = (
            self.shown(self.code),
            self.shown(self.name),
            self.shown(self.province),
        );
        report.note(match self.district {
            Some(_) => Msg::CommuneColumns {
                code,
                name,
                district: self.shown(self.district),
                province,
            },
            None => Msg::CommuneColumnsNoDistrict {
                code,
                name,
                province,
            },
        });
        if self.code.is_none() && has_table {
            report.note(Msg::NoCommuneCode);
        }
        if self.name.is_none() && has_table {
            report.note(Msg::NoCommuneName);
        }
    }
}

/// Every record's polygon with its attributes, in file order, coordinates as the file has
/// them; a record without a usable polygon is rejected. A commune without a code is
/// numbered by its record, one without a name named by its code.
fn read_polygons(
    opened: &mut shp::Opened,
    columns: &Columns,
    report: &mut ImportReport,
) -> Result<Vec<(u64, Commune)>> {
    let mut read: Vec<(u64, Commune)> = Vec::new();
    let mut rewound_polygons = 0u64;
    // How many polygons had a ring whose last vertex is not its first, and the first record.
    let mut unclosed_polygons = (0u64, None::<u64>);
    opened.each_record(report, |record_no, shape, record, attrs, report| {
        let Some((boundary, rewound, unclosed)) = polygon_of(shape) else {
            report.reject(Reason::BadGeometry, record_no);
            return;
        };
        rewound_polygons += u64::from(rewound);
        if unclosed {
            unclosed_polygons.0 += 1;
            unclosed_polygons.1.get_or_insert(record_no);
        }
        let text = |col: Option<usize>| match (record, col) {
            (Some(r), Some(i)) => attrs.field(r, &columns.names[i]),
            _ => String::new(),
        };
        let mut code = text(columns.code);
        if code.is_empty() {
            code = format!("#{record_no}");
        }
        let mut name = text(columns.name);
        if name.is_empty() {
            name = code.clone();
        }
        let district = text(columns.district);
        let province = text(columns.province);
        let commune = Commune {
            code,
            name,
            district,
            province,
            boundary,
        };
        read.push((record_no, commune));
    })?;
    if let (n, Some(first)) = unclosed_polygons {
        report.note(Msg::RingsNotClosed { n, first });
    }
    if rewound_polygons > 0 {
        report.note(Msg::RingsByContainment {
            n: rewound_polygons,
        });
    }
    Ok(read)
}

/// The communes converted to WGS84 on all cores, in file order, and how many repeat an
/// earlier code; one with a vertex that fails to convert or lies outside
/// longitude/latitude is rejected.
fn keep_converted(
    mut read: Vec<(u64, Commune)>,
    transformer: Option<&crate::crs::Transformer>,
    report: &mut ImportReport,
) -> (Vec<Commune>, u64) {
    // Per polygon: did a vertex fail to convert?
    let unconverted: Vec<bool> = match transformer {
        Some(t) => (read.par_iter_mut())
            .map(|(_, c)| t.multi_polygon_to_wgs84(&mut c.boundary) > 0)
            .collect(),
        None => vec![false; read.len()],
    };
    let mut communes = Vec::with_capacity(read.len());
    let mut codes = HashSet::new();
    let mut duplicate_codes = 0u64;
    for ((record_no, commune), unconverted) in read.into_iter().zip(unconverted) {
        // A vertex that is no number (a damaged record) would be passed over by the bounding
        // box and then break every containment test.
        let in_range =
            commune.boundary.bounding_rect().is_some_and(|r| {
                is_lon_lat(r.min().x, r.min().y) && is_lon_lat(r.max().x, r.max().y)
            }) && commune
                .boundary
                .coords_iter()
                .all(|c| c.x.is_finite() && c.y.is_finite());
        if unconverted || !in_range {
            report.reject(Reason::CoordinatesOutOfRange, record_no);
            continue;
        }
        if !codes.insert(commune.code.clone()) {
            duplicate_codes += 1;
        }
        communes.push(commune);
        report.rows_used += 1;
    }
    (communes, duplicate_codes)
}

/// The notes on a district column that is empty for every commune, or for some.
fn note_districts(communes: &[Commune], columns: &Columns, report: &mut ImportReport) {
    let Some(_) = columns.district else {
        return;
    };
    let without_district = communes.iter().filter(|c| c.district.is_empty()).count();
    if without_district == communes.len() {
        report.note(Msg::DistrictColumnEmpty {
            column: columns.shown(columns.district),
        });
    } else if without_district > 0 {
        report.note(Msg::CommunesWithoutDistrict {
            n: without_district as u64,
        });
    }
}

/// The polygon of a shape, dropping Z and M; `None` for empty or non-polygon shapes. The
/// flag is true when the rings' winding did not tell outer rings from holes and they were
/// organised by containment instead; the second when a ring was not closed (its last vertex
/// not its first, which the format requires: a damaged record, or a careless writer).
/// A vertex outside the record's own bounding box makes it `None`.
pub(super) fn polygon_of(shape: Shape) -> Option<(MultiPolygon<f64>, bool, bool)> {
    let (rings, bbox): (Vec<Vec<Coord<f64>>>, _) = match &shape {
        Shape::Polygon(p) => (rings_of(p.rings()), bbox_of(p.bbox())),
        Shape::PolygonM(p) => (rings_of(p.rings()), bbox_of(p.bbox())),
        Shape::PolygonZ(p) => (rings_of(p.rings()), bbox_of(p.bbox())),
        _ => return None,
    };
    if !within(&rings, bbox) {
        return None;
    }
    let unclosed = rings.iter().any(|r| r.first() != r.last());
    let by_winding: Option<MultiPolygon<f64>> = match shape {
        Shape::Polygon(p) => p.try_into().ok(),
        Shape::PolygonM(p) => p.try_into().ok(),
        Shape::PolygonZ(p) => p.try_into().ok(),
        _ => None,
    };
    if let Some(multi) = by_winding.filter(holes_inside) {
        return (!multi.0.is_empty()).then_some((multi, false, unclosed));
    }
    let multi = by_containment(rings);
    (!multi.0.is_empty()).then_some((multi, true, unclosed))
}

/// A record's bounding box as its corners.
fn bbox_of<P: shapefile::record::traits::HasXY>(
    bbox: &shapefile::record::GenericBBox<P>,
) -> [Coord<f64>; 2] {
    [
        Coord {
            x: bbox.min.x(),
            y: bbox.min.y(),
        },
        Coord {
            x: bbox.max.x(),
            y: bbox.max.y(),
        },
    ]
}

/// Whether every vertex lies in the bounding box its record gives, with room for rounding.
/// Writers compute that box from the vertices: one far outside it (a vertex at 0°, or no
/// number) is a damaged record.
/// A box that is no box (not numbers, or all zero as some writers leave it) says nothing.
fn within(rings: &[Vec<Coord<f64>>], [min, max]: [Coord<f64>; 2]) -> bool {
    let corners = [min.x, min.y, max.x, max.y];
    if corners.iter().any(|v| !v.is_finite()) || corners.iter().all(|&v| v == 0.0) {
        return true;
    }
    let room = |a: f64, b: f64| 1e-9 * a.abs().max(b.abs()).max(1.0);
    let (dx, dy) = (room(min.x, max.x), room(min.y, max.y));
    rings.iter().flatten().all(|c| {
        (min.x - dx..=max.x + dx).contains(&c.x) && (min.y - dy..=max.y + dy).contains(&c.y)
    })
}

fn rings_of<P: Copy>(rings: &[shapefile::PolygonRing<P>]) -> Vec<Vec<Coord<f64>>>
where
    Coord<f64>: From<P>,
{
    rings
        .iter()
        .map(|r| r.points().iter().map(|&p| Coord::from(p)).collect())
        .collect()
}

/// True when every hole lies inside its polygon's outer ring: the winding was right.
fn holes_inside(multi: &MultiPolygon<f64>) -> bool {
    multi.0.iter().all(|polygon| {
        let outer = Polygon::new(polygon.exterior().clone(), vec![]);
        polygon
            .interiors()
            .iter()
            .all(|hole| ring_inside(&hole.0, &outer))
    })
}

/// Whether `ring` lies inside `outer`: a vertex of it strictly inside (rings that touch share
/// vertices, so one vertex is not enough).
fn ring_inside(ring: &[Coord<f64>], outer: &Polygon<f64>) -> bool {
    // A sample of the vertices: testing all of a long ring against a long outer ring would
    // cost their product.
    let step = (ring.len() / 16).max(1);
    let sample = || ring.iter().step_by(step);
    sample().any(|&c| outer.contains(&c))
        && !sample()
            .any(|&c| outer.coordinate_position(&c) == geo::coordinate_position::CoordPos::Outside)
}

/// Rings organised as GDAL organises the rings of a shape whose winding is wrong: from the
/// largest to the smallest, a ring inside an outer ring is its hole, a ring inside a hole is
/// an island (an outer ring again), whatever the way each is wound.
fn by_containment(rings: Vec<Vec<Coord<f64>>>) -> MultiPolygon<f64> {
    let mut rings: Vec<LineString<f64>> = rings
        .into_iter()
        .filter(|r| r.len() >= 4)
        .map(LineString::from)
        .collect();
    rings.sort_by(|a, b| {
        let area = |r: &LineString<f64>| Polygon::new(r.clone(), vec![]).unsigned_area();
        area(b).total_cmp(&area(a))
    });
    // For each ring placed: its polygon (outer only) and whether it is an outer ring, with
    // the index of the polygon it belongs to.
    let mut placed: Vec<(Polygon<f64>, bool, usize)> = Vec::new();
    let mut polygons: Vec<Polygon<f64>> = Vec::new();
    for ring in rings {
        // The smallest ring already placed that holds this one: the last in area order.
        let parent = placed
            .iter()
            .rev()
            .find(|(outer, _, _)| ring_inside(&ring.0, outer));
        match parent {
            Some(&(_, true, owner)) => {
                polygons[owner].interiors_push(ring.clone());
                placed.push((Polygon::new(ring, vec![]), false, owner));
            }
            _ => {
                polygons.push(Polygon::new(ring.clone(), vec![]));
                placed.push((Polygon::new(ring, vec![]), true, polygons.len() - 1));
            }
        }
    }
    MultiPolygon::new(polygons)
}
