//! What a discovery run reports while it works. Its own module, below the sweep, the probes
//! and SNMP, so that each of them can report without importing another.

/// Which stage of a run a [`Progress`] message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Sweep,
    /// Remote-maintenance TCP probes.
    Probe,
    Snmp,
}

/// Sent to the progress callback about ten times a second and at the end of every pass or
/// phase. For the TUI gauge: `done as f64 / planned as f64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    /// Frames (sweep) or probes (probe, SNMP) sent so far.
    pub done: u64,
    /// Most that will be sent in this phase (every pass in full for the sweep).
    pub planned: u64,
    /// ARP replies accepted so far (duplicates included).
    pub received: u64,
    /// Distinct devices found so far.
    pub found: u64,
    /// 1-based sweep pass, and how many there are at most.
    pub pass: u32,
    pub passes: u32,
}
