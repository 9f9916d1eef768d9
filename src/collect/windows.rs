//! Windows: one PowerShell script using only built-in cmdlets and CIM classes prints every
//! section as JSON; Rust parses it. The parsers are compiled and tested on every OS against
//! the documents in `tests/fixtures/collect/windows/` (see the README on how those were made).
//!
//! Each section is `{"ok": [...]}` or `{"error": "...", "denied": true|false}`, so a cmdlet
//! that fails for lack of rights becomes `needs_privilege` and never hides the others.
//! PowerShell 5.1's `ConvertTo-Json` quirks are handled: a one-element array may come out as
//! an object, dates as `/Date(ms)/`, enums as numbers.

use std::collections::HashMap;

use serde_json::Value;

use super::{Collector, retag, sysinfo_identity};
use crate::model::host::{
    Account, AntiMalware, Fact, FirewallState, Hotfix, Identity, ListeningPort, LoggingState,
    Package, PasswordPolicy, ProcessRef, Reason, RemoteAccess, Service, Software, TimeSync,
    Updates,
};

/// The collection script. ASCII only, so its encoding on disk does not matter; output is UTF-8
/// (the console's default code page would mangle Japanese names).
pub const SCRIPT: &str = r#"
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
function Section([scriptblock]$block) {
  try { @{ ok = @(& $block) } }
  catch {
    $denied = ($_.Exception -is [System.UnauthorizedAccessException]) -or
              ("$($_.CategoryInfo.Category)" -eq 'PermissionDenied') -or
              ($_.Exception.Message -match 'Access is denied|0x80070005')
    @{ error = "$($_.Exception.Message)"; denied = $denied }
  }
}
function Iso($d) { if ($d) { ([datetime]$d).ToUniversalTime().ToString('o') } }
$r = [ordered]@{}
$r.admin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
$r.os = Section { Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' | Select-Object ProductName, DisplayVersion, ReleaseId, CurrentBuild, UBR, EditionID, InstallationType }
$r.computer = Section { Get-CimInstance Win32_ComputerSystem | Select-Object Name, DNSHostName, Manufacturer, Model, Domain, PartOfDomain }
$r.bios = Section { Get-CimInstance Win32_BIOS | Select-Object SerialNumber }
$r.users = Section { Get-LocalUser | Select-Object Name, @{n='Sid';e={$_.SID.Value}}, Enabled, @{n='LastLogon';e={Iso $_.LastLogon}}, @{n='PasswordLastSet';e={Iso $_.PasswordLastSet}} }
$r.admins = Section { Get-LocalGroupMember -SID 'S-1-5-32-544' | Select-Object Name, @{n='Sid';e={$_.SID.Value}}, @{n='PrincipalSource';e={"$($_.PrincipalSource)"}} }
$r.software = Section { Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*' -ErrorAction SilentlyContinue | Where-Object { $_.DisplayName -and -not $_.SystemComponent -and -not $_.ParentKeyName } | Select-Object DisplayName, DisplayVersion, Publisher, InstallDate }
$r.hotfixes = Section { Get-HotFix | Select-Object HotFixID, Description, @{n='InstalledOn';e={ if ($_.InstalledOn) { $_.InstalledOn.ToString('yyyy-MM-dd') } }} }
$r.services = Section { Get-CimInstance Win32_Service -Filter "State='Running'" | Select-Object Name, DisplayName, State, ProcessId }
$r.tcp = Section { Get-NetTCPConnection -State Listen | Select-Object LocalAddress, LocalPort, OwningProcess }
$r.udp = Section { Get-NetUDPEndpoint | Select-Object LocalAddress, LocalPort, OwningProcess }
$r.processes = Section { Get-Process | Select-Object Id, ProcessName }
$r.firewall = Section { Get-NetFirewallProfile | Select-Object Name, @{n='Enabled';e={[bool]$_.Enabled}}, @{n='DefaultInboundAction';e={"$($_.DefaultInboundAction)"}} }
$r.eventlog = Section { Get-Service EventLog | Select-Object Name, @{n='Status';e={"$($_.Status)"}}, @{n='StartType';e={"$($_.StartType)"}} }
$r.defender = Section { Get-MpComputerStatus | Select-Object AMServiceEnabled, AntivirusEnabled, RealTimeProtectionEnabled, @{n='AntivirusSignatureLastUpdated';e={Iso $_.AntivirusSignatureLastUpdated}} }
$r.antivirus = Section { Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | Select-Object displayName, productState }
$r.password = Section { $c = [ADSI]"WinNT://$env:COMPUTERNAME"; [ordered]@{ MinPasswordLength = [int64]$c.MinPasswordLength.Value; MaxPasswordAge = [int64]$c.MaxPasswordAge.Value; PasswordHistoryLength = [int64]$c.PasswordHistoryLength.Value } }
$r.secpol = Section { $f = [IO.Path]::GetTempFileName(); try { secedit /export /cfg $f /areas SECURITYPOLICY | Out-Null; if ($LASTEXITCODE -ne 0) { throw [UnauthorizedAccessException]::new('secedit /export: Access is denied') }; Get-Content $f | Where-Object { $_ -match '^(PasswordComplexity|MinimumPasswordLength|MaximumPasswordAge|PasswordHistorySize)\s*=' } | ForEach-Object { $k, $v = $_ -split '\s*=\s*', 2; [ordered]@{ Name = $k.Trim(); Value = $v.Trim() } } } finally { Remove-Item $f -ErrorAction SilentlyContinue } }
$r.rdp = Section { $ts = Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'; $tcp = Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'; [ordered]@{ fDenyTSConnections = $ts.fDenyTSConnections; UserAuthentication = $tcp.UserAuthentication } }
$r.smb = Section { Get-SmbServerConfiguration | Select-Object EnableSMB1Protocol }
$r.time = Section { $s = Get-Service W32Time; [ordered]@{ Status = "$($s.Status)"; Source = ((w32tm /query /source) | Out-String).Trim() } }
$r | ConvertTo-Json -Depth 6 -Compress
"#;

/// The parsed script output: each section's items, or the fact to report instead.
#[derive(Debug, Clone)]
pub struct WindowsDocument {
    pub admin: bool,
    sections: HashMap<String, Result<Vec<Value>, Fact<()>>>,
}

/// A PowerShell 5.1 array: a JSON array, or a lone object, or null.
fn one_or_many(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn flag(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        // GpoBoolean and friends come out as numbers in PowerShell 5.1.
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn number(v: &Value, key: &str) -> Option<u64> {
    match v.get(key)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A PowerShell date in any of the forms it prints: ISO 8601 (`o`), `/Date(1700000000000)/`,
/// `yyyyMMdd` (registry InstallDate), `yyyy-MM-dd`, `M/d/yyyy`. Returns RFC 3339 UTC for
/// timestamps and `YYYY-MM-DD` for dates.
pub fn parse_ps_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(ms) = s.strip_prefix("/Date(").and_then(|r| r.strip_suffix(")/")) {
        // `/Date(1700000000000+0900)/` carries an offset the milliseconds already include.
        let digits: String = ms
            .chars()
            .enumerate()
            .take_while(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '-'))
            .map(|(_, c)| c)
            .collect();
        let ms: i64 = digits.parse().ok()?;
        return jiff::Timestamp::from_millisecond(ms)
            .ok()
            .map(|t| t.to_string());
    }
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t.to_string());
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let d = jiff::civil::Date::new(
            s[..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..].parse().ok()?,
        )
        .ok()?;
        return Some(d.to_string());
    }
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return Some(d.to_string());
    }
    // US short date, as Win32_QuickFixEngineering prints it.
    let parts: Vec<&str> = s.split(['/', ' ']).collect();
    if parts.len() >= 3 {
        let d = jiff::civil::Date::new(
            parts[2].parse().ok()?,
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
        )
        .ok()?;
        return Some(d.to_string());
    }
    None
}

impl WindowsDocument {
    /// Parse the script's output. Only a document that is not JSON at all is an error; a
    /// missing or malformed section becomes an `error` fact for that section.
    pub fn parse(json: &str) -> Result<WindowsDocument, String> {
        let root: Value = serde_json::from_str(json.trim_start_matches('\u{feff}'))
            .map_err(|e| format!("PowerShell output is not JSON: {e}"))?;
        let obj = root
            .as_object()
            .ok_or_else(|| "PowerShell output is not a JSON object".to_string())?;
        let mut sections = HashMap::new();
        for (name, v) in obj {
            if name == "admin" {
                continue;
            }
            let section = if let Some(ok) = v.get("ok") {
                Ok(one_or_many(ok))
            } else if let Some(err) = v.get("error") {
                let msg = format!("{name}: {}", err.as_str().unwrap_or("failed"));
                if flag(v, "denied") == Some(true) {
                    Err(Fact::needs_privilege(Reason::PermissionDenied, msg))
                } else {
                    Err(Fact::error(msg))
                }
            } else {
                Err(Fact::error(format!("{name}: unexpected shape")))
            };
            sections.insert(name.clone(), section);
        }
        Ok(WindowsDocument {
            admin: obj.get("admin").and_then(Value::as_bool).unwrap_or(false),
            sections,
        })
    }

    fn section(&self, name: &str) -> Result<&[Value], Fact<()>> {
        match self.sections.get(name) {
            Some(Ok(v)) => Ok(v),
            Some(Err(f)) => Err(f.clone()),
            None => Err(Fact::error(format!(
                "{name}: missing from the PowerShell output"
            ))),
        }
    }

    fn first(&self, name: &str) -> Result<Value, Fact<()>> {
        self.section(name)?
            .first()
            .cloned()
            .ok_or_else(|| Fact::error(format!("{name}: empty")))
    }

    fn field(&self, section: &str, key: &str) -> Fact<String> {
        match self.first(section) {
            Ok(v) => match text(&v, key) {
                Some(s) => Fact::ok(s),
                None => Fact::unsupported(Reason::NotReported, format!("{section}.{key}: not set")),
            },
            Err(f) => retag(&f),
        }
    }

    /// Identity over sysinfo's: product name (with the Windows 11 correction), display
    /// version, build and UBR, manufacturer, model and BIOS serial from CIM.
    pub fn identity(&self, mut base: Identity) -> Identity {
        match self.first("os") {
            Ok(os) => {
                let build = text(&os, "CurrentBuild");
                if let Some(name) = text(&os, "ProductName") {
                    base.os_name = Fact::ok(windows_product_name(&name, build.as_deref()));
                }
                base.os_version =
                    match text(&os, "DisplayVersion").or_else(|| text(&os, "ReleaseId")) {
                        Some(v) => Fact::ok(v),
                        None => Fact::unsupported(
                            Reason::NotReported,
                            "no DisplayVersion or ReleaseId (Windows before 10 1511)",
                        ),
                    };
                base.os_build = match (build, text(&os, "UBR")) {
                    (Some(b), Some(u)) => Fact::ok(format!("{b}.{u}")),
                    (Some(b), None) => Fact::ok(b),
                    _ => Fact::error("os: no CurrentBuild"),
                };
            }
            Err(f) => {
                base.os_name = retag(&f);
                base.os_version = retag(&f);
                base.os_build = retag(&f);
            }
        }
        if let Fact::Ok { value } = self.field("computer", "Name") {
            base.host_name = Fact::ok(value);
        }
        base.manufacturer = self.field("computer", "Manufacturer");
        base.model = self.field("computer", "Model");
        base.serial = self.field("bios", "SerialNumber");
        base
    }

    /// Local users; administrators are the members of BUILTIN\Administrators (S-1-5-32-544).
    pub fn accounts(&self, today: jiff::civil::Date) -> Fact<Vec<Account>> {
        let users = match self.section("users") {
            Ok(u) => u,
            Err(f) => return retag(&f),
        };
        let admins: Result<Vec<String>, Fact<()>> = self
            .section("admins")
            .map(|a| a.iter().filter_map(|m| text(m, "Sid")).collect());
        let out = users
            .iter()
            .filter_map(|u| {
                let name = text(u, "Name")?;
                let sid = text(u, "Sid").unwrap_or_default();
                let date_of = |key: &str| text(u, key).and_then(|s| parse_ps_date(&s));
                let password_last_set =
                    date_of("PasswordLastSet").and_then(|t| t.get(..10).map(str::to_string));
                Some(Account {
                    administrator: match &admins {
                        Ok(a) => Fact::ok(a.contains(&sid)),
                        Err(f) => retag(f),
                    },
                    disabled: flag(u, "Enabled")
                        .map(|e| Fact::ok(!e))
                        .unwrap_or_else(|| Fact::error("users: no Enabled")),
                    last_login: Fact::ok(date_of("LastLogon")),
                    password_age_days: Fact::ok(
                        password_last_set
                            .as_deref()
                            .and_then(|d| super::days_since(d, today)),
                    ),
                    password_last_set: Fact::ok(password_last_set),
                    name,
                    id: sid,
                })
            })
            .collect();
        Fact::ok(out)
    }

    pub fn software(&self) -> Fact<Software> {
        match self.section("software") {
            Ok(items) => {
                let mut packages: Vec<Package> = items
                    .iter()
                    .filter_map(|p| {
                        Some(Package {
                            name: text(p, "DisplayName")?,
                            version: text(p, "DisplayVersion").unwrap_or_default(),
                            arch: None,
                            publisher: text(p, "Publisher"),
                            state: None,
                            installed_on: text(p, "InstallDate").and_then(|d| parse_ps_date(&d)),
                        })
                    })
                    .collect();
                packages.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
                // The same product is often registered under both the 64- and 32-bit keys.
                packages.dedup();
                Fact::ok(Software {
                    source: "registry".into(),
                    packages,
                })
            }
            Err(f) => retag(&f),
        }
    }

    pub fn updates(&self) -> Fact<Updates> {
        match self.section("hotfixes") {
            Ok(items) => {
                let mut hotfixes: Vec<Hotfix> = items
                    .iter()
                    .filter_map(|h| {
                        Some(Hotfix {
                            id: text(h, "HotFixID")?,
                            description: text(h, "Description").unwrap_or_default(),
                            installed_on: text(h, "InstalledOn")
                                .and_then(|d| parse_ps_date(&d))
                                .and_then(|d| d.get(..10).map(str::to_string)),
                        })
                    })
                    .collect();
                hotfixes.sort_by(|a, b| (&b.installed_on, &a.id).cmp(&(&a.installed_on, &b.id)));
                Fact::ok(Updates {
                    last_update: hotfixes.iter().filter_map(|h| h.installed_on.clone()).max(),
                    hotfixes,
                })
            }
            Err(f) => retag(&f),
        }
    }

    pub fn services(&self) -> Fact<Vec<Service>> {
        match self.section("services") {
            Ok(items) => {
                let mut v: Vec<Service> = items
                    .iter()
                    .filter_map(|s| {
                        Some(Service {
                            name: text(s, "Name")?,
                            description: text(s, "DisplayName").unwrap_or_default(),
                            state: text(s, "State").unwrap_or_default().to_lowercase(),
                        })
                    })
                    .collect();
                v.sort_by(|a, b| a.name.cmp(&b.name));
                Fact::ok(v)
            }
            Err(f) => retag(&f),
        }
    }

    pub fn listening(&self) -> Fact<Vec<ListeningPort>> {
        let processes: Result<HashMap<u64, String>, Fact<()>> =
            self.section("processes").map(|p| {
                p.iter()
                    .filter_map(|p| Some((number(p, "Id")?, text(p, "ProcessName")?)))
                    .collect()
            });
        let mut out = Vec::new();
        for (section, proto) in [("tcp", "tcp"), ("udp", "udp")] {
            let items = match self.section(section) {
                Ok(i) => i,
                Err(f) => return retag(&f),
            };
            for i in items {
                let (Some(address), Some(port)) = (text(i, "LocalAddress"), number(i, "LocalPort"))
                else {
                    continue;
                };
                let Ok(port) = u16::try_from(port) else {
                    continue;
                };
                let process = match (number(i, "OwningProcess"), &processes) {
                    (Some(pid), Ok(table)) => match (u32::try_from(pid), table.get(&pid)) {
                        (Ok(pid), Some(name)) => Fact::ok(ProcessRef {
                            pid,
                            name: name.clone(),
                        }),
                        (Ok(pid), None) => Fact::ok(ProcessRef {
                            pid,
                            name: String::new(),
                        }),
                        (Err(_), _) => Fact::error("OwningProcess out of range"),
                    },
                    (None, _) => Fact::error(format!("{section}: no OwningProcess")),
                    (_, Err(f)) => retag(f),
                };
                out.push(ListeningPort {
                    protocol: proto.into(),
                    address,
                    port,
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

    pub fn firewall(&self) -> Fact<Vec<FirewallState>> {
        match self.section("firewall") {
            Ok(items) => Fact::ok(
                items
                    .iter()
                    .filter_map(|p| {
                        Some(FirewallState {
                            name: text(p, "Name")?,
                            enabled: flag(p, "Enabled")
                                .map(Fact::ok)
                                .unwrap_or_else(|| Fact::error("firewall: no Enabled")),
                            detail: text(p, "DefaultInboundAction")
                                .map(|a| format!("default inbound: {a}"))
                                .unwrap_or_default(),
                        })
                    })
                    .collect(),
            ),
            Err(f) => retag(&f),
        }
    }

    pub fn logging(&self) -> Fact<Vec<LoggingState>> {
        match self.first("eventlog") {
            Ok(s) => Fact::ok(vec![LoggingState {
                name: text(&s, "Name").unwrap_or_else(|| "EventLog".into()),
                running: text(&s, "Status").is_some_and(|st| st == "Running" || st == "4"),
                detail: text(&s, "StartType")
                    .map(|t| format!("start type: {t}"))
                    .unwrap_or_default(),
            }]),
            Err(f) => retag(&f),
        }
    }

    /// Microsoft Defender from `Get-MpComputerStatus`, and every product registered with
    /// Security Center (client Windows only; Windows Server has no SecurityCenter2).
    pub fn anti_malware(&self) -> Fact<Vec<AntiMalware>> {
        let mut out = Vec::new();
        let defender = self.first("defender");
        if let Ok(d) = &defender {
            let rtp = flag(d, "RealTimeProtectionEnabled").unwrap_or(false);
            let signatures = text(d, "AntivirusSignatureLastUpdated")
                .and_then(|s| parse_ps_date(&s))
                .unwrap_or_else(|| "?".into());
            out.push(AntiMalware {
                name: "Microsoft Defender Antivirus".into(),
                running: flag(d, "AMServiceEnabled").unwrap_or(false)
                    && flag(d, "AntivirusEnabled").unwrap_or(false),
                detail: format!(
                    "real-time protection {}, signatures {signatures}",
                    if rtp { "on" } else { "off" }
                ),
            });
        }
        let products = self.section("antivirus");
        if let Ok(products) = &products {
            for p in *products {
                let Some(name) = text(p, "displayName") else {
                    continue;
                };
                if name.contains("Defender") && defender.is_ok() {
                    continue;
                }
                // productState: byte 2 (0x10 / 0x11) says whether real-time scanning is on.
                let state = number(p, "productState").unwrap_or(0);
                let on = (state >> 8) & 0x10 == 0x10;
                out.push(AntiMalware {
                    name,
                    running: on,
                    detail: format!("Security Center productState 0x{state:06x}"),
                });
            }
        }
        match (defender, products) {
            (Err(f), Err(_)) if out.is_empty() => retag(&f),
            _ => Fact::ok(out),
        }
    }

    pub fn time_sync(&self) -> Fact<TimeSync> {
        match self.first("time") {
            Ok(t) => {
                let running = text(&t, "Status").is_some_and(|s| s == "Running" || s == "4");
                let source = text(&t, "Source").unwrap_or_default();
                // An unsynchronised W32Time reports its source as the local CMOS clock.
                let synced = running
                    && !source.is_empty()
                    && !source.contains("Local CMOS Clock")
                    && !source.contains("Free-running System Clock");
                Fact::ok(TimeSync {
                    service: running.then(|| format!("W32Time ({source})")),
                    synchronized: Fact::ok(synced),
                })
            }
            Err(f) => retag(&f),
        }
    }
}

impl WindowsDocument {
    /// The local policy from ADSI (readable by any user), with complexity and the policy
    /// values from `secedit` when it could run (administrators only).
    pub fn password_policy(&self) -> Fact<PasswordPolicy> {
        let adsi = match self.first("password") {
            Ok(v) => v,
            Err(f) => return retag(&f),
        };
        // ADSI gives seconds; "never expires" comes out as -1 or as 0xFFFFFFFF, and Windows
        // allows at most 999 days.
        let days = |secs: Option<i64>| {
            secs.filter(|s| *s > 0 && *s <= 999 * 86_400)
                .and_then(|s| u32::try_from(s / 86_400).ok())
        };
        let signed = |v: &Value, key: &str| match v.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let mut policy = PasswordPolicy {
            min_length: number(&adsi, "MinPasswordLength").and_then(|n| u32::try_from(n).ok()),
            max_age_days: days(signed(&adsi, "MaxPasswordAge")),
            history: number(&adsi, "PasswordHistoryLength").and_then(|n| u32::try_from(n).ok()),
            complexity: None,
            source: "WinNT ADSI".into(),
        };
        if let Ok(lines) = self.section("secpol") {
            let value = |name: &str| {
                lines
                    .iter()
                    .find(|l| text(l, "Name").as_deref() == Some(name))
                    .and_then(|l| text(l, "Value"))
                    .and_then(|v| v.parse::<i64>().ok())
            };
            if let Some(c) = value("PasswordComplexity") {
                policy.complexity = Some(c != 0);
                policy.source.push_str(", secedit");
            }
        }
        Fact::ok(policy)
    }

    /// Remote Desktop from the registry, SMBv1 from `Get-SmbServerConfiguration`; either
    /// part may be unreadable on its own.
    pub fn remote_access(&self) -> Fact<RemoteAccess> {
        let rdp = self.first("rdp");
        let smb = self.first("smb");
        if let (Err(f), Err(_)) = (&rdp, &smb) {
            return retag(f);
        }
        let rdp = rdp.ok();
        Fact::ok(RemoteAccess {
            rdp_enabled: rdp
                .as_ref()
                .and_then(|v| flag(v, "fDenyTSConnections"))
                .map(|deny| !deny),
            rdp_nla: rdp.as_ref().and_then(|v| flag(v, "UserAuthentication")),
            smb1_enabled: smb.ok().and_then(|v| flag(&v, "EnableSMB1Protocol")),
        })
    }
}

/// Windows 11 keeps `ProductName` = "Windows 10 …" in the registry; build 22000 and later is 11.
pub fn windows_product_name(product: &str, build: Option<&str>) -> String {
    let build: u32 = build.and_then(|b| b.parse().ok()).unwrap_or(0);
    if build >= 22000
        && let Some(rest) = product.strip_prefix("Windows 10")
    {
        return format!("Windows 11{rest}");
    }
    product.to_string()
}

pub struct WindowsCollector {
    document: Result<WindowsDocument, String>,
    today: jiff::civil::Date,
}

impl Default for WindowsCollector {
    fn default() -> Self {
        Self::new()
    }
}

impl WindowsCollector {
    /// Run the script once; every fact is then read from its output.
    pub fn new() -> WindowsCollector {
        WindowsCollector {
            document: run_script().and_then(|out| WindowsDocument::parse(&out)),
            today: jiff::Zoned::now().date(),
        }
    }

    /// A collector over a recorded document, for tests and for re-parsing saved output.
    pub fn from_output(json: &str, today: jiff::civil::Date) -> WindowsCollector {
        WindowsCollector {
            document: WindowsDocument::parse(json),
            today,
        }
    }

    fn with<T>(&self, f: impl FnOnce(&WindowsDocument) -> Fact<T>) -> Fact<T> {
        match &self.document {
            Ok(d) => f(d),
            Err(e) => Fact::error(e.clone()),
        }
    }
}

/// Write the script to a temporary file and run it with Windows PowerShell 5.1, which every
/// supported Windows has. `-ExecutionPolicy Bypass` applies to this process only.
fn run_script() -> Result<String, String> {
    let path = std::env::temp_dir().join(format!("kensa-collect-{}.ps1", std::process::id()));
    std::fs::write(&path, SCRIPT).map_err(|e| format!("{}: {e}", path.display()))?;
    let out = std::process::Command::new("powershell.exe")
        .args([
            "-NoProfile",
            "-NonInteractive",
            "-ExecutionPolicy",
            "Bypass",
            "-File",
        ])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    let out = out.map_err(|e| format!("powershell.exe: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "powershell.exe failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

impl Collector for WindowsCollector {
    fn privileged(&self) -> bool {
        self.document.as_ref().is_ok_and(|d| d.admin)
    }
    fn identity(&self) -> Identity {
        let base = sysinfo_identity();
        match &self.document {
            Ok(d) => d.identity(base),
            Err(_) => base,
        }
    }
    fn accounts(&self) -> Fact<Vec<Account>> {
        self.with(|d| d.accounts(self.today))
    }
    fn software(&self) -> Fact<Software> {
        self.with(WindowsDocument::software)
    }
    fn updates(&self) -> Fact<Updates> {
        self.with(WindowsDocument::updates)
    }
    fn services(&self) -> Fact<Vec<Service>> {
        self.with(WindowsDocument::services)
    }
    fn listening(&self) -> Fact<Vec<ListeningPort>> {
        self.with(WindowsDocument::listening)
    }
    fn firewall(&self) -> Fact<Vec<FirewallState>> {
        self.with(WindowsDocument::firewall)
    }
    fn logging(&self) -> Fact<Vec<LoggingState>> {
        self.with(WindowsDocument::logging)
    }
    fn anti_malware(&self) -> Fact<Vec<AntiMalware>> {
        self.with(WindowsDocument::anti_malware)
    }
    fn time_sync(&self) -> Fact<TimeSync> {
        self.with(WindowsDocument::time_sync)
    }
    fn password_policy(&self) -> Fact<PasswordPolicy> {
        self.with(WindowsDocument::password_policy)
    }
    fn remote_access(&self) -> Fact<RemoteAccess> {
        self.with(WindowsDocument::remote_access)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form() {
        assert_eq!(
            parse_ps_date("/Date(1700000000000)/").as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
        assert_eq!(
            parse_ps_date("2024-10-09T01:02:03.0000000Z").as_deref(),
            Some("2024-10-09T01:02:03Z")
        );
        assert_eq!(parse_ps_date("20240115").as_deref(), Some("2024-01-15"));
        assert_eq!(parse_ps_date("2024-10-09").as_deref(), Some("2024-10-09"));
        assert_eq!(parse_ps_date("10/9/2024").as_deref(), Some("2024-10-09"));
        assert_eq!(parse_ps_date("20241399"), None);
        assert_eq!(parse_ps_date("yesterday"), None);
    }

    #[test]
    fn windows_11_correction() {
        assert_eq!(
            windows_product_name("Windows 10 Pro", Some("22631")),
            "Windows 11 Pro"
        );
        assert_eq!(
            windows_product_name("Windows 10 Pro", Some("19045")),
            "Windows 10 Pro"
        );
        assert_eq!(
            windows_product_name("Windows Server 2022 Standard", Some("20348")),
            "Windows Server 2022 Standard"
        );
    }

    fn fixture(name: &str) -> WindowsCollector {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/collect/windows")
            .join(name);
        let text = std::fs::read_to_string(path).unwrap();
        WindowsCollector::from_output(&text, jiff::civil::date(2025, 10, 1))
    }

    #[test]
    fn win11_admin_fixture() {
        let c = fixture("win11-admin.json");
        assert!(c.privileged());
        let id = c.identity();
        assert_eq!(id.os_name, Fact::ok("Windows 11 Pro".to_string()));
        assert_eq!(id.os_version, Fact::ok("23H2".to_string()));
        assert_eq!(id.os_build, Fact::ok("22631.4460".to_string()));
        assert_eq!(id.host_name, Fact::ok("ROOM1-PC1".to_string()));
        assert_eq!(id.manufacturer, Fact::ok("FUJITSU".to_string()));
        assert_eq!(id.serial, Fact::ok("YM5A012345".to_string()));

        let accounts = c.accounts().value().cloned().unwrap();
        assert_eq!(accounts.len(), 5);
        let admin = accounts.iter().find(|a| a.name == "iryo-admin").unwrap();
        assert_eq!(admin.administrator, Fact::ok(true));
        assert_eq!(admin.disabled, Fact::ok(false));
        assert_eq!(
            admin.last_login,
            Fact::ok(Some("2025-09-30T23:41:07Z".to_string()))
        );
        assert_eq!(admin.password_age_days, Fact::ok(Some(183)));
        let yamada = accounts.iter().find(|a| a.name == "山田太郎").unwrap();
        assert_eq!(yamada.administrator, Fact::ok(false));
        let guest = accounts.iter().find(|a| a.name == "Guest").unwrap();
        assert_eq!(guest.disabled, Fact::ok(true));
        assert_eq!(guest.last_login, Fact::ok(None));

        let sw = c.software().value().cloned().unwrap();
        assert_eq!(sw.source, "registry");
        assert_eq!(sw.packages.len(), 3, "duplicate Edge entry folded");
        let emr = sw
            .packages
            .iter()
            .find(|p| p.name.contains("電子カルテ"))
            .unwrap();
        assert_eq!(emr.installed_on.as_deref(), Some("2020-12-01"));

        let up = c.updates().value().cloned().unwrap();
        assert_eq!(up.last_update.as_deref(), Some("2024-10-09"));
        assert_eq!(up.hotfixes[0].id, "KB5044284");
        assert_eq!(up.hotfixes.len(), 3);

        let ports = c.listening().value().cloned().unwrap();
        let rdp = ports.iter().find(|p| p.port == 3389).unwrap();
        assert_eq!(rdp.process.value().unwrap().name, "svchost");
        let gone = ports.iter().find(|p| p.port == 5353).unwrap();
        assert_eq!(gone.process.value().unwrap().name, "");
        assert_eq!(ports.len(), 6);

        let fw = c.firewall().value().cloned().unwrap();
        assert_eq!(fw.len(), 3);
        assert_eq!(fw[2].enabled, Fact::ok(false));
        assert!(c.logging().value().unwrap()[0].running);
        let av = c.anti_malware().value().cloned().unwrap();
        assert_eq!(av.len(), 1, "Defender is listed once");
        assert!(av[0].running);
        let t = c.time_sync().value().cloned().unwrap();
        assert_eq!(t.synchronized, Fact::ok(true));
        assert_eq!(c.services().value().unwrap().len(), 4);
    }

    #[test]
    fn win10_standard_user_fixture() {
        let c = fixture("win10-standard-user.json");
        assert!(!c.privileged());
        let id = c.identity();
        assert_eq!(
            id.os_name,
            Fact::ok("Windows 10 Enterprise LTSC 2019".to_string())
        );
        assert_eq!(id.os_version, Fact::ok("1809".to_string()));
        assert_eq!(id.os_build, Fact::ok("17763.6414".to_string()));
        assert_eq!(id.serial.status(), "unsupported");

        let accounts = c.accounts().value().cloned().unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].administrator.status(), "needs_privilege");
        assert_eq!(accounts[0].disabled, Fact::ok(false));
        assert_eq!(
            accounts[0].last_login,
            Fact::ok(Some("2024-10-01T00:00:00Z".to_string()))
        );
        assert_eq!(
            accounts[0].password_last_set,
            Fact::ok(Some("2024-01-01".to_string()))
        );
        assert_eq!(c.software().value().unwrap().packages.len(), 1);
        assert_eq!(
            c.updates().value().unwrap().hotfixes[0]
                .installed_on
                .as_deref(),
            Some("2024-10-08")
        );
        let ports = c.listening().value().cloned().unwrap();
        assert_eq!(ports.len(), 1);
        assert_eq!(ports[0].process.status(), "needs_privilege");
        let fw = c.firewall().value().cloned().unwrap();
        assert_eq!(fw[0].enabled, Fact::ok(true));
        assert_eq!(fw[2].enabled, Fact::ok(false));
        assert!(c.logging().value().unwrap()[0].running);
        let av = c.anti_malware().value().cloned().unwrap();
        assert_eq!(av.len(), 1);
        assert_eq!(av[0].name, "ESET Endpoint Security");
        assert!(av[0].running);
        let t = c.time_sync().value().cloned().unwrap();
        assert_eq!(t.synchronized, Fact::ok(false));
    }

    proptest::proptest! {
        /// Any JSON-ish text, and any value in any section, parses without panicking.
        #[test]
        fn parser_never_panics(s in ".{0,300}", key in "[a-z]{1,10}", v in ".{0,40}") {
            let c = WindowsCollector::from_output(&s, jiff::civil::date(2025, 1, 1));
            let _ = (c.identity(), c.accounts(), c.software(), c.listening());
            let doc = format!(r#"{{"admin":true,"{key}":{{"ok":[{{"Name":{v:?},"LocalPort":{v:?},"Enabled":{v:?},"InstalledOn":{v:?},"HotFixID":{v:?},"ProductName":{v:?},"CurrentBuild":{v:?}}}]}}}}"#);
            let c = WindowsCollector::from_output(&doc, jiff::civil::date(2025, 1, 1));
            let _ = (c.identity(), c.accounts(), c.software(), c.updates(), c.services(),
                     c.listening(), c.firewall(), c.logging(), c.anti_malware(), c.time_sync());
        }
    }

    #[test]
    fn password_policy_and_remote_access() {
        let c = fixture("win11-admin.json");
        let p = c.password_policy().value().cloned().unwrap();
        assert_eq!(
            (p.min_length, p.max_age_days, p.history, p.complexity),
            (Some(0), Some(42), Some(0), Some(false))
        );
        assert_eq!(p.source, "WinNT ADSI, secedit");
        let r = c.remote_access().value().cloned().unwrap();
        assert_eq!(
            (r.rdp_enabled, r.rdp_nla, r.smb1_enabled),
            (Some(true), Some(true), Some(false))
        );

        // A standard user: ADSI works, secedit and the SMB configuration are refused.
        let c = fixture("win10-standard-user.json");
        let p = c.password_policy().value().cloned().unwrap();
        assert_eq!(p.min_length, Some(8));
        assert_eq!(p.max_age_days, None, "0xFFFFFFFF seconds is never");
        assert_eq!(p.complexity, None);
        assert_eq!(p.source, "WinNT ADSI");
        let r = c.remote_access().value().cloned().unwrap();
        assert_eq!((r.rdp_enabled, r.smb1_enabled), (Some(false), None));

        let c = fixture("win10-22h2.json");
        let r = c.remote_access().value().cloned().unwrap();
        assert_eq!(
            (r.rdp_enabled, r.rdp_nla, r.smb1_enabled),
            (Some(true), Some(false), Some(true))
        );
        assert_eq!(c.password_policy().value().unwrap().max_age_days, None);
        let id = c.identity();
        assert_eq!(id.os_build, Fact::ok("19045.5608".to_string()));

        let c = fixture("server-2012r2.json");
        let id = c.identity();
        assert_eq!(
            id.os_name,
            Fact::ok("Windows Server 2012 R2 Standard".to_string())
        );
        assert_eq!(id.os_version.status(), "unsupported");
        assert_eq!(
            c.updates().value().unwrap().last_update.as_deref(),
            Some("2024-01-10")
        );
        assert_eq!(c.password_policy().value().unwrap().complexity, Some(true));
        assert_eq!(c.anti_malware().status(), "error");

        let c = fixture("win11-25h2.json");
        assert_eq!(c.identity().os_name, Fact::ok("Windows 11 Pro".to_string()));
        assert_eq!(c.password_policy().value().unwrap().min_length, Some(14));

        // A document from before these sections: not readable, said so.
        let old = WindowsCollector::from_output(r#"{"admin":true}"#, jiff::civil::date(2025, 1, 1));
        assert_eq!(old.password_policy().status(), "error");
        assert_eq!(old.remote_access().status(), "error");
    }

    #[test]
    fn not_json_is_an_error_for_every_fact() {
        let c = WindowsCollector::from_output("garbage", jiff::civil::date(2025, 1, 1));
        assert_eq!(c.accounts().status(), "error");
        assert!(!c.privileged());
    }
}
