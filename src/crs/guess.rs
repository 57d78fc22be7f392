//! Which systems a layer in metres could be in, from its bounding box alone.

use super::{Crs, PROVINCES};

/// A system a layer could be in, and the provinces its middle then falls in.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess {
    pub crs: Crs,
    pub provinces: Vec<&'static str>,
}

/// Systems that would put the middle of the box (`min_x`, `min_y`)–(`max_x`, `max_y`), in
/// metres, inside a Vietnamese province: the TM-3 zone of each province whose territory it
/// would fall in, then VN-2000 and WGS84 UTM 48N/49N. Empty when the box is longitude/latitude
/// or no system puts it in Vietnam.
///
/// Easting and northing do not tell the datum (VN-2000 and WGS84 lie some 200 m apart), and
/// provinces are known by their approximate extent only: this is a hint for the user, who
/// chooses.
pub fn guess_from_bbox(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> Vec<Guess> {
    let values = [min_x, min_y, max_x, max_y];
    if values.iter().any(|v| !v.is_finite()) {
        return Vec::new();
    }
    if crate::model::is_lon_lat(min_x, min_y) && crate::model::is_lon_lat(max_x, max_y) {
        return Vec::new();
    }
    let (x, y) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
    // Vietnam lies between 8.3° and 23.4° N: northings of about 0.9 to 2.6 million metres.
    if !(0.0..=1_000_000.0).contains(&x) || !(850_000.0..=2_650_000.0).contains(&y) {
        return Vec::new();
    }
    let inside = |lon: f64, lat: f64| -> Vec<&'static str> {
        PROVINCES
            .iter()
            .filter(|p| {
                let [w, s, e, n] = p.extent_deg;
                (w - 0.05..=e + 0.05).contains(&lon) && (s - 0.05..=n + 0.05).contains(&lat)
            })
            .map(|p| p.name)
            .collect()
    };
    let mut guesses = Vec::new();
    let mut meridians: Vec<f64> = PROVINCES.iter().map(|p| p.central_meridian_deg).collect();
    meridians.sort_by(f64::total_cmp);
    meridians.dedup();
    for cm in meridians {
        let crs = Crs::Vn2000Tm3 {
            central_meridian_deg: cm,
        };
        let Some((lon, lat)) = crs.to_wgs84(x, y) else {
            continue;
        };
        let provinces: Vec<&'static str> = inside(lon, lat)
            .into_iter()
            .filter(|name| super::province(name).is_some_and(|p| p.central_meridian_deg == cm))
            .collect();
        if !provinces.is_empty() {
            guesses.push(Guess { crs, provinces });
        }
    }
    for zone in [48, 49] {
        for crs in [Crs::Vn2000Utm { zone }, Crs::Wgs84Utm { zone }] {
            if let Some((lon, lat)) = crs.to_wgs84(x, y) {
                let provinces = inside(lon, lat);
                if !provinces.is_empty() {
                    guesses.push(Guess { crs, provinces });
                }
            }
        }
    }
    guesses
}

/// The guesses in a sentence for a message: "VN-2000 / TM-3 106°30′ (Bắc Kạn), VN-2000 /
/// UTM zone 48N or WGS84 / UTM zone 48N (Hà Giang, Tuyên Quang)". `None` without guesses.
pub fn describe_guesses(guesses: &[Guess]) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < guesses.len() {
        let g = &guesses[i];
        // The VN-2000 and WGS84 UTM zones come in pairs with the same provinces.
        let same_next = guesses.get(i + 1).filter(|n| {
            n.provinces == g.provinces
                && n.crs.central_meridian_deg() == g.crs.central_meridian_deg()
                && matches!(g.crs, Crs::Vn2000Utm { .. })
        });
        match same_next {
            Some(n) => {
                parts.push(format!(
                    "{} or {} ({})",
                    g.crs.label(),
                    n.crs.label(),
                    g.provinces.join(", ")
                ));
                i += 2;
            }
            None => {
                parts.push(format!("{} ({})", g.crs.label(), g.provinces.join(", ")));
                i += 1;
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
