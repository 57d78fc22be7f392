//! Converting coordinates of a [`Crs`] to WGS84 longitude/latitude with proj4rs (pure Rust,
//! so the program stays one self-contained binary).

use geo::{Coord, MapCoordsInPlace, MultiPolygon};
use proj4rs::Proj;
use proj4rs::transform::transform;
use rayon::prelude::*;

use super::{Crs, Datum, TmParams};

/// The national 7-parameter shift from VN-2000 to WGS84 of Decision 05/2007/QĐ-BTNMT
/// (ΔX −191.90441429 m, ΔY −39.30318279 m, ΔZ −111.45032835 m, rotations −0.00928836″,
/// +0.01975479″, −0.00427372″, scale +0.252906278 ppm) as a PROJ `+towgs84`.
///
/// EPSG records the decision's values as a *coordinate frame* rotation (EPSG:6960, "VN-2000
/// to WGS 84 (2)"), while `+towgs84` takes *position vector* rotations: the three rotations
/// change sign here. Read with the decision's signs as position vector rotations, points
/// would land 0.5–0.8 m away from where PROJ puts them.
pub const VN2000_TOWGS84: &str =
    "-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278";

const WGS84_LONLAT: &str = "+proj=longlat +datum=WGS84 +no_defs";

/// Converts coordinates of one system to WGS84 longitude/latitude (degrees). Build it once
/// per layer: it is cheap to use and safe to share between threads.
#[derive(Clone)]
pub struct Transformer {
    crs: Crs,
    projs: Option<Box<(Proj, Proj)>>,
}

impl std::fmt::Debug for Transformer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transformer")
            .field("crs", &self.crs)
            .finish()
    }
}

fn datum_params(datum: Datum) -> String {
    match datum {
        Datum::Wgs84 => "+datum=WGS84".to_string(),
        Datum::Vn2000 => format!("+ellps=WGS84 +towgs84={VN2000_TOWGS84}"),
    }
}

/// The PROJ string of a system.
pub(super) fn proj_string(datum: Datum, tm: Option<TmParams>) -> String {
    match tm {
        None => format!("+proj=longlat {} +no_defs", datum_params(datum)),
        Some(tm) => format!(
            "+proj=tmerc +lat_0={} +lon_0={} +k={} +x_0={} +y_0={} {} +units=m +no_defs",
            tm.latitude_of_origin_deg,
            tm.central_meridian_deg,
            tm.scale_factor,
            tm.false_easting_m,
            tm.false_northing_m,
            datum_params(datum)
        ),
    }
}

impl Transformer {
    /// The converter for `crs`; an error (in words) when its parameters cannot be used.
    pub fn new(crs: &Crs) -> Result<Transformer, String> {
        crs.validate()?;
        let (datum, tm) = crs.parts();
        let projs = if datum == Datum::Wgs84 && tm.is_none() {
            None
        } else {
            let definition = proj_string(datum, tm);
            let from = Proj::from_proj_string(&definition)
                .map_err(|e| format!("{} cannot be set up ({e})", crs.label()))?;
            let to = Proj::from_proj_string(WGS84_LONLAT)
                .map_err(|e| format!("WGS84 cannot be set up ({e})"))?;
            Some(Box::new((from, to)))
        };
        Ok(Transformer {
            crs: crs.clone(),
            projs,
        })
    }

    /// The system converted from.
    pub fn crs(&self) -> &Crs {
        &self.crs
    }

    /// WGS84 (longitude, latitude) in degrees of the point (`x`, `y`): easting and northing in
    /// metres for a projected system, longitude and latitude in degrees for a geographic one.
    /// `None` when the point cannot be converted (not finite, or off the projection).
    pub fn to_wgs84(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        if !x.is_finite() || !y.is_finite() {
            return None;
        }
        let Some(projs) = &self.projs else {
            return crate::model::is_lon_lat(x, y).then_some((x, y));
        };
        let (from, to) = (&projs.0, &projs.1);
        let mut point = if from.is_latlong() {
            (x.to_radians(), y.to_radians(), 0.0)
        } else {
            (x, y, 0.0)
        };
        transform(from, to, &mut point).ok()?;
        let (lon, lat) = (point.0.to_degrees(), point.1.to_degrees());
        crate::model::is_lon_lat(lon, lat).then_some((lon, lat))
    }

    /// Converts many points in place, on all cores; a point that cannot be converted becomes
    /// (NaN, NaN). Returns how many could not be converted.
    pub fn to_wgs84_in_place(&self, points: &mut [(f64, f64)]) -> usize {
        if self.projs.is_none() {
            return points
                .iter_mut()
                .filter(|p| !crate::model::is_lon_lat(p.0, p.1))
                .map(|p| *p = (f64::NAN, f64::NAN))
                .count();
        }
        points
            .par_chunks_mut(4096)
            .map(|chunk| {
                let mut failed = 0;
                for p in chunk.iter_mut() {
                    *p = self.to_wgs84(p.0, p.1).unwrap_or_else(|| {
                        failed += 1;
                        (f64::NAN, f64::NAN)
                    });
                }
                failed
            })
            .sum()
    }

    /// Converts every vertex of `shape` in place; a vertex that cannot be converted becomes
    /// NaN (which fails every range check after). Returns how many could not be converted.
    pub fn multi_polygon_to_wgs84(&self, shape: &mut MultiPolygon<f64>) -> usize {
        let failed = std::cell::Cell::new(0);
        let failed_ref = &failed;
        shape.map_coords_in_place(move |c| match self.to_wgs84(c.x, c.y) {
            Some((x, y)) => Coord { x, y },
            None => {
                failed_ref.set(failed_ref.get() + 1);
                Coord {
                    x: f64::NAN,
                    y: f64::NAN,
                }
            }
        });
        failed.get()
    }

    /// True when the conversion changes nothing (WGS84 longitude/latitude).
    pub fn is_identity(&self) -> bool {
        self.projs.is_none()
    }
}
