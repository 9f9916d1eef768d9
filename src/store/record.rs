//! Taking the facility record: every fact the store holds about the inspection, read in one
//! transaction so it is a consistent snapshot even while another kensa writes.

use std::collections::{BTreeMap, HashMap};

use super::{CheckRecord, EvidenceMeta, Store, StoreError, TargetRecord, date_col, parse_col};
use crate::model::answer::Answer;
use crate::model::asset::{Observation, Observed, match_observations};
use crate::model::checklist::Scope;
use crate::model::record::{AuditHead, EmbeddedEdition, LedgerEntry, Record, SCHEMA, SheetRecord};

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
        tx.commit()?;

        let ledger = ledger_entries(assets, &observations);
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
            bcp,
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
        let mut stmt = self.conn.prepare(
            "SELECT id, sheet_id, item, scope, answer, checked_on, checked_by, note, carried_from_check, recorded_at
             FROM checks ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            Ok(CheckRecord {
                id,
                sheet_id: r.get(1)?,
                item: r.get(2)?,
                scope: parse_col(r, 3, Scope::parse)?,
                answer: parse_col(r, 4, Answer::parse)?,
                checked_on: r
                    .get::<_, Option<String>>(5)?
                    .map(|s| date_col(5, &s))
                    .transpose()?,
                checked_by: r.get(6)?,
                note: r.get(7)?,
                carried_from_check: r.get(8)?,
                recorded_at: r.get(9)?,
                evidence: Vec::new(),
            })
        })?;
        let mut out: BTreeMap<i64, Vec<CheckRecord>> = BTreeMap::new();
        for row in rows {
            let mut c = row?;
            c.evidence = evidence.remove(&c.id).unwrap_or_default();
            out.entry(c.sheet_id).or_default().push(c);
        }
        Ok(out)
    }

    /// Every 目標日 ever set, by sheet, oldest first.
    fn all_targets(&self) -> Result<BTreeMap<i64, Vec<TargetRecord>>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, sheet_id, item, scope, target_on, set_by, recorded_at
             FROM targets ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TargetRecord {
                id: r.get(0)?,
                sheet_id: r.get(1)?,
                item: r.get(2)?,
                scope: parse_col(r, 3, Scope::parse)?,
                target_on: date_col(4, &r.get::<_, String>(4)?)?,
                set_by: r.get(5)?,
                recorded_at: r.get(6)?,
            })
        })?;
        let mut out: BTreeMap<i64, Vec<TargetRecord>> = BTreeMap::new();
        for row in rows {
            let t = row?;
            out.entry(t.sheet_id).or_default().push(t);
        }
        Ok(out)
    }
}

/// Each ledger row with the newest matching observation of each source, newest first.
fn ledger_entries(
    assets: Vec<crate::model::asset::Asset>,
    observations: &[Observation],
) -> Vec<LedgerEntry> {
    let rows: Vec<_> = assets.iter().map(|a| &a.fields).collect();
    let observed: Vec<&Observed> = observations.iter().map(|o| &o.observed).collect();
    let matches = match_observations(&rows, &observed);
    assets
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
        .collect()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;
    use crate::editions::Library;
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
}
