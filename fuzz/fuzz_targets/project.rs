//! A project file (`.phusong`): read, then its inputs looked for as the window and
//! `phusong report` look for them (beside the project, outside its folder).
#![no_main]

use libfuzzer_sys::fuzz_target;
use phusong::project::Project;

fuzz_target!(|data: &[u8]| {
    phusong_fuzz::only_escaping_panics_crash();
    let path = phusong_fuzz::file("du-an.phusong", data);
    if let Ok(project) = Project::open(&path) {
        let _ = project.locate(&path);
    }
});
