//! What a panel derives from a result (a table's rows, the villages' drawing order) made on
//! another thread: the frame that takes a new result in goes on showing the last one, and
//! the new one is shown from the frame after it is made. A national result is thousands of
//! rows; made in the frame, they held it for tens of milliseconds.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A value made off the frame for a key, and the one shown meanwhile.
pub struct OffFrame<K, V> {
    shown: Option<(K, V)>,
    making: Option<(K, Receiver<V>)>,
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
        let under_way = self.making.as_ref().is_some_and(|(k, _)| k == key);
        if !up_to_date && !under_way {
            let (tx, rx) = channel();
            let ctx = ctx.clone();
            rayon::spawn(move || {
                let _ = tx.send(make());
                ctx.request_repaint();
            });
            self.making = Some((key.clone(), rx));
        }
        (self.shown.as_ref())
            .filter(|(k, _)| k == key || still_fits(k, key))
            .map(|(_, v)| v)
    }

    /// The value for `key`, once it is there.
    fn take_made(&mut self, key: &K) {
        let Some((k, rx)) = &self.making else { return };
        if k != key {
            return;
        }
        match rx.try_recv() {
            Ok(value) => {
                if let Some((k, _)) = self.making.take() {
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

    /// True while a value is being made.
    pub fn is_making(&self) -> bool {
        self.making.is_some()
    }

}
