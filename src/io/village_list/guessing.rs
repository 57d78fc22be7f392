//! Guessing which column plays which role from the headings and the values under them, and
//! which coordinate system the values are in.

use super::cells::{KIND_ROWS, Kind, Space, kind_of, read_metres};
use super::header::given_fields;
use super::roles::{Confidence, Mapping, Role, heading_keys};
use super::words::Problem;
use crate::crs::{self, Crs, Guess};
use crate::fold::{fold_key, fold_letters};
use crate::io::fields::{self, named_column};
use crate::io::table::Row;
use crate::io::village_layer::VillageOptions;

/// Guesses the role of each column from its heading and the values under it; columns the
/// options name win (with a projected system chosen, the longitude and latitude columns
/// named are the X and Y). Returns the problems that keep the guess from being sure.
pub(super) fn guess(
    columns: &[String],
    rows: &[Row],
    options: &VillageOptions,
) -> (Mapping, Vec<Problem>) {
    let mut g = Guesser {
        columns,
        kinds: (0..columns.len()).map(|j| kind_of(rows, j)).collect(),
        space: Space::of(options),
        mapping: Mapping::default(),
        problems: Vec::new(),
        taken: vec![false; columns.len()],
    };
    g.given(options);
    if g.space == Space::Degrees {
        g.degrees();
    }
    g.metres();
    g.text_roles();
    g.facts();
    g.unknown_name();
    g.missing_coordinates();
    (g.mapping, g.problems)
}

/// The guess as it is made, pass by pass: each pass takes the columns it finds.
struct Guesser<'a> {
    columns: &'a [String],
    /// What the values of each column look like.
    kinds: Vec<Kind>,
    space: Space,
    mapping: Mapping,
    problems: Vec<Problem>,
    /// Columns already playing a role.
    taken: Vec<bool>,
}

impl Guesser<'_> {
    fn take(&mut self, role: Role, column: usize) {
        self.mapping.set(role, Some(column));
        self.taken[column] = true;
    }

    /// The columns not yet taken whose heading names `role`, best rank first.
    fn candidates(&self, role: Role) -> Vec<(usize, usize)> {
        let mut c: Vec<(usize, usize)> = (self.columns.iter().enumerate())
            .filter(|(i, _)| !self.taken[*i])
            .filter_map(|(i, name)| role.rank(name).map(|r| (r, i)))
            .collect();
        c.sort();
        c
    }

    /// True when the heading of column `i` also names X or Y.
    fn projected_too(&self, i: usize) -> bool {
        let name = &self.columns[i];
        Role::ProjectedX.rank(name).is_some() || Role::ProjectedY.rank(name).is_some()
    }

    /// The columns the user named, checked against what their values look like.
    fn given(&mut self, options: &VillageOptions) {
        for (role, given) in given_fields(options) {
            let role = match (self.space, role) {
                (Space::Metres, Role::Longitude) => Role::ProjectedX,
                (Space::Metres, Role::Latitude) => Role::ProjectedY,
                _ => role,
            };
            let Some(i) = named_column(self.columns, given) else {
                self.problems
                    .push(Problem::NoSuchColumn(role, given.to_string()));
                continue;
            };
            self.take(role, i);
            match (self.space, role, self.kinds[i]) {
                (Space::Degrees, Role::Longitude | Role::Latitude, Kind::Metres) => {
                    self.problems.push(Problem::Metres(role, i));
                }
                (Space::Metres, Role::ProjectedX | Role::ProjectedY, Kind::Degrees) => {
                    self.problems.push(Problem::Degrees(role, i));
                }
                _ => {}
            }
        }
    }

    /// Longitude and latitude by their headings, over columns whose values are degrees;
    /// rivals as good as the one taken make the guess unsure.
    fn degrees(&mut self) {
        for role in [Role::Longitude, Role::Latitude] {
            if self.mapping.get(role).is_some() {
                continue;
            }
            let all = self.candidates(role);
            let kinds = &self.kinds;
            let keep: Vec<(usize, usize)> = (all.iter().copied())
                .filter(|(_, i)| match kinds[*i] {
                    Kind::Metres => false,
                    Kind::Degrees => true,
                    _ => !self.projected_too(*i),
                })
                .collect();
            let Some(&(rank, first)) = keep.first() else {
                let metres = (all.iter())
                    .find(|(_, i)| kinds[*i] == Kind::Metres && !self.projected_too(*i));
                if let Some(&(_, i)) = metres {
                    self.problems.push(Problem::Metres(role, i));
                }
                continue;
            };
            let rivals: Vec<usize> = (keep.iter())
                .filter(|(r, i)| {
                    *i == first
                        || *r == rank
                        || kinds[*i] == Kind::Degrees && kinds[first] == Kind::Degrees
                })
                .map(|(_, i)| *i)
                .collect();
            if rivals.len() > 1 {
                self.problems.push(Problem::Ambiguous(role, rivals));
            }
            self.take(role, first);
        }
    }

    /// X/Y in metres: by their projected headings, else (with a projected system chosen)
    /// longitude/latitude headings over metres.
    fn metres(&mut self) {
        for (role, alias) in [
            (Role::ProjectedX, Role::Longitude),
            (Role::ProjectedY, Role::Latitude),
        ] {
            if self.mapping.get(role).is_some() {
                continue;
            }
            let mut found = self.candidates(role);
            if self.space == Space::Metres {
                let aliases = self.candidates(alias).into_iter();
                found.extend(aliases.map(|(r, i)| (r + 1000, i)));
            }
            let of_kind = |kind| {
                found
                    .iter()
                    .find(|(_, i)| self.kinds[*i] == kind)
                    .map(|c| c.1)
            };
            if let Some(i) = of_kind(Kind::Metres) {
                self.take(role, i);
            } else if self.space == Space::Metres {
                self.problems.push(match of_kind(Kind::Degrees) {
                    Some(i) => Problem::Degrees(role, i),
                    None => Problem::Missing(role),
                });
            }
        }
    }

    /// The name and the listed commune, district and province, over columns that are not
    /// coordinates; two name columns as good as each other make the guess unsure.
    fn text_roles(&mut self) {
        for role in [Role::Name, Role::Commune, Role::District, Role::Province] {
            if self.mapping.get(role).is_some() {
                continue;
            }
            let c: Vec<(usize, usize)> = (self.candidates(role).into_iter())
                .filter(|(_, i)| !matches!(self.kinds[*i], Kind::Degrees | Kind::Metres))
                .collect();
            let Some(&(rank, first)) = c.first() else {
                continue;
            };
            if role == Role::Name {
                let same: Vec<usize> = (c.iter().filter(|(r, _)| *r == rank))
                    .map(|(_, i)| *i)
                    .collect();
                if same.len() > 1 {
                    self.problems.push(Problem::Ambiguous(role, same));
                }
            }
            self.take(role, first);
        }
    }

    /// The village code, households, population and grid power, by their headings over the
    /// columns left; never a problem when missing.
    fn facts(&mut self) {
        for role in Role::FACTS {
            if self.mapping.get(role).is_some() {
                continue;
            }
            if let Some(&(_, first)) = self.candidates(role).first() {
                self.take(role, first);
            }
        }
    }

    /// No name column is only a problem when some column could hold names that phusong did
    /// not recognise.
    fn unknown_name(&mut self) {
        if self.mapping.name.is_some() {
            return;
        }
        let unknown_text = self.columns.iter().enumerate().any(|(i, name)| {
            !self.taken[i]
                && self.kinds[i] == Kind::Text
                && Role::ALL.iter().all(|r| r.rank(name).is_none())
                && !heading_keys(name)
                    .iter()
                    .any(|k| fields::OTHER_LIST_COLUMNS.iter().any(|o| fold_key(o) == *k))
        });
        let named =
            (self.problems.iter()).any(|p| matches!(p, Problem::NoSuchColumn(Role::Name, _)));
        if unknown_text && !named {
            self.problems.push(Problem::Missing(Role::Name));
        }
    }

    /// Without longitude and latitude: X/Y alone, or the coordinate columns missing (unless
    /// a problem already said why).
    fn missing_coordinates(&mut self) {
        if self.space != Space::Degrees || Space::Degrees.pair(&self.mapping).is_some() {
            return;
        }
        if Space::Metres.pair(&self.mapping).is_some() {
            self.problems.push(Problem::ProjectedOnly);
            return;
        }
        for role in [Role::Longitude, Role::Latitude] {
            let said = self.problems.iter().any(
                |p| matches!(p, Problem::Metres(r, _) | Problem::NoSuchColumn(r, _) if *r == role),
            );
            if self.mapping.get(role).is_none() && !said {
                self.problems.push(Problem::Missing(role));
            }
        }
    }
}

/// True for the problems that choosing the coordinate system settles.
pub(super) fn is_system_problem(problem: &Problem) -> bool {
    matches!(
        problem,
        Problem::ProjectedOnly | Problem::Metres(..) | Problem::Degrees(..)
    )
}

pub(super) fn confidence(mapping: &Mapping, problems: &[Problem], space: Space) -> Confidence {
    if problems.iter().any(is_system_problem) {
        Confidence::Projected
    } else if space.pair(mapping).is_some() {
        if problems.is_empty() {
            Confidence::Sure
        } else {
            Confidence::Unsure
        }
    } else {
        Confidence::NoCoordinates
    }
}

/// The systems the projected coordinates of the list could be in, when the system must be
/// chosen: from the range of the X/Y (or the longitude/latitude columns holding metres),
/// either way round, leaving out the tenth of values at each end (typing errors). A range
/// often fits several TM-3 zones: those of the province the list names most often, and
/// the central meridian its title states (`kinh tuyến trục 106°30'`), come first.
pub(super) fn system_guesses(
    title: &[Row],
    rows: &[Row],
    mapping: &Mapping,
    problems: &[Problem],
) -> Vec<Guess> {
    if !problems
        .iter()
        .any(|p| matches!(p, Problem::ProjectedOnly | Problem::Metres(..)))
    {
        return Vec::new();
    }
    let metres_column = |role: Role| {
        problems
            .iter()
            .find_map(|p| match p {
                Problem::Metres(r, i) if *r == role => Some(*i),
                _ => None,
            })
            .or_else(|| mapping.get(role))
    };
    let pair = Space::Metres.pair(mapping).or_else(|| {
        Some((
            metres_column(Role::Longitude)?,
            metres_column(Role::Latitude)?,
        ))
    });
    let Some((a, b)) = pair else {
        return Vec::new();
    };
    let (mut eastings, mut northings): (Vec<f64>, Vec<f64>) = rows
        .iter()
        .filter_map(|r| Some((read_metres(r.cell(a)).ok()?, read_metres(r.cell(b)).ok()?)))
        .filter(|(x, y)| x.abs() >= 1000.0 && y.abs() >= 1000.0)
        .map(|(x, y)| crs::easting_northing(x, y))
        .unzip();
    if eastings.is_empty() {
        return Vec::new();
    }
    eastings.sort_by(f64::total_cmp);
    northings.sort_by(f64::total_cmp);
    let (low, high) = (
        eastings.len() / 10,
        eastings.len() - 1 - eastings.len() / 10,
    );
    let mut guesses = crs::guess_from_bbox(
        eastings[low],
        northings[low],
        eastings[high],
        northings[high],
    );
    // Stable sorts: the stronger hint last.
    if let Some(province) = listed_province(rows, mapping) {
        guesses.sort_by_key(|g| !g.provinces.contains(&province));
    }
    if let Some(meridian) = title.iter().find_map(stated_meridian) {
        guesses.sort_by_key(|g| {
            !(matches!(g.crs, Crs::Vn2000Tm3 { .. })
                && g.crs
                    .central_meridian_deg()
                    .is_some_and(|m| (m - meridian).abs() < 1e-9))
        });
    }
    guesses
}

/// The province the list's province column names most often, as phusong knows it.
pub(super) fn listed_province(rows: &[Row], mapping: &Mapping) -> Option<&'static str> {
    let column = mapping.province?;
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for row in rows.iter().take(KIND_ROWS) {
        let Some(p) = crs::province(&row.cell(column).display()) else {
            continue;
        };
        match counts.iter_mut().find(|(name, _)| *name == p.name) {
            Some((_, n)) => *n += 1,
            None => counts.push((p.name, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(name, _)| name)
}

/// The central meridian a title row states: `kinh tuyến trục 106°30'`, `KTT 105 độ`.
pub(super) fn stated_meridian(row: &Row) -> Option<f64> {
    row.cells.iter().find_map(|cell| {
        let folded = fold_letters(&cell.display());
        let at = ["kinh tuyen truc", "ktt"]
            .iter()
            .find_map(|k| folded.find(k).map(|i| i + k.len()))?;
        let rest = folded.get(at..)?;
        let start = rest.find(|c: char| c.is_ascii_digit())?;
        let chars: Vec<char> = rest[start..].chars().collect();
        let mut value = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let digit_next = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            match c {
                '0'..='9' | '°' | '\'' | '′' | ' ' => value.push(c),
                '.' | ',' if digit_next => value.push('.'),
                _ => break,
            }
        }
        crs::parse_meridian(value.trim())
    })
}
