//! Taking the facility record: every fact the store holds about the inspection, read in one
//! transaction so it is a consistent snapshot even while another kensa writes.

use std::collections::{BTreeMap, HashMap};

use super::{
    CHECK_COLUMNS, CheckRecord, EvidenceMeta, Store, StoreError, TARGET_COLUMNS, TargetRecord,
    check_from_row, target_from_row,
};
use crate::model::asset::Source;
use crate::model::asset::{Observation, Observed, match_observations};
use crate::model::host::HostFacts;
use crate::model::record::{
    AuditHead, EmbeddedEdition, LedgerEntry, ObservationFacts, Record, SCHEMA, SheetRecord,
};
use crate::model::scan::ScanFacts;

impl Store {
    /// The facility record. `edition_text` gives the YAML text of an edition id (the caller's
    /// library); an edition it does not know is left out of the record, and a reader then
    /// needs its own copy.
    pub fn record(
        &self,
        edition_text: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Record, StoreError> {
        // A deferred transaction takes its snapshot at the first read below and keeps it until
        // the end: no write committed meanwhile by another process is seen half.
        let tx = self.conn.unchecked_transaction()?;
        let facility = self.facility()?;
        let sheets = self.sheets()?;
        let mut checks = self.all_checks()?;
        let mut targets = self.all_targets()?;
        let contacts = self.contacts()?;
        let vendors = self.vendors(super::VendorFilter::All)?;
        let vendor_requests = self.vendor_requests()?;
        let vendor_responses = self.vendor_responses()?;
        let disclosures = self.disclosures()?;
        let assets = self.assets()?;
        let observations = self.observations()?;
        let bcp = self.bcp_data()?;
        let audit_head = tx
            .query_row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| {
                    Ok(AuditHead {
                        seq: r.get(0)?,
                        hash: r.get(1)?,
                    })
                },
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        let (ledger, matched) = ledger_entries(assets, &observations);
        let unmatched = unmatched_newest(&observations, &matched);
        let observation_facts = self.observation_facts(
            ledger
                .iter()
                .flat_map(|e| e.observations.iter())
                .chain(unmatched.iter()),
        )?;
        tx.commit()?;

        let mut editions: Vec<EmbeddedEdition> = Vec::new();
        for s in &sheets {
            if !editions.iter().any(|e| e.id == s.edition_id)
                && let Some(text) = edition_text(&s.edition_id)
            {
                editions.push(EmbeddedEdition::new(&s.edition_id, &text));
            }
        }
        Ok(Record {
            schema: SCHEMA.to_string(),
            kensa_version: env!("CARGO_PKG_VERSION").to_string(),
            taken_at: super::now(),
            facility,
            sheets: sheets
                .into_iter()
                .map(|sheet| SheetRecord {
                    checks: checks.remove(&sheet.id).unwrap_or_default(),
                    targets: targets.remove(&sheet.id).unwrap_or_default(),
                    sheet,
                })
                .collect(),
            contacts,
            ledger,
            editions,
            audit_head,
            unmatched,
            observation_facts,
            vendors,
            vendor_requests,
            vendor_responses,
            disclosures,
            bcp,
        })
    }

    /// The evidence facts of each observation, read from its stored document. A facility's
    /// host documents together can be hundreds of megabytes (package lists above all), so
    /// they are read in batches and handed to a second thread that keeps only the facts: at
    /// most a few batches are in memory at once, and reading overlaps parsing.
    fn observation_facts<'o>(
        &self,
        observations: impl Iterator<Item = &'o Observation>,
    ) -> Result<Vec<ObservationFacts>, StoreError> {
        /// Ids per `IN (…)` query: one statement per batch instead of one per observation.
        const BATCH: usize = 200;
        let mut ids: Vec<i64> = observations
            .filter(|o| matches!(o.observed.source, Source::Collect | Source::Scan))
            .map(|o| o.id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<(i64, String, String)>>(4);
        std::thread::scope(|scope| {
            let parser = scope.spawn(move || {
                let mut out = Vec::new();
                for batch in receive {
                    for (id, source, payload) in batch {
                        out.push(facts_of(id, &source, &payload));
                    }
                }
                out
            });
            let read = (|| -> Result<(), StoreError> {
                for chunk in ids.chunks(BATCH) {
                    let marks = vec!["?"; chunk.len()].join(",");
                    let mut stmt = self.conn.prepare_cached(&format!(
                        "SELECT id, source, payload FROM observations WHERE id IN ({marks})"
                    ))?;
                    let rows = stmt
                        .query_map(rusqlite::params_from_iter(chunk.iter()), |r| {
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                        })?
                        .collect::<Result<Vec<_>, _>>()?;
                    // The parser only ends early by panicking, which the join reports.
                    if send.send(rows).is_err() {
                        break;
                    }
                }
                Ok(())
            })();
            drop(send);
            let mut out = parser
                .join()
                .map_err(|_| StoreError::Internal("the fact reader stopped".into()))?;
            read?;
            out.sort_by_key(|f| f.observation);
            Ok(out)
        })
    }

    /// Every check of every sheet with its evidence metadata, by sheet, oldest first.
    fn all_checks(&self) -> Result<BTreeMap<i64, Vec<CheckRecord>>, StoreError> {
        let mut evidence: HashMap<i64, Vec<EvidenceMeta>> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT check_id, id, name, size, sha256 FROM evidence ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                EvidenceMeta {
                    id: r.get(1)?,
                    name: r.get(2)?,
                    size: r.get(3)?,
                    sha256: r.get(4)?,
                },
            ))
        })?;
        for row in rows {
            let (check_id, meta) = row?;
            evidence.entry(check_id).or_default().push(meta);
        }
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {CHECK_COLUMNS} FROM checks ORDER BY id"))?;
        let rows = stmt.query_map([], check_from_row)?;
        let mut all: Vec<CheckRecord> = rows.collect::<Result<_, _>>()?;
        self.mark_responses(&mut all)?;
        let mut sources = self.check_sources(None)?;
        let mut out: BTreeMap<i64, Vec<CheckRecord>> = BTreeMap::new();
        for mut c in all {
            c.evidence = evidence.remove(&c.id).unwrap_or_default();
            c.source = sources.remove(&c.id);
            out.entry(c.sheet_id).or_default().push(c);
        }
        Ok(out)
    }

    /// Every 目標日 ever set, by sheet, oldest first.
    fn all_targets(&self) -> Result<BTreeMap<i64, Vec<TargetRecord>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {TARGET_COLUMNS} FROM targets ORDER BY id"))?;
        let rows = stmt.query_map([], target_from_row)?;
        let mut out: BTreeMap<i64, Vec<TargetRecord>> = BTreeMap::new();
        for row in rows {
            let t = row?;
            out.entry(t.sheet_id).or_default().push(t);
        }
        Ok(out)
    }
}

/// The evidence facts of one stored document.
fn facts_of(id: i64, source: &str, payload: &str) -> ObservationFacts {
    let mut facts = ObservationFacts {
        observation: id,
        host: None,
        scan: None,
        unreadable: None,
    };
    match Source::parse(source) {
        Some(Source::Collect) => match HostFacts::from_payload(payload) {
            Ok(h) => facts.host = Some(h),
            Err(e) => facts.unreadable = Some(e),
        },
        Some(Source::Scan) => match ScanFacts::from_payload(payload) {
            Ok(f) => facts.scan = Some(f),
            Err(e) => facts.unreadable = Some(e),
        },
        _ => facts.unreadable = Some(format!("source `{source}` has no document")),
    }
    facts
}

/// Each ledger row with the newest matching observation of each source, newest first; and
/// for each observation whether any row (retired ones included) matches it.
fn ledger_entries(
    assets: Vec<crate::model::asset::Asset>,
    observations: &[Observation],
) -> (Vec<LedgerEntry>, Vec<bool>) {
    let rows: Vec<_> = assets.iter().map(|a| &a.fields).collect();
    let observed: Vec<&Observed> = observations.iter().map(|o| &o.observed).collect();
    let matches = match_observations(&rows, &observed);
    let mut matched = vec![false; observations.len()];
    for &i in matches.iter().flatten() {
        matched[i] = true;
    }
    let entries = assets
        .into_iter()
        .zip(matches)
        .map(|(asset, found)| {
            let mut newest: BTreeMap<_, &Observation> = BTreeMap::new();
            for o in found.into_iter().map(|i| &observations[i]) {
                let key = (o.observed.observed_at.as_str(), o.id);
                newest
                    .entry(o.observed.source)
                    .and_modify(|cur| {
                        if key > (cur.observed.observed_at.as_str(), cur.id) {
                            *cur = o;
                        }
                    })
                    .or_insert(o);
            }
            let mut observations: Vec<Observation> = newest.into_values().cloned().collect();
            observations.sort_by(|x, y| {
                (y.observed.observed_at.as_str(), y.id)
                    .cmp(&(x.observed.observed_at.as_str(), x.id))
            });
            LedgerEntry {
                asset,
                observations,
            }
        })
        .collect();
    (entries, matched)
}

/// The observations no 台帳 row matches: the newest of each device and source, newest first.
/// A device is its first MAC, else its first address, else its name: the same machine seen by
/// five scans is one device, not five.
fn unmatched_newest(observations: &[Observation], matched: &[bool]) -> Vec<Observation> {
    let mut newest: BTreeMap<(String, Source), &Observation> = BTreeMap::new();
    for (o, _) in observations.iter().zip(matched).filter(|(_, m)| !**m) {
        let ob = &o.observed;
        let device = ob
            .macs
            .first()
            .or(ob.ips.first())
            .map(|s| s.to_ascii_lowercase())
            .or_else(|| {
                let n = ob.computer_name.trim();
                (!n.is_empty()).then(|| format!("name:{}", n.to_lowercase()))
            })
            .unwrap_or_else(|| format!("observation:{}", o.id));
        let key = (ob.observed_at.as_str(), o.id);
        newest
            .entry((device, ob.source))
            .and_modify(|cur| {
                if key > (cur.observed.observed_at.as_str(), cur.id) {
                    *cur = o;
                }
            })
            .or_insert(o);
    }
    let mut out: Vec<Observation> = newest.into_values().cloned().collect();
    out.sort_by(|x, y| {
        (y.observed.observed_at.as_str(), y.id).cmp(&(x.observed.observed_at.as_str(), x.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;
    use crate::editions::Library;
    use crate::model::answer::Answer;
    use crate::model::asset::{LedgerFields, Source};
    use crate::model::checklist::Form;
    use crate::model::contacts::Role;
    use crate::model::facility::{Facility, FacilityKind};
    use crate::model::record::{assess_sheet, editions_of};
    use crate::model::rules::{Context, assess};
    use crate::store::{
        CarriedCheck, EvidenceFile, LedgerBatch, NewCheck, NewContact, NewObservation,
    };

    /// One generated action on a facility's store.
    #[derive(Debug, Clone)]
    enum Action {
        /// Answer row `row` (index into the edition's rows) of sheet `sheet` on day `day`.
        Answer {
            sheet: usize,
            row: usize,
            answer: Answer,
            day: i8,
            target: bool,
            evidence: bool,
        },
        Target {
            sheet: usize,
            row: usize,
            day: i8,
        },
        Contact {
            role: usize,
        },
        Asset {
            n: u8,
            observed: bool,
        },
    }

    fn action() -> impl Strategy<Value = Action> {
        let answer = prop::sample::select(vec![Answer::Yes, Answer::No, Answer::Na]);
        prop_oneof![
            6 => (0..3usize, 0..60usize, answer, 1..28i8, any::<bool>(), prop::bool::weighted(0.1))
                .prop_map(|(sheet, row, answer, day, target, evidence)| Action::Answer {
                    sheet, row, answer, day, target, evidence
                }),
            1 => (0..3usize, 0..60usize, 1..28i8).prop_map(|(sheet, row, day)| Action::Target { sheet, row, day }),
            1 => (0..Role::ALL.len()).prop_map(|role| Action::Contact { role }),
            1 => (any::<u8>(), any::<bool>()).prop_map(|(n, observed)| Action::Asset { n, observed }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// store → record → JSON → record is the identity, and the verdict of every sheet read
        /// from the record equals round 1's verdict read from the store.
        #[test]
        fn record_round_trips_and_judges_as_the_store(
            vendor_contracts in any::<bool>(),
            actions in prop::collection::vec(action(), 0..60),
        ) {
            let (lib, _) = Library::load(None);
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(&dir.path().join("k.db")).unwrap();
            store.save_facility(&Facility {
                name: "生成病院".into(),
                kind: FacilityKind::Hospital,
                prefecture: Some("東京都".into()),
                manager: None,
                security_officer: None,
                vendor_contracts,
                institution_code: Some("1311234567".into()),
                beds: Some(120),
                founder: None,
            }, "t").unwrap();
            let r6 = store.create_sheet("hospital-r6", Form::Hospital, 2024, None, &[], "t").unwrap();
            // Last year's first row carried into this year's sheet (要再確認).
            let first = lib.get("hospital-r6").unwrap().rows().next().unwrap();
            let c = store.record_answer(r6.id, &NewCheck {
                item: first.0.id.clone(), scope: first.1, answer: Answer::Yes,
                checked_on: date(2024, 6, 1), note: String::new(),
            }, None, &[], "t").unwrap();
            let r7 = store.create_sheet("hospital-r7", Form::Hospital, 2025, Some(r6.id), &[CarriedCheck {
                item: first.0.id.clone(), scope: first.1, answer: Answer::Yes, from_check: c, note: "前年".into(),
            }], "t").unwrap();
            let v7 = store.create_sheet("vendor-r7", Form::Vendor, 2025, None, &[], "t").unwrap();
            let sheets = [(&r6, 2024i16), (&r7, 2025), (&v7, 2025)];
            for a in &actions {
                match a.clone() {
                    Action::Answer { sheet, row, answer, day, target, evidence } => {
                        let (s, fy) = sheets[sheet];
                        let e = lib.get(&s.edition_id).unwrap();
                        let rows: Vec<_> = e.rows().collect();
                        let (item, scope) = rows[row % rows.len()];
                        let files = if evidence {
                            vec![EvidenceFile { name: format!("証跡{day}.txt"), content: vec![day as u8; 10] }]
                        } else { vec![] };
                        store.record_answer(s.id, &NewCheck {
                            item: item.id.clone(), scope, answer,
                            checked_on: date(fy, 7, day), note: format!("メモ{day}"),
                        }, target.then(|| date(fy + 1, 3, day)), &files, "t").unwrap();
                    }
                    Action::Target { sheet, row, day } => {
                        let (s, fy) = sheets[sheet];
                        let e = lib.get(&s.edition_id).unwrap();
                        let rows: Vec<_> = e.rows().collect();
                        let (item, scope) = rows[row % rows.len()];
                        store.set_target(s.id, &item.id, scope, date(fy + 2, 3, day), "t").unwrap();
                    }
                    Action::Contact { role } => {
                        store.add_contact(&NewContact {
                            role: Role::ALL[role], name: format!("連絡先{role}"), org: None,
                            system: None, phone: Some("03-0000-0000".into()), email: None,
                            order: Role::ALL[role].default_order(),
                        }, "t").unwrap();
                    }
                    Action::Asset { n, observed } => {
                        let no = format!("{n:03}");
                        if store.asset(&no).unwrap().is_none() {
                            let fields = LedgerFields {
                                control_no: no.clone(),
                                computer_name: format!("PC{n}"),
                                ip: format!("198.18.0.{n}"),
                                ..LedgerFields::default()
                            };
                            let mut batch = LedgerBatch { new_rows: vec![(fields, Source::Manual)], ..LedgerBatch::default() };
                            if observed {
                                for (source, at) in [(Source::Collect, "2025-07-01T00:00:00Z"), (Source::Scan, "2025-08-01T00:00:00Z"), (Source::Scan, "2025-09-01T00:00:00Z")] {
                                    batch.observations.push(NewObservation {
                                        observed: Observed {
                                            source, observed_at: at.into(), computer_name: format!("pc{n}"),
                                            os: "Windows 11".into(), maker: String::new(), model: String::new(),
                                            serial: String::new(), ips: vec![format!("198.18.0.{n}")], macs: vec![],
                                        },
                                        payload: format!("{{\"n\":{n},\"at\":\"{at}\"}}"),
                                    });
                                }
                            }
                            store.apply_ledger_batch(&batch, "t").unwrap();
                        }
                    }
                }
            }

            let record = store.record(&|id| lib.text(id).map(str::to_string)).unwrap();
            let back = Record::from_json(record.to_json().as_bytes()).unwrap();
            prop_assert_eq!(&back, &record);
            // Observations: at most one per source, the newest.
            for e in &record.ledger {
                let sources: Vec<_> = e.observations.iter().map(|o| o.observed.source).collect();
                let mut unique = sources.clone();
                unique.dedup();
                prop_assert_eq!(sources.len(), unique.len());
                if let Some(scan) = e.observations.iter().find(|o| o.observed.source == Source::Scan) {
                    prop_assert_eq!(scan.observed.observed_at.as_str(), "2025-09-01T00:00:00Z");
                }
            }
            let editions = editions_of(&back, &|_| None).unwrap();
            let today = date(2025, 12, 1);
            for s in store.sheets().unwrap() {
                let edition = &editions[&s.edition_id];
                let checks: Vec<_> = store.checks(s.id).unwrap().iter().map(CheckRecord::to_model).collect();
                let targets: Vec<_> = store.targets(s.id).unwrap().iter().map(TargetRecord::to_model).collect();
                let contacts = store.contacts().unwrap();
                let round1 = assess(&Context { edition, fiscal_year: s.fiscal_year, vendor_contracts, today, contacts: &contacts }, &checks, &targets);
                let from_record = assess_sheet(&back, back.sheet(s.id).unwrap(), edition, today);
                prop_assert_eq!(&from_record.findings, &round1.findings);
                prop_assert_eq!(from_record.ready, round1.ready);
                prop_assert_eq!(&from_record.total, &round1.total);
            }
        }
    }

    /// Facts of each observation's document come with the record; devices no row matches
    /// are listed once per device and source, newest first.
    #[test]
    fn facts_and_unmatched_devices() {
        use crate::model::scan::{
            HOST_SCHEMA as SCAN_HOST, Method, Mode, PortResult, PortState, ScanHost, ScanReport,
        };
        use std::net::Ipv4Addr;
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db")).unwrap();
        let fields = LedgerFields {
            control_no: "001".into(),
            computer_name: "UKETSUKE-01".into(),
            ip: "198.18.0.10".into(),
            ..LedgerFields::default()
        };
        let host = crate::collect::windows::WindowsCollector::from_output(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/collect/windows/win10-22h2.json"),
            )
            .unwrap(),
            date(2026, 11, 20),
        );
        let mut report = crate::collect::collect_with(&host);
        report.collected_at = "2026-11-20T01:00:00Z".into();
        report.interfaces = crate::model::host::Fact::ok(vec![]);
        let payload = serde_json::to_string(&report).unwrap();
        store
            .apply_ledger_batch(
                &LedgerBatch {
                    new_rows: vec![(fields, Source::Manual)],
                    observations: vec![NewObservation {
                        observed: Observed::from_host(&report),
                        payload,
                    }],
                    ..LedgerBatch::default()
                },
                "t",
            )
            .unwrap();
        let scan_host = |n: u8, at: &str| ScanHost {
            ip: Ipv4Addr::new(198, 18, 0, n),
            mac: format!("00:1b:2c:00:00:{n:02x}"),
            vendor: Some("Vendor".into()),
            method: Method::Arp,
            rtt_ms: None,
            first_seen: at.into(),
            last_seen: at.into(),
            other_macs: vec![],
            excluded: false,
            ports: vec![PortResult {
                port: 3389,
                service: "rdp".into(),
                state: PortState::Open,
            }],
            snmp: None,
        };
        for at in ["2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"] {
            let scan = ScanReport {
                mode: Mode::Active,
                interface: Some("lab0".into()),
                cidr: Some("198.18.0.0/24".into()),
                rate_pps: Some(100),
                started_at: at.into(),
                finished_at: at.into(),
                addresses: 254,
                excluded_addresses: 0,
                packets_sent: 254,
                replies: 2,
                ignored_frames: 0,
                stopped: None,
                stop_detail: None,
                hosts: vec![scan_host(10, at), scan_host(99, at)],
            };
            store
                .record_scan(&scan, false, date(2026, 11, 1), "t")
                .unwrap();
        }
        let record = store.record(&|_| None).unwrap();
        let row = &record.ledger[0];
        assert_eq!(row.observations.len(), 2, "newest collect and newest scan");
        // 198.18.0.99 matches no row: listed once (its newest scan), not twice.
        assert_eq!(record.unmatched.len(), 1);
        let lone = &record.unmatched[0];
        assert_eq!(lone.observed.ips, ["198.18.0.99"]);
        assert_eq!(lone.observed.observed_at, "2026-11-01T00:00:00Z");
        let facts = |id: i64| {
            record
                .observation_facts
                .iter()
                .find(|f| f.observation == id)
                .unwrap()
        };
        let collected = row
            .observations
            .iter()
            .find(|o| o.observed.source == Source::Collect)
            .unwrap();
        let h = facts(collected.id).host.as_ref().unwrap();
        assert_eq!(h.os_text(), "Windows 10 Pro 22H2 19045.5608");
        assert_eq!(
            h.updates.value().unwrap().last_update.as_deref(),
            Some("2025-08-13")
        );
        assert_eq!(h.remote_access.value().unwrap().smb1_enabled, Some(true));
        let sc = facts(lone.id).scan.as_ref().unwrap();
        assert_eq!(sc.open_ports().count(), 1);
        assert_eq!(sc.cidr.as_deref(), Some("198.18.0.0/24"));
        assert_eq!(record.observation_facts.len(), 3);
        // A record without the fields added here (an older kensa's) still reads.
        let mut json: serde_json::Value = serde_json::from_str(&record.to_json()).unwrap();
        let obj = json.as_object_mut().unwrap();
        obj.remove("unmatched");
        obj.remove("observation_facts");
        let old = Record::from_json(json.to_string().as_bytes()).unwrap();
        assert!(old.unmatched.is_empty() && old.observation_facts.is_empty());
        assert_eq!(SCAN_HOST, "kensa.scan-host/1");
    }
}
