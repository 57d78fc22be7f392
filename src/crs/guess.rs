//! Which systems a layer in metres could be in, from its bounding box alone.

use super::{Crs, PROVINCES, Province};

/// A system a layer could be in, and the provinces its middle then falls in.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess {
    /// The system.
    pub crs: Crs,
    /// The provinces (before July 2025) the middle of the layer falls in, in that system.
    pub provinces: Vec<&'static str>,
    /// The largest share (0–1) of the layer's extent that lies within one of those
    /// provinces' extents: the guesses are sorted by it, best first.
    pub fit: f64,
}

/// Guesses whose box lies less than this share inside their provinces are left out.
const MIN_FIT: f64 = 0.25;

/// How many guesses [`describe_guesses`] names (the VN-2000 and WGS84 UTM twins as one).
const DESCRIBED: usize = 3;

/// The provinces whose extent (with 0.05° of room) holds the point.
fn provinces_around(lon: f64, lat: f64) -> Vec<&'static Province> {
    (PROVINCES.iter())
        .filter(|p| {
            let [w, s, e, n] = p.extent_deg;
            (w - 0.05..=e + 0.05).contains(&lon) && (s - 0.05..=n + 0.05).contains(&lat)
        })
        .collect()
}

/// The share of the box `[min_x, min_y, max_x, max_y]` in `crs`, in longitude/latitude,
/// inside the best of `provinces` (1 for a point or a line).
fn box_fit(crs: &Crs, [min_x, min_y, max_x, max_y]: [f64; 4], provinces: &[&Province]) -> f64 {
    let (Some(a), Some(b)) = (crs.to_wgs84(min_x, min_y), crs.to_wgs84(max_x, max_y)) else {
        return 0.0;
    };
    let (w, e) = (a.0.min(b.0), a.0.max(b.0));
    let (s, n) = (a.1.min(b.1), a.1.max(b.1));
    let area = ((e - w) * (n - s)).max(1e-12);
    (provinces.iter())
        .map(|p| {
            let [pw, ps, pe, pn] = p.extent_deg;
            let dx = (e.min(pe) - w.max(pw)).max(0.0);
            let dy = (n.min(pn) - s.max(ps)).max(0.0);
            if e - w < 1e-9 || n - s < 1e-9 {
                // A point or a line, its middle inside: it fits.
                1.0
            } else {
                (dx * dy / area).min(1.0)
            }
        })
        .fold(0.0, f64::max)
}

/// Systems that would put the middle of the box (`min_x`, `min_y`)–(`max_x`, `max_y`), in
/// metres, inside a Vietnamese province: the TM-3 zone of each province it would fall in, and
/// VN-2000 and WGS84 UTM 48N/49N, best fitting first (see [`Guess::fit`]). Empty when the box
/// is longitude/latitude or no system puts it in Vietnam.
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
    let inside = provinces_around;
    let fit = |crs: &Crs, provinces: &[&Province]| box_fit(crs, values, provinces);
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
        let provinces: Vec<&Province> = inside(lon, lat)
            .into_iter()
            .filter(|p| p.central_meridian_deg == cm)
            .collect();
        if !provinces.is_empty() {
            let fit = fit(&crs, &provinces);
            guesses.push(Guess {
                crs,
                provinces: provinces.iter().map(|p| p.name).collect(),
                fit,
            });
        }
    }
    for zone in [48, 49] {
        // VN-2000 and WGS84 lie some 200 m apart: one guess for both, VN-2000 first.
        let crs = Crs::Vn2000Utm { zone };
        if let Some((lon, lat)) = crs.to_wgs84(x, y) {
            let provinces = inside(lon, lat);
            if !provinces.is_empty() {
                let fit = fit(&crs, &provinces);
                let names: Vec<&'static str> = provinces.iter().map(|p| p.name).collect();
                guesses.push(Guess {
                    crs,
                    provinces: names.clone(),
                    fit,
                });
                guesses.push(Guess {
                    crs: Crs::Wgs84Utm { zone },
                    provinces: names,
                    fit,
                });
            }
        }
    }
    // Best fit first; TM-3 before UTM, and VN-2000 UTM before WGS84 UTM, when equal.
    guesses.retain(|g| g.fit >= MIN_FIT);
    guesses.sort_by(|a, b| b.fit.total_cmp(&a.fit));
    guesses
}

/// The best guesses in a sentence for a message: "VN-2000 / TM-3 106°30′ (Bắc Kạn);
/// VN-2000 / UTM zone 48N or WGS84 / UTM zone 48N (Lào Cai, Yên Bái)". `None` without
/// guesses.
pub fn describe_guesses(guesses: &[Guess]) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < guesses.len() && parts.len() < DESCRIBED {
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
