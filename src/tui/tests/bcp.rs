//! The BCP screen: systems added, edited and removed with the form (and found in the record),
//! a drill and the EHR-sharing settings stored, the document written; snapshots.

use super::*;
use crate::model::bcp::Importance;
use crate::tui::screens::bcp::{Bcp, Dialog};

fn record(app: &App) -> crate::model::record::Record {
    let lib = &app.session.lib;
    app.session
        .store
        .record(&|id| lib.text(id).map(str::to_string))
        .unwrap()
}

/// `a`, then the form's fields in order; Ctrl+S.
fn add_system(app: &mut App, fields: &[&str]) {
    key(app, KeyCode::Char('a'));
    for (i, v) in fields.iter().enumerate() {
        if i > 0 {
            key(app, KeyCode::Down);
        }
        if let Some(n) = v.strip_prefix("→") {
            // A choice: move right n times.
            for _ in 0..n.parse::<usize>().unwrap() {
                key(app, KeyCode::Right);
            }
        } else {
            typed(app, v);
        }
    }
    ctrl(app, 's');
}

fn with_systems(app: &mut App) {
    add_asset(app, "SV-01", "ehr-db", "10.0.0.10", "Windows Server 2022");
    key(app, KeyCode::Char('7'));
    assert_eq!(app.screen(), ScreenId::Bcp);
    add_system(
        app,
        &[
            "電子カルテ",
            "カルテ工業株式会社",
            "SV-01",
            "→1",
            "1",
            "24h",
            "紙カルテ・カーボン複写伝票",
            "",
            "毎日",
            "DB複製",
            "サーバ室の外付けHDD",
            "→1",
            "手順書に従いDBを戻す",
            "2026/9/1",
        ],
    );
    assert!(
        app.get::<Bcp>().dialog.is_none(),
        "{:?}",
        app.get::<Bcp>().dialog
    );
    add_system(
        app,
        &[
            "PACS",
            "画像システム",
            "",
            "→2",
            "2",
            "3日",
            "撮影装置側で閲覧",
        ],
    );
}

#[test]
fn a_system_added_on_the_screen_is_in_the_record() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    with_systems(app);
    let r = record(app);
    assert_eq!(r.bcp.systems.len(), 2);
    let ehr = &r.bcp.systems[0].fields;
    assert_eq!(ehr.name, "電子カルテ");
    assert_eq!(ehr.assets, vec!["SV-01".to_string()]);
    assert_eq!(ehr.importance, Some(Importance::High));
    assert_eq!(ehr.restore_priority, Some(1));
    assert_eq!(ehr.target_recovery_hours, Some(24));
    assert_eq!(ehr.backup.offline_copy, Some(true));
    assert_eq!(
        ehr.backup.last_restore_test,
        Some("2026-09-01".parse().unwrap())
    );
    assert_eq!(r.bcp.systems[1].fields.target_recovery_hours, Some(72));
    // Audited like the CLI's.
    assert!(
        r.audit_head.as_ref().is_some_and(|h| h.seq > 0),
        "{:?}",
        r.audit_head
    );

    // A 台帳 number not in the ledger keeps the form open with the reason; nothing stored.
    add_system(app, &["医事会計", "", "NO-SUCH"]);
    match &app.get::<Bcp>().dialog {
        Some(Dialog::System { form, .. }) => {
            assert!(form.error.as_deref().unwrap_or("").contains("NO-SUCH"))
        }
        other => panic!("{other:?}"),
    }
    key(app, KeyCode::Esc);
    assert_eq!(record(app).bcp.systems.len(), 2);

    // Edit the first in restore order, then remove it.
    key(app, KeyCode::Up);
    key(app, KeyCode::Char('e'));
    for _ in 0..6 {
        key(app, KeyCode::Down);
    }
    key(app, KeyCode::End);
    typed(app, "・電子処方箋は紙");
    ctrl(app, 's');
    let r = record(app);
    assert_eq!(
        r.bcp.systems[0].fields.alternative.as_deref(),
        Some("紙カルテ・カーボン複写伝票・電子処方箋は紙")
    );
    key(app, KeyCode::Char('D'));
    key(app, KeyCode::Char('y'));
    let r = record(app);
    assert_eq!(r.bcp.systems.len(), 1);
    assert_eq!(r.bcp.systems[0].fields.name, "PACS");
}

#[test]
fn drills_ehr_sharing_and_the_document_from_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    with_systems(app);
    let before = app.get::<Bcp>().view.as_ref().unwrap().check.satisfied;

    // A drill: the date is today by default; a future date is refused.
    key(app, KeyCode::Char('d'));
    keys(app, &[KeyCode::End]);
    for _ in 0..10 {
        key(app, KeyCode::Backspace);
    }
    typed(app, "2099-01-01");
    key(app, KeyCode::Down);
    typed(app, "ランサムウェアで電子カルテ停止");
    key(app, KeyCode::Down);
    typed(app, "医事課・看護部・保守業者");
    ctrl(app, 's');
    assert!(matches!(&app.get::<Bcp>().dialog, Some(Dialog::Drill(f)) if f.error.is_some()));
    key(app, KeyCode::Up);
    key(app, KeyCode::Up);
    for _ in 0..10 {
        key(app, KeyCode::Backspace);
    }
    typed(app, "R8.10.1");
    ctrl(app, 's');
    assert!(app.get::<Bcp>().dialog.is_none());
    let r = record(app);
    assert_eq!(r.bcp.drills.len(), 1);
    assert_eq!(r.bcp.drills[0].held_on, "2026-10-01".parse().unwrap());
    // 1-2 教育訓練 is answered from the drill.
    assert!(app.get::<Bcp>().view.as_ref().unwrap().check.satisfied > before);

    // The EHR-sharing form: 接続方式 the first, 回線 the second choice, a provider.
    key(app, KeyCode::Char('c'));
    key(app, KeyCode::Right);
    key(app, KeyCode::Down);
    keys(app, &[KeyCode::Right, KeyCode::Right]);
    key(app, KeyCode::Down);
    typed(app, "NTT東日本");
    ctrl(app, 's');
    let e = record(app).bcp.ehr_sharing.unwrap();
    assert_eq!(e.line_provider.as_deref(), Some("NTT東日本"));
    assert!(e.connection.is_some() && e.line.is_some() && e.signing.is_none());

    // `w`: Markdown (the third format), to a path in the temp folder.
    let out = dir.path().join("bcp.md");
    key(app, KeyCode::Char('w'));
    keys(app, &[KeyCode::Right, KeyCode::Right]);
    key(app, KeyCode::Down);
    for _ in 0..10 {
        key(app, KeyCode::Backspace);
    }
    typed(app, &out.display().to_string());
    key(app, KeyCode::Enter);
    assert!(app.get::<Bcp>().dialog.is_none());
    let flash = app.session.flash.clone().unwrap();
    assert!(!flash.error, "{flash:?}");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.contains("電子カルテ") && md.contains("NTT東日本"),
        "{md}"
    );
}

#[test]
fn snapshot_bcp() {
    snapshot_all("bcp", with_systems);
    snapshot_all("bcp_form", |app| {
        key(app, KeyCode::Char('7'));
        key(app, KeyCode::Char('a'));
    });
    snapshot_all("bcp_drills", |app| {
        with_systems(app);
        keys(app, &[KeyCode::Tab, KeyCode::Tab]);
    });
}
