//! Writing results: the tables, the summary and the map layers of an analysis.
//!
//! Every writer takes the same [`Dataset`](crate::analysis::Dataset) and
//! [`Evaluation`](crate::analysis::Evaluation), so all outputs agree with each other and
//! with the screen. The map layers (GeoJSON, KML, shapefile) are described once in
//! [`layers`] and [`gis`] writes each format from that description.

pub mod annex;
pub mod annex_pages;
pub mod atomic;
pub mod changes;
pub mod docx;
pub mod folder;
mod format_runs;
pub mod geojson;
pub mod gis;
pub mod jobs;
pub mod kml;
pub mod layers;
pub mod map;
pub mod pages;
pub mod shp;
pub mod summary;
pub mod tables;
pub mod xlsx;
pub mod xml;

use std::path::{Path, PathBuf};

use crate::analysis::{Dataset, Evaluation};
use crate::error::{Error, Result};
use crate::lang::Lang;

pub use gis::write_layers;
pub use layers::{Layer, LayerKind};

/// The tables [`write_all`] writes into the output folder (the map layers follow them).
pub const TABLE_FILES: [&str; 6] = [
    "villages.csv",
    "communes.csv",
    "summary.json",
    "report.xlsx",
    "report.docx",
    "annexes.pdf",
];

/// Every file [`write_all`] writes, relative to the output folder, in the order it returns
/// them: the tables, then per layer its `.geojson`, `.kml` and shapefile parts (in `shp/`).
pub fn output_files() -> Vec<PathBuf> {
    TABLE_FILES
        .iter()
        .map(PathBuf::from)
        .chain(gis::layer_files())
        .collect()
}

/// Writes every output of an analysis into `dir` (created if needed) and returns the paths
/// ([`output_files`] in `dir`); the Excel report's words are in `lang`. Refuses, before
/// writing anything, to overwrite an input file or a part of an input shapefile. The folder
/// is replaced whole (see [`folder::replace`]).
pub fn write_all(
    dir: &Path,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
) -> Result<Vec<PathBuf>> {
    write_all_with(dir, dataset, eval, lang, |_| Ok(Vec::new()))
}

/// [`write_all`], then `more` writes further files into the same new folder (given to it)
/// before it replaces the old one; their paths follow the others.
pub fn write_all_with(
    dir: &Path,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    more: impl FnOnce(&Path) -> Result<Vec<PathBuf>>,
) -> Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = output_files().iter().map(|f| dir.join(f)).collect();
    refuse_inputs(&paths, dataset)?;
    folder::replace(dir, &input_files(dataset), |stage| {
        let mut written = write_tables_and_layers(stage, dataset, eval, lang)?;
        written.extend(more(stage)?);
        Ok(written)
    })
}

fn write_tables_and_layers(
    dir: &Path,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
) -> Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = output_files().iter().map(|f| dir.join(f)).collect();
    let [villages_csv, communes_csv, summary_json] = [0, 1, 2].map(|i| paths[i].as_path());
    let annexes = annex::annexes(dataset, eval, lang, None);
    // The longest first: the Word report (it draws the map), the Excel report, the annexes'
    // PDF, the village table, the GIS layers.
    let mut jobs = report_jobs(&paths[3..6], dataset, eval, lang, None, &annexes);
    jobs.push(jobs::job(move || {
        atomic::write(villages_csv, |w| {
            tables::write_villages_csv(w, dataset, eval)
        })?;
        Ok(vec![villages_csv.to_path_buf()])
    }));
    jobs.extend(gis::layer_jobs(dir, dataset, eval, lang)?);
    jobs.push(jobs::job(move || {
        atomic::write(communes_csv, |w| tables::write_communes_csv(w, eval))?;
        atomic::write(summary_json, |w| {
            summary::write_summary_json(w, dataset, eval, lang)
        })?;
        Ok(vec![communes_csv.to_path_buf(), summary_json.to_path_buf()])
    }));
    let mut written = jobs::run(jobs)?;
    // In `output_files` order: the tables, then the layers.
    written.sort_by_key(|p| paths.iter().position(|q| q == p));
    debug_assert_eq!(written, paths);
    Ok(written)
}

/// The department's report as `report.xlsx`, `report.docx` and `annexes.pdf` at `paths`,
/// with the progress annex and paragraph when there is a comparison.
pub(crate) fn write_reports(
    paths: &[PathBuf],
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
    compared: Option<crate::compare::Compared>,
) -> Result<()> {
    let annexes = annex::annexes(dataset, eval, lang, compared);
    jobs::run(report_jobs(paths, dataset, eval, lang, compared, &annexes)).map(|_| ())
}

/// The jobs that write the department's report (see [`write_reports`]) with its `annexes`.
fn report_jobs<'a>(
    paths: &'a [PathBuf],
    dataset: &'a Dataset,
    eval: &'a Evaluation,
    lang: Lang,
    compared: Option<crate::compare::Compared<'a>>,
    annexes: &'a [annex::Annex],
) -> Vec<jobs::Job<'a>> {
    let [xlsx_path, docx_path, pdf_path] = paths else {
        unreachable!("three report files")
    };
    vec![
        jobs::job(move || {
            docx::write_docx(docx_path, dataset, eval, lang, compared, annexes)?;
            Ok(vec![docx_path.clone()])
        }),
        jobs::job(move || {
            xlsx::write_xlsx(xlsx_path, dataset, eval, lang, annexes)?;
            Ok(vec![xlsx_path.clone()])
        }),
        jobs::job(move || {
            let pdf = annex_pages::annexes_pdf(annexes, lang)
                .map_err(|why| map::failed(pdf_path, why))?;
            atomic::write(pdf_path, |w| w.write_all(&pdf))?;
            Ok(vec![pdf_path.clone()])
        }),
    ]
}

/// The input files, with every part of an input shapefile (`.shp .shx .dbf .prj .cpg`).
fn input_files(dataset: &Dataset) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for f in &dataset.files {
        files.push(f.path.clone());
        let is_shapefile = f
            .path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "shp" | "dbf"));
        if is_shapefile {
            for ext in gis::SHAPEFILE_PARTS {
                files.push(f.path.with_extension(ext));
            }
        }
    }
    files
}

/// Writes the map of `sheet` as `{stem}.png`, `.pdf` and `.svg` into `dir` and returns the
/// paths. The SVG is made once and the PNG and PDF are rendered from it.
pub fn write_maps(
    dir: &Path,
    dataset: &Dataset,
    eval: &Evaluation,
    sheet: &map::MapSheet,
    stem: &str,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io_write(dir, e))?;
    let paths: Vec<PathBuf> = (map::MapFormat::ALL.iter())
        .map(|format| dir.join(format!("{stem}.{}", format.extension())))
        .collect();
    refuse_inputs(&paths, dataset)?;
    let svg = map::sheet_svg(dataset, eval, sheet);
    let pages = map::key_pages(dataset, eval, sheet);
    let files = map::render(&svg, &pages, &map::MapFormat::ALL, sheet.paper);
    for (path, file) in paths.iter().zip(files) {
        let bytes = file.map_err(|why| map::failed(path, why))?;
        atomic::write(path, |w| w.write_all(&bytes))?;
    }
    Ok(paths)
}

/// An error when writing any of `paths` would overwrite an input of the analysis (or a part
/// of an input shapefile).
pub fn refuse_inputs<P: AsRef<Path>>(paths: &[P], dataset: &Dataset) -> Result<()> {
    let inputs: Vec<(PathBuf, PathBuf)> = (input_files(dataset).into_iter())
        .filter_map(|f| Some((f.canonicalize().ok()?, f)))
        .collect();
    for path in paths.iter().map(AsRef::as_ref) {
        // A file that does not exist yet is no input.
        let Ok(target) = path.canonicalize() else {
            continue;
        };
        if let Some((_, input)) = inputs.iter().find(|(c, _)| *c == target) {
            return Err(Error::usage(crate::message::Msg::OverwriteInput {
                output: path.display().to_string(),
                input: input.display().to_string(),
            }));
        }
    }
    Ok(())
}

/// True when both paths name one existing file.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
