//! The panels of the window. Each `*_ui` function reads the app's [`View`] and its own widget
//! state, and sends commands; none changes the app, reads a file or starts a job.

pub mod basemap;
pub mod bottom;
pub mod charts;
pub mod compare;
pub mod data_panel;
pub mod details;
pub mod dialogs;
pub mod export;
pub mod file_browser;
pub mod map;
mod off_frame;
pub mod status;
pub mod tables;
pub mod theme;

use crate::app::{Command, Selection, Session, Settings, UiEvent, View};
use crate::lang::Lang;
use crate::map::LonLatBox;
use crate::rule::Params;

/// State of the widgets that lives between frames: the map's view, the tables' sort and
/// filters, the search text, the open tab.
pub struct UiState {
    pub map: map::MapState,
    pub search: String,
    pub tables: tables::TablesState,
    pub tab: Tab,
    pub chart: charts::Chart,
    pub chart_generation: crate::model::Generation,
    pub commune_sort: charts::CommuneSort,
    pub dialog: dialogs::DialogState,
    /// The printed map's options, while their window is open.
    pub map_form: Option<export::MapForm>,
    /// phusong's own file browser, while it is open.
    pub file_browser: Option<egui_file::FileDialog>,
    /// What to compare with, while its window is open.
    pub compare_form: Option<compare::CompareForm>,
}

impl UiState {
    /// True while a panel's rows or the map's drawing order are being made off the frame.
    pub fn is_making(&self) -> bool {
        self.tables.is_making() || self.map.is_making()
    }
}

/// The tabs of the bottom panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Flagged,
    NotSurveyed,
    Communes,
    Charts,
    Reports,
    /// The comparison with an earlier analysis, while there is one.
    Changes,
    Messages,
}

impl UiState {
    pub fn from_settings(_settings: &Settings) -> UiState {
        UiState {
            map: map::MapState::default(),
            search: String::new(),
            tables: tables::TablesState::default(),
            tab: Tab::default(),
            chart: charts::Chart::default(),
            chart_generation: crate::model::Generation::G4,
            commune_sort: charts::CommuneSort::default(),
            dialog: dialogs::DialogState::default(),
            map_form: None,
            file_browser: None,
            compare_form: None,
        }
    }

    /// Follows what the app did.
    pub fn on_event(&mut self, event: UiEvent, view: &View) {
        match event {
            UiEvent::Selected(selection) => {
                self.on_select(selection, view.session, &view.settings.params);
            }
            UiEvent::NewSession { project_view } => {
                if project_view {
                    self.map.view = None;
                }
                if let Some(session) = view.session {
                    // The saved view when it was of the same data, otherwise everything.
                    self.map.on_new_session(session, view.settings.map_view);
                }
            }
            UiEvent::Asked => {
                if let Some(need) = view.need {
                    self.dialog.on_need(need);
                }
            }
            UiEvent::ZoomTo(area) => self.map.zoom_to(area),
            UiEvent::ZoomToSelection => {
                if let Some(session) = view.session {
                    self.zoom_to_selection(view.selection, session, &view.settings.params);
                }
            }
            UiEvent::BrowserOpened(browser) => self.file_browser = Some(*browser),
            UiEvent::Compared => self.tab = Tab::Changes,
        }
    }

    /// What selecting shows: the samples that decided a village.
    fn on_select(
        &mut self,
        selection: Option<Selection>,
        session: Option<&Session>,
        params: &Params,
    ) {
        self.map.highlighted.clear();
        if let (Some(Selection::Village(v)), Some(session)) = (selection, session) {
            self.map.highlighted = session.dataset.samples_near_village(v, params);
        }
    }

    /// The map moves to the selection: a village with its radius around it, or a commune.
    fn zoom_to_selection(
        &mut self,
        selection: Option<Selection>,
        session: &Session,
        params: &Params,
    ) {
        let area = match selection {
            Some(Selection::Village(v)) => {
                let p = session.dataset.villages[v].location;
                Some(LonLatBox::around_point(p.x(), p.y(), params.radius_m * 6.0))
            }
            Some(Selection::Commune(c)) => crate::map::commune_box(&session.dataset.communes[c]),
            None => None,
        };
        if let Some(area) = area {
            self.map.zoom_to(area);
        }
    }
}

/// The width of the details panel on the right, in points.
const DETAILS_PX: f32 = 310.0;

/// The whole window: what the user asked for, in order.
pub fn app_ui(view: &View, state: &mut UiState, ui: &mut egui::Ui) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::top("toolbar").show(ui, |ui| toolbar_ui(view, state, ui, &mut out));
    egui::Panel::bottom("status")
        .resizable(false)
        .show(ui, |ui| status::status_ui(view, &state.map, ui, &mut out));
    egui::Panel::left("data")
        .resizable(true)
        .default_size(300.0)
        .size_range(220.0..=520.0)
        .show(ui, |ui| data_panel::data_panel_ui(view, ui, &mut out));
    // Fixed: what is selected does not squeeze the map.
    egui::Panel::right("details")
        .resizable(false)
        .exact_size(DETAILS_PX)
        .show(ui, |ui| details::details_ui(view, state, ui, &mut out));
    // A third of the window at first (on 1366 × 768 the map keeps most of it); then the
    // height the user drags it to, kept between runs.
    let window_height = ui.ctx().content_rect().height();
    egui::Panel::bottom("tables")
        .resizable(true)
        .default_size((window_height * 0.3).clamp(150.0, 320.0))
        .size_range(120.0..=700.0)
        .show(ui, |ui| {
            // The panel keeps the height the user gave it, whatever the rows.
            ui.set_min_height(ui.available_height());
            bottom::bottom_ui(view, state, ui, &mut out)
        });
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| map::map_ui(view, &mut state.map, ui, &mut out));
    let ctx = ui.ctx().clone();
    dialogs::need_ui(view, &mut state.dialog, &ctx, &mut out);
    export::map_form_ui(view, state, &ctx, &mut out);
    compare::compare_form_ui(view, &mut state.compare_form, &ctx, &mut out);
    file_browser::file_browser_ui(view, &mut state.file_browser, &ctx, &mut out);
    out
}

fn toolbar_ui(view: &View, state: &mut UiState, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    ui.horizontal(|ui| {
        ui.heading("phủ sóng");
        ui.separator();
        if ui
            .button(t.open_files)
            .on_hover_text(t.open_files_hint)
            .clicked()
        {
            out.push(Command::PickFiles);
        }
        if ui
            .button(t.open_demo)
            .on_hover_text(t.open_demo_hint)
            .clicked()
        {
            out.push(Command::OpenDemo);
        }
        ui.separator();
        export::menus_ui(view, state, ui, out);
        let compare = ui.add_enabled(
            view.session.is_some(),
            egui::Button::new(view.t.compare_with).selected(view.comparing.is_some()),
        );
        if compare.on_hover_text(view.t.compare_with_hint).clicked() {
            state.compare_form = Some(compare::CompareForm::new(view));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for lang in [Lang::En, Lang::Vi] {
                if ui
                    .selectable_label(view.lang() == lang, lang.name())
                    .on_hover_text(lang.texts().switch_language)
                    .clicked()
                {
                    out.push(Command::SetLang(lang));
                }
            }
        });
    });
}
