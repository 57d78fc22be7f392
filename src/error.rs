//! Errors that name the file, the row and what the user can do.

use std::path::{Path, PathBuf};

/// Everything that can stop a load, an analysis or an export.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened, read or written.
    /// (The I/O error is part of the message, so it is not a `source` to print twice.)
    #[error("{}: {cause}. Check that the file exists, is not open in another program and that you may read it.", path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },

    /// The file was read but its content cannot be used.
    #[error("{}{}: {problem}. {remedy}", path.display(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Content {
        path: PathBuf,
        line: Option<u64>,
        problem: String,
        remedy: String,
    },

    /// A signal log whose columns could not all be told: the roles without a column and the
    /// columns seen. (Its message names the command-line flags; the window says it in its
    /// own words and asks for the columns.)
    #[error("{0}")]
    SampleColumns(Box<crate::io::samples::MissingColumns>),

    /// The user cancelled the work.
    #[error("cancelled")]
    Cancelled,

    /// A parameter or option that cannot be used.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            cause: source,
        }
    }

    /// A problem with a file's content as a whole (no particular line).
    pub fn content(path: &Path, problem: impl Into<String>, remedy: impl Into<String>) -> Self {
        Error::Content {
            path: path.to_path_buf(),
            line: None,
            problem: problem.into(),
            remedy: remedy.into(),
        }
    }

    /// A problem at one line (or record) of a file.
    pub fn at_line(
        path: &Path,
        line: u64,
        problem: impl Into<String>,
        remedy: impl Into<String>,
    ) -> Self {
        Error::Content {
            path: path.to_path_buf(),
            line: Some(line),
            problem: problem.into(),
            remedy: remedy.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
