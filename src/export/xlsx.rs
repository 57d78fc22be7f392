//! `report.xlsx`: the workbook officials take to meetings and send to the ministry. Five
//! sheets, in the chosen language: the province's figures in the words of a report, every
//! unit's figures, the villages that need coverage, the villages that need a survey, and the
//! parameters and input files that gave the figures.
//!
//! Numbers are written as numbers and shares as percentage-formatted cells, so that figures
//! can be copied into other documents; every sheet has a bold, frozen header row with a
//! filter, columns sized to their content, and prints on A4 one page wide.

use crate::numbers::{count_text, percent_text};
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::format_runs::FormatRuns;
use super::tables::{ListedColumns, operators_seen};
use crate::analysis::{Dataset, Evaluation};
use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::lang::Lang;
use crate::model::{Generation, Operator, Technology};
use crate::rollup::{Figures, Level, UnitFigures};
use crate::rule::{OperatorOutcome, Params, VillageOutcome};

/// Writes the Excel report of `eval` to `path` in `lang`. The workbook is built in memory
/// and written atomically, so a failed write never leaves a half file.
/// The `annexes` ([`super::annex::annexes`]) follow the summary and the village lists.
pub fn write_xlsx(
    path: &Path,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    annexes: &[super::annex::Annex],
) -> Result<()> {
    super::refuse_inputs(&[path], dataset)?;
    let made = chrono::Local::now().naive_local();
    let bytes = xlsx_bytes(dataset, eval, lang, made, annexes).map_err(|e| {
        Error::content(
            path,
            format!("the Excel report cannot be made ({e})"),
            "Please report this to the makers of phusong with the input files.",
        )
    })?;
    super::atomic::write(path, |w| w.write_all(&bytes))
}

/// The Excel report as the bytes of an `.xlsx` file; `made` is the time it says it was made.
pub fn xlsx_bytes(
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    made: NaiveDateTime,
    annexes: &[super::annex::Annex],
) -> std::result::Result<Vec<u8>, XlsxError> {
    let t = lang.texts();
    let f = Formats::new(lang);
    let mut book = Workbook::new();
    let title = title(eval, t);
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(&title)
            .set_author(format!("phusong {}", env!("CARGO_PKG_VERSION"))),
    );

    let ws = book.add_worksheet().set_name(t.xlsx_sheet_summary)?;
    summary_sheet(ws, &f, dataset, eval, lang, made)?;
    let ws = book.add_worksheet().set_name(t.xlsx_sheet_communes)?;
    communes_sheet(ws, &f, eval, t)?;
    let ws = book.add_worksheet().set_name(t.xlsx_sheet_flagged)?;
    villages_sheet(ws, &f, dataset, eval, t, Which::Flagged)?;
    let ws = book.add_worksheet().set_name(t.xlsx_sheet_not_surveyed)?;
    villages_sheet(ws, &f, dataset, eval, t, Which::NotSurveyed)?;
    for annex in annexes {
        let ws = book.add_worksheet().set_name(&annex.label)?;
        annex_sheet(ws, &f, annex, lang, t)?;
    }
    let ws = book.add_worksheet().set_name(t.xlsx_sheet_parameters)?;
    parameters_sheet(ws, &f, dataset, eval, lang, made)?;
    book.set_zip_compression_level(ZIP_LEVEL);
    book.save_to_buffer()
}

/// The deflate level of the workbook's parts: the sheets' XML repeats itself, and level 2
/// packs a national report a quarter larger than the usual 6 (3.2 MB against 2.5) in two
/// thirds of the time.
const ZIP_LEVEL: u8 = 2;

/// The Excel report of a comparison: the summary in report words (`lines`), the progress
/// annex, the changes village by village, and the villages matched to none.
pub fn changes_xlsx_bytes(
    before: crate::compare::Side,
    after: crate::compare::Side,
    cmp: &crate::compare::Comparison,
    lines: &[String],
    lang: Lang,
) -> std::result::Result<Vec<u8>, XlsxError> {
    use crate::compare::Change;
    let t = lang.texts();
    let f = Formats::new(lang);
    let mut book = Workbook::new();
    let req = after.eval.params.required;

    let ws = book.add_worksheet().set_name(t.changes_sheet_summary)?;
    for (row, line) in lines.iter().enumerate() {
        ws.write_string(row as u32, 0, line)?;
    }
    ws.set_column_width(0, 120)?;

    let annex = super::annex::progress(before, after, cmp, lang);
    let ws = book.add_worksheet().set_name(&annex.label)?;
    annex_sheet(ws, &f, &annex, lang, t)?;

    for (name, unmatched) in [
        (t.changes_sheet_villages, false),
        (t.changes_sheet_unmatched, true),
    ] {
        let ws = book.add_worksheet().set_name(name)?;
        let mut w = SheetWriter::new(ws, &f, true);
        w.header(
            [
                t.village_role_name,
                t.village_role_code,
                t.annex_commune,
                t.households_word,
                t.grid_power_word,
                t.changes_class_before,
                t.changes_class_after,
                t.changes_change,
            ]
            .map(String::from)
            .to_vec(),
        )?;
        let mut row = 0;
        for v in &cmp.villages {
            let only = matches!(v.change, Change::OnlyBefore | Change::OnlyAfter);
            if only != unmatched {
                continue;
            }
            let (side, i) = match (v.after, v.before) {
                (Some(a), _) => (after, a),
                (None, Some(b)) => (before, b),
                (None, None) => continue,
            };
            let village = &side.dataset.villages[i];
            let class = |c: Option<crate::rule::ReportClass>| {
                c.map_or(Cell::Empty, |c| Cell::Text(t.report_class(c, req)))
            };
            row += 1;
            w.row(
                row,
                &[
                    Cell::text(village.name.as_str()),
                    Cell::text(village.facts.code.as_str()),
                    Cell::Text(
                        side.dataset
                            .commune_of(i)
                            .map(|c| c.name.clone())
                            .unwrap_or_default(),
                    ),
                    maybe_count(village.facts.households),
                    yes_no_cell(village.facts.grid_power, t),
                    class(v.class_before),
                    class(v.class_after),
                    Cell::Text(t.change(v.change, req)),
                ],
                false,
            )?;
        }
        w.finish(row, t.xlsx_footer, true)?;
    }
    book.save_to_buffer()
}

/// An annex as a sheet laid out as the report prints it: its label, title and subtitle
/// centred above the table, part and group headings across it, the totals in bold; A4
/// landscape, one page wide, the header on every page.
fn annex_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    annex: &super::annex::Annex,
    lang: Lang,
    t: &Texts,
) -> std::result::Result<(), XlsxError> {
    use super::annex::{AnnexCell, RowKind};
    let last = annex.headers.len().saturating_sub(1) as u16;
    let centred = Format::new().set_align(FormatAlign::Center).set_bold();
    ws.merge_range(0, 0, 0, last, &annex.label, &centred)?;
    ws.merge_range(1, 0, 1, last, &annex.title.to_uppercase(), &centred)?;
    let italic = Format::new().set_align(FormatAlign::Center).set_italic();
    ws.merge_range(2, 0, 2, last, &annex.subtitle, &italic)?;
    const HEADER_ROW: u32 = 4;
    for (col, name) in annex.headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col as u16, name, &f.header)?;
    }
    ws.set_row_height(HEADER_ROW, 2.0 * LINE_HEIGHT + 3.0)?;
    let heading = f.text_bold.clone();
    // Long texts (the operators, the best signal) wrap in their column, as on paper.
    let wrapped = f.text.clone().set_text_wrap().set_align(FormatAlign::Top);
    let wrapped_bold = f
        .text_bold
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let top = |format: &Format| format.clone().set_align(FormatAlign::Top);
    let (count, count_bold) = (top(&f.count), top(&f.count_bold));
    let (share, share_bold) = (top(&f.share), top(&f.share_bold));
    let mut formats = FormatRuns::default();
    let mut row = HEADER_ROW;
    for r in &annex.rows {
        row += 1;
        let bold = r.kind != RowKind::Item;
        if matches!(r.kind, RowKind::Part | RowKind::Group) {
            let text = r.cells.first().map(|c| c.text(lang)).unwrap_or_default();
            ws.merge_range(row, 0, row, last, &text, &heading)?;
            continue;
        }
        // Rows grow with their wrapped text: a file's rows do not fit themselves on opening.
        let lines = (r.cells.iter().zip(&annex.widths))
            .map(|(c, w)| {
                let room = ((w * 9.0).round() as usize).max(1);
                wrapped_lines(&c.text(lang), room)
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row, LINE_HEIGHT * lines as f64)?;
        }
        for (col, cell) in r.cells.iter().enumerate() {
            let c = col as u16;
            let format = match cell {
                AnnexCell::Text(s) => {
                    ws.write_string(row, c, s)?;
                    if bold { &wrapped_bold } else { &wrapped }
                }
                AnnexCell::Count(n) => {
                    ws.write_number(row, c, *n as f64)?;
                    if bold { &count_bold } else { &count }
                }
                AnnexCell::Share(x) => {
                    ws.write_number(row, c, *x)?;
                    if bold { &share_bold } else { &share }
                }
                AnnexCell::Empty => {
                    if bold {
                        &f.text_bold
                    } else {
                        &f.text
                    }
                }
            };
            formats.set(row, c, format);
        }
    }
    formats.apply(ws)?;
    let mut total_px = 0.0;
    for (col, w) in annex.widths.iter().enumerate() {
        let width = (w * 9.0).round() as usize + 2;
        ws.set_column_width(col as u16, width as f64)?;
        total_px += column_px(width);
    }
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_margins(SIDE_MARGIN_IN, SIDE_MARGIN_IN, 0.6, 0.6, 0.3, 0.3);
    let page_in = 11.69 - 2.0 * SIDE_MARGIN_IN;
    // Three tenths kept free: the widths in pixels are an estimate, and the annex must print
    // one page wide in Excel and LibreOffice alike.
    ws.set_print_scale(print_scale(0.7 * page_in * 96.0, total_px));
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.set_footer(t.xlsx_footer);
    Ok(())
}

/// The report's title: with the province names when the data names any.
fn title(eval: &Evaluation, t: &Texts) -> String {
    let provinces = province_names(eval);
    if provinces.is_empty() {
        t.xlsx_title.to_string()
    } else {
        (t.xlsx_title_of)(&provinces)
    }
}

fn province_names(eval: &Evaluation) -> String {
    eval.rollup
        .provinces
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A share as a cell: empty when there is nothing to divide by, so that an empty unit does
/// not read as 0%.
fn share_cell(part: u32, whole: u32) -> Cell {
    if whole == 0 {
        Cell::Empty
    } else {
        Cell::Share(part as f64 / whole as f64)
    }
}

fn excel_time(t: NaiveDateTime) -> std::result::Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

fn excel_date(d: NaiveDate) -> std::result::Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// How a time is written in `lang`: (in a sentence, as chrono formats it; as an Excel time
/// format; as an Excel date format).
fn time_patterns(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::Vi => ("%d/%m/%Y %H:%M", "dd/mm/yyyy hh:mm", "dd/mm/yyyy"),
        Lang::En => ("%Y-%m-%d %H:%M", "yyyy-mm-dd hh:mm", "yyyy-mm-dd"),
    }
}

/// The formats of the workbook; `*_bold` ones are for subtotal and total rows.
struct Formats {
    header: Format,
    /// Over a column of numbers.
    header_number: Format,
    /// A title above a further table, outside any table.
    heading: Format,
    text: Format,
    text_bold: Format,
    count: Format,
    count_bold: Format,
    share: Format,
    share_bold: Format,
    number: Format,
    coordinate: Format,
    time: Format,
    date: Format,
}

impl Formats {
    fn new(lang: Lang) -> Formats {
        let (_, time, date) = time_patterns(lang);
        // Every table cell has a thin grey box, so that a right-aligned number and the
        // left-aligned text beside it read as two cells on paper too.
        let boxed = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
        };
        let count = boxed().set_num_format("#,##0");
        let share = boxed().set_num_format("0.0%");
        let header = boxed()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin)
            .set_border_bottom_color(Color::RGB(0x808080));
        Formats {
            header_number: header.clone().set_align(FormatAlign::Right),
            header,
            heading: Format::new().set_bold(),
            text: boxed(),
            text_bold: boxed().set_bold(),
            count_bold: count.clone().set_bold(),
            count,
            share_bold: share.clone().set_bold(),
            share,
            number: boxed().set_num_format("General"),
            coordinate: boxed().set_num_format("0.000000"),
            time: boxed().set_num_format(time),
            date: boxed().set_num_format(date),
        }
    }
}

/// One cell's content.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Count(u64),
    /// A plain number, such as a radius or a threshold.
    Number(f64),
    /// 0..1, shown as a percentage.
    Share(f64),
    Coordinate(f64),
    Time(NaiveDateTime),
    Date(NaiveDate),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// Roughly how many characters the cell shows, for the column width.
    fn shown_chars(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(s) => s.chars().count(),
            Cell::Count(n) => crate::numbers::thousands(*n).len(),
            Cell::Number(x) => x.to_string().len(),
            Cell::Share(_) => 6,
            Cell::Coordinate(_) => 11,
            Cell::Time(_) => 16,
            Cell::Date(_) => 10,
        }
    }
}

/// Columns never get wider than this (characters), whatever their content.
const MAX_WIDTH: usize = 60;
/// A header wider than its column's content wraps onto more lines down to this width.
const HEADER_WRAP: usize = 10;
/// Excel's default row height (points) for one line of 11-point text.
const LINE_HEIGHT: f64 = 15.0;
/// Printed page margins, left and right (inches).
const SIDE_MARGIN_IN: f64 = 0.4;

/// Writes a sheet row by row while keeping track of how wide each column's content is.
struct SheetWriter<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    /// Widest content per column (characters), headers aside.
    widths: Vec<usize>,
    /// Per column: some cell is a number, some cell is text (for the header's alignment).
    numbers: Vec<bool>,
    texts: Vec<bool>,
    /// The header row's texts.
    header: Vec<String>,
    /// Headers wider than their content wrap (tables with many narrow number columns).
    wrap_headers: bool,
    /// The widest a column gets (characters).
    max_width: usize,
    /// The cells' formats, given to the sheet when it is finished.
    formats: FormatRuns<'a>,
}

impl<'a> SheetWriter<'a> {
    fn new(ws: &'a mut Worksheet, f: &'a Formats, wrap_headers: bool) -> Self {
        SheetWriter {
            ws,
            f,
            widths: Vec::new(),
            numbers: Vec::new(),
            texts: Vec::new(),
            header: Vec::new(),
            wrap_headers,
            max_width: MAX_WIDTH,
            formats: FormatRuns::default(),
        }
    }

    fn grow(&mut self, col: usize) {
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
            self.numbers.resize(col + 1, false);
            self.texts.resize(col + 1, false);
        }
    }

    /// The table's header in row 0.
    fn header(&mut self, names: Vec<String>) -> std::result::Result<(), XlsxError> {
        for (col, name) in names.iter().enumerate() {
            self.ws
                .write_string_with_format(0, col as u16, name, &self.f.header)?;
        }
        self.header = names;
        Ok(())
    }

    /// A header-styled row: the first row of a further table on the sheet, its columns
    /// of numbers (`numeric`) with the header on the right.
    fn header_at(
        &mut self,
        row: u32,
        names: &[String],
        numeric: &[bool],
    ) -> std::result::Result<(), XlsxError> {
        for (col, name) in names.iter().enumerate() {
            let format = if numeric.get(col).copied().unwrap_or(false) {
                &self.f.header_number
            } else {
                &self.f.header
            };
            self.ws
                .write_string_with_format(row, col as u16, name, format)?;
            self.grow(col);
            self.widths[col] = self.widths[col].max(bold_chars(name));
        }
        Ok(())
    }

    fn row(&mut self, row: u32, cells: &[Cell], bold: bool) -> std::result::Result<(), XlsxError> {
        for (col, cell) in cells.iter().enumerate() {
            self.cell(row, col, cell, bold)?;
        }
        Ok(())
    }

    fn cell(
        &mut self,
        row: u32,
        col: usize,
        cell: &Cell,
        bold: bool,
    ) -> std::result::Result<(), XlsxError> {
        let f = self.f;
        let c = col as u16;
        let pick = |plain: &'a Format, strong: &'a Format| if bold { strong } else { plain };
        // Written bare; the formats go in by runs when the sheet is finished.
        let format = match cell {
            Cell::Empty => pick(&f.text, &f.text_bold),
            Cell::Text(s) => {
                self.ws.write_string(row, c, s)?;
                pick(&f.text, &f.text_bold)
            }
            Cell::Count(n) => {
                self.ws.write_number(row, c, *n as f64)?;
                pick(&f.count, &f.count_bold)
            }
            Cell::Number(x) => {
                self.ws.write_number(row, c, *x)?;
                &f.number
            }
            Cell::Share(x) => {
                self.ws.write_number(row, c, *x)?;
                pick(&f.share, &f.share_bold)
            }
            Cell::Coordinate(x) => {
                self.ws.write_number(row, c, *x)?;
                &f.coordinate
            }
            Cell::Time(t) => {
                self.ws.write_datetime(row, c, excel_time(*t)?)?;
                &f.time
            }
            Cell::Date(d) => {
                self.ws.write_datetime(row, c, excel_date(*d)?)?;
                &f.date
            }
        };
        self.formats.set(row, c, format);
        self.grow(col);
        match cell {
            Cell::Empty => {}
            Cell::Text(_) => self.texts[col] = true,
            _ => self.numbers[col] = true,
        }
        let shown = cell.shown_chars();
        let shown = if bold { shown * 11 / 10 } else { shown };
        self.widths[col] = self.widths[col].max(shown);
        Ok(())
    }

    /// Sizes the columns, freezes and filters the header row over `rows` data rows (the
    /// table's, not any further table below it), and sets up printing on A4, one page
    /// wide, with the header on every page.
    fn finish(
        self,
        rows: u32,
        footer: &str,
        landscape: bool,
    ) -> std::result::Result<(), XlsxError> {
        self.formats.apply(self.ws)?;
        let columns = self.header.len().max(self.widths.len());
        let mut header_lines = 1;
        let mut total_px = 0.0;
        for col in 0..columns {
            let content = self.widths.get(col).copied().unwrap_or(0);
            let name = self.header.get(col).map(String::as_str).unwrap_or("");
            // Room for the filter button beside a header on one line.
            let name_chars = bold_chars(name) + 2;
            let wanted = if self.wrap_headers {
                let wrapped = content.max(name_chars.min(HEADER_WRAP));
                // Not worth a second line for a few characters.
                if name_chars <= wrapped + 4 {
                    wrapped.max(name_chars)
                } else {
                    wrapped
                }
            } else {
                content.max(name_chars)
            };
            let width = wanted.clamp(4, self.max_width) + 2;
            let lines = wrapped_lines(name, width.saturating_sub(1));
            header_lines = header_lines.max(lines);
            self.ws.set_column_width(col as u16, width as f64)?;
            total_px += column_px(width);
            let numeric = self.numbers.get(col).copied().unwrap_or(false)
                && !self.texts.get(col).copied().unwrap_or(false);
            if numeric && !name.is_empty() {
                self.ws
                    .write_string_with_format(0, col as u16, name, &self.f.header_number)?;
            }
        }
        if header_lines > 1 {
            self.ws
                .set_row_height(0, LINE_HEIGHT * header_lines as f64 + 3.0)?;
        }
        let last_col = self.header.len().max(1) as u16 - 1;
        self.ws.set_freeze_panes(1, 0)?;
        self.ws.autofilter(0, 0, rows, last_col)?;
        self.ws.set_paper_size(9); // A4
        if landscape {
            self.ws.set_landscape();
        }
        self.ws
            .set_margins(SIDE_MARGIN_IN, SIDE_MARGIN_IN, 0.6, 0.6, 0.3, 0.3);
        // A scale rather than "fit to one page wide": LibreOffice reads the latter as one
        // page in all, which shrinks a long table to nothing.
        // Column widths in pixels are an estimate; a tenth is kept free so that the last
        // column stays on the page in Excel and LibreOffice alike.
        let page_in = if landscape { 11.69 } else { 8.27 } - 2.0 * SIDE_MARGIN_IN;
        self.ws
            .set_print_scale(print_scale(0.9 * page_in * 96.0, total_px));
        self.ws.set_repeat_rows(0, 0)?;
        self.ws.set_footer(footer);
        Ok(())
    }
}

/// Roughly the characters a bold text takes: about a tenth wider than plain.
fn bold_chars(text: &str) -> usize {
    let n = text.chars().count();
    n + n.div_ceil(10)
}

/// The pixels (at 96 dpi) of a column `width` characters wide in Excel's default font.
fn column_px(width: usize) -> f64 {
    width as f64 * 7.0 + 5.0
}

/// The print scale (percent, 10..=100) that fits `table_px` into `page_px`.
fn print_scale(page_px: f64, table_px: f64) -> u16 {
    if table_px <= page_px {
        100
    } else {
        ((100.0 * page_px / table_px).floor() as u16).clamp(10, 100)
    }
}

/// The lines `text` takes when wrapped at word boundaries into lines of `width` characters.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if used == 0 {
            used = n;
        } else if used + 1 + n <= width {
            used += 1 + n;
        } else {
            lines += 1;
            used = n;
        }
        while used > width {
            lines += 1;
            used -= width;
        }
    }
    lines
}

/// One line of the summary: a sentence and the figure it states.
#[derive(Clone, Debug, PartialEq)]
struct SummaryLine {
    text: String,
    value: Cell,
    /// A section's heading.
    heading: bool,
}

fn line(text: String, value: Cell) -> SummaryLine {
    SummaryLine {
        text,
        value,
        heading: false,
    }
}

fn heading(text: &str) -> SummaryLine {
    SummaryLine {
        text: text.to_string(),
        value: Cell::Empty,
        heading: true,
    }
}

/// The summary's lines: the province, the date, the headline figures, each generation,
/// each operator, the samples.
fn summary_lines(
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    made: NaiveDateTime,
) -> Vec<SummaryLine> {
    let mut lines = headline_lines(eval, lang, made);
    generation_lines(&mut lines, eval, lang);
    operator_lines(&mut lines, eval, lang);
    sample_lines(&mut lines, dataset, eval, lang);
    lines
}

/// The province, when the sheet was made, and the headline figures of the rule.
fn headline_lines(eval: &Evaluation, lang: Lang, made: NaiveDateTime) -> Vec<SummaryLine> {
    let t = lang.texts();
    let n = |x: u32| count_text(lang, x as u64);
    let pct = |part: u32, whole: u32| percent_text(lang, part, whole);
    let f: &Figures = &eval.rollup.total;
    let req = eval.params.required;
    let g_req = req.label();
    let mut lines = Vec::new();
    let provinces = province_names(eval);
    if !provinces.is_empty() {
        lines.push(line(
            (t.xlsx_province_line)(&provinces),
            Cell::Text(provinces),
        ));
    }
    let (time_text, ..) = time_patterns(lang);
    lines.push(line(
        (t.xlsx_made_line)(&made.format(time_text).to_string()),
        Cell::Time(made),
    ));
    lines.push(line(
        (t.xlsx_villages_line)(&n(f.villages)),
        Cell::Count(f.villages as u64),
    ));
    lines.push(line(
        (t.xlsx_headline)(
            g_req,
            &pct(f.covered_at(req), f.villages),
            &n(f.covered_at(req)),
            &n(f.villages),
        ),
        share_cell(f.covered_at(req), f.villages),
    ));
    lines.push(line(
        (t.xlsx_no_signal_line)(&n(f.no_signal)),
        Cell::Count(f.no_signal as u64),
    ));
    lines.push(line(
        (t.xlsx_weak_signal_line)(&n(f.weak_signal)),
        Cell::Count(f.weak_signal as u64),
    ));
    lines.push(line(
        (t.xlsx_below_required_line)(g_req, &n(f.below_required)),
        Cell::Count(f.below_required as u64),
    ));
    lines.push(line(
        (t.xlsx_flagged_line)(g_req, &n(f.flagged)),
        Cell::Count(f.flagged as u64),
    ));
    lines.push(line(
        (t.xlsx_not_surveyed_line)(&n(f.not_surveyed)),
        Cell::Count(f.not_surveyed as u64),
    ));
    lines.push(line(
        (t.xlsx_surveyed_line)(&n(f.surveyed)),
        Cell::Count(f.surveyed as u64),
    ));
    let outside = eval.rollup.outside.villages;
    if outside > 0 {
        lines.push(line(
            (t.xlsx_outside_line)(&n(outside)),
            Cell::Count(outside as u64),
        ));
    }
    if let Some(text) = super::summary::households_line(f, req, t) {
        let h = &f.households;
        let share = match h.total {
            0 => 0.0,
            total => h.covered_at(req) as f64 / total as f64,
        };
        lines.push(line(text, Cell::Share(share)));
    }
    let aged = eval.villages_needing_new_survey();
    if let Some(age) = eval.survey_age {
        let day = crate::numbers::date_text(lang, age.as_of);
        lines.push(line(
            format!(
                "{}: {} ({})",
                t.needs_new_survey,
                n(aged),
                (t.needs_new_survey_hint)(age.max_age_months, &day)
            ),
            Cell::Count(aged.into()),
        ));
    }

    lines
}

/// The villages covered at each generation or better: how many, of all, of the surveyed.
fn generation_lines(lines: &mut Vec<SummaryLine>, eval: &Evaluation, lang: Lang) {
    let t = lang.texts();
    let n = |x: u32| count_text(lang, x as u64);
    let pct = |part: u32, whole: u32| percent_text(lang, part, whole);
    let f: &Figures = &eval.rollup.total;
    lines.push(heading(t.xlsx_by_generation));
    for g in Generation::ALL {
        let c = f.covered_at(g);
        lines.push(line(
            (t.xlsx_at_least_count)(g.label(), &n(c)),
            Cell::Count(c as u64),
        ));
        lines.push(line(
            (t.xlsx_at_least_share)(g.label(), &pct(c, f.villages), &n(c), &n(f.villages)),
            share_cell(c, f.villages),
        ));
        lines.push(line(
            (t.xlsx_at_least_share_surveyed)(g.label(), &pct(c, f.surveyed), &n(c), &n(f.surveyed)),
            share_cell(c, f.surveyed),
        ));
    }
}

/// Per operator: the villages it covers at the required generation, and those it surveyed.
fn operator_lines(lines: &mut Vec<SummaryLine>, eval: &Evaluation, lang: Lang) {
    let t = lang.texts();
    let n = |x: u32| count_text(lang, x as u64);
    let pct = |part: u32, whole: u32| percent_text(lang, part, whole);
    let req = eval.params.required;
    let g_req = req.label();
    let operators = &eval.operators;
    if !operators.is_empty() {
        lines.push(heading(t.xlsx_by_operator));
    }
    for o in operators {
        let label = o.operator.label();
        let c = o.covered[req.index()];
        lines.push(line(
            (t.xlsx_operator_share)(&label, g_req, &pct(c, o.villages), &n(c), &n(o.villages)),
            share_cell(c, o.villages),
        ));
        lines.push(line(
            (t.xlsx_operator_surveyed)(&label, &n(o.surveyed)),
            Cell::Count(o.surveyed as u64),
        ));
    }
}

/// The samples read, and those the filters left out.
fn sample_lines(lines: &mut Vec<SummaryLine>, dataset: &Dataset, eval: &Evaluation, lang: Lang) {
    let t = lang.texts();
    lines.push(heading(t.xlsx_samples_section));
    let samples = dataset.samples.len() as u64;
    lines.push(line(
        (t.xlsx_samples_line)(&count_text(lang, samples)),
        Cell::Count(samples),
    ));
    if eval.samples_filtered_out > 0 {
        lines.push(line(
            (t.xlsx_filtered_out_line)(&count_text(lang, eval.samples_filtered_out)),
            Cell::Count(eval.samples_filtered_out),
        ));
    }
}

fn summary_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    made: NaiveDateTime,
) -> std::result::Result<(), XlsxError> {
    let t = lang.texts();
    let lines = summary_lines(dataset, eval, lang, made);
    let mut w = SheetWriter::new(ws, f, false);
    // The sentences are the report: they are never cut.
    w.max_width = 100;
    w.header(vec![title(eval, t), t.xlsx_value.to_string()])?;
    for (i, l) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        w.cell(row, 0, &Cell::Text(l.text.clone()), l.heading)?;
        w.cell(row, 1, &l.value, false)?;
    }
    w.finish(lines.len() as u32, t.xlsx_footer, false)
}

/// The level of a roll-up row in words.
fn level_text(level: Level, t: &Texts) -> &'static str {
    match level {
        Level::Commune => t.xlsx_level_commune,
        Level::District => t.xlsx_level_district,
        Level::Province => t.xlsx_level_province,
        Level::Outside => t.xlsx_level_outside,
        Level::Total => t.xlsx_level_total,
    }
}

/// The generations whose shares follow the counts: the required one first.
fn share_generations(required: Generation) -> Vec<Generation> {
    std::iter::once(required)
        .chain(Generation::ALL.into_iter().filter(|g| *g != required))
        .collect()
}

fn communes_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    eval: &Evaluation,
    t: &Texts,
) -> std::result::Result<(), XlsxError> {
    let with_district = eval.rollup.has_districts();
    let req = eval.params.required;
    let mut header: Vec<String> = vec![t.xlsx_level.into(), t.code.into(), t.xlsx_name.into()];
    if with_district {
        header.push(t.district.into());
    }
    header.push(t.province.into());
    header.extend(
        [
            t.xlsx_villages,
            t.surveyed,
            t.not_surveyed,
            t.status_no_signal,
            t.class_weak_signal,
        ]
        .map(String::from),
    );
    header.extend(
        Generation::ALL
            .iter()
            .map(|g| (t.xlsx_covered_at_least)(g.label())),
    );
    header.push((t.xlsx_below)(req.label()));
    for g in share_generations(req) {
        header.push((t.xlsx_share_all)(g.label()));
        header.push((t.xlsx_share_surveyed)(g.label()));
    }
    header.extend([
        t.households_known_col.to_string(),
        t.households_word.to_string(),
        (t.households_covered)(req.label()),
        t.households_no_signal.to_string(),
        t.households_weak_signal.to_string(),
    ]);
    let mut w = SheetWriter::new(ws, f, true);
    w.header(header)?;
    let mut row = 0;
    for unit in eval.rollup.rows() {
        row += 1;
        let cells = unit_cells(&unit, with_district, req, t);
        w.row(row, &cells, unit.level != Level::Commune)?;
    }
    w.finish(row, t.xlsx_footer, true)
}

fn unit_cells(u: &UnitFigures, with_district: bool, req: Generation, t: &Texts) -> Vec<Cell> {
    let fig = &u.figures;
    let name = match u.level {
        Level::Outside => t.outside_communes.to_string(),
        Level::Total => t.xlsx_total_name.to_string(),
        _ => u.name.clone(),
    };
    let mut cells = vec![
        Cell::text(level_text(u.level, t)),
        Cell::text(u.code.as_str()),
        Cell::Text(name),
    ];
    if with_district {
        cells.push(Cell::text(u.district.as_str()));
    }
    cells.push(Cell::text(u.province.as_str()));
    cells.extend(
        [
            fig.villages,
            fig.surveyed,
            fig.not_surveyed,
            fig.no_signal,
            fig.weak_signal,
        ]
        .map(|n| Cell::Count(n as u64)),
    );
    cells.extend(fig.covered.map(|n| Cell::Count(n as u64)));
    cells.push(Cell::Count(fig.flagged as u64));
    for g in share_generations(req) {
        cells.push(share_cell(fig.covered_at(g), fig.villages));
        cells.push(share_cell(fig.covered_at(g), fig.surveyed));
    }
    let h = &fig.households;
    cells.extend([
        Cell::Count(h.known.into()),
        Cell::Count(h.total),
        Cell::Count(h.covered_at(req)),
        Cell::Count(h.of_class(crate::rule::ReportClass::NoSignal)),
        Cell::Count(h.of_class(crate::rule::ReportClass::WeakSignal)),
    ]);
    cells
}

/// Which villages a village sheet lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Flagged,
    NotSurveyed,
}

impl Which {
    fn takes(self, o: &VillageOutcome) -> bool {
        match self {
            Which::Flagged => o.flagged,
            Which::NotSurveyed => !o.status.is_surveyed(),
        }
    }
}

/// An operator's short name for a column: its brand, or its code.
fn operator_name(op: Operator) -> String {
    op.brand()
        .map(str::to_string)
        .unwrap_or_else(|| op.to_string())
}

/// The heading of a villages sheet in the user's words: the village, its commune, the
/// listed units, its coordinates and outcome, then three columns per operator.
fn villages_header(
    t: &Texts,
    with_district: bool,
    listed: &ListedColumns,
    operators: &[Operator],
    own: &[String],
) -> Vec<String> {
    let mut header: Vec<String> = vec![
        t.xlsx_record.into(),
        t.xlsx_village_name.into(),
        t.commune.into(),
    ];
    if with_district {
        header.push(t.district.into());
    }
    header.push(t.province.into());
    for (on, unit) in [
        (listed.commune, t.commune),
        (listed.district, t.district),
        (listed.province, t.province),
    ] {
        if on {
            header.push((t.xlsx_listed)(unit));
        }
    }
    header.extend(
        [
            t.longitude,
            t.latitude,
            t.status,
            t.xlsx_best_generation,
            t.samples_col,
            t.households_word,
            t.population_word,
            t.grid_power_word,
            t.last_sample_date,
            t.needs_new_survey,
        ]
        .map(String::from),
    );
    for op in operators {
        let name = operator_name(*op);
        header.push((t.xlsx_operator_samples)(&name));
        header.push((t.xlsx_operator_best)(&name));
        header.push((t.xlsx_operator_verdict)(&name));
    }
    let own = super::tables::own_headers(header.iter().map(String::as_str), own, usize::MAX);
    header.extend(own);
    header
}

/// A count the list may not give: the number, or an empty cell.
fn maybe_count(n: Option<u32>) -> Cell {
    n.map_or(Cell::Empty, |n| Cell::Count(u64::from(n)))
}

/// Yes, no, or an empty cell, in the user's words.
fn yes_no_cell(value: Option<bool>, t: &Texts) -> Cell {
    t.yes_no(value).map_or(Cell::Empty, Cell::text)
}

/// A sample time's day, or an empty cell.
fn day_cell(time_s: Option<i64>) -> Cell {
    time_s
        .and_then(crate::age::day_of)
        .map_or(Cell::Empty, Cell::Date)
}

/// An operator's three cells of a village row: its samples, its best generation and the
/// rule's verdict; `0` and blanks without a sample there.
fn operator_cells(t: &Texts, x: Option<&OperatorOutcome>, params: &Params) -> [Cell; 3] {
    match x {
        Some(x) => [
            Cell::Count(x.samples as u64),
            Cell::text(x.best.map(|g| g.label()).unwrap_or(t.none)),
            Cell::Text(t.verdict(x, params.required, params)),
        ],
        None => [Cell::Count(0), Cell::Empty, Cell::Empty],
    }
}

fn villages_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    dataset: &Dataset,
    eval: &Evaluation,
    t: &Texts,
    which: Which,
) -> std::result::Result<(), XlsxError> {
    let with_district = dataset.has_districts();
    let listed = ListedColumns::of(&dataset.villages);
    let operators = match which {
        Which::Flagged => operators_seen(eval),
        Which::NotSurveyed => Vec::new(),
    };
    let header = villages_header(
        t,
        with_district,
        &listed,
        &operators,
        &dataset.village_columns,
    );
    let mut w = SheetWriter::new(ws, f, true);
    w.header(header)?;
    let mut row = 0;
    for (i, (v, o)) in dataset.villages.iter().zip(&eval.villages).enumerate() {
        if !which.takes(o) {
            continue;
        }
        row += 1;
        let c = dataset.commune_of(i);
        let unit = |pick: fn(&crate::model::Commune) -> &String| {
            Cell::Text(c.map(|c| pick(c).clone()).unwrap_or_default())
        };
        let mut cells = vec![
            Cell::Count(v.record),
            Cell::text(v.name.as_str()),
            Cell::Text(
                c.map(|c| c.name.clone())
                    .unwrap_or_else(|| t.outside_communes.to_string()),
            ),
        ];
        if with_district {
            cells.push(unit(|c| &c.district));
        }
        cells.push(unit(|c| &c.province));
        cells.extend(listed.values(v).map(Cell::Text));
        cells.extend([
            Cell::Coordinate(v.location.x()),
            Cell::Coordinate(v.location.y()),
            Cell::Text(t.report_class(o.report_class, eval.params.required)),
            Cell::text(o.status.best().map(|g| g.label()).unwrap_or(t.none)),
            Cell::Count(o.operators.iter().map(|op| op.samples as u64).sum()),
            maybe_count(v.facts.households),
            maybe_count(v.facts.population),
            yes_no_cell(v.facts.grid_power, t),
            day_cell(o.last_sample_s()),
            if eval.needs_new_survey(i) {
                Cell::text(t.yes)
            } else {
                Cell::Empty
            },
        ]);
        for op in &operators {
            let x = o.operators.iter().find(|x| x.operator == *op);
            cells.extend(operator_cells(t, x, &eval.params));
        }
        cells.extend(v.own.iter().map(|s| Cell::text(s.as_str())));
        w.row(row, &cells, false)?;
    }
    w.finish(row, t.xlsx_footer, true)
}

/// The parameters sheet's rows (name, value, note): the rule's parameters and filters, when
/// and from what the figures were made, and the warnings on them.
fn parameter_rows(
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    made: NaiveDateTime,
) -> Vec<[Cell; 3]> {
    let t = lang.texts();
    let p = &eval.params;
    let all = || Cell::text(t.all);
    let list = |items: Vec<String>| {
        if items.is_empty() {
            all()
        } else {
            Cell::Text(items.join(", "))
        }
    };
    let mut rows: Vec<[Cell; 3]> = vec![
        [
            Cell::text(t.radius_m),
            Cell::Number(p.radius_m),
            Cell::text("m"),
        ],
        [
            Cell::text(t.min_samples),
            Cell::Count(p.min_samples as u64),
            Cell::text(t.xlsx_samples_unit),
        ],
        [
            Cell::text(t.min_share),
            Cell::Share(p.min_share),
            Cell::Empty,
        ],
    ];
    for g in Generation::ALL {
        rows.push([
            Cell::Text((t.threshold_of)(g.label())),
            Cell::Number(p.threshold_dbm(g)),
            Cell::text("dBm"),
        ]);
    }
    rows.push([
        Cell::text(t.required_generation),
        Cell::text(p.required.label()),
        Cell::Empty,
    ]);
    rows.push([
        Cell::text(t.xlsx_operators_kept),
        list(p.filters.operators.iter().map(|o| o.label()).collect()),
        Cell::Empty,
    ]);
    rows.push([
        Cell::text(t.xlsx_technologies_kept),
        list(
            p.filters
                .technologies
                .iter()
                .map(|tech| match tech {
                    Technology::NoService => t.no_service.to_string(),
                    Technology::Gen(g) => g.label().to_string(),
                })
                .collect(),
        ),
        Cell::Empty,
    ]);
    for (name, day) in [
        (t.xlsx_date_from, p.filters.from),
        (t.xlsx_date_to, p.filters.to),
    ] {
        rows.push([
            Cell::text(name),
            day.map(Cell::Date).unwrap_or_else(all),
            Cell::Empty,
        ]);
    }
    rows.push([
        Cell::text(t.xlsx_version),
        Cell::text(env!("CARGO_PKG_VERSION")),
        Cell::Empty,
    ]);
    rows.push([Cell::text(t.xlsx_made_at), Cell::Time(made), Cell::Empty]);
    // Layers read in part and logs not read, where the reader of the figures sees them.
    for w in dataset.warning_texts(lang, crate::message::Front::CommandLine) {
        rows.push([Cell::text(t.xlsx_warning), Cell::Text(w), Cell::Empty]);
    }
    rows
}

/// The parameters sheet: the rule's parameters and filters, when and from what the figures
/// were made and the warnings on them, then the input files with what reading them gave.
fn parameters_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    made: NaiveDateTime,
) -> std::result::Result<(), XlsxError> {
    let t = lang.texts();
    let rows = parameter_rows(dataset, eval, lang, made);
    let mut w = SheetWriter::new(ws, f, false);
    // Room for a whole BLAKE3 checksum (64 hexadecimal digits).
    w.max_width = 72;
    w.header(vec![
        t.xlsx_parameter.into(),
        t.xlsx_value.into(),
        t.xlsx_unit.into(),
    ])?;
    for (i, cells) in rows.iter().enumerate() {
        w.row(i as u32 + 1, cells, false)?;
    }
    let params_rows = rows.len() as u32;

    // The input files below, one row each, with what reading them gave.
    let mut row = params_rows + 2;
    w.ws.write_string_with_format(row, 0, t.xlsx_inputs, &f.heading)?;
    row += 1;
    let inputs = input_rows(dataset, t);
    // A column of numbers: some row has a number there and none has text.
    let numeric: Vec<bool> = (0..8)
        .map(|col| {
            let at = |r: &Vec<Cell>| r.get(col).cloned().unwrap_or(Cell::Empty);
            inputs
                .iter()
                .any(|r| !matches!(at(r), Cell::Text(_) | Cell::Empty))
                && !inputs.iter().any(|r| matches!(at(r), Cell::Text(_)))
        })
        .collect();
    w.header_at(
        row,
        &[
            t.xlsx_role,
            t.xlsx_file,
            t.xlsx_format,
            t.xlsx_rows_read,
            t.xlsx_rows_used,
            t.xlsx_rows_rejected,
            t.xlsx_size_bytes,
            t.xlsx_checksum,
        ]
        .map(String::from),
        &numeric,
    )?;
    for input in inputs {
        row += 1;
        w.row(row, &input, false)?;
    }
    w.finish(params_rows, t.xlsx_footer, true)
}

/// A row per input file: its role and path, then — on the file a load read (the `.shp` of
/// a shapefile, whose `.dbf` has a row of its own) — the format and the rows read, used and
/// rejected, then its size and checksum. A report whose file is not among the checksummed
/// ones gets a row of its own.
fn input_rows(dataset: &Dataset, t: &Texts) -> Vec<Vec<Cell>> {
    use crate::io::report::ImportReport;
    // The communes' report, the villages', then one per sample file.
    let role_of_report = |i: usize| match i {
        0 => "communes",
        1 => "villages",
        _ => "samples",
    };
    let report_cells = |r: &ImportReport| {
        let format = r.format_text(t.lang, crate::message::Front::CommandLine);
        [
            Cell::Text(format),
            Cell::Count(r.rows_read),
            Cell::Count(r.rows_used),
            Cell::Count(r.rows_rejected()),
        ]
    };
    let mut report_of_file: Vec<Option<usize>> = vec![None; dataset.files.len()];
    let mut unmatched = Vec::new();
    for (i, r) in dataset.reports.iter().enumerate() {
        let read = crate::io::paths::shp_path(&r.file);
        let file = dataset.files.iter().enumerate().position(|(k, f)| {
            report_of_file[k].is_none()
                && f.role == role_of_report(i)
                && (f.path == r.file || f.path == read)
        });
        match file {
            Some(k) => report_of_file[k] = Some(i),
            None => unmatched.push(i),
        }
    }
    let mut rows = Vec::new();
    for (file, report) in dataset.files.iter().zip(&report_of_file) {
        let mut cells = vec![
            Cell::Text(t.role(file.role).to_string()),
            Cell::Text(file.path.display().to_string()),
        ];
        match report {
            Some(i) => cells.extend(report_cells(&dataset.reports[*i])),
            None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
        }
        cells.push(Cell::Count(file.bytes));
        cells.push(Cell::text(file.blake3.as_str()));
        rows.push(cells);
    }
    for i in unmatched {
        let r = &dataset.reports[i];
        let mut cells = vec![
            Cell::Text(t.role(role_of_report(i)).to_string()),
            Cell::Text(r.file.display().to_string()),
        ];
        cells.extend(report_cells(r));
        cells.extend([Cell::Empty, Cell::Empty]);
        rows.push(cells);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_use_the_decimal_comma_in_vietnamese() {
        assert_eq!(percent_text(Lang::Vi, 100u32, 123u32), "81,3%");
        assert_eq!(percent_text(Lang::En, 100u32, 123u32), "81.3%");
        assert_eq!(percent_text(Lang::Vi, 1u32, 0u32), "—");
        assert_eq!(count_text(Lang::Vi, 1874), "1.874");
        assert_eq!(count_text(Lang::En, 1874), "1,874");
        let t = Lang::Vi.texts();
        assert_eq!(
            (t.xlsx_headline)("4G", &percent_text(Lang::Vi, 100u32, 123u32), "100", "123"),
            "Tỷ lệ thôn có sóng di động 4G: 81,3% (100/123 thôn)"
        );
    }

    #[test]
    fn headers_wrap_at_word_boundaries() {
        assert_eq!(wrapped_lines("Villages", 10), 1);
        assert_eq!(wrapped_lines("Tỷ lệ ≥4G / thôn đã khảo sát", 12), 3);
        assert_eq!(wrapped_lines("abcdefghijkl", 5), 3);
        assert_eq!(wrapped_lines("", 5), 1);
    }

    #[test]
    fn a_wide_table_prints_scaled_to_the_page_width_and_a_narrow_one_at_full_size() {
        assert_eq!(print_scale(1000.0, 800.0), 100);
        assert_eq!(print_scale(1000.0, 2000.0), 50);
        assert_eq!(print_scale(1000.0, 1e9), 10);
    }

    #[test]
    fn an_empty_unit_has_no_share_rather_than_zero() {
        assert_eq!(share_cell(0, 0), Cell::Empty);
        assert_eq!(share_cell(1, 4), Cell::Share(0.25));
    }

    #[test]
    fn shares_start_with_the_required_generation() {
        use Generation::*;
        assert_eq!(share_generations(G4), [G4, G2, G3, G5]);
        assert_eq!(share_generations(G2), [G2, G3, G4, G5]);
    }
}
