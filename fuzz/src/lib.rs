//! What the fuzz targets share: a scratch folder for the files the readers open (they read
//! paths, as the window and the command line give them), and the split of one input into
//! the files of a shapefile.

use std::path::PathBuf;
use std::sync::OnceLock;

/// The mark between the parts of a shapefile input: `.shp`, `.shx`, `.dbf`, `.prj`, `.cpg`
/// in that order; the parts not given are absent. `seed.sh` joins real shapefiles with it.
pub const PART_MARK: &[u8] = b"\0--phusong-part--\0";

/// The files of a shapefile, in [`PART_MARK`] order.
pub const PARTS: [&str; 5] = ["shp", "shx", "dbf", "prj", "cpg"];

/// Panics that phusong catches (a library's assertion inside a reader it runs under
/// `catch_unwind`, said to the user as an unreadable file) are no crash: libFuzzer's hook
/// would abort on them before they unwind. Only a panic that escapes phusong aborts the run.
pub fn only_escaping_panics_crash() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| std::panic::set_hook(Box::new(|_| {})));
}

/// This process's scratch folder, made once.
pub fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("phusong-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        dir
    })
}

/// `bytes` as the scratch file `name`.
pub fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, bytes).expect("a scratch file");
    path
}

/// `data` as the shapefile `stem.shp` and its side files; the `.shp`'s path.
pub fn shapefile(stem: &str, data: &[u8]) -> PathBuf {
    let mut parts = split(data);
    for ext in PARTS {
        let path = scratch().join(format!("{stem}.{ext}"));
        match parts.next() {
            Some(bytes) => std::fs::write(&path, bytes).expect("a scratch file"),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    scratch().join(format!("{stem}.shp"))
}

fn split(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.windows(PART_MARK.len()).position(|w| w == PART_MARK) {
            Some(at) => {
                rest = Some(&text[at + PART_MARK.len()..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}
