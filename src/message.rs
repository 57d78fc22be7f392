//! What the engine tells the user — errors, notes of an import report, warnings — as typed
//! values with their data, put into words only when shown, in the language of the moment
//! and for the front showing them. The window says what to do in the window; the command
//! line may name its flags. Each message is written once here in Vietnamese and English side
//! by side, so that a missing translation is a compile error.

use serde::Serialize;

use crate::lang::Lang;

/// Who shows a message: the window (which must say what to do in the window) or the command
/// line (which may name its flags).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Front {
    Window,
    #[default]
    CommandLine,
}

/// Writes the message enum and its words. An entry is
/// `Name { field: Type, … } = "Vietnamese", "English";`, the texts being format strings over
/// the fields; an entry whose command-line words name a flag adds the window's words after a
/// `/`.
macro_rules! messages {
    ($(
        $(#[$meta:meta])*
        $name:ident $({ $($field:ident : $ty:ty),* $(,)? })?
            = $vi:literal, $en:literal $(/ $window_vi:literal, $window_en:literal)? ;
    )*) => {
        /// A message with its data, in no language until [`Msg::text`].
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(tag = "message", rename_all = "snake_case")]
        pub enum Msg {
            $( $(#[$meta])* $name $({ $($field: $ty),* })?, )*
        }

        impl Msg {
            /// The message in `lang`, as `front` shows it.
            #[allow(unused_variables)]
            pub fn text(&self, lang: Lang, front: Front) -> String {
                let _shown = Showing::start(lang, front);
                match self {
                    $( Msg::$name $({ $($field),* })? => {
                        $(
                            if front == Front::Window {
                                return match lang {
                                    Lang::Vi => format!($window_vi),
                                    Lang::En => format!($window_en),
                                };
                            }
                        )?
                        match lang {
                            Lang::Vi => format!($vi),
                            Lang::En => format!($en),
                        }
                    } )*
                }
            }
        }
    };
}

/// Several messages shown as one, each a sentence.
pub fn sentences(messages: &[Msg], lang: Lang, front: Front) -> String {
    messages
        .iter()
        .map(|m| sentence(&m.text(lang, front)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a sentence: a capital first letter and a final full stop.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut s: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !s.ends_with(['.', '!', '?', '…']) {
        s.push('.');
    }
    s
}

/// `text` with a final full stop, as it stands otherwise (a problem after a file name).
pub fn full_stop(text: &str) -> String {
    if text.ends_with(['.', '!', '?', '…']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// "1 record", "3 records"; Vietnamese has no plural.
pub fn plural_en(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

messages! {
    // ---- Files as a whole ------------------------------------------------------------------
    /// Words from outside phusong that have no translation (a library's own error text).
    Verbatim { text: String } = "{text}", "{text}";
    IoNotFound = "không tìm thấy tệp", "the file is not there";
    IoDenied = "không được phép mở tệp", "permission to open the file was refused";
    IoIsFolder = "đây là một thư mục, không phải tệp", "this is a folder, not a file";
    IoOther { why: String } = "không đọc được tệp ({why})", "the file cannot be read ({why})";
    RemedyIo = "Kiểm tra tệp còn ở đó, không bị chương trình khác mở và bạn có quyền đọc nó.",
        "Check that the file is there, is not open in another program, and that you may read it.";
    IsFolder = "đây là một thư mục, không phải tệp", "this is a folder, not a file";
    RemedyWrite = "Kiểm tra thư mục còn đó, bạn được phép ghi vào đó và ổ đĩa chưa đầy.",
        "Check that the folder is there, that you may write in it, and that the disk is not full.";
    NotARegularFile = "đây không phải một tệp thường (một ống dẫn hay thiết bị)", "this is not a regular file (a pipe or a device)";
    RemedyChooseARealFile = "Chọn một tệp lưu trên đĩa.", "Choose a file saved on the disk.";
    RemedyChooseFileInFolder = "Chọn tệp bên trong: tệp .shp của một lớp, hoặc một nhật ký đo sóng.",
        "Choose the file inside it: the .shp of a layer, or a signal log.";
    RemedyReport = "Xin báo lỗi này cho nhóm phát triển phusong, kèm các tệp đầu vào.",
        "Please report this to the makers of phusong with the input files.";
    Cancelled = "đã huỷ", "cancelled";
    LoadLost = "công việc nền dừng bất ngờ", "the background work stopped unexpectedly";

    // ---- Shapefiles ------------------------------------------------------------------------
    RemedyDamaged = "Tệp có vẻ hỏng hoặc bị cắt cụt: hãy xuất lại từ phần mềm GIS đã tạo ra nó.",
        "The file looks damaged or cut short: export it again from the GIS program it came from.";
    NoShx = "không có tệp chỉ mục .shx cạnh tệp .shp: các bản ghi được đọc theo thứ tự trong tệp",
        "no .shx index beside the .shp: records read in file order";
    ShxEntryWrong { entry: u64 } = "mục {entry} của tệp chỉ mục .shx không chỉ đúng bản ghi {entry} của tệp .shp (tệp chỉ mục hỏng): các bản ghi được đọc theo thứ tự trong tệp",
        "entry {entry} of the .shx index does not point at record {entry} of the .shp (the index is damaged): records read in file order";
    ShxHeaderWrong = "phần đầu tệp chỉ mục .shx hỏng hoặc không khớp với độ dài tệp: các bản ghi được đọc theo thứ tự trong tệp",
        "the header of the .shx index is damaged or disagrees with the file's length: records read in file order";
    DbfUnreadable { why: Box<Msg> } = "không đọc được bảng thuộc tính ({why})", "the attribute table cannot be read ({why})";
    DbfEndsEarly = "tệp kết thúc trước bản ghi cuối cùng mà phần đầu tệp ghi", "the file ends before the last record its header lists";
    DbfValueNotNumber = "một giá trị không phải là số như kiểu của cột yêu cầu", "a value is not the number its column's type needs";
    DbfValueNotDate = "một giá trị không phải là ngày như kiểu của cột yêu cầu", "a value is not the date its column's type needs";
    DbfColumnTypeUnknown { code: String } = "một cột có kiểu \"{code}\" mà tệp .dbf không có", "a column has the type \"{code}\", which no .dbf has";
    DbfNotATable = "phần đầu tệp không phải của một bảng .dbf", "its header is not a .dbf table's";
    DbfMissingNumbered { dbf: String, layer: Layer } =
        "không có tệp .dbf ({dbf}) cạnh tệp .shp nên {layer} không có tên hay mã và được đánh số theo bản ghi; chép tệp .dbf vào cạnh tệp .shp để có tên",
        "the .dbf file beside it ({dbf}) is missing, so the {layer} have no names or codes and are numbered by record; copy the .dbf beside the .shp to get them";
    RecordClaimsTooMuch { points: i64, bytes: u64 } =
        "bản ghi nói có {points} điểm nhưng chỉ dài {bytes} byte: tệp bị hỏng từ đây",
        "the record says it has {points} points but is only {bytes} bytes long: the file is damaged from here";
    RecordUnreadable { n: u64, why: Box<Msg> } = "không đọc được bản ghi {n} ({why})", "record {n} cannot be read ({why})";
    EndsMidRecord = "tệp kết thúc giữa chừng một bản ghi", "the file ends in the middle of a record";
    NotShapefileCode { code: i32 } = "đây không phải shapefile (mã tệp {code}, cần 9994)",
        "this is not a shapefile (file code {code}, expected 9994)";
    NotShapefileHeader = "đây không phải shapefile (phần đầu tệp không đúng)", "this is not a shapefile (its header is not one)";
    RemedyChooseShp = "Chọn tệp .shp của lớp.", "Choose the .shp file of the layer.";
    RemedyOpenShpAgain = "Mở tệp .shp của lớp như QGIS hoặc ArcGIS đã lưu; nếu tệp nhận qua thư điện tử, hãy lấy lại.",
        "Open the .shp of the layer as saved by QGIS or ArcGIS; if it came by e-mail, get it again.";
    DbfMissing = "thiếu tệp .dbf", "the .dbf file is missing";
    RemedyCopyDbf = "Chép tệp .dbf vào cạnh tệp .shp.", "Copy the .dbf beside the .shp.";
    ShxMissing = "thiếu tệp .shx", "the .shx file is missing";
    RemedyCopyShx = "Chép tệp .shx vào cạnh tệp .shp.", "Copy the .shx beside the .shp.";
    ShpRecordSizeWrong = "độ dài ghi trong một bản ghi không hợp lý", "a record gives a length that cannot be right";
    ShpShapeTypeUnknown { code: i32 } = "một bản ghi có mã loại hình {code}, không phải loại nào của shapefile", "a record has the shape type code {code}, which is no shapefile type";
    ShpShapeTypesMixed { shape: String } = "một bản ghi có loại hình {shape}, khác với loại của lớp", "a record holds a {shape}, not the layer's type of shape";
    ShpClaimsTooMuch { bytes: u64 } = "một bản ghi cần {bytes} byte, nhiều hơn tệp có", "a record claims {bytes} bytes, more than the file holds";
    ShapefileUnreadable { why: String } = "không đọc được shapefile ({why})", "the shapefile cannot be read ({why})";
    LinesOrUnknownShapes = "shapefile này chứa đường hoặc loại hình không rõ, không phải vùng xã hay điểm thôn",
        "this shapefile holds lines or an unknown kind of shape, neither commune areas nor village points";
    RemedyOpenCommunesOrVillages = "Mở ranh giới xã (vùng) hoặc thôn (điểm).", "Open the commune boundaries (polygons) or the villages (points).";
    CommunesNotPolygons { shape: String } = "đây là lớp {shape}, nhưng ranh giới xã phải là vùng (polygon)",
        "this is a {shape} layer, but commune boundaries must be polygons";
    RemedyCommunesArePolygons = "Chọn lớp ranh giới xã (vùng); lớp thôn đưa vào --villages.",
        "Choose the commune boundary layer (polygons); villages go under --villages."
        / "Chọn lớp ranh giới xã (vùng); lớp thôn là lớp điểm.", "Choose the commune boundary layer (polygons); the villages are a point layer.";
    VillagesNotPoints { shape: String } = "đây là lớp {shape}, nhưng thôn phải là điểm", "this is a {shape} layer, but villages must be points";
    RemedyVillagesArePoints = "Chọn lớp thôn (điểm); ranh giới xã đưa vào --communes.",
        "Choose the village layer (points); commune boundaries go under --communes."
        / "Chọn lớp thôn (điểm); ranh giới xã là lớp vùng.", "Choose the village layer (points); the commune boundaries are a polygon layer.";
    NoCommunePolygon = "tệp không có vùng xã nào dùng được", "no usable commune polygon in the file";
    RemedyCheckCommuneLayer = "Kiểm tra đây đúng là lớp ranh giới xã và lớp không rỗng.",
        "Check that this is the commune boundary layer and that it is not empty.";
    CommuneColumns { code: String, name: String, district: String, province: String } =
        "các cột được dùng: mã {code}, tên {name}, huyện {district}, tỉnh {province}",
        "columns used: code {code}, name {name}, district {district}, province {province}";
    CommuneColumnsNoDistrict { code: String, name: String, province: String } =
        "các cột được dùng: mã {code}, tên {name}, tỉnh {province}; hai cấp tỉnh và xã, như ranh giới sau sắp xếp tháng 7/2025",
        "columns used: code {code}, name {name}, province {province}; two levels, province and commune, as in boundaries after the July 2025 reform";
    NoCommuneCode = "không thấy cột mã xã: các xã được đánh số theo bản ghi (dùng --commune-code-field)",
        "no commune code column found: communes are numbered by record (use --commune-code-field)"
        / "không thấy cột mã xã: các xã được đánh số theo bản ghi", "no commune code column found: communes are numbered by record";
    NoCommuneName = "không thấy cột tên xã (dùng --commune-name-field)", "no commune name column found (use --commune-name-field)"
        / "không thấy cột tên xã", "no commune name column found";
    DistrictColumnEmpty { column: String } = "cột huyện {column} trống ở mọi bản ghi: số liệu đi thẳng từ xã lên tỉnh",
        "the district column {column} is empty in every record: figures go from communes to provinces";
    CommunesWithoutDistrict { n: u64 } = "{n} xã không có huyện: được tính vào tỉnh nhưng không vào huyện nào",
        "{n} communes have no district: they count in their province but in no district";
    DuplicateCodes { n: u64 } = "{n} xã trùng mã với một xã trước đó; số liệu vẫn tính riêng theo từng vùng",
        "{n} communes share a code with an earlier one; figures are still kept apart per polygon";
    NoColumn { column: String, what: String, columns: String } =
        "không có cột \"{column}\" cho {what}. Các cột của tệp: {columns}",
        "has no column \"{column}\" for the {what}. Its columns are: {columns}";
    VillageNameColumn { column: String } = "cột tên thôn: {column}", "village name column: {column}";
    NoVillageNameColumn = "không thấy cột tên thôn (dùng --village-name-field)", "no village name column found (use --village-name-field)"
        / "không thấy cột tên thôn", "no village name column found";
    VillageFormats = "thôn được đọc từ shapefile điểm (.shp), danh sách CSV (.csv) hoặc bảng Excel (.xlsx, .xls, .xlsm, .xlsb, .ods)",
        "villages are read from a point shapefile (.shp), a CSV list (.csv) or a workbook (.xlsx, .xls, .xlsm, .xlsb, .ods)";
    RemedyChooseVillages = "Chọn tệp .shp của lớp thôn, hoặc một danh sách có cột kinh độ và vĩ độ.",
        "Choose the .shp of the village layer, or a list with longitude and latitude columns.";
    NoUsableVillage { rows: u64 } = "không có thôn nào có toạ độ dùng được ({rows} dòng đã đọc)",
        "no village with usable coordinates ({rows} rows read)";
    NoUsableVillageIn { rows: u64, system: String } = "không có thôn nào có toạ độ dùng được ({rows} dòng đã đọc) theo {system}",
        "no village with usable coordinates ({rows} rows read) in {system}";
    RemedyCheckMetres { a: String, b: String, system: String } =
        "Kiểm tra các cột {a} và {b} ghi X/Y tính bằng mét theo {system}, hoặc chọn lại hệ toạ độ của danh sách bằng --village-crs.",
        "Check that the columns {a} and {b} hold the X/Y in metres of {system}, or choose the list's coordinate system again with --village-crs."
        / "Kiểm tra các cột {a} và {b} ghi X/Y tính bằng mét theo {system}, hoặc chọn lại hệ toạ độ của danh sách khi mở lại tệp.",
        "Check that the columns {a} and {b} hold the X/Y in metres of {system}, or choose the list's coordinate system again when you open the file again.";
    NotAnyInput = "đây không phải nhật ký đo sóng phusong đọc được, cũng không phải danh sách thôn có cột kinh độ và vĩ độ",
        "this is neither a signal log phusong knows nor a village list with longitude and latitude columns";
    RemedyOpenWhat = "Mở ranh giới xã (.shp), thôn (.shp, hoặc .csv/.xlsx có cột tên, kinh độ, vĩ độ) hoặc nhật ký đo sóng (G-NetTrack, Network Survey, TowerCollector, Network Cell Info, CellMapper, CSV của phusong).",
        "Open commune boundaries (.shp), villages (.shp, or .csv/.xlsx with name, lon and lat columns), or signal logs (G-NetTrack, Network Survey, TowerCollector, Network Cell Info, CellMapper, phusong CSV).";

    OverwriteInput { output: String, input: String } =
        "ghi {output} sẽ đè lên tệp đầu vào {input}; hãy chọn thư mục kết quả khác",
        "writing {output} would overwrite the input {input}; choose another output folder";
    NoColumnIn { file: String, column: String, what: String, columns: String } =
        "{file}: không có cột \"{column}\" cho {what}. Các cột của tệp: {columns}",
        "{file}: has no column \"{column}\" for the {what}. Its columns are: {columns}";

    // ---- Coordinate systems ----------------------------------------------------------------
    ChosenCrsUnusableFor { file: String, why: String } =
        "{file}: không dùng được hệ toạ độ đã chọn cho tệp: {why}. Hãy chọn hệ khác",
        "{file}: the coordinate system chosen for it cannot be used: {why}. Choose another";
    ChosenCrsUnusable { crs: String, why: String } = "không dùng được hệ toạ độ đã chọn {crs}: {why}",
        "the coordinate system chosen, {crs}, cannot be used: {why}";
    RemedyChooseAnotherCrs = "Hãy chọn hệ khác.", "Choose another.";
    PrjDiffers { prj: String, chosen: String } = "tệp .prj ghi {prj}, nhưng hệ đã chọn {chosen} được dùng",
        "the .prj says {prj}, but {chosen} was used as chosen";
    PrjUnknownChosen { name: String, chosen: String } = "tệp .prj ghi \"{name}\", phusong không đọc được; hệ đã chọn {chosen} được dùng",
        "the .prj names \"{name}\", which phusong does not read; {chosen} was used as chosen";
    CrsUnsupported { name: String, reason: Box<Msg> } =
        "lớp dùng hệ toạ độ \"{name}\", không phải kinh độ/vĩ độ WGS84 hay hệ phusong chuyển đổi được ({reason})",
        "the layer is in the coordinate system \"{name}\", not WGS84 longitude/latitude or a system phusong converts ({reason})";
    NoPrjAssumedWgs84 = "không có tệp .prj: toạ độ được coi là kinh độ/vĩ độ WGS84", "no .prj file: coordinates taken as WGS84 longitude/latitude";
    ChosenWgs84 = "toạ độ được coi là kinh độ/vĩ độ WGS84 (như đã chọn)", "coordinates taken as WGS84 longitude/latitude (as chosen)";
    CrsCannotBeUsed { crs: String, why: String } = "không dùng được hệ toạ độ {crs}: {why}", "the coordinate system {crs} cannot be used: {why}";
    RemedyChooseCrs { flag: String } = "Chọn hệ toạ độ của lớp bằng {flag}.", "Choose the layer's coordinate system with {flag}."
        / "Chọn hệ toạ độ của lớp trong hộp thoại khi mở lại tệp.", "Choose the layer's coordinate system in the dialog when you open the file again.";
    Converted { crs: String } = "toạ độ theo {crs} (theo tệp .prj) đã chuyển sang WGS84", "coordinates in {crs} (from the .prj) converted to WGS84";
    ConvertedChosen { crs: String } = "toạ độ theo {crs} (như đã chọn) đã chuyển sang WGS84", "coordinates in {crs} (as chosen) converted to WGS84";
    PrjTm3OnWgs84 { vn2000: String } =
        "tệp .prj cho một múi 3° hệ số 0,9999 như các múi TM-3 của VN-2000, nhưng trên datum WGS 1984: đọc là WGS84; nếu dữ liệu là VN-2000, hãy chọn {vn2000} (hai hệ lệch nhau khoảng 200 m)",
        "the .prj gives a 3° zone with scale 0.9999, as VN-2000's TM-3 zones have, on the WGS 1984 datum: read as WGS84; if the data are VN-2000, choose {vn2000} (the two lie some 200 m apart)";
    PrjVn2000Shift { datum: String } =
        "tệp .prj ghi datum \"{datum}\" với phép chuyển VN-2000 sang WGS84: đọc là VN-2000, theo phép chuyển quốc gia của Quyết định 05/2007/QĐ-BTNMT",
        "the .prj names the datum \"{datum}\" with the VN-2000 shift to WGS84: read as VN-2000, with the national shift of Decision 05/2007/QĐ-BTNMT";
    PrjVn2000NamedWgs84 { system: String } =
        "tệp .prj gọi hệ là \"{system}\" nhưng cho datum WGS 1984, như các định nghĩa VN-2000 tự làm thường có: đọc là VN-2000",
        "the .prj calls the system \"{system}\" but gives it the WGS 1984 datum, as hand-made VN-2000 definitions often do: read as VN-2000";
    PrjNoDatumVn2000Name { system: String } = "tệp .prj không ghi datum nhưng gọi hệ là \"{system}\": đọc là VN-2000",
        "the .prj names no datum but calls the system \"{system}\": read as VN-2000";
    PrjNoDatumTm3 { datum: String } =
        "tệp .prj không ghi datum (\"{datum}\", ellipsoid WGS 1984) và mô tả một múi 3° hệ số 0,9999, chỉ VN-2000 dùng: đọc là VN-2000",
        "the .prj names no datum (\"{datum}\", WGS 1984 ellipsoid) and describes a 3° zone with scale 0.9999, which only VN-2000 uses: read as VN-2000";
    PrjNoDatumWgs84 { datum: String } = "tệp .prj không ghi datum (\"{datum}\", ellipsoid WGS 1984): đọc là WGS84; hãy chọn VN-2000 nếu dữ liệu là VN-2000",
        "the .prj names no datum (\"{datum}\", WGS 1984 ellipsoid): read as WGS84; choose VN-2000 if the data are VN-2000";
    PrjNotWkt = "tệp .prj không phải định nghĩa WKT mà phusong đọc được", "the .prj is not a WKT definition phusong can read";
    PrjNoGeographic = "nó không ghi hệ địa lý nào", "it names no geographic system";
    PrjNotMapSystem { keyword: String } = "đây là định nghĩa {keyword}, không phải hệ toạ độ bản đồ", "it is a {keyword} definition, not a map coordinate system";
    PrjPrimeMeridian { meridian: String } = "kinh tuyến gốc của nó là {meridian}, không phải Greenwich", "its prime meridian is {meridian}, not Greenwich";
    PrjAngles { unit: String } = "góc của nó tính bằng {unit}, không phải độ", "its angles are in {unit}, not degrees";
    PrjOtherDatum { datum: String, ellipsoid: String } = "datum của nó là {datum} trên ellipsoid {ellipsoid}; phusong đọc WGS84 và VN-2000",
        "its datum is {datum} on the {ellipsoid} ellipsoid; phusong reads WGS84 and VN-2000";
    PrjOtherShift { datum: String, shift: String } = "datum \"{datum}\" của nó lệch khỏi WGS84 ({shift}), không phải VN-2000",
        "its datum \"{datum}\" is shifted from WGS84 by ({shift}), which is not VN-2000";
    PrjProjection { method: String } = "phép chiếu của nó là {method}, phusong chỉ đọc phép chiếu Mercator ngang (UTM, TM-3)",
        "its projection is {method}, and phusong reads transverse Mercator projections (UTM, TM-3) only";
    PrjUnit { unit: String, metres: String } = "toạ độ của nó tính bằng {unit} ({metres} m), không phải mét", "its coordinates are in {unit} ({metres} m), not metres";
    PrjNoCentralMeridian = "nó không ghi kinh tuyến trục", "it gives no central meridian";
    Unnamed = "không tên", "unnamed";
    NotNamed = "không ghi tên", "not named";
    RemedyReproject { flag: String } =
        "Hãy chuyển lớp sang WGS84 (EPSG:4326) trước, ví dụ trong QGIS: Export › Save Features As… › CRS EPSG:4326. phusong tự chuyển WGS84 UTM 48N/49N và VN-2000 (kinh độ/vĩ độ, UTM 48N/49N, các múi TM-3 của tỉnh). Nếu tệp .prj sai, hãy chọn đúng hệ bằng {flag}.",
        "Reproject it to WGS84 (EPSG:4326) first, e.g. in QGIS: Export › Save Features As… › CRS EPSG:4326. phusong converts WGS84 UTM 48N/49N and VN-2000 (longitude/latitude, UTM 48N/49N, the provincial TM-3 zones) itself. If the .prj is wrong, choose the right system with {flag}."
        / "Hãy chuyển lớp sang WGS84 (EPSG:4326) trước, ví dụ trong QGIS: Export › Save Features As… › CRS EPSG:4326. phusong tự chuyển WGS84 UTM 48N/49N và VN-2000 (kinh độ/vĩ độ, UTM 48N/49N, các múi TM-3 của tỉnh). Nếu tệp .prj sai, hãy chọn đúng hệ trong danh sách hệ toạ độ của lớp.",
        "Reproject it to WGS84 (EPSG:4326) first, e.g. in QGIS: Export › Save Features As… › CRS EPSG:4326. phusong converts WGS84 UTM 48N/49N and VN-2000 (longitude/latitude, UTM 48N/49N, the provincial TM-3 zones) itself. If the .prj is wrong, choose the right system in the layer's coordinate system list.";
    SaidPrj { crs: String } = "tệp .prj ghi {crs}", "the .prj says {crs}";
    SaidChosen { crs: String } = "đã chọn {crs}", "{crs} was chosen";
    SaidNoPrj = "không có tệp .prj", "there is no .prj";
    BboxMetres { span: String, said: Box<Msg> } =
        "toạ độ chạy từ {span}: đây là mét của một hệ chiếu (ví dụ VN-2000 hay UTM), không phải kinh độ/vĩ độ, và {said}",
        "coordinates run from {span}: these are metres of a projected system (e.g. VN-2000 or UTM), not longitude/latitude, and {said}";
    BboxMetresCouldBe { span: String, said: Box<Msg>, systems: String } =
        "toạ độ chạy từ {span}: đây là mét của một hệ chiếu (ví dụ VN-2000 hay UTM), không phải kinh độ/vĩ độ, và {said}; theo phạm vi, có thể là {systems}",
        "coordinates run from {span}: these are metres of a projected system (e.g. VN-2000 or UTM), not longitude/latitude, and {said}; by their range they could be {systems}";
    RemedyChooseCrsExample { flag: String, example: String } =
        "Chọn hệ toạ độ của lớp bằng {flag} (ví dụ {flag} {example}). Nếu lớp không thuộc hệ nào phusong đọc được, hãy chuyển nó sang WGS84 (EPSG:4326).",
        "Choose the layer's coordinate system with {flag} (e.g. {flag} {example}). Reproject it to WGS84 (EPSG:4326) if it is in none of the systems phusong reads."
        / "Chọn hệ toạ độ của lớp trong danh sách hệ toạ độ của lớp. Nếu lớp không thuộc hệ nào phusong đọc được, hãy chuyển nó sang WGS84 (EPSG:4326).",
        "Choose the layer's coordinate system in the layer's coordinate system list. Reproject it to WGS84 (EPSG:4326) if it is in none of the systems phusong reads.";
    BboxDegrees { span: String, crs: String, said: Box<Msg> } =
        "toạ độ chạy từ {span}: trông như kinh độ/vĩ độ tính bằng độ, không phải mét của {crs}, vậy mà {said}",
        "coordinates run from {span}: these look like longitude/latitude in degrees, not the metres of {crs}, yet {said}";
    RemedyChooseWgs84 { flag: String } = "Hãy chọn wgs84 (hoặc không chọn gì) cho lớp, ví dụ {flag} wgs84.", "Choose wgs84 (or nothing) for it, e.g. {flag} wgs84."
        / "Hãy chọn WGS84 cho lớp trong danh sách hệ toạ độ của lớp.", "Choose WGS84 for it in the layer's coordinate system list.";
    RemedyPrjMismatch { flag: String } = "Tệp .prj không khớp dữ liệu: hãy chọn wgs84 cho lớp ({flag} wgs84) hoặc sửa tệp .prj.",
        "The .prj does not match the data: choose wgs84 for it ({flag} wgs84 on the command line), or correct the .prj."
        / "Tệp .prj không khớp dữ liệu: hãy chọn WGS84 trong danh sách hệ toạ độ của lớp, hoặc sửa tệp .prj.",
        "The .prj does not match the data: choose WGS84 in the layer's coordinate system list, or correct the .prj.";
    BboxNoConvert { span: String, crs: String, said: Box<Msg> } =
        "toạ độ chạy từ {span} không chuyển được sang kinh độ/vĩ độ theo {crs} ({said})",
        "coordinates run from {span}, which do not convert to longitude/latitude in {crs} ({said})";
    RemedyChooseRightCrs { flag: String } = "Hãy chọn đúng hệ toạ độ của lớp bằng {flag}.", "Choose the layer's right coordinate system with {flag}."
        / "Hãy chọn đúng hệ toạ độ của lớp trong danh sách hệ toạ độ của lớp.", "Choose the layer's right coordinate system in the layer's coordinate system list.";

    // ---- Text encodings --------------------------------------------------------------------
    EncodingChosen { encoding: String } = "văn bản được đọc theo {encoding}, như đã chọn", "text read as {encoding}, as chosen";
    CpgUnknown { label: String } = "tệp .cpg ghi một bảng mã phusong không biết ({label})", "the .cpg names an encoding phusong does not know ({label})";
    NoCpg = "không có tệp .cpg cạnh tệp .dbf ghi bảng mã của văn bản", "no .cpg file beside the .dbf names the text encoding";
    FileSaysNoEncoding = "tệp không ghi bảng mã của văn bản", "the file does not say its text encoding";
    /// Nothing: an empty part of a message.
    Nothing = "", "";
    EncodingGuessed { why: Box<Msg>, encoding: String, pct: String, words: Count, runner: Box<Msg>, doubt: Box<Msg>, choose: Box<Msg> } =
        "{why}, nên bảng mã được đoán: {encoding} ({pct} trong {words} có dấu đọc ra tiếng Việt{runner}).{doubt} {choose}",
        "{why}, so it was guessed: {encoding} ({pct} of {words} with accents read as Vietnamese{runner}).{doubt} {choose}";
    EncodingRunnerUp { encoding: String, pct: String } = "; đứng thứ hai là {encoding}, {pct}", "; next best {encoding}, {pct}";
    EncodingDoubt = " Không bảng mã nào đọc phần lớn văn bản ra tiếng Việt, hãy kiểm tra lại các tên.",
        " None of the encodings reads most of it as Vietnamese, so check the names.";
    EncodingChooseDbf { flag: String, choices: String } =
        "Nếu tên hiển thị sai, hãy chọn bảng mã khác bằng {flag} ({choices}) hoặc đặt cạnh tệp .dbf một tệp .cpg ghi tên bảng mã",
        "If names look wrong, choose another encoding with {flag} ({choices}) or put a .cpg file naming it beside the .dbf"
        / "Nếu tên hiển thị sai, hãy chọn bảng mã khác ngay dưới tên lớp ở bảng bên trái ({choices})",
        "If names look wrong, choose another encoding under the layer's name in the left panel ({choices})";
    EncodingChooseList { flag: String, choices: String } =
        "Nếu tên hiển thị sai, hãy chọn bảng mã khác bằng {flag} ({choices}) hoặc lưu tệp dưới dạng CSV UTF-8",
        "If names look wrong, choose another encoding with {flag} ({choices}) or save it as CSV UTF-8"
        / "Nếu tên hiển thị sai, hãy chọn bảng mã khác ngay dưới tên lớp ở bảng bên trái ({choices}) hoặc lưu tệp dưới dạng CSV UTF-8",
        "If names look wrong, choose another encoding under the layer's name in the left panel ({choices}) or save it as CSV UTF-8";
    PlainAscii { why: Box<Msg> } = "{why}; văn bản chỉ gồm ký tự ASCII nên bảng mã nào cũng đọc như nhau",
        "{why}; the text is plain ASCII, so it reads the same in any encoding";
    ValuesNotValid { values: Count, encoding: String, first: Box<Msg>, what: Box<Msg> } =
        "{values} không hợp lệ theo {encoding}{first}; {what}", "{values} not valid {encoding}{first}; {what}";
    FirstNotValidAt { record: u64, column: String } = " (giá trị đầu tiên ở bản ghi {record}, cột {column})", " (the first in record {record}, column {column})";
    ReadAsFallback { fallback: String } = "các giá trị đó được đọc theo {fallback}", "they were read as {fallback}";
    LinesReadAsFallback { lines: Count, encoding: String, fallback: String } =
        "{lines} không hợp lệ theo {encoding}; các dòng đó được đọc theo {fallback}",
        "{lines} not valid {encoding}; they were read as {fallback}";
    SomeTextNotValid { encoding: String, choose: Box<Msg> } = "một phần văn bản không hợp lệ theo {encoding}. {choose}", "some text is not valid {encoding}. {choose}";
    CpgMayBeWrong { label: String, flag: String, choices: String } =
        "tệp .cpg (\"{label}\") có thể ghi sai bảng mã: chọn bảng mã khác bằng {flag} ({choices}) hoặc sửa tệp .cpg",
        "the .cpg (\"{label}\") may name the wrong encoding: choose another with {flag} ({choices}) or correct the .cpg"
        / "tệp .cpg (\"{label}\") có thể ghi sai bảng mã: chọn bảng mã khác ngay dưới tên lớp ở bảng bên trái ({choices})",
        "the .cpg (\"{label}\") may name the wrong encoding: choose another under the layer's name in the left panel ({choices})";
    ChooseOtherEncoding { flag: String, choices: String } = "chọn bảng mã khác bằng {flag} ({choices})", "choose another encoding with {flag} ({choices})"
        / "chọn bảng mã khác ngay dưới tên lớp ở bảng bên trái ({choices})", "choose another encoding under the layer's name in the left panel ({choices})";
    DamagedText { column: String, n: Count, listed: Listed, first: String, have: Have, kinds: DamageKinds, example: String, remedy: Box<Msg> } =
        "văn bản hỏng ở cột {column}: {n} ({listed} {first}) {have} {kinds}, ví dụ \"{example}\"; văn bản được giữ nguyên. {remedy}",
        "damaged text in column {column}: {n} ({listed} {first}) {have} {kinds}, e.g. \"{example}\"; the text is kept as it is. {remedy}";
    LostLettersRemedy { flag: String } =
        "Không thể khôi phục các chữ từ bản này: hãy lấy lại tệp từ nguồn (đề nghị bản UTF-8 kèm tệp .cpg); nếu mọi tên đều sai, hãy chọn bảng mã khác bằng {flag}",
        "The letters cannot be recovered from this copy: get the file again from its source (ask for UTF-8 with a .cpg); if every name looks wrong, choose another encoding with {flag}"
        / "Không thể khôi phục các chữ từ bản này: hãy lấy lại tệp từ nguồn (đề nghị bản UTF-8 kèm tệp .cpg); nếu mọi tên đều sai, hãy chọn bảng mã khác ngay dưới tên lớp",
        "The letters cannot be recovered from this copy: get the file again from its source (ask for UTF-8 with a .cpg); if every name looks wrong, choose another encoding under the layer's name";
    DamagedRemedy { flag: String, choices: String } =
        "Nếu phần lớn tên sai, hãy chọn bảng mã khác bằng {flag} ({choices}); nếu không, hãy lấy lại tệp từ nguồn",
        "Choose another encoding with {flag} ({choices}) if most names look wrong; otherwise get the file again from its source"
        / "Nếu phần lớn tên sai, hãy chọn bảng mã khác ngay dưới tên lớp ({choices}); nếu không, hãy lấy lại tệp từ nguồn",
        "Choose another encoding under the layer's name ({choices}) if most names look wrong; otherwise get the file again from its source";

    RemedyCheckVillageCoordinates = "Kiểm tra tệp đúng là danh sách thôn và toạ độ là kinh độ/vĩ độ tính bằng độ.",
        "Check that the file is the village list and that its coordinates are longitude/latitude in degrees.";
    ColumnUsedNone = "không thấy", "none found";

    // ---- Projects --------------------------------------------------------------------------
    NotAProject { why: Box<Msg> } = "đây không phải dự án phusong: {why}", "this is not a phusong project: {why}";
    ProjectTooLarge = "tệp quá lớn để là một dự án", "it is far too large for one";
    ProjectDoesNotRead { why: String } = "nội dung không đọc được như một dự án ({why})", "it does not read as one ({why})";
    ProjectFormatOther = "trường định dạng của tệp ghi khác", "its format field says otherwise";
    RemedyOpenProject = "Mở một tệp .phusong do phusong lưu (Dự án › Lưu).", "Open a .phusong file saved by phusong (Project › Save).";
    ProjectNewer { version: u32 } = "dự án này được lưu bằng phusong mới hơn (phiên bản dự án {version})",
        "this project was saved by a newer phusong (project version {version})";
    RemedyUpdate = "Hãy mở bằng phiên bản đó, hoặc cập nhật phusong.", "Open it with that version, or update phusong.";
    ProjectParamsWrong { why: Box<Msg> } = "tham số trong dự án sai: {why}", "its parameters are wrong: {why}";
    RemedyFixParams = "Hãy sửa trong tệp, hoặc lập lại dự án.", "Correct them in the file, or make the project again.";
    ProjectIsInput { input: String } = "đây là một tệp đầu vào của phân tích ({input})", "this is an input of the analysis ({input})";
    InputsOutsideProject { project: String, files: String } =
        "{project}: dự án đọc các tệp nằm ngoài thư mục của nó ({files}); hãy kiểm tra rồi chạy lại với --allow-outside-inputs nếu bạn tin dự án này",
        "{project}: the project reads files outside its folder ({files}); check them, then run again with --allow-outside-inputs if you trust the project"
        / "{project}: dự án đọc các tệp nằm ngoài thư mục của nó ({files})", "{project}: the project reads files outside its folder ({files})";
    CompareInputsMissing { project: String, files: String } =
        "{project}: không tìm thấy các tệp đầu vào của dự án này ({files}); hãy mở dự án đó, chỉ lại các tệp, lưu lại, rồi so sánh lại",
        "{project}: the project's inputs are not found ({files}); open that project, locate them, save it, then compare again";
    RemedyOtherProjectName = "Hãy lưu dự án dưới tên khác, có đuôi .phusong.", "Save the project under another name, ending in .phusong.";

    // ---- Parameters ------------------------------------------------------------------------
    BadRadius { radius: f64 } = "bán kính phải là khoảng cách từ 0 m trở lên (đang là {radius})", "radius must be a distance of 0 m or more (got {radius})";
    BadShare { share: f64 } = "tỷ lệ tối thiểu phải từ 0 đến 1 (đang là {share})", "min share must be between 0 and 1 (got {share})";
    BadThreshold { dbm: f64 } = "ngưỡng phải là số dBm (đang là {dbm})", "thresholds must be numbers in dBm (got {dbm})";
    BadDates { from: String, to: String } = "khoảng ngày bắt đầu ({from}) sau ngày kết thúc ({to})", "the date range starts ({from}) after it ends ({to})";

    // ---- A village list's columns ------------------------------------------------------
    ColMissing { role: Word, after: Box<Msg>, usual: String } =
        "không cột nào nhận ra được là {role}{after} (đã tìm {usual}, …)",
        "no column is recognisable as the {role}{after} (looked for {usual}, …)";
    AsChosen { crs: String } = " (vì đã chọn {crs})", " (as {crs} was chosen)";
    ColGiveFlag { flag: String } = "Hãy chỉ ra bằng {flag} và tên cột.", "Give it with {flag} and the column's heading."
        / "Hãy chọn cột đó trong danh sách bên dưới.", "Choose that column in the list below.";
    ColAmbiguous { n: u64, role: Word, names: String } = "{n} cột có thể là {role}: {names}", "{n} columns could be the {role}: {names}";
    ColChooseOne { flag: String, first: String } = "Hãy chọn một cột bằng {flag} \"{first}\".", "Choose one with {flag} \"{first}\"."
        / "Hãy chọn một cột trong danh sách bên dưới.", "Choose one in the list below.";
    ColNoSuch { given: String, role: Word } = "không có cột \"{given}\" (được chỉ cho {role})", "there is no column \"{given}\" (given for the {role})";
    ColGiveHeading { flag: String } = "Hãy cho {flag} tên cột đúng như dòng tiêu đề ghi.", "Give {flag} a column heading as the header row writes it."
        / "Hãy chọn cột trong danh sách bên dưới.", "Choose the column in the list below.";
    ColMetres { role: Word, column: String, nosys: Box<Msg>, guesses: Box<Msg> } =
        "cột {role} {column} chứa mét, không phải độ: toạ độ hệ chiếu (VN-2000 hoặc UTM), và {nosys}{guesses}",
        "the {role} column {column} holds metres, not degrees: projected coordinates (VN-2000 or UTM), and {nosys}{guesses}";
    ListProjectedOnly { nosys: Box<Msg>, guesses: Box<Msg> } =
        "danh sách có cột X/Y theo mét của hệ chiếu và không có kinh độ/vĩ độ, và {nosys}{guesses}",
        "the list has projected X/Y columns in metres and no longitude/latitude, and {nosys}{guesses}";
    ColDegrees { column: String, role: Word, chosen: String } =
        "cột {column} (cho {role}) chứa độ, không phải mét của {chosen}, hệ đã chọn cho danh sách",
        "the column {column} (for the {role}) holds degrees, not the metres of {chosen}, the system chosen for the list";
    NoSystemChosenForList = "chưa chọn hệ toạ độ nào cho chúng", "no coordinate system was chosen for them";
    ChosenSystemInDegrees { crs: String } = "hệ đã chọn cho danh sách, {crs}, là hệ tính bằng độ", "the system chosen for the list, {crs}, is one in degrees";
    ByRangeCouldBe { systems: String } = "; theo phạm vi, có thể là {systems}", "; by their range they could be {systems}";
    ChooseListSystem { example: String, or: Box<Msg> } =
        "Hãy chọn hệ toạ độ của danh sách bằng --village-crs (ví dụ --village-crs {example}); phusong sẽ chuyển X/Y sang WGS84. {or}",
        "Choose the list's coordinate system with --village-crs (e.g. --village-crs {example}); phusong then converts the X/Y to WGS84. {or}"
        / "Hãy chọn hệ toạ độ của danh sách trong hộp thoại; phusong sẽ chuyển X/Y sang WGS84. {or}",
        "Choose the list's coordinate system in the dialog; phusong then converts the X/Y to WGS84. {or}";
    OrGiveDegrees = "Hoặc đưa kinh độ/vĩ độ theo độ WGS84.", "Or give longitude/latitude in WGS84 degrees.";
    OrGiveKinhDoViDo = "Hoặc thay bằng cột Kinh độ và Vĩ độ theo độ WGS84.", "Or give Kinh độ and Vĩ độ columns in WGS84 degrees instead.";
    ChooseWgs84ForList = "Hãy chọn WGS84 cho danh sách (--village-crs wgs84, hoặc không chọn hệ), hoặc kinh độ/vĩ độ VN-2000 (--village-crs vn2000) nếu độ là của VN-2000.",
        "Choose WGS84 for the list (--village-crs wgs84, or no system), or VN-2000 longitude/latitude (--village-crs vn2000) if the degrees are VN-2000."
        / "Hãy chọn WGS84 cho danh sách, hoặc kinh độ/vĩ độ VN-2000 nếu độ là của VN-2000.",
        "Choose WGS84 for the list, or VN-2000 longitude/latitude if the degrees are VN-2000.";
    AProjectedSystem = "một hệ chiếu", "a projected system";
    /// Several remedies, one after another.
    Remedies { all: Msgs } = "{all}", "{all}";
    ListUnsure { place: Box<Msg>, problems: Msgs, columns: String, notes: Msgs } =
        "{place}: {problems}; các cột là: {columns}{notes}", "{place}: {problems}; the columns are: {columns}{notes}";
    PlaceSheetHeader { sheet: String, n: u64 } = "trang tính \"{sheet}\", dòng tiêu đề ở dòng {n}", "sheet \"{sheet}\", header on row {n}";
    PlaceHeaderLine { n: u64 } = "dòng tiêu đề ở dòng {n}", "header on line {n}";
    NoSheetWithCoordinates { sheets: String } =
        " (không trang tính nào có dòng tiêu đề với kinh độ/vĩ độ hay X/Y; các trang tính: {sheets})",
        " (no sheet has a header with longitude/latitude or X/Y headings; the sheets are {sheets})";
    HeadingsDamaged { heading: String, encoding: String } =
        " (các tiêu đề như \"{heading}\" có vẻ hỏng: tệp có thể không theo {encoding}, bảng mã đã dùng để đọc)",
        " (headings such as \"{heading}\" look damaged: the file may not be in {encoding}, the encoding it was read in)";
    ChooseListEncoding { choices: String } = "Hãy chọn bảng mã của tệp bằng --village-encoding ({choices}).", "Choose the file's text encoding with --village-encoding ({choices})."
        / "Hãy chọn bảng mã của tệp ngay dưới tên lớp ({choices}).", "Choose the file's text encoding under the layer's name ({choices}).";
    OtherSheet = "Dùng --village-sheet để đọc trang tính khác.", "Use --village-sheet to read another sheet."
        / "Có thể chọn trang tính khác trong hộp thoại chọn cột.", "Another sheet can be chosen in the column chooser.";

    // ---- Village lists ---------------------------------------------------------------------
    ListTooLarge { mb: u64 } = "tệp nặng {mb} MB, quá lớn cho một danh sách thôn", "the file is {mb} MB, far too large for a village list";
    RemedyNotASampleLog = "Kiểm tra đây là danh sách thôn chứ không phải nhật ký đo sóng (nhật ký đo đưa vào --samples).",
        "Check that this is the village list and not a signal log (signal logs go under --samples)."
        / "Kiểm tra đây là danh sách thôn chứ không phải nhật ký đo sóng.", "Check that this is the village list and not a signal log.";
    SheetUnreadableWhy { sheet: String, why: String } = "không đọc được trang tính \"{sheet}\" ({why}) nên đã bỏ qua", "sheet \"{sheet}\" cannot be read ({why}) and was left out";
    OperatorLine { operator: String, covered: String, villages: String, share: String, required: String, surveyed: String } =
        "  {operator}: {covered}/{villages} thôn ({share}) có sóng {required}; đã khảo sát {surveyed}",
        "  {operator}: {covered}/{villages} villages ({share}) covered by {required}; surveyed at {surveyed}";
    AnalysingDemo { dir: String } =
        "Không có tệp đầu vào: phân tích tỉnh mẫu đi kèm trong {dir} (xem data/README.md).",
        "No inputs given: analysing the bundled demo province in {dir} (see data/README.md).";
    ByOperator = "Theo nhà mạng:", "By operator:";
    VillagesOutsideEveryCommune { n: String } = "  {n} thôn nằm ngoài mọi xã", "  {n} villages lie outside every commune";
    SamplesFilteredOut { n: String } = "  {n} mẫu đo bị bộ lọc loại ra", "  {n} samples left out by the filters";
    InDistricts { n: String, s: String } = "{n} huyện", "{n} district{s}";
    InProvinces { n: String, s: String } = "{n} tỉnh", "{n} province{s}";
    RunTotals { samples: String, villages: String, communes: String, units: Box<Msg>, loaded: String, total: String } =
        "\n{samples} mẫu đo, {villages} thôn, {communes} xã trong {units}; nạp và lập chỉ mục trong {loaded} giây, tổng cộng {total} giây.",
        "\n{samples} samples, {villages} villages, {communes} communes in {units}; loaded and indexed in {loaded} s, total {total} s.";
    WrittenIn { dir: String, names: String } =
        "Đã ghi vào {dir}: {names} (mỗi tệp .shp kèm .shx, .dbf, .prj và .cpg)",
        "Written in {dir}: {names} (each .shp with its .shx, .dbf, .prj and .cpg)";
    ProjectSaved { path: String } = "Đã lưu dự án: {path}", "Project saved: {path}";
    NoSuchSheet { sheet: String, sheets: String } =
        "không có trang tính \"{sheet}\"; các trang là {sheets}", "there is no sheet \"{sheet}\"; the sheets are {sheets}";
    RemedyNameSheet = "Ghi cho --village-sheet một trong các tên này, hoặc số thứ tự của trang (1 là trang đầu).",
        "Give --village-sheet one of these names, or the sheet's number (1 for the first)."
        / "Chọn một trong các trang này trong hộp thoại chọn cột.", "Choose one of these sheets in the column chooser.";
    NoTable = "tệp không có bảng nào", "the file has no table";
    RemedyChooseVillageList = "Chọn danh sách thôn.", "Choose the village list.";
    SheetEmpty { sheet: String } = "trang tính \"{sheet}\" trống", "sheet \"{sheet}\" is empty";
    FileEmpty = "tệp trống", "the file is empty";
    RemedyHeaderRow = "Chọn danh sách thôn có dòng tiêu đề (hoặc trang khác bằng --village-sheet).",
        "Choose the village list with a header row (or another sheet with --village-sheet)."
        / "Chọn danh sách thôn có dòng tiêu đề (hoặc chọn trang khác trong hộp thoại chọn cột).",
        "Choose the village list with a header row (or another sheet in the column chooser).";
    CellsUnreadable { sheet: String, n: u64 } =
        "trang tính \"{sheet}\": {n} ô không đọc được (giá trị hỏng) và được bỏ qua; dòng của chúng thiếu các giá trị đó",
        "sheet \"{sheet}\": {n} cells could not be read (damaged values) and were left out; their rows lack those values";
    SheetUnreadable { sheet: String } = "không đọc được trang tính \"{sheet}\" nên đã bỏ qua", "sheet \"{sheet}\" cannot be read and was left out";
    NoReadableSheet = "bảng tính không có trang nào đọc được", "the workbook has no sheet that can be read";
    RemedyResaveXlsx = "Mở tệp bằng Excel, kiểm tra danh sách thôn còn ở đó rồi lưu lại dưới dạng .xlsx.",
        "Open it in Excel, check that the village list is there, and save it again as .xlsx.";
    WorkbookUnreadable { format: Box<Msg>, why: String } = "không đọc được dưới dạng {format}: {why}", "cannot be read as an {format}: {why}";
    RemedyOpenAndResave { file: String } = "Mở {file} bằng Excel hoặc LibreOffice rồi lưu lại dưới dạng .xlsx (hoặc CSV UTF-8).",
        "Open {file} in Excel or LibreOffice and save it again as .xlsx (or as CSV UTF-8).";
    ReaderFailed = "trình đọc gặp lỗi với tệp này", "the reader failed on it";
    EmptyFile = "tệp rỗng", "the file is empty";
    RemedyListWithHeader = "Chọn danh sách thôn có dòng tiêu đề.", "Choose the village list with a header row.";
    LinesNotSplit { lines: Count } = "{lines} không tách được thành các trường nên đã bỏ qua", "{lines} could not be split into fields and were left out";
    ListLostLetters = "Không thể khôi phục các chữ từ bản này: hãy lấy lại danh sách từ nguồn (đề nghị bản CSV UTF-8); nếu mọi tên đều sai, hãy chọn bảng mã khác bằng --village-encoding",
        "The letters cannot be recovered from this copy: get the list again from its source (ask for CSV UTF-8); if every name looks wrong, choose another encoding with --village-encoding"
        / "Không thể khôi phục các chữ từ bản này: hãy lấy lại danh sách từ nguồn (đề nghị bản CSV UTF-8); nếu mọi tên đều sai, hãy chọn bảng mã khác ngay dưới tên lớp",
        "The letters cannot be recovered from this copy: get the list again from its source (ask for CSV UTF-8); if every name looks wrong, choose another encoding under the layer's name";
    ListDamaged { choices: String } = "Nếu phần lớn tên sai, hãy chọn bảng mã khác bằng --village-encoding ({choices}); nếu không, hãy lấy lại danh sách từ nguồn",
        "Choose another encoding with --village-encoding ({choices}) if most names look wrong; otherwise get the list again from its source"
        / "Nếu phần lớn tên sai, hãy chọn bảng mã khác ngay dưới tên lớp ({choices}); nếu không, hãy lấy lại danh sách từ nguồn",
        "Choose another encoding under the layer's name ({choices}) if most names look wrong; otherwise get the list again from its source";
    SheetLostLetters = "Không thể khôi phục các chữ từ bản này: hãy lấy lại danh sách từ nguồn", "The letters cannot be recovered from this copy: get the list again from its source";
    SheetLegacyFont = "Các ô có thể chứa chữ gõ bằng phông tiếng Việt cũ (TCVN3 .VnTime, VNI-Times): hãy chuyển trang tính sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi lưu lại, hoặc lấy lại danh sách từ nguồn",
        "The cells may hold text typed in a legacy Vietnamese font (TCVN3 .VnTime, VNI-Times): convert the sheet to Unicode (e.g. with Unikey's converter) and save it again, or get the list again from its source";
    EncodingNotUsed { encoding: String } = "bảng mã đã chọn ({encoding}) không được dùng: văn bản của bảng tính là Unicode",
        "the text encoding chosen ({encoding}) was not used: the text of a workbook is Unicode";
    ReadSheet { sheet: String, before: String } = "đã đọc trang tính \"{sheet}\", trang đầu tiên có cột toạ độ (trước nó: \"{before}\")",
        "read sheet \"{sheet}\", the first with coordinate columns (before it: \"{before}\")";
    HeaderOn { at: Listed, n: u64 } = "dòng tiêu đề ở {at} {n}; các dòng phía trên được coi là tên bảng", "the header is on {at} {n}; the rows above it are taken as the title";
    NumberingRow { at: Listed, n: u64 } = "{at} {n} dưới dòng tiêu đề là số thứ tự cột nên đã bỏ qua", "{at} {n} under the header numbers the columns and was skipped";
    ListColumnsUsed { a_axis: Axis, a: String, b_axis: Axis, b: String, name: String, units: ListedRoles } =
        "các cột được dùng: {a_axis} {a}, {b_axis} {b}, tên {name}{units}",
        "columns used: {a_axis} {a}, {b_axis} {b}, name {name}{units}";
    CellEmpty { at: Listed, row: u64, column: String } = "{at} {row}, cột {column} trống", "{at} {row}, column {column} is empty";
    CellBad { at: Listed, row: u64, column: String, cell: String, why: Box<Msg> } =
        "{at} {row}, cột {column} là \"{cell}\": {why}", "{at} {row}, column {column} is \"{cell}\": {why}";
    DegEmpty = "trống", "empty";
    DegNotANumber = "không phải số độ", "not a number of degrees";
    DegTooManyParts = "nhiều hơn độ, phút và giây (hai toạ độ trong một ô?)", "more than degrees, minutes and seconds (two coordinates in one cell?)";
    DegMinutes { value: String } = "{value} phút; số phút phải dưới 60", "{value} minutes; minutes must be below 60";
    DegSeconds { value: String } = "{value} giây; số giây phải dưới 60", "{value} seconds; seconds must be below 60";
    DegDegrees { value: String } = "{value} độ; tối đa 180", "{value} degrees; at most 180";
    DegFraction = "phần lẻ của độ hay phút lại có phút hoặc giây theo sau", "a fraction of a degree or minute followed by minutes or seconds";
    DegHemisphere = "dấu và chữ bán cầu (hoặc hai chữ) mâu thuẫn nhau", "a sign and a hemisphere letter (or two letters) that disagree";
    LatLetterInLon = "chữ vĩ độ (N/S) ở cột kinh độ", "a latitude letter (N/S) in the longitude column";
    LonLetterInLat = "chữ kinh độ (E/W) ở cột vĩ độ", "a longitude letter (E/W) in the latitude column";
    MetresNotNumber = "không phải số mét", "not a number of metres";
    RowColumns { at: Listed, row: u64, a: String, b: String, why: Box<Msg> } =
        "{at} {row}, cột {a} và {b}: {why}", "{at} {row}, columns {a} and {b}: {why}";
    LookLikeDegrees { a: String, b: String, system: String } = "{a} và {b} trông như độ, không phải mét của {system}", "{a} and {b} look like degrees, not the metres of {system}";
    DoNotConvert { a: String, b: String, system: String } = "{a} và {b} không chuyển được sang kinh độ/vĩ độ theo {system}", "{a} and {b} do not convert to longitude/latitude in {system}";
    LetterSwaps { n: u64 } = "{n} dòng có vĩ độ (N/S) ở cột kinh độ và kinh độ (E/W) ở cột vĩ độ, theo chữ của chúng: đã đọc theo chiều ngược lại",
        "{n} rows have the latitude (N/S) in the longitude column and the longitude (E/W) in the latitude column, by their letters: read the other way round";
    WrittenAs { forms: CoordinateForms } = "toạ độ được viết dưới dạng: {forms}", "coordinates written as: {forms}";
    SkippedRows { n: u64, at: Listed, first: String } =
        "{n} dòng không có toạ độ được coi là tiêu đề nhóm, tiêu đề lặp lại, dòng tổng hay chữ ký nên đã bỏ qua ({at} {first})",
        "{n} rows without coordinates were taken as headings, repeated headers, totals or signatures and skipped ({at} {first})";
    FactColumnsUsed { facts: ReadColumns } = "đã đọc {facts}", "read {facts}";
    FactValuesUnread { what: Word, column: String, n: u64, record: u64, value: String } =
        "{n} giá trị {what} ở cột {column} không đọc được nên coi là chưa biết (bản ghi {record}: \"{value}\")",
        "{n} {what} values in column {column} could not be read and are taken as unknown (record {record}: \"{value}\")";
    ListSwapped { swapped: u64, of: u64 } = "vĩ độ và kinh độ bị đảo trong tệp này ({swapped}/{of} dòng có vĩ độ vượt ±90°): đã đọc theo chiều ngược lại",
        "latitude and longitude are swapped in this file ({swapped} of {of} rows have a latitude beyond ±90°): read the other way round";
    TurnedXY { turned: u64, of: u64, column: String } =
        "ở {turned}/{of} dòng, cột toạ độ đầu tiên chứa toạ độ bắc (như X trong đo đạc Việt Nam; cột {column}): đã đọc thành toạ độ đông và bắc",
        "in {turned} of {of} rows the first coordinate column holds the northing (as X does in Vietnamese surveys; column {column}): read as easting and northing";
    FormatOds = "bảng tính OpenDocument (.ods)", "OpenDocument spreadsheet (.ods)";

    // ---- Signal logs -----------------------------------------------------------------------
    Archive { kind: String } = "đây là tệp nén {kind}, không phải nhật ký dạng văn bản", "this is a {kind} archive, not a text log";
    RemedyUnpack = "Hãy giải nén rồi mở tệp CSV hoặc TXT bên trong.", "Unpack it and open the CSV or TXT log inside.";
    BinaryFile = "đây là tệp nhị phân, không phải nhật ký dạng văn bản", "this is a binary file, not a text log";
    EmptyLog = "tệp rỗng (không có dòng tiêu đề, không có dòng dữ liệu)", "the file is empty (no header, no rows)";
    NotALogHeader { first: String } = "\"{first}\" không phải dòng tiêu đề của nhật ký đo sóng nào phusong đọc được",
        "\"{first}\" is not a header of a signal log phusong reads";
    NetworkSurveyNotCellular = "Có vẻ là tệp của Network Survey nhưng không phải nhật ký di động (GSM, UMTS, LTE hay NR); các tệp Wi-Fi, Bluetooth, GNSS và CDMA không có sóng di động phusong dùng được.",
        "It looks like a Network Survey file, but not one of its cellular logs (GSM, UMTS, LTE or NR); Wi-Fi, Bluetooth, GNSS and CDMA files carry no mobile signal phusong can use.";
    LogFormats { list: String } =
        "phusong đọc các nhật ký đo sóng sau: {list}. Hãy xuất lại nhật ký từ ứng dụng, hoặc chuyển sang các cột CSV của phusong.",
        "phusong reads these signal logs: {list}. Export the log again from the app, or convert it to the phusong CSV columns.";
    LogFormatsAfter { hint: Box<Msg>, list: String } =
        "{hint} phusong đọc các nhật ký đo sóng sau: {list}. Hãy xuất lại nhật ký từ ứng dụng, hoặc chuyển sang các cột CSV của phusong.",
        "{hint} phusong reads these signal logs: {list}. Export the log again from the app, or convert it to the phusong CSV columns.";
    HeaderLacksColumn = "dòng tiêu đề thiếu một cột mà định dạng này cần", "the header lacks a column this format needs";
    NotLogByColumns = "đây không phải nhật ký đo sóng phusong đọc được theo tên cột", "this is not a signal log phusong can read by its columns";
    CannotSplitHere { why: String } = "tệp không tách được thành các trường ở đây ({why})", "the file cannot be split into fields here ({why})";
    RemedyExportedAsIs = "Kiểm tra tệp đúng là bản xuất văn bản của ứng dụng và không bị cắt hay sửa.",
        "Check that the file is a text export of the app and was not cut or edited.";
    HeaderNoRows = "tệp có dòng tiêu đề nhưng không có dòng dữ liệu nào", "the file has a header but no data rows";
    SamplesSwapped { swapped: u64, of: u64 } =
        "vĩ độ và kinh độ bị đảo trong tệp này: {swapped}/{of} dòng có vĩ độ vượt ±90° và kinh độ trong ±90°. phusong đã đọc mỗi dòng theo chiều ngược lại; hãy kiểm tra trên bản đồ",
        "latitude and longitude are swapped in this file: {swapped} of {of} rows have a latitude beyond ±90° and a longitude within ±90°. phusong read each row the other way round; check the map";
    BadTimes { rows: Count, have: Have, line: u64, text: String } =
        "{rows} {have} thời gian phusong không đọc được (đầu tiên ở dòng {line}: \"{text}\"). Các mẫu đó được giữ lại không có thời gian, nên bộ lọc theo ngày sẽ loại chúng. Thời gian được đọc theo ISO 8601 (2026-03-14T09:21:05, có hoặc không có múi giờ), kiểu G-NetTrack 2026.03.14_09.21.05, dd/mm/yyyy hh:mm:ss, hoặc số giây/mili giây từ 1970",
        "{rows} {have} a time phusong cannot read (the first at line {line}: \"{text}\"). They were kept without a time, so a date-range filter leaves them out. Times are read as ISO 8601 (2026-03-14T09:21:05, with or without a zone), G-NetTrack's 2026.03.14_09.21.05, dd/mm/yyyy hh:mm:ss, or epoch seconds or milliseconds";
    UnknownOperatorNames { names: String } =
        "nhà mạng {names} là tên, không phải MCC-MNC, và không phải mạng Việt Nam phusong biết; các mẫu đó được giữ dưới nhà mạng \"không rõ\". Nếu nhật ký có nhiều mạng, hãy thêm MCC-MNC (ví dụ 452-04) để phân biệt",
        "operator {names} is a name, not an MCC-MNC, and not a Vietnamese network phusong knows; those samples were kept under the operator \"unknown\". If the log holds several networks, add the MCC-MNC (e.g. 452-04) to tell them apart";
    AsuConverted { n: u64 } =
        "{n} giá trị tín hiệu là mức ASU (0 đến 97, như các bản xuất kiểu OpenCellID) và đã được đổi sang dBm theo công nghệ (2G: 2·ASU−113; 3G: ASU−120; 4G/5G: ASU−140)",
        "{n} signal values were ASU levels (0 to 97, as OpenCellID-style exports may write) and were converted to dBm for their technology (2G: 2·ASU−113; 3G: ASU−120; 4G/5G: ASU−140)";
    ReadAsNetworkSurvey { label: String } = "đọc như tệp {label} của Network Survey", "read as a Network Survey {label} file";
    CellMapperLayout = "tệp CSV của CellMapper không có dòng tiêu đề; phusong giả định thứ tự cột vĩ độ, kinh độ, độ cao, MCC, MNC, LAC/TAC, mã cell, tín hiệu (dBm), loại, loại phụ, ARFCN, PCI. Hãy kiểm tra vài điểm trên bản đồ",
        "CellMapper CSV files have no header; phusong assumed the layout latitude, longitude, altitude, MCC, MNC, LAC/TAC, cell id, signal (dBm), type, subtype, ARFCN, PCI. Check a few points on the map";
    CellMapperNoTime = "tệp CSV của CellMapper không có thời gian: các mẫu này không có thời gian, nên bộ lọc theo ngày sẽ loại chúng",
        "CellMapper CSV files carry no time: these samples have none, so a date-range filter leaves them out";
    GNetTrackNoLevel = "bản xuất G-NetTrack này không có cột Level: cột RSRP được đọc là mức của ô phục vụ ở mọi chế độ mạng (RxLev ở 2G, RSCP ở 3G, RSRP ở 4G/5G)",
        "this G-NetTrack export has no Level column: the RSRP column was read as the serving cell's level for every network mode (RxLev on 2G, RSCP on 3G, RSRP on 4G/5G)";
    GNetTrackNr { column: String, rows: u64 } =
        "các dòng 5G: tín hiệu là SS-RSRP ở cột \"{column}\" nơi cột có giá trị ({rows} dòng), còn lại là mức ô phục vụ",
        "5G rows: the signal is the SS-RSRP of column \"{column}\" where it has a value ({rows} rows), else the serving level";
    GNetTrackNoMccMnc = "nhật ký không có cột MCC-MNC (Operator); nhà mạng được đọc theo tên", "the log has no MCC-MNC column (Operator); operators were read from their names";
    OpenCellIdLayout = "đọc theo bố cục tải lên OpenCellID của TowerCollector (lat,lon,mcc,mnc,…,signal,…,act)", "read as TowerCollector's OpenCellID upload layout (lat,lon,mcc,mnc,…,signal,…,act)";
    SampleColumnNotFound { name: String, role: String } =
        "tệp này không có cột \"{name}\" cho {role}; {role} được lấy từ cột có tên thường gặp",
        "this file has no column \"{name}\" for the {role}; its {role} was taken from the column with a usual name";

    WindowCannotOpen { why: String } = "cửa sổ không mở được: {why}", "the window cannot open: {why}";
    NoWindowInThisBuild =
        "bản phusong này được dựng không có cửa sổ; hãy dùng các lệnh analyze, report, inspect-villages, inspect-samples",
        "this build of phusong has no window; use the analyze, report, inspect-villages and inspect-samples commands";

    // ---- Limits --------------------------------------------------------------------------
    SheetGridTooLarge { sheet: String, extent: String, limit: u64 } =
        "trang tính \"{sheet}\" có ô trải từ {extent}: các dòng của nó cần hơn {limit} ô, quá nhiều so với cỡ tệp",
        "sheet \"{sheet}\" has cells spread over {extent}: its rows would take more than {limit} cells, far more than the file's size accounts for";
    WorkbookPartTooLarge { part: String, limit_mb: u64 } =
        "phần \"{part}\" của bảng tính giải nén ra hơn {limit_mb} MB, quá lớn cho một trang tính; tệp có thể hỏng hoặc không phải bảng tính thật",
        "part \"{part}\" of the workbook unpacks to more than {limit_mb} MB, far too much for a sheet; the file may be damaged or not a real workbook";
    LineTooLong { limit_mb: u64 } =
        "dòng này dài hơn {limit_mb} MB: nhật ký đo sóng chỉ viết vài trăm byte một dòng, nên đây không phải nhật ký (hoặc tệp mất các dấu xuống dòng)",
        "this line is longer than {limit_mb} MB: signal logs write a few hundred bytes a line, so this is not a log (or the file lost its line breaks)";
    FolderHoldsOtherFiles { file: String } =
        "thư mục này chứa tệp không phải do phusong viết ({file}); phusong thay cả thư mục báo cáo nên không ghi vào đây",
        "this folder holds files phusong did not write ({file}); phusong replaces a report folder whole, so it does not write here";
    ReportFolderIsAFile = "đây là một tệp, không phải thư mục báo cáo", "this is a file, not a report folder";
    FolderCannotBeReplaced = "thư mục này không thay được bằng một thư mục báo cáo", "this folder cannot be replaced by a report folder";
    RemedyNewReportFolder = "Chọn một thư mục mới hoặc trống cho báo cáo.", "Choose a new or empty folder for the report.";
    FolderBeingWritten { lock: String } =
        "một lần chạy phusong khác đang ghi thư mục này (khoá {lock})",
        "another phusong run is writing this folder (lock {lock})";
    RemedyWaitOrRemoveLock { lock: String } =
        "Đợi lần chạy đó xong rồi chạy lại; nếu không còn phusong nào chạy, hãy xoá {lock}.",
        "Wait for that run to end and run again; if no phusong is running, delete {lock}.";
    WarnNoVillageInAnyCommune { villages: u64 } =
        "không thôn nào trong {villages} thôn nằm trong một xã: lớp thôn và lớp xã có lẽ là của hai nơi khác nhau (hoặc một lớp ở hệ toạ độ khác), nên các số liệu theo xã đều trống",
        "none of the {villages} villages lies in any commune: the village and commune layers are probably of different places (or one is in another coordinate system), so every figure by commune is empty";
    WarnNoSampleNearAnyVillage { samples: u64, reach_km: u64 } =
        "không mẫu nào trong {samples} mẫu nằm trong vòng {reach_km} km quanh một thôn: nhật ký đo có lẽ là của nơi khác (hoặc toạ độ bị đọc sai), nên mọi thôn đều chưa khảo sát",
        "none of the {samples} samples lies within {reach_km} km of any village: the logs are probably of another place (or their coordinates were misread), so every village is not surveyed";
    RemedyStrayCells = "Mở tệp bằng Excel, xoá các ô lạc nằm xa bảng (Ctrl+End cho thấy ô cuối), hoặc chép bảng sang một bảng tính mới rồi lưu lại.",
        "Open the file in Excel and delete the stray cells far from the table (Ctrl+End shows the last one), or copy the table into a new workbook and save it.";

    // ---- Import reports --------------------------------------------------------------------
    ReportHeader { file: String, format: Box<Msg>, read: Number, used: Number, rejected: Number } =
        "{file} ({format}): đọc {read} dòng, dùng {used}, loại {rejected}",
        "{file} ({format}): {read} rows read, {used} used, {rejected} rejected";
    ReportSheet { format: Box<Msg>, sheet: String } = "{format}, trang tính \"{sheet}\"", "{format}, sheet \"{sheet}\"";
    ReportRejected { n: Number, why: Box<Msg>, at: Listed, first: String } = "{n} × {why} ({at} {first})", "{n} × {why} ({at} {first})";
    ReportIncomplete { stopped_at: u64, kept: u64, cause: Box<Msg> } =
        "dừng đọc ở bản ghi {stopped_at}; giữ {kept} bản ghi trước đó: {cause}",
        "reading stopped at record {stopped_at}, the {kept} records before it were kept: {cause}";
    ReportNote = "ghi chú", "note";
    FormatShpPolygons = "shapefile ESRI (vùng)", "ESRI shapefile (polygons)";
    FormatShpPoints = "shapefile ESRI (điểm)", "ESRI shapefile (points)";
    FormatShpBackground = "shapefile ESRI (lớp nền)", "ESRI shapefile (background layer)";
    FormatCsv { separator: Separator } = "CSV (phân cách bằng {separator})", "CSV ({separator}-separated)";
    FormatWorkbook { kind: String, extension: String } = "bảng tính {kind} (.{extension})", "{kind} workbook (.{extension})";
    FormatPhusongCsv = "CSV mẫu đo của phusong", "phusong samples CSV";
    FormatNamedColumns = "CSV có tên cột", "CSV with named columns";
    FormatNamed { name: String } = "{name}", "{name}";

    // ---- Why a row was not used ------------------------------------------------------------
    ReasonMissingCoordinates = "không có kinh độ/vĩ độ (trống hoặc không phải số)", "no longitude/latitude (empty or not a number)";
    ReasonCoordinatesOutOfRange = "toạ độ ngoài phạm vi (NaN, hoặc ngoài -180..180 / -90..90); hãy kiểm tra cột kinh độ/vĩ độ",
        "coordinates out of range (NaN, or not within -180..180 / -90..90); check the lon/lat columns";
    ReasonMalformedRow = "dòng hỏng (sai số trường)", "malformed row (wrong number of fields)";
    ReasonUnknownTechnology = "tên công nghệ không rõ", "unknown technology name";
    ReasonMissingOrInvalidSignal = "thiếu mức tín hiệu hoặc giá trị không phải phép đo thật", "signal missing or not a real measurement";
    ReasonUnknownOperator = "thiếu nhà mạng (MCC-MNC) hoặc không đọc được", "operator (MCC-MNC) missing or unreadable";
    ReasonBadTime = "không đọc được thời gian", "time not readable";
    ReasonNotServingCell = "ô lân cận, không phải ô phục vụ", "neighbour cell, not the serving cell";
    ReasonBadGeometry = "hình học rỗng hoặc sai loại", "empty or wrong geometry";
    ReasonBadDegrees = "độ-phút-giây không thể đúng (phút hoặc giây từ 60 trở lên, chữ bán cầu của trục kia); hãy sửa các ô đó",
        "degrees-minutes-seconds that cannot be right (60 or more minutes or seconds, a hemisphere letter of the other axis); correct the cells";

    // ---- Warnings on the whole analysis ----------------------------------------------------
    WarnIncomplete { layer: Layer, file: String, kept: u64, expected: String, stopped_at: u64 } =
        "{file} ({layer}): chỉ đọc được {kept}{expected} bản ghi; bản ghi {stopped_at} bị hỏng nên dừng đọc ở đó — số liệu chỉ gồm phần đã đọc",
        "{file} ({layer}): {kept}{expected} records read; record {stopped_at} is damaged and reading stopped there — the figures cover only what was read";
    WarnUnread { file: String, why: Box<Msg> } =
        "không đọc được {file} ({why}): phân tích tiếp tục không có tệp này",
        "{file} could not be read ({why}): the analysis goes on without it";

    // ---- Files as GDAL reads them ----------------------------------------------------------
    ZipOtherShapefiles { read: String, others: String } =
        "tệp .zip chứa nhiều shapefile: đã đọc {read}; các tệp khác chưa đọc ({others}) — giải nén để mở từng tệp",
        "the .zip holds several shapefiles: {read} was read, the others were not ({others}); unpack it to open each";
    ZipTooLarge { mb: u64 } = "tệp .zip giải nén ra quá {mb} MB, quá lớn cho một shapefile nén trong đó", "the .zip unpacks to more than {mb} MB, far more than the shapefile packed in it";
    BboxFromShapes = "khung bao trong phần đầu tệp .shp không phải là số: khung bao được tính lại từ các hình",
        "the bounding box in the .shp header is not a number: it was computed from the shapes instead";
    DbfDateInvalid = "ngày cập nhật trong phần đầu tệp .dbf không phải là một ngày (ngày này không được dùng): tệp vẫn được đọc",
        "the last-update date in the .dbf header is not a date (it is not used): the file was read anyway";
    ShpLengthShort { header: u64, file: u64 } =
        "phần đầu tệp .shp ghi độ dài {header} byte nhưng tệp dài {file} byte: mọi bản ghi trong tệp đều được đọc",
        "the .shp header gives a length of {header} bytes but the file holds {file}: every record the file holds was read";
    DbfHeaderLengthWrong { said: u64, columns_end: u64 } =
        "phần đầu tệp .dbf hỏng: nó ghi các bản ghi bắt đầu ở byte {said}, nhưng danh sách cột kết thúc ở byte {columns_end}, nên không biết mỗi giá trị nằm ở đâu",
        "the header of the .dbf is damaged: it says the records start at byte {said}, but its list of columns ends at byte {columns_end}, so where each value lies is unknown";
    DbfColumnWidthsWrong { said: u64, columns: u64 } =
        "phần đầu tệp .dbf hỏng: nó ghi mỗi bản ghi dài {said} byte, nhưng độ rộng các cột cộng lại là {columns} byte và không khớp với độ dài tệp",
        "the header of the .dbf is damaged: it says each record is {said} bytes long, but its columns' widths add up to {columns} bytes, and neither fits the file's length";
    DbfRecordLengthWrong { said: u64, columns: u64 } =
        "phần đầu tệp .dbf ghi mỗi bản ghi dài {said} byte, nhưng độ rộng các cột cộng lại là {columns} byte và khớp với độ dài tệp: các bản ghi được đọc theo độ rộng các cột",
        "the .dbf header says each record is {said} bytes long, but its columns' widths add up to {columns} bytes, which fits the file's length: the records were read by the columns' widths";
    DbfDeletedLeftOut { n: u64, first: String } =
        "số bản ghi được đánh dấu đã xoá trong tệp .dbf: {n} (bản ghi đầu tiên: {first}); chúng bị bỏ qua cùng hình của chúng, như các phần mềm GIS vẫn làm",
        "records marked deleted in the .dbf: {n} (the first: record {first}); they were left out with their shapes, as GIS programs leave them out";
    RecordCountsDiffer { shapes: u64, dbf: u64 } =
        "tệp .shp có {shapes} hình nhưng tệp .dbf có {dbf} bản ghi: chỉ các hình có bản ghi thuộc tính mới có tên",
        "the .shp holds {shapes} shapes but the .dbf {dbf} records: only the shapes with a record have attributes";
    ZipUnreadable { why: String } = "không mở được tệp .zip ({why})", "the .zip cannot be opened ({why})";
    ZipNoShapefile = "tệp .zip không chứa tệp .shp nào", "the .zip holds no .shp file";
    RemedyZipShapefile = "Chọn tệp .zip chứa một lớp shapefile (.shp cùng .dbf, .shx, .prj), hoặc giải nén và chọn tệp .shp.",
        "Choose a .zip that holds a shapefile layer (the .shp with its .dbf, .shx, .prj), or unzip it and choose the .shp.";
    FormatHtmlTable = "bảng HTML", "HTML table";
    XlsIsHtml { file: String } = "{file} thật ra là một trang HTML có bảng (như các cổng thông tin xuất ra), không phải bảng tính Excel: các bảng được đọc như các trang tính",
        "{file} is in fact an HTML page with tables (as web portals export them), not an Excel workbook: its tables were read as sheets";
    XlsIsText { file: String } = "{file} thật ra là văn bản phân cách (CSV), không phải bảng tính Excel: tệp được đọc như CSV",
        "{file} is in fact delimited text (CSV), not an Excel workbook: it was read as CSV";
    RingsNotClosed { n: u64, first: u64 } =
        "số vùng có vòng ranh giới không khép kín (đỉnh cuối khác đỉnh đầu): {n}, bản ghi đầu tiên là {first}; các vòng đã được khép lại, nhưng bản ghi có thể bị hỏng",
        "polygons with a ring that is not closed (its last vertex is not its first): {n}, the first at record {first}; the rings were closed, but the records may be damaged";
    RingsByContainment { n: u64 } =
        "số vùng có vòng ranh giới quay ngược chiều: {n}; các vòng được xếp theo vị trí lồng nhau như GDAL (vòng nằm trong vòng khác là lỗ của nó)",
        "polygons with rings wound the wrong way: {n}; their rings were organised by containment as GDAL does (a ring inside another is its hole)";
}

// A message may hold another message or a word of its own (a layer): those are written in
// the language of the message around them, which `Msg::text` holds for the time it writes.
thread_local! {
    static SHOWING: std::cell::Cell<(Lang, Front)> =
        const { std::cell::Cell::new((Lang::En, Front::CommandLine)) };
}

/// The language of the message being written, for the words inside it.
fn lang_now() -> Lang {
    SHOWING.with(|s| s.get()).0
}

/// The language and front of the message being written; the previous ones come back when it
/// is dropped.
struct Showing((Lang, Front));

impl Showing {
    fn start(lang: Lang, front: Front) -> Showing {
        Showing(SHOWING.with(|s| s.replace((lang, front))))
    }
}

impl Drop for Showing {
    fn drop(&mut self) {
        SHOWING.with(|s| s.set(self.0));
    }
}

/// Inside another message, in its language; on its own, in English for the command line.
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (lang, front) = SHOWING.with(|s| s.get());
        f.write_str(&self.text(lang, front))
    }
}

impl std::fmt::Display for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = lang_now();
        f.write_str(match (self, lang) {
            (Layer::Communes, Lang::Vi) => "các xã",
            (Layer::Villages, Lang::Vi) => "các thôn",
            (Layer::Communes, Lang::En) => "communes",
            (Layer::Villages, Lang::En) => "villages",
            (Layer::Background, Lang::Vi) => "lớp nền",
            (Layer::Background, Lang::En) => "background layer",
        })
    }
}

/// A count as the message's language groups it: `3.300` in Vietnamese, `3,300` in English
/// (a row's or a record's position is a plain `u64`: it is not grouped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Number(pub u64);

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::numbers::count_text(lang_now(), self.0))
    }
}

/// "3 bản ghi", "3 records": a number of things, in the message's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Count {
    pub n: u64,
    pub unit: Unit,
}

/// What a [`Count`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Record,
    Row,
    Line,
    Word,
    Value,
}

impl Unit {
    pub fn count(self, n: u64) -> Count {
        Count { n, unit: self }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = lang_now();
        let n = self.n;
        match lang {
            Lang::Vi => {
                let word = match self.unit {
                    Unit::Record => "bản ghi",
                    Unit::Row => "dòng",
                    Unit::Line => "dòng",
                    Unit::Word => "từ",
                    Unit::Value => "giá trị văn bản",
                };
                write!(f, "{} {word}", Number(n))
            }
            Lang::En => {
                let word = match self.unit {
                    Unit::Record => "record",
                    Unit::Row => "row",
                    Unit::Line => "line",
                    Unit::Word => "word",
                    Unit::Value => "text value",
                };
                write!(f, "{} {word}{}", Number(n), plural_en(n))
            }
        }
    }
}

/// The word before a list of numbers ("records 2, 5, 7"), plural as the list is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Listed {
    pub unit: Unit,
    pub n: u64,
}

impl std::fmt::Display for Listed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = Count {
            n: self.n,
            unit: self.unit,
        }
        .to_string();
        // The count without its number.
        f.write_str(text.split_once(' ').map_or("", |(_, word)| word))
    }
}

/// "has" or "have" as `n` is one or more; Vietnamese "có" either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Have(pub u64);

impl std::fmt::Display for Have {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = lang_now();
        f.write_str(match lang {
            Lang::Vi => "có",
            Lang::En if self.0 == 1 => "has",
            Lang::En => "have",
        })
    }
}

/// What is wrong with a text value that still looks damaged after decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Damage {
    /// U+FFFD: bytes not valid in the encoding.
    ReplacementCharacters,
    /// `?` inside or for a word (`Nguy?n`, `X? ?`): letters were lost when the file was
    /// saved in an encoding without them.
    LostLetters,
    /// Latin characters that are not Vietnamese letters (`Ã`, `µ`, `ø`, `¸`): text decoded
    /// in the wrong encoding, here or before.
    NotVietnamese,
    /// NUL or another control character: bytes damaged in transfer.
    ControlCharacters,
}

/// The kinds of damage found in a column's text, in the message's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DamageKinds(pub Vec<Damage>);

impl std::fmt::Display for DamageKinds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = lang_now();
        let words: Vec<&str> = self
            .0
            .iter()
            .map(|d| match (d, lang) {
                (Damage::ReplacementCharacters, Lang::Vi) => {
                    "byte không hợp lệ trong bảng mã (hiện thành \u{fffd})"
                }
                (Damage::LostLetters, Lang::Vi) => {
                    "dấu '?' ở chỗ chữ đã mất trước khi tệp đến phusong"
                }
                (Damage::NotVietnamese, Lang::Vi) => {
                    "ký tự không phải chữ tiếng Việt (văn bản giải mã sai bảng mã)"
                }
                (Damage::ReplacementCharacters, Lang::En) => {
                    "bytes that are not valid in the encoding (shown as \u{fffd})"
                }
                (Damage::LostLetters, Lang::En) => {
                    "'?' where letters were lost before the file reached phusong"
                }
                (Damage::ControlCharacters, Lang::Vi) => {
                    "ký tự điều khiển (như NUL), không phải chữ: các byte đã hỏng khi chép tệp"
                }
                (Damage::ControlCharacters, Lang::En) => {
                    "control characters (such as NUL) that are no text: bytes damaged in transfer"
                }
                (Damage::NotVietnamese, Lang::En) => {
                    "characters that are not Vietnamese letters (text decoded in the wrong encoding)"
                }
            })
            .collect();
        let and = if lang == Lang::Vi { " và " } else { " and " };
        f.write_str(&words.join(and))
    }
}

/// The separator of a CSV file, named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    Comma,
    Semicolon,
    Tab,
    Pipe,
}

impl std::fmt::Display for Separator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = lang_now();
        f.write_str(match (self, lang) {
            (Separator::Comma, Lang::Vi) => "dấu phẩy",
            (Separator::Semicolon, Lang::Vi) => "dấu chấm phẩy",
            (Separator::Tab, Lang::Vi) => "dấu tab",
            (Separator::Pipe, Lang::Vi) => "dấu |",
            (Separator::Comma, Lang::En) => "comma",
            (Separator::Semicolon, Lang::En) => "semicolon",
            (Separator::Tab, Lang::En) => "tab",
            (Separator::Pipe, Lang::En) => "pipe",
        })
    }
}

/// Several messages said as one, each after `sep` ("; " between problems, " " between
/// remedies).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Msgs {
    pub items: Vec<Msg>,
    pub sep: &'static str,
}

impl std::fmt::Display for Msgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, m) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str(self.sep)?;
            }
            write!(f, "{m}")?;
        }
        Ok(())
    }
}

/// A word of the interface inside a message, in both languages (a role of a column, say).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    pub vi: &'static str,
    pub en: &'static str,
}

impl std::fmt::Display for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = lang_now();
        f.write_str(match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        })
    }
}

/// How many coordinates were written in each form, in the message's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoordinateForms(pub Vec<(u64, u8)>);

impl std::fmt::Display for CoordinateForms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = lang_now();
        let words: Vec<String> = self
            .0
            .iter()
            .map(|(n, form)| {
                let word = match (form, lang) {
                    (0, Lang::Vi) => "số",
                    (1, Lang::Vi) => "độ thập phân dạng chữ",
                    (2, Lang::Vi) => "độ thập phân có dấu phẩy thập phân",
                    (3, Lang::Vi) => "độ-phút-giây",
                    (_, Lang::Vi) => "giờ Excel đọc thành độ:phút:giây (giờ là độ)",
                    (0, Lang::En) => "numbers",
                    (1, Lang::En) => "decimal degrees as text",
                    (2, Lang::En) => "decimal degrees with a decimal comma",
                    (3, Lang::En) => "degrees-minutes-seconds",
                    (_, Lang::En) => {
                        "Excel times read as degrees:minutes:seconds (the hours are the degrees)"
                    }
                };
                format!("{n} {word}")
            })
            .collect();
        f.write_str(&words.join(", "))
    }
}

/// A coordinate column's role, named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    Longitude,
    Latitude,
    X,
    Y,
}

impl std::fmt::Display for Axis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = lang_now();
        f.write_str(match (self, lang) {
            (Axis::Longitude, Lang::Vi) => "kinh độ",
            (Axis::Latitude, Lang::Vi) => "vĩ độ",
            (Axis::Longitude, Lang::En) => "longitude",
            (Axis::Latitude, Lang::En) => "latitude",
            (Axis::X, _) => "X",
            (Axis::Y, _) => "Y",
        })
    }
}

/// An administrative unit a village list names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminUnit {
    Commune,
    District,
    Province,
}

/// The units a village list names and their columns (", xã \"Xã\" (C)").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListedRoles(pub Vec<(AdminUnit, String)>);

impl std::fmt::Display for ListedRoles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = lang_now();
        for (unit, column) in &self.0 {
            let word = match (unit, lang) {
                (AdminUnit::Commune, Lang::Vi) => "xã",
                (AdminUnit::District, Lang::Vi) => "huyện",
                (AdminUnit::Province, Lang::Vi) => "tỉnh",
                (AdminUnit::Commune, Lang::En) => "commune",
                (AdminUnit::District, Lang::En) => "district",
                (AdminUnit::Province, Lang::En) => "province",
            };
            write!(f, ", {word} {column}")?;
        }
        Ok(())
    }
}

/// What was read from which column: `households "so_ho", grid power "dien_luoi"`, in the
/// message's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadColumns(pub Vec<(Word, String)>);

impl std::fmt::Display for ReadColumns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (word, column)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{word} {column}")?;
        }
        Ok(())
    }
}

impl From<String> for Msg {
    fn from(text: String) -> Msg {
        Msg::Verbatim { text }
    }
}

impl From<&str> for Msg {
    fn from(text: &str) -> Msg {
        Msg::Verbatim {
            text: text.to_string(),
        }
    }
}

/// A layer named inside a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Communes,
    Villages,
    /// A layer drawn under the others for orientation (roads, rivers, places).
    Background,
}

/// An empty message, for reports not filled in yet.
impl Default for Msg {
    fn default() -> Msg {
        Msg::Verbatim {
            text: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts are grouped as the language groups them; a row's position is not.
    #[test]
    fn counts_are_grouped_in_the_message_language() {
        let header = Msg::ReportHeader {
            file: "samples.csv".into(),
            format: Box::new(Msg::Verbatim { text: "CSV".into() }),
            read: Number(114_591),
            used: Number(114_591),
            rejected: Number(0),
        };
        assert_eq!(
            header.text(Lang::Vi, Front::Window),
            "samples.csv (CSV): đọc 114.591 dòng, dùng 114.591, loại 0"
        );
        assert_eq!(
            header.text(Lang::En, Front::Window),
            "samples.csv (CSV): 114,591 rows read, 114,591 used, 0 rejected"
        );
        let at = Msg::PlaceHeaderLine { n: 12_345 };
        assert_eq!(at.text(Lang::En, Front::Window), "header on line 12345");
        let _shown = Showing::start(Lang::Vi, Front::Window);
        assert_eq!(Unit::Record.count(3_300).to_string(), "3.300 bản ghi");
    }
}
