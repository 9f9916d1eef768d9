//! Host documents written by `kensa collect --out` (agent mode), read back for import.
//! The `schema` tag is checked before anything else, so a document from a kensa with another
//! major version is refused by name rather than with a confusing field error.

use std::path::Path;

use super::{ImportError, Problem};
use crate::model::host::{HOST_SCHEMA, HostReport};

/// The report and its text (kept as received, for the evidence it is).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<(HostReport, String), ImportError> {
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)).map_err(|e| {
            ImportError::new(
                path,
                Some(
                    bytes[..e.valid_up_to()]
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count()
                        + 1,
                ),
                Problem::BadEncoding { encoding: "UTF-8" },
            )
        })?;
    let json_err =
        |e: serde_json::Error| ImportError::new(path, Some(e.line()), Problem::Json(e.to_string()));
    // Only the tag is read first (every other field skipped, not built), so a large document
    // is never held as a JSON tree next to the report made from it.
    #[derive(serde::Deserialize)]
    struct Tag {
        schema: Option<serde_json::Value>,
    }
    let schema = match serde_json::from_str::<Tag>(text) {
        Ok(tag) => tag.schema,
        // Valid JSON of another shape (an array, a number) is not a host document.
        Err(e) if e.classify() == serde_json::error::Category::Data => None,
        Err(e) => return Err(json_err(e)),
    };
    match schema.as_ref().and_then(|s| s.as_str()) {
        Some(s) if s == HOST_SCHEMA => {}
        Some(s) if s.starts_with("kensa.host/") => {
            return Err(ImportError::new(
                path,
                None,
                Problem::HostVersion {
                    found: s.to_string(),
                },
            ));
        }
        _ => return Err(ImportError::new(path, None, Problem::NotHostDocument)),
    }
    let report: HostReport = serde_json::from_str(text).map_err(json_err)?;
    Ok((report, text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_versions_and_documents() {
        let p = Path::new("h.json");
        let e = parse(p, br#"{"schema":"kensa.host/2"}"#).unwrap_err();
        assert_eq!(
            e.problem,
            Problem::HostVersion {
                found: "kensa.host/2".into()
            }
        );
        let e = parse(p, br#"{"schema":"kensa.status/1"}"#).unwrap_err();
        assert_eq!(e.problem, Problem::NotHostDocument);
        let e = parse(p, b"{\n\"schema\": \"kensa.host/1\",\n\"identity\": 5\n}").unwrap_err();
        assert!(matches!(e.problem, Problem::Json(_)));
        let e = parse(p, b"{\n  \"schema\": \"kensa.host/1\",\n  oops").unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn reads_what_collect_writes() {
        let r = crate::collect::collect();
        let text = serde_json::to_string_pretty(&r).unwrap();
        let (back, kept) = parse(Path::new("h.json"), text.as_bytes()).unwrap();
        assert_eq!(back, r);
        assert_eq!(kept, text);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in ".{0,300}") {
            let _ = parse(Path::new("h.json"), s.as_bytes());
            let doc = format!(r#"{{"schema":"kensa.host/1","identity":{s:?}}}"#);
            let _ = parse(Path::new("h.json"), doc.as_bytes());
        }
    }
}
