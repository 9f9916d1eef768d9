//! Messages of the `inventory` area. (key, Japanese, English), sorted by key.

pub(super) static INVENTORY: &[(&str, &str, &str)] = &[
    (
        "collect.accounts",
        "アカウント",
        "accounts",
    ),
    (
        "collect.accounts_summary",
        "{count} 件（有効 {enabled}）管理者: {admins}",
        "{count} ({enabled} enabled), administrators: {admins}",
    ),
    (
        "collect.anti_malware",
        "マルウェア対策",
        "anti-malware",
    ),
    (
        "collect.arch",
        "アーキテクチャ",
        "architecture",
    ),
    (
        "collect.build",
        "ビルド",
        "build",
    ),
    (
        "collect.cannot_write",
        "{path} に書き込めません",
        "cannot write {path}",
    ),
    (
        "collect.count",
        "{count} 件",
        "{count}",
    ),
    (
        "collect.error",
        "［エラー: {detail}］",
        "[error: {detail}]",
    ),
    (
        "collect.firewall",
        "ファイアウォール",
        "firewall",
    ),
    (
        "collect.host_name",
        "ホスト名",
        "host name",
    ),
    (
        "collect.hotfixes_summary",
        "{last}（更新プログラム {count} 件）",
        "{last} ({count} hotfixes)",
    ),
    (
        "collect.interfaces",
        "ネットワーク",
        "network",
    ),
    (
        "collect.listening",
        "待受ポート",
        "listening ports",
    ),
    (
        "collect.logging",
        "ログ",
        "logging",
    ),
    (
        "collect.manufacturer",
        "メーカー",
        "manufacturer",
    ),
    (
        "collect.model",
        "機種",
        "model",
    ),
    (
        "collect.needs_privilege",
        "［要管理者権限: {detail}］",
        "[needs privilege: {detail}]",
    ),
    (
        "collect.no",
        "いいえ",
        "no",
    ),
    (
        "collect.none_found",
        "見つかりません",
        "none found",
    ),
    (
        "collect.not_synced",
        "未同期",
        "not synchronised",
    ),
    (
        "collect.off",
        "停止",
        "off",
    ),
    (
        "collect.on",
        "稼働",
        "on",
    ),
    (
        "collect.os",
        "OS",
        "OS",
    ),
    (
        "collect.privileged",
        "管理者権限で実行",
        "run as administrator",
    ),
    (
        "collect.serial",
        "シリアル番号",
        "serial number",
    ),
    (
        "collect.services",
        "実行中のサービス",
        "running services",
    ),
    (
        "collect.software",
        "ソフトウェア",
        "software",
    ),
    (
        "collect.software_summary",
        "{count} 件（{source}）",
        "{count} ({source})",
    ),
    (
        "collect.synced",
        "同期済み",
        "synchronised",
    ),
    (
        "collect.time_sync",
        "時刻同期",
        "time sync",
    ),
    (
        "collect.unsupported",
        "［取得できません: {detail}］",
        "[unsupported: {detail}]",
    ),
    (
        "collect.updates",
        "最終更新",
        "last update",
    ),
    (
        "collect.written",
        "書き出しました: {path}（{host}）。kensa inventory import で取り込めます",
        "written: {path} ({host}); import it with kensa inventory import",
    ),
    (
        "collect.yes",
        "はい",
        "yes",
    ),
    (
        "inventory.added",
        "台帳に追加しました: {control_no} {name}",
        "added to the ledger: {control_no} {name}",
    ),
    (
        "inventory.cannot_write",
        "{path} に書き込めません: {detail}",
        "cannot write {path}: {detail}",
    ),
    (
        "inventory.disagreement",
        "{field}: 台帳「{ledger}」と収集結果「{observed}」が異なります",
        "{field}: ledger says `{ledger}`, collected `{observed}`",
    ),
    (
        "inventory.dry_run_summary",
        "確認のみ（何も変更していません）: 新規 {new}、変更 {changed}、変更なし {unchanged}、収集ファイル {hosts}",
        "dry run (nothing changed): {new} new, {changed} changed, {unchanged} unchanged, {hosts} host documents",
    ),
    (
        "inventory.edited",
        "{control_no} を変更しました: {fields}",
        "changed {control_no}: {fields}",
    ),
    (
        "inventory.empty",
        "台帳は空です。kensa inventory import 台帳.csv か kensa inventory add で登録してください",
        "the ledger is empty; add rows with kensa inventory import ledger.csv or kensa inventory add",
    ),
    (
        "inventory.err.bad_date",
        "日付「{value}」が読めません。2020/12/1、2020-12-01、R2.12.1、令和2年12月1日 の形で入力してください",
        "`{value}` is not a date; write 2020/12/1, 2020-12-01, R2.12.1 or 令和2年12月1日",
    ),
    (
        "inventory.err.bad_ip",
        "IPアドレス「{value}」が正しくありません（例: 192.168.1.10。複数はカンマ区切り）",
        "`{value}` is not an IP address (e.g. 192.168.1.10; separate several with commas)",
    ),
    (
        "inventory.err.bad_kind",
        "種別「{value}」は使えません。使える種別: {kinds}",
        "`{value}` is not a kind; use one of: {kinds}",
    ),
    (
        "inventory.err.bad_mac",
        "MACアドレス「{value}」が正しくありません（例: 00-1A-2B-3C-4D-5E）",
        "`{value}` is not a MAC address (e.g. 00-1A-2B-3C-4D-5E)",
    ),
    (
        "inventory.err.cell_error",
        "セル {cell} がエラー値（#N/A など）です。値を入力してください",
        "cell {cell} holds an error value (#N/A or similar); enter a value",
    ),
    (
        "inventory.err.csv",
        "CSV として読めません: {detail}",
        "not readable as CSV: {detail}",
    ),
    (
        "inventory.err.duplicate_column",
        "列「{header}」が2回あります",
        "column `{header}` appears twice",
    ),
    (
        "inventory.err.duplicate_control_no",
        "管理番号が重複しています（最初の行: {first}）",
        "duplicate 管理番号 (first seen at {first})",
    ),
    (
        "inventory.err.empty_control_no",
        "管理番号が空です",
        "管理番号 is empty",
    ),
    (
        "inventory.err.encoding",
        "この行は {encoding} として読めません（途中で切れた文字か、別の文字コードの文字があります）",
        "this line is not valid {encoding} (a character cut in half, or text in another encoding)",
    ),
    (
        "inventory.err.formula",
        "セル {cell} に数式 {formula} があります。値として貼り付けてから取り込んでください",
        "cell {cell} holds the formula {formula}; paste it as a value before importing",
    ),
    (
        "inventory.err.host_version",
        "別の版の kensa で収集されたファイルです（{found}）。この kensa が読めるのは {schema} です。同じ版の kensa で collect し直してください",
        "collected by another version of kensa ({found}); this kensa reads {schema}. Collect again with the same version",
    ),
    (
        "inventory.err.io",
        "読めません: {detail}",
        "cannot read: {detail}",
    ),
    (
        "inventory.err.json",
        "JSON として読めません: {detail}",
        "not valid JSON: {detail}",
    ),
    (
        "inventory.err.merged",
        "結合されたセル {range} があります。結合を解除し、各行に値を入力してください",
        "merged cells {range}; unmerge them and fill in every row",
    ),
    (
        "inventory.err.missing_columns",
        "必要な列がありません: {missing}",
        "required columns missing: {missing}",
    ),
    (
        "inventory.err.missing_columns_unknown",
        "必要な列がありません: {missing}（知らない列名: {unknown}）",
        "required columns missing: {missing} (unknown headers: {unknown})",
    ),
    (
        "inventory.err.mixed_encoding",
        "文字コードが混在しています: {utf8} 行目は UTF-8 ですが、{cp932} 行目は UTF-8 として読めません（CP932 か、途中で切れた文字）。ファイル全体を一つの文字コードで保存し直してください",
        "mixed encodings: line {utf8} is UTF-8 but line {cp932} is not (CP932, or a character cut in half); save the whole file again in one encoding",
    ),
    (
        "inventory.err.no_header",
        "見出し行が見つかりません。最初の10行のどこかに列名（{columns}）の行が必要です",
        "no header row: one of the first 10 rows must name the columns ({columns})",
    ),
    (
        "inventory.err.not_host",
        "kensa collect のファイル（{schema}）ではありません",
        "not a kensa collect document ({schema})",
    ),
    (
        "inventory.err.too_large",
        "{size} バイトあり、上限 {limit} バイトを超えています。読まずに中止しました",
        "{size} bytes, over the limit of {limit} bytes; not read",
    ),
    (
        "inventory.err.too_many_cells",
        "セルが {cells} 個あり、見出しの列数 {columns} より多くなっています",
        "{cells} cells, more than the {columns} columns of the header",
    ),
    (
        "inventory.err.unencodable",
        "「{value}」には CP932 で表せない文字があります。--encoding utf8-bom で書き出してください",
        "`{value}` has characters CP932 cannot hold; export with --encoding utf8-bom",
    ),
    (
        "inventory.err.xlsx",
        "xlsx として読めません: {detail}",
        "not readable as xlsx: {detail}",
    ),
    (
        "inventory.exists",
        "管理番号 {control_no} は既に台帳にあります。変更は kensa inventory edit {control_no} で行います",
        "管理番号 {control_no} is already in the ledger; change it with kensa inventory edit {control_no}",
    ),
    (
        "inventory.exported",
        "書き出しました: {path}（{rows} 件、{format}）",
        "exported {path} ({rows} rows, {format})",
    ),
    (
        "inventory.extra_columns",
        "台帳にない列 {columns} は「説明」に入れました",
        "unknown columns {columns} were kept in 説明",
    ),
    (
        "inventory.file_read",
        "{path}: {format}、{rows} 行",
        "{path}: {format}, {rows} rows",
    ),
    (
        "inventory.host_matched",
        "収集 {host} → 台帳 {control_no}",
        "collected {host} → ledger {control_no}",
    ),
    (
        "inventory.host_new_row",
        "収集 {host} → 台帳にないため {control_no} として追加",
        "collected {host} → not in the ledger, added as {control_no}",
    ),
    (
        "inventory.import_refused",
        "取り込みを中止しました: 問題 {count} 件。何も変更していません",
        "import refused: {count} problems; nothing was changed",
    ),
    (
        "inventory.imported",
        "取り込みました: 新規 {new}、変更 {changed}、変更なし {unchanged}、収集結果 {hosts}（取込済み {duplicates}）",
        "imported: {new} new, {changed} changed, {unchanged} unchanged, {hosts} observations ({duplicates} already stored)",
    ),
    (
        "inventory.list_summary",
        "{shown} 件（廃棄 {retired} 件）、収集結果と異なる行 {flagged} 件",
        "{shown} rows ({retired} retired), {flagged} disagree with what was collected",
    ),
    (
        "inventory.nothing_changed",
        "{control_no} は変わりません（同じ値です）",
        "{control_no} unchanged (same values)",
    ),
    (
        "inventory.retired",
        "{control_no} を廃棄にしました（廃棄日 {date}）",
        "retired {control_no} on {date}",
    ),
    (
        "inventory.row_changed",
        "変更 {control_no}: {fields}",
        "changed {control_no}: {fields}",
    ),
    (
        "inventory.row_new",
        "新規 {control_no}",
        "new {control_no}",
    ),
    (
        "inventory.row_unchanged",
        "変更なし {control_no}",
        "unchanged {control_no}",
    ),
    (
        "inventory.unknown",
        "管理番号 {control_no} は台帳にありません（kensa inventory list で確認できます）",
        "no 管理番号 {control_no} in the ledger (see kensa inventory list)",
    ),
];
