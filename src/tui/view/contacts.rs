//! The 連絡体制 screen (item 3(1)): who is called, in which order, and which bodies the item
//! names are still missing. The report draws the same list as the 連絡体制図.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{fit, pad};
use crate::model::contacts::missing_named_roles;
use crate::text::role_label;
use crate::tr;
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang;
    let missing = missing_named_roles(&app.contacts);
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
        app.contacts.len()
    ));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    let width = inner.width as usize;
    let (order_w, role_w, name_w, phone_w) = (4, 16, 18, 15);
    let rest_w = width.saturating_sub(order_w + role_w + name_w + phone_w + 4);
    let header = format!(
        "{} {} {} {} {}",
        pad(tr!(lang, "tui.contacts.order_short"), order_w),
        pad(tr!(lang, "tui.contacts.role"), role_w),
        pad(tr!(lang, "tui.contacts.name"), name_w),
        pad(tr!(lang, "tui.contacts.phone"), phone_w),
        pad(tr!(lang, "tui.contacts.org"), rest_w)
    );
    let mut lines = vec![Line::from(Span::styled(
        header,
        Style::new().add_modifier(Modifier::UNDERLINED),
    ))];
    if app.contacts.is_empty() {
        lines.push(Line::raw(tr!(lang, "tui.contacts.empty")));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let offset = app
        .contacts_selected
        .saturating_sub(height.saturating_sub(1));
    for (i, c) in app.contacts.iter().enumerate().skip(offset).take(height) {
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
        let style = if i == app.contacts_selected {
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
