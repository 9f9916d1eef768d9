//! The evidence engine in the checklist (issue 16): the suggestion for the selected row with
//! its facts, computed by a worker from the facility record; `s` stores exactly one answer
//! with the evidence summary attached, as `kensa answer --accept-suggestion` does; opening the
//! TUI and computing the suggestions stores nothing.

use super::*;
use crate::model::answer::Answer;
use crate::tui::screens::checklist::suggestion::EvidenceState;

/// A FortiGate on FortiOS 6.0.4 in the 台帳: end of life and known-exploited, so 2-6 (patches)
/// is suggested いいえ.
fn add_fortigate(app: &mut App) {
    use crate::model::asset::{AssetKind, LedgerFields, Source};
    let fields = LedgerFields {
        control_no: "401".into(),
        kind: AssetKind::Network,
        maker: "Fortinet".into(),
        os: "FortiOS 6.0.4".into(),
        ip: "198.18.0.1".into(),
        computer_name: "FGT-VPN".into(),
        status: "稼働".into(),
        ..LedgerFields::default()
    };
    app.session
        .store
        .add_asset(&fields, Source::Manual, "yamada")
        .unwrap();
    // Added behind the app's back: computed again when the checklist is next shown.
    app.get_mut::<Checklist>().evidence = EvidenceState::Stale;
    key(app, KeyCode::Char('1'));
    key(app, KeyCode::Char('2'));
    assert!(
        matches!(app.get::<Checklist>().evidence, EvidenceState::Ready(_)),
        "{:?}",
        app.get::<Checklist>().evidence
    );
}

fn checks(app: &App) -> Vec<crate::model::record::CheckRecord> {
    let sheet = app.session.open.as_ref().unwrap().record.sheet.id;
    app.session.store.checks(sheet).unwrap()
}

#[test]
fn s_stores_exactly_one_answer_with_the_evidence_summary() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    add_fortigate(app);
    let before = checks(app).len();
    // 判断できない (nothing observed about 2-2): nothing to accept, nothing stored.
    go_to(app, "2-2", Scope::General);
    key(app, KeyCode::Char('s'));
    assert!(app.session.flash.as_ref().unwrap().error);
    assert!(
        app.session
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("判断できない"),
        "{:?}",
        app.session.flash
    );
    assert_eq!(checks(app).len(), before);

    go_to(app, "2-6", Scope::General);
    key(app, KeyCode::Char('s'));
    let flash = app.session.flash.clone().unwrap();
    assert!(!flash.error, "{flash:?}");
    assert!(flash.text.contains("t で目標日"), "{flash:?}");
    let after = checks(app);
    assert_eq!(after.len(), before + 1, "exactly one answer");
    let c = after.last().unwrap();
    assert_eq!((c.item.as_str(), c.scope), ("2-6", Scope::General));
    assert_eq!(c.answer, Answer::No);
    assert_eq!(c.checked_by, "yamada");
    assert_eq!(c.checked_on, Some(app.session.check_date));
    assert!(c.note.contains("kensa の提案を採用"), "{}", c.note);
    assert_eq!(c.evidence.len(), 1);
    assert_eq!(
        c.evidence[0].name,
        "kensa-evidence-2-6-general-2026-11-21.txt"
    );
    // The summary names the device and the fact behind the suggestion, as the CLI's does.
    let summary = app
        .session
        .store
        .evidence_content(c.evidence[0].id)
        .unwrap()
        .unwrap();
    let summary = String::from_utf8(summary).unwrap();
    assert!(summary.contains("FGT-VPN"), "{summary}");
    assert!(summary.contains("FortiOS"), "{summary}");
    // The sheet was read again: the row now stands いいえ.
    let open = app.session.open.as_ref().unwrap();
    let row = &open.assessment.rows[open
        .row_index(&crate::tui::session::RowKey {
            item: "2-6".into(),
            scope: Scope::General,
        })
        .unwrap()];
    assert_eq!(row.status, crate::model::answer::RowStatus::No);
}

#[test]
fn opening_the_tui_and_computing_suggestions_stores_nothing() {
    let mut f = worked(Lang::En);
    add_fortigate(&mut f.app);
    let db = f.app.session.store.path().to_path_buf();
    let head = f.app.session.store.audit_head().unwrap();
    assert!(head.is_some());
    // A second app on the same database, as `kensa` started again: the dashboard, the
    // checklist with its suggestions, moving about, help.
    let store = Store::open(&db).unwrap();
    let (lib, _) = Library::load(None);
    let mut app = App::new(store, lib, Lang::En, today(), "yamada".into(), 0).unwrap();
    key(&mut app, KeyCode::Char('2'));
    assert!(matches!(
        app.get::<Checklist>().evidence,
        EvidenceState::Ready(_)
    ));
    go_to(&mut app, "2-6", Scope::General);
    keys(
        &mut app,
        &[KeyCode::Down, KeyCode::Up, KeyCode::Enter, KeyCode::Esc],
    );
    key(&mut app, KeyCode::Char('?'));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('3'));
    let _ = draw(&app, 120, 40);
    assert_eq!(app.session.store.audit_head().unwrap(), head);
    assert_eq!(f.app.session.store.audit_head().unwrap(), head);
}

#[test]
fn snapshot_detail_with_a_suggestion() {
    snapshot_all("suggestion", |app| {
        add_fortigate(app);
        go_to(app, "2-6", Scope::General);
    });
}

#[test]
fn the_ledger_shows_the_selected_rows_findings() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    add_fortigate(app);
    key(app, KeyCode::Char('3'));
    key(app, KeyCode::Char('r'));
    key(app, KeyCode::Enter);
    let screen = draw(app, 120, 40);
    assert!(
        screen.contains("証拠の所見 3 件、最も重いもの: [重大]"),
        "{screen}"
    );
    assert!(screen.contains("CISA KEV"), "{screen}");
}
