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
