//! What `kensa collect` reports about one machine: the `kensa.host/1` document.
//!
//! Pure data, shared by the collectors (which fill it), the importer (which reads it back from
//! agent files) and the ledger (which compares it with what a person typed). Every fact is a
//! [`Fact`]: a value, or an explicit reason why there is none, so nothing is silently missing.

use serde::{Deserialize, Serialize};

/// Schema tag of a host document. The part before `/` names the format, the number after it
/// is the major version: a reader refuses any other major (fields are only ever added within one).
pub const HOST_SCHEMA: &str = "kensa.host/1";

/// One collected fact, or why it could not be collected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Fact<T> {
    Ok {
        value: T,
    },
    /// This OS or this machine has no such thing, or kensa cannot read it here.
    Unsupported {
        detail: String,
    },
    /// Readable only with more rights (root / administrator).
    NeedsPrivilege {
        detail: String,
    },
    /// Reading it failed.
    Error {
        detail: String,
    },
}

impl<T> Fact<T> {
    pub fn ok(value: T) -> Fact<T> {
        Fact::Ok { value }
    }

    pub fn unsupported(detail: impl Into<String>) -> Fact<T> {
        Fact::Unsupported {
            detail: detail.into(),
        }
    }

    pub fn needs_privilege(detail: impl Into<String>) -> Fact<T> {
        Fact::NeedsPrivilege {
            detail: detail.into(),
        }
    }

    pub fn error(detail: impl Into<String>) -> Fact<T> {
        Fact::Error {
            detail: detail.into(),
        }
    }

    pub fn value(&self) -> Option<&T> {
        match self {
            Fact::Ok { value } => Some(value),
            _ => None,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Fact<U> {
        match self {
            Fact::Ok { value } => Fact::Ok { value: f(value) },
            Fact::Unsupported { detail } => Fact::Unsupported { detail },
            Fact::NeedsPrivilege { detail } => Fact::NeedsPrivilege { detail },
            Fact::Error { detail } => Fact::Error { detail },
        }
    }

    /// `ok`, `unsupported`, `needs_privilege` or `error`, as in the JSON.
    pub fn status(&self) -> &'static str {
        match self {
            Fact::Ok { .. } => "ok",
            Fact::Unsupported { .. } => "unsupported",
            Fact::NeedsPrivilege { .. } => "needs_privilege",
            Fact::Error { .. } => "error",
        }
    }

    /// The reason when there is no value.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Fact::Ok { .. } => None,
            Fact::Unsupported { detail }
            | Fact::NeedsPrivilege { detail }
            | Fact::Error { detail } => Some(detail),
        }
    }
}

/// A whole host document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostReport {
    /// Always [`HOST_SCHEMA`] for documents this build writes.
    pub schema: String,
    /// Version of the kensa that collected it.
    pub kensa_version: String,
    /// RFC 3339 UTC.
    pub collected_at: String,
    /// `linux`, `windows` or another `std::env::consts::OS` value.
    pub platform: String,
    /// Whether the collector ran as root / administrator (facts needing it are marked otherwise).
    pub privileged: bool,
    pub identity: Identity,
    pub interfaces: Fact<Vec<Interface>>,
    pub accounts: Fact<Vec<Account>>,
    pub software: Fact<Software>,
    pub updates: Fact<Updates>,
    pub services: Fact<Vec<Service>>,
    pub listening: Fact<Vec<ListeningPort>>,
    pub firewall: Fact<Vec<FirewallState>>,
    pub logging: Fact<Vec<LoggingState>>,
    pub anti_malware: Fact<Vec<AntiMalware>>,
    pub time_sync: Fact<TimeSync>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub host_name: Fact<String>,
    /// e.g. `Debian GNU/Linux`, `Windows 11 Pro`.
    pub os_name: Fact<String>,
    /// e.g. `12 (bookworm)`, `23H2`.
    pub os_version: Fact<String>,
    /// Linux: kernel release; Windows: `CurrentBuild.UBR`, e.g. `22631.4460`.
    pub os_build: Fact<String>,
    /// e.g. `x86_64`.
    pub architecture: Fact<String>,
    pub manufacturer: Fact<String>,
    pub model: Fact<String>,
    pub serial: Fact<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    pub name: String,
    /// `aa:bb:cc:dd:ee:ff`; `None` when the interface has none (loopback, tunnels).
    pub mac: Option<String>,
    pub ipv4: Vec<String>,
    pub ipv6: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    /// Linux: uid; Windows: SID.
    pub id: String,
    pub administrator: Fact<bool>,
    pub disabled: Fact<bool>,
    /// RFC 3339 UTC; `Ok { value: null }` means never logged in.
    pub last_login: Fact<Option<String>>,
    /// `YYYY-MM-DD`; `Ok { value: null }` when never set.
    pub password_last_set: Fact<Option<String>>,
    /// Days between `password_last_set` and the collection date.
    pub password_age_days: Fact<Option<i64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Software {
    /// `dpkg`, `rpm` or `registry`.
    pub source: String,
    pub packages: Vec<Package>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub name: String,
    pub version: String,
    pub arch: Option<String>,
    /// Publisher (Windows) or vendor (rpm); `None` when not recorded.
    pub publisher: Option<String>,
    /// dpkg status (`installed`, `config-files`, …); `None` elsewhere.
    pub state: Option<String>,
    /// `YYYY-MM-DD` when known.
    pub installed_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Updates {
    /// Linux: time of the last package install/upgrade (RFC 3339 or `YYYY-MM-DD HH:MM:SS` local
    /// as the package log gives it). Windows: the newest hotfix date.
    pub last_update: Option<String>,
    /// Windows hotfixes; empty on Linux.
    pub hotfixes: Vec<Hotfix>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hotfix {
    /// e.g. `KB5044284`.
    pub id: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub installed_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub name: String,
    pub description: String,
    /// `running` for every listed service today (only running services are collected).
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListeningPort {
    /// `tcp` or `udp`.
    pub protocol: String,
    /// Local address as printed by `ss`: `0.0.0.0`, `::`, `127.0.0.1`, …
    pub address: String,
    pub port: u16,
    pub process: Fact<ProcessRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessRef {
    pub pid: u32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirewallState {
    /// `nftables`, `iptables`, `ufw`; on Windows the profile: `Domain`, `Private`, `Public`.
    pub name: String,
    pub enabled: Fact<bool>,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggingState {
    /// `journald`, `rsyslog`, `auditd`; Windows: `EventLog`.
    pub name: String,
    pub running: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AntiMalware {
    pub name: String,
    pub running: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeSync {
    /// The time service found (`systemd-timesyncd`, `chronyd`, `ntpd`, `W32Time`), if any.
    pub service: Option<String>,
    pub synchronized: Fact<bool>,
}

impl HostReport {
    /// Every IP address of every interface, loopback and link-local excluded.
    pub fn addresses(&self) -> Vec<String> {
        let Some(ifs) = self.interfaces.value() else {
            return Vec::new();
        };
        ifs.iter()
            .flat_map(|i| i.ipv4.iter().chain(i.ipv6.iter()))
            .filter(|a| is_reachable_address(a))
            .cloned()
            .collect()
    }

    /// Every MAC address except the all-zero one of loopback.
    pub fn macs(&self) -> Vec<String> {
        let Some(ifs) = self.interfaces.value() else {
            return Vec::new();
        };
        let mut v: Vec<String> = ifs
            .iter()
            .filter_map(|i| i.mac.clone())
            .filter(|m| m != "00:00:00:00:00:00")
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Not loopback, not link-local, not unspecified: an address other machines could use.
pub fn is_reachable_address(a: &str) -> bool {
    match a.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => {
            !(v4.is_loopback() || v4.is_link_local() || v4.is_unspecified())
        }
        Ok(std::net::IpAddr::V6(v6)) => {
            // fe80::/10 is link-local.
            !(v6.is_loopback() || v6.is_unspecified() || (v6.segments()[0] & 0xffc0) == 0xfe80)
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fact_json_shape() {
        let f: Fact<String> = Fact::ok("x".into());
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"status":"ok","value":"x"}"#
        );
        let f: Fact<bool> = Fact::needs_privilege("/etc/shadow");
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"status":"needs_privilege","detail":"/etc/shadow"}"#
        );
        let back: Fact<Option<String>> =
            serde_json::from_str(r#"{"status":"ok","value":null}"#).unwrap();
        assert_eq!(back, Fact::ok(None));
    }

    #[test]
    fn reachable_addresses() {
        assert!(is_reachable_address("192.168.1.10"));
        assert!(is_reachable_address("2001:db8::1"));
        assert!(!is_reachable_address("127.0.0.1"));
        assert!(!is_reachable_address("fe80::1"));
        assert!(!is_reachable_address("169.254.3.4"));
        assert!(!is_reachable_address("nonsense"));
    }
}
