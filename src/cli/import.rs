//! `kensa checklist import` (an official checklist workbook → an edition YAML) and
//! `kensa sheet import` (a hospital's filled copy → answers with their provenance).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Args;
use sha2::{Digest, Sha256};

use super::Ctx;
use crate::i18n::Lang;
use jiff::civil::Date;

use crate::model::checklist::{Edition, Form, calendar_year, check_carries_from, parse_edition};
use crate::model::entry::{EntrySheet, check_answer};
use crate::model::filled::{self, FilledCheck, FilledProblem};
use crate::model::grid::Book;
use crate::model::links::{self, NoLink};
use crate::model::official::{self, Layout, LayoutProblem, SourceFile};
use crate::model::record::CheckSource;
use crate::model::wareki::format_fiscal_year;
use crate::store::{ImportedCheck, NewCheck};
use crate::text::safe::safe;
use crate::text::{answer_label, form_label, refusal_message, scope_label};
use crate::tr;
use crate::workbook::ReadError;

#[derive(Debug, Args)]
pub struct ChecklistImportArgs {
    /// The official workbook (.xlsx) downloaded from MHLW.
    pub file: PathBuf,
    /// Which form the sheet is: hospital, pharmacy or vendor. Needed for the merged
    /// 医療機関・薬局確認用 (R8), checked against the sheet's label otherwise.
    #[arg(long, value_parser = ["hospital", "pharmacy", "vendor"])]
    pub form: Option<String>,
    /// The edition this one follows (default: the newest earlier edition of the form).
    #[arg(long)]
    pub previous: Option<String>,
    /// Write the proposed carries_from links (without it they are only shown).
    #[arg(long)]
    pub accept_links: bool,
    /// Where to write the edition (default: the user checklist folder, as FORM-rN.yaml).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The worksheet holding the checklist, when the workbook has more than one.
    #[arg(long)]
    pub worksheet: Option<String>,
    /// Publication date (YYYY-MM-DD) when the sheet does not print its month.
    #[arg(long)]
    pub published: Option<String>,
}

/// An xlsx read whole with its digest, for the provenance of what comes from it.
pub(super) struct Workbook {
    pub source: SourceFile,
    pub book: Book,
}

pub(super) fn read_workbook(lang: Lang, path: &Path) -> Result<Workbook> {
    let bytes = crate::inventory::read_limited(path).map_err(|e| anyhow!(e.message(lang)))?;
    let sha256 = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let book =
        crate::workbook::read(path, &bytes).map_err(|e| anyhow!(read_message(lang, path, &e)))?;
    Ok(Workbook {
        source: SourceFile { name, sha256 },
        book,
    })
}

fn read_message(lang: Lang, path: &Path, e: &ReadError) -> String {
    let file = safe(&path.display().to_string()).to_string();
    match e {
        ReadError::Package(e) => e.message(lang),
        ReadError::Xlsx(d) => tr!(lang, "wbimport.read.xlsx", file = file, detail = safe(d)),
        ReadError::TooManySheets { count, limit } => {
            tr!(
                lang,
                "wbimport.read.sheets",
                file = file,
                count = count,
                limit = limit
            )
        }
        ReadError::TooManyCells { sheet, limit } => {
            tr!(
                lang,
                "wbimport.read.cells",
                file = file,
                sheet = safe(sheet),
                limit = limit
            )
        }
        ReadError::BeyondGrid { sheet, cell } => {
            tr!(
                lang,
                "wbimport.read.beyond",
                file = file,
                sheet = safe(sheet),
                cell = cell
            )
        }
        ReadError::CellTooLong { sheet, cell, chars } => tr!(
            lang,
            "wbimport.read.long",
            file = file,
            sheet = safe(sheet),
            cell = cell,
            chars = chars
        ),
        ReadError::CellError { sheet, cell } => {
            tr!(
                lang,
                "wbimport.read.error_value",
                file = file,
                sheet = safe(sheet),
                cell = cell
            )
        }
    }
}

fn list(v: &[String]) -> String {
    v.iter()
        .map(|s| safe(s).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A layout problem in the user's language: the sheet, the cells, what was expected.
pub(super) fn layout_message(lang: Lang, p: &LayoutProblem) -> String {
    use LayoutProblem as P;
    match p {
        P::NoSheets => tr!(lang, "wbimport.layout.no_sheets").to_string(),
        P::ImagesOnly { sheet, pictures } => {
            tr!(
                lang,
                "wbimport.layout.images_only",
                sheet = safe(sheet),
                count = pictures
            )
        }
        P::NotAChecklist { sheets } => {
            tr!(lang, "wbimport.layout.not_checklist", sheets = list(sheets))
        }
        P::TwoChecklists { at } => tr!(lang, "wbimport.layout.two", cells = list(at)),
        P::SheetNotFound { sheet, sheets } => tr!(
            lang,
            "wbimport.layout.sheet_not_found",
            sheet = safe(sheet),
            sheets = list(sheets)
        ),
        P::MissingHeader { sheet, row, header } => tr!(
            lang,
            "wbimport.layout.missing_header",
            sheet = safe(sheet),
            row = row,
            header = header
        ),
        P::RepeatedHeader {
            sheet,
            header,
            cells,
        } => tr!(
            lang,
            "wbimport.layout.repeated_header",
            sheet = safe(sheet),
            header = header,
            cells = cells.join(", ")
        ),
        P::HeaderOrder { sheet, cells } => tr!(
            lang,
            "wbimport.layout.header_order",
            sheet = safe(sheet),
            cells = cells.join(", ")
        ),
        P::NoTitle { sheet, range } => {
            tr!(
                lang,
                "wbimport.layout.no_title",
                sheet = safe(sheet),
                range = range
            )
        }
        P::NoFiscalYear { sheet, range } => {
            tr!(
                lang,
                "wbimport.layout.no_fiscal_year",
                sheet = safe(sheet),
                range = range
            )
        }
        P::UnknownForm { sheet, range } => {
            tr!(
                lang,
                "wbimport.layout.unknown_form",
                sheet = safe(sheet),
                range = range
            )
        }
        P::AmbiguousForm { sheet, cell } => {
            tr!(
                lang,
                "wbimport.layout.ambiguous_form",
                sheet = safe(sheet),
                cell = cell
            )
        }
        P::FormMismatch {
            sheet,
            cell,
            found,
            wanted,
        } => tr!(
            lang,
            "wbimport.layout.form_mismatch",
            sheet = safe(sheet),
            cell = cell,
            found = form_label(lang, *found),
            wanted = form_label(lang, *wanted)
        ),
        P::Formulas { sheet, cells } => tr!(
            lang,
            "wbimport.layout.formulas",
            sheet = safe(sheet),
            cells = cells.join(", ")
        ),
        P::HiddenRows { sheet, rows } => tr!(
            lang,
            "wbimport.layout.hidden_rows",
            sheet = safe(sheet),
            rows = rows.join(", ")
        ),
        P::HiddenColumns { sheet, columns } => tr!(
            lang,
            "wbimport.layout.hidden_columns",
            sheet = safe(sheet),
            columns = columns.join(", ")
        ),
        P::UnexpectedMerge { sheet, range } => {
            tr!(
                lang,
                "wbimport.layout.merge",
                sheet = safe(sheet),
                range = range
            )
        }
        P::UnrecognisedRow { sheet, cell, text } => tr!(
            lang,
            "wbimport.layout.unrecognised",
            sheet = safe(sheet),
            cell = cell,
            text = safe(&short(text))
        ),
        P::OutsideColumns { sheet, cell, text } => tr!(
            lang,
            "wbimport.layout.outside",
            sheet = safe(sheet),
            cell = cell,
            text = safe(&short(text))
        ),
        P::AnswerWithoutItem { sheet, cell } => {
            tr!(
                lang,
                "wbimport.layout.answer_without_item",
                sheet = safe(sheet),
                cell = cell
            )
        }
        P::ItemBeforeSection { sheet, cell } => {
            tr!(
                lang,
                "wbimport.layout.item_before_section",
                sheet = safe(sheet),
                cell = cell
            )
        }
        P::UnknownScope { sheet, cell, text } => tr!(
            lang,
            "wbimport.layout.unknown_scope",
            sheet = safe(sheet),
            cell = cell,
            text = safe(text)
        ),
        P::ScopeTwice { sheet, cell, item } => tr!(
            lang,
            "wbimport.layout.scope_twice",
            sheet = safe(sheet),
            cell = cell,
            item = item
        ),
        P::TextDiffers {
            sheet,
            cell,
            first,
            item,
        } => tr!(
            lang,
            "wbimport.layout.text_differs",
            sheet = safe(sheet),
            cell = cell,
            first = first,
            item = item
        ),
        P::GateWithoutText { sheet, cell } => {
            tr!(
                lang,
                "wbimport.layout.gate_without_text",
                sheet = safe(sheet),
                cell = cell
            )
        }
        P::NoItems { sheet } => tr!(lang, "wbimport.layout.no_items", sheet = safe(sheet)),
    }
}

/// At most 40 characters of a cell in a message.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Recognise the checklist of a workbook, or print every problem and fail.
pub(super) fn recognise(
    lang: Lang,
    file: &Path,
    book: &Book,
    worksheet: Option<&str>,
) -> Result<Layout> {
    let refuse = |problems: &[LayoutProblem]| {
        for p in problems {
            errln!(
                "{}: {}",
                safe(&file.display().to_string()),
                layout_message(lang, p)
            );
        }
        anyhow!(tr!(
            lang,
            "wbimport.refused",
            file = safe(&file.display().to_string())
        ))
    };
    let grid = official::find_sheet(book, worksheet).map_err(|p| refuse(&[p]))?;
    official::recognise(grid).map_err(|p| refuse(&p))
}

pub fn checklist_import(ctx: &Ctx, a: ChecklistImportArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let file_label = safe(&a.file.display().to_string()).to_string();
    let wb = read_workbook(lang, &a.file).map_err(|e| {
        errln!("{e}");
        anyhow!(tr!(lang, "wbimport.refused", file = file_label))
    })?;
    let layout = recognise(lang, &a.file, &wb.book, a.worksheet.as_deref())?;
    let wanted = a.form.as_deref().and_then(Form::parse);
    let form = official::form_of(&layout, wanted).map_err(|p| {
        errln!("{file_label}: {}", layout_message(lang, &p));
        anyhow!(tr!(lang, "wbimport.refused", file = file_label))
    })?;
    let published = match (&a.published, &layout.published) {
        (Some(p), _) => {
            let d = crate::text::parse_date_arg(lang, tr!(lang, "wbimport.what_published"), p)?;
            d.to_string()
        }
        (None, Some(p)) => p.clone(),
        (None, None) => return Err(anyhow!(tr!(lang, "wbimport.need_published"))),
    };
    // The previous edition: as named, else the newest earlier one of the form.
    let previous: Option<&Edition> = match &a.previous {
        Some(id) => {
            let p = lib.get(id).ok_or_else(|| {
                anyhow!(tr!(
                    lang,
                    "edition.unknown",
                    edition = safe(id),
                    known = lib.ids().join(", ")
                ))
            })?;
            if p.form != form || p.fiscal_year >= layout.fiscal_year {
                return Err(anyhow!(tr!(
                    lang,
                    "wbimport.previous_not_earlier",
                    previous = p.id,
                    form = form_label(lang, form),
                    fy = format_fiscal_year(calendar_year(layout.fiscal_year))
                )));
            }
            Some(p)
        }
        None => lib
            .all()
            .iter()
            .map(|l| &l.edition)
            .filter(|e| e.form == form && e.fiscal_year < layout.fiscal_year)
            .max_by_key(|e| e.fiscal_year),
    };
    let mut edition = official::to_edition(
        &layout,
        form,
        &published,
        &wb.source,
        previous.map(|p| p.id.as_str()),
    );
    let known = lib.get(&edition.id).is_some();
    if known && a.out.is_none() {
        return Err(anyhow!(tr!(
            lang,
            "wbimport.already_known",
            edition = edition.id
        )));
    }
    // Links: shown always, written with --accept-links.
    if let Some(prev) = previous {
        let proposals = links::propose(&edition, prev);
        outln!("{}", tr!(lang, "wbimport.links.head", previous = prev.id));
        for p in &proposals {
            let text = edition.item(&p.item).map_or("", |i| i.text.as_str());
            let (cand, sim) = p
                .candidate
                .as_ref()
                .map_or(("-".to_string(), 0.0), |(c, s)| (c.clone(), *s));
            let verdict = match p.verdict {
                Ok(()) if a.accept_links => tr!(lang, "wbimport.links.linked"),
                Ok(()) => tr!(lang, "wbimport.links.proposed"),
                Err(NoLink::NoCandidate) => tr!(lang, "wbimport.links.none"),
                Err(NoLink::LowSimilarity) => tr!(lang, "wbimport.links.low"),
                Err(NoLink::PeriodicChangeDropped) => tr!(lang, "wbimport.links.meaning_changed"),
                Err(NoLink::TakenByCloser) => tr!(lang, "wbimport.links.taken"),
            };
            outln!(
                "  {:<6} ← {:<6} {:>4.0}%  {}  {}",
                p.item,
                cand,
                sim * 100.0,
                verdict,
                short(text)
            );
        }
        if a.accept_links {
            links::apply(&mut edition, &proposals);
            copy_evidence_kinds(&mut edition, prev);
        } else {
            outln!("{}", tr!(lang, "wbimport.links.confirm"));
        }
    }
    let yaml = to_yaml(&edition, &wb.source)?;
    let out = match &a.out {
        Some(p) => p.clone(),
        None => {
            let dir = ctx
                .user_checklists()
                .ok_or_else(|| anyhow!(tr!(lang, "cli.no_home")))?;
            std::fs::create_dir_all(&dir)
                .map_err(|e| anyhow!("{}: {e}", safe(&dir.display().to_string())))?;
            dir.join(format!("{}.yaml", edition.id))
        }
    };
    // The same validation as `kensa checklist validate`, before anything is written.
    let out_name = out.display().to_string();
    let errors = match parse_edition(&out_name, &yaml) {
        Ok(parsed) => check_carries_from(&out_name, &yaml, &parsed, previous),
        Err(e) => e,
    };
    if !errors.is_empty() {
        for e in &errors {
            errln!("{e}");
        }
        return Err(anyhow!(tr!(lang, "wbimport.invalid", file = file_label)));
    }
    crate::fsio::create_new_private(&out, yaml.as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow!(tr!(lang, "wbimport.exists", path = safe(&out_name)))
        } else {
            anyhow!("{}: {e}", safe(&out_name))
        }
    })?;
    let rows: usize = edition.rows().count();
    outln!(
        "{}",
        tr!(
            lang,
            "wbimport.written",
            edition = edition.id,
            fy = format_fiscal_year(calendar_year(edition.fiscal_year)),
            items = edition.all_items().count(),
            rows = rows,
            path = safe(&out_name),
            sha = wb.source.sha256
        )
    );
    if known {
        outln!("{}", tr!(lang, "wbimport.known_note", edition = edition.id));
    }
    Ok(ExitCode::SUCCESS)
}

/// The evidence kinds (kensa's own mapping of items to what suggests an answer, no official
/// text) of linked items, so the evidence engine keeps working on the new edition.
fn copy_evidence_kinds(edition: &mut Edition, prev: &Edition) {
    let mut copied = Vec::new();
    for item in edition
        .gate
        .iter_mut()
        .chain(edition.sections.iter_mut().flat_map(|s| s.items.iter_mut()))
    {
        if let Some(p) = item.carries_from.as_deref().and_then(|id| prev.item(id))
            && !p.evidence.is_empty()
        {
            item.evidence = p.evidence.clone();
            copied.push(item.id.clone());
        }
    }
    if !copied.is_empty()
        && let Some(n) = &mut edition.notes
    {
        n.push_str(&format!(
            "evidence (kensa's mapping, not official text) copied from the linked items of {}: {}.\n",
            prev.id,
            copied.join(", ")
        ));
    }
}

fn to_yaml(edition: &Edition, source: &SourceFile) -> Result<String> {
    let body = serde_saphyr::to_string(edition).map_err(|e| anyhow!("YAML: {e}"))?;
    Ok(format!(
        "# {} — imported by kensa checklist import from {} (SHA-256 {}). Schema: see checklists/README.md.\n{body}",
        edition.title, source.name, source.sha256
    ))
}

#[derive(Debug, Args)]
pub struct SheetImportArgs {
    /// The hospital's filled copy of the official Excel (.xlsx).
    pub file: PathBuf,
    /// Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form).
    #[arg(long)]
    pub sheet: Option<String>,
    /// The worksheet holding the checklist, when the workbook has more than one.
    #[arg(long)]
    pub worksheet: Option<String>,
    /// Show what would be stored and store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Who imports (default: the OS user); every answer is recorded as theirs.
    #[arg(long)]
    pub by: Option<String>,
}

fn filled_message(lang: Lang, p: &FilledProblem) -> String {
    match p {
        FilledProblem::Unreadable { cell, text } => tr!(
            lang,
            "wbimport.filled.unreadable",
            cell = cell,
            text = safe(&short(&crate::model::official::clean(text)))
        ),
        FilledProblem::Circled { cell } => tr!(lang, "wbimport.filled.circled", cell = cell),
        FilledProblem::NoDate { cell } => tr!(lang, "wbimport.filled.no_date", cell = cell),
        FilledProblem::BadDate { cell, text } => {
            tr!(
                lang,
                "wbimport.filled.bad_date",
                cell = cell,
                text = safe(text)
            )
        }
        FilledProblem::SecondWithoutFirst { cell } => {
            tr!(lang, "wbimport.filled.second_without_first", cell = cell)
        }
    }
}

pub fn sheet_import(ctx: &Ctx, a: SheetImportArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let lib = ctx.library();
    let file_label = safe(&a.file.display().to_string()).to_string();
    let refused = || anyhow!(tr!(lang, "wbimport.sheet_refused", file = file_label));
    let mut store = ctx.store()?;
    let facility = ctx.facility(&store)?;
    let sheet = ctx.sheet(&store, a.sheet.as_deref())?;
    let edition = ctx.edition_of(&lib, &sheet)?;
    let wb = read_workbook(lang, &a.file).map_err(|e| {
        errln!("{e}");
        refused()
    })?;
    let layout = recognise(lang, &a.file, &wb.book, a.worksheet.as_deref())?;
    // The filled form must be the sheet's own edition and form.
    let form = official::form_of(&layout, Some(edition.form));
    let same_edition = official::edition_name(layout.fiscal_year) == edition.edition;
    if form.is_err() || !same_edition {
        errln!(
            "{file_label}: {}",
            tr!(
                lang,
                "wbimport.filled.other_edition",
                cell = layout.title_cell,
                found = format_fiscal_year(calendar_year(layout.fiscal_year)),
                found_form = layout
                    .form_label
                    .as_ref()
                    .map_or("-".to_string(), |(_, c)| c.clone()),
                sheet = sheet.key(),
                form = form_label(lang, edition.form)
            )
        );
        if let Err(p) = form {
            errln!("{file_label}: {}", layout_message(lang, &p));
        }
        return Err(refused());
    }
    let grid = official::find_sheet(&wb.book, a.worksheet.as_deref())
        .map_err(|p| anyhow!(layout_message(lang, &p)))?;
    let mut problems: Vec<String> = Vec::new();
    // Every row of the form must be a row of the edition.
    for r in &layout.rows {
        let known = edition
            .item(&r.item_id)
            .is_some_and(|i| i.has_scope(r.scope));
        if !known {
            problems.push(tr!(
                lang,
                "wbimport.filled.row_not_in_edition",
                cell = crate::model::grid::cell_ref(r.row, layout.columns.first.0),
                item = r.item_id,
                scope = scope_label(lang, r.scope),
                edition = edition.id
            ));
        }
    }
    let (rows, filled_problems) = filled::read_filled(grid, &layout, sheet.fiscal_year);
    problems.extend(filled_problems.iter().map(|p| filled_message(lang, p)));
    let today = super::today()?;
    let entry_sheet = EntrySheet {
        edition,
        fiscal_year: sheet.fiscal_year,
        vendor_contracts: facility.vendor_contracts,
        today,
    };
    let mut answers: Vec<ImportedCheck> = Vec::new();
    let source = |cell: &str| CheckSource {
        file_name: wb.source.name.clone(),
        file_sha256: wb.source.sha256.clone(),
        cell: format!("{}!{cell}", layout.sheet),
    };
    for row in &rows {
        let Some(item) = edition.item(&row.item_id) else {
            continue;
        };
        let mut checks: Vec<(&FilledCheck, Option<Date>)> = Vec::new();
        if let Some(f) = &row.first {
            checks.push((f, row.target.as_ref().map(|(t, _)| *t)));
        } else if let Some((_, cell)) = &row.target {
            problems.push(tr!(
                lang,
                "wbimport.filled.target_without_answer",
                cell = cell
            ));
        }
        if let Some(s) = &row.second {
            checks.push((s, None));
        }
        for (k, (c, target)) in checks.into_iter().enumerate() {
            // The same checks as `kensa answer`: nothing is imported that it would refuse.
            if let Err(r) = check_answer(
                &entry_sheet,
                item,
                row.scope,
                c.answer,
                c.checked_on,
                target,
            ) {
                problems.push(format!(
                    "{}: {}",
                    c.cell,
                    refusal_message(lang, &r, &item.id, row.scope)
                ));
                continue;
            }
            answers.push(ImportedCheck {
                check: NewCheck {
                    item: item.id.clone(),
                    scope: row.scope,
                    answer: c.answer,
                    checked_on: c.checked_on,
                    // 備考 goes with the 1回目 (the row's own note on the form).
                    note: if k == 0 {
                        row.note.clone()
                    } else {
                        String::new()
                    },
                },
                target,
                source: source(&c.cell),
            });
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            errln!("{file_label}: {p}");
        }
        return Err(refused());
    }
    if answers.is_empty() {
        return Err(anyhow!(tr!(
            lang,
            "wbimport.filled.nothing",
            file = file_label
        )));
    }
    for a in &answers {
        let c = &a.check;
        let mut line = format!(
            "  {:<6} {:<10} {}  {}  {}",
            c.item,
            scope_label(lang, c.scope),
            answer_label(lang, c.answer),
            c.checked_on,
            a.source.cell
        );
        if let Some(t) = a.target {
            line.push_str(&format!("  {} {t}", tr!(lang, "wbimport.filled.target")));
        }
        outln!("{line}");
    }
    // Rows with nothing written are left unanswered; say which, so none is missed unseen.
    let unanswered: Vec<String> = layout
        .rows
        .iter()
        .filter(|r| {
            !rows
                .iter()
                .any(|f| f.item_id == r.item_id && f.scope == r.scope)
        })
        .map(|r| crate::model::grid::cell_ref(r.row, layout.columns.first.0))
        .collect();
    if !unanswered.is_empty() {
        outln!(
            "{}",
            tr!(
                lang,
                "wbimport.filled.unanswered",
                count = unanswered.len(),
                cells = unanswered.join(", ")
            )
        );
    }
    if a.dry_run {
        outln!(
            "{}",
            tr!(
                lang,
                "wbimport.filled.dry_run",
                count = answers.len(),
                sheet = sheet.key()
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let by = a.by.clone().unwrap_or_else(super::os_user);
    let n = store.import_answers(sheet.id, &answers, &by)?;
    outln!(
        "{}",
        tr!(
            lang,
            "wbimport.filled.stored",
            count = n,
            sheet = sheet.key(),
            file = file_label,
            sha = wb.source.sha256,
            by = safe(&by)
        )
    );
    Ok(ExitCode::SUCCESS)
}
