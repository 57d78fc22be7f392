//! The samples as one image: when millions are on screen, a pixel each instead of a shape
//! each.
//!
//! Each pixel shows the best signal band of the samples that fall in it; pixels without a
//! sample are transparent. When the view holds few samples (under [`SPLAT_BELOW`]), each is
//! drawn 3 × 3 pixels so that single points stay visible. Only the visible area is read,
//! through the sample index's buckets: in Hilbert order, split across threads, each thread
//! with its own band buffer, merged at the end.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::style::{Rgba, SignalBand, band};
use super::view::{MapView, Projection};
use crate::index::{IndexedPoint, PointInfo, SampleIndex};
use crate::model::{Generation, Operator, Sample, Technology};

/// Below this many samples drawn, each is drawn 3 × 3 pixels instead of one.
pub const SPLAT_BELOW: u64 = 50_000;

/// Buckets of the index (32 samples each) per unit of work; the cancel flag is checked
/// before each.
const CHUNK_BUCKETS: usize = 1024;

/// Which samples the raster shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SampleLayer {
    /// One generation on its own scale, or `None` for every technology, each on its own
    /// scale. No-service samples are shown in every layer: where the phone had nothing,
    /// it had no generation either.
    pub generation: Option<Generation>,
    /// The operators shown; empty shows them all.
    pub operators: Vec<Operator>,
}

impl SampleLayer {
    /// True for a sample this layer shows.
    #[inline]
    pub fn keeps(&self, sample: &Sample) -> bool {
        let technology_kept = match (self.generation, sample.technology) {
            (None, _) | (_, Technology::NoService) => true,
            (Some(g), Technology::Gen(t)) => g == t,
        };
        technology_kept && (self.operators.is_empty() || self.operators.contains(&sample.operator))
    }
}

/// The samples of a view as an image, `width × height` pixels, row by row from the top
/// left.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleRaster {
    pub width: usize,
    pub height: usize,
    /// Unmultiplied sRGB and alpha; `[0, 0, 0, 0]` where no sample is.
    pub pixels: Vec<Rgba>,
    /// The view the image was made for: while a new one is computed, the window can draw
    /// this one moved and scaled to where the map now is.
    pub view: MapView,
    /// The map area's size in pixels, as given to [`MapView::screen`].
    pub size: [f64; 2],
    /// Samples that fell in the image (after the layer's filter).
    pub drawn: u64,
}

impl SampleRaster {
    /// The colour at pixel `(x, y)`, transparent outside the image.
    pub fn pixel(&self, x: usize, y: usize) -> Rgba {
        if x < self.width && y < self.height {
            self.pixels[y * self.width + x]
        } else {
            [0; 4]
        }
    }
}

/// The band drawn in a pixel, as a byte: 0 for none, larger for better, so that merging is
/// a maximum and a new buffer is zeroed memory.
#[inline]
fn rank(band: SignalBand) -> u8 {
    (SignalBand::ALL.len() - band.index()) as u8
}

fn band_of_rank(rank: u8) -> Option<SignalBand> {
    let k = SignalBand::ALL.len().checked_sub(rank as usize)?;
    (rank != 0).then(|| SignalBand::ALL[k])
}

/// Below this zoom (world metres a pixel) samples are placed by their own `f64`
/// coordinates rather than the index's `f32` ones.
const PRECISE_BELOW_M_PER_PX: f64 = 8.0;

/// The band rank of a sample by its technology code (0 = no service, 1 + generation index)
/// and its signal rounded down to a whole dBm (the byte of an `i8`); 0 for samples the layer
/// does not show. Exact for the scale's whole-dBm bounds.
fn rank_table(layer: &SampleLayer) -> [[u8; 256]; 5] {
    let mut table = [[0u8; 256]; 5];
    for (code, row) in table.iter_mut().enumerate() {
        let technology = match code {
            0 => Technology::NoService,
            _ => Technology::Gen(Generation::ALL[code - 1]),
        };
        let kept = match (layer.generation, technology) {
            (None, _) | (_, Technology::NoService) => true,
            (Some(g), Technology::Gen(t)) => g == t,
        };
        if !kept {
            continue;
        }
        for (byte, cell) in row.iter_mut().enumerate() {
            let dbm = f64::from(byte as u8 as i8);
            *cell = rank(band(technology, dbm));
        }
    }
    table
}

/// Draws the samples of `layer` that `view` shows in a map of `size_px` pixels; `None` when
/// `cancel` said stop (it is asked from several threads, every 32,768 samples or so).
///
/// `samples` and `index` are a dataset's (`Dataset::samples`, `Dataset::sample_index`). Once
/// [`SampleIndex::prepare_drawing`] has made what the index keeps for drawing (the window does
/// after loading), only the samples in view are read, through the index; before, or without
/// an index, every sample is read in its own order, which for one picture (a printed map from
/// the command line) costs less than making that data, and takes no memory. The two give the
/// same image.
pub fn rasterize(
    samples: &[Sample],
    index: Option<&SampleIndex>,
    projection: &Projection,
    view: &MapView,
    size_px: [usize; 2],
    layer: &SampleLayer,
    cancel: &(dyn Fn() -> bool + Sync),
) -> Option<SampleRaster> {
    let [width, height] = size_px;
    let size = [width as f64, height as f64];
    let empty = |drawn| SampleRaster {
        width,
        height,
        pixels: vec![[0; 4]; width * height],
        view: *view,
        size,
        drawn,
    };
    if cancel() {
        return None;
    }
    if width == 0 || height == 0 || !(view.metres_per_px.is_finite() && view.metres_per_px > 0.0) {
        return Some(empty(0));
    }
    // A one-pixel border around the image, so that a sample just outside it still splats
    // into its edge.
    let (padded_w, padded_h) = (width + 2, height + 2);
    let pen = |operators: &[Operator]| {
        Pen::new(
            samples,
            operators,
            projection,
            view,
            [padded_w, padded_h],
            layer,
        )
    };
    let threads = rayon::current_num_threads().max(1);
    let made = index.and_then(|index| Some((index, index.drawing_made()?)));
    let parts: Vec<(Vec<u8>, u64)> = match made {
        Some((index, drawing)) => {
            let area = view.visible(projection, [size[0] + 2.0, size[1] + 2.0]);
            let buckets =
                index.buckets_in_box(area.min_lon, area.min_lat, area.max_lon, area.max_lat);
            let points = index.points();
            let pen = pen(&drawing.operators);
            // One part of the bucket list per thread, each drawn into its own buffer a chunk
            // at a time (the cancel flag is asked between chunks), then merged by taking the
            // best band.
            let part_len = buckets.len().div_ceil(threads).max(1);
            let draw_part = |part: &[u32]| -> Option<(Vec<u8>, u64)> {
                let mut ranks = vec![0u8; padded_w * padded_h];
                let mut drawn = 0u64;
                for chunk in part.chunks(CHUNK_BUCKETS) {
                    if cancel() {
                        return None;
                    }
                    for (first, end) in runs(chunk) {
                        let run = index.bucket_run(first, end);
                        drawn += pen.draw(&points[run.clone()], &drawing.infos[run], &mut ranks);
                    }
                }
                Some((ranks, drawn))
            };
            buckets
                .par_chunks(part_len)
                .map(draw_part)
                .collect::<Option<_>>()?
        }
        None => {
            let pen = pen(&[]);
            let part_len = samples.len().div_ceil(threads).max(1);
            let draw_part = |part: &[Sample]| -> Option<(Vec<u8>, u64)> {
                let mut ranks = vec![0u8; padded_w * padded_h];
                let mut drawn = 0u64;
                for chunk in part.chunks(CHUNK_BUCKETS * crate::index::BUCKET) {
                    if cancel() {
                        return None;
                    }
                    drawn += pen.draw_samples(chunk, &mut ranks);
                }
                Some((ranks, drawn))
            };
            samples
                .par_chunks(part_len)
                .map(draw_part)
                .collect::<Option<_>>()?
        }
    };
    if cancel() {
        return None;
    }
    let drawn: u64 = parts.iter().map(|(_, n)| n).sum();
    let Some(ranks) = best_of(parts) else {
        return Some(empty(0));
    };
    let ranks = if drawn < SPLAT_BELOW {
        dilate_3x3(&ranks, padded_w, padded_h)
    } else {
        ranks
    };
    let pixels = coloured(&ranks, width, height, padded_w);
    Some(SampleRaster {
        width,
        height,
        pixels,
        view: *view,
        size,
        drawn,
    })
}

/// The threads' band buffers merged by taking the best band of each pixel; `None` without
/// any.
fn best_of(mut parts: Vec<(Vec<u8>, u64)>) -> Option<Vec<u8>> {
    let (mut ranks, _) = parts.pop()?;
    for (other, _) in &parts {
        (ranks.par_chunks_mut(1 << 16))
            .zip(other.par_chunks(1 << 16))
            .for_each(|(into, from)| {
                for (p, q) in into.iter_mut().zip(from) {
                    *p = (*p).max(*q);
                }
            });
    }
    Some(ranks)
}

/// The image of a band buffer (`padded_w` wide, with its one-pixel border left out): each
/// band in its colour, no band clear.
fn coloured(ranks: &[u8], width: usize, height: usize, padded_w: usize) -> Vec<Rgba> {
    let palette: Vec<Rgba> = (0..=SignalBand::ALL.len() as u8)
        .map(|r| band_of_rank(r).map_or([0; 4], SignalBand::colour))
        .collect();
    let mut pixels = vec![[0u8; 4]; width * height];
    (pixels.par_chunks_mut(width).enumerate()).for_each(|(y, row)| {
        let from = &ranks[(y + 1) * padded_w + 1..][..width];
        for (px, &r) in row.iter_mut().zip(from) {
            *px = palette[r as usize];
        }
    });
    pixels
}

/// How samples go into a band buffer: the layer as tables over the index's compact point
/// infos (the band rank of every operator, technology and whole dBm), and the linear map
/// from lon/lat to the buffer's pixels.
struct Pen<'a> {
    samples: &'a [Sample],
    layer: &'a SampleLayer,
    ranks_by: [[u8; 256]; 5],
    /// `ranks_by` for each of the index's operators, all zero for those not shown.
    by_operator: Vec<[[u8; 256]; 5]>,
    /// The buffer's width and height.
    size: [usize; 2],
    /// Pixel = lon/lat × scale + offset, in `f64`, for the samples' own coordinates.
    scale: [f64; 2],
    offset: [f64; 2],
    /// The lon/lat of the buffer's corner, and the scale, in `f32`, for the index's
    /// coordinates: `(lon − corner) × scale` keeps a fraction of a pixel's precision.
    corner_f32: [f32; 2],
    scale_f32: [f32; 2],
    /// Close in, an `f32` longitude (off by up to 0.8 m) could put a sample a pixel or more
    /// from its place: there, the samples' own coordinates are used.
    precise: bool,
}

impl<'a> Pen<'a> {
    /// `operators`: those [`PointInfo::operator`] counts in (the index's drawing data), none
    /// when drawing the samples themselves.
    fn new(
        samples: &'a [Sample],
        operators: &[Operator],
        projection: &Projection,
        view: &MapView,
        size: [usize; 2],
        layer: &'a SampleLayer,
    ) -> Pen<'a> {
        // The buffer has a one-pixel border: its pixel (1, 1) is the image's (0, 0).
        let image = [(size[0] - 2) as f64, (size[1] - 2) as f64];
        let scale = [
            projection.world(1.0, 0.0)[0] / view.metres_per_px,
            -projection.world(0.0, 1.0)[1] / view.metres_per_px,
        ];
        let offset = [
            image[0] / 2.0 - view.centre[0] / view.metres_per_px + 1.0,
            image[1] / 2.0 + view.centre[1] / view.metres_per_px + 1.0,
        ];
        let ranks_by = rank_table(layer);
        Pen {
            samples,
            layer,
            ranks_by,
            by_operator: operators
                .iter()
                .map(|o| {
                    if layer.operators.is_empty() || layer.operators.contains(o) {
                        ranks_by
                    } else {
                        [[0; 256]; 5]
                    }
                })
                .collect(),
            size,
            scale,
            offset,
            corner_f32: [
                (-offset[0] / scale[0]) as f32,
                (-offset[1] / scale[1]) as f32,
            ],
            scale_f32: [scale[0] as f32, scale[1] as f32],
            precise: view.metres_per_px < PRECISE_BELOW_M_PER_PX,
        }
    }

    /// The rank a point is drawn with, 0 when the layer does not show it.
    #[inline(always)]
    fn rank(&self, point: &IndexedPoint, info: &PointInfo) -> u8 {
        let dbm = usize::from(info.dbm_floor as u8);
        let technology = usize::from(info.technology) % 5;
        match self.by_operator.get(usize::from(info.operator)) {
            Some(table) => table[technology][dbm],
            None => {
                let operator = self.samples[point.sample as usize].operator;
                let shown =
                    self.layer.operators.is_empty() || self.layer.operators.contains(&operator);
                if shown {
                    self.ranks_by[technology][dbm]
                } else {
                    0
                }
            }
        }
    }

    /// Draws samples into `ranks` from the samples themselves, placed and ranked exactly as
    /// [`Pen::draw`] places and ranks their points; returns how many fell in it.
    #[inline(never)]
    fn draw_samples(&self, samples: &[Sample], ranks: &mut [u8]) -> u64 {
        let [w, h] = self.size;
        // One loop for each way of placing a sample, so that neither asks which it is for
        // every sample.
        if self.precise {
            let (limit_x, limit_y) = (w as f64, h as f64);
            self.draw_samples_placed(samples, ranks, |s| {
                let x = s.lon * self.scale[0] + self.offset[0];
                let y = s.lat * self.scale[1] + self.offset[1];
                // Also false for NaN.
                let inside = x >= 0.0 && x < limit_x && y >= 0.0 && y < limit_y;
                inside.then(|| y as usize * w + x as usize)
            })
        } else {
            // The index's own `f32` coordinates, as the points are drawn.
            let ([cx, cy], [kx, ky]) = (self.corner_f32, self.scale_f32);
            let (limit_x, limit_y) = (w as f32, h as f32);
            self.draw_samples_placed(samples, ranks, |s| {
                let x = (s.lon as f32 - cx) * kx;
                let y = (s.lat as f32 - cy) * ky;
                let inside = x >= 0.0 && x < limit_x && y >= 0.0 && y < limit_y;
                inside.then(|| y as u32 as usize * w + x as u32 as usize)
            })
        }
    }

    /// [`Pen::draw_samples`] with `place` giving a sample's pixel, `None` outside the buffer.
    #[inline(always)]
    fn draw_samples_placed(
        &self,
        samples: &[Sample],
        ranks: &mut [u8],
        place: impl Fn(&Sample) -> Option<usize>,
    ) -> u64 {
        let every_operator = self.layer.operators.is_empty();
        let (mut drawn, mut cell, mut best) = (0, usize::MAX, 0u8);
        for s in samples {
            let shown = every_operator || self.layer.operators.contains(&s.operator);
            let technology = usize::from(PointInfo::technology_code(s.technology));
            let dbm = usize::from(PointInfo::dbm_floor(s.signal_dbm) as u8);
            let r = if shown {
                self.ranks_by[technology][dbm]
            } else {
                0
            };
            let Some(here) = place(s).filter(|_| r != 0) else {
                continue;
            };
            drawn += 1;
            if here != cell {
                if let Some(old) = ranks.get_mut(cell) {
                    *old = (*old).max(best);
                }
                (cell, best) = (here, 0);
            }
            best = best.max(r);
        }
        if let Some(old) = ranks.get_mut(cell) {
            *old = (*old).max(best);
        }
        drawn
    }

    /// Draws a run of points into `ranks`; returns how many fell in it.
    #[inline(never)]
    fn draw(&self, points: &[IndexedPoint], infos: &[PointInfo], ranks: &mut [u8]) -> u64 {
        let [w, h] = self.size;
        let mut drawn = 0;
        if self.precise {
            let (limit_x, limit_y) = (w as f64, h as f64);
            for (p, info) in points.iter().zip(infos) {
                let r = self.rank(p, info);
                let s = &self.samples[p.sample as usize];
                let x = s.lon * self.scale[0] + self.offset[0];
                let y = s.lat * self.scale[1] + self.offset[1];
                // Also false for NaN.
                if r == 0 || !(x >= 0.0 && x < limit_x && y >= 0.0 && y < limit_y) {
                    continue;
                }
                let cell = &mut ranks[y as usize * w + x as usize];
                *cell = (*cell).max(r);
                drawn += 1;
            }
        } else {
            let (limit_x, limit_y) = (w as f32, h as f32);
            let ([cx, cy], [kx, ky]) = (self.corner_f32, self.scale_f32);
            // Neighbouring points mostly fall in the same pixel: its best rank is kept in a
            // register and written when the pixel changes.
            let mut cell = usize::MAX;
            let mut best = 0u8;
            for (p, info) in points.iter().zip(infos) {
                let r = self.rank(p, info);
                let x = (p.lon - cx) * kx;
                let y = (p.lat - cy) * ky;
                if r == 0 || !(x >= 0.0 && x < limit_x && y >= 0.0 && y < limit_y) {
                    continue;
                }
                drawn += 1;
                let here = y as usize * w + x as usize;
                if here == cell {
                    best = best.max(r);
                    continue;
                }
                if let Some(old) = ranks.get_mut(cell) {
                    *old = (*old).max(best);
                }
                cell = here;
                best = r;
            }
            if let Some(old) = ranks.get_mut(cell) {
                *old = (*old).max(best);
            }
        }
        drawn
    }
}

/// The runs of consecutive numbers in an ascending list, as `(first, end)` with `end`
/// excluded: the buckets whose points lie one after another in the index.
fn runs(buckets: &[u32]) -> impl Iterator<Item = (u32, u32)> + '_ {
    let mut k = 0;
    std::iter::from_fn(move || {
        let first = *buckets.get(k)?;
        let mut end = first + 1;
        k += 1;
        while buckets.get(k) == Some(&end) {
            end += 1;
            k += 1;
        }
        Some((first, end))
    })
}

/// Each cell becomes the best of itself and its eight neighbours: every sample drawn as a
/// 3 × 3 square, the best band winning where squares overlap.
fn dilate_3x3(ranks: &[u8], w: usize, h: usize) -> Vec<u8> {
    // Rows first, then columns.
    let mut across = vec![0u8; ranks.len()];
    across
        .par_chunks_exact_mut(w)
        .zip(ranks.par_chunks_exact(w))
        .for_each(|(out, row)| {
            for (x, cell) in out.iter_mut().enumerate() {
                let lo = x.saturating_sub(1);
                let hi = (x + 1).min(w - 1);
                *cell = row[lo..=hi].iter().copied().max().unwrap_or(0);
            }
        });
    let mut out = vec![0u8; ranks.len()];
    out.par_chunks_exact_mut(w)
        .enumerate()
        .for_each(|(y, row)| {
            let lo = y.saturating_sub(1);
            let hi = (y + 1).min(h - 1);
            for (x, cell) in row.iter_mut().enumerate() {
                *cell = (lo..=hi).map(|r| across[r * w + x]).max().unwrap_or(0);
            }
        });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NO_TIME;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const VIETTEL: Operator = Operator::new(452, 4);
    const VINA: Operator = Operator::new(452, 2);

    fn sample(lon: f64, lat: f64, operator: Operator, tech: &str, dbm: f64) -> Sample {
        Sample {
            lon,
            lat,
            time_s: NO_TIME,
            signal_dbm: dbm,
            operator,
            technology: Technology::parse(tech).unwrap_or(Technology::NoService),
        }
    }

    /// A 100 × 80 pixel map at 10 world metres a pixel, centred on 105.8 E 22.1 N.
    fn setup() -> (Projection, MapView, [usize; 2]) {
        let projection = Projection::new(22.0);
        let view = MapView {
            centre: projection.world(105.8, 22.1),
            metres_per_px: 10.0,
        };
        (projection, view, [100, 80])
    }

    /// The lon/lat at the centre of pixel `(x, y)`.
    fn at_pixel(p: &Projection, v: &MapView, size: [usize; 2], x: usize, y: usize) -> (f64, f64) {
        let size = [size[0] as f64, size[1] as f64];
        p.lon_lat(v.world(size, [x as f64 + 0.5, y as f64 + 0.5]))
    }

    fn draw(samples: &[Sample], layer: &SampleLayer) -> SampleRaster {
        let (p, v, size) = setup();
        both_ways(samples, &p, &v, size, layer)
    }

    /// The raster drawn from the samples themselves, then through the index's drawing data
    /// once it is made: the two must be the same picture.
    fn both_ways(
        samples: &[Sample],
        p: &Projection,
        v: &MapView,
        size: [usize; 2],
        layer: &SampleLayer,
    ) -> SampleRaster {
        let index = SampleIndex::new(samples);
        let scanned = rasterize(samples, Some(&index), p, v, size, layer, &|| false);
        index.prepare_drawing(samples);
        let indexed = rasterize(samples, Some(&index), p, v, size, layer, &|| false);
        assert_eq!(
            scanned, indexed,
            "the samples read in order and through the index"
        );
        indexed.expect("not cancelled")
    }

    /// The pixels that are not transparent.
    fn painted(r: &SampleRaster) -> Vec<(usize, usize, Rgba)> {
        let mut out = Vec::new();
        for y in 0..r.height {
            for x in 0..r.width {
                if r.pixel(x, y)[3] != 0 {
                    out.push((x, y, r.pixel(x, y)));
                }
            }
        }
        out
    }

    #[test]
    fn known_samples_land_on_their_pixels_in_their_band_colours() {
        let (p, v, size) = setup();
        let (lon1, lat1) = at_pixel(&p, &v, size, 10, 20);
        let (lon2, lat2) = at_pixel(&p, &v, size, 70, 5);
        let (lon3, lat3) = at_pixel(&p, &v, size, 0, 79);
        let samples = vec![
            sample(lon1, lat1, VIETTEL, "4G", -85.0),
            sample(lon2, lat2, VIETTEL, "2G", -95.0),
            sample(lon3, lat3, VINA, "none", f64::NAN),
        ];
        // Few samples: each is a 3 × 3 square, clipped at the image's edge.
        let r = draw(&samples, &SampleLayer::default());
        assert_eq!(r.drawn, 3);
        assert_eq!((r.width, r.height, r.pixels.len()), (100, 80, 8000));
        let good = SignalBand::Good.colour();
        let poor = SignalBand::Poor.colour();
        let none = SignalBand::NoService.colour();
        let mut expected = Vec::new();
        for (cx, cy, colour) in [(10usize, 20usize, good), (70, 5, poor), (0, 79, none)] {
            for y in cy.saturating_sub(1)..=(cy + 1).min(79) {
                for x in cx.saturating_sub(1)..=(cx + 1).min(99) {
                    expected.push((x, y, colour));
                }
            }
        }
        expected.sort_by_key(|&(x, y, _)| (y, x));
        assert_eq!(painted(&r), expected);
    }

    #[test]
    fn the_best_band_wins_a_pixel_whatever_the_technology() {
        let (p, v, size) = setup();
        let (lon, lat) = at_pixel(&p, &v, size, 50, 40);
        let samples = vec![
            sample(lon, lat, VIETTEL, "4G", -112.0),
            sample(lon, lat, VINA, "3G", -72.0),
            sample(lon, lat, VIETTEL, "none", f64::NAN),
        ];
        let r = draw(&samples, &SampleLayer::default());
        assert_eq!(r.pixel(50, 40), SignalBand::Good.colour(), "3G −72 is good");
        let only_4g = SampleLayer {
            generation: Some(Generation::G4),
            operators: Vec::new(),
        };
        let r = draw(&samples, &only_4g);
        assert_eq!(r.pixel(50, 40), SignalBand::Bad.colour());
        assert_eq!(r.drawn, 2, "the 4G sample and the no-service one");
    }

    #[test]
    fn the_layer_filters_by_generation_and_operator() {
        let (p, v, size) = setup();
        let (lon_a, lat_a) = at_pixel(&p, &v, size, 20, 20);
        let (lon_b, lat_b) = at_pixel(&p, &v, size, 60, 60);
        let samples = vec![
            sample(lon_a, lat_a, VIETTEL, "4G", -75.0),
            sample(lon_b, lat_b, VINA, "3G", -65.0),
        ];
        let vina = SampleLayer {
            generation: None,
            operators: vec![VINA],
        };
        let r = draw(&samples, &vina);
        assert_eq!(r.drawn, 1);
        assert_eq!(
            samples.iter().map(|s| vina.keeps(s)).collect::<Vec<_>>(),
            [false, true]
        );
        assert_eq!(r.pixel(20, 20)[3], 0);
        assert_eq!(r.pixel(60, 60), SignalBand::Excellent.colour());
        let viettel_3g = SampleLayer {
            generation: Some(Generation::G3),
            operators: vec![VIETTEL],
        };
        let r = draw(&samples, &viettel_3g);
        assert_eq!(r.drawn, 0);
        assert!(painted(&r).is_empty());
    }

    #[test]
    fn many_samples_are_a_pixel_each() {
        let (p, v, size) = setup();
        let (lon, lat) = at_pixel(&p, &v, size, 30, 30);
        let (far_lon, far_lat) = (lon + 10.0, lat);
        let mut samples =
            vec![sample(far_lon, far_lat, VIETTEL, "4G", -80.0); SPLAT_BELOW as usize];
        samples.push(sample(lon, lat, VIETTEL, "4G", -95.0));
        // The far samples are outside the view: one sample drawn, splatted.
        let r = draw(&samples, &SampleLayer::default());
        assert_eq!(r.drawn, 1);
        assert_eq!(painted(&r).len(), 9);
        // As many in view: a pixel each.
        let many = vec![sample(lon, lat, VIETTEL, "4G", -95.0); SPLAT_BELOW as usize];
        let r = draw(&many, &SampleLayer::default());
        assert_eq!(r.drawn, SPLAT_BELOW);
        assert_eq!(painted(&r), vec![(30, 30, SignalBand::Fair.colour())]);
    }

    #[test]
    fn an_empty_area_is_transparent() {
        let samples = vec![sample(100.0, 10.0, VIETTEL, "4G", -80.0)];
        let r = draw(&samples, &SampleLayer::default());
        assert_eq!(r.drawn, 0);
        assert!(r.pixels.iter().all(|px| *px == [0; 4]));
        let r = draw(&[], &SampleLayer::default());
        assert_eq!((r.drawn, r.pixels.len()), (0, 8000));
        let (p, v, _) = setup();
        let index = SampleIndex::new(&samples);
        let zero = rasterize(
            &samples,
            Some(&index),
            &p,
            &v,
            [0, 0],
            &SampleLayer::default(),
            &|| false,
        );
        assert!(zero.is_some_and(|r| r.pixels.is_empty()));
    }

    #[test]
    fn cancelling_returns_nothing() {
        let (p, v, size) = setup();
        let (lon, lat) = at_pixel(&p, &v, size, 30, 30);
        let samples = vec![sample(lon, lat, VIETTEL, "4G", -80.0); 100_000];
        let index = SampleIndex::new(&samples);
        let layer = SampleLayer::default();
        assert!(rasterize(&samples, Some(&index), &p, &v, size, &layer, &|| true).is_none());
        // Cancelled part of the way through.
        let asked = AtomicUsize::new(0);
        let later = || asked.fetch_add(1, Ordering::Relaxed) >= 2;
        assert!(rasterize(&samples, Some(&index), &p, &v, size, &layer, &later).is_none());
    }

    #[test]
    fn the_raster_remembers_its_view() {
        let (p, v, size) = setup();
        let r = draw(&[], &SampleLayer::default());
        assert_eq!(r.view, v);
        assert_eq!(r.size, [size[0] as f64, size[1] as f64]);
        let _ = p;
    }

    #[test]
    fn the_rank_table_gives_the_band_of_every_signal_rounded_down() {
        let table = rank_table(&SampleLayer::default());
        for (code, row) in table.iter().enumerate() {
            let technology = match code {
                0 => Technology::NoService,
                _ => Technology::Gen(Generation::ALL[code - 1]),
            };
            for tenth in -1500..=-300 {
                let dbm = f64::from(tenth) / 10.0;
                let byte = (dbm.floor() as i8) as u8;
                assert_eq!(
                    row[byte as usize],
                    rank(band(technology, dbm)),
                    "{technology} {dbm}"
                );
            }
        }
        let only_3g = rank_table(&SampleLayer {
            generation: Some(Generation::G3),
            operators: Vec::new(),
        });
        assert!(only_3g[0].iter().all(|&r| r == rank(SignalBand::NoService)));
        assert!(only_3g[2].iter().all(|&r| r != 0));
        for code in [1, 3, 4] {
            assert!(only_3g[code].iter().all(|&r| r == 0));
        }
    }

    #[test]
    fn close_in_samples_are_placed_by_their_own_coordinates() {
        // At 0.5 m a pixel an `f32` longitude is off by more than a pixel; each sample still
        // lands in its pixel.
        let projection = Projection::new(22.0);
        let view = MapView {
            centre: projection.world(105.8, 22.1),
            metres_per_px: 0.5,
        };
        let size = [100, 80];
        // Every fifth pixel, so that the 3 × 3 squares do not touch.
        let targets: Vec<(usize, usize)> = (0..20)
            .flat_map(|i| (0..16).map(move |j| (2 + 5 * i, 2 + 5 * j)))
            .collect();
        let samples: Vec<Sample> = targets
            .iter()
            .map(|&(x, y)| {
                let (lon, lat) = at_pixel(&projection, &view, size, x, y);
                sample(lon, lat, VIETTEL, "4G", -70.0)
            })
            .collect();
        let r = both_ways(&samples, &projection, &view, size, &SampleLayer::default());
        assert_eq!(r.drawn, targets.len() as u64);
        let mut expected: Vec<(usize, usize, Rgba)> = targets
            .iter()
            .flat_map(|&(x, y)| {
                (y - 1..=y + 1)
                    .flat_map(move |py| (x - 1..=x + 1).map(move |px| (px, py)))
                    .map(|(px, py)| (px, py, SignalBand::Excellent.colour()))
            })
            .collect();
        expected.sort_by_key(|&(x, y, _)| (y, x));
        assert_eq!(painted(&r), expected);
    }

    #[test]
    fn a_crowd_of_samples_far_out_is_the_same_picture_either_way() {
        // 60,000 samples of every technology, two operators and signals across the scales,
        // scattered (a fixed sequence) over 30 km, a twelfth of them in a view of 10 × 8 km at
        // 100 m a pixel (the index's `f32` coordinates); all operators and one.
        let (p, _, size) = setup();
        let view = MapView {
            centre: p.world(105.8, 22.1),
            metres_per_px: 100.0,
        };
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        let techs = ["2G", "3G", "4G", "5G", "none"];
        let samples: Vec<Sample> = (0..60_000)
            .map(|i| {
                let (lon, lat) = (105.65 + 0.3 * next(), 21.95 + 0.3 * next());
                let operator = if i % 3 == 0 { VINA } else { VIETTEL };
                sample(lon, lat, operator, techs[i % 5], -140.0 + 90.0 * next())
            })
            .collect();
        let r = both_ways(&samples, &p, &view, size, &SampleLayer::default());
        assert!(r.drawn > 4_000 && painted(&r).len() > 2_000, "{}", r.drawn);
        let vina = SampleLayer {
            generation: None,
            operators: vec![VINA],
        };
        let r = both_ways(&samples, &p, &view, size, &vina);
        assert!(r.drawn > 1_000, "{}", r.drawn);
    }

    #[test]
    fn ranks_and_bands_round_trip() {
        assert_eq!(band_of_rank(0), None);
        for b in SignalBand::ALL {
            assert_eq!(band_of_rank(rank(b)), Some(b));
        }
        assert!(rank(SignalBand::Excellent) > rank(SignalBand::NoService));
    }
}
