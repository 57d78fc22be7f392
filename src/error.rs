//! Errors that name the file, the row and what the user can do, put into words only when
//! shown (see [`crate::message`]).

use std::path::{Path, PathBuf};

use crate::lang::Lang;
use crate::message::{Front, Msg, full_stop, sentence};

/// Everything that can stop a load, an analysis or an export.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened, read or written.
    #[error("{}", self.text(Lang::En, Front::CommandLine))]
    Io {
        path: PathBuf,
        cause: std::io::Error,
        /// Writing (an output, a project) rather than reading: the remedy differs.
        writing: bool,
    },

    /// The file was read but its content cannot be used.
    #[error("{}", self.text(Lang::En, Front::CommandLine))]
    Content {
        path: PathBuf,
        line: Option<u64>,
        // Boxed: a message can be large, and every `Result` of the engine carries this.
        problem: Box<Msg>,
        remedy: Box<Msg>,
    },

    /// A signal log whose columns could not all be told: the roles without a column and the
    /// columns seen. (Its message names the command-line flags; the window says it in its
    /// own words and asks for the columns.)
    #[error("{0}")]
    SampleColumns(Box<crate::sample_roles::MissingColumns>),

    /// The user cancelled the work.
    #[error("cancelled")]
    Cancelled,

    /// A parameter or option that cannot be used.
    #[error("{}", self.text(Lang::En, Front::CommandLine))]
    Usage(Box<Msg>),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            cause: source,
            writing: false,
        }
    }

    /// A file or folder that could not be written.
    pub fn io_write(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            cause: source,
            writing: true,
        }
    }

    /// A parameter or option that cannot be used.
    pub fn usage(msg: Msg) -> Self {
        Error::Usage(Box::new(msg))
    }

    /// What is wrong, without the file and the remedy (for a message that names the file
    /// itself).
    pub fn problem(&self) -> Msg {
        match self {
            Error::Io { cause, .. } => io_words(cause),
            Error::Content { problem, .. } => (**problem).clone(),
            Error::Usage(m) => (**m).clone(),
            Error::SampleColumns(m) => Msg::from(m.to_string()),
            Error::Cancelled => Msg::Cancelled,
        }
    }

    /// The file the error is about, when it is about one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::Io { path, .. } | Error::Content { path, .. } => Some(path),
            Error::SampleColumns(m) => Some(&m.path),
            Error::Cancelled | Error::Usage(_) => None,
        }
    }

    /// A problem with a file's content as a whole (no particular line).
    pub fn content(path: &Path, problem: impl Into<Msg>, remedy: impl Into<Msg>) -> Self {
        Error::Content {
            path: path.to_path_buf(),
            line: None,
            problem: Box::new(problem.into()),
            remedy: Box::new(remedy.into()),
        }
    }

    /// A problem at one line (or record) of a file.
    pub fn at_line(
        path: &Path,
        line: u64,
        problem: impl Into<Msg>,
        remedy: impl Into<Msg>,
    ) -> Self {
        Error::Content {
            path: path.to_path_buf(),
            line: Some(line),
            problem: Box::new(problem.into()),
            remedy: Box::new(remedy.into()),
        }
    }

    /// The error in `lang`, as `front` shows it: the file (and line), what is wrong, and
    /// what to do.
    pub fn text(&self, lang: Lang, front: Front) -> String {
        match self {
            Error::Io {
                path,
                cause,
                writing,
            } => {
                let what = io_words(cause);
                let remedy = if *writing {
                    Msg::RemedyWrite
                } else {
                    Msg::RemedyIo
                };
                format!(
                    "{}: {} {}",
                    path.display(),
                    full_stop(&what.text(lang, front)),
                    remedy.text(lang, front)
                )
            }
            Error::Content {
                path,
                line,
                problem,
                remedy,
            } => {
                let at = match (line, lang) {
                    (Some(l), Lang::Vi) => format!(", dòng {l}"),
                    (Some(l), Lang::En) => format!(", line {l}"),
                    (None, _) => String::new(),
                };
                let remedy = remedy.text(lang, front);
                format!(
                    "{}{at}: {} {}",
                    path.display(),
                    full_stop(&problem.text(lang, front)),
                    remedy
                )
                .trim_end()
                .to_string()
            }
            Error::SampleColumns(m) => match front {
                Front::Window => lang.texts().sample_columns_error(m),
                Front::CommandLine => m.to_string(),
            },
            Error::Cancelled => sentence(&Msg::Cancelled.text(lang, front)),
            Error::Usage(m) => sentence(&m.text(lang, front)),
        }
    }
}

/// An operating system's error in the user's words (its own text is English, or the
/// system's language, and says "os error 2").
fn io_words(cause: &std::io::Error) -> Msg {
    use std::io::ErrorKind as K;
    match cause.kind() {
        K::NotFound => Msg::IoNotFound,
        K::PermissionDenied => Msg::IoDenied,
        K::IsADirectory => Msg::IoIsFolder,
        _ => {
            let text = cause.to_string();
            // "Broken pipe (os error 32)" → "Broken pipe": the number helps nobody.
            let why = match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            Msg::IoOther { why }
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
