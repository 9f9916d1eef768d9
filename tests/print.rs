#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! What the inspector holds in their hand: the HTML report printed by headless Chromium and the
//! xlsx report printed by LibreOffice, both to PDF, then read back with poppler's `pdftotext` and
//! `pdfinfo`: every item text and every note whole on one page, the facility, 年度 and page number
//! on every page, the 台帳 on landscape pages, nothing wider than its cell.
//!
//! The tools are Debian packages `.ci/run` installs (chromium, libreoffice-calc, poppler-utils,
//! fonts-noto-cjk). Without them a developer's run skips these tests with a message; with `CI`
//! set they fail instead.
//!
//! `KENSA_PRINT_SAMPLES=DIR` also writes PNG pages of the fixture's printouts into DIR (what
//! `scripts/print-samples.sh` does for docs/print/); `KENSA_PRINT_KEEP=DIR` keeps the PDFs.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

const TODAY: &str = "2025-10-01";
const FACILITY: &str = "みなと市民病院";
/// A note long enough to wrap over many lines in every output, with a Latin word that must not
/// be broken and a line break of its own.
const LONG_NOTE: &str = "電子カルテ更新（令和8年1月予定）に合わせてアクセス権限の区分を全面的に見直すため、目標日を延期した。情報システム委員会（9月定例）で承認済み。詳細は議事録 https://intra.example/minutes/2025-09 を参照。\n各部署の職種別権限表は、医事課・看護部・薬剤部の順に作成し、部署長の確認を経て情報システム課が設定する。";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

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

    fn ok(&self, args: &[&str]) -> String {
        let out = self.kensa().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "kensa {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn report(&self, format: &str) -> PathBuf {
        let out = self.path(&format!("report.{format}"));
        self.ok(&["report", "--format", format, "--out", out.to_str().unwrap()]);
        out
    }

    fn json(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.report("json")).unwrap()).unwrap()
    }
}

/// A hospital on the R7 sheet, carried from last year's R6 sheet, with every kind of history:
/// a row checked three times with its 目標日 moved twice (once on its own), a long note, evidence,
/// a 台帳 of several kinds, a vendor sheet and a contacts list with long names.
fn fixture() -> Env {
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    env.ok(&[
        "init",
        "--name",
        FACILITY,
        "--kind",
        "hospital",
        "--prefecture",
        "東京都",
    ]);
    env.ok(&[
        "sheet",
        "new",
        "--edition",
        "hospital-r6",
        "--fiscal-year",
        "2024",
    ]);
    for item in ["2-1", "2-2"] {
        env.ok(&[
            "answer",
            item,
            "yes",
            "--date",
            "2024-06-03",
            "--sheet",
            "hospital-r6-2024",
        ]);
    }
    env.ok(&[
        "sheet",
        "new",
        "--edition",
        "hospital-r7",
        "--from",
        "hospital-r6-2024",
    ]);
    let answers: &[&[&str]] = &[
        &["gate", "yes", "--date", "2025-06-02"],
        &[
            "1-1",
            "yes",
            "--date",
            "2025-06-02",
            "--note",
            "院長が兼務（令和7年4月1日付け辞令）",
        ],
        &["2-1", "yes", "--date", "2025-06-02"],
        &[
            "2-4@server",
            "no",
            "--date",
            "2025-06-02",
            "--target",
            "2025-09-30",
            "--note",
            "権限表を作成中 | 来月完了",
        ],
        &[
            "2-4@server",
            "no",
            "--date",
            "2025-08-01",
            "--target",
            "2025-12-26",
            "--note",
            LONG_NOTE,
            "--by",
            "情報システム課 佐藤",
        ],
        &[
            "2-4@server",
            "yes",
            "--date",
            "2025-09-01",
            "--note",
            "権限表を承認（情報システム委員会）",
        ],
        &[
            "2-13@network",
            "no",
            "--date",
            "2025-06-02",
            "--target",
            "2025-11-28",
        ],
        &[
            "2-5@server",
            "no",
            "--date",
            "2025-06-02",
            "--target",
            "2025-08-31",
        ],
    ];
    for a in answers {
        let mut args = vec!["answer"];
        args.extend_from_slice(a);
        env.ok(&args);
    }
    // A 目標日 moved on its own, not with a check.
    env.ok(&["target", "2-13@network", "2025-12-26"]);
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
            "045-000-1001",
        ),
        ("安全管理責任者", "副院長 鈴木花子", "", "", "045-000-1002"),
        ("manager", "院長 山田太郎", "", "", "045-000-1003"),
        (
            "vendor",
            "保守窓口（平日9時〜18時、休日は緊急連絡先へ）",
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
    std::fs::write(
        env.path("ledger.csv"),
        "管理番号,種別,メーカー,OS,ソフトウェア,ソフトウェアバージョン,IPアドレス,コンピュータ名,設置場所,利用者,登録日,状態,説明\n\
         SV-001,サーバ,富士通,Windows Server 2022,電子カルテ,5.2,198.18.0.10,EHR-SV1,サーバ室,情報システム課,2024/4/1,稼働,電子カルテのデータベースサーバ（二重化の主系）\n\
         PC-002,端末,NEC,Windows 11,レセコン,3.1,198.18.0.20,RECE-01,医事課,医事課,R6.4.1,稼働,\n\
         NW-003,ネットワーク,ヤマハ,,,,198.18.0.1,RTX-01,サーバ室,情報システム課,2023/10/1,稼働,外部接続ルータ（保守回線あり）\n\
         MD-004,医療機器,キヤノン,,画像診断装置,,198.18.0.40,CT-01,放射線科,放射線科,2022/4/1,稼働,\n\
         XX-005,,,,,,198.18.0.50,,倉庫,,2021/4/1,停止,種別を記入していない行\n",
    )
    .unwrap();
    env.ok(&[
        "inventory",
        "import",
        env.path("ledger.csv").to_str().unwrap(),
    ]);
    env.ok(&["sheet", "new", "--edition", "vendor-r7"]);
    env.ok(&[
        "answer",
        "1-1",
        "yes",
        "--date",
        "2025-07-01",
        "--sheet",
        "vendor-r7-2025",
    ]);
    env
}

// ---- tools ----

fn tool(names: &[&str]) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

/// The tools a test needs, or `None` (skip) on a developer's machine without them; in CI
/// (`CI` set) a missing tool fails the test.
fn tools(names: &[&[&str]]) -> Option<Vec<PathBuf>> {
    let found: Vec<Option<PathBuf>> = names.iter().map(|n| tool(n)).collect();
    if found.iter().all(Option::is_some) {
        return Some(found.into_iter().flatten().collect());
    }
    let missing: Vec<&str> = names
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(n, _)| n[0])
        .collect();
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {missing:?} is missing: .ci/run installs it with apt-get"
    );
    eprintln!("{missing:?} not installed: skipping the printing test (it runs in CI)");
    None
}

fn run(c: &mut Command) -> std::process::Output {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn chromium_pdf(bin: &Path, html: &Path, pdf: &Path, profile: &Path) {
    run(Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // What a user gets with the browser's own header and footer switched off: the page
            // itself must name the facility and number the pages.
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display())));
    assert!(pdf.is_file());
}

fn soffice_pdf(bin: &Path, xlsx: &Path, out_dir: &Path, profile: &Path) -> PathBuf {
    run(Command::new(bin)
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(out_dir)
        .arg(xlsx)
        .env("HOME", profile));
    let pdf = out_dir.join(xlsx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.is_file(), "LibreOffice wrote no {}", pdf.display());
    pdf
}

struct Pdf {
    /// `pdftotext -layout` of each page: the lines as printed.
    layout: Vec<String>,
    /// `pdftotext -raw` of each page: text in drawing order, so a wrapped cell's lines follow
    /// each other (in `-layout` they are interleaved with the neighbouring columns).
    raw: Vec<String>,
    /// Whether each page is wider than tall.
    landscape: Vec<bool>,
}

fn read_pdf(pdf: &Path) -> Pdf {
    // `KENSA_PRINT_KEEP=DIR` keeps the printouts for a look.
    if let Some(dir) = std::env::var_os("KENSA_PRINT_KEEP") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(pdf, Path::new(&dir).join(pdf.file_name().unwrap())).unwrap();
    }
    let info = String::from_utf8(run(Command::new("pdfinfo").arg(pdf)).stdout).unwrap();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let text = |mode: &str, page: usize| {
        let p = page.to_string();
        String::from_utf8(
            run(Command::new("pdftotext")
                .args([mode, "-f", &p, "-l", &p])
                .arg(pdf)
                .arg("-"))
            .stdout,
        )
        .unwrap()
    };
    let landscape = |page: usize| {
        let p = page.to_string();
        let info = String::from_utf8(
            run(Command::new("pdfinfo").args(["-f", &p, "-l", &p]).arg(pdf)).stdout,
        )
        .unwrap();
        // "Page    3 size: 841.92 x 594.96 pts (A4)"
        let size = info.lines().find(|l| l.contains(" size:")).unwrap();
        let nums: Vec<f64> = size
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let (w, h) = (nums[1], nums[2]);
        assert!(
            (w.min(h) - 595.0).abs() < 2.0 && (w.max(h) - 842.0).abs() < 2.0,
            "page {page} is not A4: {size}"
        );
        w > h
    };
    Pdf {
        layout: (1..=pages).map(|p| text("-layout", p)).collect(),
        raw: (1..=pages).map(|p| text("-raw", p)).collect(),
        landscape: (1..=pages).map(landscape).collect(),
    }
}

/// Text without any white space: how a wrapped cell is compared with what was entered.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl Pdf {
    fn pages(&self) -> usize {
        self.layout.len()
    }

    /// The pages on which `text` appears whole (white space aside).
    fn pages_with(&self, text: &str) -> Vec<usize> {
        let want = squash(text);
        self.raw
            .iter()
            .enumerate()
            .filter(|(_, page)| squash(page).contains(&want))
            .map(|(i, _)| i + 1)
            .collect()
    }

    fn assert_whole(&self, what: &str, text: &str) {
        assert!(
            !self.pages_with(text).is_empty(),
            "{what} is not whole on any page: {text:?}\n{}",
            self.raw.join("\n---- page ----\n")
        );
    }

    /// Facility name, 年度 and `page / pages` on every page.
    fn assert_every_page_named(&self, year: &str) {
        let n = self.pages();
        for (i, page) in self.layout.iter().enumerate() {
            assert!(
                page.contains(FACILITY),
                "page {} lacks the facility:\n{page}",
                i + 1
            );
            assert!(page.contains(year), "page {} lacks {year}:\n{page}", i + 1);
            // `3 / 12` as a word of its own, however the layout happens to space it.
            let number = format!("{}/{n}", i + 1);
            let words = page.split_whitespace().collect::<Vec<_>>().join(" ");
            let numbered = words.replace(" / ", "/").split(' ').any(|w| w == number);
            assert!(numbered, "page {} lacks «{number}»:\n{page}", i + 1);
        }
    }

    fn count(&self, needle: &str) -> usize {
        self.layout.iter().map(|p| p.matches(needle).count()).sum()
    }
}

/// What the printout must hold, from the JSON report of the same data.
struct Expected {
    /// Item texts of the facility's sheet and the vendor sheets, with the mark of a wording that
    /// is not verified (［文言は案から］, ［文言未確認］, ［本文未確認…］).
    items: Vec<(String, Option<String>)>,
    /// 備考 of every form row that has one.
    remarks: Vec<String>,
    /// Every note of every check in the 確認履歴.
    notes: Vec<String>,
    phones: Vec<String>,
    /// Rows answered for ネットワーク機器.
    network_rows: usize,
    /// 和暦 of every date the checklists show.
    wareki: Vec<String>,
}

fn expected(report: &Value) -> Expected {
    let mut e = Expected {
        items: Vec::new(),
        remarks: Vec::new(),
        notes: Vec::new(),
        phones: Vec::new(),
        network_rows: 0,
        wareki: Vec::new(),
    };
    let sheets =
        std::iter::once(&report["sheet"]).chain(report["vendor_sheets"].as_array().unwrap());
    for s in sheets {
        let items = s["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|sec| sec["items"].as_array().unwrap())
            .chain(s["gate"].as_object().map(|_| &s["gate"]));
        for item in items {
            e.items.push((
                item["text"].as_str().unwrap().to_string(),
                item["wording_mark"].as_str().map(String::from),
            ));
            for row in item["rows"].as_array().unwrap() {
                let r = row["remarks"].as_str().unwrap();
                if !r.is_empty() {
                    e.remarks.push(r.to_string());
                }
                if row["scope"] == "network" {
                    e.network_rows += 1;
                }
                for cell in [
                    &row["first"]["date"],
                    &row["target"],
                    &row["second"]["date"],
                ] {
                    if let Some(w) = cell["wareki"].as_str() {
                        e.wareki.push(w.to_string());
                    }
                }
            }
        }
        for h in s["history"].as_array().unwrap() {
            for entry in h["entries"].as_array().unwrap() {
                let note = entry["note"].as_str().unwrap();
                if !note.is_empty() {
                    e.notes.push(note.to_string());
                }
            }
        }
    }
    for c in report["contacts"].as_array().unwrap() {
        if let Some(p) = c["phone"].as_str() {
            e.phones.push(p.to_string());
        }
    }
    assert!(
        e.notes.iter().any(|n| n == LONG_NOTE),
        "the fixture's long note"
    );
    assert!(e.network_rows > 0 && !e.phones.is_empty());
    e
}

/// PNG pages for the docs, when `KENSA_PRINT_SAMPLES` names a folder: (page, file stem).
fn samples(pdf: &Path, pages: &[(usize, &str)]) {
    let Some(dir) = std::env::var_os("KENSA_PRINT_SAMPLES") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (page, stem) in pages {
        let p = page.to_string();
        run(Command::new("pdftoppm")
            .args(["-r", "60", "-png", "-singlefile", "-f", &p, "-l", &p])
            .arg(pdf)
            .arg(dir.join(stem)));
    }
}

fn first_page_with(pdf: &Pdf, text: &str) -> usize {
    pdf.raw
        .iter()
        .position(|p| p.contains(text))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no page has {text}"))
}

#[test]
fn html_prints_whole_named_and_numbered() {
    let Some(bins) = tools(&[
        &["chromium", "chromium-browser", "google-chrome"],
        &["pdftotext"],
        &["pdfinfo"],
    ]) else {
        return;
    };
    let env = fixture();
    let report = env.json();
    let want = expected(&report);
    let html = env.report("html");
    let pdf_path = env.path("report-html.pdf");
    chromium_pdf(&bins[0], &html, &pdf_path, &env.path("chromium-profile"));
    let pdf = read_pdf(&pdf_path);
    assert!(pdf.pages() >= 5, "{} pages", pdf.pages());

    pdf.assert_every_page_named("令和7年度");
    // The 台帳 alone prints landscape.
    let ledger = first_page_with(&pdf, "機器台帳（5）");
    for (i, landscape) in pdf.landscape.iter().enumerate() {
        let is_ledger = pdf.raw[i].contains("管理番号");
        assert_eq!(
            *landscape,
            is_ledger,
            "page {} landscape={landscape}:\n{}",
            i + 1,
            pdf.layout[i]
        );
    }
    assert!(pdf.landscape[ledger - 1]);
    // 種別 in words.
    let ledger_text = &pdf.layout[ledger - 1];
    for kind in ["サーバ", "端末", "ネットワーク機器", "医療機器", "その他"] {
        assert!(ledger_text.contains(kind), "{kind}:\n{ledger_text}");
    }
    assert!(!ledger_text.contains("other") && !ledger_text.contains("network"));

    for (text, mark) in &want.items {
        pdf.assert_whole("item text", text);
        if let Some(mark) = mark {
            // The mark stands right after the text it qualifies.
            pdf.assert_whole("item text with its mark", &format!("{text}{mark}"));
        }
    }
    for r in &want.remarks {
        pdf.assert_whole("備考", r);
    }
    for n in &want.notes {
        pdf.assert_whole("note in the 確認履歴", n);
    }
    // Never broken inside: 「ネットワーク機器」 in its 対象 cells, phone numbers (chart and
    // table), dates in 和暦, the 連絡順 header.
    assert!(
        pdf.count("ネットワーク機器") >= want.network_rows,
        "a 対象 cell breaks 「ネットワーク機器」"
    );
    for p in &want.phones {
        assert!(
            pdf.count(p) >= 2,
            "phone {p} is broken in the chart or the table"
        );
    }
    for w in &want.wareki {
        assert!(pdf.count(w) >= 1, "{w} is broken");
    }
    assert!(pdf.count("連絡順") >= 1);
    // The history shows every 目標日 ever set, the one moved on its own included.
    let history = first_page_with(&pdf, "目標日の設定・変更");
    for w in ["令和7年9月30日", "令和7年11月28日", "令和7年12月26日"] {
        assert!(
            pdf.layout[history - 1..].iter().any(|p| p.contains(w)),
            "{w} missing from the 確認履歴"
        );
    }

    // Nothing is wider than its cell: a script added to a copy of the page measures every cell
    // of the form, the contacts, the findings and the history at the printed width.
    let probe = env.path("probe.html");
    let script = r#"<script>(function(){var bad=[];document.querySelectorAll('.sheet td, .sheet th, .contacts td, .contacts th, .history td, .history th, .findings td, .facts th').forEach(function(c){if(c.scrollWidth>c.clientWidth+1){bad.push(c.className+': '+c.textContent.trim().slice(0,40));}});var p=document.createElement('pre');p.id='overflow';p.textContent='['+bad.join(' | ')+']';document.body.appendChild(p);})();</script>"#;
    let page = std::fs::read_to_string(&html).unwrap();
    std::fs::write(&probe, page.replace("</body>", &format!("{script}</body>"))).unwrap();
    let dom = run(Command::new(&bins[0])
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            // A4 portrait's printed width (186 mm) plus the screen style's padding.
            "--window-size=800,1200",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            env.path("chromium-probe").display()
        ))
        .arg(format!("file://{}", probe.display())));
    let dom = String::from_utf8_lossy(&dom.stdout);
    let report_line = dom
        .split("<pre id=\"overflow\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .expect("the probe ran");
    assert_eq!(
        report_line, "[]",
        "cells whose content is wider than the cell"
    );

    samples(
        &pdf_path,
        &[
            (1, "html-1-cover"),
            (
                first_page_with(&pdf, "確認結果（日付）"),
                "html-2-checklist",
            ),
            (first_page_with(&pdf, "連絡順"), "html-3-contacts"),
            (ledger, "html-4-ledger"),
            (history, "html-5-history"),
        ],
    );
}

#[test]
fn xlsx_prints_whole_named_and_numbered() {
    let Some(bins) = tools(&[&["soffice", "libreoffice"], &["pdftotext"], &["pdfinfo"]]) else {
        return;
    };
    let env = fixture();
    let report = env.json();
    let want = expected(&report);
    let xlsx = env.report("xlsx");
    let out = env.path("pdf");
    std::fs::create_dir_all(&out).unwrap();
    let pdf_path = soffice_pdf(&bins[0], &xlsx, &out, &env.path("lo-profile"));
    let pdf = read_pdf(&pdf_path);
    // Checklist, findings, vendor sheet, 台帳, contacts, history: at least one page each.
    assert!(pdf.pages() >= 6, "{} pages", pdf.pages());
    pdf.assert_every_page_named("令和7年度");
    let ledger = first_page_with(&pdf, "管理番号");
    assert!(pdf.landscape[ledger - 1], "the 台帳 prints landscape");
    for kind in ["サーバ", "端末", "ネットワーク機器", "医療機器", "その他"] {
        assert!(pdf.layout[ledger - 1].contains(kind), "{kind}");
    }

    // LibreOffice leaves out of the PDF what a row is too short to show, so a clipped cell
    // fails here.
    for (text, _) in &want.items {
        pdf.assert_whole("item text", text);
    }
    for r in &want.remarks {
        pdf.assert_whole("備考", r);
    }
    for n in &want.notes {
        pdf.assert_whole("note in the 確認履歴 sheet", n);
    }
    for w in &want.wareki {
        assert!(pdf.count(w) >= 1, "{w} (和暦 beside 西暦)");
    }
    for p in &want.phones {
        assert!(pdf.count(p) >= 1, "phone {p}");
    }
    // The form's sub-header whole: 「はい・いいえ」 once for 1回目 and once for 2回目 on every
    // checklist page (the header rows repeat).
    for (i, page) in pdf.layout.iter().enumerate() {
        if page.contains("確認結果（日付）") {
            assert_eq!(
                page.matches("はい・いいえ").count(),
                2,
                "page {}:\n{page}",
                i + 1
            );
        }
    }
    // The findings, in words.
    let findings = first_page_with(&pdf, "立入検査の確認事項");
    assert!(pdf.raw[findings - 1].contains("2 ⑤ サーバ"));
    assert!(!pdf.raw[findings - 1].contains("first-check-missing"));

    samples(
        &pdf_path,
        &[
            (1, "xlsx-1-checklist"),
            (findings, "xlsx-2-findings"),
            (first_page_with(&pdf, "記録日時"), "xlsx-3-history"),
        ],
    );
}

#[test]
fn xlsx_cells_keep_notes_and_marks_apart() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let env = fixture();
    let bytes = std::fs::read(env.report("xlsx")).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "チェックリスト",
            "指摘事項",
            "事業者確認用1",
            "事業者カバー状況",
            "台帳",
            "連絡体制",
            "確認履歴"
        ]
    );
    let ws = wb.worksheet_range("チェックリスト").unwrap();
    let s = |r: u32, c: u32| match ws.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let row = (0..ws.height() as u32)
        .find(|r| s(*r, 1).starts_with("利用者の職種"))
        .unwrap();
    // ［文言未確認］ beside the item text, 備考 kept for the notes.
    assert!(s(row, 1).ends_with("［文言未確認］"), "{}", s(row, 1));
    assert!(!s(row, 8).contains("文言未確認"), "{}", s(row, 8));
    assert!(s(row, 8).contains("権限表を作成中"));
    assert!(s(row, 8).contains("権限表を承認"));
    // The middle check and the first 目標日 are not on the form; 備考 says where they are.
    assert!(
        s(row, 8).contains("他の記録 2 件は確認履歴に"),
        "{}",
        s(row, 8)
    );
    for r in 0..ws.height() as u32 {
        assert!(!s(r, 8).contains("文言未確認"), "row {r}: {}", s(r, 8));
    }
    // 和暦 from the date value: the cell is a date with a Japanese-era number format.
    assert!(matches!(ws.get_value((row, 4)), Some(Data::DateTime(_))));

    let h = wb.worksheet_range("確認履歴").unwrap();
    let texts: Vec<String> = h
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t == LONG_NOTE));
    assert!(texts.iter().any(|t| t == "目標日の設定・変更"));
    assert!(texts.iter().any(|t| t.contains("前年度から引継ぎ")));
    assert!(texts.iter().any(|t| t == "patch-report.txt"));
}

#[test]
fn history_keeps_every_record_in_html_and_markdown() {
    let env = fixture();
    let r = env.json();
    let history = r["sheet"]["history"].as_array().unwrap();
    let row = history.iter().find(|h| h["row"] == "2-4@server").unwrap();
    let entries = row["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{entries:#?}");
    assert_eq!(entries[0]["shown"], "1回目");
    assert_eq!(entries[0]["target"]["iso"], "2025-09-30");
    assert_eq!(entries[1]["shown"], "目標日");
    assert_eq!(entries[1]["by"], "情報システム課 佐藤");
    assert_eq!(entries[1]["note"], LONG_NOTE);
    assert_eq!(entries[2]["shown"], "2回目");
    assert_eq!(row["off_form"], 2);
    let net = history.iter().find(|h| h["row"] == "2-13@network").unwrap();
    let kinds: Vec<&str> = net["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["check", "target"]);
    assert_eq!(net["entries"][1]["shown"], "目標日");
    // The carried answer of 2-2 (not checked again this year) is in the history, shown in 備考.
    let carried = history.iter().find(|h| h["row"] == "2-2").unwrap();
    assert_eq!(carried["entries"][0]["kind"], "carried");
    assert_eq!(carried["entries"][0]["shown"], "備考");

    let html = std::fs::read_to_string(env.report("html")).unwrap();
    let md = std::fs::read_to_string(env.report("md")).unwrap();
    for doc in [&html, &md] {
        assert!(doc.contains("確認履歴"));
        assert!(doc.contains("目標日の設定・変更"));
        assert!(doc.contains("情報システム課 佐藤"));
        assert!(doc.contains("2025-09-30"));
        assert!(doc.contains("他の記録 2 件は確認履歴に"));
        // Vendor sheets are headed by the form and 年度, never by kensa's key.
        assert!(!doc.contains("vendor-r7-2025"));
        assert!(doc.contains("事業者確認用　令和7年度（2025年度）"));
    }
    assert!(html.contains("電子カルテ更新（令和8年1月予定）に合わせて"));
}
