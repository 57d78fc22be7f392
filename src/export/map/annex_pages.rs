//! The annex tables as printed pages (`annexes.pdf`): A4 landscape, the label, title and
//! subtitle centred over each annex, the header row on every page, part and group headings
//! across the table, texts wrapped in their cells, the totals in bold.

use super::*;
use crate::export::annex::{Annex, RowKind};

/// Text of the tables (mm): about 8 pt.
const CELL_MM: f64 = 2.8;
/// Space around a cell's text (mm).
const PAD_MM: f64 = 1.0;
/// Line height of the tables (mm).
const LINE_MM: f64 = CELL_MM * 1.3;
const PAGE_MARGIN_MM: f64 = 15.0;

/// The pages of every annex, each annex from a new page.
pub fn annex_pages_svg(annexes: &[Annex], lang: Lang) -> Vec<String> {
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

fn one_annex(annex: &Annex, lang: Lang) -> Vec<String> {
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
        let mut svg = String::new();
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{pw}mm" height="{ph}mm" viewBox="0 0 {pw} {ph}" font-family="DejaVu Sans"><rect width="{pw}" height="{ph}" fill="#ffffff"/>"##
        );
        let mut y = PAGE_MARGIN_MM;
        if pages.is_empty() {
            for (s, size, weight) in [
                (annex.label.as_str(), 4.2, "bold"),
                (&annex.title.to_uppercase(), 4.2, "bold"),
                (annex.subtitle.as_str(), 3.2, "normal"),
            ] {
                y += size * 1.2;
                text_anchored(&mut svg, pw / 2.0, y, size, weight, "middle", "#1a1a1a", s);
            }
            y += 3.0;
        }
        y = row_svg(&mut svg, &header, &widths, y, true);
        let bottom = ph - PAGE_MARGIN_MM;
        while let Some(row) = rows.peek() {
            if y + row.height > bottom {
                break;
            }
            let row = rows.next().unwrap_or_else(|| unreachable!());
            y = row_svg(&mut svg, &row, &widths, y, false);
        }
        let page_no = (crate::lang::Lang::texts(lang).key_page_of)(pages.len() + 1);
        text_anchored(
            &mut svg,
            pw - PAGE_MARGIN_MM,
            ph - 6.0,
            2.5,
            "normal",
            "end",
            "#555555",
            &format!("{} · {page_no}", annex.label),
        );
        svg.push_str("</svg>\n");
        pages.push(svg);
    }
    pages
}

/// One row at `y` with its cell boxes; returns where the next starts.
fn row_svg(svg: &mut String, row: &Laid, widths: &[f64], y: f64, header: bool) -> f64 {
    let x0 = PAGE_MARGIN_MM;
    let full: f64 = widths.iter().sum();
    let spans = matches!(row.kind, RowKind::Part | RowKind::Group);
    let fill = match (header, row.kind) {
        (true, _) => Some("#d9d9d9"),
        (_, RowKind::Part) => Some("#eeeeee"),
        _ => None,
    };
    if let Some(fill) = fill {
        let _ = write!(
            svg,
            r#"<rect x="{x0:.2}" y="{y:.2}" width="{full:.2}" height="{:.2}" fill="{fill}"/>"#,
            row.height
        );
    }
    let bold = header || row.kind != RowKind::Item;
    let weight = if bold { "bold" } else { "normal" };
    let mut x = x0;
    let cell_widths: Vec<f64> = if spans { vec![full] } else { widths.to_vec() };
    for ((lines, right), w) in row.cells.iter().zip(&cell_widths) {
        let _ = write!(
            svg,
            r##"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{:.2}" fill="none" stroke="#1a1a1a" stroke-width="0.15"/>"##,
            row.height
        );
        for (k, line) in lines.iter().enumerate() {
            let ty = y + PAD_MM + CELL_MM + k as f64 * LINE_MM;
            match (header, right) {
                (true, _) => text_anchored(
                    svg,
                    x + w / 2.0,
                    ty,
                    CELL_MM,
                    weight,
                    "middle",
                    "#1a1a1a",
                    line,
                ),
                (_, true) => text_anchored(
                    svg,
                    x + w - PAD_MM,
                    ty,
                    CELL_MM,
                    weight,
                    "end",
                    "#1a1a1a",
                    line,
                ),
                _ => text(svg, x + PAD_MM, ty, CELL_MM, weight, "#1a1a1a", line),
            }
        }
        x += w;
    }
    y + row.height
}
