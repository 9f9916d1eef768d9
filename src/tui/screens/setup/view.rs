//! The setup form's view: the fields, the start button, the selected field's hint and the last
//! refusal. On a short terminal the blank spacer lines go first, then the intro, so the fields,
//! the button and the refusal always show at 80×24.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Field, Setup};
use crate::i18n::Lang;
use crate::model::checklist::calendar_year;
use crate::model::wareki::format_fiscal_year;
use crate::text::{form_label, kind_label};
use crate::tr;
use crate::tui::session::Session;
use crate::tui::widgets::dialog::centered;
use crate::tui::widgets::text::{fit, pad, wrap};

/// Columns of the label before each value.
const LABEL_W: usize = 20;

pub(super) fn draw_form(
    form: &Setup,
    s: &Session,
    frame: &mut Frame,
    body: Rect,
) -> Option<Position> {
    let lang = s.lang;
    let area = centered(body, 78, body.height);
    let block = Block::bordered().title(format!(" {} ", tr!(lang, "tui.setup.title")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;

    let intro: Vec<Line> = wrap(tr!(lang, "tui.setup.intro"), width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, Style::new().fg(Color::Gray))))
        .collect();
    let (fields, cursor_row) = field_lines(form, s, width);
    // kensa proposes R7 for 令和8年度 only out loud: the official edition and how to import it.
    let notice: Vec<Line> = match (form.edition(&s.lib), form.parsed_fiscal_year()) {
        (Some(e), Some(fy)) => crate::text::editions::proposal_lines(lang, &s.lib, e, fy),
        _ => Vec::new(),
    }
    .iter()
    .flat_map(|l| wrap(l, width))
    .map(|l| Line::from(Span::styled(l, Style::new().fg(Color::Yellow))))
    .collect();
    let hint: Vec<Line> = wrap(hint(lang, form.field), width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, Style::new().fg(Color::Cyan))))
        .collect();
    let error: Vec<Line> = form
        .error
        .iter()
        .flat_map(|e| wrap(e, width))
        .map(|l| {
            Line::from(Span::styled(
                l,
                Style::new().fg(Color::White).bg(Color::Red),
            ))
        })
        .collect();

    // What must show: the fields, the button, the refusal. Then, as room allows, the hint, the
    // intro, and up to three spacers (before the button, after the intro, after the button).
    let height = inner.height as usize;
    let mut room = height.saturating_sub(fields.len() + notice.len() + 1 + error.len());
    let with_hint = take(&mut room, hint.len());
    let with_intro = take(&mut room, intro.len());
    let spacers = room.min(3);

    let mut lines: Vec<Line> = Vec::new();
    if with_intro {
        lines.extend(intro);
    }
    if spacers >= 2 {
        lines.push(Line::raw(""));
    }
    let fields_top = lines.len();
    lines.extend(fields);
    lines.extend(notice);
    if spacers >= 1 {
        lines.push(Line::raw(""));
    }
    lines.push(start_button(lang, form.field == Field::Start));
    if spacers >= 3 {
        lines.push(Line::raw(""));
    }
    if with_hint {
        lines.extend(hint);
    }
    lines.extend(error);
    frame.render_widget(Paragraph::new(lines), inner);

    let input = form.input(form.field)?;
    let x = inner.x + (LABEL_W + 5) as u16 + input.cursor_columns();
    let y = inner.y + (fields_top + cursor_row?) as u16;
    (x < inner.right() && y < inner.bottom()).then_some(Position { x, y })
}

/// Whether `lines` more fit in `room`; if so they are taken from it.
fn take(room: &mut usize, lines: usize) -> bool {
    let fits = lines <= *room;
    if fits {
        *room -= lines;
    }
    fits
}

/// One line per field (the button apart), and which of them is the selected text field.
fn field_lines(form: &Setup, s: &Session, width: usize) -> (Vec<Line<'static>>, Option<usize>) {
    let lang = s.lang;
    let value_w = width.saturating_sub(LABEL_W + 3);
    let edition = form.edition(&s.lib);
    let mut lines = Vec::new();
    let mut cursor_row = None;
    for field in form.fields() {
        if field == Field::Start {
            continue;
        }
        let selected = field == form.field;
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
            _ => format!(
                "  {}",
                form.input(field).map(|i| i.text()).unwrap_or_default()
            ),
        };
        let marker = if selected { "▶ " } else { "  " };
        let label_style = if selected {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let (shown, value_style) = if field.is_text() {
            (
                pad(&value, value_w.min(40)),
                Style::new().add_modifier(Modifier::UNDERLINED),
            )
        } else {
            (fit(&value, value_w), Style::new())
        };
        if selected && field.is_text() {
            cursor_row = Some(lines.len());
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!("{marker}{}", pad(label(lang, field), LABEL_W)),
                label_style,
            ),
            Span::raw(" "),
            Span::styled(shown, value_style),
        ]));
    }
    (lines, cursor_row)
}

fn start_button(lang: Lang, selected: bool) -> Line<'static> {
    let button = format!("［ {} ］", tr!(lang, "tui.setup.start"));
    let style = if selected {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    Line::from(vec![
        Span::raw(" ".repeat(LABEL_W + 3)),
        Span::styled(button, style),
    ])
}

fn label(lang: Lang, field: Field) -> &'static str {
    match field {
        Field::Name => tr!(lang, "tui.setup.name"),
        Field::Kind => tr!(lang, "tui.setup.kind"),
        Field::Prefecture => tr!(lang, "tui.setup.prefecture"),
        Field::Contracts => tr!(lang, "tui.setup.contracts"),
        Field::Officer => tr!(lang, "tui.setup.officer"),
        Field::InstitutionCode => tr!(lang, "tui.setup.institution_code"),
        Field::Beds => tr!(lang, "tui.setup.beds"),
        Field::Founder => tr!(lang, "tui.setup.founder"),
        Field::Edition => tr!(lang, "tui.setup.edition"),
        Field::FiscalYear => tr!(lang, "tui.setup.fiscal_year"),
        Field::Carry => tr!(lang, "tui.setup.carry"),
        Field::Start => "",
    }
}

fn hint(lang: Lang, field: Field) -> &'static str {
    match field {
        Field::Name => tr!(lang, "tui.setup.hint_name"),
        Field::Kind => tr!(lang, "tui.setup.hint_kind"),
        Field::Prefecture => tr!(lang, "tui.setup.hint_prefecture"),
        Field::Contracts => tr!(lang, "tui.setup.hint_contracts"),
        Field::Officer => tr!(lang, "tui.setup.hint_officer"),
        Field::InstitutionCode => tr!(lang, "tui.setup.hint_institution_code"),
        Field::Beds => tr!(lang, "tui.setup.hint_beds"),
        Field::Founder => tr!(lang, "tui.setup.hint_founder"),
        Field::Edition => tr!(lang, "tui.setup.hint_edition"),
        Field::FiscalYear => tr!(lang, "tui.setup.hint_fiscal_year"),
        Field::Carry => tr!(lang, "tui.setup.hint_carry"),
        Field::Start => tr!(lang, "tui.setup.hint_start"),
    }
}
