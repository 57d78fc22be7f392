//! What every sample format shares: reading coordinates, signals, operators and times out of
//! text fields with the same rules, counting what the notes of the import report need, and
//! the row loop for the formats read with the csv crate.

use std::borrow::Cow;
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};

use super::columns::SampleColumns;
use super::header::Header;
use super::{SampleFile, SampleFormat};
use crate::error::{Error, Result};
use crate::io::report::{ImportReport, Reason};
use crate::io::time::parse_time;
use crate::message::Msg;
use crate::model::{Generation, NO_TIME, Operator, Sample, Technology, is_lon_lat};
use crate::progress::Progress;

/// Bytes per chunk of the parallel reader.
pub(crate) const CHUNK_BYTES: usize = 4 << 20;

/// Signals outside this range (dBm, inclusive) are not measurements but markers: G-NetTrack's
/// -340, -200 and -164, Android's 2147483647 (`Integer.MAX_VALUE`), 0, and the like.
pub(crate) const SIGNAL_MIN_DBM: f64 = -160.0;
pub(crate) const SIGNAL_MAX_DBM: f64 = -20.0;

/// How many leading bytes of a file decide whether its columns are swapped before the whole
/// file is read (the whole file then confirms it).
const SWAP_GUESS_BYTES: usize = 256 * 1024;

/// The row-by-row reader gives back what it has read in steps of this many bytes.
const RELEASE_BYTES: usize = 16 << 20;

/// The longest line a log may have. Loggers write a few hundred bytes a line; a line of
/// megabytes is a file without line breaks (a binary, one JSON document), and the readers
/// would hold it whole, several times over, before finding it is no row.
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// The 1-based number of a line longer than [`MAX_LINE_BYTES`] among the blank and comment
/// lines up to and with the first line with content (the header), which is read whole.
pub(crate) fn long_header_line(text: &[u8]) -> Option<u64> {
    let mut start = 0usize;
    let mut line = 1u64;
    while start < text.len() {
        let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |p| start + p);
        if end - start > MAX_LINE_BYTES {
            return Some(line);
        }
        let content = text[start..end].trim_ascii();
        if !content.is_empty() && !content.starts_with(b"#") {
            return None;
        }
        start = end + 1;
        line += 1;
    }
    None
}

/// The error for a line longer than [`MAX_LINE_BYTES`].
pub(crate) fn line_too_long(path: &Path, line: u64) -> Error {
    Error::at_line(
        path,
        line,
        Msg::LineTooLong {
            limit_mb: (MAX_LINE_BYTES >> 20) as u64,
        },
        Msg::RemedyExportedAsIs,
    )
}

/// The text the csv reader reads, refusing to hand it more than [`MAX_LINE_BYTES`] past the
/// start of the record being read: the reader would grow the record without bound.
struct Bounded<'a> {
    text: &'a [u8],
    at: usize,
    /// Where the record being read starts (the end of the one before).
    record_start: usize,
}

/// How far the csv reader reads ahead of the record it is on (its buffer, 8 KiB, with room).
const CSV_READ_AHEAD: usize = 64 * 1024;

/// What [`Bounded`] fails with when a record runs past [`MAX_LINE_BYTES`].
#[derive(Debug)]
struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("record too long")
    }
}

impl std::error::Error for RecordTooLong {}

impl std::io::Read for Bounded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let limit = self
            .record_start
            .saturating_add(MAX_LINE_BYTES + CSV_READ_AHEAD)
            .min(self.text.len());
        if self.at >= limit && self.at < self.text.len() {
            return Err(std::io::Error::other(RecordTooLong));
        }
        let n = buf.len().min(limit - self.at);
        buf[..n].copy_from_slice(&self.text[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// What a reader needs besides the bytes: where they come from, who watches, and what to do
/// with bytes it has read.
#[derive(Clone, Copy)]
pub(crate) struct Input<'a> {
    pub path: &'a Path,
    pub progress: &'a Progress,
    /// Called with parts of the text that have been read: a memory-mapped file gives their
    /// pages back, so a big file is never resident whole. (Reading them again is allowed.)
    pub release: &'a (dyn Fn(&[u8]) + Sync),
    /// Bytes per chunk of the parallel reader (tests make it tiny to put chunk boundaries
    /// everywhere).
    pub chunk_bytes: usize,
    /// The columns the user named, for logs read by their column names.
    pub columns: &'a SampleColumns,
}

/// No columns named: every role by its usual names.
static NO_COLUMNS: SampleColumns = SampleColumns {
    lon: None,
    lat: None,
    operator: None,
    mcc: None,
    mnc: None,
    technology: None,
    signal: None,
    time: None,
};

impl<'a> Input<'a> {
    pub fn new(path: &'a Path, progress: &'a Progress) -> Self {
        Input {
            path,
            progress,
            release: &|_| {},
            chunk_bytes: CHUNK_BYTES,
            columns: &NO_COLUMNS,
        }
    }
}

/// How rows are read; the same for every row of a file.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RowRules {
    /// The file's longitude column holds latitudes and the other way round.
    pub swap: bool,
    /// `0,0` means "no position yet", as phone apps write before the first GPS fix.
    pub zero_is_missing: bool,
}

/// Counts a file's rows contribute to the notes of its report. Summed over chunks in file
/// order with [`Tally::merge`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    /// Rows whose longitude and latitude are both finite numbers.
    pub numeric_coordinates: u64,
    /// Of those, rows with |latitude| > 90 and |longitude| <= 90: columns swapped.
    pub looks_swapped: u64,
    /// Rows kept without a time because their time could not be read.
    pub bad_times: u64,
    /// The first of them: line and text.
    pub first_bad_time: Option<(u64, String)>,
    /// Operator names without a known MCC-MNC, with their row counts (first seen first).
    pub unknown_operator_names: Vec<(String, u64)>,
    /// Signal values given as ASU levels and converted to dBm.
    pub asu_converted: u64,
    /// 5G rows whose signal came from a dedicated NR SS-RSRP column.
    pub nr_column_used: u64,
}

impl Tally {
    /// Adds a later part of the same file.
    pub fn merge(&mut self, other: Tally) {
        self.numeric_coordinates += other.numeric_coordinates;
        self.looks_swapped += other.looks_swapped;
        self.bad_times += other.bad_times;
        if self.first_bad_time.is_none() {
            self.first_bad_time = other.first_bad_time;
        }
        for (name, count) in other.unknown_operator_names {
            self.add_unknown_operator_name(&name, count);
        }
        self.asu_converted += other.asu_converted;
        self.nr_column_used += other.nr_column_used;
    }

    /// Whether most rows say the latitude and longitude columns are swapped.
    pub fn majority_swapped(&self) -> bool {
        self.numeric_coordinates > 0 && self.looks_swapped * 2 > self.numeric_coordinates
    }

    fn add_unknown_operator_name(&mut self, name: &str, count: u64) {
        match self
            .unknown_operator_names
            .iter_mut()
            .find(|(n, _)| n == name)
        {
            Some((_, c)) => *c += count,
            None => self.unknown_operator_names.push((name.to_string(), count)),
        }
    }

    /// The notes these counts call for.
    pub fn write_notes(&self, rules: RowRules, report: &mut ImportReport) {
        if rules.swap {
            report.note(Msg::SamplesSwapped {
                swapped: self.looks_swapped,
                of: self.numeric_coordinates,
            });
        }
        if let Some((line, text)) = &self.first_bad_time {
            report.note(Msg::BadTimes {
                rows: crate::message::Unit::Row.count(self.bad_times),
                have: crate::message::Have(self.bad_times),
                line: *line,
                text: shorten(text, 40),
            });
        }
        if !self.unknown_operator_names.is_empty() {
            let names: Vec<String> = self
                .unknown_operator_names
                .iter()
                .take(5)
                .map(|(name, count)| {
                    format!(
                        "\"{}\" ({})",
                        shorten(name, 30),
                        rows(*count, "", "").trim_end()
                    )
                })
                .collect();
            let more = if self.unknown_operator_names.len() > 5 {
                ", …"
            } else {
                ""
            };
            report.note(Msg::UnknownOperatorNames {
                names: format!("{}{more}", names.join(", ")),
            });
        }
        if self.asu_converted > 0 {
            report.note(Msg::AsuConverted {
                n: self.asu_converted,
            });
        }
    }
}

/// "1 row has", "2 rows have" (`verb_one`/`verb_many` may be empty).
pub(crate) fn rows(count: u64, verb_one: &str, verb_many: &str) -> String {
    if count == 1 {
        format!("1 row {verb_one}")
    } else {
        format!("{count} rows {verb_many}")
    }
}

/// At most `max` characters of `text`, with an ellipsis when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max).collect();
    s.push('…');
    s
}

/// A number in a field, or `None` when the field is empty, a missing-value marker (`-`) or
/// not a number. `NaN` and `inf` are numbers here (the caller decides what they mean). A
/// decimal comma (`105,85`) is accepted where the field cannot be comma-separated.
#[inline]
pub(crate) fn number(text: &str) -> Option<f64> {
    if let Some(v) = plain_decimal(text.as_bytes()) {
        return Some(v);
    }
    let t = text.trim();
    match t.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_)
            if t.len() > 1 && t.bytes().filter(|b| *b == b',').count() == 1 && !t.contains('.') =>
        {
            t.replace(',', ".").parse().ok()
        }
        Err(_) => None,
    }
}

/// Powers of ten an `f64` holds exactly.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `-?digits[.digits]` with at most 15 digits, read without the general parser: the digits
/// and the power of ten are both exact in an `f64`, so the one correctly rounded division
/// gives exactly what `str::parse` gives (the classic fast path of decimal conversion).
/// `None` for anything else, which the general parser then reads.
#[inline]
fn plain_decimal(b: &[u8]) -> Option<f64> {
    let (negative, digits) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut i = 0;
    while i < digits.len() && digits[i].is_ascii_digit() {
        mantissa = mantissa * 10 + u64::from(digits[i] - b'0');
        i += 1;
    }
    let int_digits = i;
    let mut decimals = 0;
    if i < digits.len() {
        if digits[i] != b'.' {
            return None;
        }
        i += 1;
        while i < digits.len() && digits[i].is_ascii_digit() {
            mantissa = mantissa * 10 + u64::from(digits[i] - b'0');
            i += 1;
            decimals += 1;
        }
        if i < digits.len() {
            return None;
        }
    }
    // At most 15 digits: the mantissa is exact in an f64.
    if int_digits + decimals == 0 || int_digits + decimals > 15 {
        return None;
    }
    let v = mantissa as f64 / POW10[decimals];
    Some(if negative { -v } else { v })
}

/// The row's place, checked: missing or non-numeric coordinates, NaN and out-of-range
/// coordinates are the row's rejection reason.
#[inline]
pub(crate) fn coordinates(
    lon_text: &str,
    lat_text: &str,
    rules: RowRules,
    tally: &mut Tally,
) -> Result<(f64, f64), Reason> {
    let (Some(lon), Some(lat)) = (number(lon_text), number(lat_text)) else {
        return Err(Reason::MissingCoordinates);
    };
    if !lon.is_finite() || !lat.is_finite() {
        return Err(Reason::CoordinatesOutOfRange);
    }
    tally.numeric_coordinates += 1;
    if lat.abs() > 90.0 && lon.abs() <= 90.0 {
        tally.looks_swapped += 1;
    }
    if rules.zero_is_missing && lon == 0.0 && lat == 0.0 {
        return Err(Reason::MissingCoordinates);
    }
    let (lon, lat) = if rules.swap { (lat, lon) } else { (lon, lat) };
    if !is_lon_lat(lon, lat) {
        return Err(Reason::CoordinatesOutOfRange);
    }
    Ok((lon, lat))
}

/// Whether a dBm value can be a real measurement.
#[inline]
pub(crate) fn plausible_dbm(value: f64) -> bool {
    (SIGNAL_MIN_DBM..=SIGNAL_MAX_DBM).contains(&value)
}

/// The sample's signal: NaN for no service; for a generation, a plausible dBm value or the
/// row is rejected.
#[inline]
pub(crate) fn signal(technology: Technology, value_dbm: Option<f64>) -> Result<f64, Reason> {
    match technology {
        Technology::NoService => Ok(f64::NAN),
        Technology::Gen(_) => match value_dbm {
            Some(v) if plausible_dbm(v) => Ok(v),
            _ => Err(Reason::MissingOrInvalidSignal),
        },
    }
}

/// A dBm value from an ASU level (Android's `getAsuLevel`), or `None` for 0, 99 and values
/// out of range ("unknown" in most exports).
pub(crate) fn dbm_from_asu(technology: Technology, asu: f64) -> Option<f64> {
    if asu.fract() != 0.0 || asu < 1.0 {
        return None;
    }
    match technology.generation()? {
        Generation::G2 if asu <= 31.0 => Some(2.0 * asu - 113.0),
        Generation::G3 if asu <= 96.0 => Some(asu - 120.0),
        Generation::G4 | Generation::G5 if asu <= 97.0 => Some(asu - 140.0),
        _ => None,
    }
}

/// The row's time; an empty field or `-` is no time, an unreadable one is no time and counted.
#[inline]
pub(crate) fn time(text: &str, line: u64, tally: &mut Tally) -> i64 {
    if text.len() == 19
        && let Some(v) = parse_time(text)
    {
        return v;
    }
    let t = text.trim();
    if t.is_empty() || t == "-" {
        return NO_TIME;
    }
    match parse_time(t) {
        Some(v) => v,
        None => {
            tally.bad_times += 1;
            if tally.first_bad_time.is_none() {
                tally.first_bad_time = Some((line, t.to_string()));
            }
            NO_TIME
        }
    }
}

/// A technology name; `452-04`-style logs' `2G`…`5G` and `none` without allocating.
#[inline]
pub(crate) fn technology(text: &str) -> Option<Technology> {
    match text.as_bytes() {
        [b'2', b'G' | b'g'] => Some(Technology::Gen(Generation::G2)),
        [b'3', b'G' | b'g'] => Some(Technology::Gen(Generation::G3)),
        [b'4', b'G' | b'g'] => Some(Technology::Gen(Generation::G4)),
        [b'5', b'G' | b'g'] => Some(Technology::Gen(Generation::G5)),
        b"none" => Some(Technology::NoService),
        b"LTE" => Some(Technology::Gen(Generation::G4)),
        [] => None,
        [first, .., last] if first.is_ascii_whitespace() || last.is_ascii_whitespace() => {
            technology(text.trim())
        }
        _ => Technology::parse(text),
    }
}

/// An operator code as [`Operator::parse`] reads it, with `452-04` and `452-004` read
/// without allocating.
#[inline]
pub(crate) fn operator_code(text: &str) -> Option<Operator> {
    let b = text.as_bytes();
    let d = |c: u8| c.is_ascii_digit();
    if (b.len() == 6 || b.len() == 7)
        && d(b[0])
        && d(b[1])
        && d(b[2])
        && b[3] == b'-'
        && b[4..].iter().all(|c| d(*c))
    {
        let mcc = b[..3]
            .iter()
            .fold(0u16, |v, c| v * 10 + u16::from(c - b'0'));
        let mnc = b[4..]
            .iter()
            .fold(0u16, |v, c| v * 10 + u16::from(c - b'0'));
        if mcc != 0 {
            return Some(Operator {
                mcc,
                mnc,
                mnc_digits: if b.len() == 7 { 3 } else { 2 },
            });
        }
    }
    match b {
        [first, .., last] if first.is_ascii_whitespace() || last.is_ascii_whitespace() => {
            operator_code(text.trim())
        }
        _ => Operator::parse(text),
    }
}

/// An operator from separate MCC and MNC fields as apps write them: numbers, sometimes with
/// a `.0` left by a spreadsheet, an MNC that lost its leading zero (`4` is `04`), empty or
/// 2147483647 when unknown.
pub(crate) fn operator_from_mcc_mnc(mcc: &str, mnc: &str) -> Option<Operator> {
    let strip = |s: &str| -> String {
        let t = s.trim();
        t.strip_suffix(".0").unwrap_or(t).to_string()
    };
    Operator::from_parts(&strip(mcc), &strip(mnc))
}

/// True for a "false"-like field (`false`, `0`, `no`), as serving-cell columns write it.
pub(crate) fn is_false(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "n"
    )
}

/// True for a "true"-like field (`true`, `1`, `yes`).
pub(crate) fn is_true(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "yes" | "y"
    )
}

/// Where a row reader may record an unknown operator name.
pub(crate) fn note_unknown_operator_name(tally: &mut Tally, name: &str) {
    tally.add_unknown_operator_name(name.trim(), 1);
}

/// One csv record with forgiving field access.
pub(crate) struct Record<'r>(pub &'r ByteRecord);

impl Record<'_> {
    /// The field at `index`, or "" when there is no such column or field, or it is not UTF-8.
    #[inline]
    pub fn get(&self, index: Option<usize>) -> &str {
        index
            .and_then(|i| self.0.get(i))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// The field as text, with bytes that are not UTF-8 replaced.
    pub fn text(&self, index: Option<usize>) -> Cow<'_, str> {
        match index.and_then(|i| self.0.get(i)) {
            Some(b) => String::from_utf8_lossy(b),
            None => Cow::Borrowed(""),
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// A format read row by row with the csv crate.
pub(crate) trait RowReader: Sync {
    fn format(&self) -> SampleFormat;

    /// Fewer fields than this make a row malformed.
    fn min_fields(&self) -> usize;

    /// Whether `0,0` means "no position" in this format.
    fn zero_is_missing(&self) -> bool {
        true
    }

    /// The sample of one row, or why the row is not one.
    fn row(
        &self,
        record: &Record<'_>,
        line: u64,
        rules: RowRules,
        tally: &mut Tally,
    ) -> Result<Sample, Reason>;

    /// Notes about the file as a whole (layout assumed, columns chosen).
    fn notes(&self, tally: &Tally, report: &mut ImportReport) {
        let _ = (tally, report);
    }
}

/// What one pass over the rows gave.
pub(crate) struct Pass {
    pub samples: Vec<Sample>,
    pub report: ImportReport,
    pub tally: Tally,
}

/// Reads the rows after the header with the csv crate: quotes, any delimiter, `#` comment
/// lines. Decides from the first rows whether latitude and longitude are swapped, and reads
/// again in the rare case the whole file says otherwise.
pub(crate) fn read_table(
    input: Input<'_>,
    text: &[u8],
    header: &Header,
    reader: &dyn RowReader,
) -> Result<SampleFile> {
    let Input { path, progress, .. } = input;
    let body = text.get(header.data_start..).unwrap_or_default();
    let mut rules = RowRules {
        swap: false,
        zero_is_missing: reader.zero_is_missing(),
    };
    let head = cut_at_newline(body, SWAP_GUESS_BYTES);
    rules.swap = pass(input, head, header, reader, rules, false)?
        .tally
        .majority_swapped();
    progress.advance(header.data_start as u64);
    let mut done = pass(input, body, header, reader, rules, true)?;
    if done.tally.majority_swapped() != rules.swap {
        rules.swap = !rules.swap;
        done = pass(input, body, header, reader, rules, false)?;
    }
    let Pass {
        samples,
        mut report,
        tally,
    } = done;
    report.file = path.to_path_buf();
    report.format = reader.format().msg();
    reader.notes(&tally, &mut report);
    tally.write_notes(rules, &mut report);
    if report.rows_read == 0 {
        report.note(Msg::HeaderNoRows);
    }
    Ok(SampleFile { samples, report })
}

/// True when the csv reader stopped because [`Bounded`] refused a record too long.
fn is_too_long(error: &csv::Error) -> bool {
    match error.kind() {
        csv::ErrorKind::Io(e) => e.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>()),
        _ => false,
    }
}

/// Where the record the csv crate places at `at` really starts: its position can be that of
/// the blank lines, the `\n` of a CRLF, or the `#` comment lines it skipped before it.
fn record_start(body: &[u8], mut at: usize) -> usize {
    loop {
        match body.get(at) {
            Some(b'\r' | b'\n') => at += 1,
            Some(b'#') => match memchr::memchr(b'\n', &body[at..]) {
                Some(p) => at += p + 1,
                None => return body.len(),
            },
            _ => return at,
        }
    }
}

/// The first `max` bytes of `bytes`, cut after a newline (all of it when shorter).
pub(crate) fn cut_at_newline(bytes: &[u8], max: usize) -> &[u8] {
    if bytes.len() <= max {
        return bytes;
    }
    match memchr::memrchr(b'\n', &bytes[..max]) {
        Some(p) => &bytes[..=p],
        None => &bytes[..max],
    }
}

/// Line numbers from byte offsets: the csv crate does not count the blank lines it skips.
struct LineCounter {
    /// Bytes counted so far.
    counted_to: usize,
    /// The line at `counted_to`.
    line_at: u64,
}

impl LineCounter {
    /// The line at byte `upto` (not before `counted_to`), without moving on.
    fn line_at_byte(&self, body: &[u8], upto: usize) -> u64 {
        let upto = upto.clamp(self.counted_to, body.len());
        self.line_at + memchr::memchr_iter(b'\n', &body[self.counted_to..upto]).count() as u64
    }

    /// The line of the record that starts at byte `at`, moving on to it.
    fn move_to_record(&mut self, body: &[u8], at: usize) -> u64 {
        let upto = record_start(body, at.clamp(self.counted_to, body.len()));
        self.line_at = self.line_at_byte(body, upto);
        self.counted_to = upto;
        self.line_at
    }
}

/// The error for a record the csv reader cannot split, at its line.
fn read_error(
    path: &Path,
    e: &csv::Error,
    body: &[u8],
    lines: &LineCounter,
    began: usize,
) -> Error {
    if is_too_long(e) {
        let began = began.clamp(lines.counted_to, body.len());
        return line_too_long(path, lines.line_at_byte(body, record_start(body, began)));
    }
    let line = e.position().map_or(lines.line_at, |p| {
        lines.line_at_byte(body, usize::try_from(p.byte()).unwrap_or(usize::MAX))
    });
    Error::at_line(
        path,
        line,
        Msg::CannotSplitHere { why: e.to_string() },
        Msg::RemedyExportedAsIs,
    )
}

/// Every few thousand rows: stop when cancelled, tell the progress, release what was read.
struct Ticker {
    rows: u64,
    /// Bytes told to the progress so far.
    advanced: u64,
    /// Bytes released so far.
    released: usize,
}

impl Ticker {
    fn tick(
        &mut self,
        input: &Input<'_>,
        body: &[u8],
        at: u64,
        counted_to: usize,
        advance: bool,
    ) -> Result<()> {
        self.rows += 1;
        if !self.rows.is_multiple_of(4096) {
            return Ok(());
        }
        if input.progress.is_cancelled() {
            return Err(Error::Cancelled);
        }
        if advance {
            input.progress.advance(at.saturating_sub(self.advanced));
            self.advanced = at;
        }
        if counted_to - self.released >= RELEASE_BYTES {
            (input.release)(&body[self.released..counted_to]);
            self.released = counted_to;
        }
        Ok(())
    }
}

fn pass(
    input: Input<'_>,
    body: &[u8],
    header: &Header,
    reader: &dyn RowReader,
    rules: RowRules,
    advance: bool,
) -> Result<Pass> {
    let mut csv = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(header.delimiter)
        .comment(Some(b'#'))
        .from_reader(Bounded {
            text: body,
            at: 0,
            record_start: 0,
        });
    let mut record = ByteRecord::new();
    let mut take = Take {
        reader,
        rules,
        samples: Vec::new(),
        report: ImportReport::default(),
        tally: Tally::default(),
    };
    let mut lines = LineCounter {
        counted_to: 0,
        line_at: header.line + 1,
    };
    let mut ticker = Ticker {
        rows: 0,
        advanced: 0,
        released: 0,
    };
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let began = csv.get_ref().record_start;
                return Err(read_error(input.path, &e, body, &lines, began));
            }
        }
        csv.get_mut().record_start = usize::try_from(csv.position().byte()).unwrap_or(usize::MAX);
        let at = record.position().map_or(lines.counted_to, |p| {
            usize::try_from(p.byte()).unwrap_or(usize::MAX)
        });
        let line = lines.move_to_record(body, at);
        let byte = record.position().map_or(ticker.advanced, |p| p.byte());
        ticker.tick(&input, body, byte, lines.counted_to, advance)?;
        let end = csv.get_ref().record_start.min(body.len());
        let span = &body[lines.counted_to.min(end)..end];
        let inner = span.strip_suffix(b"\n").unwrap_or(span);
        match memchr::memchr(b'\n', inner) {
            None => take.row(&record, line),
            // A quote that opens a field and is never closed on its line (a stray quote, a
            // cut line) makes the csv reader take the lines after it into the field, up to
            // the next quote. Signal logs have no field over several lines: that line is
            // damaged, and the lines it took are read each on its own.
            Some(first_break) => {
                take.report.rows_read += 1;
                take.report.reject(Reason::MalformedRow, line);
                let taken = &inner[first_break + 1..];
                for (i, text) in taken.split(|b| *b == b'\n').enumerate() {
                    take.line(text, header.delimiter, line + 1 + i as u64);
                }
            }
        }
    }
    if input.progress.is_cancelled() {
        return Err(Error::Cancelled);
    }
    if advance {
        input
            .progress
            .advance((body.len() as u64).saturating_sub(ticker.advanced));
    }
    (input.release)(&body[ticker.released.min(body.len())..]);
    Ok(Pass {
        samples: take.samples,
        report: take.report,
        tally: take.tally,
    })
}

/// What a pass keeps of the rows: the samples, the report and the tally.
struct Take<'a> {
    reader: &'a dyn RowReader,
    rules: RowRules,
    samples: Vec<Sample>,
    report: ImportReport,
    tally: Tally,
}

impl Take<'_> {
    /// Reads the row `record` of `line`: a blank row is passed over, a short or bad one
    /// rejected.
    fn row(&mut self, record: &ByteRecord, line: u64) {
        // A line of only delimiters and spaces is blank, not a row.
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            return;
        }
        self.report.rows_read += 1;
        let rec = Record(record);
        if rec.len() < self.reader.min_fields() {
            self.report.reject(Reason::MalformedRow, line);
            return;
        }
        match self.reader.row(&rec, line, self.rules, &mut self.tally) {
            Ok(sample) => {
                self.samples.push(sample);
                self.report.rows_used += 1;
            }
            Err(reason) => self.report.reject(reason, line),
        }
    }

    /// Reads one line of text on its own, quotes as plain characters.
    fn line(&mut self, text: &[u8], delimiter: u8, line: u64) {
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.is_empty() || text.starts_with(b"#") {
            return;
        }
        let mut csv = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .quoting(false)
            .delimiter(delimiter)
            .from_reader(text);
        let mut record = ByteRecord::new();
        match csv.read_byte_record(&mut record) {
            Ok(true) => self.row(&record, line),
            Ok(false) => {}
            Err(_) => {
                self.report.rows_read += 1;
                self.report.reject(Reason::MalformedRow, line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_read_exactly_like_str_parse() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for i in 0..200_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let decimals = (x % 10) as usize;
            let v = (x >> 20) as f64 / 1e9 * if i % 2 == 0 { 1.0 } else { -1.0 };
            let text = format!("{v:.decimals$}");
            let want: f64 = text.parse().unwrap_or(f64::NAN);
            assert_eq!(
                number(&text).map(f64::to_bits),
                Some(want.to_bits()),
                "{text}"
            );
        }
        for text in [
            "105.834127",
            "-97.4",
            "0",
            "-0.0",
            "5.",
            ".5",
            "123456789012345",
            "1234567890123456",
            "1e3",
            "+5",
        ] {
            let want = text.parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(number(text).map(f64::to_bits), want, "{text}");
        }
        assert_eq!(plain_decimal(b"."), None);
        assert_eq!(plain_decimal(b"-"), None);
        assert_eq!(plain_decimal(b"1.2.3"), None);
    }

    #[test]
    fn coordinates_reasons() {
        let rules = RowRules::default();
        let mut t = Tally::default();
        assert_eq!(
            coordinates("105.8", "21.0", rules, &mut t),
            Ok((105.8, 21.0))
        );
        assert_eq!(
            coordinates("", "21.0", rules, &mut t),
            Err(Reason::MissingCoordinates)
        );
        assert_eq!(
            coordinates("-", "21.0", rules, &mut t),
            Err(Reason::MissingCoordinates)
        );
        assert_eq!(
            coordinates("abc", "21.0", rules, &mut t),
            Err(Reason::MissingCoordinates)
        );
        assert_eq!(
            coordinates("NaN", "21.0", rules, &mut t),
            Err(Reason::CoordinatesOutOfRange)
        );
        assert_eq!(
            coordinates("105.8", "inf", rules, &mut t),
            Err(Reason::CoordinatesOutOfRange)
        );
        assert_eq!(
            coordinates("181", "21.0", rules, &mut t),
            Err(Reason::CoordinatesOutOfRange)
        );
        assert_eq!(
            coordinates("21.0", "105.8", rules, &mut t),
            Err(Reason::CoordinatesOutOfRange)
        );
        assert_eq!(t.looks_swapped, 1);
        assert_eq!(
            coordinates("105,8", "21,0", rules, &mut t),
            Ok((105.8, 21.0))
        );
        let swap = RowRules {
            swap: true,
            zero_is_missing: true,
        };
        assert_eq!(
            coordinates("21.0", "105.8", swap, &mut t),
            Ok((105.8, 21.0))
        );
        assert_eq!(
            coordinates("0", "0.0", swap, &mut t),
            Err(Reason::MissingCoordinates)
        );
        assert_eq!(coordinates("0", "0.0", rules, &mut t), Ok((0.0, 0.0)));
    }

    #[test]
    fn signals_and_operators() {
        let g4 = Technology::Gen(Generation::G4);
        assert_eq!(signal(g4, Some(-97.0)), Ok(-97.0));
        for bogus in [
            -340.0,
            -200.0,
            -164.0,
            0.0,
            2147483647.0,
            -2147483648.0,
            f64::NAN,
        ] {
            assert_eq!(
                signal(g4, Some(bogus)),
                Err(Reason::MissingOrInvalidSignal),
                "{bogus}"
            );
        }
        assert_eq!(signal(g4, None), Err(Reason::MissingOrInvalidSignal));
        assert!(signal(Technology::NoService, None).is_ok_and(f64::is_nan));
        assert_eq!(operator_code("452-04"), Operator::parse("452-04"));
        assert_eq!(operator_code("452-004"), Operator::parse("452-004"));
        assert_eq!(operator_code("452-004").map(|o| o.mnc_digits), Some(3));
        assert_eq!(operator_code("000-04"), None);
        assert_eq!(operator_code("45204"), Some(Operator::new(452, 4)));
        assert_eq!(
            operator_from_mcc_mnc("452", "4"),
            Some(Operator::new(452, 4))
        );
        assert_eq!(
            operator_from_mcc_mnc("452.0", "4.0"),
            Some(Operator::new(452, 4))
        );
        assert_eq!(operator_from_mcc_mnc("2147483647", "2147483647"), None);
        assert_eq!(dbm_from_asu(g4, 45.0), Some(-95.0));
        assert_eq!(
            dbm_from_asu(Technology::Gen(Generation::G2), 20.0),
            Some(-73.0)
        );
        assert_eq!(dbm_from_asu(g4, 99.0), None);
    }
}
