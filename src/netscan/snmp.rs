//! `--snmp-community NAME`: read sysDescr, sysName and sysObjectID (the SNMPv2-MIB system group)
//! from found devices over SNMP v2c, so firmware versions of routers, switches and VPN
//! appliances land in the 台帳 (checklist 2(7) for ネットワーク機器). Read-only GETs, one host
//! started every 100 ms, on found, non-excluded hosts only. The protocol is `snmp2`'s
//! synchronous client.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use snmp2::{Oid, SyncSession, Value};

use super::progress::{Phase, Progress};
use crate::model::scan::{ScanHost, SnmpInfo, StopReason};

pub const SYS_DESCR: [u64; 9] = [1, 3, 6, 1, 2, 1, 1, 1, 0];
pub const SYS_OBJECT_ID: [u64; 9] = [1, 3, 6, 1, 2, 1, 1, 2, 0];
pub const SYS_NAME: [u64; 9] = [1, 3, 6, 1, 2, 1, 1, 5, 0];

/// Hosts started per second (each host gets three small GETs).
pub const HOSTS_PER_SECOND: u32 = 10;
pub const TIMEOUT: Duration = Duration::from_millis(1500);

/// Longest text kept from an agent: sysDescr is at most 255 octets by the MIB; a longer answer
/// is cut rather than stored whole.
const MAX_TEXT: usize = 1024;

fn text(v: &Value) -> Option<String> {
    match v {
        Value::OctetString(b) => {
            let s = String::from_utf8_lossy(b);
            let s: String = s
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .collect();
            Some(s.trim().chars().take(MAX_TEXT).collect())
        }
        Value::ObjectIdentifier(o) => Some(o.to_id_string()),
        _ => None,
    }
}

/// Read the system group from `ip:port`.
pub fn read_system(ip: Ipv4Addr, port: u16, community: &str, timeout: Duration) -> SnmpInfo {
    let mut info = SnmpInfo::default();
    let addr = SocketAddr::from((ip, port));
    let mut sess = match SyncSession::new_v2c(addr, community.as_bytes(), Some(timeout), 0) {
        Ok(s) => s,
        Err(e) => {
            info.error = Some(e.to_string());
            return info;
        }
    };
    for (arc, slot) in [
        (&SYS_DESCR[..], 0usize),
        (&SYS_NAME[..], 1),
        (&SYS_OBJECT_ID[..], 2),
    ] {
        let oid = match Oid::from(arc) {
            Ok(o) => o,
            Err(e) => {
                info.error = Some(format!("{e:?}"));
                return info;
            }
        };
        match sess.get(&oid) {
            Ok(mut pdu) if pdu.error_status == 0 => {
                let value = pdu.varbinds.next().and_then(|(_, v)| text(&v));
                match slot {
                    0 => info.sys_descr = value,
                    1 => info.sys_name = value,
                    _ => info.sys_object_id = value,
                }
            }
            Ok(pdu) => info.error = Some(format!("SNMP error status {}", pdu.error_status)),
            // No answer to the first GET: no agent or a wrong community (v2c agents stay
            // silent on a wrong community). Asking again would only wait again.
            Err(e) => {
                info.error = Some(format!("{e:?}"));
                return info;
            }
        }
    }
    info
}

/// Read the system group of every non-excluded host. `Some(StopReason::User)` when stopped.
pub fn read_hosts(
    hosts: &mut [ScanHost],
    community: &str,
    progress: &mut dyn FnMut(&Progress),
    stop: &AtomicBool,
) -> Option<StopReason> {
    read_hosts_on(hosts, 161, community, progress, stop)
}

pub(crate) fn read_hosts_on(
    hosts: &mut [ScanHost],
    port: u16,
    community: &str,
    progress: &mut dyn FnMut(&Progress),
    stop: &AtomicBool,
) -> Option<StopReason> {
    let targets: Vec<(usize, Ipv4Addr)> = hosts
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.excluded)
        .map(|(i, h)| (i, h.ip))
        .collect();
    let planned = targets.len() as u64;
    let interval = Duration::from_secs_f64(1.0 / f64::from(HOSTS_PER_SECOND));
    let mut stopped = None;
    let results: Vec<(usize, SnmpInfo)> = std::thread::scope(|s| {
        let mut handles = Vec::new();
        let mut next = Instant::now();
        for (n, &(i, ip)) in targets.iter().enumerate() {
            if stop.load(Ordering::Relaxed) {
                stopped = Some(StopReason::User);
                break;
            }
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
            next = Instant::now() + interval;
            handles.push(s.spawn(move || (i, read_system(ip, port, community, TIMEOUT))));
            progress(&Progress {
                phase: Phase::Snmp,
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
    for (i, info) in results {
        hosts[i].snmp = Some(info);
    }
    stopped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silent_agent_is_an_error_not_a_hang() {
        // A UDP port on loopback that nobody answers from: the GET times out.
        let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let port = sock.local_addr().unwrap().port();
        let t = Instant::now();
        let info = read_system(
            Ipv4Addr::LOCALHOST,
            port,
            "public",
            Duration::from_millis(200),
        );
        assert!(info.error.is_some());
        assert!(info.sys_descr.is_none());
        assert!(t.elapsed() < Duration::from_secs(2));
    }
}
