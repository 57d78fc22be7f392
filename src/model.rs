//! The things phusong reasons about: communes, villages, signal samples, operators and
//! technologies. Plain data; no I/O and no user interface.

use std::fmt;

use geo::{MultiPolygon, Point};
use serde::{Deserialize, Serialize};

/// A mobile network operator, as its MCC-MNC pair (`452-04` is Viettel).
///
/// The MNC keeps its digit count: `452-04` and `452-004` are different networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Operator {
    pub mcc: u16,
    pub mnc: u16,
    pub mnc_digits: u8,
}

impl Operator {
    /// A sample whose operator the log does not say.
    pub const UNKNOWN: Operator = Operator {
        mcc: 0,
        mnc: 0,
        mnc_digits: 2,
    };

    pub const fn new(mcc: u16, mnc: u16) -> Self {
        Operator {
            mcc,
            mnc,
            mnc_digits: 2,
        }
    }

    /// Reads the ways logs write an operator: `452-04`, `452 04`, `45204`, `452/04`,
    /// `452.04`, or a known Vietnamese brand name (`Viettel`, `Vinaphone`, …).
    pub fn parse(text: &str) -> Option<Operator> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        if let Some(op) = Operator::from_brand(t) {
            return Some(op);
        }
        let digits: Vec<&str> = t
            .split(['-', ' ', '/', '.', '_'])
            .filter(|s| !s.is_empty())
            .collect();
        match digits.as_slice() {
            [mcc, mnc] => Operator::from_parts(mcc, mnc),
            [both] if both.bytes().all(|b| b.is_ascii_digit()) && (5..=6).contains(&both.len()) => {
                Operator::from_parts(&both[..3], &both[3..])
            }
            _ => None,
        }
    }

    /// From separate MCC and MNC texts; the MNC's digit count is kept, and a one-digit MNC
    /// (`mnc=4`, as numeric columns lose the zero) is read as two digits.
    pub fn from_parts(mcc: &str, mnc: &str) -> Option<Operator> {
        let mcc_t = mcc.trim();
        let mnc_t = mnc.trim();
        if !(mcc_t.len() == 3 && mcc_t.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        if mnc_t.is_empty() || mnc_t.len() > 3 || !mnc_t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mcc: u16 = mcc_t.parse().ok()?;
        let mnc: u16 = mnc_t.parse().ok()?;
        if mcc == 0 {
            return None;
        }
        let mnc_digits = if mnc_t.len() == 3 { 3 } else { 2 };
        Some(Operator {
            mcc,
            mnc,
            mnc_digits,
        })
    }

    /// Numeric MCC and MNC, as logs that store them as integers give them.
    pub fn from_numbers(mcc: i64, mnc: i64) -> Option<Operator> {
        if !(1..=999).contains(&mcc) || !(0..=999).contains(&mnc) {
            return None;
        }
        Some(Operator::new(mcc as u16, mnc as u16))
    }

    fn from_brand(name: &str) -> Option<Operator> {
        let key: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let mnc = match key.as_str() {
            "mobifone" | "vms" => 1,
            "vinaphone" | "vnpt" | "vnptvinaphone" => 2,
            "viettel" | "viettelmobile" | "viettelvn" => 4,
            "vietnamobile" | "vnmobile" => 5,
            "gmobile" | "beeline" => 7,
            "itelecom" | "itel" => 8,
            "reddi" | "mobicast" => 9,
            _ => return None,
        };
        Some(Operator::new(452, mnc))
    }

    /// The brand behind a Vietnamese MCC-MNC, if it is one.
    pub fn brand(&self) -> Option<&'static str> {
        if self.mcc != 452 || self.mnc_digits != 2 {
            return None;
        }
        Some(match self.mnc {
            1 => "MobiFone",
            2 => "VinaPhone",
            4 => "Viettel",
            5 => "Vietnamobile",
            7 => "Gmobile",
            8 => "I-Telecom",
            9 => "Reddi",
            _ => return None,
        })
    }

    /// `MobiFone (452-01)`, or the code alone for networks without a known brand.
    pub fn label(&self) -> String {
        match self.brand() {
            Some(b) => format!("{b} ({self})"),
            None => self.to_string(),
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Operator::UNKNOWN {
            return f.write_str("unknown");
        }
        if self.mnc_digits == 3 {
            write!(f, "{:03}-{:03}", self.mcc, self.mnc)
        } else {
            write!(f, "{:03}-{:02}", self.mcc, self.mnc)
        }
    }
}

impl Serialize for Operator {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Operator {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text == "unknown" {
            return Ok(Operator::UNKNOWN);
        }
        Operator::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an operator: {text}")))
    }
}

/// A mobile generation. Ordered: `G2 < G3 < G4 < G5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Generation {
    #[serde(rename = "2G")]
    G2,
    #[serde(rename = "3G")]
    G3,
    #[serde(rename = "4G")]
    G4,
    #[serde(rename = "5G")]
    G5,
}

impl Generation {
    pub const ALL: [Generation; 4] = [
        Generation::G2,
        Generation::G3,
        Generation::G4,
        Generation::G5,
    ];

    /// 0 for 2G … 3 for 5G: the position in per-generation arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    pub const fn label(self) -> &'static str {
        match self {
            Generation::G2 => "2G",
            Generation::G3 => "3G",
            Generation::G4 => "4G",
            Generation::G5 => "5G",
        }
    }

    pub fn parse(text: &str) -> Option<Generation> {
        match Technology::parse(text)? {
            Technology::Gen(g) => Some(g),
            Technology::NoService => None,
        }
    }
}

impl fmt::Display for Generation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What a sample says the phone was on: a generation, or no service at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Technology {
    NoService,
    Gen(Generation),
}

impl Technology {
    /// Reads the technology names logs use. GSM/GPRS/EDGE are 2G; UMTS, WCDMA and the HSPA
    /// family 3G; LTE and LTE-A 4G; NR, NSA and 5G are 5G; "no service" and "none" say
    /// there was nothing. Unknown names give `None`.
    pub fn parse(text: &str) -> Option<Technology> {
        let key: String = text
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '+')
            .flat_map(char::to_uppercase)
            .collect();
        use Generation::*;
        let g = match key.as_str() {
            "2G" | "GSM" | "GPRS" | "EDGE" | "CDMA" | "1XRTT" => G2,
            "3G" | "UMTS" | "WCDMA" | "HSPA" | "HSPA+" | "HSDPA" | "HSUPA" | "HSPAP"
            | "TDSCDMA" | "EVDO" => G3,
            "4G" | "LTE" | "LTEA" | "LTE+" | "LTECA" | "4G+" => G4,
            "5G" | "NR" | "NSA" | "5GNSA" | "5GSA" | "NRSA" | "NRNSA" | "SA" => G5,
            "NONE" | "NOSERVICE" | "NOSIGNAL" | "NOSVC" | "OUTOFSERVICE" | "EMERGENCYONLY"
            | "NOSERV" => return Some(Technology::NoService),
            _ => return None,
        };
        Some(Technology::Gen(g))
    }

    pub fn generation(self) -> Option<Generation> {
        match self {
            Technology::Gen(g) => Some(g),
            Technology::NoService => None,
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Technology::NoService => "none",
            Technology::Gen(g) => g.label(),
        }
    }
}

impl Serialize for Technology {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for Technology {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Technology::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a technology: {text}")))
    }
}

impl fmt::Display for Technology {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Marks a sample without a time.
pub const NO_TIME: i64 = i64::MIN;

/// One signal measurement at a place.
///
/// `time_s` is Vietnam wall-clock time (UTC+07:00) in seconds since 1970-01-01 00:00, or
/// [`NO_TIME`]; `signal_dbm` is NaN for a no-service sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub lon: f64,
    pub lat: f64,
    pub time_s: i64,
    pub signal_dbm: f64,
    pub operator: Operator,
    pub technology: Technology,
}

impl Sample {
    pub fn has_time(&self) -> bool {
        self.time_s != NO_TIME
    }
}

/// The oldest and the newest time of the samples that have one.
pub fn time_span_s(samples: &[Sample]) -> Option<(i64, i64)> {
    use rayon::prelude::*;
    let (oldest, newest) = (samples.par_iter())
        .filter(|s| s.has_time())
        .fold(
            || (i64::MAX, i64::MIN),
            |(lo, hi), s| (lo.min(s.time_s), hi.max(s.time_s)),
        )
        .reduce(|| (i64::MAX, i64::MIN), |a, b| (a.0.min(b.0), a.1.max(b.1)));
    (oldest <= newest).then_some((oldest, newest))
}

/// A commune (xã/phường) with its boundary and the units above it.
#[derive(Clone, Debug)]
pub struct Commune {
    pub code: String,
    pub name: String,
    /// Empty where the data has no districts (boundaries after the July 2025 reform).
    pub district: String,
    pub province: String,
    pub boundary: MultiPolygon<f64>,
}

/// A village (thôn/bản/xóm) as one point.
#[derive(Clone, Debug, Default)]
pub struct Village {
    /// As the file writes it; empty when it has none.
    pub name: String,
    /// WGS84 longitude (x) and latitude (y).
    pub location: Point<f64>,
    /// Where the village came from: the record number (1-based) in its file — the line of a
    /// CSV file, the row of a sheet.
    pub record: u64,
    /// The units the village list names for it, as written there. A village is always
    /// counted in the commune its point lies in; these are kept to show beside it and to
    /// report lists that name other (e.g. pre-2025) communes.
    pub listed: ListedUnits,
    /// Households, population, grid power and the list's own code, where the file has them.
    pub facts: VillageFacts,
    /// The file's own values for this village, one per column of the layer's
    /// `own_columns`, as written: written back beside the results so that they can be
    /// joined to the user's own tables.
    pub own: Box<[String]>,
}

/// What a village list says of a village beyond its place, name and units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VillageFacts {
    /// The list's own code for the village (`Mã thôn`), as written; empty when none.
    pub code: String,
    /// Households (*số hộ*).
    pub households: Option<u32>,
    /// Inhabitants (*số dân*, *nhân khẩu*).
    pub population: Option<u32>,
    /// Whether the village has grid power (*điện lưới*).
    pub grid_power: Option<bool>,
}

/// The commune, district and province a village list names for a village, as written
/// (`Xã Cao Kỳ`, `Huyện Chợ Mới`); empty where the list has no such column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListedUnits {
    /// `Xã Cao Kỳ`, `Cao Kỳ`, or a code, as the list writes it.
    pub commune: String,
    /// `Huyện Chợ Mới`, as the list writes it.
    pub district: String,
    /// `Bắc Kạn`, as the list writes it.
    pub province: String,
}

impl ListedUnits {
    /// True when the list names no unit for the village.
    pub fn is_empty(&self) -> bool {
        self.commune.is_empty() && self.district.is_empty() && self.province.is_empty()
    }
}

/// True for a longitude/latitude pair that can be a place on the earth.
pub fn is_lon_lat(lon: f64, lat: f64) -> bool {
    lon.is_finite()
        && lat.is_finite()
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_spellings_agree() {
        let viettel = Operator::new(452, 4);
        for text in [
            "452-04", "452 04", "45204", "452/04", " 452-4 ", "Viettel", "VIETTEL",
        ] {
            assert_eq!(Operator::parse(text), Some(viettel), "{text}");
        }
        assert_eq!(Operator::from_numbers(452, 4), Some(viettel));
        assert_eq!(viettel.to_string(), "452-04");
        assert_eq!(viettel.label(), "Viettel (452-04)");
        assert_eq!(
            Operator::parse("310410").map(|o| o.to_string()).as_deref(),
            Some("310-410")
        );
        assert_eq!(Operator::parse("abc"), None);
        assert_eq!(Operator::parse(""), None);
    }

    #[test]
    fn operator_brands_are_the_vietnamese_networks() {
        let names: Vec<_> = [1, 2, 4, 5, 7, 8]
            .into_iter()
            .map(|mnc| Operator::new(452, mnc).brand().unwrap_or("?"))
            .collect();
        assert_eq!(
            names,
            [
                "MobiFone",
                "VinaPhone",
                "Viettel",
                "Vietnamobile",
                "Gmobile",
                "I-Telecom"
            ]
        );
    }

    #[test]
    fn technology_names_map_to_generations() {
        use Generation::*;
        let cases = [
            ("GSM", G2),
            ("GPRS", G2),
            ("EDGE", G2),
            ("UMTS", G3),
            ("WCDMA", G3),
            ("HSPA", G3),
            ("HSPA+", G3),
            ("HSDPA", G3),
            ("HSUPA", G3),
            ("LTE", G4),
            ("LTE-A", G4),
            ("lte", G4),
            ("NR", G5),
            ("5G", G5),
            ("NSA", G5),
            ("4G", G4),
        ];
        for (text, g) in cases {
            assert_eq!(Technology::parse(text), Some(Technology::Gen(g)), "{text}");
        }
        assert_eq!(Technology::parse("No service"), Some(Technology::NoService));
        assert_eq!(Technology::parse("WiFi"), None);
    }

    #[test]
    fn generations_are_ordered() {
        assert!(Generation::G2 < Generation::G3 && Generation::G4 < Generation::G5);
        assert!(Technology::NoService < Technology::Gen(Generation::G2));
    }
}
