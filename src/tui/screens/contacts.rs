//! The 連絡体制 screen (item 3(1)): who is called, in which order, and which bodies the item
//! names are still missing. The report draws the same list as the 連絡体制図. Owns the list, the
//! add form, the removal question, and the view.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{KeyFocus, Screen};
use crate::i18n::Lang;
use crate::model::contacts::{Contact, Role, missing_named_roles};
use crate::model::limits::check_contact;
use crate::model::wareki::halfwidth;
use crate::store::NewContact;
use crate::text::{role_label, store_error, too_long_message};
use crate::tr;
use crate::tui::session::{Event, ScreenId, Session};
use crate::tui::widgets::dialog::confirm;
use crate::tui::widgets::form::{self, Form, FormField, FormOutcome};
use crate::tui::widgets::table::{first_shown, header};
use crate::tui::widgets::text::{fit, pad};

/// A dialog over the list; it takes every key until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Add(Form),
    /// Take contact `id` off the chart?
    ConfirmRemove {
        id: i64,
    },
}

#[derive(Debug, Default)]
pub struct Contacts {
    /// The 連絡体制, in escalation order.
    pub contacts: Vec<Contact>,
    pub selected: usize,
    pub dialog: Option<Dialog>,
}

impl Contacts {
    /// Read the list again from the store.
    fn load(&mut self, s: &mut Session) {
        match s.store.contacts() {
            Ok(contacts) => self.set(contacts),
            Err(e) => s.error(store_error(s.lang, &e)),
        }
    }

    /// Show `contacts`, in escalation order.
    fn set(&mut self, mut contacts: Vec<Contact>) {
        contacts.sort_by_key(|c| (c.order, !c.role.is_internal(), c.role, c.id));
        self.selected = self.selected.min(contacts.len().saturating_sub(1));
        self.contacts = contacts;
    }

    /// The contacts changed: read them again, and reassess the open sheet, whose 3(1) verdict
    /// depends on them.
    fn contacts_changed(&mut self, s: &mut Session) {
        self.load(s);
        s.reload();
    }

    fn on_command_key(&mut self, key: KeyEvent, s: &mut Session) {
        let lang = s.lang;
        let n = self.contacts.len();
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.selected = self.selected.saturating_sub(1);
            }
            KeyCode::Char('a') => {
                let roles: Vec<String> = Role::ALL
                    .iter()
                    .map(|r| role_label(lang, *r).to_string())
                    .collect();
                let fields = vec![
                    FormField::choice(tr!(lang, "tui.contacts.role"), roles, 0),
                    FormField::text(tr!(lang, "tui.contacts.name"), ""),
                    FormField::text(tr!(lang, "tui.contacts.org"), ""),
                    FormField::text(tr!(lang, "tui.contacts.system"), ""),
                    FormField::text(tr!(lang, "tui.contacts.phone"), ""),
                    FormField::text(tr!(lang, "tui.contacts.email"), ""),
                    FormField::text(tr!(lang, "tui.contacts.order"), ""),
                ];
                self.dialog = Some(Dialog::Add(Form::new(
                    tr!(lang, "tui.contacts.add_title").to_string(),
                    fields,
                )));
            }
            KeyCode::Char('D') | KeyCode::Delete => {
                if let Some(c) = self.contacts.get(self.selected) {
                    self.dialog = Some(Dialog::ConfirmRemove { id: c.id });
                }
            }
            KeyCode::Esc => s.show(ScreenId::Dashboard),
            _ => {}
        }
    }

    fn on_dialog_key(&mut self, dialog: Dialog, key: KeyEvent, s: &mut Session) {
        let lang = s.lang;
        match dialog {
            Dialog::Add(mut form) => match form.on_key(key) {
                FormOutcome::Continue => self.dialog = Some(Dialog::Add(form)),
                FormOutcome::Cancel => s.info(tr!(lang, "tui.cancelled").to_string()),
                FormOutcome::Submit => self.submit(s, form),
            },
            Dialog::ConfirmRemove { id } => {
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    match s.store.remove_contact(id, &s.actor) {
                        Ok(Some(c)) => {
                            self.contacts_changed(s);
                            s.info(tr!(
                                lang,
                                "contacts.removed",
                                id = c.id,
                                role = role_label(lang, c.role),
                                name = c.name
                            ));
                        }
                        Ok(None) => {}
                        Err(e) => s.error(store_error(lang, &e)),
                    }
                } else {
                    s.info(tr!(lang, "tui.cancelled").to_string());
                }
            }
        }
    }

    /// Store the contact the form describes; on a refusal the form stays open with the reason.
    fn submit(&mut self, s: &mut Session, mut form: Form) {
        let lang = s.lang;
        let get = |i: usize| {
            form.fields
                .get(i)
                .map(FormField::text_value)
                .unwrap_or_default()
        };
        let role = Role::ALL
            .get(form.fields.first().map_or(0, FormField::choice_index))
            .copied()
            .unwrap_or(Role::Other);
        let name = get(1);
        let opt = |s: String| (!s.is_empty()).then_some(s);
        let order_text = halfwidth(&get(6));
        let order = if order_text.is_empty() {
            Ok(role.default_order())
        } else {
            order_text
                .parse::<u32>()
                .ok()
                .filter(|o| (1..=99).contains(o))
                .ok_or_else(|| tr!(lang, "contacts.bad_order", order = order_text))
        };
        let too_long = check_contact(
            &name,
            Some(get(2).as_str()),
            Some(get(3).as_str()),
            Some(get(4).as_str()),
            Some(get(5).as_str()),
        );
        let refusal = if name.is_empty() {
            Some(tr!(lang, "contacts.empty_name").to_string())
        } else if let Err(e) = too_long {
            // Said in the form, which stays open with what was typed.
            Some(too_long_message(lang, &e))
        } else {
            order.as_ref().err().cloned()
        };
        if let Some(e) = refusal {
            form.error = Some(e);
            self.dialog = Some(Dialog::Add(form));
            return;
        }
        let order = order.unwrap_or(role.default_order());
        let new = NewContact {
            role,
            name: name.clone(),
            org: opt(get(2)),
            system: opt(get(3)),
            phone: opt(get(4)),
            email: opt(get(5)),
            order,
        };
        match s.store.add_contact(&new, &s.actor) {
            Ok(id) => {
                self.contacts_changed(s);
                if let Some(ix) = self.contacts.iter().position(|c| c.id == id) {
                    self.selected = ix;
                }
                s.info(tr!(
                    lang,
                    "contacts.added",
                    id = id,
                    role = role_label(lang, role),
                    name = name,
                    order = order
                ));
            }
            Err(e) => s.error(store_error(lang, &e)),
        }
    }
}

impl Screen for Contacts {
    fn id(&self) -> ScreenId {
        ScreenId::Contacts
    }

    fn hotkey(&self) -> Option<char> {
        Some('4')
    }

    fn focus(&self) -> KeyFocus {
        if self.dialog.is_some() {
            KeyFocus::Dialog
        } else {
            KeyFocus::Commands
        }
    }

    fn handle_key(&mut self, key: KeyEvent, s: &mut Session) {
        match self.dialog.take() {
            Some(dialog) => self.on_dialog_key(dialog, key, s),
            None => self.on_command_key(key, s),
        }
    }

    /// The list is read with the sheet (at start, after setup, after each answer), so changes
    /// made meanwhile with `kensa contacts` show up, and the list is the one the verdict used.
    fn on_event(&mut self, event: &Event, s: &mut Session) {
        if *event == Event::SheetLoaded {
            match &s.open {
                Some(open) => self.set(open.contacts.clone()),
                None => self.load(s),
            }
        }
    }

    fn has_unfinished_edit(&self) -> bool {
        matches!(&self.dialog, Some(Dialog::Add(form)) if form.has_unfinished_edit())
    }

    fn close_dialog(&mut self) {
        self.dialog = None;
    }

    fn key_hints(&self, lang: Lang) -> Vec<(&'static str, &'static str)> {
        vec![
            ("↑↓", tr!(lang, "tui.key.move")),
            ("a", tr!(lang, "tui.key.add")),
            ("D", tr!(lang, "tui.key.remove")),
            ("1", tr!(lang, "tui.key.dashboard")),
            ("?", tr!(lang, "tui.key.help")),
            ("q", tr!(lang, "tui.key.quit")),
        ]
    }

    fn draw(&self, s: &Session, frame: &mut Frame, area: Rect) -> Option<Position> {
        let lang = s.lang;
        draw_list(self, lang, frame, area);
        match &self.dialog {
            None => None,
            Some(Dialog::Add(form)) => form::draw(lang, frame, area, form),
            Some(Dialog::ConfirmRemove { id }) => {
                let name = self
                    .contacts
                    .iter()
                    .find(|c| c.id == *id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                confirm(
                    frame,
                    area,
                    70,
                    tr!(lang, "tui.key.remove"),
                    &tr!(lang, "tui.contacts.confirm_remove", name = name),
                    tr!(lang, "tui.confirm_yes_no"),
                );
                None
            }
        }
    }
}

fn draw_list(st: &Contacts, lang: Lang, frame: &mut Frame, body: Rect) {
    let missing = missing_named_roles(&st.contacts);
    let [top, list] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(body);
    let (text, style) = if missing.is_empty() {
        (
            tr!(lang, "tui.contacts.complete").to_string(),
            Style::new().fg(Color::Green),
        )
    } else {
        let names: Vec<&str> = missing.iter().map(|r| role_label(lang, *r)).collect();
        (
            tr!(lang, "tui.contacts.missing", roles = names.join("・")),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        )
    };
    let block = Block::bordered().title(format!(" {} ", tr!(lang, "tui.contacts.title")));
    let inner = block.inner(top);
    frame.render_widget(block, top);
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&text, inner.width as usize), style)),
        inner,
    );

    let block = Block::bordered().title(format!(
        " {} ({}) ",
        tr!(lang, "tui.contacts.list"),
        st.contacts.len()
    ));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    let width = inner.width as usize;
    let (order_w, role_w, name_w, phone_w) = (4, 16, 18, 15);
    let rest_w = width.saturating_sub(order_w + role_w + name_w + phone_w + 4);
    let mut lines = vec![header(format!(
        "{} {} {} {} {}",
        pad(tr!(lang, "tui.contacts.order_short"), order_w),
        pad(tr!(lang, "tui.contacts.role"), role_w),
        pad(tr!(lang, "tui.contacts.name"), name_w),
        pad(tr!(lang, "tui.contacts.phone"), phone_w),
        pad(tr!(lang, "tui.contacts.org"), rest_w)
    ))];
    if st.contacts.is_empty() {
        lines.push(Line::raw(tr!(lang, "tui.contacts.empty")));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let offset = first_shown(st.selected, height);
    for (i, c) in st.contacts.iter().enumerate().skip(offset).take(height) {
        let org = match (&c.org, &c.system) {
            (Some(o), Some(s)) => format!("{o}（{s}）"),
            (Some(o), None) => o.clone(),
            (None, Some(s)) => format!("（{s}）"),
            (None, None) => String::new(),
        };
        let text = format!(
            "{} {} {} {} {}",
            pad(&c.order.to_string(), order_w),
            pad(role_label(lang, c.role), role_w),
            pad(&c.name, name_w),
            pad(c.phone.as_deref().unwrap_or("—"), phone_w),
            fit(&org, rest_w)
        );
        let style = if i == st.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else if c.role.is_internal() {
            Style::new()
        } else {
            Style::new().fg(Color::Cyan)
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
