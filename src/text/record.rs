//! Record problems in the user's language: `report --from-record`, `status` and the
//! inspector's `inspect` and `aggregate` word them the same.

use crate::model::record::RecordError;
use crate::tr;

/// A record problem in the user's language.
pub fn record_error(lang: crate::i18n::Lang, e: &RecordError) -> String {
    match e {
        RecordError::Json {
            line,
            column,
            message,
        } => tr!(
            lang,
            "record.err.json",
            line = line,
            column = column,
            detail = message
        ),
        RecordError::Schema(s) => tr!(lang, "record.err.schema", schema = s),
        RecordError::TooLarge { size, limit } => {
            tr!(lang, "record.err.too_large", size = size, limit = limit)
        }
        RecordError::EditionHash { id } => tr!(lang, "record.err.edition_hash", edition = id),
        RecordError::EditionInvalid { id, detail } => tr!(
            lang,
            "record.err.edition_invalid",
            edition = id,
            detail = detail
        ),
        RecordError::EditionMissing { id } => {
            tr!(lang, "record.err.edition_missing", edition = id)
        }
        RecordError::NoSuchSheet { sheet } => tr!(lang, "record.err.no_such_sheet", sheet = sheet),
        RecordError::NoFacility => tr!(lang, "record.err.no_facility").to_string(),
    }
}
