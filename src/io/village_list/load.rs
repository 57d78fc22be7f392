//! Loading a village list: read the file, orient its table, convert the coordinates, report.

use std::path::Path;

use geo::Point;

use super::cells::Space;
use super::cells::{Form, read_value};
use super::guessing::{guess, system_guesses};
use super::header::{is_heading_text, is_numbering_row, is_repeated_header, lay_out};
use super::read_tables;
use super::words::{Said, column_text, unsure};
use crate::crs::{self, Crs, Transformer};
use crate::error::{Error, Result};
use crate::io::degrees::Axis;
use crate::io::report::{ImportReport, Reason};
use crate::io::table::Row;
use crate::io::text::{self, Damage, DamagedText, TextEncoding};
use crate::io::village_layer::{VillageLayer, VillageOptions, finish};
use crate::message::{self, AdminUnit, CoordinateForms, Listed, ListedRoles, Msg, Unit};
use crate::model::{ListedUnits, Village, is_lon_lat};

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
    finish(path, villages, report)
}
