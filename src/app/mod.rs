//! The desktop app: state, commands and background jobs. The panels that draw it read a
//! [`View`] of it and send [`Command`]s; the numbers all come from [`crate::analysis`], as on
//! the command line.

mod command;
mod comparing;
mod event;
mod file_dialogs;
mod jobs;
mod outputs;
mod raster;
mod state;
mod view;

use crate::message::Front;
use std::path::PathBuf;
use std::sync::Arc;

pub use crate::map::Layers;
pub use crate::map::SavedView;
pub use command::{Command, Export};
pub use comparing::{Against, Compared};
pub use event::UiEvent;
pub use file_dialogs::{
    BROWSER_ID, DATA_FILES, Desktop, DialogFolders, FREE_DESKTOP, FileDialogs, own_browser,
};
pub use jobs::{Job, Poll};
pub use raster::RasterKey;
pub use state::{Level, Message, SearchIndex, Selection, Session, Settings};
pub use view::View;

use crate::analysis::{Dataset, Evaluation, Inputs};
use crate::error::Error;
use crate::i18n::Texts;
use crate::lang::Lang;
use crate::map::{Extents, MapView};
use crate::model::Operator;
use crate::rule::Params;

/// The key the settings are saved under.
const SETTINGS_KEY: &str = "phusong";
/// The autosave file, beside the settings.
const AUTOSAVE_FILE: &str = "autosave.phusong";

/// What a load hands back: the new session, or why there is none, plus the files it skipped
/// and what the user must choose when the files cannot load as they are.
struct Loaded {
    session: Result<Session, Error>,
    skipped: Vec<Error>,
    need: Option<Need>,
    /// The project these files are of, when one is being opened.
    opening: Option<outputs::Opening>,
}

/// A layer of the analysis that has choices of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Communes,
    Villages,
}

/// A choice the user must make before the files can load.
#[derive(Clone, Debug)]
pub enum Need {
    /// A shapefile without a `.prj` whose coordinates are metres: in which system.
    Crs {
        layer: Layer,
        file: PathBuf,
        guesses: Vec<crate::crs::Guess>,
        inputs: Inputs,
    },
    /// A village list whose columns could not be told for sure.
    Columns {
        preview: Box<crate::io::village_list::Preview>,
        inputs: Inputs,
    },
    /// A signal log whose columns could not all be told.
    SampleColumns {
        preview: Box<crate::io::samples::SamplePreview>,
        inputs: Inputs,
    },
    /// A project's inputs are not where they were saved: where they are now.
    Missing {
        project: PathBuf,
        missing: Vec<crate::project::Missing>,
        /// The inputs found so far; the missing ones keep their saved paths.
        inputs: Inputs,
    },
    /// A project's inputs lie outside its folder: read them? (A project from someone else
    /// may name any file of this machine.)
    Outside {
        project: PathBuf,
        outside: Vec<PathBuf>,
        inputs: Inputs,
    },
    /// A project's inputs changed since it was saved: use them as they are now?
    Changed {
        project: PathBuf,
        changed: Vec<crate::project::Changed>,
    },
}

/// The desktop app: what it knows and what it is doing. The window's widgets keep their
/// own state; the window holds the two.
pub struct App {
    pub settings: Settings,
    pub session: Option<Session>,
    pub selection: Option<Selection>,
    pub messages: Vec<Message>,
    /// The map's view as the window last drew it: the map owns it, the app saves it with
    /// the project and the settings.
    pub map_view: Option<MapView>,
    ctx: egui::Context,
    load: Option<Job<Loaded>>,
    evaluate: Option<Job<Evaluation>>,
    /// Parameters changed while the rule was running: run it again when it is done.
    evaluate_again: bool,
    /// The file dialog open now.
    dialog: Option<file_dialogs::Dialog>,
    /// The system's file dialog came back empty at once in this run: phusong's own is used.
    system_dialog_failed: bool,
    /// How the window is drawn ("wgpu (Vulkan)", "OpenGL"), for the status bar.
    pub renderer: Option<String>,
    /// A project or output being written.
    output: Option<Job<Result<outputs::Written, Error>>>,
    commands: Vec<Command>,
    /// What the user is asked to choose, when a load needs it.
    pub need: Option<Need>,
    /// A project loaded whose inputs changed: shown once the user says so.
    held: Option<(outputs::Opening, Session)>,
    /// The project file of the work on screen, with the state it saved (`None`: the work
    /// no longer matches it).
    project_file: Option<(PathBuf, Option<outputs::ProjectState>)>,
    /// The map's sample raster, drawn off the frame.
    raster: raster::Rasters,
    /// What the widgets are to hear of, since the window last asked.
    events: Vec<UiEvent>,
    /// Where the work is autosaved; `None` turns autosave off.
    autosave: Option<PathBuf>,
    autosaved: Option<outputs::ProjectState>,
    autosave_due: Option<std::time::Instant>,
    /// The project file the restored autosave belonged to.
    restored_project: Option<PathBuf>,
    /// What the work on screen is compared with, while the user compares.
    comparing: Option<Against>,
    /// The comparison last made.
    compared: Option<Arc<Compared>>,
    compare_job: Option<Job<comparing::Made>>,
    /// The nearest-sample lists of the data on screen, being made.
    reach_job: Option<Job<(Arc<Dataset>, Option<crate::reach::Reach>)>>,
    /// The lists are to be made once the frame that takes the new data in is drawn: made
    /// beside that frame, their allocations slowed it several times over.
    reach_pending: bool,
    /// The result changed while the comparison was being made: make it again.
    compare_again: bool,
}

impl App {
    /// The app as eframe starts it: settings from the last run, then what the command line
    /// named, or the last files (or the demo province), loading in the background.
    pub fn new(ctx: egui::Context, storage: Option<&dyn eframe::Storage>, startup: Startup) -> App {
        let settings: Settings = storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        let autosave = eframe::storage_dir(SETTINGS_KEY).map(|d| d.join(AUTOSAVE_FILE));
        App::start_with(ctx, settings, autosave, startup)
    }

    /// The app with `settings`, drawing in `ctx`, without autosave (tests and the benchmark
    /// start it this way).
    pub fn with_settings(ctx: egui::Context, settings: Settings) -> App {
        App::start(ctx, settings, None, None)
    }

    /// The app with `settings`, autosaving to `autosave` (and first bringing back what it
    /// holds, after a run that did not close normally), opening `project` if given.
    pub fn start(
        ctx: egui::Context,
        settings: Settings,
        autosave: Option<PathBuf>,
        project: Option<PathBuf>,
    ) -> App {
        let startup = project.map_or(Startup::Usual, Startup::Project);
        App::start_with(ctx, settings, autosave, startup)
    }

    /// The app with `settings`, autosaving to `autosave`, opening what `startup` names: a
    /// project, or data files as if dropped on the window (the usual start when none of them
    /// can load).
    pub fn start_with(
        ctx: egui::Context,
        settings: Settings,
        autosave: Option<PathBuf>,
        startup: Startup,
    ) -> App {
        let mut app = App {
            settings,
            session: None,
            selection: None,
            messages: Vec::new(),
            map_view: None,
            ctx,
            load: None,
            evaluate: None,
            evaluate_again: false,
            dialog: None,
            system_dialog_failed: false,
            renderer: None,
            output: None,
            commands: Vec::new(),
            need: None,
            held: None,
            project_file: None,
            raster: raster::Rasters::default(),
            events: Vec::new(),
            autosave,
            autosaved: None,
            autosave_due: None,
            restored_project: None,
            comparing: None,
            compared: None,
            compare_job: None,
            compare_again: false,
            reach_job: None,
            reach_pending: false,
        };
        match startup {
            Startup::Usual => {}
            Startup::Project(path) => {
                app.open_project(path);
                return app;
            }
            Startup::Files(files) => {
                if app.open_startup_files(files) {
                    return app;
                }
            }
        }
        if app.restore_autosave() {
            return app;
        }
        match app.settings.inputs.clone() {
            Some(inputs) if all_exist(&inputs) => app.start_load(inputs, Vec::new()),
            Some(_) => {
                app.say(Level::Warning, |t| t.last_files_missing.to_string());
                app.open_demo();
            }
            None => app.open_demo(),
        }
        app
    }

    /// The interface texts in the chosen language.
    pub fn t(&self) -> &'static Texts {
        self.settings.lang.texts()
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// Queues a command, applied after this frame.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// `true` while files are loading; with the share done.
    pub fn loading(&self) -> Option<f32> {
        self.load.as_ref().map(|j| j.progress.fraction())
    }

    /// `true` while nothing runs in the background (tests wait for it).
    pub fn is_idle(&self) -> bool {
        self.load.is_none()
            && self.evaluate.is_none()
            && !self.evaluate_again
            && self.output.is_none()
            && self.compare_job.is_none()
            && !self.compare_again
            && self.reach_job.is_none()
            && !self.reach_pending
    }

    /// The commands sent since the last frame, to apply with the panels' own.
    pub fn take_commands(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.commands)
    }

    /// What the widgets are to hear of since the last call.
    pub fn take_events(&mut self) -> Vec<UiEvent> {
        std::mem::take(&mut self.events)
    }

    /// After a frame's commands: the autosave, and repaints while something runs.
    pub fn after_frame(&mut self) {
        self.autosave_tick();
        let waiting = matches!(self.dialog, Some(file_dialogs::Dialog::System(..)));
        if !self.is_idle() || waiting {
            // Progress bars move on their own.
            self.ctx
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Carries out what the user asked: the one place where the app's state changes for it.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::AddFiles(paths) => self.add_files(paths),
            Command::RemoveSamples(path) => {
                if let Some(s) = &self.session {
                    let mut inputs = s.inputs.clone();
                    inputs.samples.retain(|p| *p != path);
                    self.start_load(inputs, Vec::new());
                }
            }
            Command::PickFiles => self.ask(outputs::Asked::AddFiles),
            Command::OpenDemo => self.open_demo(),
            Command::CancelLoad => {
                if let Some(job) = &self.load {
                    job.cancel();
                }
            }
            Command::SetParams(params) => self.set_params(params),
            Command::SetLayers(layers) => self.settings.layers = layers,
            Command::SetBasemapUrl(url) => self.settings.basemap_url = url,
            Command::SetLang(lang) => self.settings.lang = lang,
            Command::Select(selection) => {
                self.selection = selection;
                self.events.push(UiEvent::Selected(selection));
            }
            Command::ZoomTo(area) => self.events.push(UiEvent::ZoomTo(area)),
            Command::ZoomToSelection => self.events.push(UiEvent::ZoomToSelection),
            Command::ZoomToAll => {
                if let Some(extent) = self.session.as_ref().and_then(|s| s.extents.all()) {
                    self.events.push(UiEvent::ZoomTo(extent));
                }
            }
            Command::DrawRaster(key) => self.draw_raster(key),
            Command::ClearMessages => self.messages.clear(),
            Command::Retry(inputs) => {
                self.need = None;
                self.start_load(*inputs, Vec::new());
            }
            Command::DismissNeed => {
                self.need = None;
                self.held = None;
            }
            Command::SetEncoding(layer, encoding) => {
                if let Some(s) = &self.session {
                    let mut inputs = s.inputs.clone();
                    match layer {
                        Layer::Communes => inputs.commune_fields.encoding = Some(encoding),
                        Layer::Villages => inputs.village_options.encoding = Some(encoding),
                    }
                    self.start_load(inputs, Vec::new());
                }
            }
            Command::OpenProject(path) => self.open_project(path),
            Command::PickProject => self.ask(outputs::Asked::OpenProject),
            Command::SaveProject => self.save(),
            Command::SaveProjectAs => self.ask(outputs::Asked::SaveProject),
            Command::SaveProjectTo(path) => self.save_project(path),
            Command::Export(export) => self.ask(outputs::Asked::Export(export)),
            Command::ExportTo(export, path) => self.write_output(export, path),
            Command::InputLocated(slot, path) => self.locate(slot, path),
            Command::KeepChangedInputs => self.keep_changed_inputs(),
            Command::ReadOutsideInputs => {
                if let Some(Need::Outside {
                    project, inputs, ..
                }) = self.need.take()
                {
                    self.start_project_load(project, Some(inputs));
                }
            }
            Command::LocateInput(slot) => self.ask(outputs::Asked::Locate(slot)),
            Command::SetFileDialogs(choice) => self.settings.file_dialogs = choice,
            Command::FileBrowserAnswered(paths) => self.own_browser_answered(paths),
            Command::CompareWith(against) => self.compare_with(against),
            Command::PickCompareProject => self.ask(outputs::Asked::CompareProject),
            Command::StopComparing => self.stop_comparing(),
        }
    }

    /// Adds a message whose words `words` makes, in the language of the moment.
    fn say(&mut self, level: Level, words: impl Fn(&Texts) -> String + Send + Sync + 'static) {
        self.messages.push(Message::new(level, words));
    }

    /// Adds an error, in the window's words.
    fn say_error(&mut self, e: Error) {
        let e = Arc::new(e);
        self.say(Level::Error, move |t| e.text(t.lang, Front::Window));
    }

    fn open_demo(&mut self) {
        match crate::demo::bundled_dir() {
            Some(dir) => self.start_load(Inputs::demo(&dir), Vec::new()),
            None => self.say(Level::Warning, |t| t.demo_missing.to_string()),
        }
    }

    fn add_files(&mut self, paths: Vec<PathBuf>) {
        let current = (self.session.as_ref()).map(|s| (s.inputs.clone(), s.is_demo));
        self.add_files_to(current, paths);
    }

    /// Adds `paths` to the `current` inputs (with whether they are the demo's) by their
    /// roles and loads the result; `false` when nothing could be loaded.
    fn add_files_to(&mut self, current: Option<(Inputs, bool)>, paths: Vec<PathBuf>) -> bool {
        let base = match &current {
            Some((inputs, false)) => inputs.clone(),
            // The demo's own samples are not mixed with the user's: a dropped log replaces them;
            // so do its places, which belong to its province.
            Some((inputs, true)) => Inputs {
                samples: Vec::new(),
                background: Vec::new(),
                ..inputs.clone()
            },
            None => Inputs::default(),
        };
        let (mut inputs, skipped) = base.with_files(&paths);
        if inputs == base {
            for e in skipped {
                self.say_error(e);
            }
            return false;
        }
        let demo = current.as_ref().filter(|(_, is_demo)| *is_demo);
        if let Some((demo, _)) = demo.filter(|(d, _)| d.communes == inputs.communes)
            && inputs.background.is_empty()
        {
            inputs.background = demo.background.clone();
        }
        if inputs.samples.is_empty() {
            inputs.samples = current.map(|(i, _)| i.samples).unwrap_or_default();
        }
        if inputs.communes.as_os_str().is_empty() || inputs.villages.as_os_str().is_empty() {
            for e in skipped {
                self.say_error(e);
            }
            self.say(Level::Warning, |t| t.need_communes.to_string());
            return false;
        }
        self.start_load(inputs, skipped);
        true
    }

    /// The data files named on the command line, added as a drop adds them to what the
    /// window would otherwise open (the last files, or the demo); files not there are said.
    fn open_startup_files(&mut self, files: Vec<PathBuf>) -> bool {
        let mut found = Vec::new();
        for file in files {
            // Absolute: the files are remembered for the next start, from any folder.
            let file = std::path::absolute(&file).unwrap_or(file);
            if file.exists() {
                found.push(file);
            } else {
                let shown = file.display().to_string();
                self.say(Level::Error, move |t| (t.startup_missing)(&shown));
            }
        }
        if found.is_empty() {
            return false;
        }
        let current = match self.settings.inputs.clone() {
            Some(inputs) if all_exist(&inputs) => Some((inputs, false)),
            _ => crate::demo::bundled_dir().map(|d| (Inputs::demo(&d), true)),
        };
        self.add_files_to(current, found)
    }

    fn start_load(&mut self, inputs: Inputs, skipped: Vec<Error>) {
        if let Some(job) = self.load.take() {
            job.cancel();
        }
        let params = self.settings.params.clone();
        let ctx = self.ctx.clone();
        self.load = Some(Job::spawn(
            "load",
            move || ctx.request_repaint(),
            move |progress| {
                let is_demo =
                    crate::demo::bundled_dir().is_some_and(|d| inputs == Inputs::demo(&d));
                let session = load_session(inputs.clone(), is_demo, &params, progress);
                let need = match &session {
                    Err(Error::Cancelled) | Ok(_) => None,
                    Err(_) => need_of(&inputs),
                };
                Loaded {
                    session,
                    skipped,
                    need,
                    opening: None,
                }
            },
        ));
    }

    fn set_params(&mut self, params: Params) {
        if params == self.settings.params {
            return;
        }
        if let Err(problem) = params.validate() {
            self.say(Level::Warning, move |t| {
                crate::message::sentence(&problem.text(t.lang, Front::Window))
            });
            return;
        }
        self.settings.params = params;
        self.start_evaluate();
    }

    fn start_evaluate(&mut self) {
        let Some(session) = &self.session else { return };
        if self.evaluate.is_some() {
            self.evaluate_again = true;
            return;
        }
        self.evaluate_again = false;
        let dataset = Arc::clone(&session.dataset);
        let reach = session.reach.clone();
        let params = self.settings.params.clone();
        let ctx = self.ctx.clone();
        self.evaluate = Some(Job::spawn(
            "rule",
            move || ctx.request_repaint(),
            move |_| dataset.evaluate_near(&params, reach.as_deref()),
        ));
    }

    /// Takes what the background jobs finished.
    pub fn poll_jobs(&mut self) {
        self.poll_raster();
        if let Some(file_dialogs::Dialog::System(asked, job)) = &self.dialog {
            match job.poll() {
                Poll::Running => {}
                Poll::Done(paths) => {
                    let (asked, took) = (asked.clone(), job.started.elapsed());
                    self.dialog = None;
                    self.system_dialog_answered(asked, paths, took);
                }
                Poll::Lost => self.dialog = None,
            }
        }
        self.poll_output();
        self.poll_compare();
        // Before the load's poll: the lists of a load taken in now start at the next frame.
        self.poll_reach();
        if let Some(job) = &self.load {
            match job.poll() {
                Poll::Running => {}
                Poll::Done(loaded) => {
                    self.load = None;
                    self.finish_load(loaded);
                }
                Poll::Lost => {
                    self.load = None;
                    self.say(Level::Error, |t| t.load_lost.to_string());
                }
            }
        }
        if let Some(job) = &self.evaluate {
            match job.poll() {
                Poll::Running => {}
                Poll::Done(evaluation) => {
                    self.evaluate = None;
                    // A result for parameters since changed is still shown (it is closer
                    // than the one before) while the newer run goes.
                    if let Some(s) = &mut self.session {
                        let old = std::mem::replace(&mut s.evaluation, Arc::new(evaluation));
                        // A national result is tens of thousands of allocations to free.
                        jobs::drop_off_frame(old);
                        s.evaluation_id = state::next_evaluation_id();
                    }
                    self.start_compare();
                    if self.evaluate_again {
                        self.start_evaluate();
                    }
                }
                Poll::Lost => {
                    self.evaluate = None;
                    self.say(Level::Error, |t| t.load_lost.to_string());
                }
            }
        }
    }

    fn finish_load(&mut self, loaded: Loaded) {
        if let Some(need) = loaded.need {
            self.need = Some(need);
            self.events.push(UiEvent::Asked);
        }
        for e in loaded.skipped {
            self.say_error(e);
        }
        match loaded.session {
            Ok(session) => match loaded.opening {
                Some(opening) => self.opened(opening, session),
                None => {
                    self.show_session(session, false);
                    if let Some(path) = self.restored_project.take() {
                        self.project_file = Some((path, None));
                    }
                }
            },
            Err(Error::Cancelled) if self.need.is_some() => {}
            Err(Error::Cancelled) => self.say(Level::Info, |t| t.load_cancelled.to_string()),
            // Said in the window's words: the error's own text is the command line's.
            Err(Error::SampleColumns(missing)) => {
                self.say(Level::Warning, move |t| t.sample_columns_error(&missing));
            }
            Err(e) => {
                let kept = self.session.is_some();
                let e = Arc::new(e);
                self.say(Level::Error, move |t| {
                    let keep = if kept { t.kept_last_good } else { "" };
                    format!("{} {keep}", e.text(t.lang, Front::Window))
                        .trim_end()
                        .to_string()
                });
            }
        }
    }

    /// Puts a loaded session on screen, with its import reports in the messages. The map
    /// keeps the saved view when it was of the same data, or shows everything.
    fn show_session(&mut self, session: Session, from_project: bool) {
        for report in &session.dataset.reports {
            if report.rows_rejected() > 0 || !report.notes.is_empty() {
                let report = report.clone();
                self.say(Level::Warning, move |t| {
                    report.text(t.lang, Front::Window).trim_end().to_string()
                });
            }
        }
        for layer in &session.dataset.background {
            let report = &layer.report;
            if report.rows_rejected() > 0 || !report.notes.is_empty() {
                let report = report.clone();
                self.say(Level::Warning, move |t| {
                    report.text(t.lang, Front::Window).trim_end().to_string()
                });
            }
        }
        let unread = &session.dataset.unread;
        for e in unread.iter().chain(&session.dataset.background_unread) {
            // The dataset keeps its errors; the message keeps their words in both languages.
            let [vi, en] = [Lang::Vi, Lang::En].map(|lang| e.text(lang, Front::Window));
            self.say(Level::Error, move |t| match t.lang {
                Lang::Vi => vi.clone(),
                Lang::En => en.clone(),
            });
        }
        let counts = (
            session.dataset.communes.len(),
            session.dataset.villages.len(),
            session.dataset.samples.len(),
        );
        self.say(Level::Info, move |t| {
            (t.loaded)(counts.0, counts.1, counts.2)
        });
        self.settings.inputs = (!session.is_demo).then(|| session.inputs.clone());
        self.selection = None;
        if session.is_demo {
            // The demo is no project's work. Other files loaded while a project is open
            // (another log, another encoding) are changes to it, unsaved until saved.
            self.project_file = None;
        }
        self.raster.clear();
        // Parameters may have changed while the files were loading.
        let stale = session.evaluation.params != self.settings.params;
        self.session = Some(session);
        // The project's own view, even if another was on screen.
        self.events.push(UiEvent::NewSession {
            project_view: from_project,
        });
        if stale {
            self.start_evaluate();
        }
        self.start_compare();
        self.reach_pending = true;
    }

    /// Makes the nearest-sample lists of the data on screen, off the frame: until they are
    /// there, re-runs search the index.
    fn start_reach(&mut self) {
        let Some(session) = &self.session else { return };
        let dataset = Arc::clone(&session.dataset);
        self.reach_job = Some(Job::spawn(
            "reach",
            || {},
            move |_| {
                let reach = dataset.reach();
                (dataset, reach)
            },
        ));
    }

    fn poll_reach(&mut self) {
        if std::mem::take(&mut self.reach_pending) {
            self.start_reach();
            return;
        }
        let Some(job) = &self.reach_job else { return };
        match job.poll() {
            Poll::Running => {}
            Poll::Done((dataset, reach)) => {
                self.reach_job = None;
                if let Some(s) = &mut self.session
                    && Arc::ptr_eq(&s.dataset, &dataset)
                {
                    s.reach = reach.map(Arc::new);
                }
            }
            // Re-runs search the index, as they did before.
            Poll::Lost => self.reach_job = None,
        }
    }

    /// Saves the settings where eframe keeps them, with the map's current view.
    pub fn save_settings(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings_to_save());
    }

    /// The settings to save, with the map's current view.
    pub fn settings_to_save(&self) -> Settings {
        let mut settings = self.settings.clone();
        if let (Some(view), Some(s)) = (self.map_view, &self.session) {
            settings.map_view = Some(SavedView {
                view,
                reference_lat: s.projection.reference_lat,
            });
        }
        settings
    }
}

fn all_exist(inputs: &Inputs) -> bool {
    inputs.paths().all(|p| p.is_file())
}

/// What the user must choose for `inputs` to load, when a choice would help: the coordinate
/// system of a shapefile in metres without a `.prj`, the columns of a village list, or those
/// of a signal log.
fn need_of(inputs: &Inputs) -> Option<Need> {
    use crate::io::paths::is_shapefile;
    use crate::io::village_list::{Confidence, preview};
    let layers = [
        (
            Layer::Communes,
            &inputs.communes,
            inputs.commune_fields.crs.is_some(),
        ),
        (
            Layer::Villages,
            &inputs.villages,
            inputs.village_options.crs.is_some(),
        ),
    ];
    for (layer, file, chosen) in layers {
        if chosen || !is_shapefile(file) {
            continue;
        }
        if let Ok(Some(guesses)) = crate::io::shp::crs_choice_needed(file) {
            return Some(Need::Crs {
                layer,
                file: file.clone(),
                guesses,
                inputs: inputs.clone(),
            });
        }
    }
    if !is_shapefile(&inputs.villages)
        && inputs.villages.is_file()
        && let Ok(p) = preview(&inputs.villages, &inputs.village_options)
        && p.confidence != Confidence::Sure
    {
        return Some(Need::Columns {
            preview: Box::new(p),
            inputs: inputs.clone(),
        });
    }
    for path in &inputs.samples {
        if let Ok(p) = crate::io::samples::preview_samples(path, &inputs.sample_columns)
            && p.by_names()
            && !p.missing.is_empty()
        {
            return Some(Need::SampleColumns {
                preview: Box::new(p),
                inputs: inputs.clone(),
            });
        }
    }
    None
}

/// Loads, indexes and evaluates: everything a session needs, off the frame.
fn load_session(
    inputs: Inputs,
    is_demo: bool,
    params: &Params,
    progress: &crate::progress::Progress,
) -> Result<Session, Error> {
    let dataset = Dataset::load(&inputs, progress)?;
    if progress.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let evaluation = dataset.evaluate(params);
    let extents = Extents::of(&dataset);
    let projection = extents.projection();
    // The map's drawing data, here on the loading thread rather than at the first raster.
    dataset.sample_index().prepare_drawing(&dataset.samples);
    let stats = crate::stats::SampleStats::new(&dataset.samples);
    let shapes = Arc::new(crate::map::CommuneShapes::new(
        &dataset.communes,
        &projection,
    ));
    let background: Vec<crate::map::background::BackgroundShapes> = (dataset.background.iter())
        .map(|layer| crate::map::background::BackgroundShapes::new(layer, &projection))
        .collect();
    let labels = crate::map::labels::candidates(&dataset.communes, &projection);
    let operators: Vec<Operator> = stats.operators.clone();
    let search = SearchIndex::new(&dataset);
    Ok(Session {
        inputs,
        is_demo,
        dataset: Arc::new(dataset),
        evaluation: Arc::new(evaluation),
        evaluation_id: state::next_evaluation_id(),
        projection,
        extents,
        operators,
        search,
        stats,
        shapes,
        labels: Arc::new(labels),
        background: Arc::new(background),
        reach: None,
    })
}

/// What the window opens with, from its command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Startup {
    /// The last files, or the demo province.
    #[default]
    Usual,
    /// A project file.
    Project(PathBuf),
    /// Data files of any role, told apart by their content as when dropped on the window.
    Files(Vec<PathBuf>),
}

impl Startup {
    /// From the files named on the command line: one `.phusong` is a project, anything else
    /// is data.
    pub fn from_files(files: Vec<PathBuf>) -> Startup {
        let is_project = |p: &PathBuf| {
            (p.extension()).is_some_and(|e| e.eq_ignore_ascii_case(crate::project::EXTENSION))
        };
        match files.as_slice() {
            [] => Startup::Usual,
            [one] if is_project(one) => Startup::Project(one.clone()),
            _ => Startup::Files(files),
        }
    }
}
