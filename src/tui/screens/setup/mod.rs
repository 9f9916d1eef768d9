//! The setup screen: the first-run form (the facility, and the sheet to start: edition, 年度,
//! carry-over), shown again by `S` to change the facility or start another year's sheet. This
//! file holds the form's state, its keys and saving it; `view.rs` draws it.

mod view;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};

use super::{KeyFocus, Screen};
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::checklist::Edition;
use crate::model::entry::check_new_sheet;
use crate::model::facility::{Facility, FacilityKind, check_beds, parse_institution_code};
use crate::model::wareki::{fiscal_year_of, format_fiscal_year, halfwidth};
use crate::store::{Sheet, Store, StoreError};
use crate::text::facility::{beds_message, institution_code_message};
use crate::text::{sheet_refusal_message, store_error};
use crate::tui::session::{ScreenId, Session};
use crate::tui::widgets::input::{LineInput, edit_line};
use crate::{tr, workflow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Kind,
    Prefecture,
    Contracts,
    Officer,
    /// 医療機関コード (optional).
    InstitutionCode,
    /// 病床数 (optional).
    Beds,
    /// 開設者 (optional).
    Founder,
    Edition,
    FiscalYear,
    Carry,
    Start,
}

impl Field {
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Field::Name
                | Field::Prefecture
                | Field::Officer
                | Field::InstitutionCode
                | Field::Beds
                | Field::Founder
                | Field::FiscalYear
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupOutcome {
    Continue,
    Submit,
    Cancel,
}

#[derive(Debug, Clone)]
pub struct Setup {
    pub field: Field,
    pub name: LineInput,
    pub kind: FacilityKind,
    pub prefecture: LineInput,
    pub vendor_contracts: bool,
    pub officer: LineInput,
    /// As typed; checked and normalised (10 ASCII digits) when the form is saved.
    pub institution_code: LineInput,
    /// As typed; a number that fits the kind when the form is saved.
    pub beds: LineInput,
    pub founder: LineInput,
    /// Kept from an existing facility; the form does not ask for it.
    pub manager: Option<String>,
    /// Edition ids of the kind's form, newest first, without the ones superseded for the
    /// chosen 年度 (an older edition for a later year is made only on the command line).
    pub editions: Vec<String>,
    pub edition_ix: usize,
    pub fiscal_year: LineInput,
    pub carry: bool,
    /// Key of the sheet answers would be carried from, for the chosen edition and year.
    pub carry_from: Option<Sheet>,
    pub sheets: Vec<Sheet>,
    pub error: Option<String>,
    /// Something was typed or changed.
    pub dirty: bool,
}

impl Setup {
    pub fn new(lib: &Library, facility: Option<&Facility>, sheets: &[Sheet], today: Date) -> Setup {
        let kind = facility.map_or(FacilityKind::Hospital, |f| f.kind);
        let mut form = Setup {
            field: Field::Name,
            name: LineInput::new(facility.map_or("", |f| f.name.as_str())),
            kind,
            prefecture: LineInput::new(
                facility.and_then(|f| f.prefecture.as_deref()).unwrap_or(""),
            ),
            vendor_contracts: facility.is_some_and(|f| f.vendor_contracts),
            officer: LineInput::new(
                facility
                    .and_then(|f| f.security_officer.as_deref())
                    .unwrap_or(""),
            ),
            institution_code: LineInput::new(
                facility
                    .and_then(|f| f.institution_code.as_deref())
                    .unwrap_or(""),
            ),
            beds: LineInput::new(
                &facility
                    .and_then(|f| f.beds)
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
            ),
            founder: LineInput::new(facility.and_then(|f| f.founder.as_deref()).unwrap_or("")),
            manager: facility.and_then(|f| f.manager.clone()),
            editions: Vec::new(),
            edition_ix: 0,
            fiscal_year: LineInput::new(&fiscal_year_of(today).to_string()),
            carry: true,
            carry_from: None,
            sheets: sheets.to_vec(),
            error: None,
            dirty: false,
        };
        form.refresh(lib);
        form
    }

    /// The fields shown, in order: "carry over" only when there is something to carry.
    pub fn fields(&self) -> Vec<Field> {
        let mut f = vec![
            Field::Name,
            Field::Kind,
            Field::Prefecture,
            Field::Contracts,
            Field::Officer,
            Field::InstitutionCode,
            Field::Beds,
            Field::Founder,
            Field::Edition,
            Field::FiscalYear,
        ];
        if self.carry_from.is_some() {
            f.push(Field::Carry);
        }
        f.push(Field::Start);
        f
    }

    pub fn edition<'l>(&self, lib: &'l Library) -> Option<&'l Edition> {
        self.editions
            .get(self.edition_ix)
            .and_then(|id| lib.get(id))
    }

    /// The text input of a text field.
    pub fn input(&self, field: Field) -> Option<&LineInput> {
        Some(match field {
            Field::Name => &self.name,
            Field::Prefecture => &self.prefecture,
            Field::Officer => &self.officer,
            Field::InstitutionCode => &self.institution_code,
            Field::Beds => &self.beds,
            Field::Founder => &self.founder,
            Field::FiscalYear => &self.fiscal_year,
            _ => return None,
        })
    }

    pub fn parsed_fiscal_year(&self) -> Option<i16> {
        halfwidth(self.fiscal_year.text().trim())
            .parse::<i16>()
            .ok()
            .filter(|fy| (2000..=2100).contains(fy))
    }

    /// Recompute what depends on the kind, edition and year.
    fn refresh(&mut self, lib: &Library) {
        let form = self.kind.own_form();
        let current = self.editions.get(self.edition_ix).cloned();
        let fy = self.parsed_fiscal_year();
        let mut eds: Vec<&Edition> = lib
            .all()
            .iter()
            .map(|l| &l.edition)
            .filter(|e| e.form == form)
            .filter(|e| fy.is_none_or(|fy| lib.newer_than(e, fy).is_none()))
            .collect();
        eds.sort_by_key(|e| std::cmp::Reverse(e.fiscal_year));
        self.editions = eds.iter().map(|e| e.id.clone()).collect();
        self.edition_ix = current
            .and_then(|c| self.editions.iter().position(|e| *e == c))
            .unwrap_or(0);
        self.carry_from = match (self.edition(lib), self.parsed_fiscal_year()) {
            (Some(e), Some(fy)) => workflow::carry_source(lib, &self.sheets, e, fy).cloned(),
            _ => None,
        };
    }

    fn step(&mut self, forward: bool) {
        let fields = self.fields();
        let pos = fields.iter().position(|f| *f == self.field).unwrap_or(0);
        let next = if forward {
            (pos + 1).min(fields.len() - 1)
        } else {
            pos.saturating_sub(1)
        };
        self.field = fields[next];
    }

    fn cycle(&mut self, lib: &Library, forward: bool) {
        match self.field {
            Field::Kind => {
                let all = FacilityKind::ALL;
                let pos = all.iter().position(|k| *k == self.kind).unwrap_or(0);
                let n = all.len();
                self.kind = all[if forward {
                    (pos + 1) % n
                } else {
                    (pos + n - 1) % n
                }];
            }
            Field::Contracts => self.vendor_contracts = !self.vendor_contracts,
            Field::Carry => self.carry = !self.carry,
            Field::Edition if !self.editions.is_empty() => {
                let n = self.editions.len();
                self.edition_ix = if forward {
                    (self.edition_ix + 1) % n
                } else {
                    (self.edition_ix + n - 1) % n
                };
            }
            _ => return,
        }
        self.dirty = true;
        self.refresh(lib);
    }

    fn on_key(&mut self, key: KeyEvent, lib: &Library) -> SetupOutcome {
        self.error = None;
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        match key.code {
            KeyCode::Esc => return SetupOutcome::Cancel,
            KeyCode::Down => self.step(true),
            KeyCode::Up => self.step(false),
            KeyCode::Tab if !shift => self.step(true),
            KeyCode::BackTab | KeyCode::Tab => self.step(false),
            KeyCode::Enter if self.field == Field::Start => return SetupOutcome::Submit,
            KeyCode::Enter => self.step(true),
            KeyCode::Left if !self.field.is_text() => self.cycle(lib, false),
            KeyCode::Right | KeyCode::Char(' ') if !self.field.is_text() => self.cycle(lib, true),
            _ => {
                let input = match self.field {
                    Field::Name => &mut self.name,
                    Field::Prefecture => &mut self.prefecture,
                    Field::Officer => &mut self.officer,
                    Field::InstitutionCode => &mut self.institution_code,
                    Field::Beds => &mut self.beds,
                    Field::Founder => &mut self.founder,
                    Field::FiscalYear => &mut self.fiscal_year,
                    _ => return SetupOutcome::Continue,
                };
                let before = input.clone();
                edit_line(input, key);
                if *input != before {
                    self.dirty = true;
                    if self.field == Field::FiscalYear {
                        self.refresh(lib);
                    }
                }
            }
        }
        SetupOutcome::Continue
    }

    /// Save the facility and open (or start) the sheet. Returns the sheet and a message.
    fn apply(
        &mut self,
        store: &mut Store,
        lib: &Library,
        lang: Lang,
        actor: &str,
        today: Date,
    ) -> Result<(Sheet, String), String> {
        let name = self.name.text().trim().to_string();
        if name.is_empty() {
            self.field = Field::Name;
            return Err(tr!(lang, "tui.setup.name_required").to_string());
        }
        let optional = |s: &LineInput| {
            let t = s.text().trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        let prefecture = optional(&self.prefecture);
        // The command line's checks, in its words (`text::facility`).
        let institution_code = match optional(&self.institution_code) {
            None => None,
            Some(raw) => match parse_institution_code(&raw, self.kind, prefecture.as_deref()) {
                Ok(code) => Some(code),
                Err(e) => {
                    self.field = Field::InstitutionCode;
                    return Err(institution_code_message(lang, &raw, self.kind, &e));
                }
            },
        };
        let beds = match optional(&self.beds) {
            None => None,
            Some(raw) => {
                let Ok(beds) = halfwidth(&raw).parse::<u32>() else {
                    self.field = Field::Beds;
                    return Err(tr!(lang, "tui.setup.bad_beds", input = raw));
                };
                if let Err(e) = check_beds(self.kind, beds) {
                    self.field = Field::Beds;
                    return Err(beds_message(lang, beds, e));
                }
                Some(beds)
            }
        };
        let Some(fy) = self.parsed_fiscal_year() else {
            self.field = Field::FiscalYear;
            return Err(tr!(
                lang,
                "tui.setup.bad_fy",
                input = self.fiscal_year.text()
            ));
        };
        let Some(edition) = self.edition(lib) else {
            return Err(tr!(lang, "tui.setup.no_edition").to_string());
        };
        let sheets = store.sheets().map_err(|e| store_error(lang, &e))?;
        let existing = sheets
            .iter()
            .find(|s| s.edition_id == edition.id && s.fiscal_year == fy);
        // The command line's checks for a new sheet, before anything is saved; an older edition
        // is never the form's choice.
        if existing.is_none()
            && let Err(r) = check_new_sheet(fy, today, lib.newer_than(edition, fy), false)
        {
            self.field = Field::FiscalYear;
            return Err(sheet_refusal_message(lang, &r, edition, fy));
        }
        let facility = Facility {
            name,
            kind: self.kind,
            prefecture,
            manager: self.manager.clone(),
            security_officer: optional(&self.officer),
            vendor_contracts: self.vendor_contracts,
            institution_code,
            beds,
            founder: optional(&self.founder),
        };
        store
            .save_facility(&facility, actor)
            .map_err(|e| store_error(lang, &e))?;
        if let Some(existing) = existing {
            return Ok((
                existing.clone(),
                tr!(lang, "tui.setup.opened", sheet = existing.key()),
            ));
        }
        let from = if self.carry {
            self.carry_from.clone()
        } else {
            None
        };
        match workflow::start_sheet(store, lib, lang, edition, fy, from.as_ref(), actor) {
            Ok((sheet, carried)) => {
                let mut msg = tr!(
                    lang,
                    "tui.setup.started",
                    title = format!(
                        "{} {}",
                        crate::text::form_label(lang, edition.form),
                        edition.edition.to_uppercase()
                    ),
                    fy = format_fiscal_year(fy)
                );
                if from.is_some() {
                    msg.push_str(&tr!(lang, "sheet.carried", count = carried));
                }
                Ok((sheet, msg))
            }
            Err(e) => match e.downcast_ref::<StoreError>() {
                Some(se) => Err(store_error(lang, se)),
                None => Err(e.to_string()),
            },
        }
    }
}

impl Screen for Setup {
    fn id(&self) -> ScreenId {
        ScreenId::Setup
    }

    fn hotkey(&self) -> Option<char> {
        Some('S')
    }

    fn focus(&self) -> KeyFocus {
        KeyFocus::Typing
    }

    /// `S`: a fresh form for the next sheet, with the facility as stored now (the command line
    /// may have changed it since the sheet was opened).
    fn on_show(&mut self, s: &mut Session) {
        let sheets = s.store.sheets().unwrap_or_default();
        let facility = match s.store.facility() {
            Ok(Some(f)) => Some(f),
            _ => s.open.as_ref().map(|o| o.facility.clone()),
        };
        *self = Setup::new(&s.lib, facility.as_ref(), &sheets, s.today);
    }

    fn handle_key(&mut self, key: KeyEvent, s: &mut Session) {
        let had_sheet = s.open.is_some();
        match self.on_key(key, &s.lib) {
            SetupOutcome::Continue => {}
            SetupOutcome::Cancel => {
                if had_sheet {
                    s.show(ScreenId::Dashboard);
                } else if self.dirty {
                    s.confirm_quit();
                } else {
                    s.quit();
                }
            }
            SetupOutcome::Submit => {
                match self.apply(&mut s.store, &s.lib, s.lang, &s.actor, s.today) {
                    Ok((sheet, message)) => {
                        self.dirty = false;
                        match s.load(sheet) {
                            // Where the form's last line says it goes: the checklist.
                            Ok(()) => {
                                s.show(ScreenId::Checklist);
                                s.info(message);
                            }
                            Err(e) => s.error(e),
                        }
                    }
                    Err(e) => self.error = Some(e),
                }
            }
        }
    }

    fn has_unfinished_edit(&self) -> bool {
        self.dirty
    }

    fn key_hints(&self, lang: Lang) -> Vec<(&'static str, &'static str)> {
        vec![
            ("↑↓", tr!(lang, "tui.key.field")),
            ("←→", tr!(lang, "tui.key.choose")),
            ("Enter", tr!(lang, "tui.key.next")),
            ("Esc", tr!(lang, "tui.key.quit")),
        ]
    }

    fn draw(&self, s: &Session, frame: &mut Frame, area: Rect) -> Option<Position> {
        view::draw_form(self, s, frame, area)
    }
}
