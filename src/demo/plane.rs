//! The generator's flat world: metres on a local equirectangular projection around the
//! villages' mean latitude (good to a few percent over Vietnam, plenty for synthetic data),
//! and the random draws placed on it.

use geo::Point;
use rand::{Rng, RngExt};

/// Metres east and north on the generator's local projection.
pub(crate) type XY = [f64; 2];

/// Metres per degree of latitude on the coverage rule's sphere (radius 6,371,008.8 m).
pub(crate) const M_PER_DEG: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// Equirectangular projection around one latitude.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Projection {
    m_per_deg_lon: f64,
}

impl Projection {
    /// Around the mean latitude of `points`.
    pub(crate) fn around(points: &[Point<f64>]) -> Self {
        let n = points.len().max(1) as f64;
        let lat0 = points.iter().map(|p| p.y()).sum::<f64>() / n;
        Projection {
            m_per_deg_lon: M_PER_DEG * lat0.to_radians().cos(),
        }
    }

    pub(crate) fn xy_from_lon_lat(self, p: Point<f64>) -> XY {
        [p.x() * self.m_per_deg_lon, p.y() * M_PER_DEG]
    }

    pub(crate) fn lon_lat_from_xy(self, xy: XY) -> Point<f64> {
        Point::new(xy[0] / self.m_per_deg_lon, xy[1] / M_PER_DEG)
    }
}

/// A standard normal draw (Box–Muller).
pub(crate) fn normal(rng: &mut impl Rng) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// `0..n` in random order (Fisher–Yates with 64-bit draws, the same on every platform).
pub(crate) fn shuffled(n: usize, rng: &mut impl Rng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i as u64) as usize;
        order.swap(i, j);
    }
    order
}

/// A point up to `max_m` from `xy`, uniform over the disc.
pub(crate) fn offset(xy: XY, max_m: f64, rng: &mut impl Rng) -> XY {
    let r = max_m * rng.random::<f64>().sqrt();
    let a = std::f64::consts::TAU * rng.random::<f64>();
    [xy[0] + r * a.cos(), xy[1] + r * a.sin()]
}

pub(crate) fn distance_sq(a: XY, b: XY) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

pub(crate) fn distance_m(a: XY, b: XY) -> f64 {
    distance_sq(a, b).sqrt()
}
