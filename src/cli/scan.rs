//! `kensa scan`: find the devices on the LAN. Passive by default (the OS neighbour table, no
//! packet sent, no privilege); `--active` sweeps a CIDR with ARP after a pre-flight estimate
//! and a confirmation. Results are stored as observations and compared with the 台帳.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Result, anyhow};
use clap::{Args, ValueEnum};

use super::{Ctx, os_user, pad, print_json, today};
use crate::i18n::Lang;
use crate::model::scan::{Mode, PortState, SCAN_SCHEMA, ScanReport, StopReason};
use crate::netscan::{
    self, Exclusion, Exclusions, Phase, PlanError, Progress, Rate, ScanPlan, neighbours, oui,
};
use crate::store::ScanStored;
use crate::text::scan as scan_text;
use crate::tr;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Machine-readable output (schema kensa.scan/1).
    #[arg(long)]
    json: bool,
    /// Send ARP requests over --iface to every address of --cidr (needs CAP_NET_RAW).
    #[arg(long, requires_all = ["iface", "cidr"])]
    active: bool,
    /// Interface for the active sweep.
    #[arg(long, value_name = "IF", requires = "active")]
    iface: Option<String>,
    /// Addresses to sweep, e.g. 192.168.1.0/24 (at most /16 without --force).
    #[arg(long, value_name = "CIDR", requires = "active")]
    cidr: Option<String>,
    /// gentle (100/s, default), normal (500/s), fast (as fast as the link allows; labs), or a
    /// number of packets per second.
    #[arg(
        long,
        value_name = "RATE",
        default_value = "gentle",
        requires = "active"
    )]
    rate: String,
    /// Never touch this IP, CIDR, MAC OUI (00:1b:2c) or MAC. Repeatable.
    #[arg(long, value_name = "IP|CIDR|OUI")]
    exclude: Vec<String>,
    /// Exclusions, one per line, `#` comments. Repeatable.
    #[arg(long, value_name = "FILE")]
    exclude_file: Vec<PathBuf>,
    /// Wait this long for late answers after each pass (default: gentle 1000, normal 500, fast 100 ms).
    #[arg(long, value_name = "N", requires = "active")]
    timeout_ms: Option<u64>,
    /// Extra passes over addresses that did not answer (default 1).
    #[arg(long, value_name = "N", requires = "active")]
    retries: Option<u32>,
    /// Do not ask for confirmation (needed when not run interactively).
    #[arg(long)]
    yes: bool,
    /// Allow a CIDR larger than /16.
    #[arg(long, requires = "active")]
    force: bool,
    /// After discovery, TCP connect probes of remote-maintenance ports (10 per second).
    #[arg(long, value_enum, value_name = "KIND")]
    probe: Option<ProbeKind>,
    /// Read sysDescr, sysName, sysObjectID over SNMP v2c with this community.
    #[arg(long, value_name = "NAME")]
    snmp_community: Option<String>,
    /// Passive: read a saved neighbour table (Windows Get-NetNeighbor JSON or /proc/net/arp)
    /// instead of this machine's.
    #[arg(long, value_name = "FILE", conflicts_with = "active")]
    neighbours_file: Option<PathBuf>,
    /// Add a ledger row (登録元 scan) for every device not in the 台帳.
    #[arg(long)]
    add_new: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProbeKind {
    /// SSH 22, Telnet 23, HTTPS 443, RDP 3389, VNC 5900-5901, TeamViewer 5938, HTTPS admin 8443.
    RemoteMaintenance,
}

/// Every exclusion from `--exclude` and `--exclude-file`, or the first bad one.
fn exclusions(lang: Lang, a: &ScanArgs) -> Result<Vec<Exclusion>> {
    let mut out = Vec::new();
    for x in &a.exclude {
        out.push(Exclusion::parse(x).ok_or_else(|| {
            anyhow!(scan_text::plan_error(
                lang,
                &PlanError::BadExclusion(x.clone())
            ))
        })?);
    }
    for f in &a.exclude_file {
        let list = netscan::read_exclude_file(f)
            .map_err(|e| anyhow!(scan_text::exclude_file_error(lang, &e)))?;
        out.extend(list);
    }
    Ok(out)
}

pub fn scan(ctx: &Ctx, a: ScanArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let excl = exclusions(lang, &a)?;
    let report = if a.active {
        match active(ctx, &a, &excl)? {
            Some(r) => r,
            None => return Ok(ExitCode::FAILURE),
        }
    } else {
        passive(ctx, &a, &excl)?
    };
    // Everything is read and checked; only now is the store opened and written.
    let mut store = ctx.store()?;
    let stored = store.record_scan(&report, a.add_new, today()?, &os_user())?;
    if a.json {
        print_json(&json(&report, &stored))?;
    } else {
        print_text(lang, &report, &stored);
    }
    // Said after storing, so "stored" is true when it is said.
    let stop = match report.stopped {
        Some(StopReason::User) => Some(tr!(lang, "scan.interrupted", found = report.hosts.len())),
        _ => scan_text::stop_message(lang, &report),
    };
    if let Some(m) = stop {
        errln!("kensa: {m}");
    }
    Ok(match report.stopped {
        None => ExitCode::SUCCESS,
        Some(StopReason::User) => ExitCode::from(EXIT_INTERRUPTED),
        Some(_) => ExitCode::FAILURE,
    })
}

/// Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// From here on, Ctrl-C (also SIGTERM and SIGHUP) stops the run instead of killing the
/// process: the first one sets the returned flag, so the sweep (or probe, SNMP) stops sending
/// at once and what was found is reported and stored as an interrupted run; a second one ends
/// the process immediately with [`EXIT_INTERRUPTED`]. Installed only once the user has
/// confirmed: at the confirmation, Ctrl-C simply ends kensa, and nothing was sent.
fn stop_on_interrupt() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    // The handler runs on the crate's own thread, not in signal context, so it may exit.
    // Setting it fails only when a handler is already installed (one scan per process) or
    // the OS refuses; Ctrl-C then keeps its default effect of ending the process.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    });
    stop
}

fn passive(ctx: &Ctx, a: &ScanArgs, excl: &[Exclusion]) -> Result<ScanReport> {
    let lang = ctx.lang;
    let table = match &a.neighbours_file {
        Some(p) => neighbours::read_file(p),
        None => neighbours::read_local(),
    }
    .map_err(|e| anyhow!(scan_text::neighbour_error(lang, &e)))?;
    let stop = if a.probe.is_some() || a.snmp_community.is_some() {
        stop_on_interrupt()
    } else {
        Arc::new(AtomicBool::new(false))
    };
    let mut bar = Bar::new(a.json);
    let report = netscan::run_passive(
        &table,
        &Exclusions::new(excl),
        a.probe.is_some(),
        a.snmp_community.as_deref(),
        &mut |p| bar.update(lang, p),
        &stop,
    );
    bar.finish();
    Ok(report)
}

/// `None` when the user declined at the confirmation.
fn active(ctx: &Ctx, a: &ScanArgs, excl: &[Exclusion]) -> Result<Option<ScanReport>> {
    let lang = ctx.lang;
    let (Some(iface), Some(cidr)) = (&a.iface, &a.cidr) else {
        return Err(anyhow!(tr!(lang, "scan.err.active_needs")));
    };
    let rate = Rate::parse(&a.rate).ok_or_else(|| {
        anyhow!(scan_text::plan_error(
            lang,
            &PlanError::BadRate(a.rate.clone())
        ))
    })?;
    let mut plan = ScanPlan::new(
        iface,
        cidr,
        rate,
        excl,
        a.timeout_ms.map(Duration::from_millis),
        a.retries,
        a.force,
    )
    .map_err(|e| anyhow!(scan_text::plan_error(lang, &e)))?;
    plan.probe_remote_maintenance = a.probe.is_some();
    plan.snmp_community = a.snmp_community.clone();
    // Open the interface first: an unknown interface or a missing privilege is reported
    // before the user is asked to confirm anything. Opening sends nothing.
    let link = netscan::link::open(iface).map_err(|e| anyhow!(scan_text::scan_error(lang, &e)))?;
    let own: Vec<_> = link.ipv4().iter().map(|n| n.addr()).collect();
    let est = plan.estimate(&own);
    errln!("{}", scan_text::preflight(lang, &plan, &est));
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            return Err(anyhow!(tr!(lang, "scan.err.needs_yes")));
        }
        eprint!("{} ", tr!(lang, "scan.confirm"));
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "はい") {
            errln!("{}", tr!(lang, "scan.cancelled"));
            return Ok(None);
        }
    }
    let stop = stop_on_interrupt();
    let mut bar = Bar::new(a.json);
    let report = netscan::run_on(&plan, link, &mut |p| bar.update(lang, p), &stop)
        .map_err(|e| anyhow!(scan_text::scan_error(lang, &e)))?;
    bar.finish();
    Ok(Some(report))
}

/// The stderr progress bar; drawn only when stderr is a terminal and output is not JSON.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
    phase: Option<Phase>,
}

impl Bar {
    fn new(json: bool) -> Bar {
        let show = !json && std::io::stderr().is_terminal();
        Bar {
            bar: show.then(|| {
                indicatif::ProgressBar::with_draw_target(
                    Some(0),
                    indicatif::ProgressDrawTarget::stderr(),
                )
            }),
            phase: None,
        }
    }

    fn update(&mut self, lang: Lang, p: &Progress) {
        let Some(bar) = &self.bar else {
            return;
        };
        if self.phase != Some(p.phase) {
            self.phase = Some(p.phase);
            bar.reset();
            let label = match p.phase {
                Phase::Sweep => tr!(lang, "scan.phase_sweep"),
                Phase::Probe => tr!(lang, "scan.phase_probe"),
                Phase::Snmp => tr!(lang, "scan.phase_snmp"),
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
                "{label} [{{bar:30}}] {{pos}}/{{len}} {{msg}} {{elapsed}}"
            )) {
                bar.set_style(style.progress_chars("=> "));
            }
        }
        bar.set_length(p.planned);
        bar.set_position(p.done);
        if p.phase == Phase::Sweep {
            bar.set_message(tr!(
                lang,
                "scan.progress_found",
                found = p.found,
                pass = p.pass,
                passes = p.passes
            ));
        }
    }

    fn finish(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn json(report: &ScanReport, stored: &ScanStored) -> serde_json::Value {
    let hosts: Vec<serde_json::Value> = report
        .hosts
        .iter()
        .zip(&stored.matches)
        .map(|(h, m)| {
            let mut v = serde_json::to_value(h).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert("in_ledger".into(), m.in_ledger().into());
                o.insert("control_nos".into(), m.control_nos.clone().into());
            }
            v
        })
        .collect();
    serde_json::json!({
        "schema": SCAN_SCHEMA,
        "mode": report.mode,
        "interface": report.interface,
        "cidr": report.cidr,
        "rate_pps": report.rate_pps,
        "started_at": report.started_at,
        "finished_at": report.finished_at,
        "addresses": report.addresses,
        "excluded_addresses": report.excluded_addresses,
        "packets_sent": report.packets_sent,
        "replies": report.replies,
        "ignored_frames": report.ignored_frames,
        "stopped": report.stopped,
        "stop_detail": report.stop_detail,
        "oui_registry_date": oui::registry_date(),
        "hosts": hosts,
        "stored": {
            "observations": stored.observations,
            "duplicates": stored.duplicates,
            "added_rows": stored.added,
        },
    })
}

fn print_text(lang: Lang, report: &ScanReport, stored: &ScanStored) {
    use unicode_width::UnicodeWidthStr;
    let headers = [
        tr!(lang, "scan.col_ip").to_string(),
        tr!(lang, "scan.col_mac").to_string(),
        tr!(lang, "scan.col_vendor").to_string(),
        tr!(lang, "scan.col_rtt").to_string(),
        tr!(lang, "scan.col_ledger").to_string(),
    ];
    let rows: Vec<[String; 5]> = report
        .hosts
        .iter()
        .zip(&stored.matches)
        .map(|(h, m)| {
            [
                h.ip.to_string(),
                h.mac.clone(),
                h.vendor
                    .clone()
                    .unwrap_or_else(|| "-".into())
                    .chars()
                    .take(32)
                    .collect(),
                h.rtt_ms
                    .map(|r| format!("{r:.1}"))
                    .unwrap_or_else(|| "-".into()),
                scan_text::ledger_cell(lang, h, m),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].width())
                .chain([headers[i].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| pad(c, *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    if !report.hosts.is_empty() {
        outln!("{}", line(&headers));
    }
    for (h, r) in report.hosts.iter().zip(&rows) {
        outln!("{}", line(r));
        let open: Vec<String> = h
            .open_ports()
            .map(|p| format!("{}/{}", p.port, p.service))
            .collect();
        if !open.is_empty() {
            outln!(
                "  ! {}",
                tr!(lang, "scan.open_ports", ports = open.join(", "))
            );
        } else if !h.ports.is_empty() {
            let filtered = h
                .ports
                .iter()
                .filter(|p| p.state == PortState::Filtered)
                .count();
            outln!("  {}", tr!(lang, "scan.no_open_ports", filtered = filtered));
        }
        if let Some(s) = &h.snmp {
            match &s.error {
                Some(e) if s.sys_descr.is_none() => {
                    outln!("  SNMP: {}", tr!(lang, "scan.snmp_none", detail = e))
                }
                _ => outln!(
                    "  SNMP: sysName={} sysObjectID={} sysDescr={}",
                    s.sys_name.as_deref().unwrap_or("-"),
                    s.sys_object_id.as_deref().unwrap_or("-"),
                    s.sys_descr.as_deref().unwrap_or("-").replace('\n', " ")
                ),
            }
        }
    }
    let new = stored.matches.iter().filter(|m| !m.in_ledger()).count();
    let remote = report
        .hosts
        .iter()
        .filter(|h| h.open_ports().next().is_some())
        .count();
    let seconds = match (
        report.started_at.parse::<jiff::Timestamp>(),
        report.finished_at.parse::<jiff::Timestamp>(),
    ) {
        (Ok(a), Ok(b)) => (b.as_millisecond() - a.as_millisecond()) as f64 / 1000.0,
        _ => 0.0,
    };
    match report.mode {
        Mode::Passive => outln!(
            "{}",
            tr!(
                lang,
                "scan.summary_passive",
                found = report.hosts.len(),
                new = new,
                remote = remote
            )
        ),
        Mode::Active => outln!(
            "{}",
            tr!(
                lang,
                "scan.summary_active",
                found = report.hosts.len(),
                new = new,
                remote = remote,
                sent = report.packets_sent,
                addresses = report.addresses,
                excluded = report.excluded_addresses,
                seconds = format!("{seconds:.2}")
            )
        ),
    }
    outln!(
        "{}",
        tr!(
            lang,
            "scan.stored",
            observations = stored.observations,
            duplicates = stored.duplicates,
            added = stored.added.len(),
            date = oui::registry_date()
        )
    );
}
