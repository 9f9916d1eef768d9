//! `kensa collect`: facts about this machine. Needs no database and no administrator rights,
//! so the same binary can run on every PC as an agent writing to a shared folder.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::{Ctx, print_json};
use crate::i18n::Lang;
use crate::model::host::{Fact, HostReport, Reason};
use crate::tr;

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Print the host document (schema kensa.host/1) instead of a summary.
    #[arg(long)]
    json: bool,
    /// Write the host document to FILE (e.g. //share/kensa/host-PC01.json) for `inventory import`.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// A fact's value shown with `show`, or why there is none: in the reader's language when the
/// document gives a reason kensa knows, else the document's own detail.
pub fn fact_text<T>(lang: Lang, f: &Fact<T>, show: impl FnOnce(&T) -> String) -> String {
    let why = |detail: &str| match f.reason().and_then(|r| reason_text(lang, r)) {
        Some(text) => text.to_string(),
        None => detail.to_string(),
    };
    match f {
        Fact::Ok { value } => show(value),
        Fact::Unsupported { detail, .. } => tr!(lang, "collect.unsupported", detail = why(detail)),
        Fact::NeedsPrivilege { detail, .. } => {
            tr!(lang, "collect.needs_privilege", detail = why(detail))
        }
        Fact::Error { detail, .. } => tr!(lang, "collect.error", detail = why(detail)),
    }
}

/// What a reason code means; `None` for a code of a later kensa, shown by its detail instead.
fn reason_text(lang: Lang, reason: Reason) -> Option<&'static str> {
    Some(match reason {
        Reason::NoDmi => tr!(lang, "collect.reason.no_dmi"),
        Reason::NotPresent => tr!(lang, "collect.reason.not_present"),
        Reason::Empty => tr!(lang, "collect.reason.empty"),
        Reason::NotReported => tr!(lang, "collect.reason.not_reported"),
        Reason::NoPackageDatabase => tr!(lang, "collect.reason.no_package_database"),
        Reason::NoSystemd => tr!(lang, "collect.reason.no_systemd"),
        Reason::OtherNamespace => tr!(lang, "collect.reason.other_namespace"),
        Reason::OtherUser => tr!(lang, "collect.reason.other_user"),
        Reason::PermissionDenied => tr!(lang, "collect.reason.permission_denied"),
        Reason::NoTimeSyncTool => tr!(lang, "collect.reason.no_time_sync_tool"),
        Reason::NoPasswordPolicyFile => tr!(lang, "collect.reason.no_password_policy_file"),
        Reason::NotCollectedOnThisOs => tr!(lang, "collect.reason.not_collected_on_this_os"),
        Reason::NotCollectedByWriter => tr!(lang, "collect.reason.not_collected_by_writer"),
        Reason::Other => return None,
    })
}

fn yes_no(lang: Lang, b: bool) -> &'static str {
    if b {
        tr!(lang, "collect.on")
    } else {
        tr!(lang, "collect.off")
    }
}

pub fn collect(ctx: &Ctx, a: CollectArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let report = crate::collect::collect();
    if let Some(out) = &a.out {
        let text = serde_json::to_string_pretty(&report)?;
        // Atomic, so an agent interrupted halfway never leaves a truncated document on the
        // share for the importer to trip on.
        crate::fsio::write_atomic(out, text.as_bytes())
            .with_context(|| tr!(lang, "collect.cannot_write", path = out.display()))?;
        let host = report
            .identity
            .host_name
            .value()
            .cloned()
            .unwrap_or_default();
        errln!(
            "{}",
            tr!(lang, "collect.written", path = out.display(), host = host)
        );
    }
    if a.json {
        print_json(&report)?;
    } else if a.out.is_none() {
        summary(lang, &report);
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(lang: Lang, r: &HostReport) {
    let id = &r.identity;
    let s = |f: &Fact<String>| fact_text(lang, f, Clone::clone);
    let line = |label: &str, value: String| outln!("{}{value}", super::pad(label, 18));
    line(tr!(lang, "collect.host_name"), s(&id.host_name));
    line(
        tr!(lang, "collect.os"),
        format!("{} {}", s(&id.os_name), s(&id.os_version)),
    );
    line(tr!(lang, "collect.build"), s(&id.os_build));
    line(tr!(lang, "collect.arch"), s(&id.architecture));
    line(tr!(lang, "collect.manufacturer"), s(&id.manufacturer));
    line(tr!(lang, "collect.model"), s(&id.model));
    line(tr!(lang, "collect.serial"), s(&id.serial));
    line(
        tr!(lang, "collect.privileged"),
        if r.privileged {
            tr!(lang, "collect.yes")
        } else {
            tr!(lang, "collect.no")
        }
        .to_string(),
    );
    line(
        tr!(lang, "collect.interfaces"),
        fact_text(lang, &r.interfaces, |v| {
            v.iter()
                .map(|i| {
                    let addrs: Vec<&str> =
                        i.ipv4.iter().chain(&i.ipv6).map(String::as_str).collect();
                    format!(
                        "{} {} {}",
                        i.name,
                        i.mac.as_deref().unwrap_or("-"),
                        addrs.join(",")
                    )
                })
                .collect::<Vec<_>>()
                .join(" / ")
        }),
    );
    line(
        tr!(lang, "collect.accounts"),
        fact_text(lang, &r.accounts, |v| {
            let admins: Vec<&str> = v
                .iter()
                .filter(|a| a.administrator.value() == Some(&true))
                .map(|a| a.name.as_str())
                .collect();
            let enabled = v
                .iter()
                .filter(|a| a.disabled.value() == Some(&false))
                .count();
            tr!(
                lang,
                "collect.accounts_summary",
                count = v.len(),
                enabled = enabled,
                admins = admins.join(", ")
            )
        }),
    );
    line(
        tr!(lang, "collect.software"),
        fact_text(lang, &r.software, |v| {
            tr!(
                lang,
                "collect.software_summary",
                count = v.packages.len(),
                source = v.source
            )
        }),
    );
    line(
        tr!(lang, "collect.updates"),
        fact_text(lang, &r.updates, |v| {
            let last = v.last_update.clone().unwrap_or_else(|| "-".into());
            if v.hotfixes.is_empty() {
                last
            } else {
                tr!(
                    lang,
                    "collect.hotfixes_summary",
                    last = last,
                    count = v.hotfixes.len()
                )
            }
        }),
    );
    line(
        tr!(lang, "collect.services"),
        fact_text(lang, &r.services, |v| {
            tr!(lang, "collect.count", count = v.len())
        }),
    );
    line(
        tr!(lang, "collect.listening"),
        fact_text(lang, &r.listening, |v| {
            v.iter()
                .map(|p| {
                    let who = fact_text(lang, &p.process, |p| format!("{}({})", p.name, p.pid));
                    format!("{} {}:{} {who}", p.protocol, p.address, p.port)
                })
                .collect::<Vec<_>>()
                .join(" / ")
        }),
    );
    line(
        tr!(lang, "collect.firewall"),
        fact_text(lang, &r.firewall, |v| {
            if v.is_empty() {
                return tr!(lang, "collect.none_found").to_string();
            }
            v.iter()
                .map(|f| {
                    format!(
                        "{} {}",
                        f.name,
                        fact_text(lang, &f.enabled, |b| yes_no(lang, *b).to_string())
                    )
                })
                .collect::<Vec<_>>()
                .join(" / ")
        }),
    );
    line(
        tr!(lang, "collect.logging"),
        fact_text(lang, &r.logging, |v| {
            v.iter()
                .map(|l| format!("{} {}", l.name, yes_no(lang, l.running)))
                .collect::<Vec<_>>()
                .join(" / ")
        }),
    );
    line(
        tr!(lang, "collect.anti_malware"),
        fact_text(lang, &r.anti_malware, |v| {
            if v.is_empty() {
                return tr!(lang, "collect.none_found").to_string();
            }
            v.iter()
                .map(|m| format!("{} {}", m.name, yes_no(lang, m.running)))
                .collect::<Vec<_>>()
                .join(" / ")
        }),
    );
    line(
        tr!(lang, "collect.time_sync"),
        fact_text(lang, &r.time_sync, |t| {
            format!(
                "{} ({})",
                t.service
                    .clone()
                    .unwrap_or_else(|| tr!(lang, "collect.none_found").to_string()),
                fact_text(lang, &t.synchronized, |b| {
                    if *b {
                        tr!(lang, "collect.synced").to_string()
                    } else {
                        tr!(lang, "collect.not_synced").to_string()
                    }
                })
            )
        }),
    );
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".to_string());
    let flag = |v: Option<bool>| {
        opt(v.map(|b| {
            if b {
                tr!(lang, "collect.yes").to_string()
            } else {
                tr!(lang, "collect.no").to_string()
            }
        }))
    };
    line(
        tr!(lang, "evidence.collect.password_policy"),
        fact_text(lang, &r.password_policy, |p| {
            tr!(
                lang,
                "evidence.collect.password_policy_summary",
                min = opt(p.min_length.map(|n| n.to_string())),
                age = p
                    .max_age_days
                    .map(|d| tr!(lang, "evidence.pw.days", days = d))
                    .unwrap_or_else(|| tr!(lang, "evidence.pw.none").to_string()),
                complexity = flag(p.complexity),
                source = p.source
            )
        }),
    );
    line(
        tr!(lang, "evidence.collect.remote_access"),
        fact_text(lang, &r.remote_access, |a| {
            tr!(
                lang,
                "evidence.collect.remote_access_summary",
                rdp = flag(a.rdp_enabled),
                nla = flag(a.rdp_nla),
                smb1 = flag(a.smb1_enabled)
            )
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coded_reason_is_said_in_the_readers_language_and_an_uncoded_one_by_its_detail() {
        let no_dmi: Fact<String> = Fact::unsupported(Reason::NoDmi, "no DMI table (/sys/...)");
        let ja = fact_text(Lang::Ja, &no_dmi, String::clone);
        assert_eq!(
            ja,
            "［取得できません: 機器の製造情報（DMI/SMBIOS）がありません（コンテナ、または SMBIOS のない機器）］"
        );
        let denied: Fact<String> = Fact::needs_privilege(Reason::PermissionDenied, "x: denied");
        assert!(
            fact_text(Lang::Ja, &denied, String::clone).starts_with("［要管理者権限: 読み取り")
        );
        assert!(fact_text(Lang::En, &denied, String::clone).starts_with("[needs privilege: perm"));
        // An OS message has no code, and a later kensa's code is unknown here: both keep the
        // document's detail rather than saying nothing.
        let error: Fact<String> = Fact::error("lastlog: Input/output error");
        assert_eq!(
            fact_text(Lang::Ja, &error, String::clone),
            "［エラー: lastlog: Input/output error］"
        );
        let later: Fact<String> =
            serde_json::from_str(r#"{"status":"unsupported","detail":"new","reason":"x"}"#)
                .unwrap();
        assert_eq!(
            fact_text(Lang::Ja, &later, String::clone),
            "［取得できません: new］"
        );
    }
}
