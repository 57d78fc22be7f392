//! Households, population and grid power as village files write them, and the file's own
//! columns kept beside the results.

use crate::fold::fold_letters;
use crate::message::{Msg, ReadColumns, Word};
use crate::model::VillageFacts;

/// A value that is neither a figure nor blank (`khoảng 50`, `đang xây dựng`): taken as
/// unknown, and said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable;

/// A count as village lists write it: `125`, `125.0` (a number cell), `1.234` or `1,234`
/// (a thousands mark), `125 hộ`; `None` for an empty cell or a dash, `Err` for anything else.
///
/// ```
/// use phusong::io::facts::parse_count;
/// assert_eq!(parse_count("1.234"), Ok(Some(1234)));
/// assert_eq!(parse_count("87 hộ"), Ok(Some(87)));
/// assert_eq!(parse_count("125.0"), Ok(Some(125)));
/// assert_eq!(parse_count("-"), Ok(None));
/// assert!(parse_count("khoảng 50").is_err());
/// ```
pub fn parse_count(text: &str) -> Result<Option<u32>, Unreadable> {
    let t = text.trim();
    if t.is_empty() || t.chars().all(|c| matches!(c, '-' | '–' | '—' | '/' | '?')) {
        return Ok(None);
    }
    // A unit after the number (`87 hộ`, `412 người`) says nothing more.
    let number = t
        .split_once(|c: char| c.is_whitespace())
        .filter(|(_, unit)| unit.chars().all(char::is_alphabetic))
        .map_or(t, |(n, _)| n);
    let grouped = number.split(['.', ',']).collect::<Vec<_>>();
    let thousands = grouped.len() > 1
        && (1..=3).contains(&grouped[0].len())
        && grouped[1..].iter().all(|g| g.len() == 3)
        && grouped
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    let value: f64 = if thousands {
        grouped.concat().parse().map_err(|_| Unreadable)?
    } else {
        number.replace(',', ".").parse().map_err(|_| Unreadable)?
    };
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= u32::MAX as f64 {
        Ok(Some(value as u32))
    } else {
        Err(Unreadable)
    }
}

/// Yes or no as village lists write it: `có`/`không`, `x` for yes, `1`/`0`, `yes`/`no`,
/// `true`/`false`, `đã có`/`chưa có`; `None` for an empty cell or a dash, `Err` for anything
/// else.
///
/// ```
/// use phusong::io::facts::parse_yes_no;
/// assert_eq!(parse_yes_no("Có"), Ok(Some(true)));
/// assert_eq!(parse_yes_no("x"), Ok(Some(true)));
/// assert_eq!(parse_yes_no("Chưa có"), Ok(Some(false)));
/// assert_eq!(parse_yes_no("0"), Ok(Some(false)));
/// assert_eq!(parse_yes_no(""), Ok(None));
/// assert!(parse_yes_no("một phần").is_err());
/// ```
pub fn parse_yes_no(text: &str) -> Result<Option<bool>, Unreadable> {
    let key: String = fold_letters(text.trim())
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    if key.is_empty() {
        return Ok(None);
    }
    const YES: &[&str] = &[
        "co",
        "x",
        "1",
        "yes",
        "y",
        "true",
        "t",
        "da co",
        "co dien",
        "co dien luoi",
        "dien luoi",
        "v",
        "ok",
    ];
    const NO: &[&str] = &[
        "khong",
        "k",
        "ko",
        "0",
        "no",
        "n",
        "false",
        "f",
        "chua",
        "chua co",
        "khong co",
        "chua co dien",
        "khong co dien",
        "chua co dien luoi",
        "khong co dien luoi",
    ];
    if YES.contains(&key.as_str()) {
        Ok(Some(true))
    } else if NO.contains(&key.as_str()) {
        Ok(Some(false))
    } else {
        Err(Unreadable)
    }
}

/// The columns of a village file that give its facts (indices into its columns).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FactColumns {
    pub code: Option<usize>,
    pub households: Option<usize>,
    pub population: Option<usize>,
    pub grid_power: Option<usize>,
}

/// Which fact a column gives, for notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fact {
    Households,
    Population,
    GridPower,
}

impl Fact {
    const ALL: [Fact; 3] = [Fact::Households, Fact::Population, Fact::GridPower];

    fn word(self) -> Word {
        match self {
            Fact::Households => Word {
                vi: "số hộ",
                en: "households",
            },
            Fact::Population => Word {
                vi: "số dân",
                en: "population",
            },
            Fact::GridPower => Word {
                vi: "điện lưới",
                en: "grid power",
            },
        }
    }
}

/// Reads the facts of each record, counting the values that do not read so that one note
/// per column says how many and shows the first.
#[derive(Debug)]
pub struct FactReader {
    columns: FactColumns,
    /// Per fact: values that did not read, and the first (record, text).
    unread: [(u64, Option<(u64, String)>); 3],
}

impl FactReader {
    pub fn new(columns: FactColumns) -> FactReader {
        FactReader {
            columns,
            unread: Default::default(),
        }
    }

    /// The facts of record `record`, whose column `i` reads `text(i)`.
    pub fn read(&mut self, record: u64, text: impl Fn(usize) -> String) -> VillageFacts {
        let c = self.columns;
        let mut count = |fact: Fact, col: Option<usize>| -> Option<u32> {
            let value = text(col?);
            parse_count(&value).unwrap_or_else(|Unreadable| {
                self.miss(fact, record, value);
                None
            })
        };
        let households = count(Fact::Households, c.households);
        let population = count(Fact::Population, c.population);
        let grid_power = c.grid_power.and_then(|col| {
            let value = text(col);
            parse_yes_no(&value).unwrap_or_else(|Unreadable| {
                self.miss(Fact::GridPower, record, value);
                None
            })
        });
        VillageFacts {
            code: c.code.map(&text).unwrap_or_default().trim().to_string(),
            households,
            population,
            grid_power,
        }
    }

    fn miss(&mut self, fact: Fact, record: u64, value: String) {
        let slot = &mut self.unread[fact as usize];
        slot.0 += 1;
        slot.1.get_or_insert((record, value));
    }

    /// The notes: which column gave each fact, and the values taken as unknown.
    pub fn notes(&self, column_text: impl Fn(usize) -> String) -> Vec<Msg> {
        let c = self.columns;
        let mut notes = Vec::new();
        let found: Vec<(Word, String)> = [
            (Fact::Households, c.households),
            (Fact::Population, c.population),
            (Fact::GridPower, c.grid_power),
        ]
        .into_iter()
        .filter_map(|(fact, col)| col.map(|i| (fact.word(), column_text(i))))
        .collect();
        if !found.is_empty() {
            notes.push(Msg::FactColumnsUsed {
                facts: ReadColumns(found),
            });
        }
        for fact in Fact::ALL {
            let (n, first) = &self.unread[fact as usize];
            let (Some((record, value)), Some(col)) = (first, self.column(fact)) else {
                continue;
            };
            notes.push(Msg::FactValuesUnread {
                what: fact.word(),
                column: column_text(col),
                n: *n,
                record: *record,
                value: value.clone(),
            });
        }
        notes
    }

    fn column(&self, fact: Fact) -> Option<usize> {
        match fact {
            Fact::Households => self.columns.households,
            Fact::Population => self.columns.population,
            Fact::GridPower => self.columns.grid_power,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_in_the_usual_spellings() {
        for (text, want) in [
            ("87", Some(87)),
            (" 1.234 ", Some(1234)),
            ("1,234", Some(1234)),
            ("12.345.678", Some(12_345_678)),
            ("87 hộ", Some(87)),
            ("412 người", Some(412)),
            ("0", Some(0)),
            ("", None),
            ("—", None),
        ] {
            assert_eq!(parse_count(text), Ok(want), "{text:?}");
        }
        for bad in ["1,5", "-3", "abc", "12 3", "1e99"] {
            assert!(parse_count(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn yes_and_no_read_in_vietnamese_and_english() {
        for yes in [
            "có",
            "Có",
            "CÓ",
            "x",
            "X",
            "1",
            "yes",
            "Yes",
            "true",
            "đã có",
            "Có điện",
        ] {
            assert_eq!(parse_yes_no(yes), Ok(Some(true)), "{yes:?}");
        }
        for no in [
            "không",
            "Không",
            "0",
            "no",
            "chưa",
            "Chưa có",
            "không có điện",
            "ko",
        ] {
            assert_eq!(parse_yes_no(no), Ok(Some(false)), "{no:?}");
        }
        assert_eq!(parse_yes_no("  "), Ok(None));
        assert!(parse_yes_no("đang xây dựng").is_err());
    }
}
