//! The window: the app and the state of its widgets, side by side. Each frame the panels
//! read the app's [`View`] and send commands; the app applies them in one place and tells
//! the widgets what they must follow ([`crate::app::UiEvent`]).

use std::path::PathBuf;

use crate::app::{App, Command, Settings, Startup, View};
use crate::ui::UiState;

pub struct Window {
    pub app: App,
    /// The widgets' own state: the map's view, the tables' sort and filters, the tabs.
    pub ui: UiState,
}

impl Window {
    /// The window as eframe starts it: the settings of the last run, then what the command
    /// line named.
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Window {
        let mut app = App::new(cc.egui_ctx.clone(), cc.storage, startup);
        app.renderer = renderer_of(cc);
        Window::around(app, &cc.egui_ctx)
    }

    /// The window with `settings`, drawing in `ctx`, without autosave (tests and the
    /// benchmark start it this way).
    pub fn with_settings(ctx: egui::Context, settings: Settings) -> Window {
        Window::around(App::with_settings(ctx.clone(), settings), &ctx)
    }

    /// The window of `app`, drawing in `ctx`.
    pub fn around(app: App, ctx: &egui::Context) -> Window {
        crate::ui::theme::install(ctx);
        let mut window = Window {
            ui: UiState::from_settings(&app.settings),
            app,
        };
        window.follow_app();
        window
    }

    /// One frame: take finished jobs and dropped files, draw, then apply what the user
    /// asked.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        self.app.poll_jobs();
        self.follow_app();
        let dropped: Vec<PathBuf> = ui.ctx().input(|i| {
            (i.raw.dropped_files.iter())
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.app.send(Command::AddFiles(dropped));
        }
        let mut commands = crate::ui::app_ui(&self.app.view(), &mut self.ui, ui);
        self.app.map_view = self.ui.map.view;
        commands.splice(0..0, self.app.take_commands());
        for command in commands {
            self.app.apply(command);
            self.follow_app();
        }
        self.app.after_frame();
    }

    /// True when nothing is under way: no background job of the app, nothing a panel is
    /// making off the frame.
    pub fn is_idle(&self) -> bool {
        self.app.is_idle() && !self.ui.is_making()
    }

    /// The widgets take in what the app told them.
    fn follow_app(&mut self) {
        for event in self.app.take_events() {
            let view: View = self.app.view();
            self.ui.on_event(event, &view);
        }
    }
}

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.app.map_view = self.ui.map.view;
        self.app.save_settings(storage);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.app.clear_autosave();
    }
}

/// How the window is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderer {
    /// wgpu: Direct3D or Metal (built on Windows and macOS).
    Wgpu,
    /// OpenGL, which older graphics, virtual machines and remote desktops still have.
    Gl,
}

impl Renderer {
    /// The renderers this build has, in the order they are tried: wgpu then OpenGL on Windows
    /// and macOS, OpenGL alone elsewhere.
    pub const BUILT: &[Renderer] = if cfg!(any(windows, target_os = "macos")) {
        &[Renderer::Wgpu, Renderer::Gl]
    } else {
        &[Renderer::Gl]
    };

    /// The renderers to try in turn: the one asked for, or those built in their order.
    pub fn order(asked: Option<Renderer>) -> Vec<Renderer> {
        match asked {
            Some(r) => vec![r],
            None => Renderer::BUILT.to_vec(),
        }
    }

    /// eframe's renderer. A build without wgpu is never asked for it (the command line
    /// refuses it there), and would draw with OpenGL.
    fn eframe(self) -> eframe::Renderer {
        match self {
            #[cfg(any(windows, target_os = "macos"))]
            Renderer::Wgpu => eframe::Renderer::Wgpu,
            #[cfg(not(any(windows, target_os = "macos")))]
            Renderer::Wgpu => eframe::Renderer::Glow,
            Renderer::Gl => eframe::Renderer::Glow,
        }
    }
}

/// Opens the window with each renderer of `order` in turn until one runs to a normal close;
/// the renderer that did, or the last error. `failed` hears of each one that did not.
pub fn first_that_opens<E>(
    order: &[Renderer],
    mut open: impl FnMut(Renderer) -> Result<(), E>,
    mut failed: impl FnMut(Renderer, &E),
) -> Result<Renderer, E> {
    let mut last = None;
    for &renderer in order {
        match open(renderer) {
            Ok(()) => return Ok(renderer),
            Err(e) => {
                failed(renderer, &e);
                last = Some(e);
            }
        }
    }
    Err(last.expect("at least one renderer to try"))
}

/// The renderer eframe gave the window, in words for the status bar.
fn renderer_of(cc: &eframe::CreationContext<'_>) -> Option<String> {
    #[cfg(any(windows, target_os = "macos"))]
    if let Some(wgpu) = &cc.wgpu_render_state {
        let backend = wgpu.adapter.get_info().backend;
        return Some(format!("wgpu ({})", backend.to_str()));
    }
    cc.gl.as_ref().map(|_| "OpenGL".to_string())
}

/// Runs the desktop app (the binary with no command), opening what `startup` names, drawn
/// with `renderer`, or with wgpu and else OpenGL when wgpu gets no graphics device.
pub fn run(startup: Startup, renderer: Option<Renderer>) -> eframe::Result {
    let open = |renderer: Renderer| {
        let options = eframe::NativeOptions {
            viewport: egui::ViewportBuilder::default()
                .with_title("phusong")
                .with_inner_size([1400.0, 900.0])
                .with_min_inner_size([900.0, 600.0])
                .with_drag_and_drop(true),
            renderer: renderer.eframe(),
            ..Default::default()
        };
        let startup = startup.clone();
        eframe::run_native(
            "phusong",
            options,
            Box::new(|cc| Ok(Box::new(Window::new(cc, startup)))),
        )
    };
    let failed = |renderer: Renderer, e: &eframe::Error| {
        eprintln!("phusong: the window could not be drawn with {renderer:?}: {e}");
    };
    first_that_opens(&Renderer::order(renderer), open, failed).map(|_| ())
}
