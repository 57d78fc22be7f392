//! Background layers: told apart from communes and villages when dropped, read whatever their
//! shapes, left out of the rule, drawn on the printed map and switched off there; one that
//! cannot be read costs only itself.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use phusong::analysis::{Dataset, Inputs};
use phusong::export::map::{MapSheet, sheet_svg};
use phusong::io::background::{Geometry, Theme, load_background};
use phusong::io::classify::{Role, role_of};
use phusong::lang::Lang;
use phusong::map::Layers;
use phusong::progress::Progress;
use phusong::rule::Params;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/corpus")
        .join(name)
}

const PLACES: &str = "gis_osm_places_free_1.shp";

#[test]
fn geofabrik_places_and_line_shapefiles_are_background_layers() {
    // The places have a `name` column, as villages do: Geofabrik's layer name decides.
    assert_eq!(role_of(&data(PLACES)).unwrap(), Role::Background);
    assert_eq!(
        role_of(&data("gis_osm_places_free_1.dbf")).unwrap(),
        Role::Background
    );
    assert_eq!(
        role_of(&corpus("shapefile-rs/line.shp")).unwrap(),
        Role::Background
    );
    // The demo's own layers keep their roles.
    assert_eq!(role_of(&data("villages.shp")).unwrap(), Role::Villages);
    assert_eq!(role_of(&data("communes.shp")).unwrap(), Role::Communes);
}

#[test]
fn the_demo_places_are_read_whole_with_their_classes_and_names() {
    let layer = load_background(&data(PLACES)).expect("the places load");
    assert_eq!(layer.geometry, Geometry::Points);
    assert_eq!(layer.theme, Theme::Places);
    // 227 records in the file (phusong demo-data cuts them), none rejected.
    assert_eq!(layer.features.len(), 227);
    assert_eq!(layer.report.rows_rejected(), 0);
    let city = (layer.features.iter())
        .find(|f| f.name == "Bắc Kạn" && f.class == "city")
        .expect("the provincial capital, a city in OSM");
    assert!(matches!(
        city.shape,
        phusong::io::background::FeatureShape::Point(_)
    ));
    let towns = layer.features.iter().filter(|f| f.class == "town").count();
    assert_eq!(towns, 13);
}

#[test]
fn a_line_shapefile_without_its_dbf_is_read_as_lines_and_says_so() {
    let layer = load_background(&corpus("shapefile-rs/line.shp")).expect("lines load");
    assert_eq!(layer.geometry, Geometry::Lines);
    assert!(!layer.features.is_empty());
    assert!(
        layer
            .features
            .iter()
            .all(|f| f.class.is_empty() && f.name.is_empty())
    );
    let report = layer.report.text(Lang::En, phusong::message::Front::Window);
    assert!(report.contains(".dbf"), "{report}");
}

#[test]
fn a_dropped_background_layer_joins_the_inputs_and_leaves_the_figures_alone() {
    let demo = Inputs::demo(&data(""));
    let without = Inputs {
        background: Vec::new(),
        ..demo.clone()
    };
    let (with_line, errors) = without.with_files(&[corpus("shapefile-rs/line.shp")]);
    assert!(errors.is_empty());
    assert_eq!(with_line.communes, demo.communes);
    assert_eq!(with_line.background, vec![corpus("shapefile-rs/line.shp")]);

    let progress = Progress::new();
    let plain = Dataset::load(&without, &progress).unwrap();
    let drawn = Dataset::load(&demo, &progress).unwrap();
    assert_eq!(drawn.background.len(), 1);
    let params = Params::default();
    let (a, b) = (plain.evaluate(&params), drawn.evaluate(&params));
    assert_eq!(a.rollup.total, b.rollup.total);
    assert_eq!(
        plain.reports.len(),
        drawn.reports.len(),
        "not an input of the rule"
    );
}

#[test]
fn a_background_layer_that_cannot_be_read_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("roads.shp");
    std::fs::write(&broken, b"not a shapefile at all").unwrap();
    let inputs = Inputs {
        background: vec![broken.clone(), data(PLACES)],
        ..Inputs::demo(&data(""))
    };
    let dataset = Dataset::load(&inputs, &Progress::new()).expect("the rest loads");
    assert_eq!(dataset.background.len(), 1, "the places are still read");
    assert_eq!(dataset.background_unread.len(), 1);
    let why = dataset.background_unread[0].to_string();
    assert!(why.contains("roads.shp"), "{why}");
}

#[test]
fn the_printed_map_draws_the_places_that_are_on_and_not_those_switched_off() {
    let dataset = Dataset::load(&Inputs::demo(&data("")), &Progress::new()).unwrap();
    let eval = dataset.evaluate(&Params::default());
    let sheet = |layers: Layers| MapSheet {
        made_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        ..MapSheet::everything(layers, Lang::Vi)
    };
    // Place dots: dark for towns, grey for villages and hamlets.
    let dots = |svg: &str| {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("circle"))
            .filter(|n| matches!(n.attribute("fill"), Some("#444444" | "#6a6a6a")))
            .count()
    };
    let on = sheet_svg(&dataset, &eval, &sheet(Layers::default()));
    // The sheet frames the communes; a few places lie beyond its edges. At a province's
    // scale villages and hamlets are drawn with the towns.
    assert!((200..=227).contains(&dots(&on)), "{}", dots(&on));
    // At a region's scale only the 15 towns and cities: thousands of village dots would
    // bury the coverage layers.
    let region = MapSheet {
        area: phusong::export::map::MapArea::View {
            view: phusong::map::MapView {
                metres_per_px: 2_000.0,
                ..phusong::export::map::SheetLayout::new(&dataset, &eval, &sheet(Layers::default()))
                    .view
            },
            size_px: [400.0, 300.0],
        },
        ..sheet(Layers::default())
    };
    assert_eq!(dots(&sheet_svg(&dataset, &eval, &region)), 15);
    let mut layers = Layers::default();
    layers.set_background(&dataset.background[0].path, false, 1.0);
    let off = sheet_svg(&dataset, &eval, &sheet(layers));
    assert_eq!(dots(&off), 0);
}
