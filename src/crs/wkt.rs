//! The coordinate system of a `.prj` file: ESRI WKT as ArcGIS and QGIS write it, and OGC
//! WKT 1 and 2 as GDAL writes them. Transverse Mercator parameters are read from the text,
//! so a zone with any name is understood; the datum must be WGS84 or VN-2000.

use super::{Crs, Datum, TmParams};
use crate::fold::fold_key;
use crate::message::Msg;

/// What a `.prj` says.
#[derive(Clone, Debug, PartialEq)]
pub struct PrjCrs {
    pub crs: Crs,
    /// The name the file gives the system, e.g. `VN-2000_TM-3_106-30`.
    pub name: String,
    /// What had to be assumed, as a sentence for the import report.
    pub assumption: Option<Msg>,
}

/// A `.prj` in a system phusong does not read.
#[derive(Clone, Debug, PartialEq)]
pub struct UnsupportedCrs {
    /// The name the file gives the system, e.g. `CH1903+_LV95`.
    pub name: String,
    /// Why it is not read, e.g. "its projection is Hotine_Oblique_Mercator_Azimuth_Center".
    pub reason: Box<Msg>,
}

/// One `KEYWORD[...]` of a WKT text.
#[derive(Clone, Debug, PartialEq)]
struct Node {
    keyword: String,
    args: Vec<Arg>,
}

#[derive(Clone, Debug, PartialEq)]
enum Arg {
    Text(String),
    Number(f64),
    Word(String),
    Node(Node),
}

/// Nesting deeper than this is not a coordinate system.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.chars.next_if(|c| c.is_whitespace()).is_some() {}
    }

    fn word(&mut self) -> String {
        let mut w = String::new();
        while let Some(c) = self
            .chars
            .next_if(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '+'))
        {
            w.push(c);
        }
        w
    }

    fn quoted(&mut self) -> Option<String> {
        let mut text = String::new();
        loop {
            let c = self.chars.next()?;
            if c == '"' {
                if self.chars.next_if(|c| *c == '"').is_some() {
                    text.push('"');
                    continue;
                }
                return Some(text);
            }
            text.push(c);
        }
    }

    /// The bracketed arguments of `keyword`, the opening bracket next.
    fn body(&mut self, keyword: String, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let close = match self.chars.next()? {
            '[' => ']',
            '(' => ')',
            _ => return None,
        };
        let mut args = Vec::new();
        loop {
            self.skip_space();
            match *self.chars.peek()? {
                c if c == close => {
                    self.chars.next();
                    break;
                }
                ',' => {
                    self.chars.next();
                }
                '"' => {
                    self.chars.next();
                    args.push(Arg::Text(self.quoted()?));
                }
                _ => {
                    let word = self.word();
                    if word.is_empty() {
                        return None;
                    }
                    self.skip_space();
                    if matches!(self.chars.peek(), Some('[' | '(')) {
                        args.push(Arg::Node(self.body(word, depth + 1)?));
                    } else if let Ok(n) = word.parse::<f64>() {
                        args.push(Arg::Number(n));
                    } else {
                        args.push(Arg::Word(word));
                    }
                }
            }
        }
        Some(Node {
            keyword: keyword.to_ascii_uppercase(),
            args,
        })
    }
}

fn parse_tree(text: &str) -> Option<Node> {
    let mut p = Parser {
        chars: text.chars().peekable(),
    };
    p.skip_space();
    let keyword = p.word();
    p.skip_space();
    p.body(keyword, 0)
}

impl Node {
    fn name(&self) -> String {
        self.args
            .iter()
            .find_map(|a| match a {
                Arg::Text(t) => Some(t.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn numbers(&self) -> impl Iterator<Item = f64> + '_ {
        self.args.iter().filter_map(|a| match a {
            Arg::Number(n) => Some(*n),
            _ => None,
        })
    }

    fn children(&self) -> impl Iterator<Item = &Node> {
        self.args.iter().filter_map(|a| match a {
            Arg::Node(n) => Some(n),
            _ => None,
        })
    }

    /// The first direct child with one of these keywords.
    fn child(&self, keywords: &[&str]) -> Option<&Node> {
        self.children()
            .find(|n| keywords.contains(&n.keyword.as_str()))
    }

    /// The first node with one of these keywords, depth first.
    fn find(&self, keywords: &[&str]) -> Option<&Node> {
        self.children().find_map(|n| {
            if keywords.contains(&n.keyword.as_str()) {
                Some(n)
            } else {
                n.find(keywords)
            }
        })
    }
}

const PROJECTED: &[&str] = &["PROJCS", "PROJCRS", "PROJECTEDCRS"];
const GEOGRAPHIC: &[&str] = &[
    "GEOGCS",
    "GEOGCRS",
    "GEODCRS",
    "GEOGRAPHICCRS",
    "GEODETICCRS",
    "BASEGEOGCRS",
    "BASEGEODCRS",
];
const WGS84_A: f64 = 6_378_137.0;
const WGS84_RF: f64 = 298.257_223_563;

/// Reads the coordinate system of a `.prj` (ESRI WKT, OGC WKT 1 or WKT 2).
pub fn from_wkt(text: &str) -> Result<PrjCrs, UnsupportedCrs> {
    let text = text.trim().trim_start_matches('\u{feff}').trim();
    let fallback_name: String = text.chars().take(60).collect();
    let Some(mut root) = parse_tree(text) else {
        return Err(UnsupportedCrs {
            name: fallback_name,
            reason: Box::new(Msg::PrjNotWkt),
        });
    };
    // A compound system (horizontal + vertical): its horizontal part.
    if matches!(root.keyword.as_str(), "COMPD_CS" | "COMPOUNDCRS")
        && let Some(h) = root.child(PROJECTED).or_else(|| root.child(GEOGRAPHIC))
    {
        root = h.clone();
    }
    let name = root.name();
    let unsupported = |reason: Box<Msg>| UnsupportedCrs {
        name: if name.is_empty() {
            fallback_name.clone()
        } else {
            name.clone()
        },
        reason,
    };
    let projected = PROJECTED.contains(&root.keyword.as_str());
    let geographic = if projected {
        root.child(GEOGRAPHIC)
            .ok_or_else(|| unsupported(Box::new(Msg::PrjNoGeographic)))?
    } else if GEOGRAPHIC.contains(&root.keyword.as_str()) {
        &root
    } else {
        return Err(unsupported(Box::new(Msg::PrjNotMapSystem {
            keyword: root.keyword.clone(),
        })));
    };

    let (datum, mut assumption) = datum_of(&root, geographic).map_err(unsupported)?;

    if let Some(pm) = geographic.child(&["PRIMEM", "PRIMEMERIDIAN"])
        && pm.numbers().next().is_some_and(|v| v.abs() > 1e-9)
    {
        return Err(unsupported(Box::new(Msg::PrjPrimeMeridian {
            meridian: pm.name(),
        })));
    }
    if let Some(unit) = geographic.child(&["UNIT", "ANGLEUNIT"])
        && unit
            .numbers()
            .next()
            .is_some_and(|f| (f - std::f64::consts::PI / 180.0).abs() > 1e-9)
    {
        return Err(unsupported(Box::new(Msg::PrjAngles { unit: unit.name() })));
    }

    if !projected {
        return Ok(PrjCrs {
            crs: Crs::from_parts(datum, None),
            name,
            assumption,
        });
    }

    let tm = tm_params(&root).map_err(unsupported)?;
    let crs = Crs::from_parts(datum, Some(tm));
    crs.validate()
        .map_err(|e| unsupported(Box::new(Msg::from(e))))?;
    let tm3_on_wgs84 = datum == Datum::Wgs84
        && (tm.scale_factor - 0.9999).abs() < 1e-12
        && (tm.false_easting_m - 500_000.0).abs() < 1e-6;
    if tm3_on_wgs84 && assumption.is_none() {
        assumption = Some(Msg::PrjTm3OnWgs84 {
            vn2000: Crs::Vn2000Tm3 {
                central_meridian_deg: tm.central_meridian_deg,
            }
            .label(),
        });
    }
    Ok(PrjCrs {
        crs,
        name,
        assumption,
    })
}

/// The datum, and a sentence when it had to be inferred.
fn datum_of(root: &Node, geographic: &Node) -> Result<(Datum, Option<Msg>), Box<Msg>> {
    let datum_node = geographic.find(&["DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE"]);
    let datum_name = datum_node.map(Node::name).unwrap_or_default();
    let key = fold_key(&datum_name);
    let names_vn2000 = |s: &str| {
        let k = fold_key(s);
        k.contains("vn2000") || k.contains("vietnam2000") || k.contains("vn2k")
    };
    // "Unknown based on WGS 84 ellipsoid" names the ellipsoid only (GDAL's name for a datum
    // given as an ellipsoid and maybe a TOWGS84; its ESRI form spells the TOWGS84 out).
    let ellipsoid_only = key.contains("unknown") || key.contains("basedon");
    let is_wgs84_name = !ellipsoid_only
        && (key.contains("wgs1984")
            || key.contains("wgs84")
            || key.contains("worldgeodeticsystem1984"));
    if names_vn2000(&datum_name) {
        return Ok((Datum::Vn2000, None));
    }
    if ellipsoid_only && (key.contains("towgs84191904") || key.contains("towgs84192873")) {
        return Ok((
            Datum::Vn2000,
            Some(Msg::PrjVn2000Shift {
                datum: datum_name.clone(),
            }),
        ));
    }
    let ellipsoid = geographic.find(&["SPHEROID", "ELLIPSOID"]);
    let wgs84_ellipsoid = ellipsoid.is_some_and(|e| {
        let v: Vec<f64> = e.numbers().collect();
        v.len() >= 2 && (v[0] - WGS84_A).abs() < 1e-3 && (v[1] - WGS84_RF).abs() < 1e-6
    });
    let system_names_vn2000 = names_vn2000(&root.name()) || names_vn2000(&geographic.name());
    if is_wgs84_name {
        if system_names_vn2000 {
            return Ok((
                Datum::Vn2000,
                Some(Msg::PrjVn2000NamedWgs84 {
                    system: root.name(),
                }),
            ));
        }
        return Ok((Datum::Wgs84, None));
    }
    if !wgs84_ellipsoid {
        let ellipsoid_name = ellipsoid.map(Node::name).unwrap_or_default();
        let or_unnamed = |n: String| {
            if n.is_empty() {
                Msg::Unnamed.to_string()
            } else {
                n
            }
        };
        return Err(Box::new(Msg::PrjOtherDatum {
            datum: or_unnamed(datum_name),
            ellipsoid: or_unnamed(ellipsoid_name),
        }));
    }
    // The WGS84 ellipsoid under another or no datum name: a TOWGS84 settles it.
    if let Some(towgs84) = geographic.find(&["TOWGS84"]) {
        let v: Vec<f64> = towgs84.numbers().collect();
        if v.iter().all(|x| x.abs() < 1e-9) {
            return Ok((Datum::Wgs84, None));
        }
        let vn2000 = [-191.904, -39.303, -111.450];
        let vn2000_old = [-192.873, -39.382, -111.202];
        let close = |t: &[f64; 3]| v.len() >= 3 && (0..3).all(|i| (v[i] - t[i]).abs() < 1.5);
        if close(&vn2000) || close(&vn2000_old) {
            return Ok((
                Datum::Vn2000,
                Some(Msg::PrjVn2000Shift {
                    datum: datum_name.clone(),
                }),
            ));
        }
        return Err(Box::new(Msg::PrjOtherShift {
            datum: datum_name,
            shift: v
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        }));
    }
    if system_names_vn2000 {
        return Ok((
            Datum::Vn2000,
            Some(Msg::PrjNoDatumVn2000Name {
                system: root.name(),
            }),
        ));
    }
    // Only the ellipsoid: TM-3 zones (scale 0.9999) exist on VN-2000 alone.
    let tm3_like = tm_params(root).is_ok_and(|tm| {
        (tm.scale_factor - 0.9999).abs() < 1e-12 && (tm.false_easting_m - 500_000.0).abs() < 1e-6
    });
    if tm3_like {
        return Ok((
            Datum::Vn2000,
            Some(Msg::PrjNoDatumTm3 { datum: datum_name }),
        ));
    }
    Ok((
        Datum::Wgs84,
        Some(Msg::PrjNoDatumWgs84 { datum: datum_name }),
    ))
}

/// The transverse Mercator parameters of a projected system (WKT 1 `PROJECTION` and
/// `PARAMETER`s, or WKT 2 `CONVERSION` with `METHOD`), in degrees and metres.
fn tm_params(root: &Node) -> Result<TmParams, Box<Msg>> {
    let conversion = root
        .child(&["CONVERSION", "DERIVINGCONVERSION"])
        .unwrap_or(root);
    let method = conversion
        .child(&["PROJECTION", "METHOD"])
        .map(Node::name)
        .unwrap_or_default();
    let method_key = fold_key(&method);
    let tm = matches!(
        method_key.as_str(),
        "transversemercator" | "gausskruger" | "gaussschreibertransversemercator"
    );
    if !tm {
        return Err(Box::new(Msg::PrjProjection {
            method: if method.is_empty() {
                Msg::NotNamed.to_string()
            } else {
                method
            },
        }));
    }
    // Linear unit: WKT 1 has UNIT beside the parameters; WKT 2 has LENGTHUNIT on the axes.
    let unit = root
        .child(&["UNIT", "LENGTHUNIT"])
        .or_else(|| root.child(&["CS"]).and_then(|_| root.find(&["LENGTHUNIT"])));
    let to_metre = unit.and_then(|u| u.numbers().next()).unwrap_or(1.0);
    if (to_metre - 1.0).abs() > 1e-9 {
        return Err(Box::new(Msg::PrjUnit {
            unit: unit.map(Node::name).unwrap_or_default(),
            metres: to_metre.to_string(),
        }));
    }
    let mut tm = TmParams {
        central_meridian_deg: f64::NAN,
        latitude_of_origin_deg: 0.0,
        scale_factor: 1.0,
        false_easting_m: 0.0,
        false_northing_m: 0.0,
    };
    for p in conversion.children().filter(|n| n.keyword == "PARAMETER") {
        let Some(value) = p.numbers().next() else {
            continue;
        };
        match fold_key(&p.name()).as_str() {
            "centralmeridian"
            | "longitudeofnaturalorigin"
            | "longitudeofcenter"
            | "longitudeoforigin" => tm.central_meridian_deg = value,
            "latitudeoforigin" | "latitudeofnaturalorigin" | "latitudeofcenter" => {
                tm.latitude_of_origin_deg = value
            }
            "scalefactor" | "scalefactoratnaturalorigin" => tm.scale_factor = value,
            "falseeasting" => tm.false_easting_m = value,
            "falsenorthing" => tm.false_northing_m = value,
            _ => {}
        }
    }
    if !tm.central_meridian_deg.is_finite() {
        return Err(Box::new(Msg::PrjNoCentralMeridian));
    }
    Ok(tm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_text_numbers_and_words_are_read() {
        let t = parse_tree(r#"A["x ""q""",1.5,B(EAST, 2e3),C["y"]]"#).unwrap();
        assert_eq!(t.keyword, "A");
        assert_eq!(t.name(), "x \"q\"");
        assert_eq!(t.numbers().collect::<Vec<_>>(), [1.5]);
        let b = t.child(&["B"]).unwrap();
        assert_eq!(b.args, vec![Arg::Word("EAST".into()), Arg::Number(2000.0)]);
        assert_eq!(t.find(&["C"]).unwrap().name(), "y");
    }

    fn read(wkt: &str) -> Crs {
        match from_wkt(wkt) {
            Ok(p) => p.crs,
            Err(e) => panic!("{wkt:.80}: {e:?}"),
        }
    }

    const TM3_106_30_ESRI: &str = r#"PROJCS["VN-2000_TM-3_106-30",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",106.5],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

    #[test]
    fn esri_prj_files_of_every_vietnamese_system() {
        let tm3 = |cm: f64| Crs::Vn2000Tm3 {
            central_meridian_deg: cm,
        };
        // As QGIS writes them (PROJ's ESRI WKT for the EPSG code), and ArcGIS's own names.
        assert_eq!(read(TM3_106_30_ESRI), tm3(106.5));
        let p = from_wkt(TM3_106_30_ESRI).unwrap();
        assert_eq!(p.name, "VN-2000_TM-3_106-30");
        assert_eq!(p.assumption, None);
        let esri = |name: &str, geog: &str, datum: &str, cm: f64, k: f64| {
            format!(
                r#"PROJCS["{name}",GEOGCS["{geog}",DATUM["{datum}",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",{cm}],PARAMETER["Scale_Factor",{k}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#
            )
        };
        let vn = |name: &str, cm: f64, k: f64| esri(name, "GCS_VN_2000", "D_Vietnam_2000", cm, k);
        assert_eq!(
            read(&vn("VN_2000_UTM_Zone_48N", 105.0, 0.9996)),
            Crs::Vn2000Utm { zone: 48 }
        );
        assert_eq!(
            read(&vn("VN_2000_UTM_Zone_49N", 111.0, 0.9996)),
            Crs::Vn2000Utm { zone: 49 }
        );
        assert_eq!(
            read(&vn("VN-2000 / TM-3 zone 105-45", 105.75, 0.9999)),
            tm3(105.75)
        );
        assert_eq!(
            read(&vn("VN_2000_TM-3_zone_482", 105.0, 0.9999)),
            tm3(105.0)
        );
        assert_eq!(
            read(&vn("VN_2000_TM-3_107-45", 107.75, 0.9999)),
            tm3(107.75)
        );
        // Any name: the parameters decide.
        assert_eq!(read(&vn("Bac_Kan_mui_3", 106.5, 0.9999)), tm3(106.5));
        assert_eq!(
            read(&vn("VN2000 mui 6", 105.0, 0.9999)),
            tm3(105.0),
            "a 0.9999 zone on VN-2000 is a TM-3 zone whatever its width is called"
        );
        let wgs = |name: &str, cm: f64| esri(name, "GCS_WGS_1984", "D_WGS_1984", cm, 0.9996);
        assert_eq!(
            read(&wgs("WGS_1984_UTM_Zone_48N", 105.0)),
            Crs::Wgs84Utm { zone: 48 }
        );
        assert_eq!(
            read(&wgs("WGS_1984_UTM_Zone_49N", 111.0)),
            Crs::Wgs84Utm { zone: 49 }
        );
        assert_eq!(
            read(
                r#"GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
            ),
            Crs::Vn2000
        );
        assert_eq!(
            read(
                r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
            ),
            Crs::Wgs84
        );
        // Gauss-Krüger is ESRI's other name for transverse Mercator.
        let gk = vn("GK", 105.5, 0.9999).replace("Transverse_Mercator", "Gauss_Kruger");
        assert_eq!(read(&gk), tm3(105.5));
        // A generic transverse Mercator keeps its parameters.
        let odd = esri("TM_local", "GCS_VN_2000", "D_Vietnam_2000", 105.5, 1.0)
            .replace(r#""False_Northing",0.0"#, r#""False_Northing",-50000.0"#);
        assert_eq!(
            read(&odd),
            Crs::TransverseMercator {
                datum: Datum::Vn2000,
                central_meridian_deg: 105.5,
                latitude_of_origin_deg: 0.0,
                scale_factor: 1.0,
                false_easting_m: 500_000.0,
                false_northing_m: -50_000.0,
            }
        );
    }

    #[test]
    fn ogc_wkt1_and_wkt2_as_gdal_writes_them() {
        let wkt1 = r#"PROJCS["VN-2000 / UTM zone 48N",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","3405"]]"#;
        assert_eq!(read(wkt1), Crs::Vn2000Utm { zone: 48 });
        let wkt2 = r#"PROJCRS["VN-2000 / TM-3 106-30",BASEGEOGCRS["VN-2000",DATUM["Vietnam 2000",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4756]],CONVERSION["Vietnam TM-3 106-30",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],PARAMETER["Longitude of natural origin",106.5,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],PARAMETER["Scale factor at natural origin",0.9999,SCALEUNIT["unity",1],ID["EPSG",8805]],PARAMETER["False easting",500000,LENGTHUNIT["metre",1],ID["EPSG",8806]],PARAMETER["False northing",0,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],AXIS["(E)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["(N)",north,ORDER[2],LENGTHUNIT["metre",1]],USAGE[SCOPE["Cadastre, engineering survey, topographic mapping (large scale)."],AREA["Vietnam - Bac Kan and Thai Nguyen provinces."],BBOX[21.32,105.43,22.75,106.25]],ID["EPSG",9213]]"#;
        assert_eq!(
            read(wkt2),
            Crs::Vn2000Tm3 {
                central_meridian_deg: 106.5
            }
        );
    }

    #[test]
    fn hand_made_vn2000_definitions_are_read_as_vn2000_and_say_so() {
        // A QGIS custom system from a +towgs84 PROJ string, saved as ESRI WKT by GDAL: the
        // datum's name carries the shift.
        let qgis_esri = r#"PROJCS["unknown",GEOGCS["GCS_unknown",DATUM["D_Unknown_based_on_WGS_84_ellipsoid_using_towgs84_-191_904_-39_303_-111_45_-0_00928836_0_01975479_-0_00427372_0_252906278",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        let p = from_wkt(qgis_esri).unwrap();
        assert_eq!(
            p.crs,
            Crs::Vn2000Tm3 {
                central_meridian_deg: 105.75
            }
        );
        assert!(
            p.assumption
                .unwrap()
                .to_string()
                .contains("read as VN-2000")
        );
        // The same as OGC WKT 1, with a TOWGS84 node.
        let qgis_ogc = r#"PROJCS["unknown",GEOGCS["unknown",DATUM["Unknown based on WGS 84 ellipsoid using towgs84=-191.904,-39.303,-111.45,-0.00928836,0.01975479,-0.00427372,0.252906278",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],TOWGS84[-191.904,-39.303,-111.45,-0.00928836,0.01975479,-0.00427372,0.252906278]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105.75],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH]]"#;
        assert_eq!(
            read(qgis_ogc),
            Crs::Vn2000Tm3 {
                central_meridian_deg: 105.75
            }
        );
        // ArcGIS custom systems named VN-2000 but put on the WGS 1984 datum.
        let named = TM3_106_30_ESRI
            .replace("VN-2000_TM-3_106-30", "VN2000_BacKan_KT106-30")
            .replace("GCS_VN_2000", "GCS_WGS_1984")
            .replace("D_Vietnam_2000", "D_WGS_1984");
        let p = from_wkt(&named).unwrap();
        assert_eq!(
            p.crs,
            Crs::Vn2000Tm3 {
                central_meridian_deg: 106.5
            }
        );
        assert!(p.assumption.unwrap().to_string().contains("WGS 1984 datum"));
        // No datum name at all, a 0.9999 zone: only VN-2000 has those.
        let bare = TM3_106_30_ESRI
            .replace("VN-2000_TM-3_106-30", "Custom")
            .replace("GCS_VN_2000", "GCS_unknown")
            .replace("D_Vietnam_2000", "D_unknown");
        let p = from_wkt(&bare).unwrap();
        assert_eq!(
            p.crs,
            Crs::Vn2000Tm3 {
                central_meridian_deg: 106.5
            }
        );
        assert!(
            p.assumption
                .unwrap()
                .to_string()
                .contains("only VN-2000 uses")
        );
        // A 0.9999 zone explicitly on WGS84 stays WGS84, with a note on VN-2000.
        let wgs = TM3_106_30_ESRI
            .replace("VN-2000_TM-3_106-30", "TM3_106-30")
            .replace("GCS_VN_2000", "GCS_WGS_1984")
            .replace("D_Vietnam_2000", "D_WGS_1984");
        let p = from_wkt(&wgs).unwrap();
        assert!(matches!(
            p.crs,
            Crs::TransverseMercator {
                datum: Datum::Wgs84,
                ..
            }
        ));
        assert!(
            p.assumption
                .unwrap()
                .to_string()
                .contains("choose VN-2000 / TM-3 106°30′")
        );
        // Without a datum name, a UTM zone is read as WGS84, with a note.
        let utm = bare.replace("106.5", "105.0").replace("0.9999", "0.9996");
        let p = from_wkt(&utm).unwrap();
        assert_eq!(p.crs, Crs::Wgs84Utm { zone: 48 });
        assert!(p.assumption.unwrap().to_string().contains("choose VN-2000"));
    }

    #[test]
    fn other_datums_and_projections_are_named_with_the_reason() {
        let ch = r#"PROJCS["CH1903+_LV95",GEOGCS["GCS_CH1903+",DATUM["D_CH1903+",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Hotine_Oblique_Mercator_Azimuth_Center"],PARAMETER["False_Easting",2600000.0],PARAMETER["False_Northing",1200000.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Azimuth",90.0],PARAMETER["Longitude_Of_Center",7.43958333333333],PARAMETER["Latitude_Of_Center",46.9524055555556],UNIT["Meter",1.0]]"#;
        let e = from_wkt(ch).unwrap_err();
        assert_eq!(e.name, "CH1903+_LV95");
        assert!(e.reason.to_string().contains("Bessel_1841"), "{}", e.reason);
        let hanoi = r#"GEOGCS["GCS_Hanoi_1972",DATUM["D_Hanoi_1972",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        let e = from_wkt(hanoi).unwrap_err();
        assert!(
            e.name == "GCS_Hanoi_1972" && e.reason.to_string().contains("D_Hanoi_1972"),
            "{e:?}"
        );
        let mercator = TM3_106_30_ESRI.replace("Transverse_Mercator", "Mercator");
        let e = from_wkt(&mercator).unwrap_err();
        assert!(
            e.reason.to_string().contains("projection is Mercator"),
            "{e:?}"
        );
        let feet = TM3_106_30_ESRI.replace(
            r#"UNIT["Meter",1.0]"#,
            r#"UNIT["Foot_US",0.3048006096012192]"#,
        );
        assert!(
            from_wkt(&feet)
                .unwrap_err()
                .reason
                .to_string()
                .contains("Foot_US")
        );
        let paris = TM3_106_30_ESRI.replace(
            r#"PRIMEM["Greenwich",0.0]"#,
            r#"PRIMEM["Paris",2.33722917]"#,
        );
        assert!(
            from_wkt(&paris)
                .unwrap_err()
                .reason
                .to_string()
                .contains("Paris")
        );
        let shifted = r#"GEOGCS["x",DATUM["D_Other",SPHEROID["WGS 84",6378137,298.257223563],TOWGS84[10,20,30,0,0,0,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]"#;
        assert!(from_wkt(shifted).is_err());
        let zero = shifted.replace("10,20,30", "0,0,0");
        assert_eq!(read(&zero), Crs::Wgs84);
    }

    #[test]
    fn broken_and_hostile_texts_are_refused_without_panic() {
        for text in [
            "",
            "PROJCS[",
            "PROJCS[\"a\"",
            "]]]",
            "GEOGCS[\"x\",DATUM[\"y\"",
            "\u{feff}",
            "not wkt at all",
            &"A[".repeat(10_000),
            "PROJCS[\"x\",GEOGCS[\"g\",DATUM[\"D_WGS_1984\"]],PROJECTION[\"Transverse_Mercator\"]]",
            "PROJCS[\"x\",GEOGCS[\"g\",DATUM[\"D_WGS_1984\"]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"Central_Meridian\",1e400]]",
        ] {
            assert!(from_wkt(text).is_err(), "{text:.60}");
        }
    }
}
