//! The first rows of a user's file as a column chooser shows them, whatever the file.

use serde::Serialize;

/// A data row as text, with the number the user sees (CSV line, sheet row, record).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreviewRow {
    /// The row (sheet), line (CSV) or record (shapefile) number.
    pub number: u64,
    /// One text per column of the preview, as the file shows it.
    pub cells: Vec<String>,
}
