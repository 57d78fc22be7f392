//! Project files (`.phusong`): the inputs, how to read them, the rule's parameters and
//! filters, the map's layers and view, and the report language, in one small JSON file.
//!
//! Input paths are kept relative to the project file where they can be, so that a folder
//! with the project and its data can be moved or copied to another PC; each input's size and
//! BLAKE3 checksum are kept too, so that a file changed since is noticed before its figures
//! are taken for the saved ones.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::{InputFile, Inputs};
use crate::error::{Error, Result};
use crate::io::communes::CommuneFields;
use crate::io::villages::VillageOptions;
use crate::lang::Lang;
use crate::map::{Layers, SavedView};
use crate::message::Msg;
use crate::rule::Params;

/// The file extension of projects.
pub const EXTENSION: &str = "phusong";
/// What the `format` field of every project says.
const FORMAT: &str = "phusong project";
/// The newest project version this program reads and the one it writes.
const VERSION: u32 = 1;
/// No project is this big: a larger file is not one (and is not read into memory).
const MAX_BYTES: u64 = 16 << 20;

/// A saved analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub format: String,
    pub version: u32,
    pub inputs: ProjectInputs,
    /// Every file read (a shapefile's .shp and .dbf apart), as it was when saved.
    #[serde(default)]
    pub checksums: Vec<SavedFile>,
    pub params: Params,
    #[serde(default)]
    pub layers: Layers,
    #[serde(default)]
    pub map_view: Option<SavedView>,
    /// The language of the reports written from the project.
    #[serde(default)]
    pub lang: Lang,
}

/// The input files and the choices made when reading them. Paths are relative to the
/// project's folder (with `/`) where they can be, else absolute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectInputs {
    pub communes: String,
    pub villages: String,
    pub samples: Vec<String>,
    #[serde(default)]
    pub commune_fields: CommuneFields,
    #[serde(default)]
    pub village_options: VillageOptions,
    #[serde(default)]
    pub sample_columns: crate::io::samples::SampleColumns,
    /// Background layers, relative to the project's folder where they lie under it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub background: Vec<String>,
}

/// A file as it was read when the project was saved: its size and BLAKE3 checksum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFile {
    pub role: String,
    pub path: String,
    pub bytes: u64,
    pub blake3: String,
}

/// An input of a project that is not where it was saved, nor beside the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// "communes", "villages" or "samples".
    pub role: &'static str,
    /// Its place in [`Inputs::paths`]: 0 communes, 1 villages, then the sample logs.
    pub slot: usize,
    /// The path as saved.
    pub saved: String,
    /// Every place looked at.
    pub looked: Vec<PathBuf>,
}

/// An input whose content differs from when the project was saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub role: &'static str,
    pub path: PathBuf,
    pub saved_bytes: u64,
    pub now_bytes: u64,
}

/// A project's inputs found on this machine.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    /// Ready to load; a missing file keeps its saved path.
    pub inputs: Inputs,
    pub missing: Vec<Missing>,
    /// Inputs found outside the project's folder and the folders below it. A project that
    /// came from someone else may name any file of this machine: these are read only when
    /// the user agrees, and nothing of them is shown before.
    pub outside: Vec<PathBuf>,
}

impl Project {
    /// The project of `inputs` as loaded (`files`, with their checksums), to be saved at
    /// `path`.
    pub fn new(
        path: &Path,
        inputs: &Inputs,
        files: &[InputFile],
        params: &Params,
        layers: &Layers,
        map_view: Option<SavedView>,
        lang: Lang,
    ) -> Project {
        let dir = folder_of(path);
        Project {
            format: FORMAT.into(),
            version: VERSION,
            inputs: ProjectInputs {
                communes: relative_to(&dir, &inputs.communes),
                villages: relative_to(&dir, &inputs.villages),
                samples: (inputs.samples.iter())
                    .map(|s| relative_to(&dir, s))
                    .collect(),
                commune_fields: inputs.commune_fields.clone(),
                village_options: inputs.village_options.clone(),
                sample_columns: inputs.sample_columns.clone(),
                background: (inputs.background.iter())
                    .map(|s| relative_to(&dir, s))
                    .collect(),
            },
            checksums: (files.iter().chain(&sidecars(files)))
                .map(|f| SavedFile {
                    role: f.role.to_string(),
                    path: relative_to(&dir, &f.path),
                    bytes: f.bytes,
                    blake3: f.blake3.clone(),
                })
                .collect(),
            params: params.clone(),
            layers: layers.clone(),
            map_view,
            lang,
        }
    }

    /// Reads a project file, with a message that says what to do when it is not one.
    pub fn open(path: &Path) -> Result<Project> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.len() > MAX_BYTES {
            return Err(not_a_project(path, Msg::ProjectTooLarge));
        }
        let text = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let project: Project = serde_json::from_slice(&text)
            .map_err(|e| not_a_project(path, Msg::ProjectDoesNotRead { why: e.to_string() }))?;
        if project.format != FORMAT {
            return Err(not_a_project(path, Msg::ProjectFormatOther));
        }
        if project.version > VERSION {
            return Err(Error::content(
                path,
                Msg::ProjectNewer {
                    version: project.version,
                },
                Msg::RemedyUpdate,
            ));
        }
        project.params.validate().map_err(|why| {
            Error::content(path, Msg::ProjectParamsWrong { why }, Msg::RemedyFixParams)
        })?;
        Ok(project)
    }

    /// Writes the project to `path` atomically. Never over one of its own inputs.
    pub fn save(&self, path: &Path, inputs: &Inputs) -> Result<()> {
        if let Some(input) = inputs.paths().find(|p| crate::export::same_file(p, path)) {
            return Err(Error::content(
                path,
                Msg::ProjectIsInput {
                    input: input.display().to_string(),
                },
                Msg::RemedyOtherProjectName,
            ));
        }
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other);
        let json = json.map_err(|e| Error::io_write(path, e))?;
        crate::export::atomic::write(path, |w| {
            w.write_all(&json)?;
            w.write_all(b"\n")
        })
    }

    /// Finds the inputs of a project opened from `path`: where they were saved (relative to
    /// the project, or absolute), else a file of the same name beside the project.
    pub fn locate(&self, path: &Path) -> Located {
        let dir = folder_of(path);
        let mut missing = Vec::new();
        let mut find = |role: &'static str, slot: usize, r: &String| -> PathBuf {
            let saved = PathBuf::from(r);
            let mut looked = vec![if saved.is_absolute() {
                saved.clone()
            } else {
                dir.join(&saved)
            }];
            if let Some(name) = saved.file_name() {
                looked.push(dir.join(name));
            }
            match looked.iter().find(|p| p.is_file()) {
                Some(found) => found.clone(),
                None => {
                    let first = looked[0].clone();
                    missing.push(Missing {
                        role,
                        slot,
                        saved: r.clone(),
                        looked,
                    });
                    first
                }
            }
        };
        let i = &self.inputs;
        let inputs = Inputs {
            communes: find("communes", 0, &i.communes),
            villages: find("villages", 1, &i.villages),
            samples: (i.samples.iter().enumerate())
                .map(|(k, s)| find("samples", 2 + k, s))
                .collect(),
            commune_fields: i.commune_fields.clone(),
            village_options: i.village_options.clone(),
            sample_columns: i.sample_columns.clone(),
            // Drawn for orientation only: taken where they are, without checksums.
            background: (i.background.iter()).map(|b| dir.join(b)).collect(),
        };
        let root = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        let outside = inputs
            .paths()
            .filter(|p| p.canonicalize().is_ok_and(|c| !c.starts_with(&root)))
            .cloned()
            .collect();
        Located {
            inputs,
            missing,
            outside,
        }
    }

    /// The files whose checksum differs from the saved one, given the files as loaded now
    /// ([`crate::analysis::Dataset::files`]), with the `.prj` and `.cpg` beside each
    /// shapefile (they change how it is read). A file is matched to the saved one of its
    /// path (the saved path relative to wherever the project's folder now is), failing that
    /// to one of its role and name (an input found beside the project), failing that to
    /// one of its role and content (an input the user located under another name); a file
    /// matched to none is a change. A sidecar that appeared or went since is a change too,
    /// unless the project was saved before sidecars were kept.
    pub fn changed(&self, loaded: &[InputFile]) -> Vec<Changed> {
        let now: Vec<InputFile> = loaded.iter().cloned().chain(sidecars(loaded)).collect();
        let mut unused: Vec<&SavedFile> = self.checksums.iter().collect();
        let mut pending: Vec<&InputFile> = Vec::new();
        let mut pairs: Vec<(&InputFile, &SavedFile)> = Vec::new();
        for file in &now {
            match unused
                .iter()
                .position(|s| s.role == file.role && same_path(&s.path, &file.path))
            {
                Some(at) => pairs.push((file, unused.remove(at))),
                None => pending.push(file),
            }
        }
        let keeps_sidecars = self
            .checksums
            .iter()
            .any(|s| is_sidecar(Path::new(&s.path)));
        let mut changed = Vec::new();
        for file in pending {
            let name = file.path.file_name();
            let by_name = unused
                .iter()
                .position(|s| s.role == file.role && Path::new(&s.path).file_name() == name)
                // A file the user located under another name: the saved one it equals.
                .or_else(|| {
                    unused.iter().position(|s| {
                        s.role == file.role && !file.blake3.is_empty() && s.blake3 == file.blake3
                    })
                });
            match by_name {
                Some(at) => pairs.push((file, unused.remove(at))),
                None if is_sidecar(&file.path) && !keeps_sidecars => {}
                None if file.blake3.is_empty() => {}
                None => changed.push(Changed {
                    role: file.role,
                    path: file.path.clone(),
                    saved_bytes: 0,
                    now_bytes: file.bytes,
                }),
            }
        }
        for (file, saved) in pairs {
            if saved.blake3 != file.blake3 {
                changed.push(Changed {
                    role: file.role,
                    path: file.path.clone(),
                    saved_bytes: saved.bytes,
                    now_bytes: file.bytes,
                });
            }
        }
        changed
    }
}

/// True when `saved` (as a project keeps it: relative with `/`, or absolute) names `now`:
/// the same absolute path, or one that ends with the relative one (past its leading `..`),
/// wherever the project's folder now is.
fn same_path(saved: &str, now: &Path) -> bool {
    let saved = Path::new(saved);
    if saved.is_absolute() {
        return saved == now;
    }
    let tail: PathBuf = saved
        .components()
        .skip_while(|c| matches!(c, Component::ParentDir | Component::CurDir))
        .collect();
    !tail.as_os_str().is_empty() && now.ends_with(&tail)
}

/// The extensions of the files beside a shapefile that change how it is read: its
/// coordinate system and its text encoding.
const SIDECARS: [&str; 2] = ["prj", "cpg"];

fn is_sidecar(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SIDECARS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The `.prj` and `.cpg` beside every shapefile of `files`, with their checksums; one that
/// is not there is kept with an empty checksum, so that its coming is noticed.
fn sidecars(files: &[InputFile]) -> Vec<InputFile> {
    let mut out = Vec::new();
    for f in files {
        let is_shp = f
            .path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("shp"));
        if !is_shp {
            continue;
        }
        for ext in SIDECARS {
            let lower = f.path.with_extension(ext);
            let upper = f.path.with_extension(ext.to_ascii_uppercase());
            let path = if !lower.is_file() && upper.is_file() {
                upper
            } else {
                lower
            };
            // A sidecar is a line or two; one far larger is not read whole for a checksum.
            let (bytes, blake3) = match std::fs::metadata(&path) {
                Ok(m) if m.len() <= MAX_SIDECAR_BYTES => match std::fs::read(&path) {
                    Ok(b) => (b.len() as u64, blake3::hash(&b).to_hex().to_string()),
                    Err(_) => (0, String::new()),
                },
                Ok(m) => (m.len(), format!("size {}", m.len())),
                Err(_) => (0, String::new()),
            };
            out.push(InputFile {
                role: f.role,
                path,
                bytes,
                blake3,
            });
        }
    }
    out
}

/// A `.prj` or `.cpg` is some bytes to a few kilobytes.
const MAX_SIDECAR_BYTES: u64 = 1 << 20;

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let looked: Vec<String> = self
            .looked
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        write!(
            f,
            "the {} file {} is not found (looked at {})",
            self.role,
            self.saved,
            looked.join(" and ")
        )
    }
}

impl std::fmt::Display for Changed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the {} file {} has changed since the project was saved",
            self.role,
            self.path.display()
        )?;
        if self.saved_bytes == self.now_bytes {
            write!(f, " (same size, other content)")
        } else {
            write!(
                f,
                " ({} bytes then, {} now)",
                self.saved_bytes, self.now_bytes
            )
        }
    }
}

fn not_a_project(path: &Path, why: Msg) -> Error {
    Error::content(
        path,
        Msg::NotAProject { why: Box::new(why) },
        Msg::RemedyOpenProject,
    )
}

/// The folder a project file is in, absolute.
fn folder_of(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// `path` relative to `dir` with `/` between parts (`../data/x.shp` when they share a
/// parent), or absolute when they share nothing (another drive).
fn relative_to(dir: &Path, path: &Path) -> String {
    let absolute = path
        .canonicalize()
        .unwrap_or_else(|_| std::path::absolute(path).unwrap_or(path.to_path_buf()));
    let from: Vec<Component> = dir.components().collect();
    let to: Vec<Component> = absolute.components().collect();
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    // Only the root (or a drive) in common: a relative path would say nothing useful.
    let roots = to
        .iter()
        .take_while(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
        .count();
    if shared <= roots {
        return absolute.display().to_string();
    }
    let ups = std::iter::repeat_n("..".to_string(), from.len() - shared);
    let downs = to[shared..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_in_or_beside_the_project_folder_are_kept_relative() {
        let dir = Path::new("/srv/baocao/2026");
        assert_eq!(
            relative_to(dir, Path::new("/srv/baocao/2026/data/xa.shp")),
            "data/xa.shp"
        );
        assert_eq!(
            relative_to(dir, Path::new("/srv/baocao/dulieu/mau.csv")),
            "../dulieu/mau.csv"
        );
        assert_eq!(
            relative_to(dir, Path::new("/mnt/usb/mau.csv")),
            "/mnt/usb/mau.csv"
        );
    }
}
