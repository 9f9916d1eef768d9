//! The rules: one pass over the 台帳 rows (with their newest observations and the facts of
//! their documents), then over the devices the 台帳 does not list.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;

use super::data::{Datasets, EolDate};
use super::identify::{Platform, identify, is_network_gear, product_name, resolve};
use super::version::Version;
use super::{
    Basis, Check, Coverage, DataRef, DataStatus, Detail, Evidence, Finding, KevHit, Known, Level,
    PortHit, Settings, Subject, kind_scope,
};
use crate::model::asset::{LedgerFields, Observation, Source, disagreements, os_family_version};
use crate::model::checklist::Scope;
use crate::model::host::{HostFacts, is_reachable_address};
use crate::model::record::{ObservationFacts, Record};
use crate::model::scan::{PortState, ScanFacts};

/// Ports of remote maintenance and remote administration that a scan may find open (the
/// probe list without the HTTPS ports, which are web consoles more often than maintenance).
const REMOTE_PORTS: [u16; 6] = [22, 23, 3389, 5900, 5901, 5938];

/// Cleartext or obsolete services nobody should run on a hospital LAN: (port, protocol, name).
const DANGEROUS_PORTS: [(u16, &str, &str); 6] = [
    (21, "tcp", "ftp"),
    (23, "tcp", "telnet"),
    (69, "udp", "tftp"),
    (512, "tcp", "rexec"),
    (513, "tcp", "rlogin"),
    (514, "tcp", "rsh"),
];

/// Service names of the same (Windows service names and Linux units, lowercase).
const DANGEROUS_SERVICES: [&str; 10] = [
    "tlntsvr",
    "ftpsvc",
    "msftpsvc",
    "telnet",
    "telnetd",
    "vsftpd",
    "proftpd",
    "pure-ftpd",
    "tftpd",
    "rsh",
];

/// The date part of an RFC 3339 timestamp or of `YYYY-MM-DD HH:MM:SS`.
fn date_of(s: &str) -> Option<Date> {
    s.get(..10)?.parse().ok()
}

fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// (text, Windows build) → what it identifies.
type IdentifyCache = HashMap<(String, Option<String>), Option<Platform>>;

struct Ctx<'a> {
    data: &'a Datasets,
    /// `identify` of each distinct text: a facility types the same OS on hundreds of rows.
    identified: std::cell::RefCell<IdentifyCache>,
    settings: &'a Settings,
    today: Date,
    facts: HashMap<i64, &'a ObservationFacts>,
    eol_ref: DataRef,
    kev_ref: DataRef,
    ranges: Vec<ipnet::IpNet>,
    any_scan: bool,
}

impl Ctx<'_> {
    fn identify(&self, text: &str, build: Option<&str>) -> Option<Platform> {
        let key = (text.to_string(), build.map(str::to_string));
        if let Some(p) = self.identified.borrow().get(&key) {
            return p.clone();
        }
        let p = identify(text, build);
        self.identified.borrow_mut().insert(key, p.clone());
        p
    }

    fn host(&self, o: &Observation) -> Option<&HostFacts> {
        self.facts.get(&o.id).and_then(|f| f.host.as_ref())
    }
    fn scan(&self, o: &Observation) -> Option<&ScanFacts> {
        self.facts.get(&o.id).and_then(|f| f.scan.as_ref())
    }
}

struct Out {
    findings: Vec<Finding>,
}

impl Out {
    fn push(
        &mut self,
        check: Check,
        level: Level,
        subject: &Subject,
        detail: Detail,
        basis: Vec<Basis>,
        data: Option<DataRef>,
    ) {
        self.findings.push(Finding {
            check,
            level,
            subject: subject.clone(),
            detail,
            basis,
            data,
        });
    }
}

fn collect_basis(o: &Observation) -> Basis {
    Basis::Collect {
        observation: o.id,
        at: o.observed.observed_at.clone(),
    }
}

fn scan_basis(o: &Observation) -> Basis {
    Basis::Scan {
        observation: o.id,
        at: o.observed.observed_at.clone(),
    }
}

/// Run every rule on a record.
pub fn evaluate(record: &Record, data: &Datasets, settings: &Settings, today: Date) -> Evidence {
    let facts: HashMap<i64, &ObservationFacts> = record
        .observation_facts
        .iter()
        .map(|f| (f.observation, f))
        .collect();
    let mut ranges: Vec<ipnet::IpNet> = record
        .observation_facts
        .iter()
        .filter_map(|f| f.scan.as_ref()?.cidr.as_deref()?.parse().ok())
        .collect();
    ranges.sort();
    ranges.dedup();
    let every_observation = || {
        record
            .ledger
            .iter()
            .flat_map(|e| e.observations.iter())
            .chain(record.unmatched.iter())
    };
    let ctx = Ctx {
        data,
        identified: Default::default(),
        settings,
        today,
        facts,
        eol_ref: DataRef {
            file: data.eol.info.file.clone(),
            snapshot: data.eol.info.snapshot,
        },
        kev_ref: DataRef {
            file: data.kev.info.file.clone(),
            snapshot: data.kev.info.snapshot,
        },
        any_scan: every_observation().any(|o| o.observed.source == Source::Scan),
        ranges,
    };
    let mut out = Out {
        findings: Vec::new(),
    };
    let mut known = Vec::new();
    let mut coverage = Coverage {
        scanned_ranges: ctx.ranges.iter().map(ToString::to_string).collect(),
        collect_observations: every_observation()
            .filter(|o| o.observed.source == Source::Collect)
            .count(),
        scan_observations: every_observation()
            .filter(|o| o.observed.source == Source::Scan)
            .count(),
        ..Coverage::default()
    };

    for entry in &record.ledger {
        let f = &entry.asset.fields;
        // Newest first: the first of each source is its newest.
        let collect = entry
            .observations
            .iter()
            .find(|o| o.observed.source == Source::Collect);
        let scan = entry
            .observations
            .iter()
            .find(|o| o.observed.source == Source::Scan);
        let host = collect.and_then(|o| ctx.host(o).map(|h| (o, h)));
        let mut subject = Subject {
            control_no: Some(f.control_no.clone()),
            name: first_nonempty(&[&f.computer_name, f.ip.split(',').next().unwrap_or("")])
                .or_else(|| collect.map(|o| o.observed.computer_name.clone()))
                .unwrap_or_else(|| f.control_no.clone()),
            ip: first_ip(&f.ip).or_else(|| {
                entry
                    .observations
                    .first()
                    .and_then(|o| o.observed.ips.first().cloned())
            }),
            scope: kind_scope(f.kind),
        };
        if let Some(retired_on) = f.retired_on {
            retired_answering(&mut out, &subject, retired_on, &entry.observations);
            continue;
        }
        let mut k = Known {
            in_ledger: true,
            ..Known::default()
        };
        asset_rules(
            &ctx,
            &mut out,
            &mut subject,
            &mut k,
            host,
            scan.map(|o| (o, ctx.scan(o))),
            Some(f),
        );
        reconcile_row(
            &ctx,
            &mut out,
            &subject,
            &mut k,
            f,
            &entry.observations,
            collect,
            scan,
        );
        coverage.ledger_rows += 1;
        coverage.collected += usize::from(k.collected);
        coverage.seen += usize::from(k.seen);
        coverage.scanned += usize::from(k.scanned);
        coverage.outside_scans += usize::from(!in_scanned_range(&ctx, f));
        known.push(k);
    }

    for o in &record.unmatched {
        let ob = &o.observed;
        let mut subject = Subject {
            control_no: None,
            name: first_nonempty(&[&ob.computer_name, ob.ips.first().map_or("", String::as_str)])
                .unwrap_or_else(|| ob.macs.first().cloned().unwrap_or_default()),
            ip: ob.ips.first().cloned(),
            scope: None,
        };
        let scan_facts = ctx.scan(o);
        let (basis, source) = match ob.source {
            Source::Scan => (scan_basis(o), "scan"),
            _ => (collect_basis(o), "collect"),
        };
        let mut k = Known::default();
        match ob.source {
            Source::Collect => asset_rules(
                &ctx,
                &mut out,
                &mut subject,
                &mut k,
                ctx.host(o).map(|h| (o, h)),
                None,
                None,
            ),
            _ => asset_rules(
                &ctx,
                &mut out,
                &mut subject,
                &mut k,
                None,
                Some((o, scan_facts)),
                None,
            ),
        }
        out.push(
            Check::Unlisted,
            Level::Medium,
            &subject,
            Detail::Unlisted {
                ips: ob.ips.clone(),
                macs: ob.macs.clone(),
                vendor: scan_facts.and_then(|s| s.vendor.clone()),
                observed: source.to_string(),
            },
            vec![basis],
            None,
        );
        coverage.unlisted += 1;
        known.push(k);
    }

    let mut findings = out.findings;
    findings.sort_by(|a, b| {
        (
            a.level,
            &a.subject.control_no.is_none(),
            &a.subject.control_no,
            &a.subject.name,
            a.check,
        )
            .cmp(&(
                b.level,
                &b.subject.control_no.is_none(),
                &b.subject.control_no,
                &b.subject.name,
                b.check,
            ))
    });
    Evidence {
        today,
        settings: *settings,
        data: data
            .infos()
            .into_iter()
            .map(|i| DataStatus {
                info: i.clone(),
                stale: i.is_stale(today),
            })
            .collect(),
        findings,
        coverage,
        known,
    }
}

fn first_nonempty(v: &[&str]) -> Option<String> {
    v.iter()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .map(str::to_string)
}

fn first_ip(cell: &str) -> Option<String> {
    cell.split(',')
        .map(str::trim)
        .find(|s| !s.is_empty())
        .map(str::to_string)
}

fn in_scanned_range(ctx: &Ctx, f: &LedgerFields) -> bool {
    let ips: Vec<std::net::IpAddr> =
        f.ip.split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
    if ctx.ranges.is_empty() {
        // Only the neighbour table was read (no CIDR): any row with an address or a MAC could
        // have been in it.
        return ctx.any_scan && (!ips.is_empty() || !f.mac.trim().is_empty());
    }
    ips.iter()
        .any(|ip| ctx.ranges.iter().any(|r| r.contains(ip)))
}

/// What a device runs, from the most to the least trusted source.
fn platforms(
    ctx: &Ctx,
    host: Option<(&Observation, &HostFacts)>,
    scan: Option<(&Observation, Option<&ScanFacts>)>,
    ledger: Option<&LedgerFields>,
) -> Vec<(Platform, Basis)> {
    let mut out = Vec::new();
    if let Some((o, h)) = host
        && let Some(p) = ctx.identify(&h.os_text(), h.os_build.value().map(String::as_str))
    {
        out.push((p, collect_basis(o)));
    }
    if let Some((o, _)) = scan
        && let Some(p) = ctx.identify(&o.observed.os, None)
    {
        out.push((p, scan_basis(o)));
    }
    if let Some(f) = ledger {
        let typed: [(&'static str, String); 4] = [
            ("os", f.os.clone()),
            ("os", format!("{} {}", f.maker, f.os)),
            ("software", format!("{} {}", f.software, f.software_version)),
            (
                "software",
                format!("{} {} {}", f.maker, f.software, f.software_version),
            ),
        ];
        for (field, text) in typed {
            if let Some(p) = ctx.identify(&text, None)
                && !out.iter().any(|(q, _): &(Platform, Basis)| {
                    q.product == p.product && q.version == p.version
                })
            {
                out.push((
                    p,
                    Basis::Ledger {
                        field,
                        value: text.trim().to_string(),
                    },
                ));
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn asset_rules(
    ctx: &Ctx,
    out: &mut Out,
    subject: &mut Subject,
    k: &mut Known,
    host: Option<(&Observation, &HostFacts)>,
    scan: Option<(&Observation, Option<&ScanFacts>)>,
    ledger: Option<&LedgerFields>,
) {
    let found = platforms(ctx, host, scan, ledger);
    if subject.scope.is_none() {
        subject.scope = if let Some((_, h)) = host {
            // Untyped 種別: Windows says whether it is a server; a Mac is a PC; a Linux
            // machine in a hospital is a server (PACS gateways, vendor appliances).
            let os = h.os_text().to_ascii_lowercase();
            Some(match h.platform.as_str() {
                "windows" if os.contains("server") => Scope::Server,
                "windows" | "macos" => Scope::Terminal,
                _ if os.contains("macos") || os.contains("mac os") => Scope::Terminal,
                _ => Scope::Server,
            })
        } else if found.iter().any(|(p, _)| is_network_gear(p.product)) {
            Some(Scope::Network)
        } else {
            None
        };
    }
    k.scope = subject.scope;
    k.collected = host.is_some();
    k.scanned = scan.is_some();
    k.probed = scan.is_some_and(|(_, f)| f.is_some_and(|f| !f.ports.is_empty()));
    k.version = found
        .iter()
        .any(|(p, _)| is_network_gear(p.product) && p.version.is_some());

    end_of_life(ctx, out, subject, &found);
    known_exploited(ctx, out, subject, &found);
    if let Some((o, f)) = scan
        && let Some(f) = f
    {
        remote_ports(out, subject, o, f, ledger);
    }
    if let Some((o, h)) = host {
        host_rules(ctx, out, subject, k, o, h);
    }
}

fn end_of_life(ctx: &Ctx, out: &mut Out, subject: &Subject, found: &[(Platform, Basis)]) {
    let resolved = found
        .iter()
        .find_map(|(p, b)| resolve(&ctx.data.eol, p).map(|r| (b, r)));
    let Some((basis, (product, cycle, precision))) = resolved else {
        // The device runs something, but not something the data knows: say so once, for the
        // most trusted identification that is an OS or firmware.
        if let Some((p, b)) = found
            .iter()
            .find(|(p, _)| is_network_gear(p.product) || p.product.starts_with("windows"))
        {
            out.push(
                Check::EolNoData,
                Level::Info,
                subject,
                Detail::NoEolData {
                    product: product_name(p.product).to_string(),
                    version: p.version.clone(),
                },
                vec![b.clone()],
                Some(ctx.eol_ref.clone()),
            );
        }
        return;
    };
    let date = |d: EolDate| match d {
        EolDate::On(d) => Some(d),
        _ => None,
    };
    let ended = match cycle.eol {
        EolDate::On(d) => d <= ctx.today,
        EolDate::Ended => true,
        EolDate::NotSet => false,
    };
    let days = date(cycle.eol).map(|d| days_between(ctx.today, d));
    let detail = Detail::EndOfLife {
        product: product.title.clone(),
        cycle: cycle.label.clone(),
        eol: date(cycle.eol),
        extended: date(cycle.extended),
        extended_days: date(cycle.extended).map(|d| days_between(ctx.today, d)),
        precision,
        days,
    };
    if ended {
        out.push(
            Check::EolEnded,
            Level::High,
            subject,
            detail,
            vec![basis.clone()],
            Some(ctx.eol_ref.clone()),
        );
    } else if days.is_some_and(|d| d <= ctx.settings.eol_warning_days)
        && precision == super::identify::Precision::Exact
    {
        out.push(
            Check::EolSoon,
            Level::Low,
            subject,
            detail,
            vec![basis.clone()],
            Some(ctx.eol_ref.clone()),
        );
    }
}

fn known_exploited(ctx: &Ctx, out: &mut Out, subject: &Subject, found: &[(Platform, Basis)]) {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for (p, _) in found {
        if !done.insert(p.product) {
            continue;
        }
        let entries: Vec<_> = ctx.data.kev.for_product(p.product).collect();
        if entries.is_empty() {
            continue;
        }
        // The version from the most trusted source that has one, with where it came from.
        let with_version = found
            .iter()
            .filter(|(q, _)| q.product == p.product)
            .find_map(|(q, b)| Some((Version::parse(q.version.as_deref()?)?, b)));
        let basis: Vec<Basis> = match &with_version {
            Some((_, b)) => vec![(*b).clone()],
            None => found
                .iter()
                .filter(|(q, _)| q.product == p.product)
                .map(|(_, b)| b.clone())
                .take(1)
                .collect(),
        };
        let mut affected = Vec::new();
        let mut unchecked = Vec::new();
        for e in entries {
            let hit = |fixed: Option<String>, range_source: Option<String>| KevHit {
                cve: e.cve.clone(),
                name: e.name.clone(),
                added: e.added,
                ransomware: e.ransomware,
                advisory: e.advisory.clone(),
                fixed,
                range_source,
            };
            match (&with_version, e.ranges.is_empty()) {
                (Some((v, _)), false) => {
                    if let Some(r) = e.ranges.iter().find(|r| r.contains(v)) {
                        affected.push(hit(
                            r.fixed.as_ref().map(|f| f.as_str().to_string()),
                            Some(r.advisory.clone()),
                        ));
                    }
                }
                _ => unchecked.push(hit(None, None)),
            }
        }
        // Oldest first: the long-known holes are the ones attackers scan for.
        affected.sort_by(|a, b| (a.added, &a.cve).cmp(&(b.added, &b.cve)));
        unchecked.sort_by(|a, b| (a.added, &a.cve).cmp(&(b.added, &b.cve)));
        let version = with_version.as_ref().map(|(v, _)| v.as_str().to_string());
        let product = product_name(p.product).to_string();
        if !affected.is_empty() {
            out.push(
                Check::KevAffected,
                Level::Critical,
                subject,
                Detail::Kev {
                    product: product.clone(),
                    version: version.clone(),
                    cves: affected,
                },
                basis.clone(),
                Some(ctx.kev_ref.clone()),
            );
        }
        if !unchecked.is_empty() {
            out.push(
                Check::KevUnchecked,
                Level::Low,
                subject,
                Detail::Kev {
                    product,
                    version,
                    cves: unchecked,
                },
                basis,
                Some(ctx.kev_ref.clone()),
            );
        }
    }
}

fn remote_ports(
    out: &mut Out,
    subject: &Subject,
    o: &Observation,
    f: &ScanFacts,
    ledger: Option<&LedgerFields>,
) {
    let ports: Vec<PortHit> = f
        .ports
        .iter()
        .filter(|p| p.state == PortState::Open && REMOTE_PORTS.contains(&p.port))
        .map(|p| PortHit {
            port: p.port,
            service: p.service.clone(),
        })
        .collect();
    if ports.is_empty() {
        return;
    }
    let vendor = ledger
        .map(|l| l.maker.trim().to_string())
        .filter(|m| !m.is_empty())
        .or_else(|| f.vendor.clone());
    let telnet = ports.iter().any(|p| p.port == 23);
    out.push(
        Check::RemoteMaintenance,
        Level::Medium,
        subject,
        Detail::Ports { ports, vendor },
        vec![scan_basis(o)],
        None,
    );
    if telnet {
        out.push(
            Check::DangerousService,
            Level::Medium,
            subject,
            Detail::Items {
                items: vec!["telnet 23/tcp".into()],
            },
            vec![scan_basis(o)],
            None,
        );
    }
}

fn host_rules(
    ctx: &Ctx,
    out: &mut Out,
    subject: &Subject,
    k: &mut Known,
    o: &Observation,
    h: &HostFacts,
) {
    let basis = || vec![collect_basis(o)];
    let collected_on = date_of(&h.collected_at).unwrap_or(ctx.today);
    let windows = h.platform == "windows";

    // Patch age, measured at the collection: what the document proves.
    if let Some(u) = h.updates.value()
        && let Some(last) = u.last_update.as_deref().and_then(date_of)
    {
        k.updates = true;
        let days = days_between(last, collected_on);
        if days > ctx.settings.patch_days {
            out.push(
                Check::PatchAge,
                Level::Medium,
                subject,
                Detail::PatchAge {
                    last_update: last,
                    days,
                    threshold: ctx.settings.patch_days,
                    collected_on,
                    newest_hotfix: u.newest_hotfix.clone(),
                },
                basis(),
                None,
            );
        }
    }

    if let Some(accounts) = h.accounts.value() {
        k.accounts = true;
        let enabled: Vec<_> = accounts
            .iter()
            .filter(|a| a.disabled.value() == Some(&false))
            .collect();
        let limit = collected_on
            .checked_sub(jiff::Span::new().days(ctx.settings.dormant_days))
            .unwrap_or(collected_on);
        let dormant: Vec<String> = enabled
            .iter()
            // root is needed even when nobody logs in as root.
            .filter(|a| !(h.platform == "linux" && a.id == "0"))
            .filter(|a| match a.last_login.value() {
                Some(Some(t)) => date_of(t).is_some_and(|d| d < limit),
                // Never logged in: dormant when it was created (password set) long ago.
                Some(None) => a
                    .password_last_set
                    .value()
                    .and_then(|p| p.as_deref())
                    .and_then(date_of)
                    .is_some_and(|d| d < limit),
                None => false,
            })
            .map(|a| a.name.clone())
            .collect();
        if !dormant.is_empty() {
            out.push(
                Check::DormantAccounts,
                Level::Medium,
                subject,
                Detail::Accounts {
                    accounts: dormant,
                    limit: ctx.settings.dormant_days,
                },
                basis(),
                None,
            );
        }
        let admins: Vec<String> = enabled
            .iter()
            .filter(|a| a.administrator.value() == Some(&true))
            .map(|a| a.name.clone())
            .collect();
        if admins.len() > ctx.settings.max_admins {
            out.push(
                Check::ExcessAdmins,
                Level::Low,
                subject,
                Detail::Accounts {
                    accounts: admins,
                    limit: i64::try_from(ctx.settings.max_admins).unwrap_or(i64::MAX),
                },
                basis(),
                None,
            );
        }
        if let Some(max_age) = h.password_policy.value().and_then(|p| p.max_age_days) {
            let old: Vec<String> = enabled
                .iter()
                .filter(|a| {
                    a.password_age_days
                        .value()
                        .copied()
                        .flatten()
                        .is_some_and(|d| d > i64::from(max_age))
                })
                .map(|a| a.name.clone())
                .collect();
            if !old.is_empty() {
                out.push(
                    Check::PasswordNotChanged,
                    Level::Low,
                    subject,
                    Detail::Accounts {
                        accounts: old,
                        limit: i64::from(max_age),
                    },
                    basis(),
                    None,
                );
            }
        }
    }

    if let Some(p) = h.password_policy.value() {
        k.password_policy = true;
        let min = p.min_length.unwrap_or(0);
        let mut problems = Vec::new();
        if min < 8 {
            problems.push("short");
        }
        if p.complexity == Some(false) {
            problems.push("no_complexity");
        }
        if p.max_age_days.is_none() && min < 13 {
            problems.push("no_expiry");
        }
        if !problems.is_empty() {
            // Never expiring is fine with two-factor authentication, which kensa cannot see.
            let level = if problems == ["no_expiry"] {
                Level::Low
            } else {
                Level::Medium
            };
            out.push(
                Check::PasswordPolicy,
                level,
                subject,
                Detail::PasswordPolicy {
                    min_length: p.min_length,
                    max_age_days: p.max_age_days,
                    complexity: p.complexity,
                    problems,
                },
                basis(),
                None,
            );
        }
    }

    // Services: cleartext and obsolete ones listening on the LAN, Remote Desktop without
    // NLA, SMBv1.
    let mut dangerous: BTreeSet<String> = BTreeSet::new();
    if let Some(ports) = h.listening.value() {
        k.services = true;
        for l in ports {
            let exposed =
                l.address == "0.0.0.0" || l.address == "::" || is_reachable_address(&l.address);
            if let Some((_, _, name)) = DANGEROUS_PORTS
                .iter()
                .find(|(port, proto, _)| *port == l.port && *proto == l.protocol)
                && exposed
            {
                dangerous.insert(format!("{name} {}/{}", l.port, l.protocol));
            }
        }
    }
    if let Some(services) = h.services.value() {
        k.services = true;
        for s in services {
            let lower = s.to_ascii_lowercase();
            if DANGEROUS_SERVICES.contains(&lower.as_str()) {
                dangerous.insert(s.clone());
            }
        }
    }
    if !dangerous.is_empty() {
        out.push(
            Check::DangerousService,
            Level::Medium,
            subject,
            Detail::Items {
                items: dangerous.into_iter().collect(),
            },
            basis(),
            None,
        );
    }
    if let Some(r) = h.remote_access.value() {
        if r.rdp_enabled == Some(true) && r.rdp_nla == Some(false) {
            out.push(
                Check::RdpWithoutNla,
                Level::Medium,
                subject,
                Detail::Flag,
                basis(),
                None,
            );
        }
        if r.smb1_enabled == Some(true) {
            out.push(
                Check::Smb1,
                Level::Medium,
                subject,
                Detail::Flag,
                basis(),
                None,
            );
        }
    }

    if let Some(fw) = h.firewall.value() {
        k.firewall = true;
        let off: Vec<String> = fw
            .iter()
            .filter(|f| f.enabled.value() == Some(&false))
            .map(|f| f.name.clone())
            .collect();
        let any_on = fw.iter().any(|f| f.enabled.value() == Some(&true));
        // Windows profiles each matter (a PC changes network); on Linux one active firewall
        // (nftables, iptables or ufw) is enough.
        let report = if windows { !off.is_empty() } else { !any_on };
        if report {
            let items = if off.is_empty() {
                fw.iter().map(|f| f.name.clone()).collect()
            } else {
                off
            };
            out.push(
                Check::FirewallOff,
                if any_on { Level::Low } else { Level::Medium },
                subject,
                Detail::Items { items },
                basis(),
                None,
            );
        }
    }

    if let Some(logs) = h.logging.value() {
        k.logging = true;
        if !logs.iter().any(|l| l.running) {
            out.push(
                Check::LoggingOff,
                Level::Medium,
                subject,
                Detail::Items {
                    items: logs.iter().map(|l| l.name.clone()).collect(),
                },
                basis(),
                None,
            );
        }
    }
}

fn retired_answering(
    out: &mut Out,
    subject: &Subject,
    retired_on: Date,
    observations: &[Observation],
) {
    let after: Vec<&Observation> = observations
        .iter()
        .filter(|o| date_of(&o.observed.observed_at).is_some_and(|d| d > retired_on))
        .collect();
    if let Some(newest) = after.first() {
        out.push(
            Check::RetiredAnswering,
            Level::High,
            subject,
            Detail::Retired {
                retired_on,
                seen_at: newest.observed.observed_at.clone(),
            },
            after
                .iter()
                .map(|o| match o.observed.source {
                    Source::Scan => scan_basis(o),
                    _ => collect_basis(o),
                })
                .collect(),
            None,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn reconcile_row(
    ctx: &Ctx,
    out: &mut Out,
    subject: &Subject,
    k: &mut Known,
    f: &LedgerFields,
    observations: &[Observation],
    collect: Option<&Observation>,
    scan: Option<&Observation>,
) {
    let newest = observations.first();
    let last = newest.and_then(|o| date_of(&o.observed.observed_at));
    k.seen = last.is_some_and(|d| days_between(d, ctx.today) <= ctx.settings.unseen_days);
    if !k.seen && in_scanned_range(ctx, f) {
        out.push(
            Check::NotSeen,
            Level::Low,
            subject,
            Detail::NotSeen {
                last_seen: newest.map(|o| o.observed.observed_at.clone()),
                days: ctx.settings.unseen_days,
            },
            newest
                .map(|o| match o.observed.source {
                    Source::Scan => scan_basis(o),
                    _ => collect_basis(o),
                })
                .into_iter()
                .collect(),
            None,
        );
    }
    for o in [collect, scan].into_iter().flatten() {
        let basis = match o.observed.source {
            Source::Scan => scan_basis(o),
            _ => collect_basis(o),
        };
        for d in disagreements(f, &o.observed)
            .into_iter()
            .filter(|d| d.field == "ip")
        {
            out.push(
                Check::Mismatch,
                Level::Low,
                subject,
                Detail::Mismatch {
                    field: "ip",
                    ledger: d.ledger,
                    observed: d.observed,
                },
                vec![basis.clone()],
                None,
            );
        }
        if os_differs(ctx, &f.os, &o.observed.os) {
            out.push(
                Check::Mismatch,
                Level::Low,
                subject,
                Detail::Mismatch {
                    field: "os",
                    ledger: f.os.clone(),
                    observed: o.observed.os.clone(),
                },
                vec![basis],
                None,
            );
        }
    }
}

/// The typed OS and the observed one name different systems, or different versions of the
/// same firmware. Notations kensa cannot read are never called a disagreement.
fn os_differs(ctx: &Ctx, typed: &str, observed: &str) -> bool {
    if typed.trim().is_empty() || observed.trim().is_empty() {
        return false;
    }
    if let (Some(a), Some(b)) = (os_family_version(typed), os_family_version(observed)) {
        return a != b;
    }
    match (ctx.identify(typed, None), ctx.identify(observed, None)) {
        (Some(a), Some(b)) if a.product != b.product => true,
        (Some(a), Some(b)) => match (a.version, b.version) {
            (Some(x), Some(y)) => match (Version::parse(&x), Version::parse(&y)) {
                (Some(x), Some(y)) => x.compare(&y) != std::cmp::Ordering::Equal,
                _ => false,
            },
            _ => false,
        },
        _ => false,
    }
}
