//! Linux: facts read straight from the files the system keeps (`/etc/os-release`, `/etc/passwd`,
//! `/etc/group`, `/etc/shadow`, `/var/log/lastlog`, the dpkg database, `/proc/net/*`), plus
//! `rpm`, `systemctl`, `nft`, `iptables` and `timedatectl` where the file is not enough.
//! Parsers are pure functions over the file contents, tested on recorded samples.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use super::{Collector, io_fact, process_table, retag, sysinfo_identity};
use crate::model::host::{
    Account, AntiMalware, Fact, FirewallState, Identity, ListeningPort, LoggingState, Package,
    PasswordPolicy, ProcessRef, Reason, Service, Software, TimeSync, Updates,
};

pub struct LinuxCollector {
    root: bool,
    processes: BTreeMap<u32, String>,
    today: jiff::civil::Date,
}

impl Default for LinuxCollector {
    fn default() -> Self {
        Self::new()
    }
}

impl LinuxCollector {
    pub fn new() -> LinuxCollector {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        LinuxCollector {
            root: effective_uid(&status) == Some(0),
            processes: process_table(),
            today: jiff::Zoned::now().date(),
        }
    }

    fn running(&self, name: &str) -> bool {
        self.processes.values().any(|p| p == name)
    }
}

/// The effective uid from `/proc/self/status` (`Uid: real effective saved fs`).
pub fn effective_uid(status: &str) -> Option<u32> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
}

fn read(path: &str) -> Result<String, Fact<()>> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| io_fact(path, &e))
}

/// Output of a command, or why there is none.
fn run(program: &str, args: &[&str]) -> Result<String, Fact<()>> {
    match Command::new(program).args(args).output() {
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) => {
            let err = String::from_utf8_lossy(&o.stderr).trim().to_string();
            let lower = err.to_lowercase();
            if lower.contains("permission denied") || lower.contains("operation not permitted") {
                Err(Fact::needs_privilege(
                    Reason::PermissionDenied,
                    format!("{program}: {err}"),
                ))
            } else {
                Err(Fact::error(format!("{program}: {err}")))
            }
        }
        Err(e) => Err(io_fact(program, &e)),
    }
}

fn on_path(program: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .any(|d| d.join(program).is_file())
}

/// `KEY=value` lines of `/etc/os-release`, quotes removed.
pub fn parse_os_release(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            (k.trim().to_string(), v.to_string())
        })
        .collect()
}

/// One `/etc/passwd` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswdEntry {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub shell: String,
}

pub fn parse_passwd(text: &str) -> Vec<PasswdEntry> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            if f.len() < 7 {
                return None;
            }
            Some(PasswdEntry {
                name: f[0].to_string(),
                uid: f[2].parse().ok()?,
                gid: f[3].parse().ok()?,
                shell: f[6].to_string(),
            })
        })
        .collect()
}

/// `/etc/group`: group name → (gid, members).
pub fn parse_group(text: &str) -> HashMap<String, (u32, Vec<String>)> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            if f.len() < 4 {
                return None;
            }
            let members = f[3]
                .split(',')
                .filter(|m| !m.is_empty())
                .map(str::to_string)
                .collect();
            Some((f[0].to_string(), (f[2].parse().ok()?, members)))
        })
        .collect()
}

/// One `/etc/shadow` entry: is the password locked or absent, when was it last changed, and
/// has the account expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShadowEntry {
    /// `!…` (locked) or `*` / `!` (no password login possible).
    pub locked: bool,
    /// Days since 1970-01-01 of the last change; `None` when empty or 0 (must change).
    pub last_change_days: Option<i64>,
    /// Days since 1970-01-01 after which the account is disabled.
    pub expire_days: Option<i64>,
}

pub fn parse_shadow(text: &str) -> HashMap<String, ShadowEntry> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            if f.len() < 8 {
                return None;
            }
            let days = |s: &str| s.parse::<i64>().ok().filter(|d| *d > 0);
            Some((
                f[0].to_string(),
                ShadowEntry {
                    locked: f[1].starts_with('!') || f[1].starts_with('*'),
                    last_change_days: days(f[2]),
                    expire_days: days(f[7]),
                },
            ))
        })
        .collect()
}

/// Size of one `struct lastlog` record on Linux/glibc: 32-bit time, 32-byte line, 256-byte host.
const LASTLOG_RECORD: usize = 4 + 32 + 256;

/// Last login time (seconds since the epoch) of `uid` from the `/var/log/lastlog` contents;
/// `None` when never logged in.
pub fn lastlog_time(lastlog: &[u8], uid: u32) -> Option<i64> {
    let at = (uid as usize).checked_mul(LASTLOG_RECORD)?;
    let bytes: [u8; 4] = lastlog.get(at..at + 4)?.try_into().ok()?;
    let t = u32::from_le_bytes(bytes);
    (t != 0).then_some(i64::from(t))
}

/// Installed packages from the dpkg status database, as `dpkg-query -W` lists them (every
/// package not in state `not-installed`, so `config-files` remnants are included and marked).
pub fn parse_dpkg_status(text: &str) -> Vec<Package> {
    let mut out = Vec::new();
    for stanza in text.split("\n\n") {
        let mut name = None;
        let mut version = String::new();
        let mut arch = None;
        let mut state = None;
        for line in stanza.lines() {
            if let Some(v) = line.strip_prefix("Package: ") {
                name = Some(v.trim().to_string());
            } else if let Some(v) = line.strip_prefix("Version: ") {
                version = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("Architecture: ") {
                arch = Some(v.trim().to_string());
            } else if let Some(v) = line.strip_prefix("Status: ") {
                state = v.split_whitespace().nth(2).map(str::to_string);
            }
        }
        if let (Some(name), Some(state)) = (name, state)
            && state != "not-installed"
        {
            out.push(Package {
                name,
                version,
                arch,
                publisher: None,
                state: Some(state),
                installed_on: None,
            });
        }
    }
    out.sort_by(|a, b| (&a.name, &a.arch).cmp(&(&b.name, &b.arch)));
    out
}

/// The time of the newest `install` or `upgrade` in a dpkg log (`2025-10-01 09:39:01 upgrade …`).
pub fn last_dpkg_upgrade(log: &str) -> Option<String> {
    log.lines()
        .filter(|l| {
            let mut w = l.split_whitespace().skip(2);
            matches!(w.next(), Some("install" | "upgrade"))
        })
        .filter_map(|l| l.get(..19))
        .max()
        .map(str::to_string)
}

/// Lines of `rpm -qa --qf '%{NAME}\t%{VERSION}-%{RELEASE}\t%{ARCH}\t%{VENDOR}\t%{INSTALLTIME}\n'`.
pub fn parse_rpm(text: &str) -> (Vec<Package>, Option<i64>) {
    let mut newest = None;
    let mut out: Vec<Package> = text
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() < 5 {
                return None;
            }
            let t: Option<i64> = f[4].trim().parse().ok();
            newest = newest.max(t);
            let installed_on = t
                .and_then(|t| jiff::Timestamp::from_second(t).ok())
                .map(|ts| ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string());
            Some(Package {
                name: f[0].to_string(),
                version: f[1].to_string(),
                arch: Some(f[2].to_string()).filter(|a| a != "(none)"),
                publisher: Some(f[3].to_string()).filter(|v| v != "(none)" && !v.is_empty()),
                state: None,
                installed_on,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.name, &a.arch).cmp(&(&b.name, &b.arch)));
    (out, newest)
}

/// A socket from `/proc/net/{tcp,tcp6,udp,udp6}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcSocket {
    pub address: String,
    pub port: u16,
    pub state: u8,
    pub inode: u64,
}

/// Lines of a `/proc/net/tcp`-style table. Addresses are hex in the kernel's byte order: each
/// 32-bit word little-endian on the machines kensa runs on (x86, ARM).
pub fn parse_proc_net(text: &str, v6: bool) -> Vec<ProcSocket> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            if f.len() < 10 {
                return None;
            }
            let (addr_hex, port_hex) = f[1].split_once(':')?;
            let port = u16::from_str_radix(port_hex, 16).ok()?;
            let state = u8::from_str_radix(f[3], 16).ok()?;
            let inode = f[9].parse().ok()?;
            let address = if v6 {
                if addr_hex.len() != 32 || !addr_hex.is_ascii() {
                    return None;
                }
                let mut bytes = [0u8; 16];
                for w in 0..4 {
                    let word = u32::from_str_radix(&addr_hex[w * 8..w * 8 + 8], 16).ok()?;
                    bytes[w * 4..w * 4 + 4].copy_from_slice(&word.to_le_bytes());
                }
                std::net::Ipv6Addr::from(bytes).to_string()
            } else {
                let word = u32::from_str_radix(addr_hex, 16).ok()?;
                std::net::Ipv4Addr::from(word.to_le_bytes()).to_string()
            };
            Some(ProcSocket {
                address,
                port,
                state,
                inode,
            })
        })
        .collect()
}

/// `socket:[12345]` link targets of `/proc/PID/fd/*` → (inode → pid). Only the processes this
/// user may inspect are seen (all of them as root).
fn socket_owners() -> HashMap<u64, u32> {
    let mut out = HashMap::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path())
                && let Some(inode) = target
                    .to_str()
                    .and_then(|t| t.strip_prefix("socket:["))
                    .and_then(|t| t.strip_suffix(']'))
                    .and_then(|t| t.parse::<u64>().ok())
            {
                out.entry(inode).or_insert(pid);
            }
        }
    }
    out
}

/// `systemctl list-units --type=service --state=running --no-legend --plain --no-pager` lines:
/// `unit load active sub description…`.
pub fn parse_systemctl_units(text: &str) -> Vec<Service> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let unit = f.next()?;
            let (_load, _active, sub) = (f.next()?, f.next()?, f.next()?);
            let description = f.collect::<Vec<_>>().join(" ");
            Some(Service {
                name: unit.strip_suffix(".service").unwrap_or(unit).to_string(),
                description,
                state: sub.to_string(),
            })
        })
        .collect()
}

/// `ENABLED=yes` in `/etc/ufw/ufw.conf`.
pub fn ufw_enabled(conf: &str) -> Option<bool> {
    parse_os_release(conf)
        .get("ENABLED")
        .map(|v| v.eq_ignore_ascii_case("yes"))
}

/// Filtering rules in `nft list ruleset`: chains hooked into input/forward with rules or a
/// drop policy count as an active firewall.
pub fn nft_active(ruleset: &str) -> (bool, usize) {
    let mut rules = 0;
    let mut filtering = false;
    for l in ruleset.lines().map(str::trim) {
        if l.starts_with("type filter hook input") || l.starts_with("type filter hook forward") {
            if l.contains("policy drop") {
                filtering = true;
            }
        } else if !l.is_empty()
            && !l.starts_with("table ")
            && !l.starts_with("chain ")
            && !l.starts_with("type ")
            && l != "}"
        {
            rules += 1;
        }
    }
    (filtering || rules > 0, rules)
}

/// `iptables -S`: a non-ACCEPT policy or any appended rule counts as active.
pub fn iptables_active(rules: &str) -> (bool, usize) {
    let appended = rules.lines().filter(|l| l.starts_with("-A ")).count();
    let strict_policy = rules
        .lines()
        .any(|l| l.starts_with("-P ") && !l.ends_with(" ACCEPT"));
    (appended > 0 || strict_policy, appended)
}

/// Known anti-malware daemons by process name.
const ANTI_MALWARE: [(&str, &str); 12] = [
    ("clamd", "ClamAV"),
    ("clamonacc", "ClamAV on-access"),
    ("freshclam", "ClamAV signature updater"),
    ("falcon-sensor", "CrowdStrike Falcon"),
    ("wdavdaemon", "Microsoft Defender for Endpoint"),
    ("mdatp", "Microsoft Defender for Endpoint"),
    ("esets_daemon", "ESET"),
    ("savd", "Sophos"),
    ("ds_agent", "Trend Micro Deep Security"),
    ("SentinelAgent", "SentinelOne"),
    ("elastic-endpoint", "Elastic Defend"),
    ("cbagentd", "VMware Carbon Black"),
];

impl Collector for LinuxCollector {
    fn privileged(&self) -> bool {
        self.root
    }

    fn identity(&self) -> Identity {
        let mut id = sysinfo_identity();
        // sysinfo reports a missing DMI table as a generic error; the files say exactly why.
        let dmi = |file: &str| -> Fact<String> {
            let path = format!("/sys/class/dmi/id/{file}");
            if !Path::new("/sys/class/dmi/id").exists() {
                return Fact::unsupported(
                    Reason::NoDmi,
                    "no DMI table (/sys/class/dmi/id): a container, or hardware without SMBIOS",
                );
            }
            match std::fs::read_to_string(&path) {
                Ok(s) if s.trim().is_empty() => {
                    Fact::unsupported(Reason::Empty, format!("{path}: empty"))
                }
                Ok(s) => Fact::ok(s.trim().to_string()),
                Err(e) => io_fact(&path, &e),
            }
        };
        id.manufacturer = dmi("sys_vendor");
        id.model = dmi("product_name");
        id.serial = dmi("product_serial");
        match read("/etc/os-release").or_else(|_| read("/usr/lib/os-release")) {
            Ok(text) => {
                let rel = parse_os_release(&text);
                if let Some(name) = rel.get("NAME") {
                    id.os_name = Fact::ok(name.clone());
                }
                match rel.get("VERSION").or_else(|| rel.get("VERSION_ID")) {
                    Some(v) => id.os_version = Fact::ok(v.clone()),
                    // Rolling releases (Arch, Debian sid) have no version.
                    None => {
                        id.os_version =
                            Fact::unsupported(Reason::NotReported, "os-release has no VERSION")
                    }
                }
            }
            Err(f) => {
                id.os_name = retag(&f);
                id.os_version = retag(&f);
            }
        }
        id
    }

    fn accounts(&self) -> Fact<Vec<Account>> {
        let passwd = match read("/etc/passwd") {
            Ok(t) => parse_passwd(&t),
            Err(f) => return retag(&f),
        };
        let groups = read("/etc/group")
            .map(|t| parse_group(&t))
            .unwrap_or_default();
        let shadow = read("/etc/shadow").map(|t| parse_shadow(&t));
        let lastlog = std::fs::read("/var/log/lastlog");
        // Membership in these groups grants root through sudo or polkit.
        let admin_groups = ["sudo", "wheel", "admin", "root"];
        let admin_gids: BTreeSet<u32> = admin_groups
            .iter()
            .filter_map(|g| groups.get(*g).map(|(gid, _)| *gid))
            .collect();
        let today = self.today;
        let accounts = passwd
            .into_iter()
            .map(|p| {
                let administrator = p.uid == 0
                    || admin_gids.contains(&p.gid)
                    || admin_groups.iter().any(|g| {
                        groups
                            .get(*g)
                            .is_some_and(|(_, members)| members.contains(&p.name))
                    });
                let no_shell = p.shell.ends_with("/nologin") || p.shell.ends_with("/false");
                let entry = shadow
                    .as_ref()
                    .map(|s| s.get(&p.name).cloned())
                    .map_err(|f| (*f).clone());
                let epoch_date = |days: i64| {
                    jiff::civil::date(1970, 1, 1)
                        .checked_add(jiff::Span::new().days(days))
                        .ok()
                };
                let disabled = match (&entry, no_shell) {
                    (_, true) => Fact::ok(true),
                    (Ok(Some(e)), false) => Fact::ok(
                        e.locked
                            || e.expire_days
                                .and_then(epoch_date)
                                .is_some_and(|d| d <= today),
                    ),
                    (Ok(None), false) => Fact::ok(false),
                    (Err(f), false) => retag(f),
                };
                let password_last_set: Fact<Option<String>> = match &entry {
                    Ok(Some(e)) => Fact::ok(
                        e.last_change_days
                            .and_then(epoch_date)
                            .map(|d| d.to_string()),
                    ),
                    Ok(None) => Fact::ok(None),
                    Err(f) => retag(f),
                };
                let password_age_days = password_last_set
                    .clone()
                    .map(|d| d.and_then(|d| super::days_since(&d, today)));
                let last_login = match &lastlog {
                    Ok(bytes) => Fact::ok(
                        lastlog_time(bytes, p.uid)
                            .and_then(|t| jiff::Timestamp::from_second(t).ok())
                            .map(|t| t.to_string()),
                    ),
                    Err(e) => io_fact("/var/log/lastlog", e),
                };
                Account {
                    name: p.name,
                    id: p.uid.to_string(),
                    administrator: Fact::ok(administrator),
                    disabled,
                    last_login,
                    password_last_set,
                    password_age_days,
                }
            })
            .collect();
        Fact::ok(accounts)
    }

    fn software(&self) -> Fact<Software> {
        if Path::new("/var/lib/dpkg/status").exists() {
            return match read("/var/lib/dpkg/status") {
                Ok(t) => Fact::ok(Software {
                    source: "dpkg".into(),
                    packages: parse_dpkg_status(&t),
                }),
                Err(f) => retag(&f),
            };
        }
        if on_path("rpm") {
            return match run("rpm", &["-qa", "--qf", RPM_FORMAT]) {
                Ok(t) => Fact::ok(Software {
                    source: "rpm".into(),
                    packages: parse_rpm(&t).0,
                }),
                Err(f) => retag(&f),
            };
        }
        Fact::unsupported(
            Reason::NoPackageDatabase,
            "neither a dpkg database nor rpm found",
        )
    }

    fn updates(&self) -> Fact<Updates> {
        if Path::new("/var/lib/dpkg/status").exists() {
            let from_log = ["/var/log/dpkg.log", "/var/log/dpkg.log.1"]
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .filter_map(|t| last_dpkg_upgrade(&t))
                .max();
            // Logs rotate away; the database's modification time is the fallback.
            let last_update = from_log.or_else(|| {
                std::fs::metadata("/var/lib/dpkg/status")
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| jiff::Timestamp::try_from(t).ok())
                    .map(|t| t.to_string())
            });
            return Fact::ok(Updates {
                last_update,
                hotfixes: Vec::new(),
            });
        }
        if on_path("rpm") {
            return match run("rpm", &["-qa", "--qf", RPM_FORMAT]) {
                Ok(t) => Fact::ok(Updates {
                    last_update: parse_rpm(&t)
                        .1
                        .and_then(|s| jiff::Timestamp::from_second(s).ok())
                        .map(|t| t.to_string()),
                    hotfixes: Vec::new(),
                }),
                Err(f) => retag(&f),
            };
        }
        Fact::unsupported(
            Reason::NoPackageDatabase,
            "neither a dpkg database nor rpm found",
        )
    }

    fn services(&self) -> Fact<Vec<Service>> {
        if !Path::new("/run/systemd/system").exists() {
            return Fact::unsupported(
                Reason::NoSystemd,
                "systemd is not running (a container or another init); see listening ports for processes",
            );
        }
        match run(
            "systemctl",
            &[
                "list-units",
                "--type=service",
                "--state=running",
                "--no-legend",
                "--plain",
                "--no-pager",
            ],
        ) {
            Ok(t) => Fact::ok(parse_systemctl_units(&t)),
            Err(f) => retag(&f),
        }
    }

    fn listening(&self) -> Fact<Vec<ListeningPort>> {
        // TCP LISTEN is state 0x0A; an unconnected UDP socket (what `ss -lu` lists) is 0x07.
        let tables = [
            ("/proc/net/tcp", "tcp", false, 0x0a),
            ("/proc/net/tcp6", "tcp", true, 0x0a),
            ("/proc/net/udp", "udp", false, 0x07),
            ("/proc/net/udp6", "udp", true, 0x07),
        ];
        let owners = socket_owners();
        let mut out = Vec::new();
        for (path, proto, v6, state) in tables {
            let text = match read(path) {
                Ok(t) => t,
                // No IPv6 in this kernel: the table is simply absent.
                Err(Fact::Unsupported { .. }) if v6 => continue,
                Err(f) => return retag(&f),
            };
            for s in parse_proc_net(&text, v6)
                .into_iter()
                .filter(|s| s.state == state)
            {
                let process = match owners.get(&s.inode) {
                    Some(pid) => Fact::ok(ProcessRef {
                        pid: *pid,
                        name: self
                            .processes
                            .get(pid)
                            .cloned()
                            .or_else(|| {
                                std::fs::read_to_string(format!("/proc/{pid}/comm"))
                                    .ok()
                                    .map(|c| c.trim().to_string())
                            })
                            .unwrap_or_default(),
                    }),
                    None if !self.root => Fact::needs_privilege(
                        Reason::OtherUser,
                        "the owning process belongs to another user; run as root to see it",
                    ),
                    None => Fact::unsupported(
                        Reason::OtherNamespace,
                        "no process visible here holds the socket (another PID namespace)",
                    ),
                };
                out.push(ListeningPort {
                    protocol: proto.to_string(),
                    address: s.address,
                    port: s.port,
                    process,
                });
            }
        }
        out.sort_by(|a, b| {
            (&a.protocol, a.port, &a.address).cmp(&(&b.protocol, b.port, &b.address))
        });
        out.dedup();
        Fact::ok(out)
    }

    fn firewall(&self) -> Fact<Vec<FirewallState>> {
        let mut out = Vec::new();
        if on_path("nft") {
            let enabled = match run("nft", &["list", "ruleset"]) {
                Ok(t) => {
                    let (active, rules) = nft_active(&t);
                    out.push(FirewallState {
                        name: "nftables".into(),
                        enabled: Fact::ok(active),
                        detail: format!("{rules} rules"),
                    });
                    None
                }
                Err(_) if !self.root => Some(Fact::needs_privilege(
                    Reason::PermissionDenied,
                    "nft list ruleset needs root",
                )),
                Err(f) => Some(retag(&f)),
            };
            if let Some(enabled) = enabled {
                out.push(FirewallState {
                    name: "nftables".into(),
                    enabled,
                    detail: String::new(),
                });
            }
        }
        if on_path("iptables") {
            match run("iptables", &["-S"]) {
                Ok(t) => {
                    let (active, rules) = iptables_active(&t);
                    out.push(FirewallState {
                        name: "iptables".into(),
                        enabled: Fact::ok(active),
                        detail: format!("{rules} rules"),
                    });
                }
                Err(f) => out.push(FirewallState {
                    name: "iptables".into(),
                    enabled: if self.root {
                        retag(&f)
                    } else {
                        Fact::needs_privilege(Reason::PermissionDenied, "iptables -S needs root")
                    },
                    detail: String::new(),
                }),
            }
        }
        if let Ok(conf) = std::fs::read_to_string("/etc/ufw/ufw.conf") {
            out.push(FirewallState {
                name: "ufw".into(),
                enabled: ufw_enabled(&conf)
                    .map(Fact::ok)
                    .unwrap_or_else(|| Fact::error("/etc/ufw/ufw.conf has no ENABLED=")),
                detail: "/etc/ufw/ufw.conf".into(),
            });
        }
        Fact::ok(out)
    }

    fn logging(&self) -> Fact<Vec<LoggingState>> {
        let journal = if Path::new("/var/log/journal").is_dir() {
            "persistent (/var/log/journal)"
        } else {
            "volatile (no /var/log/journal)"
        };
        Fact::ok(vec![
            LoggingState {
                name: "journald".into(),
                running: self.running("systemd-journald"),
                detail: journal.into(),
            },
            LoggingState {
                name: "rsyslog".into(),
                running: self.running("rsyslogd"),
                detail: if Path::new("/etc/rsyslog.conf").exists() {
                    "/etc/rsyslog.conf".into()
                } else {
                    "not installed".into()
                },
            },
            LoggingState {
                name: "auditd".into(),
                running: self.running("auditd"),
                detail: if Path::new("/etc/audit/auditd.conf").exists() {
                    "/etc/audit/auditd.conf".into()
                } else {
                    "not installed".into()
                },
            },
        ])
    }

    fn anti_malware(&self) -> Fact<Vec<AntiMalware>> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (process, product) in ANTI_MALWARE {
            if self.running(process) && seen.insert(product) {
                out.push(AntiMalware {
                    name: product.to_string(),
                    running: true,
                    detail: format!("process {process}"),
                });
            }
        }
        Fact::ok(out)
    }

    fn time_sync(&self) -> Fact<TimeSync> {
        let service = ["systemd-timesyncd", "chronyd", "ntpd", "openntpd"]
            .into_iter()
            .find(|p| self.running(p))
            .map(str::to_string);
        let synchronized = if Path::new("/run/systemd/system").exists() && on_path("timedatectl") {
            match run("timedatectl", &["show", "-p", "NTPSynchronized", "--value"]) {
                Ok(t) => Fact::ok(t.trim() == "yes"),
                Err(f) => retag(&f),
            }
        } else if service.as_deref() == Some("chronyd") {
            match run("chronyc", &["tracking"]) {
                Ok(t) => Fact::ok(
                    t.lines()
                        .any(|l| l.starts_with("Leap status") && l.trim_end().ends_with("Normal")),
                ),
                Err(f) => retag(&f),
            }
        } else if service.is_none() {
            Fact::ok(false)
        } else {
            Fact::unsupported(
                Reason::NoTimeSyncTool,
                "synchronisation state needs systemd or chrony",
            )
        };
        Fact::ok(TimeSync {
            service,
            synchronized,
        })
    }

    fn password_policy(&self) -> Fact<PasswordPolicy> {
        let login_defs = std::fs::read_to_string("/etc/login.defs").ok();
        let pwquality = std::fs::read_to_string("/etc/security/pwquality.conf").ok();
        if login_defs.is_none() && pwquality.is_none() {
            return Fact::unsupported(
                Reason::NoPasswordPolicyFile,
                "neither /etc/login.defs nor /etc/security/pwquality.conf",
            );
        }
        Fact::ok(password_policy_from(
            login_defs.as_deref(),
            pwquality.as_deref(),
        ))
    }
}

/// `KEY value` lines of `/etc/login.defs` and `key = value` lines of `pwquality.conf`, comments
/// left out; keys as written.
pub fn parse_settings(text: &str) -> HashMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (k, v) = match l.split_once('=') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => l
                    .split_once(char::is_whitespace)
                    .map(|(k, v)| (k, v.trim()))?,
            };
            Some((k.to_string(), v.to_string()))
        })
        .collect()
}

/// The password policy from `login.defs` (maximum age) and `pwquality.conf` (length and
/// character classes). A value nobody set stays `None`: PAM's built-in defaults are not
/// guessed.
pub fn password_policy_from(login_defs: Option<&str>, pwquality: Option<&str>) -> PasswordPolicy {
    let mut sources = Vec::new();
    let mut p = PasswordPolicy::default();
    if let Some(t) = login_defs {
        sources.push("/etc/login.defs");
        let s = parse_settings(t);
        // 99999 days is the distributions' way of saying "never".
        p.max_age_days = s
            .get("PASS_MAX_DAYS")
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|d| *d > 0 && *d < 99_999);
    }
    if let Some(t) = pwquality {
        sources.push("/etc/security/pwquality.conf");
        let s = parse_settings(t);
        let num = |k: &str| s.get(k).and_then(|v| v.parse::<i64>().ok());
        p.min_length = num("minlen").and_then(|n| u32::try_from(n).ok());
        let classes = num("minclass").unwrap_or(0);
        let credits = ["dcredit", "ucredit", "lcredit", "ocredit"]
            .iter()
            .filter(|k| num(k).is_some_and(|n| n < 0))
            .count();
        if classes >= 2 || credits >= 2 {
            p.complexity = Some(true);
        } else if s.contains_key("minclass") {
            p.complexity = Some(false);
        }
    }
    p.source = sources.join(", ");
    p
}

const RPM_FORMAT: &str = "%{NAME}\t%{VERSION}-%{RELEASE}\t%{ARCH}\t%{VENDOR}\t%{INSTALLTIME}\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_release() {
        let r = parse_os_release(
            "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nID=debian\n",
        );
        assert_eq!(r["NAME"], "Debian GNU/Linux");
        assert_eq!(r["VERSION"], "12 (bookworm)");
        assert_eq!(r["ID"], "debian");
    }

    #[test]
    fn passwd_group_shadow() {
        let p = parse_passwd(
            "root:x:0:0:root:/root:/bin/bash\n#comment\nbroken\nyamada:x:1000:1000::/home/yamada:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n",
        );
        assert_eq!(p.len(), 3);
        assert_eq!(p[1].uid, 1000);
        let g = parse_group("sudo:x:27:yamada,sato\nusers:x:100:\n");
        assert_eq!(g["sudo"].1, ["yamada", "sato"]);
        let s = parse_shadow(
            "root:*:19000:0:99999:7:::\nyamada:$y$j9T$abc:20000:0:99999:7::20100:\nlocked:!$6$x:0:0:99999:7:::\n",
        );
        assert!(s["root"].locked);
        assert_eq!(s["yamada"].last_change_days, Some(20000));
        assert_eq!(s["yamada"].expire_days, Some(20100));
        assert!(!s["yamada"].locked);
        assert_eq!(s["locked"].last_change_days, None);
    }

    #[test]
    fn lastlog_records() {
        let mut buf = vec![0u8; LASTLOG_RECORD * 3];
        buf[LASTLOG_RECORD * 2..LASTLOG_RECORD * 2 + 4]
            .copy_from_slice(&1_700_000_000u32.to_le_bytes());
        assert_eq!(lastlog_time(&buf, 2), Some(1_700_000_000));
        assert_eq!(lastlog_time(&buf, 0), None);
        assert_eq!(lastlog_time(&buf, 99), None);
        assert_eq!(lastlog_time(&buf, u32::MAX), None);
    }

    #[test]
    fn dpkg_status_and_log() {
        let status = "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b7\n\nPackage: old\nStatus: deinstall ok config-files\nVersion: 1.0\n\nPackage: gone\nStatus: purge ok not-installed\n\nPackage: libc6\nStatus: install ok installed\nArchitecture: amd64\nMulti-Arch: same\nVersion: 2.36-9\n";
        let p = parse_dpkg_status(status);
        assert_eq!(
            p.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["bash", "libc6", "old"]
        );
        assert_eq!(p[2].state.as_deref(), Some("config-files"));
        let log = "2025-10-01 09:00:00 startup archives unpack\n2025-10-01 09:39:01 upgrade bash:amd64 5.2 5.3\n2025-10-02 10:00:00 status installed bash:amd64 5.3\n2025-09-01 08:00:00 install vim:amd64 <none> 9.0\n";
        assert_eq!(
            last_dpkg_upgrade(log).as_deref(),
            Some("2025-10-01 09:39:01")
        );
        assert_eq!(last_dpkg_upgrade("garbage\n"), None);
    }

    #[test]
    fn rpm_lines() {
        let (p, newest) = parse_rpm(
            "bash\t5.1.8-9.el9\tx86_64\tRed Hat, Inc.\t1700000000\ngpg-pubkey\tabc-def\t(none)\t(none)\t1600000000\nbad line\n",
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].installed_on.as_deref(), Some("2023-11-14"));
        assert_eq!(p[1].arch, None);
        assert_eq!(newest, Some(1_700_000_000));
    }

    #[test]
    fn proc_net_tables() {
        let tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0\n   1: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1\n   2: 0100007F:D431 0100007F:0277 01 00000000:00000000 00:00000000 00000000     0        0 0 1\n";
        let s = parse_proc_net(tcp, false);
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].address.as_str(), s[0].port, s[0].state, s[0].inode),
            ("0.0.0.0", 2024, 0x0a, 12345)
        );
        assert_eq!(s[1].address, "127.0.0.1");
        assert_eq!(s[1].port, 631);
        let tcp6 = "header\n   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 999 1\n";
        let s = parse_proc_net(tcp6, true);
        assert_eq!(s[0].address, "::1");
        assert_eq!(s[0].port, 22);
    }

    proptest::proptest! {
        /// Text parsers of system files never panic, whatever the file holds.
        #[test]
        fn parsers_never_panic(s in "(.|\n){0,300}") {
            let _ = parse_proc_net(&s, true);
            let _ = parse_proc_net(&s, false);
            let _ = parse_dpkg_status(&s);
            let _ = parse_passwd(&s);
            let _ = parse_shadow(&s);
            let _ = parse_group(&s);
            let _ = parse_rpm(&s);
            let _ = last_dpkg_upgrade(&s);
            let _ = parse_systemctl_units(&s);
            let _ = nft_active(&s);
        }
    }

    #[test]
    fn password_policy_files() {
        let p = password_policy_from(
            Some("# comment\nPASS_MAX_DAYS\t90\nPASS_MIN_LEN 5\n"),
            Some("minlen = 12\n# minclass = 1\ndcredit = -1\nucredit=-1\n"),
        );
        assert_eq!(p.max_age_days, Some(90));
        assert_eq!(p.min_length, Some(12));
        assert_eq!(p.complexity, Some(true));
        assert_eq!(p.source, "/etc/login.defs, /etc/security/pwquality.conf");
        let never = password_policy_from(Some("PASS_MAX_DAYS 99999\n"), None);
        assert_eq!(never.max_age_days, None);
        assert_eq!(never.min_length, None);
        assert_eq!(never.complexity, None);
        let weak = password_policy_from(None, Some("minclass = 1\n"));
        assert_eq!(weak.complexity, Some(false));
    }

    #[test]
    fn systemctl_and_firewalls() {
        let s = parse_systemctl_units(
            "cron.service loaded active running Regular background program processing daemon\nssh.service loaded active running OpenBSD Secure Shell server\n",
        );
        assert_eq!(s[0].name, "cron");
        assert_eq!(s[1].description, "OpenBSD Secure Shell server");
        assert_eq!(ufw_enabled("# c\nENABLED=yes\nLOGLEVEL=low\n"), Some(true));
        assert_eq!(ufw_enabled("ENABLED=no\n"), Some(false));
        let nft = "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tct state established,related accept\n\t\ttcp dport 22 accept\n\t}\n}\n";
        assert_eq!(nft_active(nft), (true, 2));
        assert_eq!(nft_active(""), (false, 0));
        assert_eq!(
            iptables_active("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n"),
            (false, 0)
        );
        assert_eq!(
            iptables_active("-P INPUT DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\n"),
            (true, 1)
        );
        assert_eq!(effective_uid("Name:\tx\nUid:\t1000\t0\t0\t0\n"), Some(0));
    }
}
