//! The map's layers on paper, bottom to top: background areas, communes, background lines and
//! points, samples, names, villages.

use super::*;

pub(super) fn communes_svg(
    svg: &mut String,
    dataset: &Dataset,
    eval: &Evaluation,
    frame: &Frame,
    place: &impl Fn(f64, f64) -> [f64; 2],
    outlined: Option<usize>,
) {
    let required = eval.params.required;
    let outline = hex(style::COMMUNE_OUTLINE);
    let width = f64::from(style::COMMUNE_OUTLINE_PX) * PX_MM;
    for (c, commune) in dataset.communes.iter().enumerate() {
        let Some(b) = commune_box(commune) else {
            continue;
        };
        let lo = place(b.min_lon, b.min_lat);
        let hi = place(b.max_lon, b.max_lat);
        let outside = hi[0] < frame.x
            || lo[0] > frame.x + frame.w
            || lo[1] < frame.y
            || hi[1] > frame.y + frame.h;
        if outside {
            continue;
        }
        let d = path_data(&commune.boundary, place);
        let fill = (eval.rollup.communes.get(c))
            .and_then(|r| commune_fill(&r.figures, required))
            .map_or("none".to_string(), hex);
        let _ = write!(
            svg,
            r#"<path d="{d}" fill="{fill}" fill-opacity="0.85" fill-rule="evenodd" stroke="{outline}" stroke-width="{width:.3}" stroke-linejoin="round"/>"#
        );
    }
    if let Some(c) = outlined.and_then(|c| dataset.communes.get(c)) {
        let d = path_data(&c.boundary, place);
        let _ = write!(
            svg,
            r#"<path d="{d}" fill="none" fill-rule="evenodd" stroke="{}" stroke-width="{:.3}" stroke-linejoin="round"/>"#,
            hex(style::SELECTION),
            f64::from(style::SELECTION_PX) * PX_MM
        );
    }
}

/// Province, district and commune names, and the places of the background layers shown,
/// where they fit, placed as the window places them, clear of the north arrow and the scale
/// bar.
pub(super) fn names_svg(
    svg: &mut String,
    dataset: &Dataset,
    layers: &Layers,
    background: &[BackgroundShapes],
    layout: &SheetLayout,
    villages: &[labels::Keep],
) {
    let frame = &layout.frame;
    let units = labels::candidates(&dataset.communes, &layout.projection);
    let places = (dataset.background.iter().zip(background))
        .filter(|(layer, _)| layers.background_of(&layer.path).0)
        .flat_map(|(_, shapes)| &shapes.names);
    let mm = |rank| f64::from(style::label_px(rank) / style::label_px(Rank::Commune)) * LABEL_MM;
    // DejaVu Sans averages a little under 0.6 em a letter.
    let size_of =
        |c: &labels::Candidate| [c.text.chars().count() as f64 * mm(c.rank) * 0.6, mm(c.rank)];
    let candidates = units.iter().chain(places).map(|c| (c, size_of(c)));
    let mut keep = vec![
        labels::Keep {
            min: [frame.w - 16.0, 0.0],
            max: [frame.w, 16.0],
        },
        labels::Keep {
            min: [frame.w - 60.0, frame.h - 12.0],
            max: [frame.w, frame.h],
        },
    ];
    keep.extend_from_slice(villages);
    let size = [frame.w, frame.h];
    for label in labels::place(candidates, &layout.view, size, &keep) {
        let x = frame.x + label.centre[0];
        let y = frame.y + label.centre[1] + label.size[1] * 0.35;
        let fill = hex(style::label_colour(label.rank));
        let weight = match label.rank {
            Rank::Commune | Rank::Place => "normal",
            _ => "bold",
        };
        halo_text(
            svg,
            x,
            y,
            label.size[1],
            "middle",
            weight,
            &fill,
            &label.text,
        );
    }
}

/// A background layer's areas, filled and outlined, at `opacity`.
pub(super) fn background_areas_svg(
    svg: &mut String,
    shapes: &BackgroundShapes,
    opacity: f32,
    world: &impl Fn([f64; 2]) -> [f64; 2],
) {
    let origin = shapes.areas.origin;
    for (shape, s) in shapes.areas.communes.iter().zip(&shapes.area_styles) {
        let mut d = String::new();
        for ring in &shape.rings {
            for (i, v) in ring.iter().enumerate() {
                let p = world([f64::from(v[0]) + origin[0], f64::from(v[1]) + origin[1]]);
                let _ = write!(
                    d,
                    "{}{:.2} {:.2}",
                    if i == 0 { "M" } else { "L" },
                    p[0],
                    p[1]
                );
            }
            d.push('Z');
        }
        let _ = write!(
            svg,
            r#"<path d="{d}" fill="{}" fill-opacity="{:.2}" fill-rule="evenodd" stroke="{}" stroke-opacity="{:.2}" stroke-width="0.15"/>"#,
            hex(s.fill),
            0.6 * opacity,
            hex(s.outline),
            opacity
        );
    }
}

/// A background layer's lines and points on the sheet, at `opacity`.
pub(super) fn background_lines_svg(
    svg: &mut String,
    shapes: &BackgroundShapes,
    opacity: f32,
    frame: &Frame,
    world: &impl Fn([f64; 2]) -> [f64; 2],
    metres_per_px: f64,
) {
    for (style, points, _) in &shapes.lines {
        let mut d = String::new();
        line_data(&mut d, points.iter().map(|w| world(*w)));
        let _ = write!(
            svg,
            r#"<path d="{d}" fill="none" stroke="{}" stroke-opacity="{opacity:.2}" stroke-width="{:.2}" stroke-linecap="round" stroke-linejoin="round"/>"#,
            hex(style.colour),
            f64::from(style.width_px) * PX_MM
        );
    }
    let shown = |s: &crate::map::background::PointStyle| metres_per_px <= s.max_metres_per_px;
    for (style, at) in shapes.points.iter().filter(|(s, _)| shown(s)) {
        let p = world(*at);
        if frame.holds(p, 1.0) {
            let _ = write!(
                svg,
                r##"<circle cx="{:.2}" cy="{:.2}" r="{:.2}" fill="{}" fill-opacity="{opacity:.2}" stroke="#ffffff" stroke-width="0.2"/>"##,
                p[0],
                p[1],
                f64::from(style.radius_px) * PX_MM,
                hex(style.colour)
            );
        }
    }
}

/// Where a commune's sheet lies among the others: a small map in the frame's bottom-left
/// corner, every commune outlined, this one filled in the selection's colour. Returns the
/// box it takes (in the frame's millimetres); `None` when there is no other commune.
pub(super) fn inset_svg(
    svg: &mut String,
    dataset: &Dataset,
    layout: &SheetLayout,
    commune: usize,
) -> Option<labels::Keep> {
    let all = Extents::of_places(dataset)
        .communes
        .filter(|_| dataset.communes.len() > 1)?;
    let frame = &layout.frame;
    let (w, h) = (INSET_MM[0], INSET_MM[1]);
    let (x, y) = (frame.x + 3.0, frame.y + frame.h - h - 3.0);
    let view = MapView::fit(&layout.projection, &all, [w, h]);
    let place = |lon: f64, lat: f64| {
        let s = view.screen([w, h], layout.projection.world(lon, lat));
        [x + s[0], y + s[1]]
    };
    let _ = write!(
        svg,
        r##"<rect x="{x:.2}" y="{y:.2}" width="{w}" height="{h}" fill="#ffffff" fill-opacity="0.92" stroke="#1a1a1a" stroke-width="0.25"/>"##
    );
    let outlines: String = (dataset.communes.iter())
        .map(|c| path_data(&c.boundary, &place))
        .collect();
    let _ = write!(
        svg,
        r##"<path d="{outlines}" fill="#eeeeee" stroke="#9a9a9a" stroke-width="0.08"/>"##
    );
    if let Some(c) = dataset.communes.get(commune) {
        let _ = write!(
            svg,
            r#"<path d="{}" fill="{}" stroke="none"/>"#,
            path_data(&c.boundary, &place),
            hex(style::SELECTION)
        );
    }
    Some(labels::Keep {
        min: [x - frame.x, y - frame.y],
        max: [x - frame.x + w, y - frame.y + h],
    })
}

/// The inset locator map's size, in millimetres.
const INSET_MM: [f64; 2] = [46.0, 34.0];

/// An SVG path of a multipolygon on the sheet, points closer than 0.1 mm merged.
/// Appends a line through `points` (on the sheet) to the path data `d`, points closer than
/// 0.1 mm to the last kept merged; false when it had no point.
fn line_data(d: &mut String, points: impl Iterator<Item = [f64; 2]>) -> bool {
    let mut last: Option<[f64; 2]> = None;
    for p in points {
        if last.is_some_and(|l| (l[0] - p[0]).hypot(l[1] - p[1]) < 0.1) {
            continue;
        }
        let command = if last.is_none() { "M" } else { "L" };
        let _ = write!(d, "{command}{:.2} {:.2}", p[0], p[1]);
        last = Some(p);
    }
    last.is_some()
}

pub(super) fn path_data(
    shape: &geo::MultiPolygon<f64>,
    place: &impl Fn(f64, f64) -> [f64; 2],
) -> String {
    let mut d = String::new();
    let rings = shape
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
    for ring in rings {
        if line_data(&mut d, ring.coords().map(|c| place(c.x, c.y))) {
            d.push('Z');
        }
    }
    d
}

pub(super) fn samples_svg(
    svg: &mut String,
    dataset: &Dataset,
    layers: &Layers,
    projection: &Projection,
    view: &MapView,
    frame: &Frame,
) {
    let px_per_mm = RASTER_DPI / 25.4;
    let size_px = [
        (frame.w * px_per_mm).round() as usize,
        (frame.h * px_per_mm).round() as usize,
    ];
    let raster_view = MapView {
        centre: view.centre,
        metres_per_px: view.metres_per_px / px_per_mm,
    };
    let Some(raster) = rasterize(
        &dataset.samples,
        dataset.sample_index_if_made(),
        projection,
        &raster_view,
        size_px,
        &layers.sample_layer(),
        &|| false,
    ) else {
        return;
    };
    if raster.drawn == 0 {
        return;
    }
    let mut png_bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut png_bytes, raster.width as u32, raster.height as u32);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let written = encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(raster.pixels.as_flattened()));
    if written.is_err() {
        return;
    }
    use base64::Engine as _;
    let data = base64::engine::general_purpose::STANDARD.encode(&png_bytes);
    let _ = write!(
        svg,
        r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" style="image-rendering:optimizeSpeed" href="data:image/png;base64,{data}"/>"#,
        frame.x, frame.y, frame.w, frame.h
    );
}

/// The villages' markers, flagged ones on top and numbered as in `key`; every village named
/// too where few are in the frame (a commune's sheet). Returns the boxes the markers and
/// their labels take (in the frame's millimetres), for the place names to keep clear of.
pub(super) fn villages_svg(
    svg: &mut String,
    dataset: &Dataset,
    eval: &Evaluation,
    frame: &Frame,
    place: &impl Fn(f64, f64) -> [f64; 2],
    key: &Key,
    changes: Option<&[Option<crate::compare::Change>]>,
) -> Vec<labels::Keep> {
    let required = eval.params.required;
    let mut shown: Vec<(VillageClass, [f64; 2], usize)> = (eval.villages.iter().enumerate())
        .map(|(v, o)| {
            let p = dataset.villages[v].location;
            (VillageClass::of(o, required), place(p.x(), p.y()), v)
        })
        .filter(|(_, p, _)| frame.holds(*p, 3.0))
        .collect();
    let change = |v: usize| changes.and_then(|c| c.get(v).copied().flatten());
    let crowded = shown.len() > crowded::CROWDED;
    // The survey-age rings first, under every marker (not where the villages are crowded
    // into squares, as in the window).
    if !crowded {
        for (_, p, v) in &shown {
            if eval.needs_new_survey(*v) {
                marker_svg(svg, *p, &crate::map::style::NEEDS_NEW_SURVEY, 1.0);
            }
        }
    }
    if changes.is_some() {
        shown.sort_by_key(|(_, _, v)| change(*v).map_or(0, crate::map::style::change_draw_order));
        let markers: Vec<([f64; 2], Marker)> = (shown.iter())
            .filter_map(|(_, p, v)| Some((*p, crate::map::style::change_marker(change(*v)?))))
            .collect();
        match crowded {
            true => crowded_svg(svg, frame, &markers),
            false => (markers.iter()).for_each(|(p, m)| marker_svg(svg, *p, m, 1.0)),
        }
        return Vec::new();
    }
    shown.sort_by_key(|(class, _, _)| class.draw_order());
    let local = |p: [f64; 2]| [p[0] - frame.x, p[1] - frame.y];
    let mut taken: Vec<labels::Keep> = Vec::new();
    // Many flagged villages: smaller markers, so that clusters stay apart.
    let scale = if key.flagged > MAX_VILLAGE_LABELS {
        0.75
    } else {
        1.0
    };
    let markers: Vec<([f64; 2], Marker)> = (shown.iter())
        .map(|(class, p, _)| (*p, class.marker()))
        .collect();
    match crowded {
        true => crowded_svg(svg, frame, &markers),
        false => (markers.iter()).for_each(|(p, m)| marker_svg(svg, *p, m, scale)),
    }
    for (class, p, _) in shown.iter().filter(|(class, _, _)| class.is_flagged()) {
        let r = match crowded {
            true => crowded::half_side_px(&class.marker()) * PX_MM,
            false => f64::from(class.marker().radius_px) * PX_MM * scale,
        };
        let c = local(*p);
        taken.push(labels::Keep {
            min: [c[0] - r, c[1] - r],
            max: [c[0] + r, c[1] + r],
        });
    }
    village_labels_svg(svg, dataset, frame, &shown, key, scale, &mut taken);
    taken
}

/// Markers (in drawing order) crowded into squares as in the window: one per cell of a few
/// pixels of 96 dpi, the top-most of each, drawn in their order.
fn crowded_svg(svg: &mut String, frame: &Frame, markers: &[([f64; 2], Marker)]) {
    let cell = crowded::CELL_PX * PX_MM;
    let top_first = markers.iter().rev().map(|(p, _)| *p);
    let mut kept = crowded::thin(top_first, [frame.x, frame.y], [frame.w, frame.h], cell);
    kept.reverse();
    for i in kept {
        let (p, m) = &markers[markers.len() - 1 - i];
        let half = crowded::half_side_px(m) * PX_MM;
        let _ = write!(
            svg,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{}"/>"#,
            p[0] - half,
            p[1] - half,
            2.0 * half,
            2.0 * half,
            hex(m.colour)
        );
    }
}

/// The villages' numbers (and names, where few are in the frame), each beside its marker
/// where it covers no other label or marker; `taken` holds those and grows with each label.
fn village_labels_svg(
    svg: &mut String,
    dataset: &Dataset,
    frame: &Frame,
    shown: &[(VillageClass, [f64; 2], usize)],
    key: &Key,
    scale: f64,
    taken: &mut Vec<labels::Keep>,
) {
    let local = |p: [f64; 2]| [p[0] - frame.x, p[1] - frame.y];
    let few = shown.len() <= MAX_VILLAGE_LABELS;
    if !few && key.numbered.is_empty() {
        return;
    }
    let number = key.number_of();
    // Flagged villages labelled first, so their numbers get the best places.
    for (class, p, v) in shown.iter().rev() {
        let name = &dataset.villages[*v].name;
        let text = match (number(*v), few) {
            (Some(n), true) => format!("{n} {name}"),
            (Some(n), false) => n.to_string(),
            (None, true) => name.clone(),
            (None, false) => continue,
        };
        let r = f64::from(class.marker().radius_px) * PX_MM * scale;
        let size = if class.is_flagged() {
            LABEL_MM * 1.1
        } else {
            LABEL_MM
        };
        let w = text.chars().count() as f64 * size * 0.6;
        let c = local(*p);
        // Right, left, above, below the marker: the first side that covers no other label;
        // in a cluster, a little further out in one of eight directions, with a leader line.
        let near = [
            [c[0] + r + 0.5 + w / 2.0, c[1]],
            [c[0] - r - 0.5 - w / 2.0, c[1]],
            [c[0], c[1] - r - 0.4 - size / 2.0],
            [c[0], c[1] + r + 0.4 + size / 2.0],
        ];
        let far = (0..8).map(|k| {
            let (dy, dx) = (f64::from(k) * std::f64::consts::FRAC_PI_4).sin_cos();
            let d = r + 3.0;
            [c[0] + dx * (d + w / 2.0), c[1] - dy * (d + size / 2.0)]
        });
        let boxed = |m: [f64; 2]| labels::Keep {
            min: [m[0] - w / 2.0, m[1] - size / 2.0],
            max: [m[0] + w / 2.0, m[1] + size / 2.0],
        };
        let free = |m: &[f64; 2]| !taken.iter().any(|k| k.overlaps(&boxed(*m)));
        let at = match near.iter().copied().find(free) {
            Some(at) => at,
            None => {
                let at = far.clone().find(free).unwrap_or(near[0]);
                if at != near[0] {
                    leader_svg(
                        svg,
                        [frame.x + c[0], frame.y + c[1]],
                        [frame.x + at[0], frame.y + at[1]],
                        r,
                    );
                }
                at
            }
        };
        taken.push(boxed(at));
        let (weight, fill) = match class.is_flagged() {
            true => ("bold", "#111111"),
            false => ("normal", "#1a1a1a"),
        };
        let (x, y) = (frame.x + at[0], frame.y + at[1] + size * 0.35);
        halo_text(svg, x, y, size, "middle", weight, fill, &text);
    }
}

/// A thin line from a marker's edge towards its label, set a little away from it.
fn leader_svg(svg: &mut String, marker: [f64; 2], label: [f64; 2], r: f64) {
    let (dx, dy) = (label[0] - marker[0], label[1] - marker[1]);
    let d = dx.hypot(dy);
    if d <= r + 1.0 {
        return;
    }
    let (ux, uy) = (dx / d, dy / d);
    let _ = write!(
        svg,
        r##"<path d="M{:.2} {:.2}L{:.2} {:.2}" stroke="#1a1a1a" stroke-width="0.15"/>"##,
        marker[0] + ux * r,
        marker[1] + uy * r,
        label[0] - ux * 1.2,
        label[1] - uy * 1.0
    );
}

pub(super) fn marker_svg(svg: &mut String, p: [f64; 2], m: &Marker, scale: f64) {
    let r = f64::from(m.radius_px) * PX_MM * scale;
    let colour = hex(m.colour);
    let stroke_w = f64::from(m.outline_px) * PX_MM * scale;
    let _ = match (m.shape, m.outline) {
        (MarkerShape::Ring, _) => write!(
            svg,
            r#"<circle cx="{:.2}" cy="{:.2}" r="{r:.2}" fill="none" stroke="{colour}" stroke-width="{stroke_w:.2}"/>"#,
            p[0], p[1]
        ),
        (MarkerShape::Filled, Some(o)) => write!(
            svg,
            r#"<circle cx="{:.2}" cy="{:.2}" r="{r:.2}" fill="{colour}" stroke="{}" stroke-opacity="{:.2}" stroke-width="{stroke_w:.2}"/>"#,
            p[0],
            p[1],
            hex(o),
            f64::from(o[3]) / 255.0
        ),
        (MarkerShape::Filled, None) => write!(
            svg,
            r#"<circle cx="{:.2}" cy="{:.2}" r="{r:.2}" fill="{colour}"/>"#,
            p[0], p[1]
        ),
    };
}
