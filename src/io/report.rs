//! The import report: what a load read, used and rejected, and why.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::text::TextEncodingReport;

/// How many first line numbers a report keeps for each reason.
pub const FIRST_LINES_KEPT: usize = 5;

/// Why a row was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Longitude or latitude empty or not a number.
    MissingCoordinates,
    /// NaN, infinite, or outside -180..180 / -90..90.
    CoordinatesOutOfRange,
    /// The row has fewer fields than the header, or cannot be split into fields.
    MalformedRow,
    /// A technology name phusong does not know.
    UnknownTechnology,
    /// A row on a technology with no signal value, or a value no phone reports
    /// (G-NetTrack's -340, -200, -164 and friends).
    MissingOrInvalidSignal,
    /// MCC-MNC missing or not readable.
    UnknownOperator,
    /// A time that cannot be read.
    BadTime,
    /// A neighbour-cell row: only the serving cell is a sample.
    NotServingCell,
    /// A geometry that is empty or not the kind this layer needs.
    BadGeometry,
    /// Degrees, minutes and seconds that cannot be right: 60 or more minutes or seconds, a
    /// hemisphere letter of the other axis, two coordinates in one cell.
    BadDegrees,
}

impl Reason {
    /// The reason in a user's words, with what to do about it.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::MissingCoordinates => "no longitude/latitude (empty or not a number)",
            Reason::CoordinatesOutOfRange => {
                "coordinates out of range (NaN, or not within -180..180 / -90..90); check the lon/lat columns"
            }
            Reason::MalformedRow => "malformed row (wrong number of fields)",
            Reason::UnknownTechnology => "unknown technology name",
            Reason::MissingOrInvalidSignal => "signal missing or not a real measurement",
            Reason::UnknownOperator => "operator (MCC-MNC) missing or unreadable",
            Reason::BadTime => "time not readable",
            Reason::NotServingCell => "neighbour cell, not the serving cell",
            Reason::BadGeometry => "empty or wrong geometry",
            Reason::BadDegrees => {
                "degrees-minutes-seconds that cannot be right (60 or more minutes or seconds, a hemisphere letter of the other axis); correct the cells"
            }
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Rows rejected for one reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rejections {
    pub count: u64,
    /// The first few line numbers (1-based, as a text editor shows them; for shapefiles the
    /// record number).
    pub first_lines: Vec<u64>,
}

/// A layer read only in part: reading stopped at a damaged record and the records before it
/// were kept. Shown beside the headline, in the report's parameters sheet and in
/// `summary.json`, since the figures then cover only part of the area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Incomplete {
    /// Records kept (all before `stopped_at`).
    pub kept: u64,
    /// How many records the file says it has (the `.dbf` header), when it says.
    pub expected: Option<u64>,
    /// The record (1-based) that could not be read.
    pub stopped_at: u64,
    /// Why that record could not be read.
    pub cause: String,
}

/// What one file's load did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub file: PathBuf,
    /// The format it was read as, e.g. "G-NetTrack", "phusong samples CSV", "ESRI shapefile".
    pub format: String,
    /// The sheet of a workbook the rows come from; their numbers are then sheet rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rejected: BTreeMap<Reason, Rejections>,
    /// Things the user should know that did not cost a row: assumptions made, columns chosen,
    /// latitude and longitude found swapped, rows repaired.
    pub notes: Vec<String>,
    /// How the layer's text was decoded, for files with text in an encoding (shapefile
    /// attributes, village lists): the encoding, where it came from, the choices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_encoding: Option<TextEncodingReport>,
    /// Set when reading stopped before the end of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<Incomplete>,
}

impl ImportReport {
    pub fn new(file: impl Into<PathBuf>, format: impl Into<String>) -> Self {
        ImportReport {
            file: file.into(),
            format: format.into(),
            ..Default::default()
        }
    }

    /// Counts one rejected row at `line`.
    pub fn reject(&mut self, reason: Reason, line: u64) {
        let r = self.rejected.entry(reason).or_default();
        r.count += 1;
        if r.first_lines.len() < FIRST_LINES_KEPT {
            r.first_lines.push(line);
        }
    }

    /// Adds a note, written as a sentence (capital first letter, final full stop).
    pub fn note(&mut self, text: impl Into<String>) {
        let text: String = text.into();
        let mut chars = text.chars();
        let mut sentence: String = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => return,
        };
        if !sentence.ends_with(['.', '!', '?']) {
            sentence.push('.');
        }
        self.notes.push(sentence);
    }

    pub fn rows_rejected(&self) -> u64 {
        self.rejected.values().map(|r| r.count).sum()
    }

    /// Adds another report of the same file (one chunk of a file read in parallel); line
    /// numbers stay in order when chunks are merged in file order.
    pub fn merge(&mut self, other: ImportReport) {
        self.rows_read += other.rows_read;
        self.rows_used += other.rows_used;
        for (reason, r) in other.rejected {
            let mine = self.rejected.entry(reason).or_default();
            mine.count += r.count;
            for line in r.first_lines {
                if mine.first_lines.len() < FIRST_LINES_KEPT {
                    mine.first_lines.push(line);
                }
            }
        }
        self.notes.extend(other.notes);
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sheet = self
            .sheet
            .as_ref()
            .map(|s| format!(", sheet \"{s}\""))
            .unwrap_or_default();
        let line_word = if self.sheet.is_some() { "row" } else { "line" };
        writeln!(
            f,
            "{} ({}{sheet}): {} rows read, {} used, {} rejected",
            self.file.display(),
            self.format,
            self.rows_read,
            self.rows_used,
            self.rows_rejected()
        )?;
        for (reason, r) in &self.rejected {
            let lines: Vec<String> = r.first_lines.iter().map(u64::to_string).collect();
            let more = if r.count > r.first_lines.len() as u64 {
                ", …"
            } else {
                ""
            };
            writeln!(
                f,
                "  {} × {} ({line_word} {}{more})",
                r.count,
                reason,
                lines.join(", ")
            )?;
        }
        if let Some(i) = &self.incomplete {
            writeln!(
                f,
                "  reading stopped at record {}, the {} records before it were kept: {}",
                i.stopped_at, i.kept, i.cause
            )?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}
