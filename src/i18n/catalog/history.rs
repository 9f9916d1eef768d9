//! Messages of the history and bundle-trust checks (schema integrity, audit anchors, the audit
//! log in bundles, bundle verdicts). (key, Japanese, English), sorted by key.

pub(super) static HISTORY: &[(&str, &str, &str)] = &[
    (
        "audit.anchor.bad_code",
        "「{input}」はアンカーコードでもバンドルファイルでもありません（{why}）。アンカーコードは kensa audit anchor が表示する「42-XXXX-XXXX-XXXX-XXXX-X」の形です",
        "`{input}` is neither an anchor code nor a bundle file ({why}); an anchor code looks like `42-XXXX-XXXX-XXXX-XXXX-X`, as printed by kensa audit anchor",
    ),
    (
        "audit.anchor.bad_head",
        "監査記録 {seq} 件目のハッシュが kensa の形式ではありません。kensa audit verify で確認してください",
        "the hash of audit record {seq} is not in kensa's format; run kensa audit verify",
    ),
    (
        "audit.anchor.bundle",
        "バンドル {path}（署名鍵の指紋 {fingerprint}）",
        "bundle {path} (signing key fingerprint {fingerprint})",
    ),
    (
        "audit.anchor.bundle_no_log",
        "{path}: このバンドルには監査ログ audit.json がありません（監査ログを入れる前の kensa で作られています）。アンカーとして使えません",
        "{path}: this bundle holds no audit log audit.json (made by a kensa from before bundles carried it); it cannot serve as an anchor",
    ),
    (
        "audit.anchor.bundle_not_intact",
        "{path}: バンドルが署名どおりではありません（{count} 件の問題。kensa verify で確認してください）。アンカーとして使えません",
        "{path}: the bundle is not as signed ({count} problems; check it with kensa verify); it cannot serve as an anchor",
    ),
    (
        "audit.anchor.bundle_unreadable",
        "アンカーのバンドルを読めません: {detail}",
        "cannot read the anchor bundle: {detail}",
    ),
    (
        "audit.anchor.chain_broken",
        "アンカーと一致しません: 記録 {seq} 件目でハッシュ連鎖が再計算と合いません。アンカーまでの履歴が kensa の外で変更されています",
        "does not match the anchor: the hash chain does not recompute at record {seq}; the history up to the anchor was changed outside kensa",
    ),
    (
        "audit.anchor.code",
        "監査ログの最新の記録: {seq} 件目\n  アンカー: {code}\n  このコードを紙に書くか院外へメールして、データベースとは別の場所に保管してください。\n  後で kensa audit verify --anchor {code} を実行すると、ここまでの履歴が書き換えられていないことを確かめられます",
        "newest audit record: #{seq}\n  anchor: {code}\n  write this code down or mail it elsewhere, away from the database.\n  Later, kensa audit verify --anchor {code} proves the history up to here was not rewritten",
    ),
    (
        "audit.anchor.differs",
        "アンカーと一致しません: 記録 {seq} 件目の {field} が違います（アンカー: {anchor}、データベース: {database}）。アンカーを取った後で履歴が書き換えられています",
        "does not match the anchor: record {seq} differs in {field} (anchor: {anchor}, database: {database}); the history was rewritten after the anchor was taken",
    ),
    (
        "audit.anchor.empty",
        "監査ログにまだ記録がありません。アンカーにするものがありません",
        "the audit log has no records yet; there is nothing to anchor",
    ),
    (
        "audit.anchor.hash_differs",
        "アンカーと一致しません: 記録 {seq} 件目のハッシュがアンカー {code} と違います。記録 {seq} 件目までの履歴が書き換えられています",
        "does not match the anchor: the hash of record {seq} differs from anchor {code}; the history up to record {seq} was rewritten",
    ),
    (
        "audit.anchor.missing",
        "アンカーと一致しません: 記録 {seq} 件目がデータベースにありません（最後の記録は {last} 件目）。アンカーを取った後で履歴が削除されています",
        "does not match the anchor: record {seq} is not in the database (the last record is #{last}); history was deleted after the anchor was taken",
    ),
    (
        "audit.anchor.unchanged",
        "アンカーと一致しました: {anchor}\n  記録 {seq} 件目までの履歴は、アンカーを取った時から変わっていません",
        "matches the anchor: {anchor}\n  the history up to record {seq} is unchanged since the anchor was taken",
    ),
    (
        "audit.anchor.why.character",
        "使えない文字「{found}」があります",
        "it has the character `{found}`, which codes never contain",
    ),
    (
        "audit.anchor.why.checksum",
        "最後の確認用の文字が合いません。読み違いか打ち間違いがあります",
        "the check character does not match: a character was misread or mistyped",
    ),
    (
        "audit.anchor.why.length",
        "番号の後が {found} 文字です（17 文字のはずです）",
        "{found} characters after the number, 17 expected",
    ),
    (
        "audit.anchor.why.shape",
        "「番号-コード」の形ではありません",
        "not of the form number-code",
    ),
    (
        "audit.schema.added",
        "{object} {name} は kensa が作ったものではありません（外部から追加されています）",
        "{object} {name} was not created by kensa (added from outside)",
    ),
    (
        "audit.schema.changed",
        "{object} {name} の定義が kensa のものと違います（外部から変更されています）",
        "{object} {name} differs from kensa's definition (changed from outside)",
    ),
    (
        "audit.schema.line",
        "データベースの構造: {what}",
        "database schema: {what}",
    ),
    (
        "audit.schema.missing",
        "kensa の{object} {name} が削除されています",
        "kensa's {object} {name} was removed",
    ),
    ("audit.schema.object.index", "インデックス", "index"),
    ("audit.schema.object.table", "テーブル", "table"),
    ("audit.schema.object.trigger", "トリガー", "trigger"),
    ("audit.schema.object.view", "ビュー", "view"),
    ("audit.schema.separator", "、", "; "),
    (
        "bundle.audit_head",
        "監査ログ: 記録 {records} 件、アンカー {code}（施設が控えたアンカーと同じか確かめられます）",
        "audit log: {records} records, anchor {code} (compare it with the anchor the facility wrote down)",
    ),
    (
        "bundle.other_key",
        "{path}: 署名後の変更はありませんが、期待した鍵（指紋 {expected}）ではなく別の鍵（指紋 {found}）で署名されています。施設の鍵で署名されたものとは確認できません",
        "{path}: not changed since signing, but signed by a different key (fingerprint {found}), not the expected one ({expected}); it cannot be confirmed as the facility's",
    ),
    (
        "bundle.problem.audit_log_invalid",
        "監査ログ audit.json が一続きのハッシュ連鎖になっていません（{detail}）。kensa が書いたものではありません",
        "the audit log audit.json is not one unbroken hash chain ({detail}); kensa did not write it",
    ),
    (
        "bundle.problem.other_key",
        "別の鍵で署名されています: このバンドルは指紋 {found} の鍵で正しく署名されています（署名後の変更はありません）。期待した鍵は {expected} です",
        "signed by a different key: the bundle is correctly signed by the key with fingerprint {found} (not changed since signing); the expected key is {expected}",
    ),
    (
        "bundle.unsafe_header",
        "{path}: メンバー {name} のヘッダーの {field} が {value} です（kensa が書くのは {allowed} だけです）。受け付けません",
        "{path}: member {name} has {field} {value} in its header (kensa writes only {allowed}); refused",
    ),
    (
        "store.schema_altered",
        "{path}: データベースの構造が kensa のものではありません（{problems}）。kensa 以外の方法で変更されているため、書き込みを拒否しました。何も変更していません。kensa audit verify で確認し、バックアップから戻してください",
        "{path}: the database's schema is not kensa's ({problems}); it was changed outside kensa, so writing is refused and nothing was changed. Check it with kensa audit verify and restore a backup",
    ),
    (
        "store.schema_warning",
        "{path}: データベースの構造が kensa のものではありません（{problems}）。表示はできますが、書き込みはできません。kensa audit verify で確認してください",
        "{path}: the database's schema is not kensa's ({problems}); it can be read but not written. Check it with kensa audit verify",
    ),
];
