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

use super::pages::pdf::{PdfPage, pdf};
use super::pages::{Anchor, INK, Page, SECONDARY, STRIPE_FILL, wrap};
use super::xml::escape;
use crate::analysis::{Dataset, Evaluation};
use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::lang::Lang;
use crate::map::background::BackgroundShapes;
use crate::map::labels::{self, Rank};
use crate::map::{
    Extents, Layers, Legend, LonLatBox, MapView, Marker, MarkerShape, Projection, Rgba, Swatch,
    VillageClass, commune_box, commune_fill, crowded, rasterize, scale_bar, style,
};
use crate::model::Generation;
use crate::rollup::Figures;

mod key;
mod layers;
mod sheet;
mod svg;

pub use key::key_pages;
use key::*;
use layers::*;
use sheet::*;
pub use sheet::{Frame, SheetLayout, province_name, province_names, sheet_svg};
use svg::*;

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
    /// The map of a comparison: each village's change since the earlier analysis (by the
    /// index of the villages drawn), coloured and explained by its own legend.
    pub changes: Option<Vec<Option<crate::compare::Change>>>,
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
            changes: None,
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
    let pages = key_pages(dataset, eval, sheet);
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
    pages: &[Page],
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
            MapFormat::Pdf => parsed().and_then(|tree| {
                let map = PdfPage::Svg {
                    tree,
                    size_mm: paper.size_mm(),
                };
                let pages: Vec<PdfPage> = std::iter::once(map)
                    .chain(pages.iter().map(PdfPage::Marks))
                    .collect();
                pdf(&pages)
            }),
        })
        .collect()
}

/// The sheet's map page as a PNG at `dpi`: the picture a document carries.
pub fn sheet_png(
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &MapSheet,
    dpi: f64,
) -> std::result::Result<Vec<u8>, String> {
    let tree = parse(&sheet_svg(dataset, eval, sheet))?;
    render_png(&tree, sheet.paper, dpi)
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
