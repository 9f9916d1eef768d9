//! What product a device runs, read from what kensa has: a host document's OS name and build,
//! an SNMP `sysDescr`, or what a person typed in the 台帳 (OS, ソフトウェア and バージョン).
//! The product keys are endoflife.date's slugs where it tracks the product, so one key finds
//! both the end-of-life cycles and the KEV entries.

use serde::Serialize;

use super::data::{Cycle, EolData, EolProduct};
use super::version::{Version, find_version};
use crate::model::asset::{fold_fullwidth, os_family_version};

/// A product and, when readable, its version or Windows build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Platform {
    /// `windows`, `windows-server`, `debian`, `fortios`, `yamaha-rtx`, …
    pub product: &'static str,
    /// Dotted version (`7.2.5`, `22.04`, `10`), or for Windows the major (`10`, `2012-r2`).
    pub version: Option<String>,
    /// Windows only: the build number (`19045`) and release (`22h2`).
    pub build: Option<u32>,
    pub release: Option<String>,
    /// Windows only: `w` (Home/Pro), `e` (Enterprise/Education), `e-lts`, `iot-lts`.
    pub edition: Option<&'static str>,
}

/// Network and server products, checked before operating systems because their descriptions
/// contain OS words (`Cisco IOS` is not Apple's iOS). First match wins: more specific needles
/// come first.
const PRODUCTS: &[(&[&str], &str)] = &[
    (
        &["forticlient ems", "forticlientems", "forticlient endpoint"],
        "forticlient-ems",
    ),
    (&["fortiproxy"], "fortiproxy"),
    (&["fortimanager"], "fortimanager"),
    (&["fortiweb"], "fortiweb"),
    (&["fortios", "fortigate", "fortiwifi"], "fortios"),
    (&["pan-os", "palo alto"], "pan-os"),
    (
        &["adaptive security appliance", "cisco asa", "asa version"],
        "cisco-asa",
    ),
    (&["ios xe", "ios-xe", "iosxe"], "cisco-ios-xe"),
    (&["ios xr", "ios-xr"], "cisco-ios-xr"),
    (&["nx-os", "nxos"], "cisco-nx-os"),
    (
        &[
            "cisco ios",
            "ios software",
            "cisco internetwork operating system",
        ],
        "cisco-ios",
    ),
    (&["netscaler", "citrix adc", "citrix gateway"], "citrix-adc"),
    (
        &[
            "pulse connect secure",
            "ivanti connect secure",
            "pulse secure",
        ],
        "ivanti-connect-secure",
    ),
    (&["sonicwall sma", "secure mobile access"], "sonicwall-sma"),
    (&["sonicos", "sonicwall"], "sonicos"),
    (&["junos", "juniper"], "junos"),
    (&["big-ip", "big ip"], "big-ip"),
    (&["routeros", "mikrotik"], "routeros"),
    (
        &["zywall", "usg flex", "zyxel atp", "zyxel usg"],
        "zyxel-firewall",
    ),
    (&["sophos utm", "sophos sg"], "sophos-utm"),
    (
        &["cyberoam", "sophos firewall", "sfos", "sophos xg"],
        "sophos-firewall",
    ),
    (&["check point", "checkpoint", "gaia"], "checkpoint-gateway"),
    (&["watchguard", "fireware", "firebox"], "watchguard-firebox"),
    (&["draytek", "vigor"], "draytek-vigor"),
    (&["qnap", "qts "], "qnap-nas"),
    (&["esxi", "vmkernel", "vmware esx"], "vmware-esxi"),
    (&["vcenter"], "vmware-vcenter"),
    (&["veeam"], "veeam-backup"),
    (&["screenconnect"], "screenconnect"),
    (&["beyondtrust", "bomgar"], "beyondtrust-remote-support"),
    (&["teamviewer"], "teamviewer"),
    (&["kaseya"], "kaseya-vsa"),
    (
        &[
            "apex one",
            "officescan",
            "ウイルスバスター コーポレート",
            "ウイルスバスターコーポレート",
        ],
        "trendmicro-apex-one",
    ),
    (&["arcserve"], "arcserve-udp"),
    (
        &[
            "yamaha", "rtx8", "rtx1", "rtx3", "rtx5", "nvr500", "nvr510", "nvr700",
        ],
        "yamaha-rtx",
    ),
];

/// Display names of the product keys that are not in the end-of-life data (their EOL data
/// being absent is itself worth saying).
pub fn product_name(key: &str) -> &str {
    match key {
        "forticlient-ems" => "FortiClient EMS",
        "fortiproxy" => "FortiProxy",
        "fortimanager" => "FortiManager",
        "fortiweb" => "FortiWeb",
        "fortios" => "FortiOS",
        "pan-os" => "PAN-OS",
        "cisco-asa" => "Cisco ASA",
        "cisco-ios-xe" => "Cisco IOS XE",
        "cisco-ios-xr" => "Cisco IOS XR",
        "cisco-nx-os" => "Cisco NX-OS",
        "cisco-ios" => "Cisco IOS",
        "citrix-adc" => "Citrix ADC (NetScaler)",
        "ivanti-connect-secure" => "Ivanti Connect Secure",
        "sonicwall-sma" => "SonicWall SMA",
        "sonicos" => "SonicWall SonicOS",
        "junos" => "Juniper Junos",
        "big-ip" => "F5 BIG-IP",
        "routeros" => "MikroTik RouterOS",
        "zyxel-firewall" => "Zyxel firewall",
        "sophos-utm" => "Sophos UTM",
        "sophos-firewall" => "Sophos Firewall",
        "checkpoint-gateway" => "Check Point",
        "watchguard-firebox" => "WatchGuard Firebox",
        "draytek-vigor" => "DrayTek Vigor",
        "qnap-nas" => "QNAP NAS",
        "vmware-esxi" => "VMware ESXi",
        "vmware-vcenter" => "VMware vCenter",
        "veeam-backup" => "Veeam Backup & Replication",
        "screenconnect" => "ConnectWise ScreenConnect",
        "beyondtrust-remote-support" => "BeyondTrust Remote Support",
        "teamviewer" => "TeamViewer",
        "kaseya-vsa" => "Kaseya VSA",
        "trendmicro-apex-one" => "Trend Micro Apex One",
        "arcserve-udp" => "Arcserve UDP",
        "yamaha-rtx" => "Yamaha RTX",
        "windows" => "Windows",
        "windows-server" => "Windows Server",
        "windows-embedded" => "Windows Embedded",
        "macos" => "macOS",
        "debian" => "Debian",
        "ubuntu" => "Ubuntu",
        "rhel" => "Red Hat Enterprise Linux",
        "centos" => "CentOS",
        "centos-stream" => "CentOS Stream",
        "rocky-linux" => "Rocky Linux",
        "almalinux" => "AlmaLinux",
        "oracle-linux" => "Oracle Linux",
        "sles" => "SUSE Linux Enterprise Server",
        other => other,
    }
}

/// Whether the product is network or perimeter gear (firewalls, VPN gateways, routers).
pub fn is_network_gear(key: &str) -> bool {
    !matches!(
        key,
        "windows"
            | "windows-server"
            | "windows-embedded"
            | "macos"
            | "debian"
            | "ubuntu"
            | "rhel"
            | "centos"
            | "centos-stream"
            | "rocky-linux"
            | "almalinux"
            | "oracle-linux"
            | "sles"
            | "vmware-esxi"
            | "vmware-vcenter"
            | "veeam-backup"
            | "screenconnect"
            | "beyondtrust-remote-support"
            | "teamviewer"
            | "kaseya-vsa"
            | "trendmicro-apex-one"
            | "arcserve-udp"
            | "forticlient-ems"
            | "qnap-nas"
    )
}

/// The product described by `text` (an OS name with version, a sysDescr, a typed 台帳 cell),
/// with the Windows build when the caller knows it (a host document's `os_build`).
pub fn identify(text: &str, build: Option<&str>) -> Option<Platform> {
    let folded = fold_fullwidth(text);
    // ASCII lowering keeps byte offsets, so a version is cut from `folded` with its case.
    let lower = folded.to_ascii_lowercase();
    if lower.trim().is_empty() {
        return None;
    }
    for (needles, key) in PRODUCTS {
        if let Some(at) = needles.iter().filter_map(|n| lower.find(n)).min() {
            return Some(Platform {
                product: key,
                version: network_version(key, &lower, &folded, at),
                build: None,
                release: None,
                edition: None,
            });
        }
    }
    if lower.contains("windows") || lower.starts_with("win") {
        return windows(&lower, build);
    }
    if lower.contains("oracle linux") {
        return dotted("oracle-linux", &lower, "oracle linux");
    }
    if lower.contains("suse") || lower.contains("sles") {
        // `SUSE Linux Enterprise Server 15 SP5` is cycle 15.5.
        let major = find_number(&lower)?;
        let sp = lower
            .find("sp")
            .and_then(|i| lower[i + 2..].split(|c: char| !c.is_ascii_digit()).next())
            .filter(|s| !s.is_empty());
        return Some(plain(
            "sles",
            Some(match sp {
                Some(sp) => format!("{major}.{sp}"),
                None => major,
            }),
        ));
    }
    let (family, version) = os_family_version(&lower)?;
    let product = match family.as_str() {
        "debian" => "debian",
        "ubuntu" => "ubuntu",
        "rhel" => "rhel",
        "rocky" => "rocky-linux",
        "almalinux" => "almalinux",
        "centos" if lower.contains("stream") => "centos-stream",
        "centos" => "centos",
        "macos" => "macos",
        _ => return None,
    };
    Some(plain(product, Some(version)))
}

fn plain(product: &'static str, version: Option<String>) -> Platform {
    Platform {
        product,
        version,
        build: None,
        release: None,
        edition: None,
    }
}

fn find_number(s: &str) -> Option<String> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    Some(
        s[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect(),
    )
}

fn dotted(product: &'static str, lower: &str, after: &str) -> Option<Platform> {
    let at = lower.find(after).map_or(0, |i| i + after.len());
    let v = find_version(lower, at)
        .map(|v| v.as_str().to_string())
        .or_else(|| find_number(&lower[at..]))?;
    Some(plain(product, Some(v)))
}

fn network_version(key: &str, lower: &str, folded: &str, at: usize) -> Option<String> {
    // NetScaler's sysDescr: `NetScaler NS13.1: Build 49.13.nc` is 13.1-49.13.
    if key == "citrix-adc"
        && let Some(ns) = lower.find(" ns")
        && let Some(build) = lower.find("build ")
    {
        let major = find_version(lower, ns + 3)?;
        let b = find_version(lower, build + 6)?;
        let b: Vec<String> = b.parts().iter().take(2).map(u64::to_string).collect();
        return Some(format!("{}-{}", major.as_str(), b.join(".")));
    }
    // Cisco prints `…, Version 15.2(7)E4, …` after the platform words.
    if key.starts_with("cisco-")
        && let Some(v) = lower.find("version ")
    {
        return find_version(folded, v).map(|v| v.as_str().to_string());
    }
    find_version(folded, at)
        .or_else(|| find_version(folded, 0))
        .map(|v| v.as_str().to_string())
}

fn windows(lower: &str, build: Option<&str>) -> Option<Platform> {
    let build: Option<u32> = build.and_then(|b| {
        b.split(|c: char| !c.is_ascii_digit())
            .find(|s| !s.is_empty())?
            .parse()
            .ok()
    });
    // A release such as `22h2` or `1809` in the text.
    const RELEASES: [&str; 10] = [
        "1507", "1511", "1607", "1703", "1709", "1803", "1809", "1903", "1909", "2004",
    ];
    let release = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| {
            let b = w.as_bytes();
            (b.len() == 4 && b[2] == b'h' && [b[0], b[1], b[3]].iter().all(u8::is_ascii_digit))
                || RELEASES.contains(w)
        })
        .map(str::to_string);
    let edition = if lower.contains("iot") && (lower.contains("ltsc") || lower.contains("ltsb")) {
        "iot-lts"
    } else if lower.contains("ltsc") || lower.contains("ltsb") {
        "e-lts"
    } else if lower.contains("enterprise") || lower.contains("education") {
        "e"
    } else {
        "w"
    };
    if lower.contains("embedded") || lower.contains("posready") {
        return Some(Platform {
            product: "windows-embedded",
            version: None,
            build,
            release: None,
            edition: None,
        });
    }
    if lower.contains("server") {
        let year = ["2025", "2022", "2019", "2016", "2012", "2008", "2003"]
            .into_iter()
            .find(|y| lower.contains(y));
        let version = year.map(|y| match y {
            "2012" if lower.contains("r2") => "2012-r2".to_string(),
            "2008" if lower.contains("r2") => "2008-r2-sp1".to_string(),
            "2008" => "2008-sp2".to_string(),
            y => y.to_string(),
        });
        return Some(Platform {
            product: "windows-server",
            version,
            build,
            release: release.filter(|r| r.contains('h')),
            edition: None,
        });
    }
    let major = if lower.contains("xp") {
        Some("5".to_string())
    } else if lower.contains("vista") {
        Some("6".to_string())
    } else {
        os_family_version(lower).map(|(_, v)| v)
    };
    Some(Platform {
        product: "windows",
        version: major,
        build,
        release,
        edition: Some(edition),
    })
}

/// How exactly a cycle was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// The version or build names one cycle.
    Exact,
    /// Only the family is known (`Windows 10`): the latest-ending cycle of it was taken, so an
    /// end found this way has certainly passed.
    Family,
}

/// The release cycle of a platform in the end-of-life data.
pub fn resolve<'d>(
    eol: &'d EolData,
    p: &Platform,
) -> Option<(&'d EolProduct, &'d Cycle, Precision)> {
    let product = eol.product(p.product)?;
    if p.product.starts_with("windows") {
        return resolve_windows(product, p);
    }
    let v = Version::parse(p.version.as_deref()?)?;
    // The longest cycle whose numbers are a prefix of the version: 22.04.3 → 22.04, 7.2.5 →
    // 7.2, 10.13 → 10 (Debian). Cycle ids with words in them (`2012-r2`) are not dotted.
    product
        .cycles
        .iter()
        .filter(|c| c.cycle.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
        .filter_map(|c| Version::parse(&c.cycle).map(|cv| (c, cv)))
        .filter(|(_, cv)| {
            cv.parts().len() <= v.parts().len() && v.same_prefix(cv, cv.parts().len())
        })
        .max_by_key(|(_, cv)| cv.parts().len())
        .map(|(c, _)| (product, c, Precision::Exact))
}

fn latest_build(c: &Cycle) -> Option<u32> {
    c.latest.rsplit('.').next()?.parse().ok()
}

fn resolve_windows<'d>(
    product: &'d EolProduct,
    p: &Platform,
) -> Option<(&'d EolProduct, &'d Cycle, Precision)> {
    let suffix_ok = |c: &Cycle, edition: &str| {
        let id = c.cycle.as_str();
        match edition {
            "iot-lts" => id.ends_with("-iot-lts"),
            "e-lts" => id.ends_with("-e-lts"),
            "e" => id.ends_with("-e"),
            _ => id.ends_with("-w"),
        }
    };
    let bare = |c: &Cycle| {
        !["-e", "-w", "-lts", "-iot", "-sac", "-ac"]
            .iter()
            .any(|s| c.cycle.ends_with(s))
    };
    let pick = |candidates: Vec<&'d Cycle>| -> Option<&'d Cycle> {
        if candidates.len() <= 1 {
            return candidates.into_iter().next();
        }
        let edition = p.edition.unwrap_or("w");
        candidates
            .iter()
            .copied()
            .find(|c| suffix_ok(c, edition))
            .or_else(|| candidates.iter().copied().find(|c| bare(c)))
            .or_else(|| {
                // A server year is its own cycle (2019 and 1809-sac share a build).
                p.version
                    .as_deref()
                    .and_then(|v| candidates.iter().copied().find(|c| c.cycle == v))
            })
            .or_else(|| candidates.first().copied())
    };
    if let Some(build) = p.build {
        let by_build: Vec<&Cycle> = product
            .cycles
            .iter()
            .filter(|c| latest_build(c) == Some(build))
            .collect();
        if let Some(c) = pick(by_build) {
            return Some((product, c, Precision::Exact));
        }
    }
    let major = p.version.as_deref()?;
    if product.key == "windows-server" {
        let c = product.cycles.iter().find(|c| c.cycle == major)?;
        return Some((product, c, Precision::Exact));
    }
    let in_major = |c: &&Cycle| {
        c.cycle == major
            || c.cycle.starts_with(&format!("{major}-"))
            || c.label.split_whitespace().next() == Some(major)
    };
    if let Some(release) = &p.release {
        let by_release: Vec<&Cycle> = product
            .cycles
            .iter()
            .filter(in_major)
            .filter(|c| c.cycle.split('-').nth(1) == Some(release.as_str()))
            .collect();
        if let Some(c) = pick(by_release) {
            return Some((product, c, Precision::Exact));
        }
    }
    // Only the family: the cycle of that family whose end is latest, among the editions the
    // text allows (LTSC only when it says so).
    let edition = p.edition.unwrap_or("w");
    let lts = edition.ends_with("lts");
    product
        .cycles
        .iter()
        .filter(in_major)
        .filter(|c| lts == (c.lts || c.cycle.contains("lts")))
        .filter(|c| !c.cycle.contains("iot") || edition == "iot-lts")
        .max_by_key(|c| match c.eol {
            super::data::EolDate::On(d) => Some(d),
            _ => None,
        })
        .map(|c| (product, c, Precision::Family))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::evidence::data::Datasets;

    fn eol() -> &'static EolData {
        &Datasets::builtin().expect("data").eol
    }

    fn cycle(text: &str, build: Option<&str>) -> Option<(String, Precision)> {
        let p = identify(text, build)?;
        resolve(eol(), &p).map(|(_, c, pr)| (c.cycle.clone(), pr))
    }

    #[test]
    fn windows_by_build_edition_and_text() {
        assert_eq!(
            cycle("Windows 10 Pro 22H2", Some("19045.5608")),
            Some(("10-22h2".into(), Precision::Exact))
        );
        assert_eq!(
            cycle("Windows 11 Pro 24H2", Some("26100.2033")),
            Some(("11-24h2-w".into(), Precision::Exact))
        );
        assert_eq!(
            cycle("Windows 11 Enterprise 24H2", Some("26100.2033")),
            Some(("11-24h2-e".into(), Precision::Exact))
        );
        assert_eq!(
            cycle("Windows 10 Enterprise LTSC 2019 1809", Some("17763.6414")),
            Some(("10-1809-e-lts".into(), Precision::Exact))
        );
        assert_eq!(
            cycle("Windows Server 2012 R2 Standard", Some("9600.21620")),
            Some(("2012-r2".into(), Precision::Exact))
        );
        assert_eq!(
            cycle("Windows Server 2019 Standard", Some("17763")),
            Some(("2019".into(), Precision::Exact))
        );
        // Typed in the 台帳, no build.
        assert_eq!(
            cycle("Win10", None),
            Some(("10-22h2".into(), Precision::Family))
        );
        assert_eq!(
            cycle("Windows 11 Pro 23H2", None),
            Some(("11-23h2-w".into(), Precision::Exact))
        );
        assert_eq!(
            cycle("Windows Server 2012 R2", None),
            Some(("2012-r2".into(), Precision::Exact))
        );
        assert_eq!(cycle("Windows 7", None).map(|c| c.0), Some("7-sp1".into()));
        assert_eq!(cycle("Windows XP", None).map(|c| c.0), Some("5-sp3".into()));
    }

    #[test]
    fn linux_mac_and_network_gear() {
        assert_eq!(
            cycle("Debian GNU/Linux 10 (buster)", None).map(|c| c.0),
            Some("10".into())
        );
        assert_eq!(
            cycle("Ubuntu 22.04.3 LTS", None).map(|c| c.0),
            Some("22.04".into())
        );
        assert_eq!(
            cycle("Red Hat Enterprise Linux 8.10 (Ootpa)", None).map(|c| c.0),
            Some("8".into())
        );
        assert_eq!(
            cycle("SUSE Linux Enterprise Server 15 SP5", None).map(|c| c.0),
            Some("15.5".into())
        );
        assert_eq!(cycle("macOS 13.6.1", None).map(|c| c.0), Some("13".into()));
        assert_eq!(
            cycle("FortiOS 6.0.4", None).map(|c| c.0),
            Some("6.0".into())
        );
        assert_eq!(
            cycle("FortiGate-60E v7.2.5,build1517,230606 (GA.F)", None).map(|c| c.0),
            Some("7.2".into())
        );
        assert_eq!(
            cycle("Cisco IOS XE Software, Version 17.03.04a", None).map(|c| c.0),
            Some("17.3".into())
        );
        let yamaha = identify("RTX1210 Rev.14.01.38 (Fri Jul 10 09:35:39 2020)", None).unwrap();
        assert_eq!(yamaha.product, "yamaha-rtx");
        assert_eq!(yamaha.version.as_deref(), Some("14.01.38"));
        assert!(resolve(eol(), &yamaha).is_none(), "no EOL data for Yamaha");
        let ios = identify(
            "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E4, RELEASE SOFTWARE (fc2)",
            None,
        )
        .unwrap();
        assert_eq!(
            (ios.product, ios.version.as_deref()),
            ("cisco-ios", Some("15.2(7)E4"))
        );
        let ns = identify("NetScaler NS13.1: Build 49.13.nc, Date: Jul 10 2023", None).unwrap();
        assert_eq!(ns.version.as_deref(), Some("13.1-49.13"));
        assert_eq!(identify("独自OS", None), None);
        assert_eq!(identify("", None), None);
    }
}
