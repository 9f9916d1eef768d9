//! Benchmark of issue 16 (run by `scripts/bench-evidence.sh`, release build): a facility with
//! a 10,000-row 台帳, 1,000 host documents (the hand-made Windows 10 22H2 fixture, renamed per
//! machine, each with 400 installed programs so a document weighs what a real one does) and 5
//! active scans of 9,000 devices each (every tenth with remote-maintenance ports probed, every
//! twentieth answering SNMP as a FortiGate). Builds the database, then times `Store::record()`
//! and the rules (findings and suggestions) in process.
//!
//! Usage: bench_evidence DB_PATH

use std::net::Ipv4Addr;
use std::time::Instant;

use kensa::editions::Library;
use kensa::model::asset::{AssetKind, LedgerFields, Observed, Source};
use kensa::model::checklist::Form;
use kensa::model::evidence::suggest::suggest;
use kensa::model::evidence::{Settings, evaluate_builtin};
use kensa::model::facility::{Facility, FacilityKind};
use kensa::model::host::{Fact, Interface, Package, Software};
use kensa::model::scan::{
    Method, Mode, PortResult, PortState, REMOTE_MAINTENANCE_PORTS, ScanHost, ScanReport, SnmpInfo,
};
use kensa::store::{LedgerBatch, NewObservation, Store};

const LEDGER_ROWS: usize = 10_000;
const HOSTS: usize = 1_000;
const SCANS: usize = 5;
const SCANNED: usize = 9_000;
const PACKAGES: usize = 400;

/// CPU time of this process (all threads) in seconds, from /proc (Linux); NaN elsewhere.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks
    // (100 per second on Linux).
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (tick(11) + tick(12)) / 100.0
}

fn ip(i: usize) -> Ipv4Addr {
    Ipv4Addr::new(198, 18, (i / 250) as u8, (i % 250 + 1) as u8)
}

fn mac(i: usize) -> String {
    format!("00:1b:2c:00:{:02x}:{:02x}", i / 256, i % 256)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let db = match args.as_slice() {
        [_, db] => std::path::PathBuf::from(db),
        _ => return Err("usage: bench_evidence DB_PATH".into()),
    };
    let _ = std::fs::remove_file(&db);
    let t = Instant::now();
    let mut store = Store::open(&db)?;
    store.save_facility(
        &Facility {
            name: "ベンチマーク総合病院".into(),
            kind: FacilityKind::Hospital,
            prefecture: Some("東京都".into()),
            manager: None,
            security_officer: None,
            vendor_contracts: true,
            institution_code: None,
            beds: Some(400),
            founder: None,
        },
        "bench",
    )?;
    store.create_sheet("hospital-r7", Form::Hospital, 2026, None, &[], "bench")?;

    let fixture = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/collect/windows/win10-22h2.json"),
    )?;
    let collector =
        kensa::collect::windows::WindowsCollector::from_output(&fixture, "2026-11-20".parse()?);
    let template = kensa::collect::collect_with(&collector);

    let mut batch = LedgerBatch::default();
    let mut bytes = 0usize;
    for i in 0..LEDGER_ROWS {
        let kind = [
            AssetKind::Terminal,
            AssetKind::Terminal,
            AssetKind::Server,
            AssetKind::Network,
        ][i % 4];
        batch.new_rows.push((
            LedgerFields {
                control_no: format!("{i:05}"),
                kind,
                maker: "A社".into(),
                os: match kind {
                    AssetKind::Network => "FortiOS 7.2.5".into(),
                    _ => "Windows 10 Pro".into(),
                },
                ip: ip(i).to_string(),
                mac: mac(i),
                computer_name: format!("PC-{i:05}"),
                status: "稼働".into(),
                ..LedgerFields::default()
            },
            Source::Import,
        ));
        if i < HOSTS {
            let mut h = template.clone();
            h.collected_at = "2026-11-20T01:00:00Z".into();
            h.platform = "windows".into();
            h.identity.host_name = Fact::ok(format!("PC-{i:05}"));
            h.interfaces = Fact::ok(vec![Interface {
                name: "Ethernet".into(),
                mac: Some(mac(i)),
                ipv4: vec![ip(i).to_string()],
                ipv6: vec![],
            }]);
            h.software = Fact::ok(Software {
                source: "registry".into(),
                packages: (0..PACKAGES)
                    .map(|p| Package {
                        name: format!("部門システム コンポーネント {p:03}"),
                        version: format!("{}.{}.{}", p % 7, p % 13, p),
                        arch: None,
                        publisher: Some("Vendor Corporation".into()),
                        state: None,
                        installed_on: Some("2024-04-01".into()),
                    })
                    .collect(),
            });
            let payload = serde_json::to_string(&h)?;
            bytes += payload.len();
            batch.observations.push(NewObservation {
                observed: Observed::from_host(&h),
                payload,
            });
        }
    }
    store.apply_ledger_batch(&batch, "bench")?;
    for s in 0..SCANS {
        let at = format!("2026-11-{:02}T00:00:00Z", 10 + s);
        let hosts: Vec<ScanHost> = (0..SCANNED)
            // Each scan misses a different slice, and sees 200 devices the 台帳 does not list.
            .map(|n| (n + s * 200) % (LEDGER_ROWS + 200))
            .map(|i| ScanHost {
                ip: if i < LEDGER_ROWS {
                    ip(i)
                } else {
                    Ipv4Addr::new(198, 18, 60, (i - LEDGER_ROWS) as u8)
                },
                mac: mac(i),
                vendor: Some("Vendor".into()),
                method: Method::Arp,
                rtt_ms: Some(0.3),
                first_seen: at.clone(),
                last_seen: at.clone(),
                other_macs: vec![],
                excluded: false,
                ports: if i % 10 == 0 {
                    REMOTE_MAINTENANCE_PORTS
                        .iter()
                        .map(|(port, service)| PortResult {
                            port: *port,
                            service: (*service).into(),
                            state: if *port == 3389 {
                                PortState::Open
                            } else {
                                PortState::Closed
                            },
                        })
                        .collect()
                } else {
                    vec![]
                },
                snmp: (i % 20 == 3).then(|| SnmpInfo {
                    sys_descr: Some("FortiGate-60E v6.0.4,build0231,190107 (GA)".into()),
                    ..SnmpInfo::default()
                }),
            })
            .collect();
        let report = ScanReport {
            mode: Mode::Active,
            interface: Some("eth0".into()),
            cidr: Some("198.18.0.0/18".into()),
            rate_pps: Some(100),
            started_at: at.clone(),
            finished_at: at.clone(),
            addresses: 16_382,
            excluded_addresses: 0,
            packets_sent: 16_382,
            replies: SCANNED as u64,
            ignored_frames: 0,
            stopped: None,
            stop_detail: None,
            hosts,
        };
        store.record_scan(&report, false, "2026-11-30".parse()?, "bench")?;
    }
    println!(
        "database: {LEDGER_ROWS} 台帳 rows, {HOSTS} host documents ({:.1} MB of JSON), {SCANS} scans of {SCANNED} devices ({:.1} s to build, {:.0} MB file)",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        std::fs::metadata(&db)?.len() as f64 / 1e6
    );

    let (lib, _) = Library::load(None);
    let edition = lib.get("hospital-r7").ok_or("edition")?;
    let today = "2026-11-30".parse()?;
    const RUNS: usize = 5;
    let mut take_best = f64::MAX;
    let mut rules_best = f64::MAX;
    let (mut take_cpu, mut rules_cpu) = (0.0, 0.0);
    let mut last = None;
    for _ in 0..RUNS {
        let (t, c) = (Instant::now(), cpu_seconds());
        let record = store.record(&|id| lib.text(id).map(str::to_string))?;
        take_best = take_best.min(t.elapsed().as_secs_f64());
        take_cpu += cpu_seconds() - c;
        let (t, c) = (Instant::now(), cpu_seconds());
        let e = evaluate_builtin(&record, &Settings::default(), today)?;
        let s = suggest(&e, edition);
        rules_best = rules_best.min(t.elapsed().as_secs_f64());
        rules_cpu += cpu_seconds() - c;
        last = Some((e.findings.len(), s.len(), record.observation_facts.len()));
    }
    let (findings, suggestions, facts) = last.ok_or("no run")?;
    let runs = RUNS as f64;
    println!(
        "Store::record() with the facts of {facts} observations: best {:.0} ms wall, {:.0} ms CPU (mean of {RUNS})",
        take_best * 1000.0,
        take_cpu / runs * 1000.0
    );
    println!(
        "findings and suggestions: best {:.0} ms wall, {:.0} ms CPU — {findings} findings, {suggestions} suggestions",
        rules_best * 1000.0,
        rules_cpu / runs * 1000.0
    );
    println!(
        "record + rules: {:.0} ms wall, {:.0} ms CPU  [target 1000 ms]",
        (take_best + rules_best) * 1000.0,
        (take_cpu + rules_cpu) / runs * 1000.0
    );
    Ok(())
}
