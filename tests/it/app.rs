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
use phusong::lang::Lang;
use phusong::project::Project;
use phusong::window::Window;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// The app in English, started as eframe starts it but with no saved settings, and waited for
/// until the demo province is loaded.
pub(crate) fn started() -> Harness<'static, Window> {
    started_at(egui::vec2(1400.0, 900.0))
}

/// [`started`] in a window of `size`.
fn started_at(size: egui::Vec2) -> Harness<'static, Window> {
    let mut harness = Harness::builder().with_size(size).build_eframe(|cc| {
        let settings = Settings {
            lang: Lang::En,
            ..Settings::default()
        };
        Window::with_settings(cc.egui_ctx.clone(), settings)
    });
    settle(&mut harness);
    assert!(
        harness.state().app.session.is_some(),
        "the demo province did not load"
    );
    harness
}

/// Steps frames until the background jobs are done (the window keeps drawing meanwhile).
pub(crate) fn settle(harness: &mut Harness<'static, Window>) {
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

/// The text of every widget on screen (its label, else its value).
fn shown_texts(harness: &Harness<'static, Window>) -> Vec<String> {
    harness
        .query_all(egui_kittest::kittest::By::new())
        .filter_map(|n| n.accesskit_node().label().or(n.accesskit_node().value()))
        .collect()
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

fn drop_files(harness: &mut Harness<'static, Window>, paths: &[PathBuf]) {
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
    harness.get_by_label("99/123 villages (80.5%) covered by 4G");
    harness.get_by_label("16 villages flagged");
    // The demo's 8 villages without coverage all saw some good sample: weak signal.
    harness.get_by_label(
        "0 villages without signal, 8 villages with weak signal, 8 villages without 4G coverage",
    );
    harness.get_by_label("8 villages not surveyed");
    // The flagged villages are listed in the table.
    harness.get_by_label("Nà bản");
}

#[test]
fn a_stricter_4g_threshold_flags_more_villages() {
    let mut harness = started();
    harness
        .get_by_role_and_label(Role::SpinButton, "4G threshold")
        .set_value_accesskit(-95.0);
    harness.step();
    settle(&mut harness);
    assert_eq!(harness.state().app.settings.params.thresholds_dbm[2], -95.0);
    let flagged = harness
        .state()
        .app
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
    let Some(Selection::Village(v)) = harness.state().app.selection else {
        panic!("no village selected");
    };
    let session = harness.state().app.session.as_ref().unwrap();
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
    harness.get_by_label("16 thôn cần xử lý");
    harness.get_by_label("English").click();
    harness.run_steps(2);
    harness.get_by_label("16 villages flagged");
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
        .app
        .messages
        .last()
        .expect("a message")
        .text(harness.state().app.t());
    assert!(
        last.contains("xa.shp") && last.contains("not a shapefile"),
        "{last}"
    );
    harness.get_by_label_contains("not a shapefile");
    harness.get_by_label("16 villages flagged");
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
    let session = harness.state().app.session.as_ref().unwrap();
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
            Window::with_settings(cc.egui_ctx.clone(), settings)
        });
    settle(&mut again);
    assert_eq!(again.state().app.settings.params.radius_m, 750.0);
    assert_eq!(again.state().app.lang(), Lang::Vi);
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
        harness.state().app.loading().is_some(),
        "the load should be under way"
    );
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    let last = &harness
        .state()
        .app
        .messages
        .last()
        .unwrap()
        .text(harness.state().app.t());
    assert!(last.contains("cancelled"), "{last}");
    let session = harness.state().app.session.as_ref().unwrap();
    assert!(session.is_demo);
    harness.get_by_label("16 villages flagged");
}

/// The demo's figures on screen and in the session.
fn assert_demo_figures(harness: &Harness<'static, Window>) {
    let total = harness
        .state()
        .app
        .session
        .as_ref()
        .unwrap()
        .evaluation
        .rollup
        .total;
    assert_eq!(
        (total.villages, total.flagged, total.no_coverage),
        (123, 16, 8)
    );
    harness.get_by_label("99/123 villages (80.5%) covered by 4G");
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

#[test]
fn vn2000_communes_with_tcvn3_names_show_the_same_map_and_figures_as_the_demo() {
    let mut harness = started();
    let demo = harness.state().app.session.as_ref().unwrap();
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

    let session = harness.state().app.session.as_ref().unwrap();
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
        harness.state().app.need.is_some(),
        "the app should ask for the system"
    );
    harness.get_by_label("Choose the coordinate system");
    assert!(harness.get_all_by_label_contains("106°30′").count() >= 1);
    harness.get_by_label("Use this system").click();
    harness.step();
    settle(&mut harness);
    let session = harness.state().app.session.as_ref().unwrap();
    assert_eq!(session.inputs.communes, dir.path().join("xa.shp"));
    assert_demo_figures(&harness);
}

#[test]
fn a_village_list_with_unknown_columns_asks_for_them_and_loads_with_the_choice() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("danh-sach.csv");
    // The demo's villages, under headings nobody would guess are coordinates.
    let session = harness.state().app.session.as_ref().unwrap();
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
            harness.state().app.need,
            Some(phusong::app::Need::Columns { .. })
        ),
        "the app should ask for the columns"
    );
    harness.get_by_label("Choose the columns of the village list");
    // The window takes a few frames to size itself.
    harness.run_steps(5);
    for (role, column) in [("Longitude", "Cột A"), ("Latitude", "Cột B")] {
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
    let session = harness.state().app.session.as_ref().unwrap();
    let said: Vec<String> = harness
        .state()
        .app
        .messages
        .iter()
        .map(|m| m.text(harness.state().app.t()))
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
            harness.state().app.need,
            Some(phusong::app::Need::SampleColumns { .. })
        ),
        "the app should ask for the columns"
    );
    harness.get_by_label("Choose the columns of the signal log");
    // What is missing is said in the window's words, never as a command-line flag.
    let said: Vec<String> = (harness.state().app.messages.iter())
        .map(|m| m.text(harness.state().app.t()))
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
    let session = harness.state().app.session.as_ref().unwrap();
    let said: Vec<String> = (harness.state().app.messages.iter())
        .map(|m| m.text(harness.state().app.t()))
        .collect();
    assert_eq!(session.inputs.samples, [log], "{said:#?}");
    assert_eq!(session.inputs.sample_columns.lon.as_deref(), Some("x_deg"));
    assert_eq!(session.dataset.samples.len(), 114_591);
    assert!(session.dataset.samples.iter().all(|s| s.has_time()));
    assert!(harness.state().app.need.is_none());
    assert_demo_figures(&harness);
}

/// The app as `started()` makes it, autosaving to `autosave`.
fn started_with_autosave(autosave: PathBuf) -> Harness<'static, Window> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            let settings = Settings {
                lang: Lang::En,
                ..Settings::default()
            };
            Window::around(
                App::start(cc.egui_ctx.clone(), settings, Some(autosave), None),
                &cc.egui_ctx,
            )
        });
    settle(&mut harness);
    harness
}

pub(crate) fn send(harness: &mut Harness<'static, Window>, command: Command) {
    harness.state_mut().app.send(command);
    harness.step();
    settle(harness);
}

fn radius(harness: &Harness<'static, Window>) -> f64 {
    harness.state().app.settings.params.radius_m
}

/// A copy of the demo province in `dir`, saved there as a project with a 700 m radius.
pub(crate) fn demo_project(dir: &Path) -> PathBuf {
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
    assert_eq!(harness.state().app.project(), Some((path.as_path(), false)));
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
    assert!(harness.state().app.settings.recent_projects[0].ends_with("bac-kan.phusong"));
}

#[test]
fn a_project_stays_open_when_its_files_change_in_the_window_until_the_demo_is_opened() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let path = demo_project(dir.path());
    send(&mut harness, Command::OpenProject(path.clone()));
    assert_eq!(harness.state().app.project(), Some((path.as_path(), false)));

    let encoding = phusong::io::TextEncoding::Utf8;
    send(
        &mut harness,
        Command::SetEncoding(phusong::app::Layer::Villages, encoding),
    );
    assert_eq!(harness.state().app.project(), Some((path.as_path(), true)));
    harness.get_by_label("tinh.phusong (unsaved)");

    send(&mut harness, Command::OpenDemo);
    assert_eq!(harness.state().app.project(), None);
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
        harness.state().app.session.as_ref().unwrap().is_demo,
        "nothing changed yet"
    );
    harness
        .get_by_label("Use the files as they are now")
        .click();
    harness.step();
    settle(&mut harness);
    assert_eq!(radius(&harness), 700.0);
    let session = harness.state().app.session.as_ref().unwrap();
    assert!(session.inputs.samples[0].starts_with(dir.path()));
    assert_eq!(harness.state().app.project(), Some((path.as_path(), true)));
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
    assert!(harness.state().app.need.is_none());
    let session = harness.state().app.session.as_ref().unwrap();
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
    let last = &harness
        .state()
        .app
        .messages
        .last()
        .unwrap()
        .text(harness.state().app.t());
    assert!(last.contains("ban-do.png"), "{last}");
    // The status bar says what was written and where on its one line, not "Written:" alone.
    harness.run_steps(2);
    let status: Vec<String> = shown_texts(&harness)
        .into_iter()
        .filter(|l| l.starts_with("Written:"))
        .collect();
    assert!(
        status
            .iter()
            .any(|l| l.contains("ban-do.png") && !l.contains('\n')),
        "{status:?}"
    );
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
    let said: Vec<String> = again
        .state()
        .app
        .messages
        .iter()
        .map(|m| m.text(again.state().app.t()))
        .collect();
    assert!(said.iter().any(|m| m.contains("autosave")), "{said:?}");
    assert_demo_figures_at(&again, 650.0);

    // A normal close leaves nothing to bring back.
    again.state().app.clear_autosave();
    assert!(!autosave.exists());
}

fn assert_demo_figures_at(harness: &Harness<'static, Window>, radius_m: f64) {
    let eval = &harness.state().app.session.as_ref().unwrap().evaluation;
    assert_eq!(eval.params.radius_m, radius_m);
    assert_eq!(eval.rollup.total.villages, 123);
}

/// The app in Vietnamese with phusong's own file browser, its data and project dialogs
/// starting in `dir`, waited for until the demo province is loaded.
fn started_with_own_browser(dir: &Path) -> Harness<'static, Window> {
    let folders = phusong::app::DialogFolders {
        data: Some(dir.to_path_buf()),
        project: Some(dir.to_path_buf()),
        export: None,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .build_eframe(move |cc| {
            let settings = Settings {
                lang: Lang::Vi,
                file_dialogs: phusong::app::FileDialogs::Own,
                dialog_folders: folders,
                ..Settings::default()
            };
            Window::with_settings(cc.egui_ctx.clone(), settings)
        });
    settle(&mut harness);
    harness
}

fn write_drive_log(path: &Path) {
    std::fs::write(
        path,
        "lon,lat,operator,technology,signal_dbm,time\n\
         105.5,22.2,452-04,4G,-90,2026-03-01T08:00:00\n\
         105.5,22.2,452-04,4G,-91,2026-03-01T08:00:01\n",
    )
    .unwrap();
}

#[test]
fn phusongs_own_file_browser_opens_data_and_saves_a_project_by_clicks() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("drive.csv");
    write_drive_log(&log);
    // Not a data file: the browser does not list it.
    std::fs::write(dir.path().join("notes.7z"), b"PK").unwrap();
    let mut harness = started_with_own_browser(dir.path());

    harness.get_by_label("Mở tệp…").click();
    // A new window takes a few frames to size itself.
    harness.run_steps(5);
    harness.get_by_label("📂  Mở tệp");
    assert!(harness.query_by_label_contains("notes.7z").is_none());
    // Its folder and file-name fields are named (egui_file leaves them without labels).
    harness.get_by_role_and_label(Role::TextInput, "Thư mục");
    harness.get_by_role_and_label(Role::TextInput, "Tên tệp:");
    harness.check_accessibility();
    harness.get_by_label_contains("drive.csv").click();
    harness.run_steps(2);
    harness.get_by_label("Mở").click();
    harness.step();
    settle(&mut harness);
    assert!(
        harness.state().ui.file_browser.is_none(),
        "the browser closes"
    );
    let session = harness.state().app.session.as_ref().unwrap();
    assert_eq!(session.inputs.samples, vec![log]);
    assert_eq!(session.dataset.samples.len(), 2);
    harness.get_by_label("drive.csv");

    harness.get_by_label("Dự án").click();
    harness.run_steps(2);
    harness.get_by_label("Lưu dự án thành…").click();
    harness.run_steps(5);
    let name = harness.get_by_role_and_label(Role::TextInput, "Tên tệp:");
    name.focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    harness
        .get_by_role_and_label(Role::TextInput, "Tên tệp:")
        .type_text("bac-kan");
    harness.run_steps(2);
    harness.get_by_label("Lưu").click();
    harness.step();
    settle(&mut harness);
    let saved = dir.path().join("bac-kan.phusong");
    assert!(saved.is_file(), "the project is written");
    assert_eq!(
        harness.state().app.project(),
        Some((saved.as_path(), false))
    );
    // The next dialog of each kind starts where the last one was left.
    let folders = &harness.state().app.settings.dialog_folders;
    assert_eq!(folders.project.as_deref(), Some(dir.path()));
}

#[test]
fn the_browser_picks_the_folder_for_the_gis_layers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bao-cao");
    std::fs::create_dir(&out).unwrap();
    let mut harness = started_with_own_browser(dir.path());
    harness.state_mut().app.settings.dialog_folders.export = Some(out.clone());
    harness.get_by_label("Xuất").click();
    harness.run_steps(2);
    harness.get_by_label("Lớp GIS vào thư mục…").click();
    harness.run_steps(5);
    harness.get_by_label("Chọn thư mục này").click();
    harness.step();
    settle(&mut harness);
    let last = &harness
        .state()
        .app
        .messages
        .last()
        .unwrap()
        .text(harness.state().app.t());
    assert!(
        last.contains("bao-cao") && last.contains(".geojson"),
        "{last}"
    );
    let written = std::fs::read_dir(&out).unwrap().count();
    assert!(written > 0);
}

#[test]
fn cancelling_the_browser_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = started_with_own_browser(dir.path());
    harness.get_by_label("Dự án").click();
    harness.run_steps(2);
    harness.get_by_label("Mở dự án…").click();
    harness.run_steps(5);
    harness.get_by_label("Huỷ").click();
    harness.run_steps(2);
    assert!(harness.state().ui.file_browser.is_none());
    assert!(harness.state().app.session.as_ref().unwrap().is_demo);
    // Another dialog opens after it.
    harness.get_by_label("Mở tệp…").click();
    harness.run_steps(5);
    assert!(harness.state().ui.file_browser.is_some());
}

#[test]
fn files_named_on_the_command_line_open_by_their_roles_and_a_missing_one_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log1.csv");
    write_drive_log(&log);
    let missing = dir.path().join("log2.txt");
    let args = [
        "phusong".into(),
        log.clone(),
        data("villages.shp"),
        missing.clone(),
        data("communes.shp"),
    ];
    let cli = <phusong::cli::Cli as clap::Parser>::try_parse_from(args).unwrap();
    assert!(cli.command.is_none() && cli.renderer.is_none());
    let startup = phusong::app::Startup::from_files(cli.files);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            let settings = Settings {
                lang: Lang::En,
                ..Settings::default()
            };
            Window::around(
                App::start_with(cc.egui_ctx.clone(), settings, None, startup),
                &cc.egui_ctx,
            )
        });
    settle(&mut harness);
    let session = harness.state().app.session.as_ref().unwrap();
    assert_eq!(session.inputs.communes, data("communes.shp"));
    assert_eq!(session.inputs.villages, data("villages.shp"));
    assert_eq!(session.inputs.samples, vec![log]);
    assert!(!session.is_demo);
    let said: Vec<String> = (harness.state().app.messages.iter())
        .map(|m| m.text(harness.state().app.t()))
        .collect();
    let missing = format!("File not found: {}", missing.display());
    assert!(said.contains(&missing), "{said:#?}");
    harness.get_by_label("log1.csv");
}

#[test]
fn the_command_line_opens_a_project_alone_or_data_files() {
    use phusong::app::Startup;
    let parse = |args: &[&str]| {
        let cli = <phusong::cli::Cli as clap::Parser>::try_parse_from(args).unwrap();
        (Startup::from_files(cli.files), cli.renderer)
    };
    assert_eq!(parse(&["phusong"]), (Startup::Usual, None));
    assert_eq!(
        parse(&["phusong", "tinh.PHUSONG"]),
        (Startup::Project("tinh.PHUSONG".into()), None)
    );
    let (files, renderer) = parse(&["phusong", "xa.shp", "thon.xlsx", "--renderer", "gl"]);
    assert_eq!(
        files,
        Startup::Files(vec!["xa.shp".into(), "thon.xlsx".into()])
    );
    assert_eq!(renderer, Some(phusong::window::Renderer::Gl));
    // The commands still work.
    let cli =
        <phusong::cli::Cli as clap::Parser>::try_parse_from(["phusong", "demo-data", "--help"]);
    assert!(cli.is_err_and(|e| e.kind() == clap::error::ErrorKind::DisplayHelp));
    assert!(
        <phusong::cli::Cli as clap::Parser>::try_parse_from(["phusong", "--renderer", "dx"])
            .is_err()
    );
    // A renderer this build does not have is refused, not quietly replaced by another.
    use phusong::window::Renderer;
    let wgpu =
        <phusong::cli::Cli as clap::Parser>::try_parse_from(["phusong", "--renderer", "wgpu"]);
    assert_eq!(wgpu.is_ok(), Renderer::BUILT.contains(&Renderer::Wgpu));
}

#[test]
fn the_window_falls_back_to_opengl_when_wgpu_does_not_start() {
    use phusong::window::{Renderer, first_that_opens};
    // wgpu is built on Windows and macOS only; OpenGL everywhere, and last.
    let built = if cfg!(any(windows, target_os = "macos")) {
        vec![Renderer::Wgpu, Renderer::Gl]
    } else {
        vec![Renderer::Gl]
    };
    assert_eq!(Renderer::order(None), built);
    assert_eq!(Renderer::order(Some(Renderer::Gl)), vec![Renderer::Gl]);
    let both = [Renderer::Wgpu, Renderer::Gl];

    let mut tried = Vec::new();
    let mut failed = Vec::new();
    let opened = first_that_opens(
        &both,
        |r| {
            tried.push(r);
            match r {
                Renderer::Wgpu => Err("Parent device is lost"),
                Renderer::Gl => Ok(()),
            }
        },
        |r, e| failed.push((r, e.to_string())),
    );
    assert_eq!(opened, Ok(Renderer::Gl));
    assert_eq!(tried, vec![Renderer::Wgpu, Renderer::Gl]);
    assert_eq!(
        failed,
        vec![(Renderer::Wgpu, "Parent device is lost".to_string())]
    );

    // wgpu that opens is not followed by OpenGL; a renderer asked for is the only one tried.
    let mut tried = Vec::new();
    let opened = first_that_opens::<&str>(
        &both,
        |r| {
            tried.push(r);
            Ok(())
        },
        |_, _| {},
    );
    assert_eq!((opened, tried), (Ok(Renderer::Wgpu), vec![Renderer::Wgpu]));
    let opened = first_that_opens(
        &Renderer::order(Some(Renderer::Gl)),
        |_| Err("no GL"),
        |_, _| {},
    );
    assert_eq!(opened, Err("no GL"));
}

fn fake_desktop(vars: &[(&str, &str)], files: &[&str]) -> phusong::app::Desktop {
    phusong::app::Desktop::from_env(
        |name| {
            (vars.iter())
                .find(|(k, _)| *k == name)
                .map(|(_, v)| std::ffi::OsString::from(v))
        },
        |p| files.iter().any(|f| Path::new(f) == p),
    )
}

#[test]
fn a_desktop_can_open_the_systems_dialog_with_a_session_bus_or_zenity() {
    let by_address = fake_desktop(&[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/x")], &[]);
    assert!(by_address.session_bus);
    let by_socket = fake_desktop(
        &[("XDG_RUNTIME_DIR", "/run/user/1000")],
        &["/run/user/1000/bus"],
    );
    assert!(by_socket.session_bus);
    let none = fake_desktop(
        &[
            ("XDG_RUNTIME_DIR", "/run/user/1000"),
            ("DBUS_SESSION_BUS_ADDRESS", ""),
        ],
        &[],
    );
    assert!(!none.session_bus && !none.zenity);
    let path = std::env::join_paths(["/usr/local/bin", "/usr/bin"]).unwrap();
    let path = path.to_str().unwrap();
    assert!(fake_desktop(&[("PATH", path)], &["/usr/bin/zenity"]).zenity);
    assert!(!fake_desktop(&[("PATH", path)], &["/opt/zenity"]).zenity);
}

#[test]
fn automatic_file_dialogs_are_the_systems_unless_a_free_desktop_cannot_open_one() {
    use phusong::app::{Desktop, FileDialogs::*, own_browser};
    let bare = || Desktop {
        session_bus: false,
        zenity: false,
    };
    let portal = || Desktop {
        session_bus: true,
        zenity: false,
    };
    let zenity = || Desktop {
        session_bus: false,
        zenity: true,
    };
    assert!(own_browser(Auto, true, false, bare));
    assert!(!own_browser(Auto, true, false, portal));
    assert!(!own_browser(Auto, true, false, zenity));
    // The system's dialog came back empty too fast once: phusong's own from then on.
    assert!(own_browser(Auto, true, true, portal));
    // Windows and macOS always draw their own.
    assert!(!own_browser(Auto, false, false, bare));
    assert!(!own_browser(Auto, false, true, bare));
    // What the user chose wins.
    assert!(own_browser(Own, false, false, portal));
    assert!(!own_browser(System, true, true, bare));
    // Village lists in every workbook calamine reads, and a shapefile in a .zip.
    for ext in [
        "ods", "xlsm", "xlsb", "xlsx", "xls", "shp", "csv", "txt", "zip",
    ] {
        assert!(phusong::app::DATA_FILES.contains(&ext), "{ext}");
    }
    assert!(!phusong::app::DATA_FILES.contains(&"7z"));
}

/// English words that no Vietnamese sentence of the window holds. Two of them in one text
/// make it an English sentence (one may be a file or column name).
const ENGLISH: [&str; 22] = [
    "the", "is", "are", "was", "were", "cannot", "could", "with", "this", "that", "from", "which",
    "has", "have", "read", "used", "rejected", "note", "column", "columns", "rows", "records",
];

/// Every text on screen, with the bottom panel's tabs and the data panel's reports opened in
/// turn, that reads as English.
fn english_on_screen(harness: &mut Harness<'static, Window>) -> Vec<String> {
    let mut found = Vec::new();
    let tabs = ["Thôn cần xử lý", "Thông báo", "Báo cáo nhập tệp", "Xã"];
    for tab in tabs {
        if let Some(node) = harness.query_by_label(tab) {
            node.click();
            harness.run_steps(2);
        }
        // Open the import reports under each file of the data panel.
        let reports: Vec<String> = shown_texts(harness)
            .into_iter()
            .filter(|l| l.contains(" dòng, dùng "))
            .collect();
        for label in reports {
            if let Some(node) = harness.query_by_label(&label) {
                node.click();
                harness.run_steps(2);
            }
        }
        for node in harness.query_all(egui_kittest::kittest::By::new()) {
            let n = node.accesskit_node();
            for text in [n.label(), n.value()].into_iter().flatten() {
                let words: Vec<String> = text
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .map(str::to_ascii_lowercase)
                    .collect();
                let english = words
                    .iter()
                    .filter(|w| ENGLISH.contains(&w.as_str()))
                    .count();
                if english >= 2 && !found.contains(&text) {
                    found.push(text);
                }
            }
        }
    }
    found
}

fn started_in_vietnamese() -> Harness<'static, Window> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(|cc| Window::with_settings(cc.egui_ctx.clone(), Settings::default()));
    settle(&mut harness);
    assert_eq!(harness.state().app.settings.lang, Lang::Vi);
    harness
}

#[test]
fn no_english_sentence_reaches_the_vietnamese_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = started_in_vietnamese();
    let mut seen = english_on_screen(&mut harness);

    // A broken shapefile.
    let broken = dir.path().join("xa.shp");
    std::fs::write(&broken, b"this is not a shapefile at all, just text").unwrap();
    drop_files(&mut harness, &[broken]);
    seen.extend(english_on_screen(&mut harness));

    // A log nobody reads, beside good files.
    let unknown = dir.path().join("nhat-ky.csv");
    std::fs::write(&unknown, "foo,bar,baz\n1,2,3\n").unwrap();
    drop_files(&mut harness, &[unknown]);
    seen.extend(english_on_screen(&mut harness));

    // A commune layer cut short: reading stops at a damaged record, the rest is kept.
    let cut = dir.path().join("cut");
    std::fs::create_dir_all(&cut).unwrap();
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        std::fs::copy(
            data(&format!("communes.{ext}")),
            cut.join(format!("xa.{ext}")),
        )
        .unwrap();
    }
    let shp = cut.join("xa.shp");
    let bytes = std::fs::read(&shp).unwrap();
    std::fs::write(&shp, &bytes[..bytes.len() / 2]).unwrap();
    drop_files(
        &mut harness,
        &[shp, data("villages.shp"), data("samples.csv")],
    );
    let dataset = &harness
        .state()
        .app
        .session
        .as_ref()
        .expect("the cut layer loads")
        .dataset;
    assert!(
        dataset.reports[0].incomplete.is_some(),
        "{:?}",
        dataset.reports[0]
    );
    harness.get_by_label_contains("bị hỏng nên dừng đọc ở đó");
    seen.extend(english_on_screen(&mut harness));

    // A village list whose name column cannot be told: the chooser and the message.
    let list = dir.path().join("thon.csv");
    std::fs::write(&list, "Địa danh,Kinh độ,Vĩ độ\nNà Lẹng,105.9,22.1\n").unwrap();
    drop_files(&mut harness, &[list]);
    seen.extend(english_on_screen(&mut harness));
    send(&mut harness, Command::DismissNeed);

    // A project file that is not one.
    let project = dir.path().join("hong.phusong");
    std::fs::write(&project, "{ not json").unwrap();
    send(&mut harness, Command::OpenProject(project));
    harness.get_by_label_contains("không phải dự án phusong");
    seen.extend(english_on_screen(&mut harness));

    assert!(
        seen.is_empty(),
        "English in the Vietnamese window: {seen:#?}"
    );
}

/// A project from elsewhere that reads files outside its folder asks first, naming them;
/// its figures come only when the user agrees. The command line needs
/// `--allow-outside-inputs` for the same project.
#[test]
fn a_project_reading_outside_its_folder_asks_before_reading() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    let inside = demo_project(&dir.path().join("own"));
    // The same project moved to a folder of its own, its inputs left where they were.
    let away = dir.path().join("from-email");
    std::fs::create_dir_all(&away).unwrap();
    let project = away.join("tinh.phusong");
    let mut text = std::fs::read_to_string(&inside).unwrap();
    let data = dir.path().join("own").join("data");
    text = text.replace("\"data/", &format!("\"{}/", data.display()));
    std::fs::write(&project, text).unwrap();

    send(&mut harness, Command::OpenProject(project.clone()));
    assert!(
        matches!(
            harness.state().app.need,
            Some(phusong::app::Need::Outside { .. })
        ),
        "{:?}",
        harness.state().app.need
    );
    harness.get_by_label("The project reads files outside its folder");
    assert_eq!(radius(&harness), 500.0, "nothing of it is read yet");
    harness.get_by_label("Read these files").click();
    harness.step();
    settle(&mut harness);
    assert_eq!(radius(&harness), 700.0);

    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_phusong"))
            .arg("report")
            .args(extra)
            .args(["--quiet", "--lang", "en", "--out"])
            .arg(&out)
            .arg(&project)
            .output()
            .unwrap()
    };
    let refused = run(&[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && stderr.contains("--allow-outside-inputs"),
        "{stderr}"
    );
    assert!(run(&["--allow-outside-inputs"]).status.success());
}

#[test]
fn at_1366_by_768_every_parameter_can_be_reached_and_the_legend_folds_away() {
    let mut harness = started_at(egui::vec2(1366.0, 768.0));
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 768.0));
    // The left panel goes on below the screen; scrolled, its last parameters and the reset
    // button come fully into view, not cut by the status bar.
    let reset = harness.get_by_label("Reset to defaults");
    reset.scroll_to_me();
    harness.run_steps(3);
    for (role, label) in [
        (Role::SpinButton, "5G threshold"),
        (Role::Button, "Reset to defaults"),
    ] {
        let rect = harness.get_by_role_and_label(role, label).rect();
        assert!(
            screen.contains_rect(rect) && rect.bottom() < 768.0 - 20.0,
            "{label}: {rect:?}"
        );
    }

    // The legend is beside the map, its title in sight; folded, the map takes its width.
    harness.get_by_label("Legend");
    let with_legend = harness.state().ui.map.size.unwrap()[0];
    harness.get_by_label("◀").click();
    harness.run_steps(3);
    assert!(harness.query_by_label("Legend").is_none());
    let folded = harness.state().ui.map.size.unwrap()[0];
    assert!(folded > with_legend + 150.0, "{with_legend} → {folded}");
    harness.get_by_label("▶ Legend").click();
    harness.run_steps(3);
    harness.get_by_label("Legend");
}

#[test]
fn a_click_on_the_map_selects_without_moving_it_and_the_details_keep_their_width() {
    let mut harness = started_at(egui::vec2(1366.0, 768.0));
    let view = harness.state().ui.map.view;
    let size = harness.state().ui.map.size;
    // A row of the flagged list is found in a list: the map goes to it.
    harness.get_by_label("Nà bản").click();
    harness.run_steps(3);
    assert!(matches!(
        harness.state().app.selection,
        Some(Selection::Village(_))
    ));
    assert_ne!(harness.state().ui.map.view, view);
    assert_eq!(harness.state().ui.map.size, size, "the map keeps its size");
    harness.get_by_label("⌂").click();
    harness.run_steps(3);
    let overview = harness.state().ui.map.view;
    // A click on the map selects what is under it and leaves the view as it was.
    let centre = {
        let [w, h] = size.unwrap();
        egui::pos2(1366.0 - 310.0 - w as f32 / 2.0, 30.0 + h as f32 / 2.0)
    };
    harness.hover_at(centre);
    harness.run_steps(2);
    harness.drag_at(centre);
    harness.step();
    harness.drop_at(centre);
    harness.run_steps(3);
    assert!(harness.state().app.selection.is_some());
    assert_eq!(harness.state().ui.map.view, overview);
}

/// The demo's OpenStreetMap places belong to its province: a log dropped on the demo keeps
/// them; boundaries of another province drop them, and a background layer dropped with those
/// is the only one.
#[test]
fn the_demo_keeps_its_places_for_its_own_communes_only() {
    let mut harness = started();
    let names = |harness: &Harness<'static, Window>| -> Vec<String> {
        let session = harness.state().app.session.as_ref().unwrap();
        (session.dataset.background.iter())
            .map(|b| b.title())
            .collect()
    };
    assert_eq!(names(&harness), ["gis_osm_places_free_1"]);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("drive.csv");
    write_drive_log(&log);
    drop_files(&mut harness, std::slice::from_ref(&log));
    assert_eq!(names(&harness), ["gis_osm_places_free_1"], "same province");
    harness.get_by_label("gis_osm_places_free_1");

    let mut harness = started();
    let line = fixture("corpus/shapefile-rs/line.shp");
    drop_files(
        &mut harness,
        &[fixture("boundaries-2025/xa-2025.shp"), line, log],
    );
    assert_eq!(names(&harness), ["line"], "another province: the places go");
}

/// A tile server on 127.0.0.1 that answers every tile with the same grey PNG and keeps each
/// request's first line and User-Agent.
/// Each request a tile server saw: its first line and its User-Agent.
type Requests = Arc<std::sync::Mutex<Vec<(String, String)>>>;

fn tile_server() -> (String, Requests) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/{{z}}/{{x}}/{{y}}.png",
        listener.local_addr().unwrap()
    );
    let mut png = Vec::new();
    image::RgbaImage::from_pixel(256, 256, image::Rgba([200, 200, 200, 255]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let line = request.lines().next().unwrap_or("").to_string();
            let agent = (request.lines())
                .find_map(|l| {
                    l.strip_prefix("user-agent: ")
                        .or(l.strip_prefix("User-Agent: "))
                })
                .unwrap_or("")
                .to_string();
            log.lock().unwrap().push((line, agent));
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nCache-Control: max-age=60\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                png.len()
            );
            let _ = s.write_all(head.as_bytes()).and_then(|_| s.write_all(&png));
        }
    });
    (url, seen)
}

/// The app with the basemap on, drawn from `url`.
fn started_with_basemap(url: String) -> Harness<'static, Window> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .build_eframe(move |cc| {
            let mut settings = Settings {
                lang: Lang::Vi,
                basemap_url: Some(url),
                ..Settings::default()
            };
            settings.layers.basemap = true;
            Window::with_settings(cc.egui_ctx.clone(), settings)
        });
    settle(&mut harness);
    harness
}

/// Steps the app until `done`, for at most ten seconds.
fn step_until(
    harness: &mut Harness<'static, Window>,
    done: impl Fn(&Harness<'static, Window>) -> bool,
) {
    let start = Instant::now();
    while !done(harness) && start.elapsed() < Duration::from_secs(10) {
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The basemap fetches only the tiles in view, at one zoom, saying who asks; with no server
/// answering, the map says so in words instead of staying blank.
#[test]
fn the_basemap_asks_for_the_tiles_in_view_as_phusong_and_says_when_it_is_offline() {
    let (url, requests) = tile_server();
    let mut harness = started_with_basemap(url);
    step_until(&mut harness, |_| requests.lock().unwrap().len() >= 4);
    let seen = requests.lock().unwrap().clone();
    assert!(!seen.is_empty(), "no tile asked for");
    assert!(seen.len() <= 64, "{} tiles: only those in view", seen.len());
    assert!(
        seen.iter().all(|(_, agent)| agent.starts_with("phusong/")),
        "{seen:?}"
    );
    let zooms: std::collections::BTreeSet<&str> = (seen.iter())
        .filter_map(|(line, _)| line.split('/').nth(1))
        .collect();
    assert_eq!(zooms.len(), 1, "one zoom: {seen:?}");
    harness.get_by_label("© OpenStreetMap contributors");

    // Nothing listens on this port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/{{z}}/{{x}}/{{y}}.png",
        closed.local_addr().unwrap()
    );
    drop(closed);
    let mut harness = started_with_basemap(url);
    let offline = Lang::Vi.texts().basemap_offline;
    step_until(&mut harness, |h| h.query_by_label(offline).is_some());
    harness.get_by_label(offline);
}

/// A department's own tile server, typed under the basemap's switch, is the one asked.
#[test]
fn a_tile_server_typed_in_the_layers_panel_is_the_one_asked() {
    let (url, requests) = tile_server();
    let mut harness = started_with_basemap("http://127.0.0.1:9/{z}/{x}/{y}.png".into());
    harness.get_by_label("Máy chủ ô bản đồ").focus();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run_steps(1);
    harness.get_by_label("Máy chủ ô bản đồ").type_text(&url);
    harness.run_steps(2);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    let chosen = harness.state().app.settings.basemap_url.clone();
    assert_eq!(chosen.as_deref(), Some(url.as_str()));
    step_until(&mut harness, |_| !requests.lock().unwrap().is_empty());
    assert!(
        !requests.lock().unwrap().is_empty(),
        "the typed server was asked"
    );
}
