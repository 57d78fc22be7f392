//! What every shapefile layer shares: finding the side files, the coordinate system in the
//! `.prj`, the text encoding of the `.dbf`, and attribute values as text.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use shapefile::dbase::{self};

use super::dbf_text::{self, BYTE_CARRIER};
pub use super::dbf_text::{Attributes, DbfText};
use super::paths::{file_name, shp_path, sidecar};
use super::report::{ImportReport, Incomplete, Reason};
use super::shp_claims::{Overclaim, first_overclaim, read_up_to};
use super::shp_records::RecordReader;
use super::text::TextEncoding;
use crate::crs::{self, Crs, Transformer};
use crate::error::{Error, Result};
use crate::message::{Layer, Msg};
use crate::model::is_lon_lat;

/// An open shapefile: geometry, attributes, and what was learnt while opening it.
pub struct Opened {
    pub path: PathBuf,
    pub shapes: shapefile::ShapeReader<Patched<BufReader<File>>>,
    /// The records, each read on its own from its place.
    shape_records: RecordReader,
    /// The bounding box of the shapes: the header's, or computed from the shapes when the
    /// header's is not a number.
    pub bbox: shapefile::record::GenericBBox<shapefile::PointZ>,
    /// The attribute table; `None` when the `.dbf` is missing.
    pub records: Option<dbase::Reader<Patched<BufReader<File>>>>,
    /// Attribute column names in file order.
    pub columns: Vec<String>,
    /// Notes for the import report (assumed encoding, missing files).
    pub notes: Vec<Msg>,
    pub attrs: Attributes,
    /// The first record that claims more points than it holds: the reading stops before it.
    overclaim: Option<Overclaim>,
    /// The records (from 1) the `.dbf` marks deleted: left out with their shapes.
    deleted: Vec<u64>,
}

/// Opens `path` (the `.shp`, or any of its side files) with its `.dbf`. The coordinate
/// system is [`LayerCrs::of`]'s business.
/// `layer` names the layer in messages; `encoding` is the user's
/// choice of text encoding, which wins over the `.cpg` and the guess.
pub fn open(path: &Path, layer: Layer, encoding: Option<TextEncoding>) -> Result<Opened> {
    let shp = shp_path(path);
    if !shp.exists() {
        return Err(Error::io(
            &shp,
            std::io::Error::new(std::io::ErrorKind::NotFound, "file not found"),
        ));
    }
    let mut notes = Vec::new();
    if !sidecar(&shp, "shx").exists() {
        notes.push(Msg::NoShx);
    }

    let (shapes, mut shape_records) = open_shapes(&shp, &mut notes)?;
    let overclaim = first_overclaim(&shp, std::fs::metadata(&shp).map_or(0, |m| m.len()));
    let mut bbox = shapes.header().bbox;
    if !finite_bbox(&bbox) {
        // GDAL recomputes the extent from the shapes when the header's is unusable; one
        // extra pass, then the file is opened again to read from the start.
        if let Some(computed) = bbox_of_shapes(&mut shape_records, overclaim) {
            bbox = computed;
            notes.push(Msg::BboxFromShapes);
        }
        shape_records = open_shapes(&shp, &mut Vec::new())?.1;
    }
    let dbf = sidecar(&shp, "dbf");
    let mut deleted = Vec::new();
    let records = if dbf.exists() {
        let dbf_file = File::open(&dbf).map_err(|e| Error::io(&dbf, e))?;
        let mut dbf_file = BufReader::new(dbf_file);
        match check_dbf(&mut dbf_file).map_err(|e| Error::io(&dbf, e))? {
            DbfCheck::Damaged(problem) => {
                return Err(Error::content(&dbf, problem, Msg::RemedyDamaged));
            }
            DbfCheck::Readable { note, deleted: d } => {
                notes.extend(note);
                deleted = d;
            }
        }
        let source = dbf_source(dbf_file, &mut notes).map_err(|e| Error::io(&dbf, e))?;
        let reader = dbase::ReaderBuilder::new()
            .with_encoding(dbase::encoding::EncodingRs::from(BYTE_CARRIER))
            .build(source)
            .map_err(|e| {
                Error::content(
                    &dbf,
                    Msg::DbfUnreadable {
                        why: Box::new(dbf_words(&e)),
                    },
                    Msg::RemedyDamaged,
                )
            })?;
        Some(reader)
    } else {
        notes.push(Msg::DbfMissingNumbered {
            dbf: file_name(&dbf),
            layer,
        });
        None
    };
    let columns = records
        .as_ref()
        .map(|r| r.fields().iter().map(|f| f.name().to_string()).collect())
        .unwrap_or_default();
    let attrs = dbf_text::attributes(&shp, records.is_some(), encoding, layer, &mut notes);
    Ok(Opened {
        overclaim,
        deleted,
        path: shp,
        shapes,
        shape_records,
        bbox,
        records,
        columns,
        notes,
        attrs,
    })
}

/// The error for attribute record `n` of the `.dbf` at `dbf` that cannot be read.
fn record_unreadable(dbf: &Path, n: u64, e: &dbase::Error) -> Error {
    Error::at_line(
        dbf,
        n,
        Msg::RecordUnreadable {
            n,
            why: Box::new(dbf_words(e)),
        },
        Msg::RemedyDamaged,
    )
}

/// The notes on the records left out because the `.dbf` marks them deleted, and on a `.dbf`
/// that counts other records than the `.shp` holds (`expected`).
fn note_counts(report: &mut ImportReport, left_out: &[u64], expected: Option<u64>) {
    if let Some(&first) = left_out.first() {
        report.note(Msg::DbfDeletedLeftOut {
            n: left_out.len() as u64,
            first: first.to_string(),
        });
    }
    // GDAL reads as many shapes as the .shp holds and warns when the .dbf says otherwise.
    if let Some(dbf) = expected {
        let shapes = report.rows_read + left_out.len() as u64;
        if shapes != dbf && report.incomplete.is_none() {
            report.note(Msg::RecordCountsDiffer { shapes, dbf });
        }
    }
}

/// A byte stream whose first bytes are replaced: a header corrected where GDAL would
/// tolerate it (a `.shp` length shorter than its records, a `.dbf` date that is no date),
/// so that the shapefile crate reads the file as GDAL does.
pub struct Patched<R> {
    inner: R,
    head: Vec<u8>,
    pos: u64,
}

impl<R: Read + Seek> Patched<R> {
    fn new(inner: R, head: Vec<u8>) -> Patched<R> {
        Patched {
            inner,
            head,
            pos: 0,
        }
    }
}

impl<R: Read + Seek> Read for Patched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let head = self.head.len() as u64;
        if self.pos < head {
            let from = self.pos as usize;
            let upto = (from + n).min(head as usize);
            buf[..upto - from].copy_from_slice(&self.head[from..upto]);
        }
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for Patched<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.pos = self.inner.seek(to)?;
        Ok(self.pos)
    }
}

/// The geometry of `shp` with its index, whatever the case of the `.shx` name. A header
/// whose file length stops short of the records that follow is lengthened to the last
/// whole record, with a note: GDAL reads all the records a file holds.
fn open_shapes(shp: &Path, notes: &mut Vec<Msg>) -> Result<(ShapeReader, RecordReader)> {
    let file = File::open(shp).map_err(|e| Error::io(shp, e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut source = BufReader::new(file);
    let mut head = vec![0u8; 100];
    let got = read_up_to(&mut source, &mut head).map_err(|e| Error::io(shp, e))?;
    head.truncate(got);
    // The length of the records the reading goes through: the header's, or the corrected one.
    let mut length = size;
    if got == 100 {
        let said = u64::from(u32::from_be_bytes([head[24], head[25], head[26], head[27]])) * 2;
        length = said.min(size);
        if (100..size).contains(&said) {
            let end = end_of_records(&mut source, said, size).map_err(|e| Error::io(shp, e))?;
            if end > said {
                let words = u32::try_from(end / 2).unwrap_or(u32::MAX);
                head[24..28].copy_from_slice(&words.to_be_bytes());
                length = end;
                notes.push(Msg::ShpLengthShort {
                    header: said,
                    file: size,
                });
            }
        }
    }
    let shx = sidecar(shp, "shx");
    // An index that says less than the .shp holds would stop the reading as early, and one
    // entry pointing elsewhere would read the wrong bytes as a shape: the records are read in
    // file order instead, with a note when the index is damaged.
    let index = match File::open(&shx) {
        Ok(index) => {
            let mut index = BufReader::new(index);
            let check =
                check_shx(&mut index, &mut source, length).map_err(|e| Error::io(&shx, e))?;
            match check {
                IndexCheck::Sound => {
                    index
                        .seek(SeekFrom::Start(0))
                        .map_err(|e| Error::io(&shx, e))?;
                    Some(index)
                }
                IndexCheck::Short => None,
                IndexCheck::WrongEntry { entry } => {
                    notes.push(Msg::ShxEntryWrong { entry });
                    None
                }
                IndexCheck::WrongHeader => {
                    notes.push(Msg::ShxHeaderWrong);
                    None
                }
            }
        }
        Err(_) => None,
    };
    source
        .seek(SeekFrom::Start(0))
        .map_err(|e| Error::io(shp, e))?;
    let records = RecordReader::open(shp, &head, length).map_err(|e| Error::io(shp, e))?;
    let reader = match index {
        Some(index) => shapefile::ShapeReader::with_shx(Patched::new(source, head), index),
        None => shapefile::ShapeReader::new(Patched::new(source, head)),
    };
    Ok((reader.map_err(|e| shapefile_error(shp, e))?, records))
}

/// The shapefile crate's reader, for the header: the records are read by [`RecordReader`].
type ShapeReader = shapefile::ShapeReader<Patched<BufReader<File>>>;

/// What a `.shx` index is worth beside its `.shp`.
#[derive(Debug, PartialEq, Eq)]
enum IndexCheck {
    /// Every entry points at its record, with its length.
    Sound,
    /// The entries are right but stop before the last record of the `.shp`.
    Short,
    /// Entry `entry` (from 1) points past the records, at another record or into one, or
    /// gives another length than its record's.
    WrongEntry { entry: u64 },
    /// The header is not a shapefile index's, or gives another length than the file's.
    WrongHeader,
}

/// Checks every entry of the `.shx` `index` against the record headers of the `.shp`
/// `shp`, whose records end at byte `length`: an entry must point at the record of its
/// number, with the same content length. Both are read from their current place on.
fn check_shx(
    index: &mut BufReader<File>,
    shp: &mut BufReader<File>,
    length: u64,
) -> std::io::Result<IndexCheck> {
    let size = index.get_ref().metadata().map(|m| m.len()).unwrap_or(0);
    let mut header = [0u8; 100];
    if size < 100 || read_up_to(index, &mut header)? < 100 {
        return Ok(IndexCheck::WrongHeader);
    }
    let code = i32::from_be_bytes([header[0], header[1], header[2], header[3]]);
    let said = u64::from(u32::from_be_bytes([
        header[24], header[25], header[26], header[27],
    ])) * 2;
    if code != 9994 || said != size || !(size - 100).is_multiple_of(8) {
        return Ok(IndexCheck::WrongHeader);
    }
    let mut at = shp.stream_position()?;
    let mut end = 100;
    for entry in 1..=(size - 100) / 8 {
        let mut pair = [0u8; 8];
        index.read_exact(&mut pair)?;
        let offset = u64::from(u32::from_be_bytes([pair[0], pair[1], pair[2], pair[3]])) * 2;
        let words = u32::from_be_bytes([pair[4], pair[5], pair[6], pair[7]]);
        let wrong = Ok(IndexCheck::WrongEntry { entry });
        if offset < 100 || offset + 8 + u64::from(words) * 2 > length {
            return wrong;
        }
        // Forward within the buffer when the records follow each other, as they mostly do.
        shp.seek_relative(offset as i64 - at as i64)?;
        let mut record = [0u8; 8];
        shp.read_exact(&mut record)?;
        at = offset + 8;
        let number = u32::from_be_bytes([record[0], record[1], record[2], record[3]]);
        let content = u32::from_be_bytes([record[4], record[5], record[6], record[7]]);
        if u64::from(number) != entry || content != words {
            return wrong;
        }
        end = offset + 8 + u64::from(words) * 2;
    }
    Ok(if end + 8 <= length {
        IndexCheck::Short
    } else {
        IndexCheck::Sound
    })
}

/// The end of the last whole record at or after `from` in a `.shp` of `size` bytes, going
/// from record header to record header.
fn end_of_records(source: &mut BufReader<File>, from: u64, size: u64) -> std::io::Result<u64> {
    let mut end = from;
    let mut header = [0u8; 8];
    while end + 8 <= size {
        source.seek(SeekFrom::Start(end))?;
        source.read_exact(&mut header)?;
        let words = u32::from_be_bytes([header[4], header[5], header[6], header[7]]);
        let next = end + 8 + u64::from(words) * 2;
        if words == 0 || next > size {
            break;
        }
        end = next;
    }
    Ok(end)
}

/// What the header of a `.dbf` says, measured against itself and the file's size.
enum DbfCheck {
    /// The header contradicts itself: reading would take the wrong bytes for each value.
    Damaged(Msg),
    /// The records can be read, with a note when the header's record length is wrong but
    /// the columns' widths fit the file; `deleted` are the records (from 1) marked deleted.
    Readable {
        note: Option<Msg>,
        deleted: Vec<u64>,
    },
}

/// Checks the header of the `.dbf` `source` (read from its start, and rewound): its length
/// must end where the list of columns ends (at the 0x0D after the last column), and its
/// record length must be the columns' widths (with the deletion flag). When the two
/// lengths disagree, the file's size says which is right. Then finds the records marked
/// deleted. A file too short for a header is left to the reader, which says so.
fn check_dbf(source: &mut BufReader<File>) -> std::io::Result<DbfCheck> {
    let size = source.get_ref().metadata().map(|m| m.len()).unwrap_or(0);
    // The header, whatever it says: its length is a 16-bit number.
    let mut head = vec![0u8; size.min(65_536 + 32) as usize];
    let got = read_up_to(source, &mut head)?;
    head.truncate(got);
    source.seek(SeekFrom::Start(0))?;
    let readable = DbfCheck::Readable {
        note: None,
        deleted: Vec::new(),
    };
    if head.len() < 32 {
        return Ok(readable);
    }
    let count = u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
    let header_len = usize::from(u16::from_le_bytes([head[8], head[9]]));
    let record_len = u64::from(u16::from_le_bytes([head[10], head[11]]));
    // Visual FoxPro puts 263 bytes between the columns and the records.
    let backlink = if matches!(head[0], 0x30..=0x32) {
        263
    } else {
        0
    };
    let columns_end = (32..header_len.saturating_add(32).min(head.len()))
        .step_by(32)
        .find(|&at| head[at] == 0x0D)
        .map(|at| at + 1);
    let wrong_length = Msg::DbfHeaderLengthWrong {
        said: header_len as u64,
        columns_end: columns_end.unwrap_or(0) as u64,
    };
    match columns_end {
        Some(end) if end + backlink != header_len => return Ok(DbfCheck::Damaged(wrong_length)),
        // No terminator: the header's length is taken as it is, as the reader takes it.
        None if header_len < 33 + backlink => return Ok(DbfCheck::Damaged(wrong_length)),
        _ => {}
    }
    let columns = (header_len - 33 - backlink) / 32;
    let widths: u64 = (0..columns)
        .filter_map(|i| head.get(32 + 32 * i + 16))
        .map(|&w| u64::from(w))
        .sum();
    let record = 1 + widths;
    let mut note = None;
    // Some writers leave the deletion flag out of the record length.
    if record_len != record && record_len != widths {
        let by_widths = header_len as u64 + count * record;
        if size == by_widths || size == by_widths + 1 {
            note = Some(Msg::DbfRecordLengthWrong {
                said: record_len,
                columns: record,
            });
        } else {
            return Ok(DbfCheck::Damaged(Msg::DbfColumnWidthsWrong {
                said: record_len,
                columns: record,
            }));
        }
    }
    // The deletion flags, one at the start of each record the file holds.
    let mut deleted = Vec::new();
    let mut at = 0u64;
    for n in 0..count {
        let flag_at = header_len as u64 + n * record;
        if flag_at >= size {
            break;
        }
        source.seek_relative(flag_at as i64 - at as i64)?;
        let mut flag = [0u8; 1];
        source.read_exact(&mut flag)?;
        at = flag_at + 1;
        if flag[0] == b'*' {
            deleted.push(n + 1);
        }
    }
    source.seek(SeekFrom::Start(0))?;
    Ok(DbfCheck::Readable { note, deleted })
}

/// The `.dbf` stream, with a last-update date that is no date (month 0, day 0) replaced
/// by 1 January 1900: the date is not used, and GDAL reads such files.
fn dbf_source(
    mut source: BufReader<File>,
    notes: &mut Vec<Msg>,
) -> std::io::Result<Patched<BufReader<File>>> {
    let mut head = vec![0u8; 4];
    let got = read_up_to(&mut source, &mut head)?;
    head.truncate(got);
    if got == 4 {
        let (year, month, day) = (head[1], head[2], head[3]);
        if dbase::Date::new(u32::from(day), u32::from(month), 1900 + u32::from(year)).is_err() {
            head[1..4].copy_from_slice(&[0, 1, 1]);
            notes.push(Msg::DbfDateInvalid);
        }
    }
    source.seek(SeekFrom::Start(0))?;
    Ok(Patched::new(source, head))
}

fn finite_bbox(bbox: &shapefile::record::GenericBBox<shapefile::PointZ>) -> bool {
    [bbox.min.x, bbox.min.y, bbox.max.x, bbox.max.y]
        .iter()
        .all(|v| v.is_finite())
}

/// The bounding box of every point of every shape, `None` when no shape has a point with
/// finite coordinates. The shapes are read up to the record that claims more points than
/// it holds, which is not read.
fn bbox_of_shapes(
    shapes: &mut RecordReader,
    overclaim: Option<Overclaim>,
) -> Option<shapefile::record::GenericBBox<shapefile::PointZ>> {
    let readable = overclaim.map_or(usize::MAX, |o| o.record as usize - 1);
    use shapefile::Shape as S;
    let (mut min_x, mut min_y) = (f64::INFINITY, f64::INFINITY);
    let (mut max_x, mut max_y) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut add = |x: f64, y: f64| {
        if x.is_finite() && y.is_finite() {
            min_x = min_x.min(x);
            min_y = min_y.min(y);
            max_x = max_x.max(x);
            max_y = max_y.max(y);
        }
    };
    for shape in std::iter::from_fn(|| shapes.next_shape()).take(readable) {
        let Ok(shape) = shape else { break };
        match shape {
            S::Point(p) => add(p.x, p.y),
            S::PointM(p) => add(p.x, p.y),
            S::PointZ(p) => add(p.x, p.y),
            S::Multipoint(m) => m.points().iter().for_each(|p| add(p.x, p.y)),
            S::MultipointM(m) => m.points().iter().for_each(|p| add(p.x, p.y)),
            S::MultipointZ(m) => m.points().iter().for_each(|p| add(p.x, p.y)),
            S::Polyline(l) => l.parts().iter().flatten().for_each(|p| add(p.x, p.y)),
            S::PolylineM(l) => l.parts().iter().flatten().for_each(|p| add(p.x, p.y)),
            S::PolylineZ(l) => l.parts().iter().flatten().for_each(|p| add(p.x, p.y)),
            S::Polygon(g) => g
                .rings()
                .iter()
                .flat_map(|r| r.points())
                .for_each(|p| add(p.x, p.y)),
            S::PolygonM(g) => g
                .rings()
                .iter()
                .flat_map(|r| r.points())
                .for_each(|p| add(p.x, p.y)),
            S::PolygonZ(g) => g
                .rings()
                .iter()
                .flat_map(|r| r.points())
                .for_each(|p| add(p.x, p.y)),
            _ => {}
        }
    }
    (min_x <= max_x).then(|| shapefile::record::GenericBBox {
        min: shapefile::PointZ::new(min_x, min_y, 0.0, 0.0),
        max: shapefile::PointZ::new(max_x, max_y, 0.0, 0.0),
    })
}

impl Opened {
    pub fn shape_type(&self) -> shapefile::ShapeType {
        self.shapes.header().shape_type
    }

    /// Calls `visit` for every record in file order with its number (1-based), shape and
    /// attributes (`None` without a `.dbf`). A record that cannot be read ends the reading:
    /// an error if it is the first, otherwise a rejected row and a note, keeping the rest.
    pub fn each_record(
        &mut self,
        report: &mut ImportReport,
        mut visit: impl FnMut(
            u64,
            shapefile::Shape,
            Option<&dbase::Record>,
            &Attributes,
            &mut ImportReport,
        ),
    ) -> Result<()> {
        let expected = self
            .records
            .as_ref()
            .map(|r| u64::from(r.header().num_records));
        let mut records = self.records.as_mut().map(|r| r.iter_records());
        let dbf = sidecar(&self.path, "dbf");
        let overclaim = self.overclaim;
        let shapes = &mut self.shape_records;
        let mut left_out: Vec<u64> = Vec::new();
        for n in 1.. {
            // A record the .dbf marks deleted: the attribute reader skips it, and its shape
            // goes with it.
            let claims_too_much = overclaim.is_some_and(|o| o.record == n);
            if !claims_too_much && self.deleted.binary_search(&n).is_ok() {
                match shapes.next_shape() {
                    Some(_) => {
                        left_out.push(n);
                        continue;
                    }
                    None => break,
                }
            }
            // Not read at all: the reader would reserve room for every point it claims.
            let item = match overclaim.filter(|o| o.record == n) {
                Some(o) => Err(Error::at_line(
                    &self.path,
                    n,
                    Msg::RecordClaimsTooMuch {
                        points: o.points,
                        bytes: o.bytes,
                    },
                    Msg::RemedyDamaged,
                )),
                None => match shapes.next_shape() {
                    Some(item) => item.map_err(|e| shapefile_error(&self.path, e)),
                    None => break,
                },
            };
            let record = match records.as_mut().and_then(|it| it.next()) {
                Some(Ok(r)) => Ok(Some(r)),
                Some(Err(e)) => Err(record_unreadable(&dbf, n, &e)),
                None => Ok(None),
            };
            let pair = item.and_then(|shape| Ok((shape, record?)));
            match pair {
                Ok((shape, record)) => {
                    report.rows_read += 1;
                    self.attrs.set_record(n);
                    visit(n, shape, record.as_ref(), &self.attrs, report);
                }
                Err(e) if n == 1 => return Err(e),
                Err(e) => {
                    report.rows_read += 1;
                    report.reject(Reason::MalformedRow, n);
                    report.incomplete = Some(Incomplete {
                        kept: n - 1,
                        expected: expected.filter(|&x| x >= n),
                        stopped_at: n,
                        cause: e.problem(),
                    });
                    return Ok(());
                }
            }
        }
        note_counts(report, &left_out, expected);
        Ok(())
    }

    /// Puts how the text was read into `report`: its `text_encoding`, and notes on values
    /// not valid in the encoding and on damaged text, with what to do.
    pub fn report_text(&self, report: &mut ImportReport) {
        self.attrs.report(report);
    }
}

/// The error for a shapefile the crate refused, in the user's words.
pub fn shapefile_error(path: &Path, e: shapefile::Error) -> Error {
    use shapefile::Error as E;
    match e {
        E::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::content(path, Msg::EndsMidRecord, Msg::RemedyDamaged)
        }
        E::IoError(io) => Error::io(path, io),
        E::InvalidFileCode(code) => {
            Error::content(path, Msg::NotShapefileCode { code }, Msg::RemedyChooseShp)
        }
        E::MissingDbf => Error::content(path, Msg::DbfMissing, Msg::RemedyCopyDbf),
        E::MissingIndexFile => Error::content(path, Msg::ShxMissing, Msg::RemedyCopyShx),
        E::InvalidShapeRecordSize => {
            Error::content(path, Msg::ShpRecordSizeWrong, Msg::RemedyDamaged)
        }
        E::InvalidShapeType(code) => {
            Error::content(path, Msg::ShpShapeTypeUnknown { code }, Msg::RemedyDamaged)
        }
        E::MismatchShapeType { actual, .. } => Error::content(
            path,
            Msg::ShpShapeTypesMixed {
                shape: actual.to_string(),
            },
            Msg::RemedyDamaged,
        ),
        E::AllocationLimitExceeded { requested_bytes } => Error::content(
            path,
            Msg::ShpClaimsTooMuch {
                bytes: requested_bytes as u64,
            },
            Msg::RemedyDamaged,
        ),
        E::DbaseError(e) => Error::content(
            &sidecar(path, "dbf"),
            Msg::DbfUnreadable {
                why: Box::new(dbf_words(&e)),
            },
            Msg::RemedyDamaged,
        ),
        other => Error::content(
            path,
            Msg::ShapefileUnreadable {
                why: other.to_string(),
            },
            Msg::RemedyDamaged,
        ),
    }
}

/// What the attribute reader found wrong in a `.dbf`, in the user's words (its own text is
/// English and names its own types).
fn dbf_words(e: &dbase::Error) -> Msg {
    use dbase::ErrorKind as K;
    match e.kind() {
        K::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => Msg::DbfEndsEarly,
        K::ParseFloatError(_) | K::ParseIntError(_) => Msg::DbfValueNotNumber,
        K::InvalidDate(_) | K::InvalidTime(_) => Msg::DbfValueNotDate,
        K::InvalidFieldType(code) => Msg::DbfColumnTypeUnknown {
            code: code.to_string(),
        },
        K::InvalidFile(_) => Msg::DbfNotATable,
        _ => Msg::Verbatim {
            text: e.to_string(),
        },
    }
}

/// Coordinates far outside longitude/latitude ranges are metres of a projected system: the
/// check of a layer taken as WGS84 longitude/latitude without a `.prj`.
pub fn check_bbox(
    path: &Path,
    bbox: &shapefile::record::GenericBBox<shapefile::PointZ>,
) -> Result<()> {
    LayerCrs::assumed().check_bbox(path, bbox)
}

/// Where a layer's coordinate system came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrsOrigin {
    /// Read from the `.prj`.
    Prj,
    /// Chosen by the user (in the app, or with a flag).
    Chosen,
    /// No `.prj` and nothing chosen: WGS84 longitude/latitude assumed.
    Assumed,
}

/// A shapefile layer opened for reading: its records, its coordinate system (checked
/// against its extent), and its import report begun with the notes of both.
pub struct OpenedLayer {
    pub opened: Opened,
    pub crs: LayerCrs,
    pub report: ImportReport,
}

/// Opens the shapefile at `path` as the `layer` (communes are polygons, villages points),
/// with the user's text `encoding` and coordinate system `chosen` (which win over the
/// `.cpg` and the `.prj`); refuses a layer of the other kind of shape.
pub fn open_layer(
    path: &Path,
    layer: Layer,
    encoding: Option<TextEncoding>,
    chosen: Option<&Crs>,
) -> Result<OpenedLayer> {
    use shapefile::ShapeType as T;
    let mut opened = open(path, layer, encoding)?;
    let path = opened.path.clone();
    let (flag, format) = match layer {
        Layer::Communes => ("--commune-crs", Msg::FormatShpPolygons),
        Layer::Villages => ("--village-crs", Msg::FormatShpPoints),
        Layer::Background => ("", Msg::FormatShpBackground),
    };
    let crs = LayerCrs::of(&path, chosen, flag)?;
    let mut report = ImportReport::new(&path, format);
    for note in opened.notes.drain(..).chain(crs.notes.iter().cloned()) {
        report.note(note);
    }
    let shape_type = opened.shape_type();
    let shape = shape_type.to_string();
    let refused = match layer {
        Layer::Communes if !matches!(shape_type, T::Polygon | T::PolygonZ | T::PolygonM) => Some((
            Msg::CommunesNotPolygons { shape },
            Msg::RemedyCommunesArePolygons,
        )),
        Layer::Villages
            if !matches!(
                shape_type,
                T::Point | T::PointZ | T::PointM | T::Multipoint | T::MultipointZ | T::MultipointM
            ) =>
        {
            Some((
                Msg::VillagesNotPoints { shape },
                Msg::RemedyVillagesArePoints,
            ))
        }
        _ => None,
    };
    if let Some((problem, remedy)) = refused {
        return Err(Error::content(&path, problem, remedy));
    }
    crs.check_bbox(&path, &opened.bbox)?;
    Ok(OpenedLayer {
        opened,
        crs,
        report,
    })
}

/// The coordinate system of a shapefile layer, where it came from, and its converter.
#[derive(Clone, Debug)]
pub struct LayerCrs {
    pub crs: Crs,
    pub origin: CrsOrigin,
    /// The command-line flag that chooses this layer's system (`--commune-crs`), for messages.
    pub flag: &'static str,
    /// Notes for the import report: what was assumed or converted.
    pub notes: Vec<Msg>,
    transformer: Option<Transformer>,
}

impl LayerCrs {
    fn assumed() -> LayerCrs {
        LayerCrs {
            crs: Crs::Wgs84,
            origin: CrsOrigin::Assumed,
            flag: "--crs",
            notes: Vec::new(),
            transformer: None,
        }
    }

    /// The system of the shapefile `shp`: `chosen` when given (it wins over the `.prj`), else
    /// the `.prj`'s, else WGS84 longitude/latitude with a note. A `.prj` in a system phusong
    /// does not read is an error naming it. `flag` is the command-line flag that chooses it.
    pub fn of(shp: &Path, chosen: Option<&Crs>, flag: &'static str) -> Result<LayerCrs> {
        let prj_path = sidecar(shp, "prj");
        let prj = read_prj(&prj_path)?.map(|wkt| crs::from_wkt(&wkt));
        let mut notes = Vec::new();
        let (crs, origin) = match (chosen, prj) {
            (Some(chosen), prj) => {
                chosen.validate().map_err(|e| {
                    Error::usage(Msg::ChosenCrsUnusableFor {
                        file: shp.display().to_string(),
                        why: e.to_string(),
                    })
                })?;
                match prj {
                    Some(Ok(p)) if p.crs != *chosen => notes.push(Msg::PrjDiffers {
                        prj: p.crs.label(),
                        chosen: chosen.label(),
                    }),
                    Some(Err(u)) => notes.push(Msg::PrjUnknownChosen {
                        name: u.name,
                        chosen: chosen.label(),
                    }),
                    _ => {}
                }
                (chosen.clone(), CrsOrigin::Chosen)
            }
            (None, Some(Ok(p))) => {
                notes.extend(p.assumption);
                (p.crs, CrsOrigin::Prj)
            }
            (None, Some(Err(u))) => {
                return Err(Error::content(
                    &prj_path,
                    Msg::CrsUnsupported {
                        name: u.name,
                        reason: u.reason,
                    },
                    Msg::RemedyReproject { flag: flag.into() },
                ));
            }
            (None, None) => {
                notes.push(Msg::NoPrjAssumedWgs84);
                (Crs::Wgs84, CrsOrigin::Assumed)
            }
        };
        let transformer = if crs.is_wgs84() {
            if origin == CrsOrigin::Chosen {
                notes.push(Msg::ChosenWgs84);
            }
            None
        } else {
            let t = crs.transformer().map_err(|e| {
                Error::content(
                    &prj_path,
                    Msg::CrsCannotBeUsed {
                        crs: crs.label(),
                        why: e.to_string(),
                    },
                    Msg::RemedyChooseCrs { flag: flag.into() },
                )
            })?;
            notes.push(match origin {
                CrsOrigin::Prj => Msg::Converted { crs: crs.label() },
                _ => Msg::ConvertedChosen { crs: crs.label() },
            });
            Some(t)
        };
        Ok(LayerCrs {
            crs,
            origin,
            flag,
            notes,
            transformer,
        })
    }

    /// The converter to WGS84, `None` when the layer is WGS84 longitude/latitude already.
    pub fn transformer(&self) -> Option<&Transformer> {
        self.transformer.as_ref()
    }

    /// Checks the layer's bounding box fits its system: longitude/latitude in degrees for a
    /// geographic system, metres that convert for a projected one. Metres read as degrees
    /// (no `.prj`, or the wrong system) are told apart, with the systems they could be in.
    pub fn check_bbox(
        &self,
        path: &Path,
        bbox: &shapefile::record::GenericBBox<shapefile::PointZ>,
    ) -> Result<()> {
        let (min, max) = (&bbox.min, &bbox.max);
        let degrees = is_lon_lat(min.x, min.y) && is_lon_lat(max.x, max.y);
        let span = format!(
            "({:.0}, {:.0}) – ({:.0}, {:.0})",
            min.x, min.y, max.x, max.y
        );
        let flag = self.flag.to_string();
        let said = Box::new(match self.origin {
            CrsOrigin::Prj => Msg::SaidPrj {
                crs: self.crs.label(),
            },
            CrsOrigin::Chosen => Msg::SaidChosen {
                crs: self.crs.label(),
            },
            CrsOrigin::Assumed => Msg::SaidNoPrj,
        });
        if !self.crs.is_projected() {
            if degrees {
                return Ok(());
            }
            let guesses = crs::guess_from_bbox(min.x, min.y, max.x, max.y);
            let problem = match crs::describe_guesses(&guesses) {
                Some(systems) => Msg::BboxMetresCouldBe {
                    span,
                    said,
                    systems,
                },
                None => Msg::BboxMetres { span, said },
            };
            let example = guesses
                .first()
                .map(|g| g.crs.flag_value())
                .unwrap_or_else(|| "vn2000-tm3:106.5".to_string());
            return Err(Error::content(
                path,
                problem,
                Msg::RemedyChooseCrsExample { flag, example },
            ));
        }
        if degrees {
            let remedy = match self.origin {
                CrsOrigin::Chosen => Msg::RemedyChooseWgs84 { flag },
                _ => Msg::RemedyPrjMismatch { flag },
            };
            return Err(Error::content(
                path,
                Msg::BboxDegrees {
                    span,
                    crs: self.crs.label(),
                    said,
                },
                remedy,
            ));
        }
        let converts = self.transformer.as_ref().is_some_and(|t| {
            t.to_wgs84(min.x, min.y).is_some() && t.to_wgs84(max.x, max.y).is_some()
        });
        if !converts {
            return Err(Error::content(
                path,
                Msg::BboxNoConvert {
                    span,
                    crs: self.crs.label(),
                    said,
                },
                Msg::RemedyChooseRightCrs { flag },
            ));
        }
        Ok(())
    }
}

/// When the user must choose the coordinate system of the shapefile at `path`: the systems
/// its coordinates could be in (maybe none that phusong recognises), or `None` when there is
/// nothing to choose (a `.prj` phusong reads, or coordinates in degrees). For the app's
/// system picker, before or after a load refused metres.
pub fn crs_choice_needed(path: &Path) -> Result<Option<Vec<crs::Guess>>> {
    if let Some(z) = super::zipped::unzip_shapefile(path)? {
        return crs_choice_needed(&z.shp).map_err(|e| z.error(e));
    }
    let shp = shp_path(path);
    let prj = read_prj(&sidecar(&shp, "prj"))?;
    if prj.is_some_and(|wkt| crs::from_wkt(&wkt).is_ok()) {
        return Ok(None);
    }
    let (reader, mut records) = open_shapes(&shp, &mut Vec::new())?;
    let mut bbox = reader.header().bbox;
    if !finite_bbox(&bbox) {
        let overclaim = first_overclaim(&shp, std::fs::metadata(&shp).map_or(0, |m| m.len()));
        bbox = bbox_of_shapes(&mut records, overclaim).unwrap_or(bbox);
    }
    let (min, max) = (&bbox.min, &bbox.max);
    if is_lon_lat(min.x, min.y) && is_lon_lat(max.x, max.y) {
        return Ok(None);
    }
    Ok(Some(crs::guess_from_bbox(min.x, min.y, max.x, max.y)))
}

/// The text of a `.prj`, `None` when there is none.
fn read_prj(prj: &Path) -> Result<Option<String>> {
    let Ok(file) = File::open(prj) else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.take(64 * 1024)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(prj, e))?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}
