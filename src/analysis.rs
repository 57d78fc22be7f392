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
use crate::io::samples::load_samples;
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
}

impl Inputs {
    /// The bundled demo province in `dir` (normally `data/`).
    pub fn demo(dir: &Path) -> Inputs {
        Inputs {
            communes: dir.join("communes.shp"),
            villages: dir.join("villages.shp"),
            samples: vec![dir.join("samples.csv")],
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

/// Everything loaded and indexed: the rule can be applied again with new parameters
/// without reading or indexing anything.
pub struct Dataset {
    pub communes: Vec<Commune>,
    pub villages: Vec<Village>,
    pub samples: Vec<Sample>,
    /// The communes' report, the villages', then one per sample file.
    pub reports: Vec<ImportReport>,
    pub files: Vec<InputFile>,
    pub sample_index: SampleIndex,
    pub commune_index: CommuneIndex,
    /// The commune each village lies in (index into `communes`), `None` outside all.
    pub village_commune: Vec<Option<u32>>,
}

/// The rule's result for every village and unit, with the parameters that gave it.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    pub params: Params,
    /// One per village, in input order.
    pub villages: Vec<VillageOutcome>,
    pub rollup: Rollup,
    /// Samples the active filters left out (they are not samples for the rule).
    pub samples_filtered_out: u64,
}

impl Dataset {
    /// Reads, checks and indexes the inputs. `progress` counts bytes of sample files read.
    ///
    /// The checksums of the input files run beside the reading and indexing; an error of the
    /// loading comes first and stops them.
    pub fn load(inputs: &Inputs, progress: &Progress) -> Result<Dataset> {
        let all = [&inputs.communes, &inputs.villages]
            .into_iter()
            .chain(&inputs.samples);
        if let Some(folder) = all.into_iter().find(|p| p.is_dir()) {
            return Err(Error::content(
                folder,
                "this is a folder, not a file",
                "Choose the file inside it: the .shp of a layer, or a signal log.",
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
        let keep = params.filters.matcher();
        let villages: Vec<VillageOutcome> = self
            .villages
            .par_iter()
            .map(|v| evaluate_village(v.location, &self.samples, &self.sample_index, params, &keep))
            .collect();
        let samples_filtered_out = if params.filters.is_empty() {
            0
        } else {
            self.samples.par_iter().filter(|s| !keep(s)).count() as u64
        };
        let rollup = roll_up(&self.communes, &self.village_commune, &villages);
        Evaluation {
            params: params.clone(),
            villages,
            rollup,
            samples_filtered_out,
        }
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
            self.sample_index
                .within(&self.samples, self.villages[v].location, params.radius_m);
        found.retain(|&i| keep(&self.samples[i]));
        found
    }
}

/// Everything of [`Dataset::load`] but the checksums (`files` is left empty).
fn load_and_index(inputs: &Inputs, progress: &Progress) -> Result<Dataset> {
    let (communes, villages) = rayon::join(
        || load_communes(&inputs.communes, &inputs.commune_fields),
        || load_villages(&inputs.villages, &inputs.village_options),
    );
    let (communes, villages) = (communes?, villages?);
    let mut reports = vec![communes.report, villages.report];

    let total: u64 = inputs
        .samples
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    progress.set_total(total);
    let mut samples: Vec<Sample> = Vec::new();
    for path in &inputs.samples {
        let file = load_samples(path, progress)?;
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

    let (sample_index, (commune_index, village_commune)) = rayon::join(
        || SampleIndex::new(&samples),
        || {
            let commune_index = CommuneIndex::new(&communes.communes);
            let village_commune = villages
                .villages
                .par_iter()
                .map(|v| {
                    commune_index
                        .locate(&communes.communes, v.location)
                        .map(|i| i as u32)
                })
                .collect();
            (commune_index, village_commune)
        },
    );
    Ok(Dataset {
        communes: communes.communes,
        villages: villages.villages,
        samples,
        reports,
        files: Vec::new(),
        sample_index,
        commune_index,
        village_commune,
    })
}

/// The BLAKE3 checksum of every input file (a shapefile's .shp and .dbf both), in a fixed order.
fn checksums(inputs: &Inputs, progress: &Progress, stop: &AtomicBool) -> Result<Vec<InputFile>> {
    let shp = crate::io::shp::shp_path;
    let mut wanted: Vec<(&'static str, PathBuf)> = Vec::new();
    for (role, path) in [
        ("communes", &inputs.communes),
        ("villages", &inputs.villages),
    ] {
        let is_shp = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "shp" | "shx" | "dbf"));
        if is_shp {
            let main = shp(path);
            wanted.push((role, main.with_extension("dbf")));
            wanted.push((role, main));
        } else {
            wanted.push((role, path.clone()));
        }
    }
    wanted.extend(inputs.samples.iter().map(|p| ("samples", p.clone())));
    wanted.dedup();
    wanted
        .into_iter()
        .map(|(role, path)| {
            let (bytes, blake3) = checksum_file(&path, progress, stop)?;
            Ok(InputFile {
                role,
                path,
                bytes,
                blake3,
            })
        })
        .collect()
}

/// Stops with [`Error::Cancelled`] when the user cancels or `stop` is set.
fn checksum_file(path: &Path, progress: &Progress, stop: &AtomicBool) -> Result<(u64, String)> {
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
