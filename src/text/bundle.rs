//! Bundle read errors and problems in the user's language: `verify`, `audit verify --anchor`
//! and the inspector's `inspect` and `aggregate` say the same thing about the same bundle.

use crate::bundle::reader::{Problem, ReadError};
use crate::i18n::Lang;
use crate::text::io_detail;
use crate::text::safe::{safe, safe_path};
use crate::tr;

/// Why a bundle could not be read to the end.
pub fn read_error(lang: Lang, e: &ReadError) -> String {
    match e {
        ReadError::Io { path, source } => tr!(
            lang,
            "store.io",
            path = safe_path(path),
            detail = io_detail(lang, source)
        ),
        ReadError::Damaged {
            path,
            member,
            detail,
        } => tr!(
            lang,
            "bundle.damaged",
            path = safe_path(path),
            member = safe(member),
            detail = safe(detail)
        ),
        ReadError::UnsafeName { path, name, why } => tr!(
            lang,
            "bundle.unsafe_name",
            path = safe_path(path),
            name = format!("{name:?}"),
            why = safe(why)
        ),
        ReadError::Duplicate { path, name } => {
            tr!(
                lang,
                "bundle.duplicate",
                path = safe_path(path),
                name = safe(name)
            )
        }
        ReadError::Oversized {
            path,
            name,
            size,
            limit,
        } => tr!(
            lang,
            "bundle.oversized",
            path = safe_path(path),
            name = safe(name),
            size = size,
            limit = limit
        ),
        ReadError::UnsafeHeader {
            path,
            name,
            field,
            value,
            allowed,
        } => tr!(
            lang,
            "bundle.unsafe_header",
            path = path.display(),
            name = format!("{name:?}"),
            field = field,
            value = value,
            allowed = allowed
        ),
        ReadError::NotRegular { path, name, kind } => tr!(
            lang,
            "bundle.not_regular",
            path = safe_path(path),
            name = safe(name),
            kind = kind
        ),
        ReadError::TooManyMembers { path, limit } => {
            tr!(
                lang,
                "bundle.too_many",
                path = safe_path(path),
                limit = limit
            )
        }
        ReadError::Misplaced {
            path,
            member,
            position,
        } => tr!(
            lang,
            "bundle.misplaced",
            path = safe_path(path),
            member = safe(member),
            position = position
        ),
        ReadError::Missing { path, member } => {
            tr!(
                lang,
                "bundle.not_a_bundle",
                path = safe_path(path),
                member = safe(member)
            )
        }
    }
}

/// One problem found in a bundle that was read to the end.
pub fn problem_message(lang: Lang, p: &Problem) -> String {
    match p {
        Problem::ManifestUnreadable { detail } => {
            tr!(
                lang,
                "bundle.problem.manifest_unreadable",
                detail = safe(detail)
            )
        }
        Problem::SignatureMalformed => tr!(lang, "bundle.problem.signature_malformed").into(),
        Problem::PublicKeyMalformed => tr!(lang, "bundle.problem.public_key_malformed").into(),
        Problem::SignatureInvalid => tr!(lang, "bundle.problem.signature_invalid").into(),
        Problem::KeyMismatch {
            expected,
            found,
            signature_valid: true,
        } => tr!(
            lang,
            "bundle.problem.other_key",
            expected = expected,
            found = found
        ),
        Problem::KeyMismatch {
            expected,
            found,
            signature_valid: false,
        } => tr!(
            lang,
            "bundle.problem.key_mismatch",
            expected = safe(expected),
            found = safe(found)
        ),
        Problem::FileChanged { path } => {
            tr!(lang, "bundle.problem.file_changed", path = safe(path))
        }
        Problem::FileMissing { path } => {
            tr!(lang, "bundle.problem.file_missing", path = safe(path))
        }
        Problem::FileAdded { path } => tr!(lang, "bundle.problem.file_added", path = safe(path)),
        Problem::PaddingAltered { after } => {
            tr!(lang, "bundle.problem.padding_altered", after = after)
        }
        Problem::Truncated => tr!(lang, "bundle.problem.truncated").into(),
        Problem::TrailingData => tr!(lang, "bundle.problem.trailing_data").into(),
        Problem::AuditLogInvalid { detail } => {
            tr!(lang, "bundle.problem.audit_log_invalid", detail = detail)
        }
        Problem::SchemaNewer { member, schema } => tr!(
            lang,
            "bundle.problem.schema_newer",
            member = member,
            schema = safe(schema)
        ),
    }
}
