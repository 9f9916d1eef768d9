//! The スキャン screen on a simulated LAN (no frame leaves the process): settings, the
//! pre-flight confirmation, the sweep on a worker, results against the 台帳, stop and quit.

use std::net::Ipv4Addr;
use std::sync::OnceLock;

use super::*;
use crate::model::scan::{Method, Mode, ScanHost, ScanReport, StopReason};
use crate::netscan::sim::{SimLan, SimOptions};
use crate::netscan::{InterfaceInfo, Link, ScanError, arp};
use crate::tui::screens::ledger::Ledger;
use crate::tui::screens::scan::{Dialog, NetAccess, Scan, ScanResult, Stage, Sweep};

fn ip(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(198, 18, 0, n)
}

/// The simulated LAN: an EHR server already in the 台帳 (.10), a PC that is not (.11), a
/// modality the officer excludes by IP (.12) and one by its maker's OUI (.13).
fn lan() -> &'static SimLan {
    static LAN: OnceLock<SimLan> = OnceLock::new();
    LAN.get_or_init(|| {
        SimLan::new(
            vec![
                (ip(10), [0x00, 0x00, 0x0c, 0, 0, 10]),
                (ip(11), [0x00, 0x00, 0x0c, 0, 0, 11]),
                (ip(12), [0x00, 0x00, 0x0c, 0, 0, 12]),
                (ip(13), [0x00, 0x1b, 0x2c, 0, 0, 13]),
            ],
            SimOptions::default(),
        )
    })
}

fn sim_interfaces() -> Vec<InterfaceInfo> {
    vec![InterfaceInfo {
        name: "lab0".into(),
        up: true,
        ipv4: vec!["198.18.0.1/24".parse().unwrap()],
    }]
}

fn sim_open(name: &str) -> Result<Box<dyn Link>, ScanError> {
    if name != "lab0" {
        return Err(ScanError::UnknownInterface {
            name: name.into(),
            known: "lab0".into(),
        });
    }
    Ok(Box::new(lan().link()))
}

fn denied(name: &str) -> Result<Box<dyn Link>, ScanError> {
    Err(ScanError::NoPrivilege { iface: name.into() })
}

fn sim_access() -> NetAccess {
    NetAccess {
        interfaces: sim_interfaces,
        open: sim_open,
    }
}

fn scan(app: &App) -> &Scan {
    app.get::<Scan>()
}

fn scan_mut(app: &mut App) -> &mut Scan {
    app.get_mut::<Scan>()
}

/// The sweeps among `jobs`.
fn sweeps(jobs: &[Job]) -> Vec<&Sweep> {
    jobs.iter().filter_map(Job::work::<Sweep>).collect()
}

/// A worked sheet with the EHR server in the 台帳, on the スキャン screen of the sim LAN.
fn on_scan_screen(lang: Lang) -> Fixture {
    let mut f = worked(lang);
    add_asset(
        &mut f.app,
        "SV-001",
        "EHR-SV",
        "198.18.0.10",
        "Windows Server 2022",
    );
    scan_mut(&mut f.app).net = sim_access();
    key(&mut f.app, KeyCode::Char('5'));
    f
}

/// Open the settings, choose `fast` and type the exclusions, then save with Ctrl+S.
fn set_fast_with_exclusions(app: &mut App, exclude: &str) {
    key(app, KeyCode::Char('e'));
    keys(app, &[KeyCode::Down, KeyCode::Down]);
    keys(app, &[KeyCode::Right, KeyCode::Right]);
    key(app, KeyCode::Down);
    typed(app, exclude);
    ctrl(app, 's');
    assert!(scan(app).dialog.is_none(), "{:?}", scan(app).dialog);
}

#[test]
fn a_sweep_from_the_screen_finds_every_device_and_never_touches_an_excluded_one() {
    let mut f = on_scan_screen(Lang::Ja);
    let app = &mut f.app;
    assert_eq!(app.screen(), ScreenId::Scan);
    assert_eq!(scan(app).state.settings.iface, "lab0");
    assert_eq!(
        scan(app).state.settings.cidr,
        "198.18.0.0/24",
        "proposed from lab0"
    );
    set_fast_with_exclusions(app, "198.18.0.12, 00:1b:2c");

    // Enter shows the estimate; nothing is sent before y.
    let before = lan().attempts();
    key(app, KeyCode::Enter);
    let Some(Dialog::Confirm { preflight, .. }) = &scan(app).dialog else {
        panic!(
            "no confirmation: {:?} {:?}",
            scan(app).dialog,
            scan(app).state.error
        );
    };
    assert!(preflight.contains("198.18.0.0/24"), "{preflight}");
    assert!(
        preflight.contains("252 アドレス") && preflight.contains("除外 2"),
        "254 hosts less .12 and our own .1: {preflight}"
    );
    assert_eq!(lan().attempts(), before, "sent before confirmation");

    key(app, KeyCode::Char('y'));
    assert_eq!(scan(app).state.stage, Stage::Idle, "the worker finished");
    let r = scan(app).state.last.as_ref().expect("a result");
    let found: Vec<(Ipv4Addr, bool, bool)> = r
        .report
        .hosts
        .iter()
        .zip(&r.stored.matches)
        .map(|(h, m)| (h.ip, m.in_ledger(), h.excluded))
        .collect();
    assert_eq!(
        found,
        vec![
            (ip(10), true, false),
            (ip(11), false, false),
            (ip(13), false, true)
        ],
        "the OUI-excluded device answered the one unknown-address request and is marked"
    );
    assert_eq!(
        r.report.hosts[0].vendor.as_deref(),
        Some("Cisco Systems, Inc")
    );
    // Never one frame to the excluded address or outside the CIDR.
    for (_, frame) in lan().sent() {
        let a = arp::parse(&frame).unwrap();
        assert_ne!(a.target_ip, ip(12));
        assert!(a.target_ip.octets()[..3] == [198, 18, 0], "{}", a.target_ip);
    }
    // Stored as observations: the 台帳 screen shows them when it is next opened.
    assert!(app.get::<Ledger>().rows.is_none());
    key(app, KeyCode::Char('3'));
    let rows = app.get::<Ledger>().rows.as_ref().unwrap();
    let sv = rows
        .iter()
        .find(|r| r.asset.fields.control_no == "SV-001")
        .unwrap();
    assert_eq!(
        sv.latest.as_ref().map(|o| o.source),
        Some(crate::model::asset::Source::Scan),
        "{sv:?}"
    );
    let screen = draw(app, 120, 40);
    assert!(screen.contains("SV-001"), "{screen}");
}

#[test]
fn refusals_are_shown_and_nothing_is_sent() {
    let mut f = on_scan_screen(Lang::En);
    let app = &mut f.app;
    // A bad exclusion keeps the form open with the reason; the settings stay as they were.
    key(app, KeyCode::Char('e'));
    keys(app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    typed(app, "198.18.0.5 CT-room");
    ctrl(app, 's');
    let Some(Dialog::Settings(form)) = &scan(app).dialog else {
        panic!("form closed: {:?}", scan(app).dialog);
    };
    assert!(form.error.as_deref().unwrap().contains("CT-room"));
    key(app, KeyCode::Esc);
    assert_eq!(scan(app).state.settings.exclude, "");

    // A CIDR larger than /16 is refused (the CLI's --force is not offered here).
    key(app, KeyCode::Char('e'));
    key(app, KeyCode::Down);
    keys(app, &[KeyCode::Backspace; 2]);
    typed(app, "8");
    ctrl(app, 's');
    let Some(Dialog::Settings(form)) = &scan(app).dialog else {
        panic!("form closed");
    };
    assert!(form.error.as_deref().unwrap().contains("/16"), "{form:?}");
    key(app, KeyCode::Esc);

    // No raw-socket privilege: the exact command to run, before any confirmation.
    scan_mut(app).net.open = denied;
    key(app, KeyCode::Enter);
    assert!(scan(app).dialog.is_none());
    let e = scan(app).state.error.as_deref().unwrap();
    assert!(e.contains("setcap cap_net_raw+ep"), "{e}");
    let screen = draw(app, 80, 24);
    assert!(screen.contains("setcap"), "{screen}");

    // Declining the confirmation sends nothing.
    scan_mut(app).net = sim_access();
    key(app, KeyCode::Enter);
    assert!(matches!(scan(app).dialog, Some(Dialog::Confirm { .. })));
    key(app, KeyCode::Char('n'));
    assert!(scan(app).dialog.is_none());
    assert_eq!(scan(app).state.stage, Stage::Idle);
    assert!(scan(app).state.last.is_none());
}

#[test]
fn quitting_during_a_sweep_stops_it_and_stores_the_partial_result() {
    let mut f = on_scan_screen(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Enter);
    let jobs = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    assert!(matches!(sweeps(&jobs).as_slice(), [Sweep::Active { .. }]));
    assert!(scan(app).state.is_running());
    // q while the worker runs: the stop flag is set, kensa waits for the partial result.
    key(app, KeyCode::Char('q'));
    assert!(!app.quit, "quit before the result was stored");
    assert!(matches!(
        scan(app).state.stage,
        Stage::Running { stopping: true, .. }
    ));
    run_jobs(app, jobs);
    assert!(app.quit);
    let r = scan(app).state.last.as_ref().unwrap();
    assert_eq!(r.report.stopped, Some(StopReason::User));
    assert!(
        r.report.packets_sent < 253,
        "sent {} at the gentle rate after the stop",
        r.report.packets_sent
    );
}

#[test]
fn p_reads_the_neighbour_table_without_privilege_or_confirmation() {
    let mut f = on_scan_screen(Lang::En);
    let app = &mut f.app;
    // Even without raw-socket rights: the neighbour table needs none.
    scan_mut(app).net.open = denied;
    let jobs = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('p'),
        KeyModifiers::NONE,
    )));
    assert!(matches!(
        sweeps(&jobs).as_slice(),
        [Sweep::Passive { probe: false, .. }]
    ));
    assert!(
        scan(app).dialog.is_none(),
        "no confirmation: nothing is sent"
    );
    assert!(matches!(
        scan(app).state.stage,
        Stage::Running { passive: true, .. }
    ));
    run_jobs(app, jobs);
    assert_eq!(scan(app).state.stage, Stage::Idle);
    assert_eq!(scan(app).state.error, None);
    let r = scan(app).state.last.as_ref().unwrap();
    assert_eq!(r.report.mode, Mode::Passive);
    assert_eq!(r.report.packets_sent, 0);
    assert_eq!(r.stored.matches.len(), r.report.hosts.len());
    let screen = draw(app, 100, 30);
    assert!(screen.contains("neighbour table:"), "{screen}");
}

/// A fixed result, so the snapshots do not depend on timing.
fn fixed_result(app: &mut App) {
    let host = |n: u8, mac: &str, vendor: Option<&str>, rtt: f64| ScanHost {
        ip: ip(n),
        mac: mac.into(),
        vendor: vendor.map(str::to_string),
        method: Method::Arp,
        rtt_ms: Some(rtt),
        first_seen: "2026-11-21T01:00:00Z".into(),
        last_seen: "2026-11-21T01:00:02Z".into(),
        other_macs: Vec::new(),
        excluded: false,
        ports: Vec::new(),
        snmp: None,
    };
    let mut vpn = host(1, "00:00:0c:00:00:01", Some("Cisco Systems, Inc"), 0.4);
    vpn.ports = vec![crate::model::scan::PortResult {
        port: 443,
        service: "https".into(),
        state: crate::model::scan::PortState::Open,
    }];
    let report = ScanReport {
        mode: Mode::Active,
        interface: Some("lab0".into()),
        cidr: Some("198.18.0.0/24".into()),
        rate_pps: Some(100),
        started_at: "2026-11-21T01:00:00Z".into(),
        finished_at: "2026-11-21T01:00:04Z".into(),
        addresses: 253,
        excluded_addresses: 1,
        packets_sent: 500,
        replies: 3,
        ignored_frames: 0,
        stopped: None,
        stop_detail: None,
        hosts: vec![
            host(10, "00:00:0c:00:00:0a", Some("Cisco Systems, Inc"), 0.3),
            vpn,
            host(11, "02:00:00:00:00:0b", None, 1.2),
        ],
    };
    let stored = app
        .session
        .store
        .record_scan(&report, false, today(), "yamada")
        .unwrap();
    scan_mut(app).state.last = Some(ScanResult { report, stored });
}

#[test]
fn snapshot_scan() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let f = on_scan_screen(lang);
            let screen = draw(&f.app, w, h);
            insta::assert_snapshot!(format!("scan_idle_{}_{w}x{h}", lang.as_str()), screen);

            let mut f = on_scan_screen(lang);
            key(&mut f.app, KeyCode::Enter);
            let screen = draw(&f.app, w, h);
            insta::assert_snapshot!(format!("scan_confirm_{}_{w}x{h}", lang.as_str()), screen);

            let mut f = on_scan_screen(lang);
            scan_mut(&mut f.app).state.stage = Stage::Running {
                passive: false,
                progress: Some(crate::netscan::Progress {
                    phase: crate::netscan::Phase::Sweep,
                    done: 120,
                    planned: 506,
                    received: 2,
                    found: 2,
                    pass: 1,
                    passes: 2,
                }),
                stop: Default::default(),
                stopping: false,
            };
            let screen = draw(&f.app, w, h);
            insta::assert_snapshot!(format!("scan_running_{}_{w}x{h}", lang.as_str()), screen);

            let mut f = on_scan_screen(lang);
            fixed_result(&mut f.app);
            key(&mut f.app, KeyCode::Down);
            let screen = draw(&f.app, w, h);
            insta::assert_snapshot!(format!("scan_results_{}_{w}x{h}", lang.as_str()), screen);
        }
    }
}
