//! The 台帳 screen: the typed ledger with what collectors and scans observed, and where they
//! disagree (checklist 2(1)).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{fit, pad};
use crate::i18n::Lang;
use crate::model::asset::{AssetKind, LedgerRow};
use crate::tr;
use crate::tui::app::{App, LedgerSort};

fn kind_word(lang: Lang, k: AssetKind) -> &'static str {
    match lang {
        Lang::Ja => k.label_ja(),
        Lang::En => k.as_str(),
    }
}

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    let lang = app.lang;
    let Some(all) = &app.ledger else {
        let text = if app.ledger_loading {
            tr!(lang, "tui.ledger.loading")
        } else {
            tr!(lang, "tui.ledger.not_loaded")
        };
        let block = Block::bordered().title(format!(" {} ", tr!(lang, "tui.ledger.title")));
        frame.render_widget(Paragraph::new(text).block(block), body);
        return;
    };
    let order = app.ledger_rows();
    let st = &app.ledger_state;
    let (list_area, detail_area) = if st.detail {
        let [l, d] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
        (l, Some(d))
    } else {
        (body, None)
    };
    let sort = match st.sort {
        LedgerSort::ControlNo => tr!(lang, "tui.ledger.no"),
        LedgerSort::Kind => tr!(lang, "tui.ledger.kind"),
        LedgerSort::ComputerName => tr!(lang, "tui.ledger.computer"),
        LedgerSort::Ip => tr!(lang, "tui.ledger.ip"),
        LedgerSort::Disagreements => tr!(lang, "tui.ledger.disagreements"),
    };
    let differing = all.iter().filter(|r| !r.disagreements.is_empty()).count();
    let mut title = tr!(
        lang,
        "tui.ledger.list_title",
        shown = order.len(),
        total = all.len(),
        differing = differing,
        sort = sort
    );
    if !st.filter.is_empty() {
        title.push_str(&format!(" [/{}]", st.filter));
    }
    let block = Block::bordered().title(format!(" {} ", fit(&title, list_area.width as usize - 4)));
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let width = inner.width as usize;
    let (no_w, kind_w, name_w, ip_w, loc_w) = (10, 10, 14, 15, 10);
    let os_w = width.saturating_sub(no_w + kind_w + name_w + ip_w + loc_w + 7);
    let cells = |no: &str, kind: &str, name: &str, ip: &str, os: &str, loc: &str| {
        format!(
            "{} {} {} {} {} {}",
            pad(no, no_w),
            pad(kind, kind_w),
            pad(name, name_w),
            pad(ip, ip_w),
            pad(os, os_w),
            pad(loc, loc_w)
        )
    };
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "  {}",
            cells(
                tr!(lang, "tui.ledger.no"),
                tr!(lang, "tui.ledger.kind"),
                tr!(lang, "tui.ledger.computer"),
                tr!(lang, "tui.ledger.ip"),
                "OS",
                tr!(lang, "tui.ledger.location"),
            )
        ),
        Style::new().add_modifier(Modifier::UNDERLINED),
    ))];
    if all.is_empty() {
        lines.push(Line::raw(tr!(lang, "tui.ledger.empty")));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let offset = st.selected.saturating_sub(height.saturating_sub(1));
    for (pos, &i) in order.iter().enumerate().skip(offset).take(height) {
        let r = &all[i];
        let f = &r.asset.fields;
        let (mark, mark_style) = if !r.disagreements.is_empty() {
            (
                "! ",
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            )
        } else if f.retired_on.is_some() {
            ("× ", Style::new().fg(Color::DarkGray))
        } else if r.latest.is_some() {
            ("✓ ", Style::new().fg(Color::Green))
        } else {
            ("  ", Style::new())
        };
        let style = if pos == st.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(mark, mark_style),
            Span::styled(
                cells(
                    &f.control_no,
                    kind_word(lang, f.kind),
                    &f.computer_name,
                    &f.ip,
                    &f.os,
                    &f.location,
                ),
                style,
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let (Some(area), Some(row)) = (detail_area, app.selected_asset()) {
        render_detail(lang, frame, area, row);
    }
}

fn render_detail(lang: Lang, frame: &mut Frame, area: Rect, r: &LedgerRow) {
    let f = &r.asset.fields;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let field = |label: &str, v: &str| {
        Line::from(vec![
            Span::styled(format!("{label}: "), bold),
            Span::raw(if v.is_empty() {
                "—".to_string()
            } else {
                v.to_string()
            }),
        ])
    };
    let mut lines = vec![
        field(tr!(lang, "tui.ledger.maker"), &f.maker),
        field("OS", &f.os),
        field(
            tr!(lang, "tui.ledger.software"),
            &format!("{} {}", f.software, f.software_version),
        ),
        field("MAC", &f.mac),
        field(tr!(lang, "tui.ledger.user"), &f.user),
        field(tr!(lang, "tui.ledger.status"), &f.status),
        field(
            tr!(lang, "tui.ledger.registered"),
            &f.registered_on.map(|d| d.to_string()).unwrap_or_default(),
        ),
        field(tr!(lang, "tui.ledger.description"), &f.description),
        Line::raw(""),
    ];
    match &r.latest {
        None => lines.push(Line::from(Span::styled(
            tr!(lang, "tui.ledger.never_seen"),
            Style::new().fg(Color::Yellow),
        ))),
        Some(o) => {
            lines.push(Line::from(Span::styled(
                tr!(
                    lang,
                    "tui.ledger.observed",
                    source = o.source.as_str(),
                    at = o.observed_at,
                    count = r.observation_ids.len()
                ),
                bold,
            )));
            lines.push(field(tr!(lang, "tui.ledger.computer"), &o.computer_name));
            lines.push(field("OS", &o.os));
            lines.push(field(
                tr!(lang, "tui.ledger.maker"),
                &format!("{} {} {}", o.maker, o.model, o.serial),
            ));
            lines.push(field(tr!(lang, "tui.ledger.ip"), &o.ips.join(", ")));
            lines.push(field("MAC", &o.macs.join(", ")));
        }
    }
    for d in &r.disagreements {
        lines.push(Line::from(Span::styled(
            tr!(
                lang,
                "tui.ledger.disagreement",
                field = d.field,
                ledger = d.ledger,
                observed = d.observed
            ),
            Style::new().fg(Color::Red),
        )));
    }
    let block = Block::bordered().title(format!(" {} {} ", f.control_no, f.computer_name));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
