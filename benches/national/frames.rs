//! Frame time of the desktop app with the national case loaded: the CPU the window's thread
//! spends on one frame (the app's panels and map, then egui's tessellation into triangles),
//! without a GPU. The sample raster is drawn on its own thread and is not part of a frame.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use egui::{Pos2, RawInput, Rect, vec2};
use phusong::analysis::Inputs;
use phusong::app::Settings;
use phusong::lang::Lang;
use phusong::window::Window;

/// Frames per measured situation.
const FRAMES: usize = 120;

/// Frame times of one situation.
pub struct Row {
    pub situation: String,
    pub frames: usize,
    pub median: Duration,
    pub p95: Duration,
    pub max: Duration,
}

pub struct Frames {
    pub load_s: f64,
    pub rows: Vec<Row>,
    /// The frame that took the loaded case (its first result) in.
    pub load_result_frame: Duration,
    /// What-if changes of the rule's parameters: the frame that took each new result in.
    pub result_frames: Row,
    /// From each change to the end of the first frame drawn with its result, in refreshes
    /// of a 60 Hz screen (the most), and in time; the window drawing when the app asks for
    /// a repaint, as eframe does.
    pub change_to_figures_frames: usize,
    pub change_to_figures: Row,
}

fn input(size: [f32; 2]) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(size[0], size[1]))),
        ..RawInput::default()
    }
}

/// Draws one frame as eframe would and returns the CPU time it took on this thread.
fn frame(ctx: &egui::Context, window: &mut Window, raw: RawInput) -> Duration {
    let t = Instant::now();
    let out = ctx.run_ui(raw, |ui| window.frame(ui));
    let triangles = ctx.tessellate(out.shapes, out.pixels_per_point);
    std::hint::black_box(triangles);
    t.elapsed()
}

/// A screen's refresh: a window draws at most once in it.
const REFRESH: Duration = Duration::from_nanos(16_666_667);

/// When eframe would draw the next frame: as soon as the app asks for a repaint (at once,
/// or after the delay it gives), but not before the next refresh of a 60 Hz screen.
struct Pacer {
    /// The earliest repaint asked for since the last frame.
    due: std::sync::Arc<std::sync::Mutex<Option<Instant>>>,
}

impl Pacer {
    fn new(ctx: &egui::Context) -> Pacer {
        let due = std::sync::Arc::new(std::sync::Mutex::new(None::<Instant>));
        let asked = std::sync::Arc::clone(&due);
        ctx.set_request_repaint_callback(move |info| {
            let at = Instant::now() + info.delay;
            let mut due = asked.lock().unwrap_or_else(|e| e.into_inner());
            *due = Some(due.map_or(at, |d: Instant| d.min(at)));
        });
        Pacer { due }
    }

    /// Waits until the next frame is due after one that started at `last`; returns when.
    /// Without a repaint asked for, a frame is drawn after a second anyway (as a mouse move
    /// would draw one), so that a result nobody announces shows as a long wait, not a hang.
    fn wait(&self, last: Instant) -> Instant {
        let refresh = last + REFRESH;
        let unasked = last + Duration::from_secs(1);
        loop {
            let due = *self.due.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            if (due.is_some_and(|d| d <= now) && now >= refresh) || now >= unasked {
                *self.due.lock().unwrap_or_else(|e| e.into_inner()) = None;
                return now;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
    }
}

/// The refreshes of a 60 Hz screen that `elapsed` spans, begun ones counted.
fn refreshes(elapsed: Duration) -> usize {
    elapsed.as_nanos().div_ceil(REFRESH.as_nanos()) as usize
}

fn row(situation: &str, mut times: Vec<Duration>) -> Row {
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    Row {
        situation: situation.to_string(),
        frames: times.len(),
        median: at(0.5),
        p95: at(0.95),
        max: *times.last().unwrap_or(&Duration::ZERO),
    }
}

/// Opens the app on `inputs` in a 1600 × 1000 window and times its frames: while loading,
/// still on the whole country, panning, zoomed to a province, with a village selected.
pub fn measure(inputs: &Inputs) -> anyhow::Result<Frames> {
    let size = [1600.0, 1000.0];
    let ctx = egui::Context::default();
    let settings = Settings {
        lang: Lang::En,
        inputs: Some(inputs.clone()),
        ..Settings::default()
    };
    let mut window = Window::with_settings(ctx.clone(), settings);

    // While 10 million samples load, the window keeps drawing; the frame that takes the
    // loaded case in is timed apart.
    let started = Instant::now();
    let mut loading = Vec::new();
    let mut load_result_frame = Duration::ZERO;
    while window.app.session.is_none() || !window.is_idle() {
        let had_session = window.app.session.is_some();
        let took = frame(&ctx, &mut window, input(size));
        match !had_session && window.app.session.is_some() {
            true => load_result_frame = took,
            false => loading.push(took),
        }
        std::thread::sleep(Duration::from_millis(16));
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(600),
            "the national case did not load in the app within 10 minutes"
        );
        let app = &window.app;
        if app.loading().is_none() && app.session.is_none() && app.is_idle() {
            let why = app
                .messages
                .last()
                .map(|m| m.text(app.t()))
                .unwrap_or_default();
            anyhow::bail!("the app did not load the national case: {why}");
        }
    }
    let load_s = started.elapsed().as_secs_f64();
    let mut rows = vec![row("while loading (10 M samples)", loading)];

    let settle = |window: &mut Window| {
        // Let the raster of the new view arrive before timing the still frames.
        for _ in 0..60 {
            frame(&ctx, window, input(size));
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let time = |window: &mut Window, step: &mut dyn FnMut(&mut Window)| -> Vec<Duration> {
        (0..FRAMES)
            .map(|_| {
                step(window);
                frame(&ctx, window, input(size))
            })
            .collect()
    };

    settle(&mut window);
    rows.push(row("whole country, still", time(&mut window, &mut |_| {})));

    let pan = |window: &mut Window| {
        if let Some(v) = &mut window.ui.map.view {
            v.pan([7.0, 3.0]);
        }
    };
    rows.push(row(
        "whole country, panning",
        time(&mut window, &mut |a| pan(a)),
    ));

    // A province: about 1.5° across, around Hà Giang.
    window.ui.map.zoom_to(phusong::map::LonLatBox {
        min_lon: 104.4,
        min_lat: 22.3,
        max_lon: 105.9,
        max_lat: 23.4,
    });
    settle(&mut window);
    rows.push(row("one province, still", time(&mut window, &mut |_| {})));
    rows.push(row(
        "one province, panning",
        time(&mut window, &mut |a| pan(a)),
    ));

    window.app.send(phusong::app::Command::Select(Some(
        phusong::app::Selection::Village(0),
    )));
    settle(&mut window);
    rows.push(row(
        "a village selected, still",
        time(&mut window, &mut |_| {}),
    ));

    // What-if: the radius and the minimum samples moved back and forth, as with a slider,
    // once the nearest-sample lists are made; each change drawn until its result is in.
    let lists_ready = Instant::now();
    while window
        .app
        .session
        .as_ref()
        .is_some_and(|s| s.reach.is_none())
    {
        frame(&ctx, &mut window, input(size));
        std::thread::sleep(Duration::from_millis(16));
        anyhow::ensure!(
            lists_ready.elapsed() < Duration::from_secs(120),
            "the nearest-sample lists were not made within two minutes"
        );
    }
    let base = window.app.settings.params.clone();
    let pacer = Pacer::new(&ctx);
    let (mut result_frames, mut change_to_figures, mut most_frames) = (Vec::new(), Vec::new(), 0);
    for k in 0..24 {
        let params = phusong::rule::Params {
            radius_m: [300.0, 500.0, 800.0, 1000.0][k % 4],
            min_samples: 3 + (k % 3) as u32,
            ..base.clone()
        };
        let before = window.app.session.as_ref().map(|s| s.evaluation_id);
        // The change is made in a frame, as a slider's drag is; the window then draws when
        // the app asks for a repaint (the re-run asks when it ends), at most once a refresh.
        let changed = Instant::now();
        window.app.send(phusong::app::Command::SetParams(params));
        frame(&ctx, &mut window, input(size));
        let mut last_frame = changed;
        loop {
            last_frame = pacer.wait(last_frame);
            let took = frame(&ctx, &mut window, input(size));
            if window.app.session.as_ref().map(|s| s.evaluation_id) != before {
                result_frames.push(took);
                let shown = changed.elapsed();
                change_to_figures.push(shown);
                most_frames = most_frames.max(refreshes(shown));
                break;
            }
            anyhow::ensure!(
                changed.elapsed() < Duration::from_secs(30),
                "a what-if result did not come within 30 s"
            );
        }
        // What the result set off (the tables' rows, the drawing order) is made before
        // the next change, as when a user looks at the figures before moving on.
        while !window.is_idle() {
            last_frame = pacer.wait(last_frame);
            frame(&ctx, &mut window, input(size));
            anyhow::ensure!(
                changed.elapsed() < Duration::from_secs(30),
                "the window did not settle within 30 s of a what-if change"
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    window.app.send(phusong::app::Command::SetParams(base));
    Ok(Frames {
        load_s,
        rows,
        load_result_frame,
        result_frames: row("the frame that takes a what-if result in", result_frames),
        change_to_figures_frames: most_frames,
        change_to_figures: row(
            "a what-if change to its figures on screen",
            change_to_figures,
        ),
    })
}

/// The time from a new window on the demo province (first start: no settings) to the first
/// frame that shows its figures, in process: the demo read and analysed on the app's own
/// threads, the window drawing meanwhile. The best of `runs`.
pub fn demo_shown(runs: usize) -> anyhow::Result<Duration> {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let ctx = egui::Context::default();
        let mut window = Window::with_settings(ctx.clone(), Settings::default());
        loop {
            frame(&ctx, &mut window, input([1366.0, 768.0]));
            if window.app.session.as_ref().is_some_and(|s| s.is_demo) {
                break;
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(60),
                "the demo was not shown within a minute"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        best = best.min(started.elapsed());
    }
    Ok(best)
}

impl Frames {
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(
            md,
            "### Desktop app frame time (1600 × 1000, national case loaded in the app in {:.1} s)\n",
            self.load_s
        );
        let _ = writeln!(
            md,
            "CPU of the window's thread per frame: the panels and the map, then tessellation. Target: under 16 ms.\n"
        );
        let _ = writeln!(md, "| situation | frames | median | p95 | max |");
        let _ = writeln!(md, "|---|---:|---:|---:|---:|");
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        let result_rows = [&self.result_frames, &self.change_to_figures];
        for r in self.rows.iter().chain(result_rows) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                r.situation,
                r.frames,
                ms(r.median),
                ms(r.p95),
                ms(r.max)
            );
        }
        let _ = writeln!(
            md,
            "\nThe frame that takes the loaded case in: {}. A what-if result is on screen at most {} refreshes (60 Hz) after its change.",
            ms(self.load_result_frame),
            self.change_to_figures_frames
        );
        md
    }
}
