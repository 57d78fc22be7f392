//! The sample raster of the map, drawn off the frame: the map asks for one when its view
//! has held still, the app draws it, and the map shows the last one drawn meanwhile.

use std::sync::Arc;

use crate::map::{MapView, SampleLayer, SampleRaster, rasterize};

use super::{App, Job, Poll};

/// What a sample raster depends on.
#[derive(Clone, Debug, PartialEq)]
pub struct RasterKey {
    /// The session's dataset, by address: a new load is another raster.
    pub dataset: usize,
    pub view: MapView,
    pub size_px: [usize; 2],
    pub layer: SampleLayer,
}

/// The raster drawn last and the one being drawn.
#[derive(Default)]
pub(super) struct Rasters {
    pub drawn: Option<(RasterKey, Arc<SampleRaster>)>,
    pub drawing: Option<(RasterKey, Job<Option<SampleRaster>>)>,
}

impl Rasters {
    /// Forgets both, for a new session.
    pub fn clear(&mut self) {
        if let Some((_, job)) = self.drawing.take() {
            job.cancel();
        }
        self.drawn = None;
    }
}

impl App {
    /// Starts drawing the raster for `key`, in place of any being drawn.
    pub(super) fn draw_raster(&mut self, key: RasterKey) {
        let Some(session) = &self.session else { return };
        if let Some((_, job)) = self.raster.drawing.take() {
            job.cancel();
        }
        let dataset = Arc::clone(&session.dataset);
        let projection = session.projection;
        let repaint = self.ctx.clone();
        let k = key.clone();
        let job = Job::spawn(
            "sample raster",
            move || repaint.request_repaint(),
            move |progress| {
                rasterize(
                    &dataset.samples,
                    Some(dataset.sample_index()),
                    &projection,
                    &k.view,
                    k.size_px,
                    &k.layer,
                    &|| progress.is_cancelled(),
                )
            },
        );
        self.raster.drawing = Some((key, job));
    }

    /// Takes a raster that finished drawing.
    pub(super) fn poll_raster(&mut self) {
        let Some((_, job)) = &self.raster.drawing else {
            return;
        };
        match job.poll() {
            Poll::Running => {}
            Poll::Done(Some(raster)) => {
                if let Some((key, _)) = self.raster.drawing.take() {
                    self.raster.drawn = Some((key, Arc::new(raster)));
                }
            }
            Poll::Done(None) | Poll::Lost => self.raster.drawing = None,
        }
    }
}
