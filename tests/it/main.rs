//! The integration tests, one binary: each module links the whole app once instead of once per file.

mod analyze;
mod app;
mod background;
mod boundaries;
mod crs;
mod damaged;
mod demo;
mod encodings;
mod fuzz_finds;
mod gdal_files;
mod loading;
mod outputs_gis;
mod outputs_map;
mod outputs_xlsx;
mod project;
mod rule_crosscheck;
mod samples;
mod village_lists;
mod vn2000;

/// `../shared/data/<path>` when it is there. A user's clone has no `../shared`, and the tests
/// that read it skip there with a message; CI (`CI` set) has it beside the clone, so there a
/// missing file fails instead of skipping.
pub fn shared_data(path: &str) -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is not here, and CI must have ../shared beside the clone",
        p.display()
    );
    eprintln!("skipped: {} is not here", p.display());
    None
}
