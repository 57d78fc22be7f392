//! Where the map looks: a local equirectangular projection and the view over it.
//!
//! The map is drawn in "world" metres: x = longitude × cos(reference latitude), y = latitude,
//! both scaled to metres at the reference latitude. It is linear, so panning and zooming are a
//! multiply-add per point (cheap enough for millions of samples a frame), and across one
//! province, or even all of Vietnam (8.5°–23.4° N), distances and shapes stay within a few per
//! cent of the truth, which is all a coverage map needs. The scale bar is measured at the view's
//! centre latitude, so it stays correct wherever the user looks.

use serde::{Deserialize, Serialize};

/// Metres per degree of latitude on the sphere of radius 6,371,008.8 m.
pub const METRES_PER_DEGREE: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// The projection between lon/lat and world metres, fixed for a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// The latitude at which east-west distances are true.
    pub reference_lat: f64,
    cos_ref: f64,
}

impl Projection {
    pub fn new(reference_lat: f64) -> Projection {
        let lat = if reference_lat.is_finite() {
            reference_lat.clamp(-80.0, 80.0)
        } else {
            0.0
        };
        Projection {
            reference_lat: lat,
            cos_ref: lat.to_radians().cos(),
        }
    }

    /// World metres of a lon/lat point.
    pub fn world(&self, lon: f64, lat: f64) -> [f64; 2] {
        [
            lon * METRES_PER_DEGREE * self.cos_ref,
            lat * METRES_PER_DEGREE,
        ]
    }

    /// The lon/lat of a world point.
    pub fn lon_lat(&self, world: [f64; 2]) -> (f64, f64) {
        (
            world[0] / (METRES_PER_DEGREE * self.cos_ref),
            world[1] / METRES_PER_DEGREE,
        )
    }

    /// How many true metres one world metre spans at `lat` (east-west; north-south is exact).
    pub fn true_metres_per_world_metre(&self, lat: f64) -> f64 {
        lat.to_radians().cos() / self.cos_ref
    }
}

/// A rectangle in lon/lat degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LonLatBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl LonLatBox {
    /// A geo rectangle (lon as x, lat as y) as a box.
    pub fn of_rect(r: geo::Rect<f64>) -> LonLatBox {
        LonLatBox {
            min_lon: r.min().x,
            min_lat: r.min().y,
            max_lon: r.max().x,
            max_lat: r.max().y,
        }
    }

    /// The box reaching `metres` from a point each way, north-south and east-west.
    pub fn around_point(lon: f64, lat: f64, metres: f64) -> LonLatBox {
        let d_lat = metres / METRES_PER_DEGREE;
        let d_lon = d_lat / lat.to_radians().cos().max(0.1);
        LonLatBox {
            min_lon: lon - d_lon,
            min_lat: lat - d_lat,
            max_lon: lon + d_lon,
            max_lat: lat + d_lat,
        }
    }

    /// The smallest box around the points; `None` when there are none (or none finite).
    pub fn around(points: impl IntoIterator<Item = (f64, f64)>) -> Option<LonLatBox> {
        let mut b: Option<LonLatBox> = None;
        for (lon, lat) in points {
            if !(lon.is_finite() && lat.is_finite()) {
                continue;
            }
            b = Some(match b {
                None => LonLatBox {
                    min_lon: lon,
                    min_lat: lat,
                    max_lon: lon,
                    max_lat: lat,
                },
                Some(b) => LonLatBox {
                    min_lon: b.min_lon.min(lon),
                    min_lat: b.min_lat.min(lat),
                    max_lon: b.max_lon.max(lon),
                    max_lat: b.max_lat.max(lat),
                },
            });
        }
        b
    }

    pub fn union(self, other: LonLatBox) -> LonLatBox {
        LonLatBox {
            min_lon: self.min_lon.min(other.min_lon),
            min_lat: self.min_lat.min(other.min_lat),
            max_lon: self.max_lon.max(other.max_lon),
            max_lat: self.max_lat.max(other.max_lat),
        }
    }

    pub fn centre(&self) -> (f64, f64) {
        (
            (self.min_lon + self.max_lon) / 2.0,
            (self.min_lat + self.max_lat) / 2.0,
        )
    }

    pub fn intersects(&self, other: &LonLatBox) -> bool {
        self.min_lon <= other.max_lon
            && other.min_lon <= self.max_lon
            && self.min_lat <= other.max_lat
            && other.min_lat <= self.max_lat
    }
}

/// A rectangle in world metres.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorldBox {
    pub min: [f64; 2],
    pub max: [f64; 2],
}

impl WorldBox {
    /// The smallest box around the points; `None` when there are none (or none finite).
    pub fn around(points: impl IntoIterator<Item = [f64; 2]>) -> Option<WorldBox> {
        let mut b: Option<WorldBox> = None;
        for p in points {
            if !(p[0].is_finite() && p[1].is_finite()) {
                continue;
            }
            b = Some(match b {
                None => WorldBox { min: p, max: p },
                Some(b) => WorldBox {
                    min: [b.min[0].min(p[0]), b.min[1].min(p[1])],
                    max: [b.max[0].max(p[0]), b.max[1].max(p[1])],
                },
            });
        }
        b
    }

    pub fn union(self, other: WorldBox) -> WorldBox {
        WorldBox {
            min: [self.min[0].min(other.min[0]), self.min[1].min(other.min[1])],
            max: [self.max[0].max(other.max[0]), self.max[1].max(other.max[1])],
        }
    }

    pub fn intersects(&self, other: &WorldBox) -> bool {
        self.min[0] <= other.max[0]
            && other.min[0] <= self.max[0]
            && self.min[1] <= other.max[1]
            && other.min[1] <= self.max[1]
    }

    pub fn centre(&self) -> [f64; 2] {
        [
            (self.min[0] + self.max[0]) / 2.0,
            (self.min[1] + self.max[1]) / 2.0,
        ]
    }
}

/// What the map shows: its centre and zoom. Screen pixels grow right and down.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// The world point at the centre of the map area.
    pub centre: [f64; 2],
    /// World metres per screen pixel (smaller is closer).
    pub metres_per_px: f64,
}

/// Closest and farthest zoom: a street, and a whole country with room around it.
pub const MIN_METRES_PER_PX: f64 = 0.25;
pub const MAX_METRES_PER_PX: f64 = 20_000.0;

impl MapView {
    /// The view that shows `area` whole in a map of `size` pixels, with a margin.
    pub fn fit(projection: &Projection, area: &LonLatBox, size: [f64; 2]) -> MapView {
        let lo = projection.world(area.min_lon, area.min_lat);
        let hi = projection.world(area.max_lon, area.max_lat);
        let (w, h) = (size[0].max(1.0), size[1].max(1.0));
        let span = ((hi[0] - lo[0]) / w).max((hi[1] - lo[1]) / h) * 1.08;
        MapView {
            centre: [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0],
            metres_per_px: span.clamp(MIN_METRES_PER_PX * 40.0, MAX_METRES_PER_PX),
        }
    }

    /// Screen position (relative to the map area's top-left corner) of a world point.
    pub fn screen(&self, size: [f64; 2], world: [f64; 2]) -> [f64; 2] {
        [
            size[0] / 2.0 + (world[0] - self.centre[0]) / self.metres_per_px,
            size[1] / 2.0 - (world[1] - self.centre[1]) / self.metres_per_px,
        ]
    }

    /// The world point under a screen position.
    pub fn world(&self, size: [f64; 2], screen: [f64; 2]) -> [f64; 2] {
        [
            self.centre[0] + (screen[0] - size[0] / 2.0) * self.metres_per_px,
            self.centre[1] - (screen[1] - size[1] / 2.0) * self.metres_per_px,
        ]
    }

    /// The lon/lat box the map area shows.
    pub fn visible(&self, projection: &Projection, size: [f64; 2]) -> LonLatBox {
        let (min_lon, max_lat) = projection.lon_lat(self.world(size, [0.0, 0.0]));
        let (max_lon, min_lat) = projection.lon_lat(self.world(size, size));
        LonLatBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        }
    }

    /// The world box the map area shows.
    pub fn visible_world(&self, size: [f64; 2]) -> WorldBox {
        let top_left = self.world(size, [0.0, 0.0]);
        let bottom_right = self.world(size, size);
        WorldBox {
            min: [top_left[0], bottom_right[1]],
            max: [bottom_right[0], top_left[1]],
        }
    }

    /// Moves the map with the pointer: a drag of `delta` pixels.
    pub fn pan(&mut self, delta: [f64; 2]) {
        self.centre[0] -= delta[0] * self.metres_per_px;
        self.centre[1] += delta[1] * self.metres_per_px;
    }

    /// Zooms by `factor` (> 1 is closer) keeping the world point under `anchor` where it is.
    pub fn zoom_around(&mut self, size: [f64; 2], anchor: [f64; 2], factor: f64) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let before = self.world(size, anchor);
        self.metres_per_px =
            (self.metres_per_px / factor).clamp(MIN_METRES_PER_PX, MAX_METRES_PER_PX);
        let after = self.world(size, anchor);
        self.centre[0] += before[0] - after[0];
        self.centre[1] += before[1] - after[1];
    }
}

/// A map view and the projection it was in.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    pub view: MapView,
    pub reference_lat: f64,
}

/// A scale bar: a round distance and how many pixels it spans.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleBar {
    pub metres: f64,
    pub px: f64,
    /// "500 m", "2 km".
    pub label: String,
}

/// The longest round distance (1, 2 or 5 × 10ⁿ m) that fits in `max_px` at the view's centre.
pub fn scale_bar(view: &MapView, projection: &Projection, max_px: f64) -> ScaleBar {
    let (_, lat) = projection.lon_lat(view.centre);
    let true_per_px = view.metres_per_px * projection.true_metres_per_world_metre(lat);
    let max_m = (max_px * true_per_px).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(max_m.log10().floor());
    let metres = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * power)
        .find(|m| *m <= max_m)
        .unwrap_or(power);
    let label = if metres >= 1000.0 {
        format!("{} km", metres / 1000.0)
    } else {
        format!("{} m", metres)
    };
    ScaleBar {
        metres,
        px: metres / true_per_px,
        label,
    }
}

/// Where a dataset's layers lie: the boxes around the communes, the villages and the
/// samples, and the area "everything" means (communes and villages).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Extents {
    pub communes: Option<LonLatBox>,
    pub villages: Option<LonLatBox>,
    pub samples: Option<LonLatBox>,
}

impl Extents {
    pub fn of(dataset: &crate::analysis::Dataset) -> Extents {
        Extents {
            samples: LonLatBox::around(dataset.samples.iter().map(|s| (s.lon, s.lat))),
            ..Extents::of_places(dataset)
        }
    }

    /// The communes' and villages' extents alone (`samples` is `None`): what a printed map
    /// frames and projects, without reading millions of samples for it.
    pub fn of_places(dataset: &crate::analysis::Dataset) -> Extents {
        Extents {
            communes: dataset
                .communes
                .iter()
                .filter_map(commune_box)
                .reduce(LonLatBox::union),
            villages: LonLatBox::around(dataset.villages.iter().map(|v| v.location.x_y())),
            samples: None,
        }
    }

    /// The communes and the villages: what "show everything" shows.
    pub fn all(&self) -> Option<LonLatBox> {
        match (self.communes, self.villages) {
            (Some(a), Some(b)) => Some(a.union(b)),
            (a, b) => a.or(b),
        }
    }

    /// The projection every map of this data uses, on screen and on paper.
    pub fn projection(&self) -> Projection {
        Projection::new(self.all().map_or(16.0, |e| e.centre().1))
    }
}

/// The lon/lat box of a commune.
pub fn commune_box(c: &crate::model::Commune) -> Option<LonLatBox> {
    use geo::BoundingRect;
    c.boundary.bounding_rect().map(LonLatBox::of_rect)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn world_and_lon_lat_are_inverse() {
        let p = Projection::new(22.1);
        let (lon, lat) = p.lon_lat(p.world(105.83, 22.15));
        assert!(close(lon, 105.83, 1e-9) && close(lat, 22.15, 1e-9));
    }

    #[test]
    fn screen_and_world_are_inverse() {
        let v = MapView {
            centre: [1.0e7, 2.4e6],
            metres_per_px: 37.5,
        };
        let size = [800.0, 600.0];
        let s = v.screen(size, v.world(size, [123.0, 456.0]));
        assert!(close(s[0], 123.0, 1e-6) && close(s[1], 456.0, 1e-6));
    }

    #[test]
    fn zooming_keeps_the_point_under_the_cursor() {
        let mut v = MapView {
            centre: [0.0, 0.0],
            metres_per_px: 100.0,
        };
        let size = [1000.0, 800.0];
        let anchor = [200.0, 700.0];
        let before = v.world(size, anchor);
        v.zoom_around(size, anchor, 2.0);
        let after = v.world(size, anchor);
        assert_eq!(v.metres_per_px, 50.0);
        assert!(close(before[0], after[0], 1e-6) && close(before[1], after[1], 1e-6));
    }

    #[test]
    fn one_km_east_at_the_reference_latitude_is_1000_world_metres() {
        let p = Projection::new(22.0);
        let a = p.world(106.0, 22.0);
        let b = p.world(106.01, 22.0);
        let true_m =
            crate::index::distance_m(geo::Point::new(106.0, 22.0), geo::Point::new(106.01, 22.0));
        assert!(
            close(b[0] - a[0], true_m, 0.01),
            "{} vs {true_m}",
            b[0] - a[0]
        );
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let p = Projection::new(22.0);
        let area = LonLatBox {
            min_lon: 105.4,
            min_lat: 21.8,
            max_lon: 106.3,
            max_lat: 22.7,
        };
        let size = [900.0, 700.0];
        let v = MapView::fit(&p, &area, size);
        let seen = v.visible(&p, size);
        assert!(seen.min_lon <= area.min_lon && seen.max_lon >= area.max_lon);
        assert!(seen.min_lat <= area.min_lat && seen.max_lat >= area.max_lat);
    }

    #[test]
    fn the_visible_world_box_is_the_map_areas_corners() {
        let v = MapView {
            centre: [1000.0, 2000.0],
            metres_per_px: 2.0,
        };
        let b = v.visible_world([400.0, 300.0]);
        assert_eq!(b.min, [600.0, 1700.0]);
        assert_eq!(b.max, [1400.0, 2300.0]);
        assert!(b.intersects(&WorldBox {
            min: [1400.0, 0.0],
            max: [1500.0, 1700.0]
        }));
        assert!(!b.intersects(&WorldBox {
            min: [1400.1, 0.0],
            max: [1500.0, 1700.0]
        }));
        assert_eq!(WorldBox::around([[f64::NAN, 0.0]]), None);
    }

    #[test]
    fn the_scale_bar_is_a_round_distance_that_fits() {
        let p = Projection::new(22.0);
        let v = MapView {
            centre: p.world(106.0, 22.0),
            metres_per_px: 30.0,
        };
        let bar = scale_bar(&v, &p, 150.0);
        assert_eq!(bar.label, "2 km");
        assert!(bar.px <= 150.0 && bar.px > 60.0, "{}", bar.px);
    }
}
