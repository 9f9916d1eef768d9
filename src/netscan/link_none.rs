//! The [`Link`] of a build without the `scan` feature: no raw sockets, so no pnet and, on
//! Windows, no Npcap SDK needed to build. The passive scan (the neighbour table) does not use
//! this module and works as in the full build.

use super::{Link, ScanError};

/// Names of the interfaces the OS reports, for error messages: none are opened in this build.
pub fn interface_names() -> Vec<String> {
    Vec::new()
}

/// Interfaces a sweep could use: none in a build without the active scan.
pub fn interfaces() -> Vec<super::InterfaceInfo> {
    Vec::new()
}

/// Always [`ScanError::NotBuilt`]: this build cannot send frames.
pub fn open(_name: &str) -> Result<Box<dyn Link>, ScanError> {
    Err(ScanError::NotBuilt)
}
