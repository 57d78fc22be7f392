//! File dialogs: the system's, on a thread, or phusong's own browser, drawn by
//! its panel in the window. Both answer through [`App::dialog_done`].
//!
//! The system's dialog on Linux goes through the desktop portal over D-Bus, or zenity; where
//! neither is there (a bare X session, a kiosk, a remote desktop) it comes back empty at once
//! and the user's click is lost. phusong's own browser always opens.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::command::Export;
use super::outputs::Asked;
use super::{App, Job, Level};
use crate::i18n::Texts;

/// Which file dialog opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileDialogs {
    /// The system's, unless this machine cannot open it.
    #[default]
    Auto,
    System,
    Own,
}

/// The folder each kind of file dialog was last left in, so the next one starts there.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DialogFolders {
    /// Communes, villages and signal logs (Open files, Locate).
    pub data: Option<PathBuf>,
    /// Project files (Open and Save as).
    pub project: Option<PathBuf>,
    /// Reports and maps.
    pub export: Option<PathBuf>,
}

/// The files Open files offers: what [`crate::io::classify::role_of`] tells apart.
pub const DATA_FILES: &[&str] = &[
    "shp", "csv", "txt", "tsv", "xlsx", "xls", "xlsm", "xlsb", "ods", "zip",
];

/// A system dialog that comes back empty faster than this was never seen: no one cancels a
/// dialog that quickly, so it could not open.
pub const TOO_FAST: Duration = Duration::from_millis(500);

/// Where the system's dialog is drawn by the desktop rather than by Windows or macOS: there it
/// needs a portal or zenity.
pub const FREE_DESKTOP: bool = cfg!(all(unix, not(any(target_os = "macos", target_os = "ios"))));

/// The file dialog open now.
pub(super) enum Dialog {
    /// The system's, answering on a thread.
    System(Asked, Job<Vec<PathBuf>>),
    /// phusong's own, drawn in the window from `UiState::file_browser`.
    Own(Asked),
}

/// What a Linux or BSD desktop offers the system's dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Desktop {
    /// A D-Bus session bus, where the desktop portal answers.
    pub session_bus: bool,
    /// zenity on the PATH, which rfd runs when there is no portal.
    pub zenity: bool,
}

impl Desktop {
    /// This machine's.
    pub fn here() -> Desktop {
        Desktop::from_env(|name| std::env::var_os(name), |p| p.exists())
    }

    /// From the environment `var` and the files that `exists`.
    pub fn from_env(
        var: impl Fn(&str) -> Option<OsString>,
        exists: impl Fn(&Path) -> bool,
    ) -> Desktop {
        let set = |name: &str| var(name).filter(|v| !v.is_empty());
        let session_bus = set("DBUS_SESSION_BUS_ADDRESS").is_some()
            || set("XDG_RUNTIME_DIR").is_some_and(|dir| exists(&Path::new(&dir).join("bus")));
        let zenity = set("PATH").is_some_and(|path| {
            std::env::split_paths(&path).any(|dir| exists(&dir.join("zenity")))
        });
        Desktop {
            session_bus,
            zenity,
        }
    }
}

/// Whether phusong's own browser opens rather than the system's dialog: as the user chose, or
/// by itself on a Linux or BSD desktop without a portal or zenity, or once the system's dialog
/// came back empty too fast in this run (`system_failed`). `desktop` is only asked when it
/// matters.
pub fn own_browser(
    choice: FileDialogs,
    free_desktop: bool,
    system_failed: bool,
    desktop: impl FnOnce() -> Desktop,
) -> bool {
    match choice {
        FileDialogs::System => false,
        FileDialogs::Own => true,
        FileDialogs::Auto if !free_desktop => false,
        FileDialogs::Auto => {
            system_failed || {
                let d = desktop();
                !d.session_bus && !d.zenity
            }
        }
    }
}

/// The kinds of dialog that remember their own folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Data,
    Project,
    Export,
}

impl Asked {
    fn kind(&self) -> Kind {
        match self {
            Asked::AddFiles | Asked::Locate(_) => Kind::Data,
            Asked::OpenProject | Asked::SaveProject | Asked::CompareProject => Kind::Project,
            Asked::Export(_) => Kind::Export,
        }
    }

    fn title(&self, t: &'static Texts) -> &'static str {
        match self {
            Asked::AddFiles => t.open_files,
            Asked::OpenProject => t.open_project,
            Asked::SaveProject => t.save_project_as,
            Asked::Export(Export::Map(..)) => t.export_map,
            Asked::Export(Export::Excel) => t.export_excel,
            Asked::Export(Export::Gis) => t.export_gis,
            Asked::Export(Export::All) => t.export_all,
            Asked::Export(Export::Changes) => t.export_changes,
            Asked::CompareProject => t.compare_pick_project,
            Asked::Locate(_) => t.locate_file,
        }
    }

    /// True when the answer is a folder rather than files.
    fn wants_folder(&self) -> bool {
        matches!(self, Asked::Export(e) if e.file_kind().is_none())
    }
}

impl DialogFolders {
    fn get(&self, kind: Kind) -> Option<&PathBuf> {
        match kind {
            Kind::Data => self.data.as_ref(),
            Kind::Project => self.project.as_ref(),
            Kind::Export => self.export.as_ref(),
        }
        .filter(|dir| dir.is_dir())
    }

    fn set(&mut self, kind: Kind, dir: PathBuf) {
        let slot = match kind {
            Kind::Data => &mut self.data,
            Kind::Project => &mut self.project,
            Kind::Export => &mut self.export,
        };
        *slot = Some(dir);
    }
}

impl App {
    /// Opens a file dialog for `asked`: the system's or phusong's own. Called after the frame
    /// (the checks below look at the file system).
    pub(super) fn ask(&mut self, asked: Asked) {
        if self.dialog.is_some() {
            return;
        }
        let start_in = self.start_folder(&asked);
        let own = own_browser(
            self.settings.file_dialogs,
            FREE_DESKTOP,
            self.system_dialog_failed,
            Desktop::here,
        );
        if own {
            self.open_own(asked, start_in);
        } else {
            self.open_system(asked, start_in);
        }
    }

    /// Where a dialog starts: where this kind was last left, else beside the project, else
    /// beside the data on screen.
    fn start_folder(&self, asked: &Asked) -> Option<PathBuf> {
        let kind = asked.kind();
        let project = (self.project_file.as_ref()).and_then(|(p, _)| p.parent());
        let data = (self.session.as_ref())
            .filter(|s| !s.is_demo)
            .and_then(|s| s.inputs.communes.parent());
        let beside = match kind {
            Kind::Data => data.or(project),
            Kind::Project | Kind::Export => project.or(data),
        };
        let dir = (self.settings.dialog_folders.get(kind).cloned())
            .or_else(|| beside.filter(|d| d.is_dir()).map(Path::to_path_buf))?;
        // The demo's files are relative to the working folder: the browser's Up needs a
        // whole path.
        Some(std::path::absolute(&dir).unwrap_or(dir))
    }

    fn open_system(&mut self, asked: Asked, start_in: Option<PathBuf>) {
        let title = asked.title(self.t()).to_string();
        let ctx = self.ctx.clone();
        let what = asked.clone();
        let job = Job::spawn_waiting(
            "file dialog",
            move || ctx.request_repaint(),
            move |_| {
                let mut d = rfd::FileDialog::new().set_title(title);
                if let Some(dir) = start_in {
                    d = d.set_directory(dir);
                }
                let one = |p: Option<PathBuf>| p.into_iter().collect::<Vec<_>>();
                match what {
                    Asked::AddFiles => d
                        .add_filter("GIS, Excel, CSV", DATA_FILES)
                        .pick_files()
                        .unwrap_or_default(),
                    Asked::Locate(_) => one(d.pick_file()),
                    Asked::OpenProject | Asked::CompareProject => one(d
                        .add_filter("phusong", &[crate::project::EXTENSION])
                        .pick_file()),
                    Asked::SaveProject => one(d
                        .add_filter("phusong", &[crate::project::EXTENSION])
                        .set_file_name(format!("phu-song.{}", crate::project::EXTENSION))
                        .save_file()),
                    Asked::Export(export) => match export.file_kind() {
                        Some((kind, ext, stem)) => one(d
                            .add_filter(kind, &[ext])
                            .set_file_name(format!("{stem}.{ext}"))
                            .save_file()),
                        None => one(d.pick_folder()),
                    },
                }
            },
        );
        self.dialog = Some(Dialog::System(asked, job));
    }

    fn open_own(&mut self, asked: Asked, start_in: Option<PathBuf>) {
        let start_in = start_in
            .or_else(home_dir)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let mut browser = browser_for(&asked, self.t(), start_in);
        browser.open();
        self.events
            .push(super::UiEvent::BrowserOpened(Box::new(browser)));
        self.dialog = Some(Dialog::Own(asked));
    }

    /// The system's dialog answered. Empty at once means it never opened: the same question
    /// goes to phusong's own browser, which is used from then on.
    pub(super) fn system_dialog_answered(
        &mut self,
        asked: Asked,
        paths: Vec<PathBuf>,
        took: Duration,
    ) {
        let never_opened = paths.is_empty()
            && took < TOO_FAST
            && FREE_DESKTOP
            && self.settings.file_dialogs == FileDialogs::Auto;
        if never_opened {
            self.system_dialog_failed = true;
            self.say(Level::Warning, |t| t.file_dialogs_switched.to_string());
            let start_in = self.start_folder(&asked);
            self.open_own(asked, start_in);
            return;
        }
        self.dialog_done(asked, paths);
    }

    /// phusong's own browser answered (nothing when it was cancelled).
    pub(super) fn own_browser_answered(&mut self, paths: Vec<PathBuf>) {
        if let Some(Dialog::Own(asked)) = self.dialog.take() {
            self.dialog_done(asked, paths);
        }
    }

    /// Remembers where a dialog's answer was, for the next dialog of its kind.
    pub(super) fn remember_folder(&mut self, asked: &Asked, first: &Path) {
        let dir = if asked.wants_folder() {
            Some(first)
        } else {
            first.parent()
        };
        if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) {
            self.settings
                .dialog_folders
                .set(asked.kind(), dir.to_path_buf());
        }
    }
}

/// The id of phusong's own browser window (its accessibility names are found by it).
pub const BROWSER_ID: &str = "phusong file browser";

/// phusong's own browser for `asked`, in the interface language, with the filters of the
/// system's dialog.
fn browser_for(asked: &Asked, t: &'static Texts, start_in: PathBuf) -> egui_file::FileDialog {
    use egui_file::FileDialog;
    let project = vec![crate::project::EXTENSION];
    let (dialog, only): (FileDialog, Option<Vec<&'static str>>) = match asked {
        Asked::AddFiles => (
            FileDialog::open_file().multi_select(true),
            Some(DATA_FILES.to_vec()),
        ),
        Asked::Locate(_) => (FileDialog::open_file(), None),
        Asked::OpenProject | Asked::CompareProject => (FileDialog::open_file(), Some(project)),
        Asked::SaveProject => (
            FileDialog::save_file()
                .default_filename(format!("phu-song.{}", crate::project::EXTENSION)),
            Some(project),
        ),
        Asked::Export(export) => match export.file_kind() {
            Some((_, ext, stem)) => (
                FileDialog::save_file().default_filename(format!("{stem}.{ext}")),
                Some(vec![ext]),
            ),
            None => (FileDialog::select_folder(), None),
        },
    };
    let mut dialog = dialog;
    if let Some(only) = only {
        dialog = dialog.show_files_filter(Box::new(move |p: &Path| has_extension(p, &only)));
    }
    let opens = match dialog.dialog_type() {
        egui_file::DialogType::SelectFolder => t.browser_choose_folder,
        _ => t.browser_open,
    };
    let saves = dialog.dialog_type() == egui_file::DialogType::SaveFile;
    // A title, not a menu item: without the "…".
    dialog
        .title(asked.title(t).trim_end_matches('…'))
        .id(egui::Id::unique(BROWSER_ID))
        .initial_path(start_in)
        .open_button_text(opens.into())
        .save_button_text(t.browser_save.into())
        .cancel_button_text(t.cancel.into())
        .new_folder_button_text(t.browser_new_folder.into())
        .new_folder_name_text(t.browser_new_folder_name.into())
        .rename_button_text(t.browser_rename.into())
        .refresh_button_hover_text(t.browser_refresh.into())
        .parent_folder_button_hover_text(t.browser_parent.into())
        .file_label_text(t.browser_file_label.into())
        .show_hidden_checkbox_text(t.browser_show_hidden.into())
        // Renaming the user's files is no part of choosing one; a new folder is, for a save.
        .show_rename(false)
        .show_new_folder(saves || asked.wants_folder())
        .default_size([680.0, 460.0])
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .keep_on_top(true)
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn home_dir() -> Option<PathBuf> {
    let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
}
