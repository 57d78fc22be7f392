//! The desktop app driven as a user would: through its widgets, its file drop and its own load
//! path, on the bundled demo province.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use phusong::analysis::Inputs;
use phusong::app::{App, Command, Export, Selection, Settings};
use phusong::i18n::Lang;
use phusong::project::Project;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// The app in English, started as eframe starts it but with no saved settings, and waited for
/// until the demo province is loaded.
fn started() -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(|cc| {
            let settings = Settings {
                lang: Lang::En,
                ..Settings::default()
            };
            App::with_settings(cc.egui_ctx.clone(), settings)
        });
    settle(&mut harness);
    assert!(
        harness.state().session.is_some(),
        "the demo province did not load"
    );
    harness
}

/// Steps frames until the background jobs are done (the window keeps drawing meanwhile).
fn settle(harness: &mut Harness<'static, App>) {
    let start = Instant::now();
    loop {
        harness.step();
        if harness.state().is_idle() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "background work did not finish"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run_steps(3);
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_files(harness: &mut Harness<'static, App>, paths: &[PathBuf]) {
    for p in paths {
        harness
            .input_mut()
            .dropped_files
            .push(Arc::new(Dropped(p.clone())));
    }
    harness.step();
    settle(harness);
}

#[test]
fn it_starts_on_the_demo_province_with_its_figures() {
    let harness = started();
    harness.get_by_label("100/123 villages (81.3%) covered by 4G");
    harness.get_by_label("15 villages flagged");
    harness.get_by_label("7 villages without signal");
    harness.get_by_label("8 villages not surveyed");
    // The flagged villages are listed in the table.
    harness.get_by_label("Pác Ngòi");
}

#[test]
fn a_stricter_4g_threshold_flags_more_villages() {
    let mut harness = started();
    harness
        .get_by_role_and_label(Role::SpinButton, "4G threshold")
        .set_value_accesskit(-95.0);
    harness.step();
    settle(&mut harness);
    assert_eq!(harness.state().settings.params.thresholds_dbm[2], -95.0);
    let flagged = harness
        .state()
        .session
        .as_ref()
        .unwrap()
        .evaluation
        .rollup
        .total
        .flagged;
    assert!(flagged > 15, "{flagged}");
    harness.get_by_label(&format!("{flagged} villages flagged"));
}

#[test]
fn search_finds_a_village_without_its_accents_and_selecting_it_shows_its_operators() {
    let mut harness = started();
    let search = "Village or commune name (accents optional)";
    harness
        .get_by_role_and_label(Role::TextInput, search)
        .focus();
    harness.step();
    harness
        .get_by_role_and_label(Role::TextInput, search)
        .type_text("pac ngoi");
    harness.run_steps(2);
    harness.get_by_label_contains("Pác Ngòi ·").click();
    harness.run_steps(3);
    let Some(Selection::Village(v)) = harness.state().selection else {
        panic!("no village selected");
    };
    let session = harness.state().session.as_ref().unwrap();
    assert_eq!(session.dataset.villages[v].name, "Pác Ngòi");
    // Its details: the status per operator, and the samples that decided it highlighted.
    harness.get_by_label("Per operator");
    assert!(harness.get_all_by_label("No signal").count() >= 1);
    assert!(!harness.state().ui.map.highlighted.is_empty());
}

#[test]
fn the_language_switches_at_run_time() {
    let mut harness = started();
    harness.get_by_label("Tiếng Việt").click();
    harness.run_steps(2);
    harness.get_by_label("15 thôn cần xử lý");
    harness.get_by_label("English").click();
    harness.run_steps(2);
    harness.get_by_label("15 villages flagged");
}

#[test]
fn a_broken_file_is_reported_and_the_last_good_data_stays() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("xa.shp");
    std::fs::write(&broken, b"this is not a shapefile at all, just text").unwrap();
    drop_files(&mut harness, &[broken]);
    let last = harness
        .state()
        .messages
        .last()
        .expect("a message")
        .text
        .clone();
    assert!(
        last.contains("xa.shp") && last.contains("not a shapefile"),
        "{last}"
    );
    harness.get_by_label_contains("not a shapefile");
    harness.get_by_label("15 villages flagged");
}

#[test]
fn dropped_files_load_through_the_app_and_replace_the_demo() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    // A drive-test log with just a few samples, next to the demo's layers.
    let log = dir.path().join("drive.csv");
    std::fs::write(
        &log,
        "lon,lat,operator,technology,signal_dbm,time\n\
         105.5,22.2,452-04,4G,-90,2026-03-01T08:00:00\n\
         105.5,22.2,452-04,4G,-91,2026-03-01T08:00:01\n",
    )
    .unwrap();
    drop_files(
        &mut harness,
        &[data("communes.shp"), data("villages.shp"), log.clone()],
    );
    let session = harness.state().session.as_ref().unwrap();
    assert_eq!(session.inputs.samples, vec![log]);
    assert_eq!(session.dataset.samples.len(), 2);
    assert!(!session.is_demo);
    harness.get_by_label("drive.csv");
}

/// Settings kept in memory, as eframe keeps them in a file between runs.
#[derive(Default)]
struct Memory(std::collections::HashMap<String, String>);

impl eframe::Storage for Memory {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn language_parameters_and_map_view_come_back_at_the_next_start() {
    let mut harness = started();
    harness.get_by_label("Tiếng Việt").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::SpinButton, "Bán kính")
        .set_value_accesskit(750.0);
    harness.step();
    settle(&mut harness);
    let mut storage = Memory::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let view = harness.state().ui.map.view;

    let mut again = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            let settings: Settings =
                eframe::get_value(&storage, "phusong").expect("saved settings");
            App::with_settings(cc.egui_ctx.clone(), settings)
        });
    settle(&mut again);
    assert_eq!(again.state().settings.params.radius_m, 750.0);
    assert_eq!(again.state().lang(), Lang::Vi);
    assert_eq!(again.state().ui.map.view, view);
    again.get_by_label("Bán kính");
}

#[test]
fn a_long_load_shows_progress_and_cancel_keeps_what_was_on_screen() {
    let mut harness = started();
    // A large log: the demo's samples eight times over (about 50 MB).
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    let demo = std::fs::read_to_string(data("samples.csv")).unwrap();
    let (header, body) = demo.split_once('\n').unwrap();
    let mut text = format!("{header}\n");
    for _ in 0..8 {
        text.push_str(body);
    }
    std::fs::write(&big, text).unwrap();

    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(big)));
    harness.run_steps(2);
    assert!(
        harness.state().loading().is_some(),
        "the load should be under way"
    );
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    let last = &harness.state().messages.last().unwrap().text;
    assert!(last.contains("cancelled"), "{last}");
    let session = harness.state().session.as_ref().unwrap();
    assert!(session.is_demo);
    harness.get_by_label("15 villages flagged");
}

/// The demo's figures on screen and in the session.
fn assert_demo_figures(harness: &Harness<'static, App>) {
    let total = harness
        .state()
        .session
        .as_ref()
        .unwrap()
        .evaluation
        .rollup
        .total;
    assert_eq!(
        (total.villages, total.flagged, total.no_coverage),
        (123, 15, 7)
    );
    harness.get_by_label("100/123 villages (81.3%) covered by 4G");
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

#[test]
fn vn2000_communes_with_tcvn3_names_show_the_same_map_and_figures_as_the_demo() {
    let mut harness = started();
    let demo = harness.state().session.as_ref().unwrap();
    let demo_names: Vec<String> = demo
        .dataset
        .communes
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let demo_boxes: Vec<_> = demo
        .dataset
        .communes
        .iter()
        .map(phusong::map::commune_box)
        .collect();
    drop_files(&mut harness, &[fixture("vn2000-tcvn3/communes.shp")]);

    let session = harness.state().session.as_ref().unwrap();
    assert_eq!(
        session.inputs.communes,
        fixture("vn2000-tcvn3/communes.shp")
    );
    let names: Vec<String> = session
        .dataset
        .communes
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(names, demo_names);
    for (c, demo_box) in session.dataset.communes.iter().zip(&demo_boxes) {
        let (a, b) = (phusong::map::commune_box(c).unwrap(), demo_box.unwrap());
        assert!((a.min_lon - b.min_lon).abs() < 1e-6 && (a.max_lat - b.max_lat).abs() < 1e-6);
    }
    assert_demo_figures(&harness);
    // What was assumed is on screen: the conversion and the guessed encoding.
    let text = session.dataset.reports[0].text_encoding.as_ref().unwrap();
    assert_eq!(text.encoding, phusong::io::TextEncoding::Tcvn3);
    assert_eq!(harness.get_all_by_label("Text encoding").count(), 2);
    let report = session.dataset.reports[0].to_string();
    assert!(report.contains("VN-2000"), "{report}");
}

#[test]
fn a_layer_in_metres_without_a_prj_asks_for_its_system_and_loads_with_it() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "shx", "dbf", "cpg"] {
        std::fs::copy(
            fixture(&format!("vn2000/communes.{ext}")),
            dir.path().join(format!("xa.{ext}")),
        )
        .unwrap();
    }
    drop_files(&mut harness, &[dir.path().join("xa.shp")]);
    assert!(
        harness.state().need.is_some(),
        "the app should ask for the system"
    );
    harness.get_by_label("Choose the coordinate system");
    assert!(harness.get_all_by_label_contains("106°30′").count() >= 1);
    harness.get_by_label("Use this system").click();
    harness.step();
    settle(&mut harness);
    let session = harness.state().session.as_ref().unwrap();
    assert_eq!(session.inputs.communes, dir.path().join("xa.shp"));
    assert_demo_figures(&harness);
}

#[test]
fn a_village_list_with_unknown_columns_asks_for_them_and_loads_with_the_choice() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("danh-sach.csv");
    // The demo's villages, under headings nobody would guess are coordinates.
    let session = harness.state().session.as_ref().unwrap();
    let mut text = String::from("Thôn;Cột A;Cột B\n");
    for v in &session.dataset.villages {
        text.push_str(
            &format!("{};{};{}\n", v.name, v.location.x(), v.location.y()).replace('.', ","),
        );
    }
    std::fs::write(&list, text).unwrap();
    drop_files(&mut harness, std::slice::from_ref(&list));
    assert!(
        matches!(
            harness.state().need,
            Some(phusong::app::Need::Columns { .. })
        ),
        "the app should ask for the columns"
    );
    harness.get_by_label("Choose the columns of the village list");
    // The window takes a few frames to size itself.
    harness.run_steps(5);
    for (role, column) in [("longitude", "Cột A"), ("latitude", "Cột B")] {
        harness.get_by_role_and_label(Role::ComboBox, role).click();
        harness.run_steps(2);
        // The column's item in the list that opened (the preview table shows it too).
        harness
            .get_all_by_label_contains(column)
            .find(|n| n.accesskit_node().role() == Role::Button)
            .expect("the column in the list")
            .click();
        harness.run_steps(2);
    }
    harness.get_by_label("Load with these columns").click();
    harness.step();
    settle(&mut harness);
    let session = harness.state().session.as_ref().unwrap();
    let said: Vec<&str> = harness
        .state()
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(session.inputs.villages, list, "{said:#?}");
    assert_demo_figures(&harness);
}

#[test]
fn a_signal_log_with_unknown_columns_asks_for_them_and_loads_with_the_choice() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("nhat-ky.csv");
    // The demo's samples, under headings nobody would guess are the coordinates and the signal.
    let demo = std::fs::read_to_string(data("samples.csv")).unwrap();
    let mut text = String::from("when,x_deg,y_deg,operator,technology,value\n");
    for line in demo.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        text.push_str(&format!(
            "{},{},{},{},{},{}\n",
            f[5], f[0], f[1], f[2], f[3], f[4]
        ));
    }
    std::fs::write(&log, text).unwrap();
    drop_files(&mut harness, std::slice::from_ref(&log));
    assert!(
        matches!(
            harness.state().need,
            Some(phusong::app::Need::SampleColumns { .. })
        ),
        "the app should ask for the columns"
    );
    harness.get_by_label("Choose the columns of the signal log");
    // What is missing is said in the window's words, never as a command-line flag.
    let said: Vec<String> = (harness.state().messages.iter())
        .map(|m| m.text.clone())
        .collect();
    assert!(
        said.iter()
            .any(|m| m.contains("nhat-ky.csv") && m.contains("Longitude")),
        "{said:#?}"
    );
    assert!(said.iter().all(|m| !m.contains("--sample")), "{said:#?}");
    harness.run_steps(5);
    for (role, column) in [
        ("Longitude", "\"x_deg\""),
        ("Latitude", "\"y_deg\""),
        ("Signal (dBm)", "\"value\""),
        ("Time (optional)", "\"when\""),
    ] {
        harness.get_by_role_and_label(Role::ComboBox, role).click();
        harness.run_steps(2);
        harness
            .get_all_by_label_contains(column)
            .find(|n| n.accesskit_node().role() == Role::Button)
            .expect("the column in the list")
            .click();
        harness.run_steps(2);
    }
    harness.get_by_label("Load with these columns").click();
    harness.step();
    settle(&mut harness);
    let session = harness.state().session.as_ref().unwrap();
    let said: Vec<&str> = (harness.state().messages.iter())
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(session.inputs.samples, [log], "{said:#?}");
    assert_eq!(session.inputs.sample_columns.lon.as_deref(), Some("x_deg"));
    assert_eq!(session.dataset.samples.len(), 114_591);
    assert!(session.dataset.samples.iter().all(|s| s.has_time()));
    assert!(harness.state().need.is_none());
    assert_demo_figures(&harness);
}

/// The app as `started()` makes it, autosaving to `autosave`.
fn started_with_autosave(autosave: PathBuf) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            let settings = Settings {
                lang: Lang::En,
                ..Settings::default()
            };
            App::start(cc.egui_ctx.clone(), settings, Some(autosave), None)
        });
    settle(&mut harness);
    harness
}

fn send(harness: &mut Harness<'static, App>, command: Command) {
    harness.state_mut().send(command);
    harness.step();
    settle(harness);
}

fn radius(harness: &Harness<'static, App>) -> f64 {
    harness.state().settings.params.radius_m
}

/// A copy of the demo province in `dir`, saved there as a project with a 700 m radius.
fn demo_project(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for name in ["communes", "villages"] {
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            let file = format!("{name}.{ext}");
            std::fs::copy(self::data(&file), data.join(&file)).unwrap();
        }
    }
    std::fs::copy(self::data("samples.csv"), data.join("samples.csv")).unwrap();
    let inputs = Inputs::demo(&data);
    let dataset = phusong::analysis::Dataset::load(&inputs, &Default::default()).unwrap();
    let params = phusong::rule::Params {
        radius_m: 700.0,
        ..Default::default()
    };
    let path = dir.join("tinh.phusong");
    let project = Project::new(
        &path,
        &inputs,
        &dataset.files,
        &params,
        &Default::default(),
        None,
        Lang::En,
    );
    project.save(&path, &inputs).unwrap();
    path
}

#[test]
fn a_saved_project_opens_again_with_its_parameters_and_figures() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bac-kan.phusong");
    send(&mut harness, Command::SaveProjectTo(path.clone()));
    assert!(path.is_file(), "the project is written");
    assert_eq!(harness.state().project(), Some((path.as_path(), false)));
    harness.get_by_label("bac-kan.phusong");

    harness
        .get_by_role_and_label(Role::SpinButton, "Radius")
        .set_value_accesskit(900.0);
    harness.step();
    settle(&mut harness);
    harness.get_by_label("bac-kan.phusong (unsaved)");

    send(&mut harness, Command::OpenProject(path.clone()));
    assert_eq!(radius(&harness), 500.0);
    assert_demo_figures(&harness);
    harness.get_by_label("bac-kan.phusong");
    assert!(harness.state().settings.recent_projects[0].ends_with("bac-kan.phusong"));
}

#[test]
fn a_project_stays_open_when_its_files_change_in_the_window_until_the_demo_is_opened() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let path = demo_project(dir.path());
    send(&mut harness, Command::OpenProject(path.clone()));
    assert_eq!(harness.state().project(), Some((path.as_path(), false)));

    let encoding = phusong::io::TextEncoding::Utf8;
    send(
        &mut harness,
        Command::SetEncoding(phusong::app::Layer::Villages, encoding),
    );
    assert_eq!(harness.state().project(), Some((path.as_path(), true)));
    harness.get_by_label("tinh.phusong (unsaved)");

    send(&mut harness, Command::OpenDemo);
    assert_eq!(harness.state().project(), None);
}

#[test]
fn a_project_whose_samples_changed_asks_before_showing_its_figures() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let path = demo_project(dir.path());
    let samples = dir.path().join("data/samples.csv");
    let mut text = std::fs::read_to_string(&samples).unwrap();
    let last = text.lines().last().unwrap().to_string();
    text.push_str(&format!("{last}\n"));
    std::fs::write(&samples, text).unwrap();

    send(&mut harness, Command::OpenProject(path.clone()));
    harness.get_by_label("Inputs changed");
    assert!(
        harness.state().session.as_ref().unwrap().is_demo,
        "nothing changed yet"
    );
    harness
        .get_by_label("Use the files as they are now")
        .click();
    harness.step();
    settle(&mut harness);
    assert_eq!(radius(&harness), 700.0);
    let session = harness.state().session.as_ref().unwrap();
    assert!(session.inputs.samples[0].starts_with(dir.path()));
    assert_eq!(harness.state().project(), Some((path.as_path(), true)));
}

#[test]
fn a_project_with_a_moved_input_asks_where_it_is_and_opens_with_it() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let path = demo_project(dir.path());
    let elsewhere = dir.path().join("elsewhere.csv");
    std::fs::rename(dir.path().join("data/samples.csv"), &elsewhere).unwrap();

    send(&mut harness, Command::OpenProject(path));
    harness.get_by_label("Project files not found");
    harness.get_by_label("data/samples.csv");
    harness.get_by_label("Locate…");
    send(&mut harness, Command::InputLocated(2, elsewhere.clone()));
    assert!(harness.state().need.is_none());
    let session = harness.state().session.as_ref().unwrap();
    assert_eq!(session.inputs.samples, vec![elsewhere]);
    assert_eq!(radius(&harness), 700.0);
}

#[test]
fn the_printed_map_is_written_from_the_window_as_its_dialog_says() {
    let mut harness = started();
    harness.get_by_label("Export").click();
    harness.run_steps(2);
    harness.get_by_label("Printed map…").click();
    // A new window takes a few frames to size itself.
    harness.run_steps(5);
    harness.get_by_label("Export the printed map");
    harness.get_by_label("A3").click();
    harness.run_steps(2);
    let form = harness
        .state()
        .ui
        .map_form
        .clone()
        .expect("the dialog is open");
    assert_eq!(form.paper, phusong::export::map::Paper::A3);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ban-do.png");
    let sheet = phusong::export::map::MapSheet {
        paper: form.paper,
        ..phusong::export::map::MapSheet::everything(Default::default(), Lang::En)
    };
    let export = Export::Map(Box::new(sheet), phusong::export::map::MapFormat::Png);
    send(&mut harness, Command::ExportTo(export, path.clone()));
    let last = &harness.state().messages.last().unwrap().text;
    assert!(last.contains("ban-do.png"), "{last}");
    let png = image::open(&path).unwrap();
    // A3 at 300 dpi.
    assert_eq!((png.width(), png.height()), (4961, 3508));
}

#[test]
fn the_autosave_brings_back_the_work_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let autosave = dir.path().join("autosave.phusong");
    let mut harness = started_with_autosave(autosave.clone());
    harness
        .get_by_role_and_label(Role::SpinButton, "Radius")
        .set_value_accesskit(650.0);
    harness.step();
    settle(&mut harness);
    let start = Instant::now();
    while !autosave.is_file() {
        assert!(start.elapsed() < Duration::from_secs(10), "no autosave");
        std::thread::sleep(Duration::from_millis(100));
        harness.step();
    }
    // A crash: the window goes without closing normally.
    drop(harness);

    let again = started_with_autosave(autosave.clone());
    assert_eq!(radius(&again), 650.0);
    let said: Vec<&str> = again
        .state()
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert!(said.iter().any(|m| m.contains("autosave")), "{said:?}");
    assert_demo_figures_at(&again, 650.0);

    // A normal close leaves nothing to bring back.
    again.state().clear_autosave();
    assert!(!autosave.exists());
}

fn assert_demo_figures_at(harness: &Harness<'static, App>, radius_m: f64) {
    let eval = &harness.state().session.as_ref().unwrap().evaluation;
    assert_eq!(eval.params.radius_m, radius_m);
    assert_eq!(eval.rollup.total.villages, 123);
}
