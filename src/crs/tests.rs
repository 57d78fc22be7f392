use super::*;

#[test]
fn meridians_are_written_in_degrees_and_minutes() {
    assert_eq!(format_meridian(106.5), "106°30′");
    assert_eq!(format_meridian(105.0), "105°00′");
    assert_eq!(format_meridian(104.75), "104°45′");
    assert_eq!(format_meridian(104.46), "104°27′36″");
    assert_eq!(format_meridian(104.123456789), "104.123456789°");
}

#[test]
fn user_text_names_a_system() {
    let tm3 = |cm: f64| Crs::Vn2000Tm3 {
        central_meridian_deg: cm,
    };
    for (text, want) in [
        ("wgs84", Crs::Wgs84),
        ("WGS 84", Crs::Wgs84),
        ("EPSG:4326", Crs::Wgs84),
        ("epsg 4326", Crs::Wgs84),
        ("utm48n", Crs::Wgs84Utm { zone: 48 }),
        ("UTM 49N", Crs::Wgs84Utm { zone: 49 }),
        ("wgs84-utm48n", Crs::Wgs84Utm { zone: 48 }),
        ("EPSG:32649", Crs::Wgs84Utm { zone: 49 }),
        ("vn2000", Crs::Vn2000),
        ("VN-2000", Crs::Vn2000),
        ("EPSG:4756", Crs::Vn2000),
        ("vn2000-utm48n", Crs::Vn2000Utm { zone: 48 }),
        ("VN-2000 / UTM zone 49N", Crs::Vn2000Utm { zone: 49 }),
        ("EPSG:3405", Crs::Vn2000Utm { zone: 48 }),
        ("3406", Crs::Vn2000Utm { zone: 49 }),
        ("vn2000-tm3:106.5", tm3(106.5)),
        ("vn2000-tm3:106-30", tm3(106.5)),
        ("tm3:105°45′", tm3(105.75)),
        ("TM3: 104 45", tm3(104.75)),
        ("vn2000-tm3:Bắc Kạn", tm3(106.5)),
        ("EPSG:9213", tm3(106.5)),
        ("EPSG:5899", tm3(107.75)),
        ("Bắc Kạn", tm3(106.5)),
        ("bac kan", tm3(106.5)),
        ("BẮC KẠN", tm3(106.5)),
        ("Tỉnh Quảng Ninh", tm3(107.75)),
        ("TP Hồ Chí Minh", tm3(105.75)),
        ("Huế", tm3(107.0)),
        ("VN-2000 / TM-3 zone 105-45", tm3(105.75)),
        ("TM-3 106.5", tm3(106.5)),
    ] {
        assert_eq!(Crs::parse(text), Ok(want.clone()), "{text}");
        assert_eq!(text.parse::<Crs>(), Ok(want), "{text}");
    }
    for bad in [
        "İİİ tm3 İ",
        "tm3",
        "VN-2000 / TM-3 zone",
        "",
        "ch1903",
        "utm61n",
        "EPSG:2056",
        "tm3:10.65",
        "tm3:Atlantis",
        "vn2000-tm3:",
    ] {
        let err = Crs::parse(bad).unwrap_err();
        assert!(!err.is_empty(), "{bad}");
    }
    assert!(
        Crs::parse("ch1903")
            .unwrap_err()
            .contains("vn2000-tm3:106.5")
    );
    assert!(Crs::parse("EPSG:2056").unwrap_err().contains("3405"));
}

#[test]
fn labels_and_epsg_codes() {
    assert_eq!(
        Crs::Vn2000Tm3 {
            central_meridian_deg: 106.5
        }
        .label_with_epsg(),
        "VN-2000 / TM-3 106°30′ (EPSG:9213)"
    );
    assert_eq!(
        Crs::Vn2000Utm { zone: 48 }.label(),
        "VN-2000 / UTM zone 48N"
    );
    assert_eq!(Crs::Wgs84Utm { zone: 49 }.epsg(), Some(32649));
    assert_eq!(
        Crs::Vn2000.label_with_epsg(),
        "VN-2000 longitude/latitude (EPSG:4756)"
    );
    let generic = Crs::TransverseMercator {
        datum: Datum::Vn2000,
        central_meridian_deg: 105.5,
        latitude_of_origin_deg: 0.0,
        scale_factor: 1.0,
        false_easting_m: 500_000.0,
        false_northing_m: -50_000.0,
    };
    assert_eq!(
        generic.label(),
        "transverse Mercator on VN-2000 (central meridian 105°30′, scale 1, false easting 500,000 m, false northing -50,000 m)"
    );
    assert_eq!(generic.epsg(), None);
    // Every EPSG code maps back to itself, and every label reads back as its system.
    for c in choices() {
        assert_eq!(Crs::parse(&c.crs.label()), Ok(c.crs.clone()), "{}", c.label);
        if let Some(code) = c.crs.epsg() {
            assert_eq!(Crs::from_epsg(code), Some(c.crs.clone()), "{code}");
        }
    }
}

#[test]
fn named_parameters_become_named_systems() {
    let tm = |cm: f64, k: f64| TmParams {
        central_meridian_deg: cm,
        latitude_of_origin_deg: 0.0,
        scale_factor: k,
        false_easting_m: 500_000.0,
        false_northing_m: 0.0,
    };
    assert_eq!(
        Crs::from_parts(Datum::Wgs84, Some(tm(105.0, 0.9996))),
        Crs::Wgs84Utm { zone: 48 }
    );
    assert_eq!(
        Crs::from_parts(Datum::Vn2000, Some(tm(111.0, 0.9996))),
        Crs::Vn2000Utm { zone: 49 }
    );
    assert_eq!(
        Crs::from_parts(Datum::Vn2000, Some(tm(106.5, 0.9999))),
        Crs::Vn2000Tm3 {
            central_meridian_deg: 106.5
        }
    );
    // A 0.9999 zone on WGS84 is no TM-3 zone: it stays generic.
    assert!(matches!(
        Crs::from_parts(Datum::Wgs84, Some(tm(106.5, 0.9999))),
        Crs::TransverseMercator { .. }
    ));
    assert!(matches!(
        Crs::from_parts(Datum::Wgs84, Some(tm(105.5, 0.9996))),
        Crs::TransverseMercator { .. }
    ));
}

#[test]
fn unusable_parameters_are_refused_not_panicked_on() {
    for crs in [
        Crs::Wgs84Utm { zone: 0 },
        Crs::Vn2000Utm { zone: 61 },
        Crs::Vn2000Tm3 {
            central_meridian_deg: f64::NAN,
        },
        Crs::Vn2000Tm3 {
            central_meridian_deg: 500.0,
        },
        Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 105.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 0.0,
            false_easting_m: 0.0,
            false_northing_m: 0.0,
        },
    ] {
        assert!(crs.transformer().is_err(), "{crs:?}");
        assert_eq!(crs.to_wgs84(500_000.0, 2_000_000.0), None);
    }
    let utm = Crs::Wgs84Utm { zone: 48 };
    assert_eq!(utm.to_wgs84(f64::NAN, 0.0), None);
    assert_eq!(utm.to_wgs84(f64::INFINITY, 0.0), None);
    assert_eq!(utm.to_wgs84(1e300, 1e300), None);
    assert_eq!(Crs::Wgs84.to_wgs84(105.0, 21.0), Some((105.0, 21.0)));
    assert_eq!(Crs::Wgs84.to_wgs84(500_000.0, 21.0), None);
}

#[test]
fn serde_round_trip_and_tagged_form() {
    let crs = Crs::Vn2000Tm3 {
        central_meridian_deg: 106.5,
    };
    let json = serde_json::to_string(&crs).unwrap();
    assert_eq!(
        json,
        r#"{"system":"vn2000_tm3","central_meridian_deg":106.5}"#
    );
    assert_eq!(serde_json::from_str::<Crs>(&json).unwrap(), crs);
    for c in choices() {
        let json = serde_json::to_string(&c.crs).unwrap();
        assert_eq!(serde_json::from_str::<Crs>(&json).unwrap(), c.crs);
    }
}

#[test]
fn choices_put_vietnamese_systems_first_with_every_province() {
    let list = choices();
    assert_eq!(list[0].group, CHOICE_GROUPS[0]);
    assert_eq!(list.last().map(|c| c.crs.clone()), Some(Crs::Wgs84));
    let before: Vec<&Choice> = list
        .iter()
        .filter(|c| c.group == CHOICE_GROUPS[1])
        .collect();
    assert_eq!(before.len(), 63);
    assert_eq!(before[0].label, "An Giang — VN-2000 / TM-3 104°45′");
    let now: Vec<&Choice> = list
        .iter()
        .filter(|c| c.group == CHOICE_GROUPS[0])
        .collect();
    // 34 provinces; merged ones list each distinct meridian of their parts.
    assert!(now.len() > 34, "{}", now.len());
    assert!(
        now.iter().any(
            |c| c.label == "Thái Nguyên (former Thái Nguyên, Bắc Kạn) — VN-2000 / TM-3 106°30′"
        )
    );
    assert!(
        now.iter()
            .any(|c| c.label == "Phú Thọ (former Hòa Bình) — VN-2000 / TM-3 106°00′")
    );
    assert!(
        now.iter()
            .any(|c| c.label == "Cao Bằng — VN-2000 / TM-3 105°45′")
    );
    // Đ after D in Vietnamese order.
    let pos = |name: &str| {
        before
            .iter()
            .position(|c| c.label.starts_with(name))
            .unwrap()
    };
    assert!(pos("Điện Biên") > pos("Đà Nẵng") && pos("Đà Nẵng") > pos("Bình Thuận"));
    assert!(pos("Đồng Tháp") < pos("Gia Lai"));
    let tail: Vec<String> = list[list.len() - 6..]
        .iter()
        .map(|c| c.label.clone())
        .collect();
    assert_eq!(
        tail,
        [
            "VN-2000 / UTM zone 48N (EPSG:3405)",
            "VN-2000 / UTM zone 49N (EPSG:3406)",
            "VN-2000 longitude/latitude (EPSG:4756)",
            "WGS84 / UTM zone 48N (EPSG:32648)",
            "WGS84 / UTM zone 49N (EPSG:32649)",
            "WGS84 longitude/latitude (EPSG:4326)",
        ]
    );
}

#[test]
fn a_box_in_metres_suggests_systems_and_provinces() {
    // The demo's Bắc Kạn communes in VN-2000 / TM-3 106°30′ (tests/data/vn2000).
    let guesses = guess_from_bbox(389_604.6, 2_412_179.1, 473_728.8, 2_515_735.8);
    assert_eq!(
        guesses[0].crs,
        Crs::Vn2000Tm3 {
            central_meridian_deg: 106.5
        }
    );
    let tm3 = guesses
        .iter()
        .find(|g| {
            g.crs
                == Crs::Vn2000Tm3 {
                    central_meridian_deg: 106.5,
                }
        })
        .expect("TM-3 106°30′ fits");
    assert!(tm3.provinces.contains(&"Bắc Kạn"), "{guesses:?}");
    assert!(guesses.iter().any(|g| g.crs == Crs::Vn2000Utm { zone: 48 }));
    let text = describe_guesses(&guesses).unwrap();
    assert!(text.contains("VN-2000 / TM-3 106°30′ (Bắc Kạn"), "{text}");
    assert!(
        text.contains("VN-2000 / UTM zone 48N or WGS84 / UTM zone 48N ("),
        "{text}"
    );
    // Degrees, or metres far from Vietnam, suggest nothing.
    assert!(guess_from_bbox(105.0, 21.0, 106.0, 22.0).is_empty());
    assert!(guess_from_bbox(2_600_000.0, 1_200_000.0, 2_700_000.0, 1_300_000.0).is_empty());
    assert!(guess_from_bbox(f64::NAN, 0.0, 1.0, 1.0).is_empty());
    assert_eq!(describe_guesses(&[]), None);
}

#[test]
fn odd_parameters_and_points_never_panic() {
    let values = [
        -1e300, -180.0, -90.0, -1.0, 0.0, 1e-300, 1.0, 89.999999, 90.0, 180.0, 500_000.0, 1e7,
        1e300,
    ];
    for &cm in &values {
        for &lat0 in &[-90.0, 0.0, 45.0, 90.0] {
            for &k in &[0.5, 1.0, 1.5] {
                for datum in [Datum::Wgs84, Datum::Vn2000] {
                    let crs = Crs::TransverseMercator {
                        datum,
                        central_meridian_deg: cm,
                        latitude_of_origin_deg: lat0,
                        scale_factor: k,
                        false_easting_m: 500_000.0,
                        false_northing_m: 0.0,
                    };
                    let Ok(t) = crs.transformer() else { continue };
                    for &x in &values {
                        for &y in &values {
                            if let Some((lon, lat)) = t.to_wgs84(x, y) {
                                assert!(crate::model::is_lon_lat(lon, lat));
                            }
                        }
                    }
                }
            }
        }
    }
    for &x in &values {
        for &y in &values {
            let _ = Crs::Vn2000.to_wgs84(x, y);
            let _ = guess_from_bbox(x, y, x + 1.0, y + 1.0);
        }
    }
}
