//! The inspector's app on a folder of generated bundles (ready, not ready, an older bundle of
//! the same facility, an unknown key, a file that is not a bundle), driven by keys and drawn on
//! `TestBackend`: the list and the read-only facility view as insta snapshots in ja and en at
//! 80×24 and 120×40, sorting and filtering, Enter and Esc, and the roll-up written on `a`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../../tests/support/facilities.rs"]
mod facilities;

use std::path::{Path, PathBuf};

use facilities::{Spec, key as signing_key, library, write};
use jiff::civil::{Date, date};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

use super::*;
use crate::bundle::keys::fingerprint;
use crate::model::checklist::Scope;
use crate::model::keyring::TrustedKey;

const CODE_A: &str = "1311234567";
const CODE_B: &str = "1311234568";
const CODE_C: &str = "1311234569";

fn today() -> Date {
    date(2025, 10, 1)
}

struct Fixture {
    dir: tempfile::TempDir,
    app: InspectorApp,
}

impl Fixture {
    fn folder(&self) -> PathBuf {
        self.dir.path().join("bundles")
    }
}

fn trusted(code: &str, seed: u8) -> TrustedKey {
    TrustedKey {
        facility: code.into(),
        fingerprint: fingerprint(&signing_key(seed).verifying_key()),
        public_key: None,
        name: None,
        trusted_at: "2025-04-01T00:00:00Z".into(),
        trusted_by: "inspector".into(),
        revoked_at: None,
        revoked_by: None,
    }
}

/// A folder of five files: みなと (ready, and an older bundle of it), さくら (not ready: an
/// いいえ whose 目標日 is overdue and one with no 目標日), かえで (signed by a key the inspector
/// has not trusted), and a text file.
fn desk(lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("bundles");
    std::fs::create_dir(&folder).unwrap();
    let lib = library();
    let a = Spec::ready("みなと市民病院", CODE_A).created("2025-09-10T00:00:00Z");
    write(&folder.join("a.kensa"), &a, &signing_key(1), &lib);
    let a_old = Spec::ready("みなと市民病院", CODE_A).created("2024-09-10T00:00:00Z");
    write(&folder.join("a-2024.kensa"), &a_old, &signing_key(1), &lib);
    let b = Spec::ready("さくら記念病院", CODE_B)
        .no("2-11", Scope::General, Some(date(2025, 8, 1)))
        .no("2-6", Scope::General, None)
        .created("2025-09-20T00:00:00Z");
    write(&folder.join("b.kensa"), &b, &signing_key(2), &lib);
    let c = Spec::ready("かえで診療所", CODE_C).created("2025-09-15T00:00:00Z");
    write(&folder.join("c.kensa"), &c, &signing_key(3), &lib);
    std::fs::write(folder.join("notes.kensa"), "これは束ではありません").unwrap();
    let mut keyring = Keyring::default();
    keyring.keys.push(trusted(CODE_A, 1));
    keyring.keys.push(trusted(CODE_B, 2));
    let opts = Options {
        lang,
        today: today(),
        inputs: vec![folder.clone()],
        library: lib,
        keyring,
        templates: None,
        threads: 2,
    };
    let found = find(lang, &opts.inputs, &[]);
    let desk = survey(
        &AggregateOptions {
            lang,
            keyring: &opts.keyring,
            library: &opts.library,
            today: today(),
            threads: 2,
        },
        found,
    );
    Fixture {
        dir,
        app: InspectorApp::new(opts, desk),
    }
}

fn key(app: &mut InspectorApp, code: KeyCode) {
    if let Some(job) = app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))) {
        // Inline, as the worker thread would.
        let msg = job.run();
        assert!(app.update(msg).is_none());
    }
}

fn typed(app: &mut InspectorApp, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The screen as text; the temporary folder is written `/DIR` so snapshots do not depend on it.
fn draw(f: &Fixture, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|fr| render(&f.app, fr)).unwrap();
    let buffer = t.backend().buffer();
    let mut text = String::new();
    for y in 0..h {
        let mut covered = 0;
        let mut line = String::new();
        for x in 0..w {
            let sym = buffer[(x, y)].symbol();
            if covered > 0 {
                covered -= 1;
                assert!(
                    sym.trim().is_empty(),
                    "`{sym}` under a wide character: {line}"
                );
                continue;
            }
            line.push_str(sym);
            covered = sym.width().saturating_sub(1);
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text.replace(&f.folder().display().to_string(), "/DIR")
}

fn names(f: &Fixture) -> Vec<String> {
    let lang = f.app.lang;
    f.app
        .list
        .shown(lang, &f.app.desk)
        .into_iter()
        .map(|p| match p {
            Pick::Bundle(i) => {
                let s = &f.app.desk.entries[i].summary;
                format!("{}@{}", s.facility.name, list::bundle_date(&s.created_at))
            }
            Pick::Refused(i) => format!(
                "refused:{}",
                Path::new(&f.app.desk.refused[i].path)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
            ),
        })
        .collect()
}

#[test]
fn every_file_is_listed_judged_by_the_inspector_and_refused_ones_with_their_reason() {
    let f = desk(Lang::Ja);
    // Not ready first (the default order), refused files last; nothing dropped.
    assert_eq!(
        names(&f),
        vec![
            "さくら記念病院@2025-09-20",
            "かえで診療所@2025-09-15",
            "みなと市民病院@2024-09-10",
            "みなと市民病院@2025-09-10",
            "refused:notes.kensa",
        ]
    );
    let e = &f.app.desk.entries;
    let b = e
        .iter()
        .find(|e| e.summary.facility.name == "さくら記念病院")
        .unwrap();
    assert!(!b.summary.ready);
    assert!(!b.summary.findings.is_empty());
    // An unknown key is inspected and said to be unknown, as `kensa inspect` does.
    let c = e
        .iter()
        .find(|e| e.summary.facility.name == "かえで診療所")
        .unwrap();
    assert_eq!(c.summary.key.id(), "unknown");
    let old = e
        .iter()
        .find(|e| e.summary.created_at.starts_with("2024"))
        .unwrap();
    assert!(old.superseded);
    assert_eq!(
        f.app.desk.refused[0].reason,
        crate::inspect::load::Reason::NotKensa
    );
}

#[test]
fn sorting_cycles_and_the_filters_narrow_the_list_but_never_hide_a_refused_file() {
    let mut f = desk(Lang::Ja);
    key(&mut f.app, KeyCode::Char('s'));
    assert_eq!(f.app.list.sort, SortBy::Name);
    key(&mut f.app, KeyCode::Char('s'));
    assert_eq!(f.app.list.sort, SortBy::Code);
    assert_eq!(names(&f)[0], "みなと市民病院@2024-09-10");
    key(&mut f.app, KeyCode::Char('s'));
    key(&mut f.app, KeyCode::Char('s'));
    assert_eq!(f.app.list.sort, SortBy::Date);
    assert_eq!(names(&f)[0], "さくら記念病院@2025-09-20");
    key(&mut f.app, KeyCode::Char('n'));
    assert_eq!(
        names(&f),
        vec!["さくら記念病院@2025-09-20", "refused:notes.kensa"]
    );
    key(&mut f.app, KeyCode::Char('n'));
    key(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "みなと");
    key(&mut f.app, KeyCode::Enter);
    assert_eq!(
        names(&f),
        vec!["みなと市民病院@2025-09-10", "みなと市民病院@2024-09-10"]
    );
    key(&mut f.app, KeyCode::Esc);
    assert_eq!(names(&f).len(), 5);
    // The filter matches a refused file's reason and name too.
    key(&mut f.app, KeyCode::Char('/'));
    typed(&mut f.app, "notes");
    key(&mut f.app, KeyCode::Enter);
    assert_eq!(names(&f), vec!["refused:notes.kensa"]);
}

#[test]
fn enter_opens_a_facility_read_only_with_the_inspectors_findings_and_esc_returns() {
    let mut f = desk(Lang::Ja);
    key(&mut f.app, KeyCode::Enter);
    let v = f.app.facility.as_ref().expect("opened");
    assert_eq!(v.open.facility.name, "さくら記念病院");
    assert!(!v.open.assessment.ready);
    // The answering keys of the officer's checklist do nothing here.
    let before = format!("{:?}", v.open.record.checks.len());
    for c in ['y', 'n', 'x', 't', 'd', 'e', 'a'] {
        key(&mut f.app, KeyCode::Char(c));
    }
    let v = f.app.facility.as_ref().unwrap();
    assert_eq!(format!("{:?}", v.open.record.checks.len()), before);
    assert!(v.sheet.dialog.is_none());
    // Browsing works as in the checklist.
    key(&mut f.app, KeyCode::Down);
    assert_eq!(f.app.facility.as_ref().unwrap().sheet.cursor, 1);
    key(&mut f.app, KeyCode::Esc);
    assert!(f.app.facility.is_none());
    // A refused file says why instead of opening.
    key(&mut f.app, KeyCode::End);
    key(&mut f.app, KeyCode::Enter);
    assert!(f.app.facility.is_none());
    assert!(f.app.flash.as_ref().unwrap().error);
}

#[test]
fn a_writes_the_same_roll_up_as_kensa_aggregate() {
    let mut f = desk(Lang::En);
    key(&mut f.app, KeyCode::Char('a'));
    match &f.app.dialog {
        Some(Dialog::RollupPath(input)) => assert_eq!(input.text(), "rollup-20251001.xlsx"),
        other => panic!("{other:?}"),
    }
    let out = f.dir.path().join("rollup.json");
    // Replace the default with a path of our own.
    for _ in 0..40 {
        key(&mut f.app, KeyCode::Backspace);
    }
    typed(&mut f.app, out.to_str().unwrap());
    key(&mut f.app, KeyCode::Enter);
    assert!(f.app.dialog.is_none());
    assert!(!f.app.flash.as_ref().unwrap().error, "{:?}", f.app.flash);
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    // The same as `kensa aggregate`: the unknown key is refused from the roll-up.
    let agg = aggregate(
        &AggregateOptions {
            lang: Lang::En,
            keyring: &f.app.opts.keyring,
            library: &f.app.opts.library,
            today: today(),
            threads: 1,
        },
        find(Lang::En, &[f.folder()], std::slice::from_ref(&out)),
    );
    assert_eq!(written, render::aggregate_json(Lang::En, &agg));
    assert_eq!(written["totals"]["facilities"], 2);
    // A name with an unknown extension writes nothing and says why.
    key(&mut f.app, KeyCode::Char('a'));
    for _ in 0..40 {
        key(&mut f.app, KeyCode::Backspace);
    }
    typed(&mut f.app, "rollup.txt");
    key(&mut f.app, KeyCode::Enter);
    assert!(f.app.flash.as_ref().unwrap().error);
}

#[test]
fn snapshots_of_the_list_and_the_read_only_facility() {
    for lang in [Lang::Ja, Lang::En] {
        for (w, h) in [(80, 24), (120, 40)] {
            let f = desk(lang);
            insta::assert_snapshot!(
                format!("inspector_list_{}_{w}x{h}", lang.as_str()),
                draw(&f, w, h)
            );
            let mut f = desk(lang);
            key(&mut f.app, KeyCode::Enter);
            // On an いいえ row without a 目標日: a finding on the row.
            let v = f.app.facility.as_mut().unwrap();
            v.sheet.cursor = v
                .open
                .assessment
                .rows
                .iter()
                .position(|r| r.item == "2-6")
                .unwrap();
            insta::assert_snapshot!(
                format!("inspector_facility_{}_{w}x{h}", lang.as_str()),
                draw(&f, w, h)
            );
        }
    }
}
