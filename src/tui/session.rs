//! What every screen shares, and how a screen asks for something beyond itself.
//!
//! The session holds the store, the editions, the open sheet with its assessment, the 確認日 of
//! the next answers and the status line. The open sheet is kept in the facility record's shape
//! (`model::record::SheetRecord`, with the contacts) and judged by
//! `model::record::assess_history`: the function behind `kensa status` and the report, on the
//! same shape, so the dashboard and the checklist show the same verdict. A screen never calls another one: it queues an [`Action`] (show a
//! screen, start work on a worker thread, tell every screen an [`Event`], quit) and the router
//! (`app`) carries it out after the screen returns.

use jiff::civil::Date;

use super::work::Work;
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::checklist::{Edition, Form, Item, Scope};
use crate::model::contacts::Contact;
use crate::model::entry::EntrySheet;
use crate::model::facility::Facility;
use crate::model::record::{Editions, SheetRecord, assess_history};
use crate::model::rules::Assessment;
use crate::model::vendor::coverage::{VendorFacts, assess_vendors};
use crate::store::{Sheet, Store};
use crate::text::store_error;
use crate::tr;

/// The screens, as actions and the router name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenId {
    Setup,
    Dashboard,
    Checklist,
    Ledger,
    Contacts,
    /// Network discovery (issue 5): settings, the sweep's progress, the devices found.
    Scan,
    /// 事業者 (issue 14): vendors, requests and responses, the coverage matrix.
    Vendors,
    /// The cyber-attack BCP (issue 15): systems, EHR-sharing, drills, the 確認表.
    Bcp,
}

/// One answer row of the form: an item, answered for one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    pub item: String,
    pub scope: Scope,
}

/// Something one screen did that others may need to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The open sheet was read again: an answer was stored, or another sheet was opened.
    SheetLoaded,
    /// Show this row of the open sheet (a dashboard finding leads to its row).
    OpenRow(RowKey),
    /// Observations were stored: the 台帳 is read again when it is next shown.
    LedgerChanged,
}

/// What a screen asks the router for.
#[derive(Debug)]
pub enum Action {
    /// Bring this screen to the front.
    Show(ScreenId),
    /// Run this on a worker thread; its reports come back to the screen that asked.
    Spawn(Box<dyn Work>),
    /// Tell every screen.
    Tell(Event),
    Quit,
    /// Ask before quitting: something typed would be lost.
    ConfirmQuit,
}

/// The last message, shown on the status line until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

/// The sheet being worked on, with everything derived from its records.
#[derive(Debug)]
pub struct OpenSheet {
    pub facility: Facility,
    pub edition: Edition,
    /// The sheet with its whole check and 目標日 history, as the facility record holds it.
    pub record: SheetRecord,
    /// The 連絡体制 as read with the sheet: the verdict on 3(1) depends on it.
    pub contacts: Vec<Contact>,
    /// `record` judged by `assess_history` with `contacts`.
    pub assessment: Assessment,
    /// The vendors' verdict for the sheet's 年度 (立入検査の手引き ②), which `kensa status`
    /// and the inspector combine with the sheet's; `None` for a vendor sheet, without vendor
    /// contracts, vendors or vendor sheets, or where no database is behind the sheet.
    pub vendors_ready: Option<bool>,
}

impl OpenSheet {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.edition.item(id)
    }

    /// The facility's verdict: the sheet's, and the vendors' where they count.
    pub fn ready(&self) -> bool {
        self.assessment.ready && self.vendors_ready != Some(false)
    }

    /// What the shared entry checks need to know about this sheet.
    pub fn entry(&self, today: Date) -> EntrySheet<'_> {
        EntrySheet {
            edition: &self.edition,
            fiscal_year: self.record.sheet.fiscal_year,
            vendor_contracts: self.facility.vendor_contracts,
            today,
        }
    }

    pub fn row_index(&self, key: &RowKey) -> Option<usize> {
        self.assessment
            .rows
            .iter()
            .position(|r| r.item == key.item && r.scope == key.scope)
    }
}

pub struct Session {
    pub lang: Lang,
    pub today: Date,
    pub actor: String,
    pub store: Store,
    pub lib: Library,
    /// `None` until the setup form has saved a facility and started a sheet.
    pub open: Option<OpenSheet>,
    /// 確認日 given to the next answers (`d` on the checklist changes it; the header shows it).
    pub check_date: Date,
    /// Highest check id the officer had seen when kensa was last closed: newer ones are "new".
    pub seen_check_id: i64,
    pub flash: Option<Flash>,
    queue: Vec<Action>,
}

impl Session {
    pub fn new(
        store: Store,
        lib: Library,
        lang: Lang,
        today: Date,
        actor: String,
        seen_check_id: i64,
    ) -> Session {
        Session {
            lang,
            today,
            actor,
            store,
            lib,
            open: None,
            check_date: today,
            seen_check_id,
            flash: None,
            queue: Vec::new(),
        }
    }

    /// Read the sheet's records and assess them; every screen is told.
    pub fn load(&mut self, sheet: Sheet) -> Result<(), String> {
        let lang = self.lang;
        let facility = self
            .store
            .facility()
            .map_err(|e| store_error(lang, &e))?
            .ok_or_else(|| tr!(lang, "cli.no_facility").to_string())?;
        let edition = self.lib.get(&sheet.edition_id).cloned().ok_or_else(|| {
            tr!(
                lang,
                "sheet.edition_missing_for",
                sheet = sheet.key(),
                edition = sheet.edition_id
            )
        })?;
        let record = SheetRecord {
            checks: self
                .store
                .checks(sheet.id)
                .map_err(|e| store_error(lang, &e))?,
            targets: self
                .store
                .targets(sheet.id)
                .map_err(|e| store_error(lang, &e))?,
            sheet,
        };
        // The verdict on 3(1) depends on the contacts, so they are read with the sheet.
        let contacts = self.store.contacts().map_err(|e| store_error(lang, &e))?;
        let assessment = assess_history(
            facility.vendor_contracts,
            &contacts,
            &record,
            &edition,
            self.today,
        );
        let vendors_ready = self
            .vendors_ready(&facility, &record)
            .map_err(|e| store_error(lang, &e))?;
        self.open = Some(OpenSheet {
            facility,
            edition,
            record,
            contacts,
            assessment,
            vendors_ready,
        });
        self.tell(Event::SheetLoaded);
        Ok(())
    }

    /// The vendor rules (`assess_vendors`, as `kensa status` applies them) over the sheets of
    /// `own`'s 年度, read without the rest of the record (the 台帳 can be large).
    fn vendors_ready(
        &self,
        facility: &Facility,
        own: &SheetRecord,
    ) -> Result<Option<bool>, crate::store::StoreError> {
        if own.sheet.form == Form::Vendor {
            return Ok(None);
        }
        let fy = own.sheet.fiscal_year;
        let mut sheets = vec![own.clone()];
        for sheet in self.store.sheets()? {
            if sheet.fiscal_year == fy && sheet.id != own.sheet.id {
                sheets.push(SheetRecord {
                    checks: self.store.checks(sheet.id)?,
                    targets: self.store.targets(sheet.id)?,
                    sheet,
                });
            }
        }
        let editions: Editions = sheets
            .iter()
            .filter_map(|s| self.lib.get(&s.sheet.edition_id))
            .map(|e| (e.id.clone(), e.clone()))
            .collect();
        let vendors = self.store.vendors(crate::store::VendorFilter::All)?;
        let requests = self.store.vendor_requests()?;
        let responses = self.store.vendor_responses()?;
        let disclosures = self.store.disclosures()?;
        let facts = VendorFacts {
            vendor_contracts: facility.vendor_contracts,
            own_form: Some(facility.kind.own_form()),
            vendors: &vendors,
            sheets: &sheets,
            requests: &requests,
            responses: &responses,
            disclosures: &disclosures,
            editions: &editions,
        };
        Ok(facts
            .any()
            .then(|| assess_vendors(&facts, fy, self.today).ready))
    }

    /// Read the open sheet again after a write; a failure goes to the status line.
    pub fn reload(&mut self) {
        if let Some(sheet) = self.open.as_ref().map(|o| o.record.sheet.clone())
            && let Err(e) = self.load(sheet)
        {
            self.error(e);
        }
    }

    pub fn info(&mut self, text: String) {
        self.flash = Some(Flash { text, error: false });
    }

    pub fn error(&mut self, text: String) {
        self.flash = Some(Flash { text, error: true });
    }

    pub fn show(&mut self, screen: ScreenId) {
        self.queue.push(Action::Show(screen));
    }

    pub fn spawn(&mut self, work: impl Work) {
        self.queue.push(Action::Spawn(Box::new(work)));
    }

    pub fn tell(&mut self, event: Event) {
        self.queue.push(Action::Tell(event));
    }

    pub fn quit(&mut self) {
        self.queue.push(Action::Quit);
    }

    pub fn confirm_quit(&mut self) {
        self.queue.push(Action::ConfirmQuit);
    }

    /// What was asked since the last call, oldest first (for the router).
    pub fn take_actions(&mut self) -> Vec<Action> {
        std::mem::take(&mut self.queue)
    }

    /// Highest check id of the open sheet, remembered as "seen" when kensa closes.
    pub fn newest_check_id(&self) -> i64 {
        self.open
            .as_ref()
            .and_then(|o| o.record.checks.iter().map(|c| c.id).max())
            .unwrap_or(self.seen_check_id)
    }
}
