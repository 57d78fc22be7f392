//! Text encodings of attribute tables: every Vietnamese letter in every encoding against
//! independently made tables, the fixtures of `tests/data/encodings/` (made by
//! `make_fixtures.py` there), guessing, `.cpg` labels, the user's choice, damaged text, and
//! the whole demo province with TCVN3 names.

use std::path::{Path, PathBuf};
use std::process::Command;

use phusong::analysis::{Dataset, Inputs};
use phusong::io::communes::{CommuneFields, CommuneLayer, load_communes};
use phusong::io::text::{Damage, EncodingSource, TextEncoding, TextEncodingReport};
use phusong::io::villages::{VillageOptions, load_villages};
use phusong::progress::Progress;
use phusong::rule::Params;
use unicode_normalization::UnicodeNormalization;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/data/encodings").join(name)
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn load(path: &Path, encoding: Option<TextEncoding>) -> CommuneLayer {
    let fields = CommuneFields {
        encoding,
        ..CommuneFields::default()
    };
    load_communes(path, &fields).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text_report(layer: &CommuneLayer) -> &TextEncodingReport {
    layer
        .report
        .text_encoding
        .as_ref()
        .expect("a shapefile layer reports its text encoding")
}

/// The names of the first 8 demo communes (Bắc Kạn town), as the fixtures have them.
fn town_names() -> Vec<(String, String, String, String)> {
    load(&root().join("data/communes.shp"), None).communes[..8]
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                c.name.clone(),
                c.district.clone(),
                c.province.clone(),
            )
        })
        .collect()
}

fn names(layer: &CommuneLayer) -> Vec<(String, String, String, String)> {
    layer
        .communes
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                c.name.clone(),
                c.district.clone(),
                c.province.clone(),
            )
        })
        .collect()
}

#[test]
fn every_letter_with_every_tone_in_every_encoding() {
    let table = std::fs::read_to_string(fixture("letters.tsv")).unwrap();
    let mut rows = 0;
    for line in table.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let [letter, utf8, cp1258, tcvn3, from_context, vni] = f[..] else {
            panic!("bad row {line}");
        };
        let decode = |e: TextEncoding, bytes: &[u8]| {
            let (text, errors) = e.decode(bytes);
            assert!(!errors, "{letter} in {e}: {bytes:02x?} has errors");
            text
        };
        assert_eq!(decode(TextEncoding::Utf8, &hex(utf8)), letter);
        let nfd: String = letter.nfd().collect();
        assert_eq!(decode(TextEncoding::Utf8, nfd.as_bytes()), letter, "NFD");
        assert_eq!(
            decode(TextEncoding::Windows1258, &hex(cp1258)),
            letter,
            "Windows-1258 {cp1258}"
        );
        assert_eq!(decode(TextEncoding::Vni, &hex(vni)), letter, "VNI {vni}");
        if from_context == "1" {
            // No code of its own: the small letter's code in a word written in capitals.
            let bytes = [b"X".as_slice(), &hex(tcvn3), b"X"].concat();
            assert_eq!(
                decode(TextEncoding::Tcvn3, &bytes),
                format!("X{letter}X"),
                "TCVN3 {tcvn3}"
            );
            let small = letter.to_lowercase();
            assert_eq!(decode(TextEncoding::Tcvn3, &hex(tcvn3)), small, "alone");
        } else {
            assert_eq!(
                decode(TextEncoding::Tcvn3, &hex(tcvn3)),
                letter,
                "TCVN3 {tcvn3}"
            );
        }
        rows += 1;
    }
    // 29 letters, the 12 vowels with 6 tones: 89 small and 89 capital.
    assert_eq!(rows, 178);
}

#[test]
fn each_encoding_is_guessed_and_reads_like_the_original() {
    let want = town_names();
    for (file, encoding) in [
        ("xa_tcvn3.shp", TextEncoding::Tcvn3),
        ("xa_vni.shp", TextEncoding::Vni),
        ("xa_cp1258.shp", TextEncoding::Windows1258),
        ("xa_utf8.shp", TextEncoding::Utf8),
    ] {
        let layer = load(&fixture(file), None);
        assert_eq!(names(&layer), want, "{file}");
        let text = text_report(&layer);
        assert_eq!(text.encoding, encoding, "{file}");
        assert_eq!(text.source, EncodingSource::Detected, "{file}");
        assert_eq!(text.choices.len(), 4, "{file}: every choice is offered");
        assert_eq!(text.choices[0].encoding, encoding);
        assert_eq!(text.choices[0].vietnamese_share, Some(1.0), "{file}");
        let runner_up = text.choices[1].vietnamese_share.unwrap();
        assert!(runner_up < 0.5, "{file}: runner-up {runner_up}");
        assert!(text.damaged.is_empty(), "{file}: {:?}", text.damaged);
        assert_eq!(text.undecodable_values, 0);
        let note = layer
            .report
            .notes_en()
            .into_iter()
            .find(|n| n.contains("guessed"))
            .unwrap_or_else(|| panic!("{file}: {:?}", layer.report.notes));
        assert!(
            note.contains(encoding.name())
                && note.contains("next best")
                && note.contains("--commune-encoding")
                && note.contains(".cpg"),
            "{note}"
        );
    }
}

#[test]
fn windows_1258_with_a_cpg_is_read_without_guessing() {
    let layer = load(&fixture("xa_cp1258_cpg.shp"), None);
    assert_eq!(names(&layer), town_names());
    let text = text_report(&layer);
    assert_eq!(text.encoding, TextEncoding::Windows1258);
    assert_eq!(
        text.source,
        EncodingSource::Cpg {
            label: "1258".into()
        }
    );
    assert!(
        !layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("guessed"))
    );
}

/// Copies a fixture's files to `dir` under `name`, with a `.cpg` reading `cpg`.
fn copy_with_cpg(dir: &Path, from: &str, name: &str, cpg: &str) -> PathBuf {
    for ext in ["shp", "shx", "dbf", "prj"] {
        std::fs::copy(
            fixture(&format!("{from}.{ext}")),
            dir.join(format!("{name}.{ext}")),
        )
        .unwrap();
    }
    std::fs::write(dir.join(format!("{name}.cpg")), cpg).unwrap();
    dir.join(format!("{name}.shp"))
}

#[test]
fn cpg_labels_people_write_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let want = town_names();
    let cases = [
        ("xa_tcvn3", "TCVN3", TextEncoding::Tcvn3),
        ("xa_tcvn3", "ABC\r\n", TextEncoding::Tcvn3),
        ("xa_tcvn3", "TCVN", TextEncoding::Tcvn3),
        ("xa_vni", "VNI-WIN", TextEncoding::Vni),
        ("xa_vni", "VNI", TextEncoding::Vni),
        ("xa_cp1258", "CP1258", TextEncoding::Windows1258),
        ("xa_cp1258", "windows-1258", TextEncoding::Windows1258),
        ("xa_utf8", "65001", TextEncoding::Utf8),
        ("xa_utf8", "UTF-8", TextEncoding::Utf8),
    ];
    for (i, (from, label, encoding)) in cases.into_iter().enumerate() {
        let path = copy_with_cpg(dir.path(), from, &format!("xa{i}"), label);
        let layer = load(&path, None);
        assert_eq!(names(&layer), want, "{from} with .cpg {label:?}");
        let text = text_report(&layer);
        assert_eq!(text.encoding, encoding);
        assert!(matches!(text.source, EncodingSource::Cpg { .. }));
    }
}

#[test]
fn the_users_choice_wins_and_a_wrong_one_is_not_silent() {
    // Right choice: read as chosen, said so.
    let layer = load(&fixture("xa_vni.shp"), Some(TextEncoding::Vni));
    assert_eq!(names(&layer), town_names());
    assert_eq!(text_report(&layer).source, EncodingSource::Chosen);
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("as chosen")),
        "{:?}",
        layer.report.notes
    );
    // Wrong choice: the text is kept, and reported as damaged with the remedy.
    let layer = load(&fixture("xa_tcvn3.shp"), Some(TextEncoding::Vni));
    let text = text_report(&layer);
    assert_eq!(text.encoding, TextEncoding::Vni);
    let damaged = text
        .damaged
        .iter()
        .find(|d| d.column == "TEN_XA")
        .expect("the names are reported");
    assert!(damaged.records >= 6, "{damaged:?}");
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("TEN_XA")
                && n.contains("not Vietnamese letters")
                && n.contains("--commune-encoding")),
        "{:?}",
        layer.report.notes
    );
}

#[test]
fn a_cpg_naming_the_wrong_encoding_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    // UTF-8 text whose .cpg says TCVN3.
    let path = copy_with_cpg(dir.path(), "xa_utf8", "xa", "TCVN3");
    let layer = load(&path, None);
    let text = text_report(&layer);
    assert_eq!(text.encoding, TextEncoding::Tcvn3);
    assert!(!text.damaged.is_empty());
    // TCVN3 text whose .cpg says UTF-8: values not valid UTF-8, named with the remedy.
    let path = copy_with_cpg(dir.path(), "xa_tcvn3", "xb", "UTF-8");
    let layer = load(&path, None);
    let text = text_report(&layer);
    assert!(text.undecodable_values >= 8, "{text:?}");
    let note = layer
        .report
        .notes_en()
        .into_iter()
        .find(|n| n.contains("not valid UTF-8"))
        .unwrap_or_else(|| panic!("{:?}", layer.report.notes));
    assert!(
        note.contains("record 1")
            && note.contains("TEN_XA")
            && note.contains("wrong encoding")
            && note.contains("--commune-encoding"),
        "{note}"
    );
}

#[test]
fn lost_letters_are_reported_as_damaged_text_and_kept() {
    let layer = load(&fixture("xa_damaged.shp"), None);
    let want = town_names();
    assert_eq!(layer.communes[1].name, "Ph??ng Nguy?n Th? Minh Khai");
    assert_eq!(layer.communes[0].name, want[0].1, "the others are intact");
    let text = text_report(&layer);
    assert_eq!(text.damaged.len(), 1, "{:?}", text.damaged);
    let d = &text.damaged[0];
    assert_eq!(d.column, "TEN_XA");
    assert_eq!(d.damage, [Damage::LostLetters]);
    assert_eq!(d.records, 3);
    assert_eq!(d.first_records, [2, 5, 7]);
    assert_eq!(d.example, "Ph??ng Nguy?n Th? Minh Khai");
    let note = layer
        .report
        .notes_en()
        .into_iter()
        .find(|n| n.contains("Damaged text"))
        .unwrap_or_else(|| panic!("{:?}", layer.report.notes));
    assert!(
        note.contains("column TEN_XA: 3 records (records 2, 5, 7)")
            && note.contains("get the file again from its source"),
        "{note}"
    );
}

#[test]
fn the_demo_province_in_tcvn3_gives_the_same_names_and_figures() {
    let original = load(&root().join("data/communes.shp"), None);
    let tcvn3 = load(&fixture("bac_kan_tcvn3.shp"), None);
    assert_eq!(tcvn3.communes.len(), 122);
    assert_eq!(names(&tcvn3), names(&original));
    let text = text_report(&tcvn3);
    assert_eq!(text.encoding, TextEncoding::Tcvn3);
    assert_eq!(text.source, EncodingSource::Detected);
    assert!(text.damaged.is_empty(), "{:?}", text.damaged);
    assert_eq!(text.choices[0].vietnamese_share, Some(1.0));

    let demo = Inputs::demo(&root().join("data"));
    let twin = Inputs {
        communes: fixture("bac_kan_tcvn3.shp"),
        ..demo.clone()
    };
    let params = Params::default();
    let a = Dataset::load(&demo, &Progress::new()).unwrap();
    let b = Dataset::load(&twin, &Progress::new()).unwrap();
    let (ea, eb) = (a.evaluate(&params), b.evaluate(&params));
    assert_eq!(
        serde_json::to_value(&ea.rollup).unwrap(),
        serde_json::to_value(&eb.rollup).unwrap(),
        "same figures for every commune, district and the province"
    );
    assert_eq!(a.village_commune, b.village_commune);
    assert_eq!(eb.rollup.provinces[0].name, "Bắc Kạn");
}

#[test]
fn csv_village_lists_are_guessed_or_read_as_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("thon.csv");
    // "Nà Lẹng", "Pác Nặm" in VNI-Windows.
    std::fs::write(
        &p,
        b"ten_thon,lon,lat\nNa\xf8 Le\xefng,105.83,22.15\nPa\xf9c Na\xebm,105.9,22.4\n",
    )
    .unwrap();
    let layer = load_villages(&p, &VillageOptions::default()).unwrap();
    let names: Vec<&str> = layer.villages.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Nà Lẹng", "Pác Nặm"]);
    let text = layer.report.text_encoding.as_ref().unwrap();
    assert_eq!(text.encoding, TextEncoding::Vni);
    assert!(
        layer
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("guessed: VNI-Windows") && n.contains("--village-encoding")),
        "{:?}",
        layer.report.notes
    );
    let chosen = VillageOptions {
        encoding: Some(TextEncoding::Windows1258),
        ..VillageOptions::default()
    };
    let layer = load_villages(&p, &chosen).unwrap();
    assert_eq!(
        layer.report.text_encoding.as_ref().unwrap().source,
        EncodingSource::Chosen
    );
    assert_ne!(layer.villages[0].name, "Nà Lẹng");
}

/// Each letter's bytes in Windows-1258, TCVN3 and VNI, from letters.tsv, and whether TCVN3
/// writes it only with the small letter's code (a capital known from the word around it).
fn legacy_bytes() -> std::collections::HashMap<char, [(Vec<u8>, bool); 3]> {
    let table = std::fs::read_to_string(fixture("letters.tsv")).unwrap();
    table
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let letter = f[0].chars().next().unwrap();
            (
                letter,
                [
                    (hex(f[2]), false),
                    (hex(f[3]), f[4] == "1"),
                    (hex(f[5]), false),
                ],
            )
        })
        .collect()
}

/// The demo's villages as a semicolon village list under a title, with decimal commas, in
/// `encoding` (index 0: Windows-1258, 1: TCVN3, 2: VNI); villages whose names TCVN3 cannot
/// write exactly are left out. Returns the bytes and the (name, commune) pairs written.
fn demo_list_in(encoding: usize) -> (Vec<u8>, Vec<(String, String)>) {
    let table = legacy_bytes();
    let encode = |text: &str| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for c in text.chars() {
            match table.get(&c) {
                _ if c.is_ascii() => out.push(c as u8),
                Some(codes) if !codes[encoding].1 => out.extend(&codes[encoding].0),
                _ => return None,
            }
        }
        Some(out)
    };
    let golden = std::fs::read_to_string(root().join("tests/golden/demo/villages.csv")).unwrap();
    let mut bytes =
        encode("Danh sách thôn bản tỉnh Bắc Kạn\r\nSTT;Tên thôn;Xã;Kinh độ;Vĩ độ\r\n").unwrap();
    let mut written = Vec::new();
    for line in golden.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (name, lon, lat, commune) = (f[1], f[2], f[3], f[5]);
        let (Some(n), Some(c)) = (encode(name), encode(commune)) else {
            continue;
        };
        bytes.extend(format!("{};", written.len() + 1).as_bytes());
        bytes.extend(n);
        bytes.push(b';');
        bytes.extend(c);
        bytes
            .extend(format!(";{};{}\r\n", lon.replace('.', ","), lat.replace('.', ",")).as_bytes());
        written.push((name.to_string(), commune.to_string()));
    }
    (bytes, written)
}

#[test]
fn csv_village_lists_in_each_legacy_encoding_are_guessed_and_read_like_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let encodings = [
        TextEncoding::Windows1258,
        TextEncoding::Tcvn3,
        TextEncoding::Vni,
    ];
    for (k, encoding) in encodings.into_iter().enumerate() {
        let (bytes, written) = demo_list_in(k);
        assert!(
            written.len() > 100,
            "{encoding}: {} villages",
            written.len()
        );
        let path = dir.path().join(format!("thon-{}.csv", encoding.label()));
        std::fs::write(&path, bytes).unwrap();
        let layer = load_villages(&path, &VillageOptions::default())
            .unwrap_or_else(|e| panic!("{encoding}: {e}"));
        let read: Vec<(String, String)> = layer
            .villages
            .iter()
            .map(|v| (v.name.clone(), v.listed.commune.clone()))
            .collect();
        assert_eq!(read, written, "{encoding}");
        let text = layer.report.text_encoding.as_ref().unwrap();
        assert_eq!(
            (text.encoding, &text.source),
            (encoding, &EncodingSource::Detected)
        );
        assert_eq!(text.choices[0].encoding, encoding);
        assert!(text.damaged.is_empty(), "{encoding}: {:?}", text.damaged);
        assert_eq!(layer.report.format.to_string(), "CSV (semicolon-separated)");

        // The preview shows how the text was read; the dialog's options keep a choice.
        let p = phusong::io::village_list::preview(&path, &VillageOptions::default()).unwrap();
        assert_eq!(p.text_encoding.as_ref().map(|t| t.encoding), Some(encoding));
        assert_eq!(p.rows[0].cells[1], written[0].0);
        let chosen = VillageOptions {
            encoding: Some(encoding),
            ..VillageOptions::default()
        };
        let p = phusong::io::village_list::preview(&path, &chosen).unwrap();
        assert_eq!(p.options(&p.guess).encoding, Some(encoding));
        let text = p.text_encoding.unwrap();
        assert_eq!(
            (text.encoding, text.source),
            (encoding, EncodingSource::Chosen)
        );
    }
}

#[test]
fn a_wrong_encoding_chosen_for_a_csv_list_shows_as_damaged_names() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = demo_list_in(1);
    let path = dir.path().join("thon.csv");
    std::fs::write(&path, bytes).unwrap();
    let chosen = VillageOptions {
        encoding: Some(TextEncoding::Windows1258),
        ..VillageOptions::default()
    };
    // TCVN3 read as Windows-1258 does not even find the header's "Kinh độ".
    let err = load_villages(&path, &chosen).unwrap_err().to_string();
    assert!(
        err.contains("thon.csv")
            && err.contains("\"Tªn th«n\" look damaged")
            && err.contains("not be in Windows-1258")
            && err.contains("Choose the file's text encoding with --village-encoding"),
        "{err}"
    );
    // With the columns named by heading as read, the names come out damaged and reported.
    let p = phusong::io::village_list::preview(&path, &chosen).unwrap();
    let options = VillageOptions {
        name_field: Some(p.columns[1].clone()),
        lon_field: Some(p.columns[3].clone()),
        lat_field: Some(p.columns[4].clone()),
        ..chosen
    };
    let layer = load_villages(&path, &options).unwrap();
    let text = layer.report.text_encoding.as_ref().unwrap();
    assert_eq!(text.source, EncodingSource::Chosen);
    let names = text
        .damaged
        .iter()
        .find(|d| d.column == p.columns[1])
        .expect("the name column is reported");
    assert!(names.records > 50, "{names:?}");
    assert!(
        layer.report.notes_en().into_iter().any(|n| n
            .starts_with(&format!("Damaged text in column \"{}\" (2)", p.columns[1]))
            && n.contains("--village-encoding")),
        "{:?}",
        layer.report.notes
    );
}

#[test]
fn command_line_flags_choose_the_encoding_and_bad_ones_list_the_choices() {
    let out = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_phusong"))
            .current_dir(root())
            .args(["analyze", "--quiet", "--out"])
            .arg(out.path())
            .args([
                "--communes",
                "tests/data/encodings/bac_kan_tcvn3.shp",
                "--villages",
                "data/villages.shp",
                "--samples",
                "data/samples.csv",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let summary = |extra: &[&str]| -> serde_json::Value {
        let done = run(extra);
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        serde_json::from_slice(&std::fs::read(out.path().join("summary.json")).unwrap()).unwrap()
    };
    let guessed = summary(&[]);
    let text = &guessed["import_reports"][0]["text_encoding"];
    assert_eq!(text["encoding"], "tcvn3");
    assert_eq!(text["source"]["from"], "detected");
    assert_eq!(guessed["provinces"][0]["name"], "Bắc Kạn");
    let chosen = summary(&["--commune-encoding", "VNI", "--village-encoding", "utf-8"]);
    assert_eq!(
        chosen["import_reports"][0]["text_encoding"]["encoding"],
        "vni"
    );
    assert_eq!(
        chosen["import_reports"][0]["text_encoding"]["source"]["from"],
        "chosen"
    );
    assert_eq!(
        chosen["import_reports"][1]["text_encoding"]["encoding"],
        "utf-8"
    );
    let bad = run(&["--commune-encoding", "viscii"]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("viscii") && err.contains("tcvn3") && err.contains("vni"),
        "{err}"
    );
}
