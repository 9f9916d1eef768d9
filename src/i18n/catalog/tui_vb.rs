//! Messages of the TUI screens 事業者 (vendors, issue 14) and BCP (issue 15). (key, Japanese,
//! English), sorted by key.

pub(super) static TUI_VB: &[(&str, &str, &str)] = &[
    (
        "tui.bcp.add_title",
        "システムを追加",
        "Add a system",
    ),
    (
        "tui.bcp.asked",
        "要回答",
        "to answer",
    ),
    (
        "tui.bcp.check",
        "確認表",
        "確認表 (checklist)",
    ),
    (
        "tui.bcp.col.backup",
        "バックアップ",
        "backup",
    ),
    (
        "tui.bcp.col.importance",
        "重要",
        "imp.",
    ),
    (
        "tui.bcp.col.priority",
        "復旧",
        "ord.",
    ),
    (
        "tui.bcp.col.rto",
        "目標",
        "RTO",
    ),
    (
        "tui.bcp.confirm_remove",
        "システム「{name}」を BCP から外しますか？（監査ログには残ります）",
        "Take the system \"{name}\" out of the BCP? (the audit log keeps it)",
    ),
    (
        "tui.bcp.confirmed",
        "{answer}（回答済）",
        "{answer} (answered)",
    ),
    (
        "tui.bcp.drill_title",
        "訓練を記録",
        "Record a drill",
    ),
    (
        "tui.bcp.drills",
        "訓練",
        "Drills",
    ),
    (
        "tui.bcp.edit_title",
        "システムを編集: {name}",
        "Edit system: {name}",
    ),
    (
        "tui.bcp.ehr",
        "電子カルテ情報共有",
        "EHR sharing",
    ),
    (
        "tui.bcp.ehr_hint",
        "c: 設定を編集",
        "c: edit the settings",
    ),
    (
        "tui.bcp.ehr_title",
        "電子カルテ情報共有サービスへの接続",
        "Connection to the 電子カルテ情報共有サービス",
    ),
    (
        "tui.bcp.f.alternative",
        "代替運用",
        "Alternative op.",
    ),
    (
        "tui.bcp.f.assets",
        "台帳の管理番号",
        "Ledger nos",
    ),
    (
        "tui.bcp.f.format",
        "形式",
        "Format",
    ),
    (
        "tui.bcp.f.frequency",
        "バックアップ頻度",
        "Backup frequency",
    ),
    (
        "tui.bcp.f.held_on",
        "実施日",
        "Held on",
    ),
    (
        "tui.bcp.f.importance",
        "重要度",
        "Importance",
    ),
    (
        "tui.bcp.f.location",
        "保管場所",
        "Backup location",
    ),
    (
        "tui.bcp.f.method",
        "作成方法",
        "Backup method",
    ),
    (
        "tui.bcp.f.name",
        "システム名",
        "System name",
    ),
    (
        "tui.bcp.f.offline",
        "隔離した複製",
        "Isolated copy",
    ),
    (
        "tui.bcp.f.participants",
        "参加者",
        "Participants",
    ),
    (
        "tui.bcp.f.path",
        "書き出すファイル",
        "File to write",
    ),
    (
        "tui.bcp.f.priority",
        "復旧優先度（1〜99）",
        "Restore order (1-99)",
    ),
    (
        "tui.bcp.f.recovery",
        "目標復旧時間",
        "Target recovery",
    ),
    (
        "tui.bcp.f.remote",
        "リモート保守の経路",
        "Remote maintenance",
    ),
    (
        "tui.bcp.f.restore",
        "復旧方法",
        "Restore procedure",
    ),
    (
        "tui.bcp.f.restore_test",
        "最後の復元テスト日",
        "Last restore test",
    ),
    (
        "tui.bcp.f.scenario",
        "想定シナリオ",
        "Scenario",
    ),
    (
        "tui.bcp.f.vendor",
        "事業者",
        "Vendor",
    ),
    (
        "tui.bcp.gaps",
        "不足あり",
        "gaps",
    ),
    (
        "tui.bcp.met",
        "充足",
        "met",
    ),
    (
        "tui.bcp.no_drills",
        "訓練の記録はありません（d で記録）。",
        "No drill recorded (d records one).",
    ),
    (
        "tui.bcp.no_systems",
        "システムが登録されていません（a で追加）。",
        "No system registered (a adds one).",
    ),
    (
        "tui.bcp.offline",
        "隔離",
        "isolated",
    ),
    (
        "tui.bcp.systems",
        "システム（復旧順）",
        "Systems (restore order)",
    ),
    (
        "tui.bcp.tested",
        "復元テスト",
        "tested",
    ),
    (
        "tui.bcp.title",
        "サイバー攻撃を想定した BCP",
        "Cyber-attack BCP",
    ),
    (
        "tui.bcp.unfilled",
        "文書に未記入 {count} 件",
        "{count} unfilled in the document",
    ),
    (
        "tui.bcp.unfilled_mark",
        "未記入",
        "not filled in",
    ),
    (
        "tui.bcp.unset",
        "未設定",
        "not set",
    ),
    (
        "tui.bcp.write_title",
        "BCP 文書を書く（← → で形式）",
        "Write the BCP document (← → format)",
    ),
    (
        "tui.bcp.writing",
        "{path} に書いています…",
        "Writing {path}…",
    ),
    (
        "tui.help.answers",
        "はい／いいえ（続けて目標日）／該当なし（可の項目のみ）",
        "yes / no (then the 目標日) / n/a (only where allowed)",
    ),
    (
        "tui.help.bcp",
        "BCP（a/e/D システム、c 情報共有、d 訓練、w 文書）",
        "BCP (a/e/D system, c EHR sharing, d drill, w write)",
    ),
    (
        "tui.help.vendors",
        "事業者（r 依頼、i 取込、Enter シート、g 欠落）",
        "vendors (r request, i import, Enter sheet, g gap)",
    ),
    (
        "tui.key.drill",
        "訓練",
        "drill",
    ),
    (
        "tui.key.ehr",
        "情報共有",
        "EHR sharing",
    ),
    (
        "tui.key.gap",
        "欠落へ",
        "next gap",
    ),
    (
        "tui.key.import",
        "取込",
        "import",
    ),
    (
        "tui.key.pane",
        "表の切替",
        "switch",
    ),
    (
        "tui.key.request",
        "依頼",
        "request",
    ),
    (
        "tui.key.sheet",
        "シート",
        "sheet",
    ),
    (
        "tui.key.write",
        "文書",
        "write",
    ),
    (
        "tui.vendors.add_hint",
        "追加・編集: kensa vendor add / edit",
        "add or edit: kensa vendor add / edit",
    ),
    (
        "tui.vendors.close_keys",
        "↑↓: スクロール  ほかのキー: 閉じる",
        "↑↓: scroll  any other key: close",
    ),
    (
        "tui.vendors.col.answered",
        "回答",
        "answered",
    ),
    (
        "tui.vendors.col.due",
        "回答期限",
        "due",
    ),
    (
        "tui.vendors.col.item",
        "項目",
        "item",
    ),
    (
        "tui.vendors.col.mds",
        "MDS/SDS",
        "MDS/SDS",
    ),
    (
        "tui.vendors.col.name",
        "事業者",
        "vendor",
    ),
    (
        "tui.vendors.col.sent",
        "送付日",
        "sent",
    ),
    (
        "tui.vendors.col.status",
        "状態",
        "status",
    ),
    (
        "tui.vendors.failed_title",
        "取り込めません（何も保存していません）",
        "Cannot import (nothing was stored)",
    ),
    (
        "tui.vendors.field.due",
        "回答期限（任意）",
        "Due date (optional)",
    ),
    (
        "tui.vendors.field.format",
        "形式",
        "Format",
    ),
    (
        "tui.vendors.field.key",
        "署名鍵（kensa形式）",
        "Secret key (kensa)",
    ),
    (
        "tui.vendors.field.path",
        "書き出すファイル",
        "File to write",
    ),
    (
        "tui.vendors.format.kensa",
        "kensa（署名付き）",
        "kensa (signed)",
    ),
    (
        "tui.vendors.format.xlsx",
        "Excel（xlsx）",
        "Excel (xlsx)",
    ),
    (
        "tui.vendors.gaps",
        "欠落 {count} 行",
        "{count} gap(s)",
    ),
    (
        "tui.vendors.import_cancelled",
        "取り込みを取り消しました。何も保存していません。",
        "Import cancelled; nothing was stored.",
    ),
    (
        "tui.vendors.import_hint",
        "記入済みの xlsx か署名付き kensa 回答のパス。Tab: 補完  Enter: 読む（確認してから保存）  Esc: 取消",
        "Path of the filled xlsx or the signed kensa response. Tab: complete  Enter: read (asks before storing)  Esc: cancel",
    ),
    (
        "tui.vendors.import_title",
        "回答を取り込む",
        "Import a response",
    ),
    (
        "tui.vendors.list",
        "事業者",
        "Vendors",
    ),
    (
        "tui.vendors.matrix_empty",
        "まだ事業者確認用がありません。r で依頼ファイルを書きます。",
        "No vendor sheet yet; r writes a request.",
    ),
    (
        "tui.vendors.no_sheet",
        "「{name}」の今年度の事業者確認用はまだありません。r で依頼ファイルを書きます。",
        "\"{name}\" has no vendor sheet for this 年度 yet; r writes a request.",
    ),
    (
        "tui.vendors.none",
        "事業者が登録されていません（kensa vendor add --name 会社名 で追加）。",
        "No vendor registered (add one with kensa vendor add --name NAME).",
    ),
    (
        "tui.vendors.not_in_force",
        "契約外",
        "no contract",
    ),
    (
        "tui.vendors.not_ready",
        "未完了",
        "not ready",
    ),
    (
        "tui.vendors.old",
        "1年超",
        "old",
    ),
    (
        "tui.vendors.out_of_contract",
        "（契約範囲外）",
        "(outside contract)",
    ),
    (
        "tui.vendors.path_needed",
        "書き出すファイルを入力してください。",
        "Type the file to write.",
    ),
    (
        "tui.vendors.preview_keys",
        "y: 保存する  ↑↓: スクロール  ほかのキー: 取り消す（何も保存しません）",
        "y: store  ↑↓: scroll  any other key: cancel (nothing is stored)",
    ),
    (
        "tui.vendors.preview_title",
        "取り込みの確認（まだ保存していません）",
        "Import preview (nothing stored yet)",
    ),
    (
        "tui.vendors.ready",
        "準備完了",
        "ready",
    ),
    (
        "tui.vendors.request_title",
        "依頼ファイル: {name}",
        "Request for {name}",
    ),
    (
        "tui.vendors.sheet_title",
        "{name} の事業者確認用 {sheet}（閲覧のみ）",
        "{name}: vendor sheet {sheet} (read-only)",
    ),
    (
        "tui.vendors.summary",
        "指摘 {findings} 件（kensa vendor status）",
        "{findings} finding(s) (kensa vendor status)",
    ),
];
