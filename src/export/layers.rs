//! The three map layers of an analysis — flagged villages, villages not surveyed, and the
//! communes with their figures — described once. GeoJSON ([`super::geojson`]), KML
//! ([`super::kml`]) and ESRI shapefile ([`super::shp`]) each write that description, and
//! [`super::gis`] writes all three, so the three formats cannot disagree.
//!
//! A [`Layer`] is its attribute columns ([`Field`]: the name used in GeoJSON and KML, the
//! short name used in the shapefile's table, the kind of value) and its features (a name, a
//! point or the commune's polygons, the class that picks its colour, and one [`Value`] per
//! column, in column order).
//!
//! # Attributes
//!
//! Village layers (`flagged`, `not_surveyed`), in order; the shapefile's name in brackets
//! where it differs:
//!
//! | attribute | shapefile | value |
//! |---|---|---|
//! | `name` | | the village's name as its file writes it |
//! | `record` | | its record (line, row) in the village file |
//! | `commune_code` | `comm_code` | the commune its point lies in; empty outside every commune |
//! | `commune_name` | `comm_name` | |
//! | `district` | | only when the communes name districts |
//! | `province` | | |
//! | `listed_commune`, `listed_district`, `listed_province` | `lst_comm`, `lst_dist`, `lst_prov` | only when the village list names them |
//! | `status` | | `no_coverage`, `covered_3G`, `not_surveyed`, … |
//! | `samples` | | flagged only: samples of every operator within the radius |
//! | `452-04_samples`, `452-04_best` | `s452_04`, `b452_04` | flagged only, a pair per operator seen anywhere: its samples, its best generation (`none` when it covers nothing, empty when it has no sample there) |
//!
//! The communes layer (`communes`):
//!
//! | attribute | shapefile | value |
//! |---|---|---|
//! | `code`, `name` | | the commune's code and name |
//! | `district` | | only when the communes name districts |
//! | `province` | | |
//! | `villages`, `surveyed` | | |
//! | `not_surveyed` | `not_surv` | |
//! | `no_coverage` | `no_cover` | surveyed, no signal at all (*trắng sóng*) |
//! | `covered_2g` … `covered_5g` | `cov_2g` … `cov_5g` | covered at that generation or better |
//! | `flagged` | | |
//! | `share_4g` | | covered at the required generation (here 4G) among all villages, 0–1 |

use geo::{MultiPolygon, Point};

use crate::analysis::{Dataset, Evaluation};
use crate::i18n::Texts;
use crate::map::{VillageClass, share_class};
use crate::model::{Generation, Operator};
use crate::rule::{Status, VillageOutcome};

use super::tables::{ListedColumns, operators_seen};

/// Which of the three layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// Surveyed villages below the required generation.
    Flagged,
    /// Villages with no sample of any operator within the radius.
    NotSurveyed,
    /// Every commune with its figures.
    Communes,
}

impl LayerKind {
    pub const ALL: [LayerKind; 3] = [
        LayerKind::Flagged,
        LayerKind::NotSurveyed,
        LayerKind::Communes,
    ];

    /// The files' name without extension: `flagged`, `not_surveyed`, `communes`.
    pub fn file_stem(self) -> &'static str {
        match self {
            LayerKind::Flagged => "flagged",
            LayerKind::NotSurveyed => "not_surveyed",
            LayerKind::Communes => "communes",
        }
    }

    /// The layer's title in the user's words.
    pub fn title(self, texts: &Texts) -> &'static str {
        match self {
            LayerKind::Flagged => texts.tab_flagged,
            LayerKind::NotSurveyed => texts.tab_not_surveyed,
            LayerKind::Communes => texts.tab_communes,
        }
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// UTF-8 text.
    Text,
    /// A whole number of at most 9 digits (a count).
    Count,
    /// A whole number of up to 18 digits (a record number).
    Record,
    /// A share, 0–1 (six decimals in the shapefile).
    Share,
}

/// One attribute column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The name in GeoJSON properties and KML `ExtendedData`.
    pub key: String,
    /// The name in the shapefile's `.dbf`: at most 10 ASCII characters.
    pub dbf_name: String,
    pub kind: FieldKind,
}

/// One attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    /// A [`FieldKind::Count`] or [`FieldKind::Record`].
    Number(u64),
    Share(f64),
    /// A count the village list does not give (households of a village without a figure):
    /// `null` in GeoJSON, blank in the `.dbf` and KML.
    Unknown,
}

impl Value {
    /// The value as text: numbers in full (`0.8130081300813008`), text as it is.
    pub fn text(&self) -> String {
        self.to_string()
    }
}

/// [`Value::text`], written where it is wanted (a KML placemark's buffer) without a `String`
/// of its own.
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(s) => f.write_str(s),
            Value::Number(n) => write!(f, "{n}"),
            Value::Share(x) => write!(f, "{x}"),
            Value::Unknown => Ok(()),
        }
    }
}

/// Where a feature is: a village point, or a commune's polygons (borrowed from the dataset).
#[derive(Clone, Debug, PartialEq)]
pub enum Shape<'a> {
    /// WGS84 longitude (x) and latitude (y).
    Point(Point<f64>),
    Polygons(&'a MultiPolygon<f64>),
}

/// What a feature's colour and headline say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A village: its status and its class on the map.
    Village { status: Status, class: VillageClass },
    /// A commune: `covered` of its `villages` are covered at the required generation;
    /// `share_class` as on the map (`None` without villages: no fill).
    Commune {
        covered: u32,
        villages: u32,
        share_class: Option<usize>,
    },
}

/// One village or commune of a layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature<'a> {
    /// The village's or commune's name (a village without one: `#` and its record).
    pub name: String,
    pub shape: Shape<'a>,
    pub class: Class,
    /// One per [`Layer::fields`], in that order.
    pub values: Vec<Value>,
}

/// A layer as every format writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer<'a> {
    pub kind: LayerKind,
    /// The generation the analysis required (it names the share column and picks classes).
    pub required: Generation,
    pub fields: Vec<Field>,
    pub features: Vec<Feature<'a>>,
}

/// A column: its field and how to get its value for one village or commune (by index).
struct Column<'a> {
    field: Field,
    value: Box<dyn Fn(usize) -> Value + 'a>,
}

fn column<'a>(
    key: impl Into<String>,
    dbf_name: impl Into<String>,
    kind: FieldKind,
    value: impl Fn(usize) -> Value + 'a,
) -> Column<'a> {
    Column {
        field: Field {
            key: key.into(),
            dbf_name: dbf_name.into(),
            kind,
        },
        value: Box::new(value),
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The shapefile column names of an operator's pair: `s452_04` and `b452_04`.
fn operator_dbf_names(op: Operator) -> (String, String) {
    let code = op.to_string().replace('-', "_");
    let code = if op == Operator::UNKNOWN {
        "_unknown".to_string()
    } else {
        code
    };
    (format!("s{code}"), format!("b{code}"))
}

impl<'a> Layer<'a> {
    /// The three layers of an analysis.
    pub fn all(dataset: &'a Dataset, eval: &Evaluation) -> [Layer<'a>; 3] {
        LayerKind::ALL.map(|kind| Layer::new(kind, dataset, eval))
    }

    /// One layer of an analysis.
    pub fn new(kind: LayerKind, dataset: &'a Dataset, eval: &Evaluation) -> Layer<'a> {
        match kind {
            LayerKind::Flagged => villages_layer(kind, dataset, eval, |o| o.flagged),
            LayerKind::NotSurveyed => {
                villages_layer(kind, dataset, eval, |o| o.status == Status::NotSurveyed)
            }
            LayerKind::Communes => communes_layer(dataset, eval),
        }
    }

    /// The attributes of `feature`, as (field, value) in column order.
    pub fn attributes<'s>(
        &'s self,
        feature: &'s Feature<'a>,
    ) -> impl Iterator<Item = (&'s Field, &'s Value)> + 's {
        self.fields.iter().zip(&feature.values)
    }

    /// The value of the column named `key` for `feature`.
    pub fn value<'s>(&'s self, feature: &'s Feature<'a>, key: &str) -> Option<&'s Value> {
        self.attributes(feature)
            .find(|(f, _)| f.key == key)
            .map(|(_, v)| v)
    }
}

fn villages_layer<'a>(
    kind: LayerKind,
    dataset: &'a Dataset,
    eval: &Evaluation,
    keep: impl Fn(&crate::rule::VillageOutcome) -> bool,
) -> Layer<'a> {
    let villages = &dataset.villages;
    let outcomes = &eval.villages;
    let commune = |v: usize| dataset.commune_of(v);
    let mut columns: Vec<Column<'_>> = vec![
        column("name", "name", FieldKind::Text, |v| text(&villages[v].name)),
        column("record", "record", FieldKind::Record, |v| {
            Value::Number(villages[v].record)
        }),
        column("commune_code", "comm_code", FieldKind::Text, move |v| {
            text(commune(v).map(|c| c.code.as_str()).unwrap_or(""))
        }),
        column("commune_name", "comm_name", FieldKind::Text, move |v| {
            text(commune(v).map(|c| c.name.as_str()).unwrap_or(""))
        }),
    ];
    if dataset.has_districts() {
        columns.push(column("district", "district", FieldKind::Text, move |v| {
            text(commune(v).map(|c| c.district.as_str()).unwrap_or(""))
        }));
    }
    columns.push(column("province", "province", FieldKind::Text, move |v| {
        text(commune(v).map(|c| c.province.as_str()).unwrap_or(""))
    }));
    let listed = ListedColumns::of(villages);
    for (i, key) in listed.names().enumerate() {
        let dbf = match key {
            "listed_commune" => "lst_comm",
            "listed_district" => "lst_dist",
            _ => "lst_prov",
        };
        columns.push(column(key, dbf, FieldKind::Text, move |v| {
            Value::Text(listed.values(&villages[v]).nth(i).unwrap_or_default())
        }));
    }
    columns.push(column("status", "status", FieldKind::Text, |v| {
        text(outcomes[v].status.code())
    }));
    columns.push(column("report_class", "rep_class", FieldKind::Text, |v| {
        text(outcomes[v].report_class.code())
    }));
    columns.extend(fact_columns(dataset, eval));
    if kind == LayerKind::Flagged {
        columns.extend(sample_columns(outcomes, operators_seen(eval)));
    }
    columns.extend(own_columns(dataset, &columns));

    let required = eval.params.required;
    let features = (0..villages.len())
        .filter(|&v| keep(&outcomes[v]))
        .map(|v| {
            let village = &villages[v];
            let status = outcomes[v].status;
            Feature {
                name: if village.name.is_empty() {
                    format!("#{}", village.record)
                } else {
                    village.name.clone()
                },
                shape: Shape::Point(village.location),
                class: Class::Village {
                    status,
                    class: VillageClass::of(&outcomes[v], required),
                },
                values: columns.iter().map(|c| (c.value)(v)).collect(),
            }
        })
        .collect();
    Layer {
        kind,
        required,
        fields: columns.into_iter().map(|c| c.field).collect(),
        features,
    }
}

/// A village's households, population, grid power and survey age.
fn fact_columns<'a>(dataset: &'a Dataset, eval: &'a Evaluation) -> Vec<Column<'a>> {
    let villages = &dataset.villages;
    let count = |n: Option<u32>| n.map_or(Value::Unknown, |n| Value::Number(u64::from(n)));
    vec![
        column("households", "households", FieldKind::Count, move |v| {
            count(villages[v].facts.households)
        }),
        column("population", "population", FieldKind::Count, move |v| {
            count(villages[v].facts.population)
        }),
        column("grid_power", "grid_power", FieldKind::Text, move |v| {
            text(super::tables::yes_no(villages[v].facts.grid_power))
        }),
        column("last_sample_date", "last_date", FieldKind::Text, move |v| {
            text(&super::tables::date_code(eval.villages[v].last_sample_s()))
        }),
        column("needs_new_survey", "resurvey", FieldKind::Text, move |v| {
            text(if eval.needs_new_survey(v) { "yes" } else { "" })
        }),
    ]
}

/// The village file's own columns, as it names them (in the `.dbf` cut to 10 characters),
/// a name already taken getting `_1`, `_2`… as GDAL does.
fn own_columns<'a>(dataset: &'a Dataset, taken: &[Column<'_>]) -> Vec<Column<'a>> {
    let keys = super::tables::own_headers(
        taken.iter().map(|c| c.field.key.as_str()),
        &dataset.village_columns,
        usize::MAX,
    );
    let dbf_names = super::tables::own_headers(
        taken.iter().map(|c| c.field.dbf_name.as_str()),
        &dataset.village_columns,
        10,
    );
    let villages = &dataset.villages;
    (keys.into_iter().zip(dbf_names).enumerate())
        .map(|(i, (key, dbf))| {
            column(key, dbf, FieldKind::Text, move |v| {
                text(villages[v].own.get(i).map_or("", String::as_str))
            })
        })
        .collect()
}

/// The flagged villages' sample columns: all samples within the radius, then per operator
/// seen anywhere its samples and its best generation (`none` when it covers nothing, empty
/// when it has no sample there).
fn sample_columns(outcomes: &[VillageOutcome], operators: Vec<Operator>) -> Vec<Column<'_>> {
    let mut columns = vec![column("samples", "samples", FieldKind::Count, |v| {
        Value::Number(
            (outcomes[v].operators.iter())
                .map(|o| u64::from(o.samples))
                .sum(),
        )
    })];
    for op in operators {
        let at = move |v: usize| outcomes[v].operators.iter().find(|o| o.operator == op);
        let (samples_dbf, best_dbf) = operator_dbf_names(op);
        columns.push(column(
            format!("{op}_samples"),
            samples_dbf,
            FieldKind::Count,
            move |v| Value::Number(at(v).map_or(0, |o| u64::from(o.samples))),
        ));
        columns.push(column(
            format!("{op}_best"),
            best_dbf,
            FieldKind::Text,
            move |v| text(at(v).map_or("", |o| o.best.map(|g| g.label()).unwrap_or("none"))),
        ));
    }
    columns
}

fn communes_layer<'a>(dataset: &'a Dataset, eval: &Evaluation) -> Layer<'a> {
    let units = &eval.rollup.communes;
    let required = eval.params.required;
    let count = |key: &str, dbf: &str, get: fn(&crate::rollup::Figures) -> u32| {
        column(key, dbf, FieldKind::Count, move |c| {
            Value::Number(u64::from(get(&units[c].figures)))
        })
    };
    let mut columns: Vec<Column<'_>> = vec![
        column("code", "code", FieldKind::Text, |c| text(&units[c].code)),
        column("name", "name", FieldKind::Text, |c| text(&units[c].name)),
    ];
    if dataset.has_districts() {
        columns.push(column("district", "district", FieldKind::Text, |c| {
            text(&units[c].district)
        }));
    }
    columns.push(column("province", "province", FieldKind::Text, |c| {
        text(&units[c].province)
    }));
    columns.extend([
        count("villages", "villages", |f| f.villages),
        count("surveyed", "surveyed", |f| f.surveyed),
        count("not_surveyed", "not_surv", |f| f.not_surveyed),
        count("no_coverage", "no_cover", |f| f.no_coverage),
    ]);
    for g in Generation::ALL {
        let suffix = g.label().to_lowercase();
        columns.push(column(
            format!("covered_{suffix}"),
            format!("cov_{suffix}"),
            FieldKind::Count,
            move |c| Value::Number(u64::from(units[c].figures.covered_at(g))),
        ));
    }
    columns.push(count("flagged", "flagged", |f| f.flagged));
    let share_key = format!("share_{}", required.label().to_lowercase());
    columns.push(column(
        share_key.clone(),
        share_key,
        FieldKind::Share,
        move |c| Value::Share(units[c].figures.share_of_villages(required)),
    ));

    let features = dataset
        .communes
        .iter()
        .enumerate()
        .map(|(c, commune)| {
            let f = &units[c].figures;
            let covered = f.covered_at(required);
            Feature {
                name: commune.name.clone(),
                shape: Shape::Polygons(&commune.boundary),
                class: Class::Commune {
                    covered,
                    villages: f.villages,
                    share_class: share_class(covered, f.villages),
                },
                values: columns.iter().map(|col| (col.value)(c)).collect(),
            }
        })
        .collect();
    Layer {
        kind: LayerKind::Communes,
        required,
        fields: columns.into_iter().map(|c| c.field).collect(),
        features,
    }
}

/// Writes a closed ring's points, counter-clockwise when `outer` and clockwise otherwise (as
/// GeoJSON and KML want), `separator` between them, each by `point`.
pub fn write_ring(
    out: &mut dyn std::io::Write,
    ring: &geo::LineString<f64>,
    outer: bool,
    separator: &[u8],
    mut point: impl FnMut(&mut dyn std::io::Write, Point<f64>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use geo::Winding;
    let points = if outer {
        ring.points_ccw()
    } else {
        ring.points_cw()
    };
    for (i, p) in points.enumerate() {
        if i > 0 {
            out.write_all(separator)?;
        }
        point(out, p)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_columns_fit_a_dbf_name() {
        assert_eq!(
            operator_dbf_names(Operator::new(452, 4)),
            ("s452_04".to_string(), "b452_04".to_string())
        );
        let three = Operator::parse("310-410").unwrap();
        assert_eq!(operator_dbf_names(three).0, "s310_410");
        assert_eq!(operator_dbf_names(Operator::UNKNOWN).1, "b_unknown");
        for op in [three, Operator::UNKNOWN] {
            let (s, b) = operator_dbf_names(op);
            assert!(s.len() <= 10 && b.len() <= 10);
        }
    }
}
