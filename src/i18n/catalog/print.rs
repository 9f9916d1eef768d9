//! Messages of the printed report (issue 19): the 確認履歴 appendix, running page headers, the
//! 台帳's 種別 in words, and `status` after the 年度 has ended. (key, Japanese, English), sorted.

pub(super) static PRINT: &[(&str, &str, &str)] = &[
    (
        "print.asset_kind.medical_device",
        "医療機器",
        "Medical device",
    ),
    (
        "print.asset_kind.network",
        "ネットワーク機器",
        "Network device",
    ),
    ("print.asset_kind.other", "その他", "Other"),
    ("print.asset_kind.server", "サーバ", "Server"),
    ("print.asset_kind.terminal", "端末", "Terminal"),
    ("print.col.by", "確認者", "Checked by"),
    ("print.col.date", "日付", "Date"),
    ("print.col.evidence", "証跡", "Evidence"),
    (
        "print.col.recorded",
        "記録日時（日本時間）",
        "Recorded (JST)",
    ),
    ("print.col.result", "結果", "Result"),
    ("print.col.row", "行", "Row"),
    ("print.col.severity", "区分", "Severity"),
    ("print.col.shown", "様式の欄", "On the form as"),
    ("print.col.wareki", "和暦", "Japanese era"),
    ("print.history.carried", "前年度から引継ぎ", "carried over"),
    (
        "print.history.target_set",
        "目標日の設定・変更",
        "target date set",
    ),
    ("print.label.history", "確認履歴", "Check history"),
    (
        "print.label.history_none",
        "記録はまだありません。",
        "Nothing has been recorded yet.",
    ),
    (
        "print.label.history_note",
        "各行のすべての記録（確認日・結果・確認者・備考・証跡）と目標日の設定・変更を、記録した順に示します。様式には「様式の欄」に示す記録だけが載ります。",
        "Every record of every row (date, result, who, note, evidence) and every target date set, in the order recorded. The form shows only the records marked in the last column.",
    ),
    ("print.label.page", "ページ", "Page"),
    (
        "print.remark.cut",
        "…（全文は確認履歴）",
        "… (the whole text is in the check history)",
    ),
    (
        "print.remark.more_in_history",
        "他の記録 {count} 件は確認履歴に",
        "{count} more records in the check history",
    ),
    (
        "status.fiscal_year_ended",
        "{fy}は終了しました（年度末 {end}）",
        "{fy} has ended (on {end})",
    ),
];
