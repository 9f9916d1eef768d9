//! The real binary in a real terminal (tmux): first-run setup, two answers, quit, then the CLI
//! confirms what was stored. tmux is required (`.ci/run` installs it); without it these fail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

#[path = "support/tmux.rs"]
mod tmux;

use tmux::Tmux;

/// kensa in a tmux pane on `db`, in Japanese, with today fixed.
fn start(name: &str, db: &Path, extra_env: &[(&str, &str)]) -> Tmux {
    let mut env = format!(
        "KENSA_DB='{}' KENSA_TODAY=2026-11-21 KENSA_LANG=ja KENSA_CHECKLISTS=/nonexistent",
        db.display()
    );
    for (k, v) in extra_env {
        env.push_str(&format!(" {k}='{v}'"));
    }
    Tmux::run(
        name,
        &format!("env {env} '{}'", env!("CARGO_BIN_EXE_kensa")),
    )
}

#[test]
fn setup_answer_quit_and_the_answers_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kensa.db");
    let t = start("walk", &db, &[]);
    t.wait_for("施設名");
    t.text("東京テスト病院");
    // Name → kind → prefecture → contracts → officer → 医療機関コード → 病床数 → 開設者 →
    // edition → year → start.
    t.keys(&["Down", "Down"]);
    t.text("東京都");
    t.keys(&["Down", "Down"]);
    t.text("山田太郎");
    t.keys(&["Down"]);
    t.text("1311234567");
    t.keys(&["Down"]);
    t.text("350");
    t.keys(&["Down", "Down", "Down", "Down", "Enter"]);
    // Setup ends on the checklist, as the form's last line says.
    t.wait_for("項目の詳細");
    t.keys(&["1"]);
    t.wait_for("判定");
    t.keys(&["2"]);
    t.wait_for("状態");

    t.keys(&["/"]);
    t.text("1-1");
    t.keys(&["Enter"]);
    t.wait_for("[/1-1]");
    t.keys(&["y"]);
    t.wait_for("1-1 全般: はい");
    t.keys(&["Escape"]);

    t.keys(&["/"]);
    t.text("2-5");
    t.keys(&["Enter"]);
    t.wait_for("[/2-5]");
    t.keys(&["n"]);
    t.wait_for("目標日を入力");
    t.text("R9.3.31");
    t.wait_for("2027-03-31（令和9年3月31日）");
    t.keys(&["Enter"]);
    t.wait_for("2-5 サーバ: いいえ");
    t.keys(&["q"]);
    t.wait_for("kensa-exited-0");

    let out = Command::new(env!("CARGO_BIN_EXE_kensa"))
        .args(["answers", "--json"])
        .env("KENSA_DB", &db)
        .env("KENSA_CHECKLISTS", "/nonexistent")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let checks: Vec<(String, String, String, String)> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["item"].as_str().unwrap().to_string(),
                c["scope"].as_str().unwrap().to_string(),
                c["answer"].as_str().unwrap().to_string(),
                c["checked_on"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        checks,
        vec![
            (
                "1-1".into(),
                "general".into(),
                "yes".into(),
                "2026-11-21".into()
            ),
            (
                "2-5".into(),
                "server".into(),
                "no".into(),
                "2026-11-21".into()
            ),
        ]
    );
    let targets = v["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0]["item"], "2-5");
    assert_eq!(targets[0]["target_on"], "2027-03-31");
    assert_eq!(v["sheet"]["key"], "hospital-r7-2026");

    // The profile fields typed in the setup form, as the command line shows them.
    let out = Command::new(env!("CARGO_BIN_EXE_kensa"))
        .args(["facility", "show", "--json"])
        .env("KENSA_DB", &db)
        .env("KENSA_CHECKLISTS", "/nonexistent")
        .output()
        .unwrap();
    assert!(out.status.success());
    let f: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(f["institution_code"], "1311234567");
    assert_eq!(f["beds"], 350);
    assert!(f["founder"].is_null());
}

#[test]
fn a_panic_restores_the_terminal_and_leaves_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kensa.db");
    let t = start("panic", &db, &[("KENSA_TEST_PANIC", "1")]);
    let screen = t.wait_for("kensa-exited-");
    assert!(screen.contains("kensa-exited-101"), "{screen}");
    // The message is printed on the normal screen after ratatui restored it.
    let line = screen
        .lines()
        .find(|l| l.contains("詳細: "))
        .unwrap_or_else(|| panic!("no log path on screen:\n{screen}"));
    let path = line.split("詳細: ").nth(1).unwrap().trim();
    let log = std::fs::read_to_string(path).unwrap();
    assert!(log.contains("KENSA_TEST_PANIC is set"), "{log}");
    let _ = std::fs::remove_file(path);
    // Raw mode is off again and the alternate screen is gone.
    t.wait_for("tty-icanon");
    let alt = Command::new("tmux")
        .args(["display-message", "-p", "-t", &t.session, "#{alternate_on}"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&alt.stdout).trim(), "0");
}

#[test]
fn kill_9_loses_nothing_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kensa.db");
    let t = start("kill", &db, &[]);
    t.wait_for("施設名");
    t.text("東京テスト病院");
    t.keys(&[
        "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Enter",
    ]);
    t.wait_for("項目の詳細");
    t.keys(&["/"]);
    t.text("1-1");
    t.keys(&["Enter", "y"]);
    t.wait_for("1-1 全般: はい");
    let shell = Command::new("tmux")
        .args(["display-message", "-p", "-t", &t.session, "#{pane_pid}"])
        .output()
        .unwrap();
    let shell = String::from_utf8_lossy(&shell.stdout).trim().to_string();
    let killed = Command::new("pkill")
        .args(["-KILL", "-P", &shell, "kensa"])
        .status()
        .unwrap();
    assert!(
        killed.success(),
        "no kensa process under the pane's shell {shell}"
    );
    t.wait_for("kensa-exited-137");
    let out = Command::new(env!("CARGO_BIN_EXE_kensa"))
        .args(["answers", "--json"])
        .env("KENSA_DB", &db)
        .env("KENSA_CHECKLISTS", "/nonexistent")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["checks"][0]["item"], "1-1");
    assert_eq!(v["checks"][0]["answer"], "yes");
    let audit = Command::new(env!("CARGO_BIN_EXE_kensa"))
        .args(["audit", "verify"])
        .env("KENSA_DB", &db)
        .output()
        .unwrap();
    assert!(audit.status.success(), "audit chain broken after kill -9");
}

#[path = "support/facilities.rs"]
mod facilities;

/// The inspector's screen in a real terminal: `kensa inspect DIR` lists the bundles and a file
/// that is not one, opens a facility read-only, writes the roll-up on `a`, and never creates a
/// hospital database.
#[test]
fn the_inspectors_screen_lists_opens_and_rolls_up() {
    use facilities::{Spec, key, library, write};
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("usb");
    std::fs::create_dir(&folder).unwrap();
    let lib = library();
    write(
        &folder.join("a.kensa"),
        &Spec::ready("みなと市民病院", "1311234567"),
        &key(1),
        &lib,
    );
    std::fs::write(folder.join("junk.kensa"), "not a bundle").unwrap();
    let db = dir.path().join("hospital.db");
    let out = dir.path().join("rollup.json");
    let t = Tmux::run(
        "inspector",
        &format!(
            "cd '{}' && env KENSA_DB='{}' KENSA_INSPECTOR_DIR='{}' KENSA_TODAY=2025-10-01 KENSA_LANG=ja KENSA_CHECKLISTS=/nonexistent '{}' inspect '{}'",
            dir.path().display(),
            db.display(),
            dir.path().join("inspector").display(),
            env!("CARGO_BIN_EXE_kensa"),
            folder.display()
        ),
    );
    t.wait_for("束 1 件・受理せず 1 件");
    t.wait_for("未登録の鍵");
    t.wait_for("受理せず");
    t.keys(&["Enter"]);
    t.wait_for("閲覧のみ");
    // The officer's answering keys do nothing here.
    t.keys(&["y"]);
    t.keys(&["Escape"]);
    t.wait_for("束 1 件・受理せず 1 件");
    t.keys(&["a"]);
    t.wait_for("集計の書き出し先");
    for _ in 0..30 {
        t.keys(&["BSpace"]);
    }
    t.text(&out.display().to_string());
    t.keys(&["Enter"]);
    t.wait_for("に書き出しました");
    t.keys(&["q"]);
    t.wait_for("kensa-exited-0");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    // As `kensa aggregate`: the unknown key and the junk file are refused, with reasons.
    assert_eq!(v["refused"].as_array().unwrap().len(), 2, "{v}");
    assert!(
        !db.exists(),
        "the inspector's screen created a hospital database"
    );
}
