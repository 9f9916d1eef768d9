//! One fixture per rule: the hand-made Windows documents (10 22H2, Server 2012 R2, an
//! up-to-date 11), the hand-made Debian 10 document, a FortiGate whose FortiOS is in the KEV
//! data and a Yamaha router that is in neither data set. "Today" is 2026-11-30.

use jiff::civil::{Date, date};

use super::suggest::{Proposed, Topic, Why, suggest, suggest_row};
use super::*;
use crate::model::asset::{Asset, AssetKind, LedgerFields, Observation, Observed, Source};
use crate::model::host::{Fact, HostFacts, HostReport, Interface};
use crate::model::record::{LedgerEntry, ObservationFacts, SCHEMA};
use crate::model::scan::{PortResult, PortState, ScanFacts};

const TODAY: Date = date(2026, 11, 30);

fn fixture(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("fixture")
}

/// A host document from a hand-made Windows fixture, as `kensa collect` would write it on
/// `collected` with one interface.
pub fn windows_host(name: &str, collected: &str, ip: &str, mac: &str) -> HostReport {
    let c = crate::collect::windows::WindowsCollector::from_output(
        &fixture(&format!("tests/fixtures/collect/windows/{name}")),
        date_of(collected),
    );
    let mut r = crate::collect::collect_with(&c);
    r.collected_at = collected.to_string();
    r.platform = "windows".into();
    r.interfaces = Fact::ok(vec![Interface {
        name: "Ethernet".into(),
        mac: Some(mac.into()),
        ipv4: vec![ip.into()],
        ipv6: vec![],
    }]);
    r
}

pub fn debian_host() -> HostReport {
    serde_json::from_str(&fixture("tests/fixtures/evidence/debian10-host.json")).expect("doc")
}

fn date_of(s: &str) -> Date {
    s[..10].parse().expect("date")
}

#[derive(Default)]
struct Builder {
    record: Option<Record>,
    next: i64,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            record: Some(Record {
                schema: SCHEMA.into(),
                kensa_version: "test".into(),
                taken_at: "2026-11-30T00:00:00Z".into(),
                facility: None,
                sheets: vec![],
                contacts: vec![],
                ledger: vec![],
                editions: vec![],
                audit_head: None,
                unmatched: vec![],
                observation_facts: vec![],
                vendors: vec![],
                vendor_requests: vec![],
                vendor_responses: vec![],
                disclosures: vec![],
                bcp: Default::default(),
            }),
            next: 1,
        }
    }

    fn r(&mut self) -> &mut Record {
        self.record.as_mut().expect("record")
    }

    fn row(&mut self, fields: LedgerFields) -> usize {
        let id = self.next;
        self.next += 1;
        let r = self.r();
        r.ledger.push(LedgerEntry {
            asset: Asset {
                id,
                fields,
                source: Source::Manual,
                created_at: String::new(),
                updated_at: String::new(),
            },
            observations: vec![],
        });
        r.ledger.len() - 1
    }

    fn observe(&mut self, row: Option<usize>, observed: Observed, facts: ObservationFacts) {
        let id = self.next;
        self.next += 1;
        let o = Observation {
            id,
            observed,
            recorded_at: String::new(),
        };
        let r = self.r();
        r.observation_facts.push(ObservationFacts {
            observation: id,
            ..facts
        });
        match row {
            Some(i) => {
                r.ledger[i].observations.push(o);
                r.ledger[i]
                    .observations
                    .sort_by(|a, b| b.observed.observed_at.cmp(&a.observed.observed_at));
            }
            None => r.unmatched.push(o),
        }
    }

    fn collect(&mut self, row: Option<usize>, h: &HostReport) {
        self.observe(
            row,
            Observed::from_host(h),
            ObservationFacts {
                observation: 0,
                host: Some(HostFacts::from_report(h)),
                scan: None,
                unreadable: None,
            },
        );
    }

    fn scan(
        &mut self,
        row: Option<usize>,
        at: &str,
        ip: &str,
        mac: &str,
        descr: &str,
        open: &[u16],
    ) {
        self.observe(
            row,
            Observed {
                source: Source::Scan,
                observed_at: at.into(),
                computer_name: String::new(),
                os: descr.into(),
                maker: String::new(),
                model: String::new(),
                serial: String::new(),
                ips: vec![ip.into()],
                macs: vec![mac.into()],
            },
            ObservationFacts {
                observation: 0,
                host: None,
                scan: Some(ScanFacts {
                    vendor: Some("Vendor".into()),
                    ports: open
                        .iter()
                        .map(|p| PortResult {
                            port: *p,
                            service: "svc".into(),
                            state: PortState::Open,
                        })
                        .collect(),
                    excluded: false,
                    cidr: Some("198.18.0.0/16".into()),
                    stopped: None,
                }),
                unreadable: None,
            },
        );
    }

    fn evaluate(&mut self) -> Evidence {
        let record = self.record.take().expect("record");
        let e = evaluate_builtin(&record, &Settings::default(), TODAY).expect("data");
        self.record = Some(record);
        e
    }
}

fn row(no: &str, kind: AssetKind, name: &str, ip: &str, os: &str) -> LedgerFields {
    LedgerFields {
        control_no: no.into(),
        kind,
        computer_name: name.into(),
        ip: ip.into(),
        os: os.into(),
        ..LedgerFields::default()
    }
}

fn checks(e: &Evidence, no: &str) -> Vec<(Check, Level)> {
    let mut v: Vec<(Check, Level)> = e
        .findings
        .iter()
        .filter(|f| f.subject.control_no.as_deref() == Some(no))
        .map(|f| (f.check, f.level))
        .collect();
    v.sort();
    v
}

fn detail(e: &Evidence, no: &str, check: Check) -> Detail {
    e.findings
        .iter()
        .find(|f| f.subject.control_no.as_deref() == Some(no) && f.check == check)
        .map(|f| f.detail.clone())
        .unwrap_or_else(|| panic!("{no}: no {check:?}"))
}

#[test]
fn windows_10_22h2_reception_pc() {
    let mut b = Builder::new();
    let i = b.row(row(
        "001",
        AssetKind::Terminal,
        "UKETSUKE-01",
        "198.18.0.11",
        "Windows 10",
    ));
    b.collect(
        Some(i),
        &windows_host(
            "win10-22h2.json",
            "2026-11-20T01:00:00Z",
            "198.18.0.11",
            "aa:00:00:00:00:11",
        ),
    );
    let e = b.evaluate();
    assert_eq!(
        checks(&e, "001"),
        [
            (Check::EolEnded, Level::High),
            (Check::PatchAge, Level::Medium),
            (Check::DangerousService, Level::Medium),
            (Check::RdpWithoutNla, Level::Medium),
            (Check::Smb1, Level::Medium),
            (Check::FirewallOff, Level::Medium),
            (Check::DormantAccounts, Level::Medium),
            (Check::ExcessAdmins, Level::Low),
            (Check::PasswordPolicy, Level::Medium),
        ]
    );
    let Detail::EndOfLife {
        cycle,
        eol,
        extended,
        precision,
        ..
    } = detail(&e, "001", Check::EolEnded)
    else {
        panic!()
    };
    assert_eq!(cycle, "10 22H2");
    assert_eq!(eol, Some(date(2025, 10, 14)));
    assert_eq!(extended, Some(date(2028, 10, 10)));
    assert_eq!(precision, identify::Precision::Exact);
    let f = e
        .findings
        .iter()
        .find(|f| f.check == Check::EolEnded)
        .unwrap();
    assert_eq!(f.data.as_ref().unwrap().snapshot, date(2026, 8, 22));
    assert!(matches!(f.basis[0], Basis::Collect { .. }));
    let Detail::PatchAge {
        last_update,
        days,
        newest_hotfix,
        ..
    } = detail(&e, "001", Check::PatchAge)
    else {
        panic!()
    };
    assert_eq!((last_update, days), (date(2025, 8, 13), 464));
    assert_eq!(newest_hotfix.as_deref(), Some("KB5063709"));
    let Detail::Accounts { accounts, .. } = detail(&e, "001", Check::DormantAccounts) else {
        panic!()
    };
    assert!(accounts.contains(&"rinji".to_string()), "{accounts:?}");
    assert!(!accounts.contains(&"uketsuke".to_string()));
    let Detail::Items { items } = detail(&e, "001", Check::DangerousService) else {
        panic!()
    };
    assert_eq!(items, ["FTPSVC", "ftp 21/tcp"]);
    let Detail::PasswordPolicy { problems, .. } = detail(&e, "001", Check::PasswordPolicy) else {
        panic!()
    };
    assert_eq!(problems, ["short", "no_complexity", "no_expiry"]);
}

#[test]
fn server_2012_r2() {
    let mut b = Builder::new();
    let i = b.row(row(
        "101",
        AssetKind::Server,
        "EMR-DB01",
        "198.18.1.10",
        "Windows Server 2012 R2",
    ));
    b.collect(
        Some(i),
        &windows_host(
            "server-2012r2.json",
            "2026-11-20T01:00:00Z",
            "198.18.1.10",
            "aa:00:00:00:01:10",
        ),
    );
    let e = b.evaluate();
    assert_eq!(
        checks(&e, "101"),
        [
            (Check::EolEnded, Level::High),
            (Check::PatchAge, Level::Medium),
            (Check::Smb1, Level::Medium),
            (Check::DormantAccounts, Level::Medium),
            (Check::PasswordPolicy, Level::Medium),
            (Check::PasswordNotChanged, Level::Low),
        ]
    );
    let Detail::EndOfLife {
        cycle,
        eol,
        extended,
        ..
    } = detail(&e, "101", Check::EolEnded)
    else {
        panic!()
    };
    assert_eq!(cycle, "Windows Server 2012 R2");
    assert_eq!(
        (eol, extended),
        (Some(date(2023, 10, 10)), Some(date(2026, 10, 13)))
    );
    let Detail::Accounts { accounts, .. } = detail(&e, "101", Check::DormantAccounts) else {
        panic!()
    };
    assert_eq!(accounts, ["tanaka"]);
}

#[test]
fn up_to_date_windows_11_raises_nothing() {
    let mut b = Builder::new();
    let i = b.row(row(
        "201",
        AssetKind::Terminal,
        "SHINSATSU-03",
        "198.18.2.3",
        "Windows 11 Pro",
    ));
    b.collect(
        Some(i),
        &windows_host(
            "win11-25h2.json",
            "2026-11-20T01:00:00Z",
            "198.18.2.3",
            "aa:00:00:00:02:03",
        ),
    );
    b.scan(
        Some(i),
        "2026-11-21T00:00:00Z",
        "198.18.2.3",
        "aa:00:00:00:02:03",
        "",
        &[],
    );
    let e = b.evaluate();
    assert_eq!(checks(&e, "201"), [], "{:#?}", e.findings);
    assert!(e.known[0].collected && e.known[0].updates && e.known[0].seen);
}

#[test]
fn debian_10_pacs_gateway() {
    let mut b = Builder::new();
    let i = b.row(row(
        "301",
        AssetKind::Server,
        "pacs-gw",
        "198.18.10.20",
        "Debian 10",
    ));
    b.collect(Some(i), &debian_host());
    let e = b.evaluate();
    assert_eq!(
        checks(&e, "301"),
        [
            (Check::EolEnded, Level::High),
            (Check::PatchAge, Level::Medium),
            (Check::DangerousService, Level::Medium),
            (Check::FirewallOff, Level::Medium),
            (Check::LoggingOff, Level::Medium),
            (Check::DormantAccounts, Level::Medium),
            (Check::ExcessAdmins, Level::Low),
            (Check::PasswordPolicy, Level::Medium),
        ]
    );
    let Detail::EndOfLife { eol, extended, .. } = detail(&e, "301", Check::EolEnded) else {
        panic!()
    };
    assert_eq!(
        (eol, extended),
        (Some(date(2022, 9, 10)), Some(date(2024, 6, 30)))
    );
    let Detail::Accounts { accounts, .. } = detail(&e, "301", Check::DormantAccounts) else {
        panic!()
    };
    assert_eq!(accounts, ["vendor"], "root is never called dormant");
    let Detail::PatchAge { last_update, .. } = detail(&e, "301", Check::PatchAge) else {
        panic!()
    };
    assert_eq!(last_update, date(2024, 6, 10));
}

#[test]
fn fortigate_in_kev_and_yamaha_not() {
    let mut b = Builder::new();
    let mut fg = row(
        "401",
        AssetKind::Network,
        "FGT-VPN",
        "198.18.0.1",
        "FortiOS 6.0.4",
    );
    fg.maker = "Fortinet".into();
    let fg = b.row(fg);
    b.scan(
        Some(fg),
        "2026-11-21T00:00:00Z",
        "198.18.0.1",
        "00:09:0f:00:00:01",
        "FortiGate-60E v6.0.4,build0231,190107 (GA)",
        &[22, 443],
    );
    let mut rtx = row(
        "402",
        AssetKind::Network,
        "RTX1210",
        "198.18.0.254",
        "RTX1210 Rev.14.01.38",
    );
    rtx.maker = "YAMAHA".into();
    let rtx = b.row(rtx);
    b.scan(
        Some(rtx),
        "2026-11-21T00:00:00Z",
        "198.18.0.254",
        "00:a0:de:00:00:01",
        "RTX1210 Rev.14.01.38 (Fri Jul 10 09:35:39 2020)",
        &[],
    );
    let e = b.evaluate();
    assert_eq!(
        checks(&e, "401"),
        [
            (Check::EolEnded, Level::High),
            (Check::KevAffected, Level::Critical),
            (Check::KevUnchecked, Level::Low),
            (Check::RemoteMaintenance, Level::Medium),
        ]
    );
    assert_eq!(
        e.findings[0].check,
        Check::KevAffected,
        "the most serious finding first"
    );
    let Detail::Kev {
        product,
        version,
        cves,
    } = detail(&e, "401", Check::KevAffected)
    else {
        panic!()
    };
    assert_eq!(
        (product.as_str(), version.as_deref()),
        ("FortiOS", Some("6.0.4"))
    );
    let c = cves
        .iter()
        .find(|c| c.cve == "CVE-2018-13379")
        .expect("半田病院's entry point");
    assert_eq!(c.fixed.as_deref(), Some("6.0.5"));
    assert!(c.ransomware);
    assert!(cves.iter().all(|c| c.cve != "CVE-2022-40684"), "7.x only");
    let kev = e
        .findings
        .iter()
        .find(|f| f.check == Check::KevAffected)
        .unwrap();
    assert!(
        matches!(kev.basis[0], Basis::Scan { .. }),
        "SNMP sysDescr is trusted over the typed OS"
    );
    assert_eq!(kev.data.as_ref().unwrap().snapshot, date(2025, 8, 25));
    let Detail::Ports { ports, vendor } = detail(&e, "401", Check::RemoteMaintenance) else {
        panic!()
    };
    assert_eq!(
        ports.iter().map(|p| p.port).collect::<Vec<_>>(),
        [22],
        "443 is a web console"
    );
    assert_eq!(vendor.as_deref(), Some("Fortinet"));
    // Yamaha: no KEV entry, no end-of-life data, which is said rather than hidden.
    assert_eq!(checks(&e, "402"), [(Check::EolNoData, Level::Info)]);

    // A patched FortiGate (7.4.8): nothing in the ranges, only the entries kensa cannot check.
    let mut b = Builder::new();
    let fg = b.row(row(
        "401",
        AssetKind::Network,
        "FGT-VPN",
        "198.18.0.1",
        "FortiOS 7.4.8",
    ));
    let _ = fg;
    let e = b.evaluate();
    let got = checks(&e, "401");
    assert!(
        !got.iter().any(|(c, _)| *c == Check::KevAffected),
        "{got:?}"
    );
    assert!(got.iter().any(|(c, _)| *c == Check::KevUnchecked));
}

#[test]
fn reconciliation_rules() {
    let mut b = Builder::new();
    // Seen recently, typed IP disagrees.
    let a = b.row(row(
        "001",
        AssetKind::Terminal,
        "",
        "198.18.0.5",
        "Windows 11",
    ));
    b.scan(
        Some(a),
        "2026-11-01T00:00:00Z",
        "198.18.0.6",
        "aa:00:00:00:00:05",
        "",
        &[],
    );
    b.r().ledger[a].asset.fields.mac = "aa:00:00:00:00:05".into();
    // Not seen since 2025: inside the scanned range.
    let old = b.row(row("002", AssetKind::Terminal, "OLD-PC", "198.18.0.7", ""));
    b.scan(
        Some(old),
        "2025-01-01T00:00:00Z",
        "198.18.0.7",
        "aa:00:00:00:00:07",
        "",
        &[],
    );
    // Never seen, outside every scanned range: nothing to say.
    b.row(row("003", AssetKind::Terminal, "BRANCH-PC", "10.9.9.9", ""));
    // Retired in 2025, answering in November 2026.
    let mut gone = row("004", AssetKind::Terminal, "RETIRED", "198.18.0.9", "");
    gone.retired_on = Some(date(2025, 3, 31));
    let gone = b.row(gone);
    b.scan(
        Some(gone),
        "2026-11-02T00:00:00Z",
        "198.18.0.9",
        "aa:00:00:00:00:09",
        "",
        &[],
    );
    // A device the 台帳 does not list.
    b.scan(
        None,
        "2026-11-02T00:00:00Z",
        "198.18.0.99",
        "aa:00:00:00:00:99",
        "",
        &[],
    );
    let e = b.evaluate();
    assert_eq!(checks(&e, "001"), [(Check::Mismatch, Level::Low)]);
    assert_eq!(checks(&e, "002"), [(Check::NotSeen, Level::Low)]);
    assert_eq!(checks(&e, "003"), []);
    assert_eq!(checks(&e, "004"), [(Check::RetiredAnswering, Level::High)]);
    let unlisted: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.check == Check::Unlisted)
        .collect();
    assert_eq!(unlisted.len(), 1);
    assert_eq!(unlisted[0].subject.ip.as_deref(), Some("198.18.0.99"));
    assert_eq!(e.coverage.ledger_rows, 3, "the retired row is not counted");
    assert_eq!(
        (
            e.coverage.seen,
            e.coverage.outside_scans,
            e.coverage.unlisted
        ),
        (1, 1, 1)
    );
}

#[test]
fn suggestions_follow_the_findings_with_completeness() {
    let edition = crate::model::checklist::parse_edition(
        "hospital-r7.yaml",
        include_str!("../../../checklists/hospital-r7.yaml"),
    )
    .expect("edition");
    let item = |id: &str| edition.item(id).expect("item");
    let mut b = Builder::new();
    let i = b.row(row(
        "001",
        AssetKind::Terminal,
        "SHINSATSU-03",
        "198.18.2.3",
        "Windows 11 Pro",
    ));
    b.collect(
        Some(i),
        &windows_host(
            "win11-25h2.json",
            "2026-11-20T01:00:00Z",
            "198.18.2.3",
            "aa:00:00:00:02:03",
        ),
    );
    b.scan(
        Some(i),
        "2026-11-21T00:00:00Z",
        "198.18.2.3",
        "aa:00:00:00:02:03",
        "",
        &[],
    );
    let clean = b.evaluate();
    let s = suggest_row(&clean, &edition, item("2-6"), Scope::General).unwrap();
    assert_eq!(
        (s.rule, s.answer, s.why),
        (Topic::Patches, Proposed::Yes, Why::Clear)
    );
    let c = s.completeness.unwrap();
    assert_eq!((c.have, c.of), (1, 1));
    // A second PC in the 台帳, never collected: the evidence is incomplete.
    b.row(row(
        "002",
        AssetKind::Terminal,
        "SHINSATSU-04",
        "198.18.2.4",
        "Windows 11 Pro",
    ));
    let partial = b.evaluate();
    let s = suggest_row(&partial, &edition, item("2-6"), Scope::General).unwrap();
    assert_eq!((s.answer, s.why), (Proposed::Unknown, Why::Incomplete));
    let c = s.completeness.unwrap();
    assert_eq!((c.have, c.of), (1, 2));
    // An end-of-life PC: いいえ, naming the finding.
    let j = b.row(row(
        "003",
        AssetKind::Terminal,
        "UKETSUKE-01",
        "198.18.0.11",
        "Windows 10",
    ));
    b.collect(
        Some(j),
        &windows_host(
            "win10-22h2.json",
            "2026-11-20T01:00:00Z",
            "198.18.0.11",
            "aa:00:00:00:00:11",
        ),
    );
    let bad = b.evaluate();
    let s = suggest_row(&bad, &edition, item("2-6"), Scope::General).unwrap();
    assert_eq!((s.answer, s.why), (Proposed::No, Why::Findings));
    assert!(
        s.findings
            .iter()
            .any(|&f| bad.findings[f].check == Check::EolEnded)
    );
    let all = suggest(&bad, &edition);
    let by = |id: &str, scope: Scope| {
        all.iter()
            .find(|s| s.item == id && s.scope == scope)
            .unwrap()
    };
    assert_eq!(by("2-5", Scope::Terminal).answer, Proposed::No);
    assert_eq!(by("2-5", Scope::Server).why, Why::NoEvidence);
    assert_eq!(by("2-12", Scope::Terminal).answer, Proposed::No);
    assert_eq!(by("2-7", Scope::General).answer, Proposed::No);
    assert_eq!(by("2-8", Scope::General).why, Why::NotObservable);
    assert_eq!(by("2-11", Scope::General).why, Why::NotObservable);
    assert_eq!(by("2-2", Scope::General).why, Why::VendorConfirmation);
    assert_eq!(by("2-13", Scope::Network).answer, Proposed::No);
    assert_eq!(by("1-1", Scope::General).rule, Topic::NotObservable);
    assert!(all.iter().all(|s| s.item != "gate"));
    // R6's patch item is 2-7, answered per scope: the same rule.
    let r6 = crate::model::checklist::parse_edition(
        "hospital-r6.yaml",
        include_str!("../../../checklists/hospital-r6.yaml"),
    )
    .expect("edition");
    let s = suggest_row(&bad, &r6, r6.item("2-7").unwrap(), Scope::Terminal).unwrap();
    assert_eq!((s.rule, s.answer), (Topic::Patches, Proposed::No));
}
