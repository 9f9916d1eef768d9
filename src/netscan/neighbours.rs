//! Passive discovery: the operating system's neighbour (ARP) table, which lists the devices
//! this PC has recently talked to. Reading it sends nothing and needs no privilege.
//!
//! - Linux: `/proc/net/arp`.
//! - Windows: `Get-NetNeighbor` as JSON, run through PowerShell; the JSON parser is plain Rust
//!   and tested on a fixture, and a saved file can be read on any platform
//!   (`kensa scan --neighbours-file`).

use std::net::Ipv4Addr;
use std::path::Path;

use serde::Deserialize;

use super::arp;
use crate::model::scan::{Method, ScanHost};

/// One complete entry of a neighbour table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    pub ip: Ipv4Addr,
    /// `aa:bb:cc:dd:ee:ff`.
    pub mac: String,
    pub interface: String,
    /// As the OS names it (`reachable`, `stale`, `permanent`, …; Linux: `complete`,
    /// `permanent`).
    pub state: String,
}

#[derive(Debug, thiserror::Error)]
pub enum NeighbourError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not Get-NetNeighbor JSON or /proc/net/arp text: {detail}")]
    Parse { path: String, detail: String },
    #[error("neighbour table: {0}")]
    Command(String),
}

/// Keep an entry only when it names a real device: a unicast MAC (not incomplete, not a
/// multicast or broadcast mapping).
fn entry(ip: Ipv4Addr, mac: &str, interface: &str, state: &str) -> Option<Neighbour> {
    let m = arp::parse_mac(mac)?;
    if !arp::is_host_mac(&m) || ip.is_multicast() || ip.is_broadcast() || ip.is_unspecified() {
        return None;
    }
    Some(Neighbour {
        ip,
        mac: arp::mac_string(&m),
        interface: interface.to_string(),
        state: state.to_string(),
    })
}

/// Passive discovery from a neighbour table already read: one host per address and MAC, seen
/// at `seen`, with its vendor, marked when an exclusion matches. Sorted by address.
pub fn hosts(table: &[Neighbour], exclusions: &super::Exclusions, seen: &str) -> Vec<ScanHost> {
    let mut hosts: Vec<ScanHost> = table
        .iter()
        .map(|n| {
            let mac = arp::parse_mac(&n.mac);
            ScanHost {
                ip: n.ip,
                mac: n.mac.clone(),
                vendor: mac.and_then(super::oui::vendor).map(str::to_string),
                method: Method::Neighbour,
                rtt_ms: None,
                first_seen: seen.to_string(),
                last_seen: seen.to_string(),
                other_macs: Vec::new(),
                excluded: exclusions.excludes_ip(n.ip)
                    || mac.is_some_and(|m| exclusions.excludes_mac(&m)),
                ports: Vec::new(),
                snmp: None,
            }
        })
        .collect();
    hosts.sort_by_key(|h| h.ip);
    hosts.dedup_by(|b, a| a.ip == b.ip && a.mac == b.mac);
    hosts
}

/// Parse `/proc/net/arp`: a header line, then
/// `IP address  HW type  Flags  HW address  Mask  Device`.
pub fn parse_proc_net_arp(text: &str) -> Vec<Neighbour> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            if f.len() < 6 {
                return None;
            }
            let flags = u32::from_str_radix(f[2].trim_start_matches("0x"), 16).ok()?;
            // ATF_COM (0x2): resolved. ATF_PERM (0x4): configured by hand.
            if flags & 0x2 == 0 {
                return None;
            }
            let state = if flags & 0x4 != 0 {
                "permanent"
            } else {
                "complete"
            };
            entry(f[0].parse().ok()?, f[3], f[5], state)
        })
        .collect()
}

/// One object of `Get-NetNeighbor | ConvertTo-Json`. `State` is a number in Windows PowerShell
/// 5.1 and may be a name when `-EnumsAsStrings` or `Select-Object` with a string was used.
#[derive(Debug, Deserialize)]
struct WinNeighbour {
    #[serde(rename = "IPAddress")]
    ip: String,
    #[serde(rename = "LinkLayerAddress", default)]
    mac: Option<String>,
    #[serde(rename = "State", default)]
    state: Option<serde_json::Value>,
    #[serde(rename = "InterfaceAlias", default)]
    interface: Option<String>,
}

/// MSFT_NetNeighbor.State values.
fn win_state(v: &Option<serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::Number(n)) => match n.as_u64() {
            Some(0) => "unreachable",
            Some(1) => "incomplete",
            Some(2) => "probe",
            Some(3) => "delay",
            Some(4) => "stale",
            Some(5) => "reachable",
            Some(6) => "permanent",
            _ => "unknown",
        }
        .to_string(),
        Some(serde_json::Value::String(s)) => s.to_ascii_lowercase(),
        _ => "unknown".to_string(),
    }
}

/// Parse `Get-NetNeighbor | ConvertTo-Json` (one object or an array). IPv6 entries, incomplete
/// and unreachable ones, and multicast/broadcast mappings are left out.
pub fn parse_get_netneighbor(json: &str) -> Result<Vec<Neighbour>, String> {
    let json = json.trim_start_matches('\u{feff}').trim();
    if json.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<WinNeighbour> = if json.starts_with('[') {
        serde_json::from_str(json).map_err(|e| e.to_string())?
    } else {
        vec![serde_json::from_str(json).map_err(|e| e.to_string())?]
    };
    Ok(list
        .into_iter()
        .filter_map(|n| {
            let state = win_state(&n.state);
            if matches!(state.as_str(), "unreachable" | "incomplete") {
                return None;
            }
            entry(
                n.ip.parse().ok()?,
                n.mac.as_deref()?,
                n.interface.as_deref().unwrap_or(""),
                &state,
            )
        })
        .collect())
}

/// Read a saved neighbour table: Get-NetNeighbor JSON, or a copy of `/proc/net/arp`.
pub fn read_file(path: &Path) -> Result<Vec<Neighbour>, NeighbourError> {
    let p = path.display().to_string();
    let bytes = crate::fsio::read_regular(path).map_err(|source| NeighbourError::Io {
        path: p.clone(),
        source,
    })?;
    let text = decode(&bytes);
    if text.trim_start().starts_with("IP address") {
        return Ok(parse_proc_net_arp(&text));
    }
    parse_get_netneighbor(&text).map_err(|detail| NeighbourError::Parse { path: p, detail })
}

/// PowerShell 5.1's `Out-File` and `>` write UTF-16LE with a BOM; everything else is UTF-8.
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// This machine's neighbour table.
pub fn read_local() -> Result<Vec<Neighbour>, NeighbourError> {
    read_local_impl()
}

#[cfg(target_os = "linux")]
fn read_local_impl() -> Result<Vec<Neighbour>, NeighbourError> {
    let path = "/proc/net/arp";
    let text = std::fs::read_to_string(path).map_err(|source| NeighbourError::Io {
        path: path.to_string(),
        source,
    })?;
    Ok(parse_proc_net_arp(&text))
}

#[cfg(windows)]
fn read_local_impl() -> Result<Vec<Neighbour>, NeighbourError> {
    let out = std::process::Command::new("powershell.exe")
        .args([
            "-NoProfile",
            "-NonInteractive",
            "-Command",
            "[Console]::OutputEncoding = [Text.Encoding]::UTF8; \
             Get-NetNeighbor -AddressFamily IPv4 | \
             Select-Object IPAddress, LinkLayerAddress, State, InterfaceAlias | \
             ConvertTo-Json -Compress",
        ])
        .output()
        .map_err(|e| NeighbourError::Command(e.to_string()))?;
    if !out.status.success() {
        return Err(NeighbourError::Command(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    parse_get_netneighbor(&String::from_utf8_lossy(&out.stdout)).map_err(|detail| {
        NeighbourError::Parse {
            path: "Get-NetNeighbor".to_string(),
            detail,
        }
    })
}

#[cfg(not(any(target_os = "linux", windows)))]
fn read_local_impl() -> Result<Vec<Neighbour>, NeighbourError> {
    Err(NeighbourError::Command(
        "reading the neighbour table is implemented for Linux and Windows".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PROC: &str =
        "IP address       HW type     Flags       HW address            Mask     Device
198.18.0.7       0x1         0x2         00:1b:2c:01:02:03     *        lab0
198.18.0.8       0x1         0x0         00:00:00:00:00:00     *        lab0
198.18.0.9       0x1         0x6         00:60:30:aa:bb:cc     *        lab0
198.18.0.10      0x1         0x2         ff:ff:ff:ff:ff:ff     *        lab0
garbage
";

    #[test]
    fn proc_net_arp() {
        let n = parse_proc_net_arp(PROC);
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].ip, Ipv4Addr::new(198, 18, 0, 7));
        assert_eq!(n[0].mac, "00:1b:2c:01:02:03");
        assert_eq!(n[0].interface, "lab0");
        assert_eq!(n[1].state, "permanent");
    }

    #[test]
    fn windows_fixture() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/netscan/get-netneighbor.json"
        ))
        .unwrap();
        let n = parse_get_netneighbor(&text).unwrap();
        let ips: Vec<String> = n.iter().map(|n| n.ip.to_string()).collect();
        // IPv6, unreachable, incomplete, broadcast and multicast entries are left out.
        assert_eq!(ips, ["192.0.2.1", "192.0.2.20", "192.0.2.30"]);
        assert_eq!(n[0].mac, "00:1b:2c:01:02:03");
        assert_eq!(n[0].state, "reachable");
        assert_eq!(n[1].state, "stale");
        assert_eq!(n[2].state, "permanent");
        assert_eq!(n[0].interface, "イーサネット");
    }

    #[test]
    fn windows_single_object_bom_and_errors() {
        let one = "\u{feff}{\"IPAddress\":\"192.0.2.5\",\"LinkLayerAddress\":\"00-1B-2C-0A-0B-0C\",\"State\":\"Reachable\",\"InterfaceAlias\":\"Wi-Fi\"}";
        let n = parse_get_netneighbor(one).unwrap();
        assert_eq!(n[0].mac, "00:1b:2c:0a:0b:0c");
        assert!(parse_get_netneighbor("[{\"IPAddress\": 5}]").is_err());
        assert!(parse_get_netneighbor("{ not json").is_err());
        assert!(parse_get_netneighbor("").unwrap().is_empty());
        let mut utf16 = vec![0xff, 0xfe];
        for u in one.trim_start_matches('\u{feff}').encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(parse_get_netneighbor(&decode(&utf16)).unwrap(), n);
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in ".{0,300}") {
            let _ = parse_proc_net_arp(&s);
            let _ = parse_get_netneighbor(&s);
        }
    }
}
