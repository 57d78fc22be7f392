//! Pages as one PDF: pages of marks written directly (text as text in the bundled fonts,
//! embedded once for the whole file), and pages drawn as SVG (the printed map) converted by
//! svg2pdf. A page of marks is written in the time it takes to format its numbers, so a report
//! of hundreds of pages takes a fraction of a second; their content streams are made on every
//! core.

use std::collections::{BTreeSet, HashMap};

use pdf_writer::{Chunk, Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};
use rayon::prelude::*;

use super::deflate;
use super::font::{PageFont, drawn_chars};
use super::{Anchor, Mark, Page};
use crate::map::Rgba;

/// One page of a PDF.
pub enum PdfPage<'a> {
    /// A page drawn as SVG, parsed, at its paper size.
    Svg {
        tree: &'a resvg::usvg::Tree,
        size_mm: [f64; 2],
    },
    Marks(&'a Page),
}

/// Points in a millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// The two fonts of the pages of marks, each with the glyphs its texts use.
struct Fonts {
    regular: PageFont,
    bold: PageFont,
}

impl Fonts {
    fn of(pages: &[&Page]) -> Result<Fonts, String> {
        let (mut regular, mut bold) = (BTreeSet::new(), BTreeSet::new());
        for page in pages {
            for mark in &page.marks {
                if let Mark::Text { text, bold: b, .. } = mark {
                    let set = if *b { &mut bold } else { &mut regular };
                    set.extend(drawn_chars(text));
                }
            }
        }
        Ok(Fonts {
            regular: PageFont::new(crate::assets::FONT_REGULAR, "PHSNGR", &regular)?,
            bold: PageFont::new(crate::assets::FONT_BOLD, "PHSNGB", &bold)?,
        })
    }
}

const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// `pages` as one PDF file, in order.
pub fn pdf(pages: &[PdfPage]) -> Result<Vec<u8>, String> {
    let marks: Vec<&Page> = (pages.iter())
        .filter_map(|p| match p {
            PdfPage::Marks(page) => Some(*page),
            PdfPage::Svg { .. } => None,
        })
        .collect();
    let fonts = Fonts::of(&marks)?;
    // The pages of marks drawn on every core, each its content stream, deflated.
    let contents: Vec<Vec<u8>> = marks
        .par_iter()
        .map(|p| deflate(&content(p, &fonts)))
        .collect();

    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let (catalog, tree_ref) = (alloc(), alloc());
    let (regular_ref, bold_ref) = (alloc(), alloc());
    let mut pdf = Pdf::new();
    let mut kids = Vec::with_capacity(pages.len());
    let mut contents = contents.into_iter();
    for page in pages {
        let (page_ref, content_ref) = (alloc(), alloc());
        let size_mm = match page {
            PdfPage::Svg { size_mm, .. } => *size_mm,
            PdfPage::Marks(p) => p.size_mm,
        };
        let (w, h) = (
            (size_mm[0] * PT_PER_MM) as f32,
            (size_mm[1] * PT_PER_MM) as f32,
        );
        let mut writer = pdf.page(page_ref);
        writer
            .media_box(Rect::new(0.0, 0.0, w, h))
            .parent(tree_ref)
            .contents(content_ref);
        match page {
            PdfPage::Svg { tree, .. } => {
                let (chunk, svg_ref) =
                    svg2pdf::to_chunk(tree, svg2pdf::ConversionOptions::default())
                        .map_err(|e| e.to_string())?;
                let mut renumbered = HashMap::new();
                let chunk: Chunk =
                    chunk.renumber(|old| *renumbered.entry(old).or_insert_with(&mut alloc));
                let svg_ref = renumbered[&svg_ref];
                let name = Name(b"S1");
                writer.resources().x_objects().pair(name, svg_ref);
                writer.finish();
                let mut content = Content::new();
                content.transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(name);
                pdf.stream(content_ref, &content.finish());
                pdf.extend(&chunk);
            }
            PdfPage::Marks(_) => {
                (writer.resources().fonts())
                    .pair(REGULAR, regular_ref)
                    .pair(BOLD, bold_ref);
                writer.finish();
                let stream = contents.next().unwrap_or_default();
                pdf.stream(content_ref, &stream).filter(Filter::FlateDecode);
            }
        }
        kids.push(page_ref);
    }
    let mut chunk = Chunk::new();
    fonts.regular.write(&mut chunk, regular_ref, &mut alloc)?;
    fonts.bold.write(&mut chunk, bold_ref, &mut alloc)?;
    pdf.extend(&chunk);
    pdf.catalog(catalog).pages(tree_ref);
    pdf.pages(tree_ref).count(kids.len() as i32).kids(kids);
    Ok(pdf.finish())
}

/// A page's marks as PDF operators: millimetres from the top-left become points from the
/// bottom-left.
fn content(page: &Page, fonts: &Fonts) -> Vec<u8> {
    let height_pt = page.size_mm[1] * PT_PER_MM;
    let x_pt = |x: f64| (x * PT_PER_MM) as f32;
    let y_pt = |y: f64| (height_pt - y * PT_PER_MM) as f32;
    let rgb = |c: Rgba| c.map(|v| f32::from(v) / 255.0);
    let mut content = Content::new();
    // Operators repeat the state only when it changes.
    let (mut fill, mut stroke, mut line_width) = (None, None, None);
    let mut set_fill = |content: &mut Content, c: Rgba| {
        if fill != Some(c) {
            let [r, g, b, _] = rgb(c);
            content.set_fill_rgb(r, g, b);
            fill = Some(c);
        }
    };
    let mut set_stroke = |content: &mut Content, c: Rgba, width_mm: f64| {
        if stroke != Some(c) {
            let [r, g, b, _] = rgb(c);
            content.set_stroke_rgb(r, g, b);
            stroke = Some(c);
        }
        let width = (width_mm * PT_PER_MM) as f32;
        if line_width != Some(width) {
            content.set_line_width(width);
            line_width = Some(width);
        }
    };
    let mut glyphs = Vec::new();
    for mark in &page.marks {
        match mark {
            Mark::Text {
                x,
                y,
                size_mm,
                bold,
                anchor,
                colour,
                text,
            } => {
                let (font, name) = match bold {
                    true => (&fonts.bold, BOLD),
                    false => (&fonts.regular, REGULAR),
                };
                glyphs.clear();
                let width_em = font.encode(text, &mut glyphs);
                let size_pt = (size_mm * PT_PER_MM) as f32;
                let shift = match anchor {
                    Anchor::Start => 0.0,
                    Anchor::Middle => width_em * size_pt / 2.0,
                    Anchor::End => width_em * size_pt,
                };
                set_fill(&mut content, *colour);
                content
                    .begin_text()
                    .set_font(name, size_pt)
                    .set_text_matrix([1.0, 0.0, 0.0, 1.0, x_pt(*x) - shift, y_pt(*y)])
                    .show(Str(&glyphs))
                    .end_text();
            }
            Mark::Rect {
                x,
                y,
                w,
                h,
                fill: inside,
                stroke: edge,
            } => {
                let (x0, y0) = (x_pt(*x), y_pt(y + h));
                let (w, h) = ((w * PT_PER_MM) as f32, (h * PT_PER_MM) as f32);
                if let Some(c) = inside {
                    set_fill(&mut content, *c);
                    content.rect(x0, y0, w, h).fill_nonzero();
                }
                if let Some((c, width_mm)) = edge {
                    set_stroke(&mut content, *c, *width_mm);
                    content.rect(x0, y0, w, h).stroke();
                }
            }
            Mark::Line {
                from,
                to,
                colour,
                width_mm,
            } => {
                set_stroke(&mut content, *colour, *width_mm);
                content
                    .move_to(x_pt(from[0]), y_pt(from[1]))
                    .line_to(x_pt(to[0]), y_pt(to[1]))
                    .stroke();
            }
        }
    }
    content.finish()
}
