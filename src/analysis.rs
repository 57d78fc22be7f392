//! One call from the user's files to the results, used by every front so that the window,
//! the command line and every export give the same numbers.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::{CommuneIndex, SampleIndex};
use crate::io::communes::{CommuneFields, load_communes};
use crate::io::report::ImportReport;
use crate::io::samples::{SampleColumns, load_samples_with};
use crate::io::villages::{VillageOptions, load_villages};
use crate::model::{Commune, Sample, Village};
use crate::progress::Progress;
use crate::rollup::{Rollup, roll_up};
use crate::rule::{Params, VillageOutcome, evaluate_village};

/// The files of one analysis and how to read them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Inputs {
    pub communes: PathBuf,
    pub villages: PathBuf,
    pub samples: Vec<PathBuf>,
    #[serde(default)]
    pub commune_fields: CommuneFields,
    #[serde(default)]
    pub village_options: VillageOptions,
    /// The columns of sample logs read by their column names, where the user named them.
    #[serde(default)]
    pub sample_columns: SampleColumns,
    /// Shapefiles drawn under the coverage layers for orientation; not part of the rule.
    #[serde(default)]
    pub background: Vec<PathBuf>,
}

impl Inputs {
    /// These inputs with `files` added by role: a communes or villages file replaces the one
    /// before, sample files are added to the list (once each). Files that fit no role are
    /// returned with their errors, and the rest are still added.
    pub fn with_files(&self, files: &[PathBuf]) -> (Inputs, Vec<Error>) {
        use crate::io::classify::{Role, role_of};
        use crate::io::paths::shp_path;
        let mut next = self.clone();
        let mut errors = Vec::new();
        for path in files {
            match role_of(path) {
                Ok(Role::Communes) => next.communes = shp_path(path),
                Ok(Role::Villages) => next.villages = shp_path(path),
                Ok(Role::Samples) => {
                    if !next.samples.contains(path) {
                        next.samples.push(path.clone());
                    }
                }
                Ok(Role::Background) => {
                    let shp = shp_path(path);
                    if !next.background.contains(&shp) {
                        next.background.push(shp);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        (next, errors)
    }

    /// Every file: the communes, the villages, then the sample logs.
    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        [&self.communes, &self.villages]
            .into_iter()
            .chain(&self.samples)
    }

    /// The bundled demo province in `dir` (normally `data/`).
    pub fn demo(dir: &Path) -> Inputs {
        Inputs {
            communes: dir.join("communes.shp"),
            villages: dir.join("villages.shp"),
            samples: vec![dir.join("samples.csv")],
            background: vec![dir.join(crate::demo::PLACES_LAYER)],
            ..Inputs::default()
        }
    }
}

/// An input file as read: which role it had, its size and BLAKE3 checksum (`b3sum` prints
/// the same).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputFile {
    pub role: &'static str,
    pub path: PathBuf,
    pub bytes: u64,
    pub blake3: String,
}

/// Something about the inputs that makes the figures cover less than the user gave: shown
/// beside the headline, in `summary.json` and in the Excel report's parameters sheet.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DataWarning {
    /// A layer read only up to a damaged record.
    Incomplete {
        /// "communes", "villages" or "samples".
        role: &'static str,
        file: PathBuf,
        #[serde(flatten)]
        incomplete: crate::io::report::Incomplete,
    },
    /// A sample log that could not be read at all; the analysis went on without it.
    Unread {
        file: PathBuf,
        /// Said in the warning's text, in the report's language.
        #[serde(skip)]
        why: Box<crate::message::Msg>,
    },
    /// No village lies in any commune: the two layers are of different places (or one is
    /// in another coordinate system), so every figure per commune is empty.
    NoVillageInAnyCommune { villages: u64 },
    /// No sample lies within [`NO_SAMPLE_REACH_M`] of any village: the logs are of another
    /// place (or their coordinates are misread), so every village is not surveyed.
    NoSampleNearAnyVillage { samples: u64, reach_km: u64 },
}

/// How far from every village the samples must all lie for the logs to be taken for
/// another place's: a survey of a province passes within this of some village, and the
/// rule's radius is a few hundred metres.
pub const NO_SAMPLE_REACH_M: f64 = 10_000.0;

impl DataWarning {
    /// The warning as a sentence in `lang`.
    pub fn text(&self, lang: crate::lang::Lang, front: crate::message::Front) -> String {
        use crate::message::{Layer, Msg};
        let msg = match self {
            DataWarning::Incomplete {
                role,
                file,
                incomplete,
            } => Msg::WarnIncomplete {
                layer: match *role {
                    "communes" => Layer::Communes,
                    _ => Layer::Villages,
                },
                file: crate::io::paths::file_name(file),
                kept: incomplete.kept,
                expected: incomplete
                    .expected
                    .map(|n| format!("/{n}"))
                    .unwrap_or_default(),
                stopped_at: incomplete.stopped_at,
            },
            DataWarning::Unread { file, why } => Msg::WarnUnread {
                file: crate::io::paths::file_name(file),
                why: why.clone(),
            },
            DataWarning::NoVillageInAnyCommune { villages } => Msg::WarnNoVillageInAnyCommune {
                villages: *villages,
            },
            DataWarning::NoSampleNearAnyVillage { samples, reach_km } => {
                Msg::WarnNoSampleNearAnyVillage {
                    samples: *samples,
                    reach_km: *reach_km,
                }
            }
        };
        crate::message::sentence(&msg.text(lang, front))
    }
}

/// Everything loaded and indexed: the rule can be applied again with new parameters
/// without reading or indexing anything.
pub struct Dataset {
    pub communes: Vec<Commune>,
    pub villages: Vec<Village>,
    /// The village file's own columns, as it names them (see [`Village::own`]).
    pub village_columns: Vec<String>,
    pub samples: Vec<Sample>,
    /// The communes' report, the villages', then one per sample file.
    pub reports: Vec<ImportReport>,
    pub files: Vec<InputFile>,
    /// The samples' search index ([`Dataset::sample_index`]): made with the dataset; a front
    /// that evaluates once may let it go before writing ([`Dataset::release_sample_index`]).
    sample_index: std::sync::OnceLock<SampleIndex>,
    pub commune_index: CommuneIndex,
    /// The commune each village lies in (index into `communes`), `None` outside all.
    pub village_commune: Vec<Option<u32>>,
    /// Sample logs that could not be read, with why: the others loaded without them.
    pub unread: Vec<Error>,
    /// The background layers read, in the order given.
    pub background: Vec<crate::io::background::BackgroundLayer>,
    /// Background layers that could not be read, with why; the figures do not depend on them.
    pub background_unread: Vec<Error>,
    /// Samples were read but none lies within [`NO_SAMPLE_REACH_M`] of any village.
    pub no_sample_near_villages: bool,
    /// The time of the newest sample with a time, what survey ages count to by default.
    pub newest_sample_s: Option<i64>,
    /// The time of the oldest sample with a time: with the newest, the days a printed map
    /// says its samples were taken.
    pub oldest_sample_s: Option<i64>,
}

/// The rule's result for every village and unit, with the parameters that gave it.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    pub params: Params,
    /// One per village, in input order.
    pub villages: Vec<VillageOutcome>,
    pub rollup: Rollup,
    /// Per operator, over all villages.
    pub operators: Vec<crate::rollup::OperatorFigures>,
    /// Samples the active filters left out (they are not samples for the rule).
    pub samples_filtered_out: u64,
    /// How survey ages are counted; `None` when no sample has a time and no day is set.
    pub survey_age: Option<crate::age::SurveyAge>,
    /// How many villages need a new survey, counted once (every frame's legend asks).
    #[serde(skip)]
    needing_new_survey: u32,
}

impl Evaluation {
    /// True when village `v`'s newest sample is older than the set age.
    pub fn needs_new_survey(&self, v: usize) -> bool {
        self.survey_age
            .is_some_and(|a| a.is_old(self.villages[v].last_sample_s()))
    }

    /// How many villages need a new survey.
    pub fn villages_needing_new_survey(&self) -> u32 {
        self.needing_new_survey
    }
}

impl Dataset {
    /// The samples' search index, made again first if it was let go.
    pub fn sample_index(&self) -> &SampleIndex {
        self.sample_index
            .get_or_init(|| SampleIndex::new(&self.samples))
    }

    /// The samples' search index if it is there (not let go), without making it.
    pub fn sample_index_if_made(&self) -> Option<&SampleIndex> {
        self.sample_index.get()
    }

    /// Lets the search index go (a sixth of a national dataset's memory): for a front that
    /// evaluates once, then writes. What asks for it later gets it made again.
    pub fn release_sample_index(&mut self) {
        self.sample_index.take();
    }

    /// Reads, checks and indexes the inputs. `progress` counts bytes of sample files read.
    ///
    /// The checksums of the input files run beside the reading and indexing; an error of the
    /// loading comes first and stops them.
    pub fn load(inputs: &Inputs, progress: &Progress) -> Result<Dataset> {
        // A folder among the inputs is a mistake to say at once; a pipe would block a reader.
        for path in [&inputs.communes, &inputs.villages] {
            crate::io::paths::check_regular(path)?;
        }
        if let Some(folder) = inputs.samples.iter().find(|p| p.is_dir()) {
            return Err(Error::content(
                folder,
                crate::message::Msg::IsFolder,
                crate::message::Msg::RemedyChooseFileInFolder,
            ));
        }
        let failed = AtomicBool::new(false);
        let (files, loaded) = rayon::join(
            || checksums(inputs, progress, &failed),
            || {
                let loaded = load_and_index(inputs, progress);
                if loaded.is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
                loaded
            },
        );
        let mut dataset = loaded?;
        dataset.files = files?;
        Ok(dataset)
    }

    /// Applies the rule to every village and rolls the result up.
    pub fn evaluate(&self, params: &Params) -> Evaluation {
        self.evaluate_near(params, None)
    }

    /// Every village's samples within [`crate::reach::MAX_RADIUS_M`], by operator and
    /// nearest first, for re-runs of the rule ([`Dataset::evaluate_near`]); `None` when the
    /// data does not fit.
    pub fn reach(&self) -> Option<crate::reach::Reach> {
        let points: Vec<_> = self.villages.iter().map(|v| v.location).collect();
        crate::reach::Reach::new(&points, &self.samples, self.sample_index())
    }

    /// [`Dataset::evaluate`], over `reach`'s lists when the radius is within theirs (the
    /// same outcomes, in a fraction of the time).
    pub fn evaluate_near(
        &self,
        params: &Params,
        reach: Option<&crate::reach::Reach>,
    ) -> Evaluation {
        let keep = params.filters.matcher();
        let index = self.sample_index();
        let exact = |v: usize| {
            let at = self.villages[v].location;
            evaluate_village(at, &self.samples, index, params, &keep)
        };
        let villages: Vec<VillageOutcome> = match reach.and_then(|r| r.outcomes(params, exact)) {
            Some(outcomes) => outcomes,
            None => (0..self.villages.len())
                .into_par_iter()
                .map(exact)
                .collect(),
        };
        let samples_filtered_out = if params.filters.is_empty() {
            0
        } else if let Some(reach) = reach {
            reach.left_out(&keep)
        } else {
            self.samples.par_iter().filter(|s| !keep(s)).count() as u64
        };
        // The two roll-ups side by side: a few milliseconds each, of a re-run's fifty.
        let (rollup, operators) = rayon::join(
            || {
                roll_up(
                    &self.communes,
                    &self.villages,
                    &self.village_commune,
                    &villages,
                )
            },
            || crate::rollup::by_operator(&self.villages, &villages),
        );
        let survey_age = crate::age::SurveyAge::new(
            params.as_of,
            self.newest_sample_s,
            params.max_survey_age_months,
        );
        let mut evaluation = Evaluation {
            params: params.clone(),
            villages,
            rollup,
            operators,
            samples_filtered_out,
            survey_age,
            needing_new_survey: 0,
        };
        evaluation.needing_new_survey = (0..evaluation.villages.len())
            .filter(|&v| evaluation.needs_new_survey(v))
            .count() as u32;
        evaluation
    }

    /// What makes these figures cover less than the files given: layers read in part, logs
    /// not read.
    pub fn warnings(&self) -> Vec<DataWarning> {
        let roles = ["communes", "villages"]
            .into_iter()
            .chain(std::iter::repeat("samples"));
        let incomplete = self.reports.iter().zip(roles).filter_map(|(r, role)| {
            r.incomplete
                .clone()
                .map(|incomplete| DataWarning::Incomplete {
                    role,
                    file: r.file.clone(),
                    incomplete,
                })
        });
        let unread = self.unread.iter().map(|e| DataWarning::Unread {
            file: e.path().map(Path::to_path_buf).unwrap_or_default(),
            why: Box::new(e.problem()),
        });
        let mut warnings: Vec<DataWarning> = incomplete.chain(unread).collect();
        let communes_known = !self.communes.is_empty() && !self.villages.is_empty();
        if communes_known && self.village_commune.iter().all(Option::is_none) {
            warnings.push(DataWarning::NoVillageInAnyCommune {
                villages: self.villages.len() as u64,
            });
        }
        if self.no_sample_near_villages {
            warnings.push(DataWarning::NoSampleNearAnyVillage {
                samples: self.samples.len() as u64,
                reach_km: (NO_SAMPLE_REACH_M / 1000.0) as u64,
            });
        }
        warnings
    }

    /// The warnings in words, a sentence each.
    pub fn warning_texts(
        &self,
        lang: crate::lang::Lang,
        front: crate::message::Front,
    ) -> Vec<String> {
        self.warnings()
            .iter()
            .map(|w| w.text(lang, front))
            .collect()
    }

    /// False when no commune names a district (boundaries after the July 2025 reform): the
    /// outputs then have no district level and no district column.
    pub fn has_districts(&self) -> bool {
        self.communes.iter().any(|c| !c.district.is_empty())
    }

    /// The commune village `v` lies in, `None` when it is outside every commune.
    pub fn commune_of(&self, v: usize) -> Option<&Commune> {
        self.village_commune[v].map(|i| &self.communes[i as usize])
    }

    /// The samples the rule looked at for village `v` (within the radius and the filters),
    /// for showing what decided it.
    pub fn samples_near_village(&self, v: usize, params: &Params) -> Vec<usize> {
        let keep = params.filters.matcher();
        let mut found =
            self.sample_index()
                .within(&self.samples, self.villages[v].location, params.radius_m);
        found.retain(|&i| keep(&self.samples[i]));
        found
    }
}

/// Everything of [`Dataset::load`] but the checksums (`files` is left empty).
fn load_and_index(inputs: &Inputs, progress: &Progress) -> Result<Dataset> {
    // The layers are read while the samples are: neither needs the other.
    let (((communes, villages), background), samples) = rayon::join(
        || {
            rayon::join(
                || {
                    rayon::join(
                        || load_communes(&inputs.communes, &inputs.commune_fields),
                        || load_villages(&inputs.villages, &inputs.village_options),
                    )
                },
                || load_background_layers(&inputs.background),
            )
        },
        || load_all_samples(inputs, progress),
    );
    let (communes, villages) = (communes?, villages?);
    let (background, background_unread) = background;
    let mut reports = vec![communes.report, villages.report];

    let (samples, sample_reports, unread) = samples?;
    reports.extend(sample_reports);
    let (sample_index, (commune_index, village_commune)) = rayon::join(
        || SampleIndex::new(&samples),
        || locate_villages(&communes.communes, &villages.villages),
    );
    if let Some(report) = reports.get_mut(1)
        && let Some(note) = listed_commune_note(
            &villages.villages,
            &communes.communes,
            &village_commune,
            report,
        )
    {
        report.note(note);
    }
    let no_sample_near_villages = no_sample_near(&samples, &sample_index, &villages.villages);
    let times_s = crate::model::time_span_s(&samples);
    Ok(Dataset {
        no_sample_near_villages,
        newest_sample_s: times_s.map(|(_, newest)| newest),
        oldest_sample_s: times_s.map(|(oldest, _)| oldest),
        communes: communes.communes,
        villages: villages.villages,
        village_columns: villages.own_columns,
        samples,
        reports,
        files: Vec::new(),
        sample_index: sample_index.into(),
        commune_index,
        village_commune,
        unread,
        background,
        background_unread,
    })
}

/// Every background layer that reads, in order, and the errors of those that do not: one
/// unreadable layer costs only itself.
fn load_background_layers(
    paths: &[PathBuf],
) -> (Vec<crate::io::background::BackgroundLayer>, Vec<Error>) {
    let read: Vec<Result<_>> = (paths.par_iter())
        .map(|p| crate::io::background::load_background(p))
        .collect();
    let (mut layers, mut errors) = (Vec::new(), Vec::new());
    for r in read {
        match r {
            Ok(layer) => layers.push(layer),
            Err(e) => errors.push(e),
        }
    }
    (layers, errors)
}

/// Every sample log of `inputs`, one after the other: the samples, a report per log read,
/// and the logs that could not be read, each with why. One unreadable log costs only itself:
/// the others, the communes and the villages still load. A log whose columns are unsure is a
/// question for the user (the window asks for them), not a file to leave out.
fn load_all_samples(
    inputs: &Inputs,
    progress: &Progress,
) -> Result<(Vec<Sample>, Vec<ImportReport>, Vec<Error>)> {
    let total: u64 = (inputs.samples.iter())
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    progress.set_total(total);
    let mut samples: Vec<Sample> = Vec::new();
    let mut reports = Vec::new();
    let mut unread = Vec::new();
    for path in &inputs.samples {
        let file = match load_samples_with(path, &inputs.sample_columns, progress) {
            Ok(file) => file,
            Err(e @ (Error::Cancelled | Error::SampleColumns(_))) => return Err(e),
            Err(e) => {
                unread.push(e);
                continue;
            }
        };
        if samples.is_empty() {
            samples = file.samples;
        } else {
            samples.extend_from_slice(&file.samples);
        }
        reports.push(file.report);
    }
    if progress.is_cancelled() {
        return Err(Error::Cancelled);
    }
    Ok((samples, reports, unread))
}

/// The communes' index, and the commune each village's point lies in, on all cores.
fn locate_villages(communes: &[Commune], villages: &[Village]) -> (CommuneIndex, Vec<Option<u32>>) {
    let commune_index = CommuneIndex::new(communes);
    let village_commune: Vec<Option<u32>> = (villages.par_iter())
        .map(|v| commune_index.locate(communes, v.location).map(|i| i as u32))
        .collect();
    (commune_index, village_commune)
}

/// True when there are samples and villages but no sample within reach of any village (the
/// layers do not overlap). Stops at the first village with a sample near it, which is nearly
/// always the first.
fn no_sample_near(samples: &[Sample], index: &SampleIndex, villages: &[Village]) -> bool {
    !samples.is_empty()
        && !villages.is_empty()
        && !villages.iter().any(|v| {
            let mut near = false;
            index.for_each_within(samples, v.location, NO_SAMPLE_REACH_M, |_| near = true);
            near
        })
}

/// The BLAKE3 checksum of every input file (a shapefile's .shp and .dbf both), in a fixed order.
fn checksums(inputs: &Inputs, progress: &Progress, stop: &AtomicBool) -> Result<Vec<InputFile>> {
    let shp = crate::io::paths::shp_path;
    let mut wanted: Vec<(&'static str, PathBuf)> = Vec::new();
    for (role, path) in [
        ("communes", &inputs.communes),
        ("villages", &inputs.villages),
    ] {
        let is_shp = crate::io::paths::is_shapefile_part(path);
        if is_shp {
            let main = shp(path);
            // A shapefile without its .dbf loads numbered: only the files there are summed.
            let dbf = crate::io::paths::sidecar(&main, "dbf");
            if dbf.exists() {
                wanted.push((role, dbf));
            }
            wanted.push((role, main));
        } else {
            wanted.push((role, path.clone()));
        }
    }
    wanted.extend(inputs.samples.iter().map(|p| ("samples", p.clone())));
    wanted.dedup();
    let mut files = Vec::with_capacity(wanted.len());
    for (role, path) in wanted {
        let (bytes, blake3) = match checksum_file(&path, progress, stop) {
            Ok(sum) => sum,
            // A log that cannot be opened is left out of the analysis and listed as unread
            // by the load; it has no checksum to keep.
            Err(Error::Io { .. } | Error::Content { .. }) if role == "samples" => continue,
            Err(e) => return Err(e),
        };
        files.push(InputFile {
            role,
            path,
            bytes,
            blake3,
        });
    }
    Ok(files)
}

/// Stops with [`Error::Cancelled`] when the user cancels or `stop` is set.
fn checksum_file(path: &Path, progress: &Progress, stop: &AtomicBool) -> Result<(u64, String)> {
    // A pipe would be read for ever: the load says what it is.
    crate::io::paths::check_regular(path)?;
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        if progress.is_cancelled() || stop.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok((bytes, hasher.finalize().to_hex().to_string()))
}

/// How many villages a note on listed communes names.
const LISTED_EXAMPLES: usize = 5;

/// A note on the villages whose list names a commune other than the one their point lies
/// in — a list made before the July 2025 reform names the old communes. Such villages are
/// counted where their point lies; the note says how many and names the first few.
pub fn listed_commune_note(
    villages: &[Village],
    communes: &[Commune],
    village_commune: &[Option<u32>],
    report: &ImportReport,
) -> Option<String> {
    let mut differ = 0usize;
    let mut compared = 0usize;
    let mut examples = Vec::new();
    for (v, c) in villages.iter().zip(village_commune) {
        let Some(c) = c.and_then(|i| communes.get(i as usize)) else {
            continue;
        };
        if v.listed.commune.is_empty() {
            continue;
        }
        compared += 1;
        if same_commune(&v.listed.commune, c) {
            continue;
        }
        differ += 1;
        if examples.len() < LISTED_EXAMPLES {
            let name = if v.name.is_empty() {
                String::new()
            } else {
                format!(" {}", v.name)
            };
            examples.push(format!(
                "{}{name}: listed {}, lies in {}",
                v.record, v.listed.commune, c.name
            ));
        }
    }
    if differ == 0 {
        return None;
    }
    let word = match report.row_unit() {
        crate::message::Unit::Row => "row",
        crate::message::Unit::Record => "record",
        _ => "line",
    };
    Some(format!(
        "{differ} of {compared} villages name a commune other than the one their point lies in (a list from before the July 2025 reform names the old communes); each is counted in the commune its point lies in: {word} {}{}",
        examples.join("; "),
        if differ > examples.len() {
            format!("; and {} more", differ - examples.len())
        } else {
            String::new()
        }
    ))
}

/// True when a village list's commune text names `commune`: by name, ignoring case,
/// diacritics and the kind of unit (`Xã`, `Phường`, `Thị trấn`, `TT.`), or by code.
pub fn same_commune(listed: &str, commune: &Commune) -> bool {
    let key = commune_key(listed);
    !key.is_empty()
        && (key == commune_key(&commune.name)
            || crate::fold::fold_key(listed) == crate::fold::fold_key(&commune.code))
}

fn commune_key(name: &str) -> String {
    let folded = crate::fold::fold_letters(name.trim());
    let mut rest = folded.trim();
    for prefix in [
        "xa ",
        "phuong ",
        "thi tran ",
        "dac khu ",
        "tt.",
        "tt ",
        "p.",
        "x.",
    ] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
            break;
        }
    }
    crate::fold::fold_key(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ListedUnits;

    fn commune(code: &str, name: &str) -> Commune {
        Commune {
            code: code.into(),
            name: name.into(),
            district: String::new(),
            province: "Thái Nguyên".into(),
            boundary: geo::MultiPolygon(vec![]),
        }
    }

    fn village(record: u64, name: &str, listed: &str) -> Village {
        Village {
            name: name.into(),
            location: geo::Point::new(106.0, 22.0),
            record,
            listed: ListedUnits {
                commune: listed.into(),
                ..ListedUnits::default()
            },
            ..Village::default()
        }
    }

    #[test]
    fn commune_names_match_whatever_the_unit_word_and_accents() {
        let c = commune("2070911", "Xã Lương Thượng");
        for listed in [
            "Xã Lương Thượng",
            "Lương Thượng",
            "xã lương thượng",
            "XA LUONG THUONG",
            "X. Lương Thượng",
            "2070911",
        ] {
            assert!(same_commune(listed, &c), "{listed}");
        }
        assert!(same_commune(
            "TT. Chợ Mới",
            &commune("1", "Thị trấn Chợ Mới")
        ));
        assert!(!same_commune("Xã Lương Hạ", &c));
        assert!(!same_commune("", &c));
    }

    #[test]
    fn villages_listed_in_an_old_commune_are_noted_with_count_and_rows() {
        let communes = vec![commune("1", "Xã Chợ Mới"), commune("2", "Xã Cao Kỳ")];
        let villages = vec![
            village(8, "Nà Bản", "Xã Chợ Mới"),
            village(9, "Khuổi Đeng", "Xã Hòa Mục"),
            village(10, "Nà Lẹng", "Cao Kỳ"),
            village(11, "", "Xã Yên Cư"),
            village(12, "Bản Ngoài", "Xã Thanh Vận"),
        ];
        let placed = [Some(0), Some(0), Some(1), Some(0), None];
        let mut report = ImportReport::new("thon.xlsx", "Excel workbook (.xlsx)");
        report.sheet = Some("DS".into());
        let note = listed_commune_note(&villages, &communes, &placed, &report).unwrap();
        assert!(
            note.starts_with("2 of 4 villages name a commune other than"),
            "{note}"
        );
        assert!(
            note.contains("row 9 Khuổi Đeng: listed Xã Hòa Mục, lies in Xã Chợ Mới; 11: listed Xã Yên Cư, lies in Xã Chợ Mới"),
            "{note}"
        );
        let same = [Some(0), Some(0), Some(1), Some(0), None];
        let villages_same: Vec<Village> = villages
            .iter()
            .map(|v| Village {
                listed: ListedUnits::default(),
                ..v.clone()
            })
            .collect();
        assert_eq!(
            listed_commune_note(&villages_same, &communes, &same, &report),
            None
        );
    }

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(name)
    }

    #[test]
    fn dropped_files_replace_layers_and_add_sample_logs() {
        let start = Inputs::demo(&data(""));
        let extra = data("samples.csv");
        let (next, errors) = start.with_files(&[data("villages.dbf"), extra.clone()]);
        assert!(errors.is_empty());
        assert_eq!(next.villages, data("villages.shp"));
        assert_eq!(next.samples, vec![extra]);
    }
}
