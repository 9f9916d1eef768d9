//! The evidence engine in the checklist (issue 16): the suggestion for the selected row with
//! the facts behind it (which assets, which findings, the data's snapshot dates, how complete
//! the evidence is), computed on a worker from the facility record as `kensa evidence` computes
//! it, and `s` to accept it: the answer is recorded as the officer's through
//! `workflow::accept_suggestion`, the same as `kensa answer ITEM --accept-suggestion`, with the
//! evidence summary attached. Nothing is stored until the officer presses `s`.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::i18n::Lang;
use crate::model::checklist::{Edition, Item, Scope};
use crate::model::evidence::Level;
use crate::model::evidence::suggest::{Proposed, Why, suggest_row};
use crate::text::evidence::{
    basis_text, completeness_text, finding_message, level_label, proposed_label, stale_warning,
    subject_text, why_text,
};
use crate::tr;
pub use crate::tui::evidence::EvidenceState;

/// Findings listed under a suggestion; the accepted summary (and `kensa evidence`) has them all.
const SHOWN: usize = 4;

fn answer_style(p: Proposed) -> Style {
    match p {
        Proposed::Yes => Style::new().fg(Color::Green),
        Proposed::No => Style::new().fg(Color::Red),
        Proposed::Unknown => Style::new().fg(Color::DarkGray),
    }
    .add_modifier(Modifier::BOLD)
}

fn level_style(l: Level) -> Style {
    match l {
        Level::Critical => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Level::High => Style::new().fg(Color::Red),
        Level::Medium => Style::new().fg(Color::Yellow),
        Level::Low | Level::Info => Style::new().fg(Color::Gray),
    }
}

fn label(s: String) -> Span<'static> {
    Span::styled(s, Style::new().add_modifier(Modifier::BOLD))
}

/// The suggestion for one row and its evidence, as lines of the detail pane.
pub fn lines(
    lang: Lang,
    state: &EvidenceState,
    edition: &Edition,
    item: &Item,
    scope: Scope,
) -> Vec<Line<'static>> {
    let heading = || label(format!("{}: ", tr!(lang, "tui.suggest.title")));
    let c = match state {
        EvidenceState::Stale => return Vec::new(),
        EvidenceState::Computing(_) => {
            return vec![Line::from(vec![
                heading(),
                Span::styled(
                    tr!(lang, "tui.suggest.computing").to_string(),
                    Style::new().fg(Color::DarkGray),
                ),
            ])];
        }
        EvidenceState::Failed(e) => {
            return vec![Line::from(vec![
                heading(),
                Span::styled(e.clone(), Style::new().fg(Color::Red)),
            ])];
        }
        EvidenceState::Ready(c) => c,
    };
    let e = &c.evidence;
    // The gate has no suggestion.
    let Some(sg) = suggest_row(e, edition, item, scope) else {
        return Vec::new();
    };
    let mut head = vec![
        heading(),
        Span::styled(
            proposed_label(lang, sg.answer).to_string(),
            answer_style(sg.answer),
        ),
    ];
    if sg.answer != Proposed::Unknown {
        head.push(Span::styled(
            format!("  {}", tr!(lang, "tui.suggest.accept_hint")),
            Style::new().fg(Color::Cyan),
        ));
    }
    // Nothing observed, or nothing observable: the reason on the same line, no more.
    if matches!(
        sg.why,
        Why::NotObservable | Why::NoEvidence | Why::NoScan | Why::VendorConfirmation
    ) {
        head.push(Span::styled(
            format!(" — {}", why_text(lang, &sg)),
            Style::new().fg(Color::DarkGray),
        ));
        return vec![Line::from(head)];
    }
    let mut out = vec![Line::from(head)];
    out.push(Line::raw(format!(" {}", why_text(lang, &sg))));
    if let Some(comp) = &sg.completeness {
        out.push(Line::raw(format!(" {}", completeness_text(lang, comp, e))));
    }
    if !sg.findings.is_empty() {
        out.push(Line::from(label(format!(
            " {}",
            tr!(lang, "tui.suggest.facts", count = sg.findings.len())
        ))));
    }
    for &i in sg.findings.iter().take(SHOWN) {
        let Some(f) = e.findings.get(i) else { continue };
        out.push(Line::from(vec![
            Span::styled(
                format!("  [{}] ", level_label(lang, f.level)),
                level_style(f.level),
            ),
            Span::raw(format!(
                "{}: {}",
                subject_text(lang, &f.subject),
                finding_message(lang, f)
            )),
        ]));
        out.push(Line::from(Span::styled(
            format!("    {}", basis_text(lang, f)),
            Style::new().fg(Color::Gray),
        )));
    }
    if sg.findings.len() > SHOWN {
        out.push(Line::raw(format!(
            "  {}",
            tr!(lang, "evidence.more", count = sg.findings.len() - SHOWN)
        )));
    }
    // The data the findings were judged against, by snapshot date (`kensa evidence` gives the
    // sources and licences in full).
    if !sg.findings.is_empty() {
        let dates: Vec<String> = e
            .data
            .iter()
            .map(|d| {
                let file = d.info.file.rsplit('/').next().unwrap_or(&d.info.file);
                format!("{file} {}", d.info.snapshot)
            })
            .collect();
        out.push(Line::from(Span::styled(
            format!(
                " {}",
                tr!(lang, "tui.suggest.data", files = dates.join(" / "))
            ),
            Style::new().fg(Color::Gray),
        )));
    }
    for d in e.stale_data() {
        out.push(Line::from(Span::styled(
            format!(" ⚠ {}", stale_warning(lang, d)),
            Style::new().fg(Color::Yellow),
        )));
    }
    out
}
