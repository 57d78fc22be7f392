//! The whole analysis on the bundled demo province: a golden run, a cross-check of the
//! indexed rule against a brute-force reading of the rule's text, and the command line.

use std::path::{Path, PathBuf};
use std::process::Command;

use phusong::analysis::{Dataset, Inputs};
use phusong::export;
use phusong::lang::Lang;
use phusong::model::Generation;
use phusong::progress::Progress;
use phusong::rule::Params;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn demo() -> Dataset {
    // Relative paths, as a user gives them, so the outputs do not depend on the checkout.
    std::env::set_current_dir(root()).unwrap();
    Dataset::load(&Inputs::demo(Path::new("data")), &Progress::new())
        .expect("the demo province loads")
}

#[test]
fn demo_has_every_kind_of_village() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let t = &eval.rollup.total;
    assert_eq!(t.villages as usize, d.villages.len());
    assert!(t.not_surveyed > 0, "some villages were never driven");
    assert!(t.no_coverage > 0, "some villages have no signal");
    assert!(t.flagged > t.no_coverage, "some villages have only 2G/3G");
    assert!(
        t.covered_at(Generation::G4) * 2 > t.villages,
        "most villages have 4G"
    );
    assert_eq!(t.surveyed + t.not_surveyed, t.villages);
    let communes: u32 = eval
        .rollup
        .communes
        .iter()
        .map(|c| c.figures.villages)
        .sum();
    assert_eq!(communes + eval.rollup.outside.villages, t.villages);
    assert_eq!(eval.rollup.provinces.len(), 1);
    assert_eq!(eval.rollup.provinces[0].name, "Bắc Kạn");
}

/// The outputs kept in `tests/golden/demo/`: the tables and the village layers. (The
/// commune layers are mostly boundary coordinates, and a `.dbf` holds the day it was
/// written; `tests/outputs_gis.rs` reads those back and checks them.)
const GOLDEN: [&str; 7] = [
    "villages.csv",
    "communes.csv",
    "summary.json",
    "flagged.geojson",
    "not_surveyed.geojson",
    "flagged.kml",
    "not_surveyed.kml",
];

/// Compares the outputs of the demo run with `tests/golden/demo/`. `UPDATE_GOLDEN=1`
/// rewrites them (review the diff before committing it); in CI it is refused, so the
/// goldens are always compared there.
#[test]
fn golden_run_of_the_demo() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    assert!(
        !(update && std::env::var_os("CI").is_some()),
        "UPDATE_GOLDEN is refused in CI: the goldens must be compared there"
    );
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), &d, &eval, Lang::Vi).unwrap();
    let golden = root().join("tests/golden/demo");
    for name in GOLDEN {
        let got = std::fs::read_to_string(out.path().join(name)).unwrap();
        let path = golden.join(name);
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_GOLDEN=1", path.display()));
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{name} differs from the golden file at line {}:\n got: {}\nwant: {}",
                line + 1,
                got.lines().nth(line).unwrap_or(""),
                want.lines().nth(line).unwrap_or("")
            );
        }
    }
}

#[test]
fn csv_outputs_start_with_a_bom_and_list_every_village_in_order() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), &d, &eval, Lang::Vi).unwrap();
    let villages = std::fs::read(out.path().join("villages.csv")).unwrap();
    assert!(
        villages.starts_with("\u{feff}record,name,lon,lat,commune_code,commune_name".as_bytes())
    );
    let mut r = csv::Reader::from_reader(&villages[3..]);
    let records: Vec<u64> = r
        .records()
        .map(|r| r.unwrap()[0].parse().unwrap())
        .collect();
    assert_eq!(
        records,
        d.villages.iter().map(|v| v.record).collect::<Vec<_>>()
    );
    let communes = std::fs::read(out.path().join("communes.csv")).unwrap();
    assert!(communes.starts_with("\u{feff}level,code,name".as_bytes()));
    let geo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("flagged.geojson")).unwrap())
            .unwrap();
    assert_eq!(
        geo["features"].as_array().unwrap().len() as u32,
        eval.rollup.total.flagged
    );
}

/// In Vietnamese (the default) every line of the run's summary is Vietnamese: the figures,
/// the operators, the totals and the files written.
#[test]
fn the_command_line_summary_is_in_vietnamese_by_default() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_phusong"))
        .current_dir(root())
        .args(["analyze", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}");
    for said in [
        "Theo nhà mạng:",
        "thôn (",
        "có sóng 4G; đã khảo sát",
        "mẫu đo",
        "Đã ghi vào",
    ] {
        assert!(stdout.contains(said), "{said}: {stdout}");
    }
    for english in [
        "No inputs given",
        "By operator",
        "covered by",
        " samples,",
        "Written in",
        "loaded and indexed",
    ] {
        assert!(!stdout.contains(english), "{english}: {stdout}");
    }
}

#[test]
fn command_line_without_inputs_analyses_the_demo_and_says_so() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_phusong"))
        .current_dir(root())
        .args(["analyze", "--out"])
        .arg(out.path())
        .args(["--lang", "en"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("bundled demo province"), "{stdout}");
    assert!(
        stdout.contains("villages (")
            && stdout.contains("covered by 4G")
            && stdout.contains("without signal"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Viettel (452-04): ") && stdout.contains("MobiFone (452-01): "),
        "operators are named: {stdout}"
    );
    for name in export::output_files() {
        assert!(out.path().join(&name).exists(), "{}", name.display());
    }
}

#[test]
fn command_line_flags_reach_the_rule_and_bad_ones_are_explained() {
    let out = tempfile::tempdir().unwrap();
    let summary = |args: &[&str]| -> serde_json::Value {
        let run = Command::new(env!("CARGO_BIN_EXE_phusong"))
            .current_dir(root())
            .args(["analyze", "--quiet", "--out"])
            .arg(out.path())
            .args(args)
            .args(["--lang", "en"])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        serde_json::from_slice(&std::fs::read(out.path().join("summary.json")).unwrap()).unwrap()
    };
    let strict = summary(&[
        "--threshold-4g",
        "-95",
        "--min-samples",
        "5",
        "--operator",
        "452-04",
    ]);
    assert_eq!(strict["parameters"]["thresholds_dbm"][2], -95.0);
    assert_eq!(strict["parameters"]["filters"]["operators"][0], "452-04");
    let default = summary(&[]);
    assert!(strict["total"]["flagged"].as_u64() > default["total"]["flagged"].as_u64());

    let bad = Command::new(env!("CARGO_BIN_EXE_phusong"))
        .current_dir(root())
        .args(["analyze", "--communes", "data/communes.shp"])
        .args(["--lang", "en"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--villages"));
    let bad = Command::new(env!("CARGO_BIN_EXE_phusong"))
        .args(["analyze", "--min-share", "1.5"])
        .args(["--lang", "en"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).contains("min share"));
}

#[test]
fn outputs_never_overwrite_an_input() {
    std::env::set_current_dir(root()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "communes.shp",
        "communes.shx",
        "communes.dbf",
        "communes.prj",
        "villages.shp",
        "villages.shx",
        "villages.dbf",
    ] {
        std::fs::copy(root().join("data").join(f), dir.path().join(f)).unwrap();
    }
    // A sample file named like an output, in the output folder.
    std::fs::copy(
        root().join("data/samples.csv"),
        dir.path().join("villages.csv"),
    )
    .unwrap();
    let inputs = Inputs {
        communes: dir.path().join("communes.shp"),
        villages: dir.path().join("villages.shp"),
        samples: vec![dir.path().join("villages.csv")],
        ..Inputs::default()
    };
    let d = Dataset::load(&inputs, &Progress::new()).unwrap();
    let eval = d.evaluate(&Params::default());
    let err = export::write_all(dir.path(), &d, &eval, Lang::Vi)
        .unwrap_err()
        .to_string();
    assert!(err.contains("overwrite the input"), "{err}");
}

#[test]
fn a_folder_given_as_a_file_is_named_with_the_remedy() {
    std::env::set_current_dir(root()).unwrap();
    let inputs = Inputs {
        samples: vec![PathBuf::from("tests/data")],
        ..Inputs::demo(Path::new("data"))
    };
    let err = Dataset::load(&inputs, &Progress::new())
        .err()
        .expect("a folder is refused")
        .to_string();
    assert!(
        err.contains("tests/data") && err.contains("folder"),
        "{err}"
    );
}

/// The demo's samples under headings nobody would guess are the coordinates and the signal:
/// `when,x_deg,y_deg,operator,technology,value`.
fn demo_samples_with_unguessable_columns(dir: &Path) -> PathBuf {
    let demo = std::fs::read_to_string(root().join("data/samples.csv")).unwrap();
    let mut text = String::from("when,x_deg,y_deg,operator,technology,value\n");
    for line in demo.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        text.push_str(&format!(
            "{},{},{},{},{},{}\n",
            f[5], f[0], f[1], f[2], f[3], f[4]
        ));
    }
    let path = dir.join("log.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_log_without_known_columns_names_the_flags_and_loads_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let log = demo_samples_with_unguessable_columns(dir.path());
    let analyze = |flags: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_phusong"))
            .current_dir(root())
            .args([
                "analyze",
                "--communes",
                "data/communes.shp",
                "--villages",
                "data/villages.shp",
                "--samples",
            ])
            .arg(&log)
            .arg("--out")
            .arg(dir.path().join("out"))
            .args(flags)
            .args(["--lang", "en"])
            .output()
            .unwrap()
    };
    let refused = analyze(&[]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("log.csv, line 1"), "{stderr}");
    assert!(
        stderr.contains("no column was found for the longitude") && stderr.contains("the signal"),
        "{stderr}"
    );
    for flag in [
        "--sample-lon-column",
        "--sample-lat-column",
        "--sample-signal-column",
    ] {
        assert!(stderr.contains(flag), "{flag}: {stderr}");
    }
    assert!(stderr.contains("\"x_deg\""), "the columns seen: {stderr}");

    let project = dir.path().join("p.phusong");
    let loaded = analyze(&[
        "--sample-lon-column",
        "x_deg",
        "--sample-lat-column",
        "y_deg",
        "--sample-signal-column",
        "value",
        "--sample-time-column",
        "when",
        "--save-project",
        project.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&loaded.stdout);
    assert!(
        loaded.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    assert!(stdout.contains("(CSV with named columns): 114,591 rows read, 114,591 used"));
    assert!(
        stdout.contains(
            "99/123 villages (80.5%) covered by 4G; 8 villages without signal; 8 not surveyed"
        ),
        "the demo's figures: {stdout}"
    );
    // The columns are kept in the project: its reports need no flags.
    let report = Command::new(env!("CARGO_BIN_EXE_phusong"))
        .args(["report", "--quiet", "--allow-outside-inputs", "--out"])
        .arg(dir.path().join("report"))
        .arg(&project)
        .output()
        .unwrap();
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );

    let inspect = |flags: &[&str]| {
        let run = Command::new(env!("CARGO_BIN_EXE_phusong"))
            .arg("inspect-samples")
            .arg(&log)
            .args(flags)
            .output()
            .unwrap();
        assert!(run.status.success());
        String::from_utf8_lossy(&run.stdout).into_owned()
    };
    let unsure = inspect(&[]);
    assert!(unsure.contains("longitude   missing"), "{unsure}");
    assert!(unsure.contains("--sample-signal-column"), "{unsure}");
    let sure = inspect(&[
        "--sample-lon-column",
        "x_deg",
        "--sample-lat-column",
        "y_deg",
        "--sample-signal-column",
        "value",
        "--sample-time-column",
        "when",
        "--rows",
        "2",
    ]);
    assert!(sure.contains("longitude   \"x_deg\" (2)"), "{sure}");
    assert!(
        sure.contains("106.082050  22.267498  452-02     4G           -85.6  2026-03-09T07:43:07"),
        "{sure}"
    );
    assert!(
        sure.contains("114,591 rows read, 114,591 used, 0 rejected"),
        "{sure}"
    );
}

/// One unreadable log costs only itself: the communes, villages and the good log load, the
/// bad one is listed with its reason, the window's and the report's warnings say so, and the
/// command line writes the reports and exits with status 3.
#[test]
fn an_unreadable_log_costs_only_itself_and_exit_status_3_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("hong.csv");
    std::fs::write(&bad, [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    let inputs = Inputs {
        samples: vec![root().join("data/samples.csv"), bad.clone()],
        ..Inputs::demo(&root().join("data"))
    };
    let d = Dataset::load(&inputs, &Progress::new()).expect("the readable files load");
    assert_eq!(d.unread.len(), 1);
    assert_eq!(d.unread[0].path(), Some(bad.as_path()));
    let alone = Dataset::load(&Inputs::demo(&root().join("data")), &Progress::new()).unwrap();
    assert_eq!(d.samples.len(), alone.samples.len());
    let eval = d.evaluate(&Params::default());
    assert_eq!(eval.rollup, alone.evaluate(&Params::default()).rollup);
    let warnings = d.warning_texts(Lang::Vi, phusong::message::Front::Window);
    // Why, in the same words as the rest.
    assert!(
        warnings.len() == 1
            && warnings[0].starts_with("Không đọc được hong.csv (")
            && warnings[0].contains("nhị phân")
            && warnings[0].ends_with("): phân tích tiếp tục không có tệp này."),
        "{warnings:?}"
    );

    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_phusong"))
        .current_dir(root())
        .args([
            "analyze",
            "--communes",
            "data/communes.shp",
            "--villages",
            "data/villages.shp",
        ])
        .arg("--samples")
        .arg("data/samples.csv")
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("cảnh báo") && stderr.contains("hong.csv") && stderr.contains("nhị phân"),
        "{stderr}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["warnings"][0]["kind"], "unread");
    // The reason is in the report's language, in the warning's text, and nowhere in English.
    let warning = summary["warnings"][0].as_object().unwrap();
    assert!(
        warning["text"].as_str().unwrap().contains("nhị phân") && !warning.contains_key("reason"),
        "{warning:?}"
    );
    assert_eq!(summary["total"]["villages"], 123);
}

/// Writes `files` files holding `mark` into `dir`, pausing between them, and fails after
/// `fail_after` of them when given.
fn fill(
    dir: &Path,
    mark: &str,
    files: usize,
    fail_after: Option<usize>,
) -> phusong::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for i in 0..files {
        if fail_after == Some(i) {
            return Err(phusong::Error::Cancelled);
        }
        let path = dir.join(format!("villages-{i}.csv"));
        std::fs::write(&path, mark).unwrap();
        written.push(path);
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    Ok(written)
}

/// The marks in the folder's files, one each, and the entries beside it.
fn marks(dir: &Path) -> (Vec<String>, Vec<String>) {
    let mut marks: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != export::folder::MARKER)
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    marks.sort();
    marks.dedup();
    let beside: Vec<String> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    (marks, beside)
}

#[test]
fn a_run_that_fails_half_way_leaves_the_old_report_folder_whole() {
    use export::folder::replace;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("baocao");
    let old = replace(&out, &[], |stage| fill(stage, "old", 20, None)).unwrap();
    assert_eq!(old.len(), 20);
    assert_eq!(
        old[0],
        out.join("villages-0.csv"),
        "paths come back under the target"
    );
    let err = replace(&out, &[], |stage| fill(stage, "new", 20, Some(10)));
    assert!(err.is_err());
    assert_eq!(marks(&out), (vec!["old".to_string()], vec![]));
    // Then a whole new run replaces it whole, old files with other names gone.
    replace(&out, &[], |stage| fill(stage, "new", 5, None)).unwrap();
    assert_eq!(marks(&out), (vec!["new".to_string()], vec![]));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 5 + 1);
}

#[test]
fn two_runs_at_once_into_one_folder_do_not_mix() {
    use export::folder::replace;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("baocao");
    for round in 0..5 {
        let runs: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|mark| {
                let out = out.clone();
                std::thread::spawn(move || {
                    replace(&out, &[], |stage| fill(stage, mark, 30, None))
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        let results: Vec<_> = runs.into_iter().map(|r| r.join().unwrap()).collect();
        assert!(
            results.iter().any(Result::is_ok),
            "round {round}: {results:?}"
        );
        for r in &results {
            if let Err(e) = r {
                assert!(
                    e.contains("another phusong run is writing this folder"),
                    "{e}"
                );
            }
        }
        let (marks, beside) = marks(&out);
        assert_eq!(marks.len(), 1, "round {round}: {marks:?}");
        assert!(beside.is_empty(), "round {round}: {beside:?}");
    }
}

#[test]
fn leftovers_of_a_killed_run_are_cleared_and_other_files_are_never_replaced() {
    use export::folder::replace;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("baocao");
    replace(&out, &[], |stage| fill(stage, "old", 3, None)).unwrap();
    // A run killed while writing: its lock (of a process that no longer runs) and its new
    // folder stay behind.
    std::fs::write(dir.path().join(".baocao.phusong-lock"), "4000000000\n").unwrap();
    std::fs::create_dir(dir.path().join(".baocao.phusong-new-4000000000")).unwrap();
    // A run killed between its two moves, where folders cannot be exchanged: the old
    // folder is aside and the target is gone.
    std::fs::rename(&out, dir.path().join(".baocao.phusong-old-4000000000")).unwrap();
    let err = replace(&out, &[], |_| Err(phusong::Error::Cancelled));
    assert!(err.is_err());
    assert_eq!(
        marks(&out),
        (vec!["old".to_string()], vec![]),
        "the old folder is back"
    );
    replace(&out, &[], |stage| fill(stage, "new", 3, None)).unwrap();
    assert_eq!(marks(&out), (vec!["new".to_string()], vec![]));

    // A folder of the user's own files is not phusong's to replace.
    let mine = dir.path().join("tai-lieu");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("ghi-chu.txt"), "của tôi").unwrap();
    let err = replace(&mine, &[], |stage| fill(stage, "new", 3, None))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("files phusong did not write (ghi-chu.txt)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("ghi-chu.txt")).unwrap(),
        "của tôi"
    );
}

#[test]
fn wrong_files_are_said_plainly_as_warnings() {
    let dir = tempfile::tempdir().unwrap();
    // The demo's samples moved five degrees east: a log of another place.
    let demo = std::fs::read_to_string(root().join("data/samples.csv")).unwrap();
    let mut moved = String::new();
    for (i, line) in demo.lines().enumerate() {
        let mut f: Vec<String> = line.split(',').map(str::to_string).collect();
        if i > 0 {
            f[0] = (f[0].parse::<f64>().unwrap() + 5.0).to_string();
        }
        moved.push_str(&f.join(","));
        moved.push('\n');
    }
    let far_log = dir.path().join("xa.csv");
    std::fs::write(&far_log, moved).unwrap();
    // Villages of another province: none in the demo's communes.
    let far_list = dir.path().join("thon-xa.csv");
    std::fs::write(
        &far_list,
        "Tên thôn,Kinh độ,Vĩ độ\nThôn A,100.1,15.2\nThôn B,100.2,15.3\n",
    )
    .unwrap();

    let inputs = Inputs {
        samples: vec![far_log.clone()],
        ..Inputs::demo(&root().join("data"))
    };
    let d = Dataset::load(&inputs, &Progress::new()).unwrap();
    let said = d.warning_texts(Lang::En, phusong::message::Front::Window);
    assert!(
        said.iter()
            .any(|w| w.contains("samples lies within 10 km of any village")),
        "{said:?}"
    );
    let eval = d.evaluate(&Params::default());
    let out = dir.path().join("out");
    export::write_all(&out, &d, &eval, Lang::En).unwrap();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["warnings"][0]["kind"], "no_sample_near_any_village",
        "{summary}"
    );

    let run = Command::new(env!("CARGO_BIN_EXE_phusong"))
        .current_dir(root())
        .args([
            "analyze",
            "--lang",
            "en",
            "--communes",
            "data/communes.shp",
            "--samples",
            "data/samples.csv",
        ])
        .arg("--villages")
        .arg(&far_list)
        .arg("--out")
        .arg(dir.path().join("out2"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("one of the 2 villages lies in any commune"),
        "{stderr}"
    );
}

/// A pipe given as a log is said to be one, not read for ever; a report that cannot be
/// written says what to check for writing, not for reading.
#[test]
fn a_pipe_is_refused_and_a_failed_write_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ong.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let inputs = Inputs {
        samples: vec![root().join("data/samples.csv"), fifo.clone()],
        ..Inputs::demo(&root().join("data"))
    };
    let d = Dataset::load(&inputs, &Progress::new()).expect("the rest loads");
    assert_eq!(d.unread.len(), 1);
    let said = d.unread[0].text(Lang::En, phusong::message::Front::CommandLine);
    assert!(said.contains("not a regular file"), "{said}");

    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, b"").unwrap();
    let eval = d.evaluate(&Params::default());
    let err = export::write_all(&blocker.join("out"), &d, &eval, Lang::En).unwrap_err();
    let said = err.text(Lang::En, phusong::message::Front::CommandLine);
    assert!(
        said.contains("may write") && !said.contains("may read"),
        "{said}"
    );
}
