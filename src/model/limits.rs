//! How long each piece of text kensa stores may be. Checked when the text is entered (CLI,
//! TUI, imports), so that nothing stored can make an output fail later: an Excel cell holds at
//! most 32,767 UTF-16 units, and the longest cell kensa builds, a row's 備考, joins the notes
//! of two checks with a few labels. Lengths are counted in characters (Unicode scalar values,
//! what a person counts as 文字); one character is at most two UTF-16 units, so two notes of
//! [`NOTE_MAX`] stay well inside a cell.
//!
//! Text kensa observes rather than is given (host documents, SNMP names from a scan) is not
//! refused but clipped with [`clip`]: one long name must not make a whole scan fail.

/// Notes (備考) and the ledger's 説明.
pub const NOTE_MAX: usize = 4_000;
/// Every other ledger column (IPアドレス and MACアドレス hold lists).
pub const LEDGER_MAX: usize = 1_000;
/// Names, organisations, phone numbers and the other short fields.
pub const NAME_MAX: usize = 200;
/// A file name: what file systems allow for one name.
pub const FILE_NAME_MAX: usize = 255;

// The longest cell an output builds from stored text, a row's 備考 (two notes and about 200
// characters of labels), fits Excel's 32,767 UTF-16 units even when every character takes two.
const _: () = assert!(2 * (2 * NOTE_MAX) + 200 <= 32_767);
const _: () = assert!(2 * LEDGER_MAX <= 32_767);

/// A piece of stored text with a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 備考 of a check.
    Note,
    /// Who checked or set a 目標日 (`--by`, the OS user).
    Actor,
    FacilityName,
    Prefecture,
    Manager,
    SecurityOfficer,
    /// 開設者.
    Founder,
    ContactName,
    ContactOrg,
    ContactSystem,
    ContactPhone,
    ContactEmail,
    /// A typed ledger column, by its official header (`model::asset::Column::limit`); `long`
    /// for 説明, which holds prose like a note.
    Ledger {
        header: &'static str,
        long: bool,
    },
    /// The name an evidence file is kept under.
    EvidenceName,
    /// A vendor's company name.
    VendorName,
    /// An MDS/SDS's product and version.
    DisclosureProduct,
    /// A short BCP field (a name, a place), by the option that sets it (`--vendor`).
    BcpShort(&'static str),
    /// A BCP field holding prose (代替運用, 復旧方法, a drill's lessons), by its option.
    BcpLong(&'static str),
}

impl Field {
    /// The most characters the field may hold.
    pub const fn max_chars(self) -> usize {
        match self {
            Field::Note | Field::Ledger { long: true, .. } | Field::BcpLong(_) => NOTE_MAX,
            Field::Ledger { long: false, .. } => LEDGER_MAX,
            Field::EvidenceName => FILE_NAME_MAX,
            _ => NAME_MAX,
        }
    }
}

/// Text over its field's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    pub field: Field,
    /// Characters given.
    pub chars: usize,
    /// Characters allowed.
    pub max: usize,
}

impl std::fmt::Display for TooLong {
    /// English, for logs; users see `text::too_long_message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is limited to {} characters ({} given)",
            self.field, self.max, self.chars
        )
    }
}

impl std::error::Error for TooLong {}

/// `s` fits `field`, or why not.
pub fn check(field: Field, s: &str) -> Result<(), TooLong> {
    let max = field.max_chars();
    // Counting stops just past the limit: a 100 MB note is refused as fast as a short one.
    let chars = s.chars().take(max + 1).count();
    if chars > max {
        Err(TooLong {
            field,
            chars: s.chars().count(),
            max,
        })
    } else {
        Ok(())
    }
}

pub fn check_opt(field: Field, s: Option<&str>) -> Result<(), TooLong> {
    s.map_or(Ok(()), |s| check(field, s))
}

/// The text fields of a contact.
pub fn check_contact(
    name: &str,
    org: Option<&str>,
    system: Option<&str>,
    phone: Option<&str>,
    email: Option<&str>,
) -> Result<(), TooLong> {
    check(Field::ContactName, name)?;
    check_opt(Field::ContactOrg, org)?;
    check_opt(Field::ContactSystem, system)?;
    check_opt(Field::ContactPhone, phone)?;
    check_opt(Field::ContactEmail, email)
}

/// Observed text cut to `field`'s limit, ending in `…` when cut.
pub fn clip(field: Field, s: &str) -> String {
    let max = field.max_chars();
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some(_) => {
            let mut out: String = s.chars().take(max - 1).collect();
            out.push('…');
            out
        }
    }
}

/// Observed list items (addresses) joined with `, `, as many whole items as fit `field`: a
/// cut address would not read back as an address.
pub fn join_within(field: Field, items: &[String]) -> String {
    let max = field.max_chars();
    let mut out = String::new();
    let mut chars = 0;
    for item in items {
        let sep = if out.is_empty() { 0 } else { 2 };
        let n = item.chars().count();
        if chars + sep + n > max {
            break;
        }
        if sep > 0 {
            out.push_str(", ");
        }
        out.push_str(item);
        chars += sep + n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_characters_and_name_the_field() {
        assert_eq!(check(Field::Note, &"あ".repeat(NOTE_MAX)), Ok(()));
        assert_eq!(
            check(Field::Note, &"あ".repeat(NOTE_MAX + 1)),
            Err(TooLong {
                field: Field::Note,
                chars: NOTE_MAX + 1,
                max: NOTE_MAX
            })
        );
        assert_eq!(clip(Field::ContactName, "短い"), "短い");
        let clipped = clip(Field::ContactName, &"長".repeat(NAME_MAX * 3));
        assert_eq!(clipped.chars().count(), NAME_MAX);
        assert!(clipped.ends_with('…'));
        assert_eq!(check(Field::ContactName, &clipped), Ok(()));
        let ips: Vec<String> = (0..1000).map(|i| format!("fd00::{i:x}")).collect();
        let ip = Field::Ledger {
            header: "IPアドレス",
            long: false,
        };
        let joined = join_within(ip, &ips);
        assert!(joined.chars().count() <= LEDGER_MAX);
        assert!(joined.split(", ").all(|a| ips.contains(&a.to_string())));
        assert_eq!(join_within(ip, &ips[..2]), "fd00::0, fd00::1");
    }
}
