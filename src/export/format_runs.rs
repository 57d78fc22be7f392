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

/// Rows given their formats together: a band of a wide sheet's rows fits in the cache.
const BAND_ROWS: u32 = 256;

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

    /// Gives the sheet the formats noted, a band of [`BAND_ROWS`] rows at a time: the sheet
    /// keeps each row's cells apart in memory, and a band's rows stay in the cache while
    /// every column's runs pass over them (down whole columns, each pass missed the cache on
    /// every row, two thirds of the sheet's time).
    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let last_row = (self.columns.iter())
            .filter_map(|runs| runs.last().map(|run| run.last_row))
            .max();
        let Some(last_row) = last_row else {
            return Ok(());
        };
        // Per column, the first run not yet given in full.
        let mut next = vec![0; self.columns.len()];
        for band_first in (0..=last_row).step_by(BAND_ROWS as usize) {
            let band_last = band_first.saturating_add(BAND_ROWS - 1).min(last_row);
            for (col, runs) in self.columns.iter().enumerate() {
                for run in &runs[next[col]..] {
                    if run.first_row > band_last {
                        break;
                    }
                    let (first, last) =
                        (run.first_row.max(band_first), run.last_row.min(band_last));
                    let format = self.formats[run.format];
                    ws.set_range_format(first, col as u16, last, col as u16, format)?;
                    if run.last_row > band_last {
                        break;
                    }
                    next[col] += 1;
                }
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

    /// The sheet's XML in a workbook of one sheet given its cells by `fill`.
    fn sheet_xml(fill: impl FnOnce(&mut Worksheet)) -> String {
        let mut book = rust_xlsxwriter::Workbook::new();
        fill(book.add_worksheet());
        let bytes = book.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        xml
    }

    #[test]
    fn runs_across_bands_give_each_cell_its_format_as_one_cell_at_a_time_does() {
        let (plain, bold, boxed) = (
            Format::new(),
            Format::new().set_bold(),
            Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin),
        );
        // Column 0 one run over three bands; column 1 changing every 100 rows, with a gap;
        // column 2 only in the last band.
        let mut cells: Vec<(u32, u16, &Format)> = Vec::new();
        for row in 1..700 {
            cells.push((row, 0, &plain));
            if row % 300 != 7 {
                cells.push((row, 1, if (row / 100) % 2 == 0 { &bold } else { &boxed }));
            }
            if row >= 520 {
                cells.push((row, 2, &bold));
            }
        }
        let write = |ws: &mut Worksheet| {
            for &(row, col, _) in &cells {
                ws.write_number(row, col, f64::from(row)).unwrap();
            }
        };
        let banded = sheet_xml(|ws| {
            write(ws);
            let mut runs = FormatRuns::default();
            for &(row, col, format) in &cells {
                runs.set(row, col, format);
            }
            runs.apply(ws).unwrap();
        });
        let one_by_one = sheet_xml(|ws| {
            write(ws);
            for &(row, col, format) in &cells {
                ws.set_range_format(row, col, row, col, format).unwrap();
            }
        });
        assert!(cells.len() > 3 * BAND_ROWS as usize);
        assert_eq!(banded, one_by_one);
    }
}
