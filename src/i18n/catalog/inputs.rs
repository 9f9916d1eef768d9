//! Messages about outside input: special files, text limits. (key, Japanese, English), sorted by key.

pub(super) static INPUTS: &[(&str, &str, &str)] = &[
    ("fsio.kind.block_device", "ブロックデバイス", "block device"),
    (
        "fsio.kind.char_device",
        "キャラクタデバイス",
        "character device",
    ),
    ("fsio.kind.directory", "フォルダ", "folder"),
    (
        "fsio.kind.fifo",
        "名前付きパイプ（FIFO）",
        "named pipe (FIFO)",
    ),
    ("fsio.kind.other", "特殊ファイル", "special file"),
    ("fsio.kind.socket", "ソケット", "socket"),
    (
        "fsio.not_regular",
        "通常のファイルではなく{kind}です。kensa は通常のファイルだけを読みます",
        "not a regular file but a {kind}; kensa reads only ordinary files",
    ),
    (
        "limits.cell_too_long",
        "{max} 文字までです（{chars} 文字あります）",
        "at most {max} characters ({chars} given)",
    ),
    ("limits.field.actor", "確認者", "checked by"),
    ("limits.field.contact_email", "メールアドレス", "e-mail"),
    ("limits.field.contact_name", "氏名", "name"),
    ("limits.field.contact_org", "所属", "organisation"),
    ("limits.field.contact_phone", "電話番号", "phone"),
    ("limits.field.contact_system", "システム", "system"),
    (
        "limits.field.evidence_name",
        "証跡のファイル名",
        "evidence file name",
    ),
    ("limits.field.facility_name", "施設名", "facility name"),
    ("limits.field.founder", "開設者", "founder"),
    ("limits.field.manager", "管理者", "manager"),
    ("limits.field.note", "備考", "note"),
    ("limits.field.prefecture", "都道府県", "prefecture"),
    (
        "limits.field.security_officer",
        "医療情報システム安全管理責任者",
        "security officer",
    ),
    (
        "limits.too_long",
        "{field}は {max} 文字までです（{chars} 文字あります）。短くしてください。何も保存していません",
        "{field} is limited to {max} characters ({chars} given); shorten it. Nothing was stored",
    ),
];
