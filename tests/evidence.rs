#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! The evidence engine on the real binary (issue 16): a facility with one machine per rule
//! (the hand-made Windows 10 22H2, Server 2012 R2 and Windows 11 documents, the hand-made
//! Debian 10 document, a FortiGate in the KEV data and a Yamaha router that is not), scanned
//! twice; `kensa evidence`, its section of `status` and the report; `kensa answer
//! --accept-suggestion`; and reconciliation on a generated LAN of 300 devices against a 台帳
//! of 280 rows with known overlaps.

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kensa::model::asset::{AssetKind, LedgerFields, Source};
use kensa::model::evidence::{Check, Settings, evaluate_builtin};
use kensa::model::host::{Fact, HostReport, Interface};
use kensa::model::scan::{Method, Mode, PortResult, PortState, ScanHost, ScanReport, SnmpInfo};
use kensa::store::{LedgerBatch, Store};
use serde_json::Value;

const TODAY: &str = "2026-11-30";

struct Facility {
    dir: tempfile::TempDir,
}

impl Facility {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn kensa(&self) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.env("KENSA_DB", self.path("kensa.db"))
            .env("KENSA_CHECKLISTS", self.path("user-checklists"))
            .env("KENSA_TODAY", TODAY)
            .env_remove("KENSA_LANG")
            .env_remove("KENSA_TEMPLATES")
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("USER", "tester")
            .current_dir(self.dir.path());
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.kensa().args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.kensa().args(args).assert().failure();
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn db_bytes(&self) -> Vec<u8> {
        std::fs::read(self.path("kensa.db")).unwrap()
    }
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A host document from a hand-made Windows fixture, as `kensa collect --out` writes it.
fn windows_host(name: &str, collected: &str, ip: &str, mac: &str) -> HostReport {
    let c = kensa::collect::windows::WindowsCollector::from_output(
        &std::fs::read_to_string(fixture(&format!("tests/fixtures/collect/windows/{name}")))
            .unwrap(),
        collected[..10].parse().unwrap(),
    );
    let mut r = kensa::collect::collect_with(&c);
    r.collected_at = collected.into();
    r.platform = "windows".into();
    r.interfaces = Fact::ok(vec![Interface {
        name: "Ethernet".into(),
        mac: Some(mac.into()),
        ipv4: vec![ip.into()],
        ipv6: vec![],
    }]);
    r
}

fn scan_host(ip: Ipv4Addr, mac: &str, at: &str, descr: Option<&str>, open: &[u16]) -> ScanHost {
    ScanHost {
        ip,
        mac: mac.into(),
        vendor: Some("Vendor".into()),
        method: Method::Arp,
        rtt_ms: Some(0.4),
        first_seen: at.into(),
        last_seen: at.into(),
        other_macs: vec![],
        excluded: false,
        ports: open
            .iter()
            .map(|p| PortResult {
                port: *p,
                service: match p {
                    22 => "ssh",
                    443 => "https",
                    _ => "other",
                }
                .into(),
                state: PortState::Open,
            })
            .collect(),
        snmp: descr.map(|d| SnmpInfo {
            sys_descr: Some(d.into()),
            ..SnmpInfo::default()
        }),
    }
}

fn scan_report(cidr: &str, at: &str, hosts: Vec<ScanHost>) -> ScanReport {
    ScanReport {
        mode: Mode::Active,
        interface: Some("lab0".into()),
        cidr: Some(cidr.into()),
        rate_pps: Some(100),
        started_at: at.into(),
        finished_at: at.into(),
        addresses: 1022,
        excluded_addresses: 0,
        packets_sent: 1022,
        replies: hosts.len() as u64,
        ignored_frames: 0,
        stopped: None,
        stop_detail: None,
        hosts,
    }
}

/// The facility of the fixtures: init, an R7 sheet, the 台帳 typed for the two
/// network devices, the four host documents imported, and one scan.
fn facility() -> Facility {
    let f = Facility {
        dir: tempfile::tempdir().unwrap(),
    };
    f.ok(&["init", "--name", "みなと市民病院", "--kind", "hospital"]);
    f.ok(&[
        "sheet",
        "new",
        "--edition",
        "hospital-r7",
        "--fiscal-year",
        "2026",
    ]);
    f.ok(&[
        "inventory",
        "add",
        "--control-no",
        "401",
        "--kind",
        "network",
        "--maker",
        "Fortinet",
        "--os",
        "FortiOS 6.0.4",
        "--ip",
        "198.18.0.1",
        "--computer-name",
        "FGT-VPN",
        "--mac",
        "00:09:0f:00:00:01",
    ]);
    f.ok(&[
        "inventory",
        "add",
        "--control-no",
        "402",
        "--kind",
        "network",
        "--maker",
        "YAMAHA",
        "--os",
        "RTX1210 Rev.14.01.38",
        "--ip",
        "198.18.0.254",
        "--computer-name",
        "RTX1210",
        "--mac",
        "00:a0:de:00:00:01",
    ]);
    let hosts = [
        (
            "uketsuke.json",
            windows_host(
                "win10-22h2.json",
                "2026-11-20T01:00:00Z",
                "198.18.0.11",
                "aa:00:00:00:00:11",
            ),
        ),
        (
            "emr-db01.json",
            windows_host(
                "server-2012r2.json",
                "2026-11-20T01:00:00Z",
                "198.18.1.10",
                "aa:00:00:00:01:10",
            ),
        ),
        (
            "shinsatsu.json",
            windows_host(
                "win11-25h2.json",
                "2026-11-20T01:00:00Z",
                "198.18.2.3",
                "aa:00:00:00:02:03",
            ),
        ),
    ];
    let mut files: Vec<String> = Vec::new();
    for (name, h) in &hosts {
        let p = f.path(name);
        std::fs::write(&p, serde_json::to_string_pretty(h).unwrap()).unwrap();
        files.push(p.to_str().unwrap().to_string());
    }
    files.push(
        fixture("tests/fixtures/evidence/debian10-host.json")
            .to_str()
            .unwrap()
            .to_string(),
    );
    let mut args = vec!["inventory", "import"];
    args.extend(files.iter().map(String::as_str));
    f.ok(&args);
    let at = "2026-11-21T00:00:00Z";
    let report = scan_report(
        "198.18.0.0/16",
        at,
        vec![
            scan_host(
                Ipv4Addr::new(198, 18, 0, 1),
                "00:09:0f:00:00:01",
                at,
                Some("FortiGate-60E v6.0.4,build0231,190107 (GA)"),
                &[22, 443],
            ),
            scan_host(
                Ipv4Addr::new(198, 18, 0, 254),
                "00:a0:de:00:00:01",
                at,
                Some("RTX1210 Rev.14.01.38 (Fri Jul 10 09:35:39 2020)"),
                &[],
            ),
            scan_host(
                Ipv4Addr::new(198, 18, 0, 11),
                "aa:00:00:00:00:11",
                at,
                None,
                &[3389],
            ),
            scan_host(
                Ipv4Addr::new(198, 18, 2, 3),
                "aa:00:00:00:02:03",
                at,
                None,
                &[],
            ),
            // Not in the 台帳.
            scan_host(
                Ipv4Addr::new(198, 18, 0, 77),
                "aa:00:00:00:00:77",
                at,
                None,
                &[5900],
            ),
        ],
    );
    let mut store = Store::open(&f.path("kensa.db")).unwrap();
    store
        .record_scan(&report, false, TODAY.parse().unwrap(), "tester")
        .unwrap();
    f
}

fn rules_of(v: &Value, control_no: &str) -> Vec<String> {
    let mut r: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["subject"]["control_no"] == control_no)
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    r.sort();
    r
}

fn control_no_of(v: &Value, name: &str) -> String {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["subject"]["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .and_then(|f| f["subject"]["control_no"].as_str())
        .unwrap_or_else(|| panic!("no finding about {name}"))
        .to_string()
}

#[test]
fn every_rule_through_the_cli_and_nothing_stored() {
    let f = facility();
    let before = f.db_bytes();
    let v = f.json(&["evidence", "--json"]);
    assert_eq!(v["schema"], "kensa.evidence/1");
    assert_eq!(v["today"], TODAY);
    // Data sets with their provenance; the KEV snapshot (2025-08-25) is older than six months.
    let data = v["data"].as_array().unwrap();
    assert_eq!(data[0]["file"], "data/eol.tsv");
    assert_eq!(data[0]["stale"], false);
    assert_eq!(data[1]["file"], "data/kev.tsv");
    assert_eq!(data[1]["snapshot"], "2025-08-25");
    assert_eq!(data[1]["stale"], true);

    assert_eq!(
        rules_of(&v, "401"),
        [
            "eol.ended",
            "exposure.remote_maintenance",
            "kev.affected",
            "kev.unchecked"
        ]
    );
    assert_eq!(
        rules_of(&v, "402"),
        ["eol.no_data"],
        "Yamaha: in neither data set"
    );
    let uketsuke = control_no_of(&v, "UKETSUKE-01");
    assert_eq!(
        rules_of(&v, &uketsuke),
        [
            "account.admins",
            "account.dormant",
            "eol.ended",
            "exposure.remote_maintenance",
            "firewall.off",
            "password.policy",
            "patch.age",
            "service.dangerous",
            "service.rdp_without_nla",
            "service.smb1",
        ]
    );
    let emr = control_no_of(&v, "EMR-DB01");
    assert_eq!(
        rules_of(&v, &emr),
        [
            "account.dormant",
            "eol.ended",
            "password.not_changed",
            "password.policy",
            "patch.age",
            "service.smb1"
        ]
    );
    let pacs = control_no_of(&v, "pacs-gw");
    assert!(rules_of(&v, &pacs).contains(&"eol.ended".to_string()));
    assert!(rules_of(&v, &pacs).contains(&"logging.off".to_string()));
    // The up-to-date Windows 11 raises nothing.
    let all: Vec<&Value> = v["findings"].as_array().unwrap().iter().collect();
    assert!(!all.iter().any(|f| {
        f["subject"]["name"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case("SHINSATSU-03"))
    }));
    // The unlisted device, with the scan it came from.
    let unlisted: Vec<&&Value> = all
        .iter()
        .filter(|f| f["rule"] == "ledger.unlisted")
        .collect();
    assert_eq!(unlisted.len(), 1);
    assert_eq!(unlisted[0]["subject"]["ip"], "198.18.0.77");
    assert_eq!(unlisted[0]["basis"][0]["source"], "scan");
    // The KEV finding first, with the data it was judged against and a message.
    assert_eq!(all[0]["rule"], "kev.affected");
    assert_eq!(all[0]["level"], "critical");
    assert_eq!(all[0]["data"]["snapshot"], "2025-08-25");
    assert!(
        all[0]["detail"]["cves"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["cve"] == "CVE-2018-13379")
    );
    assert!(
        all[0]["message"]
            .as_str()
            .unwrap()
            .contains("FortiOS 6.0.4")
    );

    // Suggestions: いいえ for patches (EOL, KEV), with completeness.
    let sg = v["suggestions"].as_array().unwrap();
    let row = |item: &str, scope: &str| {
        sg.iter()
            .find(|s| s["item"] == item && s["scope"] == scope)
            .unwrap()
    };
    assert_eq!(row("2-6", "general")["answer"], "no");
    assert_eq!(row("2-6", "general")["rule"], "suggest.patches");
    assert_eq!(row("2-6", "general")["completeness"]["of"], 6);
    assert_eq!(row("2-1", "general")["answer"], "no", "an unlisted device");
    assert_eq!(row("2-2", "general")["answer"], "unknown");
    assert_eq!(
        row("2-10", "server")["answer"],
        "no",
        "the Debian server logs nothing"
    );

    // The text in Japanese names no internal id; the stale data is called out with its script.
    let text = f.ok(&["evidence"]);
    assert!(text.contains("FortiOS 6.0.4"), "{text}");
    assert!(text.contains("[重大]"));
    assert!(text.contains("scripts/update-kev.py"));
    assert!(text.contains("Yamaha RTX"));
    for id in [
        "kev.affected",
        "eol.ended",
        "suggest.patches",
        "ledger.unlisted",
    ] {
        assert!(!text.contains(id), "{id} in Japanese output");
    }
    let en = f.ok(&["--lang", "en", "evidence"]);
    assert!(en.contains("support ended on 2025-10-14"), "{en}");

    // status: a short section; report: additive.
    let status = f.ok(&["status"]);
    assert!(status.contains("証跡"), "{status}");
    assert!(status.contains("重大 1"));
    let sj = f.json(&["status", "--json"]);
    assert_eq!(sj["evidence"]["counts"]["critical"], 1);
    assert_eq!(sj["evidence"]["data"][1]["stale"], true);
    let report_path = f.path("r.md");
    f.ok(&[
        "report",
        "--format",
        "md",
        "--out",
        report_path.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(&report_path).unwrap();
    assert!(md.contains("CVE-2018-13379"), "{md}");
    let json_path = f.path("r.json");
    f.ok(&[
        "report",
        "--format",
        "json",
        "--out",
        json_path.to_str().unwrap(),
    ]);
    let rj: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(rj["asset_findings"]["counts"]["critical"], 1);

    // The record alone (what a bundle carries) is judged the same, with no database.
    let record = f.path("record.json");
    f.ok(&["record", "--out", record.to_str().unwrap()]);
    let from_record = f.json(&[
        "evidence",
        "--json",
        "--from-record",
        record.to_str().unwrap(),
    ]);
    assert_eq!(from_record["counts"], v["counts"]);
    assert_eq!(from_record["suggestions"], v["suggestions"]);

    // None of this stored anything.
    assert_eq!(
        f.db_bytes(),
        before,
        "evidence, status and report wrote to the database"
    );
}

#[test]
fn accepting_a_suggestion_stores_exactly_one_answer_with_its_evidence() {
    let f = facility();
    let checks = |f: &Facility| {
        f.json(&["answers", "--json"])["checks"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(checks(&f).is_empty());
    // 判断できない: nothing to accept, nothing stored.
    let err = f.fails(&["answer", "2-2", "--accept-suggestion"]);
    assert!(err.contains("判断できない"), "{err}");
    assert!(checks(&f).is_empty());
    // A result and --accept-suggestion together are refused by the parser.
    f.fails(&["answer", "2-6", "yes", "--accept-suggestion"]);
    assert!(checks(&f).is_empty());

    let out = f.ok(&[
        "answer",
        "2-6",
        "--accept-suggestion",
        "--target",
        "2027-03-31",
    ]);
    assert!(out.contains("いいえ"), "{out}");
    let c = checks(&f);
    assert_eq!(c.len(), 1, "exactly one answer");
    assert_eq!(c[0]["item"], "2-6");
    assert_eq!(c[0]["answer"], "no");
    assert_eq!(c[0]["checked_by"], "tester");
    assert!(
        c[0]["note"]
            .as_str()
            .unwrap()
            .contains("kensa の提案を採用")
    );
    let ev = c[0]["evidence"].as_array().unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0]["name"], "kensa-evidence-2-6-general-2026-11-30.txt");
    // The summary itself, as kept in the store: the findings, their sources and data dates.
    let store = Store::open(&f.path("kensa.db")).unwrap();
    let text = String::from_utf8(
        store
            .evidence_content(ev[0]["id"].as_i64().unwrap())
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert!(text.contains("CVE-2018-13379"), "{text}");
    assert!(text.contains("data/eol.tsv（2026-08-22 時点）"), "{text}");
    assert!(
        text.contains("台帳のサーバ・端末・ネットワーク機器 6 台のうち"),
        "{text}"
    );
    // The audit chain covers it, and the sheet shows the 目標日.
    f.ok(&["audit", "verify"]);
    let targets = f.json(&["answers", "--json"])["targets"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(targets.len(), 1);
}

/// 300 devices on the LAN, a 台帳 of 280 rows: 240 rows match devices (10 of them with a
/// wrong IP typed), 10 retired rows whose devices still answer, 10 rows last seen by a scan
/// 300 days ago, 10 never seen inside the scanned range, 10 outside it; 50 devices unlisted.
#[test]
fn reconciliation_of_a_generated_lan() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    let mac = |n: usize| format!("00:1b:2c:00:{:02x}:{:02x}", n / 256, n % 256);
    let ip = |n: usize| Ipv4Addr::new(198, 18, 1 + (n / 250) as u8, (n % 250 + 1) as u8);
    let mut batch = LedgerBatch::default();
    let mut row = |no: usize, kind: AssetKind, ip: String, mac: String, retired: bool| {
        batch.new_rows.push((
            LedgerFields {
                control_no: format!("{no:03}"),
                kind,
                ip,
                mac,
                retired_on: retired.then(|| "2025-03-31".parse().unwrap()),
                ..LedgerFields::default()
            },
            Source::Import,
        ));
    };
    for n in 0..240 {
        let typed_ip = if n < 10 {
            format!("198.18.3.{}", 200 + n)
        } else {
            ip(n).to_string()
        };
        row(n, AssetKind::Terminal, typed_ip, mac(n), false);
    }
    for n in 240..250 {
        row(n, AssetKind::Terminal, ip(n).to_string(), mac(n), true);
    }
    for n in 250..260 {
        row(
            n,
            AssetKind::Terminal,
            format!("198.18.0.{}", n - 240),
            mac(1000 + n),
            false,
        );
    }
    for n in 260..270 {
        row(
            n,
            AssetKind::Terminal,
            format!("198.18.0.{}", n - 240),
            mac(2000 + n),
            false,
        );
    }
    for n in 270..280 {
        row(
            n,
            AssetKind::Server,
            format!("10.9.0.{}", n - 269),
            mac(3000 + n),
            false,
        );
    }
    store.apply_ledger_batch(&batch, "t").unwrap();
    // An old scan also saw the devices of rows 250..260; the recent one sees the 300.
    let old = "2026-02-03T00:00:00Z";
    let recent = "2026-11-20T00:00:00Z";
    let gone: Vec<ScanHost> = (250..260)
        .map(|n| {
            scan_host(
                Ipv4Addr::new(198, 18, 0, (n - 240) as u8),
                &mac(1000 + n),
                old,
                None,
                &[],
            )
        })
        .collect();
    store
        .record_scan(
            &scan_report("198.18.0.0/22", old, gone),
            false,
            "2026-02-03".parse().unwrap(),
            "t",
        )
        .unwrap();
    let lan: Vec<ScanHost> = (0..300)
        .map(|n| scan_host(ip(n), &mac(n), recent, None, &[]))
        .collect();
    store
        .record_scan(
            &scan_report("198.18.0.0/22", recent, lan),
            false,
            "2026-11-20".parse().unwrap(),
            "t",
        )
        .unwrap();

    let record = store.record(&|_| None).unwrap();
    let e = evaluate_builtin(&record, &Settings::default(), TODAY.parse().unwrap()).unwrap();
    let count = |c: Check| e.findings.iter().filter(|f| f.check == c).count();
    assert_eq!(count(Check::Unlisted), 50);
    assert_eq!(count(Check::RetiredAnswering), 10);
    assert_eq!(count(Check::NotSeen), 20);
    assert_eq!(count(Check::Mismatch), 10);
    let unlisted: std::collections::BTreeSet<String> = e
        .findings
        .iter()
        .filter(|f| f.check == Check::Unlisted)
        .filter_map(|f| f.subject.ip.clone())
        .collect();
    let expected: std::collections::BTreeSet<String> =
        (250..300).map(|n| ip(n).to_string()).collect();
    assert_eq!(unlisted, expected);
    let not_seen: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.check == Check::NotSeen)
        .collect();
    assert_eq!(
        not_seen
            .iter()
            .filter(|f| matches!(
                &f.detail,
                kensa::model::evidence::Detail::NotSeen {
                    last_seen: Some(_),
                    ..
                }
            ))
            .count(),
        10
    );
    let c = &e.coverage;
    assert_eq!(
        (c.ledger_rows, c.seen, c.outside_scans, c.unlisted),
        (270, 240, 10, 50)
    );
    // Every finding names its row or device and the observation it came from.
    assert!(
        e.findings
            .iter()
            .filter(|f| f.check != Check::NotSeen)
            .all(|f| !f.basis.is_empty())
    );
}
