//! Background layers: any point, line or polygon shapefile drawn under the coverage layers
//! for orientation (roads, rivers, towns, the Geofabrik OpenStreetMap layers officials
//! download). Nothing here takes part in the rule: a background layer is read, converted to
//! longitude/latitude and kept with each feature's class and name, for the map to style.

use std::path::{Path, PathBuf};

use geo::{BoundingRect, CoordsIter, MultiPolygon};
use serde::{Deserialize, Serialize};
use shapefile::Shape;

use super::fields::find_column;
use super::report::{ImportReport, Reason};
use super::shp;
use crate::error::Result;
use crate::message::Layer;
use crate::model::is_lon_lat;

/// The kind of shapes a background layer holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Geometry {
    Points,
    Lines,
    Polygons,
}

/// What a layer shows, as far as its name and columns tell: what its style follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Towns, villages, hamlets (OSM `places`).
    Places,
    Roads,
    Railways,
    /// Rivers and streams as lines.
    Waterways,
    /// Lakes, reservoirs, wide rivers as areas.
    Water,
    /// Anything else: drawn by its kind of shape alone.
    Other,
}

/// One feature in WGS84 longitude/latitude: a point, a line's parts, or a polygon.
#[derive(Clone, Debug, PartialEq)]
pub enum FeatureShape {
    Point([f64; 2]),
    Lines(Vec<Vec<[f64; 2]>>),
    Area(MultiPolygon<f64>),
}

/// One feature of a background layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    pub shape: FeatureShape,
    /// Its class as the file writes it, lower case (OSM `fclass`: `town`, `primary`, `river`);
    /// empty when the file has none.
    pub class: String,
    /// Its name; empty when it has none.
    pub name: String,
}

/// A background layer as read.
#[derive(Clone, Debug)]
pub struct BackgroundLayer {
    pub path: PathBuf,
    pub geometry: Geometry,
    pub theme: Theme,
    pub features: Vec<Feature>,
    pub report: ImportReport,
}

impl BackgroundLayer {
    /// Whether this is one of Geofabrik's OpenStreetMap layers (`gis_osm_…`), whose
    /// attribution every map drawn with it must carry.
    pub fn is_openstreetmap(&self) -> bool {
        self.title().to_ascii_lowercase().starts_with("gis_osm_")
    }

    /// The layer's name as the user knows it: its file's name without the extension.
    pub fn title(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Columns that hold a feature's class: OSM's `fclass` first, then the usual names.
const CLASS: &[&str] = &[
    "fclass", "highway", "waterway", "railway", "place", "type", "loai",
];
/// Columns that hold a feature's name.
const NAME: &[&str] = &["name", "ten", "ten_", "name_vi", "name_en", "label"];

/// Reads the shapefile at `path` (or a `.zip` holding one) as a background layer. Shapes
/// that are empty or have a vertex outside longitude/latitude once converted are rejected
/// and counted in the report.
pub fn load_background(path: &Path) -> Result<BackgroundLayer> {
    super::zipped::read_layer(path, read_background, |layer| &mut layer.report)
}

fn read_background(path: &Path) -> Result<BackgroundLayer> {
    let shp::OpenedLayer {
        mut opened,
        crs,
        mut report,
    } = shp::open_layer(path, Layer::Background, None, None)?;
    let path = opened.path.clone();
    let transformer = crs.transformer();
    let class_col = find_column(&opened.columns, CLASS).map(|i| opened.columns[i].clone());
    let name_col = find_column(&opened.columns, NAME).map(|i| opened.columns[i].clone());
    let mut features = Vec::new();
    opened.each_record(&mut report, |record_no, shape, record, attrs, report| {
        let text = |col: &Option<String>| match (record, col) {
            (Some(r), Some(c)) => attrs.field(r, c),
            _ => String::new(),
        };
        let Some(mut shape) = shape_of(shape) else {
            report.reject(Reason::BadGeometry, record_no);
            return;
        };
        let converted = transformer.as_ref().is_none_or(|t| to_wgs84(&mut shape, t));
        if !converted || !in_lon_lat(&shape) {
            report.reject(Reason::CoordinatesOutOfRange, record_no);
            return;
        }
        features.push(Feature {
            shape,
            class: text(&class_col).to_lowercase(),
            name: text(&name_col),
        });
        report.rows_used += 1;
    })?;
    let geometry = match features.first().map(|f| &f.shape) {
        Some(FeatureShape::Lines(_)) => Geometry::Lines,
        Some(FeatureShape::Area(_)) => Geometry::Polygons,
        _ => Geometry::Points,
    };
    let theme = theme_of(&path, geometry);
    Ok(BackgroundLayer {
        path,
        geometry,
        theme,
        features,
        report,
    })
}

/// What a layer shows, from its file's name: Geofabrik's (`gis_osm_roads_free_1`) or the
/// words officials use (`duong`, `giao_thong`, `song_suoi`, `thuy_he`).
pub fn theme_of(path: &Path, geometry: Geometry) -> Theme {
    let stem = crate::fold::fold_key(&path.file_stem().unwrap_or_default().to_string_lossy());
    let has = |words: &[&str]| words.iter().any(|w| stem.contains(w));
    match geometry {
        Geometry::Points if has(&["place", "diadanh", "dancu", "town"]) => Theme::Places,
        Geometry::Lines if has(&["railway", "duongsat"]) => Theme::Railways,
        Geometry::Lines if has(&["road", "duong", "giaothong", "street", "highway"]) => {
            Theme::Roads
        }
        Geometry::Lines if has(&["waterway", "river", "song", "suoi", "thuyhe", "kenh"]) => {
            Theme::Waterways
        }
        Geometry::Polygons if has(&["water", "lake", "ho", "thuyhe", "song"]) => Theme::Water,
        _ => Theme::Other,
    }
}

/// A shapefile shape as a background feature, Z and M dropped; `None` for an empty shape or
/// a multipatch.
fn shape_of(shape: Shape) -> Option<FeatureShape> {
    let points = |ps: &[shapefile::Point]| ps.iter().map(|p| [p.x, p.y]).collect::<Vec<_>>();
    let shape = match shape {
        Shape::Point(p) => FeatureShape::Point([p.x, p.y]),
        Shape::PointM(p) => FeatureShape::Point([p.x, p.y]),
        Shape::PointZ(p) => FeatureShape::Point([p.x, p.y]),
        Shape::Multipoint(m) => FeatureShape::Point(*points(m.points()).first()?),
        Shape::MultipointM(m) => FeatureShape::Point(m.points().first().map(|p| [p.x, p.y])?),
        Shape::MultipointZ(m) => FeatureShape::Point(m.points().first().map(|p| [p.x, p.y])?),
        Shape::Polyline(l) => FeatureShape::Lines(l.parts().iter().map(|p| points(p)).collect()),
        Shape::PolylineM(l) => FeatureShape::Lines(
            (l.parts().iter())
                .map(|p| p.iter().map(|q| [q.x, q.y]).collect())
                .collect(),
        ),
        Shape::PolylineZ(l) => FeatureShape::Lines(
            (l.parts().iter())
                .map(|p| p.iter().map(|q| [q.x, q.y]).collect())
                .collect(),
        ),
        polygon @ (Shape::Polygon(_) | Shape::PolygonM(_) | Shape::PolygonZ(_)) => {
            FeatureShape::Area(super::communes::polygon_of(polygon)?.0)
        }
        Shape::NullShape | Shape::Multipatch(_) => return None,
    };
    let empty = match &shape {
        FeatureShape::Point(_) => false,
        FeatureShape::Lines(parts) => parts.iter().all(|p| p.len() < 2),
        FeatureShape::Area(a) => a.0.is_empty(),
    };
    (!empty).then_some(shape)
}

/// Converts the shape to WGS84 in place; false when a vertex does not convert.
fn to_wgs84(shape: &mut FeatureShape, t: &crate::crs::Transformer) -> bool {
    let convert = |p: &mut [f64; 2]| match t.to_wgs84(p[0], p[1]) {
        Some((x, y)) => {
            *p = [x, y];
            true
        }
        None => false,
    };
    match shape {
        FeatureShape::Point(p) => convert(p),
        FeatureShape::Lines(parts) => parts.iter_mut().flatten().all(convert),
        FeatureShape::Area(a) => t.multi_polygon_to_wgs84(a) == 0,
    }
}

fn in_lon_lat(shape: &FeatureShape) -> bool {
    let ok = |p: &[f64; 2]| p[0].is_finite() && p[1].is_finite() && is_lon_lat(p[0], p[1]);
    match shape {
        FeatureShape::Point(p) => ok(p),
        FeatureShape::Lines(parts) => parts.iter().flatten().all(ok),
        FeatureShape::Area(a) => {
            a.bounding_rect().is_some_and(|r| {
                is_lon_lat(r.min().x, r.min().y) && is_lon_lat(r.max().x, r.max().y)
            }) && a.coords_iter().all(|c| c.x.is_finite() && c.y.is_finite())
        }
    }
}
