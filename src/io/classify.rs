//! Which part of an analysis a file is, from a look at its first bytes: what lets a user
//! drop any mix of files on the window, or pick several at once, without saying which is which.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fields::{COMMUNE_NAME, LATITUDE, LONGITUDE, VILLAGE_NAME, find_column};
use super::paths::{check_regular, shp_path};
use super::samples::detect_format;
use crate::error::{Error, Result};
use crate::message::Msg;

/// What a file is to an analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Commune boundaries (a polygon shapefile).
    Communes,
    /// Village points (a point shapefile, or a list with coordinates).
    Villages,
    /// Signal samples (a drive-test or phone-app log).
    Samples,
    /// A shapefile to draw under the coverage layers for orientation: lines (roads, rivers),
    /// Geofabrik's OpenStreetMap layers, polygons without commune names, points without
    /// village names.
    Background,
}

/// How many bytes of a text file are enough to see its header.
const HEAD_BYTES: usize = 64 * 1024;

/// The role of the file at `path`, or an error saying why it fits none.
///
/// Shapefiles go by the shape type in the `.shp` header; text files are sample logs when a
/// log format is recognised, village lists when they have longitude and latitude columns or
/// a village-name column.
pub fn role_of(path: &Path) -> Result<Role> {
    check_regular(path)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "shp" | "shx" | "dbf" | "prj" | "cpg" => shapefile_role(&shp_path(path)),
        "zip" => match super::zipped::unzip_shapefile(path)? {
            Some(z) => shapefile_role(&z.shp).map_err(|e| z.error(e)),
            None => text_role(path),
        },
        _ if super::village_list::is_spreadsheet(path) => Ok(Role::Villages),
        _ => text_role(path),
    }
}

fn shapefile_role(shp: &Path) -> Result<Role> {
    // Geofabrik's OpenStreetMap layers (`gis_osm_places_free_1`): their `name` column would
    // make places look like villages.
    let stem = shp.file_stem().unwrap_or_default().to_string_lossy();
    if stem.to_ascii_lowercase().starts_with("gis_osm_") {
        return Ok(Role::Background);
    }
    let mut header = [0u8; 36];
    File::open(shp)
        .and_then(|mut f| f.read_exact(&mut header))
        .map_err(|e| Error::io(shp, e))?;
    let code = i32::from_be_bytes([header[0], header[1], header[2], header[3]]);
    if code != 9994 {
        return Err(Error::content(
            shp,
            Msg::NotShapefileHeader,
            Msg::RemedyOpenShpAgain,
        ));
    }
    let shape_type = i32::from_le_bytes([header[32], header[33], header[34], header[35]]);
    let named = |names: &[&str]| dbf_columns(shp).is_some_and(|c| find_column(&c, names).is_some());
    match shape_type {
        5 | 15 | 25 if named(COMMUNE_NAME) || !named(BACKGROUND_NAME) => Ok(Role::Communes),
        1 | 11 | 21 | 8 | 18 | 28 if named(VILLAGE_NAME) || !named(BACKGROUND_NAME) => {
            Ok(Role::Villages)
        }
        1 | 11 | 21 | 8 | 18 | 28 | 3 | 13 | 23 | 5 | 15 | 25 => Ok(Role::Background),
        _ => Err(Error::content(
            shp,
            Msg::LinesOrUnknownShapes,
            Msg::RemedyOpenCommunesOrVillages,
        )),
    }
}

/// Columns that name a map feature that is no commune or village (OSM's `fclass`, a road's
/// or river's class): a layer of those is background.
const BACKGROUND_NAME: &[&str] = &["fclass", "highway", "waterway", "railway", "place"];

/// The column names of the `.dbf` beside `shp`, from its header alone (the dbase reader
/// reads the records only when asked); `None` when it is missing or unreadable (the layer's
/// reader says why).
fn dbf_columns(shp: &Path) -> Option<Vec<String>> {
    let dbf = File::open(super::paths::sidecar(shp, "dbf")).ok()?;
    let reader = shapefile::dbase::Reader::new(std::io::BufReader::new(dbf)).ok()?;
    Some(
        reader
            .fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect(),
    )
}

fn text_role(path: &Path) -> Result<Role> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    File::open(path)
        .and_then(|f| f.take(HEAD_BYTES as u64).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    if detect_format(&head).is_some() {
        return Ok(Role::Samples);
    }
    let text = String::from_utf8_lossy(&head);
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let delimiter = [';', '\t', ',']
        .into_iter()
        .max_by_key(|d| header.matches(*d).count());
    let columns: Vec<String> = match delimiter {
        Some(d) => header
            .split(d)
            .map(|c| c.trim().trim_matches('"').to_string())
            .collect(),
        None => Vec::new(),
    };
    let coordinates =
        find_column(&columns, LONGITUDE).is_some() && find_column(&columns, LATITUDE).is_some();
    // A list with a village-name column is a village list even when its coordinate columns
    // are not recognised: the app then asks which they are.
    if coordinates || find_column(&columns, VILLAGE_NAME).is_some() {
        return Ok(Role::Villages);
    }
    Err(Error::content(path, Msg::NotAnyInput, Msg::RemedyOpenWhat))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(name)
    }

    #[test]
    fn the_demo_files_are_told_apart_by_their_content() {
        assert_eq!(role_of(&data("communes.shp")).unwrap(), Role::Communes);
        assert_eq!(role_of(&data("communes.dbf")).unwrap(), Role::Communes);
        assert_eq!(role_of(&data("villages.shp")).unwrap(), Role::Villages);
        assert_eq!(role_of(&data("samples.csv")).unwrap(), Role::Samples);
    }

    #[test]
    fn a_village_list_is_a_csv_with_coordinates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("thon.csv");
        std::fs::write(&path, "Tên thôn;Kinh độ;Vĩ độ\nNà Lẹng;105,8;22,1\n").unwrap();
        assert_eq!(role_of(&path).unwrap(), Role::Villages);
    }

    #[test]
    fn an_unknown_text_file_says_what_is_expected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "meeting notes\nnothing here\n").unwrap();
        let message = role_of(&path).unwrap_err().to_string();
        assert!(message.contains("notes.txt"), "{message}");
        assert!(message.contains("signal log"), "{message}");
    }
}
