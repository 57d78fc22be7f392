//! Commune boundaries before and after the July 2025 reform: province/district/commune
//! files (the demo) and province/commune files (tests/data/boundaries-2025, made from the
//! demo) both load; without districts no output has a district level or column; a village
//! list naming the old communes is placed by its points, and the difference is noted.

use std::path::{Path, PathBuf};
use std::process::Command;

use phusong::analysis::{Dataset, Inputs};
use phusong::export;
use phusong::io::communes::{CommuneFields, load_communes};
use phusong::lang::Lang;
use phusong::progress::Progress;
use phusong::rule::Params;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn communes_2025() -> PathBuf {
    root().join("tests/data/boundaries-2025/xa-2025.shp")
}

fn excel_list() -> PathBuf {
    root().join("tests/data/villages/thon-bac-kan.xlsx")
}

fn load(communes: &Path, villages: &Path) -> Dataset {
    let inputs = Inputs {
        communes: communes.to_path_buf(),
        villages: villages.to_path_buf(),
        ..Inputs::demo(&root().join("data"))
    };
    Dataset::load(&inputs, &Progress::new()).expect("loads")
}

#[test]
fn both_kinds_of_commune_file_load() {
    let before =
        load_communes(&root().join("data/communes.shp"), &CommuneFields::default()).unwrap();
    assert!(before.communes.iter().all(|c| !c.district.is_empty()));
    let after = load_communes(&communes_2025(), &CommuneFields::default()).unwrap();
    assert_eq!(after.communes.len(), 45);
    assert!(
        after
            .communes
            .iter()
            .all(|c| c.district.is_empty() && c.province == "Thái Nguyên")
    );
    assert_eq!(after.communes[0].code, "00001");
    assert!(
        after
            .report
            .notes_en()
            .into_iter()
            .any(|n| n.contains("code ma_xa, name ten_xa, province ten_tinh")
                && n.contains("two levels")
                && !n.contains("district")),
        "{:?}",
        after.report.notes
    );
}

#[test]
fn without_districts_no_output_has_a_district_level_or_column() {
    let demo = load(
        &root().join("data/communes.shp"),
        &root().join("data/villages.shp"),
    );
    let d = load(&communes_2025(), &root().join("data/villages.shp"));
    assert!(!d.has_districts() && demo.has_districts());
    let eval = d.evaluate(&Params::default());
    let want = demo.evaluate(&Params::default());
    assert!(eval.rollup.districts.is_empty() && !eval.rollup.has_districts());
    assert_eq!(
        eval.rollup.total, want.rollup.total,
        "the same villages, counted the same"
    );
    assert_eq!(eval.rollup.outside, want.rollup.outside);
    assert_eq!(eval.rollup.provinces.len(), 1);
    assert_eq!(eval.rollup.provinces[0].name, "Thái Nguyên");
    assert_eq!(
        eval.rollup.provinces[0].figures,
        want.rollup.provinces[0].figures
    );
    // Each new commune adds up its old ones.
    let villages_in = |e: &phusong::analysis::Evaluation| -> u32 {
        e.rollup.communes.iter().map(|c| c.figures.villages).sum()
    };
    assert_eq!(villages_in(&eval), villages_in(&want));

    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), &d, &eval, Lang::Vi).unwrap();
    let read = |name: &str| std::fs::read_to_string(out.path().join(name)).unwrap();
    let communes = read("communes.csv");
    let header = communes.lines().next().unwrap();
    assert_eq!(
        header,
        "\u{feff}level,code,name,province,villages,surveyed,not_surveyed,no_coverage,no_signal,weak_signal,covered_2g,covered_3g,covered_4g,covered_5g,below_required,flagged,share_2g,share_3g,share_4g,share_5g,share_2g_surveyed,share_3g_surveyed,share_4g_surveyed,share_5g_surveyed,households_known,households,households_covered,households_no_signal,households_weak_signal,households_below_required,households_not_surveyed,population_known,population,population_covered,no_signal_with_power,no_signal_without_power,weak_signal_with_power,weak_signal_without_power"
    );
    let levels: Vec<&str> = communes
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(levels.iter().filter(|l| **l == "commune").count(), 45);
    assert_eq!(levels[45..], ["province", "total"]);
    let villages = read("villages.csv");
    assert!(
        villages
            .starts_with("\u{feff}record,name,lon,lat,commune_code,commune_name,province,status,")
    );
    let summary: serde_json::Value = serde_json::from_str(&read("summary.json")).unwrap();
    assert!(summary.get("districts").is_none());
    assert!(summary["communes"][0].get("district").is_none());
    assert!(summary["total"].get("district").is_none());
    assert!(!read("flagged.geojson").contains("\"district\""));
    assert!(!communes.to_lowercase().contains("district") && !villages.contains("district"));

    // The demo, with districts, keeps them all.
    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), &demo, &want, Lang::Vi).unwrap();
    let communes = std::fs::read_to_string(out.path().join("communes.csv")).unwrap();
    assert!(communes.starts_with("\u{feff}level,code,name,district,province,"));
    assert_eq!(
        communes
            .lines()
            .filter(|l| l.starts_with("district,"))
            .count(),
        8
    );
}

#[test]
fn a_village_listed_in_an_old_commune_is_placed_by_its_point_and_noted() {
    let d = load(&communes_2025(), &excel_list());
    let eval = d.evaluate(&Params::default());
    let demo = load(
        &root().join("data/communes.shp"),
        &root().join("data/villages.shp"),
    );
    assert_eq!(
        crate::village_counts(&eval.rollup.total),
        crate::village_counts(&demo.evaluate(&Params::default()).rollup.total),
        "the list gives no households, the demo's villages do: the village counts agree"
    );

    // Row 9, Na Ba: listed in the old Xã Bộc Bố, which is part of a new commune named
    // after another old one.
    let v = d.villages.iter().position(|v| v.record == 9).unwrap();
    assert_eq!(d.villages[v].name, "Na Ba");
    assert_eq!(d.villages[v].listed.commune, "Xã Bộc Bố");
    let placed = d.commune_of(v).unwrap();
    assert_ne!(placed.name, "Xã Bộc Bố");
    let polygon_holder = d
        .communes
        .iter()
        .position(|c| geo::Contains::contains(&c.boundary, &d.villages[v].location))
        .unwrap();
    assert_eq!(
        placed.code, d.communes[polygon_holder].code,
        "the commune its point lies in"
    );

    // The note: how many, and the first rows. Counted here from the names.
    let differ = (0..d.villages.len())
        .filter(|&i| {
            let listed = &d.villages[i].listed.commune;
            let name = d.commune_of(i).unwrap().name.as_str();
            let bare = |s: &str| {
                s.trim_start_matches("Xã ")
                    .trim_start_matches("Phường ")
                    .trim_start_matches("Thị trấn ")
                    .to_string()
            };
            bare(listed) != bare(name)
        })
        .count();
    assert!(differ > 50, "{differ}");
    let report = &d.reports[1];
    let note = report
        .notes_en()
        .into_iter()
        .find(|n| n.contains("name a commune other than the one their point lies in"))
        .unwrap_or_else(|| panic!("{:?}", report.notes));
    assert!(
        note.starts_with(&format!("{differ} of 123 villages")),
        "{note}"
    );
    assert!(
        note.contains("July 2025")
            && note.contains("row 8 Pan Xá: listed Xã Lương Thượng, lies in")
            && note.contains("; 9 Na Ba: listed Xã Bộc Bố, lies in")
            && note.ends_with(&format!("; and {} more.", differ - 5)),
        "{note}"
    );
    assert!(
        report
            .rejected
            .keys()
            .all(|r| *r != phusong::io::report::Reason::MissingCoordinates
                || report.rejected[r].count == 2),
        "a note, not rejected rows"
    );

    // The villages table keeps what the list said beside where the village lies.
    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), &d, &eval, Lang::Vi).unwrap();
    let villages = std::fs::read_to_string(out.path().join("villages.csv")).unwrap();
    assert!(
        villages.starts_with("\u{feff}record,name,lon,lat,commune_code,commune_name,province,listed_commune,listed_district,status,"),
        "{}",
        villages.lines().next().unwrap()
    );

    // With the communes the list was made for, every name agrees ("Ngọc Phái" and
    // "Xã Ngọc Phái" alike) and there is no such note.
    let d = load(&root().join("data/communes.shp"), &excel_list());
    assert!(
        !d.reports[1]
            .notes_en()
            .into_iter()
            .any(|n| n.contains("name a commune other")),
        "{:?}",
        d.reports[1].notes
    );
}

#[test]
fn the_command_line_does_not_mention_districts_when_there_are_none() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_phusong"))
        .current_dir(root())
        .args(["analyze", "--communes"])
        .arg(communes_2025())
        .args([
            "--villages",
            "data/villages.shp",
            "--samples",
            "data/samples.csv",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("45 xã trong 1 tỉnh;"), "{stdout}");
    assert!(!stdout.to_lowercase().contains("huyện"), "{stdout}");
}
