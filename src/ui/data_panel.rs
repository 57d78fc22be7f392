//! The left panel: the files of the analysis with their import reports, the map's layers, and
//! the rule's parameters.

use egui::{DragValue, RichText};

use crate::app::{Command, Layer, Layers, View};
use crate::i18n::Texts;
use crate::io::text::{EncodingSource, TextEncodingReport};
use crate::model::{Generation, Technology};
use crate::numbers::{date_hint, date_text, decimal_text, parse_date, parse_decimal};
use crate::rule::Params;

pub fn data_panel_ui(view: &View, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    // The bar stays in sight: on a small screen the parameters go on below the panel.
    egui::ScrollArea::vertical()
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(ui, |ui| {
            files_ui(view, ui, out);
            ui.separator();
            layers_ui(view, ui, out);
            ui.separator();
            params_ui(view, ui, out);
        });
}

fn files_ui(view: &View, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    ui.heading(t.files);
    let Some(session) = &view.session else {
        ui.label(t.no_data);
        return;
    };
    if session.is_demo {
        ui.label(RichText::new(t.demo_note).italics());
    }
    let inputs = &session.inputs;
    // The reports come in this order too: communes, villages, then one per sample log.
    let roles = [
        (
            t.communes,
            Some(Layer::Communes),
            std::slice::from_ref(&inputs.communes),
        ),
        (
            t.villages,
            Some(Layer::Villages),
            std::slice::from_ref(&inputs.villages),
        ),
        (t.samples, None, inputs.samples.as_slice()),
    ];
    let mut reports = session.dataset.reports.iter();
    for (role, layer, paths) in roles {
        ui.label(RichText::new(role).strong());
        for path in paths {
            let name = crate::io::paths::file_name(path);
            let report = reports.next();
            ui.horizontal(|ui| {
                let rejected = report.map_or(0, |r| r.rows_rejected());
                let mark = if rejected > 0 { "⚠ " } else { "" };
                ui.label(format!("{mark}{name}"))
                    .on_hover_text(path.display().to_string());
                if layer.is_none() && inputs.samples.len() > 1 {
                    let remove = ui.small_button("✖").on_hover_text(t.remove_file);
                    if remove.clicked() {
                        out.push(Command::RemoveSamples(path.clone()));
                    }
                }
            });
            if let (Some(layer), Some(text)) =
                (layer, report.and_then(|r| r.text_encoding.as_ref()))
            {
                encoding_ui(ui, t, layer, text, out);
            }
            if let Some(report) = report {
                let summary =
                    (t.rows_summary)(report.rows_read, report.rows_used, report.rows_rejected());
                egui::CollapsingHeader::new(summary)
                    .id_salt(("report", &path))
                    .show(ui, |ui| {
                        let window = crate::message::Front::Window;
                        ui.label(RichText::new(report.format_text(t.lang, window)).weak());
                        for line in report.detail_lines(t.lang, window) {
                            ui.label(format!("• {line}"));
                        }
                    });
            }
        }
    }
    ui.add_space(4.0);
    ui.label(RichText::new(t.drop_hint).small());
}

/// The basemap's tile server, for a department with its own: OpenStreetMap's until changed;
/// taken when the field is left or Enter pressed, an empty field going back to OpenStreetMap.
fn tile_server_ui(view: &View, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    let current =
        (view.settings.basemap_url.clone()).unwrap_or_else(|| super::basemap::OSM_URL.to_string());
    let id = ui.scope_id().with("tile server");
    let mut text: String = ui
        .data_mut(|d| d.get_temp(id))
        .unwrap_or_else(|| current.clone());
    ui.horizontal(|ui| {
        let label = ui.label(t.tile_server);
        let edit = ui
            .add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY))
            .labelled_by(label.id)
            .on_hover_text(t.tile_server_hint);
        if edit.lost_focus() {
            let url = text.trim();
            let chosen =
                (!url.is_empty() && url != super::basemap::OSM_URL).then(|| url.to_string());
            if chosen != view.settings.basemap_url {
                out.push(Command::SetBasemapUrl(chosen));
            }
            ui.data_mut(|d| d.remove::<String>(id));
        } else if edit.has_focus() {
            ui.data_mut(|d| d.insert_temp(id, text.clone()));
        }
    });
}

/// One line per background layer: shown or not, and how opaque.
fn background_layers_ui(
    t: &crate::i18n::Texts,
    background: &[crate::io::background::BackgroundLayer],
    layers: &mut Layers,
    ui: &mut egui::Ui,
) {
    if background.is_empty() {
        return;
    }
    ui.label(RichText::new(t.background_layers).strong());
    for layer in background {
        let (mut on, mut opacity) = layers.background_of(&layer.path);
        ui.horizontal(|ui| {
            ui.checkbox(&mut on, layer.title())
                .on_hover_text(layer.path.display().to_string());
            ui.add_enabled(
                on,
                egui::Slider::new(&mut opacity, 0.1..=1.0).show_value(false),
            )
            .on_hover_text(t.opacity);
        });
        if (on, opacity) != layers.background_of(&layer.path) {
            layers.set_background(&layer.path, on, opacity);
        }
    }
}

fn layers_ui(view: &View, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    ui.heading(t.layers);
    let mut layers: Layers = view.settings.layers.clone();
    let extents = view.session.as_ref().map(|s| s.extents).unwrap_or_default();
    for (on, name, extent) in [
        (&mut layers.communes, t.layer_communes, extents.communes),
        (&mut layers.villages, t.layer_villages, extents.villages),
        (&mut layers.samples, t.layer_samples, extents.samples),
    ] {
        ui.horizontal(|ui| {
            ui.checkbox(on, name);
            if let Some(area) = extent {
                let zoom = ui.small_button("⊕").on_hover_text((t.zoom_to_layer)(name));
                if zoom.clicked() {
                    out.push(Command::ZoomTo(area));
                }
            }
        });
    }
    ui.checkbox(&mut layers.names, t.layer_names);
    ui.checkbox(&mut layers.basemap, t.layer_basemap)
        .on_hover_text(t.layer_basemap_hint);
    if layers.basemap {
        tile_server_ui(view, ui, out);
    }
    if let Some(session) = &view.session {
        background_layers_ui(t, &session.dataset.background, &mut layers, ui);
    }
    ui.add_enabled_ui(layers.samples, |ui| {
        ui.horizontal(|ui| {
            let label = ui.label(t.technology);
            egui::ComboBox::from_id_salt("sample technology")
                .selected_text(layers.sample_generation.map_or(t.all, Generation::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut layers.sample_generation, None, t.all);
                    for g in Generation::ALL {
                        ui.selectable_value(&mut layers.sample_generation, Some(g), g.label());
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if let Some(session) = &view.session {
            ui.horizontal(|ui| {
                let label = ui.label(t.operator);
                let shown = layers
                    .sample_operator
                    .map_or(t.all.to_string(), |o| o.label());
                egui::ComboBox::from_id_salt("sample operator")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut layers.sample_operator, None, t.all);
                        for &o in &session.operators {
                            ui.selectable_value(&mut layers.sample_operator, Some(o), o.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
        }
    });
    if layers != view.settings.layers {
        out.push(Command::SetLayers(layers));
    }
}

/// The rule's parameters and the samples' filters, changed as the user edits them.
fn params_ui(view: &View, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    ui.heading(t.parameters);
    let mut p: Params = view.settings.params.clone();
    rule_ui(t, ui, &mut p);
    filters_ui(view, ui, &mut p);
    dates_ui(view, ui, &mut p);
    ui.horizontal(|ui| {
        if ui.button(t.reset_parameters).clicked() {
            p = Params::default();
        }
    });
    if p != view.settings.params {
        out.push(Command::SetParams(p));
    }
}

/// The rule: radius, minimum samples and share, the thresholds, the generation required.
fn rule_ui(t: &Texts, ui: &mut egui::Ui, p: &mut Params) {
    egui::Grid::new("params").num_columns(2).show(ui, |ui| {
        let label = ui.label(t.radius_m);
        ui.add(
            DragValue::new(&mut p.radius_m)
                .range(0.0..=20_000.0)
                .speed(10.0)
                .suffix(" m"),
        )
        .labelled_by(label.id);
        ui.end_row();

        let label = ui.label(t.min_samples);
        ui.add(DragValue::new(&mut p.min_samples).range(0..=10_000))
            .labelled_by(label.id);
        ui.end_row();

        let label = ui.label(t.min_share);
        let mut percent = p.min_share * 100.0;
        let changed = ui
            .add(
                DragValue::new(&mut percent)
                    .range(0.0..=100.0)
                    .speed(1.0)
                    .suffix(" %"),
            )
            .labelled_by(label.id)
            .changed();
        if changed {
            p.min_share = (percent / 100.0).clamp(0.0, 1.0);
        }
        ui.end_row();

        for g in Generation::ALL {
            let label = ui.label((t.threshold_of)(g.label()));
            ui.add(
                DragValue::new(&mut p.thresholds_dbm[g.index()])
                    .range(-150.0..=-30.0)
                    .speed(0.5)
                    .custom_formatter(|v, _| decimal_text(t.lang, v, 1))
                    .custom_parser(parse_decimal)
                    .suffix(" dBm"),
            )
            .labelled_by(label.id);
            ui.end_row();
        }

        let label = ui.label(t.required_generation);
        egui::ComboBox::from_id_salt("required generation")
            .selected_text(p.required.label())
            .show_ui(ui, |ui| {
                for g in Generation::ALL {
                    ui.selectable_value(&mut p.required, g, g.label());
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
    });
}

/// Which operators and technologies the samples are taken from.
fn filters_ui(view: &View, ui: &mut egui::Ui, p: &mut Params) {
    let t = view.t;
    ui.label(RichText::new(t.filters).strong());
    if let Some(session) = &view.session {
        ui.label(t.operators_used);
        ui.horizontal_wrapped(|ui| {
            for &o in &session.operators {
                let mut on = p.filters.operators.is_empty() || p.filters.operators.contains(&o);
                if ui
                    .checkbox(&mut on, o.brand().unwrap_or(&o.to_string()).to_string())
                    .on_hover_text(o.label())
                    .changed()
                {
                    toggle(&mut p.filters.operators, &session.operators, o, on);
                }
            }
        });
    }
    ui.label(t.technologies_used);
    ui.horizontal_wrapped(|ui| {
        let all: Vec<Technology> = std::iter::once(Technology::NoService)
            .chain(Generation::ALL.map(Technology::Gen))
            .collect();
        for &tech in &all {
            let mut on =
                p.filters.technologies.is_empty() || p.filters.technologies.contains(&tech);
            let name = match tech {
                Technology::NoService => t.no_service,
                Technology::Gen(g) => g.label(),
            };
            if ui.checkbox(&mut on, name).changed() {
                toggle(&mut p.filters.technologies, &all, tech, on);
            }
        }
    });
}

/// Turns one item of an "empty means all" list on or off.
fn toggle<T: Copy + PartialEq>(list: &mut Vec<T>, all: &[T], item: T, on: bool) {
    if list.is_empty() {
        *list = all.to_vec();
    }
    list.retain(|x| *x != item);
    if on {
        list.push(item);
    }
    if all.iter().all(|x| list.contains(x)) {
        list.clear();
    }
}

fn dates_ui(view: &View, ui: &mut egui::Ui, p: &mut Params) {
    let t = view.t;
    ui.horizontal(|ui| {
        for (label_text, date) in [
            (t.date_from, &mut p.filters.from),
            (t.date_to, &mut p.filters.to),
        ] {
            let label = ui.label(label_text);
            let id = ui.scope_id().with(label_text);
            let mut text: String = ui
                .data(|d| d.get_temp::<String>(id))
                .unwrap_or_else(|| date.map_or(String::new(), |d| date_text(t.lang, d)));
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .desired_width(90.0)
                        .hint_text(date_hint(t.lang)),
                )
                .labelled_by(label.id);
            if response.changed() {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    *date = None;
                } else if let Some(d) = parse_date(trimmed) {
                    *date = Some(d);
                }
            }
            ui.data_mut(|d| d.insert_temp(id, text));
        }
    });
}

/// The text encoding a layer was read in, and a way to read it in another.
fn encoding_ui(
    ui: &mut egui::Ui,
    t: &Texts,
    layer: Layer,
    text: &TextEncodingReport,
    out: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let label = ui.label(t.text_encoding);
        let mut shown = text.encoding.name().to_string();
        if text.source == EncodingSource::Detected {
            shown = format!("{shown} ({})", t.encoding_guessed);
        }
        let mut chosen = text.encoding;
        egui::ComboBox::from_id_salt(("encoding", layer as u8))
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for c in &text.choices {
                    let name = match c.vietnamese_share {
                        Some(share) => format!("{} · {:.0} %", c.encoding.name(), share * 100.0),
                        None => c.encoding.name().to_string(),
                    };
                    ui.selectable_value(&mut chosen, c.encoding, name);
                }
            })
            .response
            .labelled_by(label.id);
        if chosen != text.encoding {
            out.push(Command::SetEncoding(layer, chosen));
        }
    });
}
