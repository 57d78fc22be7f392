//! What a column-mapping dialog shows about a village file before it is loaded.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::cells::Space;
use super::guessing::{confidence, guess, system_guesses};
use super::header::{find_header, lay_out};
use super::read_tables;
use super::roles::{Confidence, Mapping, Role};
use super::words::{Problem, Said, column_text, describe};
use crate::crs::{Crs, Guess};
use crate::error::Result;
use crate::io::preview::PreviewRow;
use crate::io::report::ImportReport;
use crate::io::table::{Cell, Row};
use crate::io::text::{TextEncoding, TextEncodingReport};
use crate::io::village_layer::VillageOptions;
use crate::message::{self, Msg};

/// One sheet of a workbook as the preview lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SheetSummary {
    /// The sheet's name as Excel shows it on the tab.
    pub name: String,
    /// Hidden sheets are never chosen by themselves (they hold lookup tables).
    pub hidden: bool,
    /// True when a header row with coordinate headings (longitude/latitude or X/Y) was
    /// found on it.
    pub has_coordinates: bool,
}

/// How many data rows a [`Preview`] shows.
pub const PREVIEW_ROWS: usize = 20;

/// What a column-mapping dialog shows about a village file: the sheets, the header row
/// found, the columns, the first rows, and the guessed columns with how sure the guess is.
/// Load with the user's choice through [`Preview::options`] and
/// [`load_villages`](crate::io::villages::load_villages).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Preview {
    /// The file previewed.
    pub file: PathBuf,
    /// "Excel workbook (.xlsx)", "CSV (semicolon-separated)", "ESRI shapefile (points)".
    pub format: Msg,
    /// Every sheet of a workbook; empty for CSV files and shapefiles.
    pub sheets: Vec<SheetSummary>,
    /// The sheet shown.
    pub sheet: Option<String>,
    /// The row (sheet) or line (CSV) of the header; 0 for a shapefile.
    pub header_row: u64,
    /// The column names, unique: an empty heading is called `(column E)`, a repeated one
    /// gets ` (2)`.
    pub columns: Vec<String>,
    /// Where each column is: its letter in a sheet, its number in a CSV file, its field
    /// name in a shapefile.
    pub column_labels: Vec<String>,
    /// The first data rows.
    pub rows: Vec<PreviewRow>,
    /// Data rows in all (rows after the header that are not empty).
    pub data_rows: usize,
    /// A shapefile's villages are points: they need no coordinate columns.
    pub points_in_geometry: bool,
    /// The columns phusong would use.
    pub guess: Mapping,
    /// Whether the file loads with the guess.
    pub confidence: Confidence,
    /// What the user must decide first; empty when [`Confidence::Sure`].
    pub problems: Vec<Problem>,
    /// The coordinate system the coordinates were taken in (the options'); `None` for WGS84
    /// longitude/latitude.
    pub crs: Option<Crs>,
    /// The systems projected X/Y columns could be in, by the range of their values, best
    /// first; empty unless the system must be chosen ([`Confidence::Projected`]).
    #[serde(skip)]
    pub crs_guesses: Vec<Guess>,
    /// The text encoding chosen in the options; `None` when it was guessed.
    pub encoding: Option<TextEncoding>,
    /// How the text was read: for a CSV file or a shapefile's `.dbf` (`None` for a workbook,
    /// whose text is Unicode).
    pub text_encoding: Option<TextEncodingReport>,
}

impl Preview {
    /// The options that load this file with `mapping`: the columns by name, the sheet, and
    /// the coordinate system and text encoding the preview was made with. Projected X/Y
    /// columns go in `lon_field`/`lat_field` (with a projected [`Self::crs`] they name the
    /// X and Y columns); set `crs` on the result to the system the user chose for them.
    pub fn options(&self, mapping: &Mapping) -> VillageOptions {
        let name = |role| mapping.get(role).and_then(|i| self.columns.get(i)).cloned();
        let either = |a: Role, b: Role| name(a).or_else(|| name(b));
        let (lon_field, lat_field) = if self.crs.as_ref().is_some_and(Crs::is_projected) {
            (
                either(Role::ProjectedX, Role::Longitude),
                either(Role::ProjectedY, Role::Latitude),
            )
        } else {
            (
                either(Role::Longitude, Role::ProjectedX),
                either(Role::Latitude, Role::ProjectedY),
            )
        };
        VillageOptions {
            name_field: name(Role::Name),
            lon_field,
            lat_field,
            encoding: self.encoding,
            crs: self.crs.clone(),
            commune_field: name(Role::Commune),
            district_field: name(Role::District),
            province_field: name(Role::Province),
            code_field: name(Role::Code),
            households_field: name(Role::Households),
            population_field: name(Role::Population),
            power_field: name(Role::GridPower),
            sheet: self.sheet.clone(),
        }
    }

    /// `"Kinh độ" (E)`: a column as messages name it.
    pub fn column_text(&self, column: usize) -> String {
        column_text(&self.columns, &self.column_labels, column)
    }

    /// A problem in a user's words, followed by what settles it (the flag, the system to
    /// choose).
    pub fn problem_text(
        &self,
        problem: &Problem,
        lang: crate::lang::Lang,
        front: message::Front,
    ) -> String {
        let said = Said {
            columns: &self.columns,
            labels: &self.column_labels,
            crs: self.crs.as_ref(),
            guesses: &self.crs_guesses,
        };
        let (problem, remedy) = describe(problem, &said);
        format!(
            "{} {}",
            message::sentence(&problem.text(lang, front)),
            remedy.text(lang, front)
        )
    }
}

/// The preview of a village list (CSV or workbook) or a point shapefile: what a
/// column-mapping dialog shows. `options` choose the sheet and may name columns, as for
/// [`load_villages`](crate::io::villages::load_villages). Fails only when the file cannot be
/// read at all; an unsure guess is described in [`Preview::problems`].
pub fn preview(path: &Path, options: &VillageOptions) -> Result<Preview> {
    if crate::io::paths::is_shapefile(path) {
        return preview_shapefile(path, options);
    }
    let workbook = read_tables(path, options)?;
    let layout = lay_out(path, &workbook, options)?;
    let sheet = &workbook.sheets[layout.sheet];
    let data = layout.data_rows(&workbook);
    let (guess, problems) = guess(&layout.columns, data, options);
    let confidence = confidence(&guess, &problems, Space::of(options));
    let crs_guesses = system_guesses(&sheet.rows[..layout.header], data, &guess, &problems);
    let sheets = if workbook.is_spreadsheet() {
        workbook
            .sheets
            .iter()
            .map(|s| SheetSummary {
                name: s.name.clone().unwrap_or_default(),
                hidden: s.hidden,
                has_coordinates: find_header(s, options).is_some_and(|p| p.usable),
            })
            .collect()
    } else {
        Vec::new()
    };
    let width = layout.columns.len();
    Ok(Preview {
        file: path.to_path_buf(),
        format: workbook.format.clone(),
        sheets,
        sheet: sheet.name.clone(),
        header_row: sheet.rows.get(layout.header).map_or(0, |r| r.number),
        column_labels: layout.labels(sheet),
        columns: layout.columns.clone(),
        rows: data
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| PreviewRow {
                number: r.number,
                cells: (0..width).map(|j| r.cell(j).display()).collect(),
            })
            .collect(),
        data_rows: data.len(),
        points_in_geometry: false,
        guess,
        confidence,
        problems,
        crs: options.crs.clone(),
        crs_guesses,
        encoding: options.encoding,
        text_encoding: workbook.text_encoding.clone(),
    })
}

pub(super) fn preview_shapefile(path: &Path, options: &VillageOptions) -> Result<Preview> {
    if let Some(z) = crate::io::zipped::unzip_shapefile(path)? {
        return preview_shapefile(&z.shp, options).map_err(|e| z.error(e));
    }
    let mut opened = crate::io::shp::open(path, crate::message::Layer::Villages, options.encoding)?;
    let columns = opened.columns.clone();
    let mut rows = Vec::new();
    let mut data_rows = 0;
    if let Some(records) = opened.records.as_mut() {
        for (i, record) in records.iter_records().enumerate() {
            let Ok(record) = record else { break };
            data_rows += 1;
            if rows.len() < PREVIEW_ROWS {
                rows.push(Row {
                    number: i as u64 + 1,
                    cells: columns
                        .iter()
                        .map(|c| {
                            let text = opened.attrs.field(&record, c);
                            if text.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(text)
                            }
                        })
                        .collect(),
                });
            }
        }
    }
    let mut text = ImportReport::default();
    opened.report_text(&mut text);
    let (mut guess, mut problems) = guess(&columns, &rows, options);
    // The points are the geometry: no coordinate columns are needed or used.
    for role in [
        Role::Longitude,
        Role::Latitude,
        Role::ProjectedX,
        Role::ProjectedY,
    ] {
        guess.set(role, None);
    }
    problems.retain(|p| {
        matches!(
            p,
            Problem::Missing(Role::Name)
                | Problem::Ambiguous(Role::Name, _)
                | Problem::NoSuchColumn(..)
        )
    });
    Ok(Preview {
        file: path.to_path_buf(),
        format: Msg::FormatShpPoints,
        sheets: Vec::new(),
        sheet: None,
        header_row: 0,
        column_labels: columns.clone(),
        columns,
        rows: rows
            .iter()
            .map(|r| PreviewRow {
                number: r.number,
                cells: r.cells.iter().map(Cell::display).collect(),
            })
            .collect(),
        data_rows,
        points_in_geometry: true,
        guess,
        confidence: Confidence::Sure,
        problems,
        crs: options.crs.clone(),
        crs_guesses: Vec::new(),
        encoding: options.encoding,
        text_encoding: text.text_encoding,
    })
}
