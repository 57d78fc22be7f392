//! The map layers as GeoJSON (RFC 7946): `flagged.geojson`, `not_surveyed.geojson`,
//! `communes.geojson`, from the one description in [`super::layers`].
//!
//! Coordinates are WGS84 longitude, latitude; polygons follow the right-hand rule (outer
//! rings counter-clockwise, holes clockwise). Properties come in the layer's column order;
//! the collection's `name` (a foreign member GDAL and QGIS read) is the layer's file name.

use std::io::{self, Write};

use geo::{LineString, Point};

use super::layers::{Layer, Shape, Value, write_ring};

/// A layer as one FeatureCollection, a feature a line.
pub fn write_layer(out: &mut dyn Write, layer: &Layer<'_>) -> io::Result<()> {
    write!(
        out,
        "{{\"type\":\"FeatureCollection\",\"name\":\"{}\",\"features\":[",
        layer.kind.file_stem()
    )?;
    for (i, feature) in layer.features.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        out.write_all(b"{\"type\":\"Feature\",\"geometry\":")?;
        write_geometry(out, &feature.shape)?;
        out.write_all(b",\"properties\":{")?;
        for (k, (field, value)) in layer.attributes(feature).enumerate() {
            if k > 0 {
                out.write_all(b",")?;
            }
            json(out, field.key.as_str())?;
            out.write_all(b":")?;
            match value {
                Value::Text(s) => json(out, s.as_str())?,
                Value::Number(n) => json(out, n)?,
                Value::Share(x) => json(out, x)?,
                Value::Unknown => out.write_all(b"null")?,
            }
        }
        out.write_all(b"}}")?;
    }
    out.write_all(b"\n]}\n")
}

fn json<T: serde::Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)
}

fn write_geometry(out: &mut dyn Write, shape: &Shape<'_>) -> io::Result<()> {
    match shape {
        Shape::Point(p) => {
            out.write_all(b"{\"type\":\"Point\",\"coordinates\":")?;
            position(out, p.x(), p.y())?;
        }
        Shape::Polygons(multi) => {
            out.write_all(b"{\"type\":\"MultiPolygon\",\"coordinates\":[")?;
            for (i, polygon) in multi.0.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(b"[")?;
                ring(out, polygon.exterior(), true)?;
                for hole in polygon.interiors() {
                    out.write_all(b",")?;
                    ring(out, hole, false)?;
                }
                out.write_all(b"]")?;
            }
            out.write_all(b"]")?;
        }
    }
    out.write_all(b"}")
}

/// A closed ring, counter-clockwise when `outer`, clockwise otherwise.
fn ring(out: &mut dyn Write, ring: &LineString<f64>, outer: bool) -> io::Result<()> {
    out.write_all(b"[")?;
    write_ring(
        out,
        ring,
        outer,
        b",",
        |out: &mut dyn Write, p: Point<f64>| position(out, p.x(), p.y()),
    )?;
    out.write_all(b"]")
}

fn position(out: &mut dyn Write, lon: f64, lat: f64) -> io::Result<()> {
    out.write_all(b"[")?;
    json(out, &lon)?;
    out.write_all(b",")?;
    json(out, &lat)?;
    out.write_all(b"]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{MultiPolygon, Point, polygon};

    use crate::export::layers::{Class, Feature, Field, FieldKind, LayerKind};
    use crate::map::VillageClass;
    use crate::model::Generation;
    use crate::rule::Status;

    fn layer_of(shape: Shape<'_>) -> Layer<'_> {
        Layer {
            kind: LayerKind::Flagged,
            required: Generation::G4,
            fields: vec![Field {
                key: "name".into(),
                dbf_name: "name".into(),
                kind: FieldKind::Text,
            }],
            features: vec![Feature {
                name: "Nà \"Lẹng\"".into(),
                shape,
                class: Class::Village {
                    status: Status::NoCoverage,
                    class: VillageClass::NoSignal,
                },
                values: vec![Value::Text("Nà \"Lẹng\"".into())],
            }],
        }
    }

    fn written(layer: &Layer<'_>) -> serde_json::Value {
        let mut out = Vec::new();
        write_layer(&mut out, layer).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn rings_follow_the_right_hand_rule_whatever_the_input() {
        // Outer ring clockwise and hole counter-clockwise: the shapefile order.
        let square = polygon![
            exterior: [(x: 0.0, y: 0.0), (x: 0.0, y: 2.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0)],
            interiors: [[(x: 0.5, y: 0.5), (x: 1.5, y: 0.5), (x: 1.5, y: 1.5), (x: 0.5, y: 1.5)]],
        ];
        let multi = MultiPolygon(vec![square]);
        let doc = written(&layer_of(Shape::Polygons(&multi)));
        let rings = &doc["features"][0]["geometry"]["coordinates"][0];
        let signed = |r: &serde_json::Value| {
            let pts: Vec<(f64, f64)> = r
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
                .collect();
            pts.windows(2)
                .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
                .sum::<f64>()
                / 2.0
        };
        assert!(signed(&rings[0]) > 0.0, "outer ring counter-clockwise");
        assert!(signed(&rings[1]) < 0.0, "hole clockwise");
        assert_eq!(rings[0][0], rings[0][4], "rings are closed");
    }

    #[test]
    fn text_is_escaped_and_points_are_lon_lat() {
        let doc = written(&layer_of(Shape::Point(Point::new(105.81, 21.98))));
        let f = &doc["features"][0];
        assert_eq!(f["properties"]["name"], "Nà \"Lẹng\"");
        assert_eq!(f["geometry"]["coordinates"][0], 105.81);
        assert_eq!(doc["name"], "flagged");
    }
}
