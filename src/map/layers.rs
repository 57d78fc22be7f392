//! Which layers a map shows, and what follows from that: the sample raster's selection and
//! the legends. The window, the printed map and project files all hold a [`Layers`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::raster::SampleLayer;
use super::style::{Legend, share_legend, signal_legend, village_legend};
use crate::model::{Generation, Operator};

/// A background layer's place on the map: shown or not, and how opaque (0 to 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackgroundShown {
    pub path: PathBuf,
    pub on: bool,
    pub opacity: f32,
}

/// Which map layers show, and which samples the sample layer draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Layers {
    pub communes: bool,
    pub villages: bool,
    pub samples: bool,
    /// Province, district and commune names.
    pub names: bool,
    /// OpenStreetMap's tiles under everything (online; off until the user turns it on).
    pub basemap: bool,
    /// The background layers the user switched off or made fainter; any other is shown
    /// whole.
    pub background: Vec<BackgroundShown>,
    /// The technology the sample layer shows; `None` for all.
    pub sample_generation: Option<Generation>,
    /// The operator the sample layer shows; `None` for all.
    pub sample_operator: Option<Operator>,
}

impl Default for Layers {
    fn default() -> Self {
        Layers {
            communes: true,
            villages: true,
            samples: true,
            names: true,
            basemap: false,
            background: Vec::new(),
            sample_generation: Some(Generation::G4),
            sample_operator: None,
        }
    }
}

impl Layers {
    /// Whether the background layer read from `path` shows, and how opaque.
    pub fn background_of(&self, path: &Path) -> (bool, f32) {
        (self.background.iter())
            .find(|b| b.path == path)
            .map_or((true, 1.0), |b| (b.on, b.opacity.clamp(0.0, 1.0)))
    }

    /// These layers with the background layer at `path` shown or not, at `opacity`.
    pub fn set_background(&mut self, path: &Path, on: bool, opacity: f32) {
        self.background.retain(|b| b.path != path);
        if !on || opacity < 1.0 {
            self.background.push(BackgroundShown {
                path: path.to_path_buf(),
                on,
                opacity,
            });
        }
    }

    /// The samples the sample layer draws.
    pub fn sample_layer(&self) -> SampleLayer {
        SampleLayer {
            generation: self.sample_generation,
            operators: self.sample_operator.into_iter().collect(),
        }
    }

    /// The legends of the visible layers, in the order a map shows them.
    /// The legends of a map of `eval`: the villages' by what changed when the map shows a
    /// comparison (`changes`), with the survey-age ring when some village needs a new survey.
    pub fn legends_of(&self, eval: &crate::analysis::Evaluation, changes: bool) -> Vec<Legend> {
        use super::style::{LegendEntry, LegendLabel, LegendTitle, NEEDS_NEW_SURVEY, Swatch};
        let required = eval.params.required;
        let mut legends = self.legends(required);
        for legend in &mut legends {
            if !matches!(legend.title_key, LegendTitle::Villages { .. }) {
                continue;
            }
            if changes {
                *legend = super::style::change_legend(required);
            }
            if let Some(age) = eval.survey_age
                && eval.villages_needing_new_survey() > 0
            {
                legend.entries.push(LegendEntry {
                    colour: NEEDS_NEW_SURVEY.colour,
                    shape: Swatch::Marker(NEEDS_NEW_SURVEY),
                    label: LegendLabel::NeedsNewSurvey {
                        months: age.max_age_months,
                    },
                });
            }
        }
        legends
    }

    pub fn legends(&self, required: Generation) -> Vec<Legend> {
        let mut legends = Vec::new();
        if self.communes {
            legends.push(share_legend(required));
        }
        if self.villages {
            legends.push(village_legend(required));
        }
        if self.samples {
            legends.push(signal_legend(self.sample_generation));
        }
        legends
    }
}
