//! Work that runs off the frame: loading, re-running the rule, drawing the sample raster,
//! file dialogs. Each runs on a named thread and hands its result back through a channel that
//! `App::logic` polls; the window keeps drawing meanwhile.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
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

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread called `name`; `repaint` is called when it is done so the
    /// window wakes up to take the result.
    pub fn spawn(
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
