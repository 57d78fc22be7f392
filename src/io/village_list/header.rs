//! Finding a sheet's header row under a title, its column headings, and the rows of data.

use std::path::Path;

use super::cells::KIND_ROWS;
use super::roles::{Role, heading_keys};
use crate::error::{Error, Result};
use crate::fold::{fold_key, fold_letters};
use crate::io::fields::{self, named_column};
use crate::io::table::{Cell, Row, Sheet, Workbook};
use crate::io::village_layer::VillageOptions;
use crate::message::Msg;

/// How many rows from the top may hold the header.
pub(super) const HEADER_SEARCH_ROWS: usize = 30;

/// The header row chosen on a sheet.
#[derive(Clone, Copy, Debug)]
pub(super) struct HeaderPick {
    /// Index into the sheet's rows.
    pub(super) row: usize,
    /// True when the row has coordinate headings (or every column the user named).
    pub(super) usable: bool,
    pub(super) score: usize,
}

/// The options' column names, with their roles.
pub(super) fn given_fields(options: &VillageOptions) -> Vec<(Role, &str)> {
    [
        (Role::Name, &options.name_field),
        (Role::Longitude, &options.lon_field),
        (Role::Latitude, &options.lat_field),
        (Role::Commune, &options.commune_field),
        (Role::District, &options.district_field),
        (Role::Province, &options.province_field),
        (Role::Code, &options.code_field),
        (Role::Households, &options.households_field),
        (Role::Population, &options.population_field),
        (Role::GridPower, &options.power_field),
    ]
    .into_iter()
    .filter_map(|(role, given)| given.as_deref().map(|g| (role, g)))
    .collect()
}

/// How much a row looks like a village list's header: the headings it has that phusong
/// knows, and whether they include a coordinate pair.
pub(super) fn header_score(row: &Row) -> (bool, usize) {
    let texts: Vec<String> = row
        .cells
        .iter()
        .filter_map(|c| match c {
            Cell::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    let has = |role: Role| texts.iter().any(|t| role.rank(t).is_some());
    let recognised = texts
        .iter()
        .filter(|t| {
            Role::ALL.iter().any(|r| r.rank(t).is_some())
                || heading_keys(t)
                    .iter()
                    .any(|k| fields::OTHER_LIST_COLUMNS.iter().any(|o| fold_key(o) == *k))
        })
        .count();
    let usable = (has(Role::Longitude) && has(Role::Latitude))
        || (has(Role::ProjectedX) && has(Role::ProjectedY));
    (usable, recognised)
}

/// Finds the header row among the first rows of `sheet`: with column names given, the
/// first row that has them all; otherwise the row with a coordinate pair and the most
/// known headings; failing both, the row with the most known headings or the first with
/// two texts.
pub(super) fn find_header(sheet: &Sheet, options: &VillageOptions) -> Option<HeaderPick> {
    let given = given_fields(options);
    let mut best: Option<HeaderPick> = None;
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let (mut usable, score) = header_score(row);
        if !given.is_empty() {
            let columns = columns_at(sheet, i);
            usable = given
                .iter()
                .all(|(_, g)| named_column(&columns, g).is_some());
        }
        let pick = HeaderPick {
            row: i,
            usable,
            score,
        };
        if best.is_none_or(|b| (pick.usable, pick.score) > (b.usable, b.score)) {
            best = Some(pick);
        }
    }
    let best = best?;
    if best.usable || best.score > 0 {
        return Some(best);
    }
    let texts = |r: &Row| {
        r.cells
            .iter()
            .filter(|c| matches!(c, Cell::Text(_)))
            .count()
    };
    let row = sheet
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|r| texts(r) >= 2)
        .unwrap_or(0);
    Some(HeaderPick {
        row,
        usable: false,
        score: 0,
    })
}

/// The column names for a header at `header`: its headings, an empty one taken from the row
/// just above when that row is part of a two-row header, `(column E)` when still empty,
/// repeated names made unique with ` (2)`.
pub(super) fn columns_at(sheet: &Sheet, header: usize) -> Vec<String> {
    let Some(row) = sheet.rows.get(header) else {
        return Vec::new();
    };
    let above = header
        .checked_sub(1)
        .and_then(|i| sheet.rows.get(i))
        .filter(|r| r.number + 1 == row.number)
        .filter(|r| r.cells.iter().filter(|c| !c.is_empty()).count() >= 2);
    let width = row.cells.len().max(above.map_or(0, |a| a.cells.len())).max(
        sheet.rows[header + 1..]
            .iter()
            .take(KIND_ROWS)
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0),
    );
    let mut columns: Vec<String> = Vec::with_capacity(width);
    for j in 0..width {
        let mut name = one_line(&row.cell(j).display());
        if name.is_empty()
            && let Some(a) = above
        {
            name = one_line(&a.cell(j).display());
        }
        if name.is_empty() {
            name = format!("(column {})", sheet.column_label(j));
        }
        let base = name.clone();
        let mut k = 2;
        while columns.contains(&name) {
            name = format!("{base} ({k})");
            k += 1;
        }
        columns.push(name);
    }
    columns
}

/// Line breaks and runs of spaces in a heading become single spaces.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A row under the header that numbers the columns, `(1) (2) (3)` or `1 2 3`, as
/// Vietnamese official tables have.
pub(super) fn is_numbering_row(row: &Row) -> bool {
    let mut previous = 0.0f64;
    let mut count = 0;
    for cell in row.cells.iter().filter(|c| !c.is_empty()) {
        let text = cell.display();
        let inner = text
            .trim_start_matches(['(', '['])
            .trim_end_matches([')', ']']);
        let Ok(n) = inner.parse::<f64>() else {
            // `(A)`, `(B)` or a bracketed unit such as `(độ)`.
            if text.starts_with('(') && text.ends_with(')') {
                count += 1;
                continue;
            }
            return false;
        };
        if n <= previous || n.fract() != 0.0 {
            return false;
        }
        previous = n;
        count += 1;
    }
    count >= 2
}

/// The header again, as lists printed over several pages repeat it: most of its cells say
/// what the header's cells say.
pub(super) fn is_repeated_header(row: &Row, header: &Row) -> bool {
    let filled: Vec<(usize, &Cell)> = row
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let same = filled
        .iter()
        .filter(|(j, c)| fold_key(&c.display()) == fold_key(&header.cell(*j).display()))
        .count();
    same >= 2 && same * 2 >= filled.len()
}

/// A row without coordinates that is a heading, a total or a signature rather than a
/// village: `I. Xã Cao Kỳ`, `Huyện Chợ Mới`, `Tổng cộng`, `Người lập biểu`.
pub(super) fn is_heading_text(text: &str) -> bool {
    let t = fold_letters(text.trim());
    let t = t.trim();
    const ROMAN: [&str; 15] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
        "xv",
    ];
    if let Some(at) = t.find(['.', ')'])
        && ROMAN.contains(&&t[..at])
    {
        return true;
    }
    const STARTS: [&str; 23] = [
        "xa ",
        "phuong ",
        "thi tran ",
        "huyen ",
        "quan ",
        "thi xa ",
        "thanh pho ",
        "tinh ",
        "tong cong",
        "tong so",
        "tong:",
        "cong:",
        "nguoi lap",
        "nguoi ky",
        "ghi chu",
        "thu truong",
        "giam doc",
        "chu tich",
        "ky ten",
        "xac nhan",
        "ngay ",
        "ket thuc",
        "(ky",
    ];
    matches!(t, "tong" | "cong" | "tong cong") || STARTS.iter().any(|s| t.starts_with(s))
}

/// The sheet, header and columns of a village list, and the rows under the header.
pub(super) struct Layout {
    pub(super) sheet: usize,
    pub(super) header: usize,
    pub(super) usable: bool,
    /// Index of the first data row.
    pub(super) data: usize,
    pub(super) columns: Vec<String>,
    /// The numbering row under the header that was skipped, by its number.
    pub(super) numbering_row: Option<u64>,
}

impl Layout {
    pub(super) fn data_rows<'a>(&self, workbook: &'a Workbook) -> &'a [Row] {
        workbook
            .sheets
            .get(self.sheet)
            .and_then(|s| s.rows.get(self.data..))
            .unwrap_or(&[])
    }

    pub(super) fn labels(&self, sheet: &Sheet) -> Vec<String> {
        (0..self.columns.len())
            .map(|j| sheet.column_label(j))
            .collect()
    }
}

pub(super) fn sheet_names(workbook: &Workbook) -> String {
    workbook
        .sheets
        .iter()
        .filter_map(|s| s.name.as_ref())
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sheet the options name (by name, folded name or number), else the first visible
/// sheet with a usable header, else the first visible one with rows.
fn choose_sheet(path: &Path, workbook: &Workbook, options: &VillageOptions) -> Result<usize> {
    let wanted = options.sheet.as_deref().filter(|s| !s.trim().is_empty());
    let Some(wanted) = wanted.filter(|_| workbook.is_spreadsheet()) else {
        let visible = || {
            (workbook.sheets.iter().enumerate()).filter(|(_, s)| !s.hidden && !s.rows.is_empty())
        };
        let first = visible()
            .find(|(_, s)| find_header(s, options).is_some_and(|p| p.usable))
            .or_else(|| visible().next())
            .or_else(|| (workbook.sheets.iter().enumerate()).find(|(_, s)| !s.rows.is_empty()));
        return Ok(first.map_or(0, |(i, _)| i));
    };
    let names: Vec<&str> = (workbook.sheets.iter())
        .map(|s| s.name.as_deref().unwrap_or(""))
        .collect();
    let by_number = || {
        (wanted.trim().parse::<usize>().ok())
            .filter(|n| (1..=names.len()).contains(n))
            .map(|n| n - 1)
    };
    (names.iter().position(|n| *n == wanted))
        .or_else(|| names.iter().position(|n| fold_key(n) == fold_key(wanted)))
        .or_else(by_number)
        .ok_or_else(|| {
            Error::content(
                path,
                Msg::NoSuchSheet {
                    sheet: wanted.to_string(),
                    sheets: sheet_names(workbook),
                },
                Msg::RemedyNameSheet,
            )
        })
}

/// Chooses the sheet (the one the options name, else the first visible one with a usable
/// header, else the first with rows) and its header.
pub(super) fn lay_out(
    path: &Path,
    workbook: &Workbook,
    options: &VillageOptions,
) -> Result<Layout> {
    let sheet = choose_sheet(path, workbook, options)?;
    let Some(s) = workbook.sheets.get(sheet) else {
        return Err(Error::content(
            path,
            Msg::NoTable,
            Msg::RemedyChooseVillageList,
        ));
    };
    let Some(pick) = find_header(s, options) else {
        let which = match &s.name {
            Some(sheet) => Msg::SheetEmpty {
                sheet: sheet.clone(),
            },
            None => Msg::FileEmpty,
        };
        return Err(Error::content(path, which, Msg::RemedyHeaderRow));
    };
    let columns = columns_at(s, pick.row);
    let mut data = pick.row + 1;
    let mut numbering_row = None;
    if let Some(next) = s.rows.get(data)
        && is_numbering_row(next)
    {
        numbering_row = Some(next.number);
        data += 1;
    }
    Ok(Layout {
        sheet,
        header: pick.row,
        usable: pick.usable,
        data,
        columns,
        numbering_row,
    })
}
