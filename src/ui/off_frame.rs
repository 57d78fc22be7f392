//! What a panel derives from a result (a table's rows, the villages' drawing order) made on
//! another thread: the frame that takes a new result in goes on showing the last one, and
//! the new one is shown from the frame after it is made. A national result is thousands of
//! rows; made in the frame, they held it for tens of milliseconds.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A value made off the frame for a key, and the one shown meanwhile.
pub struct OffFrame<K, V> {
    shown: Option<(K, V)>,
    making: Option<Making<K, V>>,
}

/// A value being made: its key, where it will arrive, and whether the making has ended (so
/// the window knows it is idle even when the panel that asked is no longer drawn to take it).
struct Making<K, V> {
    key: K,
    value: Receiver<V>,
    ended: Arc<AtomicBool>,
}

/// Marks the making ended when dropped: after the value is sent, or when the making panicked.
struct EndsOnDrop(Arc<AtomicBool>);

impl Drop for EndsOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

impl<K, V> Default for OffFrame<K, V> {
    fn default() -> Self {
        OffFrame {
            shown: None,
            making: None,
        }
    }
}

impl<K: Clone + PartialEq + Send + 'static, V: Send + 'static> OffFrame<K, V> {
    /// The value for `key` if it is made, else the last one if `still_fits` its key (made
    /// for the same data: a row or a marker of other data would name villages that are not
    /// there), else none; starts `make` on the thread pool when nothing is made or being
    /// made for `key`, and asks `ctx` to draw again once it is done.
    pub fn get(
        &mut self,
        key: &K,
        still_fits: impl Fn(&K, &K) -> bool,
        ctx: &egui::Context,
        make: impl FnOnce() -> V + Send + 'static,
    ) -> Option<&V> {
        if self.shown.as_ref().is_none_or(|(k, _)| k != key) {
            self.take_made(key);
        }
        let up_to_date = self.shown.as_ref().is_some_and(|(k, _)| k == key);
        let under_way = self.making.as_ref().is_some_and(|m| &m.key == key);
        if !up_to_date && !under_way {
            let (tx, rx) = channel();
            let ctx = ctx.clone();
            let ended = Arc::new(AtomicBool::new(false));
            let guard = EndsOnDrop(Arc::clone(&ended));
            rayon::spawn(move || {
                let _guard = guard;
                // A panic in a task of rayon's pool aborts the process: caught here, it
                // loses the value (the receiver sees the sender gone), not the app.
                if let Ok(value) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(make)) {
                    let _ = tx.send(value);
                }
                ctx.request_repaint();
            });
            self.making = Some(Making {
                key: key.clone(),
                value: rx,
                ended,
            });
        }
        (self.shown.as_ref())
            .filter(|(k, _)| k == key || still_fits(k, key))
            .map(|(_, v)| v)
    }

    /// The value for `key`, once it is there.
    fn take_made(&mut self, key: &K) {
        let Some(making) = &self.making else { return };
        if &making.key != key {
            return;
        }
        match making.value.try_recv() {
            Ok(value) => {
                if let Some(Making { key: k, .. }) = self.making.take() {
                    // The last value (thousands of rows) is freed off the frame too.
                    let old = self.shown.replace((k, value));
                    rayon::spawn(move || drop(old));
                }
            }
            Err(TryRecvError::Empty) => {}
            // The making panicked: start again next time.
            Err(TryRecvError::Disconnected) => self.making = None,
        }
    }

    /// True while a value is being made (a value made but not yet taken is not).
    pub fn is_making(&self) -> bool {
        (self.making.as_ref()).is_some_and(|m| !m.ended.load(Ordering::Acquire))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait_for_end<V: Send + 'static>(rows: &OffFrame<u32, V>) {
        let start = Instant::now();
        while rows.is_making() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the making never ended"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// The window's "idle" must not wait on a panel that stopped asking: a value made for a
    /// key nobody asks for again (its tab was left) ends the making all the same.
    #[test]
    fn a_value_nobody_takes_still_ends_the_making() {
        let ctx = egui::Context::default();
        let mut rows: OffFrame<u32, Vec<u32>> = OffFrame::default();
        assert!(rows.get(&1, |_, _| false, &ctx, || vec![1, 2, 3]).is_none());
        wait_for_end(&rows);
        assert_eq!(
            rows.get(&1, |_, _| false, &ctx, Vec::new),
            Some(&vec![1, 2, 3]),
            "the value made is there when the panel asks again"
        );
    }

    #[test]
    fn a_making_that_panics_ends_and_is_started_again() {
        let ctx = egui::Context::default();
        let mut rows: OffFrame<u32, u32> = OffFrame::default();
        rows.get(&1, |_, _| false, &ctx, || panic!("no rows"));
        wait_for_end(&rows);
        assert!(rows.get(&1, |_, _| false, &ctx, || 7).is_none());
        wait_for_end(&rows);
        assert_eq!(rows.get(&1, |_, _| false, &ctx, || 8), Some(&7));
    }
}
