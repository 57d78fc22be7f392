//! What the panels read of the app: a narrow view, made once a frame, that they cannot
//! change. What they want changed they send as a [`super::Command`].

use std::path::Path;
use std::sync::Arc;

use crate::i18n::Texts;
use crate::lang::Lang;
use crate::map::SampleRaster;

use super::raster::RasterKey;
use super::{App, Message, Need, Selection, Session, Settings};

pub struct View<'a> {
    pub t: &'static Texts,
    pub settings: &'a Settings,
    pub session: Option<&'a Session>,
    pub selection: Option<Selection>,
    pub messages: &'a [Message],
    /// The question the user is asked, when a load needs a choice.
    pub need: Option<&'a Need>,
    /// The share of the load done, while files load.
    pub loading: Option<f32>,
    /// A project or an output is being written.
    pub writing: bool,
    /// How the window is drawn ("wgpu (Vulkan)", "OpenGL"), for the status bar.
    pub renderer: Option<&'a str>,
    /// The project file of the work on screen, and whether the work has changed since.
    pub project: Option<(&'a Path, bool)>,
    /// The last sample raster drawn, and what for.
    pub raster: Option<&'a (RasterKey, Arc<SampleRaster>)>,
    /// The sample raster being drawn.
    pub raster_drawing: Option<&'a RasterKey>,
    /// The comparison of the data on screen with an earlier analysis.
    pub compared: Option<&'a Arc<super::Compared>>,
    /// What the user compares with, while a comparison is chosen (made or being made).
    pub comparing: Option<&'a super::Against>,
}

impl View<'_> {
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }
}

impl App {
    /// What the panels show this frame.
    pub fn view(&self) -> View<'_> {
        View {
            t: self.t(),
            settings: &self.settings,
            session: self.session.as_ref(),
            selection: self.selection,
            messages: &self.messages,
            need: self.need.as_ref(),
            loading: self.loading(),
            writing: self.writing(),
            renderer: self.renderer.as_deref(),
            project: self.project(),
            raster: self.raster.drawn.as_ref(),
            raster_drawing: self.raster.drawing.as_ref().map(|(key, _)| key),
            compared: self.compared(),
            comparing: self.comparing.as_ref(),
        }
    }
}
