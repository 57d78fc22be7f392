//! The bundled demo province (`phusong demo-data`): one province's communes and villages cut
//! from the shared real data, plus drive-test samples from the project's seeded generator.
//!
//! The same arguments give the same files, byte for byte; `tests/demo.rs` checks that the
//! committed `data/` is what the command makes.
//!
//! The generator ([`generate_samples`]) takes any village points, so benchmarks and tests can
//! make samples for their own synthetic villages:
//!
//! ```
//! use geo::Point;
//! use phusong::demo::{SignalModel, generate_samples};
//! use rand::SeedableRng;
//!
//! let villages: Vec<Point<f64>> =
//!     (0..40).map(|i| Point::new(105.8 + 0.01 * f64::from(i % 8), 22.1 + 0.01 * f64::from(i / 8))).collect();
//! let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
//! let samples = generate_samples(&villages, &SignalModel::default(), &mut rng);
//! assert!(!samples.is_empty());
//! ```

mod drive;
mod extract;
mod plane;
mod signal;
mod signal_model;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use geo::Point;
use rand::SeedableRng;

use crate::model::{Operator, Sample, Technology};

pub use extract::{VILLAGE_FCLASSES, VILLAGE_FIELDS};
pub use signal::{
    SAMPLES_CSV_HEADER, format_time, generate_samples, write_samples, write_samples_csv,
};
pub use signal_model::{OperatorNetwork, Radio, SignalModel};

/// The communes layer inside the shared data folder.
pub const SHARED_COMMUNES: &str = "vn2009-communes-north5/vn2009_communes_north5.shp";
/// The OSM places layer inside the shared data folder.
pub const SHARED_PLACES: &str = "osm-places-vietnam/gis_osm_places_free_1.shp";

/// OSM classes used as towns by the generator (a site of every operator, 5G). Not written out.
const TOWN_FCLASSES: [&str; 2] = ["town", "city"];

/// `phusong demo-data`: rebuild the bundled demo province.
#[derive(clap::Args, Debug, Clone)]
pub struct DemoDataArgs {
    /// The shared data folder (with vn2009-communes-north5/ and osm-places-vietnam/).
    #[arg(long, default_value = "../shared/data")]
    pub shared: PathBuf,
    /// Where to write the demo files.
    #[arg(long, default_value = "data")]
    pub out: PathBuf,
    /// Seed of the signal sample generator.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// The province to cut out (`province_v`, or the ASCII `province`).
    #[arg(long, default_value = "Bắc Kạn")]
    pub province: String,
}

impl Default for DemoDataArgs {
    fn default() -> Self {
        DemoDataArgs {
            shared: PathBuf::from("../shared/data"),
            out: PathBuf::from("data"),
            seed: 2026,
            province: "Bắc Kạn".to_string(),
        }
    }
}

/// What [`build`] wrote.
#[derive(Debug, Clone, Default)]
pub struct DemoSummary {
    pub communes: usize,
    pub districts: usize,
    pub villages: usize,
    pub villages_without_name: usize,
    /// Communes with no OSM village inside.
    pub communes_without_villages: usize,
    pub towns: usize,
    pub samples: usize,
    /// Samples per operator and technology.
    pub sample_counts: BTreeMap<(Operator, Technology), usize>,
    pub first_time: String,
    pub last_time: String,
    /// Every file written, with its size in bytes, in writing order.
    pub files: Vec<(PathBuf, u64)>,
}

/// Runs `phusong demo-data` and prints what it wrote.
pub fn run(args: &DemoDataArgs) -> anyhow::Result<()> {
    let summary = build(args)?;
    println!(
        "{}: {} communes in {} districts, {} villages ({} without a name; {} communes without a village), {} samples ({} … {})",
        args.province,
        summary.communes,
        summary.districts,
        summary.villages,
        summary.villages_without_name,
        summary.communes_without_villages,
        summary.samples,
        summary.first_time,
        summary.last_time
    );
    for ((operator, technology), count) in &summary.sample_counts {
        println!("  {} {technology}: {count}", operator.label());
    }
    for (path, bytes) in &summary.files {
        println!("wrote {} ({bytes} bytes)", path.display());
    }
    Ok(())
}

/// Households, population and grid power for the demo's villages, which OpenStreetMap does
/// not give: hamlets of 30–120 households and villages of 60–260, 3.6–4.8 people a
/// household, grid power in 9 of 10; about one village in twelve has no households figure
/// and one in twenty no power figure, as real lists have gaps. Seeded apart from the
/// samples, so that these do not change the signal.
fn invent_facts(villages: &[extract::Place], seed: u64) -> Vec<extract::InventedFacts> {
    use rand::RngExt;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x5048_5553_484f);
    villages
        .iter()
        .map(|v| {
            let households: u32 = if v.fclass == "hamlet" {
                rng.random_range(30..=120)
            } else {
                rng.random_range(60..=260)
            };
            let per_household: f64 = rng.random_range(3.6..4.8);
            let population = (households as f64 * per_household).round() as u32;
            let power = rng.random_bool(0.9);
            let known_households = !rng.random_bool(1.0 / 12.0);
            let known_power = !rng.random_bool(1.0 / 20.0);
            extract::InventedFacts {
                households: known_households.then_some(households),
                population: known_households.then_some(population),
                grid_power: known_power.then_some(power),
            }
        })
        .collect()
}

/// Writes the demo files into `args.out` (created if needed).
pub fn build(args: &DemoDataArgs) -> anyhow::Result<DemoSummary> {
    let communes_src = args.shared.join(SHARED_COMMUNES);
    let places_src = args.shared.join(SHARED_PLACES);
    let communes = extract::read_province_communes(&communes_src, &args.province)?;
    let villages = extract::read_places_in(&places_src, &communes, &VILLAGE_FCLASSES)?;
    let towns = extract::read_places_in(&places_src, &communes, &TOWN_FCLASSES)?;

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("{}: cannot create the folder", args.out.display()))?;
    extract::write_communes(&args.out.join("communes.shp"), &communes)?;
    let facts = invent_facts(&villages, args.seed);
    extract::write_villages(
        &args.out.join("villages.shp"),
        &places_src,
        &villages,
        &facts,
    )?;
    if let Some(extent) = communes.extent(PLACES_MARGIN_DEG) {
        extract::write_places_within(&args.out.join(PLACES_LAYER), &places_src, extent)?;
    }

    let village_points: Vec<Point<f64>> = villages
        .iter()
        .map(|v| Point::new(v.point.x, v.point.y))
        .collect();
    let model = SignalModel {
        towns: towns
            .iter()
            .map(|t| Point::new(t.point.x, t.point.y))
            .collect(),
        // The last two days (11–12 March) see a site switched on and one failing, so that
        // the demo split by dates shows a village gaining coverage and one losing it.
        changes_from_day: Some(2),
        ..Default::default()
    };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(args.seed);
    let samples = generate_samples(&village_points, &model, &mut rng);
    write_samples_csv(&args.out.join("samples.csv"), &samples)?;

    write_licences(&communes_src, &args.out)?;

    let mut districts: Vec<String> = (0..communes.records.len())
        .map(|i| communes.text(i, "district_v"))
        .collect();
    districts.sort();
    districts.dedup();
    let mut summary = DemoSummary {
        communes: communes.records.len(),
        districts: districts.len(),
        villages: villages.len(),
        villages_without_name: villages.iter().filter(|v| v.name.is_empty()).count(),
        communes_without_villages: (0..communes.records.len())
            .filter(|c| !villages.iter().any(|v| v.commune == *c))
            .count(),
        towns: towns.len(),
        samples: samples.len(),
        sample_counts: count_samples(&samples),
        first_time: samples
            .iter()
            .map(|s| s.time_s)
            .min()
            .map(format_time)
            .unwrap_or_default(),
        last_time: samples
            .iter()
            .map(|s| s.time_s)
            .max()
            .map(format_time)
            .unwrap_or_default(),
        files: Vec::new(),
    };
    extract::write_file(
        &args.out.join("README.md"),
        readme(args, &summary).as_bytes(),
    )?;

    for name in DEMO_FILES {
        let path = args.out.join(name);
        let bytes = std::fs::metadata(&path)
            .with_context(|| format!("{}: not written", path.display()))?
            .len();
        summary.files.push((path, bytes));
    }
    Ok(summary)
}

/// The licences beside the data: the communes' (from the upstream licence next to the
/// shared layer) and the villages'.
fn write_licences(communes_src: &Path, out: &Path) -> anyhow::Result<()> {
    let licence_src = communes_src.with_file_name("LICENSE.upstream");
    let upstream = std::fs::read_to_string(&licence_src).with_context(|| {
        format!(
            "{}: cannot read the communes' licence",
            licence_src.display()
        )
    })?;
    extract::write_file(
        &out.join("LICENSE.communes"),
        communes_licence(&upstream).as_bytes(),
    )?;
    extract::write_file(&out.join("LICENSE.villages"), VILLAGES_LICENCE.as_bytes())?;
    Ok(())
}

/// The province's OpenStreetMap places as a background layer, under Geofabrik's own name.
pub const PLACES_LAYER: &str = "gis_osm_places_free_1.shp";
/// How far beyond the communes' box the places reach, in degrees (some 2 km): the towns
/// just over the border that orient a reader.
const PLACES_MARGIN_DEG: f64 = 0.02;

/// The files `phusong demo-data` writes, relative to its `--out` folder.
pub const DEMO_FILES: [&str; 19] = [
    "communes.shp",
    "communes.shx",
    "communes.dbf",
    "communes.prj",
    "communes.cpg",
    "villages.shp",
    "villages.shx",
    "villages.dbf",
    "villages.prj",
    "villages.cpg",
    "gis_osm_places_free_1.shp",
    "gis_osm_places_free_1.shx",
    "gis_osm_places_free_1.dbf",
    "gis_osm_places_free_1.prj",
    "gis_osm_places_free_1.cpg",
    "samples.csv",
    "LICENSE.communes",
    "LICENSE.villages",
    "README.md",
];

fn count_samples(samples: &[Sample]) -> BTreeMap<(Operator, Technology), usize> {
    let mut counts = BTreeMap::new();
    for s in samples {
        *counts.entry((s.operator, s.technology)).or_insert(0) += 1;
    }
    counts
}

/// The upstream R-style licence file (`YEAR:` / `COPYRIGHT HOLDER:`), then the MIT licence
/// it completes.
fn communes_licence(upstream: &str) -> String {
    let field = |key: &str| {
        upstream
            .lines()
            .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
            .unwrap_or_default()
    };
    let (year, holder) = (field("YEAR:"), field("COPYRIGHT HOLDER:"));
    format!(
        "communes.shp, .shx, .dbf, .prj and .cpg are cut from the R package censusVN2009\n\
         (Marc Choisy, Lucie Contamin; https://github.com/choisy/censusVN2009), licensed\n\
         \"MIT + file LICENSE\". Its LICENSE file reads:\n\n{}\n\n\
         which completes the MIT licence below.\n\n\
         MIT License\n\n\
         Copyright (c) {year} {holder}\n\n\
         Permission is hereby granted, free of charge, to any person obtaining a copy\n\
         of this software and associated documentation files (the \"Software\"), to deal\n\
         in the Software without restriction, including without limitation the rights\n\
         to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n\
         copies of the Software, and to permit persons to whom the Software is\n\
         furnished to do so, subject to the following conditions:\n\n\
         The above copyright notice and this permission notice shall be included in all\n\
         copies or substantial portions of the Software.\n\n\
         THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n\
         IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n\
         FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n\
         AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n\
         LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n\
         OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n\
         SOFTWARE.\n",
        upstream.trim_end()
    )
}

const VILLAGES_LICENCE: &str = "\
villages.shp, .shx, .dbf, .prj and .cpg, gis_osm_places_free_1.shp, .shx, .dbf, .prj and
.cpg, and the routes of samples.csv, are made from OpenStreetMap data:

    © OpenStreetMap contributors

OpenStreetMap data is available under the Open Database License (ODbL) 1.0,
https://opendatacommons.org/licenses/odbl/1-0/ (see https://www.openstreetmap.org/copyright).
The villages and the places are derivative databases of the Geofabrik extract
\"vietnam-latest-free\" (May 2024), layer gis_osm_places_free_1, and are likewise available
under the ODbL 1.0: keep this notice with them and with anything made from them.
";

fn readme(args: &DemoDataArgs, s: &DemoSummary) -> String {
    let mut command = format!(
        "cargo run --release -- demo-data --shared ../shared/data --out data --seed {}",
        args.seed
    );
    if args.province != DemoDataArgs::default().province {
        let _ = write!(command, " --province \"{}\"", args.province);
    }
    let mut counts = String::new();
    let operators: Vec<Operator> = {
        let mut ops: Vec<Operator> = s.sample_counts.keys().map(|(o, _)| *o).collect();
        ops.dedup();
        ops
    };
    let techs = ["2G", "3G", "4G", "5G", "none"];
    let _ = writeln!(counts, "|---|{}---:|", "---:|".repeat(techs.len()));
    for op in operators {
        let row: Vec<usize> = techs
            .iter()
            .map(|t| {
                let tech = Technology::parse(t).unwrap_or(Technology::NoService);
                s.sample_counts.get(&(op, tech)).copied().unwrap_or(0)
            })
            .collect();
        let cells: Vec<String> = row.iter().map(usize::to_string).collect();
        let _ = writeln!(
            counts,
            "| {} | {} | {} |",
            op.label(),
            cells.join(" | "),
            row.iter().sum::<usize>()
        );
    }
    format!(
        "# Demo province: {province}

A small real province to try phusong on: its communes, its villages, and drive-test
samples. Made by `phusong demo-data`; do not edit these files by hand, regenerate them:

```sh
{command}
```

(`../shared/data` is the project's shared data folder.) The same command gives the same
files byte for byte; `tests/demo.rs` checks that these files are what it makes.

## Files

| file | what | source | licence |
|---|---|---|---|
| `communes.shp .shx .dbf .prj .cpg` | {communes} commune polygons of {province} ({districts} districts; post-2008 borders, 2009 census population), every original DBF field (`province_i district_i commune_id province district commune province_v district_v commune_vn shape_leng shape_area area population`), geometry as in the source, WGS84, UTF-8 | R package censusVN2009 (Marc Choisy, Lucie Contamin), via `vn2009-communes-north5` of the shared data: the records whose `province_v` is \"{province}\" | MIT, `LICENSE.communes` |
| `villages.shp .shx .dbf .prj .cpg` | {villages} OpenStreetMap `village` and `hamlet` points inside those communes (boundary included), fields `osm_id fclass name`; {unnamed} without a name (kept empty; reports find it by its record number). OpenStreetMap maps few villages here: {empty_communes} of the {communes} communes have none. Fields `so_ho dan_so dien_luoi` (households, population, grid power `có`/`không`) are **invented** by phusong's seeded generator (OpenStreetMap has no such figures), some left empty as real lists have gaps | Geofabrik \"vietnam-latest-free\" (May 2024), `gis_osm_places_free_1`, via `osm-places-vietnam` of the shared data; the three invented fields: phusong's generator, seed {seed} | ODbL 1.0, © OpenStreetMap contributors, `LICENSE.villages` |
| `gis_osm_places_free_1.shp .shx .dbf .prj .cpg` | every OpenStreetMap place (towns, villages, hamlets) in the communes' box and some 2 km around it, records whole; a background layer for orientation, not part of the analysis | Geofabrik \"vietnam-latest-free\" (May 2024), `gis_osm_places_free_1`, via `osm-places-vietnam` of the shared data | ODbL 1.0, © OpenStreetMap contributors, `LICENSE.villages` |
| `samples.csv` | {samples} synthetic drive-test samples, {first} to {last} | phusong's seeded generator (`phusong::demo::generate_samples`), seed {seed} | made by the project; its routes run through the OSM villages, so keep the OSM attribution with it |
| `LICENSE.communes`, `LICENSE.villages` | the licences above | | |

## The samples

`samples.csv` is phusong's own sample format: UTF-8, header
`lon,lat,operator,technology,signal_dbm,time`; lon/lat in WGS84 with 6 decimals; operator
as MCC-MNC; technology `2G`, `3G`, `4G`, `5G` or `none` (no service, empty signal); signal in
dBm with one decimal (2G RxLev, 3G RSCP, 4G RSRP, 5G SS-RSRP); time in Vietnam local time.

They are invented, not measured. The generator places cell sites for Viettel (452-04,
densest), VinaPhone (452-02) and MobiFone (452-01, sparsest) near villages, with holes in
each network; sites offer 2G, 3G and 4G in varying mixes, and 5G near the {towns} OSM towns
of the province. {teams} survey teams drive from village to village on working days from
{first_day}, logging every 30–60 m with GPS noise; each phone reports the newest generation
whose signal (log-distance path loss, a per-site bias, a smooth terrain loss for valleys and
hill shadows, and per-sample noise) is above its camping floor, else `none`. Some areas and
single villages were not driven at all, so they come out *not surveyed*.

| operator | 2G | 3G | 4G | 5G | none | all |
{counts_rows}
## Licences

- Communes: MIT (censusVN2009, © 2017 Marc Choisy), `LICENSE.communes`.
- Villages: © OpenStreetMap contributors, ODbL 1.0, `LICENSE.villages`.
- The code that made them: the project's licence.
",
        province = args.province,
        communes = s.communes,
        districts = s.districts,
        villages = s.villages,
        unnamed = s.villages_without_name,
        empty_communes = s.communes_without_villages,
        samples = s.samples,
        first = s.first_time,
        last = s.last_time,
        seed = args.seed,
        towns = s.towns,
        teams = SignalModel::default().teams,
        first_day = SignalModel::default().first_day,
        counts_rows = counts,
    )
}

/// The folder of the bundled demo province: `data/` in the working folder, beside the
/// program, or in the source tree it was built from.
pub fn bundled_dir() -> Option<PathBuf> {
    let beside_exe = std::env::current_exe().ok().and_then(|exe| {
        exe.ancestors()
            .skip(1)
            .take(4)
            .map(|d| d.join("data"))
            .find(|d| d.join("communes.shp").exists())
    });
    [
        Some(PathBuf::from("data")),
        beside_exe,
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("data")),
    ]
    .into_iter()
    .flatten()
    .find(|d| d.join("communes.shp").exists())
}
