//! A sample log's header line: its column names as written and folded for matching.

/// A file's header line, split into column names.
#[derive(Clone, Debug, Default)]
pub(crate) struct Header {
    /// The names as written (trimmed).
    pub names: Vec<String>,
    /// The names folded for matching: ASCII letters and digits only, lower case
    /// (`signal_dbm` → `signaldbm`, `Cell ID` → `cellid`).
    pub keys: Vec<String>,
    /// The header's line number (1-based); 0 for a file without a header (CellMapper).
    pub line: u64,
    pub delimiter: u8,
    /// Byte offset of the first line after the header.
    pub data_start: usize,
}

impl Header {
    /// The index of the first column named by one of `candidates` (given folded, in order
    /// of preference).
    pub fn find(&self, candidates: &[&str]) -> Option<usize> {
        candidates
            .iter()
            .find_map(|c| self.keys.iter().position(|k| k == c))
    }

    pub fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }
}

/// Folds a column name for matching.
pub(crate) fn fold(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Splits a header line: the delimiter is a tab, semicolon or comma, whichever it has most
/// of (commas on a tie); quotes are honoured.
pub(crate) fn split_header(first: &[u8], line: u64, data_start: usize) -> Header {
    let count = |c: u8| first.iter().filter(|b| **b == c).count();
    let (tabs, semis, commas) = (count(b'\t'), count(b';'), count(b','));
    let delimiter = if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(first);
    let mut record = csv::StringRecord::new();
    let names: Vec<String> = match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(|n| n.trim().to_string()).collect(),
        _ => String::from_utf8_lossy(first)
            .split(delimiter as char)
            .map(|n| n.trim().to_string())
            .collect(),
    };
    let keys = names.iter().map(|n| fold(n)).collect();
    Header {
        names,
        keys,
        line,
        delimiter,
        data_start,
    }
}
