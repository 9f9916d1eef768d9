//! The 連絡体制 screen: contacts added through the form and removed after a question.

use super::*;
use crate::tui::screens::contacts::{Contacts, Dialog};

#[test]
fn contacts_are_added_and_removed_from_the_screen() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('4'));
    assert_eq!(app.screen(), ScreenId::Contacts);
    key(app, KeyCode::Char('a'));
    // Role: 事業者 is the fifth role.
    keys(app, &[KeyCode::Right; 4]);
    key(app, KeyCode::Down);
    typed(app, "保守窓口");
    key(app, KeyCode::Down);
    typed(app, "カルテ工業株式会社");
    key(app, KeyCode::Down);
    typed(app, "電子カルテ");
    key(app, KeyCode::Down);
    typed(app, "03-1234-5678");
    keys(app, &[KeyCode::Down, KeyCode::Down]);
    typed(app, "x");
    key(app, KeyCode::Enter);
    // A bad step keeps the form open with the reason.
    assert!(
        matches!(&app.get::<Contacts>().dialog, Some(Dialog::Add(form)) if form.error.is_some())
    );
    key(app, KeyCode::Backspace);
    key(app, KeyCode::Enter);
    assert!(
        app.get::<Contacts>().dialog.is_none(),
        "{:?}",
        app.get::<Contacts>().dialog
    );
    let stored = app.session.store.contacts().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].name, "保守窓口");
    assert_eq!(stored[0].order, 5);
    assert_eq!(stored[0].system.as_deref(), Some("電子カルテ"));
    let screen = draw(app, 100, 30);
    assert!(screen.contains("厚生労働省・警察"), "{screen}");
    key(app, KeyCode::Char('D'));
    key(app, KeyCode::Char('y'));
    assert!(app.session.store.contacts().unwrap().is_empty());
}

#[test]
fn snapshot_contacts() {
    snapshot_all("contacts", |app| {
        key(app, KeyCode::Char('4'));
        key(app, KeyCode::Char('a'));
        keys(app, &[KeyCode::Right; 6]);
        key(app, KeyCode::Down);
        typed(app, "サイバー犯罪相談窓口");
        keys(app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
        typed(app, "03-3431-8109");
        ctrl(app, 's');
        key(app, KeyCode::Char('a'));
    });
}

/// A name longer than the limit used to be stored and then broke the xlsx report and the
/// bundle. The contact form says which field and the limit, keeps what was typed, and
/// stores nothing.
#[test]
fn contact_fields_over_their_limit_keep_the_form_open() {
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('4'));
    key(app, KeyCode::Char('a'));
    key(app, KeyCode::Down);
    typed(app, "保守窓口");
    key(app, KeyCode::Down);
    let long = "株".repeat(crate::model::limits::NAME_MAX + 1);
    typed(app, &long);
    keys(app, &[KeyCode::Down; 4]);
    key(app, KeyCode::Enter);
    match &app.get::<Contacts>().dialog {
        Some(Dialog::Add(form)) => {
            let error = form.error.as_deref().unwrap_or_default();
            assert!(error.contains("所属") && error.contains("200"), "{error}");
        }
        other => panic!("form closed: {other:?}"),
    }
    assert!(app.session.store.contacts().unwrap().is_empty());
}

/// The verdict on 3(1) depends on the contacts: adding the bodies the item names on this screen
/// re-judges the open sheet at once, and removing one brings the finding back.
#[test]
fn contacts_changed_on_the_screen_rejudge_3_1() {
    use crate::model::rules::Rule;
    let incomplete = |app: &App| {
        app.session
            .open
            .as_ref()
            .unwrap()
            .assessment
            .findings
            .iter()
            .any(|f| f.rule == Rule::ContactChartIncomplete)
    };
    let mut f = worked(Lang::Ja);
    let app = &mut f.app;
    key(app, KeyCode::Char('2'));
    go_to(app, "3-1", Scope::General);
    key(app, KeyCode::Char('y'));
    assert!(incomplete(app));
    key(app, KeyCode::Char('4'));
    // 事業者, 厚生労働省 and 警察 are the fifth to seventh roles.
    for (right, name) in [(4, "保守窓口"), (5, "厚生労働省"), (6, "警察")] {
        key(app, KeyCode::Char('a'));
        keys(app, &vec![KeyCode::Right; right]);
        key(app, KeyCode::Down);
        typed(app, name);
        ctrl(app, 's');
        assert!(app.get::<Contacts>().dialog.is_none());
    }
    assert!(!incomplete(app));
    // Removing the selected contact (the last added) brings the finding back.
    key(app, KeyCode::Char('D'));
    key(app, KeyCode::Char('y'));
    assert_eq!(app.get::<Contacts>().contacts.len(), 2);
    assert!(incomplete(app));
}
