//! The coordinate system of a `.prj` file: ESRI WKT as ArcGIS and QGIS write it, and OGC
//! WKT 1 and 2 as GDAL writes them. Transverse Mercator parameters are read from the text,
//! so a zone with any name is understood; the datum must be WGS84 or VN-2000.

use super::{Crs, Datum, TmParams};
use crate::io::fields::fold_key;

/// What a `.prj` says.
#[derive(Clone, Debug, PartialEq)]
pub struct PrjCrs {
    pub crs: Crs,
    /// The name the file gives the system, e.g. `VN-2000_TM-3_106-30`.
    pub name: String,
    /// What had to be assumed, as a sentence for the import report.
    pub assumption: Option<String>,
}

/// A `.prj` in a system phusong does not read.
#[derive(Clone, Debug, PartialEq)]
pub struct UnsupportedCrs {
    /// The name the file gives the system, e.g. `CH1903+_LV95`.
    pub name: String,
    /// Why it is not read, e.g. "its projection is Hotine_Oblique_Mercator_Azimuth_Center".
    pub reason: String,
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
            reason: "the .prj is not a WKT definition phusong can read".into(),
        });
    };
    // A compound system (horizontal + vertical): its horizontal part.
    if matches!(root.keyword.as_str(), "COMPD_CS" | "COMPOUNDCRS") {
        if let Some(h) = root.child(PROJECTED).or_else(|| root.child(GEOGRAPHIC)) {
            root = h.clone();
        }
    }
    let name = root.name();
    let unsupported = |reason: String| UnsupportedCrs {
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
            .ok_or_else(|| unsupported("it names no geographic system".into()))?
    } else if GEOGRAPHIC.contains(&root.keyword.as_str()) {
        &root
    } else {
        return Err(unsupported(format!(
            "it is a {} definition, not a map coordinate system",
            root.keyword
        )));
    };

    let (datum, assumption) = datum_of(&root, geographic).map_err(unsupported)?;

    if let Some(pm) = geographic.child(&["PRIMEM", "PRIMEMERIDIAN"]) {
        if pm.numbers().next().is_some_and(|v| v.abs() > 1e-9) {
            return Err(unsupported(format!(
                "its prime meridian is {}, not Greenwich",
                pm.name()
            )));
        }
    }
    if let Some(unit) = geographic.child(&["UNIT", "ANGLEUNIT"]) {
        if unit
            .numbers()
            .next()
            .is_some_and(|f| (f - std::f64::consts::PI / 180.0).abs() > 1e-9)
        {
            return Err(unsupported(format!(
                "its angles are in {}, not degrees",
                unit.name()
            )));
        }
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
    crs.validate().map_err(unsupported)?;
    Ok(PrjCrs {
        crs,
        name,
        assumption,
    })
}

/// The datum, and a sentence when it had to be inferred.
fn datum_of(root: &Node, geographic: &Node) -> Result<(Datum, Option<String>), String> {
    let datum_node = geographic.find(&["DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE"]);
    let datum_name = datum_node.map(Node::name).unwrap_or_default();
    let key = fold_key(&datum_name);
    let names_vn2000 = |s: &str| {
        let k = fold_key(s);
        k.contains("vn2000") || k.contains("vietnam2000") || k.contains("vn2k")
    };
    let is_wgs84_name =
        key.contains("wgs1984") || key.contains("wgs84") || key.contains("worldgeodeticsystem1984");
    if names_vn2000(&datum_name) {
        return Ok((Datum::Vn2000, None));
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
                Some(format!(
                    "the .prj calls the system \"{}\" but gives it the WGS 1984 datum, as hand-made VN-2000 definitions often do: read as VN-2000",
                    root.name()
                )),
            ));
        }
        return Ok((Datum::Wgs84, None));
    }
    if !wgs84_ellipsoid {
        let ellipsoid_name = ellipsoid.map(Node::name).unwrap_or_default();
        return Err(format!(
            "its datum is {} on the {} ellipsoid; phusong reads WGS84 and VN-2000",
            if datum_name.is_empty() {
                "unnamed".to_string()
            } else {
                datum_name
            },
            if ellipsoid_name.is_empty() {
                "unnamed".to_string()
            } else {
                ellipsoid_name
            }
        ));
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
                Some(format!(
                    "the .prj names the datum \"{datum_name}\" with the VN-2000 shift to WGS84: read as VN-2000, with the national shift of Decision 05/2007/QĐ-BTNMT"
                )),
            ));
        }
        return Err(format!(
            "its datum \"{datum_name}\" is shifted from WGS84 by ({}) , which is not VN-2000",
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if system_names_vn2000 {
        return Ok((
            Datum::Vn2000,
            Some(format!(
                "the .prj names no datum but calls the system \"{}\": read as VN-2000",
                root.name()
            )),
        ));
    }
    // Only the ellipsoid: TM-3 zones (scale 0.9999) exist on VN-2000 alone.
    let tm3_like = tm_params(root).is_ok_and(|tm| {
        (tm.scale_factor - 0.9999).abs() < 1e-12 && (tm.false_easting_m - 500_000.0).abs() < 1e-6
    });
    if tm3_like {
        return Ok((
            Datum::Vn2000,
            Some(format!(
                "the .prj names no datum (\"{datum_name}\", WGS 1984 ellipsoid) and describes a 3° zone with scale 0.9999, which only VN-2000 uses: read as VN-2000"
            )),
        ));
    }
    Ok((
        Datum::Wgs84,
        Some(format!(
            "the .prj names no datum (\"{datum_name}\", WGS 1984 ellipsoid): read as WGS84; choose VN-2000 if the data are VN-2000"
        )),
    ))
}

/// The transverse Mercator parameters of a projected system (WKT 1 `PROJECTION` and
/// `PARAMETER`s, or WKT 2 `CONVERSION` with `METHOD`), in degrees and metres.
fn tm_params(root: &Node) -> Result<TmParams, String> {
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
        return Err(format!(
            "its projection is {}, and phusong reads transverse Mercator projections (UTM, TM-3) only",
            if method.is_empty() {
                "not named"
            } else {
                &method
            }
        ));
    }
    // Linear unit: WKT 1 has UNIT beside the parameters; WKT 2 has LENGTHUNIT on the axes.
    let unit = root
        .child(&["UNIT", "LENGTHUNIT"])
        .or_else(|| root.child(&["CS"]).and_then(|_| root.find(&["LENGTHUNIT"])));
    let to_metre = unit.and_then(|u| u.numbers().next()).unwrap_or(1.0);
    if (to_metre - 1.0).abs() > 1e-9 {
        return Err(format!(
            "its coordinates are in {} ({} m), not metres",
            unit.map(Node::name).unwrap_or_default(),
            to_metre
        ));
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
        return Err("it gives no central meridian".into());
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
