//! `--probe remote-maintenance`: ordinary TCP connections (the OS's own connect, no raw SYN, no
//! privilege) to a short documented list of remote-maintenance and administration ports, on
//! hosts the sweep found and no exclusion covers. At most [`CONNECTIONS_PER_SECOND`] new
//! connections start each second; an accepted connection is closed at once without sending a
//! byte. Results feed checklist items 2(2) リモートメンテナンス and 2(8) 接続元制限.

use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::progress::{Phase, Progress};
use crate::model::scan::{PortResult, PortState, REMOTE_MAINTENANCE_PORTS, ScanHost, StopReason};

/// New connections per second, across all hosts.
pub const CONNECTIONS_PER_SECOND: u32 = 10;

/// How long one connection attempt may take before the port counts as filtered.
pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(1500);

/// Connect once to `ip:port`.
pub fn probe_port(ip: Ipv4Addr, port: u16, timeout: Duration) -> PortState {
    match TcpStream::connect_timeout(&SocketAddr::from((ip, port)), timeout) {
        // Dropping the stream closes it: nothing is sent to the service.
        Ok(_) => PortState::Open,
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => PortState::Closed,
        Err(_) => PortState::Filtered,
    }
}

/// Probe every non-excluded host. Returns `Some(StopReason::User)` when stopped early; the
/// hosts probed so far keep their results.
pub fn probe_hosts(
    hosts: &mut [ScanHost],
    progress: &mut dyn FnMut(&Progress),
    stop: &AtomicBool,
) -> Option<StopReason> {
    probe_hosts_with(
        hosts,
        &REMOTE_MAINTENANCE_PORTS,
        CONNECT_TIMEOUT,
        progress,
        stop,
    )
}

pub(crate) fn probe_hosts_with(
    hosts: &mut [ScanHost],
    ports: &[(u16, &str)],
    timeout: Duration,
    progress: &mut dyn FnMut(&Progress),
    stop: &AtomicBool,
) -> Option<StopReason> {
    let jobs: Vec<(usize, Ipv4Addr, u16, &str)> = hosts
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.excluded)
        .flat_map(|(i, h)| ports.iter().map(move |(p, s)| (i, h.ip, *p, *s)))
        .collect();
    let planned = jobs.len() as u64;
    let interval = Duration::from_secs_f64(1.0 / f64::from(CONNECTIONS_PER_SECOND));
    let mut stopped = None;
    let results: Vec<(usize, PortResult)> = std::thread::scope(|s| {
        let mut handles = Vec::new();
        let mut next = Instant::now();
        for (n, &(i, ip, port, service)) in jobs.iter().enumerate() {
            if stop.load(Ordering::Relaxed) {
                stopped = Some(StopReason::User);
                break;
            }
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
            // Spacing from when this connection starts: never two closer than the interval.
            next = Instant::now() + interval;
            handles.push(s.spawn(move || {
                let state = probe_port(ip, port, timeout);
                (
                    i,
                    PortResult {
                        port,
                        service: service.to_string(),
                        state,
                    },
                )
            }));
            progress(&Progress {
                phase: Phase::Probe,
                done: n as u64 + 1,
                planned,
                received: 0,
                found: 0,
                pass: 1,
                passes: 1,
            });
        }
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    for (i, r) in results {
        hosts[i].ports.push(r);
    }
    for h in hosts.iter_mut() {
        h.ports.sort_by_key(|p| p.port);
    }
    stopped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scan::Method;
    use std::net::TcpListener;

    fn host(ip: Ipv4Addr, excluded: bool) -> ScanHost {
        ScanHost {
            ip,
            mac: "02:00:00:00:00:01".into(),
            vendor: None,
            method: Method::Arp,
            rtt_ms: None,
            first_seen: String::new(),
            last_seen: String::new(),
            other_macs: vec![],
            excluded,
            ports: vec![],
            snmp: None,
        }
    }

    #[test]
    fn open_closed_paced_and_excluded_untouched() {
        // Loopback only: a listener kensa opens itself, and a port it just closed.
        let open = TcpListener::bind("127.0.0.1:0").unwrap();
        let open_port = open.local_addr().unwrap().port();
        let closed_port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let mut hosts = vec![
            host(Ipv4Addr::LOCALHOST, false),
            host(Ipv4Addr::new(127, 0, 0, 2), true),
        ];
        let ports = [(open_port, "test-open"), (closed_port, "test-closed")];
        let stop = AtomicBool::new(false);
        let t = Instant::now();
        let r = probe_hosts_with(
            &mut hosts,
            &ports,
            Duration::from_millis(500),
            &mut |_| {},
            &stop,
        );
        assert_eq!(r, None);
        // Two connections at 10/s: the second starts 100 ms after the first.
        assert!(t.elapsed() >= Duration::from_millis(95));
        let states: Vec<PortState> = hosts[0].ports.iter().map(|p| p.state).collect();
        let want = if open_port < closed_port {
            [PortState::Open, PortState::Closed]
        } else {
            [PortState::Closed, PortState::Open]
        };
        assert_eq!(states, want);
        assert!(hosts[1].ports.is_empty(), "excluded host was probed");
    }

    #[test]
    fn documented_port_list() {
        let ports: Vec<u16> = REMOTE_MAINTENANCE_PORTS.iter().map(|p| p.0).collect();
        assert_eq!(ports, [22, 23, 443, 3389, 5900, 5901, 5938, 8443]);
    }
}
