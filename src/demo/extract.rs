//! Cutting one province out of the shared commune and OSM place layers, and writing the cut
//! as new shapefiles that keep the source's geometry and DBF field definitions.
//!
//! This is not the engine's loader (`io::communes`, `io::villages`): it copies records
//! as they are, so the demo files are the source files, filtered.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use geo::{BoundingRect, Intersects, MultiPolygon, Point, Rect};
use shapefile::ShapeWriter;
use shapefile::dbase::{self, FieldName, FieldValue, Record, TableWriterBuilder};
use shapefile::record::EsriShape;

/// The OSM `fclass` values that are villages (thôn, bản, xóm) rather than towns or quarters.
pub const VILLAGE_FCLASSES: [&str; 2] = ["village", "hamlet"];

/// The DBF fields a village keeps from the OSM places layer.
pub const VILLAGE_FIELDS: [&str; 3] = ["osm_id", "fclass", "name"];

/// The communes of one province, as read from the source layer.
pub struct ProvinceCommunes {
    /// The source `.shp`.
    pub source: PathBuf,
    /// Geometry exactly as read, with the full DBF record.
    pub records: Vec<(shapefile::Polygon, Record)>,
    /// The same boundaries as geo polygons, for point-in-polygon tests.
    pub boundaries: Vec<MultiPolygon<f64>>,
    bounds: Vec<Rect<f64>>,
}

impl ProvinceCommunes {
    /// The first commune (in file order) whose boundary contains or touches `point`.
    pub fn commune_of(&self, point: Point<f64>) -> Option<usize> {
        self.boundaries
            .iter()
            .zip(&self.bounds)
            .position(|(boundary, rect)| rect.intersects(&point) && boundary.intersects(&point))
    }

    /// The box around every commune, `margin` degrees wider on each side.
    pub fn extent(&self, margin: f64) -> Option<Rect<f64>> {
        let (min, max) =
            self.bounds
                .iter()
                .fold(None, |acc: Option<(geo::Coord, geo::Coord)>, r| {
                    Some(match acc {
                        None => (r.min(), r.max()),
                        Some((lo, hi)) => (
                            geo::coord! { x: lo.x.min(r.min().x), y: lo.y.min(r.min().y) },
                            geo::coord! { x: hi.x.max(r.max().x), y: hi.y.max(r.max().y) },
                        ),
                    })
                })?;
        let m = geo::coord! { x: margin, y: margin };
        Some(Rect::new(min - m, max + m))
    }

    /// The text of a character field of commune `index`, empty when it has none.
    pub fn text(&self, index: usize, field: &str) -> String {
        self.records
            .get(index)
            .map(|(_, record)| character(record, field))
            .unwrap_or_default()
    }
}

/// One OSM place point with the fields a village keeps.
pub struct Place {
    pub point: shapefile::Point,
    pub osm_id: String,
    pub fclass: String,
    pub name: String,
    /// Index of the commune that holds it in [`ProvinceCommunes::records`].
    pub commune: usize,
}

/// Reads the communes whose Vietnamese (`province_v`) or ASCII (`province`) province name is
/// `province`, in file order.
pub fn read_province_communes(shp: &Path, province: &str) -> anyhow::Result<ProvinceCommunes> {
    let mut reader = shapefile::Reader::from_path(shp)
        .with_context(|| format!("{}: cannot open the commune shapefile", shp.display()))?;
    let mut records = Vec::new();
    let mut boundaries = Vec::new();
    let mut bounds = Vec::new();
    let wanted = province.trim();
    for (index, item) in reader
        .iter_shapes_and_records_as::<shapefile::Polygon, Record>()
        .enumerate()
    {
        let (polygon, record) =
            item.with_context(|| format!("{}: record {}", shp.display(), index + 1))?;
        if character(&record, "province_v") != wanted && character(&record, "province") != wanted {
            continue;
        }
        let boundary = MultiPolygon::<f64>::try_from(polygon.clone()).with_context(|| {
            format!(
                "{}: record {} is not a valid polygon",
                shp.display(),
                index + 1
            )
        })?;
        let Some(rect) = boundary.bounding_rect() else {
            bail!(
                "{}: record {} has an empty polygon",
                shp.display(),
                index + 1
            );
        };
        records.push((polygon, record));
        boundaries.push(boundary);
        bounds.push(rect);
    }
    if records.is_empty() {
        bail!(
            "{}: no commune has province_v or province = {wanted:?}. Check the spelling (e.g. \"Bắc Kạn\" or \"Bac Kan\").",
            shp.display()
        );
    }
    Ok(ProvinceCommunes {
        source: shp.to_path_buf(),
        records,
        boundaries,
        bounds,
    })
}

/// Reads the OSM place points of `fclasses` that fall in one of `communes` (boundary points
/// count as inside), in file order.
pub fn read_places_in(
    shp: &Path,
    communes: &ProvinceCommunes,
    fclasses: &[&str],
) -> anyhow::Result<Vec<Place>> {
    let mut reader = shapefile::Reader::from_path(shp)
        .with_context(|| format!("{}: cannot open the OSM places shapefile", shp.display()))?;
    let mut places = Vec::new();
    for (index, item) in reader
        .iter_shapes_and_records_as::<shapefile::Point, Record>()
        .enumerate()
    {
        let (point, record) =
            item.with_context(|| format!("{}: record {}", shp.display(), index + 1))?;
        let fclass = character(&record, "fclass");
        if !fclasses.contains(&fclass.as_str()) {
            continue;
        }
        let Some(commune) = communes.commune_of(Point::new(point.x, point.y)) else {
            continue;
        };
        places.push(Place {
            point,
            osm_id: character(&record, "osm_id"),
            fclass,
            name: character(&record, "name"),
            commune,
        });
    }
    Ok(places)
}

/// Writes the communes as `out_shp` (`.shp .shx .dbf .prj .cpg`) with every DBF field of the
/// source, the geometry as read, the source's `.prj` and a UTF-8 `.cpg`.
pub fn write_communes(out_shp: &Path, communes: &ProvinceCommunes) -> anyhow::Result<()> {
    let source_dbf = communes.source.with_extension("dbf");
    let reader = dbase::Reader::from_path(&source_dbf)
        .with_context(|| format!("{}: cannot read the DBF", source_dbf.display()))?;
    let table = TableWriterBuilder::from_table_info(reader.into_table_info());
    write_shapefile(out_shp, &communes.source, table, &communes.records)
}

/// Invented households, population and grid power of a demo village (OpenStreetMap has
/// none): `None` where the demo leaves the figure unknown, as real lists do.
#[derive(Clone, Copy, Debug, Default)]
pub struct InventedFacts {
    pub households: Option<u32>,
    pub population: Option<u32>,
    pub grid_power: Option<bool>,
}

/// The names of the invented fields, as a Vietnamese list names them.
pub const FACT_FIELDS: [&str; 3] = ["so_ho", "dan_so", "dien_luoi"];

/// Writes the villages as `out_shp` with the source's [`VILLAGE_FIELDS`] (same definitions)
/// and the invented [`FACT_FIELDS`], the source's `.prj` and a UTF-8 `.cpg`.
pub fn write_villages(
    out_shp: &Path,
    source_shp: &Path,
    places: &[Place],
    facts: &[InventedFacts],
) -> anyhow::Result<()> {
    let source_dbf = source_shp.with_extension("dbf");
    let reader = dbase::Reader::from_path(&source_dbf)
        .with_context(|| format!("{}: cannot read the DBF", source_dbf.display()))?;
    let mut table = TableWriterBuilder::new();
    for wanted in VILLAGE_FIELDS {
        let Some(info) = reader.fields().iter().find(|f| f.name() == wanted) else {
            bail!("{}: no field {wanted:?}", source_dbf.display());
        };
        if info.field_type() != dbase::FieldType::Character {
            bail!(
                "{}: field {wanted:?} is not a character field",
                source_dbf.display()
            );
        }
        let name =
            FieldName::try_from(wanted).map_err(|e| anyhow::anyhow!("field {wanted:?}: {e}"))?;
        table = table.add_character_field(name, info.length());
    }
    let [households, population, power] =
        FACT_FIELDS.map(|f| FieldName::try_from(f).expect("the fact fields are short ASCII"));
    table = table
        .add_numeric_field(households, 6, 0)
        .add_numeric_field(population, 7, 0)
        .add_character_field(power, 8);
    let records: Vec<(shapefile::Point, Record)> = (places.iter().zip(facts))
        .map(|(p, f)| {
            let mut record = Record::default();
            for (field, value) in VILLAGE_FIELDS.iter().zip([&p.osm_id, &p.fclass, &p.name]) {
                let value = if value.is_empty() {
                    None
                } else {
                    Some(value.clone())
                };
                record.insert((*field).to_string(), FieldValue::Character(value));
            }
            let number = |n: Option<u32>| FieldValue::Numeric(n.map(f64::from));
            record.insert(FACT_FIELDS[0].into(), number(f.households));
            record.insert(FACT_FIELDS[1].into(), number(f.population));
            let power = f
                .grid_power
                .map(|p| if p { "có" } else { "không" }.to_string());
            record.insert(FACT_FIELDS[2].into(), FieldValue::Character(power));
            (p.point, record)
        })
        .collect();
    write_shapefile(out_shp, source_shp, table, &records)
}

/// Writes every place of the source layer within `extent` as `out_shp`, records whole (every
/// field, every class: towns, villages, hamlets), in file order: the province's OSM places
/// as Geofabrik ships them, for the map's background.
pub fn write_places_within(
    out_shp: &Path,
    source_shp: &Path,
    extent: Rect<f64>,
) -> anyhow::Result<()> {
    let mut reader = shapefile::Reader::from_path(source_shp).with_context(|| {
        format!(
            "{}: cannot open the OSM places shapefile",
            source_shp.display()
        )
    })?;
    let mut records = Vec::new();
    for (index, item) in reader
        .iter_shapes_and_records_as::<shapefile::Point, Record>()
        .enumerate()
    {
        let (point, record) =
            item.with_context(|| format!("{}: record {}", source_shp.display(), index + 1))?;
        if extent.intersects(&Point::new(point.x, point.y)) {
            records.push((point, record));
        }
    }
    let source_dbf = source_shp.with_extension("dbf");
    let dbf = dbase::Reader::from_path(&source_dbf)
        .with_context(|| format!("{}: cannot read the DBF", source_dbf.display()))?;
    let table = TableWriterBuilder::from_table_info(dbf.into_table_info());
    write_shapefile(out_shp, source_shp, table, &records)
}

/// Writes shapes and records as a complete shapefile next to `out_shp`.
///
/// The DBF header's "last update" date is copied from the source DBF (the dbase crate would
/// put today's date there), so the same input gives the same bytes on any day; so is its
/// language driver byte (the `.cpg` says UTF-8).
fn write_shapefile<S: EsriShape>(
    out_shp: &Path,
    source_shp: &Path,
    table: TableWriterBuilder,
    records: &[(S, Record)],
) -> anyhow::Result<()> {
    let mut shp = Cursor::new(Vec::new());
    let mut shx = Cursor::new(Vec::new());
    let mut dbf = Cursor::new(Vec::new());
    {
        let mut shapes = ShapeWriter::with_shx(&mut shp, &mut shx);
        let mut table = table.build_with_dest(&mut dbf);
        for (index, (shape, record)) in records.iter().enumerate() {
            shapes
                .write_shape(shape)
                .with_context(|| format!("shape {}", index + 1))?;
            table
                .write_record(record)
                .with_context(|| format!("DBF record {}", index + 1))?;
        }
        shapes.finalize().context("finishing the .shp/.shx")?;
        table.finalize().context("finishing the .dbf")?;
    }
    let mut dbf = dbf.into_inner();
    let source_dbf = source_shp.with_extension("dbf");
    let source_header = read_prefix(&source_dbf, 32)?;
    if dbf.len() >= 32 && source_header.len() == 32 {
        // Last update (YYMMDD) and language driver (code page mark) as in the source.
        dbf[1..4].copy_from_slice(&source_header[1..4]);
        dbf[29] = source_header[29];
    }
    write_file(&out_shp.with_extension("shp"), &shp.into_inner())?;
    write_file(&out_shp.with_extension("shx"), &shx.into_inner())?;
    write_file(&out_shp.with_extension("dbf"), &dbf)?;
    let prj_path = source_shp.with_extension("prj");
    let prj = std::fs::read(&prj_path)
        .with_context(|| format!("{}: cannot read the projection", prj_path.display()))?;
    write_file(&out_shp.with_extension("prj"), &prj)?;
    write_file(&out_shp.with_extension("cpg"), b"UTF-8")?;
    Ok(())
}

fn read_prefix(path: &Path, len: usize) -> anyhow::Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(bytes.into_iter().take(len).collect())
}

/// Writes a whole file, naming it in the error.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}

/// A character (or numeric) field as text, empty when missing or null.
fn character(record: &Record, field: &str) -> String {
    match record.get(field) {
        Some(FieldValue::Character(Some(text))) => text.trim().to_string(),
        Some(FieldValue::Numeric(Some(value))) => format!("{value}"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_on_a_commune_boundary_is_inside() {
        let ring = geo::LineString::from(vec![
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 1.0),
            (0.0, 0.0),
        ]);
        let square: MultiPolygon<f64> = geo::Polygon::new(ring, vec![]).into();
        let rect = square.bounding_rect().expect("not empty");
        let communes = ProvinceCommunes {
            source: PathBuf::new(),
            records: Vec::new(),
            boundaries: vec![square.clone(), square],
            bounds: vec![rect, rect],
        };
        assert_eq!(
            communes.commune_of(Point::new(1.0, 0.5)),
            Some(0),
            "edge point, first commune in file order"
        );
        assert_eq!(communes.commune_of(Point::new(0.5, 0.5)), Some(0));
        assert_eq!(communes.commune_of(Point::new(1.5, 0.5)), None);
    }
}
