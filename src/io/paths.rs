//! Paths of the user's files: a file's name as a message shows it, the side files of a
//! shapefile found as GDAL finds them, and what kind of path the user gave.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::message::Msg;

/// The lower-case extension of `path`, `""` without one.
fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// True for the three files of a shapefile (`.shp`, `.shx`, `.dbf`), whatever the case.
pub fn is_shapefile_part(path: &Path) -> bool {
    matches!(extension(path).as_str(), "shp" | "shx" | "dbf")
}

/// True for the files of a shapefile (`.shp`, `.dbf`, `.shx`), and for a `.zip` (of one).
pub fn is_shapefile(path: &Path) -> bool {
    is_shapefile_part(path) || extension(path) == "zip"
}

/// The name of the file at `path` as a message shows it: `xa.shp`, not the whole path.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The side file of the shapefile `shp` with extension `ext` (`"dbf"`, `"shx"`, `"prj"`,
/// `"cpg"`, `"shp"`), found whatever the case of its name as GDAL and QGIS find
/// `COMMUNES.DBF` beside `communes.shp`: the exact name first, then any file of the folder
/// whose name matches ignoring case. The exact name when none is there.
pub fn sidecar(shp: &Path, ext: &str) -> PathBuf {
    let exact = shp.with_extension(ext);
    if exact.exists() {
        return exact;
    }
    let wanted = exact
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let folder = match shp.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .find(|entry| entry.file_name().to_string_lossy().to_lowercase() == wanted)
        .map(|entry| shp.with_file_name(entry.file_name()))
        .unwrap_or(exact)
}

/// The `.shp` path for a path naming the shapefile or one of its side files.
pub fn shp_path(path: &Path) -> PathBuf {
    match extension(path).as_str() {
        "shx" | "dbf" | "prj" | "cpg" => sidecar(path, "shp"),
        _ => path.to_path_buf(),
    }
}

/// A folder or a pipe is said to be one before anything reads it: reading a pipe would wait
/// for ever, and the system's words for either are "not found" or worse.
pub fn check_regular(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(Error::content(
            path,
            Msg::IsFolder,
            Msg::RemedyChooseFileInFolder,
        )),
        Ok(m) if !m.is_file() => Err(Error::content(
            path,
            Msg::NotARegularFile,
            Msg::RemedyChooseARealFile,
        )),
        // Not there: the reader says so in its own words.
        _ => Ok(()),
    }
}
