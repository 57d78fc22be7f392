//! Questions the app asks when files cannot load as they are: the coordinate system of a
//! layer in metres without a `.prj`, the columns of a village list or of a signal log.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::analysis::Inputs;
use crate::app::{Command, Layer, Need, View};
use crate::crs::{Crs, choices};
use crate::i18n::Texts;
use crate::io::samples::{SampleMapping, SamplePreview, SampleRole};
use crate::io::village_list::{Mapping, Preview, Role};

/// What the open question's widgets hold.
#[derive(Clone, Debug, Default)]
pub struct DialogState {
    pub crs: Option<Crs>,
    pub mapping: Option<Mapping>,
    pub sample_mapping: Option<SampleMapping>,
}

impl DialogState {
    pub fn on_need(&mut self, need: &Need) {
        *self = DialogState::default();
        match need {
            Need::Crs { guesses, .. } => self.crs = guesses.first().map(|g| g.crs.clone()),
            Need::Columns { preview, inputs } => {
                self.mapping = Some(preview.guess.clone());
                self.crs = inputs.village_options.crs.clone();
            }
            Need::SampleColumns { preview, .. } => self.sample_mapping = Some(preview.guess),
            Need::Missing { .. } | Need::Changed { .. } | Need::Outside { .. } => {}
        }
    }
}

/// The question the app asks, when it asks one.
pub fn need_ui(view: &View, state: &mut DialogState, ctx: &egui::Context, out: &mut Vec<Command>) {
    let Some(need) = view.need else {
        return;
    };
    let t = view.t;
    match need {
        Need::Crs {
            layer,
            file,
            guesses,
            inputs,
        } => crs_ui(ctx, t, state, (*layer, file, guesses, inputs), out),
        Need::Columns { preview, inputs } => {
            village_columns_ui(ctx, t, state, preview, inputs, out)
        }
        Need::SampleColumns { preview, inputs } => {
            let mapping = state.sample_mapping.get_or_insert(preview.guess);
            sample_columns_ui(ctx, t, preview, inputs, mapping, out);
        }
        Need::Missing {
            project, missing, ..
        } => missing_ui(ctx, t, project, missing, out),
        Need::Outside {
            project, outside, ..
        } => outside_ui(ctx, t, project, outside, out),
        Need::Changed { project, changed } => changed_ui(ctx, t, project, changed, out),
    }
}

/// A question's window: in the middle, not folded away, `width` points wide.
fn question(title: &str, width: f32) -> egui::Window<'_> {
    egui::Window::new(title)
        .collapsible(false)
        .default_width(width)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
}

/// Every coordinate system phusong converts, in a list labelled `label` (grouped when
/// `grouped`); the one clicked becomes `chosen`.
fn all_systems_ui(
    ui: &mut egui::Ui,
    label: &str,
    id: &str,
    grouped: bool,
    chosen: &mut Option<Crs>,
) {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        let shown = chosen.as_ref().map_or(String::new(), Crs::label);
        egui::ComboBox::from_id_salt(id)
            .selected_text(shown)
            .width(340.0)
            .show_ui(ui, |ui| {
                let mut group = "";
                for c in choices() {
                    if grouped && c.group != group {
                        group = c.group;
                        ui.label(RichText::new(group).weak().small());
                    }
                    let on = chosen.as_ref() == Some(&c.crs);
                    if ui.selectable_label(on, &c.label).clicked() {
                        *chosen = Some(c.crs.clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
}

/// A layer in metres without a `.prj`: the likely systems first, then all of them.
fn crs_ui(
    ctx: &egui::Context,
    t: &'static Texts,
    state: &mut DialogState,
    (layer, file, guesses, inputs): (Layer, &Path, &[crate::crs::Guess], &Inputs),
    out: &mut Vec<Command>,
) {
    question(t.choose_crs_title, 520.0)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label((t.choose_crs_why)(&crate::io::paths::file_name(file)));
            if !guesses.is_empty() {
                ui.label(RichText::new(t.likely_systems).strong());
                for g in guesses {
                    let text = match g.provinces.is_empty() {
                        true => g.crs.label(),
                        false => format!("{} — {}", g.crs.label(), g.provinces.join(", ")),
                    };
                    if ui.radio(state.crs.as_ref() == Some(&g.crs), text).clicked() {
                        state.crs = Some(g.crs.clone());
                    }
                }
            }
            all_systems_ui(ui, t.all_systems, "all systems", true, &mut state.crs);
            ui.separator();
            ui.horizontal(|ui| {
                let chosen = state.crs.clone();
                let enabled = chosen.is_some();
                if ui
                    .add_enabled(enabled, egui::Button::new(t.use_system))
                    .clicked()
                {
                    let mut inputs = inputs.clone();
                    match layer {
                        Layer::Communes => inputs.commune_fields.crs = chosen,
                        Layer::Villages => inputs.village_options.crs = chosen,
                    }
                    out.push(Command::Retry(Box::new(inputs)));
                }
                if ui.button(t.cancel).clicked() {
                    out.push(Command::DismissNeed);
                }
            });
        });
}

/// A village list whose columns are unsure: a column for each role, the system of
/// projected coordinates, the first rows, and the load with the columns chosen.
fn village_columns_ui(
    ctx: &egui::Context,
    t: &'static Texts,
    state: &mut DialogState,
    preview: &Preview,
    inputs: &Inputs,
    out: &mut Vec<Command>,
) {
    let mapping = state.mapping.get_or_insert_with(|| preview.guess.clone());
    question(t.map_columns_title, 760.0).show(ctx, |ui| {
        ui.label((t.map_columns_why)(&crate::io::paths::file_name(
            &preview.file,
        )));
        for p in &preview.problems {
            let text = preview.problem_text(p, t.lang, crate::message::Front::Window);
            ui.label(RichText::new(text).color(super::theme::WARNING));
        }
        egui::Grid::new("mapping").num_columns(2).show(ui, |ui| {
            for role in Role::ALL {
                let mut chosen = mapping.get(role);
                let (columns, text) = (preview.columns.len(), |i| preview.column_text(i));
                column_choice_ui(ui, t, t.village_role(role), columns, &text, &mut chosen);
                if chosen != mapping.get(role) {
                    mapping.set(role, chosen);
                }
            }
        });
        let projected =
            mapping.get(Role::ProjectedX).is_some() && mapping.get(Role::Longitude).is_none();
        if projected {
            all_systems_ui(ui, t.all_systems, "list system", false, &mut state.crs);
        }
        let rows: Vec<(u64, &[String])> = (preview.rows.iter())
            .map(|r| (r.number, r.cells.as_slice()))
            .collect();
        let (columns, text) = (preview.columns.len(), |i| preview.column_text(i));
        first_rows_ui(ui, t, "preview rows", columns, &text, &rows);
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button(t.load_with_columns).clicked() {
                let mut inputs = inputs.clone();
                let encoding = inputs.village_options.encoding;
                inputs.village_options = preview.options(mapping);
                inputs.village_options.encoding = encoding;
                inputs.village_options.crs = state.crs.clone();
                out.push(Command::Retry(Box::new(inputs)));
            }
            if ui.button(t.cancel).clicked() {
                out.push(Command::DismissNeed);
            }
        });
    });
}

/// A project's inputs that are not where it saved them: locate each.
fn missing_ui(
    ctx: &egui::Context,
    t: &'static Texts,
    project: &Path,
    missing: &[crate::project::Missing],
    out: &mut Vec<Command>,
) {
    question(t.missing_title, 560.0)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label((t.missing_why)(&crate::io::paths::file_name(project)));
            egui::Grid::new("missing files")
                .num_columns(3)
                .show(ui, |ui| {
                    for m in missing {
                        ui.label(RichText::new(t.role(m.role)).strong());
                        let looked: Vec<String> =
                            m.looked.iter().map(|p| p.display().to_string()).collect();
                        ui.label(&m.saved).on_hover_text(looked.join("\n"));
                        if ui.button(t.locate_file).clicked() {
                            out.push(Command::LocateInput(m.slot));
                        }
                        ui.end_row();
                    }
                });
            ui.separator();
            if ui.button(t.cancel).clicked() {
                out.push(Command::DismissNeed);
            }
        });
}

/// A project's inputs outside its folder: read them?
fn outside_ui(
    ctx: &egui::Context,
    t: &'static Texts,
    project: &Path,
    outside: &[PathBuf],
    out: &mut Vec<Command>,
) {
    question(t.outside_title, 560.0)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label((t.outside_why)(&crate::io::paths::file_name(project)));
            for p in outside {
                ui.label(format!("• {}", p.display()));
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(t.outside_read).clicked() {
                    out.push(Command::ReadOutsideInputs);
                }
                if ui.button(t.cancel).clicked() {
                    out.push(Command::DismissNeed);
                }
            });
        });
}

/// A project's inputs that changed since it was saved: use them as they are now?
fn changed_ui(
    ctx: &egui::Context,
    t: &'static Texts,
    project: &Path,
    changed: &[crate::project::Changed],
    out: &mut Vec<Command>,
) {
    question(t.changed_title, 560.0)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label((t.changed_why)(&crate::io::paths::file_name(project)));
            for c in changed {
                let sizes = (t.size_then_now)(c.saved_bytes, c.now_bytes);
                ui.label(format!(
                    "• {}: {} ({sizes})",
                    t.role(c.role),
                    c.path.display()
                ));
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(t.use_as_now).clicked() {
                    out.push(Command::KeepChangedInputs);
                }
                if ui.button(t.keep_previous).clicked() {
                    out.push(Command::DismissNeed);
                }
            });
        });
}

/// The column chooser of a signal log: a column for each role, the first rows, and the load
/// with the columns chosen (for every log read by its column names).
fn sample_columns_ui(
    ctx: &egui::Context,
    t: &'static crate::i18n::Texts,
    preview: &SamplePreview,
    inputs: &crate::analysis::Inputs,
    mapping: &mut SampleMapping,
    out: &mut Vec<Command>,
) {
    egui::Window::new(t.sample_columns_title)
        .collapsible(false)
        .default_width(760.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label((t.sample_columns_why)(&crate::io::paths::file_name(
                &preview.file,
            )));
            for (role, name) in &preview.not_found {
                let text = (t.sample_column_not_found)(name, t.sample_role(*role));
                ui.label(RichText::new(text).color(super::theme::WARNING));
            }
            egui::Grid::new("sample mapping")
                .num_columns(2)
                .show(ui, |ui| {
                    for role in SampleRole::ALL {
                        let mut chosen = mapping.get(role);
                        column_choice_ui(
                            ui,
                            t,
                            t.sample_role(role),
                            preview.columns.len(),
                            &|i| preview.column_text(i),
                            &mut chosen,
                        );
                        if chosen != mapping.get(role) {
                            mapping.set(role, chosen);
                        }
                    }
                });
            let missing = mapping.missing();
            if !missing.is_empty() {
                let roles: Vec<&str> = missing.iter().map(|r| t.sample_role(*r)).collect();
                ui.label(
                    RichText::new((t.sample_columns_still_missing)(&roles.join(", ")))
                        .color(super::theme::WARNING),
                );
            }
            let rows: Vec<(u64, &[String])> = (preview.rows.iter())
                .map(|r| (r.number, r.cells.as_slice()))
                .collect();
            first_rows_ui(
                ui,
                t,
                "sample preview rows",
                preview.columns.len(),
                &|i| preview.column_text(i),
                &rows,
            );
            ui.separator();
            ui.horizontal(|ui| {
                let load = egui::Button::new(t.load_with_columns);
                if ui.add_enabled(missing.is_empty(), load).clicked() {
                    let mut inputs = inputs.clone();
                    inputs.sample_columns = preview.options(mapping, &inputs.sample_columns);
                    out.push(Command::Retry(Box::new(inputs)));
                }
                if ui.button(t.cancel).clicked() {
                    out.push(Command::DismissNeed);
                }
            });
        });
}

/// One row of a column chooser: the role, and a list of the file's columns (or none) to
/// take it from.
fn column_choice_ui(
    ui: &mut egui::Ui,
    t: &crate::i18n::Texts,
    role: &str,
    columns: usize,
    column_text: &dyn Fn(usize) -> String,
    chosen: &mut Option<usize>,
) {
    let label = ui.label(role);
    let shown = chosen.map_or(t.none.to_string(), column_text);
    egui::ComboBox::from_id_salt(("column", role))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(chosen, None, t.none);
            for i in 0..columns {
                ui.selectable_value(chosen, Some(i), column_text(i));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

/// A chooser's first rows of the file under its column headings, each with its row or line
/// number.
fn first_rows_ui(
    ui: &mut egui::Ui,
    t: &crate::i18n::Texts,
    id: &str,
    columns: usize,
    column_text: &dyn Fn(usize) -> String,
    rows: &[(u64, &[String])],
) {
    ui.label(RichText::new(t.first_rows).strong());
    egui::ScrollArea::both().max_height(220.0).show(ui, |ui| {
        egui::Grid::new(id).striped(true).show(ui, |ui| {
            ui.label("");
            for i in 0..columns {
                ui.label(RichText::new(column_text(i)).strong());
            }
            ui.end_row();
            for (number, cells) in rows {
                ui.label(RichText::new(number.to_string()).weak());
                for cell in cells.iter() {
                    ui.label(cell);
                }
                ui.end_row();
            }
        });
    });
}
