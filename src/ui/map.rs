//! The map: communes, villages and samples, with pan, zoom around the cursor, hover and click.
//! What to draw and in which colours comes from [`crate::map`], shared with the export.

use egui::{Color32, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2};
use geo::BoundingRect;

use crate::app::{App, Command, SavedView, Selection, Session};
use crate::map::{LonLatBox, MapView, scale_bar};
use crate::model::Commune;

/// Widget state of the map between frames.
#[derive(Default)]
pub struct MapState {
    pub view: Option<MapView>,
    /// Lon/lat under the pointer.
    pub cursor: Option<(f64, f64)>,
    /// Samples that decided the selected village.
    pub highlighted: Vec<usize>,
    /// An area to show at the next frame (its size is known then).
    pending: Option<LonLatBox>,
}

impl MapState {
    pub fn zoom_to(&mut self, area: LonLatBox) {
        self.pending = Some(area);
    }

    /// Shows `metres` around a point.
    pub fn zoom_to_point(&mut self, lon: f64, lat: f64, metres: f64) {
        let d_lat = metres / crate::map::view::METRES_PER_DEGREE;
        let d_lon = d_lat / lat.to_radians().cos().max(0.1);
        self.pending = Some(LonLatBox {
            min_lon: lon - d_lon,
            min_lat: lat - d_lat,
            max_lon: lon + d_lon,
            max_lat: lat + d_lat,
        });
    }

    pub fn on_new_session(&mut self, session: &Session, saved: Option<SavedView>) {
        self.highlighted.clear();
        let same_projection = saved
            .is_some_and(|s| (s.reference_lat - session.projection.reference_lat).abs() < 1e-9);
        match saved {
            Some(s) if same_projection && self.view.is_none() => self.view = Some(s.view),
            _ => {
                self.view = None;
                self.pending = session.extent;
            }
        }
    }
}

/// The lon/lat box of a commune.
pub fn commune_box(c: &Commune) -> Option<LonLatBox> {
    let r = c.boundary.bounding_rect()?;
    Some(LonLatBox {
        min_lon: r.min().x,
        min_lat: r.min().y,
        max_lon: r.max().x,
        max_lat: r.max().y,
    })
}

const BACKGROUND: Color32 = Color32::from_rgb(236, 240, 243);
const OUTLINE: Color32 = Color32::from_rgb(90, 90, 100);
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
    let proj = session.projection;
    if let Some(area) = state.pending.take() {
        state.view = Some(MapView::fit(&proj, &area, size));
    }
    let view = state.view.get_or_insert_with(|| {
        session.extent.map_or(
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
    let visible = view.visible(&proj, size);
    state.cursor = pointer.map(|p| {
        proj.lon_lat(view.world(
            size,
            [f64::from(p.x - rect.left()), f64::from(p.y - rect.top())],
        ))
    });

    let layers = &app.settings.layers;
    let eval = &session.evaluation;
    let dataset = &session.dataset;

    // Communes: outlines (fills come from the shared map description).
    if layers.communes {
        for (c, commune) in dataset.communes.iter().enumerate() {
            let Some(b) = commune_box(commune) else {
                continue;
            };
            if !b.intersects(&visible) {
                continue;
            }
            let selected = app.selection == Some(Selection::Commune(c));
            let stroke = if selected {
                Stroke::new(2.5, Color32::BLACK)
            } else {
                Stroke::new(0.7, OUTLINE)
            };
            for polygon in &commune.boundary.0 {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    let points = decimate(ring.0.iter().map(|c| to_screen(c.x, c.y)));
                    if points.len() >= 2 {
                        painter.add(Shape::closed_line(points, stroke));
                    }
                }
            }
        }
    }

    // Samples that decided the selected village.
    for &i in &state.highlighted {
        let s = &dataset.samples[i];
        painter.circle_stroke(
            to_screen(s.lon, s.lat),
            3.0,
            Stroke::new(1.5, Color32::from_rgb(20, 20, 160)),
        );
    }

    // Villages: flagged ones last, so they are on top.
    if layers.villages {
        let mut order: Vec<usize> = (0..dataset.villages.len()).collect();
        order.sort_by_key(|&v| eval.villages[v].flagged);
        for v in order {
            let p = dataset.villages[v].location;
            if p.x() < visible.min_lon
                || p.x() > visible.max_lon
                || p.y() < visible.min_lat
                || p.y() > visible.max_lat
            {
                continue;
            }
            let o = &eval.villages[v];
            let pos = to_screen(p.x(), p.y());
            let (fill, radius) = village_style(o, eval.params.required);
            match fill {
                None => {
                    painter.circle_stroke(pos, radius, Stroke::new(1.5, Color32::from_gray(110)));
                }
                Some(colour) if o.flagged => {
                    painter.circle(pos, radius + 1.5, colour, Stroke::new(1.5, Color32::BLACK));
                }
                Some(colour) => {
                    painter.circle(
                        pos,
                        radius,
                        colour,
                        Stroke::new(0.8, Color32::from_gray(40)),
                    );
                }
            }
            if app.selection == Some(Selection::Village(v)) {
                painter.circle_stroke(
                    pos,
                    radius + 5.0,
                    Stroke::new(2.5, Color32::from_rgb(20, 20, 160)),
                );
            }
        }
    }

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
                format!(
                    "{}\n{}",
                    dataset.villages[v].name,
                    status_label(t, o.status)
                )
            }
            Selection::Commune(c) => {
                let f = eval.rollup.communes[c].figures;
                let g = eval.params.required;
                format!(
                    "{}\n{}",
                    dataset.communes[c].name,
                    (t.covered_headline)(
                        f.covered_at(g),
                        f.villages,
                        f.share_of_villages(g) * 100.0,
                        g.label()
                    )
                )
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

fn status_label(t: &crate::i18n::Texts, status: crate::rule::Status) -> String {
    match status {
        crate::rule::Status::NotSurveyed => t.status_not_surveyed.to_string(),
        crate::rule::Status::NoCoverage => t.status_no_signal.to_string(),
        crate::rule::Status::Covered(g) => (t.status_covered)(g.label()),
    }
}

fn village_style(
    o: &crate::rule::VillageOutcome,
    required: crate::model::Generation,
) -> (Option<Color32>, f32) {
    use crate::rule::Status;
    match o.status {
        Status::NotSurveyed => (None, 4.0),
        Status::NoCoverage => (Some(Color32::from_rgb(215, 48, 39)), 4.5),
        Status::Covered(g) if g >= required => (Some(Color32::from_rgb(26, 150, 65)), 3.5),
        Status::Covered(_) => (Some(Color32::from_rgb(253, 174, 97)), 4.5),
    }
}

/// Drops points closer than about a pixel to the last one kept: outlines cost what the screen
/// shows, not what the file holds.
fn decimate(points: impl Iterator<Item = Pos2>) -> Vec<Pos2> {
    let mut kept: Vec<Pos2> = Vec::new();
    for p in points {
        if kept.last().is_none_or(|q| q.distance_sq(p) >= 0.5) {
            kept.push(p);
        }
    }
    kept
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
