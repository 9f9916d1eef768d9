//! `kensa bcp`: the cyber-attack BCP written from the facility's own data. Systems, the
//! 電子カルテ情報共有サービス connection, drills and approvals are registered here; `check` answers
//! the MHLW 確認表 from the record; `write` prints the plan as docx, HTML or Markdown.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};
use jiff::civil::Date;

use super::record::take_record;
use super::{Ctx, os_user, pad, print_json, today};
use crate::bcp::text::{missing_command, missing_label, plan_state_line};
use crate::bcp::{Format as DocFormat, build};
use crate::i18n::Lang;
use crate::model::answer::Answer;
use crate::model::bcp::{
    Connection, EhrSharing, Importance, Line, Signing, System, SystemFields, parse_hours, status,
};
use crate::model::bcp_check::{ItemState, builtin, judge};
use crate::model::checklist::Wording;
use crate::model::record::Record;
use crate::store::NewDrill;
use crate::text::parse_date_arg;
use crate::text::safe::{safe, safe_path};
use crate::tr;

#[derive(Debug, Subcommand)]
pub enum BcpCommand {
    /// The systems the plan covers (電子カルテ, オーダリング, PACS, 医事会計 …).
    #[command(subcommand)]
    System(SystemCommand),
    /// The connection to the 電子カルテ情報共有サービス (over the オンライン資格確認 network).
    #[command(subcommand, name = "ehr-sharing")]
    EhrSharing(EhrCommand),
    /// Drills (訓練・演習).
    #[command(subcommand)]
    Drill(DrillCommand),
    /// Record the 経営層's approval of the plan as it stands (the next 版).
    Approve(ApproveArgs),
    /// Answer a 確認表 item kensa cannot judge from the data: ITEM yes|no.
    Confirm(ConfirmArgs),
    /// The MHLW 確認表 answered from the data, and every 未記入 of the document.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Write the BCP document.
    Write(WriteArgs),
}

#[derive(Debug, Subcommand)]
pub enum SystemCommand {
    /// Register a system.
    Add(SystemArgs),
    /// The systems in restore order.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a system: each option given replaces that field; an empty value clears it.
    Edit {
        id: i64,
        #[command(flatten)]
        args: SystemArgs,
    },
    /// Take a system out of the plan (the history stays in the audit log).
    Remove { id: i64 },
}

#[derive(Debug, Args, Default)]
pub struct SystemArgs {
    /// 電子カルテ, オーダリング, PACS, 医事会計, 部門システム …
    #[arg(long)]
    name: Option<String>,
    /// 事業者 (vendor) name.
    #[arg(long)]
    vendor: Option<String>,
    /// 管理番号 of the 台帳 rows that make up the system, comma-separated.
    #[arg(long, value_name = "NO,NO…")]
    assets: Option<String>,
    /// 重要度: high, medium, low (高・中・低).
    #[arg(long)]
    importance: Option<String>,
    /// 復旧優先度: 1 is restored first (1–99).
    #[arg(long)]
    priority: Option<String>,
    /// 目標復旧時間: 24h, 3d, 24時間, 3日.
    #[arg(long, value_name = "TIME")]
    target_recovery: Option<String>,
    /// 代替運用 while the system is down (紙カルテ, カーボン複写伝票 …).
    #[arg(long)]
    alternative: Option<String>,
    /// How the vendor reaches the system for remote maintenance.
    #[arg(long)]
    remote_maintenance: Option<String>,
    /// バックアップの頻度 (毎日, 7日ごと …).
    #[arg(long)]
    backup_frequency: Option<String>,
    /// バックアップの作成方法.
    #[arg(long)]
    backup_method: Option<String>,
    /// バックアップの保管場所.
    #[arg(long)]
    backup_location: Option<String>,
    /// Whether one copy is offline or otherwise isolated: yes or no.
    #[arg(long, value_name = "yes|no")]
    offline_copy: Option<String>,
    /// 復旧方法.
    #[arg(long)]
    restore_procedure: Option<String>,
    /// Date of the last restore test.
    #[arg(long, value_name = "DATE")]
    restore_test: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum EhrCommand {
    /// Set the connection's facts: each option given replaces that field; an empty value
    /// clears it.
    Set(EhrArgs),
    /// Show the connection.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct EhrArgs {
    /// 接続方式: terminal (資格確認端末経由) or web-api.
    #[arg(long)]
    connection: Option<String>,
    /// 回線: ip-vpn or ipsec-ike.
    #[arg(long)]
    line: Option<String>,
    /// The line's provider (or who runs the IPsec device).
    #[arg(long)]
    line_provider: Option<String>,
    /// Where the router of the オン資 network stands.
    #[arg(long)]
    router_location: Option<String>,
    /// Where the 資格確認端末 stands.
    #[arg(long)]
    terminal_location: Option<String>,
    /// 署名方式: hpki-card or cardless.
    #[arg(long)]
    signing: Option<String>,
    /// Who holds the facility's 医療機関等ONS account.
    #[arg(long)]
    ons_contact: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DrillCommand {
    /// Record a drill held.
    Add(DrillArgs),
    /// Every drill, oldest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// The day it was held.
    #[arg(long)]
    date: String,
    /// What was rehearsed.
    #[arg(long)]
    scenario: String,
    /// Who took part.
    #[arg(long)]
    participants: String,
    /// What was learnt.
    #[arg(long)]
    lessons: Option<String>,
    /// What is to be done about it.
    #[arg(long)]
    follow_ups: Option<String>,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// Who of the 経営層 approved (name and title).
    #[arg(long)]
    by: String,
    /// The day of the approval (default: today).
    #[arg(long)]
    date: Option<String>,
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// The 確認表 item (`kensa bcp check` lists them).
    item: String,
    /// yes or no (はい・いいえ).
    answer: String,
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Debug, Args)]
pub struct WriteArgs {
    #[arg(long, value_enum)]
    format: DocFormat,
    /// Output file (written owner-only).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
}

pub fn run(ctx: &Ctx, c: BcpCommand) -> Result<ExitCode> {
    match c {
        BcpCommand::System(SystemCommand::Add(a)) => system_add(ctx, a),
        BcpCommand::System(SystemCommand::List { json }) => system_list(ctx, json),
        BcpCommand::System(SystemCommand::Edit { id, args }) => system_edit(ctx, id, args),
        BcpCommand::System(SystemCommand::Remove { id }) => system_remove(ctx, id),
        BcpCommand::EhrSharing(EhrCommand::Set(a)) => ehr_set(ctx, a),
        BcpCommand::EhrSharing(EhrCommand::Show { json }) => ehr_show(ctx, json),
        BcpCommand::Drill(DrillCommand::Add(a)) => drill_add(ctx, a),
        BcpCommand::Drill(DrillCommand::List { json }) => drill_list(ctx, json),
        BcpCommand::Approve(a) => approve(ctx, a),
        BcpCommand::Confirm(a) => confirm(ctx, a),
        BcpCommand::Check { json } => check(ctx, json),
        BcpCommand::Write(a) => write(ctx, a),
    }
}

/// A text option: `None` not given, `Some(None)` given empty (clear), else the trimmed text.
fn text(s: &Option<String>) -> Option<Option<String>> {
    s.as_ref().map(|s| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_string())
    })
}

/// A date that must not lie in the future.
fn past_date(lang: Lang, what: &str, s: &str, today: Date) -> Result<Date> {
    let d = parse_date_arg(lang, what, s)?;
    if d > today {
        return Err(anyhow!(tr!(
            lang,
            "bcp.date_in_future",
            what = what,
            date = d
        )));
    }
    Ok(d)
}

/// Apply the options given to `f`, validating each; `ledger` is the 台帳's 管理番号.
fn apply(
    lang: Lang,
    a: &SystemArgs,
    f: &mut SystemFields,
    ledger: &[String],
    today: Date,
) -> Result<()> {
    if let Some(name) = text(&a.name) {
        f.name = name.ok_or_else(|| anyhow!(tr!(lang, "bcp.empty_name")))?;
    }
    if let Some(v) = text(&a.vendor) {
        f.vendor = v;
    }
    if let Some(list) = text(&a.assets) {
        let nos: Vec<String> = list
            .unwrap_or_default()
            .split([',', '、', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let unknown: Vec<&str> = nos
            .iter()
            .filter(|n| !ledger.contains(n))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(anyhow!(tr!(
                lang,
                "bcp.unknown_assets",
                nos = safe(&unknown.join(", "))
            )));
        }
        let mut unique = Vec::new();
        for n in nos {
            if !unique.contains(&n) {
                unique.push(n);
            }
        }
        f.assets = unique;
    }
    if let Some(v) = text(&a.importance) {
        f.importance = v
            .map(|s| {
                Importance::parse(&s)
                    .ok_or_else(|| anyhow!(tr!(lang, "bcp.bad_importance", value = safe(&s))))
            })
            .transpose()?;
    }
    if let Some(v) = text(&a.priority) {
        f.restore_priority = v
            .map(|s| {
                s.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=99).contains(n))
                    .ok_or_else(|| anyhow!(tr!(lang, "bcp.bad_priority", value = safe(&s))))
            })
            .transpose()?;
    }
    if let Some(v) = text(&a.target_recovery) {
        f.target_recovery_hours = v
            .map(|s| {
                parse_hours(&s).ok_or_else(|| anyhow!(tr!(lang, "bcp.bad_hours", value = safe(&s))))
            })
            .transpose()?;
    }
    if let Some(v) = text(&a.alternative) {
        f.alternative = v;
    }
    if let Some(v) = text(&a.remote_maintenance) {
        f.remote_maintenance = v;
    }
    if let Some(v) = text(&a.backup_frequency) {
        f.backup.frequency = v;
    }
    if let Some(v) = text(&a.backup_method) {
        f.backup.method = v;
    }
    if let Some(v) = text(&a.backup_location) {
        f.backup.location = v;
    }
    if let Some(v) = text(&a.offline_copy) {
        f.backup.offline_copy = v
            .map(|s| match s.as_str() {
                "yes" | "はい" => Ok(true),
                "no" | "いいえ" => Ok(false),
                _ => Err(anyhow!(tr!(lang, "bcp.bad_yes_no", value = safe(&s)))),
            })
            .transpose()?;
    }
    if let Some(v) = text(&a.restore_procedure) {
        f.backup.restore_procedure = v;
    }
    if let Some(v) = text(&a.restore_test) {
        f.backup.last_restore_test = v
            .map(|s| past_date(lang, "--restore-test", &s, today))
            .transpose()?;
    }
    Ok(())
}

fn ledger_numbers(store: &crate::store::Store) -> Result<Vec<String>> {
    Ok(store
        .assets()?
        .into_iter()
        .filter(|a| a.fields.retired_on.is_none())
        .map(|a| a.fields.control_no)
        .collect())
}

fn system_add(ctx: &Ctx, a: SystemArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    if text(&a.name).flatten().is_none() {
        return Err(anyhow!(tr!(lang, "bcp.empty_name")));
    }
    let mut store = ctx.store()?;
    let mut f = SystemFields::default();
    apply(lang, &a, &mut f, &ledger_numbers(&store)?, today()?)?;
    let id = store.add_bcp_system(&f, &os_user())?;
    outln!(
        "{}",
        tr!(lang, "bcp.system_added", id = id, name = safe(&f.name))
    );
    Ok(ExitCode::SUCCESS)
}

fn system_edit(ctx: &Ctx, id: i64, a: SystemArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    let mut f = store
        .bcp_system(id)?
        .ok_or_else(|| anyhow!(tr!(lang, "bcp.unknown_system", id = id)))?
        .fields;
    apply(lang, &a, &mut f, &ledger_numbers(&store)?, today()?)?;
    store.edit_bcp_system(id, &f, &os_user())?;
    outln!(
        "{}",
        tr!(lang, "bcp.system_edited", id = id, name = safe(&f.name))
    );
    Ok(ExitCode::SUCCESS)
}

fn system_remove(ctx: &Ctx, id: i64) -> Result<ExitCode> {
    let lang = ctx.lang;
    let mut store = ctx.store()?;
    match store.remove_bcp_system(id, &os_user())? {
        Some(s) => {
            outln!(
                "{}",
                tr!(
                    lang,
                    "bcp.system_removed",
                    id = id,
                    name = safe(&s.fields.name)
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        None => Err(anyhow!(tr!(lang, "bcp.unknown_system", id = id))),
    }
}

fn dash(s: &Option<String>) -> String {
    s.as_deref()
        .map_or_else(|| "-".to_string(), |s| safe(s).to_string())
}

fn system_list(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.existing_store()?;
    let systems = store.bcp_systems()?;
    if json {
        print_json(&serde_json::json!({ "schema": "kensa.bcp-systems/1", "systems": systems }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if systems.is_empty() {
        outln!("{}", tr!(lang, "bcp.no_systems"));
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{}{}{}{}{}{}",
        pad("ID", 5),
        pad(tr!(lang, "bcp.col.priority"), 10),
        pad(tr!(lang, "bcp.col.system"), 20),
        pad(tr!(lang, "bcp.col.importance"), 8),
        pad(tr!(lang, "bcp.col.vendor"), 20),
        tr!(lang, "bcp.col.backup")
    );
    for s in &systems {
        outln!("{}", system_line(lang, s));
    }
    Ok(ExitCode::SUCCESS)
}

fn system_line(lang: Lang, s: &System) -> String {
    let f = &s.fields;
    let backup = match (&f.backup.frequency, f.backup.last_restore_test) {
        (Some(freq), Some(t)) => tr!(lang, "bcp.backup_tested", frequency = safe(freq), date = t),
        (Some(freq), None) => safe(freq).to_string(),
        (None, _) => "-".to_string(),
    };
    format!(
        "{}{}{}{}{}{backup}",
        pad(&format!("#{}", s.id), 5),
        pad(
            &f.restore_priority.map_or("-".into(), |p| p.to_string()),
            10
        ),
        pad(&safe(&f.name).to_string(), 20),
        pad(
            f.importance
                .map_or("-", |i| crate::bcp::text::importance_label(lang, i)),
            8
        ),
        pad(&dash(&f.vendor), 20),
    )
}

fn ehr_set(ctx: &Ctx, a: EhrArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let given = [
        &a.connection,
        &a.line,
        &a.line_provider,
        &a.router_location,
        &a.terminal_location,
        &a.signing,
        &a.ons_contact,
    ];
    if given.iter().all(|o| o.is_none()) {
        return Err(anyhow!(tr!(lang, "bcp.ehr_nothing")));
    }
    let mut store = ctx.store()?;
    let mut e = store.ehr_sharing()?.unwrap_or_default();
    fn choice<T: Copy>(
        lang: Lang,
        given: &Option<String>,
        parse: fn(&str) -> Option<T>,
        known: &[&str],
        field: &mut Option<T>,
    ) -> Result<()> {
        if let Some(v) = text(given) {
            *field = v
                .map(|s| {
                    parse(&s).ok_or_else(|| {
                        anyhow!(tr!(
                            lang,
                            "bcp.bad_choice",
                            value = safe(&s),
                            known = known.join(", ")
                        ))
                    })
                })
                .transpose()?;
        }
        Ok(())
    }
    choice(
        lang,
        &a.connection,
        Connection::parse,
        &Connection::ALL.map(Connection::as_str),
        &mut e.connection,
    )?;
    choice(
        lang,
        &a.line,
        Line::parse,
        &Line::ALL.map(Line::as_str),
        &mut e.line,
    )?;
    choice(
        lang,
        &a.signing,
        Signing::parse,
        &Signing::ALL.map(Signing::as_str),
        &mut e.signing,
    )?;
    for (given, field) in [
        (&a.line_provider, &mut e.line_provider),
        (&a.router_location, &mut e.router_location),
        (&a.terminal_location, &mut e.terminal_location),
        (&a.ons_contact, &mut e.ons_contact),
    ] {
        if let Some(v) = text(given) {
            *field = v;
        }
    }
    store.set_ehr_sharing(&e, &os_user())?;
    outln!("{}", tr!(lang, "bcp.ehr_set"));
    print_ehr(lang, &e);
    Ok(ExitCode::SUCCESS)
}

fn print_ehr(lang: Lang, e: &EhrSharing) {
    use crate::bcp::text as t;
    let rows = [
        (
            tr!(lang, "bcp.ehr.connection"),
            e.connection
                .map(|c| t::connection_label(lang, c).to_string()),
        ),
        (
            tr!(lang, "bcp.ehr.line"),
            e.line.map(|l| t::line_label(lang, l).to_string()),
        ),
        (tr!(lang, "bcp.ehr.line_provider"), e.line_provider.clone()),
        (
            tr!(lang, "bcp.ehr.router_location"),
            e.router_location.clone(),
        ),
        (
            tr!(lang, "bcp.ehr.terminal_location"),
            e.terminal_location.clone(),
        ),
        (
            tr!(lang, "bcp.ehr.signing"),
            e.signing.map(|s| t::signing_label(lang, s).to_string()),
        ),
        (tr!(lang, "bcp.ehr.ons_contact"), e.ons_contact.clone()),
    ];
    for (label, value) in rows {
        outln!("  {}{}", pad(label, 24), dash(&value));
    }
}

fn ehr_show(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.existing_store()?;
    let e = store.ehr_sharing()?;
    if json {
        print_json(&serde_json::json!({ "schema": "kensa.bcp-ehr-sharing/1", "ehr_sharing": e }))?;
        return Ok(ExitCode::SUCCESS);
    }
    match e {
        Some(e) => print_ehr(lang, &e),
        None => outln!("{}", tr!(lang, "bcp.ehr_none")),
    }
    Ok(ExitCode::SUCCESS)
}

fn drill_add(ctx: &Ctx, a: DrillArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let held_on = past_date(lang, "--date", &a.date, today()?)?;
    let scenario = a.scenario.trim().to_string();
    let participants = a.participants.trim().to_string();
    if scenario.is_empty() {
        return Err(anyhow!(tr!(lang, "bcp.empty_field", field = "--scenario")));
    }
    if participants.is_empty() {
        return Err(anyhow!(tr!(
            lang,
            "bcp.empty_field",
            field = "--participants"
        )));
    }
    let mut store = ctx.store()?;
    let id = store.add_drill(
        &NewDrill {
            held_on,
            scenario,
            participants,
            lessons: text(&a.lessons).flatten(),
            follow_ups: text(&a.follow_ups).flatten(),
        },
        &os_user(),
    )?;
    outln!("{}", tr!(lang, "bcp.drill_added", id = id, date = held_on));
    Ok(ExitCode::SUCCESS)
}

fn drill_list(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let store = ctx.existing_store()?;
    let drills = store.drills()?;
    if json {
        print_json(&serde_json::json!({ "schema": "kensa.bcp-drills/1", "drills": drills }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if drills.is_empty() {
        outln!("{}", tr!(lang, "bcp.no_drills"));
    }
    for d in &drills {
        outln!(
            "#{} {}  {}（{}）",
            d.id,
            d.held_on,
            safe(&d.scenario),
            safe(&d.participants)
        );
        if let Some(l) = &d.lessons {
            outln!("    {}: {}", tr!(lang, "bcp.col.lessons"), safe(l));
        }
        if let Some(f) = &d.follow_ups {
            outln!("    {}: {}", tr!(lang, "bcp.col.follow_ups"), safe(f));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn approve(ctx: &Ctx, a: ApproveArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let today = today()?;
    let on = match &a.date {
        Some(d) => past_date(lang, "--date", d, today)?,
        None => today,
    };
    let by = a.by.trim();
    if by.is_empty() {
        return Err(anyhow!(tr!(lang, "bcp.empty_field", field = "--by")));
    }
    let mut store = ctx.store()?;
    if store.bcp_systems()?.is_empty() {
        return Err(anyhow!(tr!(lang, "bcp.approve_nothing")));
    }
    let ap = store.approve_bcp(by, on, &os_user())?;
    outln!(
        "{}",
        tr!(
            lang,
            "bcp.approved",
            version = ap.version,
            by = safe(by),
            date = on
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn confirm(ctx: &Ctx, a: ConfirmArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let k = kakuninhyo(lang)?;
    let item = k
        .item(a.item.trim())
        .ok_or_else(|| anyhow!(tr!(lang, "bcp.unknown_item", item = safe(&a.item))))?;
    if item.judged_by.is_some() {
        return Err(anyhow!(tr!(lang, "bcp.item_judged", item = safe(&item.id))));
    }
    let answer = match Answer::parse(a.answer.trim()) {
        Some(Answer::Yes) => Answer::Yes,
        Some(Answer::No) => Answer::No,
        _ => {
            return Err(anyhow!(tr!(
                lang,
                "bcp.bad_yes_no",
                value = safe(&a.answer)
            )));
        }
    };
    let today = today()?;
    let on = match &a.date {
        Some(d) => past_date(lang, "--date", d, today)?,
        None => today,
    };
    let mut store = ctx.store()?;
    store.confirm_bcp_item(&item.id, answer, on, a.note.trim(), &os_user())?;
    outln!(
        "{}",
        tr!(
            lang,
            "bcp.confirmed",
            item = safe(&item.id),
            answer = crate::text::answer_label(lang, answer)
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn kakuninhyo(lang: Lang) -> Result<crate::model::bcp_check::Kakuninhyo> {
    builtin().map_err(|errors| {
        anyhow!(tr!(
            lang,
            "bcp.kakuninhyo_invalid",
            detail = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })
}

/// The store's record (the BCP judges a record, never the store).
fn record(ctx: &Ctx) -> Result<Record> {
    let store = ctx.existing_store()?;
    let record = take_record(&store, &ctx.library())?;
    if record.facility.is_none() {
        return Err(anyhow!(tr!(ctx.lang, "cli.no_facility")));
    }
    Ok(record)
}

fn check(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let k = kakuninhyo(lang)?;
    let record = record(ctx)?;
    let today = today()?;
    let result = judge(&k, &record, today);
    let doc = build(&record, today, lang);
    let st = status(&record.bcp, &record.contacts, today);
    if json {
        let items: Vec<_> = k
            .items()
            .zip(&result.items)
            .map(|((step, item), r)| {
                let missing: Vec<_> = match &r.state {
                    ItemState::Gaps { missing } => missing
                        .iter()
                        .map(|m| serde_json::json!({ "missing": m, "message": missing_label(lang, m), "command": missing_command(m) }))
                        .collect(),
                    _ => vec![],
                };
                serde_json::json!({
                    "id": item.id,
                    "step": step.number,
                    "number": item.number,
                    "heading": item.heading,
                    "text": item.text,
                    "wording": item.wording,
                    "judged_by": item.judged_by,
                    "state": r.state,
                    "satisfied": r.state.satisfied(),
                    "gaps": missing,
                })
            })
            .collect();
        let unfilled: Vec<_> = doc
            .missing
            .iter()
            .map(|m| serde_json::json!({ "missing": m, "message": missing_label(lang, m), "command": missing_command(m) }))
            .collect();
        print_json(&serde_json::json!({
            "schema": "kensa.bcp-check/1",
            "today": today,
            "kakuninhyo": { "id": k.id, "title": k.title, "published": k.published, "source": k.source },
            "satisfied": result.satisfied,
            "total": result.total,
            "plan": st,
            "items": items,
            "unfilled": unfilled,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("{}", k.title);
    outln!("{}", plan_state_line(lang, &st));
    outln!();
    for step in &k.steps {
        let mark = if step.summary_wording == Wording::Unverified {
            tr!(lang, "bcp.unverified_mark")
        } else {
            ""
        };
        outln!(
            "{} {} {}（{}）{mark}",
            tr!(lang, "bcp.step"),
            step.number,
            step.name,
            step.summary
        );
        for item in &step.items {
            let Some(r) = result.items.iter().find(|r| r.id == item.id) else {
                continue;
            };
            let label = match &item.text {
                Some(t) if item.wording == Wording::Verified => t.clone(),
                Some(t) => format!("{}{t}", tr!(lang, "bcp.unverified_mark")),
                None => format!("{}{}", tr!(lang, "bcp.heading_only"), item.heading),
            };
            let state = match &r.state {
                ItemState::Met => tr!(lang, "bcp.state.met").to_string(),
                ItemState::Gaps { .. } => tr!(lang, "bcp.state.gaps").to_string(),
                ItemState::Confirmed { answer, on, .. } => tr!(
                    lang,
                    "bcp.state.confirmed",
                    answer = crate::text::answer_label(lang, *answer),
                    date = on
                ),
                ItemState::Asked => tr!(lang, "bcp.state.asked", item = item.id.clone()),
            };
            outln!("  {} {label}", pad(&item.id, 6));
            if let Some(note) = &item.note {
                outln!("         （{note}）");
            }
            outln!("         → {state}");
            if let ItemState::Gaps { missing } = &r.state {
                for m in missing {
                    outln!(
                        "           - {}（{}）",
                        missing_label(lang, m),
                        missing_command(m)
                    );
                }
            }
        }
    }
    outln!();
    if doc.missing.is_empty() {
        outln!("{}", tr!(lang, "bcp.document_complete"));
    } else {
        outln!(
            "{}",
            tr!(lang, "bcp.document_unfilled", count = doc.missing.len())
        );
        for m in &doc.missing {
            outln!("  - {}（{}）", missing_label(lang, m), missing_command(m));
        }
    }
    outln!();
    outln!(
        "{}",
        tr!(
            lang,
            "bcp.verdict",
            satisfied = result.satisfied,
            total = result.total
        )
    );
    outln!("{}", tr!(lang, "bcp.check_basis"));
    Ok(ExitCode::SUCCESS)
}

fn write(ctx: &Ctx, a: WriteArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let record = record(ctx)?;
    let doc = crate::bcp::write_document(&record, today()?, lang, a.format, &a.out).map_err(
        |e| match e {
            crate::bcp::WriteError::Render(e) => {
                anyhow!(tr!(lang, "bcp.render_failed", detail = e))
            }
            crate::bcp::WriteError::Io(e) => anyhow!(tr!(
                lang,
                "report.write_failed",
                path = safe_path(&a.out),
                detail = e
            )),
        },
    )?;
    outln!(
        "{}",
        tr!(
            lang,
            "bcp.written",
            path = safe_path(&a.out),
            missing = doc.missing.len()
        )
    );
    Ok(ExitCode::SUCCESS)
}
