//! Which layers a map shows, and what follows from that: the sample raster's selection and
//! the legends. The window, the printed map and project files all hold a [`Layers`].

use serde::{Deserialize, Serialize};

use super::raster::SampleLayer;
use super::style::{Legend, share_legend, signal_legend, village_legend};
use crate::model::{Generation, Operator};

/// Which map layers show, and which samples the sample layer draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Layers {
    pub communes: bool,
    pub villages: bool,
    pub samples: bool,
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
            sample_generation: Some(Generation::G4),
            sample_operator: None,
        }
    }
}

impl Layers {
    /// The samples the sample layer draws.
    pub fn sample_layer(&self) -> SampleLayer {
        SampleLayer {
            generation: self.sample_generation,
            operators: self.sample_operator.into_iter().collect(),
        }
    }

    /// The legends of the visible layers, in the order a map shows them.
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
