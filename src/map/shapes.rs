//! Communes ready to fill and outline: triangles and rings in world metres, built once per
//! dataset.
//!
//! Vertices are `f32` (what meshes and page descriptions take) relative to one origin per
//! dataset, the centre of all the communes' extent. Relative to it, coordinates stay under
//! some 1,000 km even for all of Vietnam, where an `f32` step is 6 cm: far below a pixel at
//! the closest zoom. Absolute world metres (millions) would lose a metre or more.
//! [`CommuneShapes::to_screen`] turns them into screen positions for a view.

use std::panic::{AssertUnwindSafe, catch_unwind};

use geo::{Coord, LineString, MakeValid, MultiPolygon, Polygon, TriangulateEarcut, Validation};
use rayon::prelude::*;

use super::view::{MapView, Projection, WorldBox};
use crate::model::Commune;

/// On-screen distance (pixels) below which [`decimate_ring`] drops a vertex.
pub const DECIMATE_PX: f32 = 0.7;

/// Every commune's fill and outline, in the order of the communes given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommuneShapes {
    /// The world point (metres) every vertex is relative to.
    pub origin: [f64; 2],
    /// One per commune, in input order.
    pub communes: Vec<CommuneShape>,
    /// Polygons that are not filled: too few usable points, or invalid beyond repair. Their
    /// outlines are still drawn.
    pub skipped_polygons: usize,
    /// Invalid polygons (self-intersecting rings, holes outside their shell, …) repaired
    /// before they were filled.
    pub repaired_polygons: usize,
}

/// One commune: triangles to fill, rings to outline, and where it lies.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommuneShape {
    /// World metres relative to [`CommuneShapes::origin`].
    pub vertices: Vec<[f32; 2]>,
    /// Three indices into `vertices` per triangle.
    pub indices: Vec<u32>,
    /// The outer ring and the holes of every part, closed (last point = first), relative to
    /// the origin, as the file draws them.
    pub rings: Vec<Vec<[f32; 2]>>,
    /// The commune's extent in world metres (absolute); `None` when it has no usable point.
    pub bounds: Option<WorldBox>,
}

impl CommuneShape {
    /// The triangles, as three vertices each.
    pub fn triangles(&self) -> impl Iterator<Item = [[f32; 2]; 3]> + '_ {
        self.indices.chunks_exact(3).map(|t| {
            [
                self.vertices[t[0] as usize],
                self.vertices[t[1] as usize],
                self.vertices[t[2] as usize],
            ]
        })
    }
}

/// From world metres relative to an origin to screen pixels of one view: a scale and an
/// offset, y flipped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LocalToScreen {
    /// Where the origin is on screen.
    pub offset: [f64; 2],
    /// Pixels per world metre.
    pub px_per_metre: f64,
}

impl LocalToScreen {
    #[inline]
    pub fn apply(&self, v: [f32; 2]) -> [f32; 2] {
        [
            (self.offset[0] + f64::from(v[0]) * self.px_per_metre) as f32,
            (self.offset[1] - f64::from(v[1]) * self.px_per_metre) as f32,
        ]
    }
}

impl CommuneShapes {
    /// Triangulates and outlines every commune (in parallel). Never panics: a polygon that
    /// cannot be filled is skipped and counted.
    pub fn new(communes: &[Commune], projection: &Projection) -> CommuneShapes {
        let areas: Vec<&MultiPolygon<f64>> = communes.iter().map(|c| &c.boundary).collect();
        CommuneShapes::of_areas(&areas, projection)
    }

    /// The same for any areas (a background layer's polygons), in the order given.
    pub fn of_areas(areas: &[&MultiPolygon<f64>], projection: &Projection) -> CommuneShapes {
        let origin = WorldBox::around(
            (areas.iter())
                .flat_map(|a| a.iter())
                .flat_map(|p| p.exterior().0.iter())
                .map(|c| projection.world(c.x, c.y)),
        )
        .map_or([0.0, 0.0], |b| b.centre());
        let built: Vec<(CommuneShape, Counts)> = areas
            .par_iter()
            .map(|a| build_commune(a, projection, origin))
            .collect();
        let mut shapes = CommuneShapes {
            origin,
            communes: Vec::with_capacity(built.len()),
            skipped_polygons: 0,
            repaired_polygons: 0,
        };
        for (shape, counts) in built {
            shapes.skipped_polygons += counts.skipped;
            shapes.repaired_polygons += counts.repaired;
            shapes.communes.push(shape);
        }
        shapes
    }

    /// The transform from this dataset's vertices to the screen of `view` in a map area of
    /// `size` pixels.
    pub fn to_screen(&self, view: &MapView, size: [f64; 2]) -> LocalToScreen {
        LocalToScreen {
            offset: view.screen(size, self.origin),
            px_per_metre: 1.0 / view.metres_per_px,
        }
    }

    /// The extent of all communes in world metres; `None` when there are none.
    pub fn bounds(&self) -> Option<WorldBox> {
        self.communes
            .iter()
            .filter_map(|c| c.bounds)
            .reduce(WorldBox::union)
    }
}

/// The screen points of a ring to draw: every vertex at least `min_px` pixels from the last
/// one kept, and the ring's first and last points whatever their distance, so a closed ring
/// stays closed. At a national zoom a commune of thousands of vertices comes down to the
/// few dozen the screen can show.
pub fn decimate_ring<'a>(
    ring: &'a [[f32; 2]],
    to_screen: &'a LocalToScreen,
    min_px: f32,
) -> impl Iterator<Item = [f32; 2]> + 'a {
    let min_sq = min_px * min_px;
    let last_index = ring.len().saturating_sub(1);
    let mut kept: Option<[f32; 2]> = None;
    ring.iter().enumerate().filter_map(move |(k, v)| {
        let p = to_screen.apply(*v);
        let keep = match kept {
            None => true,
            Some(q) => k == last_index || (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) >= min_sq,
        };
        if keep {
            kept = Some(p);
            Some(p)
        } else {
            None
        }
    })
}

#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    skipped: usize,
    repaired: usize,
}

fn build_commune(
    area: &MultiPolygon<f64>,
    projection: &Projection,
    origin: [f64; 2],
) -> (CommuneShape, Counts) {
    let mut shape = CommuneShape::default();
    let mut counts = Counts::default();
    let local = |c: &Coord<f64>| {
        let w = projection.world(c.x, c.y);
        Coord {
            x: w[0] - origin[0],
            y: w[1] - origin[1],
        }
    };
    for polygon in area {
        let exterior = clean_ring(polygon.exterior(), local);
        let holes: Vec<LineString<f64>> = polygon
            .interiors()
            .iter()
            .map(|r| clean_ring(r, local))
            .filter(|r| r.0.len() >= 4)
            .collect();
        for ring in std::iter::once(&exterior).chain(&holes) {
            if ring.0.len() >= 2 {
                shape
                    .rings
                    .push(ring.0.iter().map(|c| [c.x as f32, c.y as f32]).collect());
            }
        }
        if exterior.0.len() < 4 {
            counts.skipped += 1;
            continue;
        }
        let polygon = Polygon::new(exterior, holes);
        let fillable = if polygon.is_valid() {
            vec![polygon]
        } else {
            match catch_unwind(AssertUnwindSafe(|| polygon.make_valid())) {
                Ok(Ok(valid)) => {
                    counts.repaired += 1;
                    valid.0
                }
                _ => {
                    counts.skipped += 1;
                    continue;
                }
            }
        };
        for part in &fillable {
            if !append_triangles(&mut shape, part) {
                counts.skipped += 1;
            }
        }
    }
    shape.bounds = WorldBox::around(
        shape
            .rings
            .iter()
            .flatten()
            .map(|v| [f64::from(v[0]) + origin[0], f64::from(v[1]) + origin[1]]),
    );
    (shape, counts)
}

/// A ring in local world metres without points that are not numbers and without repeated
/// points, closed; fewer than 4 points means it has no area.
fn clean_ring(
    ring: &LineString<f64>,
    local: impl Fn(&Coord<f64>) -> Coord<f64>,
) -> LineString<f64> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        let w = local(c);
        if !(w.x.is_finite() && w.y.is_finite()) || out.last() == Some(&w) {
            continue;
        }
        out.push(w);
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if out.len() < 3 {
        return LineString(out);
    }
    out.push(out[0]);
    LineString(out)
}

/// Adds a valid polygon's triangles to the shape; false when earcut gave none or failed.
fn append_triangles(shape: &mut CommuneShape, polygon: &Polygon<f64>) -> bool {
    if polygon.exterior().0.len() < 4 || polygon.interiors().iter().any(|r| r.0.len() < 4) {
        return false;
    }
    let Ok(raw) = catch_unwind(AssertUnwindSafe(|| polygon.earcut_triangles_raw())) else {
        return false;
    };
    if raw.triangle_indices.is_empty() {
        return false;
    }
    let base = shape.vertices.len();
    if u32::try_from(base + raw.vertices.len()).is_err() {
        return false;
    }
    shape
        .vertices
        .extend(raw.vertices.iter().map(|v| [v[0] as f32, v[1] as f32]));
    shape
        .indices
        .extend(raw.triangle_indices.iter().map(|&i| (base + i) as u32));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::communes::{CommuneFields, load_communes};
    use geo::{Area, MapCoords, MultiPolygon, polygon};
    use std::path::Path;

    fn commune(boundary: MultiPolygon<f64>) -> Commune {
        Commune {
            code: "C".into(),
            name: "C".into(),
            district: String::new(),
            province: String::new(),
            boundary,
        }
    }

    fn triangle_area(shape: &CommuneShape) -> f64 {
        shape
            .triangles()
            .map(|[a, b, c]| {
                let (a, b, c) = (a.map(f64::from), b.map(f64::from), c.map(f64::from));
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum()
    }

    fn world_area(boundary: &MultiPolygon<f64>, projection: &Projection) -> f64 {
        boundary
            .map_coords(|c| {
                let w = projection.world(c.x, c.y);
                Coord { x: w[0], y: w[1] }
            })
            .unsigned_area()
    }

    #[test]
    fn triangles_cover_each_demo_commune_and_a_holed_one_exactly() {
        // The demo province's communes, and a shapefile polygon with a hole from the test
        // corpus (the demo has none), each its own dataset.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut with_holes = 0;
        for file in [
            "data/communes.shp",
            "tests/data/corpus/shapefile-rs/polygon_hole.shp",
        ] {
            let communes = load_communes(&root.join(file), &CommuneFields::default())
                .unwrap_or_else(|e| panic!("{file}: {e}"))
                .communes;
            let projection = Projection::new(22.1);
            let shapes = CommuneShapes::new(&communes, &projection);
            assert_eq!(shapes.communes.len(), communes.len());
            assert_eq!(shapes.skipped_polygons, 0);
            for (c, shape) in communes.iter().zip(&shapes.communes) {
                let want = world_area(&c.boundary, &projection);
                let got = triangle_area(shape);
                assert!(
                    (got - want).abs() <= 1e-5 * want,
                    "{}: triangles {got} m², polygon {want} m²",
                    c.name
                );
                let holes: usize = c.boundary.iter().map(|p| p.interiors().len()).sum();
                with_holes += usize::from(holes > 0);
                let rings: usize = c.boundary.iter().map(|p| 1 + p.interiors().len()).sum();
                assert_eq!(shape.rings.len(), rings, "{}", c.name);
                assert!(shape.bounds.is_some());
            }
        }
        assert_eq!(with_holes, 1, "the corpus polygon has its hole");
    }

    #[test]
    fn a_hole_is_left_unfilled() {
        let with_hole = polygon![
            exterior: [(x: 105.0, y: 22.0), (x: 105.1, y: 22.0), (x: 105.1, y: 22.1), (x: 105.0, y: 22.1)],
            interiors: [[(x: 105.04, y: 22.04), (x: 105.06, y: 22.04), (x: 105.06, y: 22.06), (x: 105.04, y: 22.06)]],
        ];
        let boundary = MultiPolygon::new(vec![with_hole]);
        let projection = Projection::new(22.0);
        let shapes = CommuneShapes::new(&[commune(boundary.clone())], &projection);
        let shape = &shapes.communes[0];
        let want = world_area(&boundary, &projection);
        assert!((triangle_area(shape) - want).abs() <= 1e-6 * want);
        assert_eq!(shape.rings.len(), 2);
        assert!(shape.rings.iter().all(|r| r.first() == r.last()));
        // No triangle has its centre in the hole.
        let hole_centre = {
            let w = projection.world(105.05, 22.05);
            [w[0] - shapes.origin[0], w[1] - shapes.origin[1]]
        };
        let hole_half =
            (projection.world(105.06, 22.06)[1] - projection.world(105.04, 22.04)[1]) / 2.0;
        for [a, b, c] in shape.triangles() {
            let cx = (f64::from(a[0]) + f64::from(b[0]) + f64::from(c[0])) / 3.0;
            let cy = (f64::from(a[1]) + f64::from(b[1]) + f64::from(c[1])) / 3.0;
            assert!(
                (cx - hole_centre[0]).abs() > hole_half * 0.99
                    || (cy - hole_centre[1]).abs() > hole_half * 0.99
            );
        }
    }

    #[test]
    fn broken_polygons_are_skipped_or_repaired_never_a_panic() {
        let projection = Projection::new(22.0);
        let bowtie = polygon![(x: 105.0, y: 22.0), (x: 105.1, y: 22.1), (x: 105.1, y: 22.0), (x: 105.0, y: 22.1)];
        let line = polygon![(x: 105.0, y: 22.0), (x: 105.1, y: 22.0), (x: 105.0, y: 22.0)];
        let nan =
            polygon![(x: f64::NAN, y: 22.0), (x: 105.1, y: f64::INFINITY), (x: 105.0, y: 22.1)];
        let repeated = polygon![(x: 105.0, y: 22.0), (x: 105.0, y: 22.0), (x: 105.0, y: 22.0), (x: 105.0, y: 22.0)];
        let flat = polygon![(x: 105.0, y: 22.0), (x: 105.1, y: 22.0), (x: 105.2, y: 22.0), (x: 105.0, y: 22.0)];
        let fine = polygon![(x: 106.0, y: 22.0), (x: 106.1, y: 22.0), (x: 106.1, y: 22.1)];
        let communes = vec![
            commune(MultiPolygon::new(vec![bowtie.clone()])),
            commune(MultiPolygon::new(vec![line, nan, repeated, flat])),
            commune(MultiPolygon::new(vec![])),
            commune(MultiPolygon::new(vec![fine.clone()])),
        ];
        let shapes = CommuneShapes::new(&communes, &projection);
        assert_eq!(shapes.communes.len(), 4);
        assert_eq!(shapes.repaired_polygons, 1, "the bow tie");
        assert!(shapes.skipped_polygons >= 3, "{}", shapes.skipped_polygons);
        // The bow tie is filled as its two triangles.
        let bowtie_area = world_area(&MultiPolygon::new(vec![bowtie.clone()]), &projection);
        let repaired = bowtie
            .make_valid()
            .map(|v| world_area(&v, &projection))
            .unwrap_or(0.0);
        let got = triangle_area(&shapes.communes[0]);
        assert!(
            got > 0.0 && (got - repaired).abs() <= 1e-4 * repaired,
            "{got} vs {repaired} ({bowtie_area})"
        );
        assert_eq!(shapes.communes[2], CommuneShape::default());
        let want = world_area(&MultiPolygon::new(vec![fine]), &projection);
        assert!((triangle_area(&shapes.communes[3]) - want).abs() <= 1e-6 * want);
    }

    #[test]
    fn vertices_are_near_the_origin_and_map_to_the_screen() {
        let projection = Projection::new(22.0);
        let square = polygon![(x: 105.0, y: 22.0), (x: 105.1, y: 22.0), (x: 105.1, y: 22.1), (x: 105.0, y: 22.1)];
        let shapes = CommuneShapes::new(&[commune(MultiPolygon::new(vec![square]))], &projection);
        let corner = projection.world(105.0, 22.0);
        let size = [800.0, 600.0];
        let view = MapView {
            centre: projection.world(105.05, 22.05),
            metres_per_px: 25.0,
        };
        let to_screen = shapes.to_screen(&view, size);
        let local = [
            (corner[0] - shapes.origin[0]) as f32,
            (corner[1] - shapes.origin[1]) as f32,
        ];
        assert!(shapes.communes[0].rings[0].contains(&local));
        let want = view.screen(size, corner);
        let got = to_screen.apply(local);
        assert!(
            (f64::from(got[0]) - want[0]).abs() < 1e-3
                && (f64::from(got[1]) - want[1]).abs() < 1e-3
        );
        let b = shapes.bounds().expect("one commune");
        assert!((b.min[0] - corner[0]).abs() < 0.1 && (b.min[1] - corner[1]).abs() < 0.1);
    }

    #[test]
    fn decimation_keeps_first_and_last_and_drops_what_a_pixel_hides() {
        let to_screen = LocalToScreen {
            offset: [0.0, 0.0],
            px_per_metre: 1.0,
        };
        // Vertices 0.25 px apart along x, then back to the start.
        let mut ring: Vec<[f32; 2]> = (0..=40).map(|k| [k as f32 * 0.25, 0.0]).collect();
        ring.push([0.0, 0.0]);
        let kept: Vec<[f32; 2]> = decimate_ring(&ring, &to_screen, DECIMATE_PX).collect();
        assert_eq!(kept.first(), Some(&[0.0, 0.0]));
        assert_eq!(kept.last(), Some(&[0.0, 0.0]));
        for pair in kept[..kept.len() - 1].windows(2) {
            let d = ((pair[1][0] - pair[0][0]).powi(2) + (pair[1][1] - pair[0][1]).powi(2)).sqrt();
            assert!(d >= DECIMATE_PX, "{pair:?}");
        }
        // Every 0.25 px step is dropped until 0.75 px is reached: a third of the vertices.
        assert_eq!(kept.len(), 2 + 40 / 3);
        // A dropped vertex is within the threshold of the last kept one.
        let mut last = ring[0];
        for v in &ring[1..ring.len() - 1] {
            let d = ((v[0] - last[0]).powi(2) + (v[1] - last[1]).powi(2)).sqrt();
            if kept.contains(v) {
                last = *v;
            } else {
                assert!(d < DECIMATE_PX);
            }
        }
        // Zoomed in, nothing is dropped.
        let close = LocalToScreen {
            offset: [0.0, 0.0],
            px_per_metre: 10.0,
        };
        assert_eq!(
            decimate_ring(&ring, &close, DECIMATE_PX).count(),
            ring.len()
        );
        assert_eq!(decimate_ring(&[], &close, DECIMATE_PX).count(), 0);
        assert_eq!(decimate_ring(&[[1.0, 1.0]], &close, DECIMATE_PX).count(), 1);
    }
}
