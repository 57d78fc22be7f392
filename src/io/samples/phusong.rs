//! The phusong samples CSV, the project's own format, read in parallel.
//!
//! ```text
//! lon,lat,operator,technology,signal_dbm,time
//! 105.8542,21.0285,452-04,4G,-97.5,2026-03-14T09:21:05
//! 105.8561,21.0301,452-01,none,,2026-03-14T09:21:09
//! ```
//!
//! Columns are found by name, in any order; other columns are ignored. Fields are never
//! quoted by phusong; a file with quotes is still read (more slowly) with a full CSV reader.
//!
//! The same reader reads every other CSV with named columns ([`SampleFormat::NamedColumns`],
//! names and rules in the `columns` module): MCC and MNC columns, each technology's own
//! signal column, an empty technology for no service, an operator name phusong does not know
//! kept under "unknown".
//!
//! The fast reader splits the file (memory-mapped by the caller) into chunks at line breaks,
//! counts each chunk's lines so every row knows its line number, gives each chunk its own
//! slice of one output vector, parses the chunks on all cores, then closes the gaps left by
//! rejected rows. Memory is the mapping plus the samples (40 bytes each).

use rayon::prelude::*;

use super::columns::{self, Guess, MissingColumns, SampleColumns, SampleRole, SignalColumns};
use super::common::{self, Input, Record, RowReader, RowRules, Tally};
use super::header::Header;
use super::{SampleFile, SampleFormat};
use crate::error::{Error, Result};
use crate::io::report::{ImportReport, Reason};
use crate::model::{NO_TIME, Operator, Sample, Technology};
use crate::progress::Progress;

/// Columns beyond this many are not split out by the fast reader.
const MAX_FIELDS: usize = 64;

/// Columns the user named that a header lacks, by role.
type NotFound = Vec<(SampleRole, String)>;

/// Where each column is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Columns {
    /// [`SampleFormat::Phusong`], or [`SampleFormat::NamedColumns`] for any other header
    /// read by its column names.
    format: SampleFormat,
    lon: usize,
    lat: usize,
    /// An operator name or MCC-MNC.
    operator: Option<usize>,
    /// Separate MCC and MNC columns, read before `operator` when both are there.
    mcc_mnc: Option<(usize, usize)>,
    technology: usize,
    signal: SignalColumns,
    time: Option<usize>,
    /// Fields a row needs: fewer make it malformed.
    count: usize,
}

impl Columns {
    /// The phusong CSV's own columns, by their exact names: what tells the format apart.
    fn of(header: &Header) -> Option<()> {
        header.find(&["lon", "longitude"])?;
        header.find(&["lat", "latitude"])?;
        header.find(&["operator"])?;
        header.find(&["technology"])?;
        header.find(&["signaldbm"])?;
        Some(())
    }

    /// The columns of a log read by its column names, with the user's `options`; the
    /// guess (with what is missing) when they cannot all be told.
    pub fn resolve(
        header: &Header,
        options: &SampleColumns,
        format: SampleFormat,
    ) -> Result<(Columns, NotFound), Box<Guess>> {
        let g = columns::guess(header, options);
        let m = g.mapping;
        let (Some(lon), Some(lat), Some(technology), true) = (
            m.get(SampleRole::Longitude),
            m.get(SampleRole::Latitude),
            m.get(SampleRole::Technology),
            g.missing.is_empty(),
        ) else {
            return Err(Box::new(g));
        };
        let mcc_mnc = m.get(SampleRole::Mcc).zip(m.get(SampleRole::Mnc));
        let mut columns = Columns {
            format,
            lon,
            lat,
            operator: m.get(SampleRole::Operator),
            mcc_mnc,
            technology,
            signal: g.signal,
            time: m.get(SampleRole::Time),
            count: header.keys.len(),
        };
        if format != SampleFormat::Phusong {
            // Other writers may leave out empty fields at the end of a row: only the fields
            // read are needed.
            columns.count = columns.max_index() + 1;
        }
        Ok((columns, g.not_found))
    }

    fn max_index(&self) -> usize {
        let mcc_mnc = self.mcc_mnc.map_or(0, |(a, b)| a.max(b));
        [
            self.lon,
            self.lat,
            self.operator.unwrap_or(0),
            mcc_mnc,
            self.technology,
            self.signal.generic.unwrap_or(0),
            self.time.unwrap_or(0),
        ]
        .into_iter()
        .chain(self.signal.by_generation.iter().flatten().copied())
        .max()
        .unwrap_or(0)
    }

    /// One row, from a function giving field `i`.
    #[inline]
    fn sample<'a>(
        &self,
        field: impl Fn(usize) -> &'a str,
        line: u64,
        rules: RowRules,
        tally: &mut Tally,
    ) -> Result<Sample, Reason> {
        let named = self.format == SampleFormat::NamedColumns;
        let (lon, lat) = common::coordinates(field(self.lon), field(self.lat), rules, tally)?;
        let technology_text = field(self.technology);
        let technology = match common::technology(technology_text) {
            Some(t) => t,
            // Logs other than phusong's leave the technology empty when there was no service.
            None if named && matches!(technology_text.trim(), "" | "-") => Technology::NoService,
            None => return Err(Reason::UnknownTechnology),
        };
        let from_parts = self
            .mcc_mnc
            .and_then(|(mcc, mnc)| common::operator_from_mcc_mnc(field(mcc), field(mnc)));
        let operator_text = self.operator.map_or("", &field);
        let operator = match from_parts.or_else(|| common::operator_code(operator_text)) {
            Some(op) => op,
            // Someone was there with no service and no network to name.
            None if technology == Technology::NoService
                && matches!(operator_text.trim(), "" | "-") =>
            {
                Operator::UNKNOWN
            }
            // A name phusong does not know is kept, as in the phone apps' logs, and noted.
            None if named && operator_text.chars().any(char::is_alphabetic) => {
                common::note_unknown_operator_name(tally, operator_text);
                Operator::UNKNOWN
            }
            None => return Err(Reason::UnknownOperator),
        };
        let signal_dbm = match technology {
            Technology::NoService => f64::NAN,
            Technology::Gen(g) => {
                let read = |i: Option<usize>| i.and_then(|i| common::number(field(i)));
                // The generation's own measure, else the column for every generation.
                let value = read(self.signal.by_generation[g.index()])
                    .or_else(|| read(self.signal.generic));
                common::signal(technology, value)?
            }
        };
        let time_s = match self.time {
            Some(i) => common::time(field(i), line, tally),
            None => NO_TIME,
        };
        Ok(Sample {
            lon,
            lat,
            time_s,
            signal_dbm,
            operator,
            technology,
        })
    }
}

pub(crate) fn matches(header: &Header) -> bool {
    Columns::of(header).is_some()
}

/// The error for a header whose columns cannot all be told.
pub(crate) fn missing_columns(path: &std::path::Path, header: &Header, guess: Box<Guess>) -> Error {
    Error::SampleColumns(Box::new(MissingColumns {
        path: path.to_path_buf(),
        line: header.line.max(1),
        missing: guess.missing,
        not_found: guess.not_found,
        columns: header.names.clone(),
    }))
}

/// The slow path: the csv crate, for files with quotes or another delimiter.
struct Quoted(Columns);

impl RowReader for Quoted {
    fn format(&self) -> SampleFormat {
        self.0.format
    }

    fn min_fields(&self) -> usize {
        self.0.count
    }

    fn zero_is_missing(&self) -> bool {
        false
    }

    fn row(
        &self,
        record: &Record<'_>,
        line: u64,
        rules: RowRules,
        tally: &mut Tally,
    ) -> Result<Sample, Reason> {
        self.0.sample(|i| record.get(Some(i)), line, rules, tally)
    }
}

/// Reads a log whose header is `header` by its column names, as `format` (the phusong CSV,
/// or another CSV with named columns).
pub(crate) fn read(
    input: Input<'_>,
    text: &[u8],
    header: &Header,
    format: SampleFormat,
) -> Result<SampleFile> {
    let Input {
        path,
        progress,
        release,
        chunk_bytes,
        ..
    } = input;
    let (columns, not_found) = match Columns::resolve(header, input.columns, format) {
        Ok(c) => c,
        Err(guess) => return Err(missing_columns(path, header, guess)),
    };
    let body = text.get(header.data_start..).unwrap_or_default();
    if header.delimiter != b',' || columns.max_index() >= MAX_FIELDS {
        return read_quoted(input, text, header, columns, &not_found);
    }

    let chunks = split_chunks(body, chunk_bytes.max(1));
    let scans: Vec<Scan> = chunks
        .par_iter()
        .map(|&(s, e)| {
            let scan = scan_chunk(&body[s..e]);
            release(&body[s..e]);
            scan
        })
        .collect();
    // Chunks end after a newline, so no line spans two.
    let mut first_line = header.line + 1;
    for scan in &scans {
        if let Some(index) = scan.long_line {
            return Err(common::line_too_long(path, first_line + index));
        }
        first_line += scan.lines as u64;
    }
    if scans.iter().any(|scan| scan.quoted) {
        return read_quoted(input, text, header, columns, &not_found);
    }
    progress.advance(header.data_start as u64);

    let jobs = plan_jobs(&chunks, &scans, header.line + 1);
    let total: usize = scans.iter().map(|scan| scan.lines).sum();
    // Swapped columns: a guess from the first lines, confirmed by the whole file below.
    let mut rules = RowRules {
        swap: swapped_at_start(&columns, body, header.line + 1),
        zero_is_missing: false,
    };
    let mut out: Vec<Sample> = Vec::with_capacity(total);
    (0..total)
        .into_par_iter()
        .map(|_| PLACEHOLDER)
        .collect_into_vec(&mut out);
    let mut results = run(
        &columns,
        body,
        &jobs,
        rules,
        &mut out,
        Some(progress),
        release,
    )?;
    let mut tally = merged_tally(&results);
    if tally.majority_swapped() != rules.swap {
        rules.swap = !rules.swap;
        results = run(&columns, body, &jobs, rules, &mut out, None, release)?;
        tally = merged_tally(&results);
    }
    let mut report = ImportReport::new(path, columns.format.msg());
    close_gaps(&mut out, &jobs, results, &mut report);
    tally.write_notes(rules, &mut report);
    note_not_found(&not_found, &mut report);
    if report.rows_read == 0 {
        report.note(crate::message::Msg::HeaderNoRows);
    }
    Ok(SampleFile {
        samples: out,
        report,
    })
}

/// What one pass over a chunk tells before it is parsed.
struct Scan {
    lines: usize,
    /// A quote anywhere: the chunk needs the quoting reader.
    quoted: bool,
    /// The first line longer than [`common::MAX_LINE_BYTES`], counted from the chunk's
    /// first line (0).
    long_line: Option<u64>,
}

/// A job per chunk, with the number of its first line (`first_line` for the first chunk).
fn plan_jobs(chunks: &[(usize, usize)], scans: &[Scan], first_line: u64) -> Vec<Job> {
    let mut jobs = Vec::with_capacity(chunks.len());
    let mut line = first_line;
    for (&(start, end), scan) in chunks.iter().zip(scans) {
        let lines = scan.lines;
        jobs.push(Job {
            start,
            end,
            first_line: line,
            lines,
        });
        line += lines as u64;
    }
    jobs
}

/// Counts and measures the lines of a chunk in one pass.
fn scan_chunk(c: &[u8]) -> Scan {
    let (mut breaks, mut start, mut long_line) = (0usize, 0usize, None);
    for newline in memchr::memchr_iter(b'\n', c) {
        if long_line.is_none() && newline - start > common::MAX_LINE_BYTES {
            long_line = Some(breaks as u64);
        }
        breaks += 1;
        start = newline + 1;
    }
    if long_line.is_none() && c.len() - start > common::MAX_LINE_BYTES {
        long_line = Some(breaks as u64);
    }
    Scan {
        lines: breaks + usize::from(!c.is_empty() && !c.ends_with(b"\n")),
        quoted: memchr::memchr(b'"', c).is_some(),
        long_line,
    }
}

/// Whether most of the first 64 KiB of rows have longitude and latitude swapped.
fn swapped_at_start(columns: &Columns, body: &[u8], first_line: u64) -> bool {
    let head = common::cut_at_newline(body, 64 * 1024);
    let lines = memchr::memchr_iter(b'\n', head).count() + 1;
    let mut scratch = vec![PLACEHOLDER; lines];
    let job = Job {
        start: 0,
        end: head.len(),
        first_line,
        lines,
    };
    let rules = RowRules {
        swap: false,
        zero_is_missing: false,
    };
    parse_chunk(columns, body, &job, rules, &mut scratch)
        .tally
        .majority_swapped()
}

fn merged_tally(results: &[ChunkResult]) -> Tally {
    let mut tally = Tally::default();
    for r in results {
        tally.merge(r.tally.clone());
    }
    tally
}

/// Closes the gaps the rejected rows left in `out`, in file order, and merges the chunks'
/// reports into `report`.
fn close_gaps(
    out: &mut Vec<Sample>,
    jobs: &[Job],
    results: Vec<ChunkResult>,
    report: &mut ImportReport,
) {
    let mut kept = 0usize;
    let mut from = 0usize;
    for (job, result) in jobs.iter().zip(results) {
        let n = result.written.min(job.lines);
        if from != kept {
            out.copy_within(from..from + n, kept);
        }
        kept += n;
        from += job.lines;
        report.merge(result.report);
    }
    out.truncate(kept);
    if out.capacity() - out.len() > out.len() / 16 {
        out.shrink_to_fit();
    }
}

fn read_quoted(
    input: Input<'_>,
    text: &[u8],
    header: &Header,
    columns: Columns,
    not_found: &[(SampleRole, String)],
) -> Result<SampleFile> {
    let mut file = common::read_table(input, text, header, &Quoted(columns))?;
    note_not_found(not_found, &mut file.report);
    Ok(file)
}

/// Columns named for every log that this one lacks: it was read by the usual names, and the
/// report says so (a misspelt name would otherwise go unseen).
fn note_not_found(not_found: &[(SampleRole, String)], report: &mut ImportReport) {
    for (role, name) in not_found {
        report.note(crate::message::Msg::SampleColumnNotFound {
            name: name.clone(),
            role: role.to_string(),
        });
    }
}

const PLACEHOLDER: Sample = Sample {
    lon: 0.0,
    lat: 0.0,
    time_s: NO_TIME,
    signal_dbm: f64::NAN,
    operator: Operator::UNKNOWN,
    technology: Technology::NoService,
};

/// One chunk: a byte range of the body that starts at a line start and ends after a line
/// break (or at the end of the file).
#[derive(Clone, Copy, Debug)]
struct Job {
    start: usize,
    end: usize,
    first_line: u64,
    lines: usize,
}

struct ChunkResult {
    written: usize,
    report: ImportReport,
    tally: Tally,
}

/// Byte ranges of about `chunk_bytes` each, ending just after a `\n`.
fn split_chunks(body: &[u8], chunk_bytes: usize) -> Vec<(usize, usize)> {
    let mut chunks = Vec::with_capacity(body.len() / chunk_bytes + 1);
    let mut start = 0;
    while start < body.len() {
        let want = start.saturating_add(chunk_bytes).min(body.len());
        let end = if want >= body.len() {
            body.len()
        } else {
            match memchr::memchr(b'\n', &body[want - 1..]) {
                Some(p) => want + p,
                None => body.len(),
            }
        };
        chunks.push((start, end));
        start = end;
    }
    chunks
}

/// Parses every chunk into its own slice of `out` (one slot per line).
fn run(
    columns: &Columns,
    body: &[u8],
    jobs: &[Job],
    rules: RowRules,
    out: &mut [Sample],
    progress: Option<&Progress>,
    release: &(dyn Fn(&[u8]) + Sync),
) -> Result<Vec<ChunkResult>> {
    let mut slices: Vec<&mut [Sample]> = Vec::with_capacity(jobs.len());
    let mut rest: &mut [Sample] = out;
    for job in jobs {
        let n = job.lines.min(rest.len());
        let (mine, others) = std::mem::take(&mut rest).split_at_mut(n);
        slices.push(mine);
        rest = others;
    }
    let cancelled = || progress.is_some_and(Progress::is_cancelled);
    let results: Vec<ChunkResult> = jobs
        .par_iter()
        .zip(slices.into_par_iter())
        .map(|(job, slice)| {
            if cancelled() {
                return ChunkResult {
                    written: 0,
                    report: ImportReport::default(),
                    tally: Tally::default(),
                };
            }
            let r = parse_chunk(columns, body, job, rules, slice);
            release(&body[job.start..job.end]);
            if let Some(p) = progress {
                p.advance((job.end - job.start) as u64);
            }
            r
        })
        .collect();
    if cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(results)
}

/// Records where the commas of `b[start..stop]` are (the first `MAX_FIELDS` of them; the
/// last slot takes the rest) and returns how many there are. Reads eight bytes at a time:
/// in each word, the bytes equal to `,` are found with exact bit arithmetic (no false
/// positives), so a word without a comma costs a handful of instructions.
#[inline]
fn find_commas(b: &[u8], start: usize, stop: usize, commas: &mut [usize; MAX_FIELDS + 1]) -> usize {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const COMMAS: u64 = 0x2C2C_2C2C_2C2C_2C2C;
    let mut n = 0usize;
    let mut i = start;
    while i + 8 <= stop {
        let word = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
        let y = word ^ COMMAS;
        // 0x80 in every byte of `y` that is zero, i.e. every comma of `word`.
        let mut mask = !(((y & LOW7) + LOW7) | y | LOW7);
        while mask != 0 {
            commas[n.min(MAX_FIELDS)] = i + (mask.trailing_zeros() / 8) as usize;
            n += 1;
            mask &= mask - 1;
        }
        i += 8;
    }
    while i < stop {
        if b[i] == b',' {
            commas[n.min(MAX_FIELDS)] = i;
            n += 1;
        }
        i += 1;
    }
    n
}

/// Parses the lines of one chunk into `out`.
fn parse_chunk(
    columns: &Columns,
    body: &[u8],
    job: &Job,
    rules: RowRules,
    out: &mut [Sample],
) -> ChunkResult {
    let mut report = ImportReport::default();
    let mut tally = Tally::default();
    let mut written = 0usize;
    let bytes = body.get(job.start..job.end).unwrap_or_default();
    let repaired;
    let text: &str = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            repaired = String::from_utf8_lossy(bytes).into_owned();
            &repaired
        }
    };
    let b = text.as_bytes();
    // Where the commas of the current line are; field k runs from after comma k-1 to comma k.
    let mut commas = [0usize; MAX_FIELDS + 1];
    let mut line = job.first_line;
    let mut pos = 0usize;
    while pos < b.len() {
        let start = pos;
        let stop = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |p| pos + p);
        let n = find_commas(b, start, stop, &mut commas);
        pos = stop + 1;
        let mut end = stop;
        if end > start && b[end - 1] == b'\r' {
            end -= 1;
        }
        let this_line = line;
        line += 1;
        let blank = match b.get(start) {
            _ if end == start => true,
            Some(c) if *c != b',' && !c.is_ascii_whitespace() => false,
            _ => b[start..end]
                .iter()
                .all(|c| *c == b',' || c.is_ascii_whitespace()),
        };
        if blank {
            continue;
        }
        report.rows_read += 1;
        if n + 1 < columns.count {
            report.reject(Reason::MalformedRow, this_line);
            continue;
        }
        let field = |k: usize| -> &str {
            let from = if k == 0 { start } else { commas[k - 1] + 1 };
            let to = if k < n { commas[k] } else { end };
            text.get(from..to).unwrap_or("")
        };
        match columns.sample(field, this_line, rules, &mut tally) {
            Ok(sample) => {
                if let Some(slot) = out.get_mut(written) {
                    *slot = sample;
                    written += 1;
                    report.rows_used += 1;
                }
            }
            Err(reason) => report.reject(reason, this_line),
        }
    }
    ChunkResult {
        written,
        report,
        tally,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::io::samples::detect::{Detected, detect};
    use crate::model::Generation;

    fn read_with_chunks(text: &str, chunk_bytes: usize) -> SampleFile {
        let Detected::Format(SampleFormat::Phusong, header) = detect(text.as_bytes()) else {
            panic!("not detected as phusong CSV");
        };
        let progress = Progress::new();
        let input = Input {
            chunk_bytes,
            ..Input::new(Path::new("t.csv"), &progress)
        };
        match read(input, text.as_bytes(), &header, SampleFormat::Phusong) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        }
    }

    fn sample_text(rows: usize) -> String {
        let mut s = String::from("lon,lat,operator,technology,signal_dbm,time\n");
        for i in 0..rows {
            match i % 7 {
                3 => s.push_str(&format!(",21.{i:04},452-04,4G,-90,\n")), // no longitude
                5 => s.push('\n'),                                        // blank line
                6 => s.push_str(&format!(
                    "105.{i:04},21.{i:04},452-01,none,,2026-03-14T09:21:05\r\n"
                )),
                _ => s.push_str(&format!(
                    "105.{i:04},21.{i:04},452-04,4G,-{},2026-03-14T09:21:05\n",
                    60 + i % 50
                )),
            }
        }
        s
    }

    #[test]
    fn every_chunk_size_gives_the_same_samples_and_lines() {
        let text = sample_text(500);
        let whole = read_with_chunks(&text, usize::MAX);
        // 500 rows: 71 (i % 7 == 5) blank lines, 71 rows without longitude.
        assert_eq!(whole.report.rows_read, 500 - 71);
        assert_eq!(whole.samples.len(), 500 - 71 - 71);
        let missing = &whole.report.rejected[&Reason::MissingCoordinates];
        assert_eq!(missing.count, 71);
        assert_eq!(missing.first_lines, [5, 12, 19, 26, 33]);
        for chunk in [1, 2, 7, 33, 64, 100, 1000, 4096] {
            let f = read_with_chunks(&text, chunk);
            assert_eq!(f.samples.len(), whole.samples.len(), "chunk {chunk}");
            assert!(
                f.samples
                    .iter()
                    .zip(&whole.samples)
                    .all(|(a, b)| a.lon == b.lon && a.lat == b.lat),
                "chunk {chunk}"
            );
            assert_eq!(f.report, whole.report, "chunk {chunk}");
        }
        // Samples keep file order.
        assert!(whole.samples.windows(2).all(|w| w[0].lon < w[1].lon));
    }

    #[test]
    fn commas_are_found_at_every_offset() {
        let line = b",a,,bcdefghijk,,l,mnopqrstuvwxyz0123,4,,\xC3\xA9,";
        let want: Vec<usize> = line
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == b',')
            .map(|(i, _)| i)
            .collect();
        for start in 0..line.len() {
            for stop in start..=line.len() {
                let mut commas = [0usize; MAX_FIELDS + 1];
                let n = find_commas(line, start, stop, &mut commas);
                let expect: Vec<usize> = want
                    .iter()
                    .copied()
                    .filter(|i| (start..stop).contains(i))
                    .collect();
                assert_eq!(&commas[..n], expect.as_slice(), "{start}..{stop}");
            }
        }
    }

    #[test]
    fn quoted_fields_fall_back_to_the_csv_reader() {
        let text = "lon,lat,operator,technology,signal_dbm,time\n\"105.85\",21.02,\"452-04\",4G,-97,\n105.86,21.03,452-04,3G,-80,\n";
        for chunk in [1, 1 << 20] {
            let f = read_with_chunks(text, chunk);
            assert_eq!(f.samples.len(), 2);
            assert_eq!(f.samples[0].lon, 105.85);
            assert_eq!(f.samples[1].technology, Technology::Gen(Generation::G3));
        }
    }

    #[test]
    fn swapped_columns_are_found_even_when_the_first_rows_disagree() {
        // More than the 64 KiB the guess looks at are right, then most of the file is swapped.
        let mut text = String::from("lon,lat,operator,technology,signal_dbm,time\n");
        for _ in 0..3000 {
            text.push_str("105.8,21.0,452-04,4G,-90,\n");
        }
        for i in 0..4000 {
            text.push_str(&format!("21.{i},105.{i},452-04,4G,-90,\n"));
        }
        for chunk in [1000, 1 << 20] {
            let f = read_with_chunks(&text, chunk);
            assert_eq!(f.samples.len(), 4000, "{}", f.report);
            assert!(f.samples.iter().all(|s| s.lon > 100.0 && s.lat < 22.0));
            let out = &f.report.rejected[&Reason::CoordinatesOutOfRange];
            assert_eq!(
                (out.count, out.first_lines.as_slice()),
                (3000, &[2, 3, 4, 5, 6][..])
            );
            assert!(f.report.notes_en().iter().any(|n| n.contains("swapped")));
        }
    }
}
