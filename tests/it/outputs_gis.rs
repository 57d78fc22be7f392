//! The map layers (flagged villages, villages not surveyed, communes) as GeoJSON, KML and
//! shapefile, read back with independent readers (the `geojson`, `kml` and `shapefile`
//! crates) and compared with the evaluation that wrote them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use geo::{Area, MultiPolygon, Winding, polygon};
use phusong::analysis::{Dataset, Evaluation, Inputs};
use phusong::export::{self, layers};
use phusong::lang::Lang;
use phusong::map::{VillageClass, share_class, share_colour};
use phusong::progress::Progress;
use phusong::rule::{Params, Status};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn demo() -> &'static Dataset {
    static DEMO: OnceLock<Dataset> = OnceLock::new();
    DEMO.get_or_init(|| {
        Dataset::load(&Inputs::demo(&root().join("data")), &Progress::new())
            .expect("the demo province loads")
    })
}

/// A radius small enough that more villages have no sample near them than with the
/// default rule (8 of the demo's 123).
fn with_not_surveyed() -> Params {
    Params {
        radius_m: 150.0,
        ..Params::default()
    }
}

/// The demo's evaluations: the default rule, and one with villages not surveyed.
fn evaluations() -> Vec<Evaluation> {
    let d = demo();
    let evals = vec![
        d.evaluate(&Params::default()),
        d.evaluate(&with_not_surveyed()),
    ];
    let small = &evals[1].rollup.total;
    assert!(
        small.not_surveyed > 0 && small.flagged > 0,
        "the small radius gives both kinds of village: {small:?}"
    );
    evals
}

/// The indices of the villages a layer holds, in input order.
fn villages_of(eval: &Evaluation, kind: layers::LayerKind) -> Vec<usize> {
    (0..eval.villages.len())
        .filter(|&v| match kind {
            layers::LayerKind::Flagged => eval.villages[v].flagged,
            layers::LayerKind::NotSurveyed => eval.villages[v].status == Status::NotSurveyed,
            layers::LayerKind::Communes => false,
        })
        .collect()
}

const VILLAGE_LAYERS: [layers::LayerKind; 2] =
    [layers::LayerKind::Flagged, layers::LayerKind::NotSurveyed];

/// `aabbggrr` from an RGBA colour, written out here rather than taken from the writer.
fn aabbggrr([r, g, b, a]: [u8; 4]) -> String {
    format!("{a:02x}{b:02x}{g:02x}{r:02x}")
}

fn written(eval: &Evaluation) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), demo(), eval, phusong::lang::Lang::Vi).unwrap();
    out
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

// ---------------------------------------------------------------------------------------------
// GeoJSON
// ---------------------------------------------------------------------------------------------

fn read_geojson(path: &Path) -> geojson::FeatureCollection {
    let text = std::fs::read_to_string(path).unwrap();
    match text.parse::<geojson::GeoJson>().unwrap() {
        geojson::GeoJson::FeatureCollection(fc) => fc,
        other => panic!("{} is not a FeatureCollection: {other:?}", path.display()),
    }
}

#[test]
fn geojson_village_layers_hold_exactly_the_flagged_and_the_not_surveyed_villages() {
    let d = demo();
    for eval in evaluations() {
        let out = written(&eval);
        for kind in VILLAGE_LAYERS {
            let fc = read_geojson(&out.path().join(format!("{}.geojson", kind.file_stem())));
            let want = villages_of(&eval, kind);
            let count = match kind {
                layers::LayerKind::Flagged => eval.rollup.total.flagged,
                _ => eval.rollup.total.not_surveyed,
            };
            assert_eq!(fc.features.len(), want.len());
            assert_eq!(fc.features.len() as u32, count);
            for (f, &v) in fc.features.iter().zip(&want) {
                let village = &d.villages[v];
                let outcome = &eval.villages[v];
                let p = |k: &str| f.property(k).unwrap_or_else(|| panic!("no {k}")).clone();
                assert_eq!(p("name"), village.name.as_str());
                assert_eq!(p("record"), village.record);
                assert_eq!(p("status"), outcome.status.code());
                let commune = d.commune_of(v);
                assert_eq!(
                    p("commune_name"),
                    commune.map(|c| c.name.as_str()).unwrap_or("")
                );
                assert_eq!(
                    p("commune_code"),
                    commune.map(|c| c.code.as_str()).unwrap_or("")
                );
                if kind == layers::LayerKind::Flagged {
                    let samples: u32 = outcome.operators.iter().map(|o| o.samples).sum();
                    assert_eq!(p("samples"), samples);
                    for o in &outcome.operators {
                        assert_eq!(p(&format!("{}_samples", o.operator)), o.samples);
                        assert_eq!(
                            p(&format!("{}_best", o.operator)),
                            o.best.map(|g| g.label()).unwrap_or("none")
                        );
                    }
                }
                let geometry = f.geometry.as_ref().unwrap();
                let geojson::Value::Point(xy) = &geometry.value else {
                    panic!("a village is a point: {geometry:?}");
                };
                assert!(close(xy[0], village.location.x(), 1e-9));
                assert!(close(xy[1], village.location.y(), 1e-9));
            }
        }
    }
}

#[test]
fn geojson_communes_carry_their_figures_and_their_boundaries() {
    let d = demo();
    let eval = d.evaluate(&with_not_surveyed());
    let out = written(&eval);
    let fc = read_geojson(&out.path().join("communes.geojson"));
    assert_eq!(fc.features.len(), d.communes.len());
    let required = eval.params.required;
    for ((f, commune), unit) in fc
        .features
        .iter()
        .zip(&d.communes)
        .zip(&eval.rollup.communes)
    {
        let p = |k: &str| f.property(k).unwrap_or_else(|| panic!("no {k}")).clone();
        let figures = &unit.figures;
        assert_eq!(p("code"), commune.code.as_str());
        assert_eq!(p("name"), commune.name.as_str());
        assert_eq!(p("district"), commune.district.as_str());
        assert_eq!(p("province"), commune.province.as_str());
        assert_eq!(p("villages"), figures.villages);
        assert_eq!(p("surveyed"), figures.surveyed);
        assert_eq!(p("not_surveyed"), figures.not_surveyed);
        assert_eq!(p("no_coverage"), figures.no_coverage);
        assert_eq!(p("flagged"), figures.flagged);
        for g in phusong::model::Generation::ALL {
            let key = format!("covered_{}", g.label().to_lowercase());
            assert_eq!(p(&key), figures.covered_at(g));
        }
        // serde_json's default float parsing may be one unit in the last place off.
        let share = p("share_4g").as_f64().unwrap();
        assert!(close(share, figures.share_of_villages(required), 1e-15));

        let geometry: geo::Geometry<f64> = f.geometry.clone().unwrap().try_into().unwrap();
        let geo::Geometry::MultiPolygon(multi) = geometry else {
            panic!("a commune is a MultiPolygon");
        };
        assert_eq!(multi.0.len(), commune.boundary.0.len());
        let (got, want) = (multi.unsigned_area(), commune.boundary.unsigned_area());
        assert!(
            close(got, want, want * 1e-12),
            "{}: {got} vs {want}",
            commune.name
        );
        for polygon in &multi.0 {
            assert!(
                polygon.exterior().is_ccw(),
                "RFC 7946: outer rings counter-clockwise"
            );
            assert!(
                polygon.interiors().iter().all(|r| r.is_cw()),
                "holes clockwise"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// KML
// ---------------------------------------------------------------------------------------------

/// The styles (by id) and the placemarks of a KML file.
fn read_kml(
    path: &Path,
) -> (
    HashMap<String, kml::types::Style>,
    Vec<kml::types::Placemark>,
) {
    fn walk(
        elements: Vec<kml::Kml>,
        styles: &mut HashMap<String, kml::types::Style>,
        placemarks: &mut Vec<kml::types::Placemark>,
    ) {
        for e in elements {
            match e {
                kml::Kml::KmlDocument(d) => walk(d.elements, styles, placemarks),
                kml::Kml::Document { elements, .. } | kml::Kml::Folder { elements, .. } => {
                    walk(elements, styles, placemarks)
                }
                kml::Kml::Style(s) => {
                    styles.insert(s.id.clone().unwrap_or_default(), s);
                }
                kml::Kml::Placemark(p) => placemarks.push(p),
                _ => {}
            }
        }
    }
    let doc = kml::KmlReader::<_, f64>::from_path(path)
        .unwrap()
        .read()
        .unwrap_or_else(|e| panic!("{} does not read as KML: {e}", path.display()));
    let (mut styles, mut placemarks) = (HashMap::new(), Vec::new());
    walk(vec![doc], &mut styles, &mut placemarks);
    (styles, placemarks)
}

/// A placemark's `ExtendedData` as name → value.
fn extended_data(p: &kml::types::Placemark) -> HashMap<String, String> {
    p.children
        .iter()
        .filter(|e| e.name == "ExtendedData")
        .flat_map(|e| &e.children)
        .filter(|d| d.name == "Data")
        .map(|d| {
            let value = d
                .children
                .iter()
                .find(|c| c.name == "value")
                .and_then(|c| c.content.clone())
                .unwrap_or_default();
            (d.attrs["name"].clone(), value)
        })
        .collect()
}

fn style_of<'s>(
    styles: &'s HashMap<String, kml::types::Style>,
    p: &kml::types::Placemark,
) -> &'s kml::types::Style {
    let url = p.style_url.as_deref().expect("every placemark has a style");
    &styles[url.strip_prefix('#').expect("a shared style")]
}

#[test]
fn kml_villages_are_named_coloured_by_class_and_say_their_status() {
    let d = demo();
    let texts = Lang::Vi.texts();
    for eval in evaluations() {
        let out = written(&eval);
        for kind in VILLAGE_LAYERS {
            let (styles, placemarks) =
                read_kml(&out.path().join(format!("{}.kml", kind.file_stem())));
            let want = villages_of(&eval, kind);
            assert_eq!(placemarks.len(), want.len());
            for (p, &v) in placemarks.iter().zip(&want) {
                let village = &d.villages[v];
                let outcome = &eval.villages[v];
                assert_eq!(p.name.as_deref(), Some(village.name.as_str()));
                let class = VillageClass::of(outcome, eval.params.required);
                let icon = style_of(&styles, p).icon.as_ref().expect("an icon style");
                assert_eq!(icon.color, aabbggrr(class.colour()), "{}", village.name);
                let description = p.description.as_deref().unwrap();
                assert!(
                    description
                        .contains(&texts.report_class(outcome.report_class, eval.params.required))
                        && description.contains(outcome.status.code()),
                    "{description}"
                );
                let data = extended_data(p);
                assert_eq!(data["name"], village.name);
                assert_eq!(data["status"], outcome.status.code());
                assert_eq!(data["record"], village.record.to_string());
                let Some(kml::types::Geometry::Point(point)) = &p.geometry else {
                    panic!("a village is a point");
                };
                assert!(close(point.coord.x, village.location.x(), 1e-9));
                assert!(close(point.coord.y, village.location.y(), 1e-9));
            }
        }
    }
}

#[test]
fn kml_communes_are_filled_by_their_share_and_keep_their_boundaries() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let out = written(&eval);
    let (styles, placemarks) = read_kml(&out.path().join("communes.kml"));
    assert_eq!(placemarks.len(), d.communes.len());
    let required = eval.params.required;
    for ((p, commune), unit) in placemarks
        .iter()
        .zip(&d.communes)
        .zip(&eval.rollup.communes)
    {
        let f = &unit.figures;
        assert_eq!(p.name.as_deref(), Some(commune.name.as_str()));
        let poly = style_of(&styles, p).poly.as_ref().expect("a polygon style");
        match share_class(f.covered_at(required), f.villages) {
            Some(class) => {
                let [r, g, b, _] = share_colour(class);
                assert_eq!(poly.color, aabbggrr([r, g, b, 0xB3]), "{}", commune.name);
                assert!(poly.fill);
            }
            None => assert!(!poly.fill, "a commune without villages is not filled"),
        }
        let data = extended_data(p);
        assert_eq!(data["code"], commune.code);
        assert_eq!(data["villages"], f.villages.to_string());
        assert_eq!(data["flagged"], f.flagged.to_string());
        assert_eq!(
            data["share_4g"].parse::<f64>().unwrap(),
            f.share_of_villages(required)
        );
        let description = p.description.as_deref().unwrap();
        assert!(description.contains(&commune.name), "{description}");

        let Some(kml::types::Geometry::MultiGeometry(mg)) = &p.geometry else {
            panic!("a commune is a MultiGeometry");
        };
        let ring = |r: &kml::types::LinearRing| {
            geo::LineString::from(r.coords.iter().map(|c| (c.x, c.y)).collect::<Vec<_>>())
        };
        let polygons: Vec<geo::Polygon> = mg
            .geometries
            .iter()
            .map(|g| match g {
                kml::types::Geometry::Polygon(p) => {
                    geo::Polygon::new(ring(&p.outer), p.inner.iter().map(ring).collect())
                }
                other => panic!("not a polygon: {other:?}"),
            })
            .collect();
        for polygon in &polygons {
            assert!(
                polygon.exterior().is_ccw(),
                "KML: outer rings counter-clockwise"
            );
        }
        let (got, want) = (
            MultiPolygon(polygons).unsigned_area(),
            commune.boundary.unsigned_area(),
        );
        assert!(close(got, want, want * 1e-12), "{}", commune.name);
    }
}

// ---------------------------------------------------------------------------------------------
// Shapefile
// ---------------------------------------------------------------------------------------------

fn text(record: &shapefile::dbase::Record, field: &str) -> String {
    match record.get(field) {
        Some(shapefile::dbase::FieldValue::Character(s)) => s.clone().unwrap_or_default(),
        other => panic!("{field} is not text: {other:?}"),
    }
}

fn number(record: &shapefile::dbase::Record, field: &str) -> f64 {
    match record.get(field) {
        Some(shapefile::dbase::FieldValue::Numeric(Some(x))) => *x,
        other => panic!("{field} is not a number: {other:?}"),
    }
}

#[test]
fn shapefile_villages_round_trip_names_attributes_and_points() {
    let d = demo();
    for eval in evaluations() {
        let out = written(&eval);
        for kind in VILLAGE_LAYERS {
            let path = out
                .path()
                .join("shp")
                .join(format!("{}.shp", kind.file_stem()));
            let reader = shapefile::Reader::from_path(&path).unwrap();
            assert_eq!(reader.header().shape_type, shapefile::ShapeType::Point);
            let want = villages_of(&eval, kind);
            let mut reader = reader;
            let records = reader.read().unwrap();
            assert_eq!(records.len(), want.len());
            for ((shape, record), &v) in records.iter().zip(&want) {
                let village = &d.villages[v];
                let outcome = &eval.villages[v];
                // Vietnamese names come back exactly (the reader trims trailing spaces only).
                assert_eq!(text(record, "name"), village.name.trim_end());
                assert_eq!(text(record, "status"), outcome.status.code());
                assert_eq!(number(record, "record"), village.record as f64);
                let commune = d.commune_of(v);
                assert_eq!(
                    text(record, "comm_name"),
                    commune.map(|c| c.name.as_str()).unwrap_or("")
                );
                assert_eq!(
                    text(record, "comm_code"),
                    commune.map(|c| c.code.as_str()).unwrap_or("")
                );
                if kind == layers::LayerKind::Flagged {
                    for o in &outcome.operators {
                        let code = o.operator.to_string().replace('-', "_");
                        assert_eq!(number(record, &format!("s{code}")), f64::from(o.samples));
                        assert_eq!(
                            text(record, &format!("b{code}")),
                            o.best.map(|g| g.label()).unwrap_or("none")
                        );
                    }
                }
                let shapefile::Shape::Point(p) = shape else {
                    panic!("a village is a point");
                };
                assert!(close(p.x, village.location.x(), 1e-9));
                assert!(close(p.y, village.location.y(), 1e-9));
            }
        }
    }
}

#[test]
fn shapefile_communes_have_their_figures_and_clockwise_outer_rings() {
    let d = demo();
    let eval = d.evaluate(&with_not_surveyed());
    let out = written(&eval);
    let path = out.path().join("shp").join("communes.shp");
    let records = shapefile::read(&path).unwrap();
    assert_eq!(records.len(), d.communes.len());
    let required = eval.params.required;
    for (((shape, record), commune), unit) in
        records.iter().zip(&d.communes).zip(&eval.rollup.communes)
    {
        let f = &unit.figures;
        assert_eq!(text(record, "code"), commune.code);
        assert_eq!(text(record, "name"), commune.name);
        assert_eq!(text(record, "district"), commune.district);
        assert_eq!(number(record, "villages"), f64::from(f.villages));
        assert_eq!(number(record, "not_surv"), f64::from(f.not_surveyed));
        assert_eq!(number(record, "no_cover"), f64::from(f.no_coverage));
        assert_eq!(number(record, "cov_4g"), f64::from(f.covered_at(required)));
        assert_eq!(number(record, "flagged"), f64::from(f.flagged));
        assert!(close(
            number(record, "share_4g"),
            f.share_of_villages(required),
            5e-7
        ));

        let shapefile::Shape::Polygon(polygon) = shape else {
            panic!("a commune is a polygon");
        };
        // The reader tells outer from inner rings by their direction alone.
        let outer = polygon
            .rings()
            .iter()
            .filter(|r| matches!(r, shapefile::PolygonRing::Outer(_)))
            .count();
        let holes: usize = commune.boundary.0.iter().map(|p| p.interiors().len()).sum();
        assert_eq!(outer, commune.boundary.0.len(), "{}", commune.name);
        assert_eq!(polygon.rings().len() - outer, holes, "{}", commune.name);
        let multi: MultiPolygon<f64> = polygon.clone().try_into().unwrap();
        let (got, want) = (multi.unsigned_area(), commune.boundary.unsigned_area());
        assert!(close(got, want, want * 1e-12), "{}", commune.name);
    }
}

#[test]
fn shapefiles_say_utf8_and_wgs84_and_keep_dbf_names_short() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let out = written(&eval);
    for kind in layers::LayerKind::ALL {
        let stem = out.path().join("shp").join(kind.file_stem());
        assert_eq!(
            std::fs::read_to_string(stem.with_extension("cpg")).unwrap(),
            "UTF-8"
        );
        let prj = std::fs::read_to_string(stem.with_extension("prj")).unwrap();
        let crs = phusong::crs::from_wkt(&prj).unwrap();
        assert!(crs.crs.is_wgs84(), "{prj}");
        let reader = shapefile::dbase::Reader::from_path(stem.with_extension("dbf")).unwrap();
        let names: Vec<String> = reader
            .fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        assert!(names.iter().all(|n| n.len() <= 10), "{names:?}");
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }
}

#[test]
fn an_empty_layer_is_still_a_point_layer_with_its_columns() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let mut layer = layers::Layer::new(layers::LayerKind::NotSurveyed, d, &eval);
    let columns = layer.fields.len();
    layer.features.clear();
    let dir = tempfile::tempdir().unwrap();
    let bytes = export::shp::shapefile_of(&layer).unwrap();
    let path = dir.path().join("empty.shp");
    std::fs::write(&path, &bytes.shp).unwrap();
    std::fs::write(path.with_extension("shx"), &bytes.shx).unwrap();
    std::fs::write(path.with_extension("dbf"), &bytes.dbf).unwrap();
    let mut reader = shapefile::Reader::from_path(&path).unwrap();
    assert_eq!(reader.header().shape_type, shapefile::ShapeType::Point);
    assert!(reader.read().unwrap().is_empty());
    let table = shapefile::dbase::Reader::from_path(path.with_extension("dbf")).unwrap();
    assert_eq!(table.fields().len(), columns);

    let geojson_path = dir.path().join("empty.geojson");
    let mut out = Vec::new();
    export::geojson::write_layer(&mut out, &layer).unwrap();
    std::fs::write(&geojson_path, out).unwrap();
    assert!(read_geojson(&geojson_path).features.is_empty());
    let kml_path = dir.path().join("empty.kml");
    let mut out = Vec::new();
    export::kml::write_layer(&mut out, &layer, Lang::Vi).unwrap();
    std::fs::write(&kml_path, out).unwrap();
    let (styles, placemarks) = read_kml(&kml_path);
    assert!(placemarks.is_empty());
    assert_eq!(
        styles.len(),
        VillageClass::ALL.len(),
        "the styles still read as a legend"
    );
}

#[test]
fn long_vietnamese_text_is_cut_between_characters_in_the_dbf() {
    use layers::{Class, Feature, Field, FieldKind, Layer, LayerKind, Shape, Value};
    let long = "Thôn Nà Lẹng Khuổi Đeng ".repeat(12);
    assert!(long.len() > 254);
    let names = [long.clone(), "Bản Ngoài".to_string()];
    let layer = Layer {
        kind: LayerKind::Flagged,
        required: phusong::model::Generation::G4,
        fields: vec![Field {
            key: "name".into(),
            dbf_name: "name".into(),
            kind: FieldKind::Text,
        }],
        features: names
            .iter()
            .map(|n| Feature {
                name: n.clone(),
                shape: Shape::Point(geo::Point::new(105.8, 22.1)),
                class: Class::Village {
                    status: Status::NoCoverage,
                    class: VillageClass::NoSignal,
                },
                values: vec![Value::Text(n.clone())],
            })
            .collect(),
    };
    let bytes = export::shp::shapefile_of(&layer).unwrap();
    let mut reader =
        shapefile::dbase::Reader::new(std::io::Cursor::new(bytes.dbf)).expect("the .dbf reads");
    assert_eq!(
        reader.fields()[0].length(),
        254,
        "as wide as the longest value allows"
    );
    let records = reader.read().unwrap();
    // The longest run of whole characters that fits 254 bytes (the reader trims the
    // trailing space).
    let fits = long
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take_while(|&end| end <= 254)
        .last()
        .unwrap();
    assert_eq!(text(&records[0], "name"), long[..fits].trim_end());
    assert_eq!(text(&records[1], "name"), "Bản Ngoài");
}

#[test]
fn outputs_never_overwrite_a_part_of_an_input_shapefile() {
    let dir = tempfile::tempdir().unwrap();
    let shp = dir.path().join("shp");
    std::fs::create_dir(&shp).unwrap();
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        std::fs::copy(
            root().join("data").join(format!("communes.{ext}")),
            shp.join(format!("communes.{ext}")),
        )
        .unwrap();
    }
    let inputs = Inputs {
        communes: shp.join("communes.shp"),
        ..Inputs::demo(&root().join("data"))
    };
    let d = Dataset::load(&inputs, &Progress::new()).unwrap();
    let eval = d.evaluate(&Params::default());
    let err = export::write_all(dir.path(), &d, &eval, phusong::lang::Lang::Vi)
        .unwrap_err()
        .to_string();
    assert!(err.contains("overwrite the input"), "{err}");
    assert!(
        !dir.path().join("villages.csv").exists(),
        "nothing is written when one output would overwrite an input"
    );
}

#[test]
fn write_all_writes_every_listed_file() {
    let eval = demo().evaluate(&Params::default());
    let out = written(&eval);
    let listed = export::output_files();
    // The tables, the Excel and Word reports and the annexes' PDF, then three layers as
    // GeoJSON, KML and five shapefile parts.
    assert_eq!(listed.len(), 6 + 3 * (2 + 5));
    for f in &listed {
        assert!(out.path().join(f).is_file(), "{}", f.display());
    }
}

/// A commune in two parts, one with a hole, its rings given in the opposite of every
/// format's order: each format writes both parts and the hole, oriented its own way.
#[test]
fn a_commune_in_two_parts_with_a_hole_keeps_them_in_every_format() {
    use layers::{Class, Feature, Layer, LayerKind, Shape};
    let with_hole = polygon![
        exterior: [(x: 105.0, y: 22.0), (x: 105.0, y: 22.2), (x: 105.2, y: 22.2), (x: 105.2, y: 22.0)],
        interiors: [[(x: 105.05, y: 22.05), (x: 105.15, y: 22.05), (x: 105.15, y: 22.15), (x: 105.05, y: 22.15)]],
    ];
    let island = polygon![(x: 105.3, y: 22.0), (x: 105.4, y: 22.0), (x: 105.4, y: 22.1)];
    let boundary = MultiPolygon(vec![with_hole, island]);
    let eval = demo().evaluate(&Params::default());
    let template = layers::Layer::new(LayerKind::Communes, demo(), &eval);
    let layer = Layer {
        features: vec![Feature {
            name: "Xã Cao Kỳ".into(),
            shape: Shape::Polygons(&boundary),
            class: Class::Commune {
                covered: 3,
                villages: 4,
                share_class: share_class(3, 4),
            },
            values: template.features[0].values.clone(),
        }],
        ..template
    };
    let area = boundary.unsigned_area();
    let dir = tempfile::tempdir().unwrap();

    let path = dir.path().join("c.geojson");
    let mut out = Vec::new();
    export::geojson::write_layer(&mut out, &layer).unwrap();
    std::fs::write(&path, out).unwrap();
    let fc = read_geojson(&path);
    let geometry: geo::Geometry<f64> = fc.features[0].geometry.clone().unwrap().try_into().unwrap();
    let geo::Geometry::MultiPolygon(multi) = geometry else {
        panic!("a MultiPolygon");
    };
    assert_eq!(multi.0.len(), 2);
    assert_eq!(multi.0[0].interiors().len(), 1);
    assert!(multi.0.iter().all(|p| p.exterior().is_ccw()));
    assert!(multi.0[0].interiors()[0].is_cw());
    assert!(close(multi.unsigned_area(), area, 1e-15));

    let path = dir.path().join("c.kml");
    let mut out = Vec::new();
    export::kml::write_layer(&mut out, &layer, Lang::Vi).unwrap();
    std::fs::write(&path, out).unwrap();
    let (_, placemarks) = read_kml(&path);
    let Some(kml::types::Geometry::MultiGeometry(mg)) = &placemarks[0].geometry else {
        panic!("a MultiGeometry");
    };
    let signed = |r: &kml::types::LinearRing| {
        geo::LineString::from(r.coords.iter().map(|c| (c.x, c.y)).collect::<Vec<_>>())
    };
    let polygons: Vec<&kml::types::Polygon> = mg
        .geometries
        .iter()
        .map(|g| match g {
            kml::types::Geometry::Polygon(p) => p,
            other => panic!("not a polygon: {other:?}"),
        })
        .collect();
    assert_eq!(polygons.len(), 2);
    assert_eq!(polygons[0].inner.len(), 1);
    assert!(polygons.iter().all(|p| signed(&p.outer).is_ccw()));
    assert!(signed(&polygons[0].inner[0]).is_cw());

    let bytes = export::shp::shapefile_of(&layer).unwrap();
    let path = dir.path().join("c.shp");
    std::fs::write(&path, &bytes.shp).unwrap();
    std::fs::write(path.with_extension("shx"), &bytes.shx).unwrap();
    std::fs::write(path.with_extension("dbf"), &bytes.dbf).unwrap();
    let records = shapefile::read(&path).unwrap();
    let shapefile::Shape::Polygon(polygon) = &records[0].0 else {
        panic!("a polygon");
    };
    let kinds: Vec<bool> = polygon
        .rings()
        .iter()
        .map(|r| matches!(r, shapefile::PolygonRing::Outer(_)))
        .collect();
    assert_eq!(kinds, [true, false, true], "outer, its hole, the island");
    let multi: MultiPolygon<f64> = polygon.clone().try_into().unwrap();
    assert!(close(multi.unsigned_area(), area, 1e-15));
    assert_eq!(text(&records[0].1, "name"), text_of(&layer, "name"));
}

fn text_of(layer: &layers::Layer<'_>, key: &str) -> String {
    layer.value(&layer.features[0], key).unwrap().text()
}
