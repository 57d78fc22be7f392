//! The annex tables as printed pages (`annexes.pdf`): A4 landscape, the label, title and
//! subtitle centred over each annex, the header row on every page, part and group headings
//! across the table, texts wrapped in their cells, the totals in bold.

use super::annex::{Annex, RowKind};
use super::map::Paper;
use super::pages::pdf::{PdfPage, pdf};
use super::pages::{Anchor, HEADER_FILL, INK, MUTED, PART_FILL, Page, wrap};
use crate::lang::Lang;

/// Text of the tables (mm): about 8 pt.
const CELL_MM: f64 = 2.8;
/// Space around a cell's text (mm).
const PAD_MM: f64 = 1.0;
/// Line height of the tables (mm).
const LINE_MM: f64 = CELL_MM * 1.3;
const PAGE_MARGIN_MM: f64 = 15.0;

/// The annex tables as a PDF of A4 landscape pages, each annex from a new page.
pub fn annexes_pdf(annexes: &[Annex], lang: Lang) -> Result<Vec<u8>, String> {
    let pages = annex_pages(annexes, lang);
    let pages: Vec<PdfPage> = pages.iter().map(PdfPage::Marks).collect();
    pdf(&pages)
}

/// The pages of every annex, each annex from a new page.
pub fn annex_pages(annexes: &[Annex], lang: Lang) -> Vec<Page> {
    let mut pages = Vec::new();
    for annex in annexes {
        pages.extend(one_annex(annex, lang));
    }
    pages
}

/// A row laid out: each cell's lines, and its height.
struct Laid {
    kind: RowKind,
    cells: Vec<(Vec<String>, bool)>,
    height: f64,
}

fn lay_out(annex: &Annex, lang: Lang, widths: &[f64], table_w: f64) -> (Laid, Vec<Laid>) {
    let wrap_cell = |text: &str, width: f64| wrap(text, width - 2.0 * PAD_MM, CELL_MM);
    let header_cells: Vec<(Vec<String>, bool)> = (annex.headers.iter().zip(widths))
        .map(|(h, &w)| (wrap_cell(h, w), false))
        .collect();
    let lines = |cells: &[(Vec<String>, bool)]| cells.iter().map(|c| c.0.len()).max().unwrap_or(1);
    let header = Laid {
        kind: RowKind::Item,
        height: lines(&header_cells) as f64 * LINE_MM + 2.0 * PAD_MM,
        cells: header_cells,
    };
    let rows = (annex.rows.iter())
        .map(|r| {
            let cells: Vec<(Vec<String>, bool)> = match r.kind {
                RowKind::Part | RowKind::Group => {
                    let text = r.cells.first().map(|c| c.text(lang)).unwrap_or_default();
                    vec![(wrap_cell(&text, table_w), false)]
                }
                _ => (r.cells.iter().zip(widths))
                    .map(|(c, &w)| (wrap_cell(&c.text(lang), w), c.is_number()))
                    .collect(),
            };
            Laid {
                kind: r.kind,
                height: lines(&cells).max(1) as f64 * LINE_MM + 2.0 * PAD_MM,
                cells,
            }
        })
        .collect();
    (header, rows)
}

fn one_annex(annex: &Annex, lang: Lang) -> Vec<Page> {
    let [pw, ph] = Paper::A4.size_mm();
    let table_w = pw - 2.0 * PAGE_MARGIN_MM;
    let sum: f32 = annex.widths.iter().sum();
    let widths: Vec<f64> = (annex.widths.iter())
        .map(|w| f64::from(w / sum) * table_w)
        .collect();
    let (header, rows) = lay_out(annex, lang, &widths, table_w);
    let mut pages = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() || pages.is_empty() {
        let mut page = Page::new([pw, ph]);
        let mut y = PAGE_MARGIN_MM;
        if pages.is_empty() {
            for (s, size, bold) in [
                (annex.label.as_str(), 4.2, true),
                (&annex.title.to_uppercase(), 4.2, true),
                (annex.subtitle.as_str(), 3.2, false),
            ] {
                y += size * 1.2;
                page.text(pw / 2.0, y, size, bold, Anchor::Middle, INK, s);
            }
            y += 3.0;
        }
        y = row_marks(&mut page, &header, &widths, y, true);
        let bottom = ph - PAGE_MARGIN_MM;
        while let Some(row) = rows.next_if(|row| y + row.height <= bottom) {
            y = row_marks(&mut page, &row, &widths, y, false);
        }
        let page_no = (lang.texts().key_page_of)(pages.len() + 1);
        let footer = format!("{} · {page_no}", annex.label);
        page.text(
            pw - PAGE_MARGIN_MM,
            ph - 6.0,
            2.5,
            false,
            Anchor::End,
            MUTED,
            footer,
        );
        pages.push(page);
    }
    pages
}

/// One row at `y` with its cell boxes; returns where the next starts.
fn row_marks(page: &mut Page, row: &Laid, widths: &[f64], y: f64, header: bool) -> f64 {
    let x0 = PAGE_MARGIN_MM;
    let full: f64 = widths.iter().sum();
    let spans = matches!(row.kind, RowKind::Part | RowKind::Group);
    let fill = match (header, row.kind) {
        (true, _) => Some(HEADER_FILL),
        (_, RowKind::Part) => Some(PART_FILL),
        _ => None,
    };
    if let Some(fill) = fill {
        page.fill(x0, y, full, row.height, fill);
    }
    let bold = header || row.kind != RowKind::Item;
    let mut x = x0;
    let cell_widths: Vec<f64> = if spans { vec![full] } else { widths.to_vec() };
    for ((lines, right), w) in row.cells.iter().zip(&cell_widths) {
        page.outline(x, y, *w, row.height, INK, 0.15);
        for (k, line) in lines.iter().enumerate() {
            let ty = y + PAD_MM + CELL_MM + k as f64 * LINE_MM;
            let (tx, anchor) = match (header, right) {
                (true, _) => (x + w / 2.0, Anchor::Middle),
                (_, true) => (x + w - PAD_MM, Anchor::End),
                _ => (x + PAD_MM, Anchor::Start),
            };
            page.text(tx, ty, CELL_MM, bold, anchor, INK, line.as_str());
        }
        x += w;
    }
    y + row.height
}
