//! `kensa collect`: facts about this machine. Needs no database and no administrator rights,
//! so the same binary can run on every PC as an agent writing to a shared folder.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::{Ctx, print_json};
use crate::i18n::Lang;
use crate::model::host::{Fact, HostReport};
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

/// A fact's value shown with `show`, or why there is none.
pub fn fact_text<T>(lang: Lang, f: &Fact<T>, show: impl FnOnce(&T) -> String) -> String {
    match f {
        Fact::Ok { value } => show(value),
        Fact::Unsupported { detail } => tr!(lang, "collect.unsupported", detail = detail),
        Fact::NeedsPrivilege { detail } => tr!(lang, "collect.needs_privilege", detail = detail),
        Fact::Error { detail } => tr!(lang, "collect.error", detail = detail),
    }
}

fn yes_no(lang: Lang, b: bool) -> &'static str {
    if b {
        tr!(lang, "collect.on")
    } else {
        tr!(lang, "collect.off")
    }
}

/// Write `text` to `path` through a temporary file beside it, so an agent interrupted
/// halfway never leaves a truncated document on the share for the importer to trip on.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    write_atomically_with(path, |f| f.write_all(bytes))
}

/// [`write_atomically`] for output written piece by piece (a large export): `fill` writes
/// the temporary file, which is renamed into place only if it succeeds, and removed if not.
pub fn write_atomically_with<E: From<std::io::Error>>(
    path: &std::path::Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<(), E>,
) -> Result<(), E> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kensa".into());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .map_err(E::from)
        .and_then(|mut f| {
            fill(&mut f)?;
            f.flush()?;
            Ok(())
        })
        .and_then(|()| std::fs::rename(&tmp, path).map_err(E::from));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

pub fn collect(ctx: &Ctx, a: CollectArgs) -> Result<ExitCode> {
    let lang = ctx.lang;
    let report = crate::collect::collect();
    if let Some(out) = &a.out {
        let text = serde_json::to_string_pretty(&report)?;
        write_atomically(out, text.as_bytes())
            .with_context(|| tr!(lang, "collect.cannot_write", path = out.display()))?;
        let host = report
            .identity
            .host_name
            .value()
            .cloned()
            .unwrap_or_default();
        eprintln!(
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
}
