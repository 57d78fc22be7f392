//! Writing results: the tables, the summary and the map layers of an analysis.
//!
//! Every writer takes the same [`Dataset`](crate::analysis::Dataset) and
//! [`Evaluation`](crate::analysis::Evaluation), so all outputs agree with each other and
//! with the screen.

pub mod atomic;
pub mod geojson;
pub mod summary;
pub mod tables;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::analysis::{Dataset, Evaluation};
use crate::error::{Error, Result};
use crate::i18n::Lang;

/// The files [`write_all`] writes into the output folder.
pub const OUTPUT_FILES: [&str; 5] = [
    "villages.csv",
    "communes.csv",
    "summary.json",
    "flagged.geojson",
    "report.xlsx",
];

/// Writes every output of an analysis into `dir` (created if needed) and returns the paths;
/// the Excel report's words are in `lang`. Refuses to overwrite an input file.
pub fn write_all(
    dir: &Path,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let paths: Vec<PathBuf> = OUTPUT_FILES.iter().map(|f| dir.join(f)).collect();
    for p in &paths {
        if let Some(input) = dataset.files.iter().find(|f| same_file(&f.path, p)) {
            return Err(Error::Usage(format!(
                "writing {} would overwrite the input {}; choose another output folder",
                p.display(),
                input.path.display()
            )));
        }
    }
    atomic::write(&paths[0], |w| tables::write_villages_csv(w, dataset, eval))?;
    atomic::write(&paths[1], |w| tables::write_communes_csv(w, eval))?;
    atomic::write(&paths[2], |w| summary::write_summary_json(w, dataset, eval))?;
    atomic::write(&paths[3], |w| geojson::write_flagged(w, dataset, eval))?;
    xlsx::write_xlsx(&paths[4], dataset, eval, lang)?;
    Ok(paths)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
