//! Signal logs: the phusong samples CSV and the exports of the phone apps survey teams use,
//! told apart by their first lines (never by the file name).
//!
//! | format | recognised by (each format has its own module) |
//! |---|---|
//! | phusong CSV | `lon,lat,operator,technology,signal_dbm[,time]`, any order |
//! | CSV with named columns | any header that names longitude, latitude, operator (or MCC and MNC), technology and signal in the usual spellings, or with the columns the user names (see the `columns` module) |
//! | G-NetTrack Pro/Lite | `Timestamp`, `Longitude`, `Latitude`, `NetworkTech`/`NetworkMode`, `Level`/`RSRP` |
//! | Network Survey | `deviceTime`, `latitude`, `longitude`, `mcc`, `mnc`, `servingCell` + `signalStrength`/`rscp`/`rsrp`/`ssRsrp` |
//! | TowerCollector | `mcc,mnc,…,cell_id,…,dbm,…,lat,lon,…,measured_at,net_type,neighboring…`, or its OpenCellID upload layout (`…,act,devn`) |
//! | Network Cell Info | `mcc,mnc,lac,cellid,lat,lon,signal,measured_at,…,act,…` (or `Latitude,Longitude,RSRP,Timestamp,NetworkType`) |
//! | CellMapper | no header: `lat,lon,alt,mcc,mnc,lac,cid,signal,type,subtype,arfcn,pci` |
//!
//! The same rules hold for every format:
//! - Line numbers in the import report are 1-based and count every line, the header and
//!   blank lines included, as a text editor does.
//! - A row without a longitude or latitude (empty, `-`, not a number) is
//!   [`Reason::MissingCoordinates`](crate::io::report::Reason::MissingCoordinates); NaN, infinite or out of -180..180 / -90..90 is
//!   [`Reason::CoordinatesOutOfRange`](crate::io::report::Reason::CoordinatesOutOfRange). In the phone apps' logs (not the phusong CSV) `0,0`
//!   is "no GPS fix yet" and counts as missing.
//! - When most rows have |latitude| > 90 and |longitude| <= 90, the file's columns are
//!   swapped: every row is read the other way round and the report notes it.
//! - A "no service" row is a sample with [`Technology::NoService`](crate::model::Technology::NoService) and a NaN signal. A row on a
//!   generation needs a signal between -160 and -20 dBm (inclusive): anything else (empty,
//!   `-`, G-NetTrack's -340/-200/-164, Android's 2147483647, 0) is
//!   [`Reason::MissingOrInvalidSignal`](crate::io::report::Reason::MissingOrInvalidSignal).
//! - An unknown technology name is [`Reason::UnknownTechnology`](crate::io::report::Reason::UnknownTechnology); an unreadable MCC-MNC
//!   [`Reason::UnknownOperator`](crate::io::report::Reason::UnknownOperator) (except on a no-service row, which may lack one: it is kept
//!   under [`Operator::UNKNOWN`](crate::model::Operator::UNKNOWN)); neighbour-cell rows are [`Reason::NotServingCell`](crate::io::report::Reason::NotServingCell).
//! - A time that cannot be read does not cost the row: the sample has no time
//!   ([`NO_TIME`](crate::model::NO_TIME)) and the report notes how many and the first line.
//! - A UTF-8 byte-order mark, CRLF line ends, blank lines and `#` comment lines before the
//!   header are fine; UTF-16 text is decoded.
//! - An empty file, a header nobody recognises, or a binary file is an error that lists the
//!   formats phusong reads. A header that names some of a log's columns but not all (or a
//!   column the user named that is not there) is [`Error::SampleColumns`]: the roles without
//!   a column and the columns seen.
//!
//! Files of 16 MiB and more are memory-mapped, never copied into a `String`; on Linux the
//! pages already read are handed back as the read goes, so memory stays at the samples (40
//! bytes each) plus the chunks in flight. The phusong CSV is read in parallel chunks (see
//! the `phusong` module); the apps' logs row by row with the csv crate.

mod cellmapper;
mod columns;
mod common;
mod detect;
mod gnettrack;
mod header;
mod network_cell_info;
mod network_survey;
mod phusong;
mod preview;
mod towercollector;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};
use crate::io::report::ImportReport;
use crate::message::Msg;
use crate::model::Sample;
use crate::progress::Progress;

pub use columns::{MissingColumns, SampleColumns, SampleMapping, SampleRole};
use common::Input;
use detect::Detected;
use header::Header;
pub use preview::{PREVIEW_ROWS, SamplePreview, preview_samples};

/// The samples of one file and what the load did.
#[derive(Clone, Debug, Default)]
pub struct SampleFile {
    /// In file order.
    pub samples: Vec<Sample>,
    pub report: ImportReport,
}

/// The sample-log formats phusong reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SampleFormat {
    /// The project's own CSV: `lon,lat,operator,technology,signal_dbm,time`.
    Phusong,
    /// Any other CSV whose header names the columns (`timestamp,lon,lat,operator,mcc,mnc,
    /// tech,signal_dbm`, …), or whose columns the user named.
    NamedColumns,
    /// G-NetTrack Pro / Lite logs (TAB-separated, or comma-separated exports).
    GNetTrack,
    /// Network Survey's per-technology CSV files.
    NetworkSurvey,
    /// TowerCollector's CSV export.
    TowerCollector,
    /// Network Cell Info (Lite) CSV export.
    NetworkCellInfo,
    /// CellMapper's CSV export (no header).
    CellMapper,
}

impl SampleFormat {
    pub const ALL: [SampleFormat; 7] = [
        SampleFormat::Phusong,
        SampleFormat::NamedColumns,
        SampleFormat::GNetTrack,
        SampleFormat::NetworkSurvey,
        SampleFormat::TowerCollector,
        SampleFormat::NetworkCellInfo,
        SampleFormat::CellMapper,
    ];

    /// The name users know the format by (also the import report's `format`).
    pub const fn name(self) -> &'static str {
        match self {
            SampleFormat::Phusong => "phusong samples CSV",
            SampleFormat::NamedColumns => "CSV with named columns",
            SampleFormat::GNetTrack => "G-NetTrack",
            SampleFormat::NetworkSurvey => "Network Survey CSV",
            SampleFormat::TowerCollector => "TowerCollector CSV",
            SampleFormat::NetworkCellInfo => "Network Cell Info export",
            SampleFormat::CellMapper => "CellMapper CSV",
        }
    }

    /// The format's name in an import report.
    pub fn msg(self) -> crate::message::Msg {
        use crate::message::Msg;
        match self {
            SampleFormat::Phusong => Msg::FormatPhusongCsv,
            SampleFormat::NamedColumns => Msg::FormatNamedColumns,
            other => Msg::FormatNamed {
                name: other.name().to_string(),
            },
        }
    }

    /// How to get such a file, in a few words for error messages.
    pub const fn hint(self) -> &'static str {
        match self {
            SampleFormat::Phusong => "header lon,lat,operator,technology,signal_dbm,time",
            SampleFormat::NamedColumns => {
                "a header naming longitude, latitude, operator (or MCC and MNC), technology and \
                 signal columns, e.g. timestamp,lon,lat,operator,mcc,mnc,tech,signal_dbm"
            }
            SampleFormat::GNetTrack => {
                "the Pro or Lite log files, TAB- or comma-separated, with their header"
            }
            SampleFormat::NetworkSurvey => "the GSM, UMTS, LTE or NR CSV files",
            SampleFormat::TowerCollector => "Export > CSV",
            SampleFormat::NetworkCellInfo => "the CSV export of the measurement log",
            SampleFormat::CellMapper => "the CSV export of recorded points, which has no header",
        }
    }
}

impl fmt::Display for SampleFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Files at least this big are memory-mapped instead of read.
const MAP_FROM_BYTES: u64 = 16 << 20;

/// Detects the format from the file's first lines (header) and reads it.
///
/// Advances `progress` by the bytes read, the file's size in all (the caller sets the total,
/// e.g. the sum of the sizes of the files it loads), and returns [`Error::Cancelled`] soon
/// after it is cancelled.
pub fn load_samples(path: &Path, progress: &Progress) -> Result<SampleFile> {
    load_samples_with(path, &SampleColumns::default(), progress)
}

/// [`load_samples`] with the columns the user named for logs read by their column names.
pub fn load_samples_with(
    path: &Path,
    columns: &SampleColumns,
    progress: &Progress,
) -> Result<SampleFile> {
    crate::io::paths::check_regular(path)?;
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len >= MAP_FROM_BYTES {
        // SAFETY: the mapping is read-only and lives only during this call. If another
        // program truncates or rewrites the file meanwhile, the read can see changed bytes
        // (or fault on a truncated tail); that is the accepted cost of not copying
        // gigabyte-sized logs, and the user was told not to edit files while they load.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            #[cfg(unix)]
            let _ = map.advise(memmap2::Advice::WillNeed);
            let release = |part: &[u8]| release_pages(&map, part);
            let input = Input {
                path,
                progress,
                release: &release,
                chunk_bytes: common::CHUNK_BYTES,
                columns,
            };
            return read_bytes(input, &map);
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let input = Input {
        columns,
        ..Input::new(path, progress)
    };
    read_bytes(input, &bytes)
}

/// Hands the pages of `part` (a slice of `map` that has been read) back to the page cache,
/// so that the mapping of a big file is never resident whole: memory stays at the samples
/// plus the chunks being read.
fn release_pages(map: &memmap2::Mmap, part: &[u8]) {
    #[cfg(target_os = "linux")]
    {
        let offset = (part.as_ptr() as usize).wrapping_sub(map.as_ptr() as usize);
        if offset <= map.len() && part.len() <= map.len() - offset && !part.is_empty() {
            // SAFETY: `map` is a read-only, shared mapping of a file. On Linux, MADV_DONTNEED
            // on such a mapping only drops the page-table entries: the next read of those
            // bytes faults the same file pages back in from the page cache, so every slice
            // borrowed from the mapping keeps its contents (the hazard the flag is unsafe for,
            // zero-filled pages, concerns private and anonymous mappings only).
            let _ = unsafe {
                map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, offset, part.len())
            };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (map, part);
}

/// The same as [`load_samples`] from text already in memory (tests, drag-and-drop); `name`
/// is used in the report and in messages.
pub fn read_samples_str(name: &Path, text: &str) -> Result<SampleFile> {
    read_samples_str_with(name, text, &SampleColumns::default())
}

/// [`read_samples_str`] with the columns the user named.
pub fn read_samples_str_with(
    name: &Path,
    text: &str,
    columns: &SampleColumns,
) -> Result<SampleFile> {
    let progress = Progress::new();
    progress.set_total(text.len() as u64);
    let input = Input {
        columns,
        ..Input::new(name, &progress)
    };
    read_bytes(input, text.as_bytes())
}

/// The format of a file from its first bytes, or `None` when none fits. (A few kilobytes
/// are enough; the header must be complete.) A header that names some of a log's columns
/// but not all is [`SampleFormat::NamedColumns`]: loading it asks for the others.
pub fn detect_format(bytes: &[u8]) -> Option<SampleFormat> {
    let text = match decode_utf16(bytes) {
        Some(t) => std::borrow::Cow::Owned(t.into_bytes()),
        None => std::borrow::Cow::Borrowed(bytes),
    };
    match detect::detect(strip_bom(&text)) {
        Detected::Format(format, _) => Some(format),
        Detected::Partial(_) => Some(SampleFormat::NamedColumns),
        _ => None,
    }
}

/// Reads a whole file's bytes.
pub(crate) fn read_bytes(input: Input<'_>, bytes: &[u8]) -> Result<SampleFile> {
    let Input { path, progress, .. } = input;
    if let Some(text) = decode_utf16(bytes) {
        return read_bytes(input, text.as_bytes());
    }
    if let Some(kind) = compressed(bytes) {
        return Err(Error::content(
            path,
            Msg::Archive { kind: kind.into() },
            Msg::RemedyUnpack,
        ));
    }
    let text = strip_bom(bytes);
    if looks_binary(&text[..text.len().min(8192)]) {
        return Err(Error::content(path, Msg::BinaryFile, understood()));
    }
    if let Some(line) = common::long_header_line(text) {
        return Err(common::line_too_long(path, line));
    }
    match detect::detect(text) {
        Detected::Empty => Err(Error::content(path, Msg::EmptyLog, understood())),
        Detected::Partial(header) => {
            progress.advance((bytes.len() - text.len()) as u64);
            phusong::read(input, text, &header, SampleFormat::NamedColumns)
        }
        // Headings nobody would guess, but the user named the columns: read by them.
        Detected::Unrecognised { header, .. }
            if !input.columns.is_empty()
                && columns::guess(&header, input.columns).missing.is_empty() =>
        {
            progress.advance((bytes.len() - text.len()) as u64);
            phusong::read(input, text, &header, SampleFormat::NamedColumns)
        }
        Detected::Unrecognised {
            line,
            text: first,
            hint,
            ..
        } => Err(Error::at_line(
            path,
            line,
            Msg::NotALogHeader { first },
            match hint {
                Some(hint) => Msg::LogFormatsAfter {
                    hint: Box::new(hint),
                    list: format_list(),
                },
                None => understood(),
            },
        )),
        Detected::Format(format, header) => {
            progress.advance((bytes.len() - text.len()) as u64);
            read_format(input, text, &header, format)
        }
    }
}

/// Reads `text`, whose header is `header`, as `format`.
fn read_format(
    input: Input<'_>,
    text: &[u8],
    header: &Header,
    format: SampleFormat,
) -> Result<SampleFile> {
    match format {
        SampleFormat::Phusong | SampleFormat::NamedColumns => {
            phusong::read(input, text, header, format)
        }
        SampleFormat::GNetTrack => {
            read_rows(input, text, header, gnettrack::GNetTrack::new(header))
        }
        SampleFormat::NetworkSurvey => {
            let reader = network_survey::NetworkSurvey::new(header);
            read_rows(input, text, header, reader)
        }
        SampleFormat::TowerCollector if towercollector::matches_export(header) => {
            let reader = towercollector::TowerCollector::new(header);
            read_rows(input, text, header, reader)
        }
        SampleFormat::TowerCollector | SampleFormat::NetworkCellInfo => {
            let layout = network_cell_info::OpenCellIdLayout::new(header, format);
            read_rows(input, text, header, layout)
        }
        SampleFormat::CellMapper => read_rows(input, text, header, Some(cellmapper::CellMapper)),
    }
}

fn read_rows<R: common::RowReader>(
    input: Input<'_>,
    text: &[u8],
    header: &detect::Header,
    reader: Option<R>,
) -> Result<SampleFile> {
    match reader {
        Some(r) => common::read_table(input, text, header, &r),
        // Detection checked the columns the reader needs; this is a safety net.
        None => Err(Error::content(
            input.path,
            Msg::HeaderLacksColumn,
            understood(),
        )),
    }
}

/// The formats phusong reads, as a remedy for a file it cannot.
fn understood() -> Msg {
    Msg::LogFormats {
        list: format_list(),
    }
}

/// The formats with how to get each (the apps' own words, as their menus say them).
fn format_list() -> String {
    let list: Vec<String> = SampleFormat::ALL
        .iter()
        .map(|f| format!("{} ({})", f.name(), f.hint()))
        .collect();
    list.join("; ")
}

/// Binary data has NUL bytes throughout; a text log damaged in transfer may have some, even
/// a line of them, on a few lines (those rows are rejected, the rest is read). The head is
/// binary when more than one byte in a hundred is NUL and NULs stand on more than a quarter
/// of its lines.
fn looks_binary(head: &[u8]) -> bool {
    let nul = memchr::memchr_iter(0, head).count();
    if nul == 0 || nul * 100 <= head.len() {
        return false;
    }
    let (mut lines, mut with_nul) = (0usize, 0usize);
    for line in head.split(|b| *b == b'\n') {
        lines += 1;
        with_nul += usize::from(memchr::memchr(0, line).is_some());
    }
    with_nul * 4 > lines
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// UTF-16 text (with its byte-order mark), as UTF-8.
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let encoding = if bytes.starts_with(b"\xFF\xFE") {
        encoding_rs::UTF_16LE
    } else if bytes.starts_with(b"\xFE\xFF") {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let (text, _had_errors) = encoding.decode_with_bom_removal(bytes);
    Some(text.into_owned())
}

fn compressed(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("zip (or Excel .xlsx)")
    } else if bytes.starts_with(&[0x1f, 0x8b]) {
        Some("gzip")
    } else if bytes.starts_with(b"7z\xBC\xAF\x27\x1C") {
        Some("7-Zip")
    } else if bytes.starts_with(b"Rar!") {
        Some("RAR")
    } else {
        None
    }
}
