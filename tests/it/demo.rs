//! The committed demo province (`data/`) is exactly what `phusong demo-data` makes from the
//! shared data. Skipped (with a message) where the shared data folder is not beside the
//! project, except in CI, where it must be.

use std::path::Path;

use phusong::demo::{DEMO_FILES, DemoDataArgs, build};

#[test]
fn committed_demo_data_is_what_the_command_makes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if crate::shared_data(phusong::demo::SHARED_COMMUNES).is_none() {
        return;
    }
    let shared = root.join("../shared/data");
    let out = tempfile::tempdir().expect("a temporary folder");
    let args = DemoDataArgs {
        shared,
        out: out.path().to_path_buf(),
        ..Default::default()
    };
    let summary = build(&args).expect("demo-data runs");
    assert_eq!(summary.communes, 122, "Bắc Kạn has 122 communes in vn2009");
    for name in DEMO_FILES {
        let made = std::fs::read(out.path().join(name)).expect("written");
        let committed = std::fs::read(root.join("data").join(name))
            .unwrap_or_else(|e| panic!("data/{name}: {e}; run the command in data/README.md"));
        assert!(
            made == committed,
            "data/{name} differs from what demo-data makes now; regenerate it (data/README.md)"
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_files_and_another_seed_other_samples() {
    if crate::shared_data(phusong::demo::SHARED_COMMUNES).is_none() {
        return;
    }
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let (a, b, c) = (
        tempfile::tempdir(),
        tempfile::tempdir(),
        tempfile::tempdir(),
    );
    let (a, b, c) = (
        a.expect("tempdir"),
        b.expect("tempdir"),
        c.expect("tempdir"),
    );
    for (dir, seed) in [(&a, 9), (&b, 9), (&c, 10)] {
        let args = DemoDataArgs {
            shared: shared.clone(),
            out: dir.path().to_path_buf(),
            seed,
            ..Default::default()
        };
        build(&args).expect("demo-data runs");
    }
    let read = |dir: &tempfile::TempDir, name: &str| {
        std::fs::read(dir.path().join(name)).expect("written")
    };
    for name in DEMO_FILES {
        assert!(
            read(&a, name) == read(&b, name),
            "{name} differs between two runs with seed 9"
        );
    }
    assert!(read(&a, "samples.csv") != read(&c, "samples.csv"));
    assert!(
        read(&a, "communes.dbf") == read(&c, "communes.dbf"),
        "the seed only changes the samples"
    );
}
