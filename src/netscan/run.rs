//! Discovery runs from start to end, for the CLI and the TUI worker thread: find hosts (active
//! sweep or the neighbour table), then the optional follow-up stages on the hosts found. The one
//! module that knows the order of the stages; the stages themselves ([`super::sweep`],
//! [`super::neighbours`], [`super::probe`], [`super::snmp`]) know nothing of each other.

use std::net::Ipv4Addr;
use std::sync::atomic::AtomicBool;

use jiff::Timestamp;

use super::neighbours::{self, Neighbour};
use super::progress::Progress;
use super::{Exclusions, Link, Mac, ScanError, ScanPlan, arp, link, probe, snmp, sweep};
use crate::model::scan::{Mode, ScanHost, ScanReport, StopReason};

/// Everything an active discovery does: read the neighbour table (to honour MAC exclusions
/// before the first frame), open the interface, sweep, then — when the plan asks — probe
/// remote-maintenance ports and read SNMP, on found, non-excluded hosts only.
pub fn run_active(
    plan: &ScanPlan,
    progress: &mut dyn FnMut(&Progress),
    stop: &AtomicBool,
) -> Result<ScanReport, ScanError> {
    let link = link::open(&plan.iface)?;
    run_on(plan, link, progress, stop)
}

/// [`run_active`] on a link opened before, e.g. to report a missing privilege or an unknown
/// interface before asking the user to confirm the sweep.
pub fn run_on(
    plan: &ScanPlan,
    link: Box<dyn Link>,
    progress: &mut dyn FnMut(&Progress),
    stop: &AtomicBool,
) -> Result<ScanReport, ScanError> {
    let known: Vec<(Ipv4Addr, Mac)> = neighbours::read_local()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|n| arp::parse_mac(&n.mac).map(|m| (n.ip, m)))
        .collect();
    let outcome = sweep::sweep(plan, link, &known, progress, stop)?;
    let mut hosts = outcome.hosts;
    let stopped = follow_up(
        &mut hosts,
        outcome.stopped,
        plan.probe_remote_maintenance,
        plan.snmp_community.as_deref(),
        progress,
        stop,
    );
    Ok(ScanReport {
        mode: Mode::Active,
        interface: Some(plan.iface.clone()),
        cidr: Some(plan.cidr.to_string()),
        rate_pps: plan.rate.pps(),
        started_at: outcome.started_at.to_string(),
        finished_at: Timestamp::now().to_string(),
        addresses: outcome.addresses,
        excluded_addresses: outcome.excluded_addresses,
        packets_sent: outcome.packets_sent,
        replies: outcome.replies,
        ignored_frames: outcome.ignored_frames,
        stopped,
        stop_detail: outcome.stop_detail,
        hosts,
    })
}

/// Passive discovery from a neighbour table already read: one host per address and MAC, with
/// its vendor, marked when an exclusion matches; then, when asked, remote-maintenance probes and
/// SNMP on the hosts not excluded. Nothing but those probes is sent.
pub fn run_passive(
    table: &[Neighbour],
    exclusions: &Exclusions,
    probe: bool,
    snmp_community: Option<&str>,
    progress: &mut dyn FnMut(&Progress),
    stop: &AtomicBool,
) -> ScanReport {
    let started = Timestamp::now().to_string();
    let mut hosts = neighbours::hosts(table, exclusions, &started);
    let stopped = follow_up(&mut hosts, None, probe, snmp_community, progress, stop);
    ScanReport {
        mode: Mode::Passive,
        interface: None,
        cidr: None,
        rate_pps: None,
        started_at: started,
        finished_at: Timestamp::now().to_string(),
        addresses: 0,
        excluded_addresses: 0,
        packets_sent: 0,
        replies: 0,
        ignored_frames: 0,
        stopped,
        stop_detail: None,
        hosts,
    }
}

/// The stages after discovery, in order, each only when asked and only while nothing has
/// stopped the run (`stopped` is why discovery ended early, if it did): remote-maintenance
/// probes, then SNMP. Returns why the run stopped, if it did.
fn follow_up(
    hosts: &mut [ScanHost],
    stopped: Option<StopReason>,
    probe_ports: bool,
    snmp_community: Option<&str>,
    progress: &mut dyn FnMut(&Progress),
    stop: &AtomicBool,
) -> Option<StopReason> {
    let mut stopped = stopped;
    if stopped.is_none() && probe_ports {
        stopped = probe::probe_hosts(hosts, progress, stop);
    }
    if let (None, Some(community)) = (stopped, snmp_community) {
        stopped = snmp::read_hosts(hosts, community, progress, stop);
    }
    stopped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scan::Method;

    #[test]
    fn nothing_follows_a_stopped_discovery() {
        // Loopback, so a probe sent by mistake stays on this machine.
        let mut hosts = vec![ScanHost {
            ip: Ipv4Addr::LOCALHOST,
            mac: "02:00:00:00:00:01".into(),
            vendor: None,
            method: Method::Arp,
            rtt_ms: None,
            first_seen: String::new(),
            last_seen: String::new(),
            other_macs: vec![],
            excluded: false,
            ports: vec![],
            snmp: None,
        }];
        let mut reports = 0;
        let stopped = follow_up(
            &mut hosts,
            Some(StopReason::User),
            true,
            Some("public"),
            &mut |_| reports += 1,
            &AtomicBool::new(false),
        );
        assert_eq!(stopped, Some(StopReason::User));
        assert_eq!(reports, 0, "a stage ran after discovery stopped");
        assert!(hosts[0].ports.is_empty() && hosts[0].snmp.is_none());
    }
}
