//! The signal-log readers through their public API, on fixtures in every format
//! (`tests/data/samples/`, written for phusong unless their README says otherwise) and, when
//! the shared data folder is there, on real logs.

use std::path::{Path, PathBuf};

use phusong::Error;
use phusong::io::Reason;
use phusong::io::samples::{
    SampleColumns, SampleFile, SampleFormat, SampleRole, detect_format, load_samples,
    read_samples_str, read_samples_str_with,
};
use phusong::io::time::parse_time;
use phusong::model::{Generation, NO_TIME, Operator, Sample, Technology};
use phusong::progress::Progress;

const G2: Technology = Technology::Gen(Generation::G2);
const G3: Technology = Technology::Gen(Generation::G3);
const G4: Technology = Technology::Gen(Generation::G4);
const G5: Technology = Technology::Gen(Generation::G5);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/samples")
        .join(name)
}

fn load(name: &str) -> SampleFile {
    load_samples(&fixture(name), &Progress::new()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(text: &str) -> SampleFile {
    read_samples_str(Path::new("dropped.csv"), text).unwrap_or_else(|e| panic!("{e}"))
}

/// Vietnam wall-clock seconds of a time written without a zone.
fn vn(text: &str) -> i64 {
    parse_time(text).unwrap_or_else(|| panic!("{text}"))
}

/// (count, first lines) of one rejection reason.
fn rejected(f: &SampleFile, reason: Reason) -> (u64, Vec<u64>) {
    f.report
        .rejected
        .get(&reason)
        .map(|r| (r.count, r.first_lines.clone()))
        .unwrap_or_default()
}

/// Every row read is either used or rejected, and the report agrees with the samples.
fn assert_consistent(f: &SampleFile) {
    assert_eq!(
        f.report.rows_read,
        f.report.rows_used + f.report.rows_rejected(),
        "{}",
        f.report
    );
    assert_eq!(f.report.rows_used, f.samples.len() as u64, "{}", f.report);
    for s in &f.samples {
        assert!(phusong::model::is_lon_lat(s.lon, s.lat), "{s:?}");
        match s.technology {
            Technology::NoService => assert!(s.signal_dbm.is_nan(), "{s:?}"),
            Technology::Gen(_) => assert!((-160.0..=-20.0).contains(&s.signal_dbm), "{s:?}"),
        }
    }
}

/// Equal, with NaN signals equal to each other.
fn same(a: &Sample, b: &Sample) -> bool {
    a.lon == b.lon
        && a.lat == b.lat
        && a.time_s == b.time_s
        && a.signal_dbm.to_bits() == b.signal_dbm.to_bits()
        && a.operator == b.operator
        && a.technology == b.technology
}

fn has_note(f: &SampleFile, words: &str) -> bool {
    f.report.notes_en().into_iter().any(|n| n.contains(words))
}

#[test]
fn phusong_csv_counts_reasons_and_first_lines() {
    let f = load("phusong_lang_son.csv");
    assert_consistent(&f);
    assert_eq!(f.report.format.to_string(), SampleFormat::Phusong.name());
    assert_eq!(f.report.file, fixture("phusong_lang_son.csv"));
    // 17 lines after the header, one of them blank.
    assert_eq!((f.report.rows_read, f.report.rows_used), (16, 9));
    assert_eq!(rejected(&f, Reason::MissingCoordinates), (1, vec![9]));
    assert_eq!(
        rejected(&f, Reason::CoordinatesOutOfRange),
        (2, vec![10, 11])
    );
    assert_eq!(rejected(&f, Reason::UnknownTechnology), (1, vec![12]));
    assert_eq!(rejected(&f, Reason::MissingOrInvalidSignal), (1, vec![13]));
    assert_eq!(rejected(&f, Reason::UnknownOperator), (1, vec![16]));
    assert_eq!(rejected(&f, Reason::MalformedRow), (1, vec![17]));

    let viettel = Operator::new(452, 4);
    assert_eq!(
        f.samples[0],
        Sample {
            lon: 106.76152,
            lat: 21.85341,
            time_s: vn("2026-03-14T09:21:05"),
            signal_dbm: -97.5,
            operator: viettel,
            technology: G4,
        }
    );
    let techs: Vec<Technology> = f.samples.iter().map(|s| s.technology).collect();
    assert_eq!(
        techs,
        [G4, G4, G3, G2, Technology::NoService, G5, G4, G4, G4]
    );
    // No service: a sample, with a NaN signal.
    assert!(f.samples[4].signal_dbm.is_nan());
    assert_eq!(f.samples[4].operator, Operator::new(452, 1));
    // A zoned time is converted to the Vietnam clock.
    assert_eq!(f.samples[5].time_s, vn("2026-03-14T09:21:15"));
    // An unreadable time keeps the row, without a time, and is noted with its line.
    assert_eq!(f.samples[6].time_s, NO_TIME);
    assert!(
        has_note(
            &f,
            "1 row has a time phusong cannot read (the first at line 14"
        ),
        "{:?}",
        f.report.notes
    );
    // An empty time is no time, and no note.
    assert_eq!(f.samples[7].time_s, NO_TIME);
    // A three-digit MNC stays three digits.
    assert_eq!(f.samples[7].operator.to_string(), "452-004");
    assert_ne!(f.samples[7].operator, viettel);
    // Day-first time.
    assert_eq!(f.samples[8].time_s, vn("2026-03-14T09:21:35"));
    assert_eq!(f.samples[8].operator.brand(), Some("Vietnamobile"));
}

#[test]
fn phusong_csv_with_bom_crlf_and_columns_in_another_order() {
    let f = load("phusong_cao_bang_bom_crlf.csv");
    assert_consistent(&f);
    assert_eq!(f.samples.len(), 3);
    assert_eq!(
        (f.samples[0].lon, f.samples[0].lat),
        (106.257001, 22.666012)
    );
    assert_eq!(f.samples[0].time_s, vn("2026-03-15T07:00:00"));
    assert_eq!(f.samples[1].technology, Technology::NoService);
    assert_eq!(f.samples[1].operator.brand(), Some("VinaPhone"));
    assert_eq!(
        (f.samples[2].technology, f.samples[2].signal_dbm),
        (G3, -91.5)
    );
}

#[test]
fn swapped_latitude_and_longitude_are_swapped_back_and_noted() {
    let f = load("phusong_swapped_lat_lon.csv");
    assert_consistent(&f);
    assert_eq!(f.samples.len(), 8);
    assert!(
        f.samples
            .iter()
            .all(|s| (106.0..107.0).contains(&s.lon) && (21.0..22.0).contains(&s.lat))
    );
    assert!(
        has_note(
            &f,
            "Latitude and longitude are swapped in this file: 8 of 8 rows"
        ),
        "{:?}",
        f.report.notes
    );

    // The same in a G-NetTrack export.
    let text = "Timestamp,Longitude,Latitude,Operatorname,NetworkMode,RSRP\n\
                2026.03.14_09.30.01,21.8534,106.7615,Viettel,LTE,-95\n\
                2026.03.14_09.30.02,21.8536,106.7617,Viettel,LTE,-96\n";
    let g = read(text);
    assert_eq!(
        g.samples.iter().map(|s| (s.lon, s.lat)).collect::<Vec<_>>(),
        [(106.7615, 21.8534), (106.7617, 21.8536)]
    );
    assert!(has_note(&g, "swapped"));
}

#[test]
fn gnettrack_tab_log_drops_bogus_levels() {
    let f = load("gnettrack_viettel.txt");
    assert_consistent(&f);
    assert_eq!(f.report.format.to_string(), "G-NetTrack");
    assert_eq!((f.report.rows_read, f.report.rows_used), (13, 6));
    // -340, -164, 2147483647 and "-".
    assert_eq!(
        rejected(&f, Reason::MissingOrInvalidSignal),
        (4, vec![6, 7, 8, 9])
    );
    // "-" coordinates, and 0,0 before the GPS fix.
    assert_eq!(rejected(&f, Reason::MissingCoordinates), (2, vec![10, 12]));
    assert_eq!(rejected(&f, Reason::UnknownTechnology), (1, vec![14]));

    let s: Vec<(Technology, f64)> = f
        .samples
        .iter()
        .map(|s| (s.technology, s.signal_dbm))
        .collect();
    assert_eq!(
        s,
        [
            (G4, -95.0),
            (G4, -98.0),
            (G3, -85.0),
            (G2, -77.0),
            (G5, -89.0),
            (G4, -101.0)
        ]
    );
    assert!(
        f.samples
            .iter()
            .all(|s| s.operator == Operator::new(452, 4)),
        "Operator 45204, or the brand"
    );
    assert_eq!(f.samples[0].time_s, vn("2026-03-14T09:30:01"));
    assert_eq!((f.samples[0].lon, f.samples[0].lat), (106.76152, 21.85341));
}

#[test]
fn gnettrack_comma_export_with_rsrp_and_operator_names() {
    let f = load("gnettrack_export_mobifone.csv");
    assert_consistent(&f);
    assert_eq!((f.report.rows_read, f.report.rows_used), (8, 7));
    assert_eq!(rejected(&f, Reason::MissingOrInvalidSignal), (1, vec![9]));
    let techs: Vec<Technology> = f.samples.iter().map(|s| s.technology).collect();
    assert_eq!(techs, [G5, G4, G3, G3, G2, G2, G4]);
    // NRxRSRP is a neighbour's: the 5G row keeps its own RSRP.
    assert_eq!(f.samples[0].signal_dbm, -84.0);
    assert!(
        f.samples[..6]
            .iter()
            .all(|s| s.operator == Operator::new(452, 1))
    );
    // "B" is only a name: kept, operator unknown, noted.
    assert_eq!(f.samples[6].operator, Operator::UNKNOWN);
    assert!(has_note(&f, "\"B\" (1 row)"), "{:?}", f.report.notes);
    assert!(has_note(&f, "no Level column"));
}

#[test]
fn network_survey_lte_and_nr_files() {
    let f = load("network_survey_lte.csv");
    assert_consistent(&f);
    assert_eq!(
        f.report.format.to_string(),
        SampleFormat::NetworkSurvey.name()
    );
    assert_eq!((f.report.rows_read, f.report.rows_used), (6, 2));
    assert_eq!(rejected(&f, Reason::NotServingCell), (1, vec![5]));
    assert_eq!(rejected(&f, Reason::MissingCoordinates), (1, vec![7]));
    assert_eq!(rejected(&f, Reason::UnknownOperator), (1, vec![8]));
    assert_eq!(rejected(&f, Reason::MissingOrInvalidSignal), (1, vec![9]));
    assert_eq!(f.samples[0].time_s, vn("2026-03-21T08:15:02"));
    assert_eq!(
        f.samples[1].time_s,
        vn("2026-03-21T08:15:04"),
        "01:15:04Z is 08:15:04 in Vietnam"
    );
    assert_eq!((f.samples[0].lon, f.samples[0].lat), (103.01653, 21.384212));
    assert_eq!(
        (f.samples[0].technology, f.samples[0].signal_dbm),
        (G4, -101.0)
    );
    assert_eq!(f.samples[0].operator, Operator::new(452, 4));
    assert!(has_note(&f, "LTE"));

    let nr = load("network_survey_nr.csv");
    assert_consistent(&nr);
    let s: Vec<(Technology, f64)> = nr
        .samples
        .iter()
        .map(|s| (s.technology, s.signal_dbm))
        .collect();
    assert_eq!(s, [(G5, -87.0), (G5, -89.5)]);
}

#[test]
fn network_survey_gsm_and_umts_files() {
    let gsm = read(
        "# Created by Network Survey version=1.30\n\
         deviceTime,latitude,longitude,altitude,speed,accuracy,missionId,recordNumber,groupNumber,mcc,mnc,lac,ci,\
         arfcn,bsic,signalStrength,ta,servingCell,provider,slot,deviceSerialNumber\n\
         2026-03-21T08:00:00+07:00,21.5,104.1,300,0,5,m,1,1,452,4,12051,3021,86,12,-75,1,true,gps,1,d\n",
    );
    assert_eq!(
        gsm.samples
            .iter()
            .map(|s| (s.technology, s.signal_dbm))
            .collect::<Vec<_>>(),
        [(G2, -75.0)]
    );
    let umts = read(
        "deviceTime,latitude,longitude,altitude,speed,accuracy,missionId,recordNumber,groupNumber,mcc,mnc,lac,cid,\
         uarfcn,psc,rscp,ecno,signalStrength,servingCell,provider,slot,deviceSerialNumber\n\
         2026-03-21T08:00:00+07:00,21.5,104.1,300,0,5,m,1,1,452,4,12051,201334,10713,211,-92,-7,-70,true,gps,1,d\n\
         2026-03-21T08:00:01+07:00,21.5,104.1,300,0,5,m,2,1,452,4,12051,201335,10713,97,-99,-12,-74,false,gps,1,d\n",
    );
    assert_eq!(
        umts.samples
            .iter()
            .map(|s| (s.technology, s.signal_dbm))
            .collect::<Vec<_>>(),
        [(G3, -92.0)]
    );
    assert_eq!(rejected(&umts, Reason::NotServingCell), (1, vec![3]));
}

#[test]
fn towercollector_export_and_upload_layouts() {
    let f = load("towercollector_export.csv");
    assert_consistent(&f);
    assert_eq!(
        f.report.format.to_string(),
        SampleFormat::TowerCollector.name()
    );
    assert_eq!((f.report.rows_read, f.report.rows_used), (6, 4));
    assert_eq!(rejected(&f, Reason::NotServingCell), (1, vec![3]));
    // A CDMA cell without MCC.
    assert_eq!(rejected(&f, Reason::UnknownOperator), (1, vec![7]));
    let s: Vec<(Technology, f64)> = f
        .samples
        .iter()
        .map(|s| (s.technology, s.signal_dbm))
        .collect();
    // UMTS takes rscp (-87) over dbm (-90); NR its ss_rsrp.
    assert_eq!(s, [(G4, -101.0), (G2, -73.0), (G3, -87.0), (G5, -82.0)]);
    assert_eq!(
        f.samples[0].time_s,
        vn("2026-03-23T08:30:00"),
        "UTC times are converted"
    );
    assert_eq!(
        (f.samples[0].lon, f.samples[0].lat),
        (108.214023, 16.067718)
    );

    let up = load("towercollector_upload.csv");
    assert_consistent(&up);
    assert_eq!(
        up.report.format.to_string(),
        SampleFormat::TowerCollector.name()
    );
    let s: Vec<(Technology, f64)> = up
        .samples
        .iter()
        .map(|s| (s.technology, s.signal_dbm))
        .collect();
    // ASU 39 on LTE is -101 dBm, ASU 20 on GSM -73 dBm; 99 means unknown.
    assert_eq!(s, [(G4, -101.0), (G2, -73.0), (G4, -102.0)]);
    assert_eq!(rejected(&up, Reason::MissingOrInvalidSignal), (1, vec![5]));
    assert!(has_note(&up, "2 signal values were ASU levels"));
    assert_eq!(up.samples[0].time_s, vn("2026-03-23T08:30:00"));
}

#[test]
fn network_cell_info_export_with_an_empty_first_line() {
    let f = load("network_cell_info_vinaphone.csv");
    assert_consistent(&f);
    assert_eq!(
        f.report.format.to_string(),
        SampleFormat::NetworkCellInfo.name()
    );
    assert_eq!((f.report.rows_read, f.report.rows_used), (7, 5));
    assert_eq!(rejected(&f, Reason::MissingOrInvalidSignal), (1, vec![8]));
    assert_eq!(rejected(&f, Reason::UnknownTechnology), (1, vec![9]));
    // Epoch milliseconds 1774069200000 is 05:00 UTC, 12:00 in Vietnam.
    assert_eq!(f.samples[0].time_s, vn("2026-03-21T12:00:00"));
    assert_eq!(f.samples[4].time_s, NO_TIME);
    assert!(has_note(&f, "first at line 7"), "{:?}", f.report.notes);
    let techs: Vec<Technology> = f.samples.iter().map(|s| s.technology).collect();
    assert_eq!(techs, [G4, G4, G2, G3, G4]);
    assert!(
        f.samples
            .iter()
            .all(|s| s.operator.brand() == Some("VinaPhone"))
    );
}

#[test]
fn network_cell_info_real_excerpt_has_a_three_digit_mnc() {
    // The first 200 lines of a real export (MIT, see LICENSE.nci-lite-virginia).
    let f = load("nci_lite_virginia_excerpt.csv");
    assert_consistent(&f);
    assert_eq!(
        (f.report.rows_read, f.report.rows_used),
        (198, 198),
        "{}",
        f.report
    );
    let att = f.samples[0].operator;
    assert_eq!(
        (att.to_string(), att.mnc_digits),
        ("310-410".to_string(), 3)
    );
    assert_eq!(
        (f.samples[0].lon, f.samples[0].lat, f.samples[0].signal_dbm),
        (-77.5256446, 38.7590531, -95.0)
    );
    // 1763347401694 ms is 2025-11-17 02:43:21 UTC.
    assert_eq!(f.samples[0].time_s, vn("2025-11-17T09:43:21"));
}

#[test]
fn cellmapper_rows_without_header() {
    let f = load("cellmapper_vietnamobile.csv");
    assert_consistent(&f);
    assert_eq!(f.report.format.to_string(), SampleFormat::CellMapper.name());
    assert_eq!((f.report.rows_read, f.report.rows_used), (5, 4));
    assert_eq!(rejected(&f, Reason::MissingOrInvalidSignal), (1, vec![4]));
    let s: Vec<(Technology, f64)> = f
        .samples
        .iter()
        .map(|s| (s.technology, s.signal_dbm))
        .collect();
    assert_eq!(s, [(G4, -94.0), (G4, -97.0), (G2, -83.0), (G3, -91.0)]);
    assert_eq!(
        (f.samples[0].lon, f.samples[0].lat),
        (103.468502, 22.392211)
    );
    assert!(
        f.samples
            .iter()
            .all(|s| s.operator.brand() == Some("Vietnamobile") && s.time_s == NO_TIME)
    );
    assert!(
        has_note(&f, "assumed the layout latitude, longitude"),
        "{:?}",
        f.report.notes
    );
}

#[test]
fn formats_are_detected_from_the_header_not_the_name() {
    let cases = [
        ("phusong_lang_son.csv", SampleFormat::Phusong),
        ("phusong_cao_bang_bom_crlf.csv", SampleFormat::Phusong),
        ("gnettrack_viettel.txt", SampleFormat::GNetTrack),
        ("gnettrack_export_mobifone.csv", SampleFormat::GNetTrack),
        ("network_survey_lte.csv", SampleFormat::NetworkSurvey),
        ("network_survey_nr.csv", SampleFormat::NetworkSurvey),
        ("towercollector_export.csv", SampleFormat::TowerCollector),
        ("towercollector_upload.csv", SampleFormat::TowerCollector),
        (
            "network_cell_info_vinaphone.csv",
            SampleFormat::NetworkCellInfo,
        ),
        (
            "nci_lite_virginia_excerpt.csv",
            SampleFormat::NetworkCellInfo,
        ),
        ("cellmapper_vietnamobile.csv", SampleFormat::CellMapper),
    ];
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, want) in cases {
        let bytes = std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(detect_format(&bytes), Some(want), "{name}");
        // Under a misleading name, the content decides.
        let renamed = dir.path().join("gnettrack_log.txt");
        std::fs::write(&renamed, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            load_samples(&renamed, &Progress::new())
                .map(|f| f.report.format.to_string())
                .ok(),
            Some(want.name().to_string())
        );
    }
    assert_eq!(detect_format(b"ten_thon,ma_xa\n"), None);
    let names: Vec<&str> = SampleFormat::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(names.len(), 7);
    assert!(names.iter().all(|n| !n.is_empty()));
}

fn content_error(result: phusong::Result<SampleFile>) -> (Option<u64>, String, String) {
    match result {
        Err(Error::Content {
            line,
            problem,
            remedy,
            ..
        }) => (line, problem.to_string(), remedy.to_string()),
        Err(e) => panic!("not a content error: {e}"),
        Ok(f) => panic!("read: {}", f.report),
    }
}

#[test]
fn empty_unknown_and_binary_files_are_errors_that_list_the_formats() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
        p
    };
    let all_formats = |remedy: &str| SampleFormat::ALL.iter().all(|f| remedy.contains(f.name()));

    for (name, bytes) in [
        ("empty.csv", &b""[..]),
        ("blank.csv", b"\xEF\xBB\xBF\r\n  \n\t\n"),
        ("bom.csv", b"\xEF\xBB\xBF"),
    ] {
        let (_, problem, remedy) =
            content_error(load_samples(&write(name, bytes), &Progress::new()));
        assert!(problem.contains("empty"), "{name}: {problem}");
        assert!(all_formats(&remedy), "{remedy}");
    }
    let (line, problem, remedy) = content_error(load_samples(
        &fixture("not_a_signal_log.csv"),
        &Progress::new(),
    ));
    assert_eq!(line, Some(1));
    assert!(problem.contains("ten_thon,ma_xa,dan_so"), "{problem}");
    assert!(all_formats(&remedy), "{remedy}");

    let (_, problem, remedy) = content_error(load_samples(
        &write("x.csv", b"\x00\x01\x02\xFFlon,lat"),
        &Progress::new(),
    ));
    assert!(problem.contains("binary"), "{problem}");
    assert!(all_formats(&remedy));
    let (_, problem, _) = content_error(load_samples(
        &write("x.csv", b"PK\x03\x04\x14\x00"),
        &Progress::new(),
    ));
    assert!(problem.contains("zip"), "{problem}");

    let missing = dir.path().join("gone.csv");
    assert!(matches!(
        load_samples(&missing, &Progress::new()),
        Err(Error::Io { .. })
    ));
}

#[test]
fn a_header_without_rows_is_an_empty_load() {
    let f = read("lon,lat,operator,technology,signal_dbm,time\n");
    assert!(f.samples.is_empty());
    assert_eq!(f.report.rows_read, 0);
    assert!(has_note(&f, "no data rows"));
}

#[test]
fn crlf_bom_and_utf16_read_like_plain_text() {
    let plain = "Timestamp\tLongitude\tLatitude\tOperatorname\tOperator\tNetworkTech\tNetworkMode\tLevel\n\
                 2026.03.14_09.30.01\t106.7615\t21.8534\tViettel\t45204\t4G\tLTE\t-95\n\
                 \n\
                 2026.03.14_09.30.02\t-\t21.8536\tViettel\t45204\t4G\tLTE\t-96\n";
    let want = read(plain);
    assert_eq!(want.samples.len(), 1);
    assert_eq!(rejected(&want, Reason::MissingCoordinates), (1, vec![4]));
    let crlf = format!("\u{feff}{}", plain.replace('\n', "\r\n"));
    let got = read(&crlf);
    assert_eq!(got.samples, want.samples);
    assert_eq!(got.report.rejected, want.report.rejected);

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("utf16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(plain.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
    let utf16 = load_samples(&p, &Progress::new()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(utf16.samples, want.samples);
}

#[test]
fn a_big_file_is_mapped_and_reads_like_the_same_text_in_memory() {
    // Over 16 MiB, so the file is memory-mapped and split into several parallel chunks.
    let mut text = String::from("lon,lat,operator,technology,signal_dbm,time\n");
    let mut i = 0u64;
    while text.len() < 17 << 20 {
        let lon = 102.0 + (i % 80_000) as f64 * 1e-4;
        let lat = 8.5 + (i % 130_000) as f64 * 1e-4;
        match i % 1000 {
            17 => text.push('\n'),
            99 => text.push_str(&format!("{lon:.6},,452-04,4G,-97.0,2026-03-14T09:21:05\n")),
            500 => text.push_str(&format!("{lon:.6},{lat:.6},452-01,none,,\n")),
            _ => text.push_str(&format!(
                "{lon:.6},{lat:.6},452-0{},{}G,-{}.5,2026-03-{:02}T{:02}:21:05\n",
                1 + i % 3,
                2 + i % 4,
                60 + i % 60,
                1 + i % 28,
                i % 24
            )),
        }
        i += 1;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("big.csv");
    std::fs::write(&p, &text).unwrap_or_else(|e| panic!("{e}"));
    let progress = Progress::new();
    progress.set_total(text.len() as u64);
    let mapped = load_samples(&p, &progress).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        (progress.fraction() - 1.0).abs() < 1e-6,
        "{}",
        progress.fraction()
    );
    let in_memory = read(&text);
    assert_consistent(&mapped);
    assert_eq!(mapped.samples.len(), in_memory.samples.len());
    assert!(
        mapped
            .samples
            .iter()
            .zip(&in_memory.samples)
            .all(|(a, b)| same(a, b))
    );
    assert_eq!(mapped.report.rejected, in_memory.report.rejected);
    let (missing, first) = rejected(&mapped, Reason::MissingCoordinates);
    assert_eq!(missing, i / 1000 + u64::from(i % 1000 > 99));
    // Row 99 is on line 101 (header first, then one blank line at row 17).
    assert_eq!(first[0], 101);
    assert_eq!(first[1], 1101);
}

#[test]
fn a_cancelled_load_stops_with_cancelled() {
    let progress = Progress::new();
    progress.cancel();
    let result = load_samples(&fixture("gnettrack_viettel.txt"), &progress);
    // Small files may finish before the first check; a long one may not.
    assert!(matches!(result, Err(Error::Cancelled) | Ok(_)));
    let mut text = String::from("lon,lat,operator,technology,signal_dbm,time\n");
    for _ in 0..50_000 {
        text.push_str("105.8,21.0,452-04,4G,-97,\n");
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("c.csv");
    std::fs::write(&p, &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(load_samples(&p, &progress), Err(Error::Cancelled)));
}

/// A signal log of the shared data folder next to the repository, when it is there (in CI
/// it must be).
fn shared(path: &str) -> Option<PathBuf> {
    crate::shared_data(&format!("signal-logs/{path}"))
}

#[test]
fn real_gnettrack_logs_from_cork_when_present() {
    // GPL-3.0 data: read in place, never copied into the repository.
    for (name, rows) in [
        ("ucc-5g-cork/B_2019.11.25_15.34.34.csv", 1761),
        ("ucc-5g-cork/B_2019.12.16_14.23.32.csv", 2887),
    ] {
        let Some(path) = shared(name) else { continue };
        let f = load_samples(&path, &Progress::new()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_consistent(&f);
        assert_eq!(f.report.format.to_string(), "G-NetTrack", "{name}");
        assert_eq!(
            (f.report.rows_read, f.report.rows_used),
            (rows, rows),
            "{}",
            f.report
        );
        assert!(
            f.samples
                .iter()
                .all(|s| s.operator == Operator::UNKNOWN && s.has_time())
        );
        assert!(
            f.samples
                .iter()
                .all(|s| (-9.0..-8.0).contains(&s.lon) && (51.0..52.5).contains(&s.lat))
        );
        assert!(
            has_note(&f, &format!("\"B\" ({rows} rows)")),
            "{:?}",
            f.report.notes
        );
        assert!(f.samples.iter().any(|s| s.technology == G5));
    }
    if let Some(path) = shared("ucc-5g-cork/B_2019.11.25_15.34.34.csv") {
        let f = load_samples(&path, &Progress::new()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.samples[0].time_s, vn("2019-11-25T15:34:34"));
        assert_eq!(
            (
                f.samples[0].lon,
                f.samples[0].lat,
                f.samples[0].technology,
                f.samples[0].signal_dbm
            ),
            (-8.499381, 51.893777, G4, -79.0)
        );
        let by_tech = |t| f.samples.iter().filter(|s| s.technology == t).count();
        assert_eq!((by_tech(G5), by_tech(G4), by_tech(G3)), (1192, 520, 49));
    }
}

#[test]
fn real_network_cell_info_exports_when_present() {
    for (name, rows) in [
        ("nci-lite-virginia/raw_network_cell_info_log.csv", 688),
        ("nci-lite-virginia/processed_combined.csv", 8662),
    ] {
        let Some(path) = shared(name) else { continue };
        let f = load_samples(&path, &Progress::new()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_consistent(&f);
        assert_eq!(
            f.report.format.to_string(),
            SampleFormat::NetworkCellInfo.name()
        );
        assert_eq!(
            (f.report.rows_read, f.report.rows_used),
            (rows, rows),
            "{}",
            f.report
        );
        assert!(
            f.samples
                .iter()
                .all(|s| s.technology == G4 && s.has_time() && s.operator.to_string() == "310-410")
        );
        assert!(
            f.samples
                .iter()
                .all(|s| (-78.0..-76.0).contains(&s.lon) && (38.0..40.0).contains(&s.lat))
        );
    }
}

/// Every fixture cut short at many places and with bytes overwritten by others that matter
/// to a parser (separators, quotes, newlines, digits, signs, high bytes): each read ends in
/// samples or an error, never a panic, and what it returns adds up.
#[test]
fn damaged_logs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/samples");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "txt"))
        .collect();
    names.sort();
    let noise = [
        b',', b'\t', b'"', b'\n', b'\r', b'-', b'.', b'9', b'0', 0xC3, 0xFF, b' ', 0,
    ];
    let mut state: u64 = 2026;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let mut variants: Vec<Vec<u8>> = (0..12)
            .map(|k| bytes[..bytes.len() * k / 12].to_vec())
            .collect();
        for _ in 0..40 {
            let mut v = bytes.clone();
            for _ in 0..1 + next() % 6 {
                let at = next() % v.len().max(1);
                if let Some(b) = v.get_mut(at) {
                    *b = noise[next() % noise.len()];
                }
            }
            variants.push(v);
        }
        for (i, v) in variants.into_iter().enumerate() {
            let text = String::from_utf8_lossy(&v).into_owned();
            let name = path.with_file_name(format!("damaged-{i}.csv"));
            let outcome = std::panic::catch_unwind(|| read_samples_str(&name, &text));
            match outcome {
                Err(_) => panic!("{} variant {i} panicked", path.display()),
                Ok(Ok(f)) => assert_eq!(
                    f.report.rows_used + f.report.rows_rejected(),
                    f.report.rows_read,
                    "{} variant {i}",
                    path.display()
                ),
                Ok(Err(_)) => {}
            }
        }
    }
}

/// The lines of the demo's `data/samples.csv` the plain fixture was made of (every 383rd data
/// row, see the fixtures' README), as a phusong CSV.
fn demo_lines_as_phusong_csv() -> String {
    let demo =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples.csv"))
            .unwrap_or_else(|e| panic!("{e}"));
    let mut lines = demo.lines();
    let mut text = format!("{}\n", lines.next().unwrap_or_default());
    for line in lines.step_by(383) {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[test]
fn a_plain_sample_csv_loads_without_flags_and_gives_the_phusong_csvs_figures() {
    let plain = load("plain_named_columns.csv");
    assert_consistent(&plain);
    assert_eq!(
        plain.report.format.to_string(),
        SampleFormat::NamedColumns.name()
    );
    assert_eq!((plain.report.rows_read, plain.report.rows_used), (300, 300));
    assert!(plain.report.notes.is_empty(), "{:?}", plain.report.notes);
    let phusong_csv = read(&demo_lines_as_phusong_csv());
    assert_eq!(
        phusong_csv.report.format.to_string(),
        SampleFormat::Phusong.name()
    );
    assert_eq!(plain.samples.len(), phusong_csv.samples.len());
    for (a, b) in plain.samples.iter().zip(&phusong_csv.samples) {
        assert!(same(a, b), "{a:?} != {b:?}");
    }

    // The same figures, village by village and in the rollup.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let as_phusong = dir.path().join("samples.csv");
    std::fs::write(&as_phusong, demo_lines_as_phusong_csv()).unwrap_or_else(|e| panic!("{e}"));
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let evaluate = |samples: PathBuf| {
        let inputs = phusong::analysis::Inputs {
            samples: vec![samples],
            ..phusong::analysis::Inputs::demo(&data)
        };
        let dataset = phusong::analysis::Dataset::load(&inputs, &Progress::new())
            .unwrap_or_else(|e| panic!("{e}"));
        dataset.evaluate(&phusong::rule::Params::default())
    };
    let (a, b) = (
        evaluate(fixture("plain_named_columns.csv")),
        evaluate(as_phusong),
    );
    assert_eq!(a.villages, b.villages);
    assert_eq!(a.rollup, b.rollup);
    assert!(a.rollup.total.villages > 0 && a.rollup.total.villages > a.rollup.total.not_surveyed);
}

#[test]
fn named_columns_read_epoch_milliseconds_iso_times_and_the_signal_of_each_technology() {
    let text = "measured_at;Longitude;Latitude;Carrier;Network Type;RSRP;RSCP;RxLev;SS_RSRP;Signal\n\
        1773454865000;105,85;21,02;Viettel;LTE;-97;;;;-50\n\
        2026-03-14T02:21:05Z;105.86;21.03;452-02;3G;;-88;;;\n\
        14/03/2026 09:21:05;105.87;21.04;MobiFone;GSM;;;-75;;\n\
        1773454865;105.88;21.05;Reddi;NR;-101;;;-104;\n\
        1773454865;105.89;21.06;Viettel;4G;;;;;-99\n\
        1773454865;105.90;21.07;Viettel;NONE;;;;;\n\
        1773454865;105.91;21.08;;no service;;;;;\n\
        1773454865;105.92;21.09;;;;;;;\n\
        1773454865;105.93;21.10;Hanoi Telecom;4G;-90;;;;\n";
    let f = read(text);
    assert_consistent(&f);
    assert_eq!(
        f.report.format.to_string(),
        SampleFormat::NamedColumns.name()
    );
    assert_eq!(f.samples.len(), 9, "{}", f.report);
    let t = vn("2026-03-14T09:21:05");
    assert!(f.samples.iter().all(|s| s.time_s == t), "{:?}", f.samples);
    let signals: Vec<f64> = f.samples[..5].iter().map(|s| s.signal_dbm).collect();
    // RSRP on 4G, RSCP on 3G, RxLev on 2G, SS-RSRP on 5G, the generic column where the
    // technology's own is empty.
    assert_eq!(signals, [-97.0, -88.0, -75.0, -104.0, -99.0]);
    let techs: Vec<Technology> = f.samples.iter().map(|s| s.technology).collect();
    assert_eq!(&techs[..5], &[G4, G3, G2, G5, G4]);
    assert!(techs[5..8].iter().all(|t| *t == Technology::NoService));
    assert_eq!(f.samples[0].operator, Operator::new(452, 4));
    assert_eq!(f.samples[1].operator, Operator::new(452, 2));
    assert_eq!(f.samples[2].operator, Operator::new(452, 1));
    assert_eq!(f.samples[3].operator, Operator::new(452, 9));
    assert_eq!(f.samples[8].operator, Operator::UNKNOWN);
    assert!(has_note(&f, "Hanoi Telecom"), "{:?}", f.report.notes);
}

#[test]
fn a_log_whose_columns_cannot_be_told_names_the_missing_roles_and_loads_once_they_are_named() {
    let text = "when,x_deg,y_deg,operator,technology,value\n\
        1773454865,105.85,21.02,452-04,4G,-97\n";
    // It is a signal log (a window or a file list takes it as one), but not readable yet.
    assert_eq!(
        detect_format(text.as_bytes()),
        Some(SampleFormat::NamedColumns)
    );
    match read_samples_str(Path::new("log.csv"), text) {
        Err(Error::SampleColumns(m)) => {
            assert_eq!(
                m.missing,
                [
                    SampleRole::Longitude,
                    SampleRole::Latitude,
                    SampleRole::Signal
                ]
            );
            assert_eq!(m.columns[1], "x_deg");
            let message = m.to_string();
            assert!(message.starts_with("log.csv, line 1: "), "{message}");
            assert!(message.contains("--sample-lon-column"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let columns = SampleColumns {
        lon: Some("x_deg".into()),
        lat: Some("y_deg".into()),
        signal: Some("value".into()),
        ..SampleColumns::default()
    };
    let f = read_samples_str_with(Path::new("log.csv"), text, &columns)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(f.samples.len(), 1);
    assert_eq!((f.samples[0].lon, f.samples[0].signal_dbm), (105.85, -97.0));
    // Named columns also read headings nobody would guess.
    let unguessable = "a,b,c,d,e\n105.85,21.02,452-04,4G,-97\n";
    assert!(read_samples_str(Path::new("x.csv"), unguessable).is_err());
    let all = SampleColumns {
        lon: Some("a".into()),
        lat: Some("b".into()),
        operator: Some("c".into()),
        technology: Some("d".into()),
        signal: Some("e".into()),
        ..SampleColumns::default()
    };
    let f = read_samples_str_with(Path::new("x.csv"), unguessable, &all)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(f.samples.len(), 1);
}

/// A log of `rows` good rows under `header`, then a line of `long` bytes without a newline,
/// written to `dir`.
fn log_with_a_long_line(dir: &Path, header: &str, row: &str, long: usize) -> PathBuf {
    use std::io::Write;
    let path = dir.join("drive.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(file, "{header}").unwrap();
    for _ in 0..3 {
        writeln!(file, "{row}").unwrap();
    }
    let block = vec![b'7'; 1 << 20];
    for _ in 0..long / block.len() {
        file.write_all(&block).unwrap();
    }
    file.flush().unwrap();
    path
}

#[test]
fn a_line_of_tens_of_megabytes_is_refused_by_its_number() {
    let dir = tempfile::tempdir().unwrap();
    // 40 MB, over the 16 MB from which logs are memory-mapped.
    let header = "lon,lat,operator,tech,signal_dbm,time";
    let row = "105.8,22.1,452-04,4G,-95,2026-03-14T09:21:05";
    for (header, row) in [
        (header.to_string(), row.to_string()),
        // Quotes send the log through the csv reader, and so do semicolons.
        (header.to_string(), format!("\"105.8\",{}", &row[6..])),
        (header.replace(',', ";"), row.replace(',', ";")),
    ] {
        let path = log_with_a_long_line(dir.path(), &header, &row, 40 << 20);
        let message = load_samples(&path, &Progress::new())
            .map(|f| format!("read {} rows", f.report.rows_read))
            .unwrap_or_else(|e| e.to_string());
        assert!(
            message.contains("line 5") && message.contains("longer than 4 MB"),
            "{message}"
        );
    }
    // A header with no end.
    let path = log_with_a_long_line(dir.path(), "#", "", 40 << 20);
    let message = load_samples(&path, &Progress::new())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("line 5") && message.contains("longer than 4 MB"),
        "{message}"
    );
}

/// A log damaged in transfer with a few stray NUL bytes loses only the rows they fall in;
/// a file of binary data is still refused as one.
#[test]
fn a_few_stray_nul_bytes_cost_only_their_rows() {
    let demo =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples.csv")).unwrap();
    let lines: Vec<&[u8]> = demo.split(|&b| b == b'\n').take(2001).collect();
    let mut damaged: Vec<u8> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut line = line.to_vec();
        if [10, 500, 1500].contains(&i) {
            let mid = line.len() / 2;
            line[mid] = 0;
        }
        damaged.extend_from_slice(&line);
        damaged.push(b'\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nul.csv");
    std::fs::write(&path, &damaged).unwrap();
    let f = load_samples(&path, &Progress::new()).expect("the log loads");
    assert_eq!(f.report.rows_read, 2000);
    assert!(
        (1997..2000).contains(&f.report.rows_used) && f.report.rows_rejected() >= 1,
        "{}",
        f.report
    );
    let binary: Vec<u8> = (0..4096u32).map(|i| (i % 7) as u8).collect();
    let bin = dir.path().join("bin.csv");
    std::fs::write(&bin, &binary).unwrap();
    let err = load_samples(&bin, &Progress::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("binary"), "{err}");
}
