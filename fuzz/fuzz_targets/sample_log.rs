//! A signal log, in any of the layouts phusong recognises, and the column preview the
//! window shows for one it cannot place.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phusong::io::samples::{SampleColumns, load_samples, preview_samples};
use phusong::progress::Progress;

fuzz_target!(|data: &[u8]| {
    phusong_fuzz::only_escaping_panics_crash();
    let log = phusong_fuzz::file("log.csv", data);
    let _ = load_samples(&log, &Progress::new());
    let _ = preview_samples(&log, &SampleColumns::default());
});
