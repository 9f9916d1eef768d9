//! The スキャン screen's view: the settings of the next sweep with its estimate, the sweep's gauge while
//! it runs, then the devices found, which of them the 台帳 lacks and which expose
//! remote-maintenance ports (checklist 2(1), 2(2), 2(8)).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph};

use super::state::{ScanResult, ScanState, Stage};
use crate::i18n::Lang;
use crate::model::scan::{LedgerMatch, Mode, PortState, ScanHost};
use crate::netscan::{Phase, Progress};
use crate::text::scan as scan_text;
use crate::tr;
use crate::tui::widgets::dialog::{centered, popup};
use crate::tui::widgets::table::{first_shown, header, row_style};
use crate::tui::widgets::text::{fit, fit_line, pad, wrap};

/// The pre-flight estimate of a sweep, waiting for `y`.
pub fn draw_confirm(lang: Lang, frame: &mut Frame, body: Rect, preflight: &str) {
    let width = body.width.min(76);
    let inner_w = width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = preflight
        .lines()
        .flat_map(|l| wrap(l, inner_w))
        .map(Line::raw)
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        tr!(lang, "tui.scan.confirm_keys"),
        Style::new().fg(Color::Cyan),
    )));
    let area = centered(body, width, lines.len() as u16 + 2);
    popup(frame, area, tr!(lang, "tui.scan.confirm_title"), lines);
}

pub fn draw(lang: Lang, st: &ScanState, frame: &mut Frame, body: Rect) {
    let [settings, rest] =
        Layout::vertical([Constraint::Length(6), Constraint::Fill(1)]).areas(body);
    render_settings(lang, st, frame, settings);
    if let Some(e) = &st.error {
        message_block(
            frame,
            rest,
            tr!(lang, "tui.scan.cannot_start"),
            e,
            Style::new().fg(Color::Red),
        );
        return;
    }
    match &st.stage {
        Stage::Running {
            passive,
            progress,
            stopping,
            ..
        } => render_progress(lang, frame, rest, *passive, progress.as_ref(), *stopping),
        Stage::Idle => match &st.last {
            Some(result) => render_results(lang, frame, rest, result, st.selected),
            None => message_block(
                frame,
                rest,
                tr!(lang, "tui.scan.title"),
                tr!(lang, "tui.scan.hint"),
                Style::new(),
            ),
        },
    }
}

fn render_settings(lang: Lang, st: &ScanState, frame: &mut Frame, area: Rect) {
    let s = &st.settings;
    let block = Block::bordered().title(format!(" {} ", tr!(lang, "tui.scan.settings")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let none = tr!(lang, "tui.scan.none");
    let yes_no = |b: bool| {
        if b {
            tr!(lang, "tui.scan.yes")
        } else {
            tr!(lang, "tui.scan.no")
        }
    };
    let label = |k: &str| Span::styled(format!("{k}: "), Style::new().fg(Color::Cyan));
    let iface = if s.iface.is_empty() { none } else { &s.iface };
    let mut exclude = if s.exclude.trim().is_empty() {
        none.to_string()
    } else {
        s.exclude.trim().to_string()
    };
    if !s.exclude_file.trim().is_empty() {
        exclude.push_str(&format!(" + {}", s.exclude_file.trim()));
    }
    let community = if s.snmp_community.trim().is_empty() {
        none
    } else {
        s.snmp_community.trim()
    };
    let mut lines = vec![
        Line::from(vec![
            label(tr!(lang, "tui.scan.iface")),
            Span::styled(
                format!("{iface}   "),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            label(tr!(lang, "tui.scan.cidr")),
            Span::styled(s.cidr.clone(), Style::new().add_modifier(Modifier::BOLD)),
        ]),
        Line::from(vec![
            label(tr!(lang, "tui.scan.rate")),
            Span::raw(format!("{}   ", scan_text::rate_label(lang, s.rate))),
            label(tr!(lang, "tui.scan.exclude")),
            Span::raw(exclude),
        ]),
        Line::from(vec![
            label(tr!(lang, "tui.scan.probe")),
            Span::raw(format!("{}   ", yes_no(s.probe))),
            label("SNMP"),
            Span::raw(format!("{community}   ")),
            label(tr!(lang, "tui.scan.add_new")),
            Span::raw(yes_no(s.add_new)),
        ]),
    ];
    // The estimate follows every change of the settings, before anything is sent.
    lines.push(match st.plan(lang) {
        Ok(plan) => {
            let e = plan.estimate(&st.own_addresses());
            Line::from(Span::styled(
                tr!(
                    lang,
                    "tui.scan.estimate",
                    addresses = e.addresses,
                    excluded = e.excluded,
                    packets = e.packets_max,
                    min = format!("{:.1}", e.seconds_min),
                    max = format!("{:.1}", e.seconds_max)
                ),
                Style::new().fg(Color::Green),
            ))
        }
        Err(e) => Line::from(Span::styled(e, Style::new().fg(Color::Red))),
    });
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn message_block(frame: &mut Frame, area: Rect, title: &str, text: &str, style: Style) {
    let block = Block::bordered().title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = text
        .lines()
        .flat_map(|l| wrap(l, inner.width as usize))
        .map(|l| Line::from(Span::styled(l, style)))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn phase_label(lang: Lang, p: Phase) -> &'static str {
    match p {
        Phase::Sweep => tr!(lang, "scan.phase_sweep"),
        Phase::Probe => tr!(lang, "scan.phase_probe"),
        Phase::Snmp => tr!(lang, "scan.phase_snmp"),
    }
}

fn render_progress(
    lang: Lang,
    frame: &mut Frame,
    area: Rect,
    passive: bool,
    progress: Option<&Progress>,
    stopping: bool,
) {
    let [gauge_area, text_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    let (title, ratio, label) = match progress {
        Some(p) => (
            phase_label(lang, p.phase),
            if p.planned == 0 {
                0.0
            } else {
                (p.done as f64 / p.planned as f64).clamp(0.0, 1.0)
            },
            format!("{} / {}", p.done, p.planned),
        ),
        None if passive => (tr!(lang, "tui.scan.phase_neighbours"), 0.0, String::new()),
        None => (tr!(lang, "scan.phase_sweep"), 0.0, String::new()),
    };
    frame.render_widget(
        Gauge::default()
            .block(Block::bordered().title(format!(" {title} ")))
            .gauge_style(Style::new().fg(Color::Cyan).bg(Color::Black))
            .ratio(ratio)
            .label(label),
        gauge_area,
    );
    let mut lines = Vec::new();
    if let Some(p) = progress.filter(|p| p.phase == Phase::Sweep) {
        lines.push(Line::raw(tr!(
            lang,
            "scan.progress_found",
            found = p.found,
            pass = p.pass,
            passes = p.passes
        )));
    }
    lines.push(Line::raw(""));
    lines.push(if stopping {
        Line::from(Span::styled(
            tr!(lang, "tui.scan.stopping"),
            Style::new().fg(Color::Yellow),
        ))
    } else {
        Line::from(Span::styled(
            tr!(lang, "tui.scan.stop_hint"),
            Style::new().fg(Color::Cyan),
        ))
    });
    let width = text_area.width as usize;
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    frame.render_widget(Paragraph::new(lines), text_area);
}

fn render_results(lang: Lang, frame: &mut Frame, area: Rect, r: &ScanResult, selected: usize) {
    let hosts = &r.report.hosts;
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(5)]).areas(area);
    let new = r.stored.matches.iter().filter(|m| !m.in_ledger()).count();
    let remote = hosts
        .iter()
        .filter(|h| h.open_ports().next().is_some())
        .count();
    let title = match r.report.mode {
        Mode::Active => tr!(
            lang,
            "tui.scan.results",
            found = hosts.len(),
            new = new,
            remote = remote
        ),
        Mode::Passive => tr!(
            lang,
            "tui.scan.results_passive",
            found = hosts.len(),
            new = new,
            remote = remote
        ),
    };
    let block = Block::bordered().title(format!(
        " {} ",
        fit(&title, list_area.width.saturating_sub(4) as usize)
    ));
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let width = inner.width as usize;
    // The 台帳 column holds a 管理番号 or "not in the ledger", whole.
    let ledger_w =
        unicode_width::UnicodeWidthStr::width(tr!(lang, "scan.not_in_ledger")).max(10) + 1;
    let (ip_w, mac_w, rtt_w, ports_w) = (15, 17, 8, 11);
    let vendor_w = width.saturating_sub(ip_w + mac_w + rtt_w + ledger_w + ports_w + 5);
    let cells = |ip: &str, mac: &str, vendor: &str, rtt: &str, ledger: &str, ports: &str| {
        vec![
            pad(ip, ip_w),
            pad(mac, mac_w),
            pad(vendor, vendor_w),
            pad(rtt, rtt_w),
            pad(ledger, ledger_w),
            pad(ports, ports_w),
        ]
    };
    let mut lines = Vec::new();
    if let Some(stop) = scan_text::stop_message(lang, &r.report) {
        lines.push(Line::from(Span::styled(
            fit(&stop, width),
            Style::new().fg(Color::Yellow),
        )));
    }
    lines.push(header(
        cells(
            tr!(lang, "scan.col_ip"),
            tr!(lang, "scan.col_mac"),
            tr!(lang, "scan.col_vendor"),
            tr!(lang, "scan.col_rtt"),
            tr!(lang, "scan.col_ledger"),
            tr!(lang, "tui.scan.col_ports"),
        )
        .join(" "),
    ));
    if hosts.is_empty() {
        lines.push(Line::raw(tr!(lang, "tui.scan.no_hosts")));
    }
    let room = (inner.height as usize).saturating_sub(lines.len()).max(1);
    let first = first_shown(selected, room);
    for (i, (h, m)) in hosts
        .iter()
        .zip(&r.stored.matches)
        .enumerate()
        .skip(first)
        .take(room)
    {
        let open: Vec<String> = h.open_ports().map(|p| p.port.to_string()).collect();
        let c = cells(
            &h.ip.to_string(),
            &h.mac,
            h.vendor.as_deref().unwrap_or("-"),
            &h.rtt_ms.map_or("-".into(), |r| format!("{r:.1}")),
            &ledger_word(lang, h, m),
            &open.join(","),
        );
        let base = row_style(i == selected);
        let ledger_style = if m.in_ledger() {
            base
        } else {
            base.fg(Color::Yellow).add_modifier(Modifier::BOLD)
        };
        let ports_style = if open.is_empty() {
            base
        } else {
            base.fg(Color::Red).add_modifier(Modifier::BOLD)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{} {} {} {} ", c[0], c[1], c[2], c[3]), base),
            Span::styled(c[4].clone(), ledger_style),
            Span::styled(" ", base),
            Span::styled(c[5].clone(), ports_style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let (Some(h), Some(m)) = (hosts.get(selected), r.stored.matches.get(selected)) {
        render_detail(lang, frame, detail_area, h, m);
    }
}

/// The short 台帳 cell: 管理番号 or 台帳にない, marked when excluded.
fn ledger_word(lang: Lang, h: &ScanHost, m: &LedgerMatch) -> String {
    let mut s = scan_text::ledger_name(lang, m);
    if h.excluded {
        s.push('*');
    }
    s
}

fn render_detail(lang: Lang, frame: &mut Frame, area: Rect, h: &ScanHost, m: &LedgerMatch) {
    let block = Block::bordered().title(format!(" {} ", h.ip));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = vec![format!(
        "{}  {}  {}: {}",
        h.mac,
        h.vendor.as_deref().unwrap_or("-"),
        tr!(lang, "scan.col_ledger"),
        scan_text::ledger_cell(lang, h, m)
    )];
    let open: Vec<String> = h
        .open_ports()
        .map(|p| format!("{}/{}", p.port, p.service))
        .collect();
    lines.push(if !open.is_empty() {
        tr!(lang, "scan.open_ports", ports = open.join(", "))
    } else if h.ports.is_empty() {
        tr!(lang, "tui.scan.ports_not_probed").to_string()
    } else {
        let filtered = h
            .ports
            .iter()
            .filter(|p| p.state == PortState::Filtered)
            .count();
        tr!(lang, "scan.no_open_ports", filtered = filtered)
    });
    if let Some(s) = &h.snmp {
        lines.push(match (&s.sys_descr, &s.error) {
            (None, Some(e)) => format!("SNMP: {}", tr!(lang, "scan.snmp_none", detail = e)),
            _ => format!(
                "SNMP: {} / {}",
                s.sys_name.as_deref().unwrap_or("-"),
                s.sys_descr.as_deref().unwrap_or("-").replace('\n', " ")
            ),
        });
    }
    let styled: Vec<Line> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == 1 && !open.is_empty() {
                Style::new().fg(Color::Red)
            } else {
                Style::new()
            };
            Line::from(Span::styled(fit(l, width), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(styled), inner);
}
