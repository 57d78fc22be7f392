//! The printed map: one sheet (A4 or A3 landscape) with the map, its title, legend, scale
//! bar, north arrow, date, data sources and the rule's parameters, written as SVG and
//! rendered from that same SVG to PNG (resvg) and PDF (svg2pdf).
//!
//! What is drawn, and in which colours, comes from [`crate::map`] as in the window: the same
//! projection ([`Extents::projection`]), layers ([`Layers`]), classes, markers, legends,
//! scale bar and sample raster. Only the units differ: millimetres of paper here, pixels
//! there.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::xml::escape;
use crate::analysis::{Dataset, Evaluation};
use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::lang::Lang;
use crate::map::background::BackgroundShapes;
use crate::map::labels::{self, Rank};
use crate::map::{
    Extents, Layers, Legend, LonLatBox, MapView, Marker, MarkerShape, Projection, Rgba, Swatch,
    VillageClass, commune_box, commune_fill, rasterize, scale_bar, style,
};
use crate::model::Generation;
use crate::rollup::Figures;

/// Paper sizes, landscape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Paper {
    #[default]
    A4,
    A3,
}

impl Paper {
    /// Width and height in millimetres, landscape.
    pub fn size_mm(self) -> [f64; 2] {
        match self {
            Paper::A4 => [297.0, 210.0],
            Paper::A3 => [420.0, 297.0],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
        }
    }
}

/// Which part of the data the map shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MapArea {
    /// Every commune and village.
    Everything,
    /// One commune (index into the dataset's communes), outlined.
    Commune(usize),
    /// What a window's map shows: its view and its size in pixels.
    View { view: MapView, size_px: [f64; 2] },
}

/// The three files a map can be written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapFormat {
    Png,
    Pdf,
    Svg,
}

impl MapFormat {
    pub const ALL: [MapFormat; 3] = [MapFormat::Png, MapFormat::Pdf, MapFormat::Svg];

    pub fn extension(self) -> &'static str {
        match self {
            MapFormat::Png => "png",
            MapFormat::Pdf => "pdf",
            MapFormat::Svg => "svg",
        }
    }
}

/// Everything a printed map depends on besides the data.
#[derive(Clone, Debug, PartialEq)]
pub struct MapSheet {
    pub paper: Paper,
    pub area: MapArea,
    pub layers: Layers,
    pub lang: Lang,
    /// Replaces the title made from the area's name.
    pub title: Option<String>,
    pub made_on: NaiveDate,
}

impl MapSheet {
    /// The whole province on A4, as the command line prints it.
    pub fn everything(layers: Layers, lang: Lang) -> MapSheet {
        MapSheet {
            paper: Paper::A4,
            area: MapArea::Everything,
            layers,
            lang,
            title: None,
            made_on: chrono::Local::now().date_naive(),
        }
    }
}

/// Print resolution of the PNG.
pub const PNG_DPI: f64 = 300.0;
/// Resolution of the sample raster on paper: dots stay visible, files stay small.
const RASTER_DPI: f64 = 150.0;
/// A screen pixel on paper (CSS pixels, 96 to the inch), for marker and line sizes.
const PX_MM: f64 = 25.4 / 96.0;
const MARGIN: f64 = 10.0;
const LEGEND_WIDTH: f64 = 72.0;
const GAP: f64 = 4.0;
/// Font sizes in millimetres (1 pt = 0.353 mm).
const TITLE_MM: f64 = 5.3;
const SUBTITLE_MM: f64 = 3.4;
const LEGEND_TITLE_MM: f64 = 2.8;
const TEXT_MM: f64 = 2.5;
const NOTE_MM: f64 = 2.2;
const LABEL_MM: f64 = 1.9;
/// Up to this many villages in the frame (one commune, say), every one is named; above it
/// only the flagged ones, and above this many of those, none.
const MAX_VILLAGE_LABELS: usize = 60;

/// Writes the map in `format` to `path`, atomically.
pub fn write_map(
    path: &Path,
    format: MapFormat,
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &MapSheet,
) -> Result<()> {
    super::refuse_inputs(&[path], dataset)?;
    let svg = sheet_svg(dataset, eval, sheet);
    let pages = key_pages_svg(dataset, eval, sheet);
    for file in render(&svg, &pages, &[format], sheet.paper) {
        let bytes = file.map_err(|why| failed(path, why))?;
        super::atomic::write(path, |w| w.write_all(&bytes))?;
    }
    Ok(())
}

/// The sheet's SVG as a file of each of `formats`, in that order, or why that one could not
/// be made. The SVG is parsed (fonts loaded) once however many of the formats need it. The
/// PDF has the `pages` after the map (the key of its numbered villages); the PNG and SVG
/// are the map's page alone.
pub fn render(
    svg: &str,
    pages: &[String],
    formats: &[MapFormat],
    paper: Paper,
) -> Vec<std::result::Result<Vec<u8>, String>> {
    let tree = std::cell::OnceCell::new();
    let parsed = || {
        tree.get_or_init(|| parse(svg))
            .as_ref()
            .map_err(String::clone)
    };
    formats
        .iter()
        .map(|format| match format {
            MapFormat::Svg => Ok(svg.as_bytes().to_vec()),
            MapFormat::Png => parsed().and_then(|t| render_png(t, paper, PNG_DPI)),
            MapFormat::Pdf if pages.is_empty() => parsed().and_then(render_pdf),
            MapFormat::Pdf => parsed().and_then(|first| {
                let rest: Vec<resvg::usvg::Tree> = pages
                    .iter()
                    .map(|p| parse(p))
                    .collect::<std::result::Result<_, _>>()?;
                render_pdf_pages(std::iter::once(first).chain(&rest), paper)
            }),
        })
        .collect()
}

/// The error of a map that could not be rendered into `path`.
pub fn failed(path: &Path, why: String) -> Error {
    Error::content(
        path,
        format!("the map could not be drawn: {why}"),
        "Try SVG, or a smaller area; report this if it goes on.",
    )
}

/// The sheet parsed with the bundled fonts, ready to render.
fn parse(svg: &str) -> std::result::Result<resvg::usvg::Tree, String> {
    let mut options = resvg::usvg::Options {
        font_family: "DejaVu Sans".into(),
        ..Default::default()
    };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(crate::assets::FONT_REGULAR.to_vec());
    fonts.load_font_data(crate::assets::FONT_BOLD.to_vec());
    resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())
}

/// The sheet as a PNG at `dpi`, white paper, with its resolution recorded so that it prints
/// at paper size.
fn render_png(
    tree: &resvg::usvg::Tree,
    paper: Paper,
    dpi: f64,
) -> std::result::Result<Vec<u8>, String> {
    let [w_mm, h_mm] = paper.size_mm();
    let (w, h) = (
        (w_mm / 25.4 * dpi).round() as u32,
        (h_mm / 25.4 * dpi).round() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or("the page is too large")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    let scale = (f64::from(w) / f64::from(tree.size().width())) as f32;
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // Opaque paper: premultiplied and straight colours are the same; keep RGB.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: (dpi / 0.0254).round() as u32,
        yppu: (dpi / 0.0254).round() as u32,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The sheet as a one-page PDF at paper size, its text real text in the embedded fonts.
fn render_pdf(tree: &resvg::usvg::Tree) -> std::result::Result<Vec<u8>, String> {
    svg2pdf::to_pdf(
        tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: 96.0 },
    )
    .map_err(|e| e.to_string())
}

/// Pages as one PDF, each at paper size, their text real text in the embedded fonts.
fn render_pdf_pages<'a>(
    trees: impl Iterator<Item = &'a resvg::usvg::Tree>,
    paper: Paper,
) -> std::result::Result<Vec<u8>, String> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};
    let [w_mm, h_mm] = paper.size_mm();
    let (w, h) = ((w_mm / 25.4 * 72.0) as f32, (h_mm / 25.4 * 72.0) as f32);
    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let (catalog, tree_ref) = (alloc(), alloc());
    let mut pdf = Pdf::new();
    let mut kids = Vec::new();
    for tree in trees {
        let (chunk, svg_ref) = svg2pdf::to_chunk(tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| e.to_string())?;
        let mut renumbered = std::collections::HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(&mut alloc));
        let svg_ref = renumbered[&svg_ref];
        let (page_ref, content_ref) = (alloc(), alloc());
        let name = Name(b"S1");
        let mut page = pdf.page(page_ref);
        page.media_box(Rect::new(0.0, 0.0, w, h));
        page.parent(tree_ref);
        page.contents(content_ref);
        page.resources().x_objects().pair(name, svg_ref);
        page.finish();
        let mut content = Content::new();
        content.transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(name);
        pdf.stream(content_ref, &content.finish());
        pdf.extend(&chunk);
        kids.push(page_ref);
    }
    pdf.catalog(catalog).pages(tree_ref);
    pdf.pages(tree_ref).count(kids.len() as i32).kids(kids);
    Ok(pdf.finish())
}

/// The area a sheet shows, and its figures.
struct Subject {
    area: LonLatBox,
    name: String,
    figures: Figures,
    commune: Option<usize>,
}

fn subject(
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &MapSheet,
    extents: &Extents,
    p: &Projection,
) -> Subject {
    let everything = extents.all().unwrap_or(LonLatBox {
        min_lon: 102.0,
        min_lat: 8.0,
        max_lon: 110.0,
        max_lat: 23.5,
    });
    let province = province_name(dataset, eval);
    match sheet.area {
        MapArea::Commune(c) if c < dataset.communes.len() => {
            let commune = &dataset.communes[c];
            let name = if commune.province.is_empty() {
                commune.name.clone()
            } else {
                format!("{}, {}", commune.name, commune.province)
            };
            Subject {
                area: commune_box(commune).unwrap_or(everything),
                name,
                figures: eval.rollup.communes[c].figures,
                commune: Some(c),
            }
        }
        MapArea::View { view, size_px } => Subject {
            area: view.visible(p, size_px),
            name: province,
            figures: eval.rollup.total,
            commune: None,
        },
        _ => Subject {
            area: everything,
            name: province,
            figures: eval.rollup.total,
            commune: None,
        },
    }
}

/// The provinces the data names ("Bắc Kạn"), or the communes' file name when it names none.
fn province_name(dataset: &Dataset, eval: &Evaluation) -> String {
    let names: Vec<&str> = (eval.rollup.provinces.iter())
        .map(|p| p.name.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    match names.len() {
        0 => dataset
            .files
            .first()
            .and_then(|f| f.path.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        1..=3 => names.join(", "),
        n => format!("{}, … ({n})", names[..2].join(", ")),
    }
}

/// Where the map lies on a sheet and what it shows: enough to find any point of the data on
/// the paper.
pub struct SheetLayout {
    /// The map's frame on the sheet, in millimetres from the top left.
    pub frame: Frame,
    /// The map's view, in world metres per millimetre of paper.
    pub view: MapView,
    pub projection: Projection,
    footnotes: Vec<String>,
    subject: Subject,
}

impl SheetLayout {
    pub fn new(dataset: &Dataset, eval: &Evaluation, sheet: &MapSheet) -> SheetLayout {
        let t = sheet.lang.texts();
        let [pw, ph] = sheet.paper.size_mm();
        let extents = Extents::of(dataset);
        let projection = extents.projection();
        let subject = subject(dataset, eval, sheet, &extents, &projection);
        let footnotes = footnotes(dataset, eval, sheet, t, pw - 2.0 * MARGIN);
        let footer_h = footnotes.len() as f64 * NOTE_MM * 1.35 + 2.0;
        let frame = Frame {
            x: MARGIN,
            y: MARGIN + 16.0,
            w: pw - 2.0 * MARGIN - LEGEND_WIDTH - GAP,
            h: ph - 2.0 * MARGIN - 16.0 - footer_h,
        };
        let view = MapView::fit(&projection, &subject.area, [frame.w, frame.h]);
        SheetLayout {
            frame,
            view,
            projection,
            footnotes,
            subject,
        }
    }

    /// Where a lon/lat point lies on the sheet, in millimetres from the top left.
    pub fn place(&self, lon: f64, lat: f64) -> [f64; 2] {
        let f = &self.frame;
        let s = self
            .view
            .screen([f.w, f.h], self.projection.world(lon, lat));
        [f.x + s[0], f.y + s[1]]
    }
}

/// The sheet as an SVG document, in millimetres.
pub fn sheet_svg(dataset: &Dataset, eval: &Evaluation, sheet: &MapSheet) -> String {
    let t = sheet.lang.texts();
    let [pw, ph] = sheet.paper.size_mm();
    let layout = SheetLayout::new(dataset, eval, sheet);
    let SheetLayout {
        frame,
        view,
        projection,
        ref footnotes,
        ref subject,
    } = layout;
    let required = eval.params.required;

    let mut svg = String::with_capacity(1 << 20);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{pw}mm" height="{ph}mm" viewBox="0 0 {pw} {ph}" font-family="DejaVu Sans">"#
    );
    let _ = write!(
        svg,
        r##"<rect width="{pw}" height="{ph}" fill="#ffffff"/>"##
    );

    title_svg(&mut svg, t, sheet, subject, required);

    // The map, clipped to its frame.
    let _ = write!(
        svg,
        r#"<defs><clipPath id="frame"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath></defs><g clip-path="url(#frame)">"#,
        frame.x, frame.y, frame.w, frame.h
    );
    let _ = write!(
        svg,
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#eceff3"/>"##,
        frame.x, frame.y, frame.w, frame.h
    );
    let place = |lon: f64, lat: f64| layout.place(lon, lat);
    let background: Vec<BackgroundShapes> = (dataset.background.iter())
        .map(|layer| BackgroundShapes::new(layer, &projection))
        .collect();
    let shown: Vec<(&BackgroundShapes, f32)> = (dataset.background.iter().zip(&background))
        .map(|(layer, shapes)| (shapes, sheet.layers.background_of(&layer.path)))
        .filter(|(_, (on, opacity))| *on && *opacity > 0.0)
        .map(|(shapes, (_, opacity))| (shapes, opacity))
        .collect();
    let world = |w: [f64; 2]| {
        let s = view.screen([frame.w, frame.h], w);
        [frame.x + s[0], frame.y + s[1]]
    };
    for (shapes, opacity) in &shown {
        background_areas_svg(&mut svg, shapes, *opacity, &world);
    }
    if sheet.layers.communes {
        communes_svg(&mut svg, dataset, eval, &frame, &place, subject.commune);
    }
    for (shapes, opacity) in &shown {
        background_lines_svg(&mut svg, shapes, *opacity, &frame, &world);
    }
    if sheet.layers.samples {
        samples_svg(&mut svg, dataset, &sheet.layers, &projection, &view, &frame);
    }
    // The villages first into their own layer, so the names below them keep clear of them.
    let key = keyed_villages(dataset, eval, &layout);
    let mut villages = String::new();
    let taken = match sheet.layers.villages {
        true => villages_svg(&mut villages, dataset, eval, &frame, &place, &key),
        false => Vec::new(),
    };
    if sheet.layers.names {
        names_svg(
            &mut svg,
            dataset,
            &sheet.layers,
            &background,
            &layout,
            &taken,
        );
    }
    svg.push_str(&villages);
    svg.push_str("</g>");
    let _ = write!(
        svg,
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#1a1a1a" stroke-width="0.3"/>"##,
        frame.x, frame.y, frame.w, frame.h
    );
    north_arrow(&mut svg, t, frame.x + frame.w - 9.0, frame.y + 5.0);
    scale_bar_svg(&mut svg, &view, &projection, &frame);

    let legend_end = legends_svg(&mut svg, t, sheet, eval, &frame);
    if sheet.layers.villages {
        key_on_sheet_svg(&mut svg, t, dataset, eval, &key, &frame, legend_end);
    }
    footnotes_svg(&mut svg, footnotes, &frame);
    svg.push_str("</svg>\n");
    svg
}

/// The sheet's title (the user's, or the map's subject) and the headline figures under it.
fn title_svg(
    svg: &mut String,
    t: &Texts,
    sheet: &MapSheet,
    subject: &Subject,
    required: Generation,
) {
    let title = sheet_title(t, sheet, subject, required);
    text(
        svg,
        MARGIN,
        MARGIN + TITLE_MM,
        TITLE_MM,
        "bold",
        "#1a1a1a",
        &title,
    );
    text(
        svg,
        MARGIN,
        MARGIN + TITLE_MM + 2.0 + SUBTITLE_MM,
        SUBTITLE_MM,
        "normal",
        "#333333",
        &headline(t, &subject.figures, required),
    );
}

/// The sheet's title: the user's, or the map's subject.
fn sheet_title(t: &Texts, sheet: &MapSheet, subject: &Subject, required: Generation) -> String {
    (sheet.title.clone()).unwrap_or_else(|| (t.map_title)(required.label(), &subject.name))
}

/// The legends and the rule behind their classes, right of the map frame.
/// Returns where the column under them is free, from the top of the sheet.
fn legends_svg(
    svg: &mut String,
    t: &Texts,
    sheet: &MapSheet,
    eval: &Evaluation,
    frame: &Frame,
) -> f64 {
    let required = eval.params.required;
    let legend_x = frame.x + frame.w + GAP;
    let mut y = frame.y + LEGEND_TITLE_MM;
    text(svg, legend_x, y, 3.2, "bold", "#1a1a1a", t.legend);
    y += 5.0;
    for legend in sheet.layers.legends(required) {
        y = legend_svg(svg, t, &legend, required, legend_x, y);
    }
    rule_svg(svg, t, eval, legend_x, y)
}

/// One line of the key: "12. Nà Bản (Xã Nông Hạ): Lõm sóng, −117 dBm".
fn key_line(t: &Texts, dataset: &Dataset, eval: &Evaluation, n: usize, v: usize) -> [String; 5] {
    let o = &eval.villages[v];
    let g = eval.params.required;
    let name = match dataset.villages[v].name.as_str() {
        "" => (t.unnamed_village)(dataset.villages[v].record as usize),
        name => name.to_string(),
    };
    let commune = (dataset.village_commune[v])
        .map_or(String::new(), |c| dataset.communes[c as usize].name.clone());
    let best = (o.operators.iter())
        .filter_map(|x| x.best_signal_dbm[g.index()])
        .fold(f64::NEG_INFINITY, f64::max);
    // Whole decibels, as the tables show them: no decimal mark to localise.
    let best = match best.is_finite() {
        true => format!("{} dBm", style::dbm_text(best.round())),
        false => "—".to_string(),
    };
    [
        n.to_string(),
        name,
        commune,
        t.report_class(o.report_class, g),
        best,
    ]
}

/// Line height of the key, in millimetres.
const KEY_LINE_MM: f64 = NOTE_MM * 1.45;

/// The key of the numbered villages under the legend when it fits there; else a line saying
/// the key is on the next page of the PDF (and in the Excel report).
#[allow(clippy::too_many_arguments)]
fn key_on_sheet_svg(
    svg: &mut String,
    t: &Texts,
    dataset: &Dataset,
    eval: &Evaluation,
    key: &[usize],
    frame: &Frame,
    top: f64,
) -> bool {
    if key.is_empty() {
        return true;
    }
    let x = frame.x + frame.w + GAP;
    let mut y = top + 2.0 + LEGEND_TITLE_MM;
    let lines: Vec<String> = (key.iter().enumerate())
        .flat_map(|(i, &v)| {
            let [n, name, commune, class, best] = key_line(t, dataset, eval, i + 1, v);
            wrap(
                &format!("{n}. {name} ({commune}): {class}, {best}"),
                LEGEND_WIDTH,
                NOTE_MM,
            )
        })
        .collect();
    let fits = y + KEY_LINE_MM * lines.len() as f64 <= frame.y + frame.h;
    text(svg, x, y, LEGEND_TITLE_MM, "bold", "#1a1a1a", t.key_title);
    y += LEGEND_TITLE_MM + 1.0;
    if !fits {
        for line in wrap(&(t.key_next_page)(key.len()), LEGEND_WIDTH, NOTE_MM) {
            text(svg, x, y, NOTE_MM, "normal", "#1a1a1a", &line);
            y += KEY_LINE_MM;
        }
        return false;
    }
    for line in lines {
        text(svg, x, y, NOTE_MM, "normal", "#1a1a1a", &line);
        y += KEY_LINE_MM;
    }
    true
}

/// The pages after the map that list its numbered villages in a table, when the list does
/// not fit beside the map; none when it does.
pub fn key_pages_svg(dataset: &Dataset, eval: &Evaluation, sheet: &MapSheet) -> Vec<String> {
    let t = sheet.lang.texts();
    let layout = SheetLayout::new(dataset, eval, sheet);
    let key = keyed_villages(dataset, eval, &layout);
    if !sheet.layers.villages || key.is_empty() {
        return Vec::new();
    }
    let mut probe = String::new();
    let top = legends_svg(&mut probe, t, sheet, eval, &layout.frame);
    let beside = key_on_sheet_svg(&mut probe, t, dataset, eval, &key, &layout.frame, top);
    match beside {
        true => Vec::new(),
        false => key_table_pages(t, dataset, eval, sheet, &key),
    }
}

/// The key as a table (No., village, commune, class, best signal) in two columns a page,
/// as many pages as it takes.
fn key_table_pages(
    t: &Texts,
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &MapSheet,
    key: &[usize],
) -> Vec<String> {
    let [pw, ph] = sheet.paper.size_mm();
    let size = NOTE_MM * 1.1;
    let row_h = size * 1.6;
    let top = MARGIN + TITLE_MM + 4.0 + SUBTITLE_MM + 4.0;
    let rows = (((ph - MARGIN - top) / row_h) as usize)
        .saturating_sub(1)
        .max(1);
    let column_w = (pw - 2.0 * MARGIN - GAP) / 2.0;
    // Where each field starts in a column, as shares of its width.
    let fields = [0.0, 0.07, 0.32, 0.55, 0.76];
    let headers = [
        t.key_number.to_string(),
        t.village.to_string(),
        t.commune.to_string(),
        t.status.to_string(),
        (t.best_signal_of)(eval.params.required.label()),
    ];
    let title = (t.key_page_title)(key.len());
    let layout = SheetLayout::new(dataset, eval, sheet);
    let map_title = sheet_title(t, sheet, &layout.subject, eval.params.required);
    let mut pages = Vec::new();
    for (p, page) in key.chunks(rows * 2).enumerate() {
        let mut svg = String::new();
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{pw}mm" height="{ph}mm" viewBox="0 0 {pw} {ph}" font-family="DejaVu Sans"><rect width="{pw}" height="{ph}" fill="#ffffff"/>"##
        );
        text(
            &mut svg,
            MARGIN,
            MARGIN + TITLE_MM,
            TITLE_MM * 0.8,
            "bold",
            "#1a1a1a",
            &title,
        );
        let subtitle = format!("{} · {map_title}", (t.key_page_of)(p + 2));
        text(
            &mut svg,
            MARGIN,
            MARGIN + TITLE_MM + 3.0 + SUBTITLE_MM,
            SUBTITLE_MM,
            "normal",
            "#333333",
            &subtitle,
        );
        for (c, column) in page.chunks(rows).enumerate() {
            let x0 = MARGIN + c as f64 * (column_w + GAP);
            let width = |i: usize| fields.get(i + 1).unwrap_or(&1.0) - fields[i];
            let cell = |svg: &mut String, i: usize, y: f64, weight: &str, s: &str| {
                let room = width(i) * column_w - 1.0;
                let most = (room / (size * 0.6)) as usize;
                let s: String = match s.chars().count() > most {
                    true => s
                        .chars()
                        .take(most.saturating_sub(1))
                        .chain(['…'])
                        .collect(),
                    false => s.to_string(),
                };
                text(
                    svg,
                    x0 + fields[i] * column_w,
                    y,
                    size,
                    weight,
                    "#1a1a1a",
                    &s,
                );
            };
            for (i, h) in headers.iter().enumerate() {
                cell(&mut svg, i, top, "bold", h);
            }
            let _ = write!(
                svg,
                r##"<path d="M{x0:.2} {:.2}H{:.2}" stroke="#1a1a1a" stroke-width="0.2"/>"##,
                top + 1.2,
                x0 + column_w
            );
            for (r, &v) in column.iter().enumerate() {
                let n = p * rows * 2 + c * rows + r + 1;
                let y = top + row_h * (r + 1) as f64;
                if r % 2 == 1 {
                    let _ = write!(
                        svg,
                        r##"<rect x="{x0:.2}" y="{:.2}" width="{column_w:.2}" height="{row_h:.2}" fill="#f2f2f2"/>"##,
                        y - size * 1.1
                    );
                }
                for (i, s) in key_line(t, dataset, eval, n, v).iter().enumerate() {
                    cell(&mut svg, i, y, "normal", s);
                }
            }
        }
        svg.push_str("</svg>\n");
        pages.push(svg);
    }
    pages
}

/// The footnotes under the map frame: parameters, filters, sources, date.
fn footnotes_svg(svg: &mut String, footnotes: &[String], frame: &Frame) {
    let mut y = frame.y + frame.h + 2.0 + NOTE_MM;
    for line in footnotes {
        text(svg, MARGIN, y, NOTE_MM, "normal", "#333333", line);
        y += NOTE_MM * 1.35;
    }
}

/// The map frame on the sheet, in millimetres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Frame {
    /// True for a point within `margin` mm of the frame.
    pub fn holds(&self, p: [f64; 2], margin: f64) -> bool {
        p[0] >= self.x - margin
            && p[0] <= self.x + self.w + margin
            && p[1] >= self.y - margin
            && p[1] <= self.y + self.h + margin
    }
}

fn headline(t: &Texts, f: &Figures, required: Generation) -> String {
    let mut parts = vec![t.covered(f, required)];
    parts.push((t.flagged_count)(f.flagged));
    parts.push(t.flagged_by_class(f, required));
    if f.not_surveyed > 0 {
        parts.push((t.not_surveyed_count)(f.not_surveyed));
    }
    parts.join(" · ")
}

fn communes_svg(
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
fn names_svg(
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
fn background_areas_svg(
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
fn background_lines_svg(
    svg: &mut String,
    shapes: &BackgroundShapes,
    opacity: f32,
    frame: &Frame,
    world: &impl Fn([f64; 2]) -> [f64; 2],
) {
    for (style, points, _) in &shapes.lines {
        let mut d = String::new();
        let mut last: Option<[f64; 2]> = None;
        for w in points {
            let p = world(*w);
            if last.is_some_and(|l| (l[0] - p[0]).hypot(l[1] - p[1]) < 0.1) {
                continue;
            }
            let _ = write!(
                d,
                "{}{:.2} {:.2}",
                if last.is_none() { "M" } else { "L" },
                p[0],
                p[1]
            );
            last = Some(p);
        }
        let _ = write!(
            svg,
            r#"<path d="{d}" fill="none" stroke="{}" stroke-opacity="{opacity:.2}" stroke-width="{:.2}" stroke-linecap="round" stroke-linejoin="round"/>"#,
            hex(style.colour),
            f64::from(style.width_px) * PX_MM
        );
    }
    for (style, at) in &shapes.points {
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

/// An SVG path of a multipolygon on the sheet, points closer than 0.1 mm merged.
fn path_data(shape: &geo::MultiPolygon<f64>, place: &impl Fn(f64, f64) -> [f64; 2]) -> String {
    let mut d = String::new();
    let rings = shape
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
    for ring in rings {
        let mut last: Option<[f64; 2]> = None;
        let mut n = 0;
        for c in ring.coords() {
            let p = place(c.x, c.y);
            if last.is_some_and(|l| (l[0] - p[0]).hypot(l[1] - p[1]) < 0.1) {
                continue;
            }
            let _ = write!(
                d,
                "{}{:.2} {:.2}",
                if n == 0 { "M" } else { "L" },
                p[0],
                p[1]
            );
            last = Some(p);
            n += 1;
        }
        if n > 0 {
            d.push('Z');
        }
    }
    d
}

fn samples_svg(
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
        &dataset.sample_index,
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

/// The flagged villages in the sheet's frame, in the order the key lists them (by commune,
/// then by name): the number of each on the map is its place here, from 1.
fn keyed_villages(dataset: &Dataset, eval: &Evaluation, layout: &SheetLayout) -> Vec<usize> {
    let commune_of = |v: usize| {
        (dataset.village_commune[v]).map_or("", |c| dataset.communes[c as usize].name.as_str())
    };
    let mut key: Vec<usize> = (eval.villages.iter().enumerate())
        .filter(|(_, o)| o.flagged)
        .map(|(v, _)| v)
        .filter(|&v| {
            let p = dataset.villages[v].location;
            layout.frame.holds(layout.place(p.x(), p.y()), 0.0)
        })
        .collect();
    key.sort_by(|&a, &b| {
        (commune_of(a).cmp(commune_of(b)))
            .then_with(|| dataset.villages[a].name.cmp(&dataset.villages[b].name))
            .then(a.cmp(&b))
    });
    key
}

/// The villages' markers, flagged ones on top and numbered as in `key`; every village named
/// too where few are in the frame (a commune's sheet). A number or name goes beside its
/// marker on the first side where it covers no other. Returns the boxes the markers and
/// their labels take (in the frame's millimetres), for the place names to keep clear of.
fn villages_svg(
    svg: &mut String,
    dataset: &Dataset,
    eval: &Evaluation,
    frame: &Frame,
    place: &impl Fn(f64, f64) -> [f64; 2],
    key: &[usize],
) -> Vec<labels::Keep> {
    let required = eval.params.required;
    let mut shown: Vec<(VillageClass, [f64; 2], usize)> = (eval.villages.iter().enumerate())
        .map(|(v, o)| {
            let p = dataset.villages[v].location;
            (VillageClass::of(o, required), place(p.x(), p.y()), v)
        })
        .filter(|(_, p, _)| frame.holds(*p, 3.0))
        .collect();
    shown.sort_by_key(|(class, _, _)| class.draw_order());
    let local = |p: [f64; 2]| [p[0] - frame.x, p[1] - frame.y];
    let mut taken: Vec<labels::Keep> = Vec::new();
    for (class, p, _) in &shown {
        marker_svg(svg, *p, &class.marker(), 1.0);
        if class.is_flagged() {
            let r = f64::from(class.marker().radius_px) * PX_MM;
            let c = local(*p);
            taken.push(labels::Keep {
                min: [c[0] - r, c[1] - r],
                max: [c[0] + r, c[1] + r],
            });
        }
    }
    let few = shown.len() <= MAX_VILLAGE_LABELS;
    let number = |v: usize| key.iter().position(|&k| k == v).map(|i| i + 1);
    // Flagged villages labelled first, so their numbers get the best places.
    for (class, p, v) in shown.iter().rev() {
        let name = &dataset.villages[*v].name;
        let text = match (number(*v), few) {
            (Some(n), true) => format!("{n} {name}"),
            (Some(n), false) => n.to_string(),
            (None, true) => name.clone(),
            (None, false) => continue,
        };
        let r = f64::from(class.marker().radius_px) * PX_MM;
        let size = if class.is_flagged() {
            LABEL_MM * 1.1
        } else {
            LABEL_MM
        };
        let w = text.chars().count() as f64 * size * 0.6;
        let c = local(*p);
        // Right, left, above, below the marker: the first side that covers no other label.
        let sides = [
            [c[0] + r + 0.5 + w / 2.0, c[1]],
            [c[0] - r - 0.5 - w / 2.0, c[1]],
            [c[0], c[1] - r - 0.4 - size / 2.0],
            [c[0], c[1] + r + 0.4 + size / 2.0],
        ];
        let boxed = |m: [f64; 2]| labels::Keep {
            min: [m[0] - w / 2.0, m[1] - size / 2.0],
            max: [m[0] + w / 2.0, m[1] + size / 2.0],
        };
        let at = (sides.iter())
            .find(|m| !taken.iter().any(|k| k.overlaps(&boxed(**m))))
            .unwrap_or(&sides[0]);
        taken.push(boxed(*at));
        let (weight, fill) = match class.is_flagged() {
            true => ("bold", "#111111"),
            false => ("normal", "#1a1a1a"),
        };
        let (x, y) = (frame.x + at[0], frame.y + at[1] + size * 0.35);
        halo_text(svg, x, y, size, "middle", weight, fill, &text);
    }
    taken
}

fn marker_svg(svg: &mut String, p: [f64; 2], m: &Marker, scale: f64) {
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

fn north_arrow(svg: &mut String, t: &Texts, x: f64, y: f64) {
    let _ = write!(
        svg,
        r##"<g><circle cx="{x}" cy="{}" r="5.2" fill="#ffffff" fill-opacity="0.8"/><path d="M{x} {} L{} {} L{x} {} Z" fill="#1a1a1a"/><path d="M{x} {} L{} {} L{x} {} Z" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.2"/></g>"##,
        y + 5.0,
        y + 1.5,
        x + 2.2,
        y + 8.0,
        y + 6.6,
        y + 1.5,
        x - 2.2,
        y + 8.0,
        y + 6.6,
    );
    text_anchored(svg, x, y + 1.0, 2.6, "bold", "middle", "#1a1a1a", t.north);
}

fn scale_bar_svg(svg: &mut String, view: &MapView, projection: &Projection, frame: &Frame) {
    let bar = scale_bar(view, projection, 40.0);
    let x1 = frame.x + frame.w - 6.0;
    let x0 = x1 - bar.px;
    let y = frame.y + frame.h - 5.0;
    let _ = write!(
        svg,
        r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="8" rx="0.8" fill="#ffffff" fill-opacity="0.85"/>"##,
        x0 - 3.0,
        y - 5.5,
        bar.px + 6.0
    );
    let half = bar.px / 2.0;
    let _ = write!(
        svg,
        r##"<rect x="{x0:.2}" y="{:.2}" width="{half:.2}" height="1.2" fill="#1a1a1a"/><rect x="{:.2}" y="{:.2}" width="{half:.2}" height="1.2" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.2"/><rect x="{x0:.2}" y="{:.2}" width="{:.2}" height="1.2" fill="none" stroke="#1a1a1a" stroke-width="0.2"/>"##,
        y - 1.2,
        x0 + half,
        y - 1.2,
        y - 1.2,
        bar.px
    );
    text_anchored(svg, x0, y - 2.0, 2.2, "normal", "middle", "#1a1a1a", "0");
    text_anchored(
        svg,
        x1,
        y - 2.0,
        2.2,
        "normal",
        "middle",
        "#1a1a1a",
        &bar.label,
    );
}

/// One legend, from `y` down; returns where the next starts.
fn legend_svg(
    svg: &mut String,
    t: &Texts,
    legend: &Legend,
    required: Generation,
    x: f64,
    mut y: f64,
) -> f64 {
    text(
        svg,
        x,
        y,
        LEGEND_TITLE_MM,
        "bold",
        "#1a1a1a",
        &t.legend_title(legend.title_key),
    );
    y += 2.0;
    let edge = "#4d4d4d";
    for entry in &legend.entries {
        let (sx, sy, sw, sh) = (x, y, 6.0, 3.6);
        let centre = [sx + sw / 2.0, sy + sh / 2.0];
        let _ = match entry.shape {
            Swatch::Marker(m) => {
                marker_svg(svg, centre, &m, 1.0);
                Ok(())
            }
            Swatch::Dot => write!(
                svg,
                r#"<rect x="{:.2}" y="{:.2}" width="2.2" height="2.2" fill="{}"/>"#,
                centre[0] - 1.1,
                centre[1] - 1.1,
                hex(entry.colour)
            ),
            Swatch::Fill => write!(
                svg,
                r#"<rect x="{sx:.2}" y="{sy:.2}" width="{sw}" height="{sh}" fill="{}" fill-opacity="0.85" stroke="{edge}" stroke-width="0.2"/>"#,
                hex(entry.colour)
            ),
            Swatch::NoFill => write!(
                svg,
                r#"<rect x="{sx:.2}" y="{sy:.2}" width="{sw}" height="{sh}" fill="none" stroke="{edge}" stroke-width="0.2"/>"#
            ),
        };
        text(
            svg,
            x + sw + 2.0,
            y + sh / 2.0 + TEXT_MM * 0.36,
            TEXT_MM,
            "normal",
            "#1a1a1a",
            &t.legend_label(&entry.label, required),
        );
        y += sh + 1.2;
    }
    y + 3.5
}

/// The rule's parameters behind the classes, under the legends.
fn rule_svg(svg: &mut String, t: &Texts, eval: &Evaluation, x: f64, mut y: f64) -> f64 {
    let p = &eval.params;
    text(svg, x, y, LEGEND_TITLE_MM, "bold", "#1a1a1a", t.rule_title);
    y += LEGEND_TITLE_MM + 1.5;
    let short = (t.rule_short)(p.radius_m, p.min_samples, p.min_share * 100.0);
    let mut lines = wrap(&short, LEGEND_WIDTH, TEXT_MM * 0.9);
    lines.push(t.good_sample.to_string());
    for g in Generation::ALL {
        lines.push(format!(
            "  {} {} ≥ {} dBm",
            g.label(),
            measure_name(g),
            style::dbm_text(p.threshold_dbm(g))
        ));
    }
    for line in lines {
        text(svg, x, y, TEXT_MM * 0.9, "normal", "#1a1a1a", &line);
        y += TEXT_MM * 1.3;
    }
    y
}

/// What each technology's signal is called in drive-test reports.
fn measure_name(g: Generation) -> &'static str {
    match g {
        Generation::G2 => "RxLev",
        Generation::G3 => "RSCP",
        Generation::G4 => "RSRP",
        Generation::G5 => "SS-RSRP",
    }
}

/// The lines under the map: the rule in a sentence, the filters, the sources and the date.
fn footnotes(
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &MapSheet,
    t: &Texts,
    width: f64,
) -> Vec<String> {
    let p = &eval.params;
    let thresholds: Vec<String> = (Generation::ALL.iter())
        .map(|&g| {
            format!(
                "{} ≥ {} dBm",
                g.label(),
                style::dbm_text(p.threshold_dbm(g))
            )
        })
        .collect();
    let rule = format!(
        "{} {} {}.",
        (t.rule_sentence)(
            p.radius_m,
            p.min_samples,
            p.min_share * 100.0,
            p.required.label()
        ),
        t.good_sample,
        thresholds.join(", ")
    );
    let filters = filters_text(t, &p.filters);
    let span = sample_span(dataset, sheet.lang);
    // A shapefile's .dbf is read with its .shp: one name says both.
    let is_dbf = |p: &Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("dbf"));
    let files: Vec<String> = (dataset.files.iter())
        .filter(|f| !is_dbf(&f.path))
        .map(|f| {
            let name = crate::io::paths::file_name(&f.path);
            format!("{}: {name}", t.role(f.role))
        })
        .collect();
    let mut sources = format!(
        "{}: {}; {}.",
        t.sources,
        files.join("; "),
        (t.samples_span)(
            &crate::numbers::count_text(sheet.lang, dataset.samples.len() as u64),
            &span
        )
    );
    let shown: Vec<String> = (dataset.background.iter())
        .filter(|b| sheet.layers.background_of(&b.path).0)
        .map(|b| match b.is_openstreetmap() {
            true => format!("{} (© OpenStreetMap contributors)", b.title()),
            false => b.title(),
        })
        .collect();
    if !shown.is_empty() {
        let _ = write!(sources, " {}: {}.", t.background_layers, shown.join("; "));
    }
    let date = match sheet.lang {
        Lang::Vi => sheet.made_on.format("%d/%m/%Y").to_string(),
        Lang::En => sheet.made_on.format("%-d %B %Y").to_string(),
    };
    let made = format!("{} {}.", (t.made_on)(&date), env!("CARGO_PKG_VERSION"));
    [rule, filters, sources, made]
        .iter()
        .flat_map(|line| wrap(line, width, NOTE_MM))
        .collect()
}

fn filters_text(t: &Texts, f: &crate::rule::Filters) -> String {
    if f.is_empty() {
        return t.filters_none.to_string();
    }
    let mut parts = Vec::new();
    if !f.operators.is_empty() {
        let names: Vec<String> = f.operators.iter().map(|o| o.label()).collect();
        parts.push(format!("{} {}", t.operators_used, names.join(", ")));
    }
    if !f.technologies.is_empty() {
        let names: Vec<String> = f.technologies.iter().map(|x| x.to_string()).collect();
        parts.push(format!("{} {}", t.technologies_used, names.join(", ")));
    }
    if f.from.is_some() || f.to.is_some() {
        let day =
            |d: Option<NaiveDate>| d.map_or("…".into(), |d| d.format("%d/%m/%Y").to_string());
        parts.push(format!(
            "{} {} {} {}",
            t.date_from,
            day(f.from),
            t.date_to,
            day(f.to)
        ));
    }
    (t.filters_line)(&parts.join("; "))
}

/// " (3/2026 – 6/2026)": the days the samples were taken, Vietnam time, when they have times.
fn sample_span(dataset: &Dataset, lang: Lang) -> String {
    let days = (dataset.samples.iter())
        .filter(|s| s.has_time())
        .map(|s| (s.time_s + 7 * 3600).div_euclid(86_400));
    let (Some(first), Some(last)) = (days.clone().min(), days.max()) else {
        return String::new();
    };
    let date = |d: i64| {
        NaiveDate::from_num_days_from_ce_opt((d + 719_163) as i32).map_or(String::new(), |d| {
            match lang {
                Lang::Vi => d.format("%d/%m/%Y").to_string(),
                Lang::En => d.format("%-d %b %Y").to_string(),
            }
        })
    };
    format!(", {} – {}", date(first), date(last))
}

/// Lines of at most `width` mm in a font of `size` mm, broken at spaces. DejaVu Sans
/// averages a little under 0.6 em a letter.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let per_line = ((width / (size * 0.58)) as usize).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count() + 1 + word.chars().count();
        if !line.is_empty() && len > per_line {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn text(svg: &mut String, x: f64, y: f64, size: f64, weight: &str, fill: &str, s: &str) {
    text_anchored(svg, x, y, size, weight, "start", fill, s);
}

#[allow(clippy::too_many_arguments)]
fn text_anchored(
    svg: &mut String,
    x: f64,
    y: f64,
    size: f64,
    weight: &str,
    anchor: &str,
    fill: &str,
    s: &str,
) {
    let _ = write!(
        svg,
        r#"<text x="{x:.2}" y="{y:.2}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" fill="{fill}">{}</text>"#,
        escape(s)
    );
}

/// A label readable over any fill: the text drawn over a white outline of itself.
#[allow(clippy::too_many_arguments)]
fn halo_text(
    svg: &mut String,
    x: f64,
    y: f64,
    size: f64,
    anchor: &str,
    weight: &str,
    fill: &str,
    s: &str,
) {
    let _ = write!(
        svg,
        r##"<text x="{x:.2}" y="{y:.2}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" fill="{fill}" stroke="#ffffff" stroke-width="{:.2}" stroke-opacity="0.85" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
        size * 0.22,
        escape(s)
    );
}

fn hex(c: Rgba) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_break_at_spaces_within_the_width() {
        let lines = wrap("một hai ba bốn năm ".repeat(20).trim_end(), 60.0, 2.2);
        assert!(lines.len() > 2);
        let most = (60.0 / (2.2 * 0.58)) as usize;
        assert!(lines.iter().all(|l| l.chars().count() <= most));
        assert_eq!(lines.join(" ").split(' ').count(), 100);
    }

    #[test]
    fn names_with_markup_characters_stay_text() {
        assert_eq!(
            escape("Nà <Phặc> & \"Cốc\""),
            "Nà &lt;Phặc&gt; &amp; &quot;Cốc&quot;"
        );
    }
}
