//! A shapefile delivered as a `.zip`, as portals and e-mail send them: its parts are taken
//! out to a folder of their own for the time of the reading, as GDAL reads `/vsizip/`.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::report::ImportReport;
use crate::error::{Error, Result};
use crate::message::Msg;

/// The parts of a zipped shapefile taken out to a folder removed when this is dropped.
pub struct Unzipped {
    /// The `.zip` as the user named it.
    pub zip: PathBuf,
    /// The `.shp` taken out.
    pub shp: PathBuf,
    /// Its path inside the `.zip` (with its sub-folders).
    pub inner: String,
    /// The other shapefiles the `.zip` holds, left unread (the report names them).
    pub others: Vec<String>,
    folder: PathBuf,
}

impl Unzipped {
    /// The note that names the other shapefiles of the `.zip`, when it holds several.
    pub fn others_note(&self) -> Option<Msg> {
        (!self.others.is_empty()).then(|| Msg::ZipOtherShapefiles {
            read: self.inner.clone(),
            others: self.others.join(", "),
        })
    }
}

impl Drop for Unzipped {
    fn drop(&mut self) {
        // A folder left behind only costs disk space in the temporary folder.
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

impl Unzipped {
    /// How a file taken out is named to the user: inside the `.zip`
    /// (`communes.zip/ranh_gioi/communes.shp`).
    pub fn shown(&self, taken_out: &Path) -> PathBuf {
        match taken_out.strip_prefix(&self.folder) {
            Ok(rest) => {
                let inner_folder = Path::new(&self.inner).parent().unwrap_or(Path::new(""));
                self.zip.join(inner_folder).join(rest)
            }
            Err(_) => taken_out.to_path_buf(),
        }
    }

    /// `e` naming the file inside the `.zip` rather than the copy taken out.
    pub fn error(&self, e: Error) -> Error {
        match e {
            Error::Io {
                path,
                cause,
                writing,
            } => Error::Io {
                path: self.shown(&path),
                cause,
                writing,
            },
            Error::Content {
                path,
                line,
                problem,
                remedy,
            } => Error::Content {
                path: self.shown(&path),
                line,
                problem,
                remedy,
            },
            other => other,
        }
    }
}

/// Reads the layer at `path` with `read`, from the shapefile inside it when it is a `.zip`:
/// the report then names the `.zip` (the file the user gave, and whose checksum is kept)
/// and the shapefiles it left unread.
pub fn read_layer<T>(
    path: &Path,
    read: impl FnOnce(&Path) -> Result<T>,
    report: impl FnOnce(&mut T) -> &mut ImportReport,
) -> Result<T> {
    let Some(z) = unzip_shapefile(path)? else {
        return read(path);
    };
    let mut layer = read(&z.shp).map_err(|e| z.error(e))?;
    let report = report(&mut layer);
    report.file = z.zip.clone();
    if let Some(note) = z.others_note() {
        report.note(note);
    }
    Ok(layer)
}

/// True for a path ending in `.zip`, whatever the case.
pub fn is_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// How much a shapefile may unpack to, per byte of its `.zip`: shapefiles pack some 2–10
/// times, so a hundredfold is generous, and a zip bomb stops at a hundred times its size
/// instead of filling the disk.
const MAX_UNPACK_RATIO: u64 = 100;
/// What any `.zip` may unpack to, however small it is.
const MIN_UNPACK_CAP_BYTES: u64 = 64 * 1024 * 1024;

/// A new folder of this process for unpacking, or the folder and why it cannot be made.
fn scratch_folder() -> std::result::Result<PathBuf, (PathBuf, std::io::Error)> {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let folder = std::env::temp_dir().join(format!(
        "phusong-zip-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&folder).map_err(|e| (folder.clone(), e))?;
    Ok(folder)
}

/// Unpacks `entry` of the archive at `zip` into `out`, when the `unpacked` bytes so far
/// and it stay within `cap`; how many bytes it took.
fn unpack_part(
    zip: &Path,
    entry: impl std::io::Read,
    out: &Path,
    (unpacked, cap): (u64, u64),
) -> Result<u64> {
    let mut to = File::create(out).map_err(|e| Error::io(out, e))?;
    let left = cap - unpacked;
    // One byte past the cap tells a part that is too large from one that just fits.
    let copied =
        std::io::copy(&mut std::io::Read::take(entry, left + 1), &mut to).map_err(|e| {
            Error::content(
                zip,
                Msg::ZipUnreadable { why: e.to_string() },
                Msg::RemedyDamaged,
            )
        })?;
    if copied > left {
        return Err(Error::content(
            zip,
            Msg::ZipTooLarge {
                mb: cap / (1024 * 1024),
            },
            Msg::RemedyDamaged,
        ));
    }
    Ok(copied)
}

/// The first shapefile in the `.zip` at `path` (in any sub-folder), taken out with its side
/// files (`.shx`, `.dbf`, `.prj`, `.cpg`, in any case); `None` when `path` is no `.zip`.
pub fn unzip_shapefile(path: &Path) -> Result<Option<Unzipped>> {
    if !is_zip(path) {
        return Ok(None);
    }
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let zipped = file.metadata().map(|m| m.len()).unwrap_or(0);
    let cap = zipped
        .saturating_mul(MAX_UNPACK_RATIO)
        .max(MIN_UNPACK_CAP_BYTES);
    let unreadable = |e: zip::result::ZipError| {
        Error::content(
            path,
            Msg::ZipUnreadable { why: e.to_string() },
            Msg::RemedyDamaged,
        )
    };
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(unreadable)?;
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let is_shp = |n: &str| {
        let lower = n.to_lowercase();
        // macOS adds `__MACOSX/._name.shp` resource forks, which are no shapefiles.
        lower.ends_with(".shp") && !lower.starts_with("__macosx/")
    };
    let mut shps: Vec<&String> = names.iter().filter(|n| is_shp(n)).collect();
    shps.sort();
    let Some(inner) = shps.first().map(|s| s.to_string()) else {
        return Err(Error::content(
            path,
            Msg::ZipNoShapefile,
            Msg::RemedyZipShapefile,
        ));
    };
    let stem = inner[..inner.len() - 4].to_lowercase();
    let folder = scratch_folder().map_err(|(folder, e)| Error::io(&folder, e))?;
    // The guard is made before anything is unpacked: an error below removes the folder.
    let mut unzipped = Unzipped {
        zip: path.to_path_buf(),
        shp: PathBuf::new(),
        inner: inner.clone(),
        others: shps.iter().skip(1).map(|s| s.to_string()).collect(),
        folder: folder.clone(),
    };
    let mut unpacked = 0u64;
    for name in &names {
        let lower = name.to_lowercase();
        let Some(ext) = lower.strip_prefix(&stem).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        if !matches!(ext, "shp" | "shx" | "dbf" | "prj" | "cpg") {
            continue;
        }
        // Only the file's own name: a name in the archive may climb out of the folder.
        let Some(own) = Path::new(name).file_name() else {
            continue;
        };
        let out = folder.join(own);
        let entry = archive.by_name(name).map_err(unreadable)?;
        unpacked += unpack_part(path, entry, &out, (unpacked, cap))?;
        if ext == "shp" {
            unzipped.shp = out;
        }
    }
    Ok(Some(unzipped))
}
