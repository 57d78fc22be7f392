//! Damaged inputs, damaged in their raw bytes: shapefiles cut short and overwritten, `.shx`
//! entries that point elsewhere, `.dbf` headers that lie, invalid bytes in text, signal logs
//! and village lists damaged in one line, and a damaged log big enough to be memory-mapped.
//!
//! Each damaged variant must end in one of three ways, never in a panic:
//! - an error that names the file, in the user's words (no Rust debug text such as `Io(` or
//!   `kind:`, no bare "os error", no English library text in the Vietnamese message);
//! - a load whose report says what was wrong: rejected rows, a layer read in part, or a note
//!   the undamaged file's load does not have;
//! - the same data as the undamaged file (damage in bytes the reader does not use), up to
//!   what no reader can see (see [`UNSEEABLE_DEG`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use phusong::Error;
use phusong::io::ImportReport;
use phusong::io::communes::{CommuneFields, load_communes};
use phusong::io::villages::{VillageOptions, load_villages};
use phusong::lang::Lang;
use phusong::message::Front;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// Asserts that `e` names the file of the variant `variant` (a folder or file name in its
/// path) and is in the user's words, in English and in Vietnamese.
fn assert_user_words(e: &Error, variant: &str) {
    let en = e.text(Lang::En, Front::CommandLine);
    let vi = e.text(Lang::Vi, Front::Window);
    for m in [&en, &vi] {
        assert!(
            m.contains(variant),
            "{variant}: the message does not name the file: {m}"
        );
        for debug in [
            "Io(", "IoError", "Custom {", "kind:", "os error", "Some(", "Error {",
        ] {
            assert!(
                !m.contains(debug),
                "{variant}: Rust's words in the message: {m}"
            );
        }
    }
    // A library's own English text would reach a Vietnamese user untranslated.
    let lower = vi.to_lowercase();
    for english in [
        "error",
        "failed",
        "occurred",
        "invalid",
        "unexpected",
        "could not",
    ] {
        assert!(
            !lower.contains(english),
            "{variant}: English words in the Vietnamese message: {vi}"
        );
    }
}

/// Whether `report` says something is wrong that the undamaged file's report `pristine` does
/// not: rejected rows, a layer read in part, or a note of its own.
fn says_what_was_wrong(report: &ImportReport, pristine: &ImportReport) -> bool {
    let known: BTreeSet<String> = pristine.notes_en().into_iter().collect();
    report.rows_rejected() > pristine.rows_rejected()
        || report.incomplete.is_some()
        || report.notes_en().iter().any(|n| !known.contains(n))
}

/// The two shapefile layers of the demo, read as their users read them.
#[derive(Clone, Copy, Debug)]
enum Layer {
    Communes,
    Villages,
}

impl Layer {
    const BOTH: [Layer; 2] = [Layer::Communes, Layer::Villages];

    fn name(self) -> &'static str {
        match self {
            Layer::Communes => "communes",
            Layer::Villages => "villages",
        }
    }

    /// The layer's data, one entry per commune or village (everything a user sees of it:
    /// codes, names, units, every vertex), and its report.
    fn load(self, shp: &Path) -> Result<(Vec<Seen>, ImportReport), Error> {
        use geo::CoordsIter;
        match self {
            Layer::Communes => load_communes(shp, &CommuneFields::default()).map(|l| {
                let seen = l
                    .communes
                    .iter()
                    .map(|c| Seen {
                        text: format!(
                            "{}|{}|{}|{}|{} rings",
                            c.code,
                            c.name,
                            c.district,
                            c.province,
                            c.boundary
                                .0
                                .iter()
                                .map(|p| p.interiors().len() + 1)
                                .sum::<usize>()
                        ),
                        coords: c.boundary.coords_iter().flat_map(|c| [c.x, c.y]).collect(),
                    })
                    .collect();
                (seen, l.report)
            }),
            Layer::Villages => load_villages(shp, &VillageOptions::default()).map(|l| {
                let seen = l
                    .villages
                    .iter()
                    .map(|v| Seen {
                        text: format!("{}|{}|{:?}", v.name, v.record, v.listed),
                        coords: vec![v.location.x(), v.location.y()],
                    })
                    .collect();
                (seen, l.report)
            }),
        }
    }
}

/// A commune or village as loaded: its words, and its coordinates.
#[derive(Debug, PartialEq)]
struct Seen {
    text: String,
    coords: Vec<f64>,
}

/// How far a coordinate may move, in degrees (about 10 m), when the damage hit only the
/// low bytes of its number: a shapefile has no checksum, and a vertex a few metres off that
/// still lies in its record's bounding box is a vertex like any other. A reader can see a
/// coordinate damaged further (outside the box, no number).
const UNSEEABLE_DEG: f64 = 1e-4;

/// Whether `damaged` holds the same communes or villages as `pristine`, up to what no
/// reader can see.
fn same_data(damaged: &[Seen], pristine: &[Seen]) -> bool {
    damaged.len() == pristine.len()
        && damaged.iter().zip(pristine).all(|(d, p)| {
            d.text == p.text
                && d.coords.len() == p.coords.len()
                && d.coords
                    .iter()
                    .zip(&p.coords)
                    .all(|(a, b)| a == b || (a - b).abs() < UNSEEABLE_DEG)
        })
}

/// The demo layer's files as bytes, by extension.
struct Files {
    shp: Vec<u8>,
    shx: Vec<u8>,
    dbf: Vec<u8>,
}

impl Files {
    fn of(layer: Layer) -> Files {
        let read = |ext: &str| std::fs::read(data(&format!("{}.{ext}", layer.name()))).unwrap();
        Files {
            shp: read("shp"),
            shx: read("shx"),
            dbf: read("dbf"),
        }
    }

    /// Writes the files as `<dir>/<variant>/xa.*`, with the demo's `.prj` and `.cpg`; the
    /// `.shp`'s path.
    fn write(&self, layer: Layer, dir: &Path, variant: &str) -> PathBuf {
        let folder = dir.join(variant);
        std::fs::create_dir_all(&folder).unwrap();
        for (ext, bytes) in [("shp", &self.shp), ("shx", &self.shx), ("dbf", &self.dbf)] {
            std::fs::write(folder.join(format!("xa.{ext}")), bytes).unwrap();
        }
        for ext in ["prj", "cpg"] {
            std::fs::copy(
                data(&format!("{}.{ext}", layer.name())),
                folder.join(format!("xa.{ext}")),
            )
            .unwrap();
        }
        folder.join("xa.shp")
    }
}

/// Where each record of a `.shp` starts, walking its record headers.
fn record_starts(shp: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 100;
    while at + 8 <= shp.len() {
        starts.push(at);
        let words = u32::from_be_bytes(shp[at + 4..at + 8].try_into().unwrap()) as usize;
        at += 8 + 2 * words;
    }
    starts
}

fn set_be(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_be_bytes());
}

fn be(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// A damaged variant that loaded: whether its data is the undamaged file's, and its notes.
struct Loaded {
    variant: String,
    same: bool,
    notes: Vec<String>,
}

/// Loads every variant of `layer` and checks it ends in one of the three ways the module
/// allows; the variants that loaded (the rest were refused).
fn judge(layer: Layer, variants: Vec<(String, Files)>) -> Vec<Loaded> {
    let dir = tempfile::tempdir().unwrap();
    let pristine_shp = Files::of(layer).write(layer, dir.path(), "pristine");
    let (pristine, pristine_report) = layer.load(&pristine_shp).unwrap();
    let mut loaded = Vec::new();
    for (variant, files) in variants {
        let shp = files.write(layer, dir.path(), &variant);
        let outcome = std::panic::catch_unwind(|| layer.load(&shp))
            .unwrap_or_else(|_| panic!("{} {variant}: panicked", layer.name()));
        match outcome {
            Err(e) => assert_user_words(&e, &variant),
            Ok((seen, report)) => {
                let same = same_data(&seen, &pristine);
                assert!(
                    same || says_what_was_wrong(&report, &pristine_report),
                    "{} {variant}: other data than the undamaged file's, and the report says \
                     nothing of it ({} of {} alike):\n{report}",
                    layer.name(),
                    seen.iter().zip(&pristine).filter(|(a, b)| a == b).count(),
                    pristine.len(),
                );
                assert_eq!(
                    report.rows_read,
                    report.rows_used + report.rows_rejected(),
                    "{} {variant}: {report}",
                    layer.name()
                );
                loaded.push(Loaded {
                    variant,
                    same,
                    notes: report.notes_en(),
                });
            }
        }
    }
    loaded
}

/// A `.shp` cut short anywhere: in its header, between records, inside a record's header
/// and inside its points. Reading keeps the records before the cut and says where it
/// stopped, or refuses the file naming it.
#[test]
fn a_shp_cut_short_anywhere_keeps_the_records_before_and_says_so() {
    for layer in Layer::BOTH {
        let files = Files::of(layer);
        let len = files.shp.len();
        let starts = record_starts(&files.shp);
        let mut cuts: BTreeSet<usize> = (0..len).step_by(len / 40).collect();
        for &r in [1, starts.len() / 2, starts.len() - 1].iter() {
            let at = starts[r];
            cuts.extend([
                at,
                at + 1,
                at + 4,
                at + 8,
                at + 9,
                at + 12,
                at + 44,
                at + 52,
            ]);
        }
        cuts.extend([1, 24, 28, 99, 100, 101, 107, 108, len - 8, len - 1]);
        let variants = cuts
            .into_iter()
            .filter(|&c| c < len)
            .map(|cut| {
                let mut f = Files::of(layer);
                f.shp.truncate(cut);
                (format!("shp-cut-at-{cut}"), f)
            })
            .collect();
        judge(layer, variants);
    }
}

/// Eight bytes overwritten with 0xFF (huge counts, NaN coordinates) or 0x00 (zero lengths,
/// coordinates at 0°) at places spread over the whole `.shp`, the header included.
#[test]
fn a_shp_overwritten_with_ff_or_00_is_refused_or_reported() {
    for layer in Layer::BOTH {
        let len = Files::of(layer).shp.len();
        let mut variants = Vec::new();
        for fill in [0xFFu8, 0x00] {
            for at in (0..len - 8).step_by(len / 53) {
                let mut f = Files::of(layer);
                f.shp[at..at + 8].fill(fill);
                variants.push((format!("shp-{fill:02x}-at-{at}"), f));
            }
        }
        judge(layer, variants);
    }
}

/// Records whose content length is wrong: zero, a word short or long, half the file, and
/// larger than the file, at the first, a middle and the last record.
#[test]
fn a_record_content_length_that_lies_is_refused_or_reported() {
    for layer in Layer::BOTH {
        let pristine = Files::of(layer);
        let starts = record_starts(&pristine.shp);
        let mut variants = Vec::new();
        for r in [0, starts.len() / 2, starts.len() - 1] {
            let at = starts[r] + 4;
            let words = be(&pristine.shp, at);
            let half = (pristine.shp.len() / 4) as u32;
            for (what, value) in [
                ("zero", 0),
                ("short", words - 1),
                ("long", words + 1),
                ("half-file", half),
                ("huge", 0x7FFF_FFFF),
                ("max", u32::MAX),
            ] {
                let mut f = Files::of(layer);
                set_be(&mut f.shp, at, value);
                variants.push((format!("record-{}-length-{what}", r + 1), f));
            }
        }
        judge(layer, variants);
    }
}

/// A `.shp` header whose file length is wrong: too short for its records, a word short or
/// long, longer than the file, and nonsense.
#[test]
fn a_shp_header_file_length_that_lies_is_refused_or_reported() {
    for layer in Layer::BOTH {
        let pristine = Files::of(layer);
        let words = (pristine.shp.len() / 2) as u32;
        let mut variants = Vec::new();
        for (what, value) in [
            ("zero", 0),
            ("header-only", 50),
            ("one-record", 50 + be(&pristine.shp, 104) + 4),
            ("half", words / 2),
            ("word-short", words - 1),
            ("word-long", words + 1),
            ("longer", words + 1000),
            ("huge", 0x7FFF_FFFF),
            ("max", u32::MAX),
        ] {
            let mut f = Files::of(layer);
            set_be(&mut f.shp, 24, value);
            variants.push((format!("shp-length-{what}"), f));
        }
        judge(layer, variants);
    }
}

/// Every entry of the `.shx` damaged in turn: an offset past the end of the `.shp`, one
/// into the middle of its record, one at the next record, and a wrong content length. The
/// reader checks every entry against the `.shp`; when one is wrong it reads the records in
/// file order, and says so.
#[test]
fn every_shx_entry_is_checked_and_a_wrong_one_is_noted() {
    for layer in Layer::BOTH {
        let pristine = Files::of(layer);
        let entries = (pristine.shx.len() - 100) / 8;
        let mut variants = Vec::new();
        for e in 0..entries {
            let at = 100 + 8 * e;
            let offset = be(&pristine.shx, at);
            let length = be(&pristine.shx, at + 4);
            let next = if e + 1 < entries {
                be(&pristine.shx, at + 8)
            } else {
                offset - length - 4
            };
            for (what, field, value) in [
                ("past-end", 0, (pristine.shp.len() as u32) / 2 + 100),
                ("mid-record", 0, offset + 2),
                ("other-record", 0, next),
                ("length", 4, length + 2),
            ] {
                let mut f = Files::of(layer);
                set_be(&mut f.shx, at + field, value);
                variants.push((format!("shx-entry-{}-{what}", e + 1), f));
            }
        }
        for (what, value) in [("zero", 0), ("short", 54), ("huge", 0x7FFF_FFFF)] {
            let mut f = Files::of(layer);
            set_be(&mut f.shx, 24, value);
            variants.push((format!("shx-length-{what}"), f));
        }
        for cut in [
            0,
            50,
            100,
            104,
            pristine.shx.len() / 2,
            pristine.shx.len() - 1,
        ] {
            let mut f = Files::of(layer);
            f.shx.truncate(cut);
            variants.push((format!("shx-cut-at-{cut}"), f));
        }
        let count = variants.len();
        let loaded = judge(layer, variants);
        // The .shp is sound: every record is read, in file order, and the damaged index is
        // named (an index cut between its entries only lists fewer records).
        assert_eq!(loaded.len(), count, "{}", layer.name());
        for l in loaded {
            assert!(l.same, "{} {}: {:?}", layer.name(), l.variant, l.notes);
            let entry = l.variant.strip_prefix("shx-entry-").map(|rest| {
                format!(
                    "entry {} of the .shx index",
                    rest.split('-').next().unwrap_or("")
                )
            });
            let noted = match entry {
                Some(entry) => l.notes.iter().any(|n| n.to_lowercase().contains(&entry)),
                None => l.notes.iter().any(|n| n.contains(".shx")),
            };
            let cut_between_entries = l.variant == format!("shx-cut-at-{}", pristine.shx.len() / 2);
            assert!(
                noted || cut_between_entries,
                "{} {}: {:?}",
                layer.name(),
                l.variant,
                l.notes
            );
        }
    }
}

/// A `.dbf`'s columns: (name, offset in a record, width), and the header's record start and
/// record length.
struct DbfLayout {
    columns: Vec<(String, usize, usize)>,
    header_len: usize,
    record_len: usize,
}

impl DbfLayout {
    fn of(dbf: &[u8]) -> DbfLayout {
        let mut columns = Vec::new();
        let (mut at, mut offset) = (32, 1);
        while dbf[at] != 0x0D {
            let name = String::from_utf8_lossy(&dbf[at..at + 11])
                .trim_end_matches('\0')
                .to_string();
            let width = usize::from(dbf[at + 16]);
            columns.push((name, offset, width));
            offset += width;
            at += 32;
        }
        DbfLayout {
            columns,
            header_len: usize::from(u16::from_le_bytes([dbf[8], dbf[9]])),
            record_len: usize::from(u16::from_le_bytes([dbf[10], dbf[11]])),
        }
    }

    /// Where column `name` of record `record` (from 0) starts in the file.
    fn field(&self, record: usize, name: &str) -> (usize, usize) {
        let (_, offset, width) = self
            .columns
            .iter()
            .find(|c| c.0 == name)
            .unwrap_or_else(|| panic!("no column {name}"));
        (self.header_len + record * self.record_len + offset, *width)
    }
}

fn set_le16(bytes: &mut [u8], at: usize, value: u16) {
    bytes[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

/// A `.dbf` header that lies: the record count too large or too small, the header length
/// and the record length wrong, a column's width zero or the widest there is, the column
/// list without its terminator, a last-update date with month 0, and a record marked
/// deleted. Attributes are never read from the wrong bytes without the report saying so.
#[test]
fn a_dbf_header_that_lies_is_refused_or_reported() {
    for layer in Layer::BOTH {
        let pristine = Files::of(layer);
        let layout = DbfLayout::of(&pristine.dbf);
        let count = u32::from_le_bytes(pristine.dbf[4..8].try_into().unwrap());
        let (header_len, record_len) = (layout.header_len as u16, layout.record_len as u16);
        let mut variants = Vec::new();
        let mut variant = |what: String, damage: &dyn Fn(&mut Vec<u8>)| {
            let mut f = Files::of(layer);
            damage(&mut f.dbf);
            variants.push((what, f));
        };
        for (what, value) in [
            ("zero", 0),
            ("one-less", count - 1),
            ("one-more", count + 1),
            ("double", 2 * count),
            ("max", u32::MAX),
        ] {
            variant(format!("dbf-count-{what}"), &|d| {
                d[4..8].copy_from_slice(&value.to_le_bytes())
            });
        }
        for (what, value) in [
            ("zero", 0),
            ("header-only", 32),
            ("byte-short", header_len - 1),
            ("byte-long", header_len + 1),
            ("column-short", header_len - 32),
            ("column-long", header_len + 32),
            ("max", u16::MAX),
        ] {
            variant(format!("dbf-header-length-{what}"), &|d| {
                set_le16(d, 8, value)
            });
        }
        for (what, value) in [
            ("zero", 0),
            ("byte-short", record_len - 1),
            ("byte-long", record_len + 1),
            ("max", u16::MAX),
        ] {
            variant(format!("dbf-record-length-{what}"), &|d| {
                set_le16(d, 10, value)
            });
        }
        for (i, (_, _, width)) in layout.columns.iter().enumerate() {
            let at = 32 + 32 * i + 16;
            for (what, value) in [
                ("zero", 0u8),
                ("one-less", (*width as u8).saturating_sub(1)),
                ("huge", 255),
            ] {
                variant(format!("dbf-column-{}-width-{what}", i + 1), &|d| {
                    d[at] = value
                });
            }
        }
        let terminator = 32 + 32 * layout.columns.len();
        for value in [0x20u8, 0x00] {
            variant(format!("dbf-terminator-{value:02x}"), &|d| {
                d[terminator] = value
            });
        }
        variant("dbf-date-month-0".into(), &|d| d[2] = 0);
        variant("dbf-date-day-0".into(), &|d| d[3] = 0);
        for r in [0, count as usize / 2] {
            let at = layout.header_len + r * layout.record_len;
            variant(format!("dbf-record-{}-deleted", r + 1), &|d| d[at] = b'*');
            variant(format!("dbf-record-{}-flag-ff", r + 1), &|d| d[at] = 0xFF);
        }
        for cut in [
            0,
            4,
            12,
            31,
            32,
            33,
            100,
            layout.header_len,
            pristine.dbf.len() / 2,
        ] {
            variant(format!("dbf-cut-at-{cut}"), &|d| d.truncate(cut));
        }
        let loaded = judge(layer, variants);
        // A record marked deleted is left out with its shape, and said so; the others keep
        // their own attributes.
        for l in loaded.iter().filter(|l| l.variant.ends_with("-deleted")) {
            assert!(
                l.notes.iter().any(|n| n.contains("marked deleted")),
                "{} {}: {:?}",
                layer.name(),
                l.variant,
                l.notes
            );
        }
    }
}

/// The text of a name written as raw bytes that are not UTF-8 in a `.dbf` whose `.cpg` says
/// UTF-8: the commune or village is kept, and the report counts the value that cannot be
/// read in the encoding.
#[test]
fn raw_bytes_invalid_in_the_dbf_encoding_are_counted_in_the_report() {
    for (layer, column) in [(Layer::Communes, "commune_vn"), (Layer::Villages, "name")] {
        let layout = DbfLayout::of(&Files::of(layer).dbf);
        let mut variants = Vec::new();
        for (what, bytes) in [
            ("ff", &b"\xFF\xFE"[..]),
            ("lone-continuation", b"\x80\x80"),
            ("cut-sequence", b"Ba\xE1\xBA"),
            ("overlong", b"\xC0\xAF"),
            ("surrogate", b"\xED\xA0\x80"),
        ] {
            let mut f = Files::of(layer);
            let (at, width) = layout.field(4, column);
            assert!(bytes.len() <= width);
            f.dbf[at..at + bytes.len()].copy_from_slice(bytes);
            variants.push((format!("dbf-text-{what}"), f));
        }
        let dir = tempfile::tempdir().unwrap();
        for (variant, files) in variants {
            let shp = files.write(layer, dir.path(), &variant);
            let (_, report) = layer
                .load(&shp)
                .unwrap_or_else(|e| panic!("{variant}: {e}"));
            let text = report.text_encoding.as_ref().expect("a text report");
            assert!(
                text.undecodable_values >= 1 || !text.damaged.is_empty(),
                "{} {variant}: the damaged name is not reported:\n{report}",
                layer.name()
            );
            assert_eq!(report.rows_rejected(), 0, "{variant}: {report}");
        }
    }
}

mod logs {
    //! Signal logs damaged in one line.

    use std::path::{Path, PathBuf};

    use phusong::io::samples::{SampleFile, load_samples};
    use phusong::progress::Progress;

    fn fixtures() -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/samples");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "txt"))
            .filter(|p| !p.ends_with("not_a_signal_log.csv"))
            .collect();
        names.sort();
        names
    }

    /// The samples as text (a no-service sample's NaN signal compares equal so).
    fn seen(f: &SampleFile) -> Vec<String> {
        f.samples.iter().map(|s| format!("{s:?}")).collect()
    }

    /// The byte ranges of the lines of `bytes`, without their line ends.
    fn lines(bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                let end = if i > start && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                out.push((start, end));
                start = i + 1;
            }
        }
        if start < bytes.len() {
            out.push((start, bytes.len()));
        }
        out
    }

    /// Checks that the damaged log `damaged` (damaged in line `line`, 1-based) lost at most
    /// that line's sample, counted it when it did, and read every other line as the
    /// undamaged log `pristine` was read.
    pub(super) fn assert_costs_only_its_line(
        what: &str,
        pristine: &SampleFile,
        damaged: &SampleFile,
        line: u64,
    ) {
        let (a, b) = (seen(pristine), seen(damaged));
        let report = &damaged.report;
        assert_eq!(
            report.rows_read, pristine.report.rows_read,
            "{what}: the damage cost other lines than {line}:\n{report}"
        );
        assert_eq!(
            report.rows_read,
            report.rows_used + report.rows_rejected(),
            "{what}:\n{report}"
        );
        if a == b {
            return;
        }
        let differ: Vec<usize> = (0..a.len().max(b.len()))
            .filter(|&i| a.get(i) != b.get(i))
            .collect();
        if b.len() + 1 == a.len() {
            // One sample lost: the others are the same, and the line is counted.
            let lost = differ[0];
            let mut without = a.clone();
            without.remove(lost);
            assert_eq!(without, b, "{what}: other samples changed too");
            assert_eq!(
                report.rows_rejected(),
                pristine.report.rows_rejected() + 1,
                "{what}:\n{report}"
            );
            assert!(
                report
                    .rejected
                    .values()
                    .any(|r| r.first_lines.contains(&line)),
                "{what}: line {line} is not among the rejected lines:\n{report}"
            );
        } else {
            // One sample changed (its time could not be read, say): the report says so.
            assert_eq!(a.len(), b.len(), "{what}:\n{report}");
            assert_eq!(differ.len(), 1, "{what}: more than one sample changed");
            assert!(
                super::says_what_was_wrong(report, &pristine.report),
                "{what}: a sample changed and the report says nothing:\n{report}\n{}\n{}",
                a[differ[0]],
                b[differ[0]]
            );
        }
    }

    /// Each fixture log damaged in one data line: raw bytes that are not UTF-8, NUL bytes,
    /// a stray quote at the start or in the middle of a field, the line replaced by garbage.
    /// Only that line is lost, and it is counted with its line number.
    #[test]
    fn a_damaged_line_costs_only_that_line_and_is_counted() {
        let dir = tempfile::tempdir().unwrap();
        for path in fixtures() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            let pristine = load_samples(&path, &Progress::new()).unwrap();
            let ranges = lines(&bytes);
            // A data line in the middle of the file: the last is never the header.
            let k = (ranges.len() / 2).max(ranges.len() - 1 - ranges.len() / 3);
            let (start, end) = ranges[k];
            let text = &bytes[start..end];
            let separators: Vec<usize> = (0..text.len())
                .filter(|&i| matches!(text[i], b',' | b'\t' | b';'))
                .collect();
            let field = start + separators[separators.len() / 2] + 1;
            let mut variants: Vec<(String, Vec<u8>)> = Vec::new();
            for (what, insert) in [
                ("ff", &b"\xFF\xFE"[..]),
                ("cut-sequence", b"\xC3"),
                ("nul", b"\0"),
                ("nuls", b"\0\0\0\0\0\0\0\0"),
                ("quote", b"\""),
                ("quote-x", b"\"x"),
            ] {
                for (place, at) in [("field-start", field), ("in-field", field + 1)] {
                    let mut v = bytes.clone();
                    v.splice(at..at, insert.iter().copied());
                    variants.push((format!("{name}-{what}-at-{place}"), v));
                }
            }
            let mut v = bytes.clone();
            v.splice(start..end, b"\xFF\xFE\0\"garbage\xC3".iter().copied());
            variants.push((format!("{name}-garbage-line"), v));
            let mut v = bytes.clone();
            v[start..end].fill(0);
            variants.push((format!("{name}-line-of-nuls"), v));
            for (what, v) in variants {
                let file = dir.path().join(&what);
                std::fs::write(&file, &v).unwrap();
                let damaged =
                    load_samples(&file, &Progress::new()).unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_costs_only_its_line(&what, &pristine, &damaged, k as u64 + 1);
            }
        }
    }

    /// A phusong log of more than 16 MiB, so that it is memory-mapped and read in parallel
    /// chunks, damaged on lines spread through it (raw bytes that are not UTF-8, NUL bytes,
    /// a stray quote, a line of garbage) and cut short in its last line: each damaged line is
    /// counted with its number, every other line is read.
    #[test]
    fn a_damaged_log_over_16_mib_costs_only_its_damaged_lines() {
        let header = "lon,lat,operator,technology,signal_dbm,time\n";
        let row = |i: usize| {
            format!(
                "{:.6},{:.6},452-04,4G,-{}.5,2026-03-14T{:02}:{:02}:{:02}\n",
                105.5 + (i % 1000) as f64 * 1e-4,
                21.5 + (i / 1000) as f64 * 1e-4,
                70 + i % 40,
                i / 3600 % 24,
                i / 60 % 60,
                i % 60
            )
        };
        let mut bytes = header.as_bytes().to_vec();
        let mut rows = 0;
        while bytes.len() < (16 << 20) + (1 << 20) {
            bytes.extend_from_slice(row(rows).as_bytes());
            rows += 1;
        }
        // Line n (1-based) holds row n - 2. The damage goes into the latitude, so each damaged
        // line is a row without coordinates.
        let damaged_lines: Vec<(usize, &[u8])> = vec![
            (1_000, b"\xFF\xFE"),
            (50_000, b"\0"),
            (100_000, b"\""),
            (150_000, b"\xC3"),
            (rows / 2, b"\"x\""),
            (rows - 10, b"\0\0\0\0"),
        ];
        let mut text = Vec::with_capacity(bytes.len() + 64);
        for (line, chunk) in (1..).zip(bytes.split_inclusive(|&b| b == b'\n')) {
            match damaged_lines.iter().find(|(n, _)| *n == line) {
                Some((_, insert)) => {
                    let lat = chunk.iter().position(|&b| b == b',').unwrap() + 1;
                    text.extend_from_slice(&chunk[..lat]);
                    text.extend_from_slice(insert);
                    text.extend_from_slice(&chunk[lat..]);
                }
                None => text.extend_from_slice(chunk),
            }
        }
        // The last line cut in its signal: "-7", the operator and technology still there.
        let last = text[..text.len() - 1]
            .iter()
            .rposition(|&b| b == b'\n')
            .unwrap();
        let signal = last + 1 + row(rows - 1).find(",-").unwrap() + 2;
        text.truncate(signal + 1);
        assert!(text.len() > 16 << 20);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, &text).unwrap();
        drop(text);
        let f = load_samples(&path, &Progress::new()).unwrap();
        let report = &f.report;
        assert_eq!(report.rows_read, rows as u64, "{report}");
        assert_eq!(
            report.rows_used + report.rows_rejected(),
            report.rows_read,
            "{report}"
        );
        let mut rejected: Vec<u64> = report
            .rejected
            .values()
            .flat_map(|r| r.first_lines.iter().copied())
            .collect();
        rejected.sort();
        let mut expected: Vec<u64> = damaged_lines.iter().map(|(n, _)| *n as u64).collect();
        expected.push(rows as u64 + 1);
        expected.sort();
        assert_eq!(
            report.rows_rejected(),
            expected.len() as u64,
            "each damaged line is one row lost:\n{report}"
        );
        // The report keeps the first few line numbers of each reason.
        assert!(
            rejected.iter().all(|l| expected.contains(l)),
            "{rejected:?} {expected:?}\n{report}"
        );
        assert_eq!(f.samples.len() as u64, rows as u64 - expected.len() as u64);
    }
}

mod village_lists {
    //! Village lists damaged in one row, in a CSV file and in a workbook's sheet.

    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};

    use phusong::io::villages::{VillageLayer, VillageOptions, load_villages};

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/villages")
            .join(name)
    }

    fn seen(layer: &VillageLayer) -> Vec<String> {
        layer
            .villages
            .iter()
            .map(|v| format!("{}|{:?}|{}|{:?}", v.name, v.location, v.record, v.listed))
            .collect()
    }

    /// The damaged list lost at most the village of row `row` and counted it with its number,
    /// or kept it with a note (a damaged name); every other village is as in `pristine`.
    fn assert_costs_only_its_row(
        what: &str,
        pristine: &VillageLayer,
        damaged: &VillageLayer,
        row: u64,
    ) {
        let report = &damaged.report;
        assert_eq!(
            report.rows_read, pristine.report.rows_read,
            "{what}:\n{report}"
        );
        assert_eq!(
            report.rows_read,
            report.rows_used + report.rows_rejected(),
            "{what}:\n{report}"
        );
        let (a, b) = (seen(pristine), seen(damaged));
        let others = |v: &[String]| -> Vec<String> {
            let mine = format!("|{row}|");
            v.iter().filter(|s| !s.contains(&mine)).cloned().collect()
        };
        assert_eq!(others(&a), others(&b), "{what}: other villages changed");
        if a.len() == b.len() + 1 {
            assert!(
                report
                    .rejected
                    .values()
                    .any(|r| r.first_lines.contains(&row)),
                "{what}: row {row} is not among the rejected rows:\n{report}"
            );
        } else if a != b {
            assert!(
                super::says_what_was_wrong(report, &pristine.report),
                "{what}: a village changed and the report says nothing:\n{report}"
            );
        }
    }

    /// The Bắc Kạn CSV list (semicolons, a title above the header) damaged in one row: raw
    /// bytes that are not UTF-8 in the name and in a coordinate, NUL bytes, a stray quote, a
    /// row of garbage. Only that row is lost or flagged, counted with its line number.
    #[test]
    fn a_damaged_csv_row_costs_only_that_row_and_is_counted_by_line() {
        let path = fixture("thon-bac-kan.csv");
        let pristine = load_villages(&path, &VillageOptions::default()).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let starts: Vec<usize> = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .filter(|&i| i < bytes.len())
            .collect();
        let line = starts.len() / 2;
        let start = starts[line - 1];
        let end = starts[line] - 1;
        let fields: Vec<usize> = std::iter::once(start)
            .chain((start..end).filter(|&i| bytes[i] == b';').map(|i| i + 1))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        // Fields: STT;Tên thôn;Xã;Huyện;Kinh độ;Vĩ độ.
        for (column, at) in [
            ("name", fields[1]),
            ("longitude", fields[4]),
            ("latitude", fields[5] + 1),
        ] {
            for (what, insert) in [
                ("ff", &b"\xFF\xFE"[..]),
                ("cut-sequence", b"\xE1\xBA"),
                ("nul", b"\0"),
                ("quote", b"\""),
            ] {
                let mut v = bytes.clone();
                v.splice(at..at, insert.iter().copied());
                let name = format!("thon-{column}-{what}.csv");
                let file = dir.path().join(&name);
                std::fs::write(&file, &v).unwrap();
                let damaged = load_villages(&file, &VillageOptions::default())
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_costs_only_its_row(&name, &pristine, &damaged, line as u64);
            }
        }
        let mut v = bytes.clone();
        v.splice(start..end, b"\xFF\0\"garbage;\xC3;;".iter().copied());
        let file = dir.path().join("thon-garbage.csv");
        std::fs::write(&file, &v).unwrap();
        let damaged = load_villages(&file, &VillageOptions::default()).unwrap();
        assert_costs_only_its_row("thon-garbage.csv", &pristine, &damaged, line as u64);
    }

    /// The Bắc Kạn workbook with one row's cells damaged inside the sheet (a coordinate that
    /// is text, a control character in a name): the row is rejected or flagged with its
    /// number, the others are read as before.
    #[test]
    fn a_damaged_row_in_a_workbook_costs_only_that_row_and_is_counted_by_row() {
        let path = fixture("thon-bac-kan.xlsx");
        let pristine = load_villages(&path, &VillageOptions::default()).unwrap();
        let row = pristine.villages[pristine.villages.len() / 2].record;
        let bytes = std::fs::read(&path).unwrap();
        let dir = tempfile::tempdir().unwrap();
        // The sheet's XML, with the row's cells.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        // The list's sheet: the largest (the others are notes for whoever fills it in).
        let sheet_name = (0..zip.len())
            .map(|i| {
                let entry = zip.by_index(i).unwrap();
                (entry.size(), entry.name().to_string())
            })
            .filter(|(_, n)| n.starts_with("xl/worksheets/sheet"))
            .max()
            .unwrap()
            .1;
        let mut sheet = String::new();
        zip.by_name(&sheet_name)
            .unwrap()
            .read_to_string(&mut sheet)
            .unwrap();
        let row_at = sheet.find(&format!("<row r=\"{row}\"")).unwrap();
        let row_end = row_at + sheet[row_at..].find("</row>").unwrap();
        let cells = &sheet[row_at..row_end];
        let numbers: Vec<usize> = cells
            .match_indices("<v>")
            .map(|(i, _)| row_at + i + 3)
            .collect();
        let last_number = *numbers.last().unwrap();
        for (what, damage) in [
            ("coordinate-text", "x"),
            ("coordinate-nan", "NaN"),
            ("coordinate-huge", "9"),
        ] {
            let mut s = sheet.clone();
            s.insert_str(last_number, damage);
            let name = format!("thon-{what}.xlsx");
            let file = dir.path().join(&name);
            write_zip_with(&bytes, &sheet_name, &s, &file);
            let damaged = load_villages(&file, &VillageOptions::default())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_costs_only_its_row(&name, &pristine, &damaged, row);
        }
    }

    /// `original` (a zip) with `part` replaced by `text`, written to `to`.
    fn write_zip_with(original: &[u8], part: &str, text: &str, to: &Path) {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
        let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().to_string();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            if name == part {
                out.write_all(text.as_bytes()).unwrap();
            } else {
                out.write_all(&content).unwrap();
            }
        }
        out.finish().unwrap();
    }
}
