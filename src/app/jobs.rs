//! Work that runs off the frame: loading, re-running the rule, drawing the sample raster,
//! file dialogs. Each runs on a named thread and hands its result back through a channel that
//! `App::logic` polls; the window keeps drawing meanwhile.
//!
//! The work itself (and every parallel loop in it) runs in the app's own thread pool, whose
//! threads the system runs after the window's: a load or an export may take every core and
//! the frames still come on time.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use crate::progress::Progress;

/// A job under way: its progress (and cancel flag) and where its result will arrive.
pub struct Job<T> {
    pub progress: Arc<Progress>,
    pub started: Instant,
    result: Receiver<T>,
}

/// What polling a job found.
pub enum Poll<T> {
    Running,
    Done(T),
    /// The thread ended without a result (it panicked): the job is lost, the app is not.
    Lost,
}

/// The pool the background work runs in: a thread a core, each at a lower priority than the
/// window's thread. `None` when no pool can be made; the work then runs in rayon's own.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("phusong-work-{i}"))
            .start_handler(|_| behind_the_window())
            .build()
            .ok()
    })
    .as_ref()
}

/// Makes the calling thread yield to the window's when both want a core: "nice" 10, for
/// this thread alone on Linux. Elsewhere threads keep their priority.
fn behind_the_window() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority has no memory effects; on Linux `who = 0` is the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Frees `value` on a thread of the pool rather than in the frame.
pub fn drop_off_frame<T: Send + 'static>(value: T) {
    match pool() {
        Some(pool) => pool.spawn(move || drop(value)),
        None => drop(value),
    }
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread called `name`, its work in the background pool; `repaint`
    /// is called when it is done so the window wakes up to take the result.
    pub fn spawn(
        name: &str,
        repaint: impl Fn() + Send + 'static,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Job<T> {
        let in_pool = |progress: &Progress| match pool() {
            Some(pool) => pool.install(|| work(progress)),
            None => work(progress),
        };
        Self::spawn_waiting(name, repaint, in_pool)
    }

    /// Starts `work` on a thread called `name` of its own, outside the pool: for work that
    /// waits (a file dialog waits on the user) rather than computes.
    pub fn spawn_waiting(
        name: &str,
        repaint: impl Fn() + Send + 'static,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Job<T> {
        let progress = Arc::new(Progress::new());
        let (tx, rx) = mpsc::channel();
        let shared = Arc::clone(&progress);
        let spawned = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let result = work(&shared);
                let _ = tx.send(result);
                repaint();
            });
        if spawned.is_err() {
            // No thread: the receiver sees a closed channel and the job reports itself lost.
        }
        Job {
            progress,
            started: Instant::now(),
            result: rx,
        }
    }

    pub fn poll(&self) -> Poll<T> {
        match self.result.try_recv() {
            Ok(result) => Poll::Done(result),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    pub fn cancel(&self) {
        self.progress.cancel();
    }
}
