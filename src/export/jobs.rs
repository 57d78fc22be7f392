//! The outputs written side by side: each file (or the parts of one shapefile) is a job, and
//! the jobs run on every core, the longest first, so that a report folder takes about as long
//! as its longest file rather than the sum of them.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::Result;

/// Writes some files and returns their paths.
pub type Job<'a> = Box<dyn FnOnce() -> Result<Vec<PathBuf>> + Send + 'a>;

/// A job of `f`.
pub fn job<'a>(f: impl FnOnce() -> Result<Vec<PathBuf>> + Send + 'a) -> Job<'a> {
    Box::new(f)
}

/// Runs `jobs`, each on whichever core is free, in their order of start; returns the paths
/// they wrote in job order, or the first error in job order (after all have finished, so that
/// no job is still writing when the caller cleans up).
pub fn run(jobs: Vec<Job>) -> Result<Vec<PathBuf>> {
    let results: Vec<Result<Vec<PathBuf>>> = jobs
        .into_par_iter()
        // One job a task: a long job on one core never holds back those queued behind it.
        .with_max_len(1)
        .map(|job| job())
        .collect();
    let mut paths = Vec::new();
    for result in results {
        paths.extend(result?);
    }
    Ok(paths)
}
