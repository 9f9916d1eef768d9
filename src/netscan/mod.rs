//! Network discovery on the hospital LAN, built so it cannot hurt a fragile medical device.
//!
//! - Passive (default, no privilege): the operating system's neighbour table ([`neighbours`]).
//! - Active ARP sweep ([`sweep`]), only with an explicit CIDR and interface: a [`ScanPlan`]
//!   checked before anything is sent (CIDR at most /16 unless forced, exclusions by IP, CIDR,
//!   MAC OUI or MAC, a rate cap), a pre-flight [`Estimate`], a paced send loop whose every frame
//!   is checked against the plan once more, and a stop on anomalies (interface down, send
//!   errors).
//! - Optional TCP connect probes of remote-maintenance ports ([`probe`]) and SNMP v2c system
//!   facts ([`snmp`]) on found, non-excluded hosts only.
//! - [`run`] puts the stages in order, for the CLI and the TUI; the stages report through
//!   [`progress`] and never import each other.
//!
//! Raw frames go through the [`Link`] trait: pnet in production ([`link`]), a simulated LAN in
//! the unit tests.

pub mod arp;
#[cfg(feature = "scan")]
pub mod link;
/// Built without the `scan` feature (no pnet, e.g. on Windows without the Npcap SDK): the same
/// functions, and opening an interface says the active scan is not in this build.
#[cfg(not(feature = "scan"))]
#[path = "link_none.rs"]
pub mod link;
pub mod neighbours;
pub mod oui;
pub mod probe;
pub mod progress;
pub mod run;
pub mod snmp;
pub mod sweep;

#[cfg(test)]
pub(crate) mod sim;

use std::collections::HashSet;
use std::io;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ipnet::Ipv4Net;

pub use arp::Mac;
pub use progress::{Phase, Progress};
pub use run::{run_active, run_on, run_passive};
pub use sweep::{SweepOutcome, sweep};

/// The largest CIDR swept without `--force`: a /16 is 65,534 addresses, about 11 minutes at the
/// gentle rate. Anything larger is almost certainly a typo (a /8 would take two days).
pub const MAX_PREFIX_LEN_WITHOUT_FORCE: u8 = 16;

/// How fast the sweep may send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    /// 100 packets/s: the default, for networks with medical devices.
    Gentle,
    /// 500 packets/s (arp-scan's default).
    Normal,
    /// As fast as the link accepts: for labs and networks known to be robust.
    Fast,
    /// A cap in packets per second.
    Pps(u32),
}

impl Rate {
    pub const GENTLE_PPS: u32 = 100;
    pub const NORMAL_PPS: u32 = 500;

    /// `gentle`, `normal`, `fast` or a positive number of packets per second.
    pub fn parse(s: &str) -> Option<Rate> {
        match s.trim().to_ascii_lowercase().as_str() {
            "gentle" => Some(Rate::Gentle),
            "normal" => Some(Rate::Normal),
            "fast" => Some(Rate::Fast),
            n => n.parse::<u32>().ok().filter(|n| *n > 0).map(Rate::Pps),
        }
    }

    /// The cap, `None` for `fast`.
    pub fn pps(self) -> Option<u32> {
        match self {
            Rate::Gentle => Some(Self::GENTLE_PPS),
            Rate::Normal => Some(Self::NORMAL_PPS),
            Rate::Fast => None,
            Rate::Pps(n) => Some(n),
        }
    }

    /// How long to wait for late answers after a pass when `--timeout-ms` is not given. A
    /// device on the local segment answers ARP in well under a millisecond; slow embedded
    /// stacks take tens of milliseconds, so the gentle profile allows a full second; `fast` is
    /// for labs, where 100 ms is already many round trips.
    pub fn default_timeout(self) -> Duration {
        Duration::from_millis(match self {
            Rate::Fast => 100,
            Rate::Normal => 500,
            Rate::Gentle | Rate::Pps(_) => 1000,
        })
    }
}

/// One entry of `--exclude` or of an exclusion file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    Ip(Ipv4Addr),
    Net(Ipv4Net),
    /// The first three octets of a MAC: every device of one maker (a modality vendor's).
    Oui([u8; 3]),
    Mac(Mac),
}

impl Exclusion {
    /// `198.18.0.5`, `198.18.4.0/24`, `00:1b:2c` (OUI, also `00-1B-2C`, `001B2C`) or a full MAC.
    pub fn parse(s: &str) -> Option<Exclusion> {
        let s = s.trim();
        if s.contains('/') {
            return s.parse::<Ipv4Net>().ok().map(|n| Exclusion::Net(n.trunc()));
        }
        if let Ok(ip) = s.parse::<Ipv4Addr>() {
            return Some(Exclusion::Ip(ip));
        }
        if let Some(mac) = arp::parse_mac(s) {
            return Some(Exclusion::Mac(mac));
        }
        let hex: String = s.chars().filter(|c| *c != ':' && *c != '-').collect();
        let separators_ok = s.len() == 6 || s.len() == 8;
        if hex.len() == 6 && separators_ok && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let mut oui = [0u8; 3];
            for (i, o) in oui.iter_mut().enumerate() {
                *o = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).ok()?;
            }
            return Some(Exclusion::Oui(oui));
        }
        None
    }
}

/// A line of an exclusion file that is not an exclusion.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: `{text}` is not an IP address, CIDR or MAC OUI")]
pub struct ExcludeFileError {
    pub path: PathBuf,
    pub line: usize,
    pub text: String,
}

/// Read an exclusion file: one entry per line, `#` starts a comment, blank lines are ignored.
/// The first bad line refuses the whole file: a half-read exclusion list is not safe.
pub fn read_exclude_file(path: &Path) -> Result<Vec<Exclusion>, ExcludeFileError> {
    let text = crate::fsio::read_regular(path).map_err(|e| ExcludeFileError {
        path: path.to_path_buf(),
        line: 0,
        text: e.to_string(),
    })?;
    parse_exclude_text(path, &String::from_utf8_lossy(&text))
}

pub fn parse_exclude_text(path: &Path, text: &str) -> Result<Vec<Exclusion>, ExcludeFileError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw
            .split('#')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        match Exclusion::parse(line) {
            Some(e) => out.push(e),
            None => {
                return Err(ExcludeFileError {
                    path: path.to_path_buf(),
                    line: i + 1,
                    text: line.to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// Every exclusion of a plan, ready for the checks done before each frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exclusions {
    ips: HashSet<Ipv4Addr>,
    nets: Vec<Ipv4Net>,
    ouis: Vec<[u8; 3]>,
    macs: Vec<Mac>,
}

impl Exclusions {
    pub fn new(list: &[Exclusion]) -> Exclusions {
        let mut e = Exclusions::default();
        for x in list {
            match *x {
                Exclusion::Ip(ip) => {
                    e.ips.insert(ip);
                }
                Exclusion::Net(n) => e.nets.push(n),
                Exclusion::Oui(o) => e.ouis.push(o),
                Exclusion::Mac(m) => e.macs.push(m),
            }
        }
        e
    }

    pub fn excludes_ip(&self, ip: Ipv4Addr) -> bool {
        self.ips.contains(&ip) || self.nets.iter().any(|n| n.contains(&ip))
    }

    pub fn excludes_mac(&self, mac: &Mac) -> bool {
        self.macs.contains(mac) || self.ouis.iter().any(|o| mac[..3] == o[..])
    }

    pub fn has_mac_rules(&self) -> bool {
        !self.ouis.is_empty() || !self.macs.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.ips.is_empty() && self.nets.is_empty() && !self.has_mac_rules()
    }
}

/// Why a plan was refused before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("`{0}` is not an IPv4 CIDR such as 192.168.1.0/24")]
    BadCidr(String),
    #[error("{cidr} has {addresses} addresses; the limit without --force is /16")]
    TooLarge { cidr: Ipv4Net, addresses: u64 },
    #[error("`{0}` is not gentle, normal, fast or a number of packets per second")]
    BadRate(String),
    #[error("`{0}` is not an IP address, CIDR or MAC OUI")]
    BadExclusion(String),
}

/// Everything an active sweep will do, fixed before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanPlan {
    pub iface: String,
    pub cidr: Ipv4Net,
    pub exclusions: Exclusions,
    pub rate: Rate,
    /// Wait for late answers after each pass.
    pub timeout: Duration,
    /// Extra passes over addresses that did not answer.
    pub retries: u32,
    /// TCP connect probes of [`crate::model::scan::REMOTE_MAINTENANCE_PORTS`] after discovery.
    pub probe_remote_maintenance: bool,
    /// SNMP v2c community for the system group of found devices.
    pub snmp_community: Option<String>,
}

/// The pre-flight estimate shown before the confirmation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Addresses that will be asked.
    pub addresses: u64,
    /// Addresses of the CIDR left out by IP/CIDR exclusions.
    pub excluded: u64,
    /// At most: every address asked in every pass.
    pub packets_max: u64,
    /// First pass plus its wait, when every device answers.
    pub seconds_min: f64,
    /// Every pass sent in full.
    pub seconds_max: f64,
    /// Remote-maintenance probes, when asked for: 10 connections per second per found host.
    pub probe_seconds_per_host: f64,
}

/// Default extra passes: one retry catches a reply lost to a busy device without doubling the
/// load on the segment more than once.
pub const DEFAULT_RETRIES: u32 = 1;

impl ScanPlan {
    /// A checked plan. `timeout` and `retries` default per rate.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        iface: &str,
        cidr: &str,
        rate: Rate,
        exclusions: &[Exclusion],
        timeout: Option<Duration>,
        retries: Option<u32>,
        force: bool,
    ) -> Result<ScanPlan, PlanError> {
        let cidr: Ipv4Net = cidr
            .trim()
            .parse()
            .map_err(|_| PlanError::BadCidr(cidr.to_string()))?;
        let cidr = cidr.trunc();
        if cidr.prefix_len() < MAX_PREFIX_LEN_WITHOUT_FORCE && !force {
            return Err(PlanError::TooLarge {
                cidr,
                addresses: host_count(cidr),
            });
        }
        Ok(ScanPlan {
            iface: iface.to_string(),
            cidr,
            exclusions: Exclusions::new(exclusions),
            rate,
            timeout: timeout.unwrap_or_else(|| rate.default_timeout()),
            retries: retries.unwrap_or(DEFAULT_RETRIES),
            probe_remote_maintenance: false,
            snmp_community: None,
        })
    }

    /// May a frame ask for `ip`? In the CIDR and not excluded. The send loop checks this for
    /// every frame, after the target list was already built from it.
    pub fn allows(&self, ip: Ipv4Addr) -> bool {
        self.cidr.contains(&ip) && !self.exclusions.excludes_ip(ip)
    }

    /// Addresses to ask, in order: the CIDR's host addresses, less exclusions, less the
    /// scanner's own addresses, less addresses whose MAC the neighbour table already knows to
    /// be excluded (so an excluded OUI is not asked even once when the OS has seen it).
    pub fn targets(&self, own: &[Ipv4Addr], known: &[(Ipv4Addr, Mac)]) -> (Vec<Ipv4Addr>, u64) {
        let known_excluded: HashSet<Ipv4Addr> = known
            .iter()
            .filter(|(_, m)| self.exclusions.excludes_mac(m))
            .map(|(ip, _)| *ip)
            .collect();
        let mut out = Vec::new();
        let mut left_out = 0u64;
        for ip in self.cidr.hosts() {
            if !self.allows(ip) || own.contains(&ip) || known_excluded.contains(&ip) {
                left_out += 1;
            } else {
                out.push(ip);
            }
        }
        (out, left_out)
    }

    /// `own`: the scanner's addresses, which are never asked (empty when not known yet).
    pub fn estimate(&self, own: &[Ipv4Addr]) -> Estimate {
        let (targets, excluded) = self.targets(own, &[]);
        let addresses = targets.len() as u64;
        let passes = u64::from(self.retries) + 1;
        let send = |n: u64| match self.rate.pps() {
            Some(pps) => n as f64 / f64::from(pps),
            // Unpaced: a few microseconds per frame on a gigabit link.
            None => n as f64 * 10e-6,
        };
        let wait = self.timeout.as_secs_f64();
        Estimate {
            addresses,
            excluded,
            packets_max: addresses * passes,
            seconds_min: send(addresses) + wait * passes as f64,
            seconds_max: (send(addresses) + wait) * passes as f64,
            probe_seconds_per_host: if self.probe_remote_maintenance {
                crate::model::scan::REMOTE_MAINTENANCE_PORTS.len() as f64
                    / probe::CONNECTIONS_PER_SECOND as f64
            } else {
                0.0
            },
        }
    }
}

/// A network interface a sweep could go out of, as the TUI offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceInfo {
    pub name: String,
    /// Administratively up with a link.
    pub up: bool,
    pub ipv4: Vec<Ipv4Net>,
}

impl InterfaceInfo {
    /// The CIDR proposed for a sweep: the network of the interface's first IPv4 address. A
    /// network larger than /16 (a /8 on a flat hospital LAN) is cut to the /24 around the
    /// address, because the whole of it would be refused and would take days at the gentle rate.
    pub fn proposed_cidr(&self) -> Option<Ipv4Net> {
        let net = *self.ipv4.first()?;
        let prefix = if net.prefix_len() < MAX_PREFIX_LEN_WITHOUT_FORCE {
            24
        } else {
            net.prefix_len()
        };
        Ipv4Net::new(net.addr(), prefix).ok().map(|n| n.trunc())
    }
}

/// Host addresses in a CIDR (without network and broadcast address for prefixes up to /30).
pub fn host_count(cidr: Ipv4Net) -> u64 {
    let all = 1u64 << (32 - u32::from(cidr.prefix_len()));
    if cidr.prefix_len() >= 31 {
        all
    } else {
        all - 2
    }
}

/// Sends raw Ethernet frames. `Send` so the sweep can run on a worker thread.
pub trait FrameTx: Send {
    fn send(&mut self, frame: &[u8]) -> io::Result<()>;
    /// Is the interface still up? Checked about twice a second during the sweep.
    fn is_up(&mut self) -> bool;
}

/// Receives raw Ethernet frames.
pub trait FrameRx: Send {
    /// The next frame, or `None` when nothing arrived within a short poll interval (tens of
    /// milliseconds), so the receiving thread can notice the end of the sweep.
    fn recv(&mut self) -> io::Result<Option<Vec<u8>>>;
}

/// An open layer-2 channel on one interface: what the sweep needs from the platform.
pub trait Link {
    fn name(&self) -> &str;
    fn mac(&self) -> Mac;
    /// The interface's IPv4 addresses.
    fn ipv4(&self) -> Vec<Ipv4Net>;
    fn split(self: Box<Self>) -> (Box<dyn FrameTx>, Box<dyn FrameRx>);
}

/// Why an active sweep could not run or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(
        "opening a raw socket on {iface} needs CAP_NET_RAW (Linux) or Npcap and administrator rights (Windows)"
    )]
    NoPrivilege { iface: String },
    #[error("no network interface `{name}` (known: {known})")]
    UnknownInterface { name: String, known: String },
    #[error("interface {0} is down")]
    InterfaceDown(String),
    #[error("interface {0} has no MAC address")]
    NoMac(String),
    #[error("interface {0} has no IPv4 address")]
    NoIpv4(String),
    #[error("raw socket on {iface}: {source}")]
    Io { iface: String, source: io::Error },
    /// This kensa was built without the `scan` feature.
    #[error("this kensa was built without the active scan (cargo feature `scan`)")]
    NotBuilt,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(cidr: &str, excl: &[&str]) -> ScanPlan {
        let ex: Vec<Exclusion> = excl.iter().map(|e| Exclusion::parse(e).unwrap()).collect();
        ScanPlan::new("lab0", cidr, Rate::Gentle, &ex, None, None, false).unwrap()
    }

    #[test]
    fn rates() {
        assert_eq!(Rate::parse("gentle"), Some(Rate::Gentle));
        assert_eq!(Rate::parse("FAST"), Some(Rate::Fast));
        assert_eq!(Rate::parse("250"), Some(Rate::Pps(250)));
        assert_eq!(Rate::parse("0"), None);
        assert_eq!(Rate::parse("-5"), None);
        assert_eq!(Rate::parse("quick"), None);
        assert_eq!(Rate::Gentle.pps(), Some(100));
        assert_eq!(Rate::Normal.pps(), Some(500));
        assert_eq!(Rate::Fast.pps(), None);
    }

    #[test]
    fn exclusions_parse() {
        use Exclusion as E;
        assert_eq!(
            E::parse("198.18.0.5"),
            Some(E::Ip(Ipv4Addr::new(198, 18, 0, 5)))
        );
        assert_eq!(
            E::parse("198.18.0.77/24"),
            Some(E::Net("198.18.0.0/24".parse().unwrap()))
        );
        assert_eq!(E::parse("00:1b:2c"), Some(E::Oui([0, 0x1b, 0x2c])));
        assert_eq!(E::parse("00-1B-2C"), Some(E::Oui([0, 0x1b, 0x2c])));
        assert_eq!(E::parse("001b2c"), Some(E::Oui([0, 0x1b, 0x2c])));
        assert_eq!(
            E::parse("00:1b:2c:00:00:01"),
            Some(E::Mac([0, 0x1b, 0x2c, 0, 0, 1]))
        );
        for bad in [
            "",
            "198.18.0",
            "198.18.0.0/33",
            "00:1b",
            "0:1b:2c",
            "zz:1b:2c",
            "host",
        ] {
            assert_eq!(E::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn exclude_file_names_the_bad_line() {
        let p = Path::new("ex.txt");
        let ok = parse_exclude_text(p, "# modalities\n198.18.0.5\n\n00:1b:2c  # CT vendor\n");
        assert_eq!(ok.unwrap().len(), 2);
        let err = parse_exclude_text(p, "198.18.0.5\n198.18.0.300\n").unwrap_err();
        assert_eq!((err.line, err.text.as_str()), (2, "198.18.0.300"));
        assert_eq!(
            err.to_string(),
            "ex.txt:2: `198.18.0.300` is not an IP address, CIDR or MAC OUI"
        );
    }

    #[test]
    fn larger_than_16_needs_force() {
        let r = ScanPlan::new("x", "10.0.0.0/15", Rate::Gentle, &[], None, None, false);
        assert!(matches!(
            r,
            Err(PlanError::TooLarge {
                addresses: 131_070,
                ..
            })
        ));
        assert!(ScanPlan::new("x", "10.0.0.0/15", Rate::Gentle, &[], None, None, true).is_ok());
        assert!(ScanPlan::new("x", "10.0.0.0/16", Rate::Gentle, &[], None, None, false).is_ok());
        assert!(matches!(
            ScanPlan::new("x", "10.0.0.0", Rate::Gentle, &[], None, None, false),
            Err(PlanError::BadCidr(_))
        ));
        assert!(matches!(
            ScanPlan::new("x", "2001:db8::/64", Rate::Gentle, &[], None, None, false),
            Err(PlanError::BadCidr(_))
        ));
    }

    #[test]
    fn targets_skip_exclusions_own_address_and_known_ouis() {
        let p = plan(
            "198.18.0.0/24",
            &["198.18.0.5", "198.18.0.16/28", "00:1b:2c"],
        );
        let own = [Ipv4Addr::new(198, 18, 0, 1)];
        let known = [
            (Ipv4Addr::new(198, 18, 0, 9), [0, 0x1b, 0x2c, 1, 2, 3]),
            (Ipv4Addr::new(198, 18, 0, 10), [0, 0x1b, 0x2d, 1, 2, 3]),
        ];
        let (t, left_out) = p.targets(&own, &known);
        assert_eq!(t.len() + left_out as usize, 254);
        assert_eq!(left_out, 1 + 16 + 1 + 1);
        for ip in [1, 5, 9, 16, 31] {
            assert!(!t.contains(&Ipv4Addr::new(198, 18, 0, ip)), "{ip}");
        }
        assert!(t.contains(&Ipv4Addr::new(198, 18, 0, 10)));
        assert!(t.iter().all(|ip| p.allows(*ip)));
        assert!(!p.allows(Ipv4Addr::new(198, 19, 0, 1)));
    }

    #[test]
    fn proposed_cidr_is_the_interface_network_cut_to_24_when_larger_than_16() {
        let info = |nets: &[&str]| InterfaceInfo {
            name: "eth0".into(),
            up: true,
            ipv4: nets.iter().map(|n| n.parse().unwrap()).collect(),
        };
        let p = |nets: &[&str]| info(nets).proposed_cidr().map(|n| n.to_string());
        assert_eq!(p(&["198.18.3.7/24"]).as_deref(), Some("198.18.3.0/24"));
        assert_eq!(p(&["198.18.3.7/16"]).as_deref(), Some("198.18.0.0/16"));
        assert_eq!(p(&["10.1.2.3/8"]).as_deref(), Some("10.1.2.0/24"));
        assert_eq!(
            p(&["198.18.3.7/30", "10.0.0.1/8"]).as_deref(),
            Some("198.18.3.4/30")
        );
        assert_eq!(p(&[]), None);
    }

    #[test]
    fn estimate() {
        let mut p = plan("198.18.0.0/24", &["198.18.0.0/25"]);
        p.retries = 1;
        let e = p.estimate(&[]);
        assert_eq!((e.addresses, e.excluded), (127, 127));
        assert_eq!(e.packets_max, 254);
        // 127 frames at 100/s plus one second of waiting per pass.
        assert!((e.seconds_min - 3.27).abs() < 1e-9, "{}", e.seconds_min);
        assert!((e.seconds_max - 4.54).abs() < 1e-9, "{}", e.seconds_max);
        assert_eq!(host_count("198.18.0.0/16".parse().unwrap()), 65_534);
        assert_eq!(host_count("198.18.0.0/31".parse().unwrap()), 2);
    }
}
