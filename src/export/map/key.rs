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
    key: &Key,
    frame: &Frame,
    top: f64,
) -> bool {
    let x = frame.x + frame.w + GAP;
    let mut y = top + 2.0 + LEGEND_TITLE_MM;
    if key.numbered.is_empty() {
        if key.flagged > 0 {
            text(
                svg,
                x,
                y,
                LEGEND_TITLE_MM,
                "bold",
                "#1a1a1a",
                t.key_title_unnumbered,
            );
            y += LEGEND_TITLE_MM + 1.0;
            let n = crate::numbers::count_text(t.lang, key.flagged as u64);
            for line in wrap(&(t.key_too_many)(&n), LEGEND_WIDTH, NOTE_MM) {
                text(svg, x, y, NOTE_MM, "normal", "#1a1a1a", &line);
                y += KEY_LINE_MM;
            }
        }
        return true;
    }
    let key = &key.numbered;
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
pub fn key_pages(dataset: &Dataset, eval: &Evaluation, sheet: &MapSheet) -> Vec<Page> {
    let t = sheet.lang.texts();
    let layout = SheetLayout::new(dataset, eval, sheet);
    let key = keyed_villages(dataset, eval, &layout);
    if !sheet.layers.villages || key.numbered.is_empty() || sheet.changes.is_some() {
        return Vec::new();
    }
    let mut probe = String::new();
    let top = legends_svg(&mut probe, t, sheet, eval, &layout.frame);
    let beside = key_on_sheet_svg(&mut probe, t, dataset, eval, &key, &layout.frame, top);
    match beside {
        true => Vec::new(),
        false => key_table_pages(t, dataset, eval, sheet, &layout, &key.numbered),
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
) -> Vec<Page> {
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
    for (p, chunk) in key.chunks(rows * 2).enumerate() {
        let mut page = Page::new([pw, ph]);
        let (x, y) = (MARGIN, MARGIN + TITLE_MM);
        page.text(
            x,
            y,
            TITLE_MM * 0.8,
            true,
            Anchor::Start,
            INK,
            title.as_str(),
        );
        let subtitle = format!("{} · {map_title}", (t.key_page_of)(p + 2));
        let y = y + 3.0 + SUBTITLE_MM;
        page.text(x, y, SUBTITLE_MM, false, Anchor::Start, SECONDARY, subtitle);
        for (c, column) in chunk.chunks(rows).enumerate() {
            let x0 = MARGIN + c as f64 * (table.column_w + GAP);
            let lines = (column.iter().enumerate())
                .map(|(r, &v)| key_line(t, dataset, eval, p * rows * 2 + c * rows + r + 1, v));
            table.column(&mut page, x0, lines);
        }
        pages.push(page);
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
    fn column(&self, page: &mut Page, x0: f64, lines: impl Iterator<Item = [String; 5]>) {
        let size = KEY_TEXT_MM;
        let cell = |page: &mut Page, i: usize, y: f64, bold: bool, s: &str| {
            let width = KEY_FIELDS.get(i + 1).unwrap_or(&1.0) - KEY_FIELDS[i];
            let most = ((width * self.column_w - 1.0) / (size * 0.6)) as usize;
            let s: String = match s.chars().count() > most {
                true => (s.chars().take(most.saturating_sub(1)))
                    .chain(['…'])
                    .collect(),
                false => s.to_string(),
            };
            let x = x0 + KEY_FIELDS[i] * self.column_w;
            page.text(x, y, size, bold, Anchor::Start, INK, s);
        };
        for (i, h) in self.headers.iter().enumerate() {
            cell(page, i, self.top, true, h);
        }
        let rule_y = self.top + 1.2;
        page.line([x0, rule_y], [x0 + self.column_w, rule_y], INK, 0.2);
        for (r, line) in lines.enumerate() {
            let y = self.top + KEY_ROW_MM * (r + 1) as f64;
            if r % 2 == 1 {
                page.fill(x0, y - size * 1.1, self.column_w, KEY_ROW_MM, STRIPE_FILL);
            }
            for (i, s) in line.iter().enumerate() {
                cell(page, i, y, false, s);
            }
        }
    }
}

/// Above this many flagged villages in a sheet's frame (a whole country, say) their numbers
/// would bury the map and its key would run to hundreds of pages: the sheet numbers none and
/// says where they are listed (the report's annex), and a province or commune sheet numbers
/// them.
pub(super) const MAX_NUMBERED_VILLAGES: usize = 300;

/// Which flagged villages a sheet numbers.
#[derive(Clone, Debug, Default)]
pub(super) struct Key {
    /// The numbered villages in the order the key lists them (by commune, then by name): the
    /// number of each on the map is its place here, from 1. Empty when there are too many.
    pub numbered: Vec<usize>,
    /// The flagged villages in the frame, numbered or not.
    pub flagged: usize,
}

impl Key {
    /// The number of village `v` on the map, from 1, if it has one.
    pub fn number_of(&self) -> impl Fn(usize) -> Option<usize> + '_ {
        let numbers: std::collections::HashMap<usize, usize> = (self.numbered.iter().enumerate())
            .map(|(i, &v)| (v, i + 1))
            .collect();
        move |v| numbers.get(&v).copied()
    }
}

/// The flagged villages in the sheet's frame and, unless there are more than
/// [`MAX_NUMBERED_VILLAGES`], the numbers they carry.
pub(super) fn keyed_villages(dataset: &Dataset, eval: &Evaluation, layout: &SheetLayout) -> Key {
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
    let flagged = key.len();
    if flagged > MAX_NUMBERED_VILLAGES {
        key.clear();
    }
    Key {
        numbered: key,
        flagged,
    }
}
