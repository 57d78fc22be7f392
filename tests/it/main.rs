//! The integration tests, one binary: each module links the whole app once instead of once per file.

mod analyze;
mod app;
mod app_compare;
mod background;
mod boundaries;
mod compare;
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
mod reach;
mod report_docx;
mod rule_crosscheck;
mod samples;
mod village_facts;
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

/// The village counts of `f`, without the households, population and power figures: for
/// comparing an analysis whose village file gives those with one whose file does not.
pub fn village_counts(f: &phusong::rollup::Figures) -> phusong::rollup::Figures {
    phusong::rollup::Figures {
        households: Default::default(),
        population: Default::default(),
        power: Default::default(),
        ..*f
    }
}

/// [`village_counts`] of every row of a roll-up, with the row's name.
pub fn rollup_counts(r: &phusong::rollup::Rollup) -> Vec<(String, phusong::rollup::Figures)> {
    r.rows()
        .map(|u| (u.name.clone(), village_counts(&u.figures)))
        .collect()
}

/// A CSV output as its header (the byte-order mark left off) and its rows of cells.
pub fn csv_table(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}
