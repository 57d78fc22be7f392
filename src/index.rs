//! Spatial indexes: the R-tree of samples, and the lookup from a point to its commune.

use geo::{BoundingRect, Distance, HaversineMeasure, Intersects, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use crate::model::{Commune, Sample};

/// The sphere of the coverage rule: radius 6,371,008.8 m.
pub const EARTH: HaversineMeasure = HaversineMeasure::new(6_371_008.8);

/// Great-circle distance in metres on the rule's sphere.
pub fn distance_m(a: Point<f64>, b: Point<f64>) -> f64 {
    EARTH.distance(a, b)
}

/// A sample's position in the tree: coordinates in `f32` (half the memory of `f64`) and its
/// index into the sample list. Candidates are found with a margin wider than `f32` rounding,
/// then measured exactly on the `f64` coordinates.
type SamplePoint = GeomWithData<[f32; 2], u32>;

/// Degrees of margin around a search box; `f32` rounding near 180° is under 1e-5°.
const MARGIN_DEG: f64 = 1e-4;

/// The samples, bulk-loaded into an R-tree.
pub struct SampleIndex {
    tree: RTree<SamplePoint>,
}

impl SampleIndex {
    pub fn new(samples: &[Sample]) -> Self {
        let points: Vec<SamplePoint> = samples
            .iter()
            .enumerate()
            .map(|(i, s)| GeomWithData::new([s.lon as f32, s.lat as f32], i as u32))
            .collect();
        SampleIndex { tree: RTree::bulk_load(points) }
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `visit` with the index of every sample within `radius_m` (inclusive) of `centre`.
    pub fn for_each_within(&self, samples: &[Sample], centre: Point<f64>, radius_m: f64, mut visit: impl FnMut(usize)) {
        for item in self.tree.locate_in_envelope(&search_box(centre, radius_m)) {
            let i = item.data as usize;
            let s = &samples[i];
            if distance_m(centre, Point::new(s.lon, s.lat)) <= radius_m {
                visit(i);
            }
        }
    }

    /// The indexes of the samples within `radius_m` of `centre`, in ascending order.
    pub fn within(&self, samples: &[Sample], centre: Point<f64>, radius_m: f64) -> Vec<usize> {
        let mut found = Vec::new();
        self.for_each_within(samples, centre, radius_m, |i| found.push(i));
        found.sort_unstable();
        found
    }
}

/// A longitude/latitude box holding every point within `radius_m` of `centre`.
fn search_box(centre: Point<f64>, radius_m: f64) -> AABB<[f32; 2]> {
    let dlat = (radius_m / EARTH.radius()).to_degrees() + MARGIN_DEG;
    let lat_far = (centre.y().abs() + dlat).min(90.0);
    let cos = lat_far.to_radians().cos();
    // Near a pole, or with a radius of continental size, any longitude may be within reach.
    let dlon = if cos < 1e-6 { 360.0 } else { ((radius_m / EARTH.radius()).to_degrees() / cos + MARGIN_DEG).min(360.0) };
    AABB::from_corners(
        [(centre.x() - dlon) as f32, (centre.y() - dlat) as f32],
        [(centre.x() + dlon) as f32, (centre.y() + dlat) as f32],
    )
}

type CommuneBox = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// Finds the commune whose polygon holds a point.
pub struct CommuneIndex {
    tree: RTree<CommuneBox>,
}

impl CommuneIndex {
    pub fn new(communes: &[Commune]) -> Self {
        let boxes = communes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let r = c.boundary.bounding_rect()?;
                Some(GeomWithData::new(Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]), i as u32))
            })
            .collect();
        CommuneIndex { tree: RTree::bulk_load(boxes) }
    }

    /// The first commune in file order whose polygon contains `point`, its boundary
    /// included; `None` when the point is outside every commune.
    pub fn locate(&self, communes: &[Commune], point: Point<f64>) -> Option<usize> {
        self.tree
            .locate_all_at_point(&[point.x(), point.y()])
            .map(|b| b.data as usize)
            .filter(|&i| communes[i].boundary.intersects(&point))
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Operator, Technology};
    use geo::MultiPolygon;

    fn sample_at(lon: f64, lat: f64) -> Sample {
        Sample { lon, lat, time_s: crate::model::NO_TIME, signal_dbm: -90.0, operator: Operator::new(452, 4), technology: Technology::NoService }
    }

    /// A point `metres` north of `from` on the rule's sphere.
    fn north_of(from: Point<f64>, metres: f64) -> Point<f64> {
        Point::new(from.x(), from.y() + (metres / EARTH.radius()).to_degrees())
    }

    #[test]
    fn distance_uses_the_rules_sphere() {
        // One degree of latitude on a sphere of 6,371,008.8 m.
        let d = distance_m(Point::new(105.0, 21.0), Point::new(105.0, 22.0));
        assert!((d - 6_371_008.8_f64 * 1f64.to_radians()).abs() < 1e-6, "{d}");
    }

    #[test]
    fn radius_search_is_inclusive_and_exact() {
        let village = Point::new(105.8, 21.0);
        let samples = vec![
            sample_at(village.x(), village.y()),
            sample_at(north_of(village, 499.9).x(), north_of(village, 499.9).y()),
            sample_at(north_of(village, 500.5).x(), north_of(village, 500.5).y()),
            sample_at(106.8, 21.0),
        ];
        let index = SampleIndex::new(&samples);
        assert_eq!(index.within(&samples, village, 500.0), vec![0, 1]);
        // A sample exactly at the radius counts.
        let at = distance_m(village, Point::new(samples[2].lon, samples[2].lat));
        assert_eq!(index.within(&samples, village, at), vec![0, 1, 2]);
    }

    #[test]
    fn east_west_search_reaches_the_radius_at_high_latitude() {
        let village = Point::new(10.0, 60.0);
        let east = Point::new(10.0 + 0.0089, 60.0); // about 495 m at 60°N
        let samples = vec![sample_at(east.x(), east.y())];
        let index = SampleIndex::new(&samples);
        assert!(distance_m(village, east) < 500.0);
        assert_eq!(index.within(&samples, village, 500.0), vec![0]);
    }

    fn commune(code: &str, boundary: MultiPolygon<f64>) -> Commune {
        Commune { code: code.into(), name: code.into(), district: String::new(), province: String::new(), boundary }
    }

    #[test]
    fn shared_boundary_goes_to_the_first_commune_and_holes_are_outside() {
        let west = commune("W", geo::Rect::new((0.0, 0.0), (1.0, 1.0)).to_polygon().into());
        let with_hole = geo::Polygon::new(
            geo::LineString::from(vec![(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (1.0, 0.0)]),
            vec![geo::LineString::from(vec![(1.4, 0.4), (1.6, 0.4), (1.6, 0.6), (1.4, 0.6), (1.4, 0.4)])],
        );
        let east = commune("E", with_hole.into());
        let communes = vec![west, east];
        let index = CommuneIndex::new(&communes);
        assert_eq!(index.locate(&communes, Point::new(0.5, 0.5)), Some(0));
        assert_eq!(index.locate(&communes, Point::new(1.0, 0.5)), Some(0), "shared edge: first in file order");
        assert_eq!(index.locate(&communes, Point::new(2.0, 0.5)), Some(1), "outer edge counts as inside");
        assert_eq!(index.locate(&communes, Point::new(1.5, 0.5)), None, "inside the hole");
        assert_eq!(index.locate(&communes, Point::new(1.4, 0.5)), Some(1), "on the hole's edge");
        assert_eq!(index.locate(&communes, Point::new(3.0, 0.5)), None);
    }
}
