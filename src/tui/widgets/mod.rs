//! Shared widgets: what the screens draw with and type into. They know nothing of the app, its
//! session or its screens (screens import them, never the other way round).

pub mod dialog;
pub mod form;
pub mod input;
pub mod status;
pub mod table;
pub mod text;
