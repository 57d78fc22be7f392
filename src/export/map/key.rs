//! The key of the numbered villages: which flagged villages a sheet numbers, in which order,
//! and the list, beside the map when it fits there, else on the pages after it.

use super::*;

/// One line of the key: "12. Nà Bản (Xã Nông Hạ): Lõm sóng, −117 dBm".
pub(super) fn key_line(
    t: &Texts,
    dataset: &Dataset,
    eval: &Evaluation,
    n: usize,
    v: usize,
) -> [String; 5] {
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
pub(super) const KEY_LINE_MM: f64 = NOTE_MM * 1.45;

/// The key of the numbered villages under the legend when it fits there; else a line saying
/// the key is on the next page of the PDF (and in the Excel report).
#[allow(clippy::too_many_arguments)]
pub(super) fn key_on_sheet_svg(
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
    if !sheet.layers.villages || key.is_empty() || sheet.changes.is_some() {
        return Vec::new();
    }
    let mut probe = String::new();
    let top = legends_svg(&mut probe, t, sheet, eval, &layout.frame);
    let beside = key_on_sheet_svg(&mut probe, t, dataset, eval, &key, &layout.frame, top);
    match beside {
        true => Vec::new(),
        false => key_table_pages(t, dataset, eval, sheet, &layout, &key),
    }
}

/// The key as a table (No., village, commune, class, best signal) in two columns a page,
/// as many pages as it takes.
pub(super) fn key_table_pages(
    t: &Texts,
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &MapSheet,
    layout: &SheetLayout,
    key: &[usize],
) -> Vec<String> {
    let [pw, ph] = sheet.paper.size_mm();
    let table = KeyTable {
        top: MARGIN + TITLE_MM + 4.0 + SUBTITLE_MM + 4.0,
        column_w: (pw - 2.0 * MARGIN - GAP) / 2.0,
        headers: [
            t.key_number.to_string(),
            t.village.to_string(),
            t.commune.to_string(),
            t.status.to_string(),
            (t.best_signal_of)(eval.params.required.label()),
        ],
    };
    let rows = (((ph - MARGIN - table.top) / KEY_ROW_MM) as usize)
        .saturating_sub(1)
        .max(1);
    let title = (t.key_page_title)(key.len());
    let map_title = sheet_title(t, sheet, &layout.subject, eval.params.required);
    let mut pages = Vec::new();
    for (p, page) in key.chunks(rows * 2).enumerate() {
        let mut svg = String::new();
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{pw}mm" height="{ph}mm" viewBox="0 0 {pw} {ph}" font-family="DejaVu Sans"><rect width="{pw}" height="{ph}" fill="#ffffff"/>"##
        );
        let (x, y) = (MARGIN, MARGIN + TITLE_MM);
        text(&mut svg, x, y, TITLE_MM * 0.8, "bold", "#1a1a1a", &title);
        let subtitle = format!("{} · {map_title}", (t.key_page_of)(p + 2));
        let y = y + 3.0 + SUBTITLE_MM;
        text(&mut svg, x, y, SUBTITLE_MM, "normal", "#333333", &subtitle);
        for (c, column) in page.chunks(rows).enumerate() {
            let x0 = MARGIN + c as f64 * (table.column_w + GAP);
            let lines = (column.iter().enumerate())
                .map(|(r, &v)| key_line(t, dataset, eval, p * rows * 2 + c * rows + r + 1, v));
            table.column_svg(&mut svg, x0, lines);
        }
        svg.push_str("</svg>\n");
        pages.push(svg);
    }
    pages
}

/// The text size and row height of the key's table, in millimetres.
const KEY_TEXT_MM: f64 = NOTE_MM * 1.1;
const KEY_ROW_MM: f64 = KEY_TEXT_MM * 1.6;
/// Where each field starts in a column of the key's table, as shares of its width.
const KEY_FIELDS: [f64; 5] = [0.0, 0.06, 0.35, 0.58, 0.78];

/// The key's table on a page: where it starts, how wide a column is, its headers.
struct KeyTable {
    top: f64,
    column_w: f64,
    headers: [String; 5],
}

impl KeyTable {
    /// One column of the table at `x0`: the headers, a rule, then the rows, every other one
    /// shaded; a field too long for its place ends in "…".
    fn column_svg(&self, svg: &mut String, x0: f64, lines: impl Iterator<Item = [String; 5]>) {
        let size = KEY_TEXT_MM;
        let cell = |svg: &mut String, i: usize, y: f64, weight: &str, s: &str| {
            let width = KEY_FIELDS.get(i + 1).unwrap_or(&1.0) - KEY_FIELDS[i];
            let most = ((width * self.column_w - 1.0) / (size * 0.6)) as usize;
            let s: String = match s.chars().count() > most {
                true => (s.chars().take(most.saturating_sub(1)))
                    .chain(['…'])
                    .collect(),
                false => s.to_string(),
            };
            let x = x0 + KEY_FIELDS[i] * self.column_w;
            text(svg, x, y, size, weight, "#1a1a1a", &s);
        };
        for (i, h) in self.headers.iter().enumerate() {
            cell(svg, i, self.top, "bold", h);
        }
        let _ = write!(
            svg,
            r##"<path d="M{x0:.2} {:.2}H{:.2}" stroke="#1a1a1a" stroke-width="0.2"/>"##,
            self.top + 1.2,
            x0 + self.column_w
        );
        for (r, line) in lines.enumerate() {
            let y = self.top + KEY_ROW_MM * (r + 1) as f64;
            if r % 2 == 1 {
                let _ = write!(
                    svg,
                    r##"<rect x="{x0:.2}" y="{:.2}" width="{:.2}" height="{KEY_ROW_MM:.2}" fill="#f2f2f2"/>"##,
                    y - size * 1.1,
                    self.column_w
                );
            }
            for (i, s) in line.iter().enumerate() {
                cell(svg, i, y, "normal", s);
            }
        }
    }
}

/// The flagged villages in the sheet's frame, in the order the key lists them (by commune,
/// then by name): the number of each on the map is its place here, from 1.
pub(super) fn keyed_villages(
    dataset: &Dataset,
    eval: &Evaluation,
    layout: &SheetLayout,
) -> Vec<usize> {
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
