//! What can be wrong with a village list's columns, put in the user's words with the remedy.

use std::path::Path;

use serde::Serialize;

use super::header::{Layout, sheet_names};
use super::roles::Role;
use crate::crs::{self, Crs, Guess};
use crate::error::Error;
use crate::io::table::Workbook;
use crate::io::text::{self, TextEncoding};
use crate::message::{self, Msg};

/// Something the user has to decide before the list can be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// No column is recognisable for the role.
    Missing(Role),
    /// Several columns could play the role; the first is the guess.
    Ambiguous(Role, Vec<usize>),
    /// The column the user named for the role is not in the header.
    NoSuchColumn(Role, String),
    /// A longitude or latitude column that holds metres, and no projected system chosen.
    Metres(Role, usize),
    /// Projected X and Y columns, no longitude/latitude, and no projected system chosen.
    ProjectedOnly,
    /// A projected system was chosen, but the column for the role holds degrees.
    Degrees(Role, usize),
}

/// What [`describe`] needs besides the problem: the columns, and the coordinate system
/// chosen with the systems the values suggest.
pub(super) struct Said<'a> {
    pub(super) columns: &'a [String],
    pub(super) labels: &'a [String],
    pub(super) crs: Option<&'a Crs>,
    pub(super) guesses: &'a [Guess],
}

/// The flag that names the column for `role`: with a projected system chosen, the longitude
/// and latitude flags name the X and Y columns.
pub(super) fn flag_of(role: Role) -> &'static str {
    match role {
        Role::ProjectedX => "--village-lon-field",
        Role::ProjectedY => "--village-lat-field",
        _ => role.flag().unwrap_or(""),
    }
}

/// "; by their range they could be VN-2000 / TM-3 106°30′ (Bắc Kạn); …", or nothing.
pub(super) fn guesses_msg(guesses: &[Guess]) -> Msg {
    crs::describe_guesses(guesses).map_or(Msg::Nothing, |systems| Msg::ByRangeCouldBe { systems })
}

/// How to choose the system of a list in metres, with the best guess as the example.
pub(super) fn choose_system(guesses: &[Guess], or: Msg) -> Msg {
    let example = guesses
        .first()
        .map(|g| g.crs.flag_value())
        .unwrap_or_else(|| "vn2000-tm3:106.5".to_string());
    Msg::ChooseListSystem {
        example,
        or: Box::new(or),
    }
}

/// Why metres cannot be read yet: no system, or one in degrees.
pub(super) fn no_projected_system(crs: Option<&Crs>) -> Msg {
    match crs {
        Some(c) => Msg::ChosenSystemInDegrees { crs: c.label() },
        None => Msg::NoSystemChosenForList,
    }
}

/// A role of a column in both languages, as it stands inside a sentence.
pub(super) fn role_word(role: Role) -> message::Word {
    let vi = match role {
        Role::Name => "tên thôn",
        Role::Longitude => "kinh độ",
        Role::Latitude => "vĩ độ",
        Role::ProjectedX => "X theo hệ chiếu (mét VN-2000/UTM)",
        Role::ProjectedY => "Y theo hệ chiếu (mét VN-2000/UTM)",
        Role::Commune => "xã",
        Role::District => "huyện",
        Role::Province => "tỉnh",
        Role::Code => "mã thôn",
        Role::Households => "số hộ",
        Role::Population => "số dân",
        Role::GridPower => "điện lưới",
    };
    message::Word {
        vi,
        en: role.label(),
    }
}

/// The problem's sentence and the remedy for it.
pub(super) fn describe(problem: &Problem, said: &Said) -> (Msg, Msg) {
    let col = |i: usize| column_text(said.columns, said.labels, i);
    let chosen = said
        .crs
        .map(Crs::label)
        .unwrap_or_else(|| Msg::AProjectedSystem.to_string());
    match problem {
        Problem::Missing(role) => {
            let usual = match role {
                Role::Name => "Tên thôn, Thôn/bản, ten_thon, name",
                Role::Longitude => "Kinh độ, lon, longitude, x",
                Role::Latitude => "Vĩ độ, lat, latitude, y",
                Role::ProjectedX => "X, Tọa độ X, x_vn2000, toa_do_x",
                Role::ProjectedY => "Y, Tọa độ Y, y_vn2000, toa_do_y",
                _ => "",
            };
            let after = match role {
                Role::ProjectedX | Role::ProjectedY => Msg::AsChosen { crs: chosen },
                _ => Msg::Nothing,
            };
            (
                Msg::ColMissing {
                    role: role_word(*role),
                    after: Box::new(after),
                    usual: usual.to_string(),
                },
                Msg::ColGiveFlag {
                    flag: flag_of(*role).to_string(),
                },
            )
        }
        Problem::Ambiguous(role, found) => {
            let names: Vec<String> = found.iter().map(|&i| col(i)).collect();
            let first = found
                .first()
                .and_then(|&i| said.columns.get(i))
                .cloned()
                .unwrap_or_default();
            (
                Msg::ColAmbiguous {
                    n: found.len() as u64,
                    role: role_word(*role),
                    names: names.join(", "),
                },
                Msg::ColChooseOne {
                    flag: flag_of(*role).to_string(),
                    first,
                },
            )
        }
        Problem::NoSuchColumn(role, given) => (
            Msg::ColNoSuch {
                given: given.clone(),
                role: role_word(*role),
            },
            Msg::ColGiveHeading {
                flag: flag_of(*role).to_string(),
            },
        ),
        Problem::Metres(role, i) => (
            Msg::ColMetres {
                role: role_word(*role),
                column: col(*i),
                nosys: Box::new(no_projected_system(said.crs)),
                guesses: Box::new(guesses_msg(said.guesses)),
            },
            choose_system(said.guesses, Msg::OrGiveDegrees),
        ),
        Problem::ProjectedOnly => (
            Msg::ListProjectedOnly {
                nosys: Box::new(no_projected_system(said.crs)),
                guesses: Box::new(guesses_msg(said.guesses)),
            },
            choose_system(said.guesses, Msg::OrGiveKinhDoViDo),
        ),
        Problem::Degrees(role, i) => (
            Msg::ColDegrees {
                column: col(*i),
                role: role_word(*role),
                chosen,
            },
            Msg::ChooseWgs84ForList,
        ),
    }
}

/// The error for a list whose columns phusong cannot be sure of: every problem, the
/// columns found, and what settles it (on the command line its flags; the window asks in
/// its column chooser).
pub(super) fn unsure(
    path: &Path,
    workbook: &Workbook,
    layout: &Layout,
    context: &Said,
    place: &Msg,
    problems: &[Problem],
) -> Error {
    let mut said = Vec::new();
    let mut remedies: Vec<Msg> = Vec::new();
    for p in problems {
        let (problem, remedy) = describe(p, context);
        said.push(problem);
        if !remedies.contains(&remedy) {
            remedies.push(remedy);
        }
    }
    let columns: Vec<String> = layout
        .columns
        .iter()
        .zip(context.labels)
        .map(|(c, l)| {
            if workbook.is_spreadsheet() {
                format!("{c} ({l})")
            } else {
                c.clone()
            }
        })
        .collect();
    let mut notes = Vec::new();
    if !layout.usable && workbook.is_spreadsheet() {
        notes.push(Msg::NoSheetWithCoordinates {
            sheets: sheet_names(workbook),
        });
    }
    let damaged = layout.columns.iter().find(|c| text::damage(c).is_some());
    if let (Some(heading), Some(t)) = (damaged, &workbook.text_encoding) {
        notes.push(Msg::HeadingsDamaged {
            heading: heading.clone(),
            encoding: t.encoding.to_string(),
        });
        remedies.insert(
            0,
            Msg::ChooseListEncoding {
                choices: TextEncoding::choice_labels(),
            },
        );
    }
    if workbook.is_spreadsheet() {
        remedies.push(Msg::OtherSheet);
    }
    let problem = Msg::ListUnsure {
        place: Box::new(place.clone()),
        problems: message::Msgs {
            items: said,
            sep: "; ",
        },
        columns: columns.join(", "),
        notes: message::Msgs {
            items: notes,
            sep: "",
        },
    };
    let remedy = Msg::Remedies {
        all: message::Msgs {
            items: remedies,
            sep: " ",
        },
    };
    Error::content(path, problem, remedy)
}

/// A column as messages name it: `"Kinh độ" (E)`, or its heading alone.
pub(super) fn column_text(columns: &[String], labels: &[String], column: usize) -> String {
    match (columns.get(column), labels.get(column)) {
        (Some(name), Some(label)) if label != name => format!("\"{name}\" ({label})"),
        (Some(name), _) => format!("\"{name}\""),
        _ => format!("column {}", column + 1),
    }
}
