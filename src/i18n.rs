//! The words of the interface in Vietnamese and English, side by side, so that a missing
//! translation is a compile error. The window, the reports and the map export all take their
//! words from here.

use crate::lang::Lang;

impl Lang {
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

impl Texts {
    /// Yes or no in the user's words (`Có`, `Không`), `None` where it is not known.
    pub fn yes_no(&self, value: Option<bool>) -> Option<&'static str> {
        value.map(|v| if v { self.yes } else { self.no })
    }

    /// What happened to a village between two analyses, in report words.
    pub fn change(
        &self,
        change: crate::compare::Change,
        required: crate::model::Generation,
    ) -> String {
        use crate::compare::Change::*;
        let g = required.label();
        match change {
            NewlyCovered => (self.change_newly_covered)(g),
            LostCoverage => (self.change_lost_coverage)(g),
            StillWithout => (self.change_still_without)(g),
            NewlySurveyed => self.change_newly_surveyed.into(),
            NotResurveyed => self.change_not_resurveyed.into(),
            StillCovered => (self.change_still_covered)(g),
            NotSurveyed => self.status_not_surveyed.into(),
            OnlyBefore => self.change_only_before.into(),
            OnlyAfter => self.change_only_after.into(),
        }
    }

    /// A village's report class in the ministry's words ("Trắng sóng", "Lõm sóng",
    /// "Chưa có sóng 4G").
    pub fn report_class(
        &self,
        class: crate::rule::ReportClass,
        required: crate::model::Generation,
    ) -> String {
        use crate::rule::ReportClass;
        match class {
            ReportClass::NotSurveyed => self.status_not_surveyed.to_string(),
            ReportClass::NoSignal => self.status_no_signal.to_string(),
            ReportClass::WeakSignal => self.class_weak_signal.to_string(),
            ReportClass::BelowRequired => (self.class_below_required)(required.label()),
            ReportClass::Covered => (self.status_covered)(required.label()),
        }
    }

    /// The flagged villages of `f` by report class, as a report says them: "14 thôn trắng
    /// sóng, 34 thôn lõm sóng, 94 thôn chưa có sóng 4G".
    pub fn flagged_by_class(
        &self,
        f: &crate::rollup::Figures,
        required: crate::model::Generation,
    ) -> String {
        [
            (self.no_signal_count)(f.no_signal),
            (self.weak_signal_count)(f.weak_signal),
            (self.below_required_count)(f.below_required, required.label()),
        ]
        .join(", ")
    }

    /// Why one operator does or does not cover a village at `g`: "4G: 32/91 mẫu đạt ngưỡng,
    /// cần ≥ 46 (≥ 3 mẫu và ≥ 50 %)".
    pub fn verdict(
        &self,
        o: &crate::rule::OperatorOutcome,
        g: crate::model::Generation,
        params: &crate::rule::Params,
    ) -> String {
        (self.verdict_line)(
            g.label(),
            o.good[g.index()],
            o.samples,
            crate::rule::good_needed(o.samples, params),
            params.min_samples,
            &self.percent(params.min_share * 100.0),
        )
    }

    /// A percentage without needless decimals, in the language's decimal mark: "50", "62,5".
    pub fn percent(&self, p: f64) -> String {
        crate::numbers::percent_value_text(self.lang, p)
    }

    /// "100/123 villages (81.3%) covered by 4G": the villages of `f` covered at `g`.
    pub fn covered(&self, f: &crate::rollup::Figures, g: crate::model::Generation) -> String {
        (self.covered_headline)(
            f.covered_at(g),
            f.villages,
            f.share_of_villages(g) * 100.0,
            g.label(),
        )
    }

    /// An input's role ("communes", "villages", "samples", as [`crate::analysis::InputFile`]
    /// has it) in words.
    pub fn role(&self, role: &str) -> &'static str {
        match role {
            "communes" => self.communes,
            "villages" => self.villages,
            _ => self.samples,
        }
    }

    /// A legend's title.
    pub fn legend_title(&self, title: crate::map::LegendTitle) -> String {
        use crate::map::LegendTitle;
        match title {
            LegendTitle::Villages { required } => (self.legend_villages)(required.label()),
            LegendTitle::Signal {
                generation: Some(g),
            } => (self.legend_signal_of)(g.label()),
            LegendTitle::Signal { generation: None } => self.legend_signal_all.to_string(),
            LegendTitle::CommuneShare { required } => (self.legend_share)(required.label()),
            LegendTitle::Changes { required } => (self.legend_changes)(required.label()),
        }
    }

    /// The text beside a legend swatch.
    pub fn legend_label(
        &self,
        label: &crate::map::LegendLabel,
        required: crate::model::Generation,
    ) -> String {
        use crate::map::{LegendLabel, SignalBand, VillageClass};
        match label {
            LegendLabel::Numbers(n) => n.clone(),
            LegendLabel::Change(c) => self.change(*c, required),
            LegendLabel::Village(VillageClass::Covered) => (self.status_covered)(required.label()),
            LegendLabel::Village(VillageClass::LowerOnly) => {
                (self.class_below_required)(required.label())
            }
            LegendLabel::Village(VillageClass::WeakSignal) => self.class_weak_signal.to_string(),
            LegendLabel::Village(VillageClass::NoSignal) => self.status_no_signal.to_string(),
            LegendLabel::Village(VillageClass::NotSurveyed) => self.status_not_surveyed.to_string(),
            LegendLabel::Band(band) => match band {
                SignalBand::Excellent => self.band_excellent,
                SignalBand::Good => self.band_good,
                SignalBand::Fair => self.band_fair,
                SignalBand::Poor => self.band_poor,
                SignalBand::Bad => self.band_bad,
                SignalBand::NoService => self.no_service,
            }
            .to_string(),
            LegendLabel::NoVillages => self.no_villages.to_string(),
            LegendLabel::NeedsNewSurvey { months } => (self.legend_needs_new_survey)(*months),
        }
    }
}

macro_rules! texts {
    ($($key:ident : $ty:ty = $vi:expr , $en:expr ;)*) => {
        /// Every text of the interface; fields that take numbers are functions.
        pub struct Texts {
            $(pub $key: $ty,)*
        }
        static VI: Texts = Texts { $($key: $vi,)* };
        static EN: Texts = Texts { $($key: $en,)* };
    };
}

type S = &'static str;

/// A count as Vietnamese writes it (12.340), and English (12,340).
fn vi_n(n: impl TryInto<u64>) -> String {
    crate::numbers::count_text(Lang::Vi, n.try_into().unwrap_or(u64::MAX))
}

fn en_n(n: impl TryInto<u64>) -> String {
    crate::numbers::count_text(Lang::En, n.try_into().unwrap_or(u64::MAX))
}

/// The English plural ending for `n` things.
fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

texts! {
    switch_language: S = "Chuyển giao diện sang tiếng Việt", "Switch the interface to English";
    open_files: S = "Mở tệp…", "Open files…";
    open_files_hint: S = "Ranh giới xã (.shp), thôn (.shp, .csv, .xlsx) và nhật ký đo sóng (.csv, .txt); có thể chọn nhiều tệp hoặc kéo thả vào cửa sổ",
        "Commune boundaries (.shp), villages (.shp, .csv, .xlsx) and signal logs (.csv, .txt); pick several at once, or drop them on the window";
    open_demo: S = "Dữ liệu mẫu", "Demo data";
    open_demo_hint: S = "Mở tỉnh mẫu Bắc Kạn đi kèm phần mềm", "Open the bundled demo province (Bắc Kạn)";
    files: S = "Dữ liệu", "Data";
    no_data: S = "Chưa có dữ liệu. Mở tệp hoặc kéo thả vào cửa sổ.", "No data yet. Open files or drop them on the window.";
    demo_note: S = "Đang xem dữ liệu mẫu (Bắc Kạn, tín hiệu mô phỏng).", "Showing the demo data (Bắc Kạn, simulated signal).";
    communes: S = "Ranh giới xã", "Commune boundaries";
    villages: S = "Thôn", "Villages";
    samples: S = "Mẫu đo sóng", "Signal samples";
    remove_file: S = "Bỏ tệp này khỏi phân tích", "Take this file out of the analysis";
    rows_summary: fn(u64, u64, u64) -> String =
        |read, used, rejected| format!("{} dòng, dùng {}, loại {}", vi_n(read), vi_n(used), vi_n(rejected)),
        |read, used, rejected| format!("{} rows, {} used, {} rejected", en_n(read), en_n(used), en_n(rejected));
    rejected_rows: fn(u64, &str, &str) -> String =
        |n, why, lines| format!("{n} × {why} (dòng {lines})"),
        |n, why, lines| format!("{n} × {why} (line {lines})");
    drop_hint: S = "Kéo thả tệp vào cửa sổ để thêm hoặc thay thế.", "Drop files on the window to add or replace them.";
    layers: S = "Lớp bản đồ", "Map layers";
    layer_communes: S = "Xã (tô màu theo tỷ lệ thôn có sóng)", "Communes (coloured by share covered)";
    layer_villages: S = "Thôn (màu theo trạng thái)", "Villages (coloured by status)";
    layer_samples: S = "Mẫu đo (màu theo mức tín hiệu)", "Samples (coloured by signal)";
    layer_names: S = "Tên tỉnh, huyện, xã", "Province, district and commune names";
    background_layers: S = "Lớp nền", "Background layers";
    layer_basemap: S = "Bản đồ nền OpenStreetMap (cần mạng)", "OpenStreetMap basemap (online)";
    layer_basemap_hint: S =
        "Tải các ô bản đồ OpenStreetMap đang nhìn thấy và lưu lại trên máy; không tải hàng loạt.",
        "Fetches the OpenStreetMap tiles in view and keeps them on this computer; never in bulk.";
    tile_server: S = "Máy chủ ô bản đồ", "Tile server";
    tile_server_hint: S =
        "Địa chỉ ô bản đồ với {z}/{x}/{y}; để trống để dùng OpenStreetMap.",
        "The tiles' address with {z}/{x}/{y}; empty for OpenStreetMap.";
    basemap_offline: S =
        "Không tải được bản đồ nền: máy không có mạng hoặc máy chủ ô bản đồ không trả lời. Các lớp khác vẫn dùng bình thường.",
        "The basemap cannot be fetched: this computer is offline or the tile server does not answer. The other layers work as usual.";
    key_title: S = "Thôn cần xử lý (số trên bản đồ)", "Villages to act on (numbers on the map)";
    key_title_unnumbered: S = "Thôn cần xử lý", "Villages to act on";
    key_too_many: fn(&str) -> String =
        |n| format!("{n} thôn cần xử lý trên tờ bản đồ này: quá nhiều để đánh số. Danh sách ở báo cáo Excel (report.xlsx), thôn trắng sóng và lõm sóng cả ở Phụ lục 1; bản đồ một tỉnh hay một xã thì có đánh số."),
        |n| format!("{n} villages to act on in this sheet: too many to number. They are listed in the Excel report (report.xlsx), those without signal also in Annex 1; a sheet of one province or commune numbers them.");
    key_next_page: fn(usize) -> String =
        |n| format!("Danh sách {} thôn đánh số trên bản đồ ở trang sau của tệp PDF và trong báo cáo Excel.", vi_n(n)),
        |n| format!("The list of the {} villages numbered on the map is on the next page of the PDF and in the Excel report.", en_n(n));
    key_page_title: fn(usize) -> String =
        |n| format!("Danh sách {} thôn cần xử lý, đánh số như trên bản đồ", vi_n(n)),
        |n| format!("The {} villages to act on, numbered as on the map", en_n(n));
    key_page_of: fn(usize) -> String = |p| format!("Trang {p}"), |p| format!("Page {p}");
    key_number: S = "STT", "No.";
    no_such_commune: fn(&str) -> String =
        |w| format!("không có xã nào mã hoặc tên \"{w}\"; communes.csv liệt kê các xã"),
        |w| format!("no commune has the code or name \"{w}\"; communes.csv lists them");
    opacity: S = "Độ đậm (kéo để làm mờ)", "Opacity (drag to fade)";
    technology: S = "Công nghệ", "Technology";
    operator: S = "Nhà mạng", "Operator";
    all: S = "Tất cả", "All";
    parameters: S = "Tham số", "Parameters";
    radius_m: S = "Bán kính", "Radius";
    min_samples: S = "Số mẫu tốt tối thiểu", "Min good samples";
    min_share: S = "Tỷ lệ mẫu tốt tối thiểu", "Min share of good samples";
    threshold_of: fn(&str) -> String = |g| format!("Ngưỡng {g}"), |g| format!("{g} threshold");
    required_generation: S = "Yêu cầu tối thiểu", "Required generation";
    filters: S = "Lọc mẫu", "Sample filters";
    operators_used: S = "Nhà mạng:", "Operators:";
    technologies_used: S = "Công nghệ:", "Technologies:";
    no_service: S = "Mất sóng", "No service";
    date_from: S = "Từ", "From";
    date_to: S = "đến", "to";
    reset_parameters: S = "Về mặc định", "Reset to defaults";
    search: S = "Tìm kiếm", "Search";
    search_hint: S = "Tên thôn hoặc xã (không cần dấu)", "Village or commune name (accents optional)";
    search_placeholder: S = "vd. na leng", "e.g. na leng";
    nothing_found: S = "Không tìm thấy.", "Nothing found.";
    commune: S = "Xã", "Commune";
    village: S = "Thôn", "Village";
    district: S = "Huyện", "District";
    province: S = "Tỉnh", "Province";
    code: S = "Mã", "Code";
    click_hint: S = "Bấm vào một thôn hoặc xã trên bản đồ hay trong bảng để xem chi tiết.", "Click a village or commune on the map or in a table to see its details.";
    summary: S = "Tổng hợp", "Summary";
    covered_headline: fn(u32, u32, f64, &str) -> String =
        |c, n, p, g| format!("{}/{} thôn ({}%) có sóng {g}", vi_n(c), vi_n(n), format!("{p:.1}").replace('.', ",")),
        |c, n, p, g| format!("{}/{} villages ({p:.1}%) covered by {g}", en_n(c), en_n(n));
    flagged_count: fn(u32) -> String = |n| format!("{} thôn cần xử lý", vi_n(n)), |n| format!("{} village{} flagged", en_n(n), plural(n));
    no_signal_count: fn(u32) -> String = |n| format!("{} thôn trắng sóng", vi_n(n)), |n| format!("{} village{} without signal", en_n(n), plural(n));
    not_surveyed_count: fn(u32) -> String = |n| format!("{} thôn chưa có mẫu đo", vi_n(n)), |n| format!("{} village{} not surveyed", en_n(n), plural(n));
    status: S = "Trạng thái", "Status";
    status_not_surveyed: S = "Chưa khảo sát", "Not surveyed";
    status_no_signal: S = "Trắng sóng", "No signal";
    status_covered: fn(&str) -> String = |g| format!("Có sóng {g}"), |g| format!("Covered by {g}");
    outside_communes: S = "(ngoài các xã)", "(outside every commune)";
    position: S = "Vĩ độ, kinh độ", "Latitude, longitude";
    samples_in_radius: S = "Mẫu trong bán kính", "Samples in radius";
    flagged_explained: S = "Chưa đạt yêu cầu: cần xử lý.", "Below the required generation: flagged.";
    per_operator: S = "Theo nhà mạng", "Per operator";
    no_samples_near: S = "Không có mẫu đo nào trong bán kính.", "No samples within the radius.";
    best: S = "Tốt nhất", "Best";
    samples_col: S = "Số mẫu", "Samples";
    best_signal: S = "Tín hiệu mạnh nhất (dBm)", "Best signal (dBm)";
    best_signal_of: fn(&str) -> String = |g| format!("Tín hiệu {g} mạnh nhất"), |g| format!("Best {g} signal");
    good_samples: S = "Mẫu tốt:", "Good samples:";
    none: S = "không", "none";
    zoom_to_village: S = "Phóng tới thôn", "Zoom to village";
    choose_crs_title: S = "Chọn hệ toạ độ", "Choose the coordinate system";
    choose_crs_why: fn(&str) -> String =
        |f| format!("Tệp {f} không có .prj và toạ độ tính bằng mét (VN-2000 hoặc UTM). Chọn hệ toạ độ của tệp để chuyển sang WGS84."),
        |f| format!("{f} has no .prj and its coordinates are metres (VN-2000 or UTM). Choose its coordinate system to convert it to WGS84.");
    likely_systems: S = "Hệ phù hợp nhất với vị trí của lớp:", "Systems that fit where the layer lies:";
    all_systems: S = "Hệ toạ độ", "Coordinate system";
    use_system: S = "Dùng hệ này", "Use this system";
    map_columns_title: S = "Chọn cột của danh sách thôn", "Choose the columns of the village list";
    map_columns_why: fn(&str) -> String =
        |f| format!("Không xác định chắc chắn các cột của {f}. Chọn cột tên thôn và toạ độ."),
        |f| format!("The columns of {f} could not be told for sure. Choose the village name and coordinate columns.");
    first_rows: S = "Các dòng đầu:", "First rows:";
    load_with_columns: S = "Đọc với các cột này", "Load with these columns";
    text_encoding: S = "Bảng mã", "Text encoding";
    encoding_guessed: S = "đoán", "guessed";
    legend: S = "Chú giải", "Legend";
    legend_fold: S = "Thu gọn chú giải để bản đồ rộng hơn", "Fold the legend away to widen the map";
    legend_unfold: S = "Mở chú giải", "Show the legend";
    legend_villages: fn(&str) -> String = |g| format!("Thôn (yêu cầu {g})"), |g| format!("Villages ({g} required)");
    legend_signal_of: fn(&str) -> String = |g| format!("Tín hiệu {g} (dBm)"), |g| format!("{g} signal (dBm)");
    legend_signal_all: S = "Tín hiệu (theo công nghệ)", "Signal (each technology on its scale)";
    legend_share: fn(&str) -> String = |g| format!("Tỷ lệ thôn có sóng {g}"), |g| format!("Share of villages covered by {g}");
    band_excellent: S = "Rất tốt", "Excellent";
    band_good: S = "Tốt", "Good";
    band_fair: S = "Trung bình", "Fair";
    band_poor: S = "Yếu", "Poor";
    band_bad: S = "Rất yếu", "Bad";
    no_villages: S = "Không có thôn", "No villages";
    zoom_to_layer: fn(&str) -> String = |l| format!("Phóng tới lớp: {l}"), |l| format!("Zoom to layer: {l}");
    zoom_in: S = "Phóng to", "Zoom in";
    zoom_out: S = "Thu nhỏ", "Zoom out";
    zoom_all: S = "Xem toàn bộ", "Show everything";
    zoom_selection: S = "Phóng tới đối tượng đang chọn", "Zoom to the selection";
    zoom_to_commune: S = "Phóng tới xã", "Zoom to commune";
    surveyed: S = "Đã khảo sát", "Surveyed";
    covered_by: fn(&str) -> String = |g| format!("Có sóng {g}"), |g| format!("Covered by {g}");
    flagged: S = "Cần xử lý", "Flagged";
    no_signal: S = "Trắng sóng", "No signal";
    not_surveyed: S = "Chưa khảo sát", "Not surveyed";
    tab_flagged: S = "Thôn cần xử lý", "Flagged villages";
    tab_not_surveyed: S = "Thôn chưa khảo sát", "Not surveyed";
    tab_communes: S = "Các xã", "Communes";
    tab_charts: S = "Biểu đồ", "Charts";
    tab_reports: S = "Báo cáo nhập tệp", "Import reports";
    tab_messages: S = "Thông báo", "Messages";
    filter: S = "Lọc", "Filter";
    rows_shown: fn(usize, usize) -> String = |a, b| format!("{}/{} dòng", vi_n(a), vi_n(b)), |a, b| format!("{} of {} rows", en_n(a), en_n(b));
    sort_hint: S = "Bấm để sắp xếp", "Click to sort";
    unnamed_village: fn(usize) -> String = |n| format!("(thôn không tên, dòng {n})"), |n| format!("(unnamed village, record {n})");
    latitude: S = "Vĩ độ", "Latitude";
    longitude: S = "Kinh độ", "Longitude";
    no_messages: S = "Không có thông báo.", "No messages.";
    clear_messages: S = "Xoá thông báo", "Clear messages";
    chart_signal: S = "Phân bố tín hiệu", "Signal distribution";
    chart_communes: S = "Phủ sóng theo xã", "Coverage by commune";
    chart_over_time: S = "Mẫu theo ngày", "Samples over time";
    sort_by: S = "Sắp xếp", "Sort";
    sort_most_to_fix: S = "Tỷ lệ có sóng thấp nhất trước", "Lowest share covered first";
    sort_most_flagged: S = "Nhiều thôn cần xử lý nhất trước", "Most flagged villages first";
    sort_by_name: S = "Theo tên xã", "By commune name";
    communes_shown: fn(usize, usize) -> String = |a, b| format!("{}/{} xã có thôn", vi_n(a), vi_n(b)), |a, b| format!("{} of {} communes with villages", en_n(a), en_n(b));
    signal_axis: S = "Tín hiệu (dBm)", "Signal (dBm)";
    samples_axis: S = "Số mẫu", "Samples";
    threshold_line: fn(&str, f64) -> String = |g, x| format!("Ngưỡng {g} ({} dBm)", crate::numbers::decimal_text(Lang::Vi, x, 1)), |g, x| format!("{g} threshold ({} dBm)", crate::numbers::decimal_text(Lang::En, x, 1));
    no_times: S = "Các mẫu không có thời gian.", "The samples have no times.";
    loading: S = "Đang đọc dữ liệu…", "Loading…";
    cancel: S = "Huỷ", "Cancel";
    loaded: fn(usize, usize, usize) -> String =
        |c, v, s| format!("Đã đọc {} xã, {} thôn, {} mẫu đo.", vi_n(c), vi_n(v), vi_n(s)),
        |c, v, s| format!("Loaded {} communes, {} villages, {} samples.", en_n(c), en_n(v), en_n(s));
    load_cancelled: S = "Đã huỷ đọc dữ liệu; dữ liệu cũ vẫn được giữ.", "Loading cancelled; what was on screen stays.";
    load_lost: S = "Công việc nền dừng bất thường; dữ liệu cũ vẫn được giữ. Hãy thử lại.", "A background job stopped unexpectedly; what was on screen stays. Please try again.";
    kept_last_good: S = "(Dữ liệu trước đó vẫn được giữ.)", "(The previous data stays on screen.)";
    last_files_missing: S = "Không tìm thấy các tệp của lần làm việc trước (đã chuyển hoặc xoá?); mở dữ liệu mẫu.", "The files of the last session are not where they were (moved or deleted?); the demo data is open instead.";
    demo_missing: S = "Không tìm thấy thư mục dữ liệu mẫu (data/). Hãy mở tệp của bạn.", "The demo data folder (data/) is not found. Open your own files.";
    need_communes: S = "Cần có tệp ranh giới xã (.shp đa giác) trước; hãy mở cùng với thôn và mẫu đo.", "A commune boundary file (polygon .shp) is needed first; open it with the villages and the samples.";

    // The printed map
    map_title: fn(&str, &str) -> String =
        |g, area| format!("Phủ sóng di động {g} theo thôn: {area}"),
        |g, area| format!("{g} mobile coverage by village: {area}");
    rule_title: S = "Quy tắc phủ sóng", "Coverage rule";
    rule_short: fn(f64, u32, f64) -> String =
        |r, n, share| format!("Bán kính {r} m · ≥ {n} mẫu tốt · ≥ {share}% số mẫu"),
        |r, n, share| format!("Radius {r} m · ≥ {n} good samples · ≥ {share}% of samples");
    good_sample: S = "Mẫu tốt:", "Good sample:";
    rule_sentence: fn(f64, u32, f64, &str) -> String =
        |r, n, share, g| format!("Một nhà mạng phủ sóng thôn khi trong bán kính {r} m quanh tâm thôn có ít nhất {n} mẫu tốt và chúng chiếm ít nhất {share}% số mẫu của nhà mạng đó. Thôn được tính là có sóng khi đạt {g}."),
        |r, n, share, g| format!("An operator covers a village when, within {r} m of its centre, it has at least {n} good samples making at least {share}% of its samples there. A village counts as covered at {g}.");
    filters_none: S = "Lọc mẫu: không (mọi mẫu có toạ độ).", "Sample filters: none (every sample with coordinates).";
    filters_line: fn(&str) -> String = |f| format!("Lọc mẫu: {f}."), |f| format!("Sample filters: {f}.");
    sources: S = "Nguồn dữ liệu", "Data sources";
    samples_span: fn(&str, &str) -> String =
        |n, span| format!("{n} mẫu đo{span}"),
        |n, span| format!("{n} samples{span}");
    made_on: fn(&str) -> String = |d| format!("Lập ngày {d} bằng phusong"), |d| format!("Made on {d} with phusong");
    north: S = "B", "N";

    // Projects and exports
    project_menu: S = "Dự án", "Project";
    open_project: S = "Mở dự án…", "Open project…";
    save_project: S = "Lưu dự án", "Save project";
    save_project_as: S = "Lưu dự án thành…", "Save project as…";
    recent_projects: S = "Mở gần đây", "Recent";
    no_recent: S = "Chưa có dự án nào.", "No projects yet.";
    unsaved: S = "chưa lưu", "unsaved";
    export_menu: S = "Xuất", "Export";
    export_map: S = "Bản đồ in…", "Printed map…";
    export_excel: S = "Báo cáo Excel…", "Excel report…";
    export_gis: S = "Lớp GIS vào thư mục…", "GIS layers to a folder…";
    export_gis_hint: S = "Thôn cần xử lý, thôn chưa khảo sát và các xã dạng GeoJSON, KML (Google Earth) và Shapefile (QGIS)",
        "Flagged villages, villages not surveyed and communes as GeoJSON, KML (Google Earth) and Shapefile (QGIS)";
    export_all: S = "Tất cả báo cáo vào thư mục…", "All reports to a folder…";
    export_all_hint: S = "Bảng CSV, báo cáo Excel, lớp GIS (GeoJSON, KML, Shapefile) và bản đồ (PNG, PDF, SVG)",
        "CSV tables, the Excel report, GIS layers (GeoJSON, KML, Shapefile) and the map (PNG, PDF, SVG)";
    locate_file: S = "Tìm tệp…", "Locate…";
    export_changes: S = "Báo cáo so sánh vào thư mục…", "Comparison report to a folder…";
    export_changes_hint: S = "Bảng thay đổi (CSV, Excel), báo cáo Word và Excel có Phụ lục 3 (tiến độ), bản đồ thay đổi (PNG, PDF, SVG)",
        "The changes (CSV, Excel), the Word and Excel reports with Annex 3 (progress), the map of the changes (PNG, PDF, SVG)";

    // This year against last
    compare_with: S = "So sánh với…", "Compare with…";
    compare_with_hint: S = "So sánh kết quả đang xem với kỳ trước: một dự án đã lưu (năm trước), hoặc cùng dữ liệu theo hai khoảng ngày",
        "Compare the result on screen with an earlier one: a saved project (last year's), or the same data over two date ranges";
    compare_title: S = "So sánh với kỳ trước", "Compare with an earlier survey";
    compare_pick_project: S = "Chọn dự án kỳ trước…", "Choose the earlier project…";
    compare_project_hint: S = "Dự án .phusong đã lưu của kỳ trước (ví dụ năm ngoái). Kết quả đang xem là kỳ này.",
        "A .phusong project saved for the earlier survey (last year's, say). The result on screen is this one.";
    compare_by_dates: S = "Cùng dữ liệu, hai khoảng ngày", "The same data, two date ranges";
    compare_by_project: S = "Một dự án đã lưu", "A saved project";
    compare_before_days: S = "Kỳ trước", "Earlier";
    compare_after_days: S = "Kỳ này", "Later";
    compare_dates_hint: S = "Kỳ này trở thành khoảng ngày của bộ lọc; kỳ trước được tính với cùng các tham số.",
        "The later range becomes the date filter; the earlier one is evaluated with the same parameters.";
    dates_written_as: fn(&str) -> String = |h| format!("Viết ngày theo dạng {h}."), |h| format!("Write dates as {h}.");
    compare_go: S = "So sánh", "Compare";
    compare_stop: S = "Thôi so sánh", "Stop comparing";
    compare_making: S = "Đang so sánh…", "Comparing…";
    compare_against_project: fn(&str) -> String = |n| format!("So sánh với dự án {n}"), |n| format!("Compared with the project {n}");
    compare_against_days: fn(&str, &str) -> String =
        |b, a| format!("So sánh kỳ {a} với kỳ {b}"), |b, a| format!("{a} compared with {b}");
    compare_read_outside: fn(&str) -> String =
        |f| format!("Dự án kỳ trước đọc các tệp nằm ngoài thư mục của nó: {f}."),
        |f| format!("The earlier project reads files outside its folder: {f}.");
    compare_inputs_changed: fn(&str) -> String =
        |f| format!("Các tệp của dự án kỳ trước đã thay đổi từ khi lưu; số liệu kỳ trước là của các tệp hiện nay: {f}."),
        |f| format!("The earlier project's files changed since it was saved; its figures are those of the files as they are now: {f}.");
    tab_changes: S = "So sánh", "Comparison";
    change_before: S = "Kỳ trước", "Before";
    change_after: S = "Kỳ này", "After";
    change_word: S = "Thay đổi", "Change";
    changes_only_moves: S = "Chỉ hiện các thôn có thay đổi", "Only villages that changed";
    project_opened: fn(&str) -> String = |n| format!("Đã mở dự án {n}."), |n| format!("Opened the project {n}.");
    project_saved: fn(&str) -> String = |p| format!("Đã lưu dự án: {p}"), |p| format!("Project saved: {p}");
    project_inputs_changed: fn(&str) -> String =
        |n| format!("Dữ liệu của dự án {n} đã thay đổi so với lúc lưu; số liệu theo tệp hiện tại. Lưu lại dự án để ghi nhận."),
        |n| format!("The inputs of {n} changed since it was saved; the figures are of the files as they are now. Save the project to record them.");
    written: fn(&str) -> String = |l| format!("Đã ghi:\n{l}"), |l| format!("Written:\n{l}");
    still_writing: S = "Đang ghi một tệp khác; hãy đợi xong.", "Another file is being written; wait for it to finish.";
    restored_autosave: S = "Đã khôi phục công việc từ bản lưu tự động (lần trước phusong không đóng bình thường).",
        "The work was brought back from the autosave (phusong did not close normally last time).";
    missing_title: S = "Không tìm thấy tệp của dự án", "Project files not found";
    missing_why: fn(&str) -> String =
        |n| format!("Một số tệp của dự án {n} không còn ở chỗ cũ (đã chuyển hoặc đổi tên?). Chỉ ra chỗ mới của từng tệp."),
        |n| format!("Some files of {n} are not where they were (moved or renamed?). Show where each one is now.");
    changed_title: S = "Dữ liệu đã thay đổi", "Inputs changed";
    changed_why: fn(&str) -> String =
        |n| format!("Các tệp sau của dự án {n} đã khác so với lúc lưu, nên số liệu có thể khác số đã báo cáo:"),
        |n| format!("These files of {n} differ from when it was saved, so the figures may differ from those reported:");
    size_then_now: fn(u64, u64) -> String =
        |a, b| format!("{a} byte lúc lưu, {b} byte bây giờ"),
        |a, b| format!("{a} bytes then, {b} now");
    use_as_now: S = "Dùng tệp hiện tại", "Use the files as they are now";
    keep_previous: S = "Huỷ (giữ dữ liệu đang xem)", "Cancel (keep what is on screen)";
    map_dialog_title: S = "Xuất bản đồ in", "Export the printed map";
    paper: S = "Khổ giấy (ngang)", "Paper (landscape)";
    map_area: S = "Phạm vi", "Area";
    area_everything: S = "Toàn bộ dữ liệu", "Everything";
    area_commune: fn(&str) -> String = |n| format!("Xã đang chọn: {n}"), |n| format!("Selected commune: {n}");
    area_view: S = "Vùng đang xem trên bản đồ", "What the map shows now";
    file_format: S = "Định dạng", "Format";
    map_title_field: S = "Tiêu đề (để trống để tự đặt)", "Title (leave empty for the usual one)";
    export_button: S = "Xuất…", "Export…";
    writing: S = "Đang ghi…", "Writing…";

    // The Excel report
    xlsx_sheet_summary: S = "Tổng hợp", "Summary";
    xlsx_sheet_communes: S = "Theo xã", "Communes";
    xlsx_sheet_flagged: S = "Thôn cần phủ sóng", "Flagged villages";
    xlsx_sheet_not_surveyed: S = "Thôn chưa khảo sát", "Not surveyed";
    xlsx_sheet_parameters: S = "Tham số và dữ liệu", "Parameters and inputs";
    xlsx_title: S = "Phủ sóng di động các thôn, bản", "Mobile coverage of villages";
    xlsx_title_of: fn(&str) -> String =
        |p| format!("Phủ sóng di động các thôn, bản: {p}"),
        |p| format!("Mobile coverage of villages: {p}");
    xlsx_value: S = "Giá trị", "Value";
    xlsx_province_line: fn(&str) -> String = |p| format!("Tỉnh: {p}"), |p| format!("Province: {p}");
    xlsx_made_line: fn(&str) -> String = |d| format!("Ngày lập: {d}"), |d| format!("Made on: {d}");
    xlsx_villages_line: fn(&str) -> String = |n| format!("Tổng số thôn: {n}"), |n| format!("Villages: {n}");
    xlsx_headline: fn(&str, &str, &str, &str) -> String =
        |g, pct, c, n| format!("Tỷ lệ thôn có sóng di động {g}: {pct} ({c}/{n} thôn)"),
        |g, pct, c, n| format!("Share of villages covered by {g}: {pct} ({c}/{n} villages)");
    xlsx_no_signal_line: fn(&str) -> String =
        |n| format!("Số thôn trắng sóng (không có sóng di động nào đạt ngưỡng): {n}"),
        |n| format!("Villages without mobile signal: {n}");
    xlsx_flagged_line: fn(&str, &str) -> String =
        |g, n| format!("Số thôn chưa đạt {g} (cần phủ sóng): {n}"),
        |g, n| format!("Villages below {g} (need coverage): {n}");
    xlsx_not_surveyed_line: fn(&str) -> String =
        |n| format!("Số thôn chưa khảo sát: {n}"),
        |n| format!("Villages not surveyed: {n}");
    xlsx_surveyed_line: fn(&str) -> String =
        |n| format!("Số thôn đã khảo sát: {n}"),
        |n| format!("Villages surveyed: {n}");
    xlsx_outside_line: fn(&str) -> String =
        |n| format!("Số thôn nằm ngoài các xã: {n}"),
        |n| format!("Villages outside every commune: {n}");
    xlsx_by_generation: S = "Theo thế hệ mạng", "By generation";
    xlsx_at_least_count: fn(&str, &str) -> String =
        |g, n| format!("Số thôn có sóng từ {g} trở lên: {n}"),
        |g, n| format!("Villages covered by {g} or better: {n}");
    xlsx_at_least_share: fn(&str, &str, &str, &str) -> String =
        |g, pct, c, n| format!("Tỷ lệ thôn có sóng từ {g} trở lên, trên tổng số thôn: {pct} ({c}/{n} thôn)"),
        |g, pct, c, n| format!("Share covered by {g} or better, of all villages: {pct} ({c}/{n})");
    xlsx_at_least_share_surveyed: fn(&str, &str, &str, &str) -> String =
        |g, pct, c, n| format!("Tỷ lệ thôn có sóng từ {g} trở lên, trên số thôn đã khảo sát: {pct} ({c}/{n} thôn)"),
        |g, pct, c, n| format!("Share covered by {g} or better, of surveyed villages: {pct} ({c}/{n})");
    xlsx_by_operator: S = "Theo nhà mạng (mỗi nhà mạng tính riêng)", "By operator (each on its own)";
    xlsx_operator_share: fn(&str, &str, &str, &str, &str) -> String =
        |op, g, pct, c, n| format!("{op}: tỷ lệ thôn có sóng {g}: {pct} ({c}/{n} thôn)"),
        |op, g, pct, c, n| format!("{op}: share of villages covered by {g}: {pct} ({c}/{n})");
    xlsx_operator_surveyed: fn(&str, &str) -> String =
        |op, n| format!("{op}: số thôn có mẫu đo: {n}"),
        |op, n| format!("{op}: villages with samples: {n}");
    xlsx_samples_section: S = "Mẫu đo sóng", "Signal samples";
    xlsx_samples_line: fn(&str) -> String =
        |n| format!("Số mẫu đo đã đọc: {n}"),
        |n| format!("Samples loaded: {n}");
    xlsx_filtered_out_line: fn(&str) -> String =
        |n| format!("Số mẫu bị bộ lọc loại ra: {n}"),
        |n| format!("Samples left out by the filters: {n}");
    xlsx_level: S = "Cấp", "Level";
    xlsx_level_commune: S = "Xã", "Commune";
    xlsx_level_district: S = "Huyện", "District";
    xlsx_level_province: S = "Tỉnh", "Province";
    xlsx_level_outside: S = "Ngoài các xã", "Outside";
    xlsx_level_total: S = "Toàn bộ", "All";
    xlsx_name: S = "Tên", "Name";
    xlsx_total_name: S = "Tổng cộng", "Total";
    xlsx_villages: S = "Số thôn", "Villages";
    xlsx_covered_at_least: fn(&str) -> String = |g| format!("Có sóng ≥{g}"), |g| format!("Covered ≥{g}");
    xlsx_below: fn(&str) -> String = |g| format!("Chưa đạt {g} (cần phủ sóng)"), |g| format!("Below {g} (flagged)");
    xlsx_share_all: fn(&str) -> String = |g| format!("Tỷ lệ ≥{g} / tổng số thôn"), |g| format!("Share ≥{g} of all");
    xlsx_share_surveyed: fn(&str) -> String = |g| format!("Tỷ lệ ≥{g} / thôn đã khảo sát"), |g| format!("Share ≥{g} of surveyed");
    xlsx_record: S = "Bản ghi", "Record";
    xlsx_village_name: S = "Tên thôn", "Village";
    xlsx_listed: fn(&str) -> String = |u| format!("{u} (theo danh sách)"), |u| format!("{u} (as listed)");
    xlsx_best_generation: S = "Sóng tốt nhất", "Best generation";
    last_sample_date: S = "Ngày đo gần nhất", "Last sample";
    needs_new_survey: S = "Cần đo lại", "Needs a new survey";
    legend_needs_new_survey: fn(u32) -> String =
        |m| format!("Cần đo lại (mẫu mới nhất cũ hơn {m} tháng)"),
        |m| format!("Needs a new survey (newest sample over {m} months old)");
    needs_new_survey_hint: fn(u32, &str) -> String =
        |months, day| format!("mẫu đo mới nhất cũ hơn {months} tháng tính đến {day}"),
        |months, day| format!("newest sample older than {months} months before {day}");
    yes: S = "Có", "Yes";
    doc_authority: fn(&str) -> String = |p| format!("UBND TỈNH {}", p.to_uppercase()), |p| format!("PEOPLE'S COMMITTEE OF {}", p.to_uppercase());
    doc_department: S = "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "DEPARTMENT OF SCIENCE AND TECHNOLOGY";
    doc_number: S = "Số:        /BC-SKHCN", "No.:        /BC-SKHCN";
    doc_nation: S = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM";
    doc_motto: S = "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness";
    doc_place_date: fn(&str, chrono::NaiveDate) -> String =
        |p, d| format!("{p}, ngày {} tháng {} năm {}", d.format("%d"), d.format("%m"), d.format("%Y")),
        |p, d| format!("{p}, {}", d.format("%-d %B %Y"));
    doc_title: S = "BÁO CÁO", "REPORT";
    doc_subject: fn(&str) -> String =
        |p| format!("Kết quả rà soát hiện trạng phủ sóng thông tin di động tại các thôn, bản trên địa bàn tỉnh {p}"),
        |p| format!("Mobile coverage of the villages of {p} province");
    doc_section_results: S = "I. KẾT QUẢ RÀ SOÁT", "I. FINDINGS";
    doc_section_operators: S = "II. PHỦ SÓNG CỦA CÁC DOANH NGHIỆP VIỄN THÔNG", "II. COVERAGE BY OPERATOR";
    doc_section_proposals: S = "III. ĐỀ XUẤT, KIẾN NGHỊ", "III. PROPOSALS";
    doc_section_progress: S = "III. KẾT QUẢ SO VỚI KỲ TRƯỚC", "III. PROGRESS SINCE THE PREVIOUS SURVEY";
    doc_section_proposals_after_progress: S = "IV. ĐỀ XUẤT, KIẾN NGHỊ", "IV. PROPOSALS";
    doc_progress_annex_ref: S = "Kết quả xóa thôn trắng sóng, lõm sóng theo từng xã tại Phụ lục 3.",
        "The progress by commune is in Annex 3.";
    doc_proposals_placeholder: S = "(Đơn vị bổ sung đề xuất, kiến nghị tại đây.)", "(Write the department's proposals here.)";
    doc_method: fn(&str, u32, &str, &str, &str) -> String =
        |r, n, share, g, t| format!("Phương pháp: thôn được coi là có sóng {g} khi trong bán kính {r} m quanh thôn, một nhà mạng có ít nhất {n} mẫu đo đạt ngưỡng (và không dưới {share} số mẫu đo của nhà mạng đó tại thôn); mẫu {g} đạt ngưỡng khi tín hiệu từ {t} trở lên."),
        |r, n, share, g, t| format!("Method: a village is covered by {g} when, within {r} m of it, one operator has at least {n} samples at the threshold (and at least {share} of its samples there); a {g} sample is at the threshold from {t} up.");
    doc_villages_line: fn(&str, &str, &str) -> String =
        |t, s, n| format!("Toàn tỉnh có {t} thôn, bản; đã đo kiểm tại {s} thôn, chưa đo kiểm {n} thôn."),
        |t, s, n| format!("The province has {t} villages; {s} were surveyed and {n} not yet.");
    doc_covered_line: fn(&str, &str, &str, &str) -> String =
        |c, t, pct, g| format!("Số thôn có sóng {g}: {c}/{t} thôn, đạt {pct}."),
        |c, t, pct, g| format!("Villages covered by {g}: {c} of {t} ({pct}).");
    doc_flagged_line: fn(&str, &str, &str, &str, &str, &str) -> String =
        |ns, a, b, w, c, d| format!("Số thôn trắng sóng: {ns} thôn ({a} thôn có điện lưới, {b} thôn chưa có điện lưới); số thôn lõm sóng: {w} thôn ({c} thôn có điện lưới, {d} thôn chưa có điện lưới)."),
        |ns, a, b, w, c, d| format!("Villages with no signal at all: {ns} ({a} with grid power, {b} without); with weak signal: {w} ({c} with grid power, {d} without).");
    doc_below_line: fn(&str, &str) -> String =
        |n, g| format!("Số thôn có sóng nhưng chưa có sóng {g}: {n} thôn."),
        |n, g| format!("Villages with signal but not {g}: {n}.");
    doc_households_line: fn(&str) -> String = |l| format!("Về số hộ: {l}."), |l| format!("Households: {l}.");
    doc_aged_line: fn(&str, u32) -> String =
        |n, m| format!("Số thôn có số liệu đo cũ hơn {m} tháng, cần đo kiểm lại: {n} thôn."),
        |n, m| format!("Villages whose newest survey is older than {m} months, to be surveyed again: {n}.");
    doc_annex_ref: S = "Danh sách chi tiết tại Phụ lục 1, tổng hợp theo xã tại Phụ lục 2 kèm theo báo cáo này.",
        "The villages are listed in Annex 1 and summed by commune in Annex 2.";
    doc_map_caption: fn(&str) -> String = |g| format!("Hình 1. Bản đồ hiện trạng phủ sóng {g}"), |g| format!("Figure 1. Map of {g} coverage");
    doc_recipients: S = "Nơi nhận:", "To:";
    doc_recipients_list: S = "- Như trên;\n- Lưu: VT.", "- As above;\n- Archive.";
    doc_signer: S = "GIÁM ĐỐC", "DIRECTOR";
    legend_changes: fn(&str) -> String = |g| format!("Thay đổi phủ sóng {g} so với kỳ trước"), |g| format!("{g} coverage since the previous survey");
    change_newly_covered: fn(&str) -> String = |g| format!("Mới có sóng {g}"), |g| format!("Newly covered by {g}");
    change_lost_coverage: fn(&str) -> String = |g| format!("Mất sóng {g}"), |g| format!("Lost {g} coverage");
    change_still_without: fn(&str) -> String = |g| format!("Vẫn chưa có sóng {g}"), |g| format!("Still without {g}");
    change_newly_surveyed: S = "Mới khảo sát", "Newly surveyed";
    change_not_resurveyed: S = "Không đo lại kỳ này", "Not surveyed again";
    change_still_covered: fn(&str) -> String = |g| format!("Vẫn có sóng {g}"), |g| format!("Still covered by {g}");
    change_only_before: S = "Chỉ có ở kỳ trước", "In the previous analysis only";
    change_only_after: S = "Chỉ có ở kỳ này", "In this analysis only";
    progress_before: fn(&str) -> String = |c| format!("{c} (kỳ trước)"), |c| format!("{c} (before)");
    progress_after: fn(&str) -> String = |c| format!("{c} (kỳ này)"), |c| format!("{c} (now)");
    progress_subtitle: fn(&str, &str, &str) -> String =
        |b, a, m| format!("(Kỳ trước: {b}; kỳ này: {a}; thôn ghép theo mã thôn, hoặc theo tên và vị trí cách nhau không quá {m} m)"),
        |b, a, m| format!("(Before: {b}; now: {a}; villages matched by code, or by name within {m} m)");
    progress_line_classes: fn(&str, &str, &str, &str) -> String =
        |nb, na, wb, wa| format!("Số thôn trắng sóng: kỳ trước {nb}, kỳ này {na}; số thôn lõm sóng: kỳ trước {wb}, kỳ này {wa}"),
        |nb, na, wb, wa| format!("Villages with no signal at all: {nb} before, {na} now; with weak signal: {wb} before, {wa} now");
    progress_line_changes: fn(&str, &str, &str, &str, &str) -> String =
        |c, g, l, s, r| format!("Đã có sóng {g}: {c} thôn (trước đây trắng sóng, lõm sóng hoặc chưa có {g}); mất sóng {g}: {l} thôn; mới khảo sát: {s} thôn; không đo lại kỳ này: {r} thôn"),
        |c, g, l, s, r| format!("Newly covered by {g}: {c} villages (before: no signal, weak signal or below {g}); lost {g}: {l}; newly surveyed: {s}; not surveyed again: {r}");
    progress_line_unmatched: fn(&str, &str, &str) -> String =
        |b, a, m| format!("Không ghép được: {b} thôn chỉ có ở kỳ trước, {a} thôn chỉ có ở kỳ này (ghép theo mã thôn, hoặc theo tên và vị trí cách nhau không quá {m} m)"),
        |b, a, m| format!("Not matched: {b} villages in the previous analysis only, {a} in this one only (matched by code, or by name within {m} m)");
    changes_sheet_summary: S = "Tổng hợp", "Summary";
    changes_sheet_villages: S = "Thay đổi theo thôn", "Changes by village";
    changes_sheet_unmatched: S = "Không ghép được", "Not matched";
    changes_class_before: S = "Hiện trạng kỳ trước", "Before";
    changes_class_after: S = "Hiện trạng kỳ này", "Now";
    changes_change: S = "Thay đổi", "Change";
    changes_map_title: fn(&str) -> String = |p| format!("Thay đổi phủ sóng di động, tỉnh {p}"), |p| format!("Changes in mobile coverage, {p}");
    annex_label: fn(u32) -> String = |n| format!("Phụ lục {n}"), |n| format!("Annex {n}");
    annex_flagged_title: S = "Danh sách thôn trắng sóng, lõm sóng", "Villages with no signal at all and with weak signal";
    annex_summary_title: S = "Tổng hợp hiện trạng phủ sóng theo xã", "Coverage by commune";
    annex_progress_title: S = "Kết quả xóa thôn trắng sóng, lõm sóng", "Progress: villages with no or weak signal";
    annex_subtitle: fn(&str, Option<&str>) -> String =
        |g, day| match day { Some(d) => format!("(Phủ sóng {g}; số liệu đo đến ngày {d})"), None => format!("(Phủ sóng {g})") },
        |g, day| match day { Some(d) => format!("({g} coverage; surveys up to {d})"), None => format!("({g} coverage)") };
    annex_part_with_power: S = "Thôn có điện lưới", "Villages with grid power";
    annex_part_without_power: S = "Thôn chưa có điện lưới", "Villages without grid power";
    annex_part_power_unknown: S = "Thôn chưa rõ điện lưới", "Villages whose grid power is not known";
    annex_commune: S = "Xã", "Commune";
    annex_class: S = "Hiện trạng", "Status";
    annex_operators_seen: S = "Nhà mạng có sóng", "Operators with signal";
    annex_best_signal: S = "Tín hiệu tốt nhất", "Best signal";
    annex_note: S = "Ghi chú", "Note";
    annex_total: S = "Tổng cộng", "Total";
    annex_total_villages: fn(&str) -> String = |n| format!("Tổng cộng: {n} thôn"), |n| format!("Total: {n} villages");
    annex_covered_villages: fn(&str) -> String = |g| format!("Số thôn có sóng {g}"), |g| format!("Villages covered by {g}");
    annex_covered_share: fn(&str) -> String = |g| format!("Tỷ lệ thôn có sóng {g}"), |g| format!("Share covered by {g}");
    annex_no_signal_villages: S = "Số thôn trắng sóng", "Villages, no signal at all";
    annex_weak_signal_villages: S = "Số thôn lõm sóng", "Villages, weak signal";
    annex_not_surveyed_villages: S = "Số thôn chưa khảo sát", "Villages not surveyed";
    no: S = "Không", "No";
    households_covered: fn(&str) -> String =
        |g| format!("Số hộ ở thôn có sóng {g}"),
        |g| format!("Households in villages covered by {g}");
    households_known_col: S = "Số thôn biết số hộ", "Villages with households known";
    households_no_signal: S = "Số hộ thôn trắng sóng", "Households, no signal at all";
    households_weak_signal: S = "Số hộ thôn lõm sóng", "Households, weak signal";
    xlsx_operator_samples: fn(&str) -> String = |op| format!("{op}: số mẫu"), |op| format!("{op}: samples");
    xlsx_operator_best: fn(&str) -> String = |op| format!("{op}: tốt nhất"), |op| format!("{op}: best");
    xlsx_parameter: S = "Tham số", "Parameter";
    xlsx_unit: S = "Đơn vị", "Unit";
    xlsx_samples_unit: S = "mẫu", "samples";
    xlsx_operators_kept: S = "Nhà mạng được tính", "Operators kept";
    xlsx_technologies_kept: S = "Công nghệ được tính", "Technologies kept";
    xlsx_date_from: S = "Từ ngày", "From date";
    xlsx_date_to: S = "Đến ngày", "To date";
    xlsx_inputs: S = "Tệp đầu vào", "Input files";
    xlsx_role: S = "Dữ liệu", "Role";
    xlsx_file: S = "Tệp", "File";
    xlsx_size_bytes: S = "Kích thước (byte)", "Size (bytes)";
    xlsx_checksum: S = "Mã kiểm tra BLAKE3", "BLAKE3 checksum";
    xlsx_import: S = "Kết quả đọc tệp", "Import reports";
    xlsx_format: S = "Định dạng", "Format";
    xlsx_rows_read: S = "Số dòng đọc", "Rows read";
    xlsx_rows_used: S = "Dùng", "Used";
    xlsx_rows_rejected: S = "Bị loại", "Rejected";
    xlsx_sheet_of: fn(&str, &str) -> String = |f, s| format!("{f}, trang tính \"{s}\""), |f, s| format!("{f}, sheet \"{s}\"");
    xlsx_version: S = "Phiên bản phusong", "phusong version";
    xlsx_made_at: S = "Thời điểm lập", "Made at";
    xlsx_footer: S = "&L&A&RTrang &P/&N", "&L&A&RPage &P of &N";

    // The language these texts are in, for the messages rendered beside them.
    lang: Lang = Lang::Vi, Lang::En;

    // Report classes and the verdict explained
    class_weak_signal: S = "Lõm sóng", "Weak signal";
    class_below_required: fn(&str) -> String = |g| format!("Chưa có sóng {g}"), |g| format!("No {g} coverage");
    weak_signal_count: fn(u32) -> String = |n| format!("{} thôn lõm sóng", vi_n(n)), |n| format!("{} village{} with weak signal", en_n(n), plural(n));
    below_required_count: fn(u32, &str) -> String =
        |n, g| format!("{} thôn chưa có sóng {g}", vi_n(n)),
        |n, g| format!("{} village{} without {g} coverage", en_n(n), plural(n));
    verdict_line: fn(&str, u32, u32, u32, u32, &str) -> String =
        |g, good, n, needed, min, share| format!("{g}: {good}/{n} mẫu đạt ngưỡng, cần ≥ {needed} (≥ {min} mẫu và ≥ {share} %)"),
        |g, good, n, needed, min, share| format!("{g}: {good}/{n} samples good, needs ≥ {needed} (≥ {min} and ≥ {share} %)");
    verdict_heading: S = "Vì sao: mẫu đạt ngưỡng trong bán kính", "Why: good samples within the radius";
    signal_seen_yes: S = "Có mẫu đạt ngưỡng (lõm sóng nếu chưa đủ)", "Some sample is good (weak signal when not enough)";
    signal_seen_no: S = "Không mẫu nào đạt ngưỡng", "No sample is good";
    report_class_col: S = "Phân loại", "Class";
    xlsx_warning: S = "Cảnh báo", "Warning";
    outside_title: S = "Dự án đọc tệp ngoài thư mục của nó", "The project reads files outside its folder";
    outside_why: fn(&str) -> String =
        |p| format!("Dự án {p} đọc các tệp sau, nằm ngoài thư mục của dự án. Chỉ đọc nếu bạn tin người gửi dự án:"),
        |p| format!("The project {p} reads these files, which lie outside its folder. Read them only if you trust whoever sent it:");
    outside_read: S = "Đọc các tệp này", "Read these files";
    village_role_name: S = "Tên thôn", "Village name";
    village_role_code: S = "Mã thôn", "Village code";
    households_word: S = "Số hộ", "Households";
    population_word: S = "Số dân", "Population";
    grid_power_word: S = "Điện lưới", "Grid power";
    village_role_x: S = "X theo hệ chiếu (mét VN-2000/UTM)", "Projected X (VN-2000/UTM metres)";
    village_role_y: S = "Y theo hệ chiếu (mét VN-2000/UTM)", "Projected Y (VN-2000/UTM metres)";
    report_line_head: fn(&str, &str, &str, &str, &str, &str) -> String =
        |c, n, pct, g, nc, ns| format!("{c}/{n} thôn ({pct}) có sóng {g}; {nc} thôn không có sóng; {ns} thôn chưa khảo sát"),
        |c, n, pct, g, nc, ns| format!("{c}/{n} villages ({pct}) covered by {g}; {nc} villages without signal; {ns} not surveyed");
    report_line_at_least: fn(&str, &str, &str, &str, &str) -> String =
        |g, c, all, surveyed, s| format!("  từ {g} trở lên: {c} thôn, {all} tổng số thôn, {surveyed} của {s} thôn đã khảo sát"),
        |g, c, all, surveyed, s| format!("  at least {g}: {c} villages, {all} of all, {surveyed} of the {s} surveyed");
    report_line_flagged: fn(&str, &str, &str, &str, &str) -> String =
        |g, n, ns, w, b| format!("  cần xử lý (đã khảo sát, chưa đạt {g}): {n} thôn: {ns} trắng sóng, {w} lõm sóng, {b} có sóng nhưng chưa có {g}"),
        |g, n, ns, w, b| format!("  flagged (surveyed, below {g}): {n} villages: {ns} no signal at all, {w} weak signal, {b} covered below {g}");
    report_line_households: fn(&str, &str, &str, &str, &str, &str) -> String =
        |c, n, pct, g, known, villages| format!("  {c}/{n} hộ ({pct}) ở thôn có sóng {g} (biết số hộ của {known}/{villages} thôn)"),
        |c, n, pct, g, known, villages| format!("  {c}/{n} households ({pct}) in villages covered by {g} (households known for {known} of {villages} villages)");
    report_line_households_flagged: fn(&str, &str) -> String =
        |ns, w| format!("  số hộ ở thôn trắng sóng: {ns}; ở thôn lõm sóng: {w}"),
        |ns, w| format!("  households in villages with no signal at all: {ns}; with weak signal: {w}");
    report_line_power: fn(&str, &str, &str, &str) -> String =
        |ns_with, ns_without, w_with, w_without| format!("  thôn trắng sóng có điện lưới: {ns_with}, chưa có điện lưới: {ns_without}; thôn lõm sóng có điện lưới: {w_with}, chưa có điện lưới: {w_without}"),
        |ns_with, ns_without, w_with, w_without| format!("  villages with no signal at all: {ns_with} with grid power, {ns_without} without; with weak signal: {w_with} with grid power, {w_without} without");
    xlsx_weak_signal_line: fn(&str) -> String =
        |n| format!("Số thôn lõm sóng (có sóng nhưng chưa đủ): {n}"),
        |n| format!("Villages with weak signal (some signal, not enough): {n}");
    xlsx_below_required_line: fn(&str, &str) -> String =
        |g, n| format!("Số thôn có sóng nhưng chưa có sóng {g}: {n}"),
        |g, n| format!("Villages covered, but not by {g}: {n}");
    xlsx_operator_verdict: fn(&str) -> String = |op| format!("{op}: mẫu đạt ngưỡng"), |op| format!("{op}: good samples");

    // File dialogs
    file_dialogs: S = "Hộp chọn tệp", "File dialogs";
    file_dialogs_auto: S = "Tự động", "Automatic";
    file_dialogs_auto_hint: S = "Dùng hộp chọn tệp của hệ thống; nếu máy không mở được thì dùng hộp chọn tệp của phusong",
        "The system's file dialog; phusong's own where the system cannot open one";
    file_dialogs_system: S = "Của hệ thống", "The system's";
    file_dialogs_own: S = "Của phusong", "phusong's own";
    file_dialogs_switched: S = "Hộp chọn tệp của hệ thống không mở được trên máy này; từ giờ phusong dùng hộp chọn tệp riêng. Có thể đổi trong Dự án › Hộp chọn tệp.",
        "The system's file dialog does not open on this machine; phusong uses its own from now on. Change it in Project › File dialogs.";
    browser_open: S = "Mở", "Open";
    browser_save: S = "Lưu", "Save";
    browser_choose_folder: S = "Chọn thư mục này", "Choose this folder";
    browser_new_folder: S = "Thư mục mới", "New folder";
    browser_new_folder_name: S = "Thư mục mới", "New folder";
    browser_rename: S = "Đổi tên", "Rename";
    browser_refresh: S = "Tải lại danh sách", "Refresh the list";
    browser_parent: S = "Lên thư mục cha", "Up to the parent folder";
    browser_file_label: S = "Tên tệp:", "File name:";
    browser_folder_field: S = "Thư mục", "Folder";
    browser_show_hidden: S = "Hiện tệp ẩn", "Show hidden files";
    startup_missing: fn(&str) -> String =
        |p| format!("Không tìm thấy tệp: {p}"),
        |p| format!("File not found: {p}");
    renderer_in_use: fn(&str) -> String = |r| format!("Vẽ bằng {r}"), |r| format!("Drawn with {r}");

    // Sample columns
    sample_columns_title: S = "Chọn cột của nhật ký đo sóng", "Choose the columns of the signal log";
    sample_columns_why: fn(&str) -> String =
        |f| format!("Không tìm thấy đủ các cột cần thiết trong {f}. Chọn cột cho từng mục, rồi bấm \"Đọc với các cột này\"."),
        |f| format!("phusong could not find every column it needs in {f}. Choose the column of each item, then press \"Load with these columns\".");
    sample_columns_missing: fn(&str, &str) -> String =
        |f, roles| format!("{f}: không tìm thấy cột {roles}. Chọn các cột trong cửa sổ vừa mở."),
        |f, roles| format!("{f}: no column was found for {roles}. Choose the columns in the window that opened.");
    sample_columns_still_missing: fn(&str) -> String =
        |roles| format!("Còn thiếu: {roles}."),
        |roles| format!("Still missing: {roles}.");
    sample_column_not_found: fn(&str, &str) -> String =
        |name, role| format!("Tệp không có cột \"{name}\" đã chọn cho {role}."),
        |name, role| format!("The file has no column \"{name}\", chosen for the {role}.");
    sample_role_lon: S = "Kinh độ", "Longitude";
    sample_role_lat: S = "Vĩ độ", "Latitude";
    sample_role_operator: S = "Nhà mạng (tên hoặc MCC-MNC)", "Operator (name or MCC-MNC)";
    sample_role_mcc: S = "MCC (cùng MNC, thay cho cột nhà mạng)", "MCC (with MNC, instead of an operator column)";
    sample_role_mnc: S = "MNC", "MNC";
    sample_role_technology: S = "Công nghệ (2G…5G)", "Technology (2G…5G)";
    sample_role_signal: S = "Tín hiệu (dBm)", "Signal (dBm)";
    sample_role_time: S = "Thời gian (không bắt buộc)", "Time (optional)";
}

impl Texts {
    /// A role of a sample log's column in words.
    /// A column role of a village list, as the column chooser names it.
    pub fn village_role(&self, role: crate::io::village_list::Role) -> &'static str {
        use crate::io::village_list::Role;
        match role {
            Role::Name => self.village_role_name,
            Role::Longitude => self.sample_role_lon,
            Role::Latitude => self.sample_role_lat,
            Role::ProjectedX => self.village_role_x,
            Role::ProjectedY => self.village_role_y,
            Role::Commune => self.commune,
            Role::District => self.district,
            Role::Province => self.province,
            Role::Code => self.village_role_code,
            Role::Households => self.households_word,
            Role::Population => self.population_word,
            Role::GridPower => self.grid_power_word,
        }
    }

    pub fn sample_role(&self, role: crate::io::samples::SampleRole) -> &'static str {
        use crate::io::samples::SampleRole;
        match role {
            SampleRole::Longitude => self.sample_role_lon,
            SampleRole::Latitude => self.sample_role_lat,
            SampleRole::Operator => self.sample_role_operator,
            SampleRole::Mcc => self.sample_role_mcc,
            SampleRole::Mnc => self.sample_role_mnc,
            SampleRole::Technology => self.sample_role_technology,
            SampleRole::Signal => self.sample_role_signal,
            SampleRole::Time => self.sample_role_time,
        }
    }

    /// A load stopped by a signal log's missing columns, in the window's words (the error's
    /// own text names command-line flags).
    pub fn sample_columns_error(&self, error: &crate::io::samples::MissingColumns) -> String {
        let mut roles: Vec<&str> = Vec::new();
        for role in error
            .missing
            .iter()
            .chain(error.not_found.iter().map(|(r, _)| r))
        {
            if !roles.contains(&self.sample_role(*role)) {
                roles.push(self.sample_role(*role));
            }
        }
        (self.sample_columns_missing)(&crate::io::paths::file_name(&error.path), &roles.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_fill_in_numbers() {
        assert_eq!((Lang::En.texts().flagged_count)(15), "15 villages flagged");
        assert_eq!((Lang::Vi.texts().flagged_count)(15), "15 thôn cần xử lý");
        assert_eq!(
            (Lang::En.texts().no_signal_count)(1),
            "1 village without signal"
        );
    }

    #[test]
    fn the_verdict_says_good_of_all_and_what_was_needed() {
        use crate::model::{Generation, Operator};
        use crate::rule::{OperatorOutcome, Params};
        let o = OperatorOutcome {
            operator: Operator::new(452, 4),
            samples: 91,
            good: [60, 40, 32, 0],
            best: Some(Generation::G2),
            best_signal_dbm: [None; 4],
            last_sample_s: crate::model::NO_TIME,
        };
        let p = Params::default();
        assert_eq!(
            Lang::Vi.texts().verdict(&o, Generation::G4, &p),
            "4G: 32/91 mẫu đạt ngưỡng, cần ≥ 46 (≥ 3 mẫu và ≥ 50 %)"
        );
        assert_eq!(
            Lang::En.texts().verdict(&o, Generation::G4, &p),
            "4G: 32/91 samples good, needs ≥ 46 (≥ 3 and ≥ 50 %)"
        );
        assert_eq!(Lang::Vi.texts().percent(62.5), "62,5");
    }

    #[test]
    fn vietnamese_shares_take_a_decimal_comma() {
        let vi = (Lang::Vi.texts().covered_headline)(100, 123, 81.30081, "4G");
        assert_eq!(vi, "100/123 thôn (81,3%) có sóng 4G");
        let en = (Lang::En.texts().covered_headline)(100, 123, 81.30081, "4G");
        assert_eq!(en, "100/123 villages (81.3%) covered by 4G");
        // Thousands grouped as each language groups them.
        let vi = (Lang::Vi.texts().covered_headline)(65_039, 80_000, 81.29875, "4G");
        assert_eq!(vi, "65.039/80.000 thôn (81,3%) có sóng 4G");
        let en = (Lang::En.texts().flagged_count)(8_494);
        assert_eq!(en, "8,494 villages flagged");
    }
}
