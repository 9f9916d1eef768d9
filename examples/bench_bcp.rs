//! Fills a database for the BCP benchmark (`scripts/bench-bcp.sh`): a hospital with a
//! 10,000-row 台帳 over 20 subnets, 30 systems with backups, contacts, the EHR-sharing
//! connection, a drill and an approval. The script then times `kensa bcp write` per format.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fixture may panic

use jiff::civil::date;
use kensa::model::asset::{AssetKind, LedgerFields, Source};
use kensa::model::bcp::{Backup, Connection, EhrSharing, Importance, Line, SystemFields};
use kensa::model::contacts::Role;
use kensa::model::facility::{Facility, FacilityKind};
use kensa::store::{LedgerBatch, NewContact, NewDrill, Store};

fn main() {
    let path = std::env::args().nth(1).expect("database path");
    let mut s = Store::open(std::path::Path::new(&path)).unwrap();
    s.save_facility(
        &Facility {
            name: "ベンチマーク総合病院".into(),
            kind: FacilityKind::Hospital,
            prefecture: Some("東京都".into()),
            manager: Some("院長".into()),
            security_officer: Some("情報システム課長".into()),
            vendor_contracts: true,
            institution_code: None,
            beds: Some(500),
            founder: None,
        },
        "bench",
    )
    .unwrap();
    let mut batch = LedgerBatch::default();
    for i in 0..10_000u32 {
        let kind = match i % 50 {
            0 => AssetKind::Network,
            1..=4 => AssetKind::Server,
            5 => AssetKind::MedicalDevice,
            _ => AssetKind::Terminal,
        };
        batch.new_rows.push((
            LedgerFields {
                control_no: format!("A-{i:05}"),
                kind,
                computer_name: format!("host{i}"),
                ip: format!("10.{}.{}.{}", i % 20, (i / 250) % 250, i % 250 + 1),
                location: format!("{}階 {}病棟", i % 10 + 1, i % 7),
                status: "稼働".into(),
                ..Default::default()
            },
            Source::Manual,
        ));
    }
    s.apply_ledger_batch(&batch, "bench").unwrap();
    for (role, name, system) in [
        (Role::SystemAdmin, "情報システム課", None),
        (Role::SecurityOfficer, "安全管理責任者", None),
        (Role::Manager, "院長", None),
        (Role::Mhlw, "厚生労働省", None),
        (Role::Police, "警察", None),
        (Role::Vendor, "保守窓口", Some("システム0")),
    ] {
        s.add_contact(
            &NewContact {
                role,
                name: name.into(),
                org: Some("事業者0".into()),
                system: system.map(str::to_string),
                phone: Some("03-0000-0000".into()),
                email: None,
                order: role.default_order(),
            },
            "bench",
        )
        .unwrap();
    }
    for i in 0..30u32 {
        s.add_bcp_system(
            &SystemFields {
                name: format!("システム{i}"),
                vendor: Some(format!("事業者{}", i % 8)),
                assets: (0..5).map(|k| format!("A-{:05}", i * 50 + k)).collect(),
                importance: Some(Importance::High),
                restore_priority: Some(i + 1),
                target_recovery_hours: Some(24),
                alternative: Some("紙運用".into()),
                remote_maintenance: (i % 5 == 0).then(|| "事業者 VPN".to_string()),
                backup: Backup {
                    frequency: Some("毎日".into()),
                    method: Some("DB 複製".into()),
                    location: Some(format!("サーバ室 BK-{i:02}")),
                    offline_copy: Some(true),
                    restore_procedure: Some("復元".into()),
                    last_restore_test: Some(date(2027, 3, 1)),
                },
            },
            "bench",
        )
        .unwrap();
    }
    s.set_ehr_sharing(
        &EhrSharing {
            connection: Some(Connection::WebApi),
            line: Some(Line::IpVpn),
            line_provider: Some("NTT東日本".into()),
            router_location: Some("サーバ室".into()),
            terminal_location: Some("医事課".into()),
            signing: None,
            ons_contact: Some("医事課".into()),
        },
        "bench",
    )
    .unwrap();
    s.add_drill(
        &NewDrill {
            held_on: date(2027, 6, 1),
            scenario: "ランサムウェア".into(),
            participants: "全部署".into(),
            lessons: None,
            follow_ups: None,
        },
        "bench",
    )
    .unwrap();
    s.approve_bcp("院長", date(2027, 7, 1), "bench").unwrap();
}
