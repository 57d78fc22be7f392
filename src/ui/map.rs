//! The map: communes, villages and samples, with pan, zoom around the cursor, hover and click.
//! What to draw and in which colours comes from [`crate::map`], shared with the export.

use egui::{Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2};

use std::sync::Arc;

use crate::app::{App, Command, Job, Poll, SavedView, Selection, Session};
use crate::map::{
    DECIMATE_PX, Legend, LonLatBox, MapView, MarkerShape, SampleLayer, SampleRaster, Swatch,
    VillageClass, commune_fill, decimate_ring, rasterize, scale_bar, style,
};

/// Widget state of the map between frames.
#[derive(Default)]
pub struct MapState {
    pub view: Option<MapView>,
    /// The map area's size in points at the last frame, for exporting what it shows.
    pub size: Option<[f64; 2]>,
    /// Lon/lat under the pointer.
    pub cursor: Option<(f64, f64)>,
    /// Samples that decided the selected village.
    pub highlighted: Vec<usize>,
    /// An area to show at the next frame (its size is known then).
    pending: Option<LonLatBox>,
    /// The last sample raster drawn, as a texture, and what it was drawn for.
    raster: Option<(RasterKey, egui::TextureHandle)>,
    /// The raster being drawn off the frame.
    raster_job: Option<(RasterKey, Job<Option<SampleRaster>>)>,
    /// The raster the last frame wanted: a new one is drawn once the map stops moving.
    raster_wanted: Option<RasterKey>,
    /// Villages in drawing order for one result (by its id).
    village_order: Option<(u64, Vec<(u32, VillageClass)>)>,
}

/// What a sample raster depends on.
#[derive(Clone, Debug, PartialEq)]
struct RasterKey {
    dataset: usize,
    view: MapView,
    size_px: [usize; 2],
    layer: SampleLayer,
}

impl MapState {
    pub fn zoom_to(&mut self, area: LonLatBox) {
        self.pending = Some(area);
    }

    pub fn on_new_session(&mut self, session: &Session, saved: Option<SavedView>) {
        self.highlighted.clear();
        self.raster = None;
        if let Some((_, job)) = self.raster_job.take() {
            job.cancel();
        }
        let same_projection = saved
            .is_some_and(|s| (s.reference_lat - session.projection.reference_lat).abs() < 1e-9);
        match saved {
            Some(s) if same_projection && self.view.is_none() => self.view = Some(s.view),
            // The first frame fits everything loaded.
            _ => self.view = None,
        }
    }
}

const BACKGROUND: Color32 = Color32::from_rgb(236, 240, 243);
/// Above this many villages on screen, markers become small squares, one per few pixels.
const CROWDED: usize = 3_000;
/// How close (in points) the pointer must be to a village to hover or click it.
const PICK_POINTS: f32 = 8.0;

pub fn map_ui(app: &mut App, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, BACKGROUND);
    let t = app.t();
    let Some(session) = &app.session else {
        let text = if app.loading().is_some() {
            t.loading
        } else {
            t.no_data
        };
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            text,
            egui::FontId::proportional(18.0),
            Color32::DARK_GRAY,
        );
        return;
    };
    let size = [f64::from(rect.width()), f64::from(rect.height())];
    let state = &mut app.ui.map;
    state.size = Some(size);
    let proj = session.projection;
    if let Some(area) = state.pending.take() {
        state.view = Some(MapView::fit(&proj, &area, size));
    }
    let view = state.view.get_or_insert_with(|| {
        session.extents.all().map_or(
            MapView {
                centre: proj.world(105.8, 21.0),
                metres_per_px: 2000.0,
            },
            |e| MapView::fit(&proj, &e, size),
        )
    });

    // Interaction: drag pans, the wheel or a pinch zooms around the pointer.
    if response.dragged() {
        let d = response.drag_delta();
        view.pan([f64::from(d.x), f64::from(d.y)]);
    }
    let pointer = response.hover_pos();
    if let Some(p) = pointer {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = f64::from(zoom) * (f64::from(scroll) / 200.0).exp();
        if (factor - 1.0).abs() > 1e-6 {
            let anchor = [f64::from(p.x - rect.left()), f64::from(p.y - rect.top())];
            view.zoom_around(size, anchor, factor);
        }
        if response.double_clicked() {
            let anchor = [f64::from(p.x - rect.left()), f64::from(p.y - rect.top())];
            view.zoom_around(size, anchor, 2.0);
        }
    }
    let view = *view;
    let to_screen = |lon: f64, lat: f64| -> Pos2 {
        let s = view.screen(size, proj.world(lon, lat));
        pos2(rect.left() + s[0] as f32, rect.top() + s[1] as f32)
    };
    state.cursor = pointer.map(|p| {
        proj.lon_lat(view.world(
            size,
            [f64::from(p.x - rect.left()), f64::from(p.y - rect.top())],
        ))
    });

    let layers = &app.settings.layers;
    let eval = &session.evaluation;
    let dataset = &session.dataset;
    let required = eval.params.required;

    // Communes: filled by the share of their villages covered, then outlined.
    if layers.communes {
        let shapes = &session.shapes;
        let local = shapes.to_screen(&view, size);
        let offset = rect.left_top().to_vec2();
        let seen = view.visible_world(size);
        let mut mesh = Mesh::default();
        for (c, shape) in shapes.communes.iter().enumerate() {
            if !shape.bounds.is_some_and(|b| b.intersects(&seen)) {
                continue;
            }
            let Some(fill) = eval
                .rollup
                .communes
                .get(c)
                .and_then(|r| commune_fill(&r.figures, required))
            else {
                continue;
            };
            let colour = super::theme::colour(fill).gamma_multiply(0.85);
            let base = mesh.vertices.len() as u32;
            for v in &shape.vertices {
                let p = local.apply(*v);
                mesh.colored_vertex(pos2(p[0], p[1]) + offset, colour);
            }
            mesh.indices.extend(shape.indices.iter().map(|i| base + i));
        }
        painter.add(Shape::mesh(mesh));
        let outline = Stroke::new(
            style::COMMUNE_OUTLINE_PX,
            super::theme::colour(style::COMMUNE_OUTLINE),
        );
        for (c, shape) in shapes.communes.iter().enumerate() {
            if !shape.bounds.is_some_and(|b| b.intersects(&seen)) {
                continue;
            }
            let selected = app.selection == Some(Selection::Commune(c));
            let stroke = if selected {
                Stroke::new(style::SELECTION_PX, super::theme::colour(style::SELECTION))
            } else {
                outline
            };
            for ring in &shape.rings {
                let points: Vec<Pos2> = decimate_ring(ring, &local, DECIMATE_PX)
                    .map(|p| pos2(p[0], p[1]) + offset)
                    .collect();
                if points.len() >= 3 {
                    painter.add(Shape::closed_line(points, stroke));
                }
            }
        }
    }

    // Samples: an image of the view, drawn off the frame; the last one follows the map
    // (moved and scaled) until the new one arrives.
    let sample_layer = layers.sample_layer();
    if layers.samples {
        let ppp = ui.ctx().pixels_per_point();
        let key = RasterKey {
            dataset: Arc::as_ptr(dataset) as usize,
            view,
            size_px: [
                (size[0] * f64::from(ppp)) as usize,
                (size[1] * f64::from(ppp)) as usize,
            ],
            layer: sample_layer.clone(),
        };
        update_raster(state, ui.ctx(), session, key);
        if let Some((drawn, texture)) = &state.raster {
            if drawn.dataset == Arc::as_ptr(dataset) as usize && drawn.layer == sample_layer {
                let to_rect = |v: &MapView| {
                    let s = drawn.size_px.map(|n| n as f64 / f64::from(ppp));
                    let tl = v.world(s, [0.0, 0.0]);
                    let br = v.world(s, s);
                    let a = view.screen(size, tl);
                    let b = view.screen(size, br);
                    Rect::from_min_max(
                        pos2(rect.left() + a[0] as f32, rect.top() + a[1] as f32),
                        pos2(rect.left() + b[0] as f32, rect.top() + b[1] as f32),
                    )
                };
                let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
                painter.image(texture.id(), to_rect(&drawn.view), uv, Color32::WHITE);
            }
        }
    }

    // Samples that decided the selected village.
    let highlight = Stroke::new(1.5, super::theme::colour(style::HIGHLIGHT));
    for &i in &state.highlighted {
        let s = &dataset.samples[i];
        painter.circle_stroke(to_screen(s.lon, s.lat), 3.5, highlight);
    }

    // Villages: flagged ones last, so they are on top. Where thousands are on screen, one
    // small square per few pixels (the flagged one when there is one), drawn as one mesh.
    if layers.villages {
        let evaluation = session.evaluation_id;
        if state
            .village_order
            .as_ref()
            .is_none_or(|(e, _)| *e != evaluation)
        {
            let mut order: Vec<(u32, VillageClass)> = (eval.villages.iter().enumerate())
                .map(|(v, o)| (v as u32, VillageClass::of(o, required)))
                .collect();
            order.sort_by_key(|(_, class)| class.draw_order());
            state.village_order = Some((evaluation, order));
        }
        let order = state
            .village_order
            .as_ref()
            .map_or(&[][..], |(_, o)| o.as_slice());
        let area = rect.expand(8.0);
        let on_screen: Vec<(usize, VillageClass, Pos2)> = order
            .iter()
            .rev()
            .filter_map(|&(v, class)| {
                let p = dataset.villages[v as usize].location;
                let pos = to_screen(p.x(), p.y());
                area.contains(pos).then_some((v as usize, class, pos))
            })
            .collect();
        if on_screen.len() > CROWDED {
            let cell = 4.0;
            let columns = (area.width() / cell) as usize + 1;
            let mut taken = vec![false; columns * ((area.height() / cell) as usize + 1)];
            let mut mesh = Mesh::default();
            for &(_, class, pos) in &on_screen {
                let at = ((pos.y - area.top()) / cell) as usize * columns
                    + ((pos.x - area.left()) / cell) as usize;
                if taken.get(at).copied().unwrap_or(true) {
                    continue;
                }
                taken[at] = true;
                let half = if class.is_flagged() { 2.5 } else { 1.5 };
                let r = Rect::from_center_size(pos, Vec2::splat(half * 2.0));
                mesh.add_colored_rect(r, super::theme::colour(class.colour()));
            }
            painter.add(Shape::mesh(mesh));
        } else {
            for &(_, class, pos) in on_screen.iter().rev() {
                draw_marker(&painter, pos, &class.marker(), 1.0);
            }
        }
        if let Some(Selection::Village(v)) = app.selection {
            let p = dataset.villages[v].location;
            let m = VillageClass::of(&eval.villages[v], required).marker();
            painter.circle_stroke(
                to_screen(p.x(), p.y()),
                m.radius_px + 5.0,
                Stroke::new(style::SELECTION_PX, super::theme::colour(style::SELECTION)),
            );
        }
    }

    legend_ui(ui, rect, t, &layers.legends(required), required);

    scale_bar_ui(&painter, rect, &view, session);
    let zoom = zoom_buttons_ui(ui, rect, t, app.selection.is_some());

    // Hover and click: the nearest village within reach, else the commune under the pointer.
    let hit = pointer
        .zip(state.cursor)
        .and_then(|(p, ll)| pick(session, layers, p, ll, &to_screen));
    if let Some(target) = hit {
        let text = match target {
            Selection::Village(v) => {
                let o = &eval.villages[v];
                let class = t.report_class(o.report_class, eval.params.required);
                format!("{}\n{class}", dataset.villages[v].name)
            }
            Selection::Commune(c) => {
                let f = eval.rollup.communes[c].figures;
                let g = eval.params.required;
                let figures = if f.villages == 0 {
                    t.no_villages.to_string()
                } else {
                    t.covered(&f, g)
                };
                format!("{}\n{figures}", dataset.communes[c].name)
            }
        };
        response.clone().on_hover_text_at_pointer(text);
    }
    if response.clicked() {
        out.push(Command::Select(hit));
    }
    match zoom {
        Some(ZoomButton::In) | Some(ZoomButton::Out) => {
            let factor = if zoom == Some(ZoomButton::In) {
                2.0
            } else {
                0.5
            };
            if let Some(v) = &mut app.ui.map.view {
                v.zoom_around(size, [size[0] / 2.0, size[1] / 2.0], factor);
            }
        }
        Some(ZoomButton::All) => out.push(Command::ZoomToAll),
        Some(ZoomButton::Selection) => out.push(Command::Select(app.selection)),
        None => {}
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ZoomButton {
    In,
    Out,
    All,
    Selection,
}

/// The buttons in the map's top-right corner.
fn zoom_buttons_ui(
    ui: &mut egui::Ui,
    rect: Rect,
    t: &crate::i18n::Texts,
    selection: bool,
) -> Option<ZoomButton> {
    let mut clicked = None;
    let mut top = rect.top() + 10.0;
    for (button, symbol, hint) in [
        (ZoomButton::In, "+", t.zoom_in),
        (ZoomButton::Out, "−", t.zoom_out),
        (ZoomButton::All, "⌂", t.zoom_all),
        (ZoomButton::Selection, "◎", t.zoom_selection),
    ] {
        if button == ZoomButton::Selection && !selection {
            continue;
        }
        let r = Rect::from_min_size(pos2(rect.right() - 42.0, top), Vec2::splat(32.0));
        let b = egui::Button::new(egui::RichText::new(symbol).size(18.0))
            .fill(Color32::from_white_alpha(230));
        if ui.put(r, b).on_hover_text(hint).clicked() {
            clicked = Some(button);
        }
        top += 36.0;
    }
    clicked
}

fn draw_marker(painter: &egui::Painter, pos: Pos2, m: &crate::map::Marker, scale: f32) {
    let colour = super::theme::colour(m.colour);
    let r = m.radius_px * scale;
    match m.shape {
        MarkerShape::Ring => {
            painter.circle_stroke(pos, r, Stroke::new(m.outline_px * scale, colour));
        }
        MarkerShape::Filled => {
            let stroke = m.outline.map_or(Stroke::NONE, |o| {
                Stroke::new(m.outline_px * scale, super::theme::colour(o))
            });
            painter.circle(pos, r, colour, stroke);
        }
    }
}

/// Starts drawing the raster for `key` unless it is drawn or being drawn; takes a finished
/// one.
fn update_raster(state: &mut MapState, ctx: &egui::Context, session: &Session, key: RasterKey) {
    if let Some((job_key, job)) = &state.raster_job {
        match job.poll() {
            Poll::Running => {}
            Poll::Done(Some(raster)) => {
                let image = egui::ColorImage::from_rgba_unmultiplied(
                    [raster.width, raster.height],
                    raster.pixels.as_flattened(),
                );
                let texture = ctx.load_texture("samples", image, egui::TextureOptions::NEAREST);
                state.raster = Some((job_key.clone(), texture));
                state.raster_job = None;
            }
            Poll::Done(None) | Poll::Lost => state.raster_job = None,
        }
    }
    let drawn = state.raster.as_ref().is_some_and(|(k, _)| *k == key);
    let drawing = state.raster_job.as_ref().is_some_and(|(k, _)| *k == key);
    if drawn || drawing {
        return;
    }
    // While the map moves, the last image follows it; a new one is drawn when the view has
    // held still for a frame (or when there is none yet).
    let moving = state.raster_wanted.as_ref() != Some(&key);
    state.raster_wanted = Some(key.clone());
    if moving && state.raster.is_some() {
        ctx.request_repaint_after(std::time::Duration::from_millis(60));
        return;
    }
    if let Some((_, job)) = state.raster_job.take() {
        job.cancel();
    }
    let dataset = Arc::clone(&session.dataset);
    let projection = session.projection;
    let repaint = ctx.clone();
    let k = key.clone();
    let job = Job::spawn(
        "sample raster",
        move || repaint.request_repaint(),
        move |progress| {
            rasterize(
                &dataset.samples,
                &dataset.sample_index,
                &projection,
                &k.view,
                k.size_px,
                &k.layer,
                &|| progress.is_cancelled(),
            )
        },
    );
    state.raster_job = Some((key, job));
}

/// The legends of the visible layers, bottom left of the map.
fn legend_ui(
    ui: &mut egui::Ui,
    rect: Rect,
    t: &crate::i18n::Texts,
    legends: &[Legend],
    required: crate::model::Generation,
) {
    if legends.is_empty() {
        return;
    }
    egui::Area::new(egui::Id::unique("map legend"))
        .pivot(egui::Align2::LEFT_BOTTOM)
        .fixed_pos(rect.left_bottom() + Vec2::new(10.0, -10.0))
        .constrain_to(rect)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style())
                .fill(Color32::from_white_alpha(225))
                .show(ui, |ui| legend_entries_ui(ui, t, legends, required));
        });
}

fn legend_entries_ui(
    ui: &mut egui::Ui,
    t: &crate::i18n::Texts,
    legends: &[Legend],
    required: crate::model::Generation,
) {
    egui::CollapsingHeader::new(egui::RichText::new(t.legend).strong())
        .default_open(true)
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 2.0;
            for legend in legends {
                ui.label(
                    egui::RichText::new(t.legend_title(legend.title_key))
                        .strong()
                        .small(),
                );
                for entry in &legend.entries {
                    ui.horizontal(|ui| {
                        let (r, _) = ui.allocate_exact_size(Vec2::new(18.0, 12.0), Sense::hover());
                        let p = ui.painter();
                        let colour = super::theme::colour(entry.colour);
                        let edge = Stroke::new(0.8, Color32::from_gray(77));
                        match entry.shape {
                            Swatch::Marker(m) => draw_marker(p, r.center(), &m, 0.9),
                            Swatch::Dot => {
                                let dot = Rect::from_center_size(r.center(), Vec2::splat(7.0));
                                p.rect_filled(dot, 1.0, colour);
                            }
                            Swatch::Fill => {
                                let fill = colour.gamma_multiply(0.85);
                                p.rect(r.shrink(1.0), 1.0, fill, edge, egui::StrokeKind::Inside);
                            }
                            Swatch::NoFill => {
                                p.rect_stroke(r.shrink(1.0), 1.0, edge, egui::StrokeKind::Inside);
                            }
                        }
                        ui.label(
                            egui::RichText::new(t.legend_label(&entry.label, required)).small(),
                        );
                    });
                }
                ui.add_space(4.0);
            }
        });
}

fn pick(
    session: &Session,
    layers: &crate::app::Layers,
    pointer: Pos2,
    lon_lat: (f64, f64),
    to_screen: &impl Fn(f64, f64) -> Pos2,
) -> Option<Selection> {
    if layers.villages {
        let nearest = (session.dataset.villages.iter().enumerate())
            .map(|(v, village)| {
                (
                    v,
                    to_screen(village.location.x(), village.location.y()).distance(pointer),
                )
            })
            .filter(|(_, d)| *d <= PICK_POINTS)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((v, _)) = nearest {
            return Some(Selection::Village(v));
        }
    }
    if !layers.communes {
        return None;
    }
    let d = &session.dataset;
    d.commune_index
        .locate(&d.communes, geo::Point::new(lon_lat.0, lon_lat.1))
        .map(Selection::Commune)
}

fn scale_bar_ui(painter: &egui::Painter, rect: Rect, view: &MapView, session: &Session) {
    let bar = scale_bar(view, &session.projection, 160.0);
    let right = rect.right_bottom() + Vec2::new(-16.0, -16.0);
    let left = right - Vec2::new(bar.px as f32, 0.0);
    let stroke = Stroke::new(2.0, Color32::BLACK);
    painter.rect_filled(
        Rect::from_two_pos(left + Vec2::new(-6.0, -22.0), right + Vec2::new(6.0, 6.0)),
        3.0,
        Color32::from_white_alpha(200),
    );
    painter.line_segment([left, right], stroke);
    painter.line_segment([left, left - Vec2::new(0.0, 6.0)], stroke);
    painter.line_segment([right, right - Vec2::new(0.0, 6.0)], stroke);
    painter.text(
        (left + right.to_vec2()) / 2.0 - Vec2::new(0.0, 8.0),
        egui::Align2::CENTER_BOTTOM,
        bar.label,
        egui::FontId::proportional(12.0),
        Color32::BLACK,
    );
}
