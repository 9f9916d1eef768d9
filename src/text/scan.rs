//! Messages of network discovery, shared by `kensa scan` and the TUI スキャン screen so that a
//! refused plan, a missing privilege or a stopped sweep reads the same in both.

use crate::i18n::Lang;
use crate::model::scan::{LedgerMatch, ScanHost, ScanReport, StopReason};
use crate::netscan::neighbours::NeighbourError;
use crate::netscan::{Estimate, ExcludeFileError, PlanError, Rate, ScanError, ScanPlan};
use crate::tr;

pub fn plan_error(lang: Lang, e: &PlanError) -> String {
    match e {
        PlanError::BadCidr(c) => tr!(lang, "scan.err.bad_cidr", cidr = c),
        PlanError::TooLarge { cidr, addresses } => tr!(
            lang,
            "scan.err.too_large",
            cidr = cidr,
            addresses = addresses
        ),
        PlanError::BadRate(r) => tr!(lang, "scan.err.bad_rate", rate = r),
        PlanError::BadExclusion(x) => tr!(lang, "scan.err.bad_exclusion", value = x),
    }
}

pub fn scan_error(lang: Lang, e: &ScanError) -> String {
    match e {
        ScanError::NoPrivilege { iface } => no_privilege(lang, iface),
        ScanError::UnknownInterface { name, known } => {
            tr!(lang, "scan.err.unknown_iface", iface = name, known = known)
        }
        ScanError::InterfaceDown(i) => tr!(lang, "scan.err.iface_down", iface = i),
        ScanError::NoMac(i) => tr!(lang, "scan.err.no_mac", iface = i),
        ScanError::NoIpv4(i) => tr!(lang, "scan.err.no_ipv4", iface = i),
        ScanError::Io { iface, source } => {
            tr!(lang, "scan.err.socket", iface = iface, detail = source)
        }
        ScanError::NotBuilt => tr!(lang, "scan.err.not_built").to_string(),
    }
}

/// A refused exclusion file: unreadable, or the first bad line with its number.
pub fn exclude_file_error(lang: Lang, e: &ExcludeFileError) -> String {
    if e.line == 0 {
        tr!(
            lang,
            "scan.err.exclude_file_unreadable",
            path = e.path.display(),
            detail = e.text
        )
    } else {
        tr!(
            lang,
            "scan.err.exclude_file_line",
            path = e.path.display(),
            line = e.line,
            text = e.text
        )
    }
}

/// The neighbour table could not be read or understood.
pub fn neighbour_error(lang: Lang, e: &NeighbourError) -> String {
    match e {
        NeighbourError::Io { path, source } => {
            tr!(lang, "scan.err.neighbours_io", path = path, detail = source)
        }
        NeighbourError::Parse { path, detail } => {
            tr!(
                lang,
                "scan.err.neighbours_parse",
                path = path,
                detail = detail
            )
        }
        NeighbourError::Command(d) => tr!(lang, "scan.err.neighbours_command", detail = d),
    }
}

/// Exactly what to do when the raw socket is refused.
fn no_privilege(lang: Lang, iface: &str) -> String {
    if cfg!(windows) {
        return tr!(lang, "scan.no_privilege_windows", iface = iface);
    }
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "kensa".to_string());
    tr!(lang, "scan.no_privilege", iface = iface, exe = exe)
}

pub fn rate_label(lang: Lang, r: Rate) -> String {
    match r {
        Rate::Gentle => tr!(lang, "scan.rate_gentle", pps = Rate::GENTLE_PPS),
        Rate::Normal => tr!(lang, "scan.rate_normal", pps = Rate::NORMAL_PPS),
        Rate::Fast => tr!(lang, "scan.rate_fast").to_string(),
        Rate::Pps(n) => tr!(lang, "scan.rate_pps", pps = n),
    }
}

/// The pre-flight estimate shown before the confirmation.
pub fn preflight(lang: Lang, plan: &ScanPlan, e: &Estimate) -> String {
    let mut s = tr!(
        lang,
        "scan.preflight",
        cidr = plan.cidr,
        iface = plan.iface,
        addresses = e.addresses,
        excluded = e.excluded,
        rate = rate_label(lang, plan.rate),
        packets = e.packets_max,
        min = format!("{:.1}", e.seconds_min),
        max = format!("{:.1}", e.seconds_max)
    );
    if plan.exclusions.has_mac_rules() {
        s.push('\n');
        s.push_str(tr!(lang, "scan.preflight_oui"));
    }
    if plan.probe_remote_maintenance {
        s.push('\n');
        s.push_str(&tr!(
            lang,
            "scan.preflight_probe",
            seconds = format!("{:.1}", e.probe_seconds_per_host)
        ));
    }
    s
}

/// Why the run ended early, or `None` when it ran to the end.
pub fn stop_message(lang: Lang, report: &ScanReport) -> Option<String> {
    let detail = report.stop_detail.clone().unwrap_or_default();
    let iface = report.interface.clone().unwrap_or_default();
    Some(match report.stopped? {
        StopReason::User => tr!(lang, "scan.stopped_user").to_string(),
        StopReason::InterfaceDown => tr!(
            lang,
            "scan.stopped_iface_down",
            iface = iface,
            detail = detail
        ),
        StopReason::SendErrors => tr!(lang, "scan.stopped_send_errors", detail = detail),
    })
}

/// The 管理番号 of the matching 台帳 rows, or 台帳にない.
pub fn ledger_name(lang: Lang, m: &LedgerMatch) -> String {
    if m.in_ledger() {
        m.control_nos.join(",")
    } else {
        tr!(lang, "scan.not_in_ledger").to_string()
    }
}

/// The 台帳 column of a found device: its 管理番号, or 台帳にない; excluded and conflicting
/// devices say so.
pub fn ledger_cell(lang: Lang, h: &ScanHost, m: &LedgerMatch) -> String {
    let mut s = ledger_name(lang, m);
    if h.excluded {
        s.push_str(&format!(" ({})", tr!(lang, "scan.excluded")));
    }
    if !h.other_macs.is_empty() {
        s.push_str(&format!(
            " ({})",
            tr!(lang, "scan.conflict", macs = h.other_macs.join(", "))
        ));
    }
    s
}
