//! Network discovery in the store: one observation per found host (source `scan`, payload
//! `kensa.scan-host/1`), written through the ledger's own batch so it shares its transaction,
//! audit records and de-duplication. New devices can be added as ledger rows in the same
//! transaction.

use jiff::civil::Date;

use super::{LedgerBatch, NewObservation, Store, StoreError};
use crate::model::asset::{Source, fields_from_observation, next_control_no};
use crate::model::scan::{HOST_SCHEMA, LedgerMatch, ScanHost, ScanReport, ledger_match};

/// What [`Store::record_scan`] wrote, and where each host stands against the ledger afterwards
/// (same order as the report's hosts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanStored {
    pub observations: usize,
    /// Observations already stored (the same scan recorded twice).
    pub duplicates: usize,
    /// 管理番号 of rows added for devices that were not in the ledger.
    pub added: Vec<String>,
    pub matches: Vec<LedgerMatch>,
}

/// The stored document for one host: the host and the scan it came from (and whether that
/// scan ran to the end).
pub fn host_payload(report: &ScanReport, host: &ScanHost) -> String {
    serde_json::json!({
        "schema": HOST_SCHEMA,
        "scan": {
            "mode": report.mode,
            "interface": report.interface,
            "cidr": report.cidr,
            "started_at": report.started_at,
            "finished_at": report.finished_at,
            // Why the run ended early (`user`: Ctrl-C), null when complete: an observation
            // from an interrupted run says so.
            "stopped": report.stopped,
        },
        "host": host,
    })
    .to_string()
}

impl Store {
    /// Store a scan: an observation per host and, with `add_new`, a ledger row (登録元 scan,
    /// 種別 その他) for each device that matches no current row. One transaction.
    pub fn record_scan(
        &mut self,
        report: &ScanReport,
        add_new: bool,
        today: Date,
        actor: &str,
    ) -> Result<ScanStored, StoreError> {
        let assets = self.assets()?;
        let mut batch = LedgerBatch::default();
        let mut numbers: Vec<String> = assets.iter().map(|a| a.fields.control_no.clone()).collect();
        let mut added = Vec::new();
        for h in &report.hosts {
            let observed = h.observed();
            if add_new && !ledger_match(&assets, h).in_ledger() {
                let no = next_control_no(numbers.iter().map(String::as_str));
                numbers.push(no.clone());
                added.push(no.clone());
                batch
                    .new_rows
                    .push((fields_from_observation(no, &observed, today), Source::Scan));
            }
            batch.observations.push(NewObservation {
                observed,
                payload: host_payload(report, h),
            });
        }
        let counts = self.apply_ledger_batch(&batch, actor)?;
        let assets = self.assets()?;
        Ok(ScanStored {
            observations: counts.observations,
            duplicates: counts.duplicate_observations,
            added,
            matches: report
                .hosts
                .iter()
                .map(|h| ledger_match(&assets, h))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::asset::LedgerFields;
    use crate::model::scan::{Method, Mode, PortResult, PortState};
    use std::net::Ipv4Addr;

    fn report() -> ScanReport {
        let host = |n: u8| ScanHost {
            ip: Ipv4Addr::new(198, 18, 0, n),
            mac: format!("00:1b:2c:00:00:{n:02x}"),
            vendor: Some("Vendor".into()),
            method: Method::Arp,
            rtt_ms: Some(0.3),
            first_seen: "2025-10-01T00:00:00Z".into(),
            last_seen: "2025-10-01T00:00:01Z".into(),
            other_macs: vec![],
            excluded: false,
            ports: vec![PortResult {
                port: 3389,
                service: "rdp".into(),
                state: PortState::Open,
            }],
            snmp: None,
        };
        ScanReport {
            mode: Mode::Active,
            interface: Some("lab0".into()),
            cidr: Some("198.18.0.0/24".into()),
            rate_pps: Some(100),
            started_at: "2025-10-01T00:00:00Z".into(),
            finished_at: "2025-10-01T00:00:03Z".into(),
            addresses: 253,
            excluded_addresses: 1,
            packets_sent: 300,
            replies: 2,
            ignored_frames: 0,
            stopped: None,
            stop_detail: None,
            hosts: vec![host(10), host(11)],
        }
    }

    #[test]
    fn observations_ledger_status_and_new_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("k.db")).unwrap();
        let known = LedgerFields {
            control_no: "001".into(),
            ip: "198.18.0.10".into(),
            ..Default::default()
        };
        s.add_asset(&known, Source::Manual, "t").unwrap();
        let r = report();
        let today = jiff::civil::date(2025, 10, 1);
        let st = s.record_scan(&r, false, today, "t").unwrap();
        assert_eq!((st.observations, st.duplicates), (2, 0));
        assert_eq!(st.matches[0].control_nos, ["001"]);
        assert!(!st.matches[1].in_ledger());
        assert!(st.added.is_empty());
        // The same scan again is not stored twice; now the new device gets a row.
        let st = s.record_scan(&r, true, today, "t").unwrap();
        assert_eq!((st.observations, st.duplicates), (0, 2));
        assert_eq!(st.added, ["002"]);
        assert_eq!(st.matches[1].control_nos, ["002"]);
        let row = s.asset("002").unwrap().unwrap();
        assert_eq!(row.source, Source::Scan);
        assert_eq!(row.fields.mac, "00:1b:2c:00:00:0b");
        let obs = s.observations().unwrap();
        assert!(obs.iter().all(|o| o.observed.source == Source::Scan));
        let payload: serde_json::Value =
            serde_json::from_str(&s.observation_payload(obs[0].id).unwrap().unwrap()).unwrap();
        assert_eq!(payload["schema"], HOST_SCHEMA);
        assert_eq!(payload["host"]["ports"][0]["state"], "open");
        assert_eq!(payload["scan"]["stopped"], serde_json::Value::Null);
        assert!(s.audit_verify().unwrap().problems.is_empty());
    }

    #[test]
    fn an_interrupted_scan_is_marked_in_every_observation() {
        let mut r = report();
        r.stopped = Some(crate::model::scan::StopReason::User);
        let p: serde_json::Value = serde_json::from_str(&host_payload(&r, &r.hosts[0])).unwrap();
        assert_eq!(p["scan"]["stopped"], "user");
    }
}
