//! The setup screen: the first-run form (the facility, and the sheet to start: edition, 年度,
//! carry-over), shown again by `S` to start another year's sheet. Owns the form's state, its
//! keys, saving it, and its view.

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{KeyFocus, Screen};
use crate::editions::Library;
use crate::i18n::Lang;
use crate::model::checklist::{Edition, calendar_year};
use crate::model::entry::check_new_sheet;
use crate::model::facility::{Facility, FacilityKind};
use crate::model::wareki::{fiscal_year_of, format_fiscal_year, halfwidth};
use crate::store::{Sheet, Store, StoreError};
use crate::text::{form_label, kind_label, sheet_refusal_message, store_error};
use crate::tui::session::{ScreenId, Session};
use crate::tui::widgets::dialog::centered;
use crate::tui::widgets::input::{LineInput, edit_line};
use crate::tui::widgets::text::{fit, pad, wrap};
use crate::{tr, workflow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Kind,
    Prefecture,
    Contracts,
    Officer,
    Edition,
    FiscalYear,
    Carry,
    Start,
}

impl Field {
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Field::Name | Field::Prefecture | Field::Officer | Field::FiscalYear
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
        let optional = |s: &LineInput| {
            let t = s.text().trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        // Fields the form does not show yet are kept as stored.
        let kept = store.facility().ok().flatten();
        let facility = Facility {
            name,
            kind: self.kind,
            prefecture: optional(&self.prefecture),
            manager: self.manager.clone(),
            security_officer: optional(&self.officer),
            vendor_contracts: self.vendor_contracts,
            institution_code: kept.as_ref().and_then(|f| f.institution_code.clone()),
            beds: kept.as_ref().and_then(|f| f.beds),
            founder: kept.and_then(|f| f.founder),
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

    /// `S`: a fresh form for the next sheet, with the open sheet's facility.
    fn on_show(&mut self, s: &mut Session) {
        let sheets = s.store.sheets().unwrap_or_default();
        let facility = s.open.as_ref().map(|o| o.facility.clone());
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
                            Ok(()) => {
                                s.show(ScreenId::Dashboard);
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
        draw_form(self, s, frame, area)
    }
}

fn draw_form(form: &Setup, s: &Session, frame: &mut Frame, body: Rect) -> Option<Position> {
    let lang = s.lang;
    let area = centered(body, 78, body.height);
    let block = Block::bordered().title(format!(" {} ", tr!(lang, "tui.setup.title")));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let label_w = 20;
    let value_w = (inner.width as usize).saturating_sub(label_w + 3);
    let mut lines: Vec<Line> = Vec::new();
    for l in wrap(tr!(lang, "tui.setup.intro"), inner.width as usize) {
        lines.push(Line::from(Span::styled(l, Style::new().fg(Color::Gray))));
    }
    lines.push(Line::raw(""));
    let mut cursor: Option<Position> = None;
    let edition = form.edition(&s.lib);
    for field in form.fields() {
        let selected = field == form.field;
        let label = match field {
            Field::Name => tr!(lang, "tui.setup.name"),
            Field::Kind => tr!(lang, "tui.setup.kind"),
            Field::Prefecture => tr!(lang, "tui.setup.prefecture"),
            Field::Contracts => tr!(lang, "tui.setup.contracts"),
            Field::Officer => tr!(lang, "tui.setup.officer"),
            Field::Edition => tr!(lang, "tui.setup.edition"),
            Field::FiscalYear => tr!(lang, "tui.setup.fiscal_year"),
            Field::Carry => tr!(lang, "tui.setup.carry"),
            Field::Start => "",
        };
        if field == Field::Start {
            lines.push(Line::raw(""));
            let button = format!("［ {} ］", tr!(lang, "tui.setup.start"));
            let style = if selected {
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(label_w + 3)),
                Span::styled(button, style),
            ]));
            continue;
        }
        let choice = |s: &str| {
            if selected {
                format!("◀ {s} ▶")
            } else {
                format!("  {s}")
            }
        };
        let toggle = |on: bool| {
            let word = if on {
                tr!(lang, "answer.yes")
            } else {
                tr!(lang, "answer.no")
            };
            choice(word)
        };
        let value = match field {
            Field::Name => format!("  {}", form.name.text()),
            Field::Prefecture => format!("  {}", form.prefecture.text()),
            Field::Officer => format!("  {}", form.officer.text()),
            Field::FiscalYear => {
                let fy = form
                    .parsed_fiscal_year()
                    .map(|fy| format!("  （{}）", format_fiscal_year(fy)))
                    .unwrap_or_default();
                format!("  {}{fy}", form.fiscal_year.text())
            }
            Field::Kind => choice(kind_label(lang, form.kind)),
            Field::Contracts => toggle(form.vendor_contracts),
            Field::Carry => {
                let from = form
                    .carry_from
                    .as_ref()
                    .map(|s| s.key())
                    .unwrap_or_default();
                format!("{}  ({from})", toggle(form.carry))
            }
            Field::Edition => choice(&match edition {
                Some(e) => format!(
                    "{} {}（{}版）",
                    form_label(lang, e.form),
                    e.edition.to_uppercase(),
                    format_fiscal_year(calendar_year(e.fiscal_year))
                ),
                None => tr!(lang, "tui.setup.no_edition").to_string(),
            }),
            Field::Start => String::new(),
        };
        let marker = if selected { "▶ " } else { "  " };
        let label_style = if selected {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let value_style = if field.is_text() {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new()
        };
        let shown = if field.is_text() {
            pad(&value, value_w.min(40))
        } else {
            fit(&value, value_w)
        };
        if selected && field.is_text() {
            let input = match field {
                Field::Name => &form.name,
                Field::Prefecture => &form.prefecture,
                Field::Officer => &form.officer,
                _ => &form.fiscal_year,
            };
            let x = inner.x + (label_w + 5) as u16 + input.cursor_columns();
            let y = inner.y + lines.len() as u16;
            if x < inner.right() && y < inner.bottom() {
                cursor = Some(Position { x, y });
            }
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{}", pad(label, label_w)), label_style),
            Span::raw(" "),
            Span::styled(shown, value_style),
        ]));
    }
    lines.push(Line::raw(""));
    let hint = match form.field {
        Field::Name => tr!(lang, "tui.setup.hint_name"),
        Field::Kind => tr!(lang, "tui.setup.hint_kind"),
        Field::Prefecture => tr!(lang, "tui.setup.hint_prefecture"),
        Field::Contracts => tr!(lang, "tui.setup.hint_contracts"),
        Field::Officer => tr!(lang, "tui.setup.hint_officer"),
        Field::Edition => tr!(lang, "tui.setup.hint_edition"),
        Field::FiscalYear => tr!(lang, "tui.setup.hint_fiscal_year"),
        Field::Carry => tr!(lang, "tui.setup.hint_carry"),
        Field::Start => tr!(lang, "tui.setup.hint_start"),
    };
    for l in wrap(hint, inner.width as usize) {
        lines.push(Line::from(Span::styled(l, Style::new().fg(Color::Cyan))));
    }
    if let Some(e) = &form.error {
        for l in wrap(e, inner.width as usize) {
            lines.push(Line::from(Span::styled(
                l,
                Style::new().fg(Color::White).bg(Color::Red),
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    cursor
}
