//! What the app knows: the user's settings (kept between runs), the loaded session, the
//! selection and the messages. Datasets and jobs are never saved.

use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::analysis::{Dataset, Evaluation, Inputs};
use crate::fold::fold_letters;
use crate::lang::Lang;
use crate::map::{Extents, Layers, Projection, SavedView};
use crate::model::Operator;
use crate::rule::Params;

/// What the user chose, saved when the app closes and brought back at the next start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    /// The files of the last analysis; `None` means the demo province.
    pub inputs: Option<Inputs>,
    pub params: Params,
    pub layers: Layers,
    /// Where the map looked, with the data it looked at (a view of other data is not reused).
    pub map_view: Option<SavedView>,
    /// Project files opened or saved, the latest first.
    pub recent_projects: Vec<std::path::PathBuf>,
    /// Which file dialog opens: the system's or phusong's own.
    #[serde(default)]
    pub file_dialogs: super::FileDialogs,
    /// The folder each kind of file dialog was last left in.
    #[serde(default)]
    pub dialog_folders: super::DialogFolders,
    /// The basemap's tile server, `{z}/{x}/{y}` in it; `None` for OpenStreetMap's.
    #[serde(default)]
    pub basemap_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Vi,
            inputs: None,
            params: Params::default(),
            layers: Layers::default(),
            map_view: None,
            recent_projects: Vec::new(),
            file_dialogs: Default::default(),
            dialog_folders: Default::default(),
            basemap_url: None,
        }
    }
}

/// A loaded analysis: the data, the rule's current result, and what the map needs of them.
pub struct Session {
    pub inputs: Inputs,
    /// `true` when these are the bundled demo files.
    pub is_demo: bool,
    pub dataset: Arc<Dataset>,
    pub evaluation: Arc<Evaluation>,
    /// Unique to this result: what caches of it (tables, markers) are keyed by.
    pub evaluation_id: u64,
    pub projection: Projection,
    /// Where each layer lies, for "zoom to".
    pub extents: Extents,
    /// Operators seen in the samples, in order.
    pub operators: Vec<Operator>,
    /// Village and commune names folded for accent-insensitive search.
    pub search: SearchIndex,
    /// Commune fills and outlines, ready to draw.
    pub shapes: Arc<crate::map::CommuneShapes>,
    /// The names of the communes' units the map may show, placed per view.
    pub labels: Arc<Vec<crate::map::labels::Candidate>>,
    /// The background layers in world metres, one per [`Dataset::background`] layer.
    pub background: Arc<Vec<crate::map::background::BackgroundShapes>>,
    /// Sample counts for the charts.
    pub stats: crate::stats::SampleStats,
    /// Each village's nearest samples, for re-runs of the rule; made after the session is
    /// on screen (`None` until then, or when the data does not fit them).
    pub reach: Option<Arc<crate::reach::Reach>>,
}

/// Names folded once (lower case, no accents), so a search is a substring scan.
#[derive(Default)]
pub struct SearchIndex {
    pub villages: Vec<String>,
    pub communes: Vec<String>,
}

impl SearchIndex {
    pub fn new(dataset: &Dataset) -> SearchIndex {
        SearchIndex {
            villages: dataset
                .villages
                .iter()
                .map(|v| fold_letters(&v.name))
                .collect(),
            communes: dataset
                .communes
                .iter()
                .map(|c| fold_letters(&c.name))
                .collect(),
        }
    }

    /// Villages then communes whose name contains `query` (accents and case ignored), at most
    /// `limit` of them.
    pub fn find(&self, query: &str, limit: usize) -> Vec<Selection> {
        let q = fold_letters(query.trim());
        if q.is_empty() {
            return Vec::new();
        }
        let villages = (self.villages.iter().enumerate())
            .filter(|(_, n)| n.contains(&q))
            .map(|(i, _)| Selection::Village(i));
        let communes = (self.communes.iter().enumerate())
            .filter(|(_, n)| n.contains(&q))
            .map(|(i, _)| Selection::Commune(i));
        villages.chain(communes).take(limit).collect()
    }
}

/// What the user clicked: a village or a commune, by index into the dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Village(usize),
    Commune(usize),
}

/// A line in the messages area. Its words are made when it is shown, so that it follows a
/// change of language.
#[derive(Clone)]
pub struct Message {
    pub level: Level,
    words: std::sync::Arc<dyn Fn(&crate::i18n::Texts) -> String + Send + Sync>,
    pub at: SystemTime,
}

impl Message {
    pub fn new(
        level: Level,
        words: impl Fn(&crate::i18n::Texts) -> String + Send + Sync + 'static,
    ) -> Message {
        Message {
            level,
            words: std::sync::Arc::new(words),
            at: SystemTime::now(),
        }
    }

    /// The message in the language of `t`.
    pub fn text(&self, t: &crate::i18n::Texts) -> String {
        (self.words)(t)
    }
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Message")
            .field("level", &self.level)
            .field("text", &self.text(crate::lang::Lang::En.texts()))
            .finish()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A fresh id for a result of the rule.
pub fn next_evaluation_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
