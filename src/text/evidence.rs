//! The evidence engine's findings and suggestions in words, shared by `kensa evidence`,
//! `kensa status`, the report and the summary attached when a suggestion is accepted.

use crate::i18n::Lang;
use crate::model::checklist::Item;
use crate::model::evidence::data::DataInfo;
use crate::model::evidence::identify::Precision;
use crate::model::evidence::suggest::{Completeness, Counted, Proposed, Suggestion, Topic, Why};
use crate::model::evidence::{
    Basis, Check, DataStatus, Detail, Evidence, Finding, KevHit, Level, Subject,
};
use crate::model::record::Record;
use crate::tr;

pub fn level_label(lang: Lang, l: Level) -> &'static str {
    match l {
        Level::Critical => tr!(lang, "evidence.level.critical"),
        Level::High => tr!(lang, "evidence.level.high"),
        Level::Medium => tr!(lang, "evidence.level.medium"),
        Level::Low => tr!(lang, "evidence.level.low"),
        Level::Info => tr!(lang, "evidence.level.info"),
    }
}

pub fn proposed_label(lang: Lang, p: Proposed) -> &'static str {
    match p {
        Proposed::Yes => tr!(lang, "answer.yes"),
        Proposed::No => tr!(lang, "answer.no"),
        Proposed::Unknown => tr!(lang, "evidence.answer.unknown"),
    }
}

pub fn topic_label(lang: Lang, t: Topic) -> &'static str {
    match t {
        Topic::Ledger => tr!(lang, "evidence.topic.ledger"),
        Topic::RemoteMaintenance => tr!(lang, "evidence.topic.remote_maintenance"),
        Topic::Accounts => tr!(lang, "evidence.topic.accounts"),
        Topic::Patches => tr!(lang, "evidence.topic.patches"),
        Topic::Passwords => tr!(lang, "evidence.topic.passwords"),
        Topic::PasswordReuse => tr!(lang, "evidence.topic.password_reuse"),
        Topic::Logging => tr!(lang, "evidence.topic.logging"),
        Topic::Services => tr!(lang, "evidence.topic.services"),
        Topic::Firewall => tr!(lang, "evidence.topic.firewall"),
        Topic::NotObservable => tr!(lang, "evidence.topic.not_observable"),
    }
}

/// `401 FGT-VPN (198.18.0.1)`, or `台帳外 198.18.0.99` for a device the 台帳 does not list.
pub fn subject_text(lang: Lang, s: &Subject) -> String {
    let ip =
        s.ip.as_deref()
            .filter(|ip| *ip != s.name)
            .map(|ip| format!(" ({ip})"))
            .unwrap_or_default();
    match &s.control_no {
        Some(no) => format!("{no} {}{ip}", s.name),
        None => format!("{} {}{ip}", tr!(lang, "evidence.subject.unlisted"), s.name),
    }
}

fn list(lang: Lang, items: &[String]) -> String {
    items.join(if lang == Lang::Ja { "、" } else { ", " })
}

fn kev_list(lang: Lang, cves: &[KevHit], limit: usize, affected: bool) -> String {
    let mut parts: Vec<String> = cves
        .iter()
        .take(limit)
        .map(|c| {
            let mut notes = Vec::new();
            match &c.fixed {
                Some(v) => notes.push(tr!(lang, "evidence.f.kev_fixed", version = v)),
                // An affected version without a fix in its branch: move to another branch.
                None if affected => notes.push(tr!(lang, "evidence.f.kev_no_fix").to_string()),
                None => {}
            }
            if let Some(src) = &c.range_source {
                notes.push(src.clone());
            }
            if c.ransomware {
                notes.push(tr!(lang, "evidence.f.kev_ransomware").to_string());
            }
            if notes.is_empty() {
                c.cve.clone()
            } else if lang == Lang::Ja {
                format!("{}（{}）", c.cve, notes.join("、"))
            } else {
                format!("{} ({})", c.cve, notes.join(", "))
            }
        })
        .collect();
    if cves.len() > limit {
        parts.push(format!("+{}", cves.len() - limit));
    }
    list(lang, &parts)
}

/// `Microsoft Windows 10 22H2`, `Debian 10 (Buster)`; a label that already names the product
/// (`Windows Server 2012 R2`) stands alone.
fn eol_name(product: &str, cycle: &str) -> String {
    let short = product.strip_prefix("Microsoft ").unwrap_or(product);
    if cycle.contains(short) {
        cycle.to_string()
    } else {
        format!("{product} {cycle}")
    }
}

/// The finding in one sentence.
pub fn finding_message(lang: Lang, f: &Finding) -> String {
    let version_or = |v: &Option<String>| {
        v.clone()
            .unwrap_or_else(|| tr!(lang, "evidence.f.version_unknown").to_string())
    };
    match (&f.check, &f.detail) {
        (
            Check::EolEnded | Check::EolSoon,
            Detail::EndOfLife {
                product,
                cycle,
                eol,
                extended,
                extended_days,
                precision,
                days,
            },
        ) => {
            let name = eol_name(product, cycle);
            let mut s = match (f.check, eol) {
                (Check::EolSoon, Some(d)) => tr!(
                    lang,
                    "evidence.f.eol_soon",
                    name = name,
                    eol = d,
                    days = days.unwrap_or(0)
                ),
                (_, Some(d)) => tr!(lang, "evidence.f.eol_ended", name = name, eol = d),
                (_, None) => tr!(lang, "evidence.f.eol_ended_undated", name = name),
            };
            if f.check == Check::EolEnded
                && let Some(x) = extended
            {
                s.push_str(&if extended_days.is_some_and(|d| d > 0) {
                    tr!(lang, "evidence.f.eol_extended_until", date = x)
                } else {
                    tr!(lang, "evidence.f.eol_extended_ended", date = x)
                });
            }
            if *precision == Precision::Family {
                s.push_str(&tr!(lang, "evidence.f.eol_family", cycle = cycle));
            }
            s
        }
        (_, Detail::NoEolData { product, version }) => tr!(
            lang,
            "evidence.f.eol_no_data",
            product = product,
            version = version.clone().unwrap_or_default()
        ),
        (
            _,
            Detail::PatchAge {
                last_update,
                days,
                threshold,
                collected_on,
                ..
            },
        ) => tr!(
            lang,
            "evidence.f.patch_age",
            last = last_update,
            collected = collected_on,
            days = days,
            threshold = threshold
        ),
        (
            Check::KevAffected,
            Detail::Kev {
                product,
                version,
                cves,
            },
        ) => tr!(
            lang,
            "evidence.f.kev_affected",
            product = product,
            version = version_or(version),
            cves = kev_list(lang, cves, 8, true)
        ),
        (
            _,
            Detail::Kev {
                product,
                version,
                cves,
            },
        ) => tr!(
            lang,
            "evidence.f.kev_unchecked",
            product = product,
            version = version_or(version),
            count = cves.len(),
            cves = kev_list(lang, cves, 5, false)
        ),
        (_, Detail::Ports { ports, vendor }) => tr!(
            lang,
            "evidence.f.remote_ports",
            ports = list(
                lang,
                &ports
                    .iter()
                    .map(|p| format!("{}/{}", p.port, p.service))
                    .collect::<Vec<_>>()
            ),
            vendor = vendor
                .clone()
                .unwrap_or_else(|| tr!(lang, "evidence.f.vendor_unknown").to_string())
        ),
        (Check::DangerousService, Detail::Items { items }) => {
            tr!(lang, "evidence.f.dangerous", items = list(lang, items))
        }
        (Check::FirewallOff, Detail::Items { items }) => {
            tr!(lang, "evidence.f.firewall_off", items = list(lang, items))
        }
        (_, Detail::Items { items }) => {
            tr!(lang, "evidence.f.logging_off", items = list(lang, items))
        }
        (Check::RdpWithoutNla, _) => tr!(lang, "evidence.f.rdp_nla").to_string(),
        (Check::Smb1, _) => tr!(lang, "evidence.f.smb1").to_string(),
        (Check::DormantAccounts, Detail::Accounts { accounts, limit }) => tr!(
            lang,
            "evidence.f.dormant",
            days = limit,
            accounts = list(lang, accounts)
        ),
        (Check::ExcessAdmins, Detail::Accounts { accounts, limit }) => tr!(
            lang,
            "evidence.f.admins",
            count = accounts.len(),
            limit = limit,
            accounts = list(lang, accounts)
        ),
        (_, Detail::Accounts { accounts, limit }) => tr!(
            lang,
            "evidence.f.password_not_changed",
            days = limit,
            accounts = list(lang, accounts)
        ),
        (
            _,
            Detail::PasswordPolicy {
                min_length,
                max_age_days,
                complexity,
                problems,
            },
        ) => {
            let problems: Vec<String> = problems
                .iter()
                .map(|p| match *p {
                    "short" => tr!(lang, "evidence.pw.short"),
                    "no_complexity" => tr!(lang, "evidence.pw.no_complexity"),
                    _ => tr!(lang, "evidence.pw.no_expiry"),
                })
                .map(str::to_string)
                .collect();
            tr!(
                lang,
                "evidence.f.password_policy",
                problems = list(lang, &problems),
                min = min_length.map(|m| m.to_string()).unwrap_or_else(|| tr!(
                    lang,
                    "evidence.pw.none"
                )
                .to_string()),
                age = max_age_days
                    .map(|d| tr!(lang, "evidence.pw.days", days = d))
                    .unwrap_or_else(|| tr!(lang, "evidence.pw.none").to_string()),
                complexity = match complexity {
                    Some(true) => tr!(lang, "evidence.pw.required"),
                    Some(false) => tr!(lang, "evidence.pw.not_required"),
                    None => tr!(lang, "evidence.pw.unknown"),
                }
            )
        }
        (
            _,
            Detail::Unlisted {
                ips, macs, vendor, ..
            },
        ) => {
            let mut addresses: Vec<String> = ips.iter().chain(macs.iter()).cloned().collect();
            addresses.extend(vendor.iter().cloned());
            tr!(
                lang,
                "evidence.f.unlisted",
                addresses = list(lang, &addresses)
            )
        }
        (_, Detail::NotSeen { last_seen, days }) => match last_seen {
            Some(t) => tr!(
                lang,
                "evidence.f.not_seen",
                days = days,
                last = t.get(..10).unwrap_or(t)
            ),
            None => tr!(lang, "evidence.f.never_seen").to_string(),
        },
        (
            _,
            Detail::Retired {
                retired_on,
                seen_at,
            },
        ) => tr!(
            lang,
            "evidence.f.retired",
            retired = retired_on,
            seen = seen_at.get(..10).unwrap_or(seen_at)
        ),
        (
            _,
            Detail::Mismatch {
                field,
                ledger,
                observed,
            },
        ) => {
            if *field == "ip" {
                tr!(
                    lang,
                    "evidence.f.mismatch_ip",
                    ledger = ledger,
                    observed = observed
                )
            } else {
                tr!(
                    lang,
                    "evidence.f.mismatch_os",
                    ledger = ledger,
                    observed = observed
                )
            }
        }
        (_, Detail::EndOfLife { .. } | Detail::Flag) => String::new(),
    }
}

/// Where the facts of a finding came from, and the data it was judged against.
pub fn basis_text(lang: Lang, f: &Finding) -> String {
    let mut parts: Vec<String> = f
        .basis
        .iter()
        .map(|b| match b {
            Basis::Collect { observation, at } => tr!(
                lang,
                "evidence.basis.collect",
                at = at.get(..10).unwrap_or(at),
                id = observation
            ),
            Basis::Scan { observation, at } => tr!(
                lang,
                "evidence.basis.scan",
                at = at.get(..10).unwrap_or(at),
                id = observation
            ),
            Basis::Ledger { value, .. } => tr!(lang, "evidence.basis.ledger", value = value),
        })
        .collect();
    if let Some(d) = &f.data {
        parts.push(tr!(
            lang,
            "evidence.basis.data",
            file = d.file,
            snapshot = d.snapshot
        ));
    }
    format!(
        "{}: {}",
        tr!(lang, "evidence.basis.label"),
        parts.join(if lang == Lang::Ja { "／" } else { "; " })
    )
}

/// The script that rebuilds a data file.
pub fn update_script(file: &str) -> &'static str {
    if file.ends_with("eol.tsv") {
        "scripts/update-eol.py"
    } else {
        "scripts/update-kev.py"
    }
}

pub fn data_line(lang: Lang, d: &DataInfo) -> String {
    tr!(
        lang,
        "evidence.data.line",
        file = d.file,
        snapshot = d.snapshot,
        entries = d.entries,
        source = d.source,
        licence = d.licence
    )
}

pub fn stale_warning(lang: Lang, d: &DataStatus) -> String {
    tr!(
        lang,
        "evidence.data.stale",
        file = d.info.file,
        snapshot = d.info.snapshot,
        script = update_script(&d.info.file)
    )
}

pub fn why_text(lang: Lang, s: &Suggestion) -> String {
    match s.why {
        Why::Findings => tr!(lang, "evidence.why.findings", count = s.findings.len()),
        Why::Clear => tr!(lang, "evidence.why.clear").to_string(),
        Why::Incomplete => tr!(lang, "evidence.why.incomplete").to_string(),
        Why::ToCheck => tr!(lang, "evidence.why.to_check", count = s.findings.len()),
        Why::NoEvidence => tr!(lang, "evidence.why.no_evidence").to_string(),
        Why::NoScan => tr!(lang, "evidence.why.no_scan").to_string(),
        Why::VendorConfirmation => tr!(lang, "evidence.why.vendor_confirmation").to_string(),
        Why::NotObservable => tr!(lang, "evidence.why.not_observable").to_string(),
    }
}

pub fn completeness_text(lang: Lang, c: &Completeness, e: &Evidence) -> String {
    match c.counted {
        Counted::RowsSeen => tr!(
            lang,
            "evidence.counted.rows_seen",
            have = c.have,
            of = c.of,
            days = e.settings.unseen_days
        ),
        Counted::RowsCollected => tr!(
            lang,
            "evidence.counted.rows_collected",
            have = c.have,
            of = c.of
        ),
        Counted::RowsPatchLevel => tr!(
            lang,
            "evidence.counted.rows_patch_level",
            have = c.have,
            of = c.of
        ),
        Counted::DevicesProbed => tr!(
            lang,
            "evidence.counted.devices_probed",
            have = c.have,
            of = c.of
        ),
    }
}

/// `重大 1、高 3、中 10` (levels with findings only).
pub fn counts_text(lang: Lang, e: &Evidence) -> String {
    let parts: Vec<String> = e
        .counts()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(l, n)| format!("{} {n}", level_label(lang, l)))
        .collect();
    if parts.is_empty() {
        tr!(lang, "evidence.no_findings").to_string()
    } else {
        list(lang, &parts)
    }
}

pub fn coverage_text(lang: Lang, e: &Evidence) -> String {
    let c = &e.coverage;
    tr!(
        lang,
        "evidence.coverage",
        rows = c.ledger_rows,
        collected = c.collected,
        days = e.settings.unseen_days,
        seen = c.seen,
        outside = c.outside_scans,
        unlisted = c.unlisted,
        collects = c.collect_observations,
        scans = c.scan_observations
    )
}

/// The evidence summary kept with an accepted answer: the suggestion, why, how complete, each
/// finding behind it with its source and data date, and the data sets used.
pub fn summary(lang: Lang, record: &Record, e: &Evidence, s: &Suggestion, item: &Item) -> String {
    let mut out = Vec::new();
    out.push(format!(
        "{} — {}",
        tr!(lang, "evidence.summary.title"),
        tr!(lang, "evidence.title", date = e.today)
    ));
    out.push(tr!(
        lang,
        "evidence.summary.item",
        item = item.id,
        scope = super::scope_label(lang, s.scope),
        text = item.text
    ));
    out.push(tr!(
        lang,
        "evidence.summary.answer",
        answer = proposed_label(lang, s.answer),
        why = why_text(lang, s)
    ));
    if let Some(c) = &s.completeness {
        out.push(tr!(
            lang,
            "evidence.summary.completeness",
            text = completeness_text(lang, c, e)
        ));
    }
    out.push(coverage_text(lang, e));
    out.push(String::new());
    out.push(tr!(
        lang,
        "evidence.summary.findings",
        count = s.findings.len()
    ));
    for &i in &s.findings {
        let f = &e.findings[i];
        out.push(format!(
            "- [{}] {}: {}",
            level_label(lang, f.level),
            subject_text(lang, &f.subject),
            finding_message(lang, f)
        ));
        out.push(format!("  {}", basis_text(lang, f)));
    }
    out.push(String::new());
    out.push(format!("{}:", tr!(lang, "evidence.data.header")));
    for d in &e.data {
        out.push(format!("- {}", data_line(lang, &d.info)));
        if d.stale {
            out.push(format!("  ⚠ {}", stale_warning(lang, d)));
        }
    }
    out.push(tr!(
        lang,
        "evidence.summary.taken",
        date = e.today,
        taken = record.taken_at,
        version = record.kensa_version
    ));
    out.join("\n") + "\n"
}
