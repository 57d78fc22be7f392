//! Projects and outputs: open, save, recent and autosave; the map, the Excel report and
//! every report at once. Files are chosen in file dialogs (the system's or phusong's own) and
//! written on threads; the frame only starts them and takes their results.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::command::Export;
use super::{App, Command, Job, Level, Loaded, Need, Poll, SavedView, load_session};
use crate::analysis::Inputs;
use crate::error::Error;
use crate::export::map::MapSheet;
use crate::io::paths::file_name;
use crate::project::Project;

/// Projects listed under Recent.
const RECENT: usize = 8;
/// How long the state must hold still before it is autosaved.
const AUTOSAVE_AFTER: Duration = Duration::from_millis(1500);

/// What a file dialog was opened for.
#[derive(Clone, Debug)]
pub(super) enum Asked {
    AddFiles,
    OpenProject,
    SaveProject,
    Export(Export),
    Locate(usize),
    /// The saved project to compare the work on screen with.
    CompareProject,
}

/// A finished write.
pub(super) enum Written {
    /// A project saved, with the state it describes.
    Project(PathBuf, Box<ProjectState>),
    Files(Vec<PathBuf>),
}

/// The project the loading files belong to.
#[derive(Clone, Debug)]
pub(super) struct Opening {
    pub path: PathBuf,
    pub project: Box<Project>,
    /// Inputs changed since the project was saved (found while loading).
    pub changed: Vec<crate::project::Changed>,
}

/// What is written to the autosave file: the work as a project, and the project file it
/// belongs to (if it was saved as one).
#[derive(Serialize, Deserialize)]
struct Autosave {
    project_path: Option<PathBuf>,
    project: Project,
}

/// What the project on screen is, to tell when it has unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ProjectState {
    inputs: Inputs,
    params: crate::rule::Params,
    layers: crate::map::Layers,
}

impl App {
    /// The project file open, if any, and whether the work has changed since it was saved.
    pub fn project(&self) -> Option<(&Path, bool)> {
        let (path, saved) = self.project_file.as_ref()?;
        Some((path.as_path(), !self.shows(saved.as_ref())))
    }

    /// True when the work on screen is `state` (no work is no state), compared in place: it
    /// is asked every frame.
    fn shows(&self, state: Option<&ProjectState>) -> bool {
        match (&self.session, state) {
            (Some(s), Some(state)) => {
                s.inputs == state.inputs
                    && self.settings.params == state.params
                    && self.settings.layers == state.layers
            }
            (None, None) => true,
            _ => false,
        }
    }

    /// `true` while an output or a project is being written.
    pub fn writing(&self) -> bool {
        self.output.is_some()
    }

    pub(super) fn project_state(&self) -> Option<ProjectState> {
        let s = self.session.as_ref()?;
        Some(ProjectState {
            inputs: s.inputs.clone(),
            params: self.settings.params.clone(),
            layers: self.settings.layers.clone(),
        })
    }

    /// The work on screen as a project to be saved at a path, made off the frame (finding
    /// relative paths asks the file system).
    fn project_maker(&self) -> Option<impl FnOnce(&Path) -> Project + Send + 'static> {
        let s = self.session.as_ref()?;
        let view = self.map_view.map(|view| SavedView {
            view,
            reference_lat: s.projection.reference_lat,
        });
        let dataset = Arc::clone(&s.dataset);
        let inputs = s.inputs.clone();
        let params = self.settings.params.clone();
        let layers = self.settings.layers.clone();
        let lang = self.settings.lang;
        Some(move |path: &Path| {
            Project::new(path, &inputs, &dataset.files, &params, &layers, view, lang)
        })
    }

    /// What a file dialog answered, the system's or phusong's own (nothing when the user
    /// closed it).
    pub(super) fn dialog_done(&mut self, asked: Asked, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        self.remember_folder(&asked, &first);
        let command = match asked {
            Asked::AddFiles => Command::AddFiles(paths),
            Asked::OpenProject => Command::OpenProject(first),
            Asked::SaveProject => Command::SaveProjectTo(first),
            Asked::Export(export) => {
                let target = match export.file_kind() {
                    Some((_, ext, _)) => with_extension(first, ext),
                    // A folder.
                    None => first,
                };
                Command::ExportTo(export, target)
            }
            Asked::Locate(slot) => Command::InputLocated(slot, first),
            Asked::CompareProject => Command::CompareWith(super::Against::Project(first)),
        };
        self.send(command);
    }

    pub(super) fn open_project(&mut self, path: PathBuf) {
        self.start_project_load(path, None);
    }

    /// Loads a project: finds its inputs (or asks for the missing ones), loads them with
    /// the project's parameters, and checks them against the saved checksums.
    pub(super) fn start_project_load(&mut self, path: PathBuf, inputs: Option<Inputs>) {
        if let Some(job) = self.load.take() {
            job.cancel();
        }
        // A project this window saved or opened before is the user's own: its inputs are read
        // wherever they are. Any other is asked about when it reads outside its folder.
        let trusted =
            (self.settings.recent_projects.iter()).any(|p| crate::export::same_file(p, &path));
        let ctx = self.ctx.clone();
        self.load = Some(Job::spawn(
            "open project",
            move || ctx.request_repaint(),
            move |progress| {
                let failed = |e: Error| Loaded {
                    session: Err(e),
                    skipped: Vec::new(),
                    need: None,
                    opening: None,
                };
                let project = match Project::open(&path) {
                    Ok(p) => p,
                    Err(e) => return failed(e),
                };
                let located = project.locate(&path);
                let inputs = match inputs {
                    Some(chosen) => chosen,
                    None if !trusted && !located.outside.is_empty() => {
                        return Loaded {
                            need: Some(Need::Outside {
                                project: path,
                                outside: located.outside,
                                inputs: located.inputs,
                            }),
                            ..failed(Error::Cancelled)
                        };
                    }
                    None if !located.missing.is_empty() => {
                        return Loaded {
                            need: Some(Need::Missing {
                                project: path,
                                missing: located.missing,
                                inputs: located.inputs,
                            }),
                            ..failed(Error::Cancelled)
                        };
                    }
                    None => located.inputs,
                };
                let session = load_session(inputs, false, &project.params, progress);
                let changed = match &session {
                    Ok(s) => project.changed(&s.dataset.files),
                    Err(_) => Vec::new(),
                };
                Loaded {
                    session,
                    skipped: Vec::new(),
                    need: None,
                    opening: Some(Opening {
                        path,
                        project: Box::new(project),
                        changed,
                    }),
                }
            },
        ));
    }

    /// A loaded project: its settings come on screen with its data, unless its inputs
    /// changed, when the user is asked first.
    pub(super) fn opened(&mut self, opening: Opening, session: super::Session) {
        if !opening.changed.is_empty() {
            self.need = Some(Need::Changed {
                project: opening.path.clone(),
                changed: opening.changed.clone(),
            });
            self.held = Some((opening, session));
            return;
        }
        let project = &opening.project;
        self.settings.params = project.params.clone();
        self.settings.layers = project.layers.clone();
        self.settings.map_view = project.map_view;
        self.remember_recent(&opening.path);
        self.show_session(session, true);
        self.project_file = Some((opening.path.clone(), self.project_state()));
        let name = file_name(&opening.path);
        self.say(Level::Info, move |t| (t.project_opened)(&name));
    }

    /// The held project, with its inputs as they are now.
    pub(super) fn keep_changed_inputs(&mut self) {
        self.need = None;
        if let Some((mut opening, session)) = self.held.take() {
            opening.changed.clear();
            let path = opening.path.clone();
            self.opened(opening, session);
            // The figures are of the files as they are now, which the saved project does not
            // describe: it has unsaved changes until it is saved again.
            self.project_file = Some((path.clone(), None));
            let name = file_name(&path);
            self.say(Level::Warning, move |t| (t.project_inputs_changed)(&name));
        }
    }

    pub(super) fn locate(&mut self, slot: usize, file: PathBuf) {
        let Some(Need::Missing {
            project,
            mut missing,
            mut inputs,
        }) = self.need.take()
        else {
            return;
        };
        match slot {
            0 => inputs.communes = file,
            1 => inputs.villages = file,
            k => {
                if let Some(s) = inputs.samples.get_mut(k - 2) {
                    *s = file;
                }
            }
        }
        missing.retain(|m| m.slot != slot);
        if missing.is_empty() {
            self.start_project_load(project, Some(inputs));
        } else {
            self.need = Some(Need::Missing {
                project,
                missing,
                inputs,
            });
        }
    }

    pub(super) fn save_project(&mut self, path: PathBuf) {
        let path = with_extension(path, crate::project::EXTENSION);
        let (Some(make), Some(state)) = (self.project_maker(), self.project_state()) else {
            return;
        };
        self.start_output(move |_| {
            make(&path).save(&path, &state.inputs)?;
            Ok(Written::Project(path, Box::new(state)))
        });
    }

    /// Save: to the project's own file, or ask where.
    pub(super) fn save(&mut self) {
        match &self.project_file {
            Some((path, _)) => self.save_project(path.clone()),
            None => self.ask(Asked::SaveProject),
        }
    }

    pub(super) fn write_output(&mut self, export: Export, target: PathBuf) {
        let Some(s) = &self.session else { return };
        let compared = self.compared.clone();
        let dataset = Arc::clone(&s.dataset);
        let eval = Arc::clone(&s.evaluation);
        let lang = self.settings.lang;
        let layers = self.settings.layers.clone();
        self.start_output(move |_| {
            let written = match export {
                Export::Map(sheet, format) => {
                    crate::export::map::write_map(&target, format, &dataset, &eval, &sheet)?;
                    vec![target]
                }
                Export::Excel => {
                    let annexes = crate::export::annex::annexes(&dataset, &eval, lang, None);
                    crate::export::xlsx::write_xlsx(&target, &dataset, &eval, lang, &annexes)?;
                    vec![target]
                }
                Export::Gis => crate::export::write_layers(&target, &dataset, &eval, lang)?,
                Export::All => {
                    let sheet = MapSheet::everything(layers, lang);
                    let target = crate::export::folder::report_folder_in(&target);
                    crate::export::write_all_with(&target, &dataset, &eval, lang, |stage| {
                        crate::export::write_maps(stage, &dataset, &eval, &sheet, "map")
                    })?
                }
                Export::Changes => {
                    let Some(c) = compared else {
                        return Ok(Written::Files(Vec::new()));
                    };
                    let sides = c.sides();
                    let target = crate::export::folder::changes_folder_in(&target);
                    let sheet = MapSheet::everything(layers, lang);
                    crate::export::changes::write_changes(
                        &target,
                        sides.before,
                        sides.after,
                        sides.comparison,
                        lang,
                        sheet,
                    )?
                }
            };
            Ok(Written::Files(written))
        });
    }

    fn start_output(
        &mut self,
        work: impl FnOnce(&crate::progress::Progress) -> Result<Written, Error> + Send + 'static,
    ) {
        if self.output.is_some() {
            self.say(Level::Warning, |t| t.still_writing.to_string());
            return;
        }
        let ctx = self.ctx.clone();
        self.output = Some(Job::spawn("write", move || ctx.request_repaint(), work));
    }

    pub(super) fn poll_output(&mut self) {
        let Some(job) = &self.output else { return };
        let result = match job.poll() {
            Poll::Running => return,
            Poll::Done(result) => result,
            Poll::Lost => Err(Error::usage(crate::message::Msg::LoadLost)),
        };
        self.output = None;
        match result {
            Ok(Written::Project(path, saved)) => {
                self.remember_recent(&path);
                self.project_file = Some((path.clone(), Some(*saved)));
                let shown = path.display().to_string();
                self.say(Level::Info, move |t| (t.project_saved)(&shown));
            }
            Ok(Written::Files(paths)) => {
                let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                let list = list.join("\n");
                self.say(Level::Info, move |t| (t.written)(&list));
            }
            Err(e) => self.say_error(e),
        }
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let recent = &mut self.settings.recent_projects;
        recent.retain(|p| *p != path);
        recent.insert(0, path);
        recent.truncate(RECENT);
    }

    /// Autosaves the work once it has held still for a moment after a change, on a thread.
    pub(super) fn autosave_tick(&mut self) {
        let Some(file) = self.autosave.clone() else {
            return;
        };
        if !self.shows(self.autosaved.as_ref()) {
            self.autosaved = self.project_state();
            self.autosave_due = Some(Instant::now() + AUTOSAVE_AFTER);
        }
        let Some(due) = self.autosave_due else { return };
        if Instant::now() < due {
            self.ctx.request_repaint_after(due - Instant::now());
            return;
        }
        self.autosave_due = None;
        let Some(make) = self.project_maker() else {
            return;
        };
        let project_path = self.project_file.as_ref().map(|(p, _)| p.clone());
        let _ = std::thread::Builder::new()
            .name("autosave".into())
            .spawn(move || {
                let project = make(&file);
                write_autosave(
                    &file,
                    &Autosave {
                        project_path,
                        project,
                    },
                )
            });
    }

    /// At start: the work of a run that did not close normally, from the autosave file.
    pub(super) fn restore_autosave(&mut self) -> bool {
        let Some(file) = &self.autosave else {
            return false;
        };
        let Ok(text) = std::fs::read(file) else {
            return false;
        };
        let Ok(saved) = serde_json::from_slice::<Autosave>(&text) else {
            return false;
        };
        let located = saved.project.locate(file);
        if !located.missing.is_empty() {
            return false;
        }
        let p = saved.project;
        self.settings.params = p.params;
        self.settings.layers = p.layers;
        self.settings.map_view = p.map_view;
        self.restored_project = saved.project_path;
        self.say(Level::Warning, |t| t.restored_autosave.to_string());
        self.start_load(located.inputs, Vec::new());
        true
    }

    /// A normal close: nothing to bring back next time.
    pub fn clear_autosave(&self) {
        if let Some(file) = &self.autosave {
            let _ = std::fs::remove_file(file);
        }
    }
}

fn write_autosave(file: &Path, envelope: &Autosave) {
    let Ok(json) = serde_json::to_vec_pretty(envelope) else {
        return;
    };
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = crate::export::atomic::write(file, |w| w.write_all(&json));
}

fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    let has = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if has {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(".");
        s.push(ext);
        PathBuf::from(s)
    }
}
