//! The map layers of an analysis as GIS files: each layer of [`super::layers`] written as
//! GeoJSON, KML and an ESRI shapefile.

use std::path::{Path, PathBuf};

use super::jobs::{Job, job};
use super::layers::{Layer, LayerKind};
use super::{atomic, geojson, kml, shp};
use crate::analysis::{Dataset, Evaluation};
use crate::lang::Lang;

/// The extensions of a shapefile as [`write_layers`] writes it.
pub const SHAPEFILE_PARTS: [&str; 5] = ["shp", "shx", "dbf", "prj", "cpg"];

/// The files [`write_layers`] writes, relative to its folder: per layer (flagged,
/// not_surveyed, communes) a `.geojson` and a `.kml` beside the tables, and a shapefile
/// (`.shp .shx .dbf .prj .cpg`) in the subfolder `shp/`, so that the five parts of each stay
/// together and apart from the other outputs.
pub fn layer_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for kind in LayerKind::ALL {
        let stem = kind.file_stem();
        files.push(PathBuf::from(format!("{stem}.geojson")));
        files.push(PathBuf::from(format!("{stem}.kml")));
        for ext in SHAPEFILE_PARTS {
            files.push(Path::new("shp").join(format!("{stem}.{ext}")));
        }
    }
    files
}

/// Writes the three layers in the three formats into `dir` (created if needed, with its
/// `shp/` subfolder), every file atomically; returns the paths in [`layer_files`] order.
/// KML text (layer titles, the status in words) is in `lang`. Refuses, before writing
/// anything, to overwrite an input.
pub fn write_layers(
    dir: &Path,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
) -> crate::Result<Vec<PathBuf>> {
    let files: Vec<PathBuf> = layer_files().iter().map(|f| dir.join(f)).collect();
    super::refuse_inputs(&files, dataset)?;
    super::jobs::run(layer_jobs(dir, dataset, eval, lang)?)
}

/// The jobs that write the layers into `dir` (its `shp/` made here), one a layer, their
/// paths in [`layer_files`] order.
pub(super) fn layer_jobs<'a>(
    dir: &'a Path,
    dataset: &'a Dataset,
    eval: &'a Evaluation,
    lang: Lang,
) -> crate::Result<Vec<Job<'a>>> {
    let shp_dir = dir.join("shp");
    std::fs::create_dir_all(&shp_dir).map_err(|e| crate::Error::io_write(&shp_dir, e))?;
    let jobs = (LayerKind::ALL.into_iter())
        .map(|kind| job(move || write_layer(dir, &Layer::new(kind, dataset, eval), lang)))
        .collect();
    Ok(jobs)
}

/// One layer as GeoJSON, KML and a shapefile in `dir` (its parts in `shp/`).
fn write_layer(dir: &Path, layer: &Layer, lang: Lang) -> crate::Result<Vec<PathBuf>> {
    let shp_dir = dir.join("shp");
    let mut paths = Vec::new();
    let stem = layer.kind.file_stem();
    let path = dir.join(format!("{stem}.geojson"));
    atomic::write(&path, |w| geojson::write_layer(w, layer))?;
    paths.push(path);
    let path = dir.join(format!("{stem}.kml"));
    atomic::write(&path, |w| kml::write_layer(w, layer, lang))?;
    paths.push(path);
    let parts = shp::shapefile_of(layer).map_err(|e| {
        crate::Error::io_write(
            &shp_dir.join(format!("{stem}.shp")),
            std::io::Error::other(e),
        )
    })?;
    for (ext, bytes) in [
        ("shp", parts.shp.as_slice()),
        ("shx", &parts.shx),
        ("dbf", &parts.dbf),
        ("prj", shp::PRJ_WGS84.as_bytes()),
        ("cpg", shp::CPG_UTF8.as_bytes()),
    ] {
        let path = shp_dir.join(format!("{stem}.{ext}"));
        atomic::write(&path, |w| w.write_all(bytes))?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_files_are_three_layers_in_three_formats() {
        let files = layer_files();
        assert_eq!(files.len(), 3 * (2 + 5));
        assert!(files.contains(&PathBuf::from("not_surveyed.kml")));
        assert!(files.contains(&Path::new("shp").join("communes.cpg")));
    }
}
