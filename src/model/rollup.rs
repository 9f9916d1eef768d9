//! The prefecture's roll-up (`kensa.aggregate/1`): one line per facility (the newest bundle
//! counts, older ones are listed with it), the share of はい / いいえ / 未回答 per item overall, by
//! kind of facility and by the six bed-size bands MHLW uses in its own survey (clinics and
//! pharmacies apart), and the facilities not ready with their findings.
//!
//! Pure: summaries of inspected bundles in, the roll-up out. Bundles that were refused never
//! reach this module; `crate::inspect` lists them beside the roll-up.

use std::collections::BTreeMap;

use serde::Serialize;

use super::answer::RowStatus;
use super::audit::HistoryCheck;
use super::checklist::{Edition, Scope};
use super::facility::{Facility, FacilityKind, bed_band};
use super::inspection::{EditionSource, Inspection};
use super::keyring::KeyStatus;
use super::rules::{Finding, Requirement, Severity};

/// Schema tag of the roll-up as JSON.
pub const SCHEMA: &str = "kensa.aggregate/1";

/// The columns of the by-size table, in order: the six hospital bands of MHLW's survey, then
/// clinics and pharmacies apart, then hospitals whose 病床数 the record does not give.
pub const BANDS: [&str; 9] = [
    "20-99", "100-199", "200-299", "300-399", "400-499", "500+", "clinic", "pharmacy", "unknown",
];

/// The by-size column of a facility.
pub fn band_of(kind: FacilityKind, beds: Option<u32>) -> &'static str {
    match kind {
        FacilityKind::Hospital => match beds {
            Some(b) if b >= 20 => bed_band(b),
            _ => "unknown",
        },
        FacilityKind::ClinicBeds | FacilityKind::Clinic => "clinic",
        FacilityKind::Pharmacy => "pharmacy",
    }
}

/// How one row of one facility counts in the item shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareClass {
    Yes,
    No,
    /// No dated answer: unanswered, carried over and not checked again, or 該当なし where the
    /// item does not allow it.
    Unanswered,
}

/// One inspected bundle, summarised for the roll-up.
#[derive(Debug, Clone, Serialize)]
pub struct BundleSummary {
    pub path: String,
    /// The manifest's creation time (RFC 3339): which of a facility's bundles is newest.
    pub created_at: String,
    pub key_fingerprint: String,
    pub key: KeyStatus,
    pub facility: Facility,
    pub edition: String,
    pub edition_source: EditionSource,
    /// 「施設側のチェックリスト定義が公式版と異なります」
    pub edition_differs: bool,
    pub sheet: String,
    pub fiscal_year: i16,
    pub ready: bool,
    /// Fail and warning findings (notices are reminders for the day, not findings).
    pub findings: Vec<Finding>,
    /// Fail and warning findings of the vendor rules (手引き ②): they count in the verdict and
    /// in the number of findings, and are read in full in the facility's inspection.
    pub vendor_findings: usize,
    pub nos: usize,
    pub overdue: usize,
    /// Against the next older bundle of the same facility in the roll-up, when there is one.
    pub history: Option<HistoryCheck>,
    /// Per required row: how it counts in the item shares.
    #[serde(skip)]
    pub rows: Vec<(String, Scope, ShareClass)>,
}

impl BundleSummary {
    pub fn of(
        path: String,
        created_at: String,
        key_fingerprint: String,
        key: KeyStatus,
        inspection: &Inspection,
    ) -> BundleSummary {
        let rows = inspection
            .rows
            .iter()
            .filter(|r| r.requirement == Requirement::Required)
            .map(|r| {
                let class = match r.status {
                    RowStatus::Yes => ShareClass::Yes,
                    RowStatus::No => ShareClass::No,
                    _ => ShareClass::Unanswered,
                };
                (r.item.clone(), r.scope, class)
            })
            .collect();
        BundleSummary {
            path,
            created_at,
            key_fingerprint,
            key,
            facility: inspection.facility.clone(),
            edition: inspection.edition.id.clone(),
            edition_source: inspection.edition.source,
            edition_differs: inspection.edition.differs,
            sheet: inspection.sheet.clone(),
            fiscal_year: inspection.fiscal_year,
            ready: inspection.ready,
            findings: inspection
                .findings
                .iter()
                .filter(|f| f.severity != Severity::Notice)
                .cloned()
                .collect(),
            vendor_findings: inspection.vendors.as_ref().map_or(0, |v| {
                v.assessment
                    .findings
                    .iter()
                    .filter(|f| f.severity != Severity::Notice)
                    .count()
            }),
            nos: inspection.nos.len(),
            overdue: inspection.overdue_count(),
            history: None,
            rows,
        }
    }

    /// The findings a list counts: the sheet's and the vendors'.
    pub fn finding_count(&self) -> usize {
        self.findings.len() + self.vendor_findings
    }

    /// Which facility the bundle is for: the 医療機関コード, else name and kind.
    pub fn facility_key(&self) -> String {
        match &self.facility.institution_code {
            Some(c) => c.clone(),
            None => format!("{}\u{0}{}", self.facility.name, self.facility.kind.as_str()),
        }
    }
}

/// The bundles of each facility, newest first (by creation time, then path), facilities in
/// order of 医療機関コード.
pub fn group_by_facility(bundles: &[BundleSummary]) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, b) in bundles.iter().enumerate() {
        groups.entry(b.facility_key()).or_default().push(i);
    }
    groups
        .into_values()
        .map(|mut g| {
            g.sort_by(|a, b| {
                let (a, b) = (&bundles[*a], &bundles[*b]);
                b.created_at
                    .cmp(&a.created_at)
                    .then_with(|| a.path.cmp(&b.path))
            });
            g
        })
        .collect()
}

/// An older bundle of a facility, listed but not counted.
#[derive(Debug, Clone, Serialize)]
pub struct OlderBundle {
    pub path: String,
    pub created_at: String,
    pub sheet: String,
}

/// One facility: its newest bundle, and the older ones.
#[derive(Debug, Clone, Serialize)]
pub struct FacilityLine {
    #[serde(flatten)]
    pub bundle: BundleSummary,
    /// The by-size column ([`BANDS`]).
    pub band: &'static str,
    pub superseded: Vec<OlderBundle>,
}

/// はい / いいえ / 未回答 among the facilities a row applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Share {
    pub yes: usize,
    pub no: usize,
    pub unanswered: usize,
}

impl Share {
    pub fn total(&self) -> usize {
        self.yes + self.no + self.unanswered
    }

    fn add(&mut self, class: ShareClass) {
        match class {
            ShareClass::Yes => self.yes += 1,
            ShareClass::No => self.no += 1,
            ShareClass::Unanswered => self.unanswered += 1,
        }
    }

    /// Percentages (yes, no, unanswered), rounded to one decimal; zeros when nobody counts.
    pub fn percent(&self) -> (f64, f64, f64) {
        let t = self.total();
        if t == 0 {
            return (0.0, 0.0, 0.0);
        }
        let p = |n: usize| (n as f64 * 1000.0 / t as f64).round() / 10.0;
        (p(self.yes), p(self.no), p(self.unanswered))
    }
}

/// The shares of one row of one edition.
#[derive(Debug, Clone, Serialize)]
pub struct ItemShare {
    pub edition: String,
    pub item: String,
    pub section: Option<u32>,
    pub number: String,
    pub text: String,
    pub scope: Scope,
    pub overall: Share,
    /// By kind of facility (`hospital`, `clinic-beds`, `clinic`, `pharmacy`).
    pub by_kind: BTreeMap<&'static str, Share>,
    /// By size ([`BANDS`]).
    pub by_band: BTreeMap<&'static str, Share>,
}

/// Counts over the whole roll-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Bundles accepted (counted or superseded).
    pub bundles: usize,
    pub facilities: usize,
    pub ready: usize,
    pub not_ready: usize,
    pub superseded: usize,
    /// Facilities whose newest bundle rewrote the history of an older one.
    pub history_alarms: usize,
    /// Facilities by kind and by size.
    pub by_kind: BTreeMap<&'static str, usize>,
    pub by_band: BTreeMap<&'static str, usize>,
    /// Ready facilities by kind.
    pub ready_by_kind: BTreeMap<&'static str, usize>,
}

/// The roll-up.
#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    pub totals: Totals,
    pub facilities: Vec<FacilityLine>,
    pub items: Vec<ItemShare>,
}

impl Rollup {
    pub fn not_ready(&self) -> impl Iterator<Item = &FacilityLine> {
        self.facilities.iter().filter(|f| !f.bundle.ready)
    }
}

/// Roll the bundles up. `editions`: every edition a bundle was judged with, for the item texts.
pub fn roll_up(bundles: Vec<BundleSummary>, editions: &BTreeMap<String, Edition>) -> Rollup {
    let groups = group_by_facility(&bundles);
    let mut slots: Vec<Option<BundleSummary>> = bundles.into_iter().map(Some).collect();
    let mut totals = Totals::default();
    let mut facilities = Vec::new();
    for g in groups {
        let mut taken = g.iter().filter_map(|i| slots[*i].take());
        let Some(newest) = taken.next() else {
            continue;
        };
        let superseded: Vec<OlderBundle> = taken
            .map(|b| OlderBundle {
                path: b.path,
                created_at: b.created_at,
                sheet: b.sheet,
            })
            .collect();
        totals.bundles += 1 + superseded.len();
        totals.superseded += superseded.len();
        let band = band_of(newest.facility.kind, newest.facility.beds);
        facilities.push(FacilityLine {
            bundle: newest,
            band,
            superseded,
        });
    }

    let mut shares: BTreeMap<(String, String, Scope), ItemShare> = BTreeMap::new();
    for f in &facilities {
        let b = &f.bundle;
        let kind = b.facility.kind.as_str();
        totals.facilities += 1;
        *totals.by_kind.entry(kind).or_default() += 1;
        *totals.by_band.entry(f.band).or_default() += 1;
        if b.ready {
            totals.ready += 1;
            *totals.ready_by_kind.entry(kind).or_default() += 1;
        } else {
            totals.not_ready += 1;
        }
        if b.history.as_ref().is_some_and(|h| !h.unchanged()) {
            totals.history_alarms += 1;
        }
        for (item, scope, class) in &b.rows {
            let share = shares
                .entry((b.edition.clone(), item.clone(), *scope))
                .or_insert_with(|| {
                    let e = editions.get(&b.edition);
                    let it = e.and_then(|e| e.item(item));
                    ItemShare {
                        edition: b.edition.clone(),
                        item: item.clone(),
                        section: e.and_then(|e| e.section_of(item)).map(|s| s.number),
                        number: it.map(|i| i.number.clone()).unwrap_or_default(),
                        text: it.map(|i| i.text.clone()).unwrap_or_default(),
                        scope: *scope,
                        overall: Share::default(),
                        by_kind: BTreeMap::new(),
                        by_band: BTreeMap::new(),
                    }
                });
            share.overall.add(*class);
            share.by_kind.entry(kind).or_default().add(*class);
            share.by_band.entry(f.band).or_default().add(*class);
        }
    }
    // Items in form order within each edition.
    let mut items: Vec<ItemShare> = shares.into_values().collect();
    let position = |s: &ItemShare| {
        editions
            .get(&s.edition)
            .and_then(|e| e.rows().position(|(i, sc)| i.id == s.item && sc == s.scope))
            .unwrap_or(usize::MAX)
    };
    items.sort_by_cached_key(|s| (s.edition.clone(), position(s), s.item.clone(), s.scope));
    Rollup {
        totals,
        facilities,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(code: &str, created: &str, kind: FacilityKind, beds: Option<u32>) -> BundleSummary {
        BundleSummary {
            path: format!("{code}-{created}.kensa"),
            created_at: created.into(),
            key_fingerprint: "fp".into(),
            key: KeyStatus::Trusted,
            facility: Facility {
                name: format!("施設{code}"),
                kind,
                prefecture: None,
                manager: None,
                security_officer: None,
                vendor_contracts: false,
                institution_code: Some(code.into()),
                beds,
                founder: None,
            },
            edition: "hospital-r7".into(),
            edition_source: EditionSource::Inspector,
            edition_differs: false,
            sheet: "hospital-r7-2025".into(),
            fiscal_year: 2025,
            ready: true,
            findings: vec![],
            vendor_findings: 0,
            nos: 0,
            overdue: 0,
            history: None,
            rows: vec![("1-1".into(), Scope::General, ShareClass::Yes)],
        }
    }

    #[test]
    fn newest_bundle_counts_and_shares_are_banded() {
        let mut old = summary(
            "1311234567",
            "2025-06-01T00:00:00Z",
            FacilityKind::Hospital,
            Some(250),
        );
        old.rows = vec![("1-1".into(), Scope::General, ShareClass::No)];
        let new = summary(
            "1311234567",
            "2025-09-01T00:00:00Z",
            FacilityKind::Hospital,
            Some(250),
        );
        let mut clinic = summary(
            "1311234568",
            "2025-09-01T00:00:00Z",
            FacilityKind::Clinic,
            Some(0),
        );
        clinic.ready = false;
        clinic.rows = vec![("1-1".into(), Scope::General, ShareClass::Unanswered)];
        let r = roll_up(vec![old, clinic, new], &BTreeMap::new());
        assert_eq!(r.totals.facilities, 2);
        assert_eq!(r.totals.bundles, 3);
        assert_eq!(r.totals.superseded, 1);
        assert_eq!(r.facilities[0].bundle.created_at, "2025-09-01T00:00:00Z");
        assert_eq!(
            r.facilities[0].superseded[0].created_at,
            "2025-06-01T00:00:00Z"
        );
        assert_eq!(r.facilities[0].band, "200-299");
        assert_eq!(r.facilities[1].band, "clinic");
        let s = &r.items[0];
        assert_eq!(
            s.overall,
            Share {
                yes: 1,
                no: 0,
                unanswered: 1
            }
        );
        assert_eq!(s.by_band["200-299"].yes, 1);
        assert_eq!(s.by_band["clinic"].unanswered, 1);
        assert_eq!(s.by_kind["clinic"].total(), 1);
        assert_eq!(r.not_ready().count(), 1);
        assert_eq!(s.overall.percent(), (50.0, 0.0, 50.0));
    }

    #[test]
    fn bands() {
        assert_eq!(band_of(FacilityKind::Hospital, Some(20)), "20-99");
        assert_eq!(band_of(FacilityKind::Hospital, Some(500)), "500+");
        assert_eq!(band_of(FacilityKind::Hospital, None), "unknown");
        assert_eq!(band_of(FacilityKind::ClinicBeds, Some(19)), "clinic");
        assert_eq!(band_of(FacilityKind::Pharmacy, None), "pharmacy");
        for b in [20, 150, 250, 350, 450, 900] {
            assert!(BANDS.contains(&band_of(FacilityKind::Hospital, Some(b))));
        }
    }
}
