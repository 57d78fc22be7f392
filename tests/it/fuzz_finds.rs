//! Inputs the fuzzers (`fuzz/`) found that misbehaved, kept as they were found
//! (`tests/data/fuzz/`), each with what phusong does with it now.

use std::path::{Path, PathBuf};

use phusong::io::communes::{CommuneFields, load_communes};
use phusong::io::villages::{VillageOptions, load_villages};

fn found(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/fuzz")
            .join(name),
    )
    .unwrap()
}

/// `bytes` as the shapefile `dir/x.shp` (a .shp alone, as the fuzzer gave it).
fn shp(dir: &Path, bytes: &[u8]) -> PathBuf {
    let path = dir.join("x.shp");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A polygon record that claims 704 million points in 112 bytes made the shapefile reader
/// reserve 11 GB before reading a point. It is measured first and not read.
#[test]
fn a_record_claiming_millions_of_points_in_a_few_bytes_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = shp(dir.path(), &found("shapefile-overclaimed-points.bin"));
    let claims = phusong::io::shp_claims::first_overclaim(&path, 1 << 20).expect("an overclaim");
    assert!(claims.points > 100_000_000, "{claims:?}");
    let communes = load_communes(&path, &CommuneFields::default()).map_or_else(
        |e| e.to_string(),
        |l| format!("loaded {} communes", l.communes.len()),
    );
    assert!(
        communes.contains(&format!("says it has {} points", claims.points)),
        "{communes}"
    );
    // As villages it is refused for its kind before any record is read.
    let villages = load_villages(&path, &VillageOptions::default())
        .err()
        .unwrap()
        .to_string();
    assert!(villages.contains("villages must be points"), "{villages}");
}

/// A record whose header says it holds 4 GB, in a file of 380 bytes, with a billion parts:
/// the measuring of the claims reserved 4.3 GB for the part starts. What a record holds is
/// no more than the file has left, so it is an overclaim, measured without reserving.
#[test]
fn a_record_longer_than_its_file_is_an_overclaim() {
    let bytes = found("shapefile-record-longer-than-file.bin");
    let dir = tempfile::tempdir().unwrap();
    let path = shp(dir.path(), &bytes);
    let claims = phusong::io::shp_claims::first_overclaim(&path, 1 << 40).expect("an overclaim");
    assert!(claims.bytes > bytes.len() as u64, "{claims:?}");
    let communes = load_communes(&path, &CommuneFields::default()).map_or_else(
        |e| e.to_string(),
        |l| format!("loaded {} communes: {}", l.communes.len(), l.report),
    );
    assert!(communes.contains("x.shp"), "{communes}");
}

/// Fourteen records of no content, then a polygon claiming a billion points: read one after
/// the other, each empty record left the reader four bytes further than its stated length,
/// out of step with the measuring of the claims, and the reader reserved 17 GB. The records
/// are found by their stated lengths, as GDAL finds them, so the claim is measured where it
/// is read.
#[test]
fn records_of_no_content_keep_the_reading_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = shp(
        dir.path(),
        &found("shapefile-null-records-then-overclaim.bin"),
    );
    let claims = phusong::io::shp_claims::first_overclaim(&path, 1 << 20).expect("an overclaim");
    assert_eq!(claims.record, 16, "{claims:?}");
    let communes = load_communes(&path, &CommuneFields::default()).map_or_else(
        |e| e.to_string(),
        |l| format!("loaded {} communes: {}", l.communes.len(), l.report),
    );
    // The empty records have no polygon, and the reading stops before the sixteenth.
    assert!(
        communes.contains("x.shp") && communes.contains("no usable commune polygon"),
        "{communes}"
    );
}

/// Seven polygons, then a null shape whose record holds 128 bytes more than its shape type
/// reads: reading the records as one stream left the reader inside that record, where the
/// bytes claimed a billion parts (4 GB reserved). Each record is read from its own bytes,
/// so the polygons load and the damage after them is said.
#[test]
fn a_record_holding_more_than_its_shape_does_not_put_the_reader_between_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = shp(dir.path(), &found("shapefile-null-record-with-content.bin"));
    let layer = load_communes(&path, &CommuneFields::default()).unwrap();
    assert_eq!(layer.communes.len(), 5, "{}", layer.report);
    assert_eq!(
        layer.report.rows_read,
        layer.report.rows_used + layer.report.rows_rejected()
    );
    // Records 9 to 13 are read from their own places (no shape in them), and the reading
    // stops at 14, whose shape type is no shape type; read as a stream, it stopped at 9, on
    // the bytes of record 8 taken for a claim of 4 GB.
    let stopped = layer.report.incomplete.as_ref().map(|i| i.stopped_at);
    assert_eq!(stopped, Some(14), "{}", layer.report);
}

/// A damaged `.xls` on which calamine's own assertion fails inside its reader: phusong runs
/// the reader under `catch_unwind`, so the file is refused by name in the user's words, and
/// nothing of the library's panic reaches the message.
#[test]
fn a_reader_library_panicking_on_an_xls_is_a_message() {
    let bytes = found("village-list-calamine-assertion.bin");
    // The fuzzer's first byte chose the extension: 2 is `.xls`.
    assert_eq!(bytes[0], 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("thon.xls");
    std::fs::write(&path, &bytes[1..]).unwrap();
    let e = load_villages(&path, &VillageOptions::default()).unwrap_err();
    let said = e.text(phusong::lang::Lang::Vi, phusong::message::Front::Window);
    assert!(said.contains("thon.xls"), "{said}");
    assert!(
        !said.contains("assert") && !said.contains("panicked"),
        "{said}"
    );
}
