#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! `kensa bcp` on the real binary: a facility with full data writes all three formats (the
//! docx opened by LibreOffice and read back from its PDF), a facility with no BCP data gets
//! every gap listed by `bcp check` and printed in red, the Markdown is a golden snapshot, and
//! every command refuses bad input without storing anything.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const TODAY: &str = "2026-06-01";

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

    fn kensa(&self) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.env("KENSA_DB", self.path("kensa.db"))
            .env("KENSA_CHECKLISTS", self.path("user-checklists"))
            .env("KENSA_TODAY", TODAY)
            .env_remove("KENSA_LANG")
            .env("USER", "tester");
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.kensa().args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn fails(&self, args: &[&str], message: &str) {
        self.kensa()
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn hospital(&self) {
        self.ok(&[
            "init",
            "--name",
            "試験総合病院",
            "--kind",
            "hospital",
            "--prefecture",
            "東京都",
            "--manager",
            "院長 山田太郎",
            "--security-officer",
            "情報システム課長 佐藤花子",
        ]);
    }

    /// A hospital that has done its 台帳 and 連絡体制, and registered its systems, backups,
    /// connection, a drill and the approval.
    fn full(&self) {
        self.hospital();
        for (role, name, org, system, phone) in [
            ("department", "看護部", Some("看護部"), None, "内線 2001"),
            (
                "system_admin",
                "情報システム課 鈴木",
                Some("情報システム課"),
                None,
                "内線 3001",
            ),
            ("security_officer", "佐藤花子", None, None, "内線 3000"),
            ("manager", "山田太郎", None, None, "内線 1000"),
            (
                "vendor",
                "保守窓口",
                Some("A社"),
                Some("電子カルテ"),
                "0120-111-111",
            ),
            (
                "vendor",
                "PACSサポート",
                Some("B社"),
                Some("PACS"),
                "0120-222-222",
            ),
            (
                "mhlw",
                "医政局特定医薬品開発支援・医療情報担当参事官室",
                None,
                None,
                "03-5253-1111",
            ),
            (
                "police",
                "サイバー犯罪相談窓口",
                Some("警視庁"),
                None,
                "03-3431-8109",
            ),
            (
                "prefecture",
                "医療安全課",
                Some("東京都"),
                None,
                "03-5320-0000",
            ),
            (
                "health_center",
                "医事担当",
                Some("みなと保健所"),
                None,
                "03-6400-0000",
            ),
        ] {
            let mut args = vec![
                "contacts", "add", "--role", role, "--name", name, "--phone", phone,
            ];
            if let Some(o) = org {
                args.extend(["--org", o]);
            }
            if let Some(s) = system {
                args.extend(["--system", s]);
            }
            self.ok(&args);
        }
        for (no, kind, name, ip, place) in [
            ("NW-001", "network", "core-sw", "192.168.10.1", "サーバ室"),
            ("SV-001", "server", "emr-db", "192.168.10.10", "サーバ室"),
            ("SV-002", "server", "pacs", "192.168.20.10", "サーバ室"),
            ("PC-001", "terminal", "ns-1", "192.168.30.21", "3階病棟"),
            ("PC-002", "terminal", "ns-2", "192.168.30.22", "3階病棟"),
        ] {
            self.ok(&[
                "inventory",
                "add",
                "--control-no",
                no,
                "--kind",
                kind,
                "--computer-name",
                name,
                "--ip",
                ip,
                "--location",
                place,
            ]);
        }
        self.ok(&[
            "bcp",
            "system",
            "add",
            "--name",
            "電子カルテ",
            "--vendor",
            "A社",
            "--assets",
            "SV-001,NW-001",
            "--importance",
            "高",
            "--priority",
            "1",
            "--target-recovery",
            "24h",
            "--alternative",
            "紙カルテ・カーボン複写伝票",
            "--remote-maintenance",
            "A社 IPsec-VPN 装置経由",
            "--backup-frequency",
            "毎日",
            "--backup-method",
            "バックアップサーバへデータベースを複製",
            "--backup-location",
            "サーバ室 バックアップサーバ、外付けHDD（事務室金庫）",
            "--offline-copy",
            "yes",
            "--restore-procedure",
            "データベース再構築後にバックアップから復元",
            "--restore-test",
            "2026-03-15",
        ]);
        self.ok(&[
            "bcp",
            "system",
            "add",
            "--name",
            "PACS",
            "--vendor",
            "B社",
            "--assets",
            "SV-002",
            "--importance",
            "medium",
            "--priority",
            "2",
            "--target-recovery",
            "3日",
            "--alternative",
            "撮影装置側のモニタで閲覧",
            "--backup-frequency",
            "7日ごと",
            "--backup-method",
            "NAS へ画像を複製",
            "--backup-location",
            "PACS室 NAS",
            "--offline-copy",
            "yes",
            "--restore-procedure",
            "NAS から画像を戻す",
            "--restore-test",
            "2026-02-01",
        ]);
        self.ok(&[
            "bcp",
            "ehr-sharing",
            "set",
            "--connection",
            "web-api",
            "--line",
            "ip-vpn",
            "--line-provider",
            "NTT東日本",
            "--router-location",
            "サーバ室ラック2",
            "--terminal-location",
            "医事課受付",
            "--signing",
            "cardless",
            "--ons-contact",
            "医事課 高橋",
        ]);
        self.ok(&[
            "bcp",
            "drill",
            "add",
            "--date",
            "令和8年1月20日",
            "--scenario",
            "ランサムウェアで電子カルテ停止",
            "--participants",
            "院長、情報システム課、看護部",
            "--lessons",
            "連絡網の番号が古かった",
            "--follow-ups",
            "連絡網を四半期ごとに確認",
        ]);
        self.ok(&[
            "bcp",
            "approve",
            "--by",
            "院長 山田太郎",
            "--date",
            "2026-05-01",
        ]);
    }
}

fn soffice_pdf_text(docx: &Path, outdir: &Path) -> String {
    let status = Process::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(outdir)
        .arg(docx)
        .env("HOME", outdir)
        .status()
        .expect("LibreOffice (soffice) is needed: apt-get install libreoffice-writer");
    assert!(status.success(), "soffice failed");
    let pdf = outdir.join(docx.with_extension("pdf").file_name().unwrap());
    let out = Process::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed: apt-get install poppler-utils");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_facility_with_full_data_writes_all_three_formats() {
    let env = Env::new();
    env.full();
    let check = env.json(&["bcp", "check", "--json"]);
    assert_eq!(check["unfilled"].as_array().unwrap().len(), 0, "{check:#}");
    assert_eq!(check["plan"]["plan"]["state"], "approved");
    assert_eq!(check["plan"]["plan"]["changed"], false);
    // Every item answered from the data is met; the rest wait for the officer.
    for item in check["items"].as_array().unwrap() {
        if item["judged_by"].is_null() {
            assert_eq!(item["state"]["state"], "asked", "{item}");
        } else {
            assert_eq!(item["state"]["state"], "met", "{item}");
        }
    }
    env.ok(&[
        "bcp",
        "confirm",
        "2-2",
        "yes",
        "--note",
        "監視ソフトの警告で検知",
    ]);
    let text = env.ok(&["bcp", "check"]);
    let met = check["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["judged_by"].is_null())
        .count();
    assert!(
        text.contains(&format!("確認表 {}/{}", met + 1, check["total"])),
        "{text}"
    );
    let status = env.ok(&["status"]);
    assert!(
        status.contains("BCP（チェックリスト 3(3)）: 第1版 承認済み（2026-05-01、院長 山田太郎）・最終訓練 2026-01-20"),
        "{status}"
    );

    for format in ["md", "html", "docx"] {
        let out = env.path(&format!("bcp.{format}"));
        let msg = env.ok(&[
            "bcp",
            "write",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(msg.contains("未記入 0 件"), "{msg}");
    }
    let md = std::fs::read_to_string(env.path("bcp.md")).unwrap();
    assert!(!md.contains("未記入"));
    for fact in [
        "試験総合病院",
        "情報システム課長 佐藤花子",
        "0120-111-111",
        "サーバ室 バックアップサーバ、外付けHDD（事務室金庫）",
        "A社 IPsec-VPN 装置経由",
        "192.168.10.0/24、192.168.20.0/24、192.168.30.0/24",
        "サーバ室ラック2",
        "緊急時医療情報・資格確認機能",
        "第1版　2026-05-01（令和8年5月1日） 承認（院長 山田太郎）",
    ] {
        assert!(md.contains(fact), "{fact} missing from the Markdown");
    }
    let html = std::fs::read_to_string(env.path("bcp.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("network-diagram"));
    assert!(html.contains("contact-chart"));
    assert!(!html.contains("src=\"http"), "self-contained");

    let pdf = soffice_pdf_text(&env.path("bcp.docx"), env.dir.path());
    let flat: String = pdf.split_whitespace().collect();
    for heading in [
        "第1章総則",
        "第2章体制整備",
        "第3章サイバーインシデント発生時の対応",
        "3.6電子カルテ情報共有サービス等が使えないとき",
        "第4章事後対応",
        "初動対応カード",
        "2.1.4ネットワーク・システム構成図",
        "試験総合病院",
        "0120-111-111",
    ] {
        assert!(
            flat.contains(heading),
            "{heading} missing from the PDF:\n{pdf}"
        );
    }
}

#[test]
fn a_facility_without_bcp_data_gets_every_gap_listed_and_in_red() {
    let env = Env::new();
    env.hospital();
    let check = env.json(&["bcp", "check", "--json"]);
    assert_eq!(check["satisfied"], 0);
    assert_eq!(check["plan"]["plan"]["state"], "none");
    let unfilled: Vec<String> = check["unfilled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["message"].as_str().unwrap().to_string())
        .collect();
    for expected in [
        "対象システム",
        "情報機器台帳",
        "経営層の承認",
        "訓練の記録",
        "電子カルテ情報共有サービスの接続",
        "連絡先（警察）",
    ] {
        assert!(
            unfilled.iter().any(|u| u == expected),
            "{expected} not in {unfilled:?}"
        );
    }
    let text = env.ok(&["bcp", "check"]);
    assert!(text.contains(&format!("文書の未記入（{} 件）", unfilled.len())));
    assert!(text.contains(&format!("確認表 0/{}", check["total"])));

    let md_path = env.path("empty.md");
    let html_path = env.path("empty.html");
    env.ok(&[
        "bcp",
        "write",
        "--format",
        "md",
        "--out",
        md_path.to_str().unwrap(),
    ]);
    env.ok(&[
        "bcp",
        "write",
        "--format",
        "html",
        "--out",
        html_path.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(&md_path).unwrap();
    let html = std::fs::read_to_string(&html_path).unwrap();
    // Each gap `bcp check` lists is printed in red in the document, and nothing else is.
    for u in check["unfilled"].as_array().unwrap() {
        let mark = format!(
            "未記入: {}（{} で登録）",
            u["message"].as_str().unwrap(),
            u["command"].as_str().unwrap()
        );
        let esc = mark.replace('&', "&amp;");
        assert!(
            html.contains(&format!("<span class=\"missing\">{esc}</span>")),
            "{mark} not red in the HTML"
        );
        assert!(md.contains("<span style=\"color:#c00000\">"), "{mark}");
    }
    assert_eq!(
        html.matches("<span class=\"missing\">").count() > 0,
        !unfilled.is_empty()
    );
    assert!(html.contains(".missing{color:#c00000"));
    // Nothing invented: no facility facts that were never given.
    assert!(!md.contains("/24"));
    insta::assert_snapshot!("empty_facility_markdown", md);

    let docx = env.path("empty.docx");
    env.ok(&[
        "bcp",
        "write",
        "--format",
        "docx",
        "--out",
        docx.to_str().unwrap(),
    ]);
    let pdf = soffice_pdf_text(&docx, env.dir.path());
    let flat: String = pdf.split_whitespace().collect();
    assert!(flat.contains("未記入:対象システム"), "{pdf}");
}

#[test]
fn the_full_markdown_is_stable() {
    let env = Env::new();
    env.full();
    let md_path = env.path("full.md");
    env.ok(&[
        "bcp",
        "write",
        "--format",
        "md",
        "--out",
        md_path.to_str().unwrap(),
    ]);
    insta::assert_snapshot!(
        "full_facility_markdown",
        std::fs::read_to_string(md_path).unwrap()
    );
}

#[test]
fn bad_input_is_refused_and_nothing_is_stored() {
    let env = Env::new();
    env.hospital();
    env.ok(&[
        "inventory",
        "add",
        "--control-no",
        "SV-001",
        "--kind",
        "server",
    ]);
    fn add<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        let mut v = vec!["bcp", "system", "add", "--name", "電子カルテ"];
        v.extend_from_slice(extra);
        v
    }
    env.fails(&["bcp", "system", "add", "--name", "  "], "システム名");
    env.fails(&add(&["--importance", "最高"]), "重要度「最高」");
    env.fails(&add(&["--priority", "0"]), "復旧優先度「0」");
    env.fails(&add(&["--priority", "abc"]), "復旧優先度");
    env.fails(&add(&["--target-recovery", "soon"]), "目標復旧時間「soon」");
    env.fails(&add(&["--offline-copy", "maybe"]), "「maybe」");
    env.fails(&add(&["--restore-test", "2026-13-01"]), "--restore-test");
    env.fails(&add(&["--restore-test", "2027-01-01"]), "今日より後");
    env.fails(&add(&["--assets", "SV-001,XX-999"]), "XX-999");
    let long = "あ".repeat(4001);
    env.fails(&add(&["--alternative", &long]), "--alternative");
    assert_eq!(
        env.json(&["bcp", "system", "list", "--json"])["systems"],
        serde_json::json!([])
    );
    env.fails(&["bcp", "system", "edit", "9", "--vendor", "x"], "#9");
    env.fails(&["bcp", "system", "remove", "9"], "#9");
    env.fails(&["bcp", "ehr-sharing", "set"], "設定する項目がありません");
    env.fails(&["bcp", "ehr-sharing", "set", "--line", "isdn"], "「isdn」");
    env.fails(
        &["bcp", "ehr-sharing", "set", "--connection", "fax"],
        "「fax」",
    );
    env.fails(
        &["bcp", "ehr-sharing", "set", "--signing", "hanko"],
        "「hanko」",
    );
    env.fails(
        &[
            "bcp",
            "ehr-sharing",
            "set",
            "--ons-contact",
            &"x".repeat(201),
        ],
        "--ons-contact",
    );
    assert_eq!(
        env.json(&["bcp", "ehr-sharing", "show", "--json"])["ehr_sharing"],
        Value::Null
    );
    env.fails(
        &[
            "bcp",
            "drill",
            "add",
            "--date",
            "昨日",
            "--scenario",
            "x",
            "--participants",
            "y",
        ],
        "昨日",
    );
    env.fails(
        &[
            "bcp",
            "drill",
            "add",
            "--date",
            "2026-05-01",
            "--scenario",
            " ",
            "--participants",
            "y",
        ],
        "--scenario",
    );
    env.fails(
        &[
            "bcp",
            "drill",
            "add",
            "--date",
            "2026-12-01",
            "--scenario",
            "x",
            "--participants",
            "y",
        ],
        "今日より後",
    );
    assert_eq!(
        env.json(&["bcp", "drill", "list", "--json"])["drills"],
        serde_json::json!([])
    );
    env.fails(
        &["bcp", "approve", "--by", "院長"],
        "承認する計画がありません",
    );
    env.ok(&["bcp", "system", "add", "--name", "電子カルテ"]);
    env.fails(&["bcp", "approve", "--by", " "], "--by");
    env.fails(
        &["bcp", "approve", "--by", "院長", "--date", "R8.13.1"],
        "R8.13.1",
    );
    env.fails(&["bcp", "confirm", "9-9", "yes"], "9-9");
    env.fails(&["bcp", "confirm", "1-2-3", "yes"], "データから判定");
    env.fails(&["bcp", "confirm", "2-2", "na"], "「na」");
    env.fails(
        &[
            "bcp",
            "write",
            "--format",
            "md",
            "--out",
            env.dir.path().to_str().unwrap(),
        ],
        "",
    );
    // Only the one valid system was stored; the audit chain is intact.
    assert_eq!(
        env.json(&["bcp", "system", "list", "--json"])["systems"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    env.ok(&["audit", "verify"]);
}

#[test]
fn a_change_after_approval_makes_the_plan_a_draft_again() {
    let env = Env::new();
    env.full();
    env.ok(&["bcp", "system", "edit", "2", "--alternative", "紙伝票"]);
    let check = env.json(&["bcp", "check", "--json"]);
    assert_eq!(check["plan"]["plan"]["changed"], true);
    let status = env.ok(&["status"]);
    assert!(status.contains("その後の変更は未承認"), "{status}");
    env.ok(&["bcp", "approve", "--by", "院長 山田太郎"]);
    let check = env.json(&["bcp", "check", "--json"]);
    assert_eq!(check["plan"]["plan"]["version"], 2);
    assert_eq!(check["plan"]["plan"]["changed"], false);
    // Removing a system keeps it out of the plan and the record.
    env.ok(&["bcp", "system", "remove", "2"]);
    let rec: Value = serde_json::from_str(&env.ok(&["record"])).unwrap();
    assert_eq!(rec["bcp"]["systems"].as_array().unwrap().len(), 1);
    assert_eq!(rec["bcp"]["approvals"].as_array().unwrap().len(), 2);
}
