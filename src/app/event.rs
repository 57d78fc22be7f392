//! What the app tells the window's widgets after it applies a command or takes a finished
//! job, so that the state they keep themselves (the map's view, a dialog's fields) follows.

use crate::map::LonLatBox;

use super::Selection;

pub enum UiEvent {
    /// The selection changed: the map shows it.
    Selected(Option<Selection>),
    /// A new session is on screen. `project_view`: it is a project's, whose saved view
    /// replaces the one on screen.
    NewSession { project_view: bool },
    /// A question is asked ([`super::App::need`]): its widgets start on the guess.
    Asked,
    /// Show this area on the map.
    ZoomTo(LonLatBox),
    /// Show the selected village (around its radius) or commune on the map.
    ZoomToSelection,
    /// A comparison is on screen for the first time: its tab opens.
    Compared,
    /// phusong's own file browser opens.
    BrowserOpened(Box<egui_file::FileDialog>),
}
