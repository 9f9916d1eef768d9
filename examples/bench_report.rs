//! Benchmark data and timings for issue 6 (run by `scripts/bench-report.sh`, release build):
//! a database with 5 years of answers (five sheets, every row answered three times) and 100 MB of
//! evidence on the newest sheet; the report of that sheet with 10,000 synthetic 台帳 rows rendered
//! as HTML and xlsx. The bundle and `kensa verify` are timed by the script on the same database.
//!
//! Usage: bench_report DB_PATH OUT_DIR

use std::time::Instant;

use kensa::editions::Library;
use kensa::i18n::Lang;
use kensa::model::answer::Answer;
use kensa::model::checklist::Form;
use kensa::model::facility::{Facility, FacilityKind};
use kensa::report::data::{GatherInput, LedgerRow, gather};
use kensa::report::templates::Templates;
use kensa::report::{render_html, xlsx};
use kensa::store::{EvidenceFile, NewCheck, Store};

const LEDGER_ROWS: usize = 10_000;
const EVIDENCE_FILES: usize = 4;
const EVIDENCE_BYTES: usize = 25 * 1000 * 1000;

/// Incompressible filler without a random-number crate (xorshift64).
fn filler(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

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
    let (db, out) = match args.as_slice() {
        [_, db, out] => (std::path::PathBuf::from(db), std::path::PathBuf::from(out)),
        _ => return Err("usage: bench_report DB_PATH OUT_DIR".into()),
    };
    std::fs::create_dir_all(&out)?;
    let _ = std::fs::remove_file(&db);
    let mut store = Store::open(&db)?;
    let facility = Facility {
        name: "ベンチマーク総合病院".into(),
        kind: FacilityKind::Hospital,
        prefecture: Some("東京都".into()),
        manager: Some("院長".into()),
        security_officer: Some("副院長".into()),
        vendor_contracts: true,
        institution_code: None,
        beds: None,
        founder: None,
    };
    store.save_facility(&facility, "bench")?;
    let (lib, _) = Library::load(None);

    let t = Instant::now();
    let mut last_sheet = None;
    let mut checks = 0;
    for (edition, fy) in [
        ("hospital-r5", 2023i16),
        ("hospital-r6", 2024),
        ("hospital-r7", 2025),
        ("hospital-r7", 2026),
        ("hospital-r7", 2027),
    ] {
        let e = lib.get(edition).ok_or("edition missing")?;
        let sheet = store.create_sheet(edition, Form::Hospital, fy, None, &[], "bench")?;
        for (n, (item, scope)) in e.rows().enumerate() {
            for (k, (answer, month)) in [(Answer::No, 5), (Answer::No, 5), (Answer::Yes, 11)]
                .into_iter()
                .enumerate()
            {
                let evidence = if fy == 2027 && k == 2 && n < EVIDENCE_FILES {
                    vec![EvidenceFile {
                        name: format!("証跡-{n}.bin"),
                        content: filler(n as u64 + 1, EVIDENCE_BYTES),
                    }]
                } else {
                    Vec::new()
                };
                let target = (answer == Answer::No && !e.is_gate(&item.id))
                    .then(|| jiff::civil::date(fy + 1, 2, 28));
                store.record_answer(
                    sheet.id,
                    &NewCheck {
                        item: item.id.clone(),
                        scope,
                        answer,
                        checked_on: jiff::civil::date(fy, month, 10),
                        note: format!("ベンチマーク {k}"),
                    },
                    target,
                    &evidence,
                    "bench",
                )?;
                checks += 1;
            }
        }
        last_sheet = Some((sheet, e));
    }
    println!(
        "database: 5 sheets, {checks} checks, {EVIDENCE_FILES} x {EVIDENCE_BYTES} bytes of evidence ({:.1} s to build)",
        t.elapsed().as_secs_f64()
    );
    let (sheet, _edition) = last_sheet.ok_or("no sheet")?;

    let msg = |f: &kensa::model::rules::Finding| f.rule.id().to_string();
    let (gather_s, data) = best_of(5, || -> Result<_, Box<dyn std::error::Error>> {
        let record = store.record(&|id| lib.text(id).map(str::to_string))?;
        let editions = lib.editions_for(&record)?;
        Ok(gather(&GatherInput {
            record: &record,
            editions: &editions,
            library: &lib,
            sheet_id: sheet.id,
            today: jiff::civil::date(2027, 12, 1),
            lang: Lang::Ja,
            finding_message: &msg,
        })?)
    });
    let mut data = data?;
    data.ledger = (0..LEDGER_ROWS)
        .map(|i| LedgerRow {
            management_no: format!("{i:05}"),
            kind: ["server", "terminal", "network"][i % 3].into(),
            kind_label: ["サーバ", "端末", "ネットワーク機器"][i % 3].into(),
            maker: "A社".into(),
            os: "Windows 11 Pro 23H2".into(),
            software: "〇〇電子カルテ".into(),
            software_version: format!("2.{}", i % 7),
            ip_address: format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256),
            computer_name: format!("Room{}のPC{}", i % 200, i),
            location: format!("{}病棟 Room{}", i % 9 + 1, i % 200),
            user: "a医師（〇〇科）、b看護師（△△病棟）".into(),
            registered_on: "2021-08-01".into(),
            status: "稼働".into(),
            description: "定期棚卸し済み".into(),
        })
        .collect();

    let templates = Templates::load(None)?;
    let (html_s, html) = best_of(5, || {
        let html = render_html(&templates, &data).map_err(|e| e.to_string())?;
        std::fs::write(out.join("bench.html"), &html).map_err(|e| e.to_string())?;
        Ok::<usize, String>(html.len())
    });
    let (xlsx_s, xlsx_len) = best_of(5, || {
        let bytes = xlsx::render_xlsx(&data).map_err(|e| e.to_string())?;
        std::fs::write(out.join("bench.xlsx"), &bytes).map_err(|e| e.to_string())?;
        Ok::<usize, String>(bytes.len())
    });
    println!(
        "gather from the store (newest sheet of 5 years): {:.2} ms",
        gather_s * 1000.0
    );
    println!(
        "HTML report, {LEDGER_ROWS} ledger rows: {:.3} s ({} bytes)",
        html_s, html?
    );
    println!(
        "xlsx report, {LEDGER_ROWS} ledger rows: {:.3} s ({} bytes)",
        xlsx_s, xlsx_len?
    );
    Ok(())
}
