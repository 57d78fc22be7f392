//! The result's tables: flagged villages, not-surveyed villages and communes, sortable and
//! filterable, their rows made off the frame.

use std::cmp::Ordering;
use std::sync::Arc;

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::Tab;
use crate::analysis::{Dataset, Evaluation};
use crate::app::{Command, Selection, Session, View};
use crate::fold::fold_letters;
use crate::i18n::Texts;
use crate::numbers::{dbm_text, decimal_text};
use crate::rule::Status;

/// Sort and filter of one table, and its rows as last shown: rebuilt only when the result,
/// the language, the filter or the sort change, not every frame (a province-wide table has
/// thousands of rows).
#[derive(Default)]
pub struct TableState {
    /// Column and ascending.
    pub sort: Option<(usize, bool)>,
    pub filter: String,
    /// The rows shown (after the filter and the sort) and how many there are in all, made
    /// off the frame.
    shown: super::off_frame::OffFrame<ShownKey, (Vec<Row>, usize)>,
    /// Each column's first width, from its header and its longest cell.
    widths: Vec<f32>,
}

/// What a table's shown rows depend on.
#[derive(Clone, PartialEq)]
struct ShownKey {
    /// The data the rows' villages and communes are of (its address).
    data: usize,
    evaluation: u64,
    lang: crate::lang::Lang,
    filter: String,
    sort: Option<(usize, bool)>,
}

impl TablesState {
    /// True while some table's rows are being made.
    pub fn is_making(&self) -> bool {
        [
            &self.flagged,
            &self.not_surveyed,
            &self.communes,
            &self.changes,
        ]
        .iter()
        .any(|t| t.shown.is_making())
    }
}

#[derive(Default)]
pub struct TablesState {
    pub flagged: TableState,
    pub not_surveyed: TableState,
    pub communes: TableState,
    pub changes: TableState,
}

/// A cell: what it shows and what it sorts by.
pub(super) enum Cell {
    Text(String),
    Number(f64, String),
}

impl Cell {
    /// A number cell with no figure, shown as a dash.
    fn is_missing(&self) -> bool {
        matches!(self, Cell::Number(v, _) if v.is_nan())
    }

    fn text(&self) -> &str {
        match self {
            Cell::Text(s) | Cell::Number(_, s) => s,
        }
    }

    fn cmp(&self, other: &Cell) -> Ordering {
        match (self, other) {
            (Cell::Number(a, _), Cell::Number(b, _)) => a.total_cmp(b),
            _ => fold_letters(self.text()).cmp(&fold_letters(other.text())),
        }
    }
}

pub(super) struct Row {
    pub target: Selection,
    pub cells: Vec<Cell>,
    /// The column over which hovering says why the row is what it is (the verdict per
    /// operator): written when hovered, not for every row of a result.
    pub status_hover: Option<usize>,
}

/// The table of the tab chosen (flagged villages, not-surveyed villages or communes) for the
/// result on screen.
pub(super) fn results_table_ui(
    view: &View,
    tab: Tab,
    state: &mut TablesState,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
) {
    let t = view.t;
    let Some(session) = &view.session else {
        ui.label(t.no_data);
        return;
    };
    let evaluation = session.evaluation_id;
    let lang = view.settings.lang;
    let (dataset, eval) = (
        Arc::clone(&session.dataset),
        Arc::clone(&session.evaluation),
    );
    let (headers, rows, state): (Vec<String>, MakeRows, _) = match tab {
        Tab::Flagged => (
            flagged_headers(t, session),
            Box::new(move || flagged_rows(t, &dataset, &eval)),
            &mut state.flagged,
        ),
        Tab::NotSurveyed => (
            not_surveyed_headers(t),
            Box::new(move || not_surveyed_rows(t, &dataset, &eval)),
            &mut state.not_surveyed,
        ),
        _ => (
            commune_headers(t, session),
            Box::new(move || commune_rows(t, &dataset, &eval)),
            &mut state.communes,
        ),
    };
    let why = |target: Selection| match target {
        Selection::Village(v) => {
            let eval = &session.evaluation;
            verdict_text(t, &eval.villages[v], &eval.params)
        }
        Selection::Commune(_) => String::new(),
    };
    table_ui(
        ui,
        t,
        &headers,
        (Arc::as_ptr(&session.dataset) as usize, evaluation, lang),
        rows,
        state,
        (view.selection, &why),
        out,
    );
}

fn flagged_headers(t: &Texts, session: &Session) -> Vec<String> {
    let g = session.evaluation.params.required;
    vec![
        t.village.into(),
        t.commune.into(),
        t.status.into(),
        t.samples_col.into(),
        (t.best_signal_of)(g.label()),
        t.households_word.into(),
        t.grid_power_word.into(),
        t.last_sample_date.into(),
    ]
}

/// Each operator's verdict at the required generation, a line each ("Viettel: 4G: 32/91 mẫu
/// đạt ngưỡng, cần ≥ 46 (≥ 3 mẫu và ≥ 50 %)").
pub(super) fn verdict_text(
    t: &Texts,
    o: &crate::rule::VillageOutcome,
    params: &crate::rule::Params,
) -> String {
    if o.operators.is_empty() {
        return t.no_samples_near.to_string();
    }
    o.operators
        .iter()
        .map(|x| {
            let name = x
                .operator
                .brand()
                .map_or(x.operator.to_string(), str::to_string);
            format!("{name}: {}", t.verdict(x, params.required, params))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The commune a village lies in, or a word for none.
pub(super) fn commune_name(t: &Texts, dataset: &Dataset, v: usize) -> String {
    dataset
        .commune_of(v)
        .map_or(t.outside_communes.to_string(), |c| c.name.clone())
}

/// A village's name, or its place in the file when it has none (so that the row can be
/// told and found).
pub(super) fn village_name(t: &Texts, dataset: &Dataset, v: usize) -> String {
    let name = &dataset.villages[v].name;
    match name.trim().is_empty() {
        true => (t.unnamed_village)(v + 1),
        false => name.clone(),
    }
}

fn flagged_rows(t: &Texts, dataset: &Dataset, eval: &Evaluation) -> Vec<Row> {
    let g = eval.params.required;
    (eval.villages.iter().enumerate())
        .filter(|(_, o)| o.flagged)
        .map(|(v, o)| {
            let samples: u32 = o.operators.iter().map(|x| x.samples).sum();
            let best = (o.operators.iter())
                .filter_map(|x| x.best_signal_dbm[g.index()])
                .fold(f64::NEG_INFINITY, f64::max);
            let best_cell = if best.is_finite() {
                Cell::Number(best, dbm_text(best))
            } else {
                Cell::Number(f64::NAN, "—".into())
            };
            Row {
                target: Selection::Village(v),
                cells: vec![
                    Cell::Text(village_name(t, dataset, v)),
                    Cell::Text(commune_name(t, dataset, v)),
                    Cell::Text(t.report_class(o.report_class, g)),
                    Cell::Number(f64::from(samples), samples.to_string()),
                    best_cell,
                    facts_households(t, dataset, v),
                    Cell::Text(
                        t.yes_no(dataset.villages[v].facts.grid_power)
                            .unwrap_or("—")
                            .into(),
                    ),
                    last_day(t, o),
                ],
                status_hover: Some(2),
            }
        })
        .collect()
}

/// A village's households as the list gives them; a dash where it does not.
fn facts_households(t: &Texts, dataset: &Dataset, v: usize) -> Cell {
    match dataset.villages[v].facts.households {
        Some(n) => Cell::Number(f64::from(n), crate::numbers::count_text(t.lang, n.into())),
        None => Cell::Number(f64::NAN, "—".into()),
    }
}

/// The day of the village's newest sample, sortable by its time.
fn last_day(t: &Texts, o: &crate::rule::VillageOutcome) -> Cell {
    match o.last_sample_s().and_then(crate::age::day_of) {
        Some(d) => Cell::Number(
            o.last_sample_s().unwrap_or(0) as f64,
            crate::numbers::date_text(t.lang, d),
        ),
        None => Cell::Number(f64::NAN, "—".into()),
    }
}

fn not_surveyed_headers(t: &Texts) -> Vec<String> {
    vec![
        t.village.into(),
        t.commune.into(),
        t.latitude.into(),
        t.longitude.into(),
    ]
}

fn not_surveyed_rows(t: &Texts, dataset: &Dataset, eval: &Evaluation) -> Vec<Row> {
    (eval.villages.iter().enumerate())
        .filter(|(_, o)| o.status == Status::NotSurveyed)
        .map(|(v, _)| {
            let p = dataset.villages[v].location;
            Row {
                target: Selection::Village(v),
                cells: vec![
                    Cell::Text(village_name(t, dataset, v)),
                    Cell::Text(commune_name(t, dataset, v)),
                    Cell::Number(p.y(), decimal_text(t.lang, p.y(), 5)),
                    Cell::Number(p.x(), decimal_text(t.lang, p.x(), 5)),
                ],
                status_hover: None,
            }
        })
        .collect()
}

fn commune_headers(t: &Texts, session: &Session) -> Vec<String> {
    let g = session.evaluation.params.required;
    let mut h: Vec<String> = vec![t.commune.into()];
    if session
        .dataset
        .communes
        .iter()
        .any(|c| !c.district.is_empty())
    {
        h.push(t.district.into());
    }
    h.extend([
        t.villages.to_string(),
        t.surveyed.to_string(),
        (t.covered_by)(g.label()),
        "%".to_string(),
        t.flagged.to_string(),
        t.status_no_signal.to_string(),
        t.class_weak_signal.to_string(),
        t.not_surveyed.to_string(),
    ]);
    h
}

fn commune_rows(t: &Texts, dataset: &Dataset, eval: &Evaluation) -> Vec<Row> {
    let g = eval.params.required;
    let districts = dataset.has_districts();
    let n = |x: u32| Cell::Number(f64::from(x), x.to_string());
    (eval.rollup.communes.iter().enumerate())
        .map(|(c, row)| {
            let f = row.figures;
            let share = f.share_of_villages(g) * 100.0;
            let mut cells = vec![Cell::Text(row.name.clone())];
            if districts {
                cells.push(Cell::Text(row.district.clone()));
            }
            let share_cell = if f.villages == 0 {
                Cell::Number(f64::NAN, "—".into())
            } else {
                Cell::Number(share, decimal_text(t.lang, share, 1))
            };
            cells.extend([
                n(f.villages),
                n(f.surveyed),
                n(f.covered_at(g)),
                share_cell,
                n(f.flagged),
                n(f.no_signal),
                n(f.weak_signal),
                n(f.not_surveyed),
            ]);
            Row {
                target: Selection::Commune(c),
                cells,
                status_hover: None,
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub(super) fn table_ui(
    ui: &mut egui::Ui,
    t: &Texts,
    headers: &[String],
    (data, evaluation, lang): (usize, u64, crate::lang::Lang),
    build: MakeRows,
    state: &mut TableState,
    (selection, why): (Option<Selection>, &dyn Fn(Selection) -> String),
    out: &mut Vec<Command>,
) {
    let key = ShownKey {
        data,
        evaluation,
        lang,
        filter: state.filter.clone(),
        sort: state.sort,
    };
    let (filter, sort) = (state.filter.clone(), state.sort);
    // Rows of the same data stay on screen while the new ones are made.
    let same_data = |shown: &ShownKey, wanted: &ShownKey| shown.data == wanted.data;
    let made = (state.shown).get(&key, same_data, ui.ctx(), move || {
        shown_rows(build(), &filter, sort)
    });
    ui.horizontal(|ui| {
        let label = ui.label(t.filter);
        ui.add(egui::TextEdit::singleline(&mut state.filter).desired_width(200.0))
            .labelled_by(label.id);
        if let Some((rows, total)) = made {
            ui.label(RichText::new((t.rows_shown)(rows.len(), *total)).weak());
        }
    });
    let Some((rows, _)) = made else {
        return;
    };
    if state.widths.len() != headers.len() {
        state.widths = column_widths(headers, rows);
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let mut table = TableBuilder::new(ui)
        .id_salt(headers.first().cloned().unwrap_or_default())
        .striped(true)
        .sense(egui::Sense::click());
    for &width in &state.widths {
        table = table.column(Column::initial(width).at_least(50.0).resizable(true));
    }
    table
        .header(row_height + 2.0, |mut header| {
            for (i, h) in headers.iter().enumerate() {
                header.col(|ui| sort_header_ui(ui, t, h, i, &mut state.sort));
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let r = &rows[row.index()];
                row.set_selected(selection == Some(r.target));
                for (i, cell) in r.cells.iter().enumerate() {
                    row.col(|ui| {
                        let label =
                            ui.add(egui::Label::new(cell.text()).selectable(false).truncate());
                        if r.status_hover == Some(i) {
                            label.on_hover_ui(|ui| {
                                ui.label(why(r.target));
                            });
                        }
                    });
                }
                if row.response().clicked() {
                    // A row is found in a list: the map goes to it.
                    out.push(Command::Select(Some(r.target)));
                    out.push(Command::ZoomToSelection);
                }
            });
        });
}

/// A column's heading, with an arrow when the rows are sorted by it; a click sorts by it,
/// a second click the other way.
fn sort_header_ui(
    ui: &mut egui::Ui,
    t: &Texts,
    heading: &str,
    column: usize,
    sort: &mut Option<(usize, bool)>,
) {
    let arrow = match *sort {
        Some((c, true)) if c == column => " ▲",
        Some((c, false)) if c == column => " ▼",
        _ => "",
    };
    let button =
        egui::Button::new(RichText::new(format!("{heading}{arrow}")).strong()).frame(false);
    if ui.add(button).on_hover_text(t.sort_hint).clicked() {
        *sort = match *sort {
            Some((c, true)) if c == column => Some((column, false)),
            _ => Some((column, true)),
        };
    }
}

/// A table's rows, made off the frame (see [`super::off_frame`]).
pub(super) type MakeRows = Box<dyn FnOnce() -> Vec<Row> + Send>;

/// The rows shown, made again when the result, the language, the filter or the sort
/// changed: filtered by the folded text of any cell, then sorted by the column chosen; and
/// how many there are in all.
fn shown_rows(mut rows: Vec<Row>, filter: &str, sort: Option<(usize, bool)>) -> (Vec<Row>, usize) {
    let total = rows.len();
    let query = fold_letters(filter.trim());
    if !query.is_empty() {
        rows.retain(|r| {
            r.cells
                .iter()
                .any(|c| fold_letters(c.text()).contains(&query))
        });
    }
    if let Some((col, ascending)) = sort {
        rows.sort_by(|a, b| {
            let (x, y) = (a.cells.get(col), b.cells.get(col));
            // A cell without a figure ("—") goes last whichever way the column is sorted.
            match (
                x.is_none_or(Cell::is_missing),
                y.is_none_or(Cell::is_missing),
            ) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    let o = x.zip(y).map_or(Ordering::Equal, |(x, y)| x.cmp(y));
                    if ascending { o } else { o.reverse() }
                }
            }
        });
    }
    (rows, total)
}

/// Room for each column's header and its longest cell (of the first thousand rows), so that
/// a status or a name shows in full; a column of long names is kept from taking the table.
fn column_widths(headers: &[String], rows: &[Row]) -> Vec<f32> {
    /// About the width of one letter of the body text, in points.
    const LETTER_PX: f32 = 7.5;
    (headers.iter().enumerate())
        .map(|(i, header)| {
            let longest = (rows.iter().take(1000))
                .filter_map(|r| r.cells.get(i))
                .map(|c| c.text().chars().count())
                .max()
                .unwrap_or(0);
            // A header may wrap onto two lines; a cell may not.
            let header = header.chars().count().div_ceil(2);
            (longest.max(header) as f32 * LETTER_PX + 16.0).clamp(50.0, 260.0)
        })
        .collect()
}
