//! The national-scale benchmark: `cargo bench --bench national`.
//!
//! Builds (once, cached under `target/bench-national/`) a synthetic case the size of all of
//! Vietnam after the July 2025 reform: 3,300 commune polygons tiling the mainland (jittered
//! cells sharing their edges, a few with lakes), 80,000 village points inside them and 10
//! million drive-test samples from the project's own generator (`phusong::demo`, province by
//! province) in one CSV of the project's format (about 570 MB). Then it times
//!
//! 1. `phusong analyze` end to end, as a child process of the release binary: wall time, CPU
//!    time and the child's peak resident memory (`wait4`'s `ru_maxrss`, plus the heap and
//!    mapped-file parts polled from `/proc`), three runs;
//! 2. in process: each stage of the load on its own (communes, villages, the sample CSV,
//!    BLAKE3 checksum, `SampleIndex::new`, the commune lookup), `Dataset::load` as a whole, the
//!    exports, the map's sample raster (`rasterize`, the whole case and a province-sized view)
//!    and commune shapes, and `Dataset::evaluate` re-run with several parameter sets;
//! 3. the desktop app's frame time with the case loaded in it (`national/frames.rs`), the
//!    frames that take a new result in (the load's, and what-if changes of the parameters),
//!    and the time from a new window to the demo's figures on screen.
//!
//! Every measurement waits until other processes leave the machine nearly idle (up to two
//! minutes) and reports how many cores they used meanwhile. The table is printed and written
//! to `target/bench-national/results.md` with the machine and the date.
//!
//! Options (after `--`):
//! - `--quick` (or `PHUSONG_BENCH_QUICK=1`): a 1/20-scale case at the same densities (the 165
//!   communes nearest Hà Nội, 4,000 villages, 500,000 samples), results in `results-quick.md`;
//!   a smoke test that takes seconds.
//! - `--regenerate`: rebuild the cached case.
//! - `--runs N`: end-to-end runs (default 3; 0 skips them and writes no results file).
//! - `--no-stages`: skip the single-stage timings.
//! - `--no-frames`: skip the desktop app's frame times (3. below); `--frames-only`: only them.
//! - `--rerun-only`: only the rule's re-runs over each village's nearest samples
//!   ([`phusong::reach`]), on the cached case, each checked against the index's.
//! - `--json`: besides the text, one JSON object a line per figure as it is taken
//!   (`{"figure": "evaluate radius 500 m", "value": 0.024, "unit": "s", "target": 0.05}`,
//!   `target` where the figure has one). Every what-if re-run's figure starts with `evaluate`.
//!
//! The results start with a table of every figure that has a target ([`target`]) and whether
//! it was met; the analyze runs' `villages.csv` is checked against the one the first run on
//! this case recorded (`villages.csv.blake3` in the case's folder, with its commit).
//! - `--verify`: check the sample index against a plain R-tree of every sample at every
//!   village (300, 500 and 1,000 m), a minute more at full scale.
//!
//! The case is the same for the same [`SEED`] and [`CASE_VERSION`] (both in the folder name):
//! bump the version when the generated case changes.

#[path = "national/frames.rs"]
mod frames;

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use geo::{BoundingRect, Contains, LineString, Point, Polygon, Validation};
use phusong::analysis::{Dataset, Inputs};
use phusong::demo::{
    SAMPLES_CSV_HEADER, SignalModel, format_time, generate_samples, write_samples,
};
use phusong::index::{CommuneIndex, SampleIndex};
use phusong::io::communes::{CommuneFields, load_communes};
use phusong::io::samples::load_samples;
use phusong::io::villages::{VillageOptions, load_villages};
use phusong::map::{CommuneShapes, LonLatBox, MapView, Projection, SampleLayer, rasterize};
use phusong::model::{Generation, Operator, Sample};
use phusong::progress::Progress;
use phusong::rule::{Filters, Params};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use shapefile::dbase::{FieldName, FieldValue, Record, TableWriterBuilder};
use shapefile::{PolygonRing, ShapeWriter};

/// Seed of everything generated.
const SEED: u64 = 20_260_314;
/// Bump when the generated case changes; it is part of the cache folder's name.
const CASE_VERSION: u32 = 1;
/// The targets on the reference machine (2 cores, 24 GB), each an upper bound.
mod target {
    /// `phusong analyze` end to end, every output: an eighth of DuckDB's time for the same
    /// job on the same machine and data (23.8–25.7 s).
    pub const ANALYZE_S: f64 = 3.0;
    pub const ANALYZE_PEAK_MB: f64 = 700.0;
    /// `Dataset::load` (the bare CSV scan of DuckDB is 1.6 s).
    pub const LOAD_S: f64 = 2.0;
    /// Every table, report and GIS file of an analysis.
    pub const EXPORTS_S: f64 = 0.5;
    /// A what-if re-run of the rule on the loaded data, any parameter.
    pub const RERUN_S: f64 = 0.05;
    /// Every frame of the window (95th percentile), and the one that takes a new result in.
    pub const FRAME_P95_MS: f64 = 16.0;
    pub const RESULT_FRAME_MS: f64 = 33.0;
    /// From a new window to the demo's figures on screen.
    pub const START_S: f64 = 1.0;
    /// The time parser on times with a zone, against the same times without one.
    pub const ZONE_OVER_PLAIN: f64 = 1.25;
}

/// How big a case is.
#[derive(Clone, Copy, Debug)]
struct Scale {
    name: &'static str,
    communes: usize,
    villages: usize,
    samples: usize,
}

const FULL: Scale = Scale {
    name: "full",
    communes: 3_300,
    villages: 80_000,
    samples: 10_000_000,
};
/// One twentieth of the country, at the same densities (the communes nearest Hà Nội).
const QUICK: Scale = Scale {
    name: "quick",
    communes: 165,
    villages: 4_000,
    samples: 500_000,
};

/// Where a quick case is centred.
const QUICK_CENTRE: (f64, f64) = (105.85, 21.03);

/// Provinces after the July 2025 reform.
const PROVINCES: usize = 34;
/// Communes per district (districts were abolished in 2025, but many files still carry them).
const COMMUNES_PER_DISTRICT: usize = 10;

/// Side roads driven out and back per village, tuned so that the generator makes a little more
/// than [`Scale::samples`] (the surplus is thinned out evenly).
const SPURS_PER_VILLAGE: f64 = 0.1;

fn main() {
    if let Err(e) = run() {
        eprintln!("national bench: {e:#}");
        std::process::exit(1);
    }
}

struct Options {
    scale: Scale,
    regenerate: bool,
    runs: usize,
    /// Check the sample index against a plain R-tree of every sample, for every village.
    verify: bool,
    /// Time each load stage on its own before the whole load (`--no-stages` skips them).
    stages: bool,
    /// Time the desktop app's frames with the case loaded (`--no-frames` skips them).
    frames: bool,
    /// Only the app's frames (`--frames-only`).
    frames_only: bool,
    /// Only the rule's re-runs, on the cached case (`--rerun-only`).
    rerun_only: bool,
    /// A JSON object a line per figure, besides the text (`--json`).
    json: bool,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env_quick = std::env::var("PHUSONG_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
    let quick = env_quick || args.iter().any(|a| a == "--quick");
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    Options {
        scale: if quick { QUICK } else { FULL },
        regenerate: args.iter().any(|a| a == "--regenerate"),
        runs,
        verify: args.iter().any(|a| a == "--verify"),
        stages: !args.iter().any(|a| a == "--no-stages"),
        frames: !args.iter().any(|a| a == "--no-frames"),
        frames_only: args.iter().any(|a| a == "--frames-only"),
        rerun_only: args.iter().any(|a| a == "--rerun-only"),
        json: args.iter().any(|a| a == "--json"),
    }
}

fn run() -> anyhow::Result<()> {
    let opts = options();
    let scale = opts.scale;
    let root = target_dir().join("bench-national");
    let case_dir = root.join(format!("v{CASE_VERSION}-seed{SEED}-{}", scale.name));
    println!(
        "phusong national benchmark ({} case) in {}",
        scale.name,
        case_dir.display()
    );

    let case = ensure_case(&case_dir, scale, opts.regenerate)?;
    println!(
        "case: {} communes, {} villages, {} samples ({:.0} MB CSV, {} … {})",
        thousands(case.communes as u64),
        thousands(case.villages as u64),
        thousands(case.samples as u64),
        case.csv_bytes as f64 / 1e6,
        case.first_time,
        case.last_time
    );

    if opts.frames_only {
        let f = frames::measure(&case.inputs())?;
        let mut figures = Figures::new(opts.json);
        frame_figures(&f, &mut figures);
        let shown = frames::demo_shown(3)?;
        let name = "start: a new window to the demo's figures on screen (best of 3)";
        figures.add(name, shown.as_secs_f64(), "s", Some(target::START_S));
        println!(
            "{}\n{}",
            figures.targets_markdown(scale.name == "full"),
            f.markdown()
        );
        return Ok(());
    }
    if opts.rerun_only {
        let dataset = Dataset::load(&case.inputs(), &Progress::new())?;
        let sets = rerun_sets(case.first_day.parse()?, &Params::default());
        let mut figures = Figures::new(opts.json);
        reruns_near(&dataset, &sets, &mut figures)?;
        println!("\n{}", figures.targets_markdown(scale.name == "full"));
        return Ok(());
    }
    let mut report = Report::new(scale, &case, opts.json);

    // 1. End to end, as the user runs it.
    warm_page_cache(&case.samples_csv())?;
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_phusong"));
    for run in 1..=opts.runs {
        let out = tempfile::Builder::new()
            .prefix("analyze-")
            .tempdir_in(&root)?;
        wait_for_quiet();
        let r = run_analyze(&exe, &case, out.path())?;
        println!(
            "analyze run {run}: {:.2} s wall, {:.2} s CPU, peak RSS {:.0} MB (anonymous {:.0} MB, mapped files {:.0} MB), \
             other processes {:.2} cores",
            r.wall.as_secs_f64(),
            r.cpu.as_secs_f64(),
            r.max_rss_bytes as f64 / 1e6,
            r.max_anon_bytes as f64 / 1e6,
            r.max_file_bytes as f64 / 1e6,
            r.background_cores
        );
        report.villages_csv = Some(check_villages_csv(&case_dir, &out.path().join("ketqua"))?);
        report.analyze_runs.push(r);
    }
    if !report.analyze_runs.is_empty() {
        let runs = &report.analyze_runs;
        let walls: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64()).collect();
        let peaks: Vec<f64> = runs.iter().map(|r| r.max_rss_bytes as f64 / 1e6).collect();
        let n = runs.len();
        let (wall, peak) = (median(&walls), median(&peaks));
        let name = format!("analyze end to end (median of {n})");
        report.figures.add(name, wall, "s", Some(target::ANALYZE_S));
        let name = format!("analyze peak memory (median of {n})");
        report
            .figures
            .add(name, peak, "MB", Some(target::ANALYZE_PEAK_MB));
    }

    // 2. In process, stage by stage; each stage alone, so the sum is more than the load,
    //    which overlaps some of them.
    in_process(&case, &root, &opts, &mut report)?;

    let frames = match opts.frames {
        true => {
            let f = frames::measure(&case.inputs())?;
            frame_figures(&f, &mut report.figures);
            let shown = frames::demo_shown(3)?;
            let name = "start: a new window to the demo's figures on screen (best of 3)";
            report
                .figures
                .add(name, shown.as_secs_f64(), "s", Some(target::START_S));
            Some((f, shown))
        }
        false => None,
    };
    let mut md = report.markdown();
    if let Some((f, shown)) = frames {
        md.push('\n');
        md.push_str(&f.markdown());
        let _ = writeln!(
            md,
            "\nA new window on the demo province (first start) shows its figures {:.0} ms after it is made \
             (in process, best of 3: the demo read and analysed on the app's threads while the window draws).",
            shown.as_secs_f64() * 1e3
        );
    }
    println!("\n{md}");
    let results = root.join(if scale.name == "full" {
        "results.md".to_string()
    } else {
        format!("results-{}.md", scale.name)
    });
    if opts.runs > 0 {
        std::fs::write(&results, &md)?;
        println!("written: {}", results.display());
    }
    Ok(())
}

/// `CARGO_TARGET_DIR`, or `target/` of the package.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

// ---------------------------------------------------------------------------------------------
// The case: communes, villages, samples.
// ---------------------------------------------------------------------------------------------

/// What `case.json` records of a generated case.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Case {
    #[serde(skip)]
    dir: PathBuf,
    version: u32,
    seed: u64,
    scale: String,
    communes: usize,
    villages: usize,
    samples: usize,
    samples_generated: usize,
    csv_bytes: u64,
    first_time: String,
    last_time: String,
    /// First day of the surveys (for the date filter).
    first_day: String,
    generation_s: f64,
}

impl Case {
    fn communes_shp(&self) -> PathBuf {
        self.dir.join("communes.shp")
    }
    fn villages_shp(&self) -> PathBuf {
        self.dir.join("villages.shp")
    }
    fn samples_csv(&self) -> PathBuf {
        self.dir.join("samples.csv")
    }
    fn inputs(&self) -> Inputs {
        Inputs {
            communes: self.communes_shp(),
            villages: self.villages_shp(),
            samples: vec![self.samples_csv()],
            ..Inputs::default()
        }
    }
}

/// The cached case in `dir`, generated first when missing or incomplete.
fn ensure_case(dir: &Path, scale: Scale, regenerate: bool) -> anyhow::Result<Case> {
    let manifest = dir.join("case.json");
    if !regenerate && let Ok(text) = std::fs::read_to_string(&manifest) {
        let mut case: Case = serde_json::from_str(&text)?;
        case.dir = dir.to_path_buf();
        let csv_ok = std::fs::metadata(case.samples_csv()).is_ok_and(|m| m.len() == case.csv_bytes);
        if csv_ok && case.communes_shp().exists() && case.villages_shp().exists() {
            println!(
                "using the cached case (generated in {:.1} s)",
                case.generation_s
            );
            return Ok(case);
        }
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let started = Instant::now();
    let mut case = generate_case(dir, scale)?;
    case.generation_s = started.elapsed().as_secs_f64();
    // Written last: a case without it is incomplete and made again.
    std::fs::write(&manifest, serde_json::to_string_pretty(&case)?)?;
    println!("generated the case in {:.1} s", case.generation_s);
    Ok(case)
}

/// A hand-drawn outline of mainland Vietnam (lon, lat), good to ten or twenty kilometres:
/// the land the communes tile. Islands are left out.
const VIETNAM_OUTLINE: &[(f64, f64)] = &[
    // The north: Lũng Cú, then the Chinese border east to Móng Cái.
    (105.32, 23.39),
    (105.90, 22.95),
    (106.30, 22.90),
    (106.70, 22.85),
    (106.75, 22.45),
    (107.05, 22.20),
    (107.40, 22.05),
    (107.97, 21.53),
    // The coast south: Hạ Long, the Red River delta, Thanh Hóa, Nghệ An, Hà Tĩnh.
    (107.40, 21.20),
    (107.00, 20.85),
    (106.60, 20.50),
    (106.20, 20.00),
    (105.95, 19.60),
    (105.80, 19.05),
    (105.75, 18.75),
    (106.20, 18.20),
    // Quảng Bình to Đà Nẵng, the south-central coast, Cam Ranh, Phan Thiết, Vũng Tàu.
    (106.60, 17.50),
    (107.10, 16.85),
    (107.60, 16.50),
    (108.25, 16.05),
    (108.60, 15.50),
    (108.90, 15.10),
    (109.10, 14.50),
    (109.20, 14.00),
    (109.30, 13.10),
    (109.45, 12.60),
    (109.20, 11.90),
    (109.05, 11.50),
    (108.50, 11.00),
    (107.90, 10.70),
    (107.10, 10.35),
    // The Mekong delta to Cà Mau and up the Gulf of Thailand to Hà Tiên.
    (106.75, 10.20),
    (106.50, 9.90),
    (106.20, 9.50),
    (105.80, 9.20),
    (105.30, 8.75),
    (104.75, 8.60),
    (104.85, 9.40),
    (105.05, 9.95),
    (104.48, 10.40),
    // The Cambodian border north to the tri-border in Kon Tum.
    (105.10, 10.95),
    (105.60, 10.90),
    (106.10, 11.10),
    (106.20, 11.70),
    (106.45, 11.95),
    (106.80, 12.20),
    (107.50, 12.30),
    (107.55, 12.90),
    (107.50, 13.60),
    (107.55, 14.65),
    // The Laotian border north-west to Điện Biên.
    (107.30, 15.30),
    (107.20, 15.90),
    (106.75, 16.40),
    (106.50, 16.95),
    (106.10, 17.40),
    (105.60, 18.10),
    (105.20, 18.60),
    (104.60, 19.00),
    (104.00, 19.30),
    (104.30, 19.80),
    (104.50, 20.30),
    (104.10, 20.70),
    (103.70, 20.70),
    (103.20, 20.85),
    (102.90, 21.30),
    (102.65, 21.70),
    (102.15, 22.40),
    (102.50, 22.75),
    // The Chinese border back east to Lũng Cú.
    (103.00, 22.50),
    (103.50, 22.80),
    (104.00, 22.50),
    (104.35, 22.75),
    (104.80, 23.15),
];

/// A 64-bit hash of integers: the same value for the same keys in any order of calls.
fn hash(keys: &[i64]) -> u64 {
    let mut z = SEED;
    for &k in keys {
        z ^= (k as u64)
            .wrapping_add(0x9E37_79B9_7F4A_7C15)
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
    }
    z
}

/// A hash as a number in -1..1.
fn signed_unit(keys: &[i64]) -> f64 {
    (hash(keys) >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

/// The jittered lattice the communes are cut from. Cell `(i, j)` is column `i` (west to east)
/// and row `j` (south to north); its outline runs through its four corners and the midpoint of
/// each edge, all computed from the integer keys alone, so neighbours share their edges exactly.
struct Lattice {
    x0: f64,
    y0: f64,
    /// Cell size in degrees of longitude and latitude.
    sx: f64,
    sy: f64,
}

impl Lattice {
    /// Corners move up to this share of a cell, edge midpoints a little less: the outlines
    /// stay simple polygons (checked by [`Validation`]).
    const CORNER_JITTER: f64 = 0.16;
    const MID_ALONG: f64 = 0.06;
    const MID_ACROSS: f64 = 0.09;

    fn new(size_deg: f64) -> Lattice {
        // Square-ish cells in kilometres at the country's middle latitude.
        let sx = size_deg / 16f64.to_radians().cos();
        Lattice {
            x0: 102.0,
            y0: 8.4,
            sx,
            sy: size_deg,
        }
    }

    fn columns(&self) -> i64 {
        ((109.6 - self.x0) / self.sx).ceil() as i64
    }

    fn rows(&self) -> i64 {
        ((23.5 - self.y0) / self.sy).ceil() as i64
    }

    fn centre(&self, i: i64, j: i64) -> (f64, f64) {
        (
            self.x0 + (i as f64 + 0.5) * self.sx,
            self.y0 + (j as f64 + 0.5) * self.sy,
        )
    }

    fn corner(&self, i: i64, j: i64) -> (f64, f64) {
        (
            self.x0 + (i as f64 + Self::CORNER_JITTER * signed_unit(&[1, i, j])) * self.sx,
            self.y0 + (j as f64 + Self::CORNER_JITTER * signed_unit(&[2, i, j])) * self.sy,
        )
    }

    /// The midpoint of the edge from corner `(i, j)` to `(i + 1, j)`.
    fn mid_east(&self, i: i64, j: i64) -> (f64, f64) {
        let (a, b) = (self.corner(i, j), self.corner(i + 1, j));
        (
            (a.0 + b.0) / 2.0 + Self::MID_ALONG * signed_unit(&[3, i, j]) * self.sx,
            (a.1 + b.1) / 2.0 + Self::MID_ACROSS * signed_unit(&[4, i, j]) * self.sy,
        )
    }

    /// The midpoint of the edge from corner `(i, j)` to `(i, j + 1)`.
    fn mid_north(&self, i: i64, j: i64) -> (f64, f64) {
        let (a, b) = (self.corner(i, j), self.corner(i, j + 1));
        (
            (a.0 + b.0) / 2.0 + Self::MID_ACROSS * signed_unit(&[5, i, j]) * self.sx,
            (a.1 + b.1) / 2.0 + Self::MID_ALONG * signed_unit(&[6, i, j]) * self.sy,
        )
    }

    /// The outline of cell `(i, j)`, counter-clockwise, closed.
    fn outline(&self, i: i64, j: i64) -> Vec<(f64, f64)> {
        vec![
            self.corner(i, j),
            self.mid_east(i, j),
            self.corner(i + 1, j),
            self.mid_north(i + 1, j),
            self.corner(i + 1, j + 1),
            self.mid_east(i, j + 1),
            self.corner(i, j + 1),
            self.mid_north(i, j),
            self.corner(i, j),
        ]
    }

    /// About one cell in seventy has a lake: a small diamond around its centre, well inside.
    fn hole(&self, i: i64, j: i64) -> Option<Vec<(f64, f64)>> {
        if !hash(&[7, i, j]).is_multiple_of(70) {
            return None;
        }
        let (cx, cy) = self.centre(i, j);
        let (rx, ry) = (0.07 * self.sx, 0.07 * self.sy);
        Some(vec![
            (cx, cy - ry),
            (cx - rx, cy),
            (cx, cy + ry),
            (cx + rx, cy),
            (cx, cy - ry),
        ])
    }

    /// The cells whose centre is on land.
    fn land_cells(&self, land: &Polygon<f64>) -> Vec<(i64, i64)> {
        let mut cells = Vec::new();
        for j in (0..self.rows()).rev() {
            for i in 0..self.columns() {
                let (x, y) = self.centre(i, j);
                if land.contains(&Point::new(x, y)) {
                    cells.push((i, j));
                }
            }
        }
        cells
    }
}

/// One generated commune.
struct GenCommune {
    code: String,
    name: String,
    district: String,
    province: String,
    polygon: Polygon<f64>,
    /// Index of its province (the sample generator works province by province).
    province_i: usize,
}

/// One generated village.
struct GenVillage {
    point: Point<f64>,
    name: String,
    fclass: &'static str,
    province_i: usize,
}

const SYLLABLES: [&str; 66] = [
    "An",
    "Bình",
    "Cẩm",
    "Đông",
    "Hà",
    "Hòa",
    "Hưng",
    "Kim",
    "Lạc",
    "Long",
    "Minh",
    "Nam",
    "Nghĩa",
    "Ngọc",
    "Phú",
    "Phúc",
    "Quang",
    "Sơn",
    "Tân",
    "Thạch",
    "Thanh",
    "Thành",
    "Thịnh",
    "Thuận",
    "Tiến",
    "Trung",
    "Vĩnh",
    "Xuân",
    "Yên",
    "Đại",
    "Đức",
    "Hải",
    "Lâm",
    "Lương",
    "Mỹ",
    "Phong",
    "Tây",
    "Trường",
    "Văn",
    "Việt",
    "Bắc",
    "Hồng",
    "Lộc",
    "Hợp",
    "Khánh",
    "Quý",
    "Tường",
    "Châu",
    "Cường",
    "Định",
    "Giang",
    "Hiệp",
    "Hoàng",
    "Lợi",
    "Mai",
    "Nhân",
    "Ninh",
    "Phước",
    "Sông",
    "Thái",
    "Thắng",
    "Thượng",
    "Tú",
    "Vân",
    "Quỳnh",
    "Diễn",
];
/// Syllables of Tày, Nùng, Thái and H'Mông place names in the northern hills.
const HIGHLAND: [&str; 18] = [
    "Nà", "Pác", "Khuổi", "Bó", "Mường", "Phiêng", "Lũng", "Cốc", "Nặm", "Huổi", "Pò", "Khau",
    "Co", "Tà", "Séo", "Lủng", "Sín", "Nậm",
];

fn pick<'a>(rng: &mut ChaCha8Rng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len() as u64) as usize]
}

fn two_syllables(rng: &mut ChaCha8Rng, highland: bool) -> String {
    let first = if highland && rng.random::<f64>() < 0.6 {
        pick(rng, &HIGHLAND)
    } else {
        pick(rng, &SYLLABLES)
    };
    let mut second = pick(rng, &SYLLABLES);
    while second == first {
        second = pick(rng, &SYLLABLES);
    }
    format!("{first} {second}")
}

/// Names not used before in `taken`.
fn unique_name(
    rng: &mut ChaCha8Rng,
    taken: &mut std::collections::HashSet<String>,
    make: impl Fn(&mut ChaCha8Rng) -> String,
) -> String {
    loop {
        let name = make(rng);
        if taken.insert(name.clone()) {
            return name;
        }
    }
}

/// `count` seeds spread over `points` (farthest-point sampling from the first point), then each
/// point's nearest seed: a rough Voronoi partition into regions of similar size.
fn partition(points: &[(f64, f64)], count: usize) -> Vec<usize> {
    let count = count.clamp(1, points.len().max(1));
    let d2 = |a: (f64, f64), b: (f64, f64)| {
        let kx = ((a.1 + b.1) / 2.0).to_radians().cos();
        ((a.0 - b.0) * kx).powi(2) + (a.1 - b.1).powi(2)
    };
    let mut seeds = vec![0usize];
    let mut nearest: Vec<f64> = points.iter().map(|p| d2(*p, points[0])).collect();
    while seeds.len() < count {
        let far = nearest
            .iter()
            .enumerate()
            .fold(0, |best, (i, d)| if *d > nearest[best] { i } else { best });
        seeds.push(far);
        for (n, p) in nearest.iter_mut().zip(points) {
            *n = n.min(d2(*p, points[far]));
        }
    }
    points
        .iter()
        .map(|p| {
            (0..seeds.len())
                .min_by(|&a, &b| d2(*p, points[seeds[a]]).total_cmp(&d2(*p, points[seeds[b]])))
                .unwrap_or(0)
        })
        .collect()
}

/// The communes: land cells of a lattice sized so that exactly `FULL.communes` tile the
/// country, or for a smaller scale the cells nearest [`QUICK_CENTRE`].
fn make_communes(scale: Scale) -> anyhow::Result<Vec<GenCommune>> {
    let land = Polygon::new(LineString::from(VIETNAM_OUTLINE.to_vec()), vec![]);
    // The largest cell size that still gives enough land cells.
    let (mut lo, mut hi) = (0.02_f64, 0.5_f64);
    for _ in 0..50 {
        let mid = (lo + hi) / 2.0;
        if Lattice::new(mid).land_cells(&land).len() >= FULL.communes {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let lattice = Lattice::new(lo);
    let mut cells = lattice.land_cells(&land);
    // Drop the surplus from the coast: the cells with fewest land neighbours.
    while cells.len() > FULL.communes {
        let set: std::collections::HashSet<(i64, i64)> = cells.iter().copied().collect();
        let neighbours = |&(i, j): &(i64, i64)| {
            [(i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1)]
                .iter()
                .filter(|c| set.contains(c))
                .count()
        };
        let worst = (0..cells.len())
            .min_by_key(|&k| (neighbours(&cells[k]), std::cmp::Reverse(k)))
            .unwrap_or(0);
        cells.remove(worst);
    }

    let centres: Vec<(f64, f64)> = cells.iter().map(|&(i, j)| lattice.centre(i, j)).collect();
    let province_of = partition(&centres, PROVINCES);
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut taken = std::collections::HashSet::new();
    let province_names: Vec<String> = (0..PROVINCES)
        .map(|_| {
            unique_name(&mut rng, &mut taken, |r| {
                format!("Tỉnh {}", two_syllables(r, false))
            })
        })
        .collect();
    let mut district_of = vec![(0usize, String::new()); cells.len()];
    for p in 0..PROVINCES {
        let members: Vec<usize> = (0..cells.len()).filter(|&c| province_of[c] == p).collect();
        let points: Vec<(f64, f64)> = members.iter().map(|&c| centres[c]).collect();
        let count = (members.len() as f64 / COMMUNES_PER_DISTRICT as f64)
            .round()
            .max(1.0) as usize;
        let parts = partition(&points, count);
        let names: Vec<String> = (0..count)
            .map(|k| {
                let kind = if k == 0 {
                    "Thành phố"
                } else if rng.random::<f64>() < 0.1 {
                    "Thị xã"
                } else {
                    "Huyện"
                };
                let highland = centres[members[0]].1 > 20.5;
                unique_name(&mut rng, &mut taken, |r| {
                    format!("{kind} {}", two_syllables(r, highland))
                })
            })
            .collect();
        for (m, part) in members.iter().zip(parts) {
            district_of[*m] = (part, names[part].clone());
        }
    }

    let mut communes = Vec::with_capacity(cells.len());
    let mut invalid = 0;
    for (k, &(i, j)) in cells.iter().enumerate() {
        let highland = centres[k].1 > 20.5;
        let kind = if district_of[k].0 == 0 && rng.random::<f64>() < 0.5 {
            "Phường"
        } else {
            "Xã"
        };
        let name = format!("{kind} {}", two_syllables(&mut rng, highland));
        let interiors = lattice
            .hole(i, j)
            .into_iter()
            .map(LineString::from)
            .collect();
        let polygon = Polygon::new(LineString::from(lattice.outline(i, j)), interiors);
        if !polygon.is_valid() {
            invalid += 1;
        }
        communes.push(GenCommune {
            code: format!("{:05}", k + 1),
            name,
            district: district_of[k].1.clone(),
            province: province_names[province_of[k]].clone(),
            polygon,
            province_i: province_of[k],
        });
    }
    anyhow::ensure!(
        invalid == 0,
        "{invalid} generated commune outlines are not simple polygons"
    );

    if scale.communes < communes.len() {
        let d2 = |c: &GenCommune| {
            let r = c
                .polygon
                .bounding_rect()
                .map(|r| r.center())
                .unwrap_or_default();
            ((r.x - QUICK_CENTRE.0) * 0.94).powi(2) + (r.y - QUICK_CENTRE.1).powi(2)
        };
        let mut order: Vec<usize> = (0..communes.len()).collect();
        order.sort_by(|&a, &b| {
            d2(&communes[a])
                .total_cmp(&d2(&communes[b]))
                .then(a.cmp(&b))
        });
        let mut keep = vec![false; communes.len()];
        for &k in &order[..scale.communes] {
            keep[k] = true;
        }
        let mut k = 0;
        communes.retain(|_| {
            k += 1;
            keep[k - 1]
        });
    }
    Ok(communes)
}

/// `scale.villages` villages, shared out among the communes with random weights and placed
/// uniformly inside them (never in a lake).
fn make_villages(communes: &[GenCommune], scale: Scale) -> Vec<GenVillage> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ 0x5649_4C4C);
    let weights: Vec<f64> = communes
        .iter()
        .map(|_| 0.35 + 1.3 * rng.random::<f64>())
        .collect();
    let total: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| w / total * scale.villages as f64)
        .collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut by_remainder: Vec<usize> = (0..communes.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    let short = scale.villages - counts.iter().sum::<usize>();
    for &k in by_remainder.iter().take(short) {
        counts[k] += 1;
    }

    let mut villages = Vec::with_capacity(scale.villages);
    for (c, count) in communes.iter().zip(counts) {
        let Some(rect) = c.polygon.bounding_rect() else {
            continue;
        };
        let highland = rect.center().y > 20.5;
        let mut numbered = 0;
        for _ in 0..count {
            let point = loop {
                let p = Point::new(
                    rect.min().x + rect.width() * rng.random::<f64>(),
                    rect.min().y + rect.height() * rng.random::<f64>(),
                );
                if c.polygon.contains(&p) {
                    break p;
                }
            };
            let u = rng.random::<f64>();
            let name = if u < 0.2 {
                numbered += 1;
                format!("Thôn {numbered}")
            } else if u < 0.25 {
                String::new() // Unnamed, as in OSM.
            } else {
                let prefix = if highland {
                    pick(&mut rng, &["Bản", "Thôn", "Xóm", "Bản"])
                } else {
                    pick(&mut rng, &["Thôn", "Xóm", "Làng", "Ấp"])
                };
                format!("{prefix} {}", two_syllables(&mut rng, highland))
            };
            let fclass = if rng.random::<f64>() < 0.7 {
                "village"
            } else {
                "hamlet"
            };
            villages.push(GenVillage {
                point: Point::new(round6(point.x()), round6(point.y())),
                name,
                fclass,
                province_i: c.province_i,
            });
        }
    }
    villages
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

const WGS84_PRJ: &str = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

fn field(name: &str) -> anyhow::Result<FieldName> {
    FieldName::try_from(name).map_err(|e| anyhow::anyhow!("field {name:?}: {e:?}"))
}

fn text(value: &str) -> FieldValue {
    FieldValue::Character(if value.is_empty() {
        None
    } else {
        Some(value.to_string())
    })
}

/// Writes `.shp .shx .dbf` with the shapefile crate, then `.prj` (WGS84) and `.cpg` (UTF-8).
fn write_shapefile<S: shapefile::record::EsriShape>(
    shp: &Path,
    table: TableWriterBuilder,
    items: impl Iterator<Item = (S, Record)>,
) -> anyhow::Result<()> {
    let mut shapes = ShapeWriter::with_shx(
        BufWriter::new(File::create(shp.with_extension("shp"))?),
        BufWriter::new(File::create(shp.with_extension("shx"))?),
    );
    let mut records =
        table.build_with_dest(BufWriter::new(File::create(shp.with_extension("dbf"))?));
    for (shape, record) in items {
        shapes.write_shape(&shape)?;
        records.write_record(&record)?;
    }
    shapes.finalize()?;
    records.finalize()?;
    std::fs::write(shp.with_extension("prj"), WGS84_PRJ)?;
    std::fs::write(shp.with_extension("cpg"), "UTF-8")?;
    Ok(())
}

fn write_communes(shp: &Path, communes: &[GenCommune]) -> anyhow::Result<()> {
    let table = TableWriterBuilder::new()
        .add_character_field(field("commune_id")?, 10)
        .add_character_field(field("commune_vn")?, 80)
        .add_character_field(field("district_v")?, 80)
        .add_character_field(field("province_v")?, 80);
    let ring = |line: &LineString<f64>| {
        line.coords()
            .map(|c| shapefile::Point::new(c.x, c.y))
            .collect::<Vec<_>>()
    };
    let items = communes.iter().map(|c| {
        let mut rings = vec![PolygonRing::Outer(ring(c.polygon.exterior()))];
        rings.extend(
            c.polygon
                .interiors()
                .iter()
                .map(|h| PolygonRing::Inner(ring(h))),
        );
        let mut record = Record::default();
        record.insert("commune_id".into(), text(&c.code));
        record.insert("commune_vn".into(), text(&c.name));
        record.insert("district_v".into(), text(&c.district));
        record.insert("province_v".into(), text(&c.province));
        (shapefile::Polygon::with_rings(rings), record)
    });
    write_shapefile(shp, table, items)
}

fn write_villages(shp: &Path, villages: &[GenVillage]) -> anyhow::Result<()> {
    let table = TableWriterBuilder::new()
        .add_character_field(field("osm_id")?, 12)
        .add_character_field(field("fclass")?, 10)
        .add_character_field(field("name")?, 80);
    let items = villages.iter().enumerate().map(|(k, v)| {
        let mut record = Record::default();
        record.insert("osm_id".into(), text(&(900_000_000 + k).to_string()));
        record.insert("fclass".into(), text(v.fclass));
        record.insert("name".into(), text(&v.name));
        (shapefile::Point::new(v.point.x(), v.point.y()), record)
    });
    write_shapefile(shp, table, items)
}

/// Samples for every province from the project's generator (`phusong::demo`), provinces in
/// parallel, each from its own seed; then thinned evenly to exactly `scale.samples`.
fn make_samples(villages: &[GenVillage], scale: Scale) -> (Vec<Vec<Sample>>, usize) {
    let mut provinces: Vec<usize> = villages.iter().map(|v| v.province_i).collect();
    provinces.sort_unstable();
    provinces.dedup();
    let model = SignalModel {
        spurs_per_village: SPURS_PER_VILLAGE,
        ..SignalModel::default()
    };
    let chunks: Vec<Vec<Sample>> = provinces
        .par_iter()
        .map(|&p| {
            let points: Vec<Point<f64>> = villages
                .iter()
                .filter(|v| v.province_i == p)
                .map(|v| v.point)
                .collect();
            let mut rng = ChaCha8Rng::seed_from_u64(
                SEED ^ (p as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            generate_samples(&points, &model, &mut rng)
        })
        .collect();
    let generated: usize = chunks.iter().map(Vec::len).sum();
    if generated <= scale.samples {
        eprintln!(
            "note: the generator made {generated} samples, fewer than the {} wanted; raise SPURS_PER_VILLAGE",
            scale.samples
        );
        return (chunks, generated);
    }
    // Keep global index i when floor((i + 1) T / N) > floor(i T / N): exactly T, evenly spread.
    let (t, n) = (scale.samples as u128, generated as u128);
    let mut i: u128 = 0;
    let thinned = chunks
        .into_iter()
        .map(|chunk| {
            chunk
                .into_iter()
                .filter(|_| {
                    let keep = (i + 1) * t / n > i * t / n;
                    i += 1;
                    keep
                })
                .collect::<Vec<Sample>>()
        })
        .collect();
    (thinned, generated)
}

/// Writes sample rows exactly as `phusong::demo::write_samples` does, about ten times faster:
/// the generator's coordinates and signals are already rounded to 6 and 1 decimals, so they
/// are printed from integers, and dates are formatted once per day.
#[derive(Default)]
struct CsvRows {
    operators: Vec<(Operator, String)>,
    day: Option<(i64, String)>,
}

impl CsvRows {
    fn push(&mut self, out: &mut Vec<u8>, s: &Sample) {
        fixed(out, s.lon, 1e6, 6);
        out.push(b',');
        fixed(out, s.lat, 1e6, 6);
        out.push(b',');
        let operator = match self.operators.iter().find(|(o, _)| *o == s.operator) {
            Some((_, text)) => text,
            None => {
                self.operators.push((s.operator, s.operator.to_string()));
                &self.operators[self.operators.len() - 1].1
            }
        };
        out.extend_from_slice(operator.as_bytes());
        out.push(b',');
        out.extend_from_slice(s.technology.label().as_bytes());
        out.push(b',');
        if s.signal_dbm.is_finite() {
            fixed(out, s.signal_dbm, 10.0, 1);
        }
        out.push(b',');
        if s.time_s != phusong::model::NO_TIME {
            let (day, second) = (s.time_s.div_euclid(86_400), s.time_s.rem_euclid(86_400));
            if self.day.as_ref().is_none_or(|(d, _)| *d != day) {
                let date = format_time(day * 86_400);
                self.day = Some((day, date[..11].to_string()));
            }
            if let Some((_, date)) = &self.day {
                out.extend_from_slice(date.as_bytes());
            }
            let _ = write!(
                out,
                "{:02}:{:02}:{:02}",
                second / 3600,
                second / 60 % 60,
                second % 60
            );
        }
        out.push(b'\n');
    }
}

/// `value` with `decimals` decimals, for a value already rounded to them (`scale` = 10^decimals).
fn fixed(out: &mut Vec<u8>, value: f64, scale: f64, decimals: usize) {
    let units = (value * scale).round() as i64;
    if units < 0 {
        out.push(b'-');
    }
    let units = units.unsigned_abs();
    let pow = 10u64.pow(decimals as u32);
    let _ = write!(out, "{}.{:0decimals$}", units / pow, units % pow);
}

fn generate_case(dir: &Path, scale: Scale) -> anyhow::Result<Case> {
    let t = Instant::now();
    let communes = make_communes(scale)?;
    let villages = make_villages(&communes, scale);
    write_communes(&dir.join("communes.shp"), &communes)?;
    write_villages(&dir.join("villages.shp"), &villages)?;
    println!(
        "  communes and villages: {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let (chunks, generated) = make_samples(&villages, scale);
    let samples: usize = chunks.iter().map(Vec::len).sum();
    println!(
        "  {} samples generated, {} kept: {:.1} s",
        thousands(generated as u64),
        thousands(samples as u64),
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let (first, last) = chunks
        .iter()
        .flatten()
        .fold((i64::MAX, i64::MIN), |(lo, hi), s| {
            (lo.min(s.time_s), hi.max(s.time_s))
        });
    // Formatted in parallel by a lean writer, checked against the project's own
    // (`phusong::demo::write_samples`) on the first rows of every province, written in order.
    let texts: Vec<Vec<u8>> = chunks
        .par_iter()
        .enumerate()
        .map(|(k, chunk)| -> anyhow::Result<Vec<u8>> {
            let mut buf = Vec::with_capacity(chunk.len() * 58 + 64);
            if k == 0 {
                buf.extend_from_slice(SAMPLES_CSV_HEADER.as_bytes());
                buf.push(b'\n');
            }
            let mut writer = CsvRows::default();
            let check = chunk.len().min(2_000);
            for s in chunk {
                writer.push(&mut buf, s);
            }
            let mut reference = Vec::new();
            write_samples(&mut reference, &chunk[..check])?;
            let header_len = SAMPLES_CSV_HEADER.len() + 1;
            let mine = if k == 0 { &buf[header_len..] } else { &buf[..] };
            anyhow::ensure!(
                mine.starts_with(&reference[header_len..]),
                "the bench's CSV writer and phusong::demo::write_samples disagree in province {k}"
            );
            Ok(buf)
        })
        .collect::<anyhow::Result<_>>()?;
    drop(chunks);
    let csv = dir.join("samples.csv");
    let mut out = BufWriter::with_capacity(1 << 22, File::create(&csv)?);
    for text in &texts {
        out.write_all(text)?;
    }
    out.flush()?;
    drop(out);
    let csv_bytes = std::fs::metadata(&csv)?.len();
    println!(
        "  samples.csv ({:.0} MB): {:.1} s",
        csv_bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    Ok(Case {
        dir: dir.to_path_buf(),
        version: CASE_VERSION,
        seed: SEED,
        scale: scale.name.to_string(),
        communes: communes.len(),
        villages: villages.len(),
        samples,
        samples_generated: generated,
        csv_bytes,
        first_time: format_time(first),
        last_time: format_time(last),
        first_day: SignalModel::default().first_day.to_string(),
        generation_s: 0.0,
    })
}

// ---------------------------------------------------------------------------------------------
// Measuring.
// ---------------------------------------------------------------------------------------------

/// One end-to-end run of `phusong analyze`.
#[derive(Clone, Copy, Debug)]
struct AnalyzeRun {
    wall: Duration,
    /// User plus system time of the child.
    cpu: Duration,
    /// The child's peak resident memory (`ru_maxrss`).
    max_rss_bytes: u64,
    /// The largest anonymous (heap) and file-backed (mapped files) resident memory seen while
    /// polling the child every few milliseconds.
    max_anon_bytes: u64,
    max_file_bytes: u64,
    /// CPU time other processes used meanwhile, per second of wall time.
    background_cores: f64,
}

/// Reads the file once so every run starts with it in the page cache.
fn warm_page_cache(path: &Path) -> anyhow::Result<()> {
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 1 << 22];
    while f.read(&mut buf)? > 0 {}
    Ok(())
}

/// Busy time of the whole machine (all CPUs, everything but idle and I/O wait), from
/// `/proc/stat`.
fn machine_busy() -> Duration {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal
    let busy: u64 = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&k| ticks.get(k))
        .sum();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_nanos(busy.saturating_mul(1_000_000_000) / hz)
}

/// CPU time of this process so far (all threads).
fn own_cpu() -> Duration {
    // SAFETY: an all-zero rusage is valid for getrusage to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a pointer to a live local.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    timeval(usage.ru_utime) + timeval(usage.ru_stime)
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
}

/// Measures how busy other processes keep the machine while something runs.
struct Background {
    machine: Duration,
    own: Duration,
    started: Instant,
}

impl Background {
    fn start() -> Background {
        Background {
            machine: machine_busy(),
            own: own_cpu(),
            started: Instant::now(),
        }
    }

    /// Cores other processes used on average, given the CPU time of our children meanwhile.
    fn cores(&self, children_cpu: Duration) -> f64 {
        let machine = machine_busy().saturating_sub(self.machine);
        let ours = own_cpu().saturating_sub(self.own) + children_cpu;
        machine.saturating_sub(ours).as_secs_f64() / self.started.elapsed().as_secs_f64().max(1e-3)
    }
}

/// Waits (up to two minutes) until other processes leave the machine nearly idle, so that
/// other people's builds do not end up in the figures. Returns the seconds waited.
fn wait_for_quiet() -> f64 {
    let started = Instant::now();
    let mut quiet_windows = 0;
    while started.elapsed() < Duration::from_secs(120) {
        let b = Background::start();
        std::thread::sleep(Duration::from_millis(400));
        if b.cores(Duration::ZERO) < 0.15 {
            quiet_windows += 1;
            if quiet_windows == 2 {
                break;
            }
        } else {
            quiet_windows = 0;
        }
    }
    let waited = started.elapsed().as_secs_f64();
    if waited > 2.0 {
        println!("(waited {waited:.0} s for other processes to quieten)");
    }
    waited
}

/// `RssAnon` and `RssFile` of a process, in bytes.
fn rss_of(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|k| k * 1024)
    };
    Some((kb("RssAnon:")?, kb("RssFile:")?))
}

fn run_analyze(exe: &Path, case: &Case, out: &Path) -> anyhow::Result<AnalyzeRun> {
    let stderr_path = out.join("stderr.txt");
    // The child starts on this process's memory (posix_spawn shares it until exec) and the
    // kernel counts its peak into the child's ru_maxrss: reset our own peak to our (small)
    // current size first.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let background = Background::start();
    let started = Instant::now();
    let child = Command::new(exe)
        .arg("analyze")
        .arg("--communes")
        .arg(case.communes_shp())
        .arg("--villages")
        .arg(case.villages_shp())
        .arg("--samples")
        .arg(case.samples_csv())
        .arg("--out")
        .arg(out.join("ketqua"))
        .arg("--quiet")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&stderr_path)?)
        .spawn()?;
    let pid = child.id();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let poller = {
        let done = done.clone();
        std::thread::spawn(move || {
            let (mut anon, mut file) = (0, 0);
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some((a, f)) = rss_of(pid) {
                    anon = anon.max(a);
                    file = file.max(f);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            (anon, file)
        })
    };
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not waited for yet; both pointers are to live locals.
    // Waiting with wait4 rather than `Child::wait` gives this child's own resource usage.
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let (max_anon_bytes, max_file_bytes) = poller.join().unwrap_or((0, 0));
    drop(child);
    anyhow::ensure!(
        waited == pid as libc::pid_t,
        "wait4 failed: {}",
        std::io::Error::last_os_error()
    );
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        anyhow::bail!(
            "phusong analyze failed (status {status}): {}",
            stderr.trim()
        );
    }
    let cpu = timeval(usage.ru_utime) + timeval(usage.ru_stime);
    Ok(AnalyzeRun {
        wall,
        cpu,
        max_rss_bytes: usage.ru_maxrss.max(0) as u64 * 1024,
        max_anon_bytes,
        max_file_bytes,
        background_cores: background.cores(cpu),
    })
}

/// `VmRSS` and `VmHWM` of this process, in bytes.
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0)
            * 1024
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

/// Measures a stage: its time, how far the resident memory rose above where it started (the
/// peak is reset first through `/proc/self/clear_refs`, where the kernel allows it), and how
/// busy other processes kept the machine meanwhile. Waits for a quiet machine first.
fn stage<T>(f: impl FnOnce() -> T) -> (T, Measured) {
    wait_for_quiet();
    let can_reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let (before, _) = rss();
    let background = Background::start();
    let t = Instant::now();
    let value = f();
    let time = t.elapsed();
    let (_, peak) = rss();
    let measured = Measured {
        time,
        peak_rise: can_reset.then(|| peak.saturating_sub(before)),
        background_cores: background.cores(Duration::ZERO),
    };
    (value, measured)
}

#[derive(Clone, Copy, Debug)]
struct Measured {
    time: Duration,
    peak_rise: Option<u64>,
    background_cores: f64,
}

struct StageRow {
    name: String,
    measured: Measured,
    note: String,
}

struct SearchRow {
    radius_m: f64,
    times: Vec<Duration>,
    background_cores: f64,
    found: u64,
}

struct EvalRow {
    name: String,
    times: Vec<Duration>,
    background_cores: f64,
    flagged: u32,
    not_surveyed: u32,
    filtered_out: u64,
}

/// Each stage of the load on its own.
fn single_stages(case: &Case, report: &mut Report) -> anyhow::Result<()> {
    let inputs = case.inputs();
    let progress = Progress::new();
    let (communes, m) = stage(|| load_communes(&inputs.communes, &CommuneFields::default()));
    let communes = communes?;
    report.stage(
        "read communes (shapefile)",
        m,
        format!("{} polygons", communes.communes.len()),
    );
    let (villages, m) = stage(|| load_villages(&inputs.villages, &VillageOptions::default()));
    let villages = villages?;
    report.stage(
        "read villages (shapefile)",
        m,
        format!("{} points", villages.villages.len()),
    );
    let ((_, located), m) = stage(|| {
        let index = CommuneIndex::new(&communes.communes);
        let located = villages
            .villages
            .par_iter()
            .filter(|v| index.locate(&communes.communes, v.location).is_some())
            .count();
        (index, located)
    });
    report.stage(
        "commune index + locate villages",
        m,
        format!("{located} villages in a commune"),
    );
    drop((communes, villages));

    let (file, m) = stage(|| load_samples(&case.samples_csv(), &progress));
    let file = file?;
    report.stage(
        "read samples (CSV)",
        m,
        format!(
            "{} samples, {:.0} MB/s; `Vec<Sample>` {} MB ({} B a sample) + the mapped file",
            thousands(file.samples.len() as u64),
            case.csv_bytes as f64 / 1e6 / m.time.as_secs_f64(),
            file.samples.capacity() * std::mem::size_of::<Sample>() / 1_000_000,
            std::mem::size_of::<Sample>(),
        ),
    );
    let (index, m) = stage(|| SampleIndex::new(&file.samples));
    report.stage(
        "`SampleIndex::new`",
        m,
        format!("{} points", thousands(index.len() as u64)),
    );
    drop(index);
    drop(file);
    let (_, m) = stage(|| checksum_file(&case.samples_csv()));
    report.stage(
        "BLAKE3 checksum of the sample CSV",
        m,
        format!(
            "{:.0} MB/s, one core",
            case.csv_bytes as f64 / 1e6 / m.time.as_secs_f64()
        ),
    );

    Ok(())
}

fn in_process(case: &Case, root: &Path, opts: &Options, report: &mut Report) -> anyhow::Result<()> {
    let inputs = case.inputs();
    let progress = Progress::new();

    if opts.stages {
        single_stages(case, report)?;
    }

    // The whole load, as every front calls it.
    let (dataset, m) = stage(|| Dataset::load(&inputs, &progress));
    let dataset = dataset?;
    report.stage_with_target(
        "**`Dataset::load`** (all of the above, overlapped)",
        m,
        String::new(),
        Some(target::LOAD_S),
    );
    let (rss_now, _) = rss();
    report.resident_after_load = rss_now;
    if opts.verify {
        for radius_m in [300.0, 500.0, 1000.0] {
            let t = Instant::now();
            let checked = verify_index(&dataset, radius_m)?;
            println!(
                "verify: the sample index agrees with a plain R-tree at {radius_m} m for all {checked} villages ({:.1} s)",
                t.elapsed().as_secs_f64()
            );
        }
    }

    let base = Params::default();
    let (eval, m) = stage(|| dataset.evaluate(&base));
    report.stage(
        "`Dataset::evaluate` (defaults), first run",
        m,
        String::new(),
    );
    let out = tempfile::Builder::new()
        .prefix("exports-")
        .tempdir_in(root)?;
    // Three runs, each into a new folder, as `analyze` end to end is timed three times: one
    // run on this machine varies by a fifth.
    let mut runs = Vec::new();
    for i in 0..3 {
        let (written, m) = stage(|| {
            let dir = out.path().join(format!("run{i}"));
            phusong::export::write_all(&dir, &dataset, &eval, phusong::lang::Lang::Vi)
        });
        written?;
        runs.push(m);
    }
    let times: Vec<f64> = runs.iter().map(|m| m.time.as_secs_f64()).collect();
    runs.sort_by_key(|m| m.time);
    let m = Measured {
        peak_rise: runs.iter().filter_map(|m| m.peak_rise).max(),
        ..runs[1]
    };
    report.stage_with_target(
        &format!(
            "write the {} exports (side by side, median of 3)",
            phusong::export::output_files().len()
        ),
        m,
        format!(
            "the tables, the Excel and Word reports, the annexes' PDF, the GIS layers; runs {:.2} / {:.2} / {:.2} s",
            times[0], times[1], times[2]
        ),
        Some(target::EXPORTS_S),
    );
    let sheet = phusong::export::map::MapSheet::everything(
        phusong::map::Layers::default(),
        phusong::lang::Lang::Vi,
    );
    let (maps, m) =
        stage(|| phusong::export::write_maps(out.path(), &dataset, &eval, &sheet, "map"));
    let bytes: u64 = (maps?.iter())
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    report.stage(
        "the printed map of everything: SVG, PNG (A4, 300 dpi) and PDF",
        m,
        format!("{:.1} MB in the three files", bytes as f64 / 1e6),
    );
    report.village_stats = village_stats(&eval.villages);
    drop(eval);

    map_stages(&dataset, report);

    let sets = rerun_sets(case.first_day.parse()?, &base);
    let repeats = 5;
    // The radius searches alone (counting what they find), for comparison with the whole rule.
    for radius_m in [500.0, 1000.0] {
        wait_for_quiet();
        let background = Background::start();
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..repeats {
            let t = Instant::now();
            found = dataset
                .villages
                .par_iter()
                .map(|v| {
                    let mut n = 0u64;
                    dataset.sample_index().for_each_within(
                        &dataset.samples,
                        v.location,
                        radius_m,
                        |_| n += 1,
                    );
                    n
                })
                .sum::<u64>();
            times.push(t.elapsed());
        }
        let background_cores = background.cores(Duration::ZERO);
        println!(
            "radius search alone, {radius_m} m: min {:.3} s, {found} samples found",
            times
                .iter()
                .min()
                .copied()
                .unwrap_or_default()
                .as_secs_f64()
        );
        report.searches.push(SearchRow {
            radius_m,
            times,
            background_cores,
            found,
        });
    }
    for (name, params) in &sets {
        wait_for_quiet();
        let background = Background::start();
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..repeats {
            let t = Instant::now();
            let eval = dataset.evaluate(params);
            times.push(t.elapsed());
            last = Some(eval);
        }
        let background_cores = background.cores(Duration::ZERO);
        let Some(eval) = last else { continue };
        report.figures.add(
            format!("rule over the index, {name}"),
            times
                .iter()
                .min()
                .copied()
                .unwrap_or_default()
                .as_secs_f64(),
            "s",
            None,
        );
        println!(
            "rule over the index, {name}: min {:.3} s, other processes {background_cores:.2} cores",
            times
                .iter()
                .min()
                .copied()
                .unwrap_or_default()
                .as_secs_f64()
        );
        report.evals.push(EvalRow {
            name: name.clone(),
            times,
            background_cores,
            flagged: eval.rollup.total.flagged,
            not_surveyed: eval.rollup.total.not_surveyed,
            filtered_out: eval.samples_filtered_out,
        });
    }
    reruns_near(&dataset, &sets, &mut report.figures)?;
    time_parser(&mut report.figures);
    Ok(())
}

/// The time parser over a million times of one shape, with a zone and without: the best of
/// five rounds each, in seconds.
fn time_parser(figures: &mut Figures) {
    let plain: Vec<String> = (0..1_000_000)
        .map(|i| format_time(1_773_454_865 + i * 7))
        .collect();
    let zoned: Vec<String> = plain.iter().map(|t| format!("{t}Z")).collect();
    let best = |times: &[String]| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                let sum: i64 = times
                    .iter()
                    .filter_map(|s| phusong::io::time::parse_time(s))
                    .sum();
                std::hint::black_box(sum);
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let (p, z) = (best(&plain), best(&zoned));
    figures.add("parse_time, 1,000,000 times without a zone", p, "s", None);
    figures.add("parse_time, 1,000,000 times with a zone (Z)", z, "s", None);
    let name = "parse_time with a zone, against without";
    figures.add(name, z / p, "×", Some(target::ZONE_OVER_PLAIN));
    println!("parse_time: {p:.3} s without a zone, {z:.3} s with one (1,000,000 times)");
}

/// Every frame figure: the 95th percentile of each situation, the frames that took results.
fn frame_figures(f: &frames::Frames, figures: &mut Figures) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    for r in &f.rows {
        let name = format!("frame p95, {}", r.situation);
        figures.add(name, ms(r.p95), "ms", Some(target::FRAME_P95_MS));
    }
    let name = "the frame that takes the loaded case in";
    figures.add(
        name,
        ms(f.load_result_frame),
        "ms",
        Some(target::RESULT_FRAME_MS),
    );
    let name = format!(
        "the frame that takes a what-if result in (the longest of {})",
        f.result_frames.frames
    );
    figures.add(
        name,
        ms(f.result_frames.max),
        "ms",
        Some(target::RESULT_FRAME_MS),
    );
    let name = "a what-if change to its figures on screen (the longest)";
    figures.add(name, ms(f.change_to_figures.max), "ms", None);
    let name = "a what-if change to its figures on screen, 60 Hz refreshes (the most)";
    figures.add(name, f.change_to_figures_frames as f64, "refreshes", None);
}

/// The BLAKE3 of `villages.csv` in `out`, checked against the one recorded for this case
/// (recorded on the first run, with its commit): what the report says of it.
fn check_villages_csv(case_dir: &Path, out: &Path) -> anyhow::Result<String> {
    let hash = blake3::hash(&std::fs::read(out.join("villages.csv"))?)
        .to_hex()
        .to_string();
    let reference = case_dir.join("villages.csv.blake3");
    let Ok(recorded) = std::fs::read_to_string(&reference) else {
        let commit = machine()
            .rsplit("commit ")
            .next()
            .unwrap_or("?")
            .to_string();
        std::fs::write(&reference, format!("{hash} {commit}\n"))?;
        return Ok(format!(
            "`villages.csv` BLAKE3 {hash}: recorded as this case's reference"
        ));
    };
    let (want, by) = recorded
        .trim()
        .split_once(' ')
        .unwrap_or((recorded.trim(), "?"));
    Ok(match want == hash {
        true => format!("`villages.csv` BLAKE3 {hash}: the same as the reference (commit {by})"),
        false => format!(
            "`villages.csv` BLAKE3 {hash}: **differs** from the reference {want} (commit {by})"
        ),
    })
}

/// The parameter sets the rule is re-run with.
fn rerun_sets(first_day: NaiveDate, base: &Params) -> Vec<(String, Params)> {
    let last_day = first_day + Days::new(6);
    vec![
        (
            "defaults (500 m, 3 samples, share 0.5, 4G)".into(),
            base.clone(),
        ),
        (
            "radius 300 m".into(),
            Params {
                radius_m: 300.0,
                ..base.clone()
            },
        ),
        (
            "radius 500 m".into(),
            Params {
                radius_m: 500.0,
                ..base.clone()
            },
        ),
        (
            "radius 1000 m".into(),
            Params {
                radius_m: 1000.0,
                ..base.clone()
            },
        ),
        (
            "min_samples 5".into(),
            Params {
                min_samples: 5,
                ..base.clone()
            },
        ),
        (
            "required 3G".into(),
            Params {
                required: Generation::G3,
                ..base.clone()
            },
        ),
        (
            "operator 452-04 only".into(),
            Params {
                filters: Filters {
                    operators: vec![Operator::new(452, 4)],
                    ..Filters::default()
                },
                ..base.clone()
            },
        ),
        (
            format!("dates {first_day} to {last_day}"),
            Params {
                filters: Filters {
                    from: Some(first_day),
                    to: Some(last_day),
                    ..Filters::default()
                },
                ..base.clone()
            },
        ),
    ]
}

/// The rule re-run over each village's nearest samples ([`phusong::reach`]): the lists'
/// making and memory, and each set of `sets` timed, its outcomes checked village by village
/// against the index's.
fn reruns_near(
    dataset: &Dataset,
    sets: &[(String, Params)],
    figures: &mut Figures,
) -> anyhow::Result<()> {
    wait_for_quiet();
    let t = Instant::now();
    let reach = dataset
        .reach()
        .ok_or_else(|| anyhow::anyhow!("the case does not fit the nearest-sample lists"))?;
    let made_s = t.elapsed().as_secs_f64();
    println!(
        "nearest-sample lists within {} m: made in {made_s:.2} s, {} entries, {:.0} MB",
        phusong::reach::MAX_RADIUS_M,
        reach.entries(),
        reach.bytes() as f64 / 1e6
    );
    figures.add("nearest-sample lists, made", made_s, "s", None);
    let mb = reach.bytes() as f64 / 1e6;
    figures.add("nearest-sample lists, memory", mb, "MB", None);
    for (name, params) in sets {
        let by_index = dataset.evaluate(params);
        wait_for_quiet();
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            let near = dataset.evaluate_near(params, Some(&reach));
            best = best.min(t.elapsed().as_secs_f64());
            anyhow::ensure!(
                near.villages == by_index.villages
                    && near.rollup == by_index.rollup
                    && near.samples_filtered_out == by_index.samples_filtered_out,
                "{name}: the re-run over the lists differs from the index's"
            );
        }
        println!(
            "evaluate {name} (nearest-sample lists): min {best:.3} s, outcomes as the index's"
        );
        figures.add(format!("evaluate {name}"), best, "s", Some(target::RERUN_S));
    }
    Ok(())
}

/// The map's data: the sample raster of the whole country and of a province-sized view
/// (every sample, and one operator's 4G), each timed once and then five more times, and
/// the commune shapes.
fn map_stages(dataset: &Dataset, report: &mut Report) {
    let Some(all) = LonLatBox::around(dataset.samples.iter().map(|s| (s.lon, s.lat))) else {
        return;
    };
    let projection = Projection::new(all.centre().1);
    let size_px = [1600, 1000];
    let size = [1600.0, 1000.0];
    // About 125 × 100 km around Hà Nội: the size of a province.
    let (lon, lat) = QUICK_CENTRE;
    let province = LonLatBox {
        min_lon: lon - 0.6,
        min_lat: lat - 0.45,
        max_lon: lon + 0.6,
        max_lat: lat + 0.45,
    };
    let (_, m) = stage(|| dataset.sample_index().prepare_drawing(&dataset.samples));
    report.stage(
        "`SampleIndex::prepare_drawing` (before the first raster)",
        m,
        String::new(),
    );
    let every = SampleLayer::default();
    let viettel_4g = SampleLayer {
        generation: Some(Generation::G4),
        operators: vec![Operator::new(452, 4)],
    };
    let runs = [
        (
            "the whole case",
            MapView::fit(&projection, &all, size),
            &every,
        ),
        (
            "the whole case, 452-04 4G",
            MapView::fit(&projection, &all, size),
            &viettel_4g,
        ),
        (
            "a province (1.2° × 0.9°)",
            MapView::fit(&projection, &province, size),
            &every,
        ),
    ];
    for (name, view, layer) in runs {
        let draw = || {
            rasterize(
                &dataset.samples,
                Some(dataset.sample_index()),
                &projection,
                &view,
                size_px,
                layer,
                &|| false,
            )
        };
        let (raster, m) = stage(draw);
        let drawn = raster.map_or(0, |r| r.drawn);
        let again: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let _ = draw();
                t.elapsed().as_secs_f64()
            })
            .collect();
        report.stage(
            &format!("`rasterize` {name}, 1600 × 1000 px"),
            m,
            format!(
                "{} samples drawn at {:.0} m a pixel; 5 more runs: min {:.3} s, median {:.3} s",
                thousands(drawn),
                view.metres_per_px,
                min(&again),
                median(&again)
            ),
        );
    }
    let (shapes, m) = stage(|| CommuneShapes::new(&dataset.communes, &projection));
    let triangles: usize = shapes.communes.iter().map(|c| c.indices.len() / 3).sum();
    report.stage(
        "`CommuneShapes::new`",
        m,
        format!(
            "{} communes, {} triangles; {} polygons repaired, {} skipped",
            shapes.communes.len(),
            thousands(triangles as u64),
            shapes.repaired_polygons,
            shapes.skipped_polygons
        ),
    );
}

/// Compares `SampleIndex::within` with a plain R-tree holding every sample (as the index was
/// before it was bucketed) at every village; returns how many villages were checked.
fn verify_index(dataset: &Dataset, radius_m: f64) -> anyhow::Result<usize> {
    use rstar::primitives::GeomWithData;
    use rstar::{AABB, RTree};
    let points: Vec<GeomWithData<[f64; 2], usize>> = dataset
        .samples
        .iter()
        .enumerate()
        .map(|(i, s)| GeomWithData::new([s.lon, s.lat], i))
        .collect();
    let tree = RTree::bulk_load(points);
    let wrong: Vec<usize> = (0..dataset.villages.len())
        .into_par_iter()
        .filter(|&v| {
            let centre = dataset.villages[v].location;
            // A box far wider than the radius, then the exact distance.
            let d = 2.0 * radius_m / 111_000.0 / centre.y().to_radians().cos().max(0.1) + 0.01;
            let area = AABB::from_corners(
                [centre.x() - d, centre.y() - d],
                [centre.x() + d, centre.y() + d],
            );
            let mut plain: Vec<usize> = tree
                .locate_in_envelope(&area)
                .filter(|p| {
                    phusong::index::distance_m(centre, Point::new(p.geom()[0], p.geom()[1]))
                        <= radius_m
                })
                .map(|p| p.data)
                .collect();
            plain.sort_unstable();
            plain
                != dataset
                    .sample_index()
                    .within(&dataset.samples, centre, radius_m)
        })
        .collect();
    anyhow::ensure!(
        wrong.is_empty(),
        "{} villages (first: {}) differ at {radius_m} m",
        wrong.len(),
        wrong[0]
    );
    Ok(dataset.villages.len())
}

fn checksum_file(path: &Path) -> anyhow::Result<()> {
    let mut f = File::open(path)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let _ = hasher.finalize();
    Ok(())
}

/// Samples within the radius per village (all operators): share with none, quartiles.
struct VillageStats {
    none: usize,
    quartiles: [u32; 3],
    p95: u32,
    villages: usize,
}

fn village_stats(outcomes: &[phusong::rule::VillageOutcome]) -> VillageStats {
    let mut counts: Vec<u32> = outcomes
        .iter()
        .map(|v| v.operators.iter().map(|o| o.samples).sum())
        .collect();
    counts.sort_unstable();
    let at = |q: f64| {
        counts
            .get(((counts.len().saturating_sub(1)) as f64 * q).round() as usize)
            .copied()
            .unwrap_or(0)
    };
    VillageStats {
        none: counts.iter().filter(|c| **c == 0).count(),
        quartiles: [at(0.25), at(0.5), at(0.75)],
        p95: at(0.95),
        villages: counts.len(),
    }
}

// ---------------------------------------------------------------------------------------------
// The report.
// ---------------------------------------------------------------------------------------------

/// One figure of a run: a JSON line with `--json` (`{"figure", "value", "unit"}`, and
/// `"target"` where it has one), and a row of the targets' table.
struct Figure {
    name: String,
    value: f64,
    unit: &'static str,
    target: Option<f64>,
}

/// The figures of a run, in the order they were taken.
struct Figures {
    json: bool,
    list: Vec<Figure>,
}

impl Figures {
    fn new(json: bool) -> Figures {
        Figures {
            json,
            list: Vec::new(),
        }
    }

    fn add(
        &mut self,
        name: impl Into<String>,
        value: f64,
        unit: &'static str,
        target: Option<f64>,
    ) {
        let name = name.into();
        if self.json {
            let mut line = serde_json::json!({"figure": name, "value": value, "unit": unit});
            if let Some(t) = target {
                line["target"] = serde_json::json!(t);
            }
            println!("{line}");
        }
        self.list.push(Figure {
            name,
            value,
            unit,
            target,
        });
    }

    /// Every figure with a target, its value and whether it was met.
    fn targets_markdown(&self, full: bool) -> String {
        let mut md = String::new();
        let _ = writeln!(
            md,
            "### Targets
"
        );
        if !full {
            let _ = writeln!(md, "(The targets are for the full case.)\n");
        }
        let _ = writeln!(md, "| figure | value | target | |");
        let _ = writeln!(md, "|---|---:|---:|---|");
        let value = |v: f64, unit: &str| match unit {
            "s" if v < 1.0 => format!("{:.0} ms", v * 1e3),
            "s" => format!("{v:.2} s"),
            "ms" => format!("{v:.1} ms"),
            "MB" => format!("{v:.0} MB"),
            _ => format!("{v:.2}{unit}"),
        };
        for f in self.list.iter().filter(|f| f.target.is_some()) {
            let target = f.target.unwrap_or(f64::INFINITY);
            let met = if f.value <= target {
                "met"
            } else {
                "**missed**"
            };
            let _ = writeln!(
                md,
                "| {} | {} | ≤ {} | {} |",
                f.name,
                value(f.value, f.unit),
                value(target, f.unit),
                if full { met } else { "" }
            );
        }
        md
    }
}

struct Report {
    scale: Scale,
    case: Case,
    analyze_runs: Vec<AnalyzeRun>,
    stages: Vec<StageRow>,
    evals: Vec<EvalRow>,
    searches: Vec<SearchRow>,
    resident_after_load: u64,
    village_stats: VillageStats,
    /// What the analyze runs' `villages.csv` was checked against.
    villages_csv: Option<String>,
    figures: Figures,
}

impl Report {
    fn new(scale: Scale, case: &Case, json: bool) -> Report {
        Report {
            scale,
            villages_csv: None,
            figures: Figures::new(json),
            case: case.clone(),
            analyze_runs: Vec::new(),
            stages: Vec::new(),
            evals: Vec::new(),
            searches: Vec::new(),
            resident_after_load: 0,
            village_stats: VillageStats {
                none: 0,
                quartiles: [0; 3],
                p95: 0,
                villages: 0,
            },
        }
    }

    fn stage(&mut self, name: &str, measured: Measured, note: String) {
        self.stage_with_target(name, measured, note, None);
    }

    fn stage_with_target(
        &mut self,
        name: &str,
        measured: Measured,
        note: String,
        target: Option<f64>,
    ) {
        let plain = name.replace(['*', '`'], "");
        self.figures
            .add(plain, measured.time.as_secs_f64(), "s", target);
        println!(
            "{name}: {:.3} s{}, other processes {:.2} cores",
            measured.time.as_secs_f64(),
            measured
                .peak_rise
                .map(|p| format!(", peak +{:.0} MB", p as f64 / 1e6))
                .unwrap_or_default(),
            measured.background_cores
        );
        self.stages.push(StageRow {
            name: name.to_string(),
            measured,
            note,
        });
    }

    fn markdown(&self) -> String {
        let mut md = String::new();
        let c = &self.case;
        let full = self.scale.name == "full";
        let _ = writeln!(md, "## National benchmark ({} case)\n", self.scale.name);
        let _ = writeln!(
            md,
            "`cargo bench --bench national{}`  ",
            if full { "" } else { " -- --quick" }
        );
        let _ = writeln!(md, "{}  ", machine());
        let _ = writeln!(
            md,
            "Case v{} (seed {}): {} communes, {} villages, {} samples in one CSV of {:.0} MB ({} … {}), \
             generated in {:.0} s. Page cache warm; every figure is taken once other processes leave the \
             machine nearly idle (\"other\" = the cores they used meanwhile).\n",
            c.version,
            c.seed,
            thousands(c.communes as u64),
            thousands(c.villages as u64),
            thousands(c.samples as u64),
            c.csv_bytes as f64 / 1e6,
            c.first_time,
            c.last_time,
            c.generation_s
        );
        md.push_str(&self.figures.targets_markdown(full));
        md.push('\n');

        let verdict = |ok: bool| {
            if !full {
                "(targets are for the full case)"
            } else if ok {
                "met"
            } else {
                "**missed**"
            }
        };
        let runs = &self.analyze_runs;
        let _ = writeln!(
            md,
            "### `phusong analyze` end to end ({} runs)\n",
            runs.len()
        );
        if runs.is_empty() {
            let _ = writeln!(md, "(not run)");
        } else {
            let _ = writeln!(md, "| measure | min | median | target | |");
            let _ = writeln!(md, "|---|---:|---:|---:|---|");
            let walls: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64()).collect();
            let cpus: Vec<f64> = runs.iter().map(|r| r.cpu.as_secs_f64()).collect();
            let mb = |f: fn(&AnalyzeRun) -> u64| {
                runs.iter().map(|r| f(r) as f64 / 1e6).collect::<Vec<f64>>()
            };
            let (rss, anon, file) = (
                mb(|r| r.max_rss_bytes),
                mb(|r| r.max_anon_bytes),
                mb(|r| r.max_file_bytes),
            );
            let others: Vec<f64> = runs.iter().map(|r| r.background_cores).collect();
            let _ = writeln!(
                md,
                "| wall time | {:.2} s | {:.2} s | ≤ {:.0} s | {} |",
                min(&walls),
                median(&walls),
                target::ANALYZE_S,
                verdict(median(&walls) <= target::ANALYZE_S)
            );
            let _ = writeln!(
                md,
                "| CPU time (user + system) | {:.2} s | {:.2} s | | {:.2} cores busy on average |",
                min(&cpus),
                median(&cpus),
                median(&cpus) / median(&walls).max(1e-9)
            );
            let _ = writeln!(
                md,
                "| peak RSS (`ru_maxrss`) | {:.0} MB | {:.0} MB | ≤ {:.0} MB | {} |",
                min(&rss),
                median(&rss),
                target::ANALYZE_PEAK_MB,
                verdict(median(&rss) <= target::ANALYZE_PEAK_MB)
            );
            let _ = writeln!(
                md,
                "| of which anonymous (heap), at most | {:.0} MB | {:.0} MB | | |",
                min(&anon),
                median(&anon)
            );
            let _ = writeln!(
                md,
                "| of which mapped files (the CSV), at most | {:.0} MB | {:.0} MB | | |",
                min(&file),
                median(&file)
            );
            let _ = writeln!(
                md,
                "| other processes | {:.2} cores | {:.2} cores | | |",
                min(&others),
                median(&others)
            );
        }
        if let Some(v) = &self.villages_csv {
            let _ = writeln!(md, "\n{v}.");
        }
        let _ = writeln!(md, "\n### Stages, in process, one at a time\n");
        let _ = writeln!(md, "| stage | time | peak RSS rise | other | note |");
        let _ = writeln!(md, "|---|---:|---:|---:|---|");
        for s in &self.stages {
            let m = &s.measured;
            let peak = m
                .peak_rise
                .map(|p| format!("{:.0} MB", p as f64 / 1e6))
                .unwrap_or_else(|| "—".into());
            let _ = writeln!(
                md,
                "| {} | {:.3} s | {peak} | {:.2} | {} |",
                s.name,
                m.time.as_secs_f64(),
                m.background_cores,
                s.note
            );
        }
        let _ = writeln!(
            md,
            "\nResident after `Dataset::load`: {:.0} MB.",
            self.resident_after_load as f64 / 1e6
        );

        let _ = writeln!(
            md,
            "\n### The rule over the index (`Dataset::evaluate`: the first result of a load, and re-runs above the lists' radius)\n"
        );
        let _ = writeln!(
            md,
            "| parameters | min | median | other | flagged | not surveyed | samples filtered out |"
        );
        let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
        for e in &self.evals {
            let t: Vec<f64> = e.times.iter().map(Duration::as_secs_f64).collect();
            let _ = writeln!(
                md,
                "| {} | {:.3} s | {:.3} s | {:.2} | {} | {} | {} |",
                e.name,
                min(&t),
                median(&t),
                e.background_cores,
                thousands(e.flagged as u64),
                thousands(e.not_surveyed as u64),
                thousands(e.filtered_out)
            );
        }
        for r in &self.searches {
            let t: Vec<f64> = r.times.iter().map(Duration::as_secs_f64).collect();
            let _ = writeln!(
                md,
                "| *the radius searches alone, {} m* | {:.3} s | {:.3} s | {:.2} | | | {} samples found |",
                r.radius_m,
                min(&t),
                median(&t),
                r.background_cores,
                thousands(r.found)
            );
        }
        let v = &self.village_stats;
        let _ = writeln!(
            md,
            "\nSamples within 500 m of a village: none for {} of {} villages; quartiles {} / {} / {}, \
             95th percentile {}.",
            thousands(v.none as u64),
            thousands(v.villages as u64),
            v.quartiles[0],
            v.quartiles[1],
            v.quartiles[2],
            v.p95
        );
        md
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// CPU model, cores, memory, kernel, date and commit.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let commit = Command::new("git")
        .args(["describe", "--always", "--dirty"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    format!(
        "{model}, {cores} cores, {:.1} GB RAM; {}; commit {commit}",
        mem_kb as f64 / 1024.0 / 1024.0,
        chrono::Local::now().format("%Y-%m-%d %H:%M")
    )
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
