//! Tables as people keep them: a CSV file or the sheets of an Excel (or LibreOffice)
//! workbook, read into rows of cells that keep the row numbers the user sees.

use std::path::Path;

use calamine::{Data, Reader};

use super::paths::file_name;
use super::sheet_extent;
use super::text::{self, TextEncoding, TextEncodingReport};
use crate::error::{Error, Result};
use crate::message::{Msg, Separator, Unit};

/// One cell as the file stores it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// A number the spreadsheet stores as a number.
    Number(f64),
    /// Text, trimmed; never empty (an empty text is [`Cell::Empty`]).
    Text(String),
    /// A time of day or a duration, in days (Excel turns `22:39:50` typed in a cell into
    /// one). Dates are read as text (`2026-03-10`).
    Time(f64),
}

impl Cell {
    fn text(text: &str) -> Cell {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_string())
        }
    }

    /// True for [`Cell::Empty`].
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as a user would read it: numbers without a needless `.0`, times as
    /// `h:mm:ss`.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(v) => number_text(*v),
            Cell::Text(t) => t.clone(),
            Cell::Time(days) => {
                let total_s = days * 86_400.0;
                if !total_s.is_finite() {
                    return number_text(*days);
                }
                let whole = total_s.trunc();
                let (h, m, s) = (
                    (whole / 3600.0).trunc(),
                    ((whole / 60.0) % 60.0).trunc(),
                    whole % 60.0 + (total_s - whole),
                );
                let s = (s * 100.0).round() / 100.0;
                format!("{h}:{m:02}:{}{s}", if s < 10.0 { "0" } else { "" })
            }
        }
    }
}

fn number_text(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// A row with its number as the user sees it: the line of a CSV file (counting the header
/// and blank lines), or the row of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// 1-based, as the user sees it.
    pub number: u64,
    /// From the sheet's first column on.
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell in `column`, [`Cell::Empty`] past the end of the row.
    pub fn cell(&self, column: usize) -> &Cell {
        self.cells.get(column).unwrap_or(&Cell::Empty)
    }

    /// True when every cell is empty.
    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// One sheet of a workbook, or the whole of a CSV file.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// `None` for a CSV file.
    pub name: Option<String>,
    /// A sheet Excel does not show.
    pub hidden: bool,
    /// The sheet column (0 = A) of the first cell of every row.
    pub first_column: u32,
    /// Non-empty rows in order.
    pub rows: Vec<Row>,
}

impl Sheet {
    /// How a column is called in messages: its letter in a sheet (`E`), its number in a CSV
    /// file (`5`).
    pub fn column_label(&self, index: usize) -> String {
        let absolute = self.first_column as usize + index;
        match self.name {
            Some(_) => column_letters(absolute),
            None => (absolute + 1).to_string(),
        }
    }

    /// "row" in a sheet, "line" in a CSV file.
    pub fn row_word(&self) -> &'static str {
        if self.name.is_some() { "row" } else { "line" }
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|&b| b as char).collect()
}

/// A file's tables and how it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Workbook {
    /// E.g. "Excel workbook (.xlsx)", "CSV (semicolon-separated)".
    pub format: Msg,
    /// Every sheet in workbook order (a CSV file is one sheet without a name).
    pub sheets: Vec<Sheet>,
    /// What the reader assumed (text encoding), for the import report.
    pub notes: Vec<Msg>,
    /// How a CSV file's text was decoded (guessed, chosen or declared by a byte-order mark);
    /// `None` for a workbook, whose text is Unicode.
    pub text_encoding: Option<TextEncodingReport>,
}

impl Workbook {
    /// True for a workbook, false for a CSV file.
    pub fn is_spreadsheet(&self) -> bool {
        self.sheets.first().is_some_and(|s| s.name.is_some())
    }
}

/// Extensions read as spreadsheets.
pub const SPREADSHEET_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "xla"];

/// A village list (and any table like it) is small; a larger file is surely something else.
pub const MAX_TABLE_BYTES: u64 = 512 * 1024 * 1024;

fn check_size(path: &Path) -> Result<()> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_TABLE_BYTES {
        return Err(Error::content(
            path,
            Msg::ListTooLarge {
                mb: size / (1024 * 1024),
            },
            Msg::RemedyNotASampleLog,
        ));
    }
    Ok(())
}

/// Reads every sheet of an Excel (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`) or OpenDocument
/// (`.ods`) workbook. Formulas give their cached values.
pub fn read_workbook(path: &Path) -> Result<Workbook> {
    check_size(path)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let format = match ext.as_str() {
        "ods" => Msg::FormatOds,
        e => Msg::FormatWorkbook {
            kind: "Excel".into(),
            extension: e.into(),
        },
    };
    let budget = check_measure(path, &ext)?;
    let mut workbook = open_calamine(path, &ext, &format)?;
    let metadata: Vec<(String, bool)> = (workbook.sheets_metadata().iter())
        // Chart sheets and macro sheets have no cells.
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::with_capacity(metadata.len());
    let mut notes = Vec::new();
    for (name, hidden) in metadata {
        match read_sheet(&mut workbook, &name, budget) {
            Ok((first_column, rows, unreadable)) => {
                if unreadable > 0 {
                    notes.push(Msg::CellsUnreadable {
                        sheet: name.clone(),
                        n: unreadable,
                    });
                }
                sheets.push(Sheet {
                    name: Some(name),
                    hidden,
                    first_column,
                    rows,
                });
            }
            Err(SheetError::Unreadable(note)) => notes.push(*note),
            Err(SheetError::TooLarge(extent)) => {
                return Err(Error::content(
                    path,
                    Msg::SheetGridTooLarge {
                        sheet: name,
                        extent,
                        limit: budget,
                    },
                    Msg::RemedyStrayCells,
                ));
            }
        }
    }
    if sheets.is_empty() {
        return Err(Error::content(
            path,
            Msg::NoReadableSheet,
            Msg::RemedyResaveXlsx,
        ));
    }
    Ok(Workbook {
        format,
        sheets,
        notes,
        text_encoding: None,
    })
}

/// Measures the workbook at `path` before it is opened: its zip parts (for the formats that
/// are zips), and each sheet's grid against the cells its file accounts for (calamine lays
/// out every .xls and .ods sheet as a dense grid as it opens the file). The budget of cells
/// a sheet's rows may hold.
fn check_measure(path: &Path, ext: &str) -> Result<u64> {
    if matches!(ext, "xlsx" | "xlsm" | "xlsb" | "ods") {
        check_zip_parts(path)?;
    }
    let budget = grid_cell_budget(std::fs::metadata(path).map_or(0, |m| m.len()));
    if let Some(too_large) = sheet_extent::oversized(path, ext, budget) {
        return Err(Error::content(
            path,
            Msg::SheetGridTooLarge {
                sheet: too_large.sheet,
                extent: extent_text(too_large.first, too_large.last),
                limit: budget,
            },
            Msg::RemedyStrayCells,
        ));
    }
    Ok(budget)
}

/// The workbook at `path` opened by calamine's reader for its extension (calamine picks
/// the reader by extension, in lower case).
fn open_calamine(
    path: &Path,
    ext: &str,
    format: &Msg,
) -> Result<calamine::Sheets<std::io::BufReader<std::fs::File>>> {
    let opened = std::panic::catch_unwind(|| -> Result<_, calamine::Error> {
        let file = std::fs::File::open(path).map_err(calamine::Error::Io)?;
        let reader = std::io::BufReader::new(file);
        Ok(match ext {
            "xls" | "xla" => calamine::Sheets::Xls(calamine::open_workbook_from_rs(reader)?),
            "xlsb" => calamine::Sheets::Xlsb(calamine::open_workbook_from_rs(reader)?),
            "ods" => calamine::Sheets::Ods(calamine::open_workbook_from_rs(reader)?),
            _ => calamine::Sheets::Xlsx(calamine::open_workbook_from_rs(reader)?),
        })
    });
    match opened {
        Ok(Ok(w)) => Ok(w),
        Ok(Err(calamine::Error::Io(e))) => Err(Error::io(path, e)),
        Ok(Err(e)) => Err(unreadable(path, format, Msg::from(e.to_string()))),
        Err(_) => Err(unreadable(path, format, Msg::ReaderFailed)),
    }
}

/// Why a sheet gave no rows.
enum SheetError {
    /// The sheet cannot be read: the note that says so; the other sheets are still read.
    Unreadable(Box<Msg>),
    /// Its rows would hold more cells than the file accounts for: the cells' extent.
    TooLarge(String),
}

/// The first column, the non-empty rows of the sheet `name`, and how many of its cells could
/// not be read. Excel and Excel binary
/// sheets are read cell by cell: a dense grid would take the size of the cells' extent, and
/// one stray cell at XFD1048576 makes that 512 GiB. The others (.xls, .ods), whose extent
/// was checked before opening, as calamine's grid.
fn read_sheet<RS: std::io::Read + std::io::Seek>(
    workbook: &mut calamine::Sheets<RS>,
    name: &str,
    budget: u64,
) -> Result<(u32, Vec<Row>, u64), SheetError> {
    let unreadable = |why: Option<String>| {
        let sheet = name.to_string();
        SheetError::Unreadable(Box::new(match why {
            Some(why) => Msg::SheetUnreadableWhy { sheet, why },
            None => Msg::SheetUnreadable { sheet },
        }))
    };
    let streamed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        streamed_sheet(workbook, name, budget)
    }));
    match streamed {
        Ok(None) => {}
        Ok(Some(Ok(Streamed::Rows(first_column, rows, unreadable)))) => {
            return Ok((first_column, rows, unreadable));
        }
        Ok(Some(Ok(Streamed::TooLarge(extent)))) => return Err(SheetError::TooLarge(extent)),
        Ok(Some(Err(why))) => return Err(unreadable(Some(why))),
        Err(_) => return Err(unreadable(None)),
    }
    let range = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        workbook.worksheet_range(name)
    }));
    let range = match range {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return Err(unreadable(Some(e.to_string()))),
        Err(_) => return Err(unreadable(None)),
    };
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let rows = (range.rows().enumerate())
        .map(|(i, cells)| Row {
            number: first_row as u64 + i as u64 + 1,
            cells: cells.iter().map(cell_of).collect(),
        })
        .filter(|r| !r.is_empty())
        .collect();
    Ok((first_column, rows, 0))
}

/// The most one part of a workbook (a sheet's XML, its shared strings) may unpack to. A
/// sheet of a million rows of ten cells is some 200 MB of XML; calamine keeps the shared
/// strings whole in memory, and a zip claims nothing about how much its few bytes become.
pub const MAX_WORKBOOK_PART_BYTES: u64 = 256 * 1024 * 1024;

/// Measures every part of a zip-based workbook before calamine unpacks any: by the size the
/// zip declares, then by unpacking it (into nothing) up to the cap, since a declared size
/// may lie. A part that cannot be read is left for calamine to report.
fn check_zip_parts(path: &Path) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index(index) else {
            continue;
        };
        let name = part.name().to_string();
        let declared = part.size();
        let unpacked = if declared > MAX_WORKBOOK_PART_BYTES {
            declared
        } else {
            std::io::copy(
                &mut std::io::Read::take(part, MAX_WORKBOOK_PART_BYTES + 1),
                &mut std::io::sink(),
            )
            .unwrap_or(0)
        };
        if unpacked > MAX_WORKBOOK_PART_BYTES {
            return Err(Error::content(
                path,
                Msg::WorkbookPartTooLarge {
                    part: name,
                    limit_mb: MAX_WORKBOOK_PART_BYTES / (1024 * 1024),
                },
                Msg::RemedyOpenAndResave {
                    file: file_name(path),
                },
            ));
        }
    }
    Ok(())
}

/// However small the file, a sheet may fill this many cells of rows: any village list fits
/// (32 MiB of cells).
const GRID_CELLS_FLOOR: u64 = 1 << 20;

/// Cells of rows a sheet may fill per byte of its file, above the floor. A stored cell takes
/// some bytes even compressed, and the blanks between a row's cells are few in a table; a
/// file whose rows stretch much further claims more memory than it brings.
const GRID_CELLS_PER_FILE_BYTE: u64 = 4;

/// Cells of rows no sheet may fill whatever the file's size (1 GiB of cells): the memory a
/// desktop spares for a table.
const MAX_GRID_CELLS: u64 = 1 << 25;

/// How many cells the rows of one sheet of a file of `file_bytes` may hold, blanks between
/// a row's cells included.
fn grid_cell_budget(file_bytes: u64) -> u64 {
    GRID_CELLS_FLOOR
        .max(file_bytes.saturating_mul(GRID_CELLS_PER_FILE_BYTE))
        .min(MAX_GRID_CELLS)
}

/// Cells of a sheet that may fail to read (a value that does not parse) before the sheet is
/// taken as unreadable: a damaged cell costs its row, a damaged sheet says so.
const MAX_UNREADABLE_CELLS: u64 = 1000;

/// A sheet read cell by cell.
enum Streamed {
    /// The first column, the non-empty rows, and how many cells could not be read.
    Rows(u32, Vec<Row>, u64),
    /// The rows would hold more cells than the budget; the cells' extent, e.g.
    /// `A1:XFD1048576`.
    TooLarge(String),
}

/// Reads an Excel or Excel binary sheet cell by cell into rows that hold cells from the
/// sheet's first used column to their own last one, so that a stray cell far away costs
/// one row, not a grid. `None` for the formats read as a whole range.
fn streamed_sheet<RS: std::io::Read + std::io::Seek>(
    workbook: &mut calamine::Sheets<RS>,
    name: &str,
    budget: u64,
) -> Option<Result<Streamed, String>> {
    let mut cells: Vec<(u32, u32, Cell)> = Vec::new();
    let mut unreadable = 0u64;
    let mut keep = |row: u32, column: u32, data: Data| -> bool {
        let cell = cell_of(&data);
        if !cell.is_empty() {
            cells.push((row, column, cell));
        }
        // Every kept cell is one of the rows' cells, so more than the budget is too many.
        cells.len() as u64 <= budget
    };
    // The Excel and Excel binary readers are two types with the same methods.
    macro_rules! each_cell {
        ($sheets:expr) => {
            (|| {
                let mut reader = $sheets
                    .worksheet_cells_reader(name)
                    .map_err(|e| e.to_string())?;
                loop {
                    let c = match reader.next_cell() {
                        Ok(Some(c)) => c,
                        Ok(None) => return Ok(true),
                        // A cell whose value does not parse (text in a number cell): the
                        // reader has passed it, and the rest of the sheet is read. Past a
                        // few, the sheet is more damage than cells.
                        Err(_) if unreadable < MAX_UNREADABLE_CELLS => {
                            unreadable += 1;
                            continue;
                        }
                        Err(e) => return Err(e.to_string()),
                    };
                    let (row, column) = c.get_position();
                    if !keep(row, column, Data::from(c.get_value().clone())) {
                        return Ok(false);
                    }
                }
            })()
        };
    }
    let read: Result<bool, String> = match workbook {
        calamine::Sheets::Xlsx(x) => each_cell!(x),
        calamine::Sheets::Xlsb(x) => each_cell!(x),
        _ => return None,
    };
    match read {
        Err(why) => Some(Err(why)),
        Ok(false) => Some(Ok(Streamed::TooLarge(cells_extent(&cells)))),
        Ok(true) => Some(Ok(match rows_of_cells(cells, budget) {
            Streamed::Rows(first_column, rows, _) => Streamed::Rows(first_column, rows, unreadable),
            too_large => too_large,
        })),
    }
}

/// The cells' extent as Excel writes it (`A1:XFD1048576`).
fn cells_extent(cells: &[(u32, u32, Cell)]) -> String {
    let first =
        |pick: fn(&(u32, u32, Cell)) -> u32| u64::from(cells.iter().map(pick).min().unwrap_or(0));
    let last =
        |pick: fn(&(u32, u32, Cell)) -> u32| u64::from(cells.iter().map(pick).max().unwrap_or(0));
    extent_text(
        (first(|c| c.0), first(|c| c.1)),
        (last(|c| c.0), last(|c| c.1)),
    )
}

/// Rows of the non-empty `cells` (row, column, cell), each holding cells from the first
/// column to its last; too large when they would hold more cells than `budget`.
fn rows_of_cells(mut cells: Vec<(u32, u32, Cell)>, budget: u64) -> Streamed {
    cells.sort_by_key(|c| (c.0, c.1));
    let first_column = cells.iter().map(|c| c.1).min().unwrap_or(0);
    // What the rows will hold, counted before any is built.
    let mut filled: u64 = 0;
    for row in cells.chunk_by(|a, b| a.0 == b.0) {
        let last = row.last().map_or(first_column, |c| c.1);
        filled += u64::from(last - first_column) + 1;
    }
    if filled > budget {
        return Streamed::TooLarge(cells_extent(&cells));
    }
    let mut rows = Vec::new();
    for row in cells.chunk_by_mut(|a, b| a.0 == b.0) {
        let last = row.last().map_or(first_column, |c| c.1);
        let mut line = vec![Cell::Empty; (last - first_column) as usize + 1];
        for (_, column, cell) in row.iter_mut() {
            line[(*column - first_column) as usize] = std::mem::replace(cell, Cell::Empty);
        }
        rows.push(Row {
            number: u64::from(row[0].0) + 1,
            cells: line,
        });
    }
    Streamed::Rows(first_column, rows, 0)
}

/// Cells from `first` to `last` (row and column from 0) as Excel writes them: `A1:XFD1048576`.
fn extent_text(first: (u64, u64), last: (u64, u64)) -> String {
    let cell = |(row, column): (u64, u64)| {
        let column = usize::try_from(column).unwrap_or(usize::MAX);
        format!("{}{}", column_letters(column), row.saturating_add(1))
    };
    format!("{}:{}", cell(first), cell(last))
}

fn unreadable(path: &Path, format: &Msg, why: Msg) -> Error {
    Error::content(
        path,
        Msg::WorkbookUnreadable {
            format: Box::new(format.clone()),
            why: why.to_string(),
        },
        Msg::RemedyOpenAndResave {
            file: file_name(path),
        },
    )
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        // A date is not a coordinate; a time of day or a duration may be one.
        Data::DateTime(dt) if dt.is_datetime() && dt.as_f64() >= 1.0 => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            Cell::Text(if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            })
        }
        Data::DateTime(dt) => Cell::Time(dt.as_f64()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// What a file named as a workbook holds when it is none: government portals save HTML
/// tables and CSV text as `.xls`, which Excel, LibreOffice and GDAL open by their content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disguise {
    Html,
    Text,
}

/// How many bytes tell a disguised workbook.
const SNIFF_BYTES: u64 = 8 * 1024;

/// `None` for a real workbook (an OLE or zip container) or a file that is no text either
/// (then the workbook reader says what is wrong); otherwise what it is.
pub fn disguise(path: &Path) -> Option<Disguise> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    if head.is_empty()
        || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || head.starts_with(b"PK\x03\x04")
        || head.contains(&0)
    {
        return None;
    }
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.starts_with('<') && text.contains("<table") {
        return Some(Disguise::Html);
    }
    if text.starts_with('<') {
        // HTML or XML without a table in its first kilobytes (Excel 2003 XML, say): not a list
        // phusong can split; the workbook reader's refusal says so.
        return None;
    }
    Some(Disguise::Text)
}

/// Reads the tables of an HTML file (one sheet per `<table>`, named by its number), in
/// `encoding` when given, else as a byte-order mark says, else guessed.
pub fn read_html(path: &Path, encoding: Option<TextEncoding>, flag: &str) -> Result<Workbook> {
    check_size(path)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut notes = vec![Msg::XlsIsHtml {
        file: file_name(path),
    }];
    let (text, text_report) = text::decode_file(&bytes, encoding, flag, &mut notes);
    let sheets: Vec<Sheet> = html_tables(&text)
        .into_iter()
        .enumerate()
        .map(|(i, rows)| Sheet {
            name: Some((i + 1).to_string()),
            hidden: false,
            first_column: 0,
            rows,
        })
        .filter(|s| !s.rows.is_empty())
        .collect();
    if sheets.is_empty() {
        return Err(Error::content(
            path,
            Msg::NoReadableSheet,
            Msg::RemedyResaveXlsx,
        ));
    }
    Ok(Workbook {
        format: Msg::FormatHtmlTable,
        sheets,
        notes,
        text_encoding: Some(text_report),
    })
}

/// The rows of every table of an HTML text, innermost tables apart, each row numbered from 1
/// in its table; empty rows are left out.
fn html_tables(html: &str) -> Vec<Vec<Row>> {
    struct Open {
        rows: Vec<Row>,
        row: Option<Vec<Cell>>,
        cell: Option<(String, usize)>,
        number: u64,
    }
    impl Open {
        fn end_cell(&mut self) {
            if let Some((text, span)) = self.cell.take() {
                let row = self.row.get_or_insert_with(Vec::new);
                row.push(Cell::text(&decode_entities(&text)));
                row.extend(std::iter::repeat_n(Cell::Empty, span.saturating_sub(1)));
            }
        }
        fn end_row(&mut self) {
            self.end_cell();
            if let Some(cells) = self.row.take() {
                self.number += 1;
                let row = Row {
                    number: self.number,
                    cells,
                };
                if !row.is_empty() {
                    self.rows.push(row);
                }
            }
        }
    }
    let lower = html.to_ascii_lowercase();
    let mut done = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    while at < html.len() {
        let Some(lt) = html[at..].find('<').map(|i| at + i) else {
            if let Some(cell) = open.last_mut().and_then(|t| t.cell.as_mut()) {
                cell.0.push_str(&html[at..]);
            }
            break;
        };
        if let Some(cell) = open.last_mut().and_then(|t| t.cell.as_mut()) {
            cell.0.push_str(&html[at..lt]);
        }
        if lower[lt..].starts_with("<!--") {
            at = lower[lt..].find("-->").map_or(html.len(), |i| lt + i + 3);
            continue;
        }
        let gt = lower[lt..].find('>').map_or(html.len(), |i| lt + i);
        let tag = &lower[lt + 1..gt];
        at = (gt + 1).min(html.len());
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match (name.as_str(), closing) {
            ("script" | "style", false) => {
                let end = format!("</{name}");
                at = lower[at..].find(&end).map_or(html.len(), |i| at + i);
            }
            ("table", false) => open.push(Open {
                rows: Vec::new(),
                row: None,
                cell: None,
                number: 0,
            }),
            ("table", true) => {
                if let Some(mut t) = open.pop() {
                    t.end_row();
                    done.push(t.rows);
                }
            }
            ("tr", false) => {
                if let Some(t) = open.last_mut() {
                    t.end_row();
                    t.row = Some(Vec::new());
                }
            }
            ("tr", true) => {
                if let Some(t) = open.last_mut() {
                    t.end_row();
                }
            }
            ("td" | "th", false) => {
                if let Some(t) = open.last_mut() {
                    t.end_cell();
                    t.cell = Some((String::new(), colspan(tag)));
                }
            }
            ("td" | "th", true) => {
                if let Some(t) = open.last_mut() {
                    t.end_cell();
                }
            }
            ("br" | "p" | "div", _) => {
                if let Some(cell) = open.last_mut().and_then(|t| t.cell.as_mut()) {
                    cell.0.push(' ');
                }
            }
            _ => {}
        }
    }
    // Tables a truncated file leaves open still count.
    while let Some(mut t) = open.pop() {
        t.end_row();
        done.push(t.rows);
    }
    done
}

/// The `colspan` of a cell's tag (lower case), 1 without one; at most 1000, so that a
/// hostile number cannot make a huge row.
fn colspan(tag: &str) -> usize {
    let Some(i) = tag.find("colspan") else {
        return 1;
    };
    let rest = tag[i + 7..]
        .trim_start()
        .trim_start_matches('=')
        .trim_start();
    let digits: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap_or(1).clamp(1, 1000)
}

/// The named references of Latin-1 letters and signs (`&ecirc;`, `&agrave;`, `&deg;`), which
/// HTML exports write for the Vietnamese letters Latin-1 has.
const LATIN1_ENTITIES: [(&str, char); 96] = [
    ("nbsp", '\u{a0}'),
    ("iexcl", '\u{a1}'),
    ("cent", '\u{a2}'),
    ("pound", '\u{a3}'),
    ("curren", '\u{a4}'),
    ("yen", '\u{a5}'),
    ("brvbar", '\u{a6}'),
    ("sect", '\u{a7}'),
    ("uml", '\u{a8}'),
    ("copy", '\u{a9}'),
    ("ordf", '\u{aa}'),
    ("laquo", '\u{ab}'),
    ("not", '\u{ac}'),
    ("shy", '\u{ad}'),
    ("reg", '\u{ae}'),
    ("macr", '\u{af}'),
    ("deg", '\u{b0}'),
    ("plusmn", '\u{b1}'),
    ("sup2", '\u{b2}'),
    ("sup3", '\u{b3}'),
    ("acute", '\u{b4}'),
    ("micro", '\u{b5}'),
    ("para", '\u{b6}'),
    ("middot", '\u{b7}'),
    ("cedil", '\u{b8}'),
    ("sup1", '\u{b9}'),
    ("ordm", '\u{ba}'),
    ("raquo", '\u{bb}'),
    ("frac14", '\u{bc}'),
    ("frac12", '\u{bd}'),
    ("frac34", '\u{be}'),
    ("iquest", '\u{bf}'),
    ("Agrave", '\u{c0}'),
    ("Aacute", '\u{c1}'),
    ("Acirc", '\u{c2}'),
    ("Atilde", '\u{c3}'),
    ("Auml", '\u{c4}'),
    ("Aring", '\u{c5}'),
    ("AElig", '\u{c6}'),
    ("Ccedil", '\u{c7}'),
    ("Egrave", '\u{c8}'),
    ("Eacute", '\u{c9}'),
    ("Ecirc", '\u{ca}'),
    ("Euml", '\u{cb}'),
    ("Igrave", '\u{cc}'),
    ("Iacute", '\u{cd}'),
    ("Icirc", '\u{ce}'),
    ("Iuml", '\u{cf}'),
    ("ETH", '\u{d0}'),
    ("Ntilde", '\u{d1}'),
    ("Ograve", '\u{d2}'),
    ("Oacute", '\u{d3}'),
    ("Ocirc", '\u{d4}'),
    ("Otilde", '\u{d5}'),
    ("Ouml", '\u{d6}'),
    ("times", '\u{d7}'),
    ("Oslash", '\u{d8}'),
    ("Ugrave", '\u{d9}'),
    ("Uacute", '\u{da}'),
    ("Ucirc", '\u{db}'),
    ("Uuml", '\u{dc}'),
    ("Yacute", '\u{dd}'),
    ("THORN", '\u{de}'),
    ("szlig", '\u{df}'),
    ("agrave", '\u{e0}'),
    ("aacute", '\u{e1}'),
    ("acirc", '\u{e2}'),
    ("atilde", '\u{e3}'),
    ("auml", '\u{e4}'),
    ("aring", '\u{e5}'),
    ("aelig", '\u{e6}'),
    ("ccedil", '\u{e7}'),
    ("egrave", '\u{e8}'),
    ("eacute", '\u{e9}'),
    ("ecirc", '\u{ea}'),
    ("euml", '\u{eb}'),
    ("igrave", '\u{ec}'),
    ("iacute", '\u{ed}'),
    ("icirc", '\u{ee}'),
    ("iuml", '\u{ef}'),
    ("eth", '\u{f0}'),
    ("ntilde", '\u{f1}'),
    ("ograve", '\u{f2}'),
    ("oacute", '\u{f3}'),
    ("ocirc", '\u{f4}'),
    ("otilde", '\u{f5}'),
    ("ouml", '\u{f6}'),
    ("divide", '\u{f7}'),
    ("oslash", '\u{f8}'),
    ("ugrave", '\u{f9}'),
    ("uacute", '\u{fa}'),
    ("ucirc", '\u{fb}'),
    ("uuml", '\u{fc}'),
    ("yacute", '\u{fd}'),
    ("thorn", '\u{fe}'),
    ("yuml", '\u{ff}'),
];

/// Text with its HTML character references (`&amp;`, `&nbsp;`, `&#7897;`, `&#x1ED9;`)
/// replaced by the characters, and runs of white space made one space.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => match name.strip_prefix('#') {
                    Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16)
                        .ok()
                        .and_then(char::from_u32),
                    Some(dec) => dec.parse().ok().and_then(char::from_u32),
                    None => LATIN1_ENTITIES
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|&(_, c)| c),
                },
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The field separators a CSV file may use.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many rows the delimiter is chosen on.
const SNIFF_ROWS: usize = 40;

/// Reads a delimited text file (comma, semicolon, tab or bar). The separator is the one
/// under which `score` likes the first rows best; on a tie, the one that splits the first
/// line into most fields. The text is read in `encoding` when given, else in UTF-8 when a
/// byte-order mark says so, else in the encoding guessed from its accented words (see
/// [`text::decode_file`]); `flag` is the command-line flag that chooses the encoding, for
/// the notes.
pub fn read_csv(
    path: &Path,
    encoding: Option<TextEncoding>,
    flag: &str,
    score: &dyn Fn(&Sheet) -> usize,
) -> Result<Workbook> {
    check_size(path)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut notes = Vec::new();
    let (text, text_report) = text::decode_file(&bytes, encoding, flag, &mut notes);
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first_line.is_empty() {
        return Err(Error::content(
            path,
            Msg::EmptyFile,
            Msg::RemedyListWithHeader,
        ));
    }
    let delimiter = DELIMITERS
        .iter()
        .copied()
        .map(|d| {
            let fields = first_line.bytes().filter(|b| *b == d).count();
            let sample = split(text, d, Some(SNIFF_ROWS));
            (score(&sample), fields, d)
        })
        .max_by_key(|(score, fields, _)| (*score, *fields))
        .map(|(_, _, d)| d)
        .unwrap_or(b',');
    let mut sheet = split(text, delimiter, None);
    let malformed = sheet.rows.iter().filter(|r| r.number == 0).count();
    sheet.rows.retain(|r| r.number != 0);
    if malformed > 0 {
        notes.push(Msg::LinesNotSplit {
            lines: Unit::Line.count(malformed as u64),
        });
    }
    let separator = match delimiter {
        b';' => Separator::Semicolon,
        b'\t' => Separator::Tab,
        b'|' => Separator::Pipe,
        _ => Separator::Comma,
    };
    Ok(Workbook {
        format: Msg::FormatCsv { separator },
        sheets: vec![sheet],
        notes,
        text_encoding: Some(text_report),
    })
}

/// Splits CSV text into rows (at most `limit`), keeping line numbers; rows the CSV parser
/// refuses get number 0.
fn split(text: &str, delimiter: u8, limit: Option<usize>) -> Sheet {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', bytes).collect();
    // The line a record starts on, from its byte offset: the parser's own line count does
    // not see blank lines before a record.
    let line_of = |offset: usize| -> u64 {
        let mut at = offset;
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        newlines.partition_point(|&n| n < at) as u64 + 1
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        if limit.is_some_and(|l| rows.len() >= l) {
            break;
        }
        let row = match record {
            Ok(r) => Row {
                number: r.position().map_or(0, |p| line_of(p.byte() as usize)),
                cells: r.iter().map(Cell::text).collect(),
            },
            Err(_) => Row {
                number: 0,
                cells: vec![Cell::Text(String::new())],
            },
        };
        if !row.is_empty() {
            rows.push(row);
        }
    }
    Sheet {
        name: None,
        hidden: false,
        first_column: 0,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(4), "E");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn cells_read_as_a_user_would() {
        assert_eq!(Cell::Number(2070911.0).display(), "2070911");
        assert_eq!(Cell::Number(105.8123).display(), "105.8123");
        assert_eq!(Cell::text("  "), Cell::Empty);
        assert_eq!(Cell::text(" Nà Lẹng "), Cell::Text("Nà Lẹng".into()));
        let t = (22.0 + 39.0 / 60.0 + 50.5 / 3600.0) / 24.0;
        assert_eq!(Cell::Time(t).display(), "22:39:50.5");
        assert_eq!(Cell::Time(105.0 / 24.0).display(), "105:00:00");
    }

    #[test]
    fn csv_rows_keep_their_line_numbers() {
        let sheet = split("a;b\n\n1;2\n\"x\ny\";3\n4;5\n", b';', None);
        let numbers: Vec<u64> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 6]);
        assert_eq!(sheet.rows[2].cells[0], Cell::Text("x\ny".into()));
        assert_eq!(sheet.rows[0].cell(7), &Cell::Empty);
    }
}
