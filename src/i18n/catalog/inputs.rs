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
];
