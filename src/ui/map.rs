//! The map: communes, villages and samples, with pan, zoom around the cursor, hover and click.
//! What to draw and in which colours comes from [`crate::map`], shared with the export.

use egui::{Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2};

use std::sync::Arc;

use crate::app::{Command, RasterKey, SavedView, Selection, Session, View};
use crate::compare::Change;
use crate::map::{
    DECIMATE_PX, Layers, Legend, LonLatBox, MapView, MarkerShape, Swatch, VillageClass,
    commune_fill, crowded, decimate_ring, scale_bar, style,
};
use crate::model::Generation;

/// The drawn size of each name the map may show, measured the first time a view could show
/// it (a country's thousands of commune names are not measured until a view is close enough
/// for them), for one session's names.
struct LabelSizes {
    key: usize,
    units: Vec<Option<[f64; 2]>>,
    places: Vec<Vec<Option<[f64; 2]>>>,
}

/// What the villages' drawing order is for: the data (its address), a result of it, and the
/// comparison drawn over it.
type OrderKey = (usize, u64, Option<u64>);
/// A village in drawing order: its index, its marker and its rank.
/// A village as the map draws it, kept for one result: each frame reads these in order rather
/// than the villages themselves (large records, most of a national frame's time to reach).
#[derive(Clone, Copy)]
struct Ordered {
    v: u32,
    marker: crate::map::Marker,
    /// Where it is, in world metres.
    world: [f64; 2],
    /// Its marker's radius (points) when it is flagged: names keep clear of it.
    flagged_radius: Option<f32>,
}

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
    /// The last sample raster the app drew, as a texture, and what it was drawn for.
    texture: Option<(RasterKey, egui::TextureHandle)>,
    /// The raster the last frame wanted: a new one is asked for once the map stops moving.
    raster_wanted: Option<RasterKey>,
    /// Villages in drawing order for one result (by its id), made off the frame.
    village_order: super::off_frame::OffFrame<OrderKey, Vec<Ordered>>,
    /// The legend is folded away, leaving the map its whole width.
    pub legend_folded: bool,
    /// The basemap's tiles, once it has been switched on.
    basemap: Option<super::basemap::Basemap>,
    /// The drawn size of each name: the communes' units, then each background layer's
    /// places, for one session's names (by their address).
    label_sizes: Option<LabelSizes>,
}

impl MapState {
    /// True while the villages' drawing order is being made.
    pub fn is_making(&self) -> bool {
        self.village_order.is_making()
    }

    pub fn zoom_to(&mut self, area: LonLatBox) {
        self.pending = Some(area);
    }

    pub fn on_new_session(&mut self, session: &Session, saved: Option<SavedView>) {
        self.highlighted.clear();
        self.texture = None;
        self.raster_wanted = None;
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
/// How close (in points) the pointer must be to a village to hover or click it.
const PICK_POINTS: f32 = 8.0;

/// What every layer of one frame draws with: where, at which view, of which session.
struct Frame<'a> {
    painter: egui::Painter,
    rect: Rect,
    /// The map area's size in points.
    size: [f64; 2],
    view: MapView,
    session: &'a Session,
}

impl Frame<'_> {
    fn to_screen(&self, lon: f64, lat: f64) -> Pos2 {
        self.world_to_screen(self.session.projection.world(lon, lat))
    }

    fn world_to_screen(&self, world: [f64; 2]) -> Pos2 {
        let s = self.view.screen(self.size, world);
        pos2(
            self.rect.left() + s[0] as f32,
            self.rect.top() + s[1] as f32,
        )
    }

    fn required(&self) -> Generation {
        self.session.evaluation.params.required
    }
}

/// The map, its layers bottom to top, its legend and buttons, and what the pointer does.
pub fn map_ui(app: &View, state: &mut MapState, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let full = ui.available_rect_before_wrap();
    let Some(session) = app.session else {
        empty_map_ui(app, ui, full);
        return;
    };
    let required = session.evaluation.params.required;
    let changes = app.compared.map(|c| c.changes.as_slice());
    let legends = (app.settings.layers).legends_of(&session.evaluation, changes.is_some());
    // Docked beside the map, never over it: the map (and what fits it) is what is left.
    let rect = match legends.is_empty() || state.legend_folded {
        true => full,
        false => {
            let (legend, map) = full.split_left_right_at_x(full.left() + LEGEND_PX);
            legend_ui(
                ui,
                legend,
                app.t,
                &legends,
                required,
                &mut state.legend_folded,
            );
            map
        }
    };
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, BACKGROUND);
    let size = [f64::from(rect.width()), f64::from(rect.height())];
    let view = gestures_ui(state, session, &response, ui, rect, size);
    let frame = Frame {
        painter,
        rect,
        size,
        view,
        session,
    };
    let layers = &app.settings.layers;
    let offline = layers.basemap && basemap_layer(&frame, app, &mut state.basemap, ui);
    background_layers(&frame, layers, Under::Areas);
    if layers.communes {
        commune_fills(&frame);
    }
    background_layers(&frame, layers, Under::LinesAndPoints);
    if layers.communes {
        commune_outlines(&frame, app.selection);
    }
    if layers.samples {
        samples_layer(&frame, app, state, ui.ctx(), out);
    }
    let order = village_order(&frame, &mut state.village_order, app.compared, ui.ctx());
    if layers.names {
        let folded = state.legend_folded && !legends.is_empty();
        let mut furniture = keep_clear(&frame, folded, app.selection.is_some());
        if layers.villages {
            furniture.extend(flagged_markers(&frame, order));
        }
        names_layer(&frame, layers, &mut state.label_sizes, &furniture);
    }
    highlighted_layer(&frame, &state.highlighted);
    if layers.villages {
        villages_layer(&frame, order, app.selection);
    }
    if state.legend_folded && !legends.is_empty() {
        unfold_legend_ui(ui, rect, app.t, &mut state.legend_folded);
    }
    scale_bar_ui(&frame.painter, rect, &view, session);
    attribution_ui(ui, &frame, layers);
    if offline {
        offline_notice_ui(ui, rect, app.t);
    }
    let zoom = zoom_buttons_ui(ui, rect, app.t, app.selection.is_some());
    hover_and_click(&frame, app, layers, state.cursor, &response, changes, out);
    match zoom {
        Some(button @ (ZoomButton::In | ZoomButton::Out)) => {
            let factor = if button == ZoomButton::In { 2.0 } else { 0.5 };
            if let Some(v) = &mut state.view {
                v.zoom_around(size, [size[0] / 2.0, size[1] / 2.0], factor);
            }
        }
        Some(ZoomButton::All) => out.push(Command::ZoomToAll),
        Some(ZoomButton::Selection) => out.push(Command::ZoomToSelection),
        None => {}
    }
}

/// The map's place before there is anything to show: loading, or no data yet.
fn empty_map_ui(app: &View, ui: &mut egui::Ui, full: Rect) {
    let painter = ui.painter_at(full);
    painter.rect_filled(full, 0.0, BACKGROUND);
    let text = match app.loading {
        Some(_) => app.t.loading,
        None => app.t.no_data,
    };
    let font = egui::FontId::proportional(18.0);
    painter.text(
        full.center(),
        egui::Align2::CENTER_CENTER,
        text,
        font,
        Color32::DARK_GRAY,
    );
}

/// The button that unfolds the folded legend, in the map's top left corner.
fn unfold_legend_ui(ui: &mut egui::Ui, rect: Rect, t: &crate::i18n::Texts, folded: &mut bool) {
    let button = egui::Button::new(format!("▶ {}", t.legend)).fill(Color32::from_white_alpha(230));
    let at = Rect::from_min_size(rect.left_top() + Vec2::splat(10.0), Vec2::new(110.0, 26.0));
    if ui.put(at, button).on_hover_text(t.legend_unfold).clicked() {
        *folded = false;
    }
}

/// The view this frame shows: an area asked for, else the last view (everything at first),
/// moved by the gestures: drag pans, the wheel or a pinch zooms around the pointer. Keeps
/// the pointer's lon/lat.
fn gestures_ui(
    state: &mut MapState,
    session: &Session,
    response: &egui::Response,
    ui: &egui::Ui,
    rect: Rect,
    size: [f64; 2],
) -> MapView {
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
    if response.dragged() {
        let d = response.drag_delta();
        view.pan([f64::from(d.x), f64::from(d.y)]);
    }
    let pointer = response.hover_pos();
    let local = |p: Pos2| [f64::from(p.x - rect.left()), f64::from(p.y - rect.top())];
    if let Some(p) = pointer {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = f64::from(zoom) * (f64::from(scroll) / 200.0).exp();
        if (factor - 1.0).abs() > 1e-6 {
            view.zoom_around(size, local(p), factor);
        }
        if response.double_clicked() {
            view.zoom_around(size, local(p), 2.0);
        }
    }
    let view = *view;
    state.cursor = pointer.map(|p| proj.lon_lat(view.world(size, local(p))));
    view
}

/// OpenStreetMap's tiles under everything; true when none could be drawn because they
/// cannot be fetched.
fn basemap_layer(
    frame: &Frame,
    app: &View,
    basemap: &mut Option<super::basemap::Basemap>,
    ui: &egui::Ui,
) -> bool {
    let url = (app.settings.basemap_url.as_deref()).unwrap_or(super::basemap::OSM_URL);
    if basemap.as_ref().is_none_or(|b| b.url() != url) {
        *basemap = Some(super::basemap::Basemap::new(url, ui.ctx()));
    }
    let Some(tiles) = basemap else {
        return false;
    };
    let drawn = tiles.draw(
        &frame.painter,
        frame.rect,
        &frame.view,
        &frame.session.projection,
    );
    drawn == 0 && super::basemap::offline()
}

/// The basemap's plain word when it cannot be fetched, over the map's top, clear of the
/// legend's button and the zoom buttons.
fn offline_notice_ui(ui: &mut egui::Ui, rect: Rect, t: &crate::i18n::Texts) {
    let at = Rect::from_min_max(
        rect.left_top() + Vec2::new(130.0, 10.0),
        pos2(rect.right() - 56.0, rect.top() + 50.0),
    );
    let notice = egui::Label::new(
        egui::RichText::new(t.basemap_offline)
            .color(Color32::from_gray(30))
            .background_color(Color32::from_rgba_unmultiplied(255, 244, 214, 240)),
    )
    .wrap();
    ui.put(at, notice);
}

/// Which part of the background layers to draw: areas go under the communes' fills, lines
/// and points over them (a road stays visible across a commune's colour).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Under {
    Areas,
    LinesAndPoints,
}

/// The background layers that are on, at their opacity: areas filled and outlined, lines by
/// their class, places as dots.
fn background_layers(frame: &Frame, layers: &Layers, part: Under) {
    let session = frame.session;
    let seen = frame.view.visible_world(frame.size);
    for (layer, shapes) in session
        .dataset
        .background
        .iter()
        .zip(session.background.iter())
    {
        let (on, opacity) = layers.background_of(&layer.path);
        if !on || opacity <= 0.0 {
            continue;
        }
        let colour = |rgba| super::theme::colour(rgba).gamma_multiply(opacity);
        match part {
            Under::Areas => {
                let fills = shapes
                    .area_styles
                    .iter()
                    .map(|s| colour(s.fill).gamma_multiply(0.6));
                fill_areas(frame, &shapes.areas, fills);
                let outlines = shapes
                    .area_styles
                    .iter()
                    .map(|s| Stroke::new(0.6, colour(s.outline)));
                outline_areas(frame, &shapes.areas, outlines);
            }
            Under::LinesAndPoints => {
                for (style, points, extent) in &shapes.lines {
                    if !extent.intersects(&seen) {
                        continue;
                    }
                    let line: Vec<Pos2> = decimated(frame, points);
                    if line.len() >= 2 {
                        let stroke = Stroke::new(style.width_px, colour(style.colour));
                        frame.painter.add(Shape::line(line, stroke));
                    }
                }
                let area = frame.rect.expand(4.0);
                let mpp = frame.view.metres_per_px;
                for (style, at) in shapes
                    .points
                    .iter()
                    .filter(|(s, _)| mpp <= s.max_metres_per_px)
                {
                    let pos = frame.world_to_screen(*at);
                    if area.contains(pos) {
                        let halo = Stroke::new(1.0, Color32::from_white_alpha(200));
                        frame
                            .painter
                            .circle(pos, style.radius_px, colour(style.colour), halo);
                    }
                }
            }
        }
    }
}

/// A line in world metres on screen, points closer than [`DECIMATE_PX`] merged.
fn decimated(frame: &Frame, points: &[[f64; 2]]) -> Vec<Pos2> {
    let mut out: Vec<Pos2> = Vec::with_capacity(points.len());
    for p in points {
        let s = frame.world_to_screen(*p);
        if out.last().is_none_or(|l| l.distance(s) >= DECIMATE_PX) {
            out.push(s);
        }
    }
    if let (Some(last), Some(p)) = (out.last_mut(), points.last()) {
        *last = frame.world_to_screen(*p);
    }
    out
}

/// Areas filled, each in its colour, as one mesh.
fn fill_areas(
    frame: &Frame,
    shapes: &crate::map::CommuneShapes,
    colours: impl Iterator<Item = Color32>,
) {
    let local = shapes.to_screen(&frame.view, frame.size);
    let offset = frame.rect.left_top().to_vec2();
    let seen = frame.view.visible_world(frame.size);
    let mut mesh = Mesh::default();
    for (shape, colour) in shapes.communes.iter().zip(colours) {
        if !shape.bounds.is_some_and(|b| b.intersects(&seen)) {
            continue;
        }
        let base = mesh.vertices.len() as u32;
        for v in &shape.vertices {
            let p = local.apply(*v);
            mesh.colored_vertex(pos2(p[0], p[1]) + offset, colour);
        }
        mesh.indices.extend(shape.indices.iter().map(|i| base + i));
    }
    frame.painter.add(Shape::mesh(mesh));
}

/// Areas outlined, each with its stroke.
fn outline_areas(
    frame: &Frame,
    shapes: &crate::map::CommuneShapes,
    strokes: impl Iterator<Item = Stroke>,
) {
    let local = shapes.to_screen(&frame.view, frame.size);
    let offset = frame.rect.left_top().to_vec2();
    let seen = frame.view.visible_world(frame.size);
    for (shape, stroke) in shapes.communes.iter().zip(strokes) {
        if !shape.bounds.is_some_and(|b| b.intersects(&seen)) {
            continue;
        }
        for ring in &shape.rings {
            let points: Vec<Pos2> = decimate_ring(ring, &local, DECIMATE_PX)
                .map(|p| pos2(p[0], p[1]) + offset)
                .collect();
            if points.len() >= 3 {
                frame.painter.add(Shape::closed_line(points, stroke));
            }
        }
    }
}

/// Communes filled by the share of their villages covered; none where a commune has no
/// villages.
fn commune_fills(frame: &Frame) {
    let session = frame.session;
    let required = frame.required();
    let colours = (0..session.shapes.communes.len()).map(|c| {
        let figures = session.evaluation.rollup.communes.get(c).map(|r| r.figures);
        figures
            .and_then(|f| commune_fill(&f, required))
            .map_or(Color32::TRANSPARENT, |fill| {
                super::theme::colour(fill).gamma_multiply(0.85)
            })
    });
    fill_areas(frame, &session.shapes, colours);
}

/// Communes outlined; the selected one in the selection's colour.
fn commune_outlines(frame: &Frame, selection: Option<Selection>) {
    let outline = Stroke::new(
        style::COMMUNE_OUTLINE_PX,
        super::theme::colour(style::COMMUNE_OUTLINE),
    );
    let chosen = Stroke::new(style::SELECTION_PX, super::theme::colour(style::SELECTION));
    let strokes = (0..frame.session.shapes.communes.len()).map(|c| {
        match selection == Some(Selection::Commune(c)) {
            true => chosen,
            false => outline,
        }
    });
    outline_areas(frame, &frame.session.shapes, strokes);
}

/// Samples: an image of the view that the app draws off the frame; the last one follows the
/// map (moved and scaled) until the new one arrives.
fn samples_layer(
    frame: &Frame,
    app: &View,
    state: &mut MapState,
    ctx: &egui::Context,
    out: &mut Vec<Command>,
) {
    let ppp = ctx.pixels_per_point();
    let dataset = Arc::as_ptr(&frame.session.dataset) as usize;
    let layer = app.settings.layers.sample_layer();
    let key = RasterKey {
        dataset,
        view: frame.view,
        size_px: frame.size.map(|n| (n * f64::from(ppp)) as usize),
        layer: layer.clone(),
    };
    take_raster(state, app, ctx);
    if let Some(wanted) = raster_to_ask_for(state, app, key) {
        out.push(Command::DrawRaster(wanted));
    }
    let Some((drawn, texture)) = &state.texture else {
        return;
    };
    if drawn.dataset != dataset || drawn.layer != layer {
        return;
    }
    let s = drawn.size_px.map(|n| n as f64 / f64::from(ppp));
    let corner = |at: [f64; 2]| {
        let p = frame.view.screen(frame.size, drawn.view.world(s, at));
        pos2(
            frame.rect.left() + p[0] as f32,
            frame.rect.top() + p[1] as f32,
        )
    };
    let to = Rect::from_min_max(corner([0.0, 0.0]), corner(s));
    let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
    frame.painter.image(texture.id(), to, uv, Color32::WHITE);
}

/// The app's newest raster, as a texture, when it is not the one shown.
fn take_raster(state: &mut MapState, app: &View, ctx: &egui::Context) {
    let Some((key, raster)) = app.raster else {
        return;
    };
    if state.texture.as_ref().is_some_and(|(k, _)| k == key) {
        return;
    }
    let image = egui::ColorImage::from_rgba_unmultiplied(
        [raster.width, raster.height],
        raster.pixels.as_flattened(),
    );
    let texture = ctx.load_texture("samples", image, egui::TextureOptions::NEAREST);
    state.texture = Some((key.clone(), texture));
}

/// The raster to ask the app for: `key`, unless it is shown or being drawn, or the map is
/// still moving (the last image follows it; a new one is asked for when the view has held
/// still for a frame, or at once when there is none yet).
fn raster_to_ask_for(state: &mut MapState, app: &View, key: RasterKey) -> Option<RasterKey> {
    let shown = state.texture.as_ref().is_some_and(|(k, _)| *k == key);
    if shown || app.raster_drawing == Some(&key) {
        return None;
    }
    let moving = state.raster_wanted.as_ref() != Some(&key);
    state.raster_wanted = Some(key.clone());
    (!moving || state.texture.is_none()).then_some(key)
}

/// Province, district and commune names, and the places of the background layers that are
/// on, where they fit and clear of the map's buttons, with a halo so they read over any fill.
fn names_layer(
    frame: &Frame,
    layers: &Layers,
    sizes: &mut Option<LabelSizes>,
    keep: &[crate::map::labels::Keep],
) {
    let session = frame.session;
    let font = |rank| egui::FontId::proportional(style::label_px(rank));
    let key = Arc::as_ptr(&session.labels) as usize;
    if sizes.as_ref().is_none_or(|s| s.key != key) {
        *sizes = Some(LabelSizes {
            key,
            units: vec![None; session.labels.len()],
            places: (session.background.iter())
                .map(|b| vec![None; b.names.len()])
                .collect(),
        });
    }
    let Some(sizes) = sizes else {
        return;
    };
    // A name this view cannot show (its area is off the map, or narrower than the name could
    // be, at a quarter of the font's size a letter) is not measured: it is given a size too
    // large for any area, which `place` leaves out as it would have.
    let seen = frame.view.visible_world(frame.size);
    let size_of = |c: &crate::map::labels::Candidate, slot: &mut Option<[f64; 2]>| {
        if let Some(size) = *slot {
            return size;
        }
        let width_px = (c.extent.max[0] - c.extent.min[0]) / frame.view.metres_per_px;
        let narrowest_px =
            c.text.chars().count() as f64 * 0.25 * f64::from(style::label_px(c.rank));
        if !c.extent.intersects(&seen) || width_px < narrowest_px {
            return [f64::INFINITY; 2];
        }
        let g = (frame.painter).layout_no_wrap(c.text.clone(), font(c.rank), Color32::BLACK);
        let size = [f64::from(g.size().x), f64::from(g.size().y)];
        *slot = Some(size);
        size
    };
    let units = (session.labels.iter())
        .zip(sizes.units.iter_mut())
        .map(|(c, slot)| (c, size_of(c, slot)));
    let places = (session.dataset.background.iter())
        .zip(session.background.iter())
        .zip(sizes.places.iter_mut())
        .filter(|((layer, _), _)| layers.background_of(&layer.path).0)
        .flat_map(|((_, shapes), sizes)| {
            (shapes.names.iter())
                .zip(sizes.iter_mut())
                .map(|(c, slot)| (c, size_of(c, slot)))
        });
    let placed = crate::map::labels::place(units.chain(places), &frame.view, frame.size, keep);
    let halo = super::theme::colour(style::LABEL_HALO);
    for label in placed {
        let colour = super::theme::colour(style::label_colour(label.rank));
        let galley = (frame.painter).layout_no_wrap(label.text, font(label.rank), colour);
        let top_left = frame.rect.left_top()
            + Vec2::new(
                (label.centre[0] - label.size[0] / 2.0) as f32,
                (label.centre[1] - label.size[1] / 2.0) as f32,
            );
        for d in HALO_OFFSETS {
            let at = top_left + Vec2::from(d);
            (frame.painter).galley_with_override_text_color(at, galley.clone(), halo);
        }
        frame.painter.galley(top_left, galley, colour);
    }
}

/// The flagged villages' markers on screen, which names must not hide.
fn flagged_markers(frame: &Frame, order: &[Ordered]) -> Vec<crate::map::labels::Keep> {
    (order.iter())
        .filter_map(|o| {
            let r = f64::from(o.flagged_radius?) + 1.0;
            // In the map's own points, as the names are placed.
            let at = (frame.view).screen(frame.size, o.world);
            let inside = at[0] >= -r && at[1] >= -r && at[0] <= frame.size[0] + r;
            (inside && at[1] <= frame.size[1] + r).then_some(crate::map::labels::Keep {
                min: [at[0] - r, at[1] - r],
                max: [at[0] + r, at[1] + r],
            })
        })
        .collect()
}

/// Where copies of a name are drawn in the halo's colour, around the name itself.
const HALO_OFFSETS: [[f32; 2]; 8] = [
    [-1.0, -1.0],
    [0.0, -1.2],
    [1.0, -1.0],
    [-1.2, 0.0],
    [1.2, 0.0],
    [-1.0, 1.0],
    [0.0, 1.2],
    [1.0, 1.0],
];

/// The map's own furniture, in the map's points, that names must not run under: the zoom
/// buttons, the scale bar and the folded legend's button.
fn keep_clear(
    frame: &Frame,
    legend_button: bool,
    selection: bool,
) -> Vec<crate::map::labels::Keep> {
    let [w, h] = frame.size;
    let buttons = if selection { 4.0 } else { 3.0 };
    let mut keep = vec![
        crate::map::labels::Keep {
            min: [w - 48.0, 0.0],
            max: [w, 10.0 + 36.0 * buttons],
        },
        crate::map::labels::Keep {
            min: [w - 190.0, h - 50.0],
            max: [w, h],
        },
    ];
    if legend_button {
        keep.push(crate::map::labels::Keep {
            min: [0.0, 0.0],
            max: [125.0, 40.0],
        });
    }
    keep
}

/// Samples that decided the selected village, ringed.
fn highlighted_layer(frame: &Frame, highlighted: &[usize]) {
    let highlight = Stroke::new(1.5, super::theme::colour(style::HIGHLIGHT));
    for &i in highlighted {
        let s = &frame.session.dataset.samples[i];
        frame
            .painter
            .circle_stroke(frame.to_screen(s.lon, s.lat), 3.5, highlight);
    }
}

/// The villages in drawing order, flagged ones last so they are on top (in a comparison, by
/// what changed: the gains and losses on top), made off the frame once for each result and
/// comparison; until it is there, the last order of the same data (none at first).
fn village_order<'s>(
    frame: &Frame,
    cache: &'s mut super::off_frame::OffFrame<OrderKey, Vec<Ordered>>,
    compared: Option<&Arc<crate::app::Compared>>,
    ctx: &egui::Context,
) -> &'s [Ordered] {
    let session = frame.session;
    let dataset = Arc::clone(&session.dataset);
    let key = (
        Arc::as_ptr(&dataset) as usize,
        session.evaluation_id,
        compared.map(|c| c.id),
    );
    let (eval, compared) = (Arc::clone(&session.evaluation), compared.cloned());
    let projection = session.projection;
    let same_data = |shown: &OrderKey, wanted: &OrderKey| shown.0 == wanted.0;
    let make = move || {
        let changes = compared.as_ref().map(|c| c.changes.as_slice());
        let required = eval.params.required;
        let mut order: Vec<(u8, Ordered)> = (eval.villages.iter().enumerate())
            .map(|(v, o)| {
                let class = VillageClass::of(o, required);
                let (rank, marker) = match changes {
                    Some(c) => (
                        c[v].map_or(0, style::change_draw_order),
                        c[v].map_or(VillageClass::NotSurveyed.marker(), style::change_marker),
                    ),
                    None => (class.draw_order(), class.marker()),
                };
                let p = dataset.villages[v].location;
                let ordered = Ordered {
                    v: v as u32,
                    marker,
                    world: projection.world(p.x(), p.y()),
                    flagged_radius: o.flagged.then(|| class.marker().radius_px),
                };
                (rank, ordered)
            })
            .collect();
        order.sort_by_key(|&(rank, _)| rank);
        order.into_iter().map(|(_, o)| o).collect()
    };
    cache
        .get(&key, same_data, ctx, make)
        .map_or(&[], Vec::as_slice)
}

/// Villages in `order`, those needing a new survey ringed. Where thousands are on screen,
/// one small square per few pixels (the flagged one when there is one), drawn as one mesh.
fn villages_layer(frame: &Frame, order: &[Ordered], selection: Option<Selection>) {
    let eval = &frame.session.evaluation;
    let area = frame.rect.expand(8.0);
    let on_screen: Vec<(crate::map::Marker, Pos2, u32)> = (order.iter().rev())
        .filter_map(|o| {
            let pos = frame.world_to_screen(o.world);
            area.contains(pos).then_some((o.marker, pos, o.v))
        })
        .collect();
    if on_screen.len() > crowded::CROWDED {
        frame.painter.add(crowded_villages(&on_screen, area));
    } else {
        for &(_, pos, v) in &on_screen {
            if eval.needs_new_survey(v as usize) {
                draw_marker(&frame.painter, pos, &style::NEEDS_NEW_SURVEY, 1.0);
            }
        }
        for (m, pos, _) in on_screen.iter().rev() {
            draw_marker(&frame.painter, *pos, m, 1.0);
        }
    }
    if let Some(Selection::Village(v)) = selection
        && let Some(o) = order.iter().find(|o| o.v as usize == v)
    {
        frame.painter.circle_stroke(
            frame.world_to_screen(o.world),
            o.marker.radius_px + 5.0,
            Stroke::new(style::SELECTION_PX, super::theme::colour(style::SELECTION)),
        );
    }
}

/// One small square per cell of a few pixels, the first village of each cell (the list
/// runs flagged first).
fn crowded_villages(on_screen: &[(crate::map::Marker, Pos2, u32)], area: Rect) -> Shape {
    let points = on_screen
        .iter()
        .map(|(_, p, _)| [f64::from(p.x), f64::from(p.y)]);
    let min = [f64::from(area.left()), f64::from(area.top())];
    let size = [f64::from(area.width()), f64::from(area.height())];
    let mut mesh = Mesh::default();
    for i in crowded::thin(points, min, size, crowded::CELL_PX) {
        let (m, pos, _) = &on_screen[i];
        let side = 2.0 * crowded::half_side_px(m) as f32;
        let r = Rect::from_center_size(*pos, Vec2::splat(side));
        mesh.add_colored_rect(r, super::theme::colour(m.colour));
    }
    Shape::mesh(mesh)
}

/// Hover and click: the nearest village within reach, else the commune under the pointer;
/// its name and figures on hover, selected on click.
fn hover_and_click(
    frame: &Frame,
    app: &View,
    layers: &Layers,
    cursor: Option<(f64, f64)>,
    response: &egui::Response,
    changes: Option<&[Option<Change>]>,
    out: &mut Vec<Command>,
) {
    let (t, session) = (app.t, frame.session);
    let (eval, dataset) = (&session.evaluation, &session.dataset);
    let hit = (response.hover_pos())
        .zip(cursor)
        .and_then(|(p, ll)| pick(frame, layers, p, ll));
    if let Some(target) = hit {
        let text = match target {
            Selection::Village(v) => {
                let class = t.report_class(eval.villages[v].report_class, eval.params.required);
                let mut text = format!("{}\n{class}", dataset.villages[v].name);
                if let Some(c) = changes.and_then(|c| c[v]) {
                    text = format!("{text}\n{}", t.change(c, eval.params.required));
                }
                if eval.needs_new_survey(v) {
                    text = format!("{text}\n{}", t.needs_new_survey);
                }
                text
            }
            Selection::Commune(c) => {
                let f = eval.rollup.communes[c].figures;
                let figures = match f.villages {
                    0 => t.no_villages.to_string(),
                    _ => t.covered(&f, eval.params.required),
                };
                format!("{}\n{figures}", dataset.communes[c].name)
            }
        };
        response.clone().on_hover_text_at_pointer(text);
    }
    if response.clicked() {
        out.push(Command::Select(hit));
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

/// The width of the legend beside the map, in points.
const LEGEND_PX: f32 = 190.0;

/// The legends of the visible layers in a strip at the map's left, scrolled when taller than
/// the map; its title, with the button that folds it, always in sight.
fn legend_ui(
    ui: &mut egui::Ui,
    area: Rect,
    t: &crate::i18n::Texts,
    legends: &[Legend],
    required: Generation,
    folded: &mut bool,
) {
    ui.painter().rect_filled(area, 0.0, Color32::from_gray(250));
    let inner = area.shrink2(Vec2::new(8.0, 6.0));
    ui.scope_builder(egui::UiBuilder::new().max_rect(inner), |ui| {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(t.legend).strong());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button("◀").on_hover_text(t.legend_fold).clicked() {
                    *folded = true;
                }
            });
        });
        egui::ScrollArea::vertical()
            .id_salt("legend")
            .auto_shrink([false, false])
            .show(ui, |ui| legend_entries_ui(ui, t, legends, required));
    });
}

fn legend_entries_ui(
    ui: &mut egui::Ui,
    t: &crate::i18n::Texts,
    legends: &[Legend],
    required: crate::model::Generation,
) {
    {
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
                    ui.label(egui::RichText::new(t.legend_label(&entry.label, required)).small());
                });
            }
            ui.add_space(4.0);
        }
    }
}

fn pick(frame: &Frame, layers: &Layers, pointer: Pos2, lon_lat: (f64, f64)) -> Option<Selection> {
    let d = &frame.session.dataset;
    if layers.villages {
        let nearest = (d.villages.iter().enumerate())
            .map(|(v, village)| {
                let at = frame.to_screen(village.location.x(), village.location.y());
                (v, at.distance(pointer))
            })
            .filter(|(_, distance)| *distance <= PICK_POINTS)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((v, _)) = nearest {
            return Some(Selection::Village(v));
        }
    }
    if !layers.communes {
        return None;
    }
    d.commune_index
        .locate(&d.communes, geo::Point::new(lon_lat.0, lon_lat.1))
        .map(Selection::Commune)
}

/// The credit the map's shown sources ask for, in the bottom-left corner: OpenStreetMap's
/// for its layers.
fn attribution_ui(ui: &mut egui::Ui, frame: &Frame, layers: &Layers) {
    let osm = layers.basemap
        || (frame.session.dataset.background.iter())
            .any(|b| b.is_openstreetmap() && layers.background_of(&b.path).0);
    if !osm {
        return;
    }
    // A label, so that screen readers (and the tests) find it too.
    let text = egui::RichText::new("© OpenStreetMap contributors")
        .size(11.0)
        .color(Color32::from_gray(40))
        .background_color(Color32::from_white_alpha(200));
    let at = Rect::from_min_size(
        frame.rect.left_bottom() + Vec2::new(6.0, -22.0),
        Vec2::new(200.0, 16.0),
    );
    ui.put(at, egui::Label::new(text).extend());
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
