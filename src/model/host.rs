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
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<Reason>,
    },
    /// Readable only with more rights (root / administrator).
    NeedsPrivilege {
        detail: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<Reason>,
    },
    /// Reading it failed.
    Error {
        detail: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<Reason>,
    },
}

/// Why a fact has no value, as a code the reader's language can say; `detail` keeps the
/// specifics (paths, commands, the OS's own message) in English for whoever debugs it. A
/// document may carry no code (older kensa, or an error only the OS can describe) or one a
/// later kensa added: both are shown with their detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// No DMI (SMBIOS) table: a container, or hardware without one.
    NoDmi,
    /// The file or device is not on this machine.
    NotPresent,
    /// Present but empty.
    Empty,
    /// The OS does not report this value (no VERSION in os-release, a Windows field not set).
    NotReported,
    /// Neither a dpkg database nor rpm.
    NoPackageDatabase,
    /// systemd is not running (a container or another init).
    NoSystemd,
    /// The process holding a socket is in another PID namespace.
    OtherNamespace,
    /// The process holding a socket belongs to another user.
    OtherUser,
    /// The OS refused the read; an administrator can read it.
    PermissionDenied,
    /// The synchronisation state is read through systemd or chrony, and neither is there.
    NoTimeSyncTool,
    /// Neither /etc/login.defs nor /etc/security/pwquality.conf.
    NoPasswordPolicyFile,
    /// This version of kensa does not collect the fact on this OS.
    NotCollectedOnThisOs,
    /// The document was written by a kensa that did not collect this fact yet.
    NotCollectedByWriter,
    /// A code this version does not know (written by a later kensa).
    #[serde(other)]
    Other,
}

impl<T> Fact<T> {
    pub fn ok(value: T) -> Fact<T> {
        Fact::Ok { value }
    }

    pub fn unsupported(reason: Reason, detail: impl Into<String>) -> Fact<T> {
        Fact::Unsupported {
            detail: detail.into(),
            reason: Some(reason),
        }
    }

    pub fn needs_privilege(reason: Reason, detail: impl Into<String>) -> Fact<T> {
        Fact::NeedsPrivilege {
            detail: detail.into(),
            reason: Some(reason),
        }
    }

    /// A failure only its detail can describe (an OS or program message).
    pub fn error(detail: impl Into<String>) -> Fact<T> {
        Fact::Error {
            detail: detail.into(),
            reason: None,
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
            Fact::Unsupported { detail, reason } => Fact::Unsupported { detail, reason },
            Fact::NeedsPrivilege { detail, reason } => Fact::NeedsPrivilege { detail, reason },
            Fact::Error { detail, reason } => Fact::Error { detail, reason },
        }
    }

    /// The same reason for a fact of another type; `None` for a value.
    pub fn without_value<U>(&self) -> Option<Fact<U>> {
        match self {
            Fact::Ok { .. } => None,
            Fact::Unsupported { detail, reason } => Some(Fact::Unsupported {
                detail: detail.clone(),
                reason: *reason,
            }),
            Fact::NeedsPrivilege { detail, reason } => Some(Fact::NeedsPrivilege {
                detail: detail.clone(),
                reason: *reason,
            }),
            Fact::Error { detail, reason } => Some(Fact::Error {
                detail: detail.clone(),
                reason: *reason,
            }),
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
            Fact::Unsupported { detail, .. }
            | Fact::NeedsPrivilege { detail, .. }
            | Fact::Error { detail, .. } => Some(detail),
        }
    }

    /// The coded reason when there is no value and the document gave one.
    pub fn reason(&self) -> Option<Reason> {
        match self {
            Fact::Ok { .. } => None,
            Fact::Unsupported { reason, .. }
            | Fact::NeedsPrivilege { reason, .. }
            | Fact::Error { reason, .. } => *reason,
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
    /// Local password policy (checklist 2(7), 2(8)). Added after the first `kensa.host/1`
    /// documents: one without it reads as not collected.
    #[serde(default = "not_collected")]
    pub password_policy: Fact<PasswordPolicy>,
    /// Remote desktop and SMBv1 (checklist 2(12)); Windows only. Added like `password_policy`.
    #[serde(default = "not_collected")]
    pub remote_access: Fact<RemoteAccess>,
}

/// The fact of a field older documents do not have.
pub fn not_collected<T>() -> Fact<T> {
    Fact::unsupported(
        Reason::NotCollectedByWriter,
        "not collected by the kensa that wrote this document",
    )
}

/// The local password policy as the OS enforces it for local accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PasswordPolicy {
    /// Minimum length; `None` when the OS sets none it can report.
    pub min_length: Option<u32>,
    /// Days before a password must be changed; `None`: never expires.
    pub max_age_days: Option<u32>,
    /// Previous passwords that may not be reused.
    pub history: Option<u32>,
    /// Mixed character classes required (Windows complexity, pam_pwquality classes);
    /// `None` when not readable without more rights.
    pub complexity: Option<bool>,
    /// Where it was read: `WinNT ADSI`, `/etc/login.defs`, `/etc/security/pwquality.conf`.
    pub source: String,
}

/// Remote desktop and SMBv1 settings of a Windows machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RemoteAccess {
    /// Remote Desktop accepts connections (`fDenyTSConnections` = 0).
    pub rdp_enabled: Option<bool>,
    /// Network Level Authentication required (`UserAuthentication` = 1).
    pub rdp_nla: Option<bool>,
    /// The SMB server accepts SMBv1 (`EnableSMB1Protocol`).
    pub smb1_enabled: Option<bool>,
}

/// The facts of a host document the evidence rules read, small enough to keep one per
/// collected machine in the facility record: the package list is left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostFacts {
    /// RFC 3339 UTC, as in the document.
    pub collected_at: String,
    pub platform: String,
    pub privileged: bool,
    pub os_name: Fact<String>,
    pub os_version: Fact<String>,
    pub os_build: Fact<String>,
    pub updates: Fact<UpdateSummary>,
    pub accounts: Fact<Vec<Account>>,
    /// Names of the running services.
    pub services: Fact<Vec<String>>,
    pub listening: Fact<Vec<ListeningPort>>,
    pub firewall: Fact<Vec<FirewallState>>,
    pub logging: Fact<Vec<LoggingState>>,
    pub password_policy: Fact<PasswordPolicy>,
    pub remote_access: Fact<RemoteAccess>,
}

/// What the patch rules need of [`Updates`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateSummary {
    /// As in [`Updates::last_update`].
    pub last_update: Option<String>,
    pub hotfixes: usize,
    /// The id of the newest dated hotfix (Windows).
    pub newest_hotfix: Option<String>,
}

impl UpdateSummary {
    fn of(u: Updates) -> UpdateSummary {
        UpdateSummary {
            newest_hotfix: u
                .hotfixes
                .iter()
                .filter(|x| x.installed_on.is_some())
                .max_by(|a, b| a.installed_on.cmp(&b.installed_on))
                .map(|x| x.id.clone()),
            hotfixes: u.hotfixes.len(),
            last_update: u.last_update,
        }
    }
}

impl HostFacts {
    pub fn from_report(h: &HostReport) -> HostFacts {
        HostFacts {
            collected_at: h.collected_at.clone(),
            platform: h.platform.clone(),
            privileged: h.privileged,
            os_name: h.identity.os_name.clone(),
            os_version: h.identity.os_version.clone(),
            os_build: h.identity.os_build.clone(),
            updates: h.updates.clone().map(UpdateSummary::of),
            accounts: h.accounts.clone(),
            services: h
                .services
                .clone()
                .map(|v| v.into_iter().map(|s| s.name).collect()),
            listening: h.listening.clone(),
            firewall: h.firewall.clone(),
            logging: h.logging.clone(),
            password_policy: h.password_policy.clone(),
            remote_access: h.remote_access.clone(),
        }
    }

    /// The facts of a stored `kensa.host/1` document. Fields the rules do not read (the
    /// package list above all) are skipped without being kept.
    pub fn from_payload(json: &str) -> Result<HostFacts, String> {
        #[derive(Deserialize)]
        struct Doc {
            schema: String,
            collected_at: String,
            platform: String,
            privileged: bool,
            identity: Identity,
            updates: Fact<Updates>,
            accounts: Fact<Vec<Account>>,
            services: Fact<Vec<Service>>,
            listening: Fact<Vec<ListeningPort>>,
            firewall: Fact<Vec<FirewallState>>,
            logging: Fact<Vec<LoggingState>>,
            #[serde(default = "not_collected")]
            password_policy: Fact<PasswordPolicy>,
            #[serde(default = "not_collected")]
            remote_access: Fact<RemoteAccess>,
        }
        // The package list is most of a document's bytes and none of its evidence.
        let d: Doc =
            serde_json::from_str(&without_member(json, "software")).map_err(|e| e.to_string())?;
        if d.schema != HOST_SCHEMA {
            return Err(format!("schema `{}` is not {HOST_SCHEMA}", d.schema));
        }
        Ok(HostFacts {
            collected_at: d.collected_at,
            platform: d.platform,
            privileged: d.privileged,
            os_name: d.identity.os_name,
            os_version: d.identity.os_version,
            os_build: d.identity.os_build,
            updates: d.updates.map(UpdateSummary::of),
            accounts: d.accounts,
            services: d.services.map(|v| v.into_iter().map(|s| s.name).collect()),
            listening: d.listening,
            firewall: d.firewall,
            logging: d.logging,
            password_policy: d.password_policy,
            remote_access: d.remote_access,
        })
    }

    /// OS name, version and build as one string, e.g. `Windows 10 Pro 22H2 19045.5011`.
    pub fn os_text(&self) -> String {
        [&self.os_name, &self.os_version, &self.os_build]
            .iter()
            .filter_map(|f| f.value())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
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

/// The JSON object text without one top-level member, cut out by a scan that only follows
/// strings and nesting (no parsing), so a large member costs a byte scan instead of a parse.
/// Anything unexpected returns the text unchanged: the parser then reads it whole and names
/// any error itself.
pub fn without_member<'a>(json: &'a str, key: &str) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    let b = json.as_bytes();
    let ws = |i: &mut usize| {
        while *i < b.len() && b[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    // The end (exclusive) of the string starting at `i` (a quote).
    let string_end = |i: usize| -> Option<usize> {
        let mut j = i + 1;
        while j < b.len() {
            match b[j] {
                b'\\' => j += 2,
                b'"' => return Some(j + 1),
                _ => j += 1,
            }
        }
        None
    };
    // The end of the value starting at `i`.
    let value_end = |mut i: usize| -> Option<usize> {
        let mut depth = 0usize;
        while i < b.len() {
            match b[i] {
                b'"' => {
                    i = string_end(i)?;
                    if depth == 0 {
                        return Some(i);
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    if depth == 0 {
                        return Some(i);
                    }
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                b',' if depth == 0 => return Some(i),
                _ => {}
            }
            i += 1;
        }
        None
    };
    let mut i = 0;
    ws(&mut i);
    if b.get(i) != Some(&b'{') {
        return Cow::Borrowed(json);
    }
    i += 1;
    let mut previous_comma: Option<usize> = None;
    loop {
        ws(&mut i);
        if b.get(i) != Some(&b'"') {
            return Cow::Borrowed(json);
        }
        let start = i;
        let Some(k_end) = string_end(i) else {
            return Cow::Borrowed(json);
        };
        let name = &json[start + 1..k_end - 1];
        i = k_end;
        ws(&mut i);
        if b.get(i) != Some(&b':') {
            return Cow::Borrowed(json);
        }
        i += 1;
        ws(&mut i);
        let Some(v_end) = value_end(i) else {
            return Cow::Borrowed(json);
        };
        let mut after = v_end;
        ws(&mut after);
        if name == key {
            return Cow::Owned(match (b.get(after), previous_comma) {
                // `…, "key": v, "next"…` → drop the member and its comma.
                (Some(b','), _) => format!("{}{}", &json[..start], &json[after + 1..]),
                // The last member: drop the comma before it.
                (Some(b'}'), Some(c)) => format!("{}{}", &json[..c], &json[after..]),
                (Some(b'}'), None) => format!("{}{}", &json[..start], &json[after..]),
                _ => return Cow::Borrowed(json),
            });
        }
        match b.get(after) {
            Some(b',') => {
                previous_comma = Some(after);
                i = after + 1;
            }
            _ => return Cow::Borrowed(json),
        }
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
        let f: Fact<bool> = Fact::needs_privilege(Reason::PermissionDenied, "/etc/shadow");
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"status":"needs_privilege","detail":"/etc/shadow","reason":"permission_denied"}"#
        );
        assert_eq!(
            serde_json::to_string(&Fact::<bool>::error("disk: I/O error")).unwrap(),
            r#"{"status":"error","detail":"disk: I/O error"}"#
        );
        // Documents of an older kensa have no reason; a later kensa's unknown code is `other`.
        let old: Fact<bool> =
            serde_json::from_str(r#"{"status":"unsupported","detail":"x"}"#).unwrap();
        assert_eq!(old.reason(), None);
        let later: Fact<bool> =
            serde_json::from_str(r#"{"status":"unsupported","detail":"x","reason":"new_code"}"#)
                .unwrap();
        assert_eq!(later.reason(), Some(Reason::Other));
        assert_eq!(later.detail(), Some("x"));
        let back: Fact<Option<String>> =
            serde_json::from_str(r#"{"status":"ok","value":null}"#).unwrap();
        assert_eq!(back, Fact::ok(None));
    }

    #[test]
    fn a_member_is_cut_out_without_parsing() {
        let cut = |j: &str| without_member(j, "software").into_owned();
        assert_eq!(
            cut(r#"{"a":1,"software":{"x":[1,{"y":"}"}]},"b":2}"#),
            r#"{"a":1,"b":2}"#
        );
        assert_eq!(cut(r#"{"a":1, "software" : "s\"}," }"#), r#"{"a":1}"#);
        assert_eq!(cut(r#"{"software":[],"b":2}"#), r#"{"b":2}"#);
        assert_eq!(cut(r#"{"software":null}"#), r#"{}"#);
        assert_eq!(
            cut(r#"{"a":"software","b":[1,2]}"#),
            r#"{"a":"software","b":[1,2]}"#
        );
        // Broken text is returned as it is, for the parser to name the error.
        for broken in [
            r#"{"a":1,"software":{"#,
            "[1]",
            "",
            r#"{"a" 1}"#,
            r#"{"a":"x"#,
        ] {
            assert_eq!(cut(broken), broken);
        }
        let doc: serde_json::Value = serde_json::from_str(&cut(
            r#"{"schema":"kensa.host/1","software":{"status":"ok","value":{"packages":[{"name":"a\"b{"}]}},"z":true}"#,
        ))
        .unwrap();
        assert_eq!(doc["z"], true);
        assert!(doc.get("software").is_none());
    }

    proptest::proptest! {
        /// Cutting a member and parsing equals parsing and removing it, for any JSON object.
        #[test]
        fn cutting_equals_removing(
            keys in proptest::collection::vec("[a-z]{1,3}|software", 0..6),
            vals in proptest::collection::vec(proptest::prelude::any::<String>(), 6),
        ) {
            let mut map = serde_json::Map::new();
            for (k, v) in keys.iter().zip(vals.iter()) {
                map.insert(k.clone(), serde_json::json!({"v": v, "l": [v, {"n": v}]}));
            }
            let text = serde_json::Value::Object(map.clone()).to_string();
            let cut: serde_json::Value = serde_json::from_str(&without_member(&text, "software")).unwrap();
            map.remove("software");
            proptest::prop_assert_eq!(cut, serde_json::Value::Object(map));
        }
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
