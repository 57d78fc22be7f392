//! What a column of a village list holds, and which column plays each role.

use serde::Serialize;

use crate::fold::fold_key;
use crate::io::fields::{self};

/// What a column of a village list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The village's name (`Tên thôn`, `Thôn/bản`).
    Name,
    /// Longitude in degrees (`Kinh độ`, `lon`).
    Longitude,
    /// Latitude in degrees (`Vĩ độ`, `lat`).
    Latitude,
    /// A projected X in metres (VN-2000 or UTM), as the list names it; in Vietnamese surveys
    /// X is the northing. Read when [`VillageOptions::crs`] is a projected system, which
    /// converts it; either order of X and Y is read (see [`crate::crs::easting_northing`]).
    ProjectedX,
    /// A projected Y in metres; in Vietnamese surveys Y is the easting.
    ProjectedY,
    /// The commune the list names (`Xã`, `Xã/phường`).
    Commune,
    /// The district the list names (`Huyện`).
    District,
    /// The province the list names (`Tỉnh`).
    Province,
    /// The list's own code for the village (`Mã thôn`): kept, and used to match villages
    /// when two analyses are compared.
    Code,
    /// Households (`Số hộ`).
    Households,
    /// Inhabitants (`Số dân`, `Nhân khẩu`).
    Population,
    /// Grid power, yes or no (`Điện lưới`, `Có điện`).
    GridPower,
}

impl Role {
    /// Every role, in the order a dialog lists them.
    pub const ALL: [Role; 12] = [
        Role::Name,
        Role::Longitude,
        Role::Latitude,
        Role::ProjectedX,
        Role::ProjectedY,
        Role::Commune,
        Role::District,
        Role::Province,
        Role::Code,
        Role::Households,
        Role::Population,
        Role::GridPower,
    ];

    /// The roles of what a list says of its villages beyond place and name: read where a
    /// column has them, never needed to load.
    pub const FACTS: [Role; 4] = [
        Role::Code,
        Role::Households,
        Role::Population,
        Role::GridPower,
    ];

    /// The role in a user's words.
    pub fn label(self) -> &'static str {
        match self {
            Role::Name => "village name",
            Role::Longitude => "longitude",
            Role::Latitude => "latitude",
            Role::ProjectedX => "projected X (VN-2000/UTM metres)",
            Role::ProjectedY => "projected Y (VN-2000/UTM metres)",
            Role::Commune => "commune",
            Role::District => "district",
            Role::Province => "province",
            Role::Code => "village code",
            Role::Households => "households",
            Role::Population => "population",
            Role::GridPower => "grid power",
        }
    }

    /// The command-line flag that names the column, where there is one. The projected
    /// columns have none of their own: with a projected `--village-crs`,
    /// `--village-lon-field` and `--village-lat-field` name the X and Y columns.
    pub fn flag(self) -> Option<&'static str> {
        match self {
            Role::Name => Some("--village-name-field"),
            Role::Longitude => Some("--village-lon-field"),
            Role::Latitude => Some("--village-lat-field"),
            Role::Commune => Some("--village-commune-field"),
            Role::District => Some("--village-district-field"),
            Role::Province => Some("--village-province-field"),
            Role::Code => Some("--village-code-field"),
            Role::Households => Some("--village-households-field"),
            Role::Population => Some("--village-population-field"),
            Role::GridPower => Some("--village-power-field"),
            Role::ProjectedX | Role::ProjectedY => None,
        }
    }

    pub(super) fn names(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Role::Name => (fields::VILLAGE_NAME, fields::VILLAGE_NAME_STEMS),
            Role::Longitude => (fields::LONGITUDE, fields::LONGITUDE_STEMS),
            Role::Latitude => (fields::LATITUDE, fields::LATITUDE_STEMS),
            Role::ProjectedX => (fields::PROJECTED_X, fields::PROJECTED_X_STEMS),
            Role::ProjectedY => (fields::PROJECTED_Y, fields::PROJECTED_Y_STEMS),
            Role::Commune => (fields::VILLAGE_COMMUNE, fields::VILLAGE_COMMUNE_STEMS),
            Role::District => (fields::DISTRICT, fields::DISTRICT_STEMS),
            Role::Province => (fields::PROVINCE, fields::PROVINCE_STEMS),
            Role::Code => (fields::VILLAGE_CODE, fields::VILLAGE_CODE_STEMS),
            Role::Households => (fields::HOUSEHOLDS, fields::HOUSEHOLDS_STEMS),
            Role::Population => (fields::POPULATION, fields::POPULATION_STEMS),
            Role::GridPower => (fields::GRID_POWER, fields::GRID_POWER_STEMS),
        }
    }

    /// How well `heading` names this role: lower is better, `None` when it does not.
    /// Case, diacritics, separators and a part in brackets (`Kinh độ (WGS84)`) do not
    /// matter; a longer heading that begins like a usual one (`Tên thôn, bản`) matches
    /// after every exact name.
    pub fn rank(self, heading: &str) -> Option<usize> {
        let keys = heading_keys(heading);
        let (exact, stems) = self.names();
        exact
            .iter()
            .position(|name| keys.contains(&fold_key(name)))
            .or_else(|| {
                stems
                    .iter()
                    .position(|stem| keys.iter().any(|k| k.starts_with(stem)))
                    .map(|j| exact.len() + j)
            })
    }
}

/// The heading folded for matching, whole and without its bracketed parts.
pub(super) fn heading_keys(heading: &str) -> Vec<String> {
    let mut stripped = String::new();
    let mut depth = 0usize;
    for c in heading.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => stripped.push(c),
            _ => {}
        }
    }
    let mut keys = vec![fold_key(heading)];
    let short = fold_key(&stripped);
    if !short.is_empty() && short != keys[0] {
        keys.push(short);
    }
    keys
}

/// Which column (an index into the columns) plays each role; `None` where none does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Mapping {
    /// See [`Role::Name`].
    pub name: Option<usize>,
    /// See [`Role::Longitude`].
    pub longitude: Option<usize>,
    /// See [`Role::Latitude`].
    pub latitude: Option<usize>,
    /// See [`Role::ProjectedX`].
    pub projected_x: Option<usize>,
    /// See [`Role::ProjectedY`].
    pub projected_y: Option<usize>,
    /// See [`Role::Commune`].
    pub commune: Option<usize>,
    /// See [`Role::District`].
    pub district: Option<usize>,
    /// See [`Role::Province`].
    pub province: Option<usize>,
    /// See [`Role::Code`].
    #[serde(default)]
    pub code: Option<usize>,
    /// See [`Role::Households`].
    #[serde(default)]
    pub households: Option<usize>,
    /// See [`Role::Population`].
    #[serde(default)]
    pub population: Option<usize>,
    /// See [`Role::GridPower`].
    #[serde(default)]
    pub grid_power: Option<usize>,
}

impl Mapping {
    /// The column that plays `role`.
    pub fn get(&self, role: Role) -> Option<usize> {
        *self.slot(role)
    }

    /// Gives `role` to `column`, taking it from any other role that had it.
    pub fn set(&mut self, role: Role, column: Option<usize>) {
        if column.is_some() {
            for other in Role::ALL {
                if other != role && self.get(other) == column {
                    *self.slot_mut(other) = None;
                }
            }
        }
        *self.slot_mut(role) = column;
    }

    /// The role `column` plays, if any.
    pub fn role_of(&self, column: usize) -> Option<Role> {
        Role::ALL.into_iter().find(|r| self.get(*r) == Some(column))
    }

    pub(super) fn slot(&self, role: Role) -> &Option<usize> {
        match role {
            Role::Name => &self.name,
            Role::Longitude => &self.longitude,
            Role::Latitude => &self.latitude,
            Role::ProjectedX => &self.projected_x,
            Role::ProjectedY => &self.projected_y,
            Role::Commune => &self.commune,
            Role::District => &self.district,
            Role::Province => &self.province,
            Role::Code => &self.code,
            Role::Households => &self.households,
            Role::Population => &self.population,
            Role::GridPower => &self.grid_power,
        }
    }

    pub(super) fn slot_mut(&mut self, role: Role) -> &mut Option<usize> {
        match role {
            Role::Name => &mut self.name,
            Role::Longitude => &mut self.longitude,
            Role::Latitude => &mut self.latitude,
            Role::ProjectedX => &mut self.projected_x,
            Role::ProjectedY => &mut self.projected_y,
            Role::Commune => &mut self.commune,
            Role::District => &mut self.district,
            Role::Province => &mut self.province,
            Role::Code => &mut self.code,
            Role::Households => &mut self.households,
            Role::Population => &mut self.population,
            Role::GridPower => &mut self.grid_power,
        }
    }
}

/// How sure the guess is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The file loads with the guessed columns.
    Sure,
    /// Longitude and latitude columns were found, but the user must choose something first
    /// (see the problems); the load refuses until then.
    Unsure,
    /// The coordinate system must be chosen first: the coordinates are projected X/Y in
    /// metres and no projected system was chosen for them (see [`Preview::crs_guesses`] for
    /// the likely ones), or a projected system was chosen for columns in degrees.
    Projected,
    /// No column looks like a longitude or latitude.
    NoCoordinates,
}
