#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! Reports, contacts and bundles on the real binary: golden HTML/Markdown, the xlsx read back
//! cell by cell, the HTML rendered by headless Chromium, and tampering with signed bundles.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const TODAY: &str = "2025-10-01";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `kensa` with this environment's DB, no user folders and a fixed today.
    fn kensa(&self) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.env("KENSA_DB", self.path("kensa.db"))
            .env("KENSA_CHECKLISTS", self.path("user-checklists"))
            .env("KENSA_TODAY", TODAY)
            .env_remove("KENSA_LANG")
            .env_remove("KENSA_TEMPLATES")
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("USER", "tester")
            .current_dir(self.dir.path());
        c
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.kensa().args(args).assert()
    }

    fn ok(&self, args: &[&str]) -> String {
        String::from_utf8(self.run(args).success().get_output().stdout.clone()).unwrap()
    }

    /// The fixture: a hospital on the R7 sheet with answers of every kind, targets (one
    /// overdue), a note, an evidence file and a contacts list with one named body missing.
    fn fixture() -> Env {
        let env = Env::new();
        env.ok(&[
            "init",
            "--name",
            "みなと市民病院",
            "--kind",
            "hospital",
            "--prefecture",
            "東京都",
        ]);
        env.ok(&["sheet", "new", "--edition", "hospital-r7"]);
        env.ok(&["answer", "gate", "yes", "--date", "2025-06-02"]);
        env.ok(&["answer", "1-1", "yes", "--date", "2025-06-02"]);
        env.ok(&[
            "answer",
            "2-4@server",
            "no",
            "--date",
            "2025-06-02",
            "--target",
            "2025-09-30",
            "--note",
            "権限表を作成中 | 来月完了",
        ]);
        env.ok(&["answer", "2-4@server", "yes", "--date", "2025-09-01"]);
        env.ok(&[
            "answer",
            "2-5@server",
            "no",
            "--date",
            "2025-06-02",
            "--target",
            "2025-08-31",
        ]);
        std::fs::write(env.path("patch-report.txt"), "Windows Update 2025-06\n").unwrap();
        env.ok(&[
            "answer",
            "2-6",
            "yes",
            "--date",
            "2025-06-03",
            "--evidence",
            env.path("patch-report.txt").to_str().unwrap(),
        ]);
        for (role, name, org, system, phone) in [
            ("department", "各病棟・外来の責任者", "", "", ""),
            (
                "system_admin",
                "情報システム課 佐藤一郎",
                "",
                "",
                "03-1111-2222",
            ),
            ("安全管理責任者", "副院長 鈴木花子", "", "", "03-1111-3333"),
            ("manager", "院長 山田太郎", "", "", "03-1111-4444"),
            (
                "vendor",
                "保守窓口",
                "株式会社とても長い名前の医療情報システムサービス",
                "電子カルテ",
                "0120-000-111",
            ),
            ("police", "サイバー犯罪相談窓口", "警視庁", "", "#9110"),
        ] {
            let mut args = vec!["contacts", "add", "--role", role, "--name", name];
            for (flag, v) in [("--org", org), ("--system", system), ("--phone", phone)] {
                if !v.is_empty() {
                    args.extend([flag, v]);
                }
            }
            env.ok(&args);
        }
        env
    }

    fn report(&self, format: &str) -> PathBuf {
        let out = self.path(&format!("r.{format}"));
        self.ok(&["report", "--format", format, "--out", out.to_str().unwrap()]);
        out
    }
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

#[test]
fn contacts_add_list_remove() {
    let env = Env::fixture();
    let list = json(&env.ok(&["contacts", "list", "--json"]));
    assert_eq!(list["schema"], "kensa.contacts/1");
    let contacts = list["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 6);
    assert_eq!(contacts[0]["role"], "department");
    assert_eq!(contacts[0]["order"], 1);
    assert_eq!(list["missing_named_roles"], serde_json::json!(["mhlw"]));
    env.run(&["contacts", "list"])
        .success()
        .stdout(predicate::str::contains("サイバー犯罪相談窓口"))
        .stdout(predicate::str::contains("厚生労働省 の連絡先がありません"));
    let police = contacts.iter().find(|c| c["role"] == "police").unwrap();
    let id = police["id"].as_i64().unwrap().to_string();
    env.run(&["contacts", "remove", &id])
        .success()
        .stdout(predicate::str::contains("履歴は監査ログに残ります"));
    env.run(&["contacts", "remove", &id])
        .failure()
        .stderr(predicate::str::contains(format!(
            "連絡先 #{id} はありません"
        )));
    let list = json(&env.ok(&["contacts", "list", "--json"]));
    assert_eq!(list["contacts"].as_array().unwrap().len(), 5);
    env.run(&["contacts", "add", "--role", "boss", "--name", "x"])
        .failure()
        .stderr(predicate::str::contains("役割「boss」はありません"));
    env.run(&["contacts", "add", "--role", "police", "--name", " "])
        .failure();
    env.run(&[
        "contacts", "add", "--role", "police", "--name", "x", "--order", "0",
    ])
    .failure()
    .stderr(predicate::str::contains("1〜99"));
    // Adding and removing is audited like every other change.
    env.run(&["audit", "verify"]).success();
}

/// The 確認履歴 prints when each record was stored (`2025-10-01 14:03`, Japan time): the test's
/// real clock, so the golden files hold a placeholder.
fn redact_recorded(s: &str) -> String {
    let is_stamp = |w: &[u8]| {
        w.len() == 16
            && w.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                10 => *b == b' ',
                13 => *b == b':',
                _ => b.is_ascii_digit(),
            })
    };
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes.len() - i >= 16 && is_stamp(&bytes[i..i + 16]) {
            out.push_str("[recorded]");
            i += 16;
        } else {
            let ch = s[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[test]
fn html_and_markdown_match_the_golden_files() {
    let env = Env::fixture();
    let html = std::fs::read_to_string(env.report("html")).unwrap();
    let md = std::fs::read_to_string(env.report("md")).unwrap();
    insta::assert_snapshot!("report_html", redact_recorded(&html));
    insta::assert_snapshot!("report_md", redact_recorded(&md));
    // Self-contained: nothing is fetched when the file is opened or printed.
    for needle in [
        "<script", "<link", "src=", "href=", "url(http", "url('", "@import",
    ] {
        assert!(!html.contains(needle), "{needle}");
    }
    assert!(html.contains("size: A4 portrait"));
    assert!(html.contains("@page ledger { size: A4 landscape; }"));
    assert!(html.contains("<svg"));
    // Dates in 西暦 with 和暦, the overdue 目標日, the unverified marker, the evidence hash.
    assert!(html.contains("2025-06-02") && html.contains("令和7年6月2日"));
    assert!(html.contains("target-overdue"));
    assert!(html.contains("［文言未確認］"));
    assert!(html.contains(&sha256_hex(b"Windows Update 2025-06\n")));
    // A note with a pipe does not break the Markdown table.
    assert!(md.contains("権限表を作成中 \\| 来月完了"));
}

#[test]
fn english_labels_keep_official_japanese_texts() {
    let env = Env::fixture();
    let out = env.path("en.html");
    env.kensa()
        .args(["--lang", "en", "report", "--format", "html", "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Incident contact chart"));
    assert!(html.contains("医療情報システム安全管理責任者を設置している。"));
}

#[test]
fn json_report_is_schema_tagged_and_complete() {
    let env = Env::fixture();
    let r = json(&std::fs::read_to_string(env.report("json")).unwrap());
    assert_eq!(r["schema"], "kensa.report/1");
    assert_eq!(r["facility"]["name"], "みなと市民病院");
    assert_eq!(r["sheet"]["key"], "hospital-r7-2025");
    assert_eq!(r["sheet"]["ready"], false);
    assert_eq!(r["sheet"]["overdue"][0]["row"], "2-5@server");
    let items = r["sheet"]["sections"][1]["items"].as_array().unwrap();
    let row = &items.iter().find(|i| i["id"] == "2-4").unwrap()["rows"][0];
    assert_eq!(row["first"]["answer"], "no");
    assert_eq!(row["first"]["date"]["wareki"], "令和7年6月2日");
    assert_eq!(row["second"]["answer"], "yes");
    assert_eq!(row["target"]["iso"], "2025-09-30");
    assert_eq!(r["ledger"], serde_json::json!([]));
    assert_eq!(r["contacts_missing"][0]["role"], "mhlw");
    assert_eq!(r["evidence"][0]["name"], "patch-report.txt");
    assert_eq!(r["signing_key_fingerprint"], Value::Null);
}

/// Excel's serial number of a date (days since 1899-12-30).
fn serial(y: i16, m: i8, d: i8) -> f64 {
    let days = jiff::civil::date(y, m, d)
        .since(jiff::civil::date(1899, 12, 30))
        .unwrap()
        .get_days();
    days as f64
}

#[test]
fn xlsx_reads_back_cell_by_cell() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let env = Env::fixture();
    let bytes = std::fs::read(env.report("xlsx")).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["チェックリスト", "指摘事項", "連絡体制", "確認履歴"]
    );
    let ws = wb.worksheet_range("チェックリスト").unwrap();
    let s = |r: u32, c: u32| match ws.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    };
    let date = |r: u32, c: u32| match ws.get_value((r, c)) {
        Some(Data::DateTime(d)) => d.as_f64(),
        other => panic!("({r},{c}) is not a date: {other:?}"),
    };
    assert_eq!(
        s(0, 0),
        "医療機関におけるサイバーセキュリティ対策チェックリスト（令和7年5月）"
    );
    assert!(s(1, 0).contains("みなと市民病院"));
    assert_eq!(s(3, 0), "チェック項目");
    assert_eq!(s(3, 3), "確認結果（日付）");
    assert_eq!(s(4, 3), "1回目");
    assert_eq!(s(4, 5), "目標日");
    assert_eq!(s(4, 6), "2回目");
    assert_eq!(s(5, 3), "はい・いいえ");
    assert_eq!(s(5, 4), "確認日");
    assert_eq!(s(3, 8), "備考");
    // Row 6: the gate heading, row 7: the gate.
    assert_eq!(s(6, 0), "医療情報システムの有無");
    assert_eq!(s(7, 1), "医療情報システムを導入、運用している。");
    assert_eq!(s(7, 2), "全般");
    assert_eq!(s(7, 3), "はい");
    assert_eq!(date(7, 4), serial(2025, 6, 2));
    // Find the 2-4 サーバ row by its text and check every cell of it.
    let row = (0..ws.height() as u32)
        .find(|r| s(*r, 1).starts_with("利用者の職種"))
        .unwrap();
    assert_eq!(s(row, 0), "④");
    assert_eq!(s(row, 2), "サーバ");
    assert_eq!(s(row, 3), "いいえ");
    assert_eq!(date(row, 4), serial(2025, 6, 2));
    assert_eq!(date(row, 5), serial(2025, 9, 30));
    assert_eq!(s(row, 6), "はい");
    assert_eq!(date(row, 7), serial(2025, 9, 1));
    // The unverified-wording mark stands beside the item text; 備考 holds the notes.
    assert!(s(row, 1).ends_with("［文言未確認］"));
    assert!(!s(row, 8).contains("［文言未確認］"));
    assert!(s(row, 8).contains("権限表を作成中"));
    // The 端末PC row of the same item is empty but present.
    assert_eq!(s(row + 1, 2), "端末PC");
    assert_eq!(s(row + 1, 3), "");
    let contacts = wb.worksheet_range("連絡体制").unwrap();
    assert_eq!(
        contacts.get_value((0, 1)),
        Some(&Data::String("役割".into()))
    );
    assert_eq!(
        contacts.get_value((1, 2)),
        Some(&Data::String("各病棟・外来の責任者".into()))
    );
}

#[test]
fn default_output_goes_to_reports_folder() {
    let env = Env::fixture();
    env.run(&["report", "--format", "md"])
        .success()
        .stdout(predicate::str::contains("hospital-r7-2025.md"));
    assert!(env.path("reports/hospital-r7-2025.md").is_file());
}

#[test]
fn user_templates_override_and_bad_ones_are_named() {
    let env = Env::fixture();
    let dir = env.path("tpl");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("report.md"),
        "# {{ facility.name }} / {{ t.contact_chart }}\n",
    )
    .unwrap();
    let out = env.path("custom.md");
    env.kensa()
        .args(["report", "--format", "md", "--templates"])
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "# みなと市民病院 / 連絡体制図\n"
    );
    // A syntax error: the message names the user's file and the line.
    std::fs::write(dir.join("report.md"), "line one\n{% if %}\n").unwrap();
    env.kensa()
        .args(["report", "--format", "md", "--templates"])
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            dir.join("report.md").display().to_string(),
        ))
        .stderr(predicate::str::contains("report.md:2"));
    // The previous output is untouched.
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "# みなと市民病院 / 連絡体制図\n"
    );
    // An unknown variable fails at render time, naming the file.
    std::fs::write(dir.join("report.md"), "{{ nothing.here }}\n").unwrap();
    env.kensa()
        .env("KENSA_TEMPLATES", &dir)
        .args(["report", "--format", "md", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            dir.join("report.md").display().to_string(),
        ));
    // Not UTF-8.
    std::fs::write(dir.join("report.md"), [0x82, 0xa0, 0xff]).unwrap();
    env.kensa()
        .env("KENSA_TEMPLATES", &dir)
        .args(["report", "--format", "md", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("UTF-8"));
    env.kensa()
        .args([
            "report",
            "--format",
            "md",
            "--templates",
            "/nonexistent/kensa-tpl",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("/nonexistent/kensa-tpl"));
}

// ---- Chromium ----

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        })
}

fn chromium_cmd(bin: &Path, profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn html_renders_in_headless_chromium() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium is missing: .ci/run installs it with apt-get"
        );
        eprintln!("chromium not installed: skipping the rendering test (it runs in CI)");
        return;
    };
    let env = Env::fixture();
    let html = env.report("html");
    let url = format!("file://{}", html.display());
    let png_path = env.path("page.png");
    let out = chromium_cmd(&bin, &env.path("profile-1"))
        .arg(format!("--screenshot={}", png_path.display()))
        .arg("--window-size=794,1123")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (794, 1123));
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let dark = pixels
        .chunks(channels)
        .filter(|p| p.iter().take(3).all(|c| *c < 128))
        .count();
    let total = (info.width * info.height) as usize;
    // Text and table rules: clearly more than a blank page, clearly less than a black one.
    assert!(dark > total / 200, "page looks blank: {dark} dark pixels");
    assert!(dark < total / 2, "page looks black: {dark} dark pixels");

    let dom = chromium_cmd(&bin, &env.path("profile-2"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains(
            "<h1>医療機関におけるサイバーセキュリティ対策チェックリスト（令和7年5月）</h1>"
        )
    );
    assert!(dom.contains("連絡体制図"));
}

// ---- bundles ----

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

struct Bundled {
    env: Env,
    bundle: PathBuf,
    key: PathBuf,
    fingerprint: String,
}

fn bundled() -> Bundled {
    let env = Env::fixture();
    let key = env.path("facility.key");
    let out = env.ok(&["keygen", "--out", key.to_str().unwrap()]);
    let fingerprint = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("指紋: "))
        .unwrap()
        .to_string();
    let bundle = env.path("bundle.tar");
    env.run(&[
        "bundle",
        "--out",
        bundle.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ])
    .success()
    .stdout(predicate::str::contains(&fingerprint));
    Bundled {
        env,
        bundle,
        key,
        fingerprint,
    }
}

impl Bundled {
    fn verify(&self, file: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
        self.env
            .kensa()
            .arg("verify")
            .arg(file)
            .args(extra)
            .assert()
    }

    /// (name, data offset, size) of every member.
    fn members(&self) -> Vec<(String, u64, u64)> {
        let mut a = tar::Archive::new(std::fs::File::open(&self.bundle).unwrap());
        a.entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.path().unwrap().display().to_string(),
                    e.raw_file_position(),
                    e.size(),
                )
            })
            .collect()
    }

    fn copy_with(&self, name: &str, f: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
        let mut bytes = std::fs::read(&self.bundle).unwrap();
        f(&mut bytes);
        let p = self.env.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

#[test]
fn bundle_holds_everything_and_verifies() {
    let b = bundled();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&b.bundle), 0o600);
        assert_eq!(mode(&b.key), 0o600);
    }
    let names: Vec<String> = b.members().into_iter().map(|m| m.0).collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "manifest.sig",
            "report.html",
            "report.json",
            "report.xlsx",
            "record.json",
            "editions/hospital-r7.yaml",
            "audit.json",
            "evidence/1-patch-report.txt"
        ]
    );
    b.verify(&b.bundle, &[])
        .success()
        .stdout(predicate::str::contains("改ざんはありません"))
        .stdout(predicate::str::contains(&b.fingerprint));
    let pubkey = format!("{}.pub", b.key.display());
    for spec in [pubkey.as_str(), b.fingerprint.as_str()] {
        b.verify(&b.bundle, &["--pubkey", spec])
            .success()
            .stdout(predicate::str::contains("指定の鍵と一致しました"));
    }
    let v = json(
        &String::from_utf8(
            b.verify(&b.bundle, &["--json"])
                .success()
                .get_output()
                .stdout
                .clone(),
        )
        .unwrap(),
    );
    assert_eq!(v["schema"], "kensa.verify/1");
    assert_eq!(v["intact"], true);
    assert_eq!(v["manifest"]["schema"], "kensa.manifest/1");
    assert_eq!(v["manifest"]["sheet"], "hospital-r7-2025");
    assert_eq!(v["manifest"]["facility"]["name"], "みなと市民病院");
    // The fingerprint is printed in the bundled report.html, to be confirmed by phone.
    let mut a = tar::Archive::new(std::fs::File::open(&b.bundle).unwrap());
    let mut html = String::new();
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        if e.path().unwrap().to_str() == Some("report.html") {
            std::io::Read::read_to_string(&mut e, &mut html).unwrap();
        }
    }
    assert!(html.contains(&b.fingerprint));
    // Keys are never overwritten.
    b.env
        .run(&["keygen", "--out", b.key.to_str().unwrap()])
        .failure()
        .stderr(predicate::str::contains("既にあります"));
}

#[test]
fn a_flipped_byte_in_any_member_is_named() {
    let b = bundled();
    for (i, (name, pos, size)) in b.members().into_iter().enumerate() {
        let p = b.copy_with(&format!("flip-{i}.tar"), |bytes| {
            bytes[(pos + size / 2) as usize] ^= 0x01;
        });
        let expected = match name.as_str() {
            "manifest.json" => "manifest.json",
            "manifest.sig" => "署名",
            other => other,
        };
        b.verify(&p, &[])
            .code(4)
            .stdout(predicate::str::contains(expected))
            .stderr(predicate::str::contains("問題が見つかりました"));
    }
    // A flipped byte in a member header is caught by the header checksum.
    let (_, pos, _) = b.members()[2].clone();
    let p = b.copy_with("flip-header.tar", |bytes| {
        bytes[(pos - 512 + 10) as usize] ^= 0x20
    });
    b.verify(&p, &[])
        .failure()
        .stderr(predicate::str::contains("壊れているか途中で切れています"));
}

#[test]
fn truncation_appending_and_wrong_keys_are_reported() {
    let b = bundled();
    let len = std::fs::metadata(&b.bundle).unwrap().len() as usize;
    let members = b.members();
    let (_, last_pos, last_size) = members.last().unwrap().clone();
    for cut in [
        len / 2,
        100,
        (last_pos + last_size / 2) as usize,
        len - 600,
        len - 1,
    ] {
        let p = b.copy_with(&format!("cut-{cut}.tar"), |bytes| bytes.truncate(cut));
        b.verify(&p, &[]).failure();
    }
    let p = b.copy_with("cut-end.tar", |bytes| bytes.truncate(len - 1024));
    b.verify(&p, &[])
        .failure()
        .stdout(predicate::str::contains("途中で切れています"));
    let p = b.copy_with("appended.tar", |bytes| bytes.extend_from_slice(b"PS: more"));
    b.verify(&p, &[])
        .failure()
        .stdout(predicate::str::contains("付け足されています"));
    let p = b.copy_with("empty.tar", Vec::clear);
    b.verify(&p, &[])
        .failure()
        .stderr(predicate::str::contains("kensa のバンドルではありません"));

    // Another facility's key: the signature is valid, but not by the expected key.
    let other = b.env.path("other.key");
    b.env.ok(&["keygen", "--out", other.to_str().unwrap()]);
    let other_pub = format!("{}.pub", other.display());
    // It is not a changed bundle: verify says which key signed it and exits 3, not 4.
    b.verify(&b.bundle, &["--pubkey", &other_pub])
        .code(3)
        .stdout(predicate::str::contains("別の鍵で署名されています"))
        .stdout(predicate::str::contains(&b.fingerprint))
        .stdout(predicate::str::contains("署名後の変更はありません"))
        .stderr(predicate::str::contains("署名後に変更されています").not());
    let v = json(
        &String::from_utf8(
            b.verify(&b.bundle, &["--pubkey", &other_pub, "--json"])
                .code(3)
                .get_output()
                .stdout
                .clone(),
        )
        .unwrap(),
    );
    assert_eq!(v["verdict"], "other_key");
    assert_eq!(v["problems"][0]["kind"], "key_mismatch");
    assert_eq!(v["problems"][0]["signature_valid"], true);
    b.verify(
        &b.bundle,
        &["--pubkey", "0000-1111-2222-3333-4444-5555-6666-7777"],
    )
    .code(3);
    // Signed by another key *and* changed afterwards: a changed bundle (exit 4), with both said.
    let (_, pos, size) = b.members()[2].clone();
    let p = b.copy_with("other-and-changed.tar", |bytes| {
        bytes[(pos + size / 2) as usize] ^= 1
    });
    b.verify(&p, &["--pubkey", &other_pub])
        .code(4)
        .stdout(predicate::str::contains("別の鍵で署名されています"))
        .stdout(predicate::str::contains("変更されたファイル: report.html"))
        .stderr(predicate::str::contains("署名後に変更されています"));
    // The manifest's key swapped for the expected one: the signature no longer holds.
    let other_hex = std::fs::read_to_string(&other_pub).unwrap();
    let other_hex = other_hex.lines().nth(1).unwrap().as_bytes().to_vec();
    let p = b.copy_with("key-swapped.tar", |bytes| {
        let field = b"\"public_key\": \"";
        let at = bytes.windows(field.len()).position(|w| w == field).unwrap() + field.len();
        bytes[at..at + 64].copy_from_slice(&other_hex);
    });
    b.verify(&p, &["--pubkey", &other_pub])
        .code(4)
        .stdout(predicate::str::contains("署名が一致しません"));
    b.verify(&b.bundle, &["--pubkey", "not-a-key"])
        .failure()
        .stderr(predicate::str::contains("not-a-key"));
    b.verify(&b.env.path("missing.tar"), &[]).failure();
}

/// Rebuild the bundle with its members changed by `edit` (same manifest and signature).
fn rebuild(b: &Bundled, name: &str, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> PathBuf {
    let mut a = tar::Archive::new(std::fs::File::open(&b.bundle).unwrap());
    let mut members: Vec<(String, Vec<u8>)> = a
        .entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let n = e.path().unwrap().display().to_string();
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut v).unwrap();
            (n, v)
        })
        .collect();
    edit(&mut members);
    let p = b.env.path(name);
    let mut builder = tar::Builder::new(std::fs::File::create(&p).unwrap());
    for (n, data) in &members {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o600);
        h.set_entry_type(tar::EntryType::Regular);
        // Write the name bytes directly so even hostile names reach the reader.
        let gnu = h.as_gnu_mut().unwrap();
        gnu.name = [0; 100];
        gnu.name[..n.len()].copy_from_slice(n.as_bytes());
        h.set_cksum();
        builder.append(&h, data.as_slice()).unwrap();
    }
    builder.finish().unwrap();
    p
}

#[test]
fn added_removed_and_hostile_members() {
    let b = bundled();
    let p = rebuild(&b, "added.tar", |m| {
        m.push(("extra.txt".into(), b"hello".to_vec()))
    });
    b.verify(&p, &[])
        .failure()
        .stdout(predicate::str::contains("追加されたファイル: extra.txt"));
    let p = rebuild(&b, "removed.tar", |m| m.retain(|(n, _)| n != "report.json"));
    b.verify(&p, &[])
        .failure()
        .stdout(predicate::str::contains("削除されたファイル: report.json"));
    let p = rebuild(&b, "renamed.tar", |m| m[2].0 = "report2.html".into());
    b.verify(&p, &[])
        .failure()
        .stdout(predicate::str::contains("削除されたファイル: report.html"))
        .stdout(predicate::str::contains("追加されたファイル: report2.html"));
    for (file, name, why) in [
        ("traversal.tar", "../../etc/passwd", "path traversal"),
        ("absolute.tar", "/etc/passwd", "absolute path"),
        ("dotdot.tar", "evidence/../../x", "path traversal"),
        ("backslash.tar", "..\\x", "backslash"),
    ] {
        let p = rebuild(&b, file, |m| m.push((name.into(), b"x".to_vec())));
        b.verify(&p, &[])
            .failure()
            .stderr(predicate::str::contains("使えません"))
            .stderr(predicate::str::contains(why));
    }
    let p = rebuild(&b, "dup.tar", |m| {
        let again = m[2].clone();
        m.push(again)
    });
    b.verify(&p, &[])
        .failure()
        .stderr(predicate::str::contains("report.html が二度出てきます"));
    let p = rebuild(&b, "order.tar", |m| m.swap(0, 2));
    b.verify(&p, &[])
        .failure()
        .stderr(predicate::str::contains("番目のメンバー"));
    // A header claiming a member far larger than the file: refused before reading.
    let p = b.copy_with("huge.tar", |bytes| {
        let mut h = tar::Header::new_gnu();
        h.set_size(1 << 40);
        h.set_path("bomb.bin").unwrap();
        h.set_mode(0o600);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        // Replace the end-of-archive marker with the lying header.
        let end = bytes.len() - 1024;
        bytes.truncate(end);
        bytes.extend_from_slice(h.as_bytes());
        bytes.extend_from_slice(&[0u8; 1024]);
    });
    b.verify(&p, &[])
        .failure()
        .stderr(predicate::str::contains("bomb.bin"))
        .stderr(predicate::str::contains("上限"));
    // A symlink member.
    let p = b.copy_with("link.tar", |bytes| {
        let mut h = tar::Header::new_gnu();
        h.set_size(0);
        h.set_path("evidence/link").unwrap();
        h.set_link_name("/etc/shadow").unwrap();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_cksum();
        let end = bytes.len() - 1024;
        bytes.truncate(end);
        bytes.extend_from_slice(h.as_bytes());
        bytes.extend_from_slice(&[0u8; 1024]);
    });
    b.verify(&p, &[])
        .failure()
        .stderr(predicate::str::contains("通常のファイルではありません"));
}

#[test]
fn bad_key_files_are_named_and_nothing_is_written() {
    let env = Env::fixture();
    let key = env.path("bad.key");
    let out = env.path("b.tar");
    for (content, line) in [
        (&b"hello\n"[..], "1 行目"),
        (&b"kensa-ed25519-secret-key/1\nxyz\n"[..], "2 行目"),
        (&[0xffu8, 0xfe][..], "1 行目"),
    ] {
        std::fs::write(&key, content).unwrap();
        env.run(&[
            "bundle",
            "--out",
            out.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ])
        .failure()
        .stderr(predicate::str::contains(key.display().to_string()))
        .stderr(predicate::str::contains(line));
        assert!(!out.exists());
    }
    // A public key is not a secret key.
    let good = env.path("good.key");
    env.ok(&["keygen", "--out", good.to_str().unwrap()]);
    env.run(&[
        "bundle",
        "--out",
        out.to_str().unwrap(),
        "--key",
        &format!("{}.pub", good.display()),
    ])
    .failure()
    .stderr(predicate::str::contains("kensa-ed25519-secret-key/1"));
    env.run(&[
        "bundle",
        "--out",
        out.to_str().unwrap(),
        "--key",
        "/nonexistent/key",
    ])
    .failure();
    assert!(!out.exists());
}

#[test]
fn the_ledger_in_the_store_reaches_the_report() {
    let env = Env::fixture();
    let csv = env.path("ledger.csv");
    std::fs::write(
        &csv,
        "管理番号,メーカー,OS,ソフトウェア,ソフトウェアバージョン,IPアドレス,コンピュータ名,設置場所,利用者,登録日,状態,説明\n\
         SV-001,富士通,Windows Server 2022,電子カルテ,5.2,198.18.0.10,EHR-SV1,サーバ室,情報システム課,2024/4/1,稼働,\n\
         PC-002,NEC,Windows 11,レセコン,3.1,198.18.0.20,RECE-01,医事課,医事課,R6.4.1,稼働,\n",
    )
    .unwrap();
    env.ok(&["inventory", "import", csv.to_str().unwrap()]);
    env.ok(&["inventory", "retire", "PC-002"]);
    let r = json(&std::fs::read_to_string(env.report("json")).unwrap());
    let ledger = r["ledger"].as_array().unwrap();
    assert_eq!(ledger.len(), 1, "retired rows stay out: {ledger:?}");
    assert_eq!(ledger[0]["management_no"], "SV-001");
    assert_eq!(ledger[0]["registered_on"], "2024-04-01");
    let md = std::fs::read_to_string(env.report("md")).unwrap();
    assert!(md.contains("EHR-SV1"), "{md}");
}
