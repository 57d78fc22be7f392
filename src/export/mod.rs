//! Writing results: the tables, the summary and the map layers of an analysis.
//!
//! Every writer takes the same [`Dataset`](crate::analysis::Dataset) and
//! [`Evaluation`](crate::analysis::Evaluation), so all outputs agree with each other and
//! with the screen.

pub mod atomic;
pub mod geojson;
pub mod map;
pub mod summary;
pub mod tables;

use std::path::{Path, PathBuf};

use crate::analysis::{Dataset, Evaluation};
use crate::error::{Error, Result};

/// The files [`write_all`] writes into the output folder.
pub const OUTPUT_FILES: [&str; 4] = [
    "villages.csv",
    "communes.csv",
    "summary.json",
    "flagged.geojson",
];

/// Writes every output of an analysis into `dir` (created if needed) and returns the paths.
/// Refuses to overwrite an input file.
pub fn write_all(dir: &Path, dataset: &Dataset, eval: &Evaluation) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let paths: Vec<PathBuf> = OUTPUT_FILES.iter().map(|f| dir.join(f)).collect();
    for p in &paths {
        refuse_input(p, dataset)?;
    }
    atomic::write(&paths[0], |w| tables::write_villages_csv(w, dataset, eval))?;
    atomic::write(&paths[1], |w| tables::write_communes_csv(w, eval))?;
    atomic::write(&paths[2], |w| summary::write_summary_json(w, dataset, eval))?;
    atomic::write(&paths[3], |w| geojson::write_flagged(w, dataset, eval))?;
    Ok(paths)
}

/// Writes the map of `sheet` as `map.png`, `map.pdf` and `map.svg` into `dir` and returns the
/// paths. The SVG is made once and the PNG and PDF are rendered from it.
pub fn write_maps(
    dir: &Path,
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &map::MapSheet,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let svg = map::sheet_svg(dataset, eval, sheet);
    let mut written = Vec::new();
    for format in map::MapFormat::ALL {
        let path = dir.join(format!("map.{}", format.extension()));
        refuse_input(&path, dataset)?;
        let bytes =
            map::render(&svg, format, sheet.paper).map_err(|why| map::failed(&path, why))?;
        atomic::write(&path, |w| w.write_all(&bytes))?;
        written.push(path);
    }
    Ok(written)
}

/// An error when writing `path` would overwrite an input of the analysis.
pub fn refuse_input(path: &Path, dataset: &Dataset) -> Result<()> {
    match dataset.files.iter().find(|f| same_file(&f.path, path)) {
        Some(input) => Err(Error::Usage(format!(
            "writing {} would overwrite the input {}; choose another output folder",
            path.display(),
            input.path.display()
        ))),
        None => Ok(()),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
