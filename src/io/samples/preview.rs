//! What the column chooser and `inspect-samples` show of a sample log before it is read.

use std::path::{Path, PathBuf};

use super::columns::{SampleColumns, SampleMapping, guess};
use super::detect::Detected;
use super::{SampleFormat, decode_utf16, strip_bom};
use crate::error::{Error, Result};
use crate::io::preview::PreviewRow;
use crate::sample_roles::{MissingColumns, SampleRole};

/// How many data rows a [`SamplePreview`] shows.
pub const PREVIEW_ROWS: usize = 20;

/// What the column chooser and `inspect-samples` show of a sample log: its format, columns,
/// first rows and the columns phusong would use.
#[derive(Clone, Debug, PartialEq)]
pub struct SamplePreview {
    pub file: PathBuf,
    /// The format that claims the file; `None` when none does yet (columns are missing).
    pub format: Option<SampleFormat>,
    /// The header's line (1-based).
    pub header_line: u64,
    /// The header's column names as written.
    pub columns: Vec<String>,
    /// The first data rows, split into fields.
    pub rows: Vec<PreviewRow>,
    /// The columns phusong would use (for a log read by its column names).
    pub guess: SampleMapping,
    /// The signal column of each generation, when the log has several signal columns.
    pub signal_by_generation: [Option<usize>; 4],
    /// Required roles without a column; empty when the log can be read.
    pub missing: Vec<SampleRole>,
    /// Columns the user named that the header does not have.
    pub not_found: Vec<(SampleRole, String)>,
}

impl SamplePreview {
    /// Whether the columns are found by name (the phusong CSV or any named-column CSV), so
    /// that the roles and the chooser apply; the phone apps' logs have their own layout.
    pub fn by_names(&self) -> bool {
        matches!(
            self.format,
            None | Some(SampleFormat::Phusong | SampleFormat::NamedColumns)
        )
    }

    /// The options that read the log with `mapping`: `base` with the roles whose column
    /// differs from the guess. (A role left as guessed keeps the guess's rules, e.g. the
    /// signal column of each technology.)
    pub fn options(&self, mapping: &SampleMapping, base: &SampleColumns) -> SampleColumns {
        let mut options = base.clone();
        for role in SampleRole::ALL {
            let chosen = mapping.get(role);
            if chosen != self.guess.get(role) {
                options.set(role, chosen.and_then(|i| self.columns.get(i)).cloned());
            }
        }
        options
    }

    /// `"timestamp" (1)`: a column as the chooser names it.
    pub fn column_text(&self, column: usize) -> String {
        match self.columns.get(column) {
            Some(name) => format!("\"{name}\" ({})", column + 1),
            None => format!("({})", column + 1),
        }
    }

    /// The error that loading the log with these columns gives.
    pub fn error(&self) -> MissingColumns {
        MissingColumns {
            path: self.file.clone(),
            line: self.header_line,
            missing: self.missing.clone(),
            not_found: self.not_found.clone(),
            columns: self.columns.clone(),
        }
    }
}

/// Bytes read for a preview: enough for a header and its first rows.
const PREVIEW_BYTES: u64 = 256 * 1024;

/// The preview of the sample log at `path`, read with `options`.
pub fn preview_samples(path: &Path, options: &SampleColumns) -> Result<SamplePreview> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(PREVIEW_BYTES).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    let decoded = decode_utf16(&head).map(String::into_bytes);
    let text = strip_bom(decoded.as_deref().unwrap_or(&head));
    let (format, header) = match super::detect::detect(text) {
        Detected::Format(f, h) => (Some(f), h),
        Detected::Partial(h) => (None, h),
        // Headings nobody would guess, but the user named columns.
        Detected::Unrecognised { header, .. } if !options.is_empty() => (None, header),
        Detected::Empty | Detected::Unrecognised { .. } => {
            return Err(Error::content(
                path,
                crate::message::Msg::NotLogByColumns,
                super::understood(),
            ));
        }
    };
    let g = guess(&header, options);
    let format = match format {
        Some(SampleFormat::Phusong | SampleFormat::NamedColumns) | None if g.missing.is_empty() => {
            Some(format.unwrap_or(SampleFormat::NamedColumns))
        }
        Some(SampleFormat::Phusong | SampleFormat::NamedColumns) | None => None,
        other => other,
    };
    let body = text.get(header.data_start..).unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(header.delimiter)
        .comment(Some(b'#'))
        .from_reader(body);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    while rows.len() < PREVIEW_ROWS {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line()) + header.line;
                rows.push(PreviewRow {
                    number: line,
                    cells: record.iter().map(|c| c.trim().to_string()).collect(),
                });
            }
            // A cut last line of the preview's bytes, or the end.
            _ => break,
        }
    }
    let header_line = if header.line == 0 { 1 } else { header.line };
    Ok(SamplePreview {
        file: path.to_path_buf(),
        format,
        header_line,
        columns: header.names.clone(),
        rows,
        guess: g.mapping,
        signal_by_generation: g.signal.by_generation,
        missing: g.missing,
        not_found: g.not_found,
    })
}
