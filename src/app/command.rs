//! What the user asked for. Panels only read the app's state and push commands; they are
//! applied in one place, after the frame is drawn.

use std::path::PathBuf;

use crate::analysis::Inputs;
use crate::export::map::{MapFormat, MapSheet};
use crate::io::TextEncoding;
use crate::lang::Lang;
use crate::map::LonLatBox;
use crate::rule::Params;

use super::Layer;
use super::state::Selection;
use crate::map::Layers;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Files opened or dropped, of any role: each is told apart by its content.
    AddFiles(Vec<PathBuf>),
    /// Take one sample log out of the analysis.
    RemoveSamples(PathBuf),
    /// The file dialog, to pick files to add.
    PickFiles,
    /// Back to the bundled demo province.
    OpenDemo,
    /// Stop the load under way; what was on screen stays.
    CancelLoad,
    /// New rule parameters: the rule runs again on the loaded data.
    SetParams(Params),
    SetLayers(Layers),
    /// The basemap's tile server (`{z}/{x}/{y}` in it); `None` for OpenStreetMap's.
    SetBasemapUrl(Option<String>),
    SetLang(Lang),
    /// Select a village or a commune (or nothing); the map stays where it is.
    Select(Option<Selection>),
    /// Show the selected village or commune on the map.
    ZoomToSelection,
    /// Show this area on the map.
    ZoomTo(LonLatBox),
    /// Show everything loaded.
    ZoomToAll,
    ClearMessages,
    /// Load these inputs (with the choice the user just made).
    Retry(Box<Inputs>),
    /// Close the question without choosing.
    DismissNeed,
    /// Read a layer's text in another encoding.
    SetEncoding(Layer, TextEncoding),
    /// Open a project file (from the dialog, Recent, or the command line).
    OpenProject(PathBuf),
    /// Ask which project to open.
    PickProject,
    /// Save the project to its file, or ask where when it has none.
    SaveProject,
    /// Ask where, then save the project there.
    SaveProjectAs,
    /// Save the project in this file.
    SaveProjectTo(PathBuf),
    /// Ask where, then write this output.
    Export(Export),
    /// Write this output to this file (a folder for [`Export::All`]).
    ExportTo(Export, PathBuf),
    /// Read a project's inputs that lie outside its folder, as the user agreed.
    ReadOutsideInputs,
    /// Load a project whose inputs changed, with the files as they are now.
    KeepChangedInputs,
    /// Ask for the file that replaces a project's missing input (its place in
    /// `Inputs::paths`).
    LocateInput(usize),
    /// This file replaces a project's missing input.
    InputLocated(usize, PathBuf),
    /// Which file dialog opens from now on.
    SetFileDialogs(super::FileDialogs),
    /// phusong's own file browser answered: the files or folder chosen, nothing if cancelled.
    FileBrowserAnswered(Vec<PathBuf>),
    /// Compare the work on screen with an earlier analysis, from now on.
    CompareWith(super::Against),
    /// Ask which saved project to compare with.
    PickCompareProject,
    /// Stop comparing.
    StopComparing,
    /// Draw the map's sample raster for this view (off the frame).
    DrawRaster(super::RasterKey),
}

/// An output the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Export {
    /// The printed map in one format.
    Map(Box<MapSheet>, MapFormat),
    /// The Excel report.
    Excel,
    /// The GIS layers (GeoJSON, KML, shapefile) into one folder.
    Gis,
    /// Every output (tables, Excel report, GIS layers, the map in every format) into one
    /// folder, as `phusong report` writes them.
    All,
    /// The comparison on screen into one folder, as `phusong compare` writes it.
    Changes,
}

impl Export {
    /// How a file of this output is offered in a save dialog: the filter's name, the
    /// extension and the suggested name; `None` for outputs written into a folder.
    pub fn file_kind(&self) -> Option<(String, &'static str, &'static str)> {
        match self {
            Export::Map(_, format) => {
                let ext = format.extension();
                Some((ext.to_uppercase(), ext, "ban-do"))
            }
            Export::Excel => Some(("Excel".into(), "xlsx", "bao-cao")),
            Export::Gis | Export::All | Export::Changes => None,
        }
    }
}
