//! Loading a village list: read the file, orient its table, convert the coordinates, report.

use std::path::Path;

use geo::Point;

use super::cells::Space;
use super::cells::{Coordinate, Form, read_value};
use super::guessing::{guess, system_guesses};
use super::header::{Layout, is_heading_text, is_numbering_row, is_repeated_header, lay_out};
use super::read_tables;
use super::roles::Mapping;
use super::words::{Said, column_text, unsure};
use crate::crs::{self, Crs, Guess, Transformer};
use crate::error::{Error, Result};
use crate::io::degrees::Axis;
use crate::io::facts::{FactColumns, FactReader};
use crate::io::report::{ImportReport, Reason};
use crate::io::table::{Row, Sheet, Workbook};
use crate::io::text::{self, Damage, DamagedText, TextEncoding};
use crate::io::village_layer::{VillageLayer, VillageOptions, finish};
use crate::message::{self, AdminUnit, CoordinateForms, Listed, ListedRoles, Msg, Unit};
use crate::model::{ListedUnits, Village, VillageFacts, is_lon_lat};

/// How many bad values a report describes cell by cell.
pub(super) const DETAILED_VALUES: usize = 3;

/// The converter to WGS84 for the system the options choose; `None` for WGS84
/// longitude/latitude (chosen, or taken without a choice).
pub(super) fn list_transformer(path: &Path, crs: Option<&Crs>) -> Result<Option<Transformer>> {
    let Some(crs) = crs.filter(|c| !c.is_wgs84()) else {
        return Ok(None);
    };
    crs.validate()
        .and_then(|()| crs.transformer())
        .map(Some)
        .map_err(|why| {
            Error::content(
                path,
                Msg::ChosenCrsUnusable {
                    crs: crs.label(),
                    why,
                },
                Msg::RemedyChooseAnotherCrs,
            )
        })
}

/// Text values of a list that look damaged (see [`text::damage`]), by column.
#[derive(Debug, Default)]
pub(super) struct DamageTally {
    pub(super) damaged: Vec<DamagedText>,
}

impl DamageTally {
    /// Checks the text of `column` in row `record`.
    pub(super) fn check(&mut self, record: u64, column: &str, value: &str) {
        let Some(damage) = text::damage(value) else {
            return;
        };
        DamagedText::tally(&mut self.damaged, record, column, damage, value);
    }

    /// Notes on the damaged text, with what to do; for a CSV file, also into the report's
    /// text encoding.
    pub(super) fn report(self, report: &mut ImportReport, said: &Said, listed_unit: Unit) {
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

/// A list's table once oriented: the sheet, its header and columns, which column plays
/// each role, and the two coordinate columns (longitude/latitude, or X/Y in metres).
struct Oriented<'w> {
    workbook: &'w Workbook,
    layout: Layout,
    mapping: Mapping,
    space: Space,
    labels: Vec<String>,
    guesses: Vec<Guess>,
    a_col: usize,
    b_col: usize,
    /// How the rows are counted in notes: sheet rows, or lines of a CSV file.
    at: Listed,
}

impl<'w> Oriented<'w> {
    fn sheet(&self) -> &'w Sheet {
        &self.workbook.sheets[self.layout.sheet]
    }

    fn data(&self) -> &'w [Row] {
        self.layout.data_rows(self.workbook)
    }

    fn header_number(&self) -> u64 {
        self.sheet()
            .rows
            .get(self.layout.header)
            .map_or(0, |r| r.number)
    }

    /// A column as notes name it, `—` for none.
    fn shown(&self, column: Option<usize>) -> String {
        column
            .map(|i| column_text(&self.layout.columns, &self.labels, i))
            .unwrap_or_else(|| "—".to_string())
    }

    fn said<'a>(&'a self, options: &'a VillageOptions) -> Said<'a> {
        Said {
            columns: &self.layout.columns,
            labels: &self.labels,
            crs: options.crs.as_ref(),
            guesses: &self.guesses,
        }
    }
}

/// A village row read from the list, its coordinates not yet converted.
struct ListRow {
    a: f64,
    b: f64,
    name: String,
    listed: ListedUnits,
    facts: VillageFacts,
    own: Box<[String]>,
    number: u64,
}

/// Reads villages from a CSV file or a workbook: read the file, orient its table, read the
/// rows, convert their coordinates.
pub(crate) fn load_list(path: &Path, options: &VillageOptions) -> Result<VillageLayer> {
    let workbook = read_tables(path, options)?;
    let table = orient(path, &workbook, options)?;
    let transformer = list_transformer(path, options.crs.as_ref())?;
    let mut report = ImportReport::new(path, workbook.format.clone());
    note_layout(&table, options, &mut report);
    let mut damage = DamageTally::default();
    let rows = read_rows(&table, &mut report, &mut damage);
    let villages = convert(&table, rows, options, transformer.as_ref(), &mut report);
    damage.report(&mut report, &table.said(options), table.at.unit);
    if villages.is_empty() && table.space == Space::Metres {
        let system = system_label(options);
        return Err(Error::content(
            path,
            Msg::NoUsableVillageIn {
                rows: report.rows_read,
                system: system.clone(),
            },
            Msg::RemedyCheckMetres {
                a: table.shown(Some(table.a_col)),
                b: table.shown(Some(table.b_col)),
                system,
            },
        ));
    }
    let own = own_columns(&table).into_iter();
    finish(
        path,
        villages,
        report,
        own.map(|i| table.layout.columns[i].clone()).collect(),
    )
}

/// The columns kept beside the results: every one but the name, which they carry already.
fn own_columns(table: &Oriented) -> Vec<usize> {
    (0..table.layout.columns.len())
        .filter(|i| Some(*i) != table.mapping.name)
        .collect()
}

/// The sheet, header, columns and coordinate columns of the list, or the error that says
/// what could not be told for sure and what settles it.
fn orient<'w>(
    path: &Path,
    workbook: &'w Workbook,
    options: &VillageOptions,
) -> Result<Oriented<'w>> {
    let layout = lay_out(path, workbook, options)?;
    let sheet = &workbook.sheets[layout.sheet];
    let data = layout.data_rows(workbook);
    let space = Space::of(options);
    let (mapping, problems) = guess(&layout.columns, data, options);
    let labels = layout.labels(sheet);
    let guesses = system_guesses(&sheet.rows[..layout.header], data, &mapping, &problems);
    let unit = if sheet.name.is_some() {
        Unit::Row
    } else {
        Unit::Line
    };
    let pair = space.pair(&mapping).filter(|_| problems.is_empty());
    let Some((a_col, b_col)) = pair else {
        let header_number = sheet.rows.get(layout.header).map_or(0, |r| r.number);
        let place = match &sheet.name {
            Some(name) => Msg::PlaceSheetHeader {
                sheet: name.clone(),
                n: header_number,
            },
            None => Msg::PlaceHeaderLine { n: header_number },
        };
        let said = Said {
            columns: &layout.columns,
            labels: &labels,
            crs: options.crs.as_ref(),
            guesses: &guesses,
        };
        return Err(unsure(path, workbook, &layout, &said, &place, &problems));
    };
    Ok(Oriented {
        workbook,
        layout,
        mapping,
        space,
        labels,
        guesses,
        a_col,
        b_col,
        at: Listed { unit, n: 1 },
    })
}

/// The notes on how the file was read: its sheet, header row and the columns used.
fn note_layout(table: &Oriented, options: &VillageOptions, report: &mut ImportReport) {
    let workbook = table.workbook;
    let sheet = table.sheet();
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
        let others: Vec<&str> = (workbook.sheets.iter().take(table.layout.sheet))
            .filter_map(|s| s.name.as_deref())
            .collect();
        if options.sheet.is_none() && !others.is_empty() {
            report.note(Msg::ReadSheet {
                sheet: name.clone(),
                before: others.join("\", \""),
            });
        }
    }
    if table.layout.header > 0 {
        report.note(Msg::HeaderOn {
            at: table.at,
            n: table.header_number(),
        });
    }
    if let Some(n) = table.layout.numbering_row {
        report.note(Msg::NumberingRow { at: table.at, n });
    }
    let (a_axis, b_axis) = match table.space {
        Space::Degrees => (message::Axis::Longitude, message::Axis::Latitude),
        Space::Metres => (message::Axis::X, message::Axis::Y),
    };
    let mapping = &table.mapping;
    let units = [
        (AdminUnit::Commune, mapping.commune),
        (AdminUnit::District, mapping.district),
        (AdminUnit::Province, mapping.province),
    ]
    .into_iter()
    .filter_map(|(unit, c)| c.map(|_| (unit, table.shown(c))))
    .collect();
    report.note(Msg::ListColumnsUsed {
        a_axis,
        a: table.shown(Some(table.a_col)),
        b_axis,
        b: table.shown(Some(table.b_col)),
        name: table.shown(mapping.name),
        units: ListedRoles(units),
    });
}

/// Reads the data rows: the villages with their coordinates as written, the rows that are
/// not villages skipped, and bad coordinates rejected; each counted in `report`, with notes.
fn read_rows(
    table: &Oriented,
    report: &mut ImportReport,
    damage: &mut DamageTally,
) -> Vec<ListRow> {
    let m = &table.mapping;
    let text = |row: &Row, c: Option<usize>| c.map(|i| row.cell(i).display()).unwrap_or_default();
    let mut rows = Vec::new();
    let mut forms = [0u64; 5];
    let mut skipped: Vec<u64> = Vec::new();
    let mut details: Vec<Msg> = Vec::new();
    let mut letter_swaps = 0u64;
    let mut facts = FactReader::new(FactColumns {
        code: m.code,
        households: m.households,
        population: m.population,
        grid_power: m.grid_power,
    });
    let own_cols = own_columns(table);
    for row in table.data() {
        let name = text(row, m.name);
        let (a, b) = (
            read_value(row.cell(table.a_col), table.space),
            read_value(row.cell(table.b_col), table.space),
        );
        if a.is_err() && b.is_err() && !is_village_row(table, row, &name) {
            skipped.push(row.number);
            continue;
        }
        report.rows_read += 1;
        let listed = ListedUnits {
            commune: text(row, m.commune),
            district: text(row, m.district),
            province: text(row, m.province),
        };
        for (c, value) in [
            (m.name, &name),
            (m.commune, &listed.commune),
            (m.district, &listed.district),
            (m.province, &listed.province),
        ] {
            if let Some(c) = c {
                damage.check(row.number, &table.layout.columns[c], value);
            }
        }
        match coordinates(a, b, table.a_col, table.b_col) {
            Ok((a, b, swapped)) => {
                letter_swaps += u64::from(swapped);
                if table.space == Space::Degrees {
                    forms[a.form as usize] += 1;
                    forms[b.form as usize] += 1;
                }
                let number = row.number;
                let (a, b) = (a.value, b.value);
                let facts = facts.read(number, |i| row.cell(i).display());
                let own = own_cols.iter().map(|&i| row.cell(i).display()).collect();
                rows.push(ListRow {
                    a,
                    b,
                    name,
                    listed,
                    facts,
                    own,
                    number,
                });
            }
            Err((reason, column, why)) => {
                report.reject(reason, row.number);
                if details.len() < DETAILED_VALUES {
                    details.push(bad_cell(table, row, column, why));
                }
            }
        }
    }
    for d in details {
        report.note(d);
    }
    for note in facts.notes(|i| table.shown(Some(i))) {
        report.note(note);
    }
    if letter_swaps > 0 {
        report.note(Msg::LetterSwaps { n: letter_swaps });
    }
    note_forms(&forms, report);
    if !skipped.is_empty() {
        let mut first: Vec<String> = skipped.iter().take(5).map(u64::to_string).collect();
        if skipped.len() > 5 {
            first.push("…".into());
        }
        report.note(Msg::SkippedRows {
            n: skipped.len() as u64,
            at: table.at,
            first: first.join(", "),
        });
    }
    rows
}

/// False for a row without coordinates that is about no village: a heading (`Huyện Ba Bể`),
/// a total or a signature, a repeated header or numbering row, or a blank row.
fn is_village_row(table: &Oriented, row: &Row, name: &str) -> bool {
    let blank =
        name.is_empty() && row.cell(table.a_col).is_empty() && row.cell(table.b_col).is_empty();
    let header = table.sheet().rows.get(table.layout.header);
    let repeated = header.is_some_and(|h| is_repeated_header(row, h)) || is_numbering_row(row);
    !(blank || repeated || is_heading_text(name))
}

/// A bad coordinate: why, and which column holds it.
type BadCoordinate = (Reason, usize, Box<Msg>);

/// The row's two coordinates in column order (a written `N`/`E` puts them right way round:
/// true when it swapped them), or why one cannot be used.
fn coordinates(
    a: Result<Coordinate, (Reason, Box<Msg>)>,
    b: Result<Coordinate, (Reason, Box<Msg>)>,
    a_col: usize,
    b_col: usize,
) -> Result<(Coordinate, Coordinate, bool), BadCoordinate> {
    let a = a.map_err(|(reason, why)| (reason, a_col, why))?;
    let b = b.map_err(|(reason, why)| (reason, b_col, why))?;
    match (a.axis, b.axis) {
        (Some(Axis::Latitude), Some(Axis::Longitude)) => Ok((b, a, true)),
        (Some(Axis::Latitude), _) => {
            Err((Reason::BadDegrees, a_col, Box::new(Msg::LatLetterInLon)))
        }
        (_, Some(Axis::Longitude)) => {
            Err((Reason::BadDegrees, b_col, Box::new(Msg::LonLetterInLat)))
        }
        _ => Ok((a, b, false)),
    }
}

/// The note describing a bad cell: empty, or its text and why it is not a coordinate.
fn bad_cell(table: &Oriented, row: &Row, column: usize, why: Box<Msg>) -> Msg {
    let cell = row.cell(column).display();
    let column = column_text(&table.layout.columns, &table.labels, column);
    let (at, row) = (table.at, row.number);
    if cell.is_empty() {
        Msg::CellEmpty { at, row, column }
    } else {
        Msg::CellBad {
            at,
            row,
            column,
            cell,
            why,
        }
    }
}

/// The note on how the coordinates were written, when not all as plain numbers.
fn note_forms(forms: &[u64; 5], report: &mut ImportReport) {
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
}

/// The system the coordinates are in, as notes name it.
fn system_label(options: &VillageOptions) -> String {
    options
        .crs
        .as_ref()
        .map(Crs::label)
        .unwrap_or_else(|| "WGS84 longitude/latitude".to_string())
}

/// The villages of `rows` in WGS84: longitude/latitude put right way round when most rows
/// have them swapped, X/Y in metres turned to easting/northing, then converted; a row that
/// cannot be converted is rejected, with notes.
fn convert(
    table: &Oriented,
    rows: Vec<ListRow>,
    options: &VillageOptions,
    transformer: Option<&Transformer>,
    report: &mut ImportReport,
) -> Vec<Village> {
    let space = table.space;
    let swap = space == Space::Degrees && swapped_most(&rows, report);
    let system = system_label(options);
    let mut villages = Vec::with_capacity(rows.len());
    let (mut in_metres, mut turned) = (0usize, 0usize);
    let mut details: Vec<Msg> = Vec::new();
    let mut unconverted = |number: u64, why: Msg, report: &mut ImportReport| {
        report.reject(Reason::CoordinatesOutOfRange, number);
        if details.len() < DETAILED_VALUES {
            details.push(Msg::RowColumns {
                at: table.at,
                row: number,
                a: table.shown(Some(table.a_col)),
                b: table.shown(Some(table.b_col)),
                why: Box::new(why),
            });
        }
    };
    for ListRow {
        a,
        b,
        name,
        listed,
        facts,
        own,
        number,
    } in rows
    {
        let (x, y) = match space {
            Space::Degrees if swap => (b, a),
            Space::Degrees => (a, b),
            Space::Metres if a.abs() < 1000.0 || b.abs() < 1000.0 => {
                let (a, b, system) = (a.to_string(), b.to_string(), system.clone());
                unconverted(number, Msg::LookLikeDegrees { a, b, system }, report);
                continue;
            }
            Space::Metres => {
                in_metres += 1;
                let (e, n) = crs::easting_northing(a, b);
                turned += usize::from((e, n) != (a, b));
                (e, n)
            }
        };
        let converted = match (transformer, space) {
            (None, _) => Some((x, y)),
            (Some(_), Space::Degrees) if !is_lon_lat(x, y) => None,
            (Some(t), _) => t.to_wgs84(x, y),
        };
        let Some((lon, lat)) = converted.filter(|&(lon, lat)| is_lon_lat(lon, lat)) else {
            if space == Space::Metres {
                let (a, b, system) = (a.to_string(), b.to_string(), system.clone());
                unconverted(number, Msg::DoNotConvert { a, b, system }, report);
            } else {
                report.reject(Reason::CoordinatesOutOfRange, number);
            }
            continue;
        };
        let location = Point::new(lon, lat);
        villages.push(Village {
            name,
            location,
            record: number,
            listed,
            facts,
            own,
        });
        report.rows_used += 1;
    }
    for d in details {
        report.note(d);
    }
    match (&options.crs, transformer) {
        (Some(_), Some(_)) => report.note(Msg::ConvertedChosen { crs: system }),
        (Some(_), None) => report.note(Msg::ChosenWgs84),
        (None, _) => {}
    }
    note_turned(table, turned, in_metres, report);
    villages
}

/// True when most rows have longitude and latitude swapped (a latitude beyond ±90°
/// beside a longitude within it), with the note that says so.
fn swapped_most(rows: &[ListRow], report: &mut ImportReport) -> bool {
    let swapped = (rows.iter())
        .filter(|r| r.b.abs() > 90.0 && r.a.abs() <= 90.0)
        .count();
    let swap = swapped * 2 > rows.len();
    if swap {
        report.note(Msg::ListSwapped {
            swapped: swapped as u64,
            of: rows.len() as u64,
        });
    }
    swap
}

/// The note on X/Y values given northing first, turned to easting/northing.
fn note_turned(table: &Oriented, turned: usize, in_metres: usize, report: &mut ImportReport) {
    if turned > 0 {
        report.note(Msg::TurnedXY {
            turned: turned as u64,
            of: in_metres as u64,
            column: table.shown(Some(table.a_col)),
        });
    }
}
