//! What every shapefile layer shares: finding the side files, the coordinate system in the
//! `.prj`, the text encoding of the `.dbf`, and attribute values as text.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use shapefile::dbase::{self, FieldValue};

use super::dbf_text::{self, BYTE_CARRIER};
pub use super::dbf_text::{Attributes, DbfText};
use super::report::{ImportReport, Incomplete, Reason};
use super::text::TextEncoding;
use crate::crs::{self, Crs, Transformer};
use crate::error::{Error, Result};
use crate::message::{Layer, Msg};
use crate::model::is_lon_lat;

/// An open shapefile: geometry, attributes, and what was learnt while opening it.
pub struct Opened {
    pub path: PathBuf,
    pub shapes: shapefile::ShapeReader<BufReader<File>>,
    /// The attribute table; `None` when the `.dbf` is missing.
    pub records: Option<dbase::Reader<BufReader<File>>>,
    /// Attribute column names in file order.
    pub columns: Vec<String>,
    /// Notes for the import report (assumed encoding, missing files).
    pub notes: Vec<Msg>,
    pub attrs: Attributes,
}

/// Opens `path` (the `.shp`, or any of its side files) with its `.dbf`. The coordinate
/// system is [`LayerCrs::of`]'s business.
/// `layer` names the layer in messages; `encoding` is the user's
/// choice of text encoding, which wins over the `.cpg` and the guess.
pub fn open(path: &Path, layer: Layer, encoding: Option<TextEncoding>) -> Result<Opened> {
    let shp = shp_path(path);
    if !shp.exists() {
        return Err(Error::io(
            &shp,
            std::io::Error::new(std::io::ErrorKind::NotFound, "file not found"),
        ));
    }
    let mut notes = Vec::new();
    if !shp.with_extension("shx").exists() {
        notes.push(Msg::NoShx);
    }

    let shapes = shapefile::ShapeReader::from_path(&shp).map_err(|e| shapefile_error(&shp, e))?;
    let dbf = shp.with_extension("dbf");
    let records = if dbf.exists() {
        let dbf_file = File::open(&dbf).map_err(|e| Error::io(&dbf, e))?;
        let reader = dbase::ReaderBuilder::new()
            .with_encoding(dbase::encoding::EncodingRs::from(BYTE_CARRIER))
            .build(BufReader::new(dbf_file))
            .map_err(|e| {
                Error::content(
                    &dbf,
                    Msg::DbfUnreadable { why: e.to_string() },
                    Msg::RemedyDamaged,
                )
            })?;
        Some(reader)
    } else {
        notes.push(Msg::DbfMissingNumbered {
            dbf: file_name(&dbf),
            layer,
        });
        None
    };
    let columns = records
        .as_ref()
        .map(|r| r.fields().iter().map(|f| f.name().to_string()).collect())
        .unwrap_or_default();
    let attrs = dbf_text::attributes(&shp, records.is_some(), encoding, layer, &mut notes);
    Ok(Opened {
        path: shp,
        shapes,
        records,
        columns,
        notes,
        attrs,
    })
}

impl Opened {
    pub fn shape_type(&self) -> shapefile::ShapeType {
        self.shapes.header().shape_type
    }

    /// Calls `visit` for every record in file order with its number (1-based), shape and
    /// attributes (`None` without a `.dbf`). A record that cannot be read ends the reading:
    /// an error if it is the first, otherwise a rejected row and a note, keeping the rest.
    pub fn each_record(
        &mut self,
        report: &mut ImportReport,
        mut visit: impl FnMut(
            u64,
            shapefile::Shape,
            Option<&dbase::Record>,
            &Attributes,
            &mut ImportReport,
        ),
    ) -> Result<()> {
        let expected = self
            .records
            .as_ref()
            .map(|r| u64::from(r.header().num_records));
        let mut records = self.records.as_mut().map(|r| r.iter_records());
        let dbf = self.path.with_extension("dbf");
        for (i, item) in self.shapes.iter_shapes().enumerate() {
            let n = i as u64 + 1;
            let record = match records.as_mut().and_then(|it| it.next()) {
                Some(Ok(r)) => Ok(Some(r)),
                Some(Err(e)) => Err(Error::at_line(
                    &dbf,
                    n,
                    Msg::RecordUnreadable {
                        n,
                        why: e.to_string(),
                    },
                    Msg::RemedyDamaged,
                )),
                None => Ok(None),
            };
            let pair = item
                .map_err(|e| shapefile_error(&self.path, e))
                .and_then(|shape| Ok((shape, record?)));
            match pair {
                Ok((shape, record)) => {
                    report.rows_read += 1;
                    self.attrs.set_record(n);
                    visit(n, shape, record.as_ref(), &self.attrs, report);
                }
                Err(e) if n == 1 => return Err(e),
                Err(e) => {
                    report.rows_read += 1;
                    report.reject(Reason::MalformedRow, n);
                    report.incomplete = Some(Incomplete {
                        kept: n - 1,
                        expected: expected.filter(|&x| x >= n),
                        stopped_at: n,
                        cause: e.problem(),
                    });
                    break;
                }
            }
        }
        Ok(())
    }

    /// Puts how the text was read into `report`: its `text_encoding`, and notes on values
    /// not valid in the encoding and on damaged text, with what to do.
    pub fn report_text(&self, report: &mut ImportReport) {
        self.attrs.report(report);
    }
}

/// The `.shp` path for a path naming the shapefile or one of its side files.
pub fn shp_path(path: &Path) -> PathBuf {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("shp") => path.to_path_buf(),
        Some("shx" | "dbf" | "prj" | "cpg") => {
            let upper = path.with_extension("SHP");
            if upper.exists() {
                upper
            } else {
                path.with_extension("shp")
            }
        }
        _ => path.to_path_buf(),
    }
}

/// The error for a shapefile the crate refused, in the user's words.
pub fn shapefile_error(path: &Path, e: shapefile::Error) -> Error {
    use shapefile::Error as E;
    match e {
        E::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::content(path, Msg::EndsMidRecord, Msg::RemedyDamaged)
        }
        E::IoError(io) => Error::io(path, io),
        E::InvalidFileCode(code) => {
            Error::content(path, Msg::NotShapefileCode { code }, Msg::RemedyChooseShp)
        }
        E::MissingDbf => Error::content(path, Msg::DbfMissing, Msg::RemedyCopyDbf),
        E::MissingIndexFile => Error::content(path, Msg::ShxMissing, Msg::RemedyCopyShx),
        other => Error::content(
            path,
            Msg::ShapefileUnreadable {
                why: other.to_string(),
            },
            Msg::RemedyDamaged,
        ),
    }
}

/// Coordinates far outside longitude/latitude ranges are metres of a projected system: the
/// check of a layer taken as WGS84 longitude/latitude without a `.prj`.
pub fn check_bbox(
    path: &Path,
    bbox: &shapefile::record::GenericBBox<shapefile::PointZ>,
) -> Result<()> {
    LayerCrs::assumed().check_bbox(path, bbox)
}

/// Where a layer's coordinate system came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrsOrigin {
    /// Read from the `.prj`.
    Prj,
    /// Chosen by the user (in the app, or with a flag).
    Chosen,
    /// No `.prj` and nothing chosen: WGS84 longitude/latitude assumed.
    Assumed,
}

/// The coordinate system of a shapefile layer, where it came from, and its converter.
#[derive(Clone, Debug)]
pub struct LayerCrs {
    pub crs: Crs,
    pub origin: CrsOrigin,
    /// The command-line flag that chooses this layer's system (`--commune-crs`), for messages.
    pub flag: &'static str,
    /// Notes for the import report: what was assumed or converted.
    pub notes: Vec<Msg>,
    transformer: Option<Transformer>,
}

impl LayerCrs {
    fn assumed() -> LayerCrs {
        LayerCrs {
            crs: Crs::Wgs84,
            origin: CrsOrigin::Assumed,
            flag: "--crs",
            notes: Vec::new(),
            transformer: None,
        }
    }

    /// The system of the shapefile `shp`: `chosen` when given (it wins over the `.prj`), else
    /// the `.prj`'s, else WGS84 longitude/latitude with a note. A `.prj` in a system phusong
    /// does not read is an error naming it. `flag` is the command-line flag that chooses it.
    pub fn of(shp: &Path, chosen: Option<&Crs>, flag: &'static str) -> Result<LayerCrs> {
        let prj_path = shp.with_extension("prj");
        let prj = read_prj(&prj_path)?.map(|wkt| crs::from_wkt(&wkt));
        let mut notes = Vec::new();
        let (crs, origin) = match (chosen, prj) {
            (Some(chosen), prj) => {
                chosen.validate().map_err(|e| {
                    Error::usage(Msg::ChosenCrsUnusableFor {
                        file: shp.display().to_string(),
                        why: e.to_string(),
                    })
                })?;
                match prj {
                    Some(Ok(p)) if p.crs != *chosen => notes.push(Msg::PrjDiffers {
                        prj: p.crs.label(),
                        chosen: chosen.label(),
                    }),
                    Some(Err(u)) => notes.push(Msg::PrjUnknownChosen {
                        name: u.name,
                        chosen: chosen.label(),
                    }),
                    _ => {}
                }
                (chosen.clone(), CrsOrigin::Chosen)
            }
            (None, Some(Ok(p))) => {
                notes.extend(p.assumption);
                (p.crs, CrsOrigin::Prj)
            }
            (None, Some(Err(u))) => {
                return Err(Error::content(
                    &prj_path,
                    Msg::CrsUnsupported {
                        name: u.name,
                        reason: u.reason,
                    },
                    Msg::RemedyReproject { flag: flag.into() },
                ));
            }
            (None, None) => {
                notes.push(Msg::NoPrjAssumedWgs84);
                (Crs::Wgs84, CrsOrigin::Assumed)
            }
        };
        let transformer = if crs.is_wgs84() {
            if origin == CrsOrigin::Chosen {
                notes.push(Msg::ChosenWgs84);
            }
            None
        } else {
            let t = crs.transformer().map_err(|e| {
                Error::content(
                    &prj_path,
                    Msg::CrsCannotBeUsed {
                        crs: crs.label(),
                        why: e.to_string(),
                    },
                    Msg::RemedyChooseCrs { flag: flag.into() },
                )
            })?;
            notes.push(match origin {
                CrsOrigin::Prj => Msg::Converted { crs: crs.label() },
                _ => Msg::ConvertedChosen { crs: crs.label() },
            });
            Some(t)
        };
        Ok(LayerCrs {
            crs,
            origin,
            flag,
            notes,
            transformer,
        })
    }

    /// The converter to WGS84, `None` when the layer is WGS84 longitude/latitude already.
    pub fn transformer(&self) -> Option<&Transformer> {
        self.transformer.as_ref()
    }

    /// Checks the layer's bounding box fits its system: longitude/latitude in degrees for a
    /// geographic system, metres that convert for a projected one. Metres read as degrees
    /// (no `.prj`, or the wrong system) are told apart, with the systems they could be in.
    pub fn check_bbox(
        &self,
        path: &Path,
        bbox: &shapefile::record::GenericBBox<shapefile::PointZ>,
    ) -> Result<()> {
        let (min, max) = (&bbox.min, &bbox.max);
        let degrees = is_lon_lat(min.x, min.y) && is_lon_lat(max.x, max.y);
        let span = format!(
            "({:.0}, {:.0}) – ({:.0}, {:.0})",
            min.x, min.y, max.x, max.y
        );
        let flag = self.flag.to_string();
        let said = Box::new(match self.origin {
            CrsOrigin::Prj => Msg::SaidPrj {
                crs: self.crs.label(),
            },
            CrsOrigin::Chosen => Msg::SaidChosen {
                crs: self.crs.label(),
            },
            CrsOrigin::Assumed => Msg::SaidNoPrj,
        });
        if !self.crs.is_projected() {
            if degrees {
                return Ok(());
            }
            let guesses = crs::guess_from_bbox(min.x, min.y, max.x, max.y);
            let problem = match crs::describe_guesses(&guesses) {
                Some(systems) => Msg::BboxMetresCouldBe {
                    span,
                    said,
                    systems,
                },
                None => Msg::BboxMetres { span, said },
            };
            let example = guesses
                .first()
                .map(|g| g.crs.flag_value())
                .unwrap_or_else(|| "vn2000-tm3:106.5".to_string());
            return Err(Error::content(
                path,
                problem,
                Msg::RemedyChooseCrsExample { flag, example },
            ));
        }
        if degrees {
            let remedy = match self.origin {
                CrsOrigin::Chosen => Msg::RemedyChooseWgs84 { flag },
                _ => Msg::RemedyPrjMismatch { flag },
            };
            return Err(Error::content(
                path,
                Msg::BboxDegrees {
                    span,
                    crs: self.crs.label(),
                    said,
                },
                remedy,
            ));
        }
        let converts = self.transformer.as_ref().is_some_and(|t| {
            t.to_wgs84(min.x, min.y).is_some() && t.to_wgs84(max.x, max.y).is_some()
        });
        if !converts {
            return Err(Error::content(
                path,
                Msg::BboxNoConvert {
                    span,
                    crs: self.crs.label(),
                    said,
                },
                Msg::RemedyChooseRightCrs { flag },
            ));
        }
        Ok(())
    }
}

/// When the user must choose the coordinate system of the shapefile at `path`: the systems
/// its coordinates could be in (maybe none that phusong recognises), or `None` when there is
/// nothing to choose (a `.prj` phusong reads, or coordinates in degrees). For the app's
/// system picker, before or after a load refused metres.
pub fn crs_choice_needed(path: &Path) -> Result<Option<Vec<crs::Guess>>> {
    let shp = shp_path(path);
    let prj = read_prj(&shp.with_extension("prj"))?;
    if prj.is_some_and(|wkt| crs::from_wkt(&wkt).is_ok()) {
        return Ok(None);
    }
    let reader = shapefile::ShapeReader::from_path(&shp).map_err(|e| shapefile_error(&shp, e))?;
    let bbox = &reader.header().bbox;
    let (min, max) = (&bbox.min, &bbox.max);
    if is_lon_lat(min.x, min.y) && is_lon_lat(max.x, max.y) {
        return Ok(None);
    }
    Ok(Some(crs::guess_from_bbox(min.x, min.y, max.x, max.y)))
}

/// The text of a `.prj`, `None` when there is none.
fn read_prj(prj: &Path) -> Result<Option<String>> {
    let Ok(file) = File::open(prj) else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.take(64 * 1024)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(prj, e))?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// An attribute value as the text a user would type: numbers without a needless `.0`
/// (a numeric code `1234.0` is `1234`), trimmed strings, empty for nulls.
pub fn value_text(value: &FieldValue) -> String {
    match value {
        FieldValue::Character(s) => s.as_deref().unwrap_or("").trim().to_string(),
        FieldValue::Memo(s) => s.trim().to_string(),
        FieldValue::Numeric(n) => n.map(number_text).unwrap_or_default(),
        FieldValue::Float(n) => n.map(|v| number_text(v as f64)).unwrap_or_default(),
        FieldValue::Double(n) | FieldValue::Currency(n) => number_text(*n),
        FieldValue::Integer(i) => i.to_string(),
        FieldValue::Logical(b) => b.map(|b| b.to_string()).unwrap_or_default(),
        FieldValue::Date(d) => d
            .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
            .unwrap_or_default(),
        FieldValue::DateTime(dt) => {
            let d = dt.date();
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        }
    }
}

fn number_text(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_codes_lose_their_decimal_part() {
        assert_eq!(value_text(&FieldValue::Numeric(Some(1234.0))), "1234");
        assert_eq!(value_text(&FieldValue::Numeric(Some(12.5))), "12.5");
        assert_eq!(value_text(&FieldValue::Numeric(None)), "");
        assert_eq!(
            value_text(&FieldValue::Character(Some(" Bắc Kạn ".into()))),
            "Bắc Kạn"
        );
    }
}
