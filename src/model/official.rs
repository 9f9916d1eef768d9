//! Recognising an official MHLW checklist workbook on a [`Grid`]: which sheet holds the
//! checklist, where its columns are (found by their headers, never by position), its title and
//! 年度, header instructions, sections, numbered items and their per-scope answer rows.
//!
//! The layouts recognised are those of the official sheets: the R5–R7 医療機関確認用 /
//! 事業者確認用 / 薬局確認用 (an item repeated under 「サーバについて、以下を実施している。」…
//! group headers, one answer row per repetition) and the R8 merged 医療機関・薬局確認用 (an
//! item cell merged down over one row per scope, the scope named in a 対象 column). Whatever
//! does not fit is refused with the sheet and cells named: a guessed layout would put answers
//! on the wrong item.

use std::collections::BTreeMap;

use super::checklist::{
    Edition, Form, Instruction, Item, NotApplicableWhen, PhysicalEvidence, SCHEMA_VERSION, Scope,
    Section, Wording,
};
use super::grid::{Book, Grid, Span, cell_ref, column_name};
use super::wareki::halfwidth;

/// Why a workbook is not taken as an official checklist. Every variant names the sheet and
/// cells concerned; the CLI words them through the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutProblem {
    /// The workbook has no worksheet.
    NoSheets,
    /// Pictures and no text: a scanned form saved as xlsx.
    ImagesOnly {
        sheet: String,
        pictures: usize,
    },
    /// No sheet has the header row (チェック項目 / 1回目 / 目標日 / 2回目).
    NotAChecklist {
        sheets: Vec<String>,
    },
    /// More than one header row (in one sheet or in several): which one is meant is not known.
    TwoChecklists {
        at: Vec<String>,
    },
    /// `--worksheet NAME` names no sheet.
    SheetNotFound {
        sheet: String,
        sheets: Vec<String>,
    },
    /// The header row lacks a column the form has.
    MissingHeader {
        sheet: String,
        row: u32,
        header: &'static str,
    },
    /// A header printed twice in the header rows.
    RepeatedHeader {
        sheet: String,
        header: &'static str,
        cells: Vec<String>,
    },
    /// Columns not in the form's order チェック項目 < 1回目 < 目標日 < 2回目.
    HeaderOrder {
        sheet: String,
        cells: Vec<String>,
    },
    /// No cell above the header holds the checklist's title (…チェックリスト).
    NoTitle {
        sheet: String,
        range: String,
    },
    /// No 令和N年度 above the header or in the instructions.
    NoFiscalYear {
        sheet: String,
        range: String,
    },
    /// No 確認用 label (医療機関確認用 / 事業者確認用 / 薬局確認用) and no `--form`.
    UnknownForm {
        sheet: String,
        range: String,
    },
    /// The R8 merged 医療機関・薬局確認用 serves two forms: `--form hospital|pharmacy` is needed.
    AmbiguousForm {
        sheet: String,
        cell: String,
    },
    /// The labels say one form, `--form` another, or two labels disagree.
    FormMismatch {
        sheet: String,
        cell: String,
        found: Form,
        wanted: Form,
    },
    Formulas {
        sheet: String,
        cells: Vec<String>,
    },
    HiddenRows {
        sheet: String,
        rows: Vec<String>,
    },
    HiddenColumns {
        sheet: String,
        columns: Vec<String>,
    },
    /// A merged range where the layout has none: answer cells over several rows or columns,
    /// an item text merged into the answer columns, a scope merged over rows.
    UnexpectedMerge {
        sheet: String,
        range: String,
    },
    /// A row below the header that is no heading, instruction, group header or item.
    UnrecognisedRow {
        sheet: String,
        cell: String,
        text: String,
    },
    /// Text right of the answer columns, or between them.
    OutsideColumns {
        sheet: String,
        cell: String,
        text: String,
    },
    /// Answer or scope cells on a row with no item.
    AnswerWithoutItem {
        sheet: String,
        cell: String,
    },
    /// A numbered item before any section heading.
    ItemBeforeSection {
        sheet: String,
        cell: String,
    },
    /// A 対象 cell that is no scope.
    UnknownScope {
        sheet: String,
        cell: String,
        text: String,
    },
    /// The same item twice for one scope.
    ScopeTwice {
        sheet: String,
        cell: String,
        item: String,
    },
    /// An item repeated (under another group header) with another text.
    TextDiffers {
        sheet: String,
        cell: String,
        first: String,
        item: String,
    },
    /// 医療情報システムの有無 without the sentence to answer.
    GateWithoutText {
        sheet: String,
        cell: String,
    },
    /// A header row and nothing below it.
    NoItems {
        sheet: String,
    },
}

/// The columns of the answer table, each as the columns its header spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// The row of the 1回目 / 2回目 headers (the last header row).
    pub header_row: u32,
    /// The first header row (チェック項目 may be merged down over two rows).
    pub header_top: u32,
    pub item: (u32, u32),
    /// The 対象 column of the R8 layout.
    pub scope: Option<(u32, u32)>,
    pub first: (u32, u32),
    pub target: (u32, u32),
    pub second: (u32, u32),
    pub note: Option<(u32, u32)>,
}

impl Columns {
    fn answer_spans(&self) -> Vec<(u32, u32)> {
        let mut v = vec![self.first, self.target, self.second];
        v.extend(self.note);
        v
    }
    fn last(&self) -> u32 {
        self.answer_spans()
            .iter()
            .map(|s| s.1)
            .max()
            .unwrap_or(self.second.1)
    }
}

/// One answer row of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    pub item_id: String,
    pub scope: Scope,
    pub row: u32,
    /// The row has a 目標日 cell (3(1) has only a 1回目 cell: its 目標日 cell is struck out).
    pub has_target: bool,
    /// Printed in the 参考項目 block.
    pub reference: bool,
}

/// A recognised item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutItem {
    pub id: String,
    pub number: String,
    pub text: String,
    /// The cell the text was read from.
    pub cell: String,
    pub deadline_fiscal_year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutSection {
    pub number: u32,
    pub title: String,
    pub items: Vec<LayoutItem>,
}

/// What a labelled 確認用 says the form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormLabel {
    One(Form),
    /// 医療機関・薬局確認用 (R8) or 医療機関等確認用.
    HospitalOrPharmacy,
}

/// A recognised checklist sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub sheet: String,
    pub columns: Columns,
    pub title: String,
    pub title_cell: String,
    pub fiscal_year: i32,
    /// The month of publication when the title says it (「（令和7年5月）」): `YYYY-MM-01`.
    pub published: Option<String>,
    pub form_label: Option<(FormLabel, String)>,
    /// Instruction sentences in print order, each with its cell and block.
    pub instructions: Vec<LayoutInstruction>,
    pub reference_deadline_fiscal_year: Option<i32>,
    pub gate: Option<LayoutItem>,
    pub sections: Vec<LayoutSection>,
    pub rows: Vec<AnswerRow>,
}

impl Layout {
    pub fn item(&self, id: &str) -> Option<&LayoutItem> {
        self.gate
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.items.iter()))
            .find(|i| i.id == id)
    }
}

/// Whitespace (including U+3000 and the line breaks inside a cell) removed, digits and
/// brackets half-width: for comparing and classifying text, never for storing it.
pub fn norm(s: &str) -> String {
    halfwidth(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Text as printed, with the line breaks inside a cell removed (they are the form's wraps of
/// Japanese text, which has no spaces between words) and the ends trimmed.
pub fn clean(s: &str) -> String {
    let joined: String = s
        .split(['\n', '\r'])
        .map(|l| l.trim_matches(|c: char| c == ' ' || c == '\t'))
        .collect();
    joined.trim().to_string()
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The printed number of an item and the text after it: `(1)`, `（１）`, `(１)`, `①`…`⑳`.
pub fn split_number(s: &str) -> Option<(u32, String, String)> {
    let s = s.trim_start();
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    if ('①'..='⑳').contains(&first) {
        let n = first as u32 - '①' as u32 + 1;
        let rest = &s[first.len_utf8()..];
        return Some((n, first.to_string(), rest.trim_start().to_string()));
    }
    if first != '(' && first != '（' {
        return None;
    }
    let mut n: u32 = 0;
    let mut digits = 0;
    for (i, c) in chars {
        if let Some(d) = digit_value(c) {
            n = n.checked_mul(10)?.checked_add(d)?;
            digits += 1;
            continue;
        }
        if (c == ')' || c == '）') && digits > 0 && (1..=99).contains(&n) {
            let end = i + c.len_utf8();
            return Some((n, s[..end].to_string(), s[end..].trim_start().to_string()));
        }
        return None;
    }
    None
}

/// Every 令和N (N as written, 元 = 1) in `s` with the text that follows it.
fn reiwa_years(s: &str) -> Vec<(i32, String)> {
    let h = halfwidth(s);
    let mut out = Vec::new();
    let mut rest = h.as_str();
    while let Some(at) = rest.find("令和") {
        rest = &rest[at + "令和".len()..];
        let (n, after) = if let Some(after) = rest.strip_prefix('元') {
            (1, after)
        } else {
            let end = rest
                .char_indices()
                .find(|(_, c)| !c.is_ascii_digit())
                .map_or(rest.len(), |(i, _)| i);
            match rest[..end].parse::<i32>() {
                Ok(n) if end <= 3 => (n, &rest[end..]),
                _ => continue,
            }
        };
        out.push((n, after.to_string()));
    }
    out
}

/// 令和N年度 → the western year it starts in.
fn reiwa_fy(n: i32) -> i32 {
    2018 + n
}

/// The 年度 of a `令和N年度` in the text, if any.
fn fiscal_year_in(s: &str) -> Option<i32> {
    reiwa_years(s)
        .into_iter()
        .find(|(_, after)| after.starts_with("年度"))
        .map(|(n, _)| reiwa_fy(n))
}

/// `令和N年M月` (not 年度) → (year, month).
fn month_in(s: &str) -> Option<(i32, u32)> {
    reiwa_years(s).into_iter().find_map(|(n, after)| {
        let after = after.strip_prefix('年')?;
        let end = after
            .char_indices()
            .find(|(_, c)| !c.is_ascii_digit())
            .map_or(after.len(), |(i, _)| i);
        let m: u32 = after[..end].parse().ok()?;
        after[end..].starts_with('月').then_some(())?;
        (1..=12).contains(&m).then_some((2018 + n, m))
    })
}

fn form_label_in(s: &str) -> Option<FormLabel> {
    let n = norm(s);
    if n.contains("医療機関・薬局確認用") || n.contains("医療機関等確認用") {
        Some(FormLabel::HospitalOrPharmacy)
    } else if n.contains("医療機関確認用") {
        Some(FormLabel::One(Form::Hospital))
    } else if n.contains("薬局確認用") {
        Some(FormLabel::One(Form::Pharmacy))
    } else if n.contains("事業者確認用") {
        Some(FormLabel::One(Form::Vendor))
    } else {
        None
    }
}

/// The title without the edition, date and form label printed around it.
fn title_of(s: &str) -> String {
    let mut t = clean(s);
    // 【医療機関確認用】 and the like.
    while let (Some(a), Some(b)) = (t.find('【'), t.find('】')) {
        if b < a {
            break;
        }
        t.replace_range(a..b + '】'.len_utf8(), "");
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let (Some(a), Some(b)) = (t.find(open), t.rfind(close))
            && a < b
            && t[a..b].contains("令和")
        {
            t.replace_range(a..b + close.len_utf8(), "");
        }
    }
    if let Some(at) = t.find("令和") {
        // 「令和8年度版」 before or after the title.
        let h = &t[at..];
        if let Some(end) = h.find("年度版") {
            let end = at + end + "年度版".len();
            t.replace_range(at..end, "");
        }
    }
    t.trim().to_string()
}

/// The scope a group header 「サーバについて、以下を実施している。」 opens.
fn group_scope(n: &str) -> Option<Scope> {
    let head = n
        .strip_suffix("について、以下を実施している。")
        .or_else(|| n.strip_suffix("について以下を実施している。"))?;
    Scope::parse(head)
}

/// A section heading: `1 体制構築`, `２．医療情報システムの管理・運用`.
fn section_heading(text: &str) -> Option<(u32, String)> {
    let t = clean(text);
    let mut chars = t.chars();
    let n = digit_value(chars.next()?)?;
    let rest: String = chars.collect();
    let next = rest.chars().next()?;
    if digit_value(next).is_some() || matches!(next, '(' | '（' | '-' | '－') || n == 0 {
        return None;
    }
    let title = title_of(rest.trim_start_matches([' ', '\u{3000}', '.', '．', '、', ':', '：']));
    if title.is_empty() || title.ends_with('。') {
        return None;
    }
    Some((n, title))
}

fn is_block(n: &str) -> bool {
    n.starts_with(['〇', '○', '◯'])
}

fn is_instruction(n: &str) -> bool {
    n.starts_with(['*', '＊', '※'])
}

/// A struck-out 目標日 cell: the form prints a dash or a slash where there is none.
fn is_struck_out(s: &str) -> bool {
    let n = norm(s);
    !n.is_empty() && n.chars().all(|c| "－―ー‐-—/／\\＼×斜線".contains(c))
}

const HEADER_ITEM: &str = "チェック項目";
const HEADER_FIRST: &str = "1回目";
const HEADER_TARGET: &str = "目標日";
const HEADER_SECOND: &str = "2回目";
const HEADER_NOTE: &str = "備考";
const HEADER_SCOPE: &str = "対象";

/// The rows holding 1回目 (the last header row of a checklist).
fn header_rows(g: &Grid) -> Vec<(u32, u32)> {
    g.cells
        .iter()
        .filter(|(_, v)| norm(v) == HEADER_FIRST)
        .map(|((r, c), _)| (*r, *c))
        .collect()
}

/// Find the checklist sheet of a workbook. `wanted` names the sheet when there are several.
pub fn find_sheet<'b>(book: &'b Book, wanted: Option<&str>) -> Result<&'b Grid, LayoutProblem> {
    if book.sheets.is_empty() {
        return Err(LayoutProblem::NoSheets);
    }
    if let Some(w) = wanted {
        return book.sheets.iter().find(|g| g.name == w).ok_or_else(|| {
            LayoutProblem::SheetNotFound {
                sheet: w.to_string(),
                sheets: book.sheets.iter().map(|g| g.name.clone()).collect(),
            }
        });
    }
    let mut found: Vec<(&Grid, (u32, u32))> = Vec::new();
    for g in &book.sheets {
        for at in header_rows(g) {
            found.push((g, at));
        }
    }
    match found.len() {
        1 => Ok(found[0].0),
        0 => {
            if let Some(g) = book
                .sheets
                .iter()
                .find(|g| g.cells.is_empty() && g.pictures > 0)
                .filter(|_| book.sheets.iter().all(|g| g.cells.is_empty()))
            {
                return Err(LayoutProblem::ImagesOnly {
                    sheet: g.name.clone(),
                    pictures: g.pictures,
                });
            }
            Err(LayoutProblem::NotAChecklist {
                sheets: book.sheets.iter().map(|g| g.name.clone()).collect(),
            })
        }
        _ => Err(LayoutProblem::TwoChecklists {
            at: found
                .iter()
                .map(|(g, (r, c))| format!("{}!{}", g.name, cell_ref(*r, *c)))
                .collect(),
        }),
    }
}

/// The columns spanned by the header cell at (r, c) (its merged range, or the cell).
fn header_span(g: &Grid, r: u32, c: u32) -> (u32, u32) {
    g.merge_at(r, c).map_or((c, c), |m| (m.c0, m.c1))
}

fn find_columns(g: &Grid, hr: u32) -> Result<Columns, Vec<LayoutProblem>> {
    let sheet = g.name.clone();
    let top = hr.saturating_sub(1);
    let last_col = g.last_col().unwrap_or(0);
    // header → distinct origin cells found in the header rows.
    let mut seen: BTreeMap<&'static str, Vec<(u32, u32)>> = BTreeMap::new();
    for r in top..=hr {
        for c in 0..=last_col {
            let origin = g.origin(r, c);
            let n = norm(g.shown(r, c));
            let header = match n.as_str() {
                HEADER_ITEM => HEADER_ITEM,
                HEADER_FIRST => HEADER_FIRST,
                HEADER_TARGET => HEADER_TARGET,
                HEADER_SECOND => HEADER_SECOND,
                HEADER_NOTE => HEADER_NOTE,
                x if x.starts_with(HEADER_SCOPE) && x.chars().count() <= 6 => HEADER_SCOPE,
                _ => continue,
            };
            let v = seen.entry(header).or_default();
            if !v.contains(&origin) {
                v.push(origin);
            }
        }
    }
    let mut problems = Vec::new();
    let mut one = |header: &'static str, required: bool| -> Option<(u32, u32)> {
        match seen.get(header).map(Vec::as_slice) {
            Some([(r, c)]) => Some(header_span(g, *r, *c)),
            Some(many) if many.len() > 1 => {
                problems.push(LayoutProblem::RepeatedHeader {
                    sheet: sheet.clone(),
                    header,
                    cells: many.iter().map(|(r, c)| cell_ref(*r, *c)).collect(),
                });
                None
            }
            _ => {
                if required {
                    problems.push(LayoutProblem::MissingHeader {
                        sheet: sheet.clone(),
                        row: hr + 1,
                        header,
                    });
                }
                None
            }
        }
    };
    let item = one(HEADER_ITEM, true);
    let first = one(HEADER_FIRST, true);
    let target = one(HEADER_TARGET, true);
    let second = one(HEADER_SECOND, true);
    let note = one(HEADER_NOTE, false);
    let scope = one(HEADER_SCOPE, false);
    let (Some(item), Some(first), Some(target), Some(second)) = (item, first, target, second)
    else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut order = vec![item, first, target, second];
    if let Some(s) = scope {
        // 対象 sits between the item text and the answers.
        order.insert(1, s);
    }
    order.extend(note);
    if order.windows(2).any(|w| w[0].1 >= w[1].0) {
        let cells = order
            .iter()
            .map(|(c0, _)| cell_ref(hr, *c0))
            .collect::<Vec<_>>();
        return Err(vec![LayoutProblem::HeaderOrder { sheet, cells }]);
    }
    // The header's first row: the highest header cell, or a 確認結果 cell over 1回目 / 2回目.
    let mut header_top = seen.values().flatten().map(|(r, _)| *r).min().unwrap_or(hr);
    if hr > 0 && (0..=last_col).any(|c| norm(g.shown(hr - 1, c)).starts_with("確認結果")) {
        header_top = header_top.min(hr - 1);
    }
    Ok(Columns {
        header_row: hr,
        header_top,
        item,
        scope,
        first,
        target,
        second,
        note,
    })
}

/// One instruction sentence of the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutInstruction {
    pub text: String,
    pub cell: String,
    /// The block heading printed above it (「〇 令和5年度中」), for sentences inside a block.
    pub block: Option<String>,
}

/// How a body row reads.
enum RowKind {
    Block {
        reference: bool,
        deadline: Option<i32>,
    },
    Instruction(String),
    GateHeading {
        text: Option<String>,
    },
    Group(Scope),
    Section(u32, String),
    Item {
        n: u32,
        number: String,
        text: String,
    },
    Plain(String),
}

fn classify(text: &str) -> RowKind {
    let n = norm(text);
    if is_block(&n) {
        return RowKind::Block {
            reference: n.contains("参考項目"),
            deadline: fiscal_year_in(&n),
        };
    }
    if is_instruction(&n) {
        return RowKind::Instruction(clean(text));
    }
    if n.contains("医療情報システムの有無") {
        let c = clean(text);
        let quoted = c
            .find('「')
            .zip(c.rfind('」'))
            .filter(|(a, b)| a < b)
            .map(|(a, b)| c[a + '「'.len_utf8()..b].trim().to_string())
            .filter(|t| !t.is_empty());
        return RowKind::GateHeading { text: quoted };
    }
    if let Some(s) = group_scope(&n) {
        return RowKind::Group(s);
    }
    if let Some((n, number, text)) = split_number(&clean(text)) {
        return RowKind::Item { n, number, text };
    }
    if let Some((n, title)) = section_heading(text) {
        return RowKind::Section(n, title);
    }
    RowKind::Plain(clean(text))
}

/// Recognise the checklist on sheet `g`. Every problem found is returned, not only the first.
pub fn recognise(g: &Grid) -> Result<Layout, Vec<LayoutProblem>> {
    let sheet = g.name.clone();
    let hrs = header_rows(g);
    let (hr, _) = match hrs.as_slice() {
        [one] => *one,
        [] => {
            return Err(vec![LayoutProblem::NotAChecklist {
                sheets: vec![sheet],
            }]);
        }
        many => {
            return Err(vec![LayoutProblem::TwoChecklists {
                at: many
                    .iter()
                    .map(|(r, c)| format!("{sheet}!{}", cell_ref(*r, *c)))
                    .collect(),
            }]);
        }
    };
    let cols = find_columns(g, hr)?;
    let mut problems = Vec::new();

    // Whole-sheet refusals: formulas, hidden rows and columns.
    if !g.formulas.is_empty() {
        problems.push(LayoutProblem::Formulas {
            sheet: sheet.clone(),
            cells: g
                .formulas
                .iter()
                .take(20)
                .map(|(r, c)| cell_ref(*r, *c))
                .collect(),
        });
    }
    let last_row = g.last_row().unwrap_or(hr);
    let hidden_rows: Vec<String> = g
        .hidden_rows
        .iter()
        .filter(|r| **r <= last_row)
        .take(20)
        .map(|r| (r + 1).to_string())
        .collect();
    if !hidden_rows.is_empty() {
        problems.push(LayoutProblem::HiddenRows {
            sheet: sheet.clone(),
            rows: hidden_rows,
        });
    }
    let hidden_cols: Vec<String> = g
        .hidden_cols
        .iter()
        .filter(|c| **c <= cols.last())
        .take(20)
        .map(|c| column_name(*c))
        .collect();
    if !hidden_cols.is_empty() {
        problems.push(LayoutProblem::HiddenColumns {
            sheet: sheet.clone(),
            columns: hidden_cols,
        });
    }

    // Merges in the body: answer cells are single-row and inside one header's columns; a 対象
    // cell is single-row. Merges from the item text into the answers are checked per row.
    let answer_start = cols.scope.map_or(cols.first.0, |s| s.0);
    let mut crossing: Vec<Span> = Vec::new();
    for m in &g.merges {
        if m.r1 <= hr {
            continue;
        }
        if m.c0 < answer_start {
            if m.c1 >= answer_start {
                crossing.push(*m);
            }
            continue;
        }
        let inside_one = cols
            .scope
            .iter()
            .chain(cols.answer_spans().iter())
            .any(|(c0, c1)| *c0 <= m.c0 && m.c1 <= *c1);
        if m.r0 != m.r1 || !inside_one {
            problems.push(LayoutProblem::UnexpectedMerge {
                sheet: sheet.clone(),
                range: m.a1(),
            });
        }
    }

    // Title area: title, 年度, month of publication, form label, instructions above the header.
    let mut title: Option<(String, String)> = None;
    let mut fiscal_year: Option<i32> = None;
    let mut published: Option<String> = None;
    let mut form_label: Option<(FormLabel, String)> = None;
    let mut instructions: Vec<LayoutInstruction> = Vec::new();
    for ((r, c), v) in g.cells.range(..(cols.header_top, 0)) {
        let at = cell_ref(*r, *c);
        let n = norm(v);
        if title.is_none() && n.contains("チェックリスト") {
            title = Some((title_of(v), at.clone()));
        }
        if fiscal_year.is_none() {
            fiscal_year = fiscal_year_in(v);
        }
        if published.is_none()
            && let Some((y, m)) = month_in(v)
        {
            published = Some(format!("{y:04}-{m:02}-01"));
        }
        if let Some(label) = form_label_in(v) {
            match &form_label {
                None => form_label = Some((label, at.clone())),
                Some((l, _)) if *l == label => {}
                Some((FormLabel::One(found), _)) => {
                    if let FormLabel::One(wanted) = label {
                        problems.push(LayoutProblem::FormMismatch {
                            sheet: sheet.clone(),
                            cell: at.clone(),
                            found: *found,
                            wanted,
                        });
                    }
                }
                Some(_) => {}
            }
        }
        if is_instruction(&n) {
            instructions.push(LayoutInstruction {
                text: clean(v),
                cell: at,
                block: None,
            });
        }
    }
    let title_range = format!(
        "A1:{}",
        cell_ref(cols.header_top.saturating_sub(1), cols.last())
    );
    let Some((title, title_cell)) = title else {
        problems.push(LayoutProblem::NoTitle {
            sheet: sheet.clone(),
            range: title_range,
        });
        return Err(problems);
    };

    // The body.
    let mut sections: Vec<LayoutSection> = Vec::new();
    let mut rows: Vec<AnswerRow> = Vec::new();
    let mut gate: Option<LayoutItem> = None;
    let mut gate_pending: Option<String> = None;
    let mut group: Option<Scope> = None;
    // The section the rows belong to (the 参考項目 block prints section 2 again).
    let mut current: Option<usize> = None;
    let mut reference = false;
    let mut block: Option<String> = None;
    let mut reference_deadline: Option<i32> = None;
    let mut item_cells: BTreeMap<String, String> = BTreeMap::new();
    let mut answer_rows: Vec<u32> = Vec::new();
    for r in hr + 1..=last_row {
        // Item text: every distinct cell shown left of the answers (the number may stand in its
        // own column), in order.
        let mut origins: Vec<(u32, u32)> = Vec::new();
        for c in 0..answer_start {
            let o = g.origin(r, c);
            if !origins.contains(&o) && g.cells.contains_key(&o) {
                origins.push(o);
            }
        }
        let text: String = origins
            .iter()
            .filter_map(|o| g.cells.get(o))
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("");
        let text_cell = origins
            .first()
            .map_or_else(|| cell_ref(r, cols.item.0), |(r, c)| cell_ref(*r, *c));
        let scope_text = cols.scope.map(|(c, _)| g.shown(r, c).to_string());
        // Cells right of the answer columns, or in a gap between them.
        for ((_, c), v) in g.cells.range((r, answer_start)..=(r, u32::MAX)) {
            let known = cols
                .scope
                .iter()
                .chain(cols.answer_spans().iter())
                .any(|(c0, c1)| (*c0..=*c1).contains(c));
            if !known {
                problems.push(LayoutProblem::OutsideColumns {
                    sheet: sheet.clone(),
                    cell: cell_ref(r, *c),
                    text: clean(v),
                });
            }
        }
        if text.trim().is_empty() {
            let stray = g
                .cells
                .range((r, answer_start)..=(r, u32::MAX))
                .next()
                .map(|((r, c), _)| cell_ref(*r, *c));
            if let Some(cell) = stray {
                problems.push(LayoutProblem::AnswerWithoutItem {
                    sheet: sheet.clone(),
                    cell,
                });
            }
            continue;
        }
        let kind = if gate_pending.is_some() && split_number(&clean(&text)).is_none() {
            RowKind::Plain(clean(&text))
        } else {
            classify(&text)
        };
        let mut answer_row = |scope: Scope, item_id: String, reference: bool| {
            let target = g.shown(r, cols.target.0);
            answer_rows.push(r);
            AnswerRow {
                item_id,
                scope,
                row: r,
                has_target: !is_struck_out(target),
                reference,
            }
        };
        match kind {
            RowKind::Block {
                reference: is_ref,
                deadline,
            } => {
                reference = is_ref;
                block = Some(clean(&text));
                if is_ref {
                    reference_deadline = deadline.or(reference_deadline);
                }
            }
            RowKind::Instruction(t) => instructions.push(LayoutInstruction {
                text: t,
                cell: text_cell,
                block: block.clone(),
            }),
            RowKind::GateHeading { text: Some(t) } => {
                gate = Some(LayoutItem {
                    id: "gate".into(),
                    number: String::new(),
                    text: t,
                    cell: text_cell,
                    deadline_fiscal_year: None,
                });
                rows.push(answer_row(Scope::General, "gate".into(), false));
            }
            RowKind::GateHeading { text: None } => gate_pending = Some(text_cell),
            RowKind::Plain(t) if gate_pending.is_some() => {
                gate_pending = None;
                gate = Some(LayoutItem {
                    id: "gate".into(),
                    number: String::new(),
                    text: t,
                    cell: text_cell,
                    deadline_fiscal_year: None,
                });
                rows.push(answer_row(Scope::General, "gate".into(), false));
            }
            RowKind::Group(s) => group = Some(s),
            RowKind::Section(n, t) => {
                group = None;
                current = Some(match sections.iter().position(|s| s.number == n) {
                    Some(i) => i,
                    None => {
                        sections.push(LayoutSection {
                            number: n,
                            title: t,
                            items: Vec::new(),
                        });
                        sections.len() - 1
                    }
                });
            }
            RowKind::Item { n, number, text: t } => {
                let Some(section) = current.and_then(|i| sections.get_mut(i)) else {
                    problems.push(LayoutProblem::ItemBeforeSection {
                        sheet: sheet.clone(),
                        cell: text_cell,
                    });
                    continue;
                };
                let id = format!("{}-{n}", section.number);
                let scope = match scope_text.as_deref().map(str::trim) {
                    Some(s) if !s.is_empty() => match Scope::parse(&norm(s)) {
                        Some(scope) => scope,
                        None => {
                            problems.push(LayoutProblem::UnknownScope {
                                sheet: sheet.clone(),
                                cell: cell_ref(r, cols.scope.map_or(0, |s| s.0)),
                                text: clean(s),
                            });
                            continue;
                        }
                    },
                    _ => group.unwrap_or(Scope::General),
                };
                match section.items.iter().find(|i| i.id == id) {
                    Some(existing) => {
                        if norm(&existing.text) != norm(&t) {
                            problems.push(LayoutProblem::TextDiffers {
                                sheet: sheet.clone(),
                                cell: text_cell.clone(),
                                first: existing.cell.clone(),
                                item: id.clone(),
                            });
                        }
                    }
                    None => {
                        let deadline = reiwa_years(&t)
                            .into_iter()
                            .find(|(_, after)| after.starts_with("年度まで"))
                            .map(|(n, _)| reiwa_fy(n));
                        item_cells.insert(id.clone(), text_cell.clone());
                        section.items.push(LayoutItem {
                            id: id.clone(),
                            number,
                            text: t,
                            cell: text_cell.clone(),
                            deadline_fiscal_year: deadline,
                        });
                    }
                }
                if rows.iter().any(|a| a.item_id == id && a.scope == scope) {
                    problems.push(LayoutProblem::ScopeTwice {
                        sheet: sheet.clone(),
                        cell: text_cell,
                        item: id,
                    });
                    continue;
                }
                rows.push(answer_row(scope, id, reference));
            }
            RowKind::Plain(_) => {
                problems.push(LayoutProblem::UnrecognisedRow {
                    sheet: sheet.clone(),
                    cell: text_cell,
                    text: clean(&text),
                });
            }
        }
    }
    if let Some(cell) = gate_pending {
        problems.push(LayoutProblem::GateWithoutText {
            sheet: sheet.clone(),
            cell,
        });
    }
    // A merge from the item text into the answer columns is a heading's (a whole-width row);
    // on an answer row it hides the answer cells.
    for m in crossing {
        if answer_rows.iter().any(|r| (m.r0..=m.r1).contains(r)) || m.r0 != m.r1 {
            problems.push(LayoutProblem::UnexpectedMerge {
                sheet: sheet.clone(),
                range: m.a1(),
            });
        }
    }
    if rows.iter().all(|r| r.item_id == "gate") {
        problems.push(LayoutProblem::NoItems {
            sheet: sheet.clone(),
        });
    }
    let fiscal_year =
        fiscal_year.or_else(|| instructions.iter().find_map(|i| fiscal_year_in(&i.text)));
    let Some(fiscal_year) = fiscal_year else {
        problems.push(LayoutProblem::NoFiscalYear {
            sheet: sheet.clone(),
            range: title_range,
        });
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    for s in &mut sections {
        s.items.sort_by_key(|i| {
            i.id.split_once('-')
                .and_then(|(_, n)| n.parse::<u32>().ok())
                .unwrap_or(0)
        });
    }
    sections.sort_by_key(|s| s.number);
    Ok(Layout {
        sheet,
        columns: cols,
        title,
        title_cell,
        fiscal_year,
        published,
        form_label,
        instructions,
        reference_deadline_fiscal_year: reference_deadline,
        gate,
        sections,
        rows,
    })
}

/// The form the layout is for, given what the user said (`--form`).
pub fn form_of(layout: &Layout, wanted: Option<Form>) -> Result<Form, LayoutProblem> {
    let sheet = layout.sheet.clone();
    match (&layout.form_label, wanted) {
        (Some((FormLabel::One(found), cell)), Some(w)) if *found != w => {
            Err(LayoutProblem::FormMismatch {
                sheet,
                cell: cell.clone(),
                found: *found,
                wanted: w,
            })
        }
        (Some((FormLabel::One(found), _)), _) => Ok(*found),
        (Some((FormLabel::HospitalOrPharmacy, cell)), Some(Form::Vendor)) => {
            Err(LayoutProblem::FormMismatch {
                sheet,
                cell: cell.clone(),
                found: Form::Hospital,
                wanted: Form::Vendor,
            })
        }
        (_, Some(w)) => Ok(w),
        (Some((FormLabel::HospitalOrPharmacy, cell)), None) => Err(LayoutProblem::AmbiguousForm {
            sheet,
            cell: cell.clone(),
        }),
        (None, None) => Err(LayoutProblem::UnknownForm {
            sheet,
            range: layout.title_cell.clone(),
        }),
    }
}

/// Where the edition's text came from: the file and its digest.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub sha256: String,
}

/// The `rN` short name of a 年度's edition.
pub fn edition_name(fiscal_year: i32) -> String {
    format!("r{}", fiscal_year - 2018)
}

/// The items an instruction says need not be answered without a vendor contract:
/// 「２（２）及び２（３）については、事業者と契約していない場合には、記入不要です。」
fn no_vendor_items(instructions: &[LayoutInstruction]) -> Vec<String> {
    let mut ids = Vec::new();
    for LayoutInstruction { text: t, .. } in instructions {
        let n = norm(t);
        if !n.contains("事業者と契約していない") {
            continue;
        }
        let chars: Vec<char> = n.chars().collect();
        for i in 0..chars.len() {
            let Some(sec) = chars[i].to_digit(10) else {
                continue;
            };
            if chars.get(i + 1) != Some(&'(') {
                continue;
            }
            let digits: String = chars[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if !digits.is_empty() && chars.get(i + 2 + digits.len()) == Some(&')') {
                ids.push(format!("{sec}-{digits}"));
            }
        }
    }
    ids
}

/// The edition the layout describes. Item texts are copied from the cells, so every item is
/// `verified`; nothing the workbook does not say is added (no explanations, no guideline
/// references), except kensa's own rules named in `notes`.
pub fn to_edition(
    layout: &Layout,
    form: Form,
    published: &str,
    source: &SourceFile,
    previous: Option<&str>,
) -> Edition {
    let no_vendor = no_vendor_items(&layout.instructions);
    let mut struck: Vec<String> = Vec::new();
    let make = |li: &LayoutItem, struck: &mut Vec<String>| -> Item {
        let mut scopes: Vec<Scope> = layout
            .rows
            .iter()
            .filter(|r| r.item_id == li.id)
            .map(|r| r.scope)
            .collect();
        scopes.sort();
        scopes.dedup();
        let mut reference_scopes: Vec<Scope> = layout
            .rows
            .iter()
            .filter(|r| r.item_id == li.id && r.reference)
            .map(|r| r.scope)
            .collect();
        reference_scopes.sort();
        reference_scopes.dedup();
        let no_target_cell = layout
            .rows
            .iter()
            .any(|r| r.item_id == li.id && !r.has_target)
            && li.id != "gate";
        if no_target_cell {
            struck.push(li.id.clone());
        }
        Item {
            id: li.id.clone(),
            number: li.number.clone(),
            text: li.text.clone(),
            scopes,
            reference_scopes,
            deadline_fiscal_year: li
                .deadline_fiscal_year
                .filter(|fy| *fy > layout.fiscal_year),
            deadline_relief: None,
            not_applicable_when: (form != Form::Vendor && no_vendor.contains(&li.id))
                .then_some(NotApplicableWhen::NoVendorContract),
            physical_evidence: norm(&li.text)
                .contains("連絡体制図")
                .then_some(PhysicalEvidence::ContactChart),
            // A row printed without a 目標日 cell (3(1) on the official forms): いいえ there is a
            // finding whatever 目標日 is kept, as the rules read the flag.
            target_date: !no_target_cell,
            guideline_refs: Vec::new(),
            explanation: None,
            explanation_source: None,
            evidence: Vec::new(),
            wording: Wording::Verified,
            wording_note: None,
            carries_from: None,
        }
    };
    let gate = layout.gate.as_ref().map(|g| make(g, &mut struck));
    let sections = layout
        .sections
        .iter()
        .map(|s| Section {
            number: s.number,
            title: s.title.clone(),
            items: s.items.iter().map(|i| make(i, &mut struck)).collect(),
        })
        .collect();
    let edition = edition_name(layout.fiscal_year);
    let mut notes = format!(
        "Imported by `kensa checklist import` from {} (SHA-256 {}), sheet 「{}」, title cell {}.\n\
         Every text was copied from the cells of that workbook; line breaks inside cells \
         were removed. Items, scopes and 参考項目 rows follow the sheet's rows (one answer row per scope).\n",
        source.name, source.sha256, layout.sheet, layout.title_cell
    );
    if !struck.is_empty() {
        notes.push_str(&format!(
            "Rows printed without a 目標日 cell (struck out on the form): {}.\n",
            struck.join(", ")
        ));
    }
    if layout.published.is_none() {
        notes.push_str("published: not printed on the sheet; given at import.\n");
    }
    if !no_vendor.is_empty() {
        notes.push_str(&format!(
            "not_applicable_when: no_vendor_contract on {} from the sheet's instruction.\n",
            no_vendor.join(", ")
        ));
    }
    Edition {
        schema: SCHEMA_VERSION,
        id: format!("{}-{edition}", form.as_str()),
        form,
        edition,
        fiscal_year: layout.fiscal_year,
        title: layout.title.clone(),
        published: published.to_string(),
        source: format!("{} (SHA-256 {})", source.name, source.sha256),
        previous: previous.map(str::to_string),
        // Read on the sheet itself, so verified; the cell says where.
        instructions: layout
            .instructions
            .iter()
            .map(|i| Instruction {
                text: i.text.clone(),
                wording: Wording::Verified,
                block: i.block.clone(),
                note: None,
            })
            .collect(),
        confirmation_date: None,
        reference_deadline_fiscal_year: layout
            .reference_deadline_fiscal_year
            .filter(|_| layout.rows.iter().any(|r| r.reference)),
        notes: Some(notes),
        gate,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_every_width() {
        assert_eq!(
            split_number("（１）医療").map(|x| (x.0, x.1)),
            Some((1, "（１）".to_string()))
        );
        assert_eq!(split_number("(１)a").map(|x| x.0), Some(1));
        assert_eq!(
            split_number("(12) a").map(|x| (x.0, x.2)),
            Some((12, "a".into()))
        );
        assert_eq!(split_number("⑬接続").map(|x| x.0), Some(13));
        assert_eq!(split_number("(a)"), None);
        assert_eq!(split_number("()"), None);
        assert_eq!(split_number("体制"), None);
    }

    #[test]
    fn years_and_titles() {
        assert_eq!(fiscal_year_in("令和８年度版"), Some(2026));
        assert_eq!(fiscal_year_in("令和元年度"), Some(2019));
        assert_eq!(month_in("チェックリスト（令和7年5月）"), Some((2025, 5)));
        assert_eq!(
            title_of(
                "令和5年度版 医療機関におけるサイバーセキュリティ対策チェックリスト【医療機関確認用】"
            ),
            "医療機関におけるサイバーセキュリティ対策チェックリスト"
        );
        assert_eq!(
            title_of("医療機関・薬局におけるサイバーセキュリティ対策チェックリスト（令和8年6月）"),
            "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト"
        );
        assert_eq!(
            section_heading("２　医療情報システムの管理・運用"),
            Some((2, "医療情報システムの管理・運用".into()))
        );
        assert_eq!(section_heading("2(1)台帳"), None);
        assert_eq!(
            group_scope(&norm("端末ＰＣについて、以下を実施している。")),
            Some(Scope::Terminal)
        );
        assert!(is_struck_out("－"));
        assert!(!is_struck_out("（　/　）"));
        assert_eq!(
            no_vendor_items(&[LayoutInstruction {
                text: "*２（２）及び２（３）については、事業者と契約していない場合には、記入不要です。"
                    .into(),
                cell: String::new(),
                block: None,
            }]),
            ["2-2", "2-3"]
        );
    }
}

#[cfg(test)]
mod grid_tests {
    use super::*;

    /// A small R8-like grid (SYNTHETIC texts): 対象 column, an item merged down over two scopes.
    fn grid() -> Grid {
        let mut g = Grid::new("s");
        g.set(
            0,
            0,
            "医療機関におけるサイバーセキュリティ対策チェックリスト 令和8年度版【医療機関確認用】",
        );
        g.set(2, 0, "チェック項目");
        g.set(2, 1, "対象");
        g.set(2, 2, "1回目");
        g.set(2, 3, "目標日");
        g.set(2, 4, "2回目");
        g.set(3, 0, "1 体制構築");
        g.set(4, 0, "①合成の項目A。");
        g.set(4, 1, "全般");
        g.set(5, 0, "2 管理");
        g.set(6, 0, "④合成の項目B。");
        g.set(6, 1, "サーバ");
        g.set(7, 1, "端末PC");
        g.merges.push(Span {
            r0: 6,
            c0: 0,
            r1: 7,
            c1: 0,
        });
        g
    }

    #[test]
    fn scope_rows_under_a_merged_item() {
        let l = recognise(&grid()).unwrap();
        assert_eq!(l.fiscal_year, 2026);
        let rows: Vec<_> = l
            .rows
            .iter()
            .map(|r| (r.item_id.as_str(), r.scope, r.row))
            .collect();
        assert_eq!(
            rows,
            [
                ("1-1", Scope::General, 4),
                ("2-4", Scope::Server, 6),
                ("2-4", Scope::Terminal, 7)
            ]
        );
        assert_eq!(form_of(&l, None), Ok(Form::Hospital));
        assert!(matches!(
            form_of(&l, Some(Form::Vendor)),
            Err(LayoutProblem::FormMismatch { .. })
        ));
    }

    #[test]
    fn answer_cells_merged_over_rows_are_refused() {
        let mut g = grid();
        g.merges.push(Span {
            r0: 6,
            c0: 2,
            r1: 7,
            c1: 2,
        });
        assert_eq!(
            recognise(&g).unwrap_err(),
            [LayoutProblem::UnexpectedMerge {
                sheet: "s".into(),
                range: "C7:C8".into()
            }]
        );
        let mut g = grid();
        g.set(7, 1, "サーバ");
        assert!(
            matches!(&recognise(&g).unwrap_err()[..], [LayoutProblem::ScopeTwice { cell, .. }] if cell == "A7")
        );
        let mut g = grid();
        g.set(7, 1, "プリンタ");
        assert!(
            matches!(&recognise(&g).unwrap_err()[..], [LayoutProblem::UnknownScope { cell, .. }] if cell == "B8")
        );
    }
}
