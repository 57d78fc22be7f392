//! The import report: what a load read, used and rejected, and why.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

pub use super::text::FIRST_LINES_KEPT;
use super::text::TextEncodingReport;
use crate::lang::Lang;
use crate::message::{Front, Listed, Msg, Number, Unit, sentence};

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
    pub fn msg(self) -> Msg {
        match self {
            Reason::MissingCoordinates => Msg::ReasonMissingCoordinates,
            Reason::CoordinatesOutOfRange => Msg::ReasonCoordinatesOutOfRange,
            Reason::MalformedRow => Msg::ReasonMalformedRow,
            Reason::UnknownTechnology => Msg::ReasonUnknownTechnology,
            Reason::MissingOrInvalidSignal => Msg::ReasonMissingOrInvalidSignal,
            Reason::UnknownOperator => Msg::ReasonUnknownOperator,
            Reason::BadTime => Msg::ReasonBadTime,
            Reason::NotServingCell => Msg::ReasonNotServingCell,
            Reason::BadGeometry => Msg::ReasonBadGeometry,
            Reason::BadDegrees => Msg::ReasonBadDegrees,
        }
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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Incomplete {
    /// Records kept (all before `stopped_at`).
    pub kept: u64,
    /// How many records the file says it has (the `.dbf` header), when it says.
    pub expected: Option<u64>,
    /// The record (1-based) that could not be read.
    pub stopped_at: u64,
    /// Why that record could not be read (said in the warning and the report's notes).
    #[serde(skip)]
    pub cause: Msg,
}

/// What one file's load did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub file: PathBuf,
    /// The format it was read as, e.g. "G-NetTrack", "phusong samples CSV", "ESRI shapefile".
    pub format: Msg,
    /// The sheet of a workbook the rows come from; their numbers are then sheet rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rejected: BTreeMap<Reason, Rejections>,
    /// Things the user should know that did not cost a row: assumptions made, columns chosen,
    /// latitude and longitude found swapped, rows repaired.
    pub notes: Vec<Msg>,
    /// How the layer's text was decoded, for files with text in an encoding (shapefile
    /// attributes, village lists): the encoding, where it came from, the choices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_encoding: Option<TextEncodingReport>,
    /// Set when reading stopped before the end of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<Incomplete>,
}

impl ImportReport {
    pub fn new(file: impl Into<PathBuf>, format: impl Into<Msg>) -> Self {
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

    /// Adds a note; it is shown as a sentence (capital first letter, final full stop).
    pub fn note(&mut self, note: impl Into<Msg>) {
        self.notes.push(note.into());
    }

    /// The notes in English for the command line, each a sentence (what tests and logs read).
    pub fn notes_en(&self) -> Vec<String> {
        self.note_texts(Lang::En, Front::CommandLine)
    }

    /// The notes in `lang`, each a sentence.
    pub fn note_texts(&self, lang: Lang, front: Front) -> Vec<String> {
        self.notes
            .iter()
            .map(|n| sentence(&n.text(lang, front)))
            .collect()
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

impl ImportReport {
    /// What a row number counts in this file: sheet rows, shapefile records, or lines.
    pub fn row_unit(&self) -> Unit {
        if self.sheet.is_some() {
            Unit::Row
        } else if matches!(self.format, Msg::FormatShpPoints | Msg::FormatShpPolygons) {
            Unit::Record
        } else {
            Unit::Line
        }
    }

    /// The format, with the sheet a workbook's rows come from.
    pub fn format_text(&self, lang: Lang, front: Front) -> String {
        match &self.sheet {
            Some(sheet) => Msg::ReportSheet {
                format: Box::new(self.format.clone()),
                sheet: sheet.clone(),
            }
            .text(lang, front),
            None => self.format.text(lang, front),
        }
    }

    /// One line for the counts ("…: 122 rows read, 122 used, 0 rejected"), then a line per
    /// reason rows were rejected, where reading stopped, and the notes.
    pub fn text(&self, lang: Lang, front: Front) -> String {
        let mut out = Msg::ReportHeader {
            file: self.file.display().to_string(),
            format: Box::new(Msg::Verbatim {
                text: self.format_text(lang, front),
            }),
            read: Number(self.rows_read),
            used: Number(self.rows_used),
            rejected: Number(self.rows_rejected()),
        }
        .text(lang, front);
        out.push('\n');
        for line in self.detail_lines(lang, front) {
            out.push_str("  ");
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// The rejected rows by reason, where reading stopped, and the notes, a line each.
    pub fn detail_lines(&self, lang: Lang, front: Front) -> Vec<String> {
        let mut lines = Vec::new();
        for (reason, r) in &self.rejected {
            let mut first: Vec<String> = r.first_lines.iter().map(u64::to_string).collect();
            if r.count > r.first_lines.len() as u64 {
                first.push("…".into());
            }
            lines.push(
                Msg::ReportRejected {
                    n: Number(r.count),
                    why: Box::new(reason.msg()),
                    at: Listed {
                        unit: self.row_unit(),
                        n: 1,
                    },
                    first: first.join(", "),
                }
                .text(lang, front),
            );
        }
        if let Some(i) = &self.incomplete {
            lines.push(sentence(
                &Msg::ReportIncomplete {
                    stopped_at: i.stopped_at,
                    kept: i.kept,
                    cause: Box::new(i.cause.clone()),
                }
                .text(lang, front),
            ));
        }
        let note = Msg::ReportNote.text(lang, front);
        for n in self.note_texts(lang, front) {
            lines.push(format!("{note}: {n}"));
        }
        lines
    }
}

/// In English for the command line; [`ImportReport::text`] in the user's language.
impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En, Front::CommandLine))
    }
}
