//! How many cells calamine would lay out for each sheet of an `.xls` or `.ods` workbook,
//! measured before calamine opens it.
//!
//! calamine reads these two formats whole when it opens them, and lays every sheet out as a
//! dense grid from its first used cell to its last: one stray cell at the far corner of a
//! sheet, a `.xls` DIMENSIONS record claiming a million rows, or an `.ods` cell "repeated"
//! sixteen thousand times turns a few bytes into gigabytes, and an allocation that fails
//! aborts the process. So the grids are measured first, from the records and elements that
//! calamine will read, and a workbook whose grid would outgrow what its file accounts for is
//! refused by name instead.

use std::io::{Read, Seek};
use std::path::Path;

/// The sheet whose grid would be too large, with the cells' extent: the first and last
/// row and column, from 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Oversized {
    pub sheet: String,
    pub first: (u64, u64),
    pub last: (u64, u64),
}

/// The cells of one sheet, as calamine would count them.
#[derive(Debug, Default)]
struct Extent {
    first_row: u64,
    last_row: u64,
    first_column: u64,
    last_column: u64,
    any: bool,
    /// Cells calamine holds before it lays out the grid: an `.ods` row's cells up to its last
    /// used one, repeated columns counted.
    kept: u64,
}

impl Extent {
    fn take(&mut self, row: u64, first_column: u64, last_column: u64) {
        if self.any {
            self.first_row = self.first_row.min(row);
            self.last_row = self.last_row.max(row);
            self.first_column = self.first_column.min(first_column);
            self.last_column = self.last_column.max(last_column);
        } else {
            *self = Extent {
                first_row: row,
                last_row: row,
                first_column,
                last_column,
                any: true,
                kept: self.kept,
            };
        }
    }

    fn grid_cells(&self) -> u64 {
        let grid = if self.any {
            (self.last_row - self.first_row + 1)
                .saturating_mul(self.last_column - self.first_column + 1)
        } else {
            0
        };
        grid.max(self.kept)
    }
}

/// The first sheet of the `.xls` or `.ods` workbook at `path` whose grid would hold more than
/// `budget` cells. `None` when every sheet fits, for the other formats, and when the file is
/// not the container its extension says (calamine then says what is wrong with it).
pub fn oversized(path: &Path, extension: &str, budget: u64) -> Option<Oversized> {
    let file = std::fs::File::open(path).ok()?;
    let file_bytes = file.metadata().ok()?.len();
    let sheets = match extension {
        "xls" | "xla" => xls_sheets(std::io::BufReader::new(file), file_bytes)?,
        "ods" => ods_sheets(std::io::BufReader::new(file))?,
        _ => return None,
    };
    sheets
        .into_iter()
        .find(|(_, extent)| extent.grid_cells() > budget)
        .map(|(sheet, extent)| Oversized {
            sheet,
            first: (extent.first_row, extent.first_column),
            last: (extent.last_row, extent.last_column),
        })
}

/// Each sheet of a BIFF workbook with the cells calamine would read from it.
fn xls_sheets<R: Read + Seek>(reader: R, file_bytes: u64) -> Option<Vec<(String, Extent)>> {
    let mut container = cfb::CompoundFile::open(reader).ok()?;
    let name = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|name| container.is_stream(name))?;
    let mut stream = Vec::new();
    // A stream is made of the file's own sectors; reading past the file's size is a lie.
    container
        .open_stream(name)
        .ok()?
        .take(file_bytes)
        .read_to_end(&mut stream)
        .ok()?;
    let sheets: Vec<(usize, String)> = records(&stream, 0)
        .filter(|r| r.kind == BOUNDSHEET && r.data.len() >= 8)
        .map(|r| (u32_at(r.data, 0) as usize, boundsheet_name(r.data)))
        .collect();
    Some(
        sheets
            .into_iter()
            .filter(|(position, _)| *position < stream.len())
            .map(|(position, name)| (name, xls_extent(&stream, position)))
            .collect(),
    )
}

const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const EOF: u16 = 0x000A;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
/// NUMBER, LABEL, BOOLERR, RK, LABELSST: one cell each, its row then its column first.
const ONE_CELL: [u16; 5] = [0x0203, 0x0204, 0x0205, 0x027E, 0x00FD];

struct Record<'a> {
    kind: u16,
    data: &'a [u8],
}

/// The BIFF records of `stream` from `start`: a kind, a length and that many bytes each.
fn records(stream: &[u8], start: usize) -> impl Iterator<Item = Record<'_>> {
    let mut at = start;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some(Record { kind, data })
    })
}

/// The cells of the sheet whose records start at `position`, read as calamine reads them.
fn xls_extent(stream: &[u8], position: usize) -> Extent {
    let mut extent = Extent::default();
    for record in records(stream, position) {
        let data = record.data;
        match record.kind {
            EOF => break,
            DIMENSIONS => {
                // calamine reserves room for the cells this record claims.
                if let Some((row, column, rows, columns)) = dimensions(data) {
                    let last_column = column + columns - 1;
                    extent.take(row, column, last_column);
                    extent.take(row + rows - 1, column, last_column);
                }
            }
            MULRK if data.len() >= 6 => {
                let last = u16_at(data, data.len() - 2);
                let first = u16_at(data, 2);
                if last >= first {
                    extent.take(u64::from(u16_at(data, 0)), first.into(), last.into());
                }
            }
            kind if (ONE_CELL.contains(&kind) || kind == FORMULA) && data.len() >= 4 => {
                let column = u64::from(u16_at(data, 2));
                extent.take(u64::from(u16_at(data, 0)), column, column);
            }
            _ => {}
        }
    }
    extent
}

/// The first row and column of a DIMENSIONS record and the rows and columns calamine reserves
/// for it (`parse_dimensions`, then `end - start + 1` in 32 bits, wrapping as calamine's
/// release build does).
fn dimensions(data: &[u8]) -> Option<(u64, u64, u64, u64)> {
    let (first_row, last_row, mut first_column, last_column) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return None,
    };
    if first_column > 0xFF || last_column < first_column {
        first_column = 0;
    }
    let (rows, columns) = if last_row == 0 || last_column == 0 {
        (1, 1)
    } else {
        (
            (last_row - 1).wrapping_sub(first_row).wrapping_add(1),
            (last_column - 1).wrapping_sub(first_column).wrapping_add(1),
        )
    };
    Some((
        first_row.into(),
        first_column.into(),
        u64::from(rows).max(1),
        u64::from(columns).max(1),
    ))
}

/// A BOUNDSHEET record's sheet name: 8-bit in BIFF5, flagged 8- or 16-bit in BIFF8.
fn boundsheet_name(data: &[u8]) -> String {
    let count = usize::from(data[6]);
    if data.len() == 7 + count {
        data[7..].iter().map(|&b| char::from(b)).collect()
    } else if data[7] & 1 == 1 {
        let units: Vec<u16> = data[8..]
            .chunks_exact(2)
            .take(count)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        data[8..]
            .iter()
            .take(count)
            .map(|&b| char::from(b))
            .collect()
    }
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

/// calamine's caps on an `.ods` sheet (`MAX_ROWS`, `MAX_COLUMNS` in its `ods.rs`).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// The table being read: its name, its cells, and the rows so far.
struct OdsTable {
    name: String,
    extent: Extent,
    rows: u64,
}

/// The row being read.
struct OdsRow {
    first: u64,
    repeats: u64,
    /// The columns so far, repeats counted.
    columns: u64,
    /// The first and last column holding something.
    used: Option<(u64, u64)>,
    /// The open cell: its first column, its repeats, whether it holds something yet.
    cell: Option<(u64, u64, bool)>,
}

impl OdsRow {
    fn end_cell(&mut self) {
        if let Some((first, repeats @ 1.., true)) = self.cell.take() {
            let last = first + repeats - 1;
            self.used = Some(self.used.map_or((first, last), |(used, _)| (used, last)));
        }
    }
}

/// The attributes that give a cell a value.
const ODS_VALUES: [&[u8]; 6] = [
    b"office:value",
    b"office:string-value",
    b"office:date-value",
    b"office:time-value",
    b"office:boolean-value",
    b"table:formula",
];

/// Each table of an OpenDocument spreadsheet with the cells calamine would lay out for it:
/// repeated rows and columns count as many times as they repeat, as calamine expands them.
fn ods_sheets<R: Read + Seek>(reader: R) -> Option<Vec<(String, Extent)>> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(reader).ok()?;
    let content = archive.by_name("content.xml").ok()?;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    // As calamine reads it: `<a/>` is an opening and a closing.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut sheets = Vec::new();
    let mut buf = Vec::new();
    let mut table: Option<OdsTable> = None;
    let mut row: Option<OdsRow> = None;
    loop {
        match xml.read_event_into(&mut buf).ok()? {
            Event::Start(e) => match e.name().as_ref() {
                b"table:table" => {
                    table = Some(OdsTable {
                        name: attribute(&e, b"table:name").unwrap_or_default(),
                        extent: Extent::default(),
                        rows: 0,
                    });
                }
                b"table:table-row" => {
                    if let Some(table) = &table {
                        row = Some(OdsRow {
                            first: table.rows,
                            repeats: number(&e, b"table:number-rows-repeated")
                                .min(ODS_MAX_ROWS.saturating_sub(table.rows)),
                            columns: 0,
                            used: None,
                            cell: None,
                        });
                    }
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    if let Some(row) = &mut row {
                        row.end_cell();
                        let repeats = number(&e, b"table:number-columns-repeated")
                            .min(ODS_MAX_COLUMNS.saturating_sub(row.columns));
                        let valued = e
                            .attributes()
                            .flatten()
                            .any(|a| ODS_VALUES.contains(&a.key.as_ref()));
                        row.cell = Some((row.columns, repeats, valued));
                        row.columns += repeats;
                    }
                }
                _ => {}
            },
            Event::Text(text) => {
                if let Some(OdsRow {
                    cell: Some((_, _, filled)),
                    ..
                }) = &mut row
                {
                    *filled |= !text.iter().all(u8::is_ascii_whitespace);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"table:table-cell" | b"table:covered-table-cell" => {
                    if let Some(row) = &mut row {
                        row.end_cell();
                    }
                }
                b"table:table-row" => {
                    if let (Some(mut ended), Some(table)) = (row.take(), &mut table) {
                        ended.end_cell();
                        if let Some((first_column, last_column)) = ended.used {
                            // calamine keeps a row's cells up to its last used one, then
                            // repeats the row.
                            table.extent.kept = table.extent.kept.saturating_add(last_column + 1);
                            table.extent.take(ended.first, first_column, last_column);
                            let last_row = ended.first + ended.repeats.max(1) - 1;
                            table.extent.take(last_row, first_column, last_column);
                        }
                        table.rows = table.rows.saturating_add(ended.repeats);
                    }
                }
                b"table:table" => {
                    if let Some(ended) = table.take() {
                        sheets.push((ended.name, ended.extent));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(sheets)
}

fn attribute(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// A repeat count; calamine refuses a file whose count does not parse, so 1 stands in.
fn number(e: &quick_xml::events::BytesStart, key: &[u8]) -> u64 {
    attribute(e, key).and_then(|v| v.parse().ok()).unwrap_or(1)
}
