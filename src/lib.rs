//! # phusong — which villages have mobile signal
//!
//! The engine behind the desktop app and the command line: it loads commune boundaries,
//! village points and signal samples, applies the coverage rule of `docs/coverage-rule.md`,
//! rolls the result up to communes, districts and the province, and writes the reports.
//!
//! Data flows one way: files → [`io`] → [`model`] → [`index`] → [`rule`] → [`rollup`] →
//! [`export`]. [`analysis`] is the one call every front uses, so the window, the command line
//! and every export give the same numbers.

pub mod age;
pub mod analysis;
#[cfg(feature = "window")]
pub mod app;
pub mod assets;
pub mod cli;
pub mod compare;
pub mod crs;
pub mod demo;
pub mod error;
pub mod export;
pub mod fold;
pub mod i18n;
pub mod index;
pub mod io;
pub mod lang;
pub mod map;
pub mod message;
pub mod model;
pub mod numbers;
pub mod progress;
pub mod project;
pub mod reach;
pub mod rollup;
pub mod rule;
pub mod sample_roles;
pub mod stats;
#[cfg(feature = "window")]
pub mod ui;
#[cfg(feature = "window")]
pub mod window;

pub use error::{Error, Result};
