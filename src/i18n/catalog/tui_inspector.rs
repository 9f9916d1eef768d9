//! Messages of the inspector's TUI (`kensa inspect DIR`, `tui.inspector.`), of the evidence
//! engine's suggestions in the checklist (`tui.suggest.`) and of its findings in the 台帳
//! (`tui.ledger_findings.`). (key, Japanese, English), sorted by key.

pub(super) static TUI_INSPECTOR: &[(&str, &str, &str)] = &[
    (
        "tui.inspector.about_key",
        "鍵: {key}（指紋 {fingerprint}）│ 様式: {sheet}",
        "Key: {key} (fingerprint {fingerprint}) │ sheet: {sheet}",
    ),
    (
        "tui.inspector.about_older",
        "同じ施設のより新しい束がこのフォルダにあります（集計には新しい方を使います）。",
        "A newer bundle of the same facility is in this folder (the roll-up counts the newer one).",
    ),
    ("tui.inspector.col.code", "医療機関コード", "Code"),
    ("tui.inspector.col.date", "束の日付", "Date"),
    ("tui.inspector.col.findings", "指摘の数", "findings"),
    ("tui.inspector.col.findings_short", "指摘", "Find"),
    ("tui.inspector.col.key", "鍵", "Key"),
    ("tui.inspector.col.name", "施設名", "Facility"),
    ("tui.inspector.col.verdict", "判定", "Verdict"),
    (
        "tui.inspector.empty",
        "表示する束はありません（絞り込みを確かめてください）。",
        "No bundle to show (check the filter).",
    ),
    (
        "tui.inspector.filter_title",
        "絞り込み（施設名・コード・ファイル名）",
        "Filter (facility, code, file name)",
    ),
    (
        "tui.inspector.findings_count",
        "指摘 {count} 件",
        "findings: {count}",
    ),
    (
        "tui.inspector.help.back",
        "施設の表示から一覧へ戻る／絞り込みを消す",
        "Back from a facility to the list / clear the filter",
    ),
    (
        "tui.inspector.help.filter",
        "施設名・コード・ファイル名で絞り込む",
        "Filter by facility, code or file name",
    ),
    (
        "tui.inspector.help.footer",
        "検査官の画面は読み取り専用です。判定は施設の判定ではなく、この kensa の様式定義で判定し直したものです。病院のデータベースは開きも作りもしません。",
        "The inspector's screens are read-only. Verdicts are this kensa's own re-assessment with its own editions, never the facility's. No hospital database is opened or created.",
    ),
    (
        "tui.inspector.help.not_ready",
        "「不可」の施設だけを表示する／戻す（受理しなかったファイルは常に表示）",
        "Show only facilities not ready / all (refused files always shown)",
    ),
    (
        "tui.inspector.help.open",
        "選んだ施設をチェックリスト画面で開く（読み取り専用）",
        "Open the selected facility in the checklist view (read-only)",
    ),
    (
        "tui.inspector.help.rollup",
        "集計を書き出す（kensa aggregate と同じ内容）",
        "Write the roll-up (the same as kensa aggregate)",
    ),
    (
        "tui.inspector.help.sort",
        "並べ替えを切り替える（判定→施設名→コード→指摘→日付）",
        "Cycle the order (verdict, name, code, findings, date)",
    ),
    ("tui.inspector.key.back", "一覧へ", "list"),
    ("tui.inspector.key.filter", "絞り込み", "filter"),
    ("tui.inspector.key.move", "移動", "move"),
    ("tui.inspector.key.not_ready", "不可のみ", "not ready"),
    ("tui.inspector.key.open", "開く", "open"),
    ("tui.inspector.key.pane", "欄", "pane"),
    ("tui.inspector.key.rollup", "集計", "roll-up"),
    ("tui.inspector.key.sort", "並べ替え", "sort"),
    (
        "tui.inspector.list_title",
        "束 {bundles} 件・受理せず {refused} 件",
        "{bundles} bundles, {refused} refused",
    ),
    (
        "tui.inspector.not_ready_badge",
        "不可のみ",
        "not ready only",
    ),
    (
        "tui.inspector.not_ready_off",
        "すべての施設を表示します。",
        "Showing every facility.",
    ),
    (
        "tui.inspector.not_ready_on",
        "「不可」の施設だけを表示します（受理しなかったファイルは常に表示）。",
        "Showing only facilities not ready (refused files are always shown).",
    ),
    ("tui.inspector.older_mark", "（旧）", "(older)"),
    ("tui.inspector.read_only", "閲覧のみ", "read-only"),
    (
        "tui.inspector.read_only_note",
        "閲覧のみ。判定と指摘は検査官側で判定し直したもの（施設の判定ではない）",
        "Read-only. Verdict and findings: the inspector's own re-assessment, not the facility's",
    ),
    (
        "tui.inspector.reading",
        "束を読み込んでいます…",
        "Reading the bundles…",
    ),
    ("tui.inspector.refused", "受理せず", "refused"),
    (
        "tui.inspector.rollup_hint",
        "拡張子で形式が決まります：.xlsx / .html / .json。フォルダは読み直され、kensa aggregate と同じ内容が書かれます。Enter で書き出し、Esc で取り消し。",
        "The extension sets the format: .xlsx / .html / .json. The folder is read again and the file is what kensa aggregate writes. Enter writes, Esc cancels.",
    ),
    ("tui.inspector.rollup_stem", "集計", "rollup"),
    (
        "tui.inspector.rollup_title",
        "集計の書き出し先",
        "Write the roll-up to",
    ),
    (
        "tui.inspector.row_findings",
        "この行への検査官の指摘（{count} 件）",
        "The inspector's findings on this row ({count}):",
    ),
    ("tui.inspector.sorted_by", "並び: {by}", "sorted by {by}"),
    ("tui.inspector.title", "検査官", "inspector"),
    (
        "tui.inspector.vendor_findings",
        "・事業者確認用の指摘 {count} 件（kensa inspect で全文）",
        "・{count} findings on the vendors' sheets (kensa inspect shows them in full)",
    ),
    (
        "tui.inspector.verdict_by_inspector",
        "検査官の判定",
        "inspector's verdict",
    ),
    (
        "tui.inspector.writing",
        "集計を書き出しています: {path}",
        "Writing the roll-up: {path}",
    ),
    (
        "tui.ledger_findings.count",
        "証拠の所見 {count} 件、最も重いもの:",
        "{count} findings from the evidence, most serious:",
    ),
    (
        "tui.ledger_findings.none",
        "証拠の所見はありません。",
        "No findings from the evidence.",
    ),
    ("tui.suggest.accept_hint", "（s で採用）", "(s accepts)"),
    (
        "tui.suggest.computing",
        "証拠を計算しています…",
        "computing the evidence…",
    ),
    (
        "tui.suggest.data",
        "照合したデータ: {files}",
        "data as of: {files}",
    ),
    (
        "tui.suggest.facts",
        "根拠 {count} 件:",
        "{count} facts behind it:",
    ),
    (
        "tui.suggest.help",
        "証拠からの提案を採用する（回答として記録し、証拠の要約を添付）",
        "Accept the suggestion from the evidence (recorded as your answer, with the evidence summary attached)",
    ),
    ("tui.suggest.key", "提案採用", "accept"),
    (
        "tui.suggest.not_ready",
        "証拠の計算が終わっていません。少し待ってからもう一度押してください。",
        "The evidence is still being computed; press again in a moment.",
    ),
    (
        "tui.suggest.set_target",
        "t で目標日を設定してください。",
        "Set its target date with t.",
    ),
    (
        "tui.suggest.title",
        "証拠からの提案",
        "Suggested from evidence",
    ),
];
