//! Messages of the history checks: schema integrity, anchors, the audit log in bundles. Shared
//! by the CLI and the TUI so that an altered database reads the same everywhere.

use crate::i18n::Lang;
use crate::store::{SchemaChange, SchemaProblem};
use crate::tr;

fn object_label(lang: Lang, object: &str) -> String {
    match object {
        "table" => tr!(lang, "audit.schema.object.table").to_string(),
        "index" => tr!(lang, "audit.schema.object.index").to_string(),
        "trigger" => tr!(lang, "audit.schema.object.trigger").to_string(),
        "view" => tr!(lang, "audit.schema.object.view").to_string(),
        other => other.to_string(),
    }
}

/// One schema object that is not kensa's, e.g. 「トリガー yes_always は kensa が作ったものではありません」.
pub fn schema_problem(lang: Lang, p: &SchemaProblem) -> String {
    let object = object_label(lang, &p.object);
    let name = &p.name;
    match p.change {
        SchemaChange::Added => tr!(lang, "audit.schema.added", object = object, name = name),
        SchemaChange::Missing => tr!(lang, "audit.schema.missing", object = object, name = name),
        SchemaChange::Changed => tr!(lang, "audit.schema.changed", object = object, name = name),
    }
}

/// Every problem, joined for one line.
pub fn schema_problems(lang: Lang, problems: &[SchemaProblem]) -> String {
    problems
        .iter()
        .map(|p| schema_problem(lang, p))
        .collect::<Vec<_>>()
        .join(tr!(lang, "audit.schema.separator"))
}
