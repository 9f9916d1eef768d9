//! Benchmark of issue 13 (run by `scripts/bench-inspect.sh`, release build): N facilities'
//! bundles as `kensa bundle` writes them (report.html, report.json, report.xlsx, record.json, the
//! edition, audit.json; one sheet fully answered, 200 台帳 rows, 20 contacts, no evidence),
//! each signed with its own key, and the inspector's keys file trusting every key.
//!
//! Usage: bench_inspect BUNDLE_DIR INSPECTOR_DIR COUNT

// A generator: a fixture that cannot be built should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/facilities.rs"]
mod facilities;

use std::time::Instant;

use ed25519_dalek::SigningKey;
use facilities::{Spec, library, write};
use jiff::civil::date;
use kensa::bundle::keys::fingerprint;
use kensa::model::checklist::Scope;
use kensa::model::facility::FacilityKind;
use kensa::model::keyring::{Keyring, TrustedKey};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, bundles, inspector, count] = args.as_slice() else {
        return Err("usage: bench_inspect BUNDLE_DIR INSPECTOR_DIR COUNT".into());
    };
    let bundles = std::path::PathBuf::from(bundles);
    let inspector = std::path::PathBuf::from(inspector);
    let count: usize = count.parse()?;
    std::fs::create_dir_all(&bundles)?;
    let lib = library();
    let started = Instant::now();
    let mut ring = Keyring::default();
    for i in 0..count {
        let code = format!("131{:07}", i + 1);
        // Kinds and sizes spread like a prefecture's: mostly hospitals of every band, some
        // clinics with beds; a few いいえ with 目標日, some overdue, some without.
        let (kind, beds) = match i % 10 {
            0 => (FacilityKind::ClinicBeds, Some(19)),
            1 => (FacilityKind::Hospital, Some(60)),
            2 | 3 => (FacilityKind::Hospital, Some(150)),
            4 => (FacilityKind::Hospital, Some(250)),
            5 => (FacilityKind::Hospital, Some(350)),
            6 => (FacilityKind::Hospital, Some(450)),
            7 => (FacilityKind::Hospital, Some(600)),
            _ => (FacilityKind::Hospital, Some(90)),
        };
        let mut spec = Spec {
            kind,
            beds,
            ledger_rows: 200,
            extra_contacts: 14,
            reports: true,
            created_at: "2025-09-01T00:00:00Z".into(),
            ..Spec::ready(&format!("ベンチマーク病院{i:04}"), &code)
        };
        if i % 7 == 0 {
            spec = spec.no("2-6", Scope::General, Some(date(2025, 12, 1)));
        }
        if i % 13 == 0 {
            spec = spec.no("1-1", Scope::General, Some(date(2025, 8, 1)));
        }
        if i % 17 == 0 {
            spec = spec.no("2-12", Scope::Server, None);
        }
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
        let key = SigningKey::from_bytes(&seed);
        write(&bundles.join(format!("{code}.kensa")), &spec, &key, &lib);
        ring.trust(TrustedKey {
            facility: code,
            fingerprint: fingerprint(&key.verifying_key()),
            public_key: None,
            name: Some(spec.name.clone()),
            trusted_at: "2025-09-01T00:00:00Z".into(),
            trusted_by: "bench".into(),
            revoked_at: None,
            revoked_by: None,
        })
        .map_err(|e| format!("{e:?}"))?;
    }
    kensa::inspect::keys::save(&inspector, &ring)?;
    println!(
        "generated {count} bundles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
