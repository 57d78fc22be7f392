//! Where thousands of villages are in view their markers would hide each other and the map
//! under them: each becomes a small square, and only one is drawn per cell of a few pixels,
//! the top-most (flagged villages are drawn last, so they win their cell). The window and the
//! printed map thin the same way, each in its own units.

use super::Marker;

/// Above this many villages in view, markers become squares, one per cell.
pub const CROWDED: usize = 3_000;
/// A cell's side, in pixels of the window (on paper, pixels of 96 dpi).
pub const CELL_PX: f64 = 4.0;

/// Half the side of a crowded village's square, in pixels: the larger markers (flagged
/// villages, gains and losses) as larger squares.
pub fn half_side_px(m: &Marker) -> f64 {
    if m.radius_px >= 5.0 { 2.5 } else { 1.5 }
}

/// Which of `points` are drawn: the indices of the first point in each `cell`-sided cell of
/// the area from `min`, `size` across (points are top-most first; those outside are left
/// out).
///
/// ```
/// use phusong::map::crowded::thin;
/// // Two points share the first 4 × 4 cell; the third has its own.
/// let points = [[1.0, 1.0], [3.0, 2.0], [5.0, 1.0]];
/// assert_eq!(thin(points, [0.0, 0.0], [8.0, 4.0], 4.0), vec![0, 2]);
/// ```
pub fn thin(
    points: impl IntoIterator<Item = [f64; 2]>,
    min: [f64; 2],
    size: [f64; 2],
    cell: f64,
) -> Vec<usize> {
    let columns = (size[0] / cell) as usize + 1;
    let rows = (size[1] / cell) as usize + 1;
    let mut taken = vec![false; columns * rows];
    let mut kept = Vec::new();
    for (i, p) in points.into_iter().enumerate() {
        let (x, y) = ((p[0] - min[0]) / cell, (p[1] - min[1]) / cell);
        if !(x >= 0.0 && y >= 0.0) || x as usize >= columns || y as usize >= rows {
            continue;
        }
        let at = y as usize * columns + x as usize;
        if !taken[at] {
            taken[at] = true;
            kept.push(i);
        }
    }
    kept
}
