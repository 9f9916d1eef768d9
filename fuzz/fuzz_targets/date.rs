//! The date entry parser (確認日, 目標日, 登録日): 2026-03-31, 2026/3/31, R8.3.31, 令和8年3月31日,
//! full-width digits. A date it accepts is the date typed: its month and day are the last two
//! numbers of the input, and it reads back the same from the forms kensa writes.
#![no_main]

use kensa::model::wareki::{format_wareki, format_wareki_short, halfwidth, parse_date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let Ok(d) = parse_date(&input) else {
        return;
    };
    let typed = halfwidth(input.trim());
    let numbers: Vec<u32> = typed
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(
        numbers.len() >= 2,
        "{input:?} gave {d} from fewer than two numbers"
    );
    let [.., month, day] = numbers[..] else {
        unreachable!()
    };
    assert_eq!(
        (month, day),
        (d.month() as u32, d.day() as u32),
        "{input:?} was read as {d}"
    );
    // kensa writes 和暦 for every date it accepts; 西暦 input is limited to 1900–2200.
    assert_eq!(parse_date(&format_wareki(d)), Ok(d));
    assert_eq!(parse_date(&format_wareki_short(d)), Ok(d));
    if (1900..=2200).contains(&d.year()) {
        assert_eq!(parse_date(&d.to_string()), Ok(d));
    }
});
