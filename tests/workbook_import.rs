#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture
//! Official checklist workbooks built here in the official layouts (rust_xlsxwriter): the R5
//! 医療機関確認用 with the verified texts of checklists/hospital-r5.yaml, and an R8-like merged
//! 医療機関・薬局確認用 whose texts are SYNTHETIC (the R8 texts are not in any source this
//! project can read; the fixture says so in a cell of its own). Each goes through
//! `kensa checklist import` → YAML → `kensa checklist validate` → a sheet answered with
//! `kensa answer`; every bad workbook of issue 17 is refused with its cells named and nothing
//! written.

use std::io::{Cursor, Read, Write};
use std::path::PathBuf;

use assert_cmd::Command;
use kensa::model::checklist::{Edition, Scope, parse_edition};
use rust_xlsxwriter::{Format, Image, Shape, Workbook, Worksheet};

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
    fn user_dir(&self) -> PathBuf {
        self.path("user-checklists")
    }
    fn kensa(&self) -> Command {
        let mut c = Command::cargo_bin("kensa").unwrap();
        c.env("KENSA_DB", self.path("kensa.db"))
            .env("KENSA_CHECKLISTS", self.user_dir())
            .env("KENSA_TODAY", "2026-08-01")
            .env_remove("KENSA_LANG")
            .env("USER", "tester");
        c
    }
    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.kensa().args(args).assert()
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
    fn stdout(&self, args: &[&str]) -> String {
        String::from_utf8(self.run(args).success().get_output().stdout.clone()).unwrap()
    }
    /// Run, expect failure, return stderr.
    fn refused(&self, args: &[&str]) -> String {
        String::from_utf8(self.run(args).failure().get_output().stderr.clone()).unwrap()
    }
}

fn r5() -> Edition {
    parse_edition(
        "hospital-r5.yaml",
        include_str!("../checklists/hospital-r5.yaml"),
    )
    .unwrap()
}

const ANSWER_TEMPLATE: &str = "はい・いいえ\n（　/　）";
const DATE_TEMPLATE: &str = "（　/　）";

fn scope_header(s: Scope) -> &'static str {
    match s {
        Scope::General => "医療情報システム全般について、以下を実施している。",
        Scope::Server => "サーバについて、以下を実施している。",
        Scope::Terminal => "端末PCについて、以下を実施している。",
        Scope::Network => "ネットワーク機器について、以下を実施している。",
    }
}

/// A filled answer for one row: 1回目, 目標日, 2回目, 備考 as typed.
#[derive(Clone, Default)]
struct Filled {
    first: String,
    target: String,
    second: String,
    note: String,
}

/// The R5 医療機関確認用 in its official layout: title and form label above a two-row header
/// (チェック項目 merged over A4:B5, 確認結果（日付） over 1回目 / 目標日 / 2回目, 備考 merged
/// down), the gate, the 令和5年度中 block and the 参考項目 block, items repeated under their
/// group headers, the number in its own column. `fill` answers rows; `tweak` spoils the sheet.
fn r5_workbook(
    fill: &dyn Fn(&str, Scope) -> Option<Filled>,
    tweak: &dyn Fn(&mut Worksheet, &Rows),
) -> Vec<u8> {
    let e = r5();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("医療機関確認用").unwrap();
    let wrap = Format::new().set_text_wrap();
    ws.merge_range(
        0,
        0,
        0,
        5,
        "令和5年度版 医療機関におけるサイバーセキュリティ対策チェックリスト",
        &wrap,
    )
    .unwrap();
    ws.write_string(1, 0, "【医療機関確認用】").unwrap();
    ws.merge_range(3, 0, 4, 1, "チェック項目", &wrap).unwrap();
    ws.merge_range(3, 2, 3, 4, "確認結果（日付）", &wrap)
        .unwrap();
    ws.write_string(4, 2, "1回目").unwrap();
    ws.write_string(4, 3, "目標日").unwrap();
    ws.write_string(4, 4, "2回目").unwrap();
    ws.merge_range(3, 5, 4, 5, "備考", &wrap).unwrap();
    let mut rows = Rows::default();
    let mut r = 5u32;
    let heading = |ws: &mut Worksheet, r: &mut u32, text: &str| {
        ws.merge_range(*r, 0, *r, 5, text, &wrap).unwrap();
        *r += 1;
    };
    let answer_row = |ws: &mut Worksheet,
                      r: &mut u32,
                      rows: &mut Rows,
                      id: &str,
                      number: &str,
                      text: &str,
                      scope: Scope| {
        ws.write_string(*r, 0, number).unwrap();
        ws.write_string(*r, 1, text).unwrap();
        let struck = id == "3-1";
        let f = fill(id, scope).unwrap_or(Filled {
            first: ANSWER_TEMPLATE.into(),
            target: if struck {
                "－".into()
            } else {
                DATE_TEMPLATE.into()
            },
            second: if struck {
                "－".into()
            } else {
                ANSWER_TEMPLATE.into()
            },
            note: String::new(),
        });
        for (c, v) in [(2, &f.first), (3, &f.target), (4, &f.second), (5, &f.note)] {
            if !v.is_empty() {
                ws.write_string(*r, c, v).unwrap();
            }
        }
        rows.0.push((id.to_string(), scope, *r));
        *r += 1;
    };
    heading(ws, &mut r, "医療情報システムの有無【医療機関確認用】");
    let gate = e.gate.as_ref().unwrap();
    answer_row(
        ws,
        &mut r,
        &mut rows,
        "gate",
        "",
        &gate.text,
        Scope::General,
    );
    for reference in [false, true] {
        if reference {
            heading(ws, &mut r, "○参考項目（令和６年度中）");
            heading(ws, &mut r, &e.instructions[3].text);
        } else {
            heading(ws, &mut r, "〇 令和5年度中");
            for i in &e.instructions[..3] {
                heading(ws, &mut r, &i.text);
            }
        }
        for s in &e.sections {
            let in_block = |i: &kensa::model::checklist::Item, sc: Scope| {
                i.has_scope(sc) && i.is_reference(sc) == reference
            };
            if !s
                .items
                .iter()
                .any(|i| Scope::ALL.iter().any(|sc| in_block(i, *sc)))
            {
                continue;
            }
            // Full-width section numbers, as printed.
            let n = char::from_u32('０' as u32 + s.number).unwrap();
            heading(ws, &mut r, &format!("{n}　{}", s.title));
            let groups: &[Scope] = if s.number == 2 {
                &[
                    Scope::General,
                    Scope::Server,
                    Scope::Network,
                    Scope::Terminal,
                ]
            } else {
                &[Scope::General]
            };
            for g in groups {
                let items: Vec<_> = s.items.iter().filter(|i| in_block(i, *g)).collect();
                if items.is_empty() {
                    continue;
                }
                if s.number == 2 {
                    heading(ws, &mut r, scope_header(*g));
                }
                for i in items {
                    answer_row(ws, &mut r, &mut rows, &i.id, &i.number, &i.text, *g);
                }
            }
        }
    }
    ws.set_column_width(1, 60).unwrap();
    tweak(ws, &rows);
    wb.save_to_buffer().unwrap()
}

/// (item, scope, row) of every answer row written.
#[derive(Default)]
struct Rows(Vec<(String, Scope, u32)>);

impl Rows {
    fn row(&self, id: &str, scope: Scope) -> u32 {
        self.0
            .iter()
            .find(|(i, s, _)| i == id && *s == scope)
            .unwrap()
            .2
    }
}

fn blank(_: &str, _: Scope) -> Option<Filled> {
    None
}

fn no_tweak(_: &mut Worksheet, _: &Rows) {}

fn import_r5(env: &Env, bytes: &[u8]) -> (PathBuf, String) {
    let xlsx = env.write("r5.xlsx", bytes);
    let out = env.path("r5-imported.yaml");
    let stdout = env.stdout(&[
        "checklist",
        "import",
        xlsx.to_str().unwrap(),
        "--published",
        "2023-06-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    (out, stdout)
}

#[test]
fn r5_hospital_imports_to_the_verified_edition() {
    let env = Env::new();
    let bytes = r5_workbook(&blank, &no_tweak);
    // The fuzz target's seed (fuzz/seeds/official_workbook) is this workbook.
    if let Ok(dir) = std::env::var("KENSA_WRITE_FUZZ_SEED") {
        std::fs::write(PathBuf::from(dir).join("r5-hospital.xlsx"), &bytes).unwrap();
    }
    let (out, stdout) = import_r5(&env, &bytes);
    assert!(stdout.contains("hospital-r5"), "{stdout}");
    let text = std::fs::read_to_string(&out).unwrap();
    let imported = parse_edition("out", &text).unwrap();
    let shipped = r5();
    assert_eq!(imported.id, "hospital-r5");
    assert_eq!(imported.fiscal_year, 2023);
    assert_eq!(imported.title, shipped.title);
    assert_eq!(imported.instructions, shipped.instructions);
    assert_eq!(imported.reference_deadline_fiscal_year, Some(2024));
    assert_eq!(
        imported.gate.as_ref().unwrap().text,
        shipped.gate.as_ref().unwrap().text
    );
    assert_eq!(imported.sections.len(), shipped.sections.len());
    for (a, b) in imported.sections.iter().zip(&shipped.sections) {
        assert_eq!((a.number, &a.title), (b.number, &b.title));
        let ids = |s: &kensa::model::checklist::Section| {
            s.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ids(a), ids(b));
        for (x, y) in a.items.iter().zip(&b.items) {
            assert_eq!(x.number, y.number, "{}", x.id);
            assert_eq!(x.text, y.text, "{}", x.id);
            assert_eq!(x.scopes, y.scopes, "{}", x.id);
            assert_eq!(x.reference_scopes, y.reference_scopes, "{}", x.id);
            assert_eq!(x.not_applicable_when, y.not_applicable_when, "{}", x.id);
            assert_eq!(x.physical_evidence, y.physical_evidence, "{}", x.id);
            assert_eq!(x.wording, kensa::model::checklist::Wording::Verified);
        }
    }
    // The source is the file with its digest; 3(1)'s struck-out 目標日 is noted.
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert!(imported.source.contains("r5.xlsx") && imported.source.contains(&sha));
    assert!(
        imported.notes.as_ref().unwrap().contains("目標日 cell"),
        "{:?}",
        imported.notes
    );
    assert!(imported.notes.as_ref().unwrap().contains("3-1"));
    // The same validation as any edition file.
    env.run(&["checklist", "validate", out.to_str().unwrap()])
        .success();
    // A second import does not overwrite the first.
    let xlsx = env.path("r5.xlsx");
    let err = env.refused(&[
        "checklist",
        "import",
        xlsx.to_str().unwrap(),
        "--published",
        "2023-06-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("既にあります"), "{err}");
    // A built-in edition is not put into the user folder.
    let err = env.refused(&[
        "checklist",
        "import",
        xlsx.to_str().unwrap(),
        "--published",
        "2023-06-01",
    ]);
    assert!(err.contains("hospital-r5"), "{err}");
    assert!(!env.user_dir().exists());
}

/// SYNTHETIC: an R8-like 医療機関・薬局確認用. The layout follows the merged R8 sheet as far as
/// it is described (one sheet for hospitals and pharmacies, ①–⑬ numbering, one row per scope
/// with the scope in a 対象 column and the item cell merged down over its rows); the texts are
/// made up from the R7 texts and the GL 7.0 changes reported in the reference, and are NOT the
/// official R8 wording.
const SYNTHETIC_MARK: &str =
    "試験用の合成データです。公式の文言ではありません / SYNTHETIC test fixture, not official text";

struct R8Item {
    section: u32,
    number: &'static str,
    text: &'static str,
    scopes: &'static [&'static str],
}

const R8_ITEMS: &[R8Item] = &[
    R8Item {
        section: 1,
        number: "①",
        text: "医療情報システム安全管理責任者を設置している。",
        scopes: &["全般"],
    },
    R8Item {
        section: 2,
        number: "①",
        text: "サーバ、端末 PC、ネットワーク機器の台帳管理を行っている。",
        scopes: &["全般"],
    },
    R8Item {
        section: 2,
        number: "②",
        text: "リモートメンテナンス（保守）を利用している機器の有無を事業者に確認した。",
        scopes: &["全般"],
    },
    R8Item {
        section: 2,
        number: "④",
        text: "利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。",
        scopes: &["サーバ", "端末ＰＣ"],
    },
    R8Item {
        section: 2,
        number: "⑦",
        text: "パスワードは英数字、記号が混在した8文字以上としている。\n※13文字以上を推奨",
        scopes: &["全般"],
    },
    R8Item {
        section: 2,
        number: "⑪",
        text: "二要素認証を実装している（令和9年度までの導入を目標）。",
        scopes: &["サーバ", "端末PC"],
    },
    R8Item {
        section: 2,
        number: "⑬",
        text: "接続元制限を実施している。",
        scopes: &["ネットワーク機器"],
    },
    R8Item {
        section: 3,
        number: "①",
        text: "インシデント発生時における組織内と外部関係機関（事業者、厚生労働省、警察等）への連絡体制図がある。",
        scopes: &["全般"],
    },
];

fn r8_workbook(
    fill: &dyn Fn(u32, usize) -> Option<Filled>,
    tweak: &dyn Fn(&mut Worksheet),
) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("チェックリスト").unwrap();
    let wrap = Format::new().set_text_wrap();
    ws.merge_range(
        0,
        0,
        0,
        6,
        "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト（令和８年６月）",
        &wrap,
    )
    .unwrap();
    ws.write_string(1, 0, "【医療機関・薬局確認用】").unwrap();
    ws.write_string(2, 0, SYNTHETIC_MARK).unwrap();
    ws.merge_range(3, 0, 4, 1, "チェック項目", &wrap).unwrap();
    ws.merge_range(3, 2, 4, 2, "対象", &wrap).unwrap();
    ws.merge_range(3, 3, 3, 5, "確認結果（日付）", &wrap)
        .unwrap();
    ws.write_string(4, 3, "１回目").unwrap();
    ws.write_string(4, 4, "目標日").unwrap();
    ws.write_string(4, 5, "２回目").unwrap();
    ws.merge_range(3, 6, 4, 6, "備考", &wrap).unwrap();
    let mut r = 5u32;
    let heading = |ws: &mut Worksheet, r: &mut u32, text: &str| {
        ws.merge_range(*r, 0, *r, 6, text, &wrap).unwrap();
        *r += 1;
    };
    heading(
        ws,
        &mut r,
        "*1回目の確認で「いいえ」の場合、令和８年度中の対応目標日を記入してください。",
    );
    ws.merge_range(
        r,
        0,
        r,
        1,
        "医療情報システムの有無\n「医療情報システムを導入、運用している。」",
        &wrap,
    )
    .unwrap();
    ws.write_string(r, 3, ANSWER_TEMPLATE).unwrap();
    ws.write_string(r, 4, DATE_TEMPLATE).unwrap();
    ws.write_string(r, 5, ANSWER_TEMPLATE).unwrap();
    r += 1;
    let titles = [
        "",
        "１　体制構築",
        "２　医療情報システムの管理・運用",
        "３　インシデント発生に備えた対応",
    ];
    let mut section = 0;
    for it in R8_ITEMS {
        if it.section != section {
            section = it.section;
            heading(ws, &mut r, titles[section as usize]);
        }
        let n = it.scopes.len() as u32;
        if n > 1 {
            ws.merge_range(r, 0, r + n - 1, 0, it.number, &wrap)
                .unwrap();
            ws.merge_range(r, 1, r + n - 1, 1, it.text, &wrap).unwrap();
        } else {
            ws.write_string(r, 0, it.number).unwrap();
            ws.write_string(r, 1, it.text).unwrap();
        }
        for (k, scope) in it.scopes.iter().enumerate() {
            let row = r + k as u32;
            ws.write_string(row, 2, *scope).unwrap();
            let f = fill(row, k).unwrap_or(Filled {
                first: ANSWER_TEMPLATE.into(),
                target: DATE_TEMPLATE.into(),
                second: ANSWER_TEMPLATE.into(),
                note: String::new(),
            });
            for (c, v) in [(3, &f.first), (4, &f.target), (5, &f.second), (6, &f.note)] {
                if !v.is_empty() {
                    ws.write_string(row, c, v).unwrap();
                }
            }
        }
        r += n;
    }
    tweak(ws);
    wb.save_to_buffer().unwrap()
}

#[test]
fn r8_merged_layout_imports_into_the_user_folder_and_is_answered() {
    let env = Env::new();
    let xlsx = env.write("001716187.xlsx", &r8_workbook(&|_, _| None, &|_| {}));
    // The merged 医療機関・薬局確認用 needs the form.
    let err = env.refused(&["checklist", "import", xlsx.to_str().unwrap()]);
    assert!(err.contains("--form hospital"), "{err}");
    assert!(!env.user_dir().exists());
    // Without --accept-links the links are shown, not written.
    let stdout = env.stdout(&[
        "checklist",
        "import",
        xlsx.to_str().unwrap(),
        "--form",
        "hospital",
    ]);
    assert!(stdout.contains("hospital-r7"), "{stdout}");
    assert!(stdout.contains("--accept-links"), "{stdout}");
    let written = env.user_dir().join("hospital-r8.yaml");
    let text = std::fs::read_to_string(&written).unwrap();
    let e = parse_edition("r8", &text).unwrap();
    assert_eq!((e.fiscal_year, e.published.as_str()), (2026, "2026-06-01"));
    assert_eq!(e.previous.as_deref(), Some("hospital-r7"));
    assert!(e.all_items().all(|i| i.carries_from.is_none()));
    let ids: Vec<_> = e.all_items().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "gate", "1-1", "2-1", "2-2", "2-4", "2-7", "2-11", "2-13", "3-1"
        ]
    );
    let i = e.item("2-4").unwrap();
    assert_eq!(i.scopes, [Scope::Server, Scope::Terminal]);
    assert_eq!(i.number, "④");
    // The line break inside the cell is the form's wrap, not part of the text.
    assert_eq!(
        e.item("2-7").unwrap().text,
        "パスワードは英数字、記号が混在した8文字以上としている。※13文字以上を推奨"
    );
    assert_eq!(e.item("2-11").unwrap().deadline_fiscal_year, Some(2027));
    assert_eq!(
        e.gate.as_ref().unwrap().text,
        "医療情報システムを導入、運用している。"
    );
    // Re-import with links accepted: same items linked, the password item never.
    std::fs::remove_file(&written).unwrap();
    let stdout = env.stdout(&[
        "checklist",
        "import",
        xlsx.to_str().unwrap(),
        "--form",
        "hospital",
        "--accept-links",
    ]);
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("2-7 "))
        .unwrap();
    assert!(line.contains("意味が変わった"), "{stdout}");
    let e = parse_edition("r8", &std::fs::read_to_string(&written).unwrap()).unwrap();
    assert_eq!(e.item("2-7").unwrap().carries_from, None);
    assert_eq!(
        e.item("2-13").unwrap().carries_from.as_deref(),
        Some("2-13")
    );
    assert_eq!(e.item("2-1").unwrap().carries_from.as_deref(), Some("2-1"));
    assert_eq!(e.item("1-1").unwrap().carries_from.as_deref(), Some("1-1"));
    env.run(&["checklist", "validate", written.to_str().unwrap()])
        .success();
    // Used like a built-in edition: listed, a sheet made on it, answered.
    let list = env.stdout(&["checklist", "list"]);
    assert!(list.contains("hospital-r8"), "{list}");
    env.run(&["init", "--name", "テスト病院", "--kind", "hospital"])
        .success();
    env.run(&[
        "sheet",
        "new",
        "--edition",
        "hospital-r8",
        "--fiscal-year",
        "2026",
    ])
    .success();
    env.run(&[
        "answer",
        "2-4@server",
        "yes",
        "--date",
        "2026-07-01",
        "--sheet",
        "hospital-r8-2026",
    ])
    .success();
    env.run(&[
        "answer",
        "2-4@terminal",
        "no",
        "--date",
        "2026-07-01",
        "--target",
        "2027-03-01",
        "--sheet",
        "hospital-r8-2026",
    ])
    .success();
    let answers = env.stdout(&["answers", "--json", "--sheet", "hospital-r8-2026"]);
    assert!(answers.contains("\"2-4\""), "{answers}");
}

/// Replace or add zip parts of a workbook.
fn with_parts(bytes: Vec<u8>, edit: &dyn Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut content = Vec::new();
        f.read_to_end(&mut content).unwrap();
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&edit(&name, content)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn png() -> Vec<u8> {
    let mut buf = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut buf, 2, 2);
        enc.set_color(png::ColorType::Grayscale);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[0, 255, 255, 0]).unwrap();
    }
    buf
}

/// Import `bytes` as R5 and expect a refusal naming every string of `expected`; nothing is
/// written.
fn assert_refused(env: &Env, name: &str, bytes: &[u8], expected: &[&str]) {
    let xlsx = env.write(name, bytes);
    let out = env.path(&format!("{name}.yaml"));
    let err = env.refused(&[
        "checklist",
        "import",
        xlsx.to_str().unwrap(),
        "--published",
        "2023-06-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    for e in expected {
        assert!(err.contains(e), "{name}: `{e}` not in:\n{err}");
    }
    assert!(err.contains("何も書き込んでいません"), "{name}: {err}");
    assert!(!out.exists(), "{name}");
}

#[test]
fn bad_workbooks_are_refused_with_their_cells_named() {
    let env = Env::new();
    // Not a checklist: a ledger.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "管理番号").unwrap();
    ws.write_string(0, 1, "メーカー").unwrap();
    assert_refused(
        &env,
        "ledger.xlsx",
        &wb.save_to_buffer().unwrap(),
        &["チェックリストの様式ではありません", "Sheet1"],
    );
    // Images only: a scanned form saved as xlsx.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.insert_image(0, 0, &Image::new_from_buffer(&png()).unwrap())
        .unwrap();
    assert_refused(
        &env,
        "scan.xlsx",
        &wb.save_to_buffer().unwrap(),
        &["画像（1 個）だけ"],
    );
    // Missing header row: 目標日 gone.
    let bytes = r5_workbook(&blank, &|ws, _| {
        ws.clear_cell(4, 3);
    });
    assert_refused(&env, "noheader.xlsx", &bytes, &["5 行目", "目標日"]);
    // Hidden rows and columns.
    let bytes = r5_workbook(&blank, &|ws, rows| {
        ws.set_row_hidden(rows.row("2-6", Scope::Server)).unwrap();
        ws.set_column_hidden(3).unwrap();
    });
    assert_refused(
        &env,
        "hidden.xlsx",
        &bytes,
        &["非表示の行", "非表示の列があります（D）"],
    );
    // A formula where the form has text.
    let bytes = r5_workbook(&blank, &|ws, rows| {
        ws.write_formula(rows.row("2-8", Scope::Network), 5, "=1+1")
            .unwrap();
    });
    assert_refused(&env, "formula.xlsx", &bytes, &["数式のセル", "F"]);
    // A merge over two answer rows' 1回目 cells.
    let bytes = r5_workbook(&blank, &|ws, rows| {
        let r = rows.row("2-4", Scope::Server);
        ws.merge_range(r, 2, r + 1, 2, "はい", &Format::new())
            .unwrap();
    });
    assert_refused(&env, "merge.xlsx", &bytes, &["様式にないセル結合", "C"]);
    // Two checklists in one file.
    let mut wb = Workbook::new();
    for name in ["病院", "薬局"] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        ws.write_string(0, 0, "チェックリスト").unwrap();
        ws.write_string(2, 0, "チェック項目").unwrap();
        ws.write_string(2, 1, "1回目").unwrap();
    }
    assert_refused(
        &env,
        "two.xlsx",
        &wb.save_to_buffer().unwrap(),
        &["チェックリストが複数", "病院!B3", "薬局!B3"],
    );
    // A row that is no part of the form.
    let bytes = r5_workbook(&blank, &|ws, rows| {
        let r = rows.row("2-8", Scope::Network);
        ws.clear_cell(r, 0);
        ws.write_string(r, 1, "これは様式にない行").unwrap();
    });
    assert_refused(
        &env,
        "stray.xlsx",
        &bytes,
        &["様式のどの行とも読めません", "これは様式にない行"],
    );
    // Text beside the answer columns.
    let bytes = r5_workbook(&blank, &|ws, rows| {
        ws.write_string(rows.row("2-1", Scope::General), 7, "メモ")
            .unwrap();
    });
    assert_refused(&env, "outside.xlsx", &bytes, &["回答欄の外", "H"]);
    // Not an xlsx at all.
    assert_refused(&env, "garbage.xlsx", b"PK\x03\x04garbage", &[]);
    // A range written backwards (calamine would subtract its corners and overflow).
    let bytes = with_parts(r5_workbook(&blank, &no_tweak), &|name, c| {
        if name == "xl/worksheets/sheet1.xml" {
            String::from_utf8(c)
                .unwrap()
                .replacen("<dimension ref=\"A1:", "<dimension ref=\"Z99:", 1)
                .into_bytes()
        } else {
            c
        }
    });
    assert_refused(&env, "backwards.xlsx", &bytes, &["Z99:"]);
}

fn filled(first: &str, target: &str, second: &str, note: &str) -> Option<Filled> {
    Some(Filled {
        first: first.into(),
        target: target.into(),
        second: second.into(),
        note: note.into(),
    })
}

/// The R5 form as a hospital filled it in 令和5年度, in every notation people use.
fn r5_filled(id: &str, scope: Scope) -> Option<Filled> {
    match (id, scope) {
        ("gate", _) => filled("はい（５/１５）", DATE_TEMPLATE, ANSWER_TEMPLATE, ""),
        ("1-1", _) => filled(
            "〇はい・いいえ\n（R5.5.15）",
            DATE_TEMPLATE,
            ANSWER_TEMPLATE,
            "任命書あり",
        ),
        ("2-1", _) => filled(
            "はい・いいえ○\n（2023/5/15）",
            "（２０２４/１/３１）",
            "はい（2024/2/1）",
            "",
        ),
        ("2-2", _) => filled("○ 2023-05-15", DATE_TEMPLATE, ANSWER_TEMPLATE, ""),
        ("2-8", Scope::Network) => filled(
            "いいえ 令和5年5月15日",
            "令和6年3月1日",
            ANSWER_TEMPLATE,
            "更新予定",
        ),
        _ => None,
    }
}

fn r5_sheet(env: &Env) {
    env.run(&["init", "--name", "テスト病院", "--kind", "hospital"])
        .success();
    env.run(&[
        "sheet",
        "new",
        "--edition",
        "hospital-r5",
        "--fiscal-year",
        "2023",
    ])
    .success();
}

fn answers(env: &Env) -> serde_json::Value {
    serde_json::from_str(&env.stdout(&["answers", "--json", "--sheet", "hospital-r5-2023"]))
        .unwrap()
}

#[test]
fn a_filled_r5_form_becomes_answers_with_their_cells() {
    let env = Env::new();
    r5_sheet(&env);
    let mut rows = Rows::default();
    let cell = std::cell::RefCell::new(Vec::new());
    let bytes = r5_workbook(&r5_filled, &|_, r| cell.borrow_mut().clone_from(&r.0));
    rows.0 = cell.into_inner();
    let xlsx = env.write("令和5年度チェックリスト.xlsx", &bytes);
    let before = answers(&env);
    let out = env.stdout(&[
        "sheet",
        "import",
        xlsx.to_str().unwrap(),
        "--sheet",
        "hospital-r5-2023",
        "--dry-run",
    ]);
    assert!(out.contains("--dry-run"), "{out}");
    assert_eq!(answers(&env), before);
    let out = env.stdout(&[
        "sheet",
        "import",
        xlsx.to_str().unwrap(),
        "--sheet",
        "hospital-r5-2023",
    ]);
    assert!(out.contains("6 件"), "{out}");
    let a = answers(&env);
    let text = a.to_string();
    // Provenance: file, digest, cell; the importing user; dates as on the form.
    let row = rows.row("2-8", Scope::Network) + 1;
    assert!(text.contains(&format!("医療機関確認用!C{row}")), "{text}");
    assert!(text.contains("令和5年度チェックリスト.xlsx"), "{text}");
    assert!(
        text.contains("2023-05-15") && text.contains("2024-02-01"),
        "{text}"
    );
    assert!(text.contains("2024-03-01"), "{text}");
    assert!(
        text.contains("任命書あり") && text.contains("tester"),
        "{text}"
    );
    // The record carries the source, and the audit chain holds.
    let record = env.stdout(&["record"]);
    assert!(record.contains("file_sha256"), "{record}");
    env.run(&["audit", "verify"]).success();
}

/// A drawn ellipse over a cell: what a circle around はい is in Excel.
fn with_ellipse(bytes: Vec<u8>) -> Vec<u8> {
    with_parts(bytes, &|name, content| {
        if name.starts_with("xl/drawings/") && name.ends_with(".xml") {
            String::from_utf8(content)
                .unwrap()
                .replace("prst=\"rect\"", "prst=\"ellipse\"")
                .into_bytes()
        } else {
            content
        }
    })
}

#[test]
fn unreadable_and_foreign_filled_forms_store_nothing() {
    let env = Env::new();
    r5_sheet(&env);
    let before = answers(&env);
    // A circle drawn over はい on 2-4 (server): the cell still holds the printed template.
    let row = std::cell::Cell::new(0);
    let bytes = r5_workbook(&r5_filled, &|ws, rows| {
        let r = rows.row("2-4", Scope::Server);
        row.set(r);
        ws.insert_shape(r, 2, &Shape::textbox().set_text(" "))
            .unwrap();
    });
    let xlsx = env.write("circled.xlsx", &with_ellipse(bytes));
    let err = env.refused(&[
        "sheet",
        "import",
        xlsx.to_str().unwrap(),
        "--sheet",
        "hospital-r5-2023",
    ]);
    assert!(
        err.contains(&format!("C{}", row.get() + 1)) && err.contains("図形の丸"),
        "{err}"
    );
    assert!(err.contains("何も記録していません"), "{err}");
    assert_eq!(answers(&env), before);
    // A 確認日 outside the sheet's 年度, as `kensa answer` refuses it; and a bad date.
    let bytes = r5_workbook(
        &|id, scope| match id {
            "1-1" => filled("はい（2022/5/15）", DATE_TEMPLATE, ANSWER_TEMPLATE, ""),
            "2-1" => filled("いいえ（13/45）", DATE_TEMPLATE, ANSWER_TEMPLATE, ""),
            _ => r5_filled(id, scope),
        },
        &no_tweak,
    );
    let xlsx = env.write("dates.xlsx", &bytes);
    let err = env.refused(&[
        "sheet",
        "import",
        xlsx.to_str().unwrap(),
        "--sheet",
        "hospital-r5-2023",
    ]);
    assert!(err.contains("13/45"), "{err}");
    assert!(err.contains("2022-05-15"), "{err}");
    assert_eq!(answers(&env), before);
    // The R8 form is not the R5 sheet's.
    let xlsx = env.write(
        "r8.xlsx",
        &r8_workbook(
            &|_, _| filled("はい（5/1）", DATE_TEMPLATE, ANSWER_TEMPLATE, ""),
            &|_| {},
        ),
    );
    let err = env.refused(&[
        "sheet",
        "import",
        xlsx.to_str().unwrap(),
        "--sheet",
        "hospital-r5-2023",
    ]);
    assert!(err.contains("hospital-r5-2023"), "{err}");
    assert_eq!(answers(&env), before);
}
