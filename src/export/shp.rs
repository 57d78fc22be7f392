//! The map layers as ESRI shapefiles (`.shp .shx .dbf .prj .cpg`), from the one description
//! in [`super::layers`]; written to memory so that each file can then be written atomically.
//!
//! Villages are points and communes polygons (outer rings clockwise and holes
//! counter-clockwise, as the shapefile specification wants), in WGS84 longitude/latitude
//! ([`PRJ_WGS84`]). The table's column names are the layer's short names (at most 10
//! characters; see [`super::layers`] for the mapping). Text is UTF-8 (the `.cpg` says so and
//! the `.dbf` header's language byte too); a text column is as wide as its longest value in
//! bytes, at most 254, and a longer value is cut at a character boundary, never inside one.

use std::io::{Cursor, Seek, SeekFrom, Write};

use geo::{LineString, Winding};
use shapefile::dbase::{self, FieldName, FieldWriter, TableWriterBuilder, WritableRecord};
use shapefile::{Point, Polygon, PolygonRing, ShapeWriter};

use super::layers::{Field, FieldKind, Layer, Shape, Value};

/// The `.prj` of every layer: WGS84 longitude/latitude in ESRI's WKT, as ArcGIS and QGIS
/// write it.
pub const PRJ_WGS84: &str = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

/// The `.cpg`: the table's text encoding.
pub const CPG_UTF8: &str = "UTF-8";

/// The widest text column a `.dbf` holds, in bytes.
pub const MAX_TEXT_BYTES: usize = 254;

/// The three files of a shapefile a layer becomes, in memory.
pub struct ShapefileBytes {
    pub shp: Vec<u8>,
    pub shx: Vec<u8>,
    pub dbf: Vec<u8>,
}

/// The longest start of `s` of at most `max` bytes that ends on a character boundary.
pub fn cut_at_char(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Width and decimals of a column in the `.dbf`.
fn dbf_size(field: &Field, values: impl Iterator<Item = usize>) -> (u8, u8) {
    match field.kind {
        // At least 1: a column of empty text still needs a byte.
        FieldKind::Text => (values.max().unwrap_or(0).clamp(1, MAX_TEXT_BYTES) as u8, 0),
        // Up to 999,999,999: read as a 32-bit integer by QGIS and GDAL.
        FieldKind::Count => (9, 0),
        FieldKind::Record => (18, 0),
        // `0.813008`, `1.000000`.
        FieldKind::Share => (8, 6),
    }
}

/// One feature's values, written in the table's column order.
struct Row<'r>(&'r [Value]);

impl WritableRecord for Row<'_> {
    fn write_using<W: Write>(&self, w: &mut FieldWriter<'_, W>) -> Result<(), dbase::FieldError> {
        for value in self.0 {
            match value {
                Value::Text(s) => w.write_next_field_value(&cut_at_char(s, MAX_TEXT_BYTES))?,
                Value::Number(n) => w.write_next_field_value(&Some(*n as f64))?,
                Value::Share(x) => w.write_next_field_value(&Some(*x))?,
                Value::Unknown => w.write_next_field_value(&None::<f64>)?,
            }
        }
        Ok(())
    }
}

/// The shape types of the file header (ESRI specification, table 1).
const POINT: i32 = 1;
const POLYGON: i32 = 5;

/// Writes `layer` as a shapefile's `.shp`, `.shx` and `.dbf`.
pub fn shapefile_of(layer: &Layer<'_>) -> Result<ShapefileBytes, shapefile::Error> {
    let mut table = TableWriterBuilder::with_encoding(dbase::Unicode);
    for (i, field) in layer.fields.iter().enumerate() {
        let lengths = layer.features.iter().map(|f| match &f.values[i] {
            Value::Text(s) => cut_at_char(s, MAX_TEXT_BYTES).len(),
            _ => 0,
        });
        let (width, decimals) = dbf_size(field, lengths);
        let name = Some(field.dbf_name.as_str())
            .filter(|n| n.len() <= 10 && n.is_ascii())
            .and_then(|n| FieldName::try_from(n).ok())
            .ok_or_else(|| {
                shapefile::Error::IoError(std::io::Error::other(format!(
                    "the column name {} does not fit a .dbf (10 ASCII characters at most)",
                    field.dbf_name
                )))
            })?;
        table = match field.kind {
            FieldKind::Text => table.add_character_field(name, width),
            _ => table.add_numeric_field(name, width, decimals),
        };
    }
    let (mut shp, mut shx, mut dbf) = (
        Cursor::new(Vec::new()),
        Cursor::new(Vec::new()),
        Cursor::new(Vec::new()),
    );
    {
        let mut shapes = ShapeWriter::with_shx(&mut shp, &mut shx);
        let mut records = table.build_with_dest(&mut dbf);
        for feature in &layer.features {
            match &feature.shape {
                Shape::Point(p) => shapes.write_shape(&Point::new(p.x(), p.y()))?,
                Shape::Polygons(multi) => {
                    let mut rings = Vec::new();
                    for polygon in &multi.0 {
                        rings.push(PolygonRing::Outer(points(polygon.exterior(), true)));
                        for hole in polygon.interiors() {
                            rings.push(PolygonRing::Inner(points(hole, false)));
                        }
                    }
                    rings.retain(|r| !r.points().is_empty());
                    if rings.is_empty() {
                        return Err(shapefile::Error::IoError(std::io::Error::other(format!(
                            "the commune {} has no boundary",
                            feature.name
                        ))));
                    }
                    shapes.write_shape(&Polygon::with_rings(rings))?;
                }
            }
            records.write_record(&Row(&feature.values))?;
        }
        shapes.finalize()?;
        records.finalize()?;
    }
    let (mut shp, mut shx) = (shp.into_inner(), shx.into_inner());
    if layer.features.is_empty() {
        // The writer learns the shape type from the first shape; an empty layer still says
        // what it would hold, so that GIS programs open it as a point or polygon layer.
        let kind = if layer.kind == super::layers::LayerKind::Communes {
            POLYGON
        } else {
            POINT
        };
        for bytes in [&mut shp, &mut shx] {
            let mut c = Cursor::new(bytes);
            c.seek(SeekFrom::Start(32))?;
            c.write_all(&kind.to_le_bytes())?;
        }
    }
    Ok(ShapefileBytes {
        shp,
        shx,
        dbf: dbf.into_inner(),
    })
}

/// A ring's points, clockwise when `outer`, counter-clockwise otherwise.
fn points(ring: &LineString<f64>, outer: bool) -> Vec<Point> {
    let points = if outer {
        ring.points_cw()
    } else {
        ring.points_ccw()
    };
    points.map(|p| Point::new(p.x(), p.y())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_between_characters() {
        // "Lẹng": ẹ is three bytes (1..4).
        assert_eq!(cut_at_char("Lẹng", 3), "L");
        assert_eq!(cut_at_char("Lẹng", 4), "Lẹ");
        assert_eq!(cut_at_char("Lẹng", 99), "Lẹng");
        let long = "Thôn Nà Lẹng ".repeat(30);
        let cut = cut_at_char(&long, MAX_TEXT_BYTES);
        assert!(cut.len() <= MAX_TEXT_BYTES && long.starts_with(cut));
    }
}
