//! 和暦 (Japanese era) formatting and the date forms an officer types, plus 年度 arithmetic.
//! Dates are stored as ISO `YYYY-MM-DD`; 和暦 is only for display and input.

use jiff::civil::{Date, date};

/// The modern eras, newest first, with the first day of each.
const ERAS: [(&str, &str, i16, i8, i8); 5] = [
    ("令和", "R", 2019, 5, 1),
    ("平成", "H", 1989, 1, 8),
    ("昭和", "S", 1926, 12, 25),
    ("大正", "T", 1912, 7, 30),
    ("明治", "M", 1868, 1, 25),
];

fn era_of(d: Date) -> Option<(usize, i16)> {
    ERAS.iter().enumerate().find_map(|(i, (_, _, y, m, day))| {
        (d >= date(*y, *m, *day)).then(|| (i, d.year() - *y + 1))
    })
}

/// `令和7年5月16日`; the first year of an era is 元年 (`令和元年5月1日`).
/// Dates before 明治 are shown in 西暦.
pub fn format_wareki(d: Date) -> String {
    match era_of(d) {
        Some((i, year)) => {
            let y = if year == 1 {
                "元".to_string()
            } else {
                year.to_string()
            };
            format!("{}{}年{}月{}日", ERAS[i].0, y, d.month(), d.day())
        }
        None => d.to_string(),
    }
}

/// `R7.5.16`, for narrow columns.
pub fn format_wareki_short(d: Date) -> String {
    match era_of(d) {
        Some((i, year)) => format!("{}{}.{}.{}", ERAS[i].1, year, d.month(), d.day()),
        None => d.to_string(),
    }
}

/// 年度 (fiscal year, April–March) a date falls in, as the western year it starts.
pub fn fiscal_year_of(d: Date) -> i16 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// First day of a 年度: 1 April.
pub fn fiscal_year_start(fy: i16) -> Date {
    date(fy, 4, 1)
}

/// Last day of a 年度: 31 March of the next year.
pub fn fiscal_year_end(fy: i16) -> Date {
    date(fy + 1, 3, 31)
}

/// `令和7年度` for a fiscal year.
pub fn format_fiscal_year(fy: i16) -> String {
    // 年度 start on 1 April, so the era is that of 1 April of the year.
    match era_of(date(fy, 4, 1)) {
        Some((i, 1)) => format!("{}元年度", ERAS[i].0),
        Some((i, year)) => format!("{}{}年度", ERAS[i].0, year),
        None => format!("{fy}年度"),
    }
}

/// Full-width digits and the punctuation people type in dates and item numbers
/// (`２０２６／３／３１`, `２（７）`) to ASCII. Other characters are kept.
pub fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            // The full-width digits and ASCII digits are both contiguous ranges.
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '／' => '/',
            '．' => '.',
            '－' | '−' => '-',
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

/// Why a typed date was refused. The CLI and TUI word it through the i18n catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateParseError {
    /// Not one of the accepted forms, or no such day.
    NotADate { input: String },
    /// A 和暦 year outside its era (平成32年).
    OutsideEra { input: String, era: &'static str },
}

impl std::fmt::Display for DateParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateParseError::NotADate { input } => write!(
                f,
                "`{input}` is not a date; write 2026-03-31, 2026/3/31, R8.3.31 or 令和8年3月31日"
            ),
            DateParseError::OutsideEra { input, era } => {
                write!(f, "`{input}` is outside the {era} era")
            }
        }
    }
}

impl std::error::Error for DateParseError {}

/// Parse `2026-03-31`, `2026/3/31`, `R8.3.31`, `令和8年3月31日`, `令和元年5月1日`, `H31.4.30`.
/// Full-width digits are accepted. A 和暦 date outside its era (平成32年) is refused.
pub fn parse_date(input: &str) -> Result<Date, DateParseError> {
    let s = halfwidth(input.trim());
    let bad = || DateParseError::NotADate {
        input: input.to_string(),
    };
    if s.is_empty() {
        return Err(bad());
    }
    // Era forms.
    for (i, (kanji, letter, ..)) in ERAS.iter().enumerate() {
        let rest = s
            .strip_prefix(kanji)
            .or_else(|| s.strip_prefix(letter))
            .or_else(|| s.strip_prefix(&letter.to_lowercase()));
        if let Some(rest) = rest {
            let nums = split_numbers(rest, true).ok_or_else(bad)?;
            let [y, m, d] = nums;
            let start = ERAS[i];
            let year = start.2 + y - 1;
            let parsed = civil_date(year, m, d).ok_or_else(bad)?;
            if y < 1 || era_of(parsed).map(|(e, _)| e) != Some(i) {
                return Err(DateParseError::OutsideEra {
                    input: input.to_string(),
                    era: start.0,
                });
            }
            return Ok(parsed);
        }
    }
    let nums = split_numbers(&s, false).ok_or_else(bad)?;
    let [y, m, d] = nums;
    if !(1900..=2200).contains(&y) {
        return Err(bad());
    }
    civil_date(y, m, d).ok_or_else(bad)
}

/// A calendar date from parsed numbers. Month and day are range-checked before they are
/// narrowed to jiff's `i8`: `m as i8` would wrap 257 to 1 and store `2025-257-01` as 1 January.
fn civil_date(year: i16, month: i16, day: i16) -> Option<Date> {
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok()
}

/// Splits `8.3.31`, `8年3月31日`, `2026-03-31`, `2026/3/31` into three numbers.
/// `元` is year 1 when `era` is set; it is the whole year or nothing (`元1` is not 11).
fn split_numbers(s: &str, era: bool) -> Option<[i16; 3]> {
    let s = s.strip_suffix('日').unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 {
        return None;
    }
    let mut out = [0i16; 3];
    for (i, (o, p)) in out.iter_mut().zip(parts).enumerate() {
        if era && i == 0 && p == "元" {
            *o = 1;
            continue;
        }
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *o = p.parse().ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_boundaries() {
        assert_eq!(format_wareki(date(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(format_wareki(date(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(format_wareki(date(2020, 1, 1)), "令和2年1月1日");
        assert_eq!(format_wareki(date(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(format_wareki(date(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(format_wareki(date(1926, 12, 24)), "大正15年12月24日");
        assert_eq!(format_wareki(date(1926, 12, 25)), "昭和元年12月25日");
        assert_eq!(format_wareki(date(2025, 5, 16)), "令和7年5月16日");
        assert_eq!(format_wareki_short(date(2026, 3, 31)), "R8.3.31");
    }

    #[test]
    fn fiscal_years() {
        assert_eq!(fiscal_year_of(date(2026, 3, 31)), 2025);
        assert_eq!(fiscal_year_of(date(2026, 4, 1)), 2026);
        assert_eq!(fiscal_year_end(2025), date(2026, 3, 31));
        assert_eq!(format_fiscal_year(2025), "令和7年度");
        assert_eq!(format_fiscal_year(2027), "令和9年度");
        // 2019年度 started on 1 April 2019, still 平成.
        assert_eq!(format_fiscal_year(2019), "平成31年度");
        assert_eq!(format_fiscal_year(2020), "令和2年度");
    }

    #[test]
    fn parses_every_accepted_form() {
        let want = date(2026, 3, 31);
        for s in [
            "2026-03-31",
            "2026/3/31",
            "R8.3.31",
            "r8.3.31",
            "令和8年3月31日",
            "２０２６／３／３１",
            " 2026-3-31 ",
        ] {
            assert_eq!(parse_date(s), Ok(want), "{s}");
        }
        assert_eq!(parse_date("令和元年5月1日"), Ok(date(2019, 5, 1)));
        assert_eq!(parse_date("H31.4.30"), Ok(date(2019, 4, 30)));
    }

    #[test]
    fn refuses_nonsense() {
        for s in [
            "",
            "2026-02-30",
            "2026-13-01",
            "tomorrow",
            "R8.3",
            "平成32年1月1日",
            "令和0年5月1日",
            "H31.5.1",
            "0001-01-01",
            // Month or day past 255 must not wrap around to a real date.
            "2025-257-01",
            "2025-05-257",
            "2025/261/1",
            "R7.261.1",
            "令和7年5月257日",
            "H30.1.9999",
        ] {
            assert!(parse_date(s).is_err(), "{s}");
        }
    }

    /// Found by the `date` fuzz target: 元 anywhere became a 1 (`R8.3.元1` was read as R8.3.11).
    #[test]
    fn gannen_is_only_the_year() {
        for s in [
            "R8.3.元1",
            "R元1.5.1",
            "令和8年元月1日",
            "令和元元年5月1日",
            "2026-元-1",
        ] {
            assert!(parse_date(s).is_err(), "{s} gave {:?}", parse_date(s));
        }
        assert_eq!(parse_date("R元.5.1"), Ok(date(2019, 5, 1)));
    }

    /// Found by the `date` fuzz target: a month or day over 255 wrapped when narrowed to `i8`
    /// (`2052/2052/1` was read as 2052-04-01).
    #[test]
    fn month_and_day_are_not_wrapped() {
        for s in [
            "2052/2052/1",
            "2025-257-01",
            "2025-1-257",
            "R7.261.1",
            "令和7年5月257日",
        ] {
            assert!(parse_date(s).is_err(), "{s} gave {:?}", parse_date(s));
        }
    }

    proptest::proptest! {
        #[test]
        fn wareki_round_trips(days in 0i32..60_000) {
            let d = date(1900, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
            proptest::prop_assert_eq!(parse_date(&format_wareki(d)), Ok(d));
            proptest::prop_assert_eq!(parse_date(&format_wareki_short(d)), Ok(d));
            proptest::prop_assert_eq!(parse_date(&d.to_string()), Ok(d));
        }
    }
}
