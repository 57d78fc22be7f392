//! The command line: `phusong analyze`, `phusong demo-data`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::analysis::{Dataset, Inputs};
use crate::crs::Crs;
use crate::export::map::{MapArea, MapSheet, Paper};
use crate::export::{self, summary};
use crate::io::communes::CommuneFields;
use crate::io::samples::SampleColumns;
use crate::io::text::TextEncoding;
use crate::io::villages::VillageOptions;
use crate::lang::Lang;
use crate::map::Layers;
use crate::message::{Front, Msg};
use crate::model::{Generation, Operator, Technology};
use crate::progress::Progress;
use crate::project::Project;
use crate::rule::{Filters, Params};

#[derive(Parser, Debug)]
#[command(
    name = "phusong",
    version,
    about = "Which villages have mobile signal: coverage of a province from drive tests and phone-app logs.",
    after_help = "Without a command, phusong opens the desktop app: on the files given, or the last files, or the bundled demo province."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files to open in the app: a project (.phusong), or commune boundaries, villages and
    /// signal logs in any mix and order, told apart by their content as when dropped on the
    /// window.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// How the window is drawn: gl (OpenGL), or wgpu on Windows and macOS builds. Default:
    /// wgpu where the build has it, and OpenGL when wgpu finds no graphics device or the build
    /// has no wgpu (Linux).
    #[cfg(feature = "window")]
    #[arg(long, value_name = "wgpu|gl", value_parser = parse_renderer)]
    pub renderer: Option<crate::window::Renderer>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load communes, villages and signal samples, apply the coverage rule, write the results.
    Analyze(Box<AnalyzeArgs>),
    /// Write every report of a saved project (.phusong): tables, Excel report, GIS layers and
    /// the printed map (PNG, PDF, SVG), without opening the window.
    Report(ReportArgs),
    /// Compare two saved projects (last year's and this year's): each village's report class
    /// before and after, the villages newly covered, those that lost coverage, those newly
    /// surveyed, the progress by commune; writes changes.csv, changes.xlsx and the printed
    /// map of the changes.
    Compare(CompareArgs),
    /// Rebuild the bundled demo province in data/ from the shared public data.
    DemoData(crate::demo::DemoDataArgs),
    /// Show how a village list is read: its sheets, the header row, which column is taken for
    /// what, and the first rows; says which flags to pass when phusong is unsure.
    InspectVillages(InspectVillagesArgs),
    /// Show how a signal log is read: its format, the column taken for each role, the first
    /// rows as read and the import report; says which flags to pass when a column is missing.
    InspectSamples(InspectSamplesArgs),
}

/// Columns of sample logs read by their column names (any CSV that is not a phone app's
/// export), by their header names. They apply to every sample file given; a file without
/// such a column is read by the usual names.
#[derive(Args, Debug, Clone, Default)]
pub struct SampleColumnArgs {
    /// Longitude column of the sample logs (default: lon, lng, longitude, …).
    #[arg(long, value_name = "COLUMN")]
    pub sample_lon_column: Option<String>,
    /// Latitude column of the sample logs (lat, latitude, …).
    #[arg(long, value_name = "COLUMN")]
    pub sample_lat_column: Option<String>,
    /// Operator column: a name (Viettel, VinaPhone, MobiFone, …) or MCC-MNC (452-04).
    #[arg(long, value_name = "COLUMN")]
    pub sample_operator_column: Option<String>,
    /// MCC column, with --sample-mnc-column, instead of an operator column.
    #[arg(long, value_name = "COLUMN")]
    pub sample_mcc_column: Option<String>,
    /// MNC column, with --sample-mcc-column.
    #[arg(long, value_name = "COLUMN")]
    pub sample_mnc_column: Option<String>,
    /// Technology column (2G…5G, LTE, NR, …; NONE or empty for no service).
    #[arg(long, value_name = "COLUMN")]
    pub sample_technology_column: Option<String>,
    /// Signal column in dBm, used for every row (default: each technology's own, rsrp for 4G,
    /// ss_rsrp for 5G, rscp for 3G, rxlev/rssi for 2G, else signal_dbm, signal, dbm, level).
    #[arg(long, value_name = "COLUMN")]
    pub sample_signal_column: Option<String>,
    /// Time column: ISO 8601, dd/mm/yyyy hh:mm:ss, or epoch seconds or milliseconds.
    #[arg(long, value_name = "COLUMN")]
    pub sample_time_column: Option<String>,
}

impl SampleColumnArgs {
    pub fn columns(&self) -> SampleColumns {
        SampleColumns {
            lon: self.sample_lon_column.clone(),
            lat: self.sample_lat_column.clone(),
            operator: self.sample_operator_column.clone(),
            mcc: self.sample_mcc_column.clone(),
            mnc: self.sample_mnc_column.clone(),
            technology: self.sample_technology_column.clone(),
            signal: self.sample_signal_column.clone(),
            time: self.sample_time_column.clone(),
        }
    }
}

#[derive(Args, Debug)]
pub struct InspectSamplesArgs {
    /// The signal log.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub columns: SampleColumnArgs,
    /// Data rows to show.
    #[arg(long, default_value_t = 5)]
    pub rows: usize,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The earlier project (.phusong).
    #[arg(value_name = "BEFORE")]
    pub before: PathBuf,
    /// The later project (.phusong).
    #[arg(value_name = "AFTER")]
    pub after: PathBuf,
    /// Folder for the comparison (created if needed; replaced whole).
    #[arg(long, value_name = "DIR", default_value = "sosanh")]
    pub out: PathBuf,
    /// Villages without a common village code are the same when their names agree and they
    /// lie within this distance (m).
    #[arg(long, default_value_t = crate::compare::DEFAULT_MATCH_WITHIN_M)]
    pub match_within_m: f64,
    #[command(flatten)]
    pub from_project: FromProjectArgs,
}

/// How `report` and `compare` read saved projects and write their reports.
#[derive(Args, Debug)]
pub struct FromProjectArgs {
    /// Language of the reports and the map (vi, en); default: the (later) project's.
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Paper of the printed map (a4, a3), landscape.
    #[arg(long, default_value = "a4", value_parser = parse_paper)]
    pub paper: Paper,
    /// Write the reports even when an input has changed since its project was saved (the
    /// figures then differ from the saved project's).
    #[arg(long)]
    pub accept_changed_inputs: bool,
    /// Read inputs that lie outside the project's folder (a project from someone else may
    /// name any file of this machine).
    #[arg(long)]
    pub allow_outside_inputs: bool,
    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The project file, saved from the app (Project › Save) or by `analyze --save-project`.
    #[arg(value_name = "PROJECT")]
    pub project: PathBuf,
    /// Folder for the reports (created if needed; never one of the inputs).
    #[arg(long, value_name = "DIR", default_value = "baocao")]
    pub out: PathBuf,
    /// Also print the map of these communes (code or name, accents optional; repeat or
    /// separate by commas), as map-CODE.png, .pdf and .svg.
    #[arg(long = "commune", value_delimiter = ',', value_name = "COMMUNE")]
    pub communes: Vec<String>,
    #[command(flatten)]
    pub from_project: FromProjectArgs,
}

#[derive(Args, Debug)]
pub struct InspectVillagesArgs {
    /// The village list (CSV, Excel) or point shapefile.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Sheet of a workbook, by name or number.
    #[arg(long, value_name = "SHEET")]
    pub village_sheet: Option<String>,
    /// Data rows to show.
    #[arg(long, default_value_t = 5)]
    pub rows: usize,
}

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// Commune boundaries: a polygon shapefile (.shp with its .dbf, .shx, .prj).
    #[arg(long, value_name = "SHP")]
    pub communes: Option<PathBuf>,
    /// Villages: a point shapefile, or a list (CSV, Excel .xlsx/.xls) with longitude/latitude columns.
    #[arg(long, value_name = "SHP|CSV|XLSX")]
    pub villages: Option<PathBuf>,
    /// Signal logs: phusong CSV, G-NetTrack, Network Survey, TowerCollector, Network Cell Info, CellMapper.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub samples: Vec<PathBuf>,
    /// Background layers (roads, rivers, places: any point, line or polygon shapefile), kept
    /// in the project of --save-project and drawn under the coverage layers of its printed
    /// map; not part of the rule.
    #[arg(long, value_name = "SHP", num_args = 1..)]
    pub background: Vec<PathBuf>,
    /// Folder for villages.csv, communes.csv, summary.json, the department's report
    /// (report.xlsx, report.docx, annexes.pdf) and the map layers (flagged, not_surveyed,
    /// communes) as .geojson, .kml and shapefiles in shp/.
    #[arg(long, value_name = "DIR", default_value = "ketqua")]
    pub out: PathBuf,
    /// Language of the reports, the Excel report and the messages: vi (Vietnamese) or en
    /// (English).
    #[arg(long, value_name = "vi|en", default_value = "vi", value_parser = parse_lang)]
    pub lang: Lang,

    #[command(flatten)]
    pub rule: RuleArgs,

    /// Column of the commune code (default: found by usual names such as MA_XA, commune_id).
    #[arg(long, value_name = "FIELD")]
    pub commune_code_field: Option<String>,
    /// Column of the commune name (TEN_XA, commune_vn, NAME_3, …).
    #[arg(long, value_name = "FIELD")]
    pub commune_name_field: Option<String>,
    /// Column of the district (absent from boundaries after the July 2025 reform).
    #[arg(long, value_name = "FIELD")]
    pub district_field: Option<String>,
    /// Column of the province.
    #[arg(long, value_name = "FIELD")]
    pub province_field: Option<String>,
    /// Column of the village name (Tên thôn, Thôn/bản, name, …).
    #[arg(long, value_name = "FIELD")]
    pub village_name_field: Option<String>,
    /// Longitude column of a village list (Kinh độ, lon, …): degrees, decimal or degrees-minutes-seconds.
    #[arg(long, value_name = "FIELD")]
    pub village_lon_field: Option<String>,
    /// Latitude column of a village list (Vĩ độ, lat, …).
    #[arg(long, value_name = "FIELD")]
    pub village_lat_field: Option<String>,
    /// Text encoding of the communes' .dbf (utf-8, windows-1258, tcvn3, vni); default: the
    /// .cpg's, or guessed from the text.
    #[arg(long, value_name = "ENCODING")]
    pub commune_encoding: Option<TextEncoding>,
    /// Text encoding of the villages' .dbf or CSV (utf-8, windows-1258, tcvn3, vni); default:
    /// the .cpg's, or guessed from the text.
    #[arg(long, value_name = "ENCODING")]
    pub village_encoding: Option<TextEncoding>,
    /// Coordinate system of the layers that have no .prj (and of a CSV village list): wgs84,
    /// utm48n, utm49n, vn2000, vn2000-utm48n, vn2000-utm49n, vn2000-tm3:106.5 (central
    /// meridian), a province name such as "Bắc Kạn" (its VN-2000 TM-3 zone), or EPSG:3405.
    #[arg(long, value_name = "CRS", value_parser = parse_crs)]
    pub crs: Option<Crs>,
    /// Coordinate system of the commune boundaries, as --crs; wins over the .prj.
    #[arg(long, value_name = "CRS", value_parser = parse_crs)]
    pub commune_crs: Option<Crs>,
    /// Coordinate system of the villages, as --crs; wins over the .prj.
    #[arg(long, value_name = "CRS", value_parser = parse_crs)]
    pub village_crs: Option<Crs>,
    /// Column of the commune a village list names for each village (Xã, …); kept beside the village.
    #[arg(long, value_name = "FIELD")]
    pub village_commune_field: Option<String>,
    /// Column of the district a village list names (Huyện, …).
    #[arg(long, value_name = "FIELD")]
    pub village_district_field: Option<String>,
    /// Column of the province a village list names (Tỉnh, …).
    #[arg(long, value_name = "FIELD")]
    pub village_province_field: Option<String>,
    /// Column of the list's own village code (Mã thôn, …); used to match villages in `compare`.
    #[arg(long, value_name = "FIELD")]
    pub village_code_field: Option<String>,
    /// Column of households (Số hộ, SO_HO, …).
    #[arg(long, value_name = "FIELD")]
    pub village_households_field: Option<String>,
    /// Column of population (Số dân, Nhân khẩu, DAN_SO, …).
    #[arg(long, value_name = "FIELD")]
    pub village_population_field: Option<String>,
    /// Column saying whether the village has grid power (Điện lưới, Có điện; có/không, x, 1/0).
    #[arg(long, value_name = "FIELD")]
    pub village_power_field: Option<String>,
    /// Sheet of an Excel village list, by name or number (default: the first with longitude/latitude columns).
    #[arg(long, value_name = "SHEET")]
    pub village_sheet: Option<String>,
    #[command(flatten)]
    pub sample_columns: SampleColumnArgs,
    /// Also save the analysis as a project file (.phusong), for `phusong report` or the app.
    #[arg(long, value_name = "FILE")]
    pub save_project: Option<PathBuf>,
    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The rule's parameters and filters as flags; defaults are the rule's.
#[derive(Args, Debug, Clone)]
pub struct RuleArgs {
    /// Samples within this distance (m, inclusive) of a village count.
    #[arg(long, default_value_t = 500.0)]
    pub radius_m: f64,
    /// Good samples an operator needs to cover a village.
    #[arg(long, default_value_t = 3)]
    pub min_samples: u32,
    /// Good samples needed as a share (0..1) of all the operator's samples in the radius.
    #[arg(long, default_value_t = 0.5)]
    pub min_share: f64,
    /// 2G RxLev/RSSI at or above this (dBm) is good.
    #[arg(long = "threshold-2g", default_value_t = -105.0, allow_negative_numbers = true)]
    pub threshold_2g: f64,
    /// 3G RSCP at or above this (dBm) is good.
    #[arg(long = "threshold-3g", default_value_t = -100.0, allow_negative_numbers = true)]
    pub threshold_3g: f64,
    /// 4G RSRP at or above this (dBm) is good.
    #[arg(long = "threshold-4g", default_value_t = -115.0, allow_negative_numbers = true)]
    pub threshold_4g: f64,
    /// 5G SS-RSRP at or above this (dBm) is good.
    #[arg(long = "threshold-5g", default_value_t = -115.0, allow_negative_numbers = true)]
    pub threshold_5g: f64,
    /// What "covered" means in the headline; villages below it are flagged (2G, 3G, 4G, 5G).
    #[arg(long, default_value = "4G", value_parser = parse_generation)]
    pub required_generation: Generation,
    /// Keep only these operators (452-04, 45204, Viettel …); repeat or separate by commas.
    #[arg(long = "operator", value_delimiter = ',', value_parser = parse_operator)]
    pub operators: Vec<Operator>,
    /// Keep only these technologies (2G, 3G, 4G, 5G, none for no-service rows).
    #[arg(long = "tech", value_delimiter = ',', value_parser = parse_technology)]
    pub technologies: Vec<Technology>,
    /// First day kept (YYYY-MM-DD, Vietnam time).
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Last day kept (YYYY-MM-DD, inclusive).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// A village whose newest sample is older than this many months needs a new survey.
    #[arg(long, default_value_t = crate::age::DEFAULT_MAX_AGE_MONTHS)]
    pub max_survey_age_months: u32,
    /// The day survey ages are counted to (YYYY-MM-DD; default: the day of the newest sample).
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
}

impl RuleArgs {
    pub fn params(&self) -> Params {
        Params {
            radius_m: self.radius_m,
            min_samples: self.min_samples,
            min_share: self.min_share,
            thresholds_dbm: [
                self.threshold_2g,
                self.threshold_3g,
                self.threshold_4g,
                self.threshold_5g,
            ],
            required: self.required_generation,
            filters: Filters {
                operators: self.operators.clone(),
                technologies: self.technologies.clone(),
                from: self.from,
                to: self.to,
            },
            max_survey_age_months: self.max_survey_age_months,
            as_of: self.as_of,
        }
    }
}

fn parse_crs(s: &str) -> Result<Crs, String> {
    Crs::parse(s)
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "vi" | "vn" => Ok(Lang::Vi),
        "en" => Ok(Lang::En),
        _ => Err(format!("\"{s}\" is not a language; use vi or en")),
    }
}

#[cfg(feature = "window")]
fn parse_renderer(s: &str) -> Result<crate::window::Renderer, String> {
    use crate::window::Renderer;
    match s.trim().to_ascii_lowercase().as_str() {
        "wgpu" if !Renderer::BUILT.contains(&Renderer::Wgpu) => {
            Err("this build draws with OpenGL only; use gl".to_string())
        }
        "wgpu" => Ok(crate::window::Renderer::Wgpu),
        "gl" | "opengl" | "glow" => Ok(crate::window::Renderer::Gl),
        _ => Err(format!("\"{s}\" is not a renderer; use wgpu or gl")),
    }
}

fn parse_paper(s: &str) -> Result<Paper, String> {
    match s.to_ascii_lowercase().as_str() {
        "a4" => Ok(Paper::A4),
        "a3" => Ok(Paper::A3),
        _ => Err(format!("\"{s}\" is not a paper size; use a4 or a3")),
    }
}

fn parse_generation(s: &str) -> Result<Generation, String> {
    Generation::parse(s).ok_or_else(|| format!("\"{s}\" is not a generation; use 2G, 3G, 4G or 5G"))
}

fn parse_operator(s: &str) -> Result<Operator, String> {
    Operator::parse(s).ok_or_else(|| {
        format!("\"{s}\" is not an operator; use MCC-MNC such as 452-04, or a name such as Viettel")
    })
}

fn parse_technology(s: &str) -> Result<Technology, String> {
    Technology::parse(s)
        .ok_or_else(|| format!("\"{s}\" is not a technology; use 2G, 3G, 4G, 5G or none"))
}

/// Runs the command line; `None` (no subcommand) opens the desktop app.
/// How a command ended when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finished {
    /// Everything given was read.
    Whole,
    /// The outputs were written, but some sample logs could not be read (they are listed
    /// on standard error): exit status 3.
    InPart,
}

impl Cli {
    /// The language of the command's messages: its `--lang`, else Vietnamese.
    pub fn lang(&self) -> Lang {
        match &self.command {
            Some(Command::Analyze(args)) => args.lang,
            Some(Command::Report(args)) => args.from_project.lang.unwrap_or_default(),
            Some(Command::Compare(args)) => args.from_project.lang.unwrap_or_default(),
            _ => Lang::default(),
        }
    }
}

/// An error of the command in `lang`: phusong's own errors in their words, others as they
/// come.
pub fn error_text(e: &anyhow::Error, lang: Lang) -> String {
    match e.downcast_ref::<crate::Error>() {
        Some(ours) => ours.text(lang, Front::CommandLine),
        None => format!("{e:#}"),
    }
}

pub fn run(cli: Cli) -> anyhow::Result<Finished> {
    let whole = |r: anyhow::Result<()>| r.map(|()| Finished::Whole);
    match cli.command {
        Some(Command::Analyze(args)) => analyze(&args),
        Some(Command::Report(args)) => report(&args),
        Some(Command::Compare(args)) => compare(&args),
        Some(Command::DemoData(args)) => whole(crate::demo::run(&args)),
        Some(Command::InspectVillages(args)) => whole(inspect_villages(&args)),
        Some(Command::InspectSamples(args)) => whole(inspect_samples(&args)),
        #[cfg(feature = "window")]
        None => {
            let lang = cli.lang();
            let startup = crate::app::Startup::from_files(cli.files);
            whole(crate::window::run(startup, cli.renderer).map_err(|e| {
                anyhow::anyhow!(
                    Msg::WindowCannotOpen { why: e.to_string() }.text(lang, Front::CommandLine)
                )
            }))
        }
        #[cfg(not(feature = "window"))]
        None => Err(crate::Error::usage(Msg::NoWindowInThisBuild).into()),
    }
}

/// Says on standard error what makes the figures cover less than the files given, and
/// whether the command ended whole.
fn said_warnings(dataset: &Dataset, lang: Lang) -> Finished {
    let word = match lang {
        Lang::Vi => "cảnh báo",
        Lang::En => "warning",
    };
    // Background layers not read leave the figures whole, but the map without them: said too.
    for e in dataset.unread.iter().chain(&dataset.background_unread) {
        eprintln!("{word}: {}", e.text(lang, Front::CommandLine));
    }
    for w in dataset
        .warnings()
        .iter()
        // The unread logs were said above, with why.
        .filter(|w| !matches!(w, crate::analysis::DataWarning::Unread { .. }))
    {
        eprintln!("{word}: {}", w.text(lang, Front::CommandLine));
    }
    if dataset.unread.is_empty() {
        Finished::Whole
    } else {
        Finished::InPart
    }
}

fn inputs(args: &AnalyzeArgs) -> anyhow::Result<Inputs> {
    let given = [
        args.communes.is_some(),
        args.villages.is_some(),
        !args.samples.is_empty(),
    ];
    let mut inputs = if given.iter().all(|g| !g) {
        let dir = crate::demo::bundled_dir().context("no inputs given and the bundled demo province (data/) is not here; give --communes, --villages and --samples")?;
        if !args.quiet {
            let demo = Msg::AnalysingDemo {
                dir: dir.display().to_string(),
            };
            println!("{}", demo.text(args.lang, Front::CommandLine));
        }
        Inputs::demo(&dir)
    } else if given.iter().all(|g| *g) {
        Inputs {
            communes: args.communes.clone().unwrap_or_default(),
            villages: args.villages.clone().unwrap_or_default(),
            samples: args.samples.clone(),
            ..Inputs::default()
        }
    } else {
        bail!(
            "give --communes, --villages and --samples together (or none of them, for the demo province)"
        );
    };
    if !args.background.is_empty() {
        inputs.background = args.background.clone();
    }
    inputs.commune_fields = CommuneFields {
        code: args.commune_code_field.clone(),
        name: args.commune_name_field.clone(),
        district: args.district_field.clone(),
        province: args.province_field.clone(),
        encoding: args.commune_encoding,
        crs: args
            .commune_crs
            .clone()
            .or_else(|| without_prj(&args.crs, &inputs.communes)),
    };
    inputs.village_options = VillageOptions {
        name_field: args.village_name_field.clone(),
        lon_field: args.village_lon_field.clone(),
        lat_field: args.village_lat_field.clone(),
        encoding: args.village_encoding,
        crs: args
            .village_crs
            .clone()
            .or_else(|| without_prj(&args.crs, &inputs.villages)),
        commune_field: args.village_commune_field.clone(),
        district_field: args.village_district_field.clone(),
        province_field: args.village_province_field.clone(),
        sheet: args.village_sheet.clone(),
        code_field: args.village_code_field.clone(),
        households_field: args.village_households_field.clone(),
        population_field: args.village_population_field.clone(),
        power_field: args.village_power_field.clone(),
    };
    inputs.sample_columns = args.sample_columns.columns();
    Ok(inputs)
}

/// `crs` for a layer without a `.prj` (a CSV list has none); `None` for one that has it.
fn without_prj(crs: &Option<Crs>, layer: &Path) -> Option<Crs> {
    let is_shapefile = crate::io::paths::is_shapefile_part(layer);
    let has_prj = is_shapefile
        && crate::io::paths::sidecar(&crate::io::paths::shp_path(layer), "prj").exists();
    crs.clone().filter(|_| !has_prj)
}

fn analyze(args: &AnalyzeArgs) -> anyhow::Result<Finished> {
    let params = args.rule.params();
    params
        .validate()
        .map_err(|m| anyhow::Error::msg(m.text(args.lang, Front::CommandLine)))?;
    let inputs = inputs(args)?;
    let started = Instant::now();
    let mut dataset = Dataset::load(&inputs, &Progress::new())?;
    let loaded = started.elapsed();
    let eval = dataset.evaluate(&params);
    // Evaluated once: what is written next reads the samples themselves.
    dataset.release_sample_index();
    let paths = export::write_all(&args.out, &dataset, &eval, args.lang)?;
    if let Some(path) = &args.save_project {
        let project = Project::new(
            path,
            &inputs,
            &dataset.files,
            &params,
            &Layers::default(),
            None,
            args.lang,
        );
        project.save(path, &inputs)?;
        if !args.quiet {
            let saved = Msg::ProjectSaved {
                path: path.display().to_string(),
            };
            println!("{}", saved.text(args.lang, Front::CommandLine));
        }
    }
    let finished = said_warnings(&dataset, args.lang);
    if !args.quiet {
        let timing = (loaded, started.elapsed());
        print_run(&dataset, &eval, args.lang, timing);
        print_written(&args.out, &paths, args.lang);
    }
    Ok(finished)
}

/// What a run read and found, in `lang`: each file's import report, the figures, per
/// operator, and how long loading took (`timing`: loaded and indexed, in all).
fn print_run(
    dataset: &Dataset,
    eval: &crate::analysis::Evaluation,
    lang: Lang,
    timing: (std::time::Duration, std::time::Duration),
) {
    let say = |m: Msg| println!("{}", m.text(lang, Front::CommandLine));
    let count = |n: usize| crate::numbers::count_text(lang, n as u64);
    for report in &dataset.reports {
        print!("{}", report.text(lang, Front::CommandLine));
    }
    println!();
    let required = eval.params.required;
    for line in summary::report_lines(&eval.rollup.total, required, lang.texts()) {
        println!("{line}");
    }
    say(Msg::ByOperator);
    let operators = &eval.operators;
    for line in summary::operator_lines(operators, required, lang) {
        println!("{line}");
    }
    if eval.rollup.outside.villages > 0 {
        say(Msg::VillagesOutsideEveryCommune {
            n: count(eval.rollup.outside.villages as usize),
        });
    }
    if eval.samples_filtered_out > 0 {
        say(Msg::SamplesFilteredOut {
            n: count(eval.samples_filtered_out as usize),
        });
    }
    let units = if eval.rollup.has_districts() {
        let n = eval.rollup.districts.len();
        Msg::InDistricts {
            n: count(n),
            s: crate::message::plural_en(n as u64).into(),
        }
    } else {
        let n = eval.rollup.provinces.len();
        Msg::InProvinces {
            n: count(n),
            s: crate::message::plural_en(n as u64).into(),
        }
    };
    say(Msg::RunTotals {
        samples: count(dataset.samples.len()),
        villages: count(dataset.villages.len()),
        communes: count(dataset.communes.len()),
        units: Box::new(units),
        loaded: crate::numbers::decimal_text(lang, timing.0.as_secs_f64(), 2),
        total: crate::numbers::decimal_text(lang, timing.1.as_secs_f64(), 2),
    });
}

/// The files a run wrote into `out`, each shapefile by its .shp alone (the other four parts
/// go with it).
fn print_written(out: &Path, paths: &[PathBuf], lang: Lang) {
    let names: Vec<String> = (paths.iter())
        .filter_map(|p| p.strip_prefix(out).ok())
        .filter(|p| !p.starts_with("shp") || p.extension().is_some_and(|e| e == "shp"))
        .map(|p| p.display().to_string())
        .collect();
    let written = Msg::WrittenIn {
        dir: out.display().to_string(),
        names: names.join(", "),
    };
    println!("{}", written.text(lang, Front::CommandLine));
}

/// A saved project and its data, loaded as the project names them: refused when inputs
/// lie outside its folder (unless allowed), are missing, or changed since it was saved
/// (unless accepted).
fn load_project(
    path: &Path,
    allow_outside_inputs: bool,
    accept_changed_inputs: bool,
    quiet: bool,
) -> anyhow::Result<(Project, Dataset)> {
    let project = Project::open(path)?;
    let located = project.locate(path);
    if !located.outside.is_empty() && !allow_outside_inputs {
        return Err(
            crate::Error::usage(crate::message::Msg::InputsOutsideProject {
                project: path.display().to_string(),
                files: (located.outside.iter())
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .into(),
        );
    }
    if !located.missing.is_empty() {
        let lines: Vec<String> = located.missing.iter().map(|m| format!("  - {m}")).collect();
        bail!(
            "{}: inputs are missing:\n{}\nPut them back, or open the project in the app and locate them, then save it again.",
            path.display(),
            lines.join("\n")
        );
    }
    let dataset = Dataset::load(&located.inputs, &Progress::new())?;
    let changed = project.changed(&dataset.files);
    if !changed.is_empty() {
        let lines: Vec<String> = changed.iter().map(|c| format!("  - {c}")).collect();
        if !accept_changed_inputs {
            bail!(
                "{}: inputs changed since the project was saved:\n{}\nThe figures would differ from the saved project's. Check the files, then run again with --accept-changed-inputs (or open the project in the app and save it again).",
                path.display(),
                lines.join("\n")
            );
        }
        if !quiet {
            eprintln!("warning: {}", lines.join("; ").trim());
        }
    }
    Ok((project, dataset))
}

fn compare(args: &CompareArgs) -> anyhow::Result<Finished> {
    let o = &args.from_project;
    let load = |p: &Path| load_project(p, o.allow_outside_inputs, o.accept_changed_inputs, o.quiet);
    let (before_project, before) = load(&args.before)?;
    let (after_project, after) = load(&args.after)?;
    let (eb, ea) = (
        before.evaluate(&before_project.params),
        after.evaluate(&after_project.params),
    );
    let lang = o.lang.unwrap_or(after_project.lang);
    let sides = (
        crate::compare::Side {
            dataset: &before,
            eval: &eb,
        },
        crate::compare::Side {
            dataset: &after,
            eval: &ea,
        },
    );
    let cmp = crate::compare::compare(sides.0, sides.1, args.match_within_m);
    let sheet = MapSheet {
        paper: o.paper,
        ..MapSheet::everything(after_project.layers.clone(), lang)
    };
    let paths = export::changes::write_changes(&args.out, sides.0, sides.1, &cmp, lang, sheet)?;
    if !o.quiet {
        for line in export::changes::progress_lines(&cmp, ea.params.required, lang) {
            println!("{line}");
        }
        println!("Written:");
        for p in &paths {
            println!("  {}", p.display());
        }
    }
    Ok(Finished::Whole)
}

fn report(args: &ReportArgs) -> anyhow::Result<Finished> {
    let o = &args.from_project;
    let (project, mut dataset) = load_project(
        &args.project,
        o.allow_outside_inputs,
        o.accept_changed_inputs,
        o.quiet,
    )?;
    let eval = dataset.evaluate(&project.params);
    // Evaluated once: what is written next reads the samples themselves.
    dataset.release_sample_index();
    let lang = o.lang.unwrap_or(project.lang);
    let finished = said_warnings(&dataset, lang);
    let sheet = MapSheet {
        paper: o.paper,
        ..MapSheet::everything(project.layers.clone(), lang)
    };
    let mut maps = vec![(sheet.clone(), "map".to_string())];
    for wanted in &args.communes {
        let key = crate::fold::fold_letters(wanted.trim());
        // "Nông Hạ" finds "Xã Nông Hạ": the unit's word is optional.
        let named = |name: &str| {
            let name = crate::fold::fold_letters(name);
            name == key
                || name
                    .strip_suffix(key.as_str())
                    .is_some_and(|rest| rest.ends_with(' '))
        };
        let found = (dataset.communes.iter())
            .position(|c| c.code == wanted.trim() || named(&c.name))
            .with_context(|| (lang.texts().no_such_commune)(wanted))?;
        let commune = MapSheet {
            area: MapArea::Commune(found),
            ..sheet.clone()
        };
        maps.push((commune, format!("map-{}", dataset.communes[found].code)));
    }
    // The maps go into the same new folder as the tables, which replaces the old one whole.
    let paths = export::write_all_with(&args.out, &dataset, &eval, lang, |stage| {
        let mut paths = Vec::new();
        for (sheet, stem) in &maps {
            paths.extend(export::write_maps(stage, &dataset, &eval, sheet, stem)?);
        }
        Ok(paths)
    })?;
    if !o.quiet {
        for line in summary::report_lines(&eval.rollup.total, project.params.required, lang.texts())
        {
            println!("{line}");
        }
        println!("Written:");
        for p in &paths {
            println!("  {}", p.display());
        }
    }
    Ok(finished)
}

fn inspect_villages(args: &InspectVillagesArgs) -> anyhow::Result<()> {
    use crate::io::village_list::{Confidence, Role, preview};
    let options = VillageOptions {
        sheet: args.village_sheet.clone(),
        ..VillageOptions::default()
    };
    let p = preview(&args.file, &options)?;
    println!("{} ({})", p.file.display(), p.format);
    if !p.sheets.is_empty() {
        println!("Sheets:");
        for s in &p.sheets {
            let mark = if p.sheet.as_deref() == Some(s.name.as_str()) {
                "*"
            } else {
                " "
            };
            let what = match (s.hidden, s.has_coordinates) {
                (true, _) => "hidden",
                (false, true) => "has coordinate columns",
                (false, false) => "no coordinate columns",
            };
            println!(" {mark} \"{}\": {what}", s.name);
        }
    }
    if p.header_row > 0 {
        let word = if p.sheet.is_some() { "row" } else { "line" };
        println!(
            "Header on {word} {}; {} data rows.",
            p.header_row, p.data_rows
        );
    } else {
        println!("{} records; the points are the geometry.", p.data_rows);
    }
    println!("Columns:");
    for (i, name) in p.columns.iter().enumerate() {
        let role = p
            .guess
            .role_of(i)
            .map(|r| format!("→ {}", r.label()))
            .unwrap_or_default();
        println!("  {:>4}  {name}  {role}", p.column_labels[i]);
    }
    println!("First rows:");
    for row in p.rows.iter().take(args.rows) {
        println!("  {:>4}  {}", row.number, row.cells.join(" | "));
    }
    match p.confidence {
        Confidence::Sure => {
            println!("phusong reads this list as shown.");
            let flags: Vec<String> = Role::ALL
                .iter()
                .filter_map(|r| Some((r.flag()?, p.guess.get(*r)?)))
                .map(|(flag, i)| format!("{flag} \"{}\"", p.columns[i]))
                .collect();
            if !flags.is_empty() {
                println!("The same, said with flags: {}", flags.join(" "));
            }
        }
        _ => {
            println!("phusong cannot read this list without help:");
            for problem in &p.problems {
                println!(
                    "  - {}",
                    p.problem_text(problem, Lang::En, Front::CommandLine)
                );
            }
        }
    }
    Ok(())
}

fn inspect_samples(args: &InspectSamplesArgs) -> anyhow::Result<()> {
    use crate::io::samples::{SampleFormat, SampleRole, load_samples_with, preview_samples};
    let columns = args.columns.columns();
    let p = preview_samples(&args.file, &columns)?;
    let format = p.format.map_or(
        "a CSV with named columns, not readable yet",
        SampleFormat::name,
    );
    println!("{} ({format})", p.file.display());
    if p.by_names() {
        println!("Header on line {}. Columns:", p.header_line);
        for role in SampleRole::ALL {
            let taken = match p.guess.get(role) {
                Some(i) => p.column_text(i),
                None if p.missing.contains(&role) => "missing".to_string(),
                None => "none".to_string(),
            };
            let named = columns
                .get(role)
                .map_or(String::new(), |c| format!(" (named \"{c}\")"));
            println!("  {:<11} {taken}{named}", role.label());
        }
        let own: Vec<String> = (crate::model::Generation::ALL.iter())
            .zip(p.signal_by_generation)
            .filter_map(|(g, i)| Some(format!("{g}: {}", p.column_text(i?))))
            .collect();
        if !own.is_empty() {
            println!(
                "  Each technology's own signal column: {} (the signal column for the others).",
                own.join(", ")
            );
        }
    } else {
        println!("Read by the {} layout; its columns are the app's.", format);
    }
    if !p.missing.is_empty() || p.format.is_none() {
        println!("First lines:");
        for row in p.rows.iter().take(args.rows) {
            println!("  {:>6}  {}", row.number, row.cells.join(" | "));
        }
        println!("phusong cannot read this log without help:");
        println!("  {}", p.error());
        return Ok(());
    }
    let file = load_samples_with(&args.file, &columns, &Progress::new())?;
    println!("First rows as read:");
    println!(
        "  {:>11} {:>10}  {:<10} {:<10} {:>7}  time",
        "lon", "lat", "operator", "technology", "signal"
    );
    for s in file.samples.iter().take(args.rows) {
        let signal = if s.signal_dbm.is_nan() {
            "-".to_string()
        } else {
            format!("{}", s.signal_dbm)
        };
        // Vietnam wall-clock seconds, shown as the wall clock reads.
        let time = (s.has_time())
            .then(|| chrono::DateTime::from_timestamp(s.time_s, 0))
            .flatten()
            .map_or("-".to_string(), |t| {
                t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string()
            });
        println!(
            "  {:>11.6} {:>10.6}  {:<10} {:<10} {:>7}  {time}",
            s.lon,
            s.lat,
            s.operator.to_string(),
            s.technology.label(),
            signal
        );
    }
    print!("{}", file.report);
    Ok(())
}
