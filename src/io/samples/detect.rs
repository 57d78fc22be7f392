//! Telling the sample formats apart by their first lines, never by the file name.

pub(crate) use super::header::Header;
use super::header::split_header;
use super::{
    SampleFormat, cellmapper, columns, gnettrack, network_cell_info, network_survey, phusong,
    towercollector,
};

/// What the first lines of a text say.
#[derive(Debug)]
pub(crate) enum Detected {
    Format(SampleFormat, Header),
    /// Nothing but blank lines (or `#` comments).
    Empty,
    /// A header that names some columns of a signal log by their usual names, but not all
    /// it needs: the user must name the others.
    Partial(Header),
    /// A first line no format claims.
    Unrecognised {
        line: u64,
        text: String,
        hint: Option<crate::message::Msg>,
        /// The first line split as a header (the user may still name its columns).
        header: Header,
    },
}

/// Detects the format of `text` (without a byte-order mark).
pub(crate) fn detect(text: &[u8]) -> Detected {
    let mut lines = content_lines(text);
    let Some((line, start, end)) = lines.next() else {
        return Detected::Empty;
    };
    let first = &text[start..end];
    let header = split_header(first, line, end_of_line(text, end));
    let claimed = if network_survey::matches(&header) {
        Some(SampleFormat::NetworkSurvey)
    } else if towercollector::matches(&header) {
        Some(SampleFormat::TowerCollector)
    } else if network_cell_info::matches(&header) {
        Some(SampleFormat::NetworkCellInfo)
    } else if gnettrack::matches(&header) {
        Some(SampleFormat::GNetTrack)
    } else if phusong::matches(&header) {
        Some(SampleFormat::Phusong)
    } else {
        None
    };
    let named = columns::guess(&header, &columns::SampleColumns::default());
    let claimed = claimed.or_else(|| {
        named
            .missing
            .is_empty()
            .then_some(SampleFormat::NamedColumns)
    });
    if let Some(format) = claimed {
        return Detected::Format(format, header);
    }
    let first_rows: Vec<&[u8]> = content_lines(text)
        .take(5)
        .map(|(_, s, e)| &text[s..e])
        .collect();
    if cellmapper::matches_shape(&first_rows) {
        let no_header = Header {
            delimiter: b',',
            ..Header::default()
        };
        return Detected::Format(SampleFormat::CellMapper, no_header);
    }
    let hint =
        if header.has("devicetime") && (header.has("missionid") || header.has("recordnumber")) {
            Some(crate::message::Msg::NetworkSurveyNotCellular)
        } else {
            None
        };
    if hint.is_none() && named.looks_like_a_log() {
        return Detected::Partial(header);
    }
    Detected::Unrecognised {
        line,
        text: super::common::shorten(String::from_utf8_lossy(first).trim(), 160),
        hint,
        header,
    }
}

/// The offset just after the line that ends at `end` (past its `\n`).
fn end_of_line(text: &[u8], end: usize) -> usize {
    match memchr::memchr(b'\n', &text[end..]) {
        Some(p) => end + p + 1,
        None => text.len(),
    }
}

/// Lines that are not blank and not `#` comments: (1-based line number, start, end without
/// the line break).
fn content_lines(text: &[u8]) -> impl Iterator<Item = (u64, usize, usize)> + '_ {
    let mut start = 0;
    let mut line = 0u64;
    std::iter::from_fn(move || {
        while start < text.len() {
            line += 1;
            let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |p| start + p);
            let s = start;
            start = end + 1;
            let mut e = end;
            if e > s && text[e - 1] == b'\r' {
                e -= 1;
            }
            let content = &text[s..e];
            let trimmed = content.trim_ascii_start();
            if trimmed.is_empty() || trimmed.starts_with(b"#") {
                continue;
            }
            return Some((line, s, e));
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::samples::header::fold;

    fn format_of(text: &str) -> Option<SampleFormat> {
        match detect(text.as_bytes()) {
            Detected::Format(f, _) => Some(f),
            _ => None,
        }
    }

    #[test]
    fn each_header_finds_its_format() {
        let cases = [
            (
                "lon,lat,operator,technology,signal_dbm,time\n",
                SampleFormat::Phusong,
            ),
            (
                "technology,time,signal_dbm,operator,lat,lon\n",
                SampleFormat::Phusong,
            ),
            (
                "Timestamp\tLongitude\tLatitude\tSpeed\tOperatorname\tOperator\tCGI\tCellname\tNode\tCellID\tLAC\t\
                 NetworkTech\tNetworkMode\tLevel\tQual\tSNR\tCQI\tLTERSSI\tARFCN\n",
                SampleFormat::GNetTrack,
            ),
            (
                "Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,RSRQ,SNR,CQI,RSSI\n",
                SampleFormat::GNetTrack,
            ),
            (
                "# Created by Network Survey version=1.30\n# CSV Version=0.3.0\n\
                 deviceTime,latitude,longitude,altitude,speed,accuracy,missionId,recordNumber,groupNumber,mcc,mnc,\
                 tac,eci,earfcn,pci,rsrp,rsrq,ta,servingCell,lteBandwidth,provider,signalStrength,cqi,slot,snr,\
                 deviceSerialNumber\n",
                SampleFormat::NetworkSurvey,
            ),
            (
                "mcc,mnc,lac,cell_id,short_cell_id,rnc,psc,asu,dbm,ta,lat,lon,accuracy,speed,bearing,altitude,\
                 measured_at,net_type,neighboring,discovered_at,device\n",
                SampleFormat::TowerCollector,
            ),
            (
                "lat,lon,mcc,mnc,sid,lac,tac,nid,cellid,bid,psc,pci,signal,ta,measured_at,rating,speed,direction,act,devn\n",
                SampleFormat::TowerCollector,
            ),
            (
                "\nmcc,mnc,lac,cellid,lat,lon,signal,measured_at,rating,speed,direction,act,ta,psc,tac,pci,sid,nid,bid\n",
                SampleFormat::NetworkCellInfo,
            ),
            (
                "mcc,mnc,lac,CellID,Latitude,Longitude,RSRP,Timestamp,rating,speed,direction,NetworkType,ta\n",
                SampleFormat::NetworkCellInfo,
            ),
            (
                "21.0285,105.8542,12,452,4,12345,67890123,-97,LTE,LTE,1650,123\n",
                SampleFormat::CellMapper,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(format_of(text), Some(want), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_sample_file() {
        assert!(matches!(detect(b""), Detected::Empty));
        assert!(matches!(detect(b"\n \r\n\t\n"), Detected::Empty));
        match detect(b"\n\nname,population\nHa Noi,8000000\n") {
            Detected::Unrecognised { line, text, .. } => {
                assert_eq!(line, 3);
                assert_eq!(text, "name,population");
            }
            other => panic!("{other:?}"),
        }
        let wifi =
            "deviceTime,latitude,longitude,missionId,recordNumber,bssid,ssid,signalStrength\n";
        assert!(matches!(
            detect(wifi.as_bytes()),
            Detected::Unrecognised { hint: Some(_), .. }
        ));
    }

    #[test]
    fn header_position_and_delimiter() {
        let text = b"\r\n# comment\r\na;b;c\r\n1;2;3\r\n";
        let h = split_header(b"a;b;c", 3, 20);
        assert_eq!(h.delimiter, b';');
        assert_eq!(h.keys, ["a", "b", "c"]);
        let (line, s, e) = content_lines(text).next().unwrap_or_default();
        assert_eq!((line, &text[s..e]), (3, &b"a;b;c"[..]));
        assert_eq!(end_of_line(text, e), 20);
        assert_eq!(fold(" Signal_dBm "), "signaldbm");
    }
}
