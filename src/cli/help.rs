//! `--help` in the user's language. clap's derive attributes hold static English, so the tree
//! built from them is rewritten from the catalog (src/i18n/catalog/help.rs) before parsing:
//! every command's about and every argument's help, found by a key derived from the command
//! path and the argument id. The language must be known before clap parses, so `--lang` and
//! `KENSA_LANG` are read from the raw arguments first.
//!
//! Keys: `help.kensa` (the program), `help.kensa.inventory.export` (a command),
//! `help.kensa.inventory.export:format` (one of its arguments), `help.global:<id>` (the global
//! options and clap's own help/version flags, the same text everywhere), `help.clap.*` (clap's
//! own words in Japanese help).

use std::ffi::OsString;

use clap::{Arg, ArgAction, Command, CommandFactory};

use super::Cli;
use crate::i18n::{Lang, t};

/// The commands where the global options other than `--lang` do nothing: `collect` reads this
/// machine only and `keygen` writes a key pair, neither opens the database or the editions.
const NO_STORE: &[&str] = &["collect", "keygen"];

/// The global options, in the order they are listed under every command.
const GLOBALS: &[&str] = &["lang", "db", "checklists"];

/// The global options that only matter to commands with a database or editions.
const STORE_GLOBALS: &[&str] = &["db", "checklists"];

/// The language for help and messages, read before clap parses: `--lang X` / `--lang=X`
/// (before a `--`), else `KENSA_LANG`, else Japanese. A value that is not a language is left
/// for clap to refuse.
pub fn lang_from_args(args: &[OsString], env: Option<OsString>) -> Lang {
    let parse = |v: &str| match v {
        "en" => Some(Lang::En),
        "ja" => Some(Lang::Ja),
        _ => None,
    };
    let mut found = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let Some(a) = a.to_str() else { continue };
        if a == "--" {
            break;
        }
        if a == "--lang" {
            found = it.next().and_then(|v| v.to_str()).and_then(parse).or(found);
        } else if let Some(v) = a.strip_prefix("--lang=") {
            found = parse(v).or(found);
        }
    }
    found
        .or_else(|| env.and_then(|v| v.to_str().and_then(parse)))
        .unwrap_or_default()
}

/// The whole command tree with every text in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    // Built first, so the global options are copied into every command and clap's own
    // help/version flags and `help` commands exist, and all of them get texts below.
    cmd.build();
    localize(cmd, "kensa", lang)
}

/// The catalog key of a command's about.
pub fn command_key(path: &str) -> String {
    format!("help.{path}")
}

/// The catalog key of an argument's help in the command at `path`.
pub fn arg_key(path: &str, arg: &Arg) -> String {
    let id = arg.get_id().as_str();
    if arg.is_global_set() || is_clap_flag(arg) {
        format!("help.global:{id}")
    } else {
        format!("help.{path}:{id}")
    }
}

/// clap's own `--help`/`--version`: their text is the shared `help.global:*` one.
fn is_clap_flag(arg: &Arg) -> bool {
    matches!(
        arg.get_action(),
        ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
    )
}

/// clap's generated `help` command (its children are copies kept for shell completion).
fn is_help_command(cmd: &Command) -> bool {
    cmd.get_name() == "help"
}

/// A catalog text, or None when the key is missing (the derive's English text stays; a test
/// makes sure no key is missing).
fn text(lang: Lang, key: &str) -> Option<&'static str> {
    let s = t(lang, key);
    (s != "<missing message>").then_some(s)
}

fn localize(mut cmd: Command, path: &str, lang: Lang) -> Command {
    if is_help_command(&cmd) {
        if let Some(about) = text(lang, "help.global.help_command") {
            cmd = cmd.about(about).long_about(None);
        }
        return cmd;
    }
    if let Some(about) = text(lang, &command_key(path)) {
        cmd = cmd.about(about).long_about(None);
    }
    let hide_store_globals = NO_STORE.contains(&cmd.get_name()) && path != "kensa";
    cmd = cmd.mut_args(|mut a| {
        if let Some(help) = text(lang, &arg_key(path, &a)) {
            a = a.help(help).long_help(None);
        }
        // Copies of the global options come after the command's own options, in one order.
        if a.is_global_set() && path != "kensa" {
            let rank = GLOBALS.iter().position(|g| *g == a.get_id().as_str());
            a = a.display_order(900 + rank.unwrap_or(GLOBALS.len()));
        }
        if hide_store_globals && STORE_GLOBALS.contains(&a.get_id().as_str()) {
            a = a.hide(true);
        }
        if lang == Lang::Ja {
            a = japanese_notes(a);
        }
        a
    });
    if lang == Lang::Ja {
        cmd = cmd
            .help_template(t(lang, "help.clap.template"))
            .subcommand_help_heading(t(lang, "help.clap.commands"))
            .subcommand_value_name(t(lang, "help.clap.command"));
    }
    cmd.mut_subcommands(|sc| {
        let sub = format!("{path}.{}", sc.get_name());
        localize(sc, &sub, lang)
    })
}

/// Japanese help: clap writes `[default: …]`, `[env: …]` and `[possible values: …]` and the
/// headings `Arguments:`/`Options:` in English, so those are hidden and said in Japanese.
fn japanese_notes(mut a: Arg) -> Arg {
    let lang = Lang::Ja;
    let mut notes = String::new();
    let takes_value = a.get_action().takes_values();
    if takes_value {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            notes.push_str(&format!(
                "［{}: {}］",
                t(lang, "help.clap.values"),
                values.join(", ")
            ));
        }
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && !a.is_hide_default_value_set() {
            notes.push_str(&format!(
                "［{}: {}］",
                t(lang, "help.clap.default"),
                defaults.join(", ")
            ));
        }
    }
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        notes.push_str(&format!(
            "［{}: {}］",
            t(lang, "help.clap.env"),
            env.to_string_lossy()
        ));
    }
    if !notes.is_empty() {
        let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
        a = a.help(format!("{help}{notes}"));
    }
    let heading = if a.is_positional() {
        "help.clap.arguments"
    } else {
        "help.clap.options"
    };
    if a.get_help_heading().is_none() {
        a = a.help_heading(t(lang, heading));
    }
    a.hide_possible_values(true)
        .hide_default_value(true)
        .hide_env(true)
}

/// Every command of the tree with its key path (`kensa`, `kensa.inventory.export`), clap's
/// generated `help` commands left out.
pub fn each_command<'c>(cmd: &'c Command, path: &str, f: &mut dyn FnMut(&str, &'c Command)) {
    f(path, cmd);
    for sc in cmd.get_subcommands() {
        if is_help_command(sc) {
            continue;
        }
        each_command(sc, &format!("{path}.{}", sc.get_name()), f);
    }
}

/// A command-line mistake in Japanese: clap words its errors in English only, so the common
/// kinds are said again from the catalog with the usage line; the rest keep clap's text after
/// a Japanese heading. None for help/version output, which is already localised.
pub fn japanese_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ErrorKind};
    let lang = Lang::Ja;
    let get = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let suggestion = || {
        let s = get(ContextKind::SuggestedArg) + &get(ContextKind::SuggestedSubcommand);
        if s.is_empty() {
            String::new()
        } else {
            crate::i18n::format(lang, "help.err.suggest", &[("suggestion", &s)])
        }
    };
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => {
            crate::i18n::format(
                lang,
                "help.err.unknown_argument",
                &[("arg", &get(ContextKind::InvalidArg))],
            ) + &suggestion()
        }
        ErrorKind::InvalidSubcommand => {
            crate::i18n::format(
                lang,
                "help.err.unknown_command",
                &[("command", &get(ContextKind::InvalidSubcommand))],
            ) + &suggestion()
        }
        ErrorKind::InvalidValue => {
            let (arg, value) = (get(ContextKind::InvalidArg), get(ContextKind::InvalidValue));
            let valid = get(ContextKind::ValidValue);
            let key = match (value.is_empty(), valid.is_empty()) {
                (true, _) => "help.err.value_required",
                (false, true) => "help.err.bad_value",
                (false, false) => "help.err.invalid_value",
            };
            crate::i18n::format(
                lang,
                key,
                &[("arg", &arg), ("value", &value), ("valid", &valid)],
            )
        }
        ErrorKind::MissingRequiredArgument => crate::i18n::format(
            lang,
            "help.err.missing",
            &[("args", &get(ContextKind::InvalidArg))],
        ),
        ErrorKind::ArgumentConflict => crate::i18n::format(
            lang,
            "help.err.conflict",
            &[
                ("arg", &get(ContextKind::InvalidArg)),
                ("other", &get(ContextKind::PriorArg)),
            ],
        ),
        _ => {
            // clap's own sentence, kept whole rather than guessed at.
            let own = e.render().to_string();
            let first = own
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            crate::i18n::format(lang, "help.err.other", &[("detail", &first)])
        }
    };
    let usage = get(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let mut out = format!("kensa: {}: {message}", t(lang, "cli.error"));
    if !usage.is_empty() {
        out.push_str(&format!("\n\n{}: {usage}", t(lang, "help.err.usage")));
    }
    out.push_str(&format!("\n\n{}", t(lang, "help.err.more")));
    Some(out)
}

/// The command reference (docs/commands.md, docs/commands.en.md) rendered from the same tree
/// `--help` shows, so the page cannot drift from the commands. A small renderer of our own
/// rather than clap-markdown: its headings are fixed English, and this page is Japanese first.
pub fn reference_markdown(lang: Lang) -> String {
    let mut tree = command(lang);
    let mut paths = Vec::new();
    each_command(&tree, "kensa", &mut |path, _| paths.push(path.to_string()));
    let mut out = String::new();
    out.push_str(t(lang, "help.doc.title"));
    out.push_str("\n\n");
    out.push_str(t(lang, "help.doc.intro"));
    out.push_str("\n\n");
    // Contents: one line per command, indented by depth.
    for path in &paths {
        let depth = path.matches('.').count();
        let name = path.replace('.', " ");
        out.push_str(&format!(
            "{}- [`{name}`](#{})\n",
            "  ".repeat(depth),
            anchor(&name)
        ));
    }
    section(&mut tree, "kensa", lang, &mut out);
    out
}

/// One command's section of the reference, then its subcommands'.
fn section(cmd: &mut Command, path: &str, lang: Lang, out: &mut String) {
    let name = path.replace('.', " ");
    out.push_str(&format!("\n## {name}\n\n"));
    if let Some(about) = cmd.get_about() {
        out.push_str(&format!("{about}\n\n"));
    }
    let usage = cmd.render_usage().to_string();
    // clap writes its own English word before the usage line.
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    out.push_str(&format!("```\n{usage}\n```\n"));
    let args: Vec<&Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set() && !is_clap_flag(a))
        .collect();
    if !args.is_empty() {
        out.push_str(&format!(
            "\n| {} | {} |\n|---|---|\n",
            t(lang, "help.doc.argument"),
            t(lang, "help.doc.meaning")
        ));
        for a in args {
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            out.push_str(&format!(
                "| `{}` | {} |\n",
                arg_synopsis(a).replace('|', "\\|"),
                help.replace('|', "\\|")
            ));
        }
    }
    let subs: Vec<&Command> = cmd
        .get_subcommands()
        .filter(|c| !is_help_command(c))
        .collect();
    if !subs.is_empty() {
        out.push_str(&format!("\n{}:", t(lang, "help.clap.commands")));
        for sc in subs {
            let sub = format!("{name} {}", sc.get_name());
            out.push_str(&format!(" [`{}`](#{})", sc.get_name(), anchor(&sub)));
        }
        out.push('\n');
    }
    if path == "kensa" {
        out.push_str(&format!("\n{}\n", t(lang, "help.doc.globals")));
        out.push_str(&format!(
            "\n| {} | {} |\n|---|---|\n",
            t(lang, "help.doc.argument"),
            t(lang, "help.doc.meaning")
        ));
        for a in cmd.get_arguments().filter(|a| a.is_global_set()) {
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            out.push_str(&format!(
                "| `{}` | {} |\n",
                arg_synopsis(a).replace('|', "\\|"),
                help.replace('|', "\\|")
            ));
        }
    }
    for sc in cmd.get_subcommands_mut() {
        if !is_help_command(sc) {
            let sub = format!("{path}.{}", sc.get_name());
            section(sc, &sub, lang, out);
        }
    }
}

/// `--format <FORMAT>`, `-h, --help`, `<ITEM>`: how the argument is written.
fn arg_synopsis(a: &Arg) -> String {
    let value = || {
        a.get_value_names()
            .map(|v| {
                v.iter()
                    .map(|n| format!("<{n}>"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_else(|| format!("<{}>", a.get_id().as_str().to_uppercase()))
    };
    if a.is_positional() {
        let dots = if matches!(a.get_action(), ArgAction::Append) {
            "..."
        } else {
            ""
        };
        return format!("{}{dots}", value());
    }
    let mut s = String::new();
    if let Some(c) = a.get_short() {
        s.push_str(&format!("-{c}"));
    }
    if let Some(l) = a.get_long() {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&format!("--{l}"));
    }
    if a.get_action().takes_values() {
        s.push(' ');
        s.push_str(&value());
    }
    s
}

/// GitHub's heading anchor for `kensa inventory export`: lower case, spaces to hyphens.
fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn language_comes_from_the_raw_arguments_then_the_environment() {
        assert_eq!(lang_from_args(&os(&["kensa", "--help"]), None), Lang::Ja);
        assert_eq!(
            lang_from_args(&os(&["kensa", "--lang", "en", "status"]), None),
            Lang::En
        );
        assert_eq!(
            lang_from_args(&os(&["kensa", "status", "--lang=en"]), None),
            Lang::En
        );
        assert_eq!(lang_from_args(&os(&["kensa"]), Some("en".into())), Lang::En);
        assert_eq!(
            lang_from_args(&os(&["kensa", "--lang", "ja"]), Some("en".into())),
            Lang::Ja
        );
        // After `--` it is a value, not the option.
        assert_eq!(
            lang_from_args(&os(&["kensa", "--", "--lang", "en"]), None),
            Lang::Ja
        );
        assert_eq!(
            lang_from_args(&os(&["kensa", "--lang", "xx"]), None),
            Lang::Ja
        );
    }

    /// Every command and argument of the tree has a text in both languages, the Japanese one is
    /// not the English one, and the catalog has no text for a command or argument that is gone.
    #[test]
    fn every_command_and_argument_has_help_in_both_languages() {
        let mut tree = Cli::command();
        tree.build();
        let mut wanted = std::collections::BTreeSet::new();
        each_command(&tree, "kensa", &mut |path, cmd| {
            wanted.insert(command_key(path));
            for a in cmd.get_arguments() {
                wanted.insert(arg_key(path, a));
            }
        });
        wanted.insert("help.global.help_command".to_string());
        let mut problems = Vec::new();
        for key in &wanted {
            match (text(Lang::Ja, key), text(Lang::En, key)) {
                (Some(ja), Some(en)) => {
                    if ja == en {
                        problems.push(format!("{key}: Japanese text is the English one"));
                    }
                    if !ja
                        .chars()
                        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
                    {
                        problems.push(format!("{key}: Japanese text has no Japanese"));
                    }
                    if ja.contains("\\'") || en.contains("\\'") {
                        problems.push(format!("{key}: stray \\'"));
                    }
                }
                _ => problems.push(format!("{key}: no text")),
            }
        }
        for key in crate::i18n::keys_with_prefix("help.") {
            let shared = ["help.clap.", "help.doc.", "help.err."];
            if !shared.iter().any(|p| key.starts_with(p)) && !wanted.contains(key) {
                problems.push(format!(
                    "{key}: in the catalog but no such command or argument"
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The rendered Japanese help of every command carries no English word of clap's and no
    /// English sentence of ours.
    #[test]
    fn japanese_help_has_no_english_left() {
        let mut tree = command(Lang::Ja);
        let mut paths = Vec::new();
        each_command(&tree, "kensa", &mut |path, _| paths.push(path.to_string()));
        for path in paths {
            let mut cmd = &mut tree;
            for name in path.split('.').skip(1) {
                cmd = cmd.find_subcommand_mut(name).unwrap();
            }
            let help = cmd.render_long_help().to_string();
            for english in [
                "Usage:",
                "Options:",
                "Arguments:",
                "Commands:",
                "Print help",
                "[default:",
                "[env:",
                "possible values",
            ] {
                assert!(!help.contains(english), "{path}: `{english}` in\n{help}");
            }
            assert!(help.contains("使い方"), "{path}:\n{help}");
        }
    }

    /// Mistakes on the command line are told in Japanese, with the usage line and a pointer to
    /// --help, and clap's English headings are gone.
    #[test]
    fn command_line_mistakes_are_told_in_japanese() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["kensa", "statu"],
                "「statu」というコマンドはありません。もしかして: target, status",
            ),
            (
                &["kensa", "status", "--jsn"],
                "「--jsn」というオプションはありません",
            ),
            (
                &["kensa", "report", "--format", "pdf"],
                "の値「pdf」は使えません。使える値: html, md, xlsx, json",
            ),
            (&["kensa", "answer"], "必要な引数がありません"),
            (
                &["kensa", "scan", "--rate"],
                "--rate <RATE> には値が必要です",
            ),
            (
                &[
                    "kensa",
                    "sheet",
                    "new",
                    "--edition",
                    "x",
                    "--fiscal-year",
                    "abc",
                ],
                "コマンドラインが正しくありません",
            ),
        ];
        for (args, want) in cases {
            let e = command(Lang::Ja)
                .try_get_matches_from(args.iter())
                .unwrap_err();
            let said = japanese_error(&e).unwrap();
            assert!(said.contains(want), "{args:?}:\n{said}");
            // clap gives the usage line with most kinds (not with a bad value).
            assert!(said.contains("--help"), "{args:?}:\n{said}");
            assert!(
                !said.contains("Usage:") && !said.contains("error:"),
                "{args:?}:\n{said}"
            );
        }
        let e = command(Lang::Ja)
            .try_get_matches_from(["kensa", "statu"])
            .unwrap_err();
        assert!(
            japanese_error(&e)
                .unwrap()
                .contains("使い方: kensa [OPTIONS] [コマンド]")
        );
        let e = command(Lang::Ja)
            .try_get_matches_from(["kensa", "--help"])
            .unwrap_err();
        assert!(japanese_error(&e).is_none());
    }

    #[test]
    fn global_options_are_hidden_where_they_do_nothing() {
        let mut tree = command(Lang::En);
        for name in NO_STORE {
            let help = tree
                .find_subcommand_mut(name)
                .unwrap()
                .render_long_help()
                .to_string();
            assert!(!help.contains("--db"), "{name}:\n{help}");
            assert!(!help.contains("--checklists"), "{name}:\n{help}");
            assert!(help.contains("--lang"), "{name}:\n{help}");
        }
        let help = tree
            .find_subcommand_mut("status")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(help.contains("--db"), "{help}");
    }
}
