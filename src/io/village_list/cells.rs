//! Reading one cell as a coordinate: degrees in any of the usual forms, or metres.

use super::roles::{Mapping, Role};
use crate::crs::Crs;
use crate::error::Result;
use crate::fold::fold_letters;
use crate::io::degrees::{Axis, DegreesError, parse_degrees};
use crate::io::report::Reason;
use crate::io::table::{Cell, Row};
use crate::io::village_layer::VillageOptions;
use crate::message::Msg;

/// What the values of a column look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) const KIND_ROWS: usize = 200;

pub(super) fn kind_of(rows: &[Row], column: usize) -> Kind {
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
pub(super) enum Form {
    Number,
    Decimal,
    DecimalComma,
    Sexagesimal,
    Time,
}

pub(super) struct Coordinate {
    pub(super) value: f64,
    pub(super) axis: Option<Axis>,
    pub(super) form: Form,
}

/// A coordinate from a cell: a number, a time (Excel makes `22:39:50` typed into a cell a
/// time; its hours are the degrees), or text read by [`parse_degrees`]. `NaN` and
/// `inf` are kept as numbers so that the range check names them.
pub(super) fn read_coordinate(cell: &Cell) -> Result<Coordinate, DegreesError> {
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
pub(super) enum MetresError {
    Empty,
    NotANumber,
}

/// A projected coordinate in metres from a cell: a number, or text with a decimal point or
/// comma and maybe thousands separators (`2470123.45`, `2470123,45`, `2.470.123,45`,
/// `2,470,123.45`, `2 470 123,45`, with no-break spaces too) and a final `m`.
pub(super) fn read_metres(cell: &Cell) -> Result<f64, MetresError> {
    match cell {
        Cell::Empty => Err(MetresError::Empty),
        Cell::Number(v) => Ok(*v),
        Cell::Time(_) => Err(MetresError::NotANumber),
        Cell::Text(t) => parse_metres(t),
    }
}

pub(super) fn parse_metres(text: &str) -> Result<f64, MetresError> {
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

/// A coordinate cell read as the space wants it, or why it cannot be: the reason for the
/// report and the words for the cell.
pub(super) fn read_value(cell: &Cell, space: Space) -> Result<Coordinate, (Reason, Box<Msg>)> {
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

pub(super) fn reason_of(e: &DegreesError) -> Reason {
    match e {
        DegreesError::Empty | DegreesError::NotANumber => Reason::MissingCoordinates,
        _ => Reason::BadDegrees,
    }
}

/// What the coordinate columns hold, by the system the options choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Space {
    /// Longitude and latitude in degrees (WGS84, or VN-2000 when chosen).
    Degrees,
    /// Projected X and Y in metres (a projected system was chosen).
    Metres,
}

impl Space {
    pub(super) fn of(options: &VillageOptions) -> Space {
        if options.crs.as_ref().is_some_and(Crs::is_projected) {
            Space::Metres
        } else {
            Space::Degrees
        }
    }

    /// The roles of the first and second coordinate columns.
    pub(super) fn roles(self) -> (Role, Role) {
        match self {
            Space::Degrees => (Role::Longitude, Role::Latitude),
            Space::Metres => (Role::ProjectedX, Role::ProjectedY),
        }
    }

    /// The columns the coordinates are read from, when both are known.
    pub(super) fn pair(self, mapping: &Mapping) -> Option<(usize, usize)> {
        let (a, b) = self.roles();
        Some((mapping.get(a)?, mapping.get(b)?))
    }
}
