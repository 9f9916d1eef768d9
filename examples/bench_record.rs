//! Benchmark of issue 11 (run by `scripts/bench-record.sh`, release build): `Store::record()`
//! on 5 fiscal years of answers (every row of five sheets answered eight times: at least 2,000
//! checks, with targets) and a 10,000-row 台帳 with a collect and a scan observation per row;
//! the size of its JSON, and the time to write and read the JSON back.
//!
//! Usage: bench_record DB_PATH

use std::time::Instant;

use kensa::editions::Library;
use kensa::model::answer::Answer;
use kensa::model::asset::{AssetKind, LedgerFields, Observed, Source};
use kensa::model::checklist::Form;
use kensa::model::facility::{Facility, FacilityKind};
use kensa::model::record::Record;
use kensa::store::{LedgerBatch, NewCheck, NewObservation, Store};

const LEDGER_ROWS: usize = 10_000;
const ANSWERS_PER_ROW: usize = 8;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(v);
    }
    (best, last.unwrap_or_else(|| unreachable!("runs > 0")))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let db = match args.as_slice() {
        [_, db] => std::path::PathBuf::from(db),
        _ => return Err("usage: bench_record DB_PATH".into()),
    };
    let _ = std::fs::remove_file(&db);
    let mut store = Store::open(&db)?;
    store.save_facility(
        &Facility {
            name: "ベンチマーク総合病院".into(),
            kind: FacilityKind::Hospital,
            prefecture: Some("東京都".into()),
            manager: Some("院長".into()),
            security_officer: Some("副院長".into()),
            vendor_contracts: true,
            institution_code: Some("1311234567".into()),
            beds: Some(400),
            founder: Some("医療法人".into()),
        },
        "bench",
    )?;
    let (lib, _) = Library::load(None);
    let t = Instant::now();
    let mut checks = 0;
    for (edition, fy) in [
        ("hospital-r5", 2021i16),
        ("hospital-r5", 2022),
        ("hospital-r5", 2023),
        ("hospital-r6", 2024),
        ("hospital-r7", 2025),
    ] {
        let e = lib.get(edition).ok_or("edition")?;
        let sheet = store.create_sheet(edition, Form::Hospital, fy, None, &[], "bench")?;
        for (k, (item, scope)) in e.rows().enumerate() {
            for n in 0..ANSWERS_PER_ROW {
                let answer = if (k + n) % 4 == 0 {
                    Answer::No
                } else {
                    Answer::Yes
                };
                let target = (answer == Answer::No).then(|| jiff::civil::date(fy + 1, 3, 31));
                let month = i8::try_from(4 + n).unwrap_or(12);
                store.record_answer(
                    sheet.id,
                    &NewCheck {
                        item: item.id.clone(),
                        scope,
                        answer,
                        checked_on: jiff::civil::date(fy, month, 10),
                        note: format!("ベンチマーク {k}-{n}"),
                    },
                    target,
                    &[],
                    "bench",
                )?;
                checks += 1;
            }
        }
    }
    let mut batch = LedgerBatch::default();
    for i in 0..LEDGER_ROWS {
        let ip = format!("198.18.{}.{}", i / 250, i % 250 + 1);
        let name = format!("PC-{i:05}");
        batch.new_rows.push((
            LedgerFields {
                control_no: format!("{i:05}"),
                kind: [AssetKind::Server, AssetKind::Terminal, AssetKind::Network][i % 3],
                maker: "A社".into(),
                os: "Windows 11 Pro".into(),
                ip: ip.clone(),
                computer_name: name.clone(),
                location: format!("{}階", i % 9 + 1),
                status: "稼働".into(),
                ..LedgerFields::default()
            },
            Source::Import,
        ));
        for (source, at) in [
            (Source::Collect, "2025-09-01T00:00:00Z"),
            (Source::Scan, "2025-10-01T00:00:00Z"),
        ] {
            batch.observations.push(NewObservation {
                observed: Observed {
                    source,
                    observed_at: at.into(),
                    computer_name: name.clone(),
                    os: "Windows 11 Pro 23H2".into(),
                    maker: "A社".into(),
                    model: String::new(),
                    serial: String::new(),
                    ips: vec![ip.clone()],
                    macs: vec![],
                },
                payload: format!("{{\"host\":\"{name}\",\"source\":\"{}\"}}", source.as_str()),
            });
        }
    }
    store.apply_ledger_batch(&batch, "bench")?;
    println!(
        "database: 5 sheets, {checks} checks, {LEDGER_ROWS} ledger rows with {} observations ({:.1} s to build)",
        2 * LEDGER_ROWS,
        t.elapsed().as_secs_f64()
    );
    let text = |id: &str| lib.text(id).map(str::to_string);
    let (take_s, record) = best_of(5, || store.record(&text));
    let record = record?;
    let (json_s, json) = best_of(5, || record.to_json());
    let (read_s, back) = best_of(5, || Record::from_json(json.as_bytes()));
    let back = back?;
    assert_eq!(back, record, "the JSON reads back as the same record");
    println!(
        "Store::record() (best of 5): {:.1} ms  [target 150 ms]",
        take_s * 1000.0
    );
    println!(
        "record JSON: {:.2} MB  [target 8 MB]; written in {:.1} ms, read back in {:.1} ms",
        json.len() as f64 / 1e6,
        json_s * 1000.0,
        read_s * 1000.0
    );
    Ok(())
}
