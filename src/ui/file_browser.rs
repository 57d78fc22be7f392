//! phusong's own file browser (egui_file), for where the system's file dialog cannot open.
//! The app opens it ([`crate::app::FileDialogs`]); this draws it and sends its answer.

use std::path::PathBuf;

use egui::accesskit::Role;

use crate::app::{BROWSER_ID, Command, View};

pub fn file_browser_ui(
    view: &View,
    open: &mut Option<egui_file::FileDialog>,
    ctx: &egui::Context,
    out: &mut Vec<Command>,
) {
    let t = view.t;
    let Some(browser) = open.as_mut() else {
        return;
    };
    browser.show(ctx);
    // egui_file's folder and file-name fields have no labels; a screen reader (and a test)
    // finds them by these names.
    name_text_fields(ctx, &[t.browser_folder_field, t.browser_file_label]);
    let answer = match browser.state() {
        egui_file::State::Open => return,
        egui_file::State::Selected => chosen(browser),
        egui_file::State::Cancelled | egui_file::State::Closed => Vec::new(),
    };
    *open = None;
    out.push(Command::FileBrowserAnswered(answer));
}

/// The files ticked (Open files picks several), else the one chosen.
fn chosen(browser: &egui_file::FileDialog) -> Vec<PathBuf> {
    let ticked: Vec<PathBuf> = (browser.selection().into_iter())
        .map(|p| p.to_path_buf())
        .collect();
    if browser.has_multi_select() && !ticked.is_empty() {
        return ticked;
    }
    browser
        .path()
        .map(|p| p.to_path_buf())
        .into_iter()
        .collect()
}

/// Gives the browser window's unnamed text fields `names`, in the order they are drawn (the
/// folder at the top, then the file name).
fn name_text_fields(ctx: &egui::Context, names: &[&str]) {
    let layer = egui::LayerId::new(egui::Order::Middle, egui::Id::unique(BROWSER_ID));
    let unnamed: Vec<egui::Id> = ctx.viewport(|viewport| {
        let pass = &viewport.this_pass;
        let Some(access) = &pass.accesskit_state else {
            return Vec::new();
        };
        (pass.widgets.get_layer(layer))
            .filter(|w| {
                access.nodes.get(&w.id).is_some_and(|node| {
                    node.role() == Role::TextInput && node.label().is_none_or(str::is_empty)
                })
            })
            .map(|w| w.id)
            .collect()
    });
    for (id, name) in unnamed.into_iter().zip(names) {
        ctx.accesskit_node_builder(id, |node| node.set_label(*name));
    }
}
