//! Commune and village loaders on real files: the demo province, the shapefile corpus of two
//! shapefile libraries, and the broken and unsuitable inputs users bring.

use std::path::{Path, PathBuf};

use phusong::Error;
use phusong::io::communes::{CommuneFields, load_communes};
use phusong::io::report::Reason;
use phusong::io::villages::{VillageOptions, load_villages};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/corpus")
        .join(name)
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

fn message(e: Error) -> String {
    e.to_string()
}

#[test]
fn demo_communes_find_their_fields_by_usual_names() {
    let layer = load_communes(&data("communes.shp"), &CommuneFields::default())
        .expect("demo communes load");
    assert!(
        layer.communes.len() > 100,
        "{} communes",
        layer.communes.len()
    );
    assert_eq!(layer.report.rows_used as usize, layer.communes.len());
    assert!(layer.report.rejected.is_empty());
    let used = layer
        .report
        .notes_en()
        .into_iter()
        .find(|n| n.starts_with("Columns used"))
        .expect("a note on the columns");
    assert!(
        used.contains("commune_id")
            && used.contains("commune_vn")
            && used.contains("district_v")
            && used.contains("province_v"),
        "{used}"
    );
    let first = &layer.communes[0];
    assert_eq!(first.province, "Bắc Kạn");
    assert!(
        !first.code.contains('.'),
        "numeric codes are written without a decimal part: {}",
        first.code
    );
    assert!(
        layer
            .communes
            .iter()
            .any(|c| c.name.chars().any(|ch| "ạảãàáâậầấẩẫăắằặẳẵđ".contains(ch))),
        "Vietnamese names keep their diacritics"
    );
}

#[test]
fn flags_override_the_fields_and_a_wrong_flag_lists_the_columns() {
    let fields = CommuneFields {
        name: Some("commune".into()),
        ..CommuneFields::default()
    };
    let layer = load_communes(&data("communes.shp"), &fields).unwrap();
    assert!(
        layer.communes.iter().all(|c| c.name.is_ascii()),
        "the ASCII name column was used"
    );
    let fields = CommuneFields {
        code: Some("MA_XA".into()),
        ..CommuneFields::default()
    };
    let err = message(load_communes(&data("communes.shp"), &fields).unwrap_err());
    assert!(err.contains("MA_XA") && err.contains("commune_id"), "{err}");
}

#[test]
fn demo_villages_are_points_with_names() {
    let layer = load_villages(&data("villages.shp"), &VillageOptions::default()).unwrap();
    assert!(layer.villages.len() > 100);
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("name"))
    );
    assert_eq!(layer.villages[0].record, 1);
}

#[test]
fn a_polygon_with_a_hole_and_no_dbf_loads_numbered() {
    let layer = load_communes(
        &corpus("shapefile-rs/polygon_hole.shp"),
        &CommuneFields::default(),
    )
    .unwrap();
    assert_eq!(layer.communes.len(), 1);
    assert_eq!(layer.communes[0].code, "#1");
    assert!(
        layer.communes[0].boundary.0[0].interiors().len() == 1,
        "the hole is kept"
    );
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains(".dbf") && n.contains("missing")),
        "{:?}",
        layer.report.notes
    );
}

#[test]
fn metres_read_as_degrees_are_detected() {
    for f in ["shapefile-rs/polygonz.shp", "shapefile-rs/polygonm.shp"] {
        let err = message(load_communes(&corpus(f), &CommuneFields::default()).unwrap_err());
        assert!(
            err.contains("metres")
                && err.contains("Reproject")
                && err.contains(f.split('/').nth(1).unwrap()),
            "{err}"
        );
    }
}

#[test]
fn a_projected_prj_is_named_with_the_remedy() {
    let err = message(
        load_communes(
            &corpus("shapefile-rs/polygons.shp"),
            &CommuneFields::default(),
        )
        .unwrap_err(),
    );
    assert!(
        err.contains("CH1903+_LV95") && err.contains("WGS84") && err.contains("polygons.prj"),
        "{err}"
    );
}

#[test]
fn points_given_as_communes_and_lines_given_as_villages_are_refused() {
    let err = message(
        load_communes(&corpus("shapefile-rs/point.shp"), &CommuneFields::default()).unwrap_err(),
    );
    assert!(
        err.contains("point.shp") && err.contains("must be polygons"),
        "{err}"
    );
    let err = message(
        load_villages(&corpus("shapefile-rs/line.shp"), &VillageOptions::default()).unwrap_err(),
    );
    assert!(
        err.contains("line.shp") && err.contains("must be points"),
        "{err}"
    );
    let err = message(
        load_communes(
            &corpus("shapefile-rs/multipatch.shp"),
            &CommuneFields::default(),
        )
        .unwrap_err(),
    );
    assert!(err.contains("must be polygons"), "{err}");
}

#[test]
fn a_corrupt_file_gives_a_message_not_a_panic() {
    // corrupt_too_long: the header's length disagrees with the file.
    match load_villages(
        &corpus("pyshp/corrupt_too_long.shp"),
        &VillageOptions::default(),
    ) {
        Ok(layer) => panic!(
            "loaded {} villages from a polyline file",
            layer.villages.len()
        ),
        Err(e) => assert!(message(e).contains("corrupt_too_long"), "names the file"),
    }
}

#[test]
fn non_utf8_text_without_cpg_is_read_and_reported() {
    let layer = load_communes(&corpus("pyshp/latin1.shp"), &CommuneFields::default()).unwrap();
    assert!(!layer.communes.is_empty());
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("No .prj"))
    );
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("guessed: Windows-1258")
                && n.contains(".cpg")
                && n.contains("--commune-encoding")),
        "{:?}",
        layer.report.notes
    );
    assert!(
        layer.communes.iter().all(|c| !c.name.contains('\u{fffd}')),
        "no replacement characters"
    );
    assert_eq!(layer.communes[0].name, "Ñandú");
}

#[test]
fn us_block_groups_load_as_polygons_with_an_assumed_crs() {
    let layer = load_communes(&corpus("pyshp/blockgroups.shp"), &CommuneFields::default()).unwrap();
    assert_eq!(layer.communes.len() as u64, layer.report.rows_read);
}

#[test]
fn missing_and_empty_files_name_the_file() {
    let err =
        message(load_communes(Path::new("no/such/xa.shp"), &CommuneFields::default()).unwrap_err());
    assert!(err.contains("no/such/xa.shp"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.shp");
    std::fs::write(&empty, b"").unwrap();
    let err = message(load_communes(&empty, &CommuneFields::default()).unwrap_err());
    assert!(err.contains("empty.shp"), "{err}");
    let junk = dir.path().join("junk.shp");
    std::fs::write(&junk, vec![7u8; 500]).unwrap();
    let err = message(load_villages(&junk, &VillageOptions::default()).unwrap_err());
    assert!(
        err.contains("junk.shp") && err.contains("not a shapefile"),
        "{err}"
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn csv_villages_report_bad_rows_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "thon.csv",
        "ten_thon,kinh_do,vi_do\nNà Lẹng,105.83,22.15\nBản Mới,,22.1\nPác Nặm,NaN,22.2\nKhuổi Khỉ,205.0,22.3\nCốc Lào,105.9,22.4\n",
    );
    let layer = load_villages(&p, &VillageOptions::default()).unwrap();
    let names: Vec<&str> = layer.villages.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Nà Lẹng", "Cốc Lào"]);
    assert_eq!(layer.villages[1].record, 6, "line numbers count the header");
    assert_eq!(layer.report.rows_read, 5);
    assert_eq!(
        layer.report.rejected[&Reason::MissingCoordinates].first_lines,
        vec![3]
    );
    assert_eq!(
        layer.report.rejected[&Reason::CoordinatesOutOfRange].first_lines,
        vec![4, 5]
    );
}

#[test]
fn csv_villages_with_semicolons_decimal_commas_and_swapped_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "thon.csv",
        "\u{feff}name;lat;lon\nA;105,83;22,15\nB;105,9;22,4\n",
    );
    let layer = load_villages(&p, &VillageOptions::default()).unwrap();
    assert_eq!(layer.villages.len(), 2);
    assert!((layer.villages[0].location.x() - 105.83).abs() < 1e-12);
    assert!((layer.villages[0].location.y() - 22.15).abs() < 1e-12);
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("swapped")),
        "{:?}",
        layer.report.notes
    );
}

#[test]
fn csv_without_coordinate_columns_lists_what_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "thon.csv", "ten,xa\nA,B\n");
    let err = message(load_villages(&p, &VillageOptions::default()).unwrap_err());
    assert!(
        err.contains("thon.csv") && err.contains("longitude") && err.contains("ten, xa"),
        "{err}"
    );
    let p = write(dir.path(), "empty.csv", "");
    assert!(message(load_villages(&p, &VillageOptions::default()).unwrap_err()).contains("empty"));
}

/// Damaged copies of the demo layers: cut short at many lengths and with bytes overwritten.
/// Each load must end in a message naming the file, or in layers whose report says what was
/// wrong when they hold fewer communes or villages than the undamaged file; never a panic.
/// (`damaged.rs` compares the data itself.)
#[test]
fn damaged_shapefiles_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    for layer in ["communes", "villages"] {
        // How many communes or villages a load kept, and its report.
        let load = |shp: &Path| {
            if layer == "communes" {
                load_communes(shp, &CommuneFields::default()).map(|l| (l.communes.len(), l.report))
            } else {
                load_villages(shp, &VillageOptions::default()).map(|l| (l.villages.len(), l.report))
            }
        };
        let pristine = load(&data(&format!("{layer}.shp"))).unwrap();
        let shp = std::fs::read(data(&format!("{layer}.shp"))).unwrap();
        let dbf = std::fs::read(data(&format!("{layer}.dbf"))).unwrap();
        let shx = std::fs::read(data(&format!("{layer}.shx"))).unwrap();
        let mut variants: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = Vec::new();
        for cut in [
            0,
            10,
            99,
            100,
            101,
            108,
            120,
            500,
            shp.len() / 2,
            shp.len() - 1,
        ] {
            variants.push((shp[..cut.min(shp.len())].to_vec(), dbf.clone(), shx.clone()));
        }
        for cut in [0, 10, 31, 32, 100, dbf.len() / 2, dbf.len() - 1] {
            variants.push((shp.clone(), dbf[..cut].to_vec(), shx.clone()));
        }
        for cut in [0, 50, 100, shx.len() / 2] {
            variants.push((shp.clone(), dbf.clone(), shx[..cut].to_vec()));
        }
        // Overwrite 8 bytes at spread-out places with 0xFF (huge counts and lengths).
        for at in (24..shp.len().saturating_sub(8)).step_by((shp.len() / 37).max(1)) {
            let mut s = shp.clone();
            s[at..at + 8].fill(0xFF);
            variants.push((s, dbf.clone(), shx.clone()));
        }
        for (i, (s, d, x)) in variants.into_iter().enumerate() {
            let base = dir.path().join(format!("{layer}{i}"));
            std::fs::write(base.with_extension("shp"), s).unwrap();
            std::fs::write(base.with_extension("dbf"), d).unwrap();
            std::fs::write(base.with_extension("shx"), x).unwrap();
            let result = std::panic::catch_unwind(|| load(&base.with_extension("shp")));
            match result {
                Ok(Ok((n, report))) => {
                    let known: Vec<String> = pristine.1.notes_en();
                    let said = report.rows_rejected() > 0
                        || report.incomplete.is_some()
                        || report.notes_en().iter().any(|n| !known.contains(n));
                    assert!(
                        n == pristine.0 || said,
                        "{layer} variant {i}: {n} of {} kept, and the report says nothing:\n{report}",
                        pristine.0
                    );
                }
                Ok(Err(e)) => {
                    let m = message(e);
                    assert!(m.contains(&format!("{layer}{i}")), "variant {i}: {m}");
                }
                Err(_) => panic!("{layer} variant {i} panicked"),
            }
        }
    }
}

#[test]
fn an_unknown_cpg_encoding_is_reported_and_text_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "shx", "dbf", "prj"] {
        std::fs::copy(
            data(&format!("communes.{ext}")),
            dir.path().join(format!("xa.{ext}")),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("xa.cpg"), "VISCII").unwrap();
    let layer = load_communes(&dir.path().join("xa.shp"), &CommuneFields::default()).unwrap();
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("VISCII")
                && n.contains("does not know")
                && n.contains("guessed: UTF-8")),
        "{:?}",
        layer.report.notes
    );
    assert_eq!(layer.communes[0].province, "Bắc Kạn");
}
