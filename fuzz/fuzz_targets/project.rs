//! A project file (`.phusong`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use phusong::project::Project;

fuzz_target!(|data: &[u8]| {
    let project = phusong_fuzz::file("du-an.phusong", data);
    let _ = Project::open(&project);
});
