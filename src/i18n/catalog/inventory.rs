//! Messages of the `inventory` area. (key, Japanese, English), sorted by key.

pub(super) static INVENTORY: &[(&str, &str, &str)] = &[
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
];
