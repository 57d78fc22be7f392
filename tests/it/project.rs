//! Project files: saved and opened again they give the same numbers; a moved folder still
//! opens; a missing or changed input is noticed; `phusong report` writes every output from a
//! project without a window.

use std::path::{Path, PathBuf};
use std::process::Command;

use phusong::analysis::{Dataset, Inputs};
use phusong::lang::Lang;
use phusong::map::Layers;
use phusong::progress::Progress;
use phusong::project::Project;
use phusong::rule::Params;

/// A copy of the demo province in `dir/data`.
fn demo_copy(dir: &Path) -> Inputs {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let to = dir.join("data");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    Inputs::demo(&to)
}

/// Changes a log the way a re-export would: one more row, the last one again.
fn repeat_last_sample(samples: &Path) {
    let mut text = std::fs::read_to_string(samples).unwrap();
    let last = text.lines().last().unwrap().to_string();
    text.push_str(&last);
    text.push('\n');
    std::fs::write(samples, text).unwrap();
}

fn params() -> Params {
    Params {
        radius_m: 700.0,
        thresholds_dbm: [-105.0, -100.0, -110.0, -115.0],
        ..Params::default()
    }
}

fn saved_project(dir: &Path) -> (PathBuf, Dataset) {
    let inputs = demo_copy(dir);
    let dataset = Dataset::load(&inputs, &Progress::new()).unwrap();
    let path = dir.join("bao-cao-2026.phusong");
    let project = Project::new(
        &path,
        &inputs,
        &dataset.files,
        &params(),
        &Layers::default(),
        None,
        Lang::Vi,
    );
    project.save(&path, &inputs).unwrap();
    (path, dataset)
}

#[test]
fn a_saved_project_opens_with_the_same_inputs_parameters_and_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (path, dataset) = saved_project(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\"data/communes.shp\""),
        "inputs beside the project are relative"
    );

    let project = Project::open(&path).unwrap();
    assert_eq!(project.params, params());
    let located = project.locate(&path);
    assert!(located.missing.is_empty());
    let again = Dataset::load(&located.inputs, &Progress::new()).unwrap();
    assert!(project.changed(&again.files).is_empty());
    assert_eq!(
        again.evaluate(&project.params).rollup,
        dataset.evaluate(&params()).rollup
    );
}

#[test]
fn a_project_folder_moved_elsewhere_still_finds_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    std::fs::create_dir_all(&first).unwrap();
    let (path, _) = saved_project(&first);
    let moved = dir.path().join("moved");
    std::fs::rename(&first, &moved).unwrap();
    let path = moved.join(path.file_name().unwrap());
    let project = Project::open(&path).unwrap();
    let located = project.locate(&path);
    assert!(located.missing.is_empty(), "{:?}", located.missing);
    assert!(located.inputs.communes.starts_with(&moved));
}

#[test]
fn a_missing_input_is_named_with_where_it_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = saved_project(dir.path());
    std::fs::remove_file(dir.path().join("data/samples.csv")).unwrap();
    let located = Project::open(&path).unwrap().locate(&path);
    assert_eq!(located.missing.len(), 1);
    let m = &located.missing[0];
    assert_eq!(
        (m.role, m.slot, m.saved.as_str()),
        ("samples", 2, "data/samples.csv")
    );
    assert!(m.to_string().contains("data/samples.csv"));
}

#[test]
fn an_input_changed_since_saving_is_noticed_by_its_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = saved_project(dir.path());
    repeat_last_sample(&dir.path().join("data/samples.csv"));
    let project = Project::open(&path).unwrap();
    let now = Dataset::load(&project.locate(&path).inputs, &Progress::new()).unwrap();
    let changed = project.changed(&now.files);
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].role, "samples");
    assert!(changed[0].now_bytes > changed[0].saved_bytes);
}

#[test]
fn a_project_is_never_saved_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = saved_project(dir.path());
    let project = Project::open(&path).unwrap();
    let inputs = project.locate(&path).inputs;
    let before = std::fs::read(&inputs.samples[0]).unwrap();
    let err = project.save(&inputs.samples[0], &inputs).unwrap_err();
    assert!(err.to_string().contains("input"), "{err}");
    assert_eq!(std::fs::read(&inputs.samples[0]).unwrap(), before);
}

#[test]
fn other_files_are_refused_as_projects_with_a_remedy() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_copy(dir.path());
    let err = Project::open(&inputs.samples[0]).unwrap_err().to_string();
    assert!(err.contains("not a phusong project"), "{err}");
    assert!(err.contains("samples.csv"), "{err}");
}

fn phusong(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_phusong"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn report_writes_every_output_of_a_project_and_stops_on_changed_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let (path, dataset) = saved_project(dir.path());
    let out = dir.path().join("baocao");
    let run = phusong(&[
        "report".as_ref(),
        path.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for name in [
        "villages.csv",
        "communes.csv",
        "map.png",
        "map.pdf",
        "map.svg",
    ] {
        assert!(out.join(name).is_file(), "{name} written");
    }
    // The project's parameters, not the defaults.
    let eval = dataset.evaluate(&params());
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["parameters"]["radius_m"], 700.0);
    let svg = std::fs::read_to_string(out.join("map.svg")).unwrap();
    let f = &eval.rollup.total;
    assert!(svg.contains(&format!(
        "{}/{} thôn",
        f.covered_at(eval.params.required),
        f.villages
    )));

    let report = |more: &[&str]| {
        let mut args = vec![path.as_os_str(), "--out".as_ref(), out.as_os_str()];
        args.extend(more.iter().map(std::ffi::OsStr::new));
        args.insert(0, "report".as_ref());
        phusong(&args)
    };
    // One commune's map, named without its accents.
    let commune = &dataset.communes[0];
    let by_name = report(&[
        "--commune",
        &phusong::fold::fold_letters(&commune.name),
        "-q",
    ]);
    assert!(
        by_name.status.success(),
        "{}",
        String::from_utf8_lossy(&by_name.stderr)
    );
    let svg = std::fs::read_to_string(out.join(format!("map-{}.svg", commune.code))).unwrap();
    assert!(svg.contains(&commune.name));
    let unknown = report(&["--commune", "Xã Không Có"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("Xã Không Có"));

    repeat_last_sample(&dir.path().join("data/samples.csv"));
    let stopped = report(&[]);
    assert!(!stopped.status.success());
    let said = String::from_utf8_lossy(&stopped.stderr);
    assert!(said.contains("samples.csv has changed"), "{said}");
    assert!(said.contains("--accept-changed-inputs"), "{said}");
    let accepted = report(&["--accept-changed-inputs", "-q"]);
    assert!(accepted.status.success());
}

#[test]
fn a_changed_prj_or_cpg_of_a_shapefile_is_a_changed_input() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = saved_project(dir.path());
    let project = Project::open(&path).unwrap();
    let changed = |project: &Project| {
        let located = project.locate(&path);
        let now = Dataset::load(&located.inputs, &Progress::new()).unwrap();
        let changed: Vec<String> = project
            .changed(&now.files)
            .iter()
            .map(|c| c.to_string())
            .collect();
        changed
    };
    assert!(changed(&project).is_empty());
    // Another code page: the names would be read in another encoding.
    std::fs::write(dir.path().join("data/communes.cpg"), "1258").unwrap();
    let said = changed(&project);
    assert!(
        said.len() == 1 && said[0].contains("communes file") && said[0].contains("communes.cpg"),
        "{said:?}"
    );
    // No system beside the villages: they would be read in another one.
    std::fs::remove_file(dir.path().join("data/villages.prj")).unwrap();
    let said = changed(&project);
    assert!(said.iter().any(|c| c.contains("villages.prj")), "{said:?}");
    let run = phusong(&[
        "report".as_ref(),
        path.as_os_str(),
        "--out".as_ref(),
        dir.path().join("baocao").as_os_str(),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("communes.cpg has changed"));
}

#[test]
fn two_logs_of_one_name_are_each_checked_against_their_own_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = demo_copy(dir.path());
    let demo = std::fs::read_to_string(&inputs.samples[0]).unwrap();
    let lines: Vec<&str> = demo.lines().collect();
    let half = lines.len() / 2;
    let (first, second) = (
        lines[..half].join("\n"),
        format!("{}\n{}", lines[0], lines[half..].join("\n")),
    );
    for (folder, text) in [("thang-3", &first), ("thang-4", &second)] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::write(
            dir.path().join(folder).join("drive.csv"),
            format!("{text}\n"),
        )
        .unwrap();
    }
    inputs.samples = vec![
        dir.path().join("thang-3/drive.csv"),
        dir.path().join("thang-4/drive.csv"),
    ];
    let dataset = Dataset::load(&inputs, &Progress::new()).unwrap();
    let path = dir.path().join("du-an.phusong");
    let project = Project::new(
        &path,
        &inputs,
        &dataset.files,
        &params(),
        &Layers::default(),
        None,
        Lang::Vi,
    );
    project.save(&path, &inputs).unwrap();
    // The April log copied over the March one: the same name, another valid log.
    std::fs::copy(
        dir.path().join("thang-4/drive.csv"),
        dir.path().join("thang-3/drive.csv"),
    )
    .unwrap();
    let project = Project::open(&path).unwrap();
    let now = Dataset::load(&project.locate(&path).inputs, &Progress::new()).unwrap();
    let said: Vec<String> = project
        .changed(&now.files)
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(said.len() == 1 && said[0].contains("thang-3"), "{said:?}");
}

#[test]
fn an_input_located_under_another_name_is_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = saved_project(dir.path());
    let project = Project::open(&path).unwrap();
    let mut inputs = project.locate(&path).inputs;
    // The log was moved, and the one the user points at is another valid log.
    let other = dir.path().join("nhat-ky-khac.csv");
    std::fs::copy(&inputs.samples[0], &other).unwrap();
    repeat_last_sample(&other);
    inputs.samples[0] = other.clone();
    let now = Dataset::load(&inputs, &Progress::new()).unwrap();
    let said: Vec<String> = project
        .changed(&now.files)
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        said.len() == 1 && said[0].contains("nhat-ky-khac.csv"),
        "{said:?}"
    );
    // The same log under another name is no change.
    std::fs::copy(dir.path().join("data/samples.csv"), &other).unwrap();
    let now = Dataset::load(&inputs, &Progress::new()).unwrap();
    assert!(project.changed(&now.files).is_empty());
}
