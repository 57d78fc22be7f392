//! The demo province in VN-2000 (tests/data/vn2000: communes in TM-3 106°30′, villages in
//! UTM 48N, made with PROJ by make_fixture.py) loads, converts and analyses like its WGS84
//! original; without a .prj the user is asked to choose the system.

use std::path::{Path, PathBuf};
use std::process::Command;

use geo::CoordsIter;
use phusong::analysis::{Dataset, Inputs};
use phusong::crs::Crs;
use phusong::io::communes::{CommuneFields, load_communes};
use phusong::io::villages::{VillageOptions, load_villages};
use phusong::progress::Progress;
use phusong::rule::Params;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/data/vn2000").join(name)
}

fn data(name: &str) -> PathBuf {
    root().join("data").join(name)
}

fn metres_between(a: geo::Coord<f64>, b: geo::Coord<f64>) -> f64 {
    phusong::index::distance_m(geo::Point::from(a), geo::Point::from(b))
}

const TM3_106_30: Crs = Crs::Vn2000Tm3 {
    central_meridian_deg: 106.5,
};

/// A copy of the fixture's communes without the .prj, in a temporary folder.
fn communes_without_prj(dir: &Path) -> PathBuf {
    for ext in ["shp", "shx", "dbf", "cpg"] {
        std::fs::copy(
            fixture(&format!("communes.{ext}")),
            dir.join(format!("xa.{ext}")),
        )
        .unwrap();
    }
    dir.join("xa.shp")
}

#[test]
fn tm3_communes_convert_to_within_a_metre_of_the_wgs84_original() {
    let original = load_communes(&data("communes.shp"), &CommuneFields::default()).unwrap();
    let vn2000 = load_communes(&fixture("communes.shp"), &CommuneFields::default()).unwrap();
    assert_eq!(vn2000.communes.len(), original.communes.len());
    assert_eq!(vn2000.communes.len(), 122);
    assert!(
        vn2000.report.notes_en().contains(
            &"Coordinates in VN-2000 / TM-3 106°30′ (from the .prj) converted to WGS84."
                .to_string()
        ),
        "{:?}",
        vn2000.report.notes
    );
    let mut worst_m: f64 = 0.0;
    let mut vertices = 0;
    for (a, b) in original.communes.iter().zip(&vn2000.communes) {
        assert_eq!(
            (&a.code, &a.name, &a.district),
            (&b.code, &b.name, &b.district)
        );
        assert_eq!(
            a.boundary.coords_count(),
            b.boundary.coords_count(),
            "{}",
            a.name
        );
        for (p, q) in a.boundary.coords_iter().zip(b.boundary.coords_iter()) {
            worst_m = worst_m.max(metres_between(p, q));
            vertices += 1;
        }
    }
    eprintln!(
        "{vertices} vertices, the farthest {:.2} mm from the original",
        worst_m * 1000.0
    );
    assert!(worst_m < 1.0, "{worst_m} m");
}

#[test]
fn utm_villages_convert_to_within_a_metre_of_the_wgs84_original() {
    let original = load_villages(&data("villages.shp"), &VillageOptions::default()).unwrap();
    let vn2000 = load_villages(&fixture("villages.shp"), &VillageOptions::default()).unwrap();
    assert_eq!(vn2000.villages.len(), original.villages.len());
    assert!(
        vn2000
            .report
            .notes_en()
            .into_iter()
            .any(|n| n
                == "Coordinates in VN-2000 / UTM zone 48N (from the .prj) converted to WGS84."),
        "{:?}",
        vn2000.report.notes
    );
    for (a, b) in original.villages.iter().zip(&vn2000.villages) {
        assert_eq!(a.name, b.name);
        let d = metres_between(a.location.0, b.location.0);
        assert!(d < 1.0, "{}: {d} m", a.name);
    }
}

#[test]
fn the_analysis_of_the_vn2000_twin_gives_the_demo_figures() {
    let demo = Inputs::demo(&root().join("data"));
    let twin = Inputs {
        communes: fixture("communes.shp"),
        villages: fixture("villages.shp"),
        ..demo.clone()
    };
    let a = Dataset::load(&demo, &Progress::new()).unwrap();
    let b = Dataset::load(&twin, &Progress::new()).unwrap();
    assert_eq!(a.village_commune, b.village_commune);
    let params = Params::default();
    let (ea, eb) = (a.evaluate(&params), b.evaluate(&params));
    assert_eq!(
        crate::rollup_counts(&ea.rollup),
        crate::rollup_counts(&eb.rollup)
    );
    assert_eq!(ea.villages, eb.villages);
    assert!(ea.rollup.total.villages > 100);
}

#[test]
fn without_a_prj_metres_ask_for_the_system_and_the_choice_loads_them() {
    let dir = tempfile::tempdir().unwrap();
    let shp = communes_without_prj(dir.path());
    let err = load_communes(&shp, &CommuneFields::default())
        .unwrap_err()
        .to_string();
    for want in [
        "xa.shp",
        "metres",
        "no .prj",
        "Choose the layer's coordinate system",
        "--commune-crs",
        "VN-2000 / TM-3 106°30′ (Bắc Kạn)",
    ] {
        assert!(err.contains(want), "{want:?} missing: {err}");
    }

    let chosen = CommuneFields {
        crs: Some(TM3_106_30),
        ..CommuneFields::default()
    };
    let layer = load_communes(&shp, &chosen).unwrap();
    assert_eq!(layer.communes.len(), 122);
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n == "Coordinates in VN-2000 / TM-3 106°30′ (as chosen) converted to WGS84."),
        "{:?}",
        layer.report.notes
    );
    let with_prj = load_communes(&fixture("communes.shp"), &CommuneFields::default()).unwrap();
    assert_eq!(layer.communes[7].boundary, with_prj.communes[7].boundary);
}

#[test]
fn a_chosen_system_wins_over_the_prj_and_the_report_says_so() {
    let chosen = CommuneFields {
        crs: Some(Crs::Vn2000Tm3 {
            central_meridian_deg: 106.25,
        }),
        ..CommuneFields::default()
    };
    let layer = load_communes(&fixture("communes.shp"), &chosen).unwrap();
    assert!(
        layer.report.notes_en().into_iter().any(|n| n
            == "The .prj says VN-2000 / TM-3 106°30′, but VN-2000 / TM-3 106°15′ was used as chosen."),
        "{:?}",
        layer.report.notes
    );
}

#[test]
fn degrees_under_a_projected_prj_or_choice_are_refused_with_the_remedy() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "shx", "dbf", "cpg"] {
        std::fs::copy(
            data(&format!("communes.{ext}")),
            dir.path().join(format!("xa.{ext}")),
        )
        .unwrap();
    }
    std::fs::copy(fixture("communes.prj"), dir.path().join("xa.prj")).unwrap();
    let shp = dir.path().join("xa.shp");
    let err = load_communes(&shp, &CommuneFields::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("xa.shp")
            && err.contains("look like longitude/latitude")
            && err.contains("the .prj says VN-2000 / TM-3 106°30′")
            && err.contains("--commune-crs wgs84"),
        "{err}"
    );
    // Choosing WGS84 overrides the wrong .prj.
    let fixed = CommuneFields {
        crs: Some(Crs::Wgs84),
        ..CommuneFields::default()
    };
    assert_eq!(load_communes(&shp, &fixed).unwrap().communes.len(), 122);
    // Choosing a projected system for degrees is refused too.
    let villages = VillageOptions {
        crs: Some(Crs::Vn2000Utm { zone: 48 }),
        ..VillageOptions::default()
    };
    let err = load_villages(&data("villages.shp"), &villages)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("VN-2000 / UTM zone 48N was chosen") && err.contains("--village-crs wgs84"),
        "{err}"
    );
}

#[test]
fn csv_villages_in_vn2000_xy_are_converted_either_way_round() {
    let dir = tempfile::tempdir().unwrap();
    let original = load_villages(&data("villages.shp"), &VillageOptions::default()).unwrap();
    let t = TM3_106_30;
    // Points 2 and 3 given as Vietnamese surveys write them: X (northing) first.
    let mut csv = String::from("ten_thon,x,y\n");
    let projected = [
        ("Bản A", 412_345.678, 2_470_123.456, false),
        ("Bản B", 2_455_000.0, 475_000.0, true),
        ("Bản C", 2_501_234.5, 430_987.6, true),
    ];
    for (name, x, y, _) in projected {
        csv.push_str(&format!("{name},{x},{y}\n"));
    }
    let path = dir.path().join("thon.csv");
    std::fs::write(&path, csv).unwrap();
    let options = VillageOptions {
        crs: Some(t.clone()),
        ..VillageOptions::default()
    };
    let layer = load_villages(&path, &options).unwrap();
    assert_eq!(layer.villages.len(), 3);
    for (v, (_, x, y, turned)) in layer.villages.iter().zip(projected) {
        let (e, n) = if turned { (y, x) } else { (x, y) };
        let (lon, lat) = t.to_wgs84(e, n).unwrap();
        assert_eq!((v.location.x(), v.location.y()), (lon, lat));
    }
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.starts_with("In 2 of 3 rows the first coordinate column holds the northing")),
        "{:?}",
        layer.report.notes
    );
    assert!(!original.villages.is_empty());
}

/// The UTM villages of the fixture as a survey office lists them: a semicolon CSV with X
/// (the northing) before Y, decimal commas, to the millimetre.
fn villages_as_an_xy_list(dir: &Path) -> PathBuf {
    let names = load_villages(&fixture("villages.shp"), &VillageOptions::default()).unwrap();
    let points = shapefile::read_shapes_as::<_, shapefile::Point>(fixture("villages.shp")).unwrap();
    assert_eq!(points.len(), names.villages.len());
    let metres = |v: f64| format!("{v:.3}").replace('.', ",");
    let mut csv = String::from("STT;Tên thôn;X (m);Y (m)\r\n");
    for (i, (p, v)) in points.iter().zip(&names.villages).enumerate() {
        csv.push_str(&format!(
            "{};\"{}\";{};{}\r\n",
            i + 1,
            v.name.replace('"', "\"\""),
            metres(p.y),
            metres(p.x)
        ));
    }
    let path = dir.join("thon-utm48.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

const UTM48: Crs = Crs::Vn2000Utm { zone: 48 };

#[test]
fn an_xy_list_in_vn2000_utm_converts_to_within_a_metre_of_the_wgs84_original() {
    let dir = tempfile::tempdir().unwrap();
    let list = villages_as_an_xy_list(dir.path());
    let options = VillageOptions {
        crs: Some(UTM48),
        ..VillageOptions::default()
    };
    let layer = load_villages(&list, &options).unwrap();
    let original = load_villages(&data("villages.shp"), &VillageOptions::default()).unwrap();
    let twin = load_villages(&fixture("villages.shp"), &VillageOptions::default()).unwrap();
    assert_eq!(layer.villages.len(), original.villages.len());
    assert_eq!(layer.report.rows_rejected(), 0);
    let n = original.villages.len();
    for want in [
        "Coordinates in VN-2000 / UTM zone 48N (as chosen) converted to WGS84.".to_string(),
        format!(
            "In {n} of {n} rows the first coordinate column holds the northing (as X does in Vietnamese surveys; column \"X (m)\" (3)): read as easting and northing."
        ),
    ] {
        assert!(
            layer.report.notes_en().contains(&want),
            "{want}: {:?}",
            layer.report.notes
        );
    }
    for ((v, a), b) in layer
        .villages
        .iter()
        .zip(&original.villages)
        .zip(&twin.villages)
    {
        assert_eq!(v.name, a.name);
        let d = metres_between(v.location.0, a.location.0);
        assert!(d < 1.0, "{}: {d} m from the WGS84 original", v.name);
        let d = metres_between(v.location.0, b.location.0);
        assert!(d < 0.01, "{}: {d} m from the shapefile twin", v.name);
    }
}

#[test]
fn the_analysis_of_an_xy_list_gives_the_demo_figures() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Inputs::demo(&root().join("data"));
    let list = Inputs {
        villages: villages_as_an_xy_list(dir.path()),
        village_options: VillageOptions {
            crs: Some(UTM48),
            ..VillageOptions::default()
        },
        ..demo.clone()
    };
    let a = Dataset::load(&demo, &Progress::new()).unwrap();
    let b = Dataset::load(&list, &Progress::new()).unwrap();
    assert_eq!(a.village_commune, b.village_commune);
    let params = Params::default();
    let (ea, eb) = (a.evaluate(&params), b.evaluate(&params));
    assert_eq!(
        crate::rollup_counts(&ea.rollup),
        crate::rollup_counts(&eb.rollup)
    );
    assert_eq!(ea.villages, eb.villages);
}

#[test]
fn an_xy_list_without_a_system_is_refused_with_the_likely_ones() {
    let dir = tempfile::tempdir().unwrap();
    let list = villages_as_an_xy_list(dir.path());
    let err = load_villages(&list, &VillageOptions::default())
        .unwrap_err()
        .to_string();
    for want in [
        "thon-utm48.csv",
        "projected X/Y columns in metres",
        "no coordinate system was chosen",
        "VN-2000 / UTM zone 48N or WGS84 / UTM zone 48N",
        "--village-crs",
    ] {
        assert!(err.contains(want), "{want:?} missing: {err}");
    }
    let p = phusong::io::village_list::preview(&list, &VillageOptions::default()).unwrap();
    assert!(
        p.crs_guesses.iter().any(|g| g.crs == UTM48),
        "{:?}",
        p.crs_guesses
    );
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_phusong"))
            .arg("analyze")
            .arg("--communes")
            .arg(data("communes.shp"))
            .arg("--villages")
            .arg(&list)
            .arg("--samples")
            .arg(data("samples.csv"))
            .arg("--out")
            .arg(dir.path().join("out"))
            .args(extra)
            .args(["--lang", "en"])
            .output()
            .unwrap()
    };
    let refused = run(&[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("--village-crs"), "{stderr}");
    // The communes have a .prj: --crs is for the list alone.
    for flags in [["--village-crs", "vn2000-utm48n"], ["--crs", "EPSG:3405"]] {
        let ok = run(&flags);
        let stdout = String::from_utf8_lossy(&ok.stdout);
        assert!(
            ok.status.success(),
            "{flags:?}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        assert!(
            stdout.contains(
                "thon-utm48.csv (CSV (semicolon-separated)): 123 rows read, 123 used, 0 rejected"
            ) && stdout.contains("VN-2000 / UTM zone 48N (as chosen) converted to WGS84"),
            "{flags:?}: {stdout}"
        );
    }
}

#[test]
fn command_line_flags_choose_the_system() {
    let dir = tempfile::tempdir().unwrap();
    let shp = communes_without_prj(dir.path());
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_phusong"))
            .arg("analyze")
            .arg("--communes")
            .arg(&shp)
            .arg("--villages")
            .arg(fixture("villages.shp"))
            .arg("--samples")
            .arg(data("samples.csv"))
            .arg("--out")
            .arg(&out)
            .args(extra)
            .args(["--lang", "en"])
            .output()
            .unwrap()
    };
    let refused = run(&[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("--commune-crs"), "{stderr}");
    for flags in [
        &["--commune-crs", "Bắc Kạn"][..],
        &["--commune-crs", "vn2000-tm3:106-30"],
        &["--commune-crs", "EPSG:9213"],
        // --crs is for layers without a .prj: the villages keep their UTM 48N.
        &["--crs", "vn2000-tm3:106.5"],
    ] {
        let ok = run(flags);
        let stdout = String::from_utf8_lossy(&ok.stdout);
        assert!(
            ok.status.success(),
            "{flags:?}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        assert!(
            stdout.contains("VN-2000 / TM-3 106°30′ (as chosen) converted to WGS84")
                && stdout.contains("VN-2000 / UTM zone 48N (from the .prj) converted to WGS84"),
            "{stdout}"
        );
    }
    let bad = run(&["--commune-crs", "CH1903"]);
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("vn2000-tm3:106.5"), "{stderr}");
}

#[test]
fn the_app_learns_when_to_ask_for_a_system_and_what_to_offer() {
    use phusong::io::shp::crs_choice_needed;
    assert_eq!(crs_choice_needed(&data("communes.shp")).unwrap(), None);
    assert_eq!(crs_choice_needed(&fixture("communes.shp")).unwrap(), None);
    let dir = tempfile::tempdir().unwrap();
    let shp = communes_without_prj(dir.path());
    let guesses = crs_choice_needed(&shp)
        .unwrap()
        .expect("a choice is needed");
    assert_eq!(guesses[0].crs, TM3_106_30);
    assert!(guesses[0].provinces.contains(&"Bắc Kạn"));
    assert!(crs_choice_needed(Path::new("no/such.shp")).is_err());
}

#[test]
fn the_chosen_systems_are_kept_with_the_inputs() {
    let inputs = Inputs {
        commune_fields: CommuneFields {
            crs: Some(TM3_106_30),
            ..CommuneFields::default()
        },
        village_options: VillageOptions {
            crs: Some(Crs::Vn2000Utm { zone: 48 }),
            ..VillageOptions::default()
        },
        ..Inputs::demo(Path::new("data"))
    };
    let json = serde_json::to_string(&inputs).unwrap();
    assert!(
        json.contains(r#""crs":{"system":"vn2000_tm3","central_meridian_deg":106.5}"#),
        "{json}"
    );
    let back: Inputs = serde_json::from_str(&json).unwrap();
    assert_eq!(back, inputs);
    // Inputs saved before systems could be chosen still load.
    let old = r#"{"communes":"a.shp","villages":"b.shp","samples":[],"commune_fields":{"code":null,"name":null,"district":null,"province":null},"village_options":{"name_field":null,"lon_field":null,"lat_field":null}}"#;
    let back: Inputs = serde_json::from_str(old).unwrap();
    assert_eq!(back.commune_fields.crs, None);
    assert_eq!(back.village_options.crs, None);
}

/// Damaged copies of the projected fixture (bytes overwritten with 0xFF, cut short) end in
/// communes or a message naming the file, never a panic, through the conversion too.
#[test]
fn damaged_projected_shapefiles_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let shp = std::fs::read(fixture("communes.shp")).unwrap();
    let mut variants: Vec<Vec<u8>> = Vec::new();
    for at in (36..shp.len().saturating_sub(8)).step_by(shp.len() / 41) {
        let mut s = shp.clone();
        s[at..at + 8].fill(0xFF);
        variants.push(s);
    }
    for cut in [100, 500, shp.len() / 3] {
        variants.push(shp[..cut].to_vec());
    }
    for (i, bytes) in variants.into_iter().enumerate() {
        let base = dir.path().join(format!("xa{i}"));
        std::fs::write(base.with_extension("shp"), bytes).unwrap();
        for ext in ["shx", "dbf", "prj", "cpg"] {
            std::fs::copy(
                fixture(&format!("communes.{ext}")),
                base.with_extension(ext),
            )
            .unwrap();
        }
        let result = std::panic::catch_unwind(|| {
            load_communes(&base.with_extension("shp"), &CommuneFields::default())
        });
        match result {
            Ok(Ok(layer)) => assert!(
                layer.communes.iter().all(|c| c
                    .boundary
                    .coords_iter()
                    .all(|p| phusong::model::is_lon_lat(p.x, p.y))),
                "variant {i}: every vertex kept is longitude/latitude"
            ),
            Ok(Err(e)) => assert!(e.to_string().contains(&format!("xa{i}")), "{e}"),
            Err(_) => panic!("variant {i} panicked"),
        }
    }
}
