//! Facts about the machine kensa runs on, for the 機器台帳 and checklist items 2(1), 2(4)–2(9).
//!
//! One interface, [`Collector`], with one implementation per OS: [`linux::LinuxCollector`]
//! reads files under `/etc`, `/proc` and `/var` directly; [`windows::WindowsCollector`] runs one
//! built-in PowerShell script that prints JSON and parses it in Rust. Both parsers are plain
//! functions compiled on every OS, so their tests run here on recorded inputs. What sysinfo
//! gives (host name, kernel, architecture, DMI, interfaces, processes) comes from sysinfo.
//!
//! A fact that cannot be read is reported as `unsupported`, `needs_privilege` or `error`,
//! never left out. Collecting needs no database and no administrator rights (agent mode).

pub mod linux;
pub mod windows;

use std::collections::BTreeMap;

use crate::model::host::{
    Account, AntiMalware, Fact, FirewallState, HOST_SCHEMA, HostReport, Identity, Interface,
    ListeningPort, LoggingState, PasswordPolicy, Reason, RemoteAccess, Service, Software, TimeSync,
    Updates,
};

/// One OS's way of reading each group of facts. Every method has a default saying the group
/// is not supported, so a new OS starts honest and fills in what it can.
pub trait Collector {
    /// `true` when running as root / administrator.
    fn privileged(&self) -> bool;
    fn identity(&self) -> Identity;
    fn interfaces(&self) -> Fact<Vec<Interface>> {
        sysinfo_interfaces()
    }
    fn accounts(&self) -> Fact<Vec<Account>> {
        unsupported()
    }
    fn software(&self) -> Fact<Software> {
        unsupported()
    }
    fn updates(&self) -> Fact<Updates> {
        unsupported()
    }
    fn services(&self) -> Fact<Vec<Service>> {
        unsupported()
    }
    fn listening(&self) -> Fact<Vec<ListeningPort>> {
        unsupported()
    }
    fn firewall(&self) -> Fact<Vec<FirewallState>> {
        unsupported()
    }
    fn logging(&self) -> Fact<Vec<LoggingState>> {
        unsupported()
    }
    fn anti_malware(&self) -> Fact<Vec<AntiMalware>> {
        unsupported()
    }
    fn time_sync(&self) -> Fact<TimeSync> {
        unsupported()
    }
    fn password_policy(&self) -> Fact<PasswordPolicy> {
        unsupported()
    }
    fn remote_access(&self) -> Fact<RemoteAccess> {
        unsupported()
    }
}

fn unsupported<T>() -> Fact<T> {
    Fact::unsupported(
        Reason::NotCollectedOnThisOs,
        format!(
            "not collected on {} by this version of kensa",
            std::env::consts::OS
        ),
    )
}

/// A collector for an OS kensa has no specific code for: sysinfo's identity and interfaces.
struct GenericCollector;

impl Collector for GenericCollector {
    fn privileged(&self) -> bool {
        false
    }
    fn identity(&self) -> Identity {
        sysinfo_identity()
    }
}

/// The collector for the OS this binary runs on.
pub fn platform_collector() -> Box<dyn Collector> {
    match std::env::consts::OS {
        "linux" => Box::new(linux::LinuxCollector::new()),
        "windows" => Box::new(windows::WindowsCollector::new()),
        _ => Box::new(GenericCollector),
    }
}

/// Collect every fact with `c`.
pub fn collect_with(c: &dyn Collector) -> HostReport {
    HostReport {
        schema: HOST_SCHEMA.to_string(),
        kensa_version: env!("CARGO_PKG_VERSION").to_string(),
        collected_at: jiff::Timestamp::now().to_string(),
        platform: std::env::consts::OS.to_string(),
        privileged: c.privileged(),
        identity: c.identity(),
        interfaces: c.interfaces(),
        accounts: c.accounts(),
        software: c.software(),
        updates: c.updates(),
        services: c.services(),
        listening: c.listening(),
        firewall: c.firewall(),
        logging: c.logging(),
        anti_malware: c.anti_malware(),
        time_sync: c.time_sync(),
        password_policy: c.password_policy(),
        remote_access: c.remote_access(),
    }
}

/// Collect every fact about this machine.
pub fn collect() -> HostReport {
    collect_with(platform_collector().as_ref())
}

/// A fact of one type that has no value as the same fact of another type (a section that
/// failed, given to each field read from it).
pub(crate) fn retag<T>(f: &Fact<()>) -> Fact<T> {
    f.without_value()
        .unwrap_or_else(|| Fact::error("internal: no value"))
}

/// A sysinfo result as a fact: permission problems need privilege, "unsupported" stays so.
fn from_sysinfo(what: &str, r: Result<String, sysinfo::Error>) -> Fact<String> {
    match r {
        Ok(s) if s.trim().is_empty() => Fact::unsupported(Reason::Empty, format!("{what}: empty")),
        Ok(s) => Fact::ok(s.trim().to_string()),
        Err(sysinfo::Error::Unsupported) => {
            Fact::unsupported(Reason::NotReported, format!("{what}: not available"))
        }
        Err(sysinfo::Error::Io(e)) => io_fact(what, &e),
        Err(e) => Fact::error(format!("{what}: {e}")),
    }
}

/// An I/O error as a fact: permission denied needs privilege; a missing file means the
/// machine does not have the thing (e.g. no DMI table in a container).
pub(crate) fn io_fact<T>(what: &str, e: &std::io::Error) -> Fact<T> {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => Fact::needs_privilege(
            Reason::PermissionDenied,
            format!("{what}: permission denied"),
        ),
        std::io::ErrorKind::NotFound => {
            Fact::unsupported(Reason::NotPresent, format!("{what}: not present"))
        }
        _ => Fact::error(format!("{what}: {e}")),
    }
}

/// Identity as far as sysinfo knows it, for every OS.
pub fn sysinfo_identity() -> Identity {
    use sysinfo::{Product, System};
    Identity {
        host_name: from_sysinfo("host name", System::host_name()),
        os_name: from_sysinfo("OS name", System::name()),
        os_version: from_sysinfo("OS version", System::os_version()),
        os_build: from_sysinfo("kernel", System::kernel_version()),
        architecture: Fact::ok(System::cpu_arch()),
        manufacturer: from_sysinfo("manufacturer", Product::vendor_name()),
        model: from_sysinfo("model", Product::name()),
        serial: from_sysinfo("serial number", Product::serial_number()),
    }
}

/// Network interfaces with MAC and addresses, sorted by name.
pub fn sysinfo_interfaces() -> Fact<Vec<Interface>> {
    let networks = match sysinfo::Networks::new_with_refreshed_list() {
        Ok(n) => n,
        Err(sysinfo::Error::Unsupported) => {
            return Fact::unsupported(Reason::NotReported, "network interfaces");
        }
        Err(e) => return Fact::error(format!("network interfaces: {e}")),
    };
    let mut out: BTreeMap<String, Interface> = BTreeMap::new();
    for (name, data) in &networks {
        let mac = data.mac_address();
        let mac = (!mac.is_unspecified()).then(|| mac.to_string().to_ascii_lowercase());
        let mut ipv4 = Vec::new();
        let mut ipv6 = Vec::new();
        for n in data.ip_networks() {
            match n.addr {
                std::net::IpAddr::V4(a) => ipv4.push(a.to_string()),
                std::net::IpAddr::V6(a) => ipv6.push(a.to_string()),
            }
        }
        ipv4.sort();
        ipv6.sort();
        let name = name.to_string_lossy().into_owned();
        out.insert(
            name.clone(),
            Interface {
                name,
                mac,
                ipv4,
                ipv6,
            },
        );
    }
    Fact::ok(out.into_values().collect())
}

/// Running processes: pid → name.
pub fn process_table() -> BTreeMap<u32, String> {
    use sysinfo::{ProcessRefreshKind, ProcessesToUpdate, System};
    let mut sys = match System::new() {
        Ok(s) => s,
        Err(_) => return BTreeMap::new(),
    };
    sys.refresh_processes_specifics(ProcessesToUpdate::All, true, ProcessRefreshKind::nothing());
    sys.processes()
        .iter()
        .map(|(pid, p)| (pid.as_u32(), p.name().to_string_lossy().into_owned()))
        .collect()
}

/// Days from `date` (YYYY-MM-DD) to `today`, for password age.
pub(crate) fn days_since(date: &str, today: jiff::civil::Date) -> Option<i64> {
    let d: jiff::civil::Date = date.parse().ok()?;
    let span = d.until(today).ok()?;
    Some(i64::from(span.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_machine_collects_without_panicking_and_round_trips() {
        let r = collect();
        assert_eq!(r.schema, HOST_SCHEMA);
        let json = serde_json::to_string(&r).unwrap();
        let back: HostReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn days() {
        assert_eq!(
            days_since("2025-01-01", jiff::civil::date(2025, 1, 31)),
            Some(30)
        );
        assert_eq!(days_since("garbage", jiff::civil::date(2025, 1, 31)), None);
    }
}
