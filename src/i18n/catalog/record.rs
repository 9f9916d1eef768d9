//! Messages of the facility record and the facility profile: `kensa record`, `kensa facility`,
//! `report --from-record`. (key, Japanese, English), sorted by key.

pub(super) static RECORD: &[(&str, &str, &str)] = &[
    (
        "cli.no_database",
        "データベースがありません: {path}\n始めるには kensa（画面）または kensa init --name 施設名 --kind hospital を実行してください",
        "no database at {path}\nto start, run kensa (the app) or kensa init --name NAME --kind hospital",
    ),
    (
        "facility.beds_clinic",
        "無床診療所の病床数は 0 です（{beds} 床が指定されました）。病床があれば種別は有床診療所です",
        "a clinic without beds has 0 beds ({beds} given); with beds, the kind is clinic-beds",
    ),
    (
        "facility.beds_clinic_beds",
        "有床診療所の病床数は 1〜19 床です（{beds} 床が指定されました）",
        "a clinic with beds has 1 to 19 beds ({beds} given)",
    ),
    (
        "facility.beds_hospital",
        "病院の病床数は 20 床以上です（{beds} 床が指定されました）。19 床以下なら種別は有床診療所です",
        "a hospital has 20 beds or more ({beds} given); with 19 or fewer, the kind is clinic-beds",
    ),
    (
        "facility.beds_pharmacy",
        "薬局に病床はありません（{beds} 床が指定されました）",
        "a pharmacy has no beds ({beds} given)",
    ),
    (
        "facility.code_not_ten_digits",
        "医療機関コード「{code}」は 10 桁の数字ではありません（都道府県番号 2 桁・点数表番号 1 桁・医療機関コード 7 桁）",
        "医療機関コード `{code}` is not 10 digits (prefecture 2, fee table 1, institution 7)",
    ),
    (
        "facility.code_prefecture_mismatch",
        "医療機関コード「{code}」の都道府県番号は{code_prefecture}ですが、施設の都道府県は{profile}です",
        "医療機関コード `{code}` belongs to {code_prefecture}, but the facility's prefecture is {profile}",
    ),
    (
        "facility.code_table_kind",
        "医療機関コード「{code}」の点数表番号 {table} は{kind}には使われません（病院・診療所は 1 医科 または 3 歯科、薬局は 4 調剤）",
        "医療機関コード `{code}`: fee table {table} does not fit a {kind} (hospitals and clinics: 1 or 3; pharmacies: 4)",
    ),
    (
        "facility.code_unknown_prefecture",
        "医療機関コード「{code}」の先頭 2 桁 {number} は都道府県番号（01〜47）ではありません",
        "医療機関コード `{code}`: {number} is not a prefecture number (01–47)",
    ),
    (
        "facility.code_unknown_table",
        "医療機関コード「{code}」の 3 桁目 {table} は点数表番号（1 医科・3 歯科・4 調剤）ではありません",
        "医療機関コード `{code}`: digit 3 ({table}) is not a fee table number (1, 3 or 4)",
    ),
    ("facility.label.beds", "病床数", "Beds"),
    ("facility.label.founder", "開設者", "Founder (開設者)"),
    (
        "facility.label.institution_code",
        "医療機関コード",
        "Institution code",
    ),
    ("facility.label.kind", "種別", "Kind"),
    ("facility.label.manager", "管理者", "Manager (管理者)"),
    ("facility.label.name", "施設名", "Name"),
    ("facility.label.no", "なし", "no"),
    ("facility.label.prefecture", "都道府県", "Prefecture"),
    (
        "facility.label.security_officer",
        "医療情報システム安全管理責任者",
        "Security officer",
    ),
    ("facility.label.unset", "（未登録）", "(not set)"),
    (
        "facility.label.vendor_contracts",
        "事業者との契約",
        "Vendor contracts",
    ),
    ("facility.label.yes", "あり", "yes"),
    (
        "facility.nothing_to_change",
        "変更する項目が指定されていません（--name、--institution-code、--beds などを指定してください）",
        "nothing to change: give --name, --institution-code, --beds or another field",
    ),
    (
        "facility.updated",
        "施設情報を更新しました: {name}",
        "facility profile updated: {name}",
    ),
    (
        "record.bad_file",
        "{path}: 施設記録として読めません: {detail}",
        "{path}: not a usable facility record: {detail}",
    ),
    (
        "record.err.edition_hash",
        "埋め込まれたチェックリスト定義 {edition} が SHA-256 と一致しません（記録が変更されています）",
        "embedded edition {edition} does not match its SHA-256 (the record was changed)",
    ),
    (
        "record.err.edition_invalid",
        "埋め込まれたチェックリスト定義 {edition} を読めません: {detail}",
        "embedded edition {edition} cannot be read: {detail}",
    ),
    (
        "record.err.edition_missing",
        "シートが使うチェックリスト定義 {edition} が記録にもこの kensa にもありません",
        "edition {edition} used by a sheet is neither in the record nor known to this kensa",
    ),
    (
        "record.err.json",
        "{line} 行 {column} 列: {detail}",
        "line {line}, column {column}: {detail}",
    ),
    (
        "record.err.no_facility",
        "記録に施設情報がありません（kensa init の前に作られた記録です）",
        "the record has no facility profile (it was taken before kensa init)",
    ),
    (
        "record.err.no_such_sheet",
        "シート {sheet} は記録にありません",
        "sheet {sheet} is not in the record",
    ),
    (
        "record.err.schema",
        "形式「{schema}」は kensa.record/1 ではありません（新しい kensa で作られた記録なら kensa を更新してください）",
        "schema `{schema}` is not kensa.record/1 (a record from a newer kensa needs a newer kensa)",
    ),
    (
        "record.err.too_large",
        "{size} バイトあります。施設記録の上限は {limit} バイトです",
        "it is {size} bytes; the limit for a record is {limit} bytes",
    ),
    (
        "record.written",
        "施設記録を書き出しました: {path}（{bytes} バイト、シート {sheets}、台帳 {ledger} 行、監査ログ末尾 {head}）",
        "facility record written: {path} ({bytes} bytes, {sheets} sheets, {ledger} ledger rows, audit head {head})",
    ),
];
