//! What a network discovery found, as plain data: the hosts, how each was seen, remote-maintenance
//! ports and SNMP facts. Pure: no I/O. `netscan` produces a [`ScanReport`]; the store keeps one
//! observation per host (`kensa.scan-host/1`); the CLI prints `kensa.scan/1`.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::asset::{Asset, Observed, Source, observation_matches};

/// Schema tag of `kensa scan --json`.
pub const SCAN_SCHEMA: &str = "kensa.scan/1";
/// Schema tag of the payload stored with each scan observation.
pub const HOST_SCHEMA: &str = "kensa.scan-host/1";

/// How a host was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// From the operating system's neighbour (ARP) table: no packet sent by kensa.
    Neighbour,
    /// It answered kensa's ARP request.
    Arp,
}

/// Remote-maintenance and administration ports probed by `--probe remote-maintenance`
/// (checklist 2(2) リモートメンテナンス and 2(8) 接続元制限): (port, service).
pub const REMOTE_MAINTENANCE_PORTS: [(u16, &str); 8] = [
    (22, "ssh"),
    (23, "telnet"),
    (443, "https"),
    (3389, "rdp"),
    (5900, "vnc"),
    (5901, "vnc"),
    (5938, "teamviewer"),
    (8443, "https-admin"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PortState {
    /// The TCP connection was accepted (and closed at once).
    Open,
    /// Refused (RST): something answers at that address, nothing listens on the port.
    Closed,
    /// No answer within the timeout (a firewall drops it, or the host is busy).
    Filtered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortResult {
    pub port: u16,
    pub service: String,
    pub state: PortState,
}

/// SNMP v2c system group of a device (sysDescr carries the firmware version of most network
/// gear).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SnmpInfo {
    pub sys_descr: Option<String>,
    pub sys_name: Option<String>,
    pub sys_object_id: Option<String>,
    /// Why nothing was read (timeout: no agent or wrong community), else `None`.
    pub error: Option<String>,
}

/// One device found on the LAN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanHost {
    pub ip: Ipv4Addr,
    /// `aa:bb:cc:dd:ee:ff`.
    pub mac: String,
    /// From the IEEE registry shipped with kensa; `None` for unknown or locally administered MACs.
    pub vendor: Option<String>,
    pub method: Method,
    /// From kensa's request to the first answer (ARP only).
    pub rtt_ms: Option<f64>,
    /// RFC 3339: first and last answer during this scan (for the neighbour table: when read).
    pub first_seen: String,
    pub last_seen: String,
    /// Other MACs that answered for the same address (an address conflict or a proxy).
    pub other_macs: Vec<String>,
    /// Its MAC matched an exclusion (OUI or MAC) when it answered: it was asked once, as
    /// any unknown address is, and never again; no port or SNMP probe touched it.
    pub excluded: bool,
    /// Remote-maintenance ports, empty when not probed.
    pub ports: Vec<PortResult>,
    pub snmp: Option<SnmpInfo>,
}

impl ScanHost {
    /// The comparable summary stored as an observation. `maker` stays empty: the OUI names the
    /// maker of the network interface, not of the device, and would flag false disagreements
    /// with the ledger's メーカー; the vendor is kept in the payload.
    pub fn observed(&self) -> Observed {
        let snmp = self.snmp.as_ref();
        Observed {
            source: Source::Scan,
            observed_at: self.last_seen.clone(),
            computer_name: snmp.and_then(|s| s.sys_name.clone()).unwrap_or_default(),
            os: snmp.and_then(|s| s.sys_descr.clone()).unwrap_or_default(),
            maker: String::new(),
            model: String::new(),
            serial: String::new(),
            ips: vec![self.ip.to_string()],
            macs: vec![self.mac.clone()],
        }
        .clipped()
    }

    /// Open remote-maintenance ports.
    pub fn open_ports(&self) -> impl Iterator<Item = &PortResult> {
        self.ports.iter().filter(|p| p.state == PortState::Open)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Passive,
    Active,
}

/// Why an active sweep ended before its plan was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StopReason {
    /// The user stopped it (TUI stop key, Ctrl-C).
    User,
    /// The interface went down.
    InterfaceDown,
    /// Send errors above the threshold.
    SendErrors,
}

/// A whole discovery run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    pub mode: Mode,
    pub interface: Option<String>,
    pub cidr: Option<String>,
    /// Packets per second cap; `None` for `fast` and passive.
    pub rate_pps: Option<u32>,
    pub started_at: String,
    pub finished_at: String,
    /// Addresses asked (after exclusions).
    pub addresses: u64,
    /// Addresses of the CIDR never asked because of an exclusion (or kensa's own address).
    pub excluded_addresses: u64,
    pub packets_sent: u64,
    /// ARP replies accepted (duplicates included).
    pub replies: u64,
    /// Frames received and ignored: not ARP, malformed, or answering nothing kensa asked.
    pub ignored_frames: u64,
    pub stopped: Option<StopReason>,
    /// The error behind [`StopReason::SendErrors`] or [`StopReason::InterfaceDown`].
    pub stop_detail: Option<String>,
    pub hosts: Vec<ScanHost>,
}

/// The facts of a stored `kensa.scan-host/1` document that the evidence rules read (the
/// comparable part is already in the observation: address, MAC, SNMP name and sysDescr).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanFacts {
    /// From the IEEE registry when the scan ran.
    pub vendor: Option<String>,
    /// Remote-maintenance ports probed; empty when the scan did not probe.
    pub ports: Vec<PortResult>,
    /// Its MAC matched an exclusion: it was never probed.
    pub excluded: bool,
    /// The scan's CIDR (`None` for the neighbour table).
    pub cidr: Option<String>,
    /// Why the scan ended early, `None` when it ran to the end.
    pub stopped: Option<StopReason>,
}

impl ScanFacts {
    /// Read from a stored payload; fields the rules do not use are skipped.
    pub fn from_payload(json: &str) -> Result<ScanFacts, String> {
        #[derive(Deserialize)]
        struct Scan {
            cidr: Option<String>,
            stopped: Option<StopReason>,
        }
        #[derive(Deserialize)]
        struct Host {
            vendor: Option<String>,
            #[serde(default)]
            ports: Vec<PortResult>,
            #[serde(default)]
            excluded: bool,
        }
        #[derive(Deserialize)]
        struct Doc {
            schema: String,
            scan: Scan,
            host: Host,
        }
        let d: Doc = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if d.schema != HOST_SCHEMA {
            return Err(format!("schema `{}` is not {HOST_SCHEMA}", d.schema));
        }
        Ok(ScanFacts {
            vendor: d.host.vendor,
            ports: d.host.ports,
            excluded: d.host.excluded,
            cidr: d.scan.cidr,
            stopped: d.scan.stopped,
        })
    }

    pub fn open_ports(&self) -> impl Iterator<Item = &PortResult> {
        self.ports.iter().filter(|p| p.state == PortState::Open)
    }
}

/// Where a found host stands against the 台帳.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerMatch {
    /// 管理番号 of the (non-retired) rows it matches; empty: not in the ledger.
    pub control_nos: Vec<String>,
}

impl LedgerMatch {
    pub fn in_ledger(&self) -> bool {
        !self.control_nos.is_empty()
    }
}

/// The non-retired ledger rows a found host matches (same rules as the ledger view).
pub fn ledger_match(assets: &[Asset], host: &ScanHost) -> LedgerMatch {
    let obs = host.observed();
    LedgerMatch {
        control_nos: assets
            .iter()
            .filter(|a| a.fields.retired_on.is_none())
            .filter(|a| observation_matches(&a.fields, &obs))
            .map(|a| a.fields.control_no.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::asset::LedgerFields;

    fn host() -> ScanHost {
        ScanHost {
            ip: Ipv4Addr::new(198, 18, 0, 7),
            mac: "00:00:0c:01:02:03".into(),
            vendor: Some("Cisco".into()),
            method: Method::Arp,
            rtt_ms: Some(0.4),
            first_seen: "2025-10-01T00:00:00Z".into(),
            last_seen: "2025-10-01T00:00:01Z".into(),
            other_macs: vec![],
            excluded: false,
            ports: vec![],
            snmp: None,
        }
    }

    fn asset(no: &str, fields: LedgerFields) -> Asset {
        Asset {
            id: 1,
            fields: LedgerFields {
                control_no: no.into(),
                ..fields
            },
            source: Source::Manual,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn matches_by_mac_then_ip_and_skips_retired() {
        let by_mac = asset(
            "001",
            LedgerFields {
                mac: "00:00:0c:01:02:03".into(),
                ..Default::default()
            },
        );
        let by_ip = asset(
            "002",
            LedgerFields {
                ip: "198.18.0.7".into(),
                ..Default::default()
            },
        );
        let mut retired = asset(
            "003",
            LedgerFields {
                ip: "198.18.0.7".into(),
                ..Default::default()
            },
        );
        retired.fields.retired_on = Some(jiff::civil::date(2024, 1, 1));
        let m = ledger_match(&[by_mac, by_ip, retired], &host());
        assert_eq!(m.control_nos, ["001", "002"]);
        assert!(!ledger_match(&[], &host()).in_ledger());
    }

    #[test]
    fn observed_uses_snmp_name_and_description() {
        let mut h = host();
        assert_eq!(h.observed().computer_name, "");
        h.snmp = Some(SnmpInfo {
            sys_name: Some("core-sw".into()),
            sys_descr: Some("RouterOS 7.1".into()),
            ..Default::default()
        });
        let o = h.observed();
        assert_eq!(
            (o.computer_name.as_str(), o.os.as_str()),
            ("core-sw", "RouterOS 7.1")
        );
        assert_eq!(o.source, Source::Scan);
        assert_eq!(o.maker, "");
    }
}
