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

use std::path::{Path, PathBuf};

use geo::Point;
use serde::Serialize;

use super::degrees::{Axis, DegreesError, parse_degrees};
use super::fields::{self, fold_key, fold_letters, named_column};
use super::report::{ImportReport, Reason};
use super::table::{
    Cell, Disguise, Row, SPREADSHEET_EXTENSIONS, Sheet, Workbook, read_csv, read_html,
    read_workbook,
};
use super::text::{self, Damage, DamagedText, TextEncoding, TextEncodingReport};
use super::villages::{VillageLayer, VillageOptions};
use crate::crs::{self, Crs, Guess, Transformer};
use crate::error::{Error, Result};
use crate::message::{self, AdminUnit, CoordinateForms, Listed, ListedRoles, Msg, Unit};
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
    /// X is the northing. Read when [`VillageOptions::crs`] is a projected system, which
    /// converts it; either order of X and Y is read (see [`crate::crs::easting_northing`]).
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

    /// The command-line flag that names the column, where there is one. The projected
    /// columns have none of their own: with a projected `--village-crs`,
    /// `--village-lon-field` and `--village-lat-field` name the X and Y columns.
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
    /// The coordinate system must be chosen first: the coordinates are projected X/Y in
    /// metres and no projected system was chosen for them (see [`Preview::crs_guesses`] for
    /// the likely ones), or a projected system was chosen for columns in degrees.
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
    /// A longitude or latitude column that holds metres, and no projected system chosen.
    Metres(Role, usize),
    /// Projected X and Y columns, no longitude/latitude, and no projected system chosen.
    ProjectedOnly,
    /// A projected system was chosen, but the column for the role holds degrees.
    Degrees(Role, usize),
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
        lang: crate::i18n::Lang,
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

fn column_text(columns: &[String], labels: &[String], column: usize) -> String {
    match (columns.get(column), labels.get(column)) {
        (Some(name), Some(label)) if label != name => format!("\"{name}\" ({label})"),
        (Some(name), _) => format!("\"{name}\""),
        _ => format!("column {}", column + 1),
    }
}

/// What [`describe`] needs besides the problem: the columns, and the coordinate system
/// chosen with the systems the values suggest.
struct Said<'a> {
    columns: &'a [String],
    labels: &'a [String],
    crs: Option<&'a Crs>,
    guesses: &'a [Guess],
}

/// The flag that names the column for `role`: with a projected system chosen, the longitude
/// and latitude flags name the X and Y columns.
fn flag_of(role: Role) -> &'static str {
    match role {
        Role::ProjectedX => "--village-lon-field",
        Role::ProjectedY => "--village-lat-field",
        _ => role.flag().unwrap_or(""),
    }
}

/// "; by their range they could be VN-2000 / TM-3 106°30′ (Bắc Kạn); …", or nothing.
fn guesses_msg(guesses: &[Guess]) -> Msg {
    crs::describe_guesses(guesses).map_or(Msg::Nothing, |systems| Msg::ByRangeCouldBe { systems })
}

/// How to choose the system of a list in metres, with the best guess as the example.
fn choose_system(guesses: &[Guess], or: Msg) -> Msg {
    let example = guesses
        .first()
        .map(|g| g.crs.flag_value())
        .unwrap_or_else(|| "vn2000-tm3:106.5".to_string());
    Msg::ChooseListSystem {
        example,
        or: Box::new(or),
    }
}

/// Why metres cannot be read yet: no system, or one in degrees.
fn no_projected_system(crs: Option<&Crs>) -> Msg {
    match crs {
        Some(c) => Msg::ChosenSystemInDegrees { crs: c.label() },
        None => Msg::NoSystemChosenForList,
    }
}

/// A role of a column in both languages, as it stands inside a sentence.
fn role_word(role: Role) -> message::Word {
    let vi = match role {
        Role::Name => "tên thôn",
        Role::Longitude => "kinh độ",
        Role::Latitude => "vĩ độ",
        Role::ProjectedX => "X theo hệ chiếu (mét VN-2000/UTM)",
        Role::ProjectedY => "Y theo hệ chiếu (mét VN-2000/UTM)",
        Role::Commune => "xã",
        Role::District => "huyện",
        Role::Province => "tỉnh",
    };
    message::Word {
        vi,
        en: role.label(),
    }
}

/// The problem's sentence and the remedy for it.
fn describe(problem: &Problem, said: &Said) -> (Msg, Msg) {
    let col = |i: usize| column_text(said.columns, said.labels, i);
    let chosen = said
        .crs
        .map(Crs::label)
        .unwrap_or_else(|| Msg::AProjectedSystem.to_string());
    match problem {
        Problem::Missing(role) => {
            let usual = match role {
                Role::Name => "Tên thôn, Thôn/bản, ten_thon, name",
                Role::Longitude => "Kinh độ, lon, longitude, x",
                Role::Latitude => "Vĩ độ, lat, latitude, y",
                Role::ProjectedX => "X, Tọa độ X, x_vn2000, toa_do_x",
                Role::ProjectedY => "Y, Tọa độ Y, y_vn2000, toa_do_y",
                _ => "",
            };
            let after = match role {
                Role::ProjectedX | Role::ProjectedY => Msg::AsChosen { crs: chosen },
                _ => Msg::Nothing,
            };
            (
                Msg::ColMissing {
                    role: role_word(*role),
                    after: Box::new(after),
                    usual: usual.to_string(),
                },
                Msg::ColGiveFlag {
                    flag: flag_of(*role).to_string(),
                },
            )
        }
        Problem::Ambiguous(role, found) => {
            let names: Vec<String> = found.iter().map(|&i| col(i)).collect();
            let first = found
                .first()
                .and_then(|&i| said.columns.get(i))
                .cloned()
                .unwrap_or_default();
            (
                Msg::ColAmbiguous {
                    n: found.len() as u64,
                    role: role_word(*role),
                    names: names.join(", "),
                },
                Msg::ColChooseOne {
                    flag: flag_of(*role).to_string(),
                    first,
                },
            )
        }
        Problem::NoSuchColumn(role, given) => (
            Msg::ColNoSuch {
                given: given.clone(),
                role: role_word(*role),
            },
            Msg::ColGiveHeading {
                flag: flag_of(*role).to_string(),
            },
        ),
        Problem::Metres(role, i) => (
            Msg::ColMetres {
                role: role_word(*role),
                column: col(*i),
                nosys: Box::new(no_projected_system(said.crs)),
                guesses: Box::new(guesses_msg(said.guesses)),
            },
            choose_system(said.guesses, Msg::OrGiveDegrees),
        ),
        Problem::ProjectedOnly => (
            Msg::ListProjectedOnly {
                nosys: Box::new(no_projected_system(said.crs)),
                guesses: Box::new(guesses_msg(said.guesses)),
            },
            choose_system(said.guesses, Msg::OrGiveKinhDoViDo),
        ),
        Problem::Degrees(role, i) => (
            Msg::ColDegrees {
                column: col(*i),
                role: role_word(*role),
                chosen,
            },
            Msg::ChooseWgs84ForList,
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
            // `2.470.123,45`: metres with thousands separators.
            Err(_) if read_metres(cell).is_ok_and(|m| m.abs() >= 1000.0) => metres += 1,
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

/// Why a cell is not a number of metres.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MetresError {
    Empty,
    NotANumber,
}

/// A projected coordinate in metres from a cell: a number, or text with a decimal point or
/// comma and maybe thousands separators (`2470123.45`, `2470123,45`, `2.470.123,45`,
/// `2,470,123.45`, `2 470 123,45`, with no-break spaces too) and a final `m`.
fn read_metres(cell: &Cell) -> Result<f64, MetresError> {
    match cell {
        Cell::Empty => Err(MetresError::Empty),
        Cell::Number(v) => Ok(*v),
        Cell::Time(_) => Err(MetresError::NotANumber),
        Cell::Text(t) => parse_metres(t),
    }
}

fn parse_metres(text: &str) -> Result<f64, MetresError> {
    let t: String = text
        .trim()
        .trim_end_matches('m')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'')
        .collect();
    if t.is_empty() {
        return Err(MetresError::Empty);
    }
    let (dots, commas) = (t.matches('.').count(), t.matches(',').count());
    let decimal_after = |sep: char, t: &str| -> Option<bool> {
        // A lone separator followed by exactly three digits after at most three is a
        // thousands separator (`470,123`); otherwise it is the decimal mark.
        let (int, frac) = t.split_once(sep)?;
        let digits = int.trim_start_matches(['-', '+']).len();
        Some(!(frac.len() == 3 && digits <= 3 && digits > 0))
    };
    let normal = match (dots, commas) {
        (0, 0) => t,
        (_, 0) if dots > 1 => t.replace('.', ""),
        (0, _) if commas > 1 => t.replace(',', ""),
        (1, 0) => t,
        (0, 1) => match decimal_after(',', &t) {
            Some(true) => t.replace(',', "."),
            _ => t.replace(',', ""),
        },
        _ => {
            // Both: the last one is the decimal mark.
            let (last_dot, last_comma) = (t.rfind('.'), t.rfind(','));
            if last_comma > last_dot {
                t.replace('.', "").replace(',', ".")
            } else {
                t.replace(',', "")
            }
        }
    };
    if !normal
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return Err(MetresError::NotANumber);
    }
    normal
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or(MetresError::NotANumber)
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

/// What the coordinate columns hold, by the system the options choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Space {
    /// Longitude and latitude in degrees (WGS84, or VN-2000 when chosen).
    Degrees,
    /// Projected X and Y in metres (a projected system was chosen).
    Metres,
}

impl Space {
    fn of(options: &VillageOptions) -> Space {
        if options.crs.as_ref().is_some_and(Crs::is_projected) {
            Space::Metres
        } else {
            Space::Degrees
        }
    }

    /// The roles of the first and second coordinate columns.
    fn roles(self) -> (Role, Role) {
        match self {
            Space::Degrees => (Role::Longitude, Role::Latitude),
            Space::Metres => (Role::ProjectedX, Role::ProjectedY),
        }
    }

    /// The columns the coordinates are read from, when both are known.
    fn pair(self, mapping: &Mapping) -> Option<(usize, usize)> {
        let (a, b) = self.roles();
        Some((mapping.get(a)?, mapping.get(b)?))
    }
}

/// Guesses the role of each column from its heading and the values under it; columns the
/// options name win (with a projected system chosen, the longitude and latitude columns
/// named are the X and Y). Returns the problems that keep the guess from being sure.
fn guess(columns: &[String], rows: &[Row], options: &VillageOptions) -> (Mapping, Vec<Problem>) {
    let space = Space::of(options);
    let kinds: Vec<Kind> = (0..columns.len()).map(|j| kind_of(rows, j)).collect();
    let mut mapping = Mapping::default();
    let mut problems = Vec::new();
    let mut taken = vec![false; columns.len()];
    for (role, given) in given_fields(options) {
        let role = match (space, role) {
            (Space::Metres, Role::Longitude) => Role::ProjectedX,
            (Space::Metres, Role::Latitude) => Role::ProjectedY,
            _ => role,
        };
        match named_column(columns, given) {
            Some(i) => {
                mapping.set(role, Some(i));
                taken[i] = true;
                match (space, role, kinds[i]) {
                    (Space::Degrees, Role::Longitude | Role::Latitude, Kind::Metres) => {
                        problems.push(Problem::Metres(role, i));
                    }
                    (Space::Metres, Role::ProjectedX | Role::ProjectedY, Kind::Degrees) => {
                        problems.push(Problem::Degrees(role, i));
                    }
                    _ => {}
                }
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
    let projected_too = |i: usize| {
        Role::ProjectedX.rank(&columns[i]).is_some() || Role::ProjectedY.rank(&columns[i]).is_some()
    };
    if space == Space::Degrees {
        for role in [Role::Longitude, Role::Latitude] {
            if mapping.get(role).is_some() {
                continue;
            }
            let all = candidates(role, &taken);
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
    }
    // X/Y in metres: by their projected headings, else (with a projected system chosen)
    // longitude/latitude headings over metres.
    for (role, alias) in [
        (Role::ProjectedX, Role::Longitude),
        (Role::ProjectedY, Role::Latitude),
    ] {
        if mapping.get(role).is_some() {
            continue;
        }
        let mut found = candidates(role, &taken);
        if space == Space::Metres {
            found.extend(
                candidates(alias, &taken)
                    .into_iter()
                    .map(|(r, i)| (r + 1000, i)),
            );
        }
        if let Some(&(_, i)) = found.iter().find(|(_, i)| kinds[*i] == Kind::Metres) {
            mapping.set(role, Some(i));
            taken[i] = true;
        } else if space == Space::Metres {
            match found.iter().find(|(_, i)| kinds[*i] == Kind::Degrees) {
                Some(&(_, i)) => problems.push(Problem::Degrees(role, i)),
                None => problems.push(Problem::Missing(role)),
            }
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
    if space == Space::Degrees && Space::Degrees.pair(&mapping).is_none() {
        if Space::Metres.pair(&mapping).is_some() {
            problems.push(Problem::ProjectedOnly);
        } else {
            for role in [Role::Longitude, Role::Latitude] {
                let said = problems.iter().any(|p| {
                    matches!(p, Problem::Metres(r, _) | Problem::NoSuchColumn(r, _) if *r == role)
                });
                if mapping.get(role).is_none() && !said {
                    problems.push(Problem::Missing(role));
                }
            }
        }
    }
    (mapping, problems)
}

/// True for the problems that choosing the coordinate system settles.
fn is_system_problem(problem: &Problem) -> bool {
    matches!(
        problem,
        Problem::ProjectedOnly | Problem::Metres(..) | Problem::Degrees(..)
    )
}

fn confidence(mapping: &Mapping, problems: &[Problem], space: Space) -> Confidence {
    if problems.iter().any(is_system_problem) {
        Confidence::Projected
    } else if space.pair(mapping).is_some() {
        if problems.is_empty() {
            Confidence::Sure
        } else {
            Confidence::Unsure
        }
    } else {
        Confidence::NoCoordinates
    }
}

/// The systems the projected coordinates of the list could be in, when the system must be
/// chosen: from the range of the X/Y (or the longitude/latitude columns holding metres),
/// either way round, leaving out the tenth of values at each end (typing errors). A range
/// often fits several TM-3 zones: those of the province the list names most often, and
/// the central meridian its title states (`kinh tuyến trục 106°30'`), come first.
fn system_guesses(
    title: &[Row],
    rows: &[Row],
    mapping: &Mapping,
    problems: &[Problem],
) -> Vec<Guess> {
    if !problems
        .iter()
        .any(|p| matches!(p, Problem::ProjectedOnly | Problem::Metres(..)))
    {
        return Vec::new();
    }
    let metres_column = |role: Role| {
        problems
            .iter()
            .find_map(|p| match p {
                Problem::Metres(r, i) if *r == role => Some(*i),
                _ => None,
            })
            .or_else(|| mapping.get(role))
    };
    let pair = Space::Metres.pair(mapping).or_else(|| {
        Some((
            metres_column(Role::Longitude)?,
            metres_column(Role::Latitude)?,
        ))
    });
    let Some((a, b)) = pair else {
        return Vec::new();
    };
    let (mut eastings, mut northings): (Vec<f64>, Vec<f64>) = rows
        .iter()
        .filter_map(|r| Some((read_metres(r.cell(a)).ok()?, read_metres(r.cell(b)).ok()?)))
        .filter(|(x, y)| x.abs() >= 1000.0 && y.abs() >= 1000.0)
        .map(|(x, y)| crs::easting_northing(x, y))
        .unzip();
    if eastings.is_empty() {
        return Vec::new();
    }
    eastings.sort_by(f64::total_cmp);
    northings.sort_by(f64::total_cmp);
    let (low, high) = (
        eastings.len() / 10,
        eastings.len() - 1 - eastings.len() / 10,
    );
    let mut guesses = crs::guess_from_bbox(
        eastings[low],
        northings[low],
        eastings[high],
        northings[high],
    );
    // Stable sorts: the stronger hint last.
    if let Some(province) = listed_province(rows, mapping) {
        guesses.sort_by_key(|g| !g.provinces.contains(&province));
    }
    if let Some(meridian) = title.iter().find_map(stated_meridian) {
        guesses.sort_by_key(|g| {
            !(matches!(g.crs, Crs::Vn2000Tm3 { .. })
                && g.crs
                    .central_meridian_deg()
                    .is_some_and(|m| (m - meridian).abs() < 1e-9))
        });
    }
    guesses
}

/// The province the list's province column names most often, as phusong knows it.
fn listed_province(rows: &[Row], mapping: &Mapping) -> Option<&'static str> {
    let column = mapping.province?;
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for row in rows.iter().take(KIND_ROWS) {
        let Some(p) = crs::province(&row.cell(column).display()) else {
            continue;
        };
        match counts.iter_mut().find(|(name, _)| *name == p.name) {
            Some((_, n)) => *n += 1,
            None => counts.push((p.name, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(name, _)| name)
}

/// The central meridian a title row states: `kinh tuyến trục 106°30'`, `KTT 105 độ`.
fn stated_meridian(row: &Row) -> Option<f64> {
    row.cells.iter().find_map(|cell| {
        let folded = fold_letters(&cell.display());
        let at = ["kinh tuyen truc", "ktt"]
            .iter()
            .find_map(|k| folded.find(k).map(|i| i + k.len()))?;
        let rest = folded.get(at..)?;
        let start = rest.find(|c: char| c.is_ascii_digit())?;
        let chars: Vec<char> = rest[start..].chars().collect();
        let mut value = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let digit_next = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            match c {
                '0'..='9' | '°' | '\'' | '′' | ' ' => value.push(c),
                '.' | ',' if digit_next => value.push('.'),
                _ => break,
            }
        }
        crs::parse_meridian(value.trim())
    })
}

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
    match super::table::disguise(path) {
        None => read_workbook(path),
        Some(Disguise::Html) => read_html(path, options.encoding, ENCODING_FLAG),
        Some(Disguise::Text) => csv().map(|mut workbook| {
            workbook.notes.insert(
                0,
                Msg::XlsIsText {
                    file: super::shp::file_name(path),
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

fn preview_shapefile(path: &Path, options: &VillageOptions) -> Result<Preview> {
    if let Some(z) = super::zipped::unzip_shapefile(path)? {
        return preview_shapefile(&z.shp, options).map_err(|e| z.error(e));
    }
    let mut opened = super::shp::open(path, crate::message::Layer::Villages, options.encoding)?;
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

/// How many bad values a report describes cell by cell.
const DETAILED_VALUES: usize = 3;

/// The converter to WGS84 for the system the options choose; `None` for WGS84
/// longitude/latitude (chosen, or taken without a choice).
fn list_transformer(path: &Path, crs: Option<&Crs>) -> Result<Option<Transformer>> {
    let Some(crs) = crs.filter(|c| !c.is_wgs84()) else {
        return Ok(None);
    };
    crs.validate()
        .and_then(|()| crs.transformer())
        .map(Some)
        .map_err(|e| {
            Error::content(
                path,
                format!(
                    "the coordinate system chosen for the list, {}, cannot be used: {e}",
                    crs.label()
                ),
                "Choose another coordinate system for it (in the app, or with --village-crs).",
            )
        })
}

/// A coordinate cell read as the space wants it, or why it cannot be: the reason for the
/// report and the words for the cell.
fn read_value(cell: &Cell, space: Space) -> Result<Coordinate, (Reason, Box<Msg>)> {
    match space {
        Space::Degrees => read_coordinate(cell).map_err(|e| (reason_of(&e), Box::new(e.msg()))),
        Space::Metres => match read_metres(cell) {
            Ok(value) => Ok(Coordinate {
                value,
                axis: None,
                form: Form::Number,
            }),
            Err(MetresError::Empty) => Err((Reason::MissingCoordinates, Box::new(Msg::DegEmpty))),
            Err(MetresError::NotANumber) => {
                Err((Reason::MissingCoordinates, Box::new(Msg::MetresNotNumber)))
            }
        },
    }
}

/// Text values of a list that look damaged (see [`text::damage`]), by column.
#[derive(Debug, Default)]
struct DamageTally {
    damaged: Vec<DamagedText>,
}

impl DamageTally {
    /// Checks the text of `column` in row `record`.
    fn check(&mut self, record: u64, column: &str, value: &str) {
        let Some(damage) = text::damage(value) else {
            return;
        };
        DamagedText::tally(&mut self.damaged, record, column, damage, value);
    }

    /// Notes on the damaged text, with what to do; for a CSV file, also into the report's
    /// text encoding.
    fn report(self, report: &mut ImportReport, said: &Said, listed_unit: Unit) {
        let csv = report.text_encoding.is_some();
        for d in &self.damaged {
            let lost_only = d.damage == [Damage::LostLetters];
            let remedy = match (csv, lost_only) {
                (true, true) => Msg::ListLostLetters,
                (true, false) => Msg::ListDamaged {
                    choices: TextEncoding::choice_labels(),
                },
                (false, true) => Msg::SheetLostLetters,
                (false, false) => Msg::SheetLegacyFont,
            };
            let column = said
                .columns
                .iter()
                .position(|c| *c == d.column)
                .map(|i| column_text(said.columns, said.labels, i))
                .unwrap_or_else(|| format!("\"{}\"", d.column));
            let mut note = d.note(Unit::Row, listed_unit, remedy);
            if let Msg::DamagedText { column: c, .. } = &mut note {
                *c = column;
            }
            report.note(note);
        }
        if let Some(t) = report.text_encoding.as_mut() {
            t.damaged = self.damaged;
        }
    }
}

/// Reads villages from a CSV file or a workbook.
pub(crate) fn load_list(path: &Path, options: &VillageOptions) -> Result<VillageLayer> {
    let workbook = read_tables(path, options)?;
    let layout = lay_out(path, &workbook, options)?;
    let sheet = &workbook.sheets[layout.sheet];
    let data = layout.data_rows(&workbook);
    let space = Space::of(options);
    let (mapping, problems) = guess(&layout.columns, data, options);
    let labels = layout.labels(sheet);
    let header_number = sheet.rows.get(layout.header).map_or(0, |r| r.number);
    let place = match &sheet.name {
        Some(name) => Msg::PlaceSheetHeader {
            sheet: name.clone(),
            n: header_number,
        },
        None => Msg::PlaceHeaderLine { n: header_number },
    };
    let guesses = system_guesses(&sheet.rows[..layout.header], data, &mapping, &problems);
    let said = Said {
        columns: &layout.columns,
        labels: &labels,
        crs: options.crs.as_ref(),
        guesses: &guesses,
    };
    let (Some((a_col, b_col)), true) = (space.pair(&mapping), problems.is_empty()) else {
        return Err(unsure(path, &workbook, &layout, &said, &place, &problems));
    };
    let transformer = list_transformer(path, options.crs.as_ref())?;

    let mut report = ImportReport::new(path, workbook.format.clone());
    report.sheet = sheet.name.clone();
    for note in &workbook.notes {
        report.note(note.clone());
    }
    report.text_encoding = workbook.text_encoding.clone();
    if let (Some(e), None) = (options.encoding, &workbook.text_encoding) {
        report.note(Msg::EncodingNotUsed {
            encoding: e.to_string(),
        });
    }
    if let Some(name) = &sheet.name {
        let others: Vec<&str> = workbook
            .sheets
            .iter()
            .take(layout.sheet)
            .filter_map(|s| s.name.as_deref())
            .collect();
        if options.sheet.is_none() && !others.is_empty() {
            report.note(Msg::ReadSheet {
                sheet: name.clone(),
                before: others.join("\", \""),
            });
        }
    }
    let row_unit = if sheet.name.is_some() {
        Unit::Row
    } else {
        Unit::Line
    };
    let at = Listed {
        unit: row_unit,
        n: 1,
    };
    if layout.header > 0 {
        report.note(Msg::HeaderOn {
            at,
            n: header_number,
        });
    }
    if let Some(n) = layout.numbering_row {
        report.note(Msg::NumberingRow { at, n });
    }
    let shown = |c: Option<usize>| {
        c.map(|i| column_text(&layout.columns, &labels, i))
            .unwrap_or_else(|| "—".to_string())
    };
    let (a_axis, b_axis) = match space {
        Space::Degrees => (message::Axis::Longitude, message::Axis::Latitude),
        Space::Metres => (message::Axis::X, message::Axis::Y),
    };
    let units = [
        (AdminUnit::Commune, mapping.commune),
        (AdminUnit::District, mapping.district),
        (AdminUnit::Province, mapping.province),
    ]
    .into_iter()
    .filter_map(|(unit, c)| c.map(|_| (unit, shown(c))))
    .collect();
    report.note(Msg::ListColumnsUsed {
        a_axis,
        a: shown(Some(a_col)),
        b_axis,
        b: shown(Some(b_col)),
        name: shown(mapping.name),
        units: ListedRoles(units),
    });

    let text = |row: &Row, c: Option<usize>| c.map(|i| row.cell(i).display()).unwrap_or_default();
    let mut rows = Vec::new();
    let mut forms = [0u64; 5];
    let mut skipped: Vec<u64> = Vec::new();
    let mut details: Vec<Msg> = Vec::new();
    let mut letter_swaps = 0u64;
    let mut damage = DamageTally::default();
    let header_row = sheet.rows.get(layout.header);
    for row in data {
        let (a_cell, b_cell) = (row.cell(a_col), row.cell(b_col));
        let name = text(row, mapping.name);
        let (a, b) = (read_value(a_cell, space), read_value(b_cell, space));
        if a.is_err() && b.is_err() {
            // A heading (`Huyện Ba Bể`), a total or a signature, or a row with nothing
            // about a village: not a village row.
            let blank = name.is_empty() && a_cell.is_empty() && b_cell.is_empty();
            let repeated =
                header_row.is_some_and(|h| is_repeated_header(row, h)) || is_numbering_row(row);
            if blank || repeated || is_heading_text(&name) {
                skipped.push(row.number);
                continue;
            }
        }
        report.rows_read += 1;
        let listed = ListedUnits {
            commune: text(row, mapping.commune),
            district: text(row, mapping.district),
            province: text(row, mapping.province),
        };
        for (c, value) in [
            (mapping.name, &name),
            (mapping.commune, &listed.commune),
            (mapping.district, &listed.district),
            (mapping.province, &listed.province),
        ] {
            if let Some(c) = c {
                damage.check(row.number, &layout.columns[c], value);
            }
        }
        let mut bad = |reason: Reason, column: usize, why: Box<Msg>, report: &mut ImportReport| {
            report.reject(reason, row.number);
            if details.len() < DETAILED_VALUES {
                let cell = row.cell(column).display();
                let column = column_text(&layout.columns, &labels, column);
                details.push(if cell.is_empty() {
                    Msg::CellEmpty {
                        at,
                        row: row.number,
                        column,
                    }
                } else {
                    Msg::CellBad {
                        at,
                        row: row.number,
                        column,
                        cell,
                        why,
                    }
                });
            }
        };
        let (a, b) = match (a, b) {
            (Ok(a), Ok(b)) => (a, b),
            (Err((reason, why)), _) => {
                bad(reason, a_col, why, &mut report);
                continue;
            }
            (_, Err((reason, why))) => {
                bad(reason, b_col, why, &mut report);
                continue;
            }
        };
        let (a, b) = match (a.axis, b.axis) {
            (Some(Axis::Latitude), Some(Axis::Longitude)) => {
                letter_swaps += 1;
                (b, a)
            }
            (Some(Axis::Latitude), _) => {
                bad(
                    Reason::BadDegrees,
                    a_col,
                    Box::new(Msg::LatLetterInLon),
                    &mut report,
                );
                continue;
            }
            (_, Some(Axis::Longitude)) => {
                bad(
                    Reason::BadDegrees,
                    b_col,
                    Box::new(Msg::LonLetterInLat),
                    &mut report,
                );
                continue;
            }
            _ => (a, b),
        };
        if space == Space::Degrees {
            forms[a.form as usize] += 1;
            forms[b.form as usize] += 1;
        }
        rows.push((a.value, b.value, name, listed, row.number));
    }
    for d in details {
        report.note(d);
    }
    if letter_swaps > 0 {
        report.note(Msg::LetterSwaps { n: letter_swaps });
    }
    let written: Vec<(u64, u8)> = [
        Form::Number,
        Form::Decimal,
        Form::DecimalComma,
        Form::Sexagesimal,
        Form::Time,
    ]
    .into_iter()
    .filter(|f| forms[*f as usize] > 0)
    .map(|f| (forms[f as usize], f as u8))
    .collect();
    if written.len() > 1 || forms[Form::Number as usize] == 0 && !written.is_empty() {
        report.note(Msg::WrittenAs {
            forms: CoordinateForms(written),
        });
    }
    if !skipped.is_empty() {
        let mut first: Vec<String> = skipped.iter().take(5).map(u64::to_string).collect();
        if skipped.len() > 5 {
            first.push("…".into());
        }
        report.note(Msg::SkippedRows {
            n: skipped.len() as u64,
            at,
            first: first.join(", "),
        });
    }

    let swapped = rows
        .iter()
        .filter(|(lon, lat, ..)| lat.abs() > 90.0 && lon.abs() <= 90.0)
        .count();
    let swap = space == Space::Degrees && swapped * 2 > rows.len();
    if swap {
        report.note(Msg::ListSwapped {
            swapped: swapped as u64,
            of: rows.len() as u64,
        });
    }
    let system = options
        .crs
        .as_ref()
        .map(Crs::label)
        .unwrap_or_else(|| "WGS84 longitude/latitude".to_string());
    let mut villages = Vec::with_capacity(rows.len());
    let (mut in_metres, mut turned) = (0usize, 0usize);
    let mut conversion_details: Vec<Msg> = Vec::new();
    let mut unconverted = |number: u64, why: Msg, report: &mut ImportReport| {
        report.reject(Reason::CoordinatesOutOfRange, number);
        if conversion_details.len() < DETAILED_VALUES {
            conversion_details.push(Msg::RowColumns {
                at,
                row: number,
                a: shown(Some(a_col)),
                b: shown(Some(b_col)),
                why: Box::new(why),
            });
        }
    };
    for (a, b, name, listed, number) in rows {
        let (x, y) = match space {
            Space::Degrees if swap => (b, a),
            Space::Degrees => (a, b),
            Space::Metres => {
                if a.abs() < 1000.0 || b.abs() < 1000.0 {
                    unconverted(
                        number,
                        Msg::LookLikeDegrees {
                            a: a.to_string(),
                            b: b.to_string(),
                            system: system.to_string(),
                        },
                        &mut report,
                    );
                    continue;
                }
                in_metres += 1;
                let (e, n) = crs::easting_northing(a, b);
                if (e, n) != (a, b) {
                    turned += 1;
                }
                (e, n)
            }
        };
        let converted = match (&transformer, space) {
            (None, _) => Some((x, y)),
            (Some(_), Space::Degrees) if !is_lon_lat(x, y) => None,
            (Some(t), _) => t.to_wgs84(x, y),
        };
        let Some((lon, lat)) = converted.filter(|&(lon, lat)| is_lon_lat(lon, lat)) else {
            if space == Space::Metres {
                unconverted(
                    number,
                    Msg::DoNotConvert {
                        a: a.to_string(),
                        b: b.to_string(),
                        system: system.to_string(),
                    },
                    &mut report,
                );
            } else {
                report.reject(Reason::CoordinatesOutOfRange, number);
            }
            continue;
        };
        villages.push(Village {
            name,
            location: Point::new(lon, lat),
            record: number,
            listed,
        });
        report.rows_used += 1;
    }
    for d in conversion_details {
        report.note(d);
    }
    match (&options.crs, &transformer) {
        (Some(_), Some(_)) => report.note(Msg::ConvertedChosen {
            crs: system.to_string(),
        }),
        (Some(_), None) => {
            report.note(Msg::ChosenWgs84);
        }
        (None, _) => {}
    }
    if turned > 0 {
        report.note(Msg::TurnedXY {
            turned: turned as u64,
            of: in_metres as u64,
            column: shown(Some(a_col)),
        });
    }
    let listed_unit = if sheet.name.is_some() {
        Unit::Row
    } else {
        Unit::Line
    };
    damage.report(&mut report, &said, listed_unit);
    if villages.is_empty() && space == Space::Metres {
        return Err(Error::content(
            path,
            format!(
                "no village with usable coordinates ({} rows read) in {system}",
                report.rows_read
            ),
            format!(
                "Check that the columns {} and {} hold the X/Y in metres of {system}, or choose the list's coordinate system again (in the app, or with --village-crs).",
                shown(Some(a_col)),
                shown(Some(b_col))
            ),
        ));
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
/// columns found, and what settles it (on the command line its flags; the window asks in
/// its column chooser).
fn unsure(
    path: &Path,
    workbook: &Workbook,
    layout: &Layout,
    context: &Said,
    place: &Msg,
    problems: &[Problem],
) -> Error {
    let mut said = Vec::new();
    let mut remedies: Vec<Msg> = Vec::new();
    for p in problems {
        let (problem, remedy) = describe(p, context);
        said.push(problem);
        if !remedies.contains(&remedy) {
            remedies.push(remedy);
        }
    }
    let columns: Vec<String> = layout
        .columns
        .iter()
        .zip(context.labels)
        .map(|(c, l)| {
            if workbook.is_spreadsheet() {
                format!("{c} ({l})")
            } else {
                c.clone()
            }
        })
        .collect();
    let mut notes = Vec::new();
    if !layout.usable && workbook.is_spreadsheet() {
        notes.push(Msg::NoSheetWithCoordinates {
            sheets: sheet_names(workbook),
        });
    }
    let damaged = layout.columns.iter().find(|c| text::damage(c).is_some());
    if let (Some(heading), Some(t)) = (damaged, &workbook.text_encoding) {
        notes.push(Msg::HeadingsDamaged {
            heading: heading.clone(),
            encoding: t.encoding.to_string(),
        });
        remedies.insert(
            0,
            Msg::ChooseListEncoding {
                choices: TextEncoding::choice_labels(),
            },
        );
    }
    if workbook.is_spreadsheet() {
        remedies.push(Msg::OtherSheet);
    }
    let problem = Msg::ListUnsure {
        place: Box::new(place.clone()),
        problems: message::Msgs {
            items: said,
            sep: "; ",
        },
        columns: columns.join(", "),
        notes: message::Msgs {
            items: notes,
            sep: "",
        },
    };
    let remedy = Msg::Remedies {
        all: message::Msgs {
            items: remedies,
            sep: " ",
        },
    };
    Error::content(path, problem, remedy)
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
        assert_eq!(confidence(&m, &p, Space::Degrees), Confidence::Projected);
    }

    fn in_tm3() -> VillageOptions {
        VillageOptions {
            crs: Some(Crs::Vn2000Tm3 {
                central_meridian_deg: 106.5,
            }),
            ..VillageOptions::default()
        }
    }

    #[test]
    fn with_a_projected_system_x_and_y_in_metres_are_the_coordinates() {
        let cols: Vec<String> = ["Tên thôn", "X (VN-2000)", "Y (VN-2000)"]
            .map(String::from)
            .to_vec();
        let rows = vec![row(4, &["Pan Xá", "2463512.4", "435678.1"])];
        let (m, p) = guess(&cols, &rows, &in_tm3());
        assert_eq!(
            (m.projected_x, m.projected_y, m.name),
            (Some(1), Some(2), Some(0))
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(confidence(&m, &p, Space::Metres), Confidence::Sure);
        // `lon`/`lat` headings over metres are read as X/Y too.
        let cols: Vec<String> = ["name", "lon", "lat"].map(String::from).to_vec();
        let (m, p) = guess(&cols, &rows, &in_tm3());
        assert_eq!((m.projected_x, m.projected_y), (Some(1), Some(2)));
        assert!(p.is_empty(), "{p:?}");
        // Columns named in the options are the X and Y.
        let cols: Vec<String> = ["Tên thôn", "Bắc", "Đông"].map(String::from).to_vec();
        let named = VillageOptions {
            lon_field: Some("Bắc".into()),
            lat_field: Some("Đông".into()),
            ..in_tm3()
        };
        let (m, p) = guess(&cols, &rows, &named);
        assert_eq!((m.projected_x, m.projected_y), (Some(1), Some(2)));
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn a_projected_system_for_degrees_and_metres_without_one_ask_for_the_system() {
        let cols: Vec<String> = ["Tên thôn", "Kinh độ", "Vĩ độ"].map(String::from).to_vec();
        let rows = vec![row(2, &["Pan Xá", "106.08", "22.26"])];
        let (m, p) = guess(&cols, &rows, &in_tm3());
        assert_eq!(
            p,
            [
                Problem::Degrees(Role::ProjectedX, 1),
                Problem::Degrees(Role::ProjectedY, 2)
            ]
        );
        assert_eq!(confidence(&m, &p, Space::Metres), Confidence::Projected);
        // Without a system, a longitude column named in the options that holds metres.
        let rows = vec![row(2, &["Pan Xá", "435678.1", "2463512.4"])];
        let named = VillageOptions {
            lon_field: Some("Kinh độ".into()),
            lat_field: Some("Vĩ độ".into()),
            ..VillageOptions::default()
        };
        let (m, p) = guess(&cols, &rows, &named);
        assert_eq!(
            p,
            [
                Problem::Metres(Role::Longitude, 1),
                Problem::Metres(Role::Latitude, 2)
            ]
        );
        assert_eq!(confidence(&m, &p, Space::Degrees), Confidence::Projected);
        // One point fits every TM-3 zone that puts it in a province of that zone.
        let guesses = system_guesses(&[], &rows, &m, &p);
        assert!(
            guesses.iter().any(|g| g.crs
                == Crs::Vn2000Tm3 {
                    central_meridian_deg: 106.5
                }
                && g.provinces == ["Bắc Kạn"]),
            "{guesses:?}"
        );
    }

    #[test]
    fn metres_are_read_with_the_separators_people_type() {
        for (text, want) in [
            ("2470123.456", 2_470_123.456),
            ("2470123,456", 2_470_123.456),
            ("2.470.123,456", 2_470_123.456),
            ("2,470,123.456", 2_470_123.456),
            ("2 470 123,5", 2_470_123.5),
            ("2\u{a0}470\u{a0}123", 2_470_123.0),
            ("470,123", 470_123.0),
            ("435678 m", 435_678.0),
            ("-12,5", -12.5),
        ] {
            assert_eq!(parse_metres(text), Ok(want), "{text}");
        }
        for text in ["", "  "] {
            assert_eq!(parse_metres(text), Err(MetresError::Empty), "{text:?}");
        }
        for text in ["22°16'N", "không rõ", "1.2.3,4,5", "inf", "NaN", "12e999"] {
            assert_eq!(parse_metres(text), Err(MetresError::NotANumber), "{text}");
        }
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
