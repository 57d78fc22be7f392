//! Conversions to WGS84 against reference coordinates computed independently with PROJ
//! (tests/data/crs/make_reference.py).

use phusong::crs::{Crs, Datum};

struct Ref {
    crs: Crs,
    place: &'static str,
    x: f64,
    y: f64,
    lon: f64,
    lat: f64,
}

// BEGIN REFERENCE (made by tests/data/crs/make_reference.py with PROJ 9.5.1; do not edit)
const REFERENCE: [Ref; 122] = [
    Ref {
        crs: Crs::Wgs84Utm { zone: 48 },
        place: "Lung Cu",
        x: 532297.032,
        y: 2583740.002,
        lon: 105.3159999973,
        lat: 23.3630000031,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 48 },
        place: "Dien Bien Phu",
        x: 294309.635,
        y: 2366167.257,
        lon: 103.0159999964,
        lat: 21.3859999991,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 48 },
        place: "Thanh Hoa",
        x: 581274.057,
        y: 2190310.663,
        lon: 105.7759999984,
        lat: 19.8069999971,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 48 },
        place: "Da Nang",
        x: 844681.988,
        y: 1777589.899,
        lon: 108.2209999985,
        lat: 16.0539999989,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 48 },
        place: "Can Tho",
        x: 585916.467,
        y: 1109274.076,
        lon: 105.7840000027,
        lat: 10.0340000003,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 48 },
        place: "Con Dao",
        x: 676695.553,
        y: 960069.168,
        lon: 106.6060000007,
        lat: 8.6820000027,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 49 },
        place: "Lang Son",
        x: 61706.299,
        y: 2422598.953,
        lon: 106.7610000027,
        lat: 21.8529999980,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 49 },
        place: "Dong Hoi",
        x: 34789.888,
        y: 1936671.281,
        lon: 106.6219999959,
        lat: 17.4679999970,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 49 },
        place: "Da Nang",
        x: 202650.977,
        y: 1776903.884,
        lon: 108.2209999975,
        lat: 16.0539999955,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 49 },
        place: "Buon Ma Thuot",
        x: 178243.406,
        y: 1402135.931,
        lon: 108.0380000019,
        lat: 12.6670000037,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 49 },
        place: "Da Lat",
        x: 221391.801,
        y: 1321206.295,
        lon: 108.4419999988,
        lat: 11.9400000008,
    },
    Ref {
        crs: Crs::Wgs84Utm { zone: 49 },
        place: "Con Dao",
        x: 16167.664,
        y: 962499.913,
        lon: 106.6059999962,
        lat: 8.6820000043,
    },
    Ref {
        crs: Crs::Vn2000,
        place: "Lung Cu",
        x: 105.314084487,
        y: 23.363968569,
        lon: 105.3160000096,
        lat: 23.3629999952,
    },
    Ref {
        crs: Crs::Vn2000,
        place: "Lang Son",
        x: 106.759109128,
        y: 21.853992848,
        lon: 106.7610000071,
        lat: 21.8529999963,
    },
    Ref {
        crs: Crs::Vn2000,
        place: "Vinh",
        x: 105.690144766,
        y: 18.67399358,
        lon: 105.6920000061,
        lat: 18.6729999969,
    },
    Ref {
        crs: Crs::Vn2000,
        place: "Quy Nhon",
        x: 109.217201971,
        y: 13.777033839,
        lon: 109.2189999997,
        lat: 13.7759999997,
    },
    Ref {
        crs: Crs::Vn2000,
        place: "Ho Chi Minh",
        x: 106.698213767,
        y: 10.777018494,
        lon: 106.7000000005,
        lat: 10.7759999997,
    },
    Ref {
        crs: Crs::Vn2000,
        place: "Con Dao",
        x: 106.604224805,
        y: 8.683018694,
        lon: 106.6059999991,
        lat: 8.6820000006,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 48 },
        place: "Lung Cu",
        x: 532101.021,
        y: 2583846.801,
        lon: 105.3160000069,
        lat: 23.3629999940,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 48 },
        place: "Dien Bien Phu",
        x: 294114.772,
        y: 2366275.174,
        lon: 103.0160000122,
        lat: 21.3859999920,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 48 },
        place: "Thanh Hoa",
        x: 581077.909,
        y: 2190419.342,
        lon: 105.7760000030,
        lat: 19.8069999964,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 48 },
        place: "Da Nang",
        x: 844485.156,
        y: 1777700.265,
        lon: 108.2209999982,
        lat: 16.0539999954,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 48 },
        place: "Can Tho",
        x: 585720.656,
        y: 1109385.717,
        lon: 105.7840000035,
        lat: 10.0339999974,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 48 },
        place: "Con Dao",
        x: 676499.717,
        y: 960181.006,
        lon: 106.6060000012,
        lat: 8.6820000021,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 49 },
        place: "Lang Son",
        x: 61513.57,
        y: 2422714.467,
        lon: 106.7610000029,
        lat: 21.8529999924,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 49 },
        place: "Dong Hoi",
        x: 34596.607,
        y: 1936787.393,
        lon: 106.6220000031,
        lat: 17.4679999964,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 49 },
        place: "Da Nang",
        x: 202457.499,
        y: 1777019.866,
        lon: 108.2210000002,
        lat: 16.0540000032,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 49 },
        place: "Buon Ma Thuot",
        x: 178049.618,
        y: 1402251.728,
        lon: 108.0380000021,
        lat: 12.6669999959,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 49 },
        place: "Da Lat",
        x: 221198.003,
        y: 1321321.963,
        lon: 108.4419999978,
        lat: 11.9400000008,
    },
    Ref {
        crs: Crs::Vn2000Utm { zone: 49 },
        place: "Con Dao",
        x: 15973.136,
        y: 962615.126,
        lon: 106.6060000024,
        lat: 8.6820000017,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 102.0,
        },
        place: "Dien Bien Phu",
        x: 605156.631,
        y: 2366022.841,
        lon: 103.0160000137,
        lat: 21.3859999917,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 103.0,
        },
        place: "Lao Cai",
        x: 600130.573,
        y: 2487799.443,
        lon: 103.9750000097,
        lat: 22.4859999950,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 103.0,
        },
        place: "Dien Bien Phu",
        x: 501462.868,
        y: 2365683.521,
        lon: 103.0160000107,
        lat: 21.3859999916,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 103.0,
        },
        place: "Phu Quoc",
        x: 605744.7,
        y: 1131119.03,
        lon: 103.9670000001,
        lat: 10.2270000000,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.0,
        },
        place: "Lung Cu",
        x: 634354.047,
        y: 2585198.436,
        lon: 105.3160000113,
        lat: 23.3629999952,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.0,
        },
        place: "Dien Bien Phu",
        x: 397769.435,
        y: 2366004.216,
        lon: 103.0160000138,
        lat: 21.3859999932,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.0,
        },
        place: "Rach Gia",
        x: 618204.812,
        y: 1107376.515,
        lon: 105.0799999997,
        lat: 10.0119999982,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.0,
        },
        place: "Ca Mau",
        x: 626188.951,
        y: 1015038.89,
        lon: 105.1500000041,
        lat: 9.1769999995,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.5,
        },
        place: "Lung Cu",
        x: 583230.163,
        y: 2584821.859,
        lon: 105.3160000046,
        lat: 23.3629999910,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.5,
        },
        place: "Dien Bien Phu",
        x: 345915.545,
        y: 2366412.165,
        lon: 103.0160000072,
        lat: 21.3859999904,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.5,
        },
        place: "Can Tho",
        x: 640563.28,
        y: 1109890.769,
        lon: 105.7839999999,
        lat: 10.0339999989,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.5,
        },
        place: "Ca Mau",
        x: 571235.983,
        y: 1014901.467,
        lon: 105.1500000015,
        lat: 9.1769999998,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.75,
        },
        place: "Lung Cu",
        x: 557670.031,
        y: 2584699.945,
        lon: 105.3160000141,
        lat: 23.3629999970,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.75,
        },
        place: "Bac Kan",
        x: 611617.567,
        y: 2450338.958,
        lon: 105.8340000059,
        lat: 22.1469999975,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.75,
        },
        place: "Can Tho",
        x: 613153.812,
        y: 1109794.291,
        lon: 105.7839999973,
        lat: 10.0339999954,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 104.75,
        },
        place: "Ca Mau",
        x: 543761.693,
        y: 1014861.448,
        lon: 105.1499999999,
        lat: 9.1770000013,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.0,
        },
        place: "Lung Cu",
        x: 532110.655,
        y: 2584622.265,
        lon: 105.3160000053,
        lat: 23.3629999919,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.0,
        },
        place: "Bac Kan",
        x: 585828.87,
        y: 2450176.534,
        lon: 105.8340000067,
        lat: 22.1469999930,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.0,
        },
        place: "Can Tho",
        x: 585746.382,
        y: 1109718.666,
        lon: 105.7839999991,
        lat: 10.0339999984,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.0,
        },
        place: "Ca Mau",
        x: 516288.199,
        y: 1014840.551,
        lon: 105.1499999972,
        lat: 9.1769999969,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.5,
        },
        place: "Lung Cu",
        x: 480992.835,
        y: 2584599.591,
        lon: 105.3160000066,
        lat: 23.3629999919,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.5,
        },
        place: "Ha Noi",
        x: 536599.222,
        y: 2326093.845,
        lon: 105.8540000100,
        lat: 21.0279999981,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.5,
        },
        place: "Ho Chi Minh",
        x: 631043.131,
        y: 1191938.229,
        lon: 106.7000000016,
        lat: 10.7760000038,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.5,
        },
        place: "Con Dao",
        x: 621517.244,
        y: 960272.757,
        lon: 106.6060000024,
        lat: 8.6820000038,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.75,
        },
        place: "Lung Cu",
        x: 455433.718,
        y: 2584654.595,
        lon: 105.3160000046,
        lat: 23.3629999948,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.75,
        },
        place: "Hai Phong",
        x: 596797.508,
        y: 2306075.157,
        lon: 106.6820000041,
        lat: 20.8449999959,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.75,
        },
        place: "Dong Xoai",
        x: 625138.548,
        y: 1275992.303,
        lon: 106.8989999973,
        lat: 11.5359999992,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 105.75,
        },
        place: "Con Dao",
        x: 594003.109,
        y: 960201.759,
        lon: 106.6060000025,
        lat: 8.6820000015,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.0,
        },
        place: "Lung Cu",
        x: 429874.016,
        y: 2584753.83,
        lon: 105.3160000092,
        lat: 23.3629999916,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.0,
        },
        place: "Hai Phong",
        x: 570778.995,
        y: 2305945.042,
        lon: 106.6820000105,
        lat: 20.8449999965,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.0,
        },
        place: "Dong Xoai",
        x: 597865.995,
        y: 1275894.978,
        lon: 106.8990000040,
        lat: 11.5359999977,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.0,
        },
        place: "Con Dao",
        x: 566490.694,
        y: 960148.893,
        lon: 106.6060000038,
        lat: 8.6820000024,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.25,
        },
        place: "Lung Cu",
        x: 404313.392,
        y: 2584897.305,
        lon: 105.3160000096,
        lat: 23.3629999935,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.25,
        },
        place: "Hai Phong",
        x: 544761.494,
        y: 2305855.336,
        lon: 106.6820000052,
        lat: 20.8449999979,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.25,
        },
        place: "Dong Xoai",
        x: 570595.167,
        y: 1275821.464,
        lon: 106.8990000015,
        lat: 11.5359999995,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.25,
        },
        place: "Con Dao",
        x: 538979.495,
        y: 960114.153,
        lon: 106.6060000012,
        lat: 8.6819999970,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.5,
        },
        place: "Lung Cu",
        x: 378751.51,
        y: 2585085.031,
        lon: 105.3160000053,
        lat: 23.3629999986,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.5,
        },
        place: "Hai Phong",
        x: 518744.634,
        y: 2305806.031,
        lon: 106.6820000022,
        lat: 20.8449999937,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.5,
        },
        place: "Buon Ma Thuot",
        x: 666875.125,
        y: 1401335.405,
        lon: 108.0379999976,
        lat: 12.6670000035,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 106.5,
        },
        place: "Con Dao",
        x: 511469.009,
        y: 960097.537,
        lon: 106.6059999978,
        lat: 8.6819999966,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.0,
        },
        place: "Cao Bang",
        x: 423450.693,
        y: 2507599.766,
        lon: 106.2570000112,
        lat: 22.6659999952,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.0,
        },
        place: "Thanh Hoa",
        x: 371566.908,
        y: 2191356.695,
        lon: 105.7760000048,
        lat: 19.8069999968,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.0,
        },
        place: "Kon Tum",
        x: 608206.446,
        y: 1587259.384,
        lon: 108.0050000052,
        lat: 14.3499999962,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.0,
        },
        place: "Con Dao",
        x: 456448.164,
        y: 960118.671,
        lon: 106.6059999986,
        lat: 8.6819999977,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.25,
        },
        place: "Cao Bang",
        x: 397758.074,
        y: 2507750.106,
        lon: 106.2570000065,
        lat: 22.6659999950,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.25,
        },
        place: "Thanh Hoa",
        x: 345370.518,
        y: 2191566.032,
        lon: 105.7760000091,
        lat: 19.8069999937,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.25,
        },
        place: "Kon Tum",
        x: 581239.328,
        y: 1587156.926,
        lon: 108.0050000011,
        lat: 14.3499999994,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.25,
        },
        place: "Con Dao",
        x: 428936.798,
        y: 960156.423,
        lon: 106.6059999987,
        lat: 8.6819999994,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.5,
        },
        place: "Cao Bang",
        x: 372064.078,
        y: 2507943.672,
        lon: 106.2570000113,
        lat: 22.6659999925,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.5,
        },
        place: "Dong Hoi",
        x: 406551.966,
        y: 1932235.131,
        lon: 106.6220000031,
        lat: 17.4679999969,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.5,
        },
        place: "Buon Ma Thuot",
        x: 558241.431,
        y: 1400904.482,
        lon: 108.0379999990,
        lat: 12.6670000018,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.5,
        },
        place: "Con Dao",
        x: 401424.132,
        y: 960212.302,
        lon: 106.6059999996,
        lat: 8.6819999975,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.75,
        },
        place: "Cao Bang",
        x: 346368.357,
        y: 2508180.48,
        lon: 106.2570000094,
        lat: 22.6659999938,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.75,
        },
        place: "Hue",
        x: 482187.386,
        y: 1820927.828,
        lon: 107.5850000054,
        lat: 16.4640000028,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.75,
        },
        place: "Buon Ma Thuot",
        x: 531086.707,
        y: 1400861.742,
        lon: 108.0380000038,
        lat: 12.6670000003,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 107.75,
        },
        place: "Con Dao",
        x: 373909.662,
        y: 960286.314,
        lon: 106.6059999965,
        lat: 8.6819999988,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.0,
        },
        place: "Lang Son",
        x: 371737.717,
        y: 2417908.52,
        lon: 106.7610000057,
        lat: 21.8529999925,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.0,
        },
        place: "Hue",
        x: 455493.914,
        y: 1820966.363,
        lon: 107.5850000070,
        lat: 16.4639999998,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.0,
        },
        place: "Nha Trang",
        x: 629714.76,
        y: 1353788.561,
        lon: 109.1939999991,
        lat: 12.2390000003,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.0,
        },
        place: "Con Dao",
        x: 346392.885,
        y: 960378.466,
        lon: 106.6059999951,
        lat: 8.6820000039,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.25,
        },
        place: "Lang Son",
        x: 345893.062,
        y: 2418137.911,
        lon: 106.7610000102,
        lat: 21.8529999993,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.25,
        },
        place: "Da Nang",
        x: 496702.301,
        y: 1775554.784,
        lon: 108.2210000000,
        lat: 16.0540000029,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.25,
        },
        place: "Buon Ma Thuot",
        x: 476778.403,
        y: 1400854.216,
        lon: 108.0380000022,
        lat: 12.6670000008,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.25,
        },
        place: "Ho Chi Minh",
        x: 330280.428,
        y: 1192111.819,
        lon: 106.6999999996,
        lat: 10.7759999979,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.5,
        },
        place: "Mong Cai",
        x: 444486.192,
        y: 2381063.117,
        lon: 107.9660000086,
        lat: 21.5239999945,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.5,
        },
        place: "Da Nang",
        x: 469953.613,
        y: 1775574.902,
        lon: 108.2210000034,
        lat: 16.0539999970,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.5,
        },
        place: "Buon Ma Thuot",
        x: 449623.883,
        y: 1400889.429,
        lon: 108.0380000034,
        lat: 12.6669999998,
    },
    Ref {
        crs: Crs::Vn2000Tm3 {
            central_meridian_deg: 108.5,
        },
        place: "Da Lat",
        x: 493488.177,
        y: 1320429.601,
        lon: 108.4419999973,
        lat: 11.9400000040,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 106.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 1.0,
            false_easting_m: 200000.0,
            false_northing_m: 0.0,
        },
        place: "Lung Cu",
        x: 130062.357,
        y: 2584904.13,
        lon: 105.3159999971,
        lat: 23.3630000038,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 106.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 1.0,
            false_easting_m: 200000.0,
            false_northing_m: 0.0,
        },
        place: "Mong Cai",
        x: 403713.308,
        y: 2382377.029,
        lon: 107.9659999979,
        lat: 21.5240000023,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 106.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 1.0,
            false_easting_m: 200000.0,
            false_northing_m: 0.0,
        },
        place: "Dong Xoai",
        x: 298071.463,
        y: 1275910.442,
        lon: 106.8990000003,
        lat: 11.5360000034,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 106.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 1.0,
            false_easting_m: 200000.0,
            false_northing_m: 0.0,
        },
        place: "Con Dao",
        x: 266692.897,
        y: 960132.556,
        lon: 106.6059999965,
        lat: 8.6820000034,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 105.75,
            latitude_of_origin_deg: 10.0,
            scale_factor: 0.9999,
            false_easting_m: 500000.0,
            false_northing_m: 100000.0,
        },
        place: "Lung Cu",
        x: 455629.233,
        y: 1578802.498,
        lon: 105.3159999962,
        lat: 23.3629999988,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 105.75,
            latitude_of_origin_deg: 10.0,
            scale_factor: 0.9999,
            false_easting_m: 500000.0,
            false_northing_m: 100000.0,
        },
        place: "Hai Phong",
        x: 596993.615,
        y: 1300221.777,
        lon: 106.6819999966,
        lat: 20.8450000045,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 105.75,
            latitude_of_origin_deg: 10.0,
            scale_factor: 0.9999,
            false_easting_m: 500000.0,
            false_northing_m: 100000.0,
        },
        place: "Dong Xoai",
        x: 625334.322,
        y: 270136.09,
        lon: 106.8989999992,
        lat: 11.5359999994,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 105.75,
            latitude_of_origin_deg: 10.0,
            scale_factor: 0.9999,
            false_easting_m: 500000.0,
            false_northing_m: 100000.0,
        },
        place: "Con Dao",
        x: 594198.728,
        y: -45654.717,
        lon: 106.6060000008,
        lat: 8.6819999962,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 107.25,
            latitude_of_origin_deg: 16.0,
            scale_factor: 0.9998,
            false_easting_m: 300000.0,
            false_northing_m: -50000.0,
        },
        place: "Lung Cu",
        x: 102269.211,
        y: 766256.039,
        lon: 105.3159999997,
        lat: 23.3629999976,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 107.25,
            latitude_of_origin_deg: 16.0,
            scale_factor: 0.9998,
            false_easting_m: 300000.0,
            false_northing_m: -50000.0,
        },
        place: "Thanh Hoa",
        x: 145580.747,
        y: 371946.224,
        lon: 105.7760000015,
        lat: 19.8070000035,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 107.25,
            latitude_of_origin_deg: 16.0,
            scale_factor: 0.9998,
            false_easting_m: 300000.0,
            false_northing_m: -50000.0,
        },
        place: "Quy Nhon",
        x: 512918.179,
        y: -295159.903,
        lon: 109.2189999972,
        lat: 13.7760000004,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Wgs84,
            central_meridian_deg: 107.25,
            latitude_of_origin_deg: 16.0,
            scale_factor: 0.9998,
            false_easting_m: 300000.0,
            false_northing_m: -50000.0,
        },
        place: "Con Dao",
        x: 229139.051,
        y: -859341.89,
        lon: 106.6060000043,
        lat: 8.6820000009,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 106.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 1.0,
            false_easting_m: 200000.0,
            false_northing_m: 0.0,
        },
        place: "Lung Cu",
        x: 129867.003,
        y: 2585012.332,
        lon: 105.3160000121,
        lat: 23.3629999985,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 106.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 1.0,
            false_easting_m: 200000.0,
            false_northing_m: 0.0,
        },
        place: "Mong Cai",
        x: 403516.781,
        y: 2382486.217,
        lon: 107.9660000066,
        lat: 21.5239999966,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 106.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 1.0,
            false_easting_m: 200000.0,
            false_northing_m: 0.0,
        },
        place: "Dong Xoai",
        x: 297875.782,
        y: 1276022.58,
        lon: 106.8989999987,
        lat: 11.5359999953,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 106.0,
            latitude_of_origin_deg: 0.0,
            scale_factor: 1.0,
            false_easting_m: 200000.0,
            false_northing_m: 0.0,
        },
        place: "Con Dao",
        x: 266497.343,
        y: 960244.917,
        lon: 106.6059999971,
        lat: 8.6819999980,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 105.75,
            latitude_of_origin_deg: 10.0,
            scale_factor: 0.9999,
            false_easting_m: 500000.0,
            false_northing_m: 100000.0,
        },
        place: "Lung Cu",
        x: 455433.718,
        y: 1578910.347,
        lon: 105.3160000046,
        lat: 23.3629999926,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 105.75,
            latitude_of_origin_deg: 10.0,
            scale_factor: 0.9999,
            false_easting_m: 500000.0,
            false_northing_m: 100000.0,
        },
        place: "Hai Phong",
        x: 596797.508,
        y: 1300330.909,
        lon: 106.6820000041,
        lat: 20.8449999937,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 105.75,
            latitude_of_origin_deg: 10.0,
            scale_factor: 0.9999,
            false_easting_m: 500000.0,
            false_northing_m: 100000.0,
        },
        place: "Dong Xoai",
        x: 625138.548,
        y: 270248.055,
        lon: 106.8989999973,
        lat: 11.5359999970,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 105.75,
            latitude_of_origin_deg: 10.0,
            scale_factor: 0.9999,
            false_easting_m: 500000.0,
            false_northing_m: 100000.0,
        },
        place: "Con Dao",
        x: 594003.109,
        y: -45542.489,
        lon: 106.6060000025,
        lat: 8.6819999993,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 107.25,
            latitude_of_origin_deg: 16.0,
            scale_factor: 0.9998,
            false_easting_m: 300000.0,
            false_northing_m: -50000.0,
        },
        place: "Lung Cu",
        x: 102074.757,
        y: 766365.953,
        lon: 105.3160000090,
        lat: 23.3629999980,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 107.25,
            latitude_of_origin_deg: 16.0,
            scale_factor: 0.9998,
            false_easting_m: 300000.0,
            false_northing_m: -50000.0,
        },
        place: "Thanh Hoa",
        x: 145385.982,
        y: 372057.549,
        lon: 105.7760000044,
        lat: 19.8069999949,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 107.25,
            latitude_of_origin_deg: 16.0,
            scale_factor: 0.9998,
            false_easting_m: 300000.0,
            false_northing_m: -50000.0,
        },
        place: "Quy Nhon",
        x: 512722.745,
        y: -295047.076,
        lon: 109.2189999999,
        lat: 13.7760000012,
    },
    Ref {
        crs: Crs::TransverseMercator {
            datum: Datum::Vn2000,
            central_meridian_deg: 107.25,
            latitude_of_origin_deg: 16.0,
            scale_factor: 0.9998,
            false_easting_m: 300000.0,
            false_northing_m: -50000.0,
        },
        place: "Con Dao",
        x: 228943.905,
        y: -859228.907,
        lon: 106.6059999984,
        lat: 8.6819999982,
    },
];
// END REFERENCE

/// Distance in metres between two WGS84 points (haversine; plenty at these distances).
fn metres_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    phusong::index::distance_m(geo::Point::new(a.0, a.1), geo::Point::new(b.0, b.1))
}

#[test]
fn every_system_converts_to_wgs84_as_proj_does() {
    let mut worst: Vec<(String, f64)> = Vec::new();
    for r in &REFERENCE {
        let got = r
            .crs
            .to_wgs84(r.x, r.y)
            .unwrap_or_else(|| panic!("{} at {} did not convert", r.crs, r.place));
        let off_m = metres_between(got, (r.lon, r.lat));
        // 1 cm where no datum shift is involved, 1 m through the VN-2000 shift.
        let tolerance_m = match r.crs.datum() {
            Datum::Wgs84 => 0.01,
            Datum::Vn2000 => 1.0,
        };
        assert!(
            off_m <= tolerance_m,
            "{} at {}: ({}, {}) -> {got:?}, PROJ says ({}, {}): {off_m:.4} m apart",
            r.crs,
            r.place,
            r.x,
            r.y,
            r.lon,
            r.lat
        );
        match worst.iter_mut().find(|(label, _)| *label == r.crs.label()) {
            Some((_, w)) => *w = w.max(off_m),
            None => worst.push((r.crs.label(), off_m)),
        }
    }
    for (label, w) in worst {
        eprintln!("{label}: within {:.1} mm of PROJ", w * 1000.0);
    }
}

#[test]
fn the_vn2000_shift_follows_epsg_6960_to_the_centimetre() {
    // The decision's rotations are a coordinate frame rotation (EPSG:6960). Taken as position
    // vector rotations (PROJ's +towgs84) with the same signs, points move by 0.5-0.8 m, which
    // the 1 m tolerance above would not see.
    for r in REFERENCE.iter().filter(|r| r.crs.datum() == Datum::Vn2000) {
        let got = r.crs.to_wgs84(r.x, r.y).unwrap();
        let off_m = metres_between(got, (r.lon, r.lat));
        assert!(off_m < 0.01, "{} at {}: {off_m:.4} m", r.crs, r.place);
    }
}

#[test]
fn the_batch_conversion_gives_the_same_points_as_one_by_one() {
    let crs = Crs::Vn2000Tm3 {
        central_meridian_deg: 106.5,
    };
    let t = crs.transformer().unwrap();
    let mut points: Vec<(f64, f64)> = (0..10_000)
        .map(|i| (400_000.0 + i as f64 * 15.0, 2_400_000.0 + i as f64 * 11.0))
        .collect();
    points.push((f64::NAN, 2_400_000.0));
    let one_by_one: Vec<Option<(f64, f64)>> = points.iter().map(|p| t.to_wgs84(p.0, p.1)).collect();
    let failed = t.to_wgs84_in_place(&mut points);
    assert_eq!(failed, 1);
    for (p, q) in points.iter().zip(&one_by_one) {
        match q {
            Some(q) => assert_eq!(p, q),
            None => assert!(p.0.is_nan() && p.1.is_nan()),
        }
    }
}
