#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! What a new user meets first, on the real binary: `--help` in Japanese (English on request),
//! read-only commands that never create a database, Japanese output without internal rule ids,
//! the generated command reference, and a README short enough to read with links that work.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kensa.db")
    }

    fn kensa(&self, today: &str) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.current_dir(self.dir.path())
            .env("KENSA_DB", self.db())
            .env("KENSA_CHECKLISTS", self.dir.path().join("user-checklists"))
            .env("KENSA_TODAY", today)
            .env_remove("KENSA_LANG")
            .env("USER", "tester");
        c
    }

    fn ok(&self, today: &str, args: &[&str]) -> String {
        let out = self.kensa(today).args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn help_is_japanese_by_default_and_english_on_request() {
    let env = Env::new();
    let ja = env.ok("2025-06-01", &["--help"]);
    assert!(ja.contains("使い方: kensa"), "{ja}");
    assert!(
        ja.contains("コマンド:") && ja.contains("オプション:"),
        "{ja}"
    );
    assert!(!ja.contains("Usage:") && !ja.contains("Print help"), "{ja}");
    let ja = env.ok("2025-06-01", &["inventory", "export", "--help"]);
    assert!(ja.contains("書き出す形式: csv または xlsx"), "{ja}");

    let en = env.ok("2025-06-01", &["--lang", "en", "report", "--help"]);
    assert!(en.contains("Usage: kensa report"), "{en}");
    assert!(
        en.contains("Output format: html (for printing), md, xlsx, json"),
        "{en}"
    );
    let en = env
        .kensa("2025-06-01")
        .env("KENSA_LANG", "en")
        .args(["contacts", "add", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let en = String::from_utf8(en).unwrap();
    assert!(
        en.contains("Phone number") && en.contains("E-mail address"),
        "{en}"
    );
    // The global options that do nothing for collect are not offered there.
    let collect = env.ok("2025-06-01", &["collect", "--help"]);
    assert!(
        !collect.contains("--db") && collect.contains("--lang"),
        "{collect}"
    );
    assert!(!env.db().exists());
}

/// Every read-only command on a machine with no database says how to start and leaves no
/// database (and no output file) behind.
#[test]
fn read_only_commands_never_create_a_database() {
    let commands: &[&[&str]] = &[
        &["status"],
        &["status", "--json"],
        &["answers"],
        &["report", "--format", "md"],
        &["report", "--format", "html", "--out", "r.html"],
        &["record"],
        &["evidence"],
        &["sheet", "list"],
        &["inventory", "list"],
        &["inventory", "export", "--format", "csv", "--out", "l.csv"],
        &["contacts", "list"],
        &["audit", "verify"],
        &["audit", "anchor"],
        &["facility", "show"],
        &["vendor", "list"],
        &["bcp", "check"],
    ];
    for args in commands {
        let env = Env::new();
        let out = env.kensa("2025-06-01").args(*args).output().unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // `status` welcomes (exit 0); the others refuse (exit 1); both say how to start.
        assert_eq!(
            out.status.success(),
            args[0] == "status",
            "{args:?}: {said}"
        );
        assert!(said.contains("kensa init"), "{args:?}: {said}");
        assert!(!env.db().exists(), "{args:?} created a database");
        let left: Vec<_> = std::fs::read_dir(env.dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{args:?} left files: {left:?}");
    }
    let env = Env::new();
    let out = env
        .kensa("2025-06-01")
        .args(["--lang", "en", "answers"])
        .assert()
        .failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("no database") && err.contains("kensa init"),
        "{err}"
    );
    assert!(!env.db().exists());
}

/// A facility with findings of many kinds: Japanese status and report carry no rule id and no
/// internal word such as `gate`.
#[test]
fn japanese_output_has_no_rule_ids() {
    let env = Env::new();
    let day = "2024-10-01";
    env.ok(
        day,
        &[
            "init",
            "--name",
            "試験病院",
            "--kind",
            "hospital",
            "--prefecture",
            "東京都",
        ],
    );
    env.ok(
        day,
        &[
            "sheet",
            "new",
            "--edition",
            "hospital-r6",
            "--fiscal-year",
            "2024",
        ],
    );
    env.ok(day, &["answer", "gate", "yes"]);
    env.ok(day, &["answer", "1-1", "yes"]);
    env.ok(
        day,
        &["answer", "2-7@server", "no", "--target", "2024-12-31"],
    );
    env.ok(day, &["answer", "2-8@network", "no"]);
    env.ok(day, &["answer", "3-1", "no"]);
    let later = "2025-02-01";
    let status_json: serde_json::Value =
        serde_json::from_str(&env.ok(later, &["status", "--json"])).unwrap();
    let rules: std::collections::BTreeSet<&str> = status_json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    // The facility really has findings of several kinds, so the check below means something.
    assert!(rules.len() >= 4, "{rules:?}");
    let status = env.ok(later, &["status"]);
    env.ok(later, &["report", "--format", "md", "--out", "r.md"]);
    let md = std::fs::read_to_string(env.dir.path().join("r.md")).unwrap();
    let answers = env.ok(later, &["answers"]);
    for word in ["gate", "general", "server", " yes ", " no "] {
        assert!(!answers.contains(word), "answers: `{word}` in\n{answers}");
    }
    assert!(answers.contains("医療情報システムの有無"), "{answers}");
    for (name, text) in [
        ("status", &status),
        ("report md", &md),
        ("answers", &answers),
    ] {
        for rule in kensa::model::rules::Rule::ALL {
            assert!(
                !text.contains(rule.id()),
                "{name}: rule id {} in\n{text}",
                rule.id()
            );
        }
        assert!(!text.contains("gate"), "{name}: `gate` in\n{text}");
    }
}

/// docs/commands.md and docs/commands.en.md are what the clap definitions say today.
/// `KENSA_BLESS=1 cargo test --test docs_cli` writes them anew.
#[test]
fn command_reference_is_current() {
    for (lang, file) in [
        (kensa::i18n::Lang::Ja, "docs/commands.md"),
        (kensa::i18n::Lang::En, "docs/commands.en.md"),
    ] {
        let fresh = kensa::cli::reference_markdown(lang);
        let path = root().join(file);
        if std::env::var_os("KENSA_BLESS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{file} is stale: run KENSA_BLESS=1 cargo test --test docs_cli"
        );
    }
}

#[test]
fn readme_is_short() {
    let size = std::fs::metadata(root().join("README.md")).unwrap().len();
    assert!(size <= 10_240, "README.md is {size} bytes (at most 10 KB)");
}

/// Every relative link in README.md and docs/*.md points at a file that exists.
#[test]
fn relative_links_resolve() {
    let mut pages = vec![root().join("README.md")];
    for e in std::fs::read_dir(root().join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            pages.push(p);
        }
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for (at, _) in text.match_indices("](") {
            let rest = &text[at + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = rest[..end].split_whitespace().next().unwrap_or("");
            let target = target.split('#').next().unwrap_or("");
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let path = page.parent().unwrap().join(target);
            if !path.exists() {
                broken.push(format!("{}: {target}", page.display()));
            }
        }
    }
    assert!(checked > 10, "only {checked} links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}
