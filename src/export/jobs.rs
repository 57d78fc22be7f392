//! The outputs written side by side: each file (or the parts of one shapefile) is a job, and
//! the jobs run on every core, the longest first, so that a report folder takes about as long
//! as its longest file rather than the sum of them.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::error::Result;

/// Writes some files and returns their paths.
pub type Job<'a> = Box<dyn FnOnce() -> Result<Vec<PathBuf>> + Send + 'a>;

/// A job of `f`.
pub fn job<'a>(f: impl FnOnce() -> Result<Vec<PathBuf>> + Send + 'a) -> Job<'a> {
    Box::new(f)
}

/// Runs `jobs` on as many threads of the pool as there are cores, each thread taking the
/// next job in their order when it is free (the longest should come first); returns the paths
/// they wrote in job order, or the first error in job order (after all have finished, so that
/// no job is still writing when the caller cleans up). The jobs' own parallel loops run on
/// the threads that are free.
pub fn run(jobs: Vec<Job>) -> Result<Vec<PathBuf>> {
    let count = jobs.len();
    let queue: Mutex<VecDeque<(usize, Job)>> = Mutex::new(jobs.into_iter().enumerate().collect());
    let done: Mutex<Vec<Option<Result<Vec<PathBuf>>>>> =
        Mutex::new((0..count).map(|_| None).collect());
    let take = || queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
    let workers = rayon::current_num_threads().clamp(1, count.max(1));
    rayon::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| {
                while let Some((i, job)) = take() {
                    let result = job();
                    done.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            });
        }
    });
    let mut paths = Vec::new();
    for result in done.into_inner().unwrap_or_else(|e| e.into_inner()) {
        // Every job ran: a job that panicked took the scope down with it.
        paths.extend(result.unwrap_or_else(|| Ok(Vec::new()))?);
    }
    Ok(paths)
}
