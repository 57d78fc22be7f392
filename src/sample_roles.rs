//! What each column of a signal log holds, and the error for a log whose columns could not
//! all be told. It has no dependencies, so that [`crate::error`] can carry that error.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// A signal column for every technology.
pub(crate) const GENERIC_SIGNAL: &[&str] = &[
    "signaldbm",
    "signal",
    "dbm",
    "level",
    "signalstrength",
    "signallevel",
];

/// What a column of a signal log holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleRole {
    Longitude,
    Latitude,
    /// The operator in one column: a name (`Viettel`) or an MCC-MNC (`452-04`).
    Operator,
    /// The MCC, with [`SampleRole::Mnc`] instead of an operator column.
    Mcc,
    Mnc,
    /// 2G…5G, or a radio name (LTE, NR, UMTS…); `NONE`, `no service` or empty for no service.
    Technology,
    /// The signal in dBm.
    Signal,
    /// When the sample was taken (optional).
    Time,
}

impl SampleRole {
    /// Every role, in the order the chooser and `inspect-samples` list them.
    pub const ALL: [SampleRole; 8] = [
        SampleRole::Longitude,
        SampleRole::Latitude,
        SampleRole::Operator,
        SampleRole::Mcc,
        SampleRole::Mnc,
        SampleRole::Technology,
        SampleRole::Signal,
        SampleRole::Time,
    ];

    /// The command-line flag that names the column.
    pub const fn flag(self) -> &'static str {
        match self {
            SampleRole::Longitude => "--sample-lon-column",
            SampleRole::Latitude => "--sample-lat-column",
            SampleRole::Operator => "--sample-operator-column",
            SampleRole::Mcc => "--sample-mcc-column",
            SampleRole::Mnc => "--sample-mnc-column",
            SampleRole::Technology => "--sample-technology-column",
            SampleRole::Signal => "--sample-signal-column",
            SampleRole::Time => "--sample-time-column",
        }
    }

    /// The role in words, for the command line (the window has its own, in `i18n`).
    pub const fn label(self) -> &'static str {
        match self {
            SampleRole::Longitude => "longitude",
            SampleRole::Latitude => "latitude",
            SampleRole::Operator => "operator",
            SampleRole::Mcc => "MCC",
            SampleRole::Mnc => "MNC",
            SampleRole::Technology => "technology",
            SampleRole::Signal => "signal",
            SampleRole::Time => "time",
        }
    }

    /// The usual names, folded (lower case, letters and digits only), best first. The phusong CSV's own names
    /// come first, so its files are read exactly as before.
    pub(crate) const fn names(self) -> &'static [&'static str] {
        match self {
            SampleRole::Longitude => &["lon", "longitude", "lng", "long", "x"],
            SampleRole::Latitude => &["lat", "latitude", "y"],
            SampleRole::Operator => &[
                "operator",
                "operatorname",
                "carrier",
                "carriername",
                "provider",
                "networkoperator",
                "networkoperatorname",
                "simoperator",
                "mccmnc",
                "plmn",
            ],
            SampleRole::Mcc => &["mcc"],
            SampleRole::Mnc => &["mnc"],
            SampleRole::Technology => &[
                "technology",
                "tech",
                "rat",
                "networktype",
                "networktech",
                "nettype",
                "generation",
                "accesstechnology",
                "network",
            ],
            SampleRole::Signal => GENERIC_SIGNAL,
            SampleRole::Time => &[
                "time",
                "timestamp",
                "datetime",
                "measuredat",
                "date",
                "gpstime",
                "localtime",
            ],
        }
    }

    /// A few usual names as written, for messages.
    pub const fn examples(self) -> &'static str {
        match self {
            SampleRole::Longitude => "lon, lng, longitude",
            SampleRole::Latitude => "lat, latitude",
            SampleRole::Operator => "operator, carrier, provider",
            SampleRole::Mcc => "mcc",
            SampleRole::Mnc => "mnc",
            SampleRole::Technology => "technology, tech, rat, network_type",
            SampleRole::Signal => "signal_dbm, rsrp, rscp, rxlev, rssi, ss_rsrp",
            SampleRole::Time => "time, timestamp, datetime",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for SampleRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A signal log whose columns could not all be told: the error that says which roles lack a
/// column, what the header has, and (on the command line) the flags that name them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingColumns {
    pub path: PathBuf,
    /// The header's line (1-based).
    pub line: u64,
    /// Required roles without a column.
    pub missing: Vec<SampleRole>,
    /// Columns the user named that the header does not have.
    pub not_found: Vec<(SampleRole, String)>,
    /// The header's column names, as written.
    pub columns: Vec<String>,
}

impl fmt::Display for MissingColumns {
    /// The command line's message: it names the flags.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, line {}: ", self.path.display(), self.line)?;
        let mut parts: Vec<String> = (self.not_found.iter())
            .map(|(role, name)| format!("there is no column \"{name}\" for the {role}"))
            .collect();
        let roles: Vec<String> = (self.missing.iter())
            .map(|r| format!("the {r} (usually called {})", r.examples()))
            .collect();
        if !roles.is_empty() {
            parts.push(format!("no column was found for {}", roles.join(", ")));
        }
        let columns: Vec<String> = self.columns.iter().map(|c| format!("\"{c}\"")).collect();
        write!(
            f,
            "{}. The columns are {}. Name the columns with ",
            parts.join("; "),
            columns.join(", ")
        )?;
        let flags: Vec<String> = (self
            .missing
            .iter()
            .chain(self.not_found.iter().map(|(r, _)| r)))
        .map(|r| match r {
            SampleRole::Operator => format!(
                "{} COLUMN (or {} and {})",
                r.flag(),
                SampleRole::Mcc.flag(),
                SampleRole::Mnc.flag()
            ),
            _ => format!("{} COLUMN", r.flag()),
        })
        .collect();
        write!(
            f,
            "{}, or see how phusong reads the file with `phusong inspect-samples {}`.",
            flags.join(", "),
            self.path.display()
        )
    }
}
