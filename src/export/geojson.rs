//! `flagged.geojson`: the flagged villages as points with their figures.

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::analysis::{Dataset, Evaluation};

/// A FeatureCollection of the flagged villages (WGS84 lon/lat, RFC 7946).
pub fn write_flagged(
    out: &mut dyn Write,
    dataset: &Dataset,
    eval: &Evaluation,
) -> std::io::Result<()> {
    let with_district = dataset.has_districts();
    let listed = crate::export::tables::ListedColumns::of(&dataset.villages);
    let features: Vec<Value> = dataset
        .villages
        .iter()
        .zip(&eval.villages)
        .enumerate()
        .filter(|(_, (_, o))| o.flagged)
        .map(|(i, (v, o))| {
            let commune = dataset.commune_of(i);
            let mut props = Map::new();
            props.insert("name".into(), json!(v.name));
            props.insert("record".into(), json!(v.record));
            props.insert(
                "commune_code".into(),
                json!(commune.map(|c| c.code.as_str()).unwrap_or("")),
            );
            props.insert(
                "commune_name".into(),
                json!(commune.map(|c| c.name.as_str()).unwrap_or("")),
            );
            if with_district {
                props.insert(
                    "district".into(),
                    json!(commune.map(|c| c.district.as_str()).unwrap_or("")),
                );
            }
            props.insert(
                "province".into(),
                json!(commune.map(|c| c.province.as_str()).unwrap_or("")),
            );
            for (name, value) in listed.names().zip(listed.values(v)) {
                props.insert(name.into(), json!(value));
            }
            props.insert("status".into(), json!(o.status.code()));
            props.insert(
                "samples".into(),
                json!(o.operators.iter().map(|op| op.samples).sum::<u32>()),
            );
            for op in &o.operators {
                props.insert(format!("{}_samples", op.operator), json!(op.samples));
                props.insert(
                    format!("{}_best", op.operator),
                    json!(op.best.map(|g| g.label()).unwrap_or("none")),
                );
            }
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [v.location.x(), v.location.y()]},
                "properties": props,
            })
        })
        .collect();
    let collection = json!({"type": "FeatureCollection", "features": features});
    serde_json::to_writer(&mut *out, &collection)?;
    out.write_all(b"\n")
}
