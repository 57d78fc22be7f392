//! Shapefiles as GDAL and QGIS read them: what those tolerate loads here too, with a note
//! saying what was assumed. Each fixture is made from the demo files.

use std::path::{Path, PathBuf};

use phusong::analysis::{Dataset, Inputs};
use phusong::io::communes::{CommuneFields, load_communes};
use phusong::io::villages::{VillageOptions, load_villages};
use phusong::progress::Progress;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// Copies the demo layer `layer` into `dir` as `stem` with each extension `ext` renamed by
/// `rename`; extensions `rename` gives `None` for are left out.
fn copy_layer(
    dir: &Path,
    layer: &str,
    stem: &str,
    rename: impl Fn(&str) -> Option<String>,
) -> PathBuf {
    let mut shp = None;
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        if let Some(to) = rename(ext) {
            let path = dir.join(format!("{stem}.{to}"));
            std::fs::copy(data(&format!("{layer}.{ext}")), &path).unwrap();
            if ext == "shp" {
                shp = Some(path);
            }
        }
    }
    shp.expect("the .shp is copied")
}

fn same(ext: &str) -> Option<String> {
    Some(ext.to_string())
}

fn notes(report: &phusong::io::report::ImportReport) -> String {
    report.notes_en().join("\n")
}

#[test]
fn upper_and_mixed_case_side_files_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let upper = copy_layer(dir.path(), "communes", "COMMUNES", |e| {
        Some(e.to_ascii_uppercase())
    });
    let mixed = copy_layer(dir.path(), "villages", "poly", |e| {
        Some(if e == "shp" {
            "shp".into()
        } else {
            e.to_ascii_uppercase()
        })
    });
    let communes = load_communes(&upper, &CommuneFields::default()).unwrap();
    let n = notes(&communes.report);
    assert_eq!(communes.communes[0].province, "Bắc Kạn", "{n}");
    assert!(
        !n.contains(".shx") && !n.contains(".prj") && !n.contains(".dbf"),
        "{n}"
    );
    // Named by a side file, in any case.
    let by_dbf = load_communes(&upper.with_extension("DBF"), &CommuneFields::default()).unwrap();
    assert_eq!(by_dbf.communes.len(), communes.communes.len());
    let villages = load_villages(&mixed, &VillageOptions::default()).unwrap();
    let n = notes(&villages.report);
    assert!(villages.villages.iter().any(|v| !v.name.is_empty()), "{n}");
    assert!(
        !n.contains(".shx") && !n.contains(".prj") && !n.contains(".dbf"),
        "{n}"
    );
    let by_dbf = load_villages(&mixed.with_extension("DBF"), &VillageOptions::default()).unwrap();
    assert_eq!(by_dbf.villages.len(), villages.villages.len());
}

#[test]
fn a_prj_with_a_byte_order_mark_reads_as_without() {
    let dir = tempfile::tempdir().unwrap();
    for (layer, folder) in [("communes", data("")), ("villages", vn2000(""))] {
        let shp = dir.path().join(format!("{layer}.shp"));
        for ext in ["shp", "shx", "dbf", "cpg", "prj"] {
            std::fs::copy(
                folder.join(format!("{layer}.{ext}")),
                shp.with_extension(ext),
            )
            .unwrap();
        }
        let plain = std::fs::read(shp.with_extension("prj")).unwrap();
        let expected = if layer == "communes" {
            notes(
                &load_communes(&shp, &CommuneFields::default())
                    .unwrap()
                    .report,
            )
        } else {
            notes(
                &load_villages(&shp, &VillageOptions::default())
                    .unwrap()
                    .report,
            )
        };
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(plain);
        std::fs::write(shp.with_extension("prj"), bom).unwrap();
        let got = if layer == "communes" {
            load_communes(&shp, &CommuneFields::default()).map(|l| notes(&l.report))
        } else {
            load_villages(&shp, &VillageOptions::default()).map(|l| notes(&l.report))
        };
        assert_eq!(got.map_err(|e| e.to_string()), Ok(expected), "{layer}");
    }
}

fn vn2000(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/vn2000")
        .join(name)
}

#[test]
fn a_header_box_that_is_not_a_number_is_computed_from_the_shapes() {
    let dir = tempfile::tempdir().unwrap();
    for layer in ["communes", "villages"] {
        let shp = copy_layer(dir.path(), layer, layer, same);
        let mut bytes = std::fs::read(&shp).unwrap();
        for at in [36, 44, 52, 60] {
            bytes[at..at + 8].copy_from_slice(&f64::NAN.to_le_bytes());
        }
        std::fs::write(&shp, bytes).unwrap();
        let report = if layer == "communes" {
            load_communes(&shp, &CommuneFields::default()).map(|l| l.report)
        } else {
            load_villages(&shp, &VillageOptions::default()).map(|l| l.report)
        }
        .unwrap_or_else(|e| panic!("{layer}: {e}"));
        assert!(
            notes(&report).contains("computed from the shapes"),
            "{}",
            notes(&report)
        );
    }
}

/// The demo communes with every ring's points in reverse order: outer rings wound
/// counter-clockwise and holes clockwise, as some hand-written exporters write them.
fn reversed_rings(shp: &Path) {
    let mut b = std::fs::read(shp).unwrap();
    let int = |b: &[u8], at: usize| i32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize;
    let mut at = 100;
    while at + 8 <= b.len() {
        let words = u32::from_be_bytes(b[at + 4..at + 8].try_into().unwrap()) as usize;
        let content = at + 8;
        let (parts, points) = (int(&b, content + 36), int(&b, content + 40));
        let starts: Vec<usize> = (0..parts).map(|i| int(&b, content + 44 + 4 * i)).collect();
        let first = content + 44 + 4 * parts;
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(points);
            let mut pts: Vec<[u8; 16]> = (start..end)
                .map(|p| b[first + 16 * p..first + 16 * p + 16].try_into().unwrap())
                .collect();
            pts.reverse();
            for (k, p) in pts.iter().enumerate() {
                let to = first + 16 * (start + k);
                b[to..to + 16].copy_from_slice(p);
            }
        }
        at = content + 2 * words;
    }
    std::fs::write(shp, b).unwrap();
}

#[test]
fn outer_rings_wound_counter_clockwise_are_organised_by_containment() {
    use geo::Area;
    let dir = tempfile::tempdir().unwrap();
    let shp = copy_layer(dir.path(), "communes", "communes", same);
    reversed_rings(&shp);
    let original = load_communes(&data("communes.shp"), &CommuneFields::default()).unwrap();
    let layer = load_communes(&shp, &CommuneFields::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(layer.communes.len(), original.communes.len());
    let n = notes(&layer.report);
    // One note with the count: every commune whose first ring is now wound as a hole.
    let count: usize = n
        .split("wrong way: ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("{n}"));
    assert!(count * 10 >= original.communes.len() * 9, "{count}: {n}");
    assert_eq!(n.matches("wrong way").count(), 1, "{n}");
    for (a, b) in layer.communes.iter().zip(&original.communes) {
        let (a_area, b_area) = (a.boundary.unsigned_area(), b.boundary.unsigned_area());
        assert!(
            (a_area - b_area).abs() <= 1e-9 * b_area.max(1e-12),
            "{}: {a_area} vs {b_area}",
            a.name
        );
        assert_eq!(
            a.boundary
                .0
                .iter()
                .map(|p| p.interiors().len())
                .sum::<usize>(),
            b.boundary
                .0
                .iter()
                .map(|p| p.interiors().len())
                .sum::<usize>(),
            "{}: the holes are kept",
            a.name
        );
    }
}

#[test]
fn a_dbase_date_with_month_zero_is_read_anyway() {
    let dir = tempfile::tempdir().unwrap();
    for layer in ["communes", "villages"] {
        let shp = copy_layer(dir.path(), layer, layer, same);
        let mut dbf = std::fs::read(shp.with_extension("dbf")).unwrap();
        dbf[2] = 0;
        dbf[3] = 0;
        std::fs::write(shp.with_extension("dbf"), dbf).unwrap();
        let names = if layer == "communes" {
            load_communes(&shp, &CommuneFields::default()).map(|l| {
                l.communes
                    .iter()
                    .filter(|c| !c.name.starts_with('#'))
                    .count()
            })
        } else {
            load_villages(&shp, &VillageOptions::default())
                .map(|l| l.villages.iter().filter(|v| !v.name.is_empty()).count())
        }
        .unwrap_or_else(|e| panic!("{layer}: {e}"));
        assert!(names > 100, "{layer}: {names} named");
    }
}

#[test]
fn a_shapefile_without_dbf_loads_numbered_through_the_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let villages = copy_layer(dir.path(), "villages", "villages", |e| {
        (e != "dbf").then(|| e.to_string())
    });
    let communes = copy_layer(dir.path(), "communes", "communes", |e| {
        (e != "dbf").then(|| e.to_string())
    });
    let inputs = Inputs {
        communes,
        villages,
        ..Inputs::demo(&data(""))
    };
    let dataset = Dataset::load(&inputs, &Progress::new()).unwrap_or_else(|e| panic!("{e}"));
    assert!(dataset.villages.len() > 100);
    assert_eq!(dataset.villages[0].record, 1);
}

/// The record number where each record of the demo villages starts, from the .shx.
fn record_offsets(shx: &Path) -> Vec<usize> {
    let b = std::fs::read(shx).unwrap();
    b[100..]
        .chunks_exact(8)
        .map(|c| 2 * u32::from_be_bytes(c[..4].try_into().unwrap()) as usize)
        .collect()
}

#[test]
fn a_shp_header_length_short_of_its_records_reads_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let all = load_villages(&data("villages.shp"), &VillageOptions::default())
        .unwrap()
        .villages
        .len();
    for keep_shx in [true, false] {
        let shp = copy_layer(dir.path(), "villages", "villages", |e| {
            (keep_shx || e != "shx").then(|| e.to_string())
        });
        let offsets = record_offsets(&data("villages.shx"));
        let short = offsets[offsets.len() - 7];
        let mut b = std::fs::read(&shp).unwrap();
        b[24..28].copy_from_slice(&((short / 2) as u32).to_be_bytes());
        std::fs::write(&shp, b).unwrap();
        let layer = load_villages(&shp, &VillageOptions::default()).unwrap();
        assert_eq!(layer.villages.len(), all, "with .shx: {keep_shx}");
        assert_eq!(layer.report.rows_read as usize, all);
        let n = notes(&layer.report);
        assert!(n.contains(&format!("length of {short} bytes")), "{n}");
    }
}

#[test]
fn a_dbf_with_fewer_records_than_shapes_is_reported_with_both_counts() {
    let dir = tempfile::tempdir().unwrap();
    let shp = copy_layer(dir.path(), "villages", "villages", same);
    let mut dbf = std::fs::read(shp.with_extension("dbf")).unwrap();
    let records = u32::from_le_bytes(dbf[4..8].try_into().unwrap());
    dbf[4..8].copy_from_slice(&100u32.to_le_bytes());
    std::fs::write(shp.with_extension("dbf"), dbf).unwrap();
    let layer = load_villages(&shp, &VillageOptions::default()).unwrap();
    let n = notes(&layer.report);
    assert_eq!(layer.villages.len(), records as usize);
    assert!(
        n.contains(&format!("holds {records} shapes but the .dbf 100 records")),
        "{n}"
    );
}

/// A `.zip` of the demo layer `layer` with its parts under `folder` (`""` for the root).
fn zip_layer(dir: &Path, layer: &str, folder: &str) -> PathBuf {
    use std::io::Write;
    let path = dir.join(format!("{layer}.zip"));
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    if !folder.is_empty() {
        // A stray shapefile-like name elsewhere must not be taken for a part.
        zip.start_file("__MACOSX/._x.shp", options).unwrap();
        zip.write_all(b"junk").unwrap();
    }
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        zip.start_file(format!("{folder}{layer}.{ext}"), options)
            .unwrap();
        zip.write_all(&std::fs::read(data(&format!("{layer}.{ext}"))).unwrap())
            .unwrap();
    }
    zip.finish().unwrap();
    path
}

#[test]
fn a_zip_holding_a_shapefile_is_read_as_the_shapefile() {
    use phusong::io::classify::{Role, role_of};
    let dir = tempfile::tempdir().unwrap();
    let communes = zip_layer(dir.path(), "communes", "");
    let villages = zip_layer(dir.path(), "villages", "ranh_gioi/thon/");
    let plain = load_communes(&data("communes.shp"), &CommuneFields::default()).unwrap();
    let zipped =
        load_communes(&communes, &CommuneFields::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(zipped.communes.len(), plain.communes.len());
    assert_eq!(zipped.communes[0].name, plain.communes[0].name);
    assert_eq!(zipped.report.file, communes);
    let plain = load_villages(&data("villages.shp"), &VillageOptions::default()).unwrap();
    let zipped =
        load_villages(&villages, &VillageOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(zipped.villages.len(), plain.villages.len());
    assert_eq!(notes(&zipped.report), notes(&plain.report));
    assert_eq!(role_of(&communes).unwrap(), Role::Communes);
    assert_eq!(role_of(&villages).unwrap(), Role::Villages);

    // Villages given as communes: the error names the file inside the .zip.
    let err = load_communes(&villages, &CommuneFields::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("villages.zip/ranh_gioi/thon/villages.shp"),
        "{err}"
    );
    assert!(!err.contains("phusong-zip"), "{err}");

    let empty = dir.path().join("empty.zip");
    zip::ZipWriter::new(std::fs::File::create(&empty).unwrap())
        .finish()
        .unwrap();
    let err = load_villages(&empty, &VillageOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("empty.zip") && err.contains("holds no .shp"),
        "{err}"
    );
    std::fs::write(&empty, b"PK\x03\x04 not really").unwrap();
    let err = load_communes(&empty, &CommuneFields::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("empty.zip") && err.contains(".zip cannot be opened"),
        "{err}"
    );
}

#[test]
fn an_html_table_saved_as_xls_is_read_as_a_village_list() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("danh_sach.xls");
    std::fs::write(
        &html,
        "\u{feff}<html><head><meta charset=\"utf-8\"><style>td { x: <y> }</style></head><body>\n\
         <table><tr><td>Cổng thông tin</td></tr></table>\n\
         <table border=1>\n\
         <tr><th>STT</th><th>T&ecirc;n th&ocirc;n</th><th>Kinh độ</th><th>Vĩ độ</th></tr>\n\
         <tr><td>1</td><td>Th&#244;n N&agrave; &amp; Pài</td><td>105.83</td><td>22.15</td></tr>\n\
         <!-- <tr><td>99</td><td>hidden</td><td>0</td><td>0</td></tr> -->\n\
         <tr><td>2</td><td>Bản &#x1ED8;c</td><td>105,9</td><td>22,2</td></tr>\n\
         <tr><td colspan=\"4\">Tổng: 2 thôn</td></tr>\n\
         </table></body></html>",
    )
    .unwrap();
    let layer = load_villages(&html, &VillageOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = layer.villages.iter().map(|v| v.name.as_str()).collect();
    assert!(names.contains(&"Bản Ộc"), "{names:?}");
    assert_eq!(layer.villages.len(), 2, "{names:?}");
    assert!((layer.villages[0].location.x() - 105.83).abs() < 1e-9);
    let n = notes(&layer.report);
    assert!(n.contains("in fact an HTML page"), "{n}");

    let csv = dir.path().join("xuat.XLS");
    std::fs::write(
        &csv,
        "Tên thôn;Kinh độ;Vĩ độ\nNà Pài;105,83;22,15\nBản Ộc;105,9;22,2\n",
    )
    .unwrap();
    let layer = load_villages(&csv, &VillageOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(layer.villages.len(), 2);
    let n = notes(&layer.report);
    assert!(n.contains("in fact delimited text (CSV)"), "{n}");
}

#[test]
fn an_index_that_lists_fewer_records_than_the_shp_holds_reads_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let all = load_villages(&data("villages.shp"), &VillageOptions::default())
        .unwrap()
        .villages
        .len();
    for cut_the_file in [true, false] {
        let shp = copy_layer(dir.path(), "villages", "villages", same);
        let mut shx = std::fs::read(shp.with_extension("shx")).unwrap();
        let short = shx.len() - 7 * 8;
        shx[24..28].copy_from_slice(&((short / 2) as u32).to_be_bytes());
        if cut_the_file {
            shx.truncate(short);
        }
        std::fs::write(shp.with_extension("shx"), shx).unwrap();
        let layer = load_villages(&shp, &VillageOptions::default()).unwrap();
        assert_eq!(layer.villages.len(), all, "file cut: {cut_the_file}");
    }
}

/// A zip bomb: a .zip whose shapefile unpacks to a hundred times its size and more is
/// refused by name before it fills the disk.
#[test]
fn a_zip_that_unpacks_far_beyond_its_size_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("thon.shp", options).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..80 {
        std::io::Write::write_all(&mut zip, &zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 1024 * 1024);
    let err = load_villages(&path, &VillageOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bom.zip") && err.contains("unpacks to more than 64 MB"),
        "{err}"
    );
}

/// A .zip holding several shapefiles reads the first by name and says which it left.
#[test]
fn a_zip_of_several_shapefiles_names_those_it_left_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nhieu.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        zip.start_file(format!("a/villages.{ext}"), options)
            .unwrap();
        std::io::Write::write_all(
            &mut zip,
            &std::fs::read(data(&format!("villages.{ext}"))).unwrap(),
        )
        .unwrap();
    }
    zip.start_file("b/duong.shp", options).unwrap();
    std::io::Write::write_all(&mut zip, b"not read").unwrap();
    zip.finish().unwrap();
    let layer = load_villages(&path, &VillageOptions::default()).expect("the first loads");
    assert_eq!(layer.villages.len(), 123);
    let notes = layer.report.notes_en();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("a/villages.shp was read") && n.contains("b/duong.shp")),
        "{notes:?}"
    );
}
