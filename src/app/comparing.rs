//! This year against last in the window: the work on screen compared with another saved
//! project, or with its own data over an earlier date range. The comparison is made off the
//! frame, and made again whenever the result on screen changes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use super::{App, Job, Level, Poll};
use crate::analysis::{Dataset, Evaluation};
use crate::compare::{Change, Comparison, Side};
use crate::error::Error;
use crate::message::Msg;
use crate::project::Project;

/// What the work on screen is compared with.
#[derive(Clone, Debug, PartialEq)]
pub enum Against {
    /// Another saved project: last year's survey.
    Project(PathBuf),
    /// The same data over these days (the work on screen being the later ones).
    Dates {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
}

/// A comparison on screen: the earlier analysis, and village by village what changed
/// since it.
pub struct Compared {
    pub against: Against,
    pub before: Arc<Dataset>,
    pub before_eval: Arc<Evaluation>,
    /// The data on screen it was made for: its village indices are this data's.
    pub after: Arc<Dataset>,
    pub after_eval: Arc<Evaluation>,
    pub comparison: Comparison,
    /// What changed at each village on screen, by its index.
    pub changes: Vec<Option<Change>>,
    /// Unique to this comparison: what caches of it (the table) are keyed by.
    pub id: u64,
}

impl Compared {
    /// The two sides, as the reports take them.
    pub fn sides(&self) -> crate::compare::Compared<'_> {
        crate::compare::Compared {
            before: Side {
                dataset: &self.before,
                eval: &self.before_eval,
            },
            after: Side {
                dataset: &self.after,
                eval: &self.after_eval,
            },
            comparison: &self.comparison,
        }
    }
}

/// What a comparison job hands back: the comparison, or why there is none, and what the
/// user should hear of the earlier project's files.
pub(super) struct Made {
    compared: Result<Compared, Error>,
    notes: Vec<Note>,
}

/// Something said about the earlier project's inputs.
enum Note {
    /// Read though outside the project's folder (the user chose the project).
    Outside(String),
    /// Changed since the project was saved: its figures are those of the files today.
    Changed(String),
}

impl App {
    /// Compares the work on screen with `against`, now and after every new result.
    pub(super) fn compare_with(&mut self, against: Against) {
        if self.session.is_none() {
            return;
        }
        if let Some(job) = self.compare_job.take() {
            job.cancel();
        }
        self.comparing = Some(against);
        self.compared = None;
        self.start_compare();
    }

    pub(super) fn stop_comparing(&mut self) {
        if let Some(job) = self.compare_job.take() {
            job.cancel();
        }
        self.comparing = None;
        self.compared = None;
        self.compare_again = false;
    }

    /// Makes the comparison for the result on screen (once the job under way is done).
    pub(super) fn start_compare(&mut self) {
        let (Some(against), Some(session)) = (self.comparing.clone(), &self.session) else {
            return;
        };
        if self.compare_job.is_some() {
            self.compare_again = true;
            return;
        }
        self.compare_again = false;
        let after = Arc::clone(&session.dataset);
        let after_eval = Arc::clone(&session.evaluation);
        // An earlier project already loaded is not read again when only the rule changed.
        let loaded = (self.compared.as_ref())
            .filter(|c| c.against == against && matches!(against, Against::Project(_)))
            .map(|c| (Arc::clone(&c.before), Arc::clone(&c.before_eval)));
        let ctx = self.ctx.clone();
        self.compare_job = Some(Job::spawn(
            "compare",
            move || ctx.request_repaint(),
            move |progress| make(against, loaded, after, after_eval, progress),
        ));
    }

    pub(super) fn poll_compare(&mut self) {
        let Some(job) = &self.compare_job else { return };
        let made = match job.poll() {
            Poll::Running => return,
            Poll::Done(made) => made,
            Poll::Lost => Made {
                compared: Err(Error::usage(Msg::LoadLost)),
                notes: Vec::new(),
            },
        };
        self.compare_job = None;
        for note in made.notes {
            match note {
                Note::Outside(files) => {
                    self.say(Level::Info, move |t| (t.compare_read_outside)(&files))
                }
                Note::Changed(files) => {
                    self.say(Level::Warning, move |t| (t.compare_inputs_changed)(&files))
                }
            }
        }
        match made.compared {
            Ok(c) if self.comparing.as_ref() == Some(&c.against) => {
                let first = self.compared.is_none();
                self.compared = Some(Arc::new(c));
                if first {
                    self.events.push(super::UiEvent::Compared);
                }
            }
            // Chosen again meanwhile: the newer choice's job follows.
            Ok(_) => {}
            Err(Error::Cancelled) => {}
            Err(e) => {
                self.comparing = None;
                self.compared = None;
                self.say_error(e);
            }
        }
        let stale = (self.compared.as_ref().zip(self.session.as_ref()))
            .is_some_and(|(c, s)| !Arc::ptr_eq(&c.after_eval, &s.evaluation));
        if self.compare_again || stale {
            self.start_compare();
        }
    }

    /// The comparison of the data on screen, if any (while a newer result is being
    /// compared, the one before it).
    pub fn compared(&self) -> Option<&Arc<Compared>> {
        let (c, s) = (self.compared.as_ref()?, self.session.as_ref()?);
        Arc::ptr_eq(&c.after, &s.dataset).then_some(c)
    }
}

/// Off the frame: the earlier analysis (the project read and evaluated with its own
/// parameters, or the data on screen over the earlier days with the rule on screen), then
/// the comparison.
fn make(
    against: Against,
    loaded: Option<(Arc<Dataset>, Arc<Evaluation>)>,
    after: Arc<Dataset>,
    after_eval: Arc<Evaluation>,
    progress: &crate::progress::Progress,
) -> Made {
    let mut notes = Vec::new();
    let before = match (&against, loaded) {
        (_, Some(loaded)) => Ok(loaded),
        (Against::Project(path), None) => load_project(path, progress, &mut notes),
        (Against::Dates { from, to }, None) => {
            let mut params = after_eval.params.clone();
            params.filters.from = *from;
            params.filters.to = *to;
            let eval = after.evaluate(&params);
            Ok((Arc::clone(&after), Arc::new(eval)))
        }
    };
    let compared = before.and_then(|(before, before_eval)| {
        if progress.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let comparison = crate::compare::compare(
            Side {
                dataset: &before,
                eval: &before_eval,
            },
            Side {
                dataset: &after,
                eval: &after_eval,
            },
            crate::compare::DEFAULT_MATCH_WITHIN_M,
        );
        let changes = comparison.after_changes(after.villages.len());
        Ok(Compared {
            against,
            before,
            before_eval,
            after,
            after_eval,
            comparison,
            changes,
            id: super::state::next_evaluation_id(),
        })
    });
    Made { compared, notes }
}

/// The earlier project, read and evaluated with its own parameters. Its inputs must all be
/// found; those outside its folder are read (the user chose this project) and said, as are
/// those changed since it was saved.
fn load_project(
    path: &Path,
    progress: &crate::progress::Progress,
    notes: &mut Vec<Note>,
) -> Result<(Arc<Dataset>, Arc<Evaluation>), Error> {
    let project = Project::open(path)?;
    let located = project.locate(path);
    let shown = |paths: &mut dyn Iterator<Item = String>| paths.collect::<Vec<_>>().join(", ");
    if !located.missing.is_empty() {
        return Err(Error::usage(Msg::CompareInputsMissing {
            project: crate::io::paths::file_name(path),
            // The files as saved: names, in no language.
            files: shown(&mut located.missing.iter().map(|m| m.saved.clone())),
        }));
    }
    if !located.outside.is_empty() {
        notes.push(Note::Outside(shown(
            &mut located.outside.iter().map(|p| p.display().to_string()),
        )));
    }
    let dataset = Dataset::load(&located.inputs, progress)?;
    let changed = project.changed(&dataset.files);
    if !changed.is_empty() {
        notes.push(Note::Changed(shown(
            &mut changed.iter().map(|c| c.path.display().to_string()),
        )));
    }
    let eval = dataset.evaluate(&project.params);
    Ok((Arc::new(dataset), Arc::new(eval)))
}
