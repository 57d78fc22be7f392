//! Village lists as people make them: CSV files and Excel sheets with Vietnamese headings
//! (`Tên thôn`, `Xã`, `Huyện`, `Kinh độ`, `Vĩ độ`), a title above the table, coordinates as
//! numbers, as text with decimal commas or as degrees-minutes-seconds — and the
//! [`preview`] a column-mapping dialog shows when phusong cannot be sure which column is
//! which.
//!
//! The same steps serve the load and the preview: read the file into sheets of cells
//! ([`super::table`]), a CSV file in the encoding chosen or guessed; choose the sheet and
//! find its header row; guess which column plays which [`Role`] from the headings and the
//! values under them; then read the rows.
//!
//! Coordinates are WGS84 longitude/latitude unless [`VillageOptions::crs`] names another
//! system: VN-2000 longitude/latitude is converted, and a projected system (VN-2000 TM-3,
//! UTM) makes the coordinate columns X/Y in metres, given either way round (Vietnamese
//! surveys call the northing X). Without a system, X/Y columns in metres are refused with
//! the systems their range suggests ([`Preview::crs_guesses`]).

mod cells;
mod guessing;
mod header;
mod load;
mod preview;
mod roles;
#[cfg(test)]
mod tests;
mod words;

pub use crate::io::preview::PreviewRow;
pub(crate) use load::load_list;
pub use preview::{PREVIEW_ROWS, Preview, SheetSummary, preview};
pub use roles::{Confidence, Mapping, Role};
pub use words::Problem;

use std::path::Path;

use crate::error::Result;
use crate::io::table::{
    Disguise, SPREADSHEET_EXTENSIONS, Sheet, Workbook, read_csv, read_html, read_workbook,
};
use crate::io::village_layer::VillageOptions;
use crate::message::Msg;
use header::find_header;

/// The command-line flag that chooses a village file's text encoding, for messages.
const ENCODING_FLAG: &str = "--village-encoding";

/// The tables of a workbook, or of a CSV file read in the options' encoding (else the one
/// a byte-order mark declares, else the guessed one).
fn read_tables(path: &Path, options: &VillageOptions) -> Result<Workbook> {
    let csv = || {
        read_csv(path, options.encoding, ENCODING_FLAG, &|sheet: &Sheet| {
            find_header(sheet, options).map_or(0, |p| p.score + if p.usable { 1000 } else { 0 })
        })
    };
    if !is_spreadsheet(path) {
        return csv();
    }
    match crate::io::table::disguise(path) {
        None => read_workbook(path),
        Some(Disguise::Html) => read_html(path, options.encoding, ENCODING_FLAG),
        Some(Disguise::Text) => csv().map(|mut workbook| {
            workbook.notes.insert(
                0,
                Msg::XlsIsText {
                    file: crate::io::paths::file_name(path),
                },
            );
            workbook
        }),
    }
}

/// True for the extensions read as workbooks.
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}
