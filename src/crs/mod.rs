//! Coordinate systems of the files people bring, and their conversion to WGS84.
//!
//! Vietnamese data come in VN-2000 (Decision 83/2000/QĐ-TTg: the WGS84 ellipsoid on a local
//! datum), as longitude/latitude, in 6° UTM zones 48N and 49N, or — most often for provincial
//! and cadastral layers — in the 3° "TM-3" zone of the province (Circular 973/2001/TT-TCĐC:
//! scale 0.9999, false easting 500,000 m, the province's own central meridian). Others are in
//! WGS84, as longitude/latitude or UTM. Everything is converted to WGS84 longitude/latitude,
//! VN-2000 with the national 7-parameter shift of Decision 05/2007/QĐ-BTNMT.
//!
//! ```
//! use phusong::crs::Crs;
//!
//! let bac_kan: Crs = "Bắc Kạn".parse().unwrap();
//! assert_eq!(bac_kan, Crs::Vn2000Tm3 { central_meridian_deg: 106.5 });
//! assert_eq!(bac_kan.label(), "VN-2000 / TM-3 106°30′");
//! let (lon, lat) = bac_kan.to_wgs84(475_000.0, 2_455_000.0).unwrap();
//! // PROJ (EPSG:9213 through EPSG:6960) gives 106.259441, 22.192501.
//! assert!((lon - 106.259441).abs() < 1e-6 && (lat - 22.192501).abs() < 1e-6);
//! ```

mod guess;
mod provinces;
mod transform;
mod wkt;

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::fold::fold_key;

pub use guess::{Guess, describe_guesses, guess_from_bbox};
pub use provinces::{PROVINCES, PROVINCES_2025, Province, Province2025, province};
pub use transform::{Transformer, VN2000_TOWGS84};
pub use wkt::{PrjCrs, UnsupportedCrs, from_wkt};

/// The geodetic datum of a system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Datum {
    /// WGS84 (EPSG:6326).
    Wgs84,
    /// VN-2000 (EPSG:6756): the WGS84 ellipsoid, shifted about 225 m from WGS84.
    Vn2000,
}

impl Datum {
    /// The datum's name for messages: "WGS84", "VN-2000".
    pub fn label(self) -> &'static str {
        match self {
            Datum::Wgs84 => "WGS84",
            Datum::Vn2000 => "VN-2000",
        }
    }
}

/// A coordinate system phusong reads. Projected systems are in metres (easting, northing),
/// geographic ones in degrees (longitude, latitude), northern hemisphere.
///
/// Parameters are finite whenever a `Crs` comes from [`Crs::parse`] or [`from_wkt`]
/// (JSON has no NaN either), so equality is an equivalence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "system", rename_all = "snake_case")]
pub enum Crs {
    /// WGS84 longitude/latitude, EPSG:4326.
    Wgs84,
    /// WGS84 / UTM zone `zone`N: EPSG:32648 and 32649 for Vietnam.
    Wgs84Utm { zone: u8 },
    /// VN-2000 longitude/latitude, EPSG:4756.
    Vn2000,
    /// VN-2000 / UTM zone `zone`N (6° zones, scale 0.9996): EPSG:3405 and 3406.
    Vn2000Utm { zone: u8 },
    /// VN-2000 / TM-3 with this central meridian (degrees east): scale 0.9999, false easting
    /// 500,000 m, false northing 0.
    Vn2000Tm3 { central_meridian_deg: f64 },
    /// Any other transverse Mercator on WGS84 or VN-2000, with its parameters.
    TransverseMercator {
        datum: Datum,
        central_meridian_deg: f64,
        latitude_of_origin_deg: f64,
        scale_factor: f64,
        false_easting_m: f64,
        false_northing_m: f64,
    },
}

impl Eq for Crs {}

/// The parameters of a transverse Mercator projection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TmParams {
    pub central_meridian_deg: f64,
    pub latitude_of_origin_deg: f64,
    pub scale_factor: f64,
    pub false_easting_m: f64,
    pub false_northing_m: f64,
}

impl TmParams {
    fn utm(zone: u8) -> TmParams {
        TmParams {
            central_meridian_deg: f64::from(zone) * 6.0 - 183.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 0.9996,
            false_easting_m: 500_000.0,
            false_northing_m: 0.0,
        }
    }

    fn tm3(central_meridian_deg: f64) -> TmParams {
        TmParams {
            central_meridian_deg,
            latitude_of_origin_deg: 0.0,
            scale_factor: 0.9999,
            false_easting_m: 500_000.0,
            false_northing_m: 0.0,
        }
    }
}

/// Degrees as Vietnamese maps write a meridian: `106°30′`, `105°00′`, `104°27′36″`, or
/// decimal degrees when not a whole number of seconds.
pub fn format_meridian(deg: f64) -> String {
    let seconds = deg * 3600.0;
    let whole = seconds.round();
    if (seconds - whole).abs() > 1e-6 || !deg.is_finite() {
        return format!("{deg}°");
    }
    let sign = if whole < 0.0 { "-" } else { "" };
    let s = whole.abs() as u64;
    let (d, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    if sec == 0 {
        format!("{sign}{d}°{m:02}′")
    } else {
        format!("{sign}{d}°{m:02}′{sec:02}″")
    }
}

/// EPSG codes of the VN-2000 TM-3 zones, by central meridian.
const TM3_EPSG: [(f64, u32); 18] = [
    (102.0, 5896),
    (103.0, 9205),
    (104.0, 9206),
    (104.5, 9207),
    (104.75, 9208),
    (105.0, 5897),
    (105.5, 9209),
    (105.75, 9210),
    (106.0, 9211),
    (106.25, 9212),
    (106.5, 9213),
    (107.0, 9214),
    (107.25, 9215),
    (107.5, 9216),
    (107.75, 5899),
    (108.0, 5898),
    (108.25, 9217),
    (108.5, 9218),
];

fn tm3_epsg() -> impl Iterator<Item = (f64, u32)> {
    TM3_EPSG.into_iter()
}

impl Crs {
    /// The datum and, for a projected system, its projection.
    pub(crate) fn parts(&self) -> (Datum, Option<TmParams>) {
        match *self {
            Crs::Wgs84 => (Datum::Wgs84, None),
            Crs::Vn2000 => (Datum::Vn2000, None),
            Crs::Wgs84Utm { zone } => (Datum::Wgs84, Some(TmParams::utm(zone))),
            Crs::Vn2000Utm { zone } => (Datum::Vn2000, Some(TmParams::utm(zone))),
            Crs::Vn2000Tm3 {
                central_meridian_deg,
            } => (Datum::Vn2000, Some(TmParams::tm3(central_meridian_deg))),
            Crs::TransverseMercator {
                datum,
                central_meridian_deg,
                latitude_of_origin_deg,
                scale_factor,
                false_easting_m,
                false_northing_m,
            } => (
                datum,
                Some(TmParams {
                    central_meridian_deg,
                    latitude_of_origin_deg,
                    scale_factor,
                    false_easting_m,
                    false_northing_m,
                }),
            ),
        }
    }

    /// The named system with these parameters (UTM, TM-3), else a generic transverse Mercator.
    pub(crate) fn from_parts(datum: Datum, tm: Option<TmParams>) -> Crs {
        let Some(tm) = tm else {
            return match datum {
                Datum::Wgs84 => Crs::Wgs84,
                Datum::Vn2000 => Crs::Vn2000,
            };
        };
        let near = |a: f64, b: f64, eps: f64| (a - b).abs() <= eps;
        let standard = near(tm.latitude_of_origin_deg, 0.0, 1e-9)
            && near(tm.false_easting_m, 500_000.0, 1e-6)
            && near(tm.false_northing_m, 0.0, 1e-6);
        if standard && near(tm.scale_factor, 0.9996, 1e-12) {
            let zone = (tm.central_meridian_deg + 183.0) / 6.0;
            if near(zone, zone.round(), 1e-9) && (1.0..=60.0).contains(&zone.round()) {
                let zone = zone.round() as u8;
                return match datum {
                    Datum::Wgs84 => Crs::Wgs84Utm { zone },
                    Datum::Vn2000 => Crs::Vn2000Utm { zone },
                };
            }
        }
        if standard && datum == Datum::Vn2000 && near(tm.scale_factor, 0.9999, 1e-12) {
            return Crs::Vn2000Tm3 {
                central_meridian_deg: tm.central_meridian_deg,
            };
        }
        Crs::TransverseMercator {
            datum,
            central_meridian_deg: tm.central_meridian_deg,
            latitude_of_origin_deg: tm.latitude_of_origin_deg,
            scale_factor: tm.scale_factor,
            false_easting_m: tm.false_easting_m,
            false_northing_m: tm.false_northing_m,
        }
    }

    /// The datum.
    pub fn datum(&self) -> Datum {
        self.parts().0
    }

    /// True for systems in metres (easting, northing); false for longitude/latitude.
    pub fn is_projected(&self) -> bool {
        self.parts().1.is_some()
    }

    /// True for WGS84 longitude/latitude, which needs no conversion.
    pub fn is_wgs84(&self) -> bool {
        *self == Crs::Wgs84
    }

    /// The central meridian of a projected system, degrees east.
    pub fn central_meridian_deg(&self) -> Option<f64> {
        self.parts().1.map(|tm| tm.central_meridian_deg)
    }

    /// The EPSG code of the system, when EPSG has one.
    pub fn epsg(&self) -> Option<u32> {
        match *self {
            Crs::Wgs84 => Some(4326),
            Crs::Vn2000 => Some(4756),
            Crs::Wgs84Utm { zone } => Some(32600 + u32::from(zone)),
            Crs::Vn2000Utm { zone: 48 } => Some(3405),
            Crs::Vn2000Utm { zone: 49 } => Some(3406),
            Crs::Vn2000Utm { .. } => None,
            Crs::Vn2000Tm3 {
                central_meridian_deg,
            } => tm3_epsg()
                .find(|(cm, _)| *cm == central_meridian_deg)
                .map(|(_, code)| code),
            Crs::TransverseMercator { .. } => None,
        }
    }

    /// The system of an EPSG code phusong reads.
    pub fn from_epsg(code: u32) -> Option<Crs> {
        match code {
            4326 => Some(Crs::Wgs84),
            4756 => Some(Crs::Vn2000),
            32601..=32660 => Some(Crs::Wgs84Utm {
                zone: (code - 32600) as u8,
            }),
            3405 => Some(Crs::Vn2000Utm { zone: 48 }),
            3406 => Some(Crs::Vn2000Utm { zone: 49 }),
            _ => tm3_epsg()
                .find(|(_, c)| *c == code)
                .map(|(cm, _)| Crs::Vn2000Tm3 {
                    central_meridian_deg: cm,
                }),
        }
    }

    /// The system's name for messages and lists: "VN-2000 / TM-3 106°30′",
    /// "WGS84 / UTM zone 48N", "VN-2000 longitude/latitude".
    pub fn label(&self) -> String {
        match self {
            Crs::Wgs84 => "WGS84 longitude/latitude".to_string(),
            Crs::Vn2000 => "VN-2000 longitude/latitude".to_string(),
            Crs::Wgs84Utm { zone } => format!("WGS84 / UTM zone {zone}N"),
            Crs::Vn2000Utm { zone } => format!("VN-2000 / UTM zone {zone}N"),
            Crs::Vn2000Tm3 {
                central_meridian_deg,
            } => format!("VN-2000 / TM-3 {}", format_meridian(*central_meridian_deg)),
            Crs::TransverseMercator {
                datum,
                central_meridian_deg,
                latitude_of_origin_deg,
                scale_factor,
                false_easting_m,
                false_northing_m,
            } => {
                let mut s = format!(
                    "transverse Mercator on {} (central meridian {}, scale {scale_factor}, false easting {} m",
                    datum.label(),
                    format_meridian(*central_meridian_deg),
                    thousands(*false_easting_m)
                );
                if *false_northing_m != 0.0 {
                    s.push_str(&format!(
                        ", false northing {} m",
                        thousands(*false_northing_m)
                    ));
                }
                if *latitude_of_origin_deg != 0.0 {
                    s.push_str(&format!(
                        ", latitude of origin {}",
                        format_meridian(*latitude_of_origin_deg)
                    ));
                }
                s.push(')');
                s
            }
        }
    }

    /// How the system is typed after `--crs` and its kin, for examples in messages:
    /// `vn2000-tm3:106.5`, `vn2000-utm48n`, `utm49n`, `vn2000`, `wgs84`, or an EPSG code.
    pub fn flag_value(&self) -> String {
        match self {
            Crs::Vn2000Tm3 {
                central_meridian_deg,
            } => format!("vn2000-tm3:{central_meridian_deg}"),
            Crs::Vn2000Utm { zone } => format!("vn2000-utm{zone}n"),
            Crs::Wgs84Utm { zone } => format!("utm{zone}n"),
            Crs::Vn2000 => "vn2000".to_string(),
            Crs::TransverseMercator { .. } => self
                .epsg()
                .map(|c| format!("EPSG:{c}"))
                .unwrap_or_else(|| "vn2000-tm3:106.5".to_string()),
            Crs::Wgs84 => "wgs84".to_string(),
        }
    }

    /// The label followed by the EPSG code when there is one: "VN-2000 / UTM zone 48N (EPSG:3405)".
    pub fn label_with_epsg(&self) -> String {
        match self.epsg() {
            Some(code) => format!("{} (EPSG:{code})", self.label()),
            None => self.label(),
        }
    }

    /// Checks the parameters can describe a projection (finite, zone 1–60, scale near 1).
    pub fn validate(&self) -> Result<(), String> {
        match *self {
            Crs::Wgs84Utm { zone } | Crs::Vn2000Utm { zone } if !(1..=60).contains(&zone) => {
                return Err(format!(
                    "UTM zone {zone} does not exist (zones run from 1 to 60)"
                ));
            }
            _ => {}
        }
        if let Some(tm) = self.parts().1 {
            let values = [
                tm.central_meridian_deg,
                tm.latitude_of_origin_deg,
                tm.scale_factor,
                tm.false_easting_m,
                tm.false_northing_m,
            ];
            if values.iter().any(|v| !v.is_finite()) {
                return Err("a projection parameter is not a number".to_string());
            }
            if !(-180.0..=180.0).contains(&tm.central_meridian_deg)
                || !(-90.0..=90.0).contains(&tm.latitude_of_origin_deg)
            {
                return Err(format!(
                    "the central meridian {} or latitude of origin {} is out of range",
                    tm.central_meridian_deg, tm.latitude_of_origin_deg
                ));
            }
            if !(0.5..=1.5).contains(&tm.scale_factor) {
                return Err(format!(
                    "the scale factor {} is not that of a map projection",
                    tm.scale_factor
                ));
            }
        }
        Ok(())
    }

    /// A converter to WGS84 for this system (build it once for many points).
    pub fn transformer(&self) -> Result<Transformer, String> {
        Transformer::new(self)
    }

    /// WGS84 (longitude, latitude) in degrees of one point (`x`, `y`) of this system: easting
    /// and northing in metres, or longitude and latitude in degrees for a geographic system.
    /// `None` when it cannot be converted. The last converter used is kept per thread, so
    /// calling this row after row of one file costs one set-up.
    pub fn to_wgs84(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        thread_local! {
            static LAST: RefCell<Option<Rc<Transformer>>> = const { RefCell::new(None) };
        }
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            let current = match last.as_ref() {
                Some(t) if t.crs() == self => Rc::clone(t),
                _ => {
                    let t = Rc::new(Transformer::new(self).ok()?);
                    *last = Some(Rc::clone(&t));
                    t
                }
            };
            current.to_wgs84(x, y)
        })
    }

    /// Reads a system from what a user types (case and accents do not matter):
    ///
    /// - `wgs84`, `EPSG:4326`; `utm48n`, `wgs84-utm49n`, `EPSG:32648`;
    /// - `vn2000`, `EPSG:4756`; `vn2000-utm48n`, `EPSG:3405`, `EPSG:3406`;
    /// - `vn2000-tm3:106.5`, `vn2000-tm3:106-30`, `tm3:106°30′`, `EPSG:9213`;
    /// - a province name, before or after the July 2025 reform, for its VN-2000 TM-3 zone:
    ///   `Bắc Kạn`, `bac kan`, `vn2000-tm3:Bắc Kạn` (a merged province takes the meridian of
    ///   the province whose name it kept).
    pub fn parse(text: &str) -> Result<Crs, String> {
        let text = text.trim();
        let unknown = || {
            format!(
                "\"{text}\" is not a coordinate system phusong knows; use wgs84, utm48n, utm49n, vn2000, vn2000-utm48n, vn2000-utm49n, vn2000-tm3:106.5 (the central meridian), a province name such as \"Bắc Kạn\" for its VN-2000 TM-3 zone, or an EPSG code such as EPSG:3405"
            )
        };
        if let Some((prefix, value)) = text.split_once(':') {
            let value = value.trim();
            match fold_key(prefix).as_str() {
                "epsg" => {
                    let code: u32 = value.parse().map_err(|_| unknown())?;
                    return Crs::from_epsg(code).ok_or_else(|| {
                        format!(
                            "EPSG:{code} is not a system phusong reads; it reads EPSG:4326, 32648, 32649, 4756, 3405, 3406 and the VN-2000 TM-3 zones (EPSG:5896–5899, 9205–9218)"
                        )
                    });
                }
                "vn2000tm3" | "tm3" | "vn2000tm3zone" | "vn2000tm" => {
                    return tm3_of(value).ok_or_else(|| {
                        format!(
                            "\"{value}\" is neither a central meridian (such as 106.5 or 106-30) nor a province name"
                        )
                    });
                }
                _ => {}
            }
        }
        let key = fold_key(text);
        // "VN-2000 / TM-3 106°30′" (the label), "VN-2000 / TM-3 zone 105-45", "TM-3 106.5".
        if key.starts_with("vn2000tm3") || key.starts_with("tm3") {
            // ASCII lower case keeps every byte where it was, so positions carry over.
            let lower = text.to_ascii_lowercase();
            let rest = ["tm-3", "tm3", "tm 3"]
                .iter()
                .find_map(|m| lower.find(m).and_then(|at| text.get(at + m.len()..)))
                .unwrap_or("");
            let rest = rest.trim();
            let rest = rest
                .strip_prefix("zone")
                .or_else(|| rest.strip_prefix("Zone"))
                .unwrap_or(rest);
            if let Some(crs) = tm3_of(rest) {
                return Ok(crs);
            }
        }
        match key.as_str() {
            "wgs84"
            | "wgs1984"
            | "epsg4326"
            | "4326"
            | "lonlat"
            | "longlat"
            | "latlon"
            | "wgs84lonlat"
            | "wgs84longitudelatitude" => return Ok(Crs::Wgs84),
            "vn2000"
            | "epsg4756"
            | "4756"
            | "vn2000lonlat"
            | "vn2000geographic"
            | "vn2000longitudelatitude" => return Ok(Crs::Vn2000),
            _ => {}
        }
        if let Some(rest) = key.strip_prefix("epsg")
            && let Ok(code) = rest.parse::<u32>()
        {
            return Crs::from_epsg(code).ok_or_else(unknown);
        }
        if let Ok(code) = key.parse::<u32>() {
            return Crs::from_epsg(code).ok_or_else(unknown);
        }
        let (datum, rest) = match key.strip_prefix("vn2000") {
            Some(rest) => (Datum::Vn2000, rest),
            None => (Datum::Wgs84, key.strip_prefix("wgs84").unwrap_or(&key)),
        };
        if let Some(zone) = rest
            .strip_prefix("utm")
            .map(|z| z.strip_prefix("zone").unwrap_or(z))
            .map(|z| z.strip_suffix('n').unwrap_or(z))
            .and_then(|z| z.parse::<u8>().ok())
        {
            if !(1..=60).contains(&zone) {
                return Err(format!(
                    "UTM zone {zone} does not exist (zones run from 1 to 60)"
                ));
            }
            return Ok(match datum {
                Datum::Wgs84 => Crs::Wgs84Utm { zone },
                Datum::Vn2000 => Crs::Vn2000Utm { zone },
            });
        }
        if let Some(p) = province(text) {
            return Ok(Crs::Vn2000Tm3 {
                central_meridian_deg: p.central_meridian_deg,
            });
        }
        Err(unknown())
    }
}

/// Easting and northing, in that order, of a projected pair given either way round.
///
/// Vietnamese surveys follow the geodetic convention in which X is the northing and Y the
/// easting, while GIS files put the easting first. Across Vietnam, in the TM-3 zones and UTM
/// 48N/49N, northings (about 940,000–2,600,000 m) always exceed eastings (under 900,000 m),
/// so the larger of the two is the northing.
pub fn easting_northing(a: f64, b: f64) -> (f64, f64) {
    if a > b { (b, a) } else { (a, b) }
}

/// The TM-3 zone of a central meridian (`106.5`, `106-30`, `106°30′`, `106 30`) or a province.
fn tm3_of(value: &str) -> Option<Crs> {
    let central_meridian_deg =
        parse_meridian(value).or_else(|| province(value).map(|p| p.central_meridian_deg))?;
    Some(Crs::Vn2000Tm3 {
        central_meridian_deg,
    })
}

/// A meridian written as decimal degrees or degrees and minutes; Vietnam's lie between 100°
/// and 112° east.
pub fn parse_meridian(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .trim_end_matches(['E', 'e', 'Đ', 'đ'])
        .chars()
        .map(|c| match c {
            '°' | '′' | '\'' | '-' | '_' | ' ' | '″' | '"' => ' ',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = cleaned.split_whitespace().collect();
    let deg = match parts.as_slice() {
        [d] => d.parse::<f64>().ok()?,
        [d, m] => {
            let d: u32 = d.parse().ok()?;
            let m: f64 = m.parse().ok()?;
            if !(0.0..60.0).contains(&m) {
                return None;
            }
            f64::from(d) + m / 60.0
        }
        [d, m, s] => {
            let d: u32 = d.parse().ok()?;
            let m: u32 = m.parse().ok()?;
            let s: f64 = s.parse().ok()?;
            if m >= 60 || !(0.0..60.0).contains(&s) {
                return None;
            }
            f64::from(d) + f64::from(m) / 60.0 + s / 3600.0
        }
        _ => return None,
    };
    (deg.is_finite() && (100.0..=112.0).contains(&deg)).then_some(deg)
}

impl std::str::FromStr for Crs {
    type Err = String;
    fn from_str(s: &str) -> Result<Crs, String> {
        Crs::parse(s)
    }
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Whole metres with thousands separators: `500,000`.
fn thousands(v: f64) -> String {
    if v.fract() != 0.0 || v.abs() >= 1e15 {
        return v.to_string();
    }
    let digits = (v.abs() as u64).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// One entry of the list a user chooses a system from.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The heading it is listed under, e.g. "VN-2000 / TM-3 by province (since July 2025)".
    pub group: &'static str,
    /// What the list shows, e.g. "Thái Nguyên (former Bắc Kạn) — VN-2000 / TM-3 106°30′".
    pub label: String,
    pub crs: Crs,
}

/// Group headings of [`choices`], in order.
pub const CHOICE_GROUPS: [&str; 4] = [
    "VN-2000 / TM-3 by province (since July 2025)",
    "VN-2000 / TM-3 by province (before July 2025)",
    "VN-2000, national",
    "WGS84",
];

/// The systems a user can choose from, Vietnamese ones first: the TM-3 zone of each of the
/// 34 provinces since July 2025 (one entry per meridian of the provinces it was made from),
/// of each of the 63 before, then VN-2000 UTM 48N/49N and longitude/latitude, then WGS84
/// UTM 48N/49N and longitude/latitude. Provinces are in Vietnamese alphabetical order.
pub fn choices() -> Vec<Choice> {
    let mut out = Vec::new();
    let mut now: Vec<&Province2025> = PROVINCES_2025.iter().collect();
    now.sort_by_key(|p| sort_key(p.name));
    for p in now {
        let mut seen: Vec<f64> = Vec::new();
        for part in p.parts() {
            if seen.contains(&part.central_meridian_deg) {
                continue;
            }
            seen.push(part.central_meridian_deg);
            let crs = Crs::Vn2000Tm3 {
                central_meridian_deg: part.central_meridian_deg,
            };
            let formers: Vec<&str> = p
                .parts()
                .filter(|q| q.central_meridian_deg == part.central_meridian_deg)
                .map(|q| q.name)
                .collect();
            let label = if p.from.len() == 1 {
                format!("{} — {}", p.name, crs.label())
            } else {
                format!(
                    "{} (former {}) — {}",
                    p.name,
                    formers.join(", "),
                    crs.label()
                )
            };
            out.push(Choice {
                group: CHOICE_GROUPS[0],
                label,
                crs,
            });
        }
    }
    let mut before: Vec<&Province> = PROVINCES.iter().collect();
    before.sort_by_key(|p| sort_key(p.name));
    for p in before {
        let crs = Crs::Vn2000Tm3 {
            central_meridian_deg: p.central_meridian_deg,
        };
        out.push(Choice {
            group: CHOICE_GROUPS[1],
            label: format!("{} — {}", p.name, crs.label()),
            crs,
        });
    }
    for (group, list) in [
        (
            CHOICE_GROUPS[2],
            [
                Crs::Vn2000Utm { zone: 48 },
                Crs::Vn2000Utm { zone: 49 },
                Crs::Vn2000,
            ],
        ),
        (
            CHOICE_GROUPS[3],
            [
                Crs::Wgs84Utm { zone: 48 },
                Crs::Wgs84Utm { zone: 49 },
                Crs::Wgs84,
            ],
        ),
    ] {
        for crs in list {
            out.push(Choice {
                group,
                label: crs.label_with_epsg(),
                crs,
            });
        }
    }
    out
}

/// Vietnamese alphabetical order, near enough: letters without their tone and vowel marks,
/// with "Đ" after "D".
fn sort_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'đ' | 'Đ' => "d~".to_string(),
            c => crate::fold::fold_letters(&c.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests;
