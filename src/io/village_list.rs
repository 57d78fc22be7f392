//! Village lists as people make them: CSV files and Excel sheets with Vietnamese headings
//! (`Tên thôn`, `Xã`, `Huyện`, `Kinh độ`, `Vĩ độ`), a title above the table, coordinates as
//! numbers, as text with decimal commas or as degrees-minutes-seconds — and the
//! [`preview`] a column-mapping dialog shows when phusong cannot be sure which column is
//! which.
//!
//! The same steps serve the load and the preview: read the file into sheets of cells
//! ([`super::table`]); choose the sheet and find its header row; guess which column plays
//! which [`Role`] from the headings and the values under them; then read the rows.

use std::path::{Path, PathBuf};

use geo::Point;
use serde::Serialize;

use super::degrees::{Axis, DegreesError, parse_degrees};
use super::fields::{self, fold_key, fold_letters, named_column};
use super::report::{ImportReport, Reason};
use super::table::{Cell, Row, SPREADSHEET_EXTENSIONS, Sheet, Workbook, read_csv, read_workbook};
use super::villages::{VillageLayer, VillageOptions};
use crate::error::{Error, Result};
use crate::model::{ListedUnits, Village, is_lon_lat};

/// What a column of a village list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The village's name (`Tên thôn`, `Thôn/bản`).
    Name,
    /// Longitude in degrees (`Kinh độ`, `lon`).
    Longitude,
    /// Latitude in degrees (`Vĩ độ`, `lat`).
    Latitude,
    /// A projected X in metres (VN-2000 or UTM), as the list names it; in Vietnamese surveys
    /// X is the northing.
    ProjectedX,
    /// A projected Y in metres; in Vietnamese surveys Y is the easting.
    ProjectedY,
    /// The commune the list names (`Xã`, `Xã/phường`).
    Commune,
    /// The district the list names (`Huyện`).
    District,
    /// The province the list names (`Tỉnh`).
    Province,
}

impl Role {
    /// Every role, in the order a dialog lists them.
    pub const ALL: [Role; 8] = [
        Role::Name,
        Role::Longitude,
        Role::Latitude,
        Role::ProjectedX,
        Role::ProjectedY,
        Role::Commune,
        Role::District,
        Role::Province,
    ];

    /// The role in a user's words.
    pub fn label(self) -> &'static str {
        match self {
            Role::Name => "village name",
            Role::Longitude => "longitude",
            Role::Latitude => "latitude",
            Role::ProjectedX => "projected X (VN-2000/UTM metres)",
            Role::ProjectedY => "projected Y (VN-2000/UTM metres)",
            Role::Commune => "commune",
            Role::District => "district",
            Role::Province => "province",
        }
    }

    /// The command-line flag that names the column, where there is one.
    pub fn flag(self) -> Option<&'static str> {
        match self {
            Role::Name => Some("--village-name-field"),
            Role::Longitude => Some("--village-lon-field"),
            Role::Latitude => Some("--village-lat-field"),
            Role::Commune => Some("--village-commune-field"),
            Role::District => Some("--village-district-field"),
            Role::Province => Some("--village-province-field"),
            Role::ProjectedX | Role::ProjectedY => None,
        }
    }

    fn names(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Role::Name => (fields::VILLAGE_NAME, fields::VILLAGE_NAME_STEMS),
            Role::Longitude => (fields::LONGITUDE, fields::LONGITUDE_STEMS),
            Role::Latitude => (fields::LATITUDE, fields::LATITUDE_STEMS),
            Role::ProjectedX => (fields::PROJECTED_X, fields::PROJECTED_X_STEMS),
            Role::ProjectedY => (fields::PROJECTED_Y, fields::PROJECTED_Y_STEMS),
            Role::Commune => (fields::VILLAGE_COMMUNE, fields::VILLAGE_COMMUNE_STEMS),
            Role::District => (fields::DISTRICT, fields::DISTRICT_STEMS),
            Role::Province => (fields::PROVINCE, fields::PROVINCE_STEMS),
        }
    }

    /// How well `heading` names this role: lower is better, `None` when it does not.
    /// Case, diacritics, separators and a part in brackets (`Kinh độ (WGS84)`) do not
    /// matter; a longer heading that begins like a usual one (`Tên thôn, bản`) matches
    /// after every exact name.
    pub fn rank(self, heading: &str) -> Option<usize> {
        let keys = heading_keys(heading);
        let (exact, stems) = self.names();
        exact
            .iter()
            .position(|name| keys.contains(&fold_key(name)))
            .or_else(|| {
                stems
                    .iter()
                    .position(|stem| keys.iter().any(|k| k.starts_with(stem)))
                    .map(|j| exact.len() + j)
            })
    }
}

/// The heading folded for matching, whole and without its bracketed parts.
fn heading_keys(heading: &str) -> Vec<String> {
    let mut stripped = String::new();
    let mut depth = 0usize;
    for c in heading.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => stripped.push(c),
            _ => {}
        }
    }
    let mut keys = vec![fold_key(heading)];
    let short = fold_key(&stripped);
    if !short.is_empty() && short != keys[0] {
        keys.push(short);
    }
    keys
}

/// Which column (an index into the columns) plays each role; `None` where none does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Mapping {
    /// See [`Role::Name`].
    pub name: Option<usize>,
    /// See [`Role::Longitude`].
    pub longitude: Option<usize>,
    /// See [`Role::Latitude`].
    pub latitude: Option<usize>,
    /// See [`Role::ProjectedX`].
    pub projected_x: Option<usize>,
    /// See [`Role::ProjectedY`].
    pub projected_y: Option<usize>,
    /// See [`Role::Commune`].
    pub commune: Option<usize>,
    /// See [`Role::District`].
    pub district: Option<usize>,
    /// See [`Role::Province`].
    pub province: Option<usize>,
}

impl Mapping {
    /// The column that plays `role`.
    pub fn get(&self, role: Role) -> Option<usize> {
        *self.slot(role)
    }

    /// Gives `role` to `column`, taking it from any other role that had it.
    pub fn set(&mut self, role: Role, column: Option<usize>) {
        if column.is_some() {
            for other in Role::ALL {
                if other != role && self.get(other) == column {
                    *self.slot_mut(other) = None;
                }
            }
        }
        *self.slot_mut(role) = column;
    }

    /// The role `column` plays, if any.
    pub fn role_of(&self, column: usize) -> Option<Role> {
        Role::ALL.into_iter().find(|r| self.get(*r) == Some(column))
    }

    fn slot(&self, role: Role) -> &Option<usize> {
        match role {
            Role::Name => &self.name,
            Role::Longitude => &self.longitude,
            Role::Latitude => &self.latitude,
            Role::ProjectedX => &self.projected_x,
            Role::ProjectedY => &self.projected_y,
            Role::Commune => &self.commune,
            Role::District => &self.district,
            Role::Province => &self.province,
        }
    }

    fn slot_mut(&mut self, role: Role) -> &mut Option<usize> {
        match role {
            Role::Name => &mut self.name,
            Role::Longitude => &mut self.longitude,
            Role::Latitude => &mut self.latitude,
            Role::ProjectedX => &mut self.projected_x,
            Role::ProjectedY => &mut self.projected_y,
            Role::Commune => &mut self.commune,
            Role::District => &mut self.district,
            Role::Province => &mut self.province,
        }
    }
}

/// How sure the guess is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The file loads with the guessed columns.
    Sure,
    /// Longitude and latitude columns were found, but the user must choose something first
    /// (see the problems); the load refuses until then.
    Unsure,
    /// Only projected X/Y columns (metres): phusong does not convert them in village lists yet.
    Projected,
    /// No column looks like a longitude or latitude.
    NoCoordinates,
}

/// Something the user has to decide before the list can be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// No column is recognisable for the role.
    Missing(Role),
    /// Several columns could play the role; the first is the guess.
    Ambiguous(Role, Vec<usize>),
    /// The column the user named for the role is not in the header.
    NoSuchColumn(Role, String),
    /// A longitude or latitude column that holds metres.
    Metres(Role, usize),
    /// Projected X and Y columns and no longitude/latitude.
    ProjectedOnly,
}

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

/// A data row as text, with the number the user sees (CSV line, sheet row, record).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreviewRow {
    /// The row (sheet), line (CSV) or record (shapefile) number.
    pub number: u64,
    /// One text per column of the preview, as the file shows it.
    pub cells: Vec<String>,
}

/// How many data rows a [`Preview`] shows.
pub const PREVIEW_ROWS: usize = 20;

/// What a column-mapping dialog shows about a village file: the sheets, the header row
/// found, the columns, the first rows, and the guessed columns with how sure the guess is.
/// Load with the user's choice through [`Preview::options`] and
/// [`load_villages`](super::villages::load_villages).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Preview {
    /// The file previewed.
    pub file: PathBuf,
    /// "Excel workbook (.xlsx)", "CSV (semicolon-separated)", "ESRI shapefile (points)".
    pub format: String,
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
}

impl Preview {
    /// The options that load this file with `mapping`: the columns by name, and the sheet.
    pub fn options(&self, mapping: &Mapping) -> VillageOptions {
        let name = |role| mapping.get(role).and_then(|i| self.columns.get(i)).cloned();
        VillageOptions {
            name_field: name(Role::Name),
            lon_field: name(Role::Longitude),
            lat_field: name(Role::Latitude),
            commune_field: name(Role::Commune),
            district_field: name(Role::District),
            province_field: name(Role::Province),
            sheet: self.sheet.clone(),
            ..VillageOptions::default()
        }
    }

    /// `"Kinh độ" (E)`: a column as messages name it.
    pub fn column_text(&self, column: usize) -> String {
        column_text(&self.columns, &self.column_labels, column)
    }

    /// A problem in a user's words, with the flag that settles it.
    pub fn problem_text(&self, problem: &Problem) -> String {
        describe(problem, &self.columns, &self.column_labels).0
    }
}

fn column_text(columns: &[String], labels: &[String], column: usize) -> String {
    match (columns.get(column), labels.get(column)) {
        (Some(name), Some(label)) if label != name => format!("\"{name}\" ({label})"),
        (Some(name), _) => format!("\"{name}\""),
        _ => format!("column {}", column + 1),
    }
}

/// The problem's sentence and the remedy for it.
fn describe(problem: &Problem, columns: &[String], labels: &[String]) -> (String, String) {
    let col = |i: usize| column_text(columns, labels, i);
    let flag = |role: Role| role.flag().unwrap_or("");
    match problem {
        Problem::Missing(role) => {
            let usual = match role {
                Role::Name => "Tên thôn, Thôn/bản, ten_thon, name",
                Role::Longitude => "Kinh độ, lon, longitude, x",
                Role::Latitude => "Vĩ độ, lat, latitude, y",
                _ => "",
            };
            (
                format!("no column is recognisable as the {} (looked for {usual}, …)", role.label()),
                format!("Give it with {} and the column's heading.", flag(*role)),
            )
        }
        Problem::Ambiguous(role, found) => {
            let names: Vec<String> = found.iter().map(|&i| col(i)).collect();
            let first = found.first().and_then(|&i| columns.get(i)).cloned().unwrap_or_default();
            (
                format!("{} columns could be the {}: {}", found.len(), role.label(), names.join(", ")),
                format!("Choose one with {} \"{first}\".", flag(*role)),
            )
        }
        Problem::NoSuchColumn(role, given) => (
            format!("there is no column \"{given}\" (given for the {})", role.label()),
            format!("Give {} a column heading as the header row writes it.", flag(*role)),
        ),
        Problem::Metres(role, i) => (
            format!(
                "the {} column {} holds metres, not degrees: projected (VN-2000 or UTM) coordinates, which phusong does not convert in village lists yet",
                role.label(),
                col(*i)
            ),
            "Give longitude/latitude in WGS84 degrees (convert the X/Y in QGIS, or ask for the list with Kinh độ/Vĩ độ), or give the villages as a shapefile with its .prj.".to_string(),
        ),
        Problem::ProjectedOnly => (
            "the list has projected X/Y columns in metres and no longitude/latitude; phusong does not convert VN-2000 or UTM coordinates in village lists yet".to_string(),
            "Add Kinh độ and Vĩ độ columns in WGS84 degrees (convert the X/Y in QGIS), or give the villages as a shapefile with its .prj.".to_string(),
        ),
    }
}

/// What the values of a column look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Empty,
    /// Mostly numbers or coordinates within ±180.
    Degrees,
    /// Mostly numbers of 1,000 or more.
    Metres,
    /// Mostly text that is not a number.
    Text,
    Mixed,
}

/// How many data rows decide a column's kind.
const KIND_ROWS: usize = 200;

/// How many rows from the top may hold the header.
const HEADER_SEARCH_ROWS: usize = 30;

fn kind_of(rows: &[Row], column: usize) -> Kind {
    let (mut n, mut degrees, mut metres, mut text) = (0, 0, 0, 0);
    for row in rows.iter().take(KIND_ROWS) {
        let cell = row.cell(column);
        if cell.is_empty() {
            continue;
        }
        n += 1;
        match read_coordinate(cell) {
            Ok(c) if c.value.abs() <= 180.0 => degrees += 1,
            Ok(c) if c.value.abs() >= 1000.0 => metres += 1,
            Ok(_) => {}
            Err(_) => text += 1,
        }
    }
    match n {
        0 => Kind::Empty,
        _ if degrees * 2 > n => Kind::Degrees,
        _ if metres * 2 > n => Kind::Metres,
        _ if text * 2 > n => Kind::Text,
        _ => Kind::Mixed,
    }
}

/// How a coordinate was written, for the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Number,
    Decimal,
    DecimalComma,
    Sexagesimal,
    Time,
}

struct Coordinate {
    value: f64,
    axis: Option<Axis>,
    form: Form,
}

/// A coordinate from a cell: a number, a time (Excel makes `22:39:50` typed into a cell a
/// time; its hours are the degrees), or text read by [`parse_degrees`]. `NaN` and
/// `inf` are kept as numbers so that the range check names them.
fn read_coordinate(cell: &Cell) -> Result<Coordinate, DegreesError> {
    let (value, axis, form) = match cell {
        Cell::Empty => return Err(DegreesError::Empty),
        Cell::Number(v) => (*v, None, Form::Number),
        Cell::Time(days) => (days * 24.0, None, Form::Time),
        Cell::Text(t) => {
            let folded = fold_letters(t.trim());
            if matches!(
                folded.trim_start_matches(['-', '+']),
                "nan" | "inf" | "infinity"
            ) {
                (f64::NAN, None, Form::Decimal)
            } else {
                let d = parse_degrees(t)?;
                let form = if d.sexagesimal {
                    Form::Sexagesimal
                } else if t.contains(',') {
                    Form::DecimalComma
                } else {
                    Form::Decimal
                };
                (d.value, d.axis, form)
            }
        }
    };
    Ok(Coordinate { value, axis, form })
}

/// The header row chosen on a sheet.
#[derive(Clone, Copy, Debug)]
struct HeaderPick {
    /// Index into the sheet's rows.
    row: usize,
    /// True when the row has coordinate headings (or every column the user named).
    usable: bool,
    score: usize,
}

/// The options' column names, with their roles.
fn given_fields(options: &VillageOptions) -> Vec<(Role, &str)> {
    [
        (Role::Name, &options.name_field),
        (Role::Longitude, &options.lon_field),
        (Role::Latitude, &options.lat_field),
        (Role::Commune, &options.commune_field),
        (Role::District, &options.district_field),
        (Role::Province, &options.province_field),
    ]
    .into_iter()
    .filter_map(|(role, given)| given.as_deref().map(|g| (role, g)))
    .collect()
}

/// How much a row looks like a village list's header: the headings it has that phusong
/// knows, and whether they include a coordinate pair.
fn header_score(row: &Row) -> (bool, usize) {
    let texts: Vec<String> = row
        .cells
        .iter()
        .filter_map(|c| match c {
            Cell::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    let has = |role: Role| texts.iter().any(|t| role.rank(t).is_some());
    let recognised = texts
        .iter()
        .filter(|t| {
            Role::ALL.iter().any(|r| r.rank(t).is_some())
                || heading_keys(t)
                    .iter()
                    .any(|k| fields::OTHER_LIST_COLUMNS.iter().any(|o| fold_key(o) == *k))
        })
        .count();
    let usable = (has(Role::Longitude) && has(Role::Latitude))
        || (has(Role::ProjectedX) && has(Role::ProjectedY));
    (usable, recognised)
}

/// Finds the header row among the first rows of `sheet`: with column names given, the
/// first row that has them all; otherwise the row with a coordinate pair and the most
/// known headings; failing both, the row with the most known headings or the first with
/// two texts.
fn find_header(sheet: &Sheet, options: &VillageOptions) -> Option<HeaderPick> {
    let given = given_fields(options);
    let mut best: Option<HeaderPick> = None;
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let (mut usable, score) = header_score(row);
        if !given.is_empty() {
            let columns = columns_at(sheet, i);
            usable = given
                .iter()
                .all(|(_, g)| named_column(&columns, g).is_some());
        }
        let pick = HeaderPick {
            row: i,
            usable,
            score,
        };
        if best.is_none_or(|b| (pick.usable, pick.score) > (b.usable, b.score)) {
            best = Some(pick);
        }
    }
    let best = best?;
    if best.usable || best.score > 0 {
        return Some(best);
    }
    let texts = |r: &Row| {
        r.cells
            .iter()
            .filter(|c| matches!(c, Cell::Text(_)))
            .count()
    };
    let row = sheet
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|r| texts(r) >= 2)
        .unwrap_or(0);
    Some(HeaderPick {
        row,
        usable: false,
        score: 0,
    })
}

/// The column names for a header at `header`: its headings, an empty one taken from the row
/// just above when that row is part of a two-row header, `(column E)` when still empty,
/// repeated names made unique with ` (2)`.
fn columns_at(sheet: &Sheet, header: usize) -> Vec<String> {
    let Some(row) = sheet.rows.get(header) else {
        return Vec::new();
    };
    let above = header
        .checked_sub(1)
        .and_then(|i| sheet.rows.get(i))
        .filter(|r| r.number + 1 == row.number)
        .filter(|r| r.cells.iter().filter(|c| !c.is_empty()).count() >= 2);
    let width = row.cells.len().max(above.map_or(0, |a| a.cells.len())).max(
        sheet.rows[header + 1..]
            .iter()
            .take(KIND_ROWS)
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0),
    );
    let mut columns: Vec<String> = Vec::with_capacity(width);
    for j in 0..width {
        let mut name = one_line(&row.cell(j).display());
        if name.is_empty() {
            if let Some(a) = above {
                name = one_line(&a.cell(j).display());
            }
        }
        if name.is_empty() {
            name = format!("(column {})", sheet.column_label(j));
        }
        let base = name.clone();
        let mut k = 2;
        while columns.contains(&name) {
            name = format!("{base} ({k})");
            k += 1;
        }
        columns.push(name);
    }
    columns
}

/// Line breaks and runs of spaces in a heading become single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A row under the header that numbers the columns, `(1) (2) (3)` or `1 2 3`, as
/// Vietnamese official tables have.
fn is_numbering_row(row: &Row) -> bool {
    let mut previous = 0.0f64;
    let mut count = 0;
    for cell in row.cells.iter().filter(|c| !c.is_empty()) {
        let text = cell.display();
        let inner = text
            .trim_start_matches(['(', '['])
            .trim_end_matches([')', ']']);
        let Ok(n) = inner.parse::<f64>() else {
            // `(A)`, `(B)` or a bracketed unit such as `(độ)`.
            if text.starts_with('(') && text.ends_with(')') {
                count += 1;
                continue;
            }
            return false;
        };
        if n <= previous || n.fract() != 0.0 {
            return false;
        }
        previous = n;
        count += 1;
    }
    count >= 2
}

/// The header again, as lists printed over several pages repeat it: most of its cells say
/// what the header's cells say.
fn is_repeated_header(row: &Row, header: &Row) -> bool {
    let filled: Vec<(usize, &Cell)> = row
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let same = filled
        .iter()
        .filter(|(j, c)| fold_key(&c.display()) == fold_key(&header.cell(*j).display()))
        .count();
    same >= 2 && same * 2 >= filled.len()
}

/// A row without coordinates that is a heading, a total or a signature rather than a
/// village: `I. Xã Cao Kỳ`, `Huyện Chợ Mới`, `Tổng cộng`, `Người lập biểu`.
fn is_heading_text(text: &str) -> bool {
    let t = fold_letters(text.trim());
    let t = t.trim();
    const ROMAN: [&str; 15] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
        "xv",
    ];
    if let Some(at) = t.find(['.', ')']) {
        if ROMAN.contains(&&t[..at]) {
            return true;
        }
    }
    const STARTS: [&str; 23] = [
        "xa ",
        "phuong ",
        "thi tran ",
        "huyen ",
        "quan ",
        "thi xa ",
        "thanh pho ",
        "tinh ",
        "tong cong",
        "tong so",
        "tong:",
        "cong:",
        "nguoi lap",
        "nguoi ky",
        "ghi chu",
        "thu truong",
        "giam doc",
        "chu tich",
        "ky ten",
        "xac nhan",
        "ngay ",
        "ket thuc",
        "(ky",
    ];
    matches!(t, "tong" | "cong" | "tong cong") || STARTS.iter().any(|s| t.starts_with(s))
}

/// The sheet, header and columns of a village list, and the rows under the header.
struct Layout {
    sheet: usize,
    header: usize,
    usable: bool,
    /// Index of the first data row.
    data: usize,
    columns: Vec<String>,
    /// The numbering row under the header that was skipped, by its number.
    numbering_row: Option<u64>,
}

impl Layout {
    fn data_rows<'a>(&self, workbook: &'a Workbook) -> &'a [Row] {
        workbook
            .sheets
            .get(self.sheet)
            .and_then(|s| s.rows.get(self.data..))
            .unwrap_or(&[])
    }

    fn labels(&self, sheet: &Sheet) -> Vec<String> {
        (0..self.columns.len())
            .map(|j| sheet.column_label(j))
            .collect()
    }
}

fn sheet_names(workbook: &Workbook) -> String {
    workbook
        .sheets
        .iter()
        .filter_map(|s| s.name.as_ref())
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Chooses the sheet (the one the options name, else the first visible one with a usable
/// header, else the first with rows) and its header.
fn lay_out(path: &Path, workbook: &Workbook, options: &VillageOptions) -> Result<Layout> {
    let sheet = match options.sheet.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(wanted) if workbook.is_spreadsheet() => {
            let names: Vec<&str> = workbook
                .sheets
                .iter()
                .map(|s| s.name.as_deref().unwrap_or(""))
                .collect();
            let found = names
                .iter()
                .position(|n| *n == wanted)
                .or_else(|| names.iter().position(|n| fold_key(n) == fold_key(wanted)))
                .or_else(|| {
                    wanted
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=names.len()).contains(n))
                        .map(|n| n - 1)
                });
            match found {
                Some(i) => i,
                None => {
                    return Err(Error::content(
                        path,
                        format!(
                            "there is no sheet \"{wanted}\"; the sheets are {}",
                            sheet_names(workbook)
                        ),
                        "Give --village-sheet one of these names, or the sheet's number (1 for the first).",
                    ));
                }
            }
        }
        _ => {
            let visible = || {
                workbook
                    .sheets
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !s.hidden && !s.rows.is_empty())
            };
            visible()
                .find(|(_, s)| find_header(s, options).is_some_and(|p| p.usable))
                .or_else(|| visible().next())
                .or_else(|| {
                    workbook
                        .sheets
                        .iter()
                        .enumerate()
                        .find(|(_, s)| !s.rows.is_empty())
                })
                .map(|(i, _)| i)
                .unwrap_or(0)
        }
    };
    let Some(s) = workbook.sheets.get(sheet) else {
        return Err(Error::content(
            path,
            "the file has no table",
            "Choose the village list.",
        ));
    };
    let Some(pick) = find_header(s, options) else {
        let which = s
            .name
            .as_ref()
            .map(|n| format!("sheet \"{n}\" is empty"))
            .unwrap_or_else(|| "the file is empty".to_string());
        return Err(Error::content(
            path,
            which,
            "Choose the village list with a header row (or another sheet with --village-sheet).",
        ));
    };
    let columns = columns_at(s, pick.row);
    let mut data = pick.row + 1;
    let mut numbering_row = None;
    if let Some(next) = s.rows.get(data) {
        if is_numbering_row(next) {
            numbering_row = Some(next.number);
            data += 1;
        }
    }
    Ok(Layout {
        sheet,
        header: pick.row,
        usable: pick.usable,
        data,
        columns,
        numbering_row,
    })
}

/// Guesses the role of each column from its heading and the values under it; columns the
/// options name win. Returns the problems that keep the guess from being sure.
fn guess(columns: &[String], rows: &[Row], options: &VillageOptions) -> (Mapping, Vec<Problem>) {
    let kinds: Vec<Kind> = (0..columns.len()).map(|j| kind_of(rows, j)).collect();
    let mut mapping = Mapping::default();
    let mut problems = Vec::new();
    let mut taken = vec![false; columns.len()];
    for (role, given) in given_fields(options) {
        match named_column(columns, given) {
            Some(i) => {
                mapping.set(role, Some(i));
                taken[i] = true;
            }
            None => problems.push(Problem::NoSuchColumn(role, given.to_string())),
        }
    }
    let candidates = |role: Role, taken: &[bool]| -> Vec<(usize, usize)> {
        let mut c: Vec<(usize, usize)> = columns
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken[*i])
            .filter_map(|(i, name)| role.rank(name).map(|r| (r, i)))
            .collect();
        c.sort();
        c
    };
    for role in [Role::Longitude, Role::Latitude] {
        if mapping.get(role).is_some() {
            continue;
        }
        let all = candidates(role, &taken);
        let projected_too = |i: usize| {
            Role::ProjectedX.rank(&columns[i]).is_some()
                || Role::ProjectedY.rank(&columns[i]).is_some()
        };
        let keep: Vec<(usize, usize)> = all
            .iter()
            .copied()
            .filter(|(_, i)| match kinds[*i] {
                Kind::Metres => false,
                Kind::Degrees => true,
                _ => !projected_too(*i),
            })
            .collect();
        let Some(&(rank, first)) = keep.first() else {
            if let Some(&(_, i)) = all
                .iter()
                .find(|(_, i)| kinds[*i] == Kind::Metres && !projected_too(*i))
            {
                problems.push(Problem::Metres(role, i));
            }
            continue;
        };
        let rivals: Vec<usize> = keep
            .iter()
            .filter(|(r, i)| {
                *i == first
                    || *r == rank
                    || kinds[*i] == Kind::Degrees && kinds[first] == Kind::Degrees
            })
            .map(|(_, i)| *i)
            .collect();
        if rivals.len() > 1 {
            problems.push(Problem::Ambiguous(role, rivals));
        }
        mapping.set(role, Some(first));
        taken[first] = true;
    }
    for role in [Role::ProjectedX, Role::ProjectedY] {
        if let Some(&(_, i)) = candidates(role, &taken)
            .iter()
            .find(|(_, i)| kinds[*i] == Kind::Metres)
        {
            mapping.set(role, Some(i));
            taken[i] = true;
        }
    }
    for role in [Role::Name, Role::Commune, Role::District, Role::Province] {
        if mapping.get(role).is_some() {
            continue;
        }
        let c: Vec<(usize, usize)> = candidates(role, &taken)
            .into_iter()
            .filter(|(_, i)| !matches!(kinds[*i], Kind::Degrees | Kind::Metres))
            .collect();
        if let Some(&(rank, first)) = c.first() {
            if role == Role::Name {
                let same: Vec<usize> = c
                    .iter()
                    .filter(|(r, _)| *r == rank)
                    .map(|(_, i)| *i)
                    .collect();
                if same.len() > 1 {
                    problems.push(Problem::Ambiguous(role, same));
                }
            }
            mapping.set(role, Some(first));
            taken[first] = true;
        }
    }
    if mapping.name.is_none() {
        // Only a problem when some column could hold names that phusong did not recognise.
        let unknown_text = columns.iter().enumerate().any(|(i, name)| {
            !taken[i]
                && kinds[i] == Kind::Text
                && Role::ALL.iter().all(|r| r.rank(name).is_none())
                && !heading_keys(name)
                    .iter()
                    .any(|k| fields::OTHER_LIST_COLUMNS.iter().any(|o| fold_key(o) == *k))
        });
        if unknown_text
            && !problems
                .iter()
                .any(|p| matches!(p, Problem::NoSuchColumn(Role::Name, _)))
        {
            problems.push(Problem::Missing(Role::Name));
        }
    }
    let coordinates = mapping.longitude.is_some() && mapping.latitude.is_some();
    if !coordinates {
        let projected = mapping.projected_x.is_some() && mapping.projected_y.is_some();
        if projected {
            problems.push(Problem::ProjectedOnly);
        } else {
            for role in [Role::Longitude, Role::Latitude] {
                let metres = problems
                    .iter()
                    .any(|p| matches!(p, Problem::Metres(r, _) if *r == role));
                let named = problems
                    .iter()
                    .any(|p| matches!(p, Problem::NoSuchColumn(r, _) if *r == role));
                if mapping.get(role).is_none() && !metres && !named {
                    problems.push(Problem::Missing(role));
                }
            }
        }
    }
    (mapping, problems)
}

fn confidence(mapping: &Mapping, problems: &[Problem]) -> Confidence {
    if mapping.longitude.is_some() && mapping.latitude.is_some() {
        if problems.is_empty() {
            Confidence::Sure
        } else {
            Confidence::Unsure
        }
    } else if problems
        .iter()
        .any(|p| matches!(p, Problem::ProjectedOnly | Problem::Metres(..)))
    {
        Confidence::Projected
    } else {
        Confidence::NoCoordinates
    }
}

fn read_tables(path: &Path, options: &VillageOptions) -> Result<Workbook> {
    if is_spreadsheet(path) {
        read_workbook(path)
    } else {
        read_csv(path, &|sheet: &Sheet| {
            find_header(sheet, options).map_or(0, |p| p.score + if p.usable { 1000 } else { 0 })
        })
    }
}

/// True for the extensions read as workbooks.
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The preview of a village list (CSV or workbook) or a point shapefile: what a
/// column-mapping dialog shows. `options` choose the sheet and may name columns, as for
/// [`load_villages`](super::villages::load_villages). Fails only when the file cannot be
/// read at all; an unsure guess is described in [`Preview::problems`].
pub fn preview(path: &Path, options: &VillageOptions) -> Result<Preview> {
    if super::villages::is_shapefile(path) {
        return preview_shapefile(path, options);
    }
    let workbook = read_tables(path, options)?;
    let layout = lay_out(path, &workbook, options)?;
    let sheet = &workbook.sheets[layout.sheet];
    let data = layout.data_rows(&workbook);
    let (guess, problems) = guess(&layout.columns, data, options);
    let confidence = confidence(&guess, &problems);
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
    })
}

fn preview_shapefile(path: &Path, options: &VillageOptions) -> Result<Preview> {
    let mut opened = super::shp::open(path, "villages", options.encoding)?;
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
        format: "ESRI shapefile (points)".into(),
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
    })
}

/// How many bad values a report describes cell by cell.
const DETAILED_VALUES: usize = 3;

/// Reads villages from a CSV file or a workbook.
pub(crate) fn load_list(path: &Path, options: &VillageOptions) -> Result<VillageLayer> {
    let workbook = read_tables(path, options)?;
    let layout = lay_out(path, &workbook, options)?;
    let sheet = &workbook.sheets[layout.sheet];
    let data = layout.data_rows(&workbook);
    let (mapping, problems) = guess(&layout.columns, data, options);
    let labels = layout.labels(sheet);
    let header_number = sheet.rows.get(layout.header).map_or(0, |r| r.number);
    let place = match &sheet.name {
        Some(name) => format!("sheet \"{name}\", header on row {header_number}"),
        None => format!("header on line {header_number}"),
    };
    let (Some(lon_col), Some(lat_col), true) =
        (mapping.longitude, mapping.latitude, problems.is_empty())
    else {
        return Err(unsure(path, &workbook, &layout, &labels, &place, &problems));
    };

    let mut report = ImportReport::new(path, workbook.format.clone());
    report.sheet = sheet.name.clone();
    for note in &workbook.notes {
        report.note(note.clone());
    }
    if let Some(name) = &sheet.name {
        let others: Vec<&str> = workbook
            .sheets
            .iter()
            .take(layout.sheet)
            .filter_map(|s| s.name.as_deref())
            .collect();
        if options.sheet.is_none() && !others.is_empty() {
            report.note(format!(
                "read sheet \"{name}\", the first with longitude/latitude columns (before it: \"{}\")",
                others.join("\", \"")
            ));
        }
    }
    if layout.header > 0 {
        report.note(format!(
            "the header is on {} {header_number}; the rows above it are taken as the title",
            sheet.row_word()
        ));
    }
    if let Some(n) = layout.numbering_row {
        report.note(format!(
            "{} {n} under the header numbers the columns and was skipped",
            sheet.row_word()
        ));
    }
    let shown = |c: Option<usize>| {
        c.map(|i| column_text(&layout.columns, &labels, i))
            .unwrap_or_else(|| "—".to_string())
    };
    let mut used = format!(
        "columns used: longitude {}, latitude {}, name {}",
        shown(Some(lon_col)),
        shown(Some(lat_col)),
        mapping
            .name
            .map(|i| column_text(&layout.columns, &labels, i))
            .unwrap_or_else(|| "none found (use --village-name-field)".to_string())
    );
    for (role, c) in [
        (Role::Commune, mapping.commune),
        (Role::District, mapping.district),
        (Role::Province, mapping.province),
    ] {
        if c.is_some() {
            used.push_str(&format!(", {} {}", role.label(), shown(c)));
        }
    }
    report.note(used);

    let text = |row: &Row, c: Option<usize>| c.map(|i| row.cell(i).display()).unwrap_or_default();
    let mut rows = Vec::new();
    let mut forms = [0u64; 5];
    let mut skipped: Vec<u64> = Vec::new();
    let mut details: Vec<String> = Vec::new();
    let mut letter_swaps = 0u64;
    let row_word = sheet.row_word();
    let header_row = sheet.rows.get(layout.header);
    for row in data {
        let (lon_cell, lat_cell) = (row.cell(lon_col), row.cell(lat_col));
        let name = text(row, mapping.name);
        let (lon, lat) = (read_coordinate(lon_cell), read_coordinate(lat_cell));
        if lon.is_err() && lat.is_err() {
            // A heading (`Huyện Ba Bể`), a total or a signature, or a row with nothing
            // about a village: not a village row.
            let blank = name.is_empty() && lon_cell.is_empty() && lat_cell.is_empty();
            let repeated =
                header_row.is_some_and(|h| is_repeated_header(row, h)) || is_numbering_row(row);
            if blank || repeated || is_heading_text(&name) {
                skipped.push(row.number);
                continue;
            }
        }
        report.rows_read += 1;
        let mut bad = |reason: Reason, column: usize, why: String, report: &mut ImportReport| {
            report.reject(reason, row.number);
            if details.len() < DETAILED_VALUES {
                let cell = row.cell(column).display();
                let place = format!(
                    "{row_word} {}, column {}",
                    row.number,
                    column_text(&layout.columns, &labels, column)
                );
                details.push(if cell.is_empty() {
                    format!("{place} is empty")
                } else {
                    format!("{place} is \"{cell}\": {why}")
                });
            }
        };
        let (lon, lat) = match (lon, lat) {
            (Ok(lon), Ok(lat)) => (lon, lat),
            (Err(e), _) => {
                bad(reason_of(&e), lon_col, e.to_string(), &mut report);
                continue;
            }
            (_, Err(e)) => {
                bad(reason_of(&e), lat_col, e.to_string(), &mut report);
                continue;
            }
        };
        let (lon, lat) = match (lon.axis, lat.axis) {
            (Some(Axis::Latitude), Some(Axis::Longitude)) => {
                letter_swaps += 1;
                (lat, lon)
            }
            (Some(Axis::Latitude), _) => {
                bad(
                    Reason::BadDegrees,
                    lon_col,
                    "a latitude letter (N/S) in the longitude column".into(),
                    &mut report,
                );
                continue;
            }
            (_, Some(Axis::Longitude)) => {
                bad(
                    Reason::BadDegrees,
                    lat_col,
                    "a longitude letter (E/W) in the latitude column".into(),
                    &mut report,
                );
                continue;
            }
            _ => (lon, lat),
        };
        forms[lon.form as usize] += 1;
        forms[lat.form as usize] += 1;
        let listed = ListedUnits {
            commune: text(row, mapping.commune),
            district: text(row, mapping.district),
            province: text(row, mapping.province),
        };
        rows.push((lon.value, lat.value, name, listed, row.number));
    }
    for d in details {
        report.note(d);
    }
    if letter_swaps > 0 {
        report.note(format!(
            "{letter_swaps} rows have the latitude (N/S) in the longitude column and the longitude (E/W) in the latitude column, by their letters: read the other way round"
        ));
    }
    let form_names = [
        (Form::Number, "numbers"),
        (Form::Decimal, "decimal degrees as text"),
        (Form::DecimalComma, "decimal degrees with a decimal comma"),
        (Form::Sexagesimal, "degrees-minutes-seconds"),
        (
            Form::Time,
            "Excel times read as degrees:minutes:seconds (the hours are the degrees)",
        ),
    ];
    let written: Vec<String> = form_names
        .iter()
        .filter(|(f, _)| forms[*f as usize] > 0)
        .map(|(f, name)| format!("{} {name}", forms[*f as usize]))
        .collect();
    if written.len() > 1 || forms[Form::Number as usize] == 0 && !written.is_empty() {
        report.note(format!("coordinates written as: {}", written.join(", ")));
    }
    if !skipped.is_empty() {
        let first: Vec<String> = skipped.iter().take(5).map(u64::to_string).collect();
        report.note(format!(
            "{} rows without coordinates were taken as headings, repeated headers, totals or signatures and skipped ({row_word} {}{})",
            skipped.len(),
            first.join(", "),
            if skipped.len() > 5 { ", …" } else { "" }
        ));
    }

    let swapped = rows
        .iter()
        .filter(|(lon, lat, ..)| lat.abs() > 90.0 && lon.abs() <= 90.0)
        .count();
    let swap = swapped * 2 > rows.len();
    if swap {
        report.note(format!(
            "latitude and longitude are swapped in this file ({swapped} of {} rows have a latitude beyond ±90°): read the other way round",
            rows.len()
        ));
    }
    let mut villages = Vec::with_capacity(rows.len());
    for (lon, lat, name, listed, number) in rows {
        let (lon, lat) = if swap { (lat, lon) } else { (lon, lat) };
        if !is_lon_lat(lon, lat) {
            report.reject(Reason::CoordinatesOutOfRange, number);
            continue;
        }
        villages.push(Village {
            name,
            location: Point::new(lon, lat),
            record: number,
            listed,
        });
        report.rows_used += 1;
    }
    super::villages::finish(path, villages, report)
}

fn reason_of(e: &DegreesError) -> Reason {
    match e {
        DegreesError::Empty | DegreesError::NotANumber => Reason::MissingCoordinates,
        _ => Reason::BadDegrees,
    }
}

/// The error for a list whose columns phusong cannot be sure of: every problem, the
/// columns found, and the flags that settle it.
fn unsure(
    path: &Path,
    workbook: &Workbook,
    layout: &Layout,
    labels: &[String],
    place: &str,
    problems: &[Problem],
) -> Error {
    let mut said: Vec<String> = Vec::new();
    let mut remedies: Vec<String> = Vec::new();
    for p in problems {
        let (problem, remedy) = describe(p, &layout.columns, labels);
        said.push(problem);
        if !remedies.contains(&remedy) {
            remedies.push(remedy);
        }
    }
    let columns: Vec<String> = layout
        .columns
        .iter()
        .zip(labels)
        .map(|(c, l)| {
            if workbook.is_spreadsheet() {
                format!("{c} ({l})")
            } else {
                c.clone()
            }
        })
        .collect();
    let mut problem = format!(
        "{place}: {}; the columns are: {}",
        said.join("; "),
        columns.join(", ")
    );
    if !layout.usable && workbook.is_spreadsheet() {
        problem.push_str(&format!(
            " (no sheet has a header with longitude/latitude headings; the sheets are {})",
            sheet_names(workbook)
        ));
    }
    if workbook.is_spreadsheet() {
        remedies.push("Use --village-sheet to read another sheet.".to_string());
    }
    Error::content(path, problem, remedies.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: u64, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        }
    }

    fn sheet(rows: Vec<Row>) -> Sheet {
        Sheet {
            name: Some("DS".into()),
            hidden: false,
            first_column: 0,
            rows,
        }
    }

    #[test]
    fn vietnamese_headings_find_their_roles() {
        let cases = [
            ("Tên thôn", Role::Name),
            ("Thôn/bản", Role::Name),
            ("Tên thôn, bản, tổ dân phố", Role::Name),
            ("TEN_THON", Role::Name),
            ("Kinh độ", Role::Longitude),
            ("Kinh độ (WGS84)", Role::Longitude),
            ("KINH ĐỘ ĐÔNG", Role::Longitude),
            ("Vĩ độ", Role::Latitude),
            ("Vĩ độ\n(độ thập phân)", Role::Latitude),
            ("Lon", Role::Longitude),
            ("lat", Role::Latitude),
            ("Xã", Role::Commune),
            ("Phường", Role::Commune),
            ("Xã, phường, thị trấn", Role::Commune),
            ("Huyện", Role::District),
            ("Huyện, thị xã, thành phố", Role::District),
            ("Tỉnh", Role::Province),
            ("Tọa độ X (VN-2000)", Role::ProjectedX),
            ("Y (m)", Role::ProjectedY),
        ];
        for (heading, role) in cases {
            assert!(role.rank(heading).is_some(), "{heading} as {role:?}");
        }
        assert_eq!(Role::Name.rank("Tên xã"), None);
        assert_eq!(Role::Province.rank("Tình trạng"), None);
        assert_eq!(Role::Latitude.rank("Ví dụ"), None);
        assert!(Role::Longitude.rank("Kinh độ") < Role::Longitude.rank("Kinh độ Đông xx"));
    }

    #[test]
    fn the_header_is_found_under_a_title() {
        let s = sheet(vec![
            row(1, &["DANH SÁCH THÔN, BẢN TỈNH BẮC KẠN"]),
            row(2, &["(Kèm theo Công văn số 123/STTTT)"]),
            row(4, &["STT", "Tên thôn", "Xã", "Kinh độ", "Vĩ độ"]),
            row(5, &["(1)", "(2)", "(3)", "(4)", "(5)"]),
            row(6, &["1", "Pan Xá", "Lương Thượng", "106.08", "22.26"]),
        ]);
        let pick = find_header(&s, &VillageOptions::default()).unwrap();
        assert_eq!((pick.row, pick.usable), (2, true));
        assert!(is_numbering_row(&s.rows[3]));
        assert!(!is_numbering_row(&s.rows[4]));
        assert_eq!(
            columns_at(&s, 2),
            ["STT", "Tên thôn", "Xã", "Kinh độ", "Vĩ độ"]
        );
    }

    #[test]
    fn a_two_row_header_takes_empty_headings_from_above() {
        let s = sheet(vec![
            row(3, &["STT", "Tên thôn/bản", "Xã", "Tọa độ", ""]),
            row(4, &["", "", "", "Kinh độ", "Vĩ độ"]),
            row(5, &["1", "Pan Xá", "Lương Thượng", "106.08", "22.26"]),
        ]);
        let pick = find_header(&s, &VillageOptions::default()).unwrap();
        assert_eq!(pick.row, 1);
        assert_eq!(
            columns_at(&s, 1),
            ["STT", "Tên thôn/bản", "Xã", "Kinh độ", "Vĩ độ"]
        );
    }

    #[test]
    fn empty_and_repeated_headings_get_names() {
        let s = sheet(vec![row(1, &["X", "", "X", "Lon", "Lat"])]);
        assert_eq!(
            columns_at(&s, 0),
            ["X", "(column B)", "X (2)", "Lon", "Lat"]
        );
    }

    #[test]
    fn headings_totals_and_signatures_are_not_villages() {
        for t in [
            "I. Xã Cao Kỳ",
            "II) Huyện Chợ Mới",
            "Xã Cao Kỳ",
            "Tổng cộng",
            "Cộng",
            "Người lập biểu",
            "Ngày 12 tháng 3 năm 2026",
            "(Ký, ghi rõ họ tên)",
        ] {
            assert!(is_heading_text(t), "{t}");
        }
        for t in ["Pan Xá", "Tổng Lỳ", "Cộng Hòa", "Bản Xã", "Vi Hạ"] {
            assert!(!is_heading_text(t), "{t}");
        }
    }

    #[test]
    fn x_and_y_in_degrees_are_longitude_and_latitude_in_metres_projected() {
        let rows = vec![
            row(2, &["A", "106.08", "22.26"]),
            row(3, &["B", "105.9", "22.3"]),
        ];
        let cols: Vec<String> = ["Tên", "X", "Y"].map(String::from).to_vec();
        let (m, p) = guess(&cols, &rows, &VillageOptions::default());
        assert_eq!(
            (m.longitude, m.latitude, m.name),
            (Some(1), Some(2), Some(0))
        );
        assert!(p.is_empty(), "{p:?}");
        let rows = vec![row(2, &["A", "2463512.4", "435678.1"])];
        let (m, p) = guess(&cols, &rows, &VillageOptions::default());
        assert_eq!(
            (m.longitude, m.projected_x, m.projected_y),
            (None, Some(1), Some(2))
        );
        assert_eq!(p, [Problem::ProjectedOnly]);
        assert_eq!(confidence(&m, &p), Confidence::Projected);
    }

    #[test]
    fn two_longitude_columns_are_ambiguous() {
        let rows = vec![row(2, &["A", "106.08", "22.26", "106.08"])];
        let cols: Vec<String> = ["Tên thôn", "Kinh độ", "Vĩ độ", "Lon"]
            .map(String::from)
            .to_vec();
        let (m, p) = guess(&cols, &rows, &VillageOptions::default());
        assert_eq!(m.longitude, Some(3), "lon comes first in the usual names");
        assert_eq!(p, [Problem::Ambiguous(Role::Longitude, vec![3, 1])]);
        let chosen = VillageOptions {
            lon_field: Some("kinh do".into()),
            ..Default::default()
        };
        let (m, p) = guess(&cols, &rows, &chosen);
        assert_eq!(m.longitude, Some(1));
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn an_unknown_text_column_without_a_name_column_asks_for_the_name() {
        let rows = vec![row(2, &["Pan Xá", "106.08", "22.26"])];
        let cols: Vec<String> = ["Địa danh", "Kinh độ", "Vĩ độ"].map(String::from).to_vec();
        let (_, p) = guess(&cols, &rows, &VillageOptions::default());
        assert_eq!(p, [Problem::Missing(Role::Name)]);
        let cols: Vec<String> = ["STT", "Kinh độ", "Vĩ độ"].map(String::from).to_vec();
        let rows = vec![row(2, &["1", "106.08", "22.26"])];
        let (_, p) = guess(&cols, &rows, &VillageOptions::default());
        assert!(p.is_empty(), "no column could hold names: {p:?}");
    }

    #[test]
    fn mapping_gives_a_column_one_role() {
        let mut m = Mapping::default();
        m.set(Role::Longitude, Some(3));
        m.set(Role::Name, Some(3));
        assert_eq!((m.longitude, m.name), (None, Some(3)));
        assert_eq!(m.role_of(3), Some(Role::Name));
    }
}
