//! A report folder is written whole or not at all: a run writes into a fresh folder beside
//! the target and swaps it in at the end, so that a kill, a full disk or a second run at the
//! same time leaves the whole old set of files or the whole new one, never a mix.
//!
//! Beside the target `DIR` live, while a run writes:
//! - `.DIR.phusong-lock`: the run's lock, held open and locked by it, with its process id;
//! - `.DIR.phusong-new-PID`: the folder being written;
//! - `.DIR.phusong-old-PID`: the old folder on its way out (only where folders cannot be
//!   exchanged in one step).
//!
//! Any of these left by a run that was killed is cleared by the next one.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::message::Msg;

/// The file in every report folder that says phusong wrote it, so that the next run may
/// replace the folder as a whole.
pub const MARKER: &str = ".phusong-report";

/// Where the system cannot say whether a lock is held (neither Unix nor Windows), a lock
/// older than this is taken for one left by a run that was killed: no report takes an hour
/// to write.
#[cfg(not(any(unix, windows)))]
const STALE_LOCK_SECS: u64 = 3600;

/// Names phusong's report folders held before they carried [`MARKER`]: a folder of only
/// these is phusong's too.
fn is_report_name(name: &str) -> bool {
    let known = super::TABLE_FILES.contains(&name)
        || super::gis::layer_files()
            .iter()
            .any(|f| f.to_str() == Some(name));
    let map = name.starts_with("map") && [".png", ".pdf", ".svg"].iter().any(|e| name.ends_with(e));
    known || map || name == "shp" || name == MARKER
}

/// The target as an absolute path with a file name (`.` and `/x/..` have none).
fn resolved(dir: &Path) -> Result<PathBuf> {
    let dir = match dir.canonicalize() {
        Ok(d) => d,
        Err(_) => std::path::absolute(dir).map_err(|e| Error::io_write(dir, e))?,
    };
    if dir.file_name().is_none() {
        return Err(Error::content(
            &dir,
            Msg::FolderCannotBeReplaced,
            Msg::RemedyNewReportFolder,
        ));
    }
    Ok(dir)
}

/// Writes a report folder: `fill` writes the files into the folder it is given (fresh and
/// empty) and returns their paths, which come back under `dir`. `inputs` are files that
/// must not be in `dir`, since the old folder goes as a whole. On any error `dir` is as it
/// was.
pub fn replace(
    dir: &Path,
    inputs: &[PathBuf],
    fill: impl FnOnce(&Path) -> Result<Vec<PathBuf>>,
) -> Result<Vec<PathBuf>> {
    let target = resolved(dir)?;
    let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::create_dir_all(&parent).map_err(|e| Error::io_write(&parent, e))?;
    let _lock = Lock::take(&parent.join(format!(".{name}.phusong-lock")), &target)?;
    clear_leftovers(&parent, &name, &target)?;
    check_target(&target, inputs)?;

    let stage = parent.join(format!(".{name}.phusong-new-{}", std::process::id()));
    std::fs::create_dir(&stage).map_err(|e| Error::io_write(&stage, e))?;
    let written = (|| {
        let paths = fill(&stage)?;
        let marker = stage.join(MARKER);
        std::fs::write(
            &marker,
            "phusong wrote this folder; the next run replaces it whole.\n",
        )
        .map_err(|e| Error::io_write(&marker, e))?;
        sync_dir(&stage);
        Ok(paths)
    })();
    let paths = match written {
        Ok(p) => p,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&stage);
            return Err(e);
        }
    };
    if let Err(e) = swap_in(&stage, &target, &parent, &name) {
        let _ = std::fs::remove_dir_all(&stage);
        return Err(e);
    }
    sync_dir(&parent);
    Ok(paths
        .into_iter()
        .map(|p| match p.strip_prefix(&stage) {
            Ok(rel) => dir.join(rel),
            Err(_) => p,
        })
        .collect())
}

/// Puts `stage` where `target` is: in one step where the system exchanges two folders
/// (Linux), else by moving the old one aside first (a kill between the two moves leaves the
/// old folder aside, which the next run puts back).
fn swap_in(stage: &Path, target: &Path, parent: &Path, name: &str) -> Result<()> {
    if !target.exists() {
        return std::fs::rename(stage, target).map_err(|e| Error::io_write(target, e));
    }
    if exchange(stage, target) {
        // `stage` now holds the old folder.
        let _ = std::fs::remove_dir_all(stage);
        return Ok(());
    }
    let old = parent.join(format!(".{name}.phusong-old-{}", std::process::id()));
    std::fs::rename(target, &old).map_err(|e| Error::io_write(target, e))?;
    if let Err(e) = std::fs::rename(stage, target) {
        let _ = std::fs::rename(&old, target);
        return Err(Error::io_write(target, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Exchanges two folders in one step; false where the system or the file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        std::ffi::CString::new(a.as_os_str().as_bytes()),
        std::ffi::CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: renameat2 reads two NUL-terminated paths that live across the call.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    done == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Makes the folder's entries durable before the swap is (a crash after it must not show a
/// folder of empty files). Best effort: not every system syncs folders.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Clears what killed runs left beside the target: an old folder aside goes back when the
/// target is missing (a kill between the two moves), the rest goes.
fn clear_leftovers(parent: &Path, name: &str, target: &Path) -> Result<()> {
    let new = format!(".{name}.phusong-new-");
    let old = format!(".{name}.phusong-old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<(bool, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            (n.starts_with(&new) || n.starts_with(&old)).then(|| (n.starts_with(&old), e.path()))
        })
        .collect();
    // Old folders first, so that one can go back before the others go.
    leftovers.sort_by_key(|(is_old, _)| !is_old);
    for (is_old, path) in leftovers {
        if is_old && !target.exists() {
            std::fs::rename(&path, target).map_err(|e| Error::io_write(target, e))?;
        } else {
            std::fs::remove_dir_all(&path).map_err(|e| Error::io_write(&path, e))?;
        }
    }
    Ok(())
}

/// Where the reports go when the user picks `chosen` in a dialog: the folder itself when it
/// is new, empty or phusong's, else a report folder of its own inside it (`bao-cao-phusong`,
/// then `-2`, `-3` …), since a report folder is replaced whole and the user's own files in
/// `chosen` must stay.
pub fn report_folder_in(chosen: &Path) -> PathBuf {
    folder_in(chosen, REPORT_SUBFOLDER)
}

/// Where a comparison goes when the user picks `chosen`: as [`report_folder_in`], its own
/// folder being `so-sanh-phusong`.
pub fn changes_folder_in(chosen: &Path) -> PathBuf {
    folder_in(chosen, CHANGES_SUBFOLDER)
}

fn folder_in(chosen: &Path, subfolder: &str) -> PathBuf {
    let ours_or_free = |dir: &Path| {
        !dir.exists()
            || dir.join(MARKER).is_file()
            || std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
    };
    if ours_or_free(chosen) {
        return chosen.to_path_buf();
    }
    (1..)
        .map(|k| match k {
            1 => chosen.join(subfolder),
            k => chosen.join(format!("{subfolder}-{k}")),
        })
        .find(|dir| dir.is_dir() && dir.join(MARKER).is_file() || !dir.exists())
        .unwrap_or_else(|| chosen.join(subfolder))
}

/// The report folder made inside a folder of the user's own.
const REPORT_SUBFOLDER: &str = "bao-cao-phusong";
/// The comparison's folder made inside a folder of the user's own.
const CHANGES_SUBFOLDER: &str = "so-sanh-phusong";

/// Refuses a target that holds an input or files phusong did not write: the old folder
/// goes as a whole.
fn check_target(target: &Path, inputs: &[PathBuf]) -> Result<()> {
    if !target.exists() {
        return Ok(());
    }
    if !target.is_dir() {
        return Err(Error::content(
            target,
            Msg::ReportFolderIsAFile,
            Msg::RemedyNewReportFolder,
        ));
    }
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let marked = target.join(MARKER).is_file();
    let mut pending = vec![target.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| Error::io_write(&folder, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io_write(&folder, e))?;
            let path = entry.path();
            if let Ok(c) = path.canonicalize()
                && inputs.contains(&c)
            {
                return Err(Error::usage(Msg::OverwriteInput {
                    output: path.display().to_string(),
                    input: path.display().to_string(),
                }));
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let top = folder == target;
            let known = if top {
                is_report_name(&name)
            } else {
                is_report_name(&format!("shp/{name}"))
            };
            if !marked && !known {
                return Err(Error::content(
                    target,
                    Msg::FolderHoldsOtherFiles { file: name },
                    Msg::RemedyNewReportFolder,
                ));
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(path);
            }
        }
    }
    Ok(())
}

/// A run's hold on a target: a file the run keeps open and locked while it writes, so that
/// the system itself lets go of it when the run ends, however it ends. A process id alone
/// cannot say that: after a kill the id is soon another program's.
struct Lock {
    path: PathBuf,
    file: Option<std::fs::File>,
}

impl Lock {
    fn take(path: &Path, target: &Path) -> Result<Lock> {
        for _ in 0..2 {
            match create_held(path) {
                Ok(mut file) => {
                    // The id is for the person who finds the lock; the hold is what counts.
                    let _ = writeln!(file, "{}", std::process::id());
                    return Ok(Lock {
                        path: path.to_path_buf(),
                        file: Some(file),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if is_released(path) {
                        let _ = std::fs::remove_file(path);
                        continue;
                    }
                    break;
                }
                Err(e) => return Err(Error::io_write(path, e)),
            }
        }
        Err(Error::content(
            target,
            Msg::FolderBeingWritten {
                lock: path.display().to_string(),
            },
            Msg::RemedyWaitOrRemoveLock {
                lock: path.display().to_string(),
            },
        ))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Closed first: on Windows an open lock cannot be deleted, not even by its run.
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A new lock file, held: on Unix with an advisory lock (`flock`), which the system drops
/// with the process.
#[cfg(unix)]
fn create_held(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::fd::AsRawFd;
    let file = OpenOptions::new().write(true).create_new(true).open(path)?;
    // SAFETY: flock on a descriptor this function owns; it touches no memory.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    Ok(file)
}

/// A new lock file, held: on Windows opened without leave to delete it, which the system
/// takes back with the process.
#[cfg(windows)]
fn create_held(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::windows::fs::OpenOptionsExt;
    const FILE_SHARE_READ: u32 = 1;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .share_mode(FILE_SHARE_READ)
        .open(path)
}

#[cfg(not(any(unix, windows)))]
fn create_held(path: &Path) -> std::io::Result<std::fs::File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// True for a lock no run holds any more. A lock so new that its run has not yet written
/// its id is held, whatever the system says.
fn is_released(path: &Path) -> bool {
    let written =
        std::fs::read_to_string(path).is_ok_and(|text| text.trim().parse::<u32>().is_ok());
    if !written && age_secs(path).is_none_or(|a| a <= 2) {
        return false;
    }
    no_one_holds(path)
}

#[cfg(unix)]
fn no_one_holds(path: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    // SAFETY: as in `create_held`. The trial lock goes with `file`.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

/// On Windows a lock its run still holds open cannot be deleted: deleting it is the test.
#[cfg(windows)]
fn no_one_holds(path: &Path) -> bool {
    std::fs::remove_file(path).is_ok()
}

#[cfg(not(any(unix, windows)))]
fn no_one_holds(path: &Path) -> bool {
    age_secs(path).is_some_and(|a| a > STALE_LOCK_SECS)
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).ok()?.modified().ok()
}

fn age_secs(path: &Path) -> Option<u64> {
    Some(modified(path)?.elapsed().ok()?.as_secs())
}

#[cfg(test)]
mod chosen_folder_tests {
    use super::*;

    #[test]
    fn a_folder_of_the_users_own_gets_a_report_folder_inside_it() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(report_folder_in(dir.path()), dir.path(), "empty: itself");
        std::fs::write(dir.path().join("ghi-chu.docx"), b"the user's").unwrap();
        let inside = report_folder_in(dir.path());
        assert_eq!(inside, dir.path().join("bao-cao-phusong"));
        // A folder of that name that is not phusong's is left alone too.
        std::fs::create_dir(&inside).unwrap();
        std::fs::write(inside.join("x.txt"), b"").unwrap();
        assert_eq!(
            report_folder_in(dir.path()),
            dir.path().join("bao-cao-phusong-2")
        );
        // phusong's own report folder is written again in place.
        let ours = dir.path().join("ours");
        std::fs::create_dir(&ours).unwrap();
        std::fs::write(ours.join(MARKER), b"").unwrap();
        std::fs::write(ours.join("villages.csv"), b"").unwrap();
        assert_eq!(report_folder_in(&ours), ours);
    }

    #[test]
    fn a_lock_is_held_by_its_run_alone_not_by_whoever_has_its_process_id_now() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("baocao");
        let path = dir.path().join(".baocao.phusong-lock");
        // Left by a run that was killed: the id written in it (1, the init process, always
        // running and started long before) is another program's now.
        std::fs::write(&path, "1\n").unwrap();
        let held = Lock::take(&path, &target).expect("a lock no run holds is taken over");
        // While a run holds it, a second run is refused, whatever the file says.
        std::fs::write(&path, "4000000000\n").unwrap();
        let second = Lock::take(&path, &target).err().expect("the lock is held");
        assert!(
            second
                .to_string()
                .contains("another phusong run is writing this folder"),
            "{second}"
        );
        drop(held);
        assert!(!path.exists(), "released with its run");
        assert!(Lock::take(&path, &target).is_ok());
    }
}
