//! Cell formats given to a worksheet a run of rows at a time.
//!
//! rust_xlsxwriter looks a cell's [`Format`] up by hashing the whole of it, for every cell
//! written with one: a third of the time of a national village sheet. A table's column
//! mostly keeps one format down its rows, so the cells are written bare and their formats
//! noted here, then given to the sheet by [`Worksheet::set_range_format`] once a run: each
//! run's format is looked up once. The file is the same: every cell carries its format.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// The formats of a sheet's cells, as runs down each column.
#[derive(Default)]
pub(super) struct FormatRuns<'f> {
    /// The distinct formats given, told apart by address (a sheet uses a handful).
    formats: Vec<&'f Format>,
    /// Per column, its runs: first row, last row, index in `formats`.
    columns: Vec<Vec<Run>>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Run {
    first_row: u32,
    last_row: u32,
    format: usize,
}

impl<'f> FormatRuns<'f> {
    /// Notes that cell (`row`, `col`) has `format`; a cell not written is given a blank with it.
    pub fn set(&mut self, row: u32, col: u16, format: &'f Format) {
        let format = match self.formats.iter().position(|f| std::ptr::eq(*f, format)) {
            Some(i) => i,
            None => {
                self.formats.push(format);
                self.formats.len() - 1
            }
        };
        let col = col as usize;
        if self.columns.len() <= col {
            self.columns.resize_with(col + 1, Vec::new);
        }
        let runs = &mut self.columns[col];
        match runs.last_mut() {
            Some(run) if run.format == format && run.last_row + 1 == row => run.last_row = row,
            _ => runs.push(Run {
                first_row: row,
                last_row: row,
                format,
            }),
        }
    }

    /// Gives the sheet the formats noted.
    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, runs) in self.columns.iter().enumerate() {
            for run in runs {
                let format = self.formats[run.format];
                ws.set_range_format(run.first_row, col as u16, run.last_row, col as u16, format)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_rows_of_one_format_make_one_run_per_column() {
        let (plain, bold) = (Format::new(), Format::new().set_bold());
        let mut runs = FormatRuns::default();
        for row in 1..=3 {
            runs.set(row, 0, &plain);
            runs.set(row, 2, &plain);
        }
        runs.set(4, 0, &bold);
        runs.set(6, 0, &bold);
        let run = |first_row, last_row, format| Run {
            first_row,
            last_row,
            format,
        };
        assert_eq!(
            runs.columns[0],
            [run(1, 3, 0), run(4, 4, 1), run(6, 6, 1)],
            "a new format or a gap starts a run"
        );
        assert!(runs.columns[1].is_empty());
        assert_eq!(runs.columns[2], [run(1, 3, 0)]);
        assert_eq!(
            runs.formats.len(),
            2,
            "a format given again is not noted twice"
        );
    }
}
