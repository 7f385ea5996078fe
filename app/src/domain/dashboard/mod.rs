//! What the dashboard shows and exports, and the views built on its selection.

/// The spreadsheet exports of the selection: data sets, formats, cells, CSV.
pub mod export;
/// The filter and the figures for the selection, each direction, goal and objective.
pub mod figures;
/// The map's places, measure and projection.
pub mod map;
/// The outline of the Kyrgyz Republic for the map.
pub mod outline;
/// Organisation scorecards over the selection.
pub mod scorecards;
