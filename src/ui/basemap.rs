//! The online basemap: OpenStreetMap's tiles under every other layer, fetched by walkers in
//! the background (an identifying User-Agent, a disk cache that follows the tiles' HTTP
//! caching, only the tiles in view: the tile usage policy) and drawn here in the map's own
//! projection, each tile a mesh warped from Web Mercator. A fetch that fails is only logged
//! by walkers; a small logger catches it so the map can say plainly that it is offline.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use egui::{Color32, Mesh, Pos2, Rect, pos2};
use walkers::sources::{Attribution, TileSource};
use walkers::{HeaderValue, HttpOptions, HttpTiles, Tile, TileId, TilePiece, Tiles};

use crate::map::{MapView, Projection};

/// Where tiles come from: OpenStreetMap, or a server of the user's (`{z}/{x}/{y}` in the URL).
pub struct Source {
    pub url: String,
}

/// OpenStreetMap's standard tiles.
pub const OSM_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

impl TileSource for Source {
    fn tile_url(&self, t: TileId) -> String {
        (self.url.replace("{z}", &t.zoom.to_string()))
            .replace("{x}", &t.x.to_string())
            .replace("{y}", &t.y.to_string())
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "© OpenStreetMap contributors",
            url: "https://www.openstreetmap.org/copyright",
            logo_light: None,
            logo_dark: None,
        }
    }
}

/// The basemap's tiles, for one tile source.
pub struct Basemap {
    url: String,
    tiles: HttpTiles,
}

/// What phusong says to the tile servers it asks: who asks, and where to read about it.
const USER_AGENT: &str = concat!(
    "phusong/",
    env!("CARGO_PKG_VERSION"),
    " (mobile coverage of villages; desktop app)"
);

/// At most this many tiles a frame: a large window at a low zoom, never a bulk download.
const MAX_TILES: usize = 64;
/// Each tile drawn as this many strips from north to south: Web Mercator stretches latitude.
const STRIPS: usize = 4;

impl Basemap {
    pub fn new(url: &str, ctx: &egui::Context) -> Basemap {
        // walkers leaves the TLS provider to the app; another may already be installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        catch_fetch_errors();
        let cache = eframe::storage_dir("phusong").map(|d| d.join("tiles"));
        let options = HttpOptions {
            cache,
            user_agent: Some(HeaderValue::from_static(USER_AGENT)),
            ..Default::default()
        };
        let source = Source {
            url: url.to_string(),
        };
        Basemap {
            url: url.to_string(),
            tiles: HttpTiles::with_options(source, options, ctx.clone()),
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Draws the tiles of the view into `rect`, faded to `opacity`; returns how many of the
    /// tiles wanted were there to draw.
    pub fn draw(
        &mut self,
        painter: &egui::Painter,
        rect: Rect,
        view: &MapView,
        projection: &Projection,
    ) -> usize {
        let size = [f64::from(rect.width()), f64::from(rect.height())];
        let seen = view.visible(projection, size);
        let (_, lat) = seen.centre();
        // The zoom whose pixels are closest to the screen's at the view's middle.
        let true_m_per_px = view.metres_per_px * projection.true_metres_per_world_metre(lat);
        let z = (156_543.03 * lat.to_radians().cos() / true_m_per_px.max(0.01))
            .log2()
            .round()
            .clamp(0.0, 19.0) as u8;
        let (x0, y0) = tile_of(seen.min_lon, seen.max_lat, z);
        let (x1, y1) = tile_of(seen.max_lon, seen.min_lat, z);
        let to_screen = |lon: f64, lat: f64| {
            let s = view.screen(size, projection.world(lon, lat));
            pos2(rect.left() + s[0] as f32, rect.top() + s[1] as f32)
        };
        let mut drawn = 0;
        let ids = (y0..=y1).flat_map(|y| (x0..=x1).map(move |x| TileId { x, y, zoom: z }));
        for id in ids.take(MAX_TILES) {
            if let Some(TilePiece {
                tile: Tile::Raster(texture),
                uv,
            }) = self.tiles.at(id)
            {
                painter.add(tile_mesh(texture.id(), id, uv, &to_screen));
                drawn += 1;
            }
        }
        drawn
    }
}

/// The tile (x, y) at zoom `z` that holds a point, clamped to the world.
fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let lat = lat.clamp(-85.05, 85.05).to_radians();
    let x = ((lon + 180.0) / 360.0 * n).floor();
    let y = ((1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0 * n).floor();
    let last = n - 1.0;
    (x.clamp(0.0, last) as u32, y.clamp(0.0, last) as u32)
}

/// The longitude and latitude of a tile's corner (x, y) at zoom `z` (fractions allowed).
fn corner(x: f64, y: f64, z: u8) -> (f64, f64) {
    let n = f64::from(1u32 << z);
    let lon = x / n * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * y / n))
        .sinh()
        .atan()
        .to_degrees();
    (lon, lat)
}

/// One tile as a textured mesh in strips, each strip's corners placed by their lon/lat, so
/// the tile lies where it belongs in the map's projection.
fn tile_mesh(
    texture: egui::TextureId,
    id: TileId,
    uv: Rect,
    to_screen: &impl Fn(f64, f64) -> Pos2,
) -> Mesh {
    let mut mesh = Mesh::with_texture(texture);
    let (x, y) = (f64::from(id.x), f64::from(id.y));
    for s in 0..=STRIPS {
        let f = s as f64 / STRIPS as f64;
        let v = uv.top() + (uv.bottom() - uv.top()) * f as f32;
        let (lon0, lat) = corner(x, y + f, id.zoom);
        let (lon1, _) = corner(x + 1.0, y + f, id.zoom);
        mesh.vertices.push(egui::epaint::Vertex {
            pos: to_screen(lon0, lat),
            uv: pos2(uv.left(), v),
            color: Color32::WHITE,
        });
        mesh.vertices.push(egui::epaint::Vertex {
            pos: to_screen(lon1, lat),
            uv: pos2(uv.right(), v),
            color: Color32::WHITE,
        });
        if s > 0 {
            let b = (s as u32 - 1) * 2;
            mesh.indices.extend([b, b + 1, b + 2, b + 1, b + 3, b + 2]);
        }
    }
    mesh
}

/// When a tile last failed to come (seconds since 1970), as walkers logs it; 0 for never.
static LAST_FETCH_ERROR_S: AtomicU64 = AtomicU64::new(0);

/// Whether a tile failed to come in the last half minute: the map says it is offline.
pub fn offline() -> bool {
    let last = LAST_FETCH_ERROR_S.load(Ordering::Relaxed);
    last > 0 && now_s().saturating_sub(last) < 30
}

fn now_s() -> u64 {
    (SystemTime::now().duration_since(UNIX_EPOCH)).map_or(0, |d| d.as_secs())
}

/// Catches walkers' warnings of failed fetches; everything else is left as it was (phusong
/// logs nothing else).
struct FetchErrors;

impl log::Log for FetchErrors {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn && metadata.target().starts_with("walkers")
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            LAST_FETCH_ERROR_S.store(now_s(), Ordering::Relaxed);
        }
    }

    fn flush(&self) {}
}

fn catch_fetch_errors() {
    static LOGGER: FetchErrors = FetchErrors;
    if log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(log::LevelFilter::Warn);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_and_their_corners_agree() {
        // Hà Nội at zoom 10: tile 813, 450 (as OpenStreetMap numbers it), whose north-west corner
        // is at 105.82° E, 21.29° N.
        assert_eq!(tile_of(105.85, 21.03, 10), (813, 450));
        let (lon, lat) = corner(813.0, 450.0, 10);
        assert!(
            (lon - 105.82).abs() < 0.01 && (lat - 21.289).abs() < 0.001,
            "{lon} {lat}"
        );
        assert_eq!(tile_of(-200.0, 89.0, 3), (0, 0));
    }
}
