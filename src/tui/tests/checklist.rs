//! The checklist: answers, refusals, evidence read by a worker, filter and search, columns.

use super::*;
use crate::model::answer::{Answer, RowStatus};
use crate::tui::screens::checklist::Dialog;

#[test]
fn answers_are_stored_when_confirmed() {
    let f = worked(Lang::Ja);
    let app = &f.app;
    let open = app.session.open.as_ref().unwrap();
    let checks = app.session.store.checks(open.record.sheet.id).unwrap();
    let got: Vec<_> = checks
        .iter()
        .map(|c| {
            (
                c.item.as_str(),
                c.scope,
                c.answer,
                c.checked_on.unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("gate", Scope::General, Answer::Yes, "2026-06-01".into()),
            ("1-1", Scope::General, Answer::Yes, "2026-06-01".into()),
            ("2-5", Scope::Server, Answer::No, "2026-06-01".into()),
            ("2-5", Scope::Server, Answer::No, "2026-06-01".into()),
        ]
    );
    assert_eq!(checks[3].note, "パッチ適用は保守業者と調整中");
    let targets = app.session.store.targets(open.record.sheet.id).unwrap();
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].target_on.to_string(), "2027-03-01");
    assert_eq!(checks[0].checked_by, "yamada");
}

#[test]
fn refused_entries_store_nothing_and_say_why() {
    let mut f = worked(Lang::En);
    let app = &mut f.app;
    let sheet = app.session.open.as_ref().unwrap().record.sheet.id;
    let before = app.session.store.checks(sheet).unwrap().len();
    // 1-1 does not allow N/A.
    go_to(app, "1-1", Scope::General);
    key(app, KeyCode::Char('x'));
    assert!(app.session.flash.as_ref().unwrap().error);
    // 2-2 allows N/A only without vendor contracts, and this facility has them.
    go_to(app, "2-2", Scope::General);
    key(app, KeyCode::Char('x'));
    assert!(app.session.flash.as_ref().unwrap().error);
    // A 目標日 before the check date.
    go_to(app, "2-6", Scope::General);
    key(app, KeyCode::Char('n'));
    typed(app, "2026-01-01");
    key(app, KeyCode::Enter);
    assert!(app.session.flash.as_ref().unwrap().error);
    // Not a date: the dialog stays open with the text.
    go_to(app, "2-6", Scope::General);
    key(app, KeyCode::Char('n'));
    typed(app, "2026-13-45");
    key(app, KeyCode::Enter);
    assert!(matches!(
        app.get::<Checklist>().dialog,
        Some(Dialog::Date { .. })
    ));
    key(app, KeyCode::Esc);
    // A 確認日 in the future.
    key(app, KeyCode::Char('d'));
    keys(app, &[KeyCode::Backspace; 10]);
    typed(app, "2030-01-01");
    key(app, KeyCode::Enter);
    assert_eq!(app.session.check_date, "2026-06-01".parse().unwrap());
    key(app, KeyCode::Esc);
    // A 確認日 of the previous 年度 on this 令和8年度 sheet, as the CLI refuses it.
    key(app, KeyCode::Char('d'));
    keys(app, &[KeyCode::Backspace; 10]);
    typed(app, "2026-03-31");
    key(app, KeyCode::Enter);
    assert_eq!(app.session.check_date, "2026-06-01".parse().unwrap());
    let flash = app.session.flash.as_ref().unwrap();
    assert!(
        flash.error && flash.text.contains("2026-04-01"),
        "{}",
        flash.text
    );
    key(app, KeyCode::Esc);
    // A note on an unanswered row.
    go_to(app, "2-7", Scope::General);
    key(app, KeyCode::Char('e'));
    assert!(app.get::<Checklist>().dialog.is_none());
    assert_eq!(app.session.store.checks(sheet).unwrap().len(), before);
}

#[test]
fn evidence_is_read_by_a_job_and_kept_with_the_check() {
    let mut f = worked(Lang::Ja);
    let file = f._dir.path().join("規程.pdf");
    std::fs::write(&file, b"%PDF-1.4 policy").unwrap();
    let app = &mut f.app;
    go_to(app, "1-1", Scope::General);
    key(app, KeyCode::Char('a'));
    let dir = format!("{}/", f._dir.path().display());
    typed(app, &dir);
    typed(app, "規");
    key(app, KeyCode::Tab);
    match &app.get::<Checklist>().dialog {
        Some(Dialog::Evidence { input, .. }) => {
            assert_eq!(input.text(), format!("{dir}規程.pdf"))
        }
        other => panic!("{other:?}"),
    }
    key(app, KeyCode::Enter);
    assert!(
        app.get::<Checklist>().dialog.is_none(),
        "{:?}",
        app.session.flash
    );
    let checks = app
        .session
        .store
        .checks(app.session.open.as_ref().unwrap().record.sheet.id)
        .unwrap();
    let last = checks.last().unwrap();
    assert_eq!((last.item.as_str(), last.answer), ("1-1", Answer::Yes));
    assert_eq!(last.evidence[0].name, "規程.pdf");
}

#[test]
fn unanswered_filter_search_and_next_unanswered() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('u'));
    let visible = app.get::<Checklist>().visible_rows(&app.session);
    let rows = &app.session.open.as_ref().unwrap().assessment.rows;
    assert!(visible.iter().all(|&i| matches!(
        rows[i].status,
        RowStatus::Unanswered | RowStatus::NeedsRecheck
    )));
    assert!(!visible.iter().any(|&i| rows[i].item == "1-1"));
    key(app, KeyCode::Char('u'));
    key(app, KeyCode::Char('/'));
    typed(app, "バックアップ");
    key(app, KeyCode::Enter);
    let visible = app.get::<Checklist>().visible_rows(&app.session);
    assert!(!visible.is_empty());
    let open = app.session.open.as_ref().unwrap();
    for i in &visible {
        let item = open.item(&open.assessment.rows[*i].item).unwrap();
        assert!(item.text.contains("バックアップ"), "{}", item.text);
    }
    key(app, KeyCode::Esc);
    assert!(app.get::<Checklist>().search.is_empty());
    go_to(app, "gate", Scope::General);
    keys(app, &[KeyCode::Tab, KeyCode::Enter]);
    let r = app.get::<Checklist>().current_row(&app.session).unwrap();
    assert_eq!((r.item.as_str(), r.scope), ("2-1", Scope::General));
}

#[test]
fn wide_characters_keep_the_columns_aligned() {
    let mut f = worked(Lang::Ja);
    key(&mut f.app, KeyCode::Char('2'));
    for (w, h) in SIZES {
        let screen = draw(&f.app, w, h);
        let mut columns = std::collections::BTreeSet::new();
        for line in screen.lines() {
            // Only the list pane (thick border while it has the focus).
            let Some(list_part) = line.strip_prefix('┃').and_then(|l| l.split('┃').next())
            else {
                continue;
            };
            let line = list_part;
            for word in ["未回答", "はい ", "いいえ"] {
                if let Some(at) = line.find(word) {
                    columns.insert(line[..at].width());
                }
            }
        }
        assert_eq!(
            columns.len(),
            1,
            "status column moves: {columns:?}\n{screen}"
        );
    }
}

#[test]
fn snapshot_checklist() {
    snapshot_all("checklist", |app| {
        go_to(app, "2-4", Scope::Terminal);
    });
}

#[test]
fn snapshot_item_detail_with_history() {
    snapshot_all("detail", |app| {
        go_to(app, "2-5", Scope::Server);
        key(app, KeyCode::Tab);
    });
}

#[test]
fn snapshot_date_entry() {
    snapshot_all("date_entry", |app| {
        go_to(app, "2-6", Scope::General);
        key(app, KeyCode::Char('n'));
        typed(app, "R9.3.31");
    });
}

/// A month or day past 255 once wrapped around (`2027-257-01` became 1 January 2027, a valid
/// 目標日): the date dialogs keep the text open and store nothing.
#[test]
fn dates_past_255_do_not_wrap_in_the_date_dialogs() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    let sheet = app.session.open.as_ref().unwrap().record.sheet.id;
    let (checks, targets) = (
        app.session.store.checks(sheet).unwrap().len(),
        app.session.store.targets(sheet).unwrap().len(),
    );
    go_to(app, "2-6", Scope::General);
    key(app, KeyCode::Char('n'));
    typed(app, "2027-257-01");
    key(app, KeyCode::Enter);
    assert!(matches!(
        app.get::<Checklist>().dialog,
        Some(Dialog::Date { .. })
    ));
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('d'));
    keys(app, &[KeyCode::Backspace; 10]);
    typed(app, "R8.261.1");
    key(app, KeyCode::Enter);
    assert_eq!(app.session.check_date, "2026-06-01".parse().unwrap());
    key(app, KeyCode::Esc);
    assert_eq!(app.session.store.checks(sheet).unwrap().len(), checks);
    assert_eq!(app.session.store.targets(sheet).unwrap().len(), targets);
}

/// いいえ on 3(1) takes no 目標日 (the 連絡体制図 must exist by the inspection): it is recorded at
/// once, as on the gate, and the dashboard's finding says so.
#[test]
fn no_on_3_1_is_recorded_without_asking_for_a_target() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    go_to(app, "3-1", Scope::General);
    key(app, KeyCode::Char('n'));
    assert!(app.get::<Checklist>().dialog.is_none());
    let open = app.session.open.as_ref().unwrap();
    let last = app.session.store.checks(open.record.sheet.id).unwrap();
    let last = last.last().unwrap();
    assert_eq!((last.item.as_str(), last.answer), ("3-1", Answer::No));
    assert!(
        app.session
            .store
            .targets(open.record.sheet.id)
            .unwrap()
            .len()
            == 1
    );
    assert!(
        open.assessment
            .findings
            .iter()
            .any(|f| f.rule == crate::model::rules::Rule::ContactChartMissing)
    );
}

/// A 目標日 the rules refuse (here one before the check) keeps the いいえ waiting: the dialog
/// asks again with the date as typed, nothing is stored, and a good date then stores the いいえ
/// with its 目標日 once. The dialog's examples are dates of this 年度, never a past example.
#[test]
fn a_refused_target_asks_again_and_keeps_the_no() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    let sheet = app.session.open.as_ref().unwrap().record.sheet.id;
    let before = app.session.store.checks(sheet).unwrap().len();
    go_to(app, "2-6", Scope::General);
    key(app, KeyCode::Char('n'));
    typed(app, "2026-01-01");
    key(app, KeyCode::Enter);
    assert!(app.session.flash.as_ref().unwrap().error);
    match &app.get::<Checklist>().dialog {
        Some(Dialog::Date { input, .. }) => assert_eq!(input.text(), "2026-01-01"),
        other => panic!("the いいえ was dropped: {other:?}"),
    }
    assert_eq!(app.session.store.checks(sheet).unwrap().len(), before);
    keys(app, &[KeyCode::Backspace; 10]);
    typed(app, "2027-03-31");
    key(app, KeyCode::Enter);
    assert!(app.get::<Checklist>().dialog.is_none());
    let checks = app.session.store.checks(sheet).unwrap();
    assert_eq!(checks.len(), before + 1);
    let last = checks.last().unwrap();
    assert_eq!((last.item.as_str(), last.answer), ("2-6", Answer::No));
    let targets = app.session.store.targets(sheet).unwrap();
    assert!(
        targets
            .iter()
            .any(|t| t.item == "2-6" && t.target_on.to_string() == "2027-03-31")
    );
}

#[test]
fn date_hints_are_computed_from_today() {
    for (today, iso, wareki) in [
        ("2026-06-01", "2027-03-31", "令和9年3月31日"),
        ("2027-02-10", "2027-03-31", "令和9年3月31日"),
        ("2030-11-30", "2031-03-31", "令和13年3月31日"),
    ] {
        let x = crate::text::date_examples(today.parse().unwrap());
        assert_eq!((x.iso.as_str(), x.wareki.as_str()), (iso, wareki));
        assert!(x.iso.as_str() >= today);
    }
}

/// A refusal shown in the TUI names the TUI's key, not a command line the officer is not using
/// (a `kensa init --force …` cut off on the status line sent people to the wrong tool).
#[test]
fn refusals_in_the_tui_name_keys_not_commands() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    // 2-2 allows N/A only without vendor contracts, and this facility has them.
    go_to(app, "2-2", Scope::General);
    key(app, KeyCode::Char('x'));
    let flash = app.session.flash.as_ref().unwrap();
    assert!(flash.error);
    assert!(flash.text.contains("S（施設の設定）"), "{}", flash.text);
    assert!(!flash.text.contains("kensa "), "{}", flash.text);
    // 目標日 on a row answered はい.
    go_to(app, "1-1", Scope::General);
    key(app, KeyCode::Char('t'));
    let flash = app.session.flash.as_ref().unwrap();
    assert!(!flash.text.contains("kensa "), "{}", flash.text);
}
