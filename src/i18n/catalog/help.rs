//! `--help`: every command's about and every argument's help (src/cli/help.rs says how keys
//! are made; `help.clap.*` are clap's own words, used in Japanese help only). (key, Japanese,
//! English), sorted by key.

pub(super) static HELP: &[(&str, &str, &str)] = &[
    ("help.clap.arguments", "引数", "Arguments"),
    ("help.clap.command", "コマンド", "COMMAND"),
    ("help.clap.commands", "コマンド", "Commands"),
    ("help.clap.default", "既定", "default"),
    ("help.clap.env", "環境変数", "env"),
    ("help.clap.options", "オプション", "Options"),
    (
        "help.clap.template",
        "{before-help}{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}",
        "{before-help}{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
    ),
    ("help.clap.values", "値", "values"),
    (
        "help.doc.argument",
        "引数・オプション",
        "Argument or option",
    ),
    (
        "help.doc.globals",
        "どのコマンドにも使える共通オプション（collect と keygen では --lang だけ）:",
        "Options every command takes (collect and keygen take only --lang):",
    ),
    (
        "help.doc.intro",
        "このページは `kensa --help` と同じ定義から生成しています（手で編集しないこと。`KENSA_BLESS=1 cargo test --test docs_cli` で作り直す）。English: [commands.en.md](commands.en.md)",
        "Generated from the same definitions as `kensa --help` (do not edit by hand; regenerate with `KENSA_BLESS=1 cargo test --test docs_cli`). 日本語: [commands.md](commands.md)",
    ),
    ("help.doc.meaning", "説明", "Meaning"),
    (
        "help.doc.title",
        "# kensa コマンドリファレンス",
        "# kensa command reference",
    ),
    (
        "help.err.bad_value",
        "{arg} の値「{value}」は使えません",
        "`{value}` is not a value of {arg}",
    ),
    (
        "help.err.conflict",
        "{arg} は {other} と一緒には使えません",
        "{arg} cannot be used with {other}",
    ),
    (
        "help.err.invalid_value",
        "{arg} の値「{value}」は使えません。使える値: {valid}",
        "`{value}` is not a value of {arg}; use one of: {valid}",
    ),
    (
        "help.err.missing",
        "必要な引数がありません: {args}",
        "required arguments are missing: {args}",
    ),
    (
        "help.err.more",
        "詳しくは --help を付けて実行してください（例: kensa --help）",
        "For more, add --help (e.g. kensa --help)",
    ),
    (
        "help.err.other",
        "コマンドラインが正しくありません（{detail}）",
        "the command line is not valid ({detail})",
    ),
    (
        "help.err.suggest",
        "。もしかして: {suggestion}",
        "; did you mean {suggestion}?",
    ),
    (
        "help.err.unknown_argument",
        "「{arg}」というオプションはありません",
        "there is no option `{arg}`",
    ),
    (
        "help.err.unknown_command",
        "「{command}」というコマンドはありません",
        "there is no command `{command}`",
    ),
    ("help.err.usage", "使い方", "Usage"),
    (
        "help.err.value_required",
        "{arg} には値が必要です",
        "{arg} needs a value",
    ),
    (
        "help.global.help_command",
        "このヘルプ、または指定したコマンドのヘルプを表示",
        "Print this message or the help of the given command(s)",
    ),
    (
        "help.global:checklists",
        "追加のチェックリスト版のフォルダ（既定: 設定フォルダの checklists）",
        "Extra checklist editions folder (default: the platform config folder's `checklists`)",
    ),
    (
        "help.global:db",
        "データベースファイル（既定: データフォルダの kensa.db。例 ~/.local/share/kensa/kensa.db）",
        "Database file (default: the platform data folder, e.g. ~/.local/share/kensa/kensa.db)",
    ),
    ("help.global:help", "ヘルプを表示", "Print help"),
    (
        "help.global:lang",
        "メッセージとヘルプの言語（ja: 日本語、en: 英語）",
        "Language of messages and help (ja: Japanese, en: English)",
    ),
    ("help.global:version", "バージョンを表示", "Print version"),
    (
        "help.kensa",
        "医療機関のサイバーセキュリティ対策チェックリスト（厚生労働省）、機器台帳、立入検査の書類。コマンドなしで起動すると担当者向けの画面が開きます",
        "MHLW cybersecurity checklist, 機器台帳 and inspection documents for medical institutions. Without a command, kensa opens the officer's terminal app",
    ),
    (
        "help.kensa.aggregate",
        "検査担当者: 多数の提出物を集計する（xlsx, html, json）。受け付けなかったファイルはすべて一覧にする",
        "Inspector: roll many bundles up (xlsx, html, json); every refused file is listed",
    ),
    (
        "help.kensa.aggregate:dir",
        "組み込みテンプレートの代わりに使う report.html, sheet.html, row.html, history.html, report.md, sheet.md, row.md, history.md のあるフォルダ（既定: 設定フォルダの templates があればそれ）",
        "Folder whose report.html, sheet.html, row.html, history.html, report.md, sheet.md, row.md, history.md replace the built-in templates (default: the platform config folder's `templates`, when it exists)",
    ),
    (
        "help.kensa.aggregate:inputs",
        "提出物、またはそれを含むフォルダ（中まで読む）",
        "Bundles, or folders holding them (read recursively)",
    ),
    (
        "help.kensa.aggregate:inspector_dir",
        "検査側のデータフォルダ: 施設の鍵（keys.json）と比較用に保管する提出物（既定: データフォルダの inspector）",
        "The inspector's data folder: facility keys (keys.json) and the bundles kept for comparison (default: the platform data folder's `inspector`)",
    ),
    (
        "help.kensa.aggregate:json",
        "要約の代わりに集計を JSON（kensa.aggregate/1）で出力する",
        "Print the roll-up as JSON (kensa.aggregate/1) instead of the summary",
    ),
    (
        "help.kensa.aggregate:keep",
        "受け付けた提出物の写しを検査側のデータフォルダに保管する",
        "Keep a copy of every accepted bundle in the inspector's data folder",
    ),
    (
        "help.kensa.aggregate:out",
        "集計を書く: FILE.xlsx, FILE.html または FILE.json",
        "Write the roll-up: FILE.xlsx, FILE.html or FILE.json",
    ),
    (
        "help.kensa.aggregate:sheets",
        "施設ごとの立入検査 記録票（HTML）もこのフォルダに書く",
        "Also write a 立入検査 記録票 (HTML) per facility into this folder",
    ),
    (
        "help.kensa.aggregate:threads",
        "作業スレッド数（既定: プロセッサ数）",
        "Worker threads (default: the number of processors)",
    ),
    (
        "help.kensa.answer",
        "確認を記録する: 項目[@範囲] yes|no|na",
        "Record a check: ITEM[@SCOPE] yes|no|na",
    ),
    (
        "help.kensa.answer:accept_suggestion",
        "kensa の推奨回答（kensa evidence）を自分の回答として記録し、証跡の要約を添える。推奨が「判断できない」なら記録しない",
        "Record kensa's suggested answer (kensa evidence) as yours, with the evidence summary attached; refused when the suggestion is 判断できない",
    ),
    (
        "help.kensa.answer:by",
        "確認した人（既定: OS のユーザー名）",
        "Who checked (default: the OS user)",
    ),
    (
        "help.kensa.answer:date",
        "確認日: 2026-03-31、2026/3/31、R8.3.31 または 令和8年3月31日（既定: 今日）",
        "確認日 (check date): 2026-03-31, 2026/3/31, R8.3.31 or 令和8年3月31日 (default: today)",
    ),
    (
        "help.kensa.answer:dormant_days",
        "ログインがこの日数ない有効なアカウントを休眠とみなす",
        "Days without a login before an enabled account counts as dormant",
    ),
    (
        "help.kensa.answer:evidence",
        "確認とともに保存する証跡ファイル（繰り返し指定可）",
        "Evidence file to keep with the check (repeatable)",
    ),
    (
        "help.kensa.answer:item",
        "項目と範囲: 1-1、2-7@server（範囲: general, server, terminal, network）。医療情報システムの有無は 有無",
        "Item and scope: `1-1`, `2-7@server` (scopes: general, server, terminal, network); the 医療情報システムの有無 question is `gate`",
    ),
    (
        "help.kensa.answer:max_admins",
        "1 台の機器に許す有効なローカル管理者の数",
        "Enabled local administrators a machine may have",
    ),
    ("help.kensa.answer:note", "備考", "備考 (note)"),
    (
        "help.kensa.answer:patch_days",
        "最新の更新プログラムの適用からこの日数を過ぎた機器を未更新とみなす",
        "Days since the newest installed update before a machine counts as unpatched",
    ),
    (
        "help.kensa.answer:result",
        "yes（はい）, no（いいえ）, na（該当なし。項目が認める場合のみ）",
        "yes (はい), no (いいえ), na (該当なし, only where the item allows it)",
    ),
    (
        "help.kensa.answer:sheet",
        "シート: 番号、hospital-r7-2025 のようなキー、または版の id（既定: 施設の様式の今年度のシート）",
        "Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form)",
    ),
    (
        "help.kensa.answer:target",
        "no（いいえ）の目標日。項目の期限の年度内",
        "目標日 (target date) for a `no`, within the fiscal year the item is due",
    ),
    (
        "help.kensa.answer:unseen_days",
        "台帳の行が LAN で見えなくてよい日数",
        "Days a 台帳 row may go unseen on the LAN",
    ),
    (
        "help.kensa.answers",
        "シートの回答の全履歴（古い順）",
        "Full answer history of a sheet, oldest first",
    ),
    (
        "help.kensa.answers:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.answers:sheet",
        "シート: 番号、hospital-r7-2025 のようなキー、または版の id（既定: 施設の様式の今年度のシート）",
        "Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form)",
    ),
    (
        "help.kensa.audit",
        "ハッシュでつながった監査ログ: 検証、アンカーコードの表示",
        "The hash-chained audit log: verify it, print its anchor code",
    ),
    (
        "help.kensa.audit.anchor",
        "監査ログの現在の先頭を、書き留めたり別の場所へ送ったりできる短いコードで表示する",
        "Print the audit log's current head as a short code to write down or mail elsewhere",
    ),
    (
        "help.kensa.audit.anchor:json",
        "アンカーを JSON で出力する",
        "Print the anchor as JSON",
    ),
    (
        "help.kensa.audit.verify",
        "データベースの構造を確かめ、ハッシュの連鎖を計算し直し、保存されたすべての行を監査記録と照合する。--anchor があれば、そのアンカーまでの履歴が変わっていないことも確かめる",
        "Check the database's schema, recompute the hash chain and compare every stored row with its audit record; with --anchor, also prove the history up to the anchor is unchanged",
    ),
    (
        "help.kensa.audit.verify:anchor",
        "kensa audit anchor のアンカーコード（例: 42-7K3M-Q9XA-R2PD-WV5H-C）、または kensa bundle で作った提出ファイル（署名された監査ログを 1 件ずつ照合）",
        "An anchor code from `kensa audit anchor` (e.g. 42-7K3M-Q9XA-R2PD-WV5H-C), or a bundle file made by `kensa bundle` (its signed audit log is compared record by record)",
    ),
    (
        "help.kensa.audit.verify:json",
        "検証の結果を JSON で出力する（形式は docs/json.md）",
        "Print the result as JSON (schema in docs/json.md)",
    ),
    (
        "help.kensa.bcp",
        "サイバー攻撃を想定した BCP: システム、電子カルテ情報共有サービスへの接続、訓練、承認、確認表、文書",
        "The cyber-attack BCP: systems, EHR-sharing connection, drills, approval, 確認表, document",
    ),
    (
        "help.kensa.bcp.approve",
        "現在の計画を経営層が承認したことを記録する（次の版になる）",
        "Record the 経営層's approval of the plan as it stands (the next 版)",
    ),
    (
        "help.kensa.bcp.approve:by",
        "承認した経営層の人（氏名と役職）",
        "Who of the 経営層 approved (name and title)",
    ),
    (
        "help.kensa.bcp.approve:date",
        "承認した日（既定: 今日）",
        "The day of the approval (default: today)",
    ),
    (
        "help.kensa.bcp.check",
        "データから答えた厚生労働省の確認表と、文書の未記入の箇所すべて",
        "The MHLW 確認表 answered from the data, and every 未記入 of the document",
    ),
    (
        "help.kensa.bcp.check:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.bcp.confirm",
        "データから判断できない確認表の項目に答える: 項目 yes|no",
        "Answer a 確認表 item kensa cannot judge from the data: ITEM yes|no",
    ),
    (
        "help.kensa.bcp.confirm:answer",
        "yes または no（はい・いいえ）",
        "yes or no (はい・いいえ)",
    ),
    (
        "help.kensa.bcp.confirm:date",
        "確認した日（既定: 今日）",
        "The day of the check (default: today)",
    ),
    (
        "help.kensa.bcp.confirm:item",
        "確認表の項目（kensa bcp check で一覧）",
        "The 確認表 item (`kensa bcp check` lists them)",
    ),
    ("help.kensa.bcp.confirm:note", "備考", "備考 (note)"),
    ("help.kensa.bcp.drill", "訓練・演習", "Drills (訓練・演習)"),
    (
        "help.kensa.bcp.drill.add",
        "実施した訓練を記録する",
        "Record a drill held",
    ),
    (
        "help.kensa.bcp.drill.add:date",
        "実施した日",
        "The day it was held",
    ),
    (
        "help.kensa.bcp.drill.add:follow_ups",
        "今後の対応",
        "What is to be done about it",
    ),
    (
        "help.kensa.bcp.drill.add:lessons",
        "わかったこと・教訓",
        "What was learnt",
    ),
    (
        "help.kensa.bcp.drill.add:participants",
        "参加者",
        "Who took part",
    ),
    (
        "help.kensa.bcp.drill.add:scenario",
        "想定した事態",
        "What was rehearsed",
    ),
    (
        "help.kensa.bcp.drill.list",
        "すべての訓練（古い順）",
        "Every drill, oldest first",
    ),
    (
        "help.kensa.bcp.drill.list:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.bcp.ehr-sharing",
        "電子カルテ情報共有サービスへの接続（オンライン資格確認のネットワーク経由）",
        "The connection to the 電子カルテ情報共有サービス (over the オンライン資格確認 network)",
    ),
    (
        "help.kensa.bcp.ehr-sharing.set",
        "接続の情報を設定する: 指定したオプションごとにその項目を置き換え、空の値は消す",
        "Set the connection's facts: each option given replaces that field; an empty value clears it",
    ),
    (
        "help.kensa.bcp.ehr-sharing.set:connection",
        "接続方式: terminal（資格確認端末経由）または web-api",
        "接続方式 (connection): terminal (資格確認端末経由) or web-api",
    ),
    (
        "help.kensa.bcp.ehr-sharing.set:line",
        "回線: ip-vpn または ipsec-ike",
        "回線 (line): ip-vpn or ipsec-ike",
    ),
    (
        "help.kensa.bcp.ehr-sharing.set:line_provider",
        "回線の提供者（または IPsec 機器を運用する者）",
        "The line's provider (or who runs the IPsec device)",
    ),
    (
        "help.kensa.bcp.ehr-sharing.set:ons_contact",
        "施設の医療機関等ONS のアカウントを持つ人",
        "Who holds the facility's 医療機関等ONS account",
    ),
    (
        "help.kensa.bcp.ehr-sharing.set:router_location",
        "オン資ネットワークのルータの設置場所",
        "Where the router of the オン資 network stands",
    ),
    (
        "help.kensa.bcp.ehr-sharing.set:signing",
        "署名方式: hpki-card または cardless",
        "署名方式 (signing): hpki-card or cardless",
    ),
    (
        "help.kensa.bcp.ehr-sharing.set:terminal_location",
        "資格確認端末の設置場所",
        "Where the 資格確認端末 stands",
    ),
    (
        "help.kensa.bcp.ehr-sharing.show",
        "接続の情報を表示する",
        "Show the connection",
    ),
    (
        "help.kensa.bcp.ehr-sharing.show:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.bcp.system",
        "計画の対象システム（電子カルテ、オーダリング、PACS、医事会計 …）",
        "The systems the plan covers (電子カルテ, オーダリング, PACS, 医事会計 …)",
    ),
    (
        "help.kensa.bcp.system.add",
        "システムを登録する",
        "Register a system",
    ),
    (
        "help.kensa.bcp.system.add:alternative",
        "停止中の代替運用（紙カルテ, カーボン複写伝票 …）",
        "代替運用 while the system is down (紙カルテ, カーボン複写伝票 …)",
    ),
    (
        "help.kensa.bcp.system.add:assets",
        "システムを構成する台帳の行の管理番号（カンマ区切り）",
        "管理番号 of the 台帳 rows that make up the system, comma-separated",
    ),
    (
        "help.kensa.bcp.system.add:backup_frequency",
        "バックアップの頻度（毎日, 7日ごと …）",
        "バックアップの頻度 (backup frequency: 毎日, 7日ごと …)",
    ),
    (
        "help.kensa.bcp.system.add:backup_location",
        "バックアップの保管場所",
        "バックアップの保管場所 (where backups are kept)",
    ),
    (
        "help.kensa.bcp.system.add:backup_method",
        "バックアップの作成方法",
        "バックアップの作成方法 (how backups are made)",
    ),
    (
        "help.kensa.bcp.system.add:importance",
        "重要度: high, medium, low（高・中・低）",
        "重要度 (importance): high, medium, low (高・中・低)",
    ),
    (
        "help.kensa.bcp.system.add:name",
        "システム名: 電子カルテ, オーダリング, PACS, 医事会計, 部門システム …",
        "System name: 電子カルテ, オーダリング, PACS, 医事会計, 部門システム …",
    ),
    (
        "help.kensa.bcp.system.add:offline_copy",
        "1 つの複製をオフラインまたは隔離して保管しているか: yes または no",
        "Whether one copy is offline or otherwise isolated: yes or no",
    ),
    (
        "help.kensa.bcp.system.add:priority",
        "復旧優先度: 1 が最初に復旧（1〜99）",
        "復旧優先度 (restore priority): 1 is restored first (1–99)",
    ),
    (
        "help.kensa.bcp.system.add:remote_maintenance",
        "事業者がリモートメンテナンスで接続する方法",
        "How the vendor reaches the system for remote maintenance",
    ),
    (
        "help.kensa.bcp.system.add:restore_procedure",
        "復旧方法",
        "復旧方法 (restore procedure)",
    ),
    (
        "help.kensa.bcp.system.add:restore_test",
        "最後に復元テストをした日",
        "Date of the last restore test",
    ),
    (
        "help.kensa.bcp.system.add:target_recovery",
        "目標復旧時間: 24h, 3d, 24時間, 3日",
        "目標復旧時間 (recovery time objective): 24h, 3d, 24時間, 3日",
    ),
    (
        "help.kensa.bcp.system.add:vendor",
        "事業者名",
        "事業者 (vendor) name",
    ),
    (
        "help.kensa.bcp.system.edit",
        "システムを変更する: 指定したオプションごとにその項目を置き換え、空の値は消す",
        "Change a system: each option given replaces that field; an empty value clears it",
    ),
    (
        "help.kensa.bcp.system.edit:alternative",
        "停止中の代替運用（紙カルテ, カーボン複写伝票 …）",
        "代替運用 while the system is down (紙カルテ, カーボン複写伝票 …)",
    ),
    (
        "help.kensa.bcp.system.edit:assets",
        "システムを構成する台帳の行の管理番号（カンマ区切り）",
        "管理番号 of the 台帳 rows that make up the system, comma-separated",
    ),
    (
        "help.kensa.bcp.system.edit:backup_frequency",
        "バックアップの頻度（毎日, 7日ごと …）",
        "バックアップの頻度 (backup frequency: 毎日, 7日ごと …)",
    ),
    (
        "help.kensa.bcp.system.edit:backup_location",
        "バックアップの保管場所",
        "バックアップの保管場所 (where backups are kept)",
    ),
    (
        "help.kensa.bcp.system.edit:backup_method",
        "バックアップの作成方法",
        "バックアップの作成方法 (how backups are made)",
    ),
    (
        "help.kensa.bcp.system.edit:id",
        "システムの番号（kensa bcp system list で確認）",
        "The system's number (see `kensa bcp system list`)",
    ),
    (
        "help.kensa.bcp.system.edit:importance",
        "重要度: high, medium, low（高・中・低）",
        "重要度 (importance): high, medium, low (高・中・低)",
    ),
    (
        "help.kensa.bcp.system.edit:name",
        "システム名: 電子カルテ, オーダリング, PACS, 医事会計, 部門システム …",
        "System name: 電子カルテ, オーダリング, PACS, 医事会計, 部門システム …",
    ),
    (
        "help.kensa.bcp.system.edit:offline_copy",
        "1 つの複製をオフラインまたは隔離して保管しているか: yes または no",
        "Whether one copy is offline or otherwise isolated: yes or no",
    ),
    (
        "help.kensa.bcp.system.edit:priority",
        "復旧優先度: 1 が最初に復旧（1〜99）",
        "復旧優先度 (restore priority): 1 is restored first (1–99)",
    ),
    (
        "help.kensa.bcp.system.edit:remote_maintenance",
        "事業者がリモートメンテナンスで接続する方法",
        "How the vendor reaches the system for remote maintenance",
    ),
    (
        "help.kensa.bcp.system.edit:restore_procedure",
        "復旧方法",
        "復旧方法 (restore procedure)",
    ),
    (
        "help.kensa.bcp.system.edit:restore_test",
        "最後に復元テストをした日",
        "Date of the last restore test",
    ),
    (
        "help.kensa.bcp.system.edit:target_recovery",
        "目標復旧時間: 24h, 3d, 24時間, 3日",
        "目標復旧時間 (recovery time objective): 24h, 3d, 24時間, 3日",
    ),
    (
        "help.kensa.bcp.system.edit:vendor",
        "事業者名",
        "事業者 (vendor) name",
    ),
    (
        "help.kensa.bcp.system.list",
        "復旧の順に並べたシステム",
        "The systems in restore order",
    ),
    (
        "help.kensa.bcp.system.list:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.bcp.system.remove",
        "システムを計画から外す（履歴は監査ログに残る）",
        "Take a system out of the plan (the history stays in the audit log)",
    ),
    (
        "help.kensa.bcp.system.remove:id",
        "システムの番号（kensa bcp system list で確認）",
        "The system's number (see `kensa bcp system list`)",
    ),
    (
        "help.kensa.bcp.write",
        "BCP の文書を書き出す",
        "Write the BCP document",
    ),
    (
        "help.kensa.bcp.write:format",
        "文書の形式: docx（Word）, html, md",
        "Document format: docx (Word), html, md",
    ),
    (
        "help.kensa.bcp.write:out",
        "出力ファイル（所有者だけが読める）",
        "Output file (written owner-only)",
    ),
    (
        "help.kensa.bundle",
        "検査担当者に渡す署名つきの提出物を書き出す",
        "Write the signed bundle for the inspector",
    ),
    (
        "help.kensa.bundle:dir",
        "組み込みテンプレートの代わりに使う report.html, sheet.html, row.html, history.html, report.md, sheet.md, row.md, history.md のあるフォルダ（既定: 設定フォルダの templates があればそれ）",
        "Folder whose report.html, sheet.html, row.html, history.html, report.md, sheet.md, row.md, history.md replace the built-in templates (default: the platform config folder's `templates`, when it exists)",
    ),
    (
        "help.kensa.bundle:key",
        "kensa keygen で作った秘密鍵ファイル",
        "Secret key file made by `kensa keygen`",
    ),
    (
        "help.kensa.bundle:out",
        "書き出す提出物ファイル（所有者だけが読める）",
        "Bundle file to write (owner-only)",
    ),
    (
        "help.kensa.bundle:sheet",
        "シート: 番号、hospital-r7-2025 のようなキー、または版の id（既定: 施設の様式の今年度のシート）",
        "Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form)",
    ),
    (
        "help.kensa.checklist",
        "公式チェックリストの版: 一覧、表示、検証、公式 Excel の取り込み",
        "Official checklist editions: list, show, validate, import an official workbook",
    ),
    (
        "help.kensa.checklist.import",
        "公式チェックリストの Excel（厚生労働省の .xlsx）を版の YAML に読み込む",
        "Read an official checklist workbook (.xlsx from MHLW) into an edition YAML",
    ),
    (
        "help.kensa.checklist.import:accept_links",
        "提案した carries_from の対応を書き込む（指定しなければ表示だけ）",
        "Write the proposed carries_from links (without it they are only shown)",
    ),
    (
        "help.kensa.checklist.import:file",
        "厚生労働省からダウンロードした公式の Excel ファイル（.xlsx）",
        "The official workbook (.xlsx) downloaded from MHLW",
    ),
    (
        "help.kensa.checklist.import:form",
        "シートの様式: hospital、pharmacy、vendor。令和8年度版の医療機関・薬局確認用では必須、それ以外はシートの表示と照合します",
        "Which form the sheet is: hospital, pharmacy or vendor; needed for the merged R8 医療機関・薬局確認用, checked against the sheet's label otherwise",
    ),
    (
        "help.kensa.checklist.import:out",
        "版を書き出す先（既定: 利用者のチェックリストフォルダに FORM-rN.yaml）",
        "Where to write the edition (default: the user checklist folder, as FORM-rN.yaml)",
    ),
    (
        "help.kensa.checklist.import:previous",
        "この版が引き継ぐ前の版（既定: 同じ様式の一つ前の版）",
        "The edition this one follows (default: the newest earlier edition of the form)",
    ),
    (
        "help.kensa.checklist.import:published",
        "公表日（YYYY-MM-DD）。シートに公表の月が書かれていないとき",
        "Publication date (YYYY-MM-DD) when the sheet does not print its month",
    ),
    (
        "help.kensa.checklist.import:worksheet",
        "チェックリストのあるワークシート名（ブックに複数あるとき）",
        "The worksheet holding the checklist, when the workbook has more than one",
    ),
    (
        "help.kensa.checklist.list",
        "kensa が知っているすべての版（組み込みと利用者フォルダのもの）",
        "Every edition kensa knows (built in and from the user folder)",
    ),
    (
        "help.kensa.checklist.list:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.checklist.show",
        "1 つの版の項目を表示する（例: hospital-r7）",
        "One edition's items, e.g. `hospital-r7`",
    ),
    (
        "help.kensa.checklist.show:edition",
        "版の id（例: hospital-r7。kensa checklist list で確認）",
        "Edition id, e.g. hospital-r7 (see `kensa checklist list`)",
    ),
    (
        "help.kensa.checklist.show:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.checklist.validate",
        "版のファイルを検証する。誤りはファイル・行・列つきで示し、1 つでもあれば終了コード 1",
        "Check edition files; every error with file, line and column. Exit 1 if any",
    ),
    (
        "help.kensa.checklist.validate:files",
        "版の YAML ファイル",
        "Edition YAML files",
    ),
    (
        "help.kensa.collect",
        "この PC の情報を集める（データベース不要。--out で収集エージェントとして使う）",
        "Facts about this machine (no database needed; agent mode with --out)",
    ),
    (
        "help.kensa.collect:json",
        "要約の代わりにホスト文書（kensa.host/1）を出力する",
        "Print the host document (schema kensa.host/1) instead of a summary",
    ),
    (
        "help.kensa.collect:out",
        "ホスト文書をこのファイルに書く（例: //share/kensa/host-PC01.json）。inventory import で取り込む",
        "Write the host document to FILE (e.g. //share/kensa/host-PC01.json) for `inventory import`",
    ),
    (
        "help.kensa.contacts",
        "連絡体制図（項目 3(1)）のもとになる連絡先一覧",
        "The contacts list the 連絡体制図 (item 3(1)) is drawn from",
    ),
    (
        "help.kensa.contacts.add",
        "連絡先を追加する",
        "Add a contact",
    ),
    (
        "help.kensa.contacts.add:email",
        "メールアドレス",
        "E-mail address",
    ),
    (
        "help.kensa.contacts.add:name",
        "担当者または窓口",
        "Person or desk",
    ),
    (
        "help.kensa.contacts.add:order",
        "連絡の順番。1 が最初（既定: 役割から。各部門 1 … 外部関係機関 6）",
        "Escalation step, 1 is called first (default: by role, 各部門 1 … 外部関係機関 6)",
    ),
    (
        "help.kensa.contacts.add:org",
        "組織（事業者の会社、部署、警察署）",
        "Organisation (vendor company, department, police station)",
    ),
    ("help.kensa.contacts.add:phone", "電話番号", "Phone number"),
    (
        "help.kensa.contacts.add:role",
        "役割: department, system_admin, security_officer, manager, vendor, mhlw, police, prefecture, health_center, other（警察 のような日本語名も可）",
        "Role: department, system_admin, security_officer, manager, vendor, mhlw, police, prefecture, health_center or other (Japanese names such as 警察 work too)",
    ),
    (
        "help.kensa.contacts.add:system",
        "事業者の場合: 提供するシステム（電子カルテ, レセコン …）",
        "For a vendor: the system it provides (電子カルテ, レセコン …)",
    ),
    (
        "help.kensa.contacts.add:vendor",
        "事業者の連絡先の場合: その事業者（kensa vendor list の id または名前）。会社名・システム・番号は、指定がなければ事業者から取る",
        "For a 事業者 entry: the vendor (`kensa vendor list`: id or name) it stands for; the company, its systems and numbers are taken from the vendor when not given",
    ),
    (
        "help.kensa.contacts.list",
        "連絡の順に並べた連絡先",
        "The contacts in escalation order",
    ),
    (
        "help.kensa.contacts.list:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.contacts.remove",
        "連絡先を体制図から外す（履歴は監査ログに残る）",
        "Take a contact off the chart (the history stays in the audit log)",
    ),
    (
        "help.kensa.contacts.remove:id",
        "連絡先の番号（kensa contacts list で確認）",
        "The contact's number (see `kensa contacts list`)",
    ),
    (
        "help.kensa.evidence",
        "集めた情報・スキャン・台帳からわかること: 資産ごとの所見と推奨回答",
        "What the collected facts, scans and 台帳 show: findings per asset and suggested answers",
    ),
    (
        "help.kensa.evidence:dormant_days",
        "ログインがこの日数ない有効なアカウントを休眠とみなす",
        "Days without a login before an enabled account counts as dormant",
    ),
    (
        "help.kensa.evidence:from_record",
        "データベースの代わりに施設記録ファイル（kensa record、または提出物の record.json）を判定する",
        "Judge a facility record file (kensa record, or record.json of a bundle) instead of the database",
    ),
    (
        "help.kensa.evidence:json",
        "機械可読な出力（kensa.evidence/1。docs/evidence.md）",
        "Machine-readable output (schema kensa.evidence/1, docs/evidence.md)",
    ),
    (
        "help.kensa.evidence:max_admins",
        "1 台の機器に許す有効なローカル管理者の数",
        "Enabled local administrators a machine may have",
    ),
    (
        "help.kensa.evidence:patch_days",
        "最新の更新プログラムの適用からこの日数を過ぎた機器を未更新とみなす",
        "Days since the newest installed update before a machine counts as unpatched",
    ),
    (
        "help.kensa.evidence:sheet",
        "推奨回答の対象シート: 番号、hospital-r7-2025 のようなキー、または版の id（既定: 施設の様式の最新年度）",
        "Sheet the suggestions are for: number, key such as hospital-r7-2025, or edition id (default: newest year of the facility's form)",
    ),
    (
        "help.kensa.evidence:unseen_days",
        "台帳の行が LAN で見えなくてよい日数",
        "Days a 台帳 row may go unseen on the LAN",
    ),
    (
        "help.kensa.facility",
        "施設情報: 表示、変更（医療機関コード、病床数、開設者 …）",
        "The facility profile: show, edit (医療機関コード, 病床数, 開設者 …)",
    ),
    (
        "help.kensa.facility.edit",
        "施設情報の項目を変更する。空の値は任意項目を消す",
        "Change fields of the profile; an empty value clears an optional field",
    ),
    ("help.kensa.facility.edit:beds", "病床数", "病床数 (beds)"),
    (
        "help.kensa.facility.edit:founder",
        "開設者",
        "開設者 (the founder)",
    ),
    (
        "help.kensa.facility.edit:institution_code",
        "医療機関コード（10 桁）",
        "医療機関コード (10 digits)",
    ),
    (
        "help.kensa.facility.edit:kind",
        "施設の種別: hospital, clinic-beds, clinic, pharmacy",
        "Facility kind: hospital, clinic-beds, clinic, pharmacy",
    ),
    (
        "help.kensa.facility.edit:manager",
        "管理者",
        "管理者 (the facility's manager)",
    ),
    (
        "help.kensa.facility.edit:name",
        "施設名",
        "Facility name (施設名)",
    ),
    (
        "help.kensa.facility.edit:prefecture",
        "都道府県",
        "Prefecture (都道府県)",
    ),
    (
        "help.kensa.facility.edit:security_officer",
        "医療情報システム安全管理責任者",
        "医療情報システム安全管理責任者 (the security officer)",
    ),
    (
        "help.kensa.facility.edit:vendor_contracts",
        "システム事業者と契約しているか: yes または no",
        "Whether the facility has contracts with system vendors: yes or no",
    ),
    (
        "help.kensa.facility.show",
        "施設情報を表示する",
        "Show the facility profile",
    ),
    (
        "help.kensa.facility.show:json",
        "機械可読な出力（施設記録の facility オブジェクト）",
        "Machine-readable output (the record's `facility` object)",
    ),
    (
        "help.kensa.init",
        "施設を登録する（名称、種別、都道府県、事業者との契約）",
        "Register the facility (name, kind, prefecture, vendor contracts)",
    ),
    (
        "help.kensa.init:beds",
        "病床数（許可病床数）。無床診療所は 0",
        "病床数 (許可病床数); 0 for a clinic without beds",
    ),
    (
        "help.kensa.init:force",
        "登録済みの施設情報を置き換える（回答は残る）",
        "Replace an existing profile (answers are kept)",
    ),
    (
        "help.kensa.init:founder",
        "開設者（医療法人、地方公共団体、個人 …）",
        "開設者 (医療法人, 地方公共団体, 個人 …), the founder",
    ),
    (
        "help.kensa.init:institution_code",
        "医療機関コード: 10 桁（都道府県番号 2、点数表番号 1、医療機関コード 7）",
        "医療機関コード: 10 digits (都道府県番号 2, 点数表番号 1, 医療機関コード 7)",
    ),
    (
        "help.kensa.init:kind",
        "施設の種別: hospital（病院）, clinic-beds（有床診療所）, clinic（無床診療所）, pharmacy（薬局）",
        "hospital (病院), clinic-beds (有床診療所), clinic (無床診療所), pharmacy (薬局)",
    ),
    (
        "help.kensa.init:manager",
        "管理者（院長・管理薬剤師）",
        "管理者 (院長 / 管理薬剤師), the facility's manager",
    ),
    ("help.kensa.init:name", "施設名", "Facility name (施設名)"),
    (
        "help.kensa.init:prefecture",
        "都道府県（例: 東京都）",
        "Prefecture (都道府県), e.g. 東京都",
    ),
    (
        "help.kensa.init:security_officer",
        "医療情報システム安全管理責任者",
        "医療情報システム安全管理責任者 (the security officer)",
    ),
    (
        "help.kensa.init:vendor_contracts",
        "システム事業者と契約しているか（項目 2(2)・2(3) を決める）",
        "Whether the facility has contracts with system vendors (decides items 2(2) and 2(3))",
    ),
    (
        "help.kensa.inspect",
        "検査担当者: 施設の提出物を検証し、検査側の基準で判定する",
        "Inspector: verify a facility's bundle and judge it with the inspector's own rules",
    ),
    (
        "help.kensa.inspect:bundle",
        "施設が提出した提出物",
        "The bundle a facility handed in",
    ),
    (
        "help.kensa.inspect:dir",
        "組み込みテンプレートの代わりに使う report.html, sheet.html, row.html, history.html, report.md, sheet.md, row.md, history.md のあるフォルダ（既定: 設定フォルダの templates があればそれ）",
        "Folder whose report.html, sheet.html, row.html, history.html, report.md, sheet.md, row.md, history.md replace the built-in templates (default: the platform config folder's `templates`, when it exists)",
    ),
    (
        "help.kensa.inspect:inspector_dir",
        "検査側のデータフォルダ: 施設の鍵（keys.json）と比較用に保管する提出物（既定: データフォルダの inspector）",
        "The inspector's data folder: facility keys (keys.json) and the bundles kept for comparison (default: the platform data folder's `inspector`)",
    ),
    (
        "help.kensa.inspect:json",
        "機械可読な出力（kensa.inspection/1。docs/inspector.md）",
        "Machine-readable output (kensa.inspection/1, docs/inspector.md)",
    ),
    (
        "help.kensa.inspect:no_keep",
        "提出物の写しを検査側のデータフォルダに保管しない",
        "Do not keep a copy of the bundle in the inspector's data folder",
    ),
    (
        "help.kensa.inspect:out",
        "立入検査 記録票を書く: FILE.html, FILE.xlsx（または FILE.json）",
        "Write the 立入検査 記録票: FILE.html, FILE.xlsx (or FILE.json)",
    ),
    (
        "help.kensa.inspect:previous",
        "比べる前回の提出物（既定: 検査側が保管しているその施設の直近のもの）",
        "The facility's previous bundle to compare with (default: the newest earlier one the inspector keeps for the facility)",
    ),
    (
        "help.kensa.inventory",
        "機器台帳: 一覧、追加、変更、廃棄、取り込み、書き出し",
        "The 機器台帳: list, add, edit, retire, import, export",
    ),
    (
        "help.kensa.inventory.add",
        "手で入力した行を追加する",
        "Add a row typed by hand",
    ),
    (
        "help.kensa.inventory.add:computer_name",
        "コンピュータ名",
        "コンピュータ名 (computer name)",
    ),
    (
        "help.kensa.inventory.add:control_no",
        "管理番号（既定: 次の空き番号。例 005）",
        "管理番号 (default: the next free number, e.g. 005)",
    ),
    (
        "help.kensa.inventory.add:description",
        "説明",
        "説明 (description)",
    ),
    (
        "help.kensa.inventory.add:ip",
        "IPアドレス（複数はカンマ区切り）",
        "IPアドレス (several separated by commas)",
    ),
    (
        "help.kensa.inventory.add:kind",
        "種別: server, terminal, network, medical-device, other（サーバ, 端末 … の日本語名も可）",
        "種別: server, terminal, network, medical-device, other (or サーバ, 端末, …)",
    ),
    (
        "help.kensa.inventory.add:location",
        "設置場所",
        "設置場所 (location)",
    ),
    (
        "help.kensa.inventory.add:mac",
        "MACアドレス（複数はカンマ区切り）",
        "MACアドレス (several separated by commas)",
    ),
    (
        "help.kensa.inventory.add:maker",
        "メーカー",
        "メーカー (maker)",
    ),
    (
        "help.kensa.inventory.add:os",
        "OS（オペレーティングシステム）",
        "OS",
    ),
    (
        "help.kensa.inventory.add:registered",
        "登録日（add の既定: 今日）",
        "登録日 (default for add: today)",
    ),
    (
        "help.kensa.inventory.add:software",
        "ソフトウェア",
        "ソフトウェア (software)",
    ),
    (
        "help.kensa.inventory.add:software_version",
        "ソフトウェアバージョン",
        "ソフトウェアバージョン (software version)",
    ),
    (
        "help.kensa.inventory.add:status",
        "状態（add の既定: 稼働）",
        "状態 (default for add: 稼働)",
    ),
    ("help.kensa.inventory.add:user", "利用者", "利用者 (user)"),
    (
        "help.kensa.inventory.edit",
        "行の項目を変更する。指定したオプションだけが変わる",
        "Change fields of a row; only the options given change",
    ),
    (
        "help.kensa.inventory.edit:computer_name",
        "コンピュータ名",
        "コンピュータ名 (computer name)",
    ),
    (
        "help.kensa.inventory.edit:control_no",
        "変更する行の管理番号",
        "管理番号 of the row",
    ),
    (
        "help.kensa.inventory.edit:description",
        "説明",
        "説明 (description)",
    ),
    (
        "help.kensa.inventory.edit:ip",
        "IPアドレス（複数はカンマ区切り）",
        "IPアドレス (several separated by commas)",
    ),
    (
        "help.kensa.inventory.edit:kind",
        "種別: server, terminal, network, medical-device, other（サーバ, 端末 … の日本語名も可）",
        "種別: server, terminal, network, medical-device, other (or サーバ, 端末, …)",
    ),
    (
        "help.kensa.inventory.edit:location",
        "設置場所",
        "設置場所 (location)",
    ),
    (
        "help.kensa.inventory.edit:mac",
        "MACアドレス（複数はカンマ区切り）",
        "MACアドレス (several separated by commas)",
    ),
    (
        "help.kensa.inventory.edit:maker",
        "メーカー",
        "メーカー (maker)",
    ),
    (
        "help.kensa.inventory.edit:os",
        "OS（オペレーティングシステム）",
        "OS",
    ),
    (
        "help.kensa.inventory.edit:registered",
        "登録日（add の既定: 今日）",
        "登録日 (default for add: today)",
    ),
    (
        "help.kensa.inventory.edit:software",
        "ソフトウェア",
        "ソフトウェア (software)",
    ),
    (
        "help.kensa.inventory.edit:software_version",
        "ソフトウェアバージョン",
        "ソフトウェアバージョン (software version)",
    ),
    (
        "help.kensa.inventory.edit:status",
        "状態（add の既定: 稼働）",
        "状態 (default for add: 稼働)",
    ),
    ("help.kensa.inventory.edit:user", "利用者", "利用者 (user)"),
    (
        "help.kensa.inventory.export",
        "台帳を Excel 用に書き出す",
        "Export the ledger for Excel",
    ),
    (
        "help.kensa.inventory.export:encoding",
        "CSV の文字コード（既定 utf8-bom。Excel 2016 以降でそのまま開ける）",
        "CSV encoding (default utf8-bom, which Excel 2016 and later open directly)",
    ),
    (
        "help.kensa.inventory.export:format",
        "書き出す形式: csv または xlsx",
        "File format: csv or xlsx",
    ),
    (
        "help.kensa.inventory.export:out",
        "書き出すファイル",
        "The file to write",
    ),
    (
        "help.kensa.inventory.import",
        "台帳の CSV/xlsx ファイルと kensa collect のホスト文書を取り込む（すべて取り込むか、何も取り込まないか）",
        "Import ledger CSV/xlsx files and `kensa collect` host documents, all or nothing",
    ),
    (
        "help.kensa.inventory.import:dry_run",
        "新規・変更・変更なしを表示するだけで、何も書かない",
        "Show what would be new, changed and unchanged; write nothing",
    ),
    (
        "help.kensa.inventory.import:files",
        "取り込むファイル: 台帳（.csv, .xlsx）またはホスト文書（.json）",
        "Files to import: ledgers (.csv, .xlsx) or host documents (.json)",
    ),
    (
        "help.kensa.inventory.list",
        "台帳と、収集で見えたこと、その食い違い",
        "The ledger with what collectors observed and where they disagree",
    ),
    (
        "help.kensa.inventory.list:all",
        "廃棄した行も表示する",
        "Also show retired rows",
    ),
    (
        "help.kensa.inventory.list:json",
        "機械可読な出力（kensa.inventory/1）",
        "Machine-readable output (schema kensa.inventory/1)",
    ),
    (
        "help.kensa.inventory.retire",
        "行を廃棄にする（行は削除しない）",
        "Mark a row 廃棄 (rows are never deleted)",
    ),
    (
        "help.kensa.inventory.retire:control_no",
        "廃棄する行の管理番号",
        "管理番号 of the row",
    ),
    (
        "help.kensa.inventory.retire:date",
        "廃棄日（既定: 今日）",
        "廃棄日 (default: today)",
    ),
    (
        "help.kensa.keygen",
        "提出物に署名する ed25519 の鍵ペアを作る",
        "Make an ed25519 key pair for signing bundles",
    ),
    (
        "help.kensa.keygen:out",
        "作成する秘密鍵ファイル（所有者だけが読める）。公開鍵は KEYFILE.pub に書く",
        "Secret key file to create (owner-only); the public key goes to KEYFILE.pub",
    ),
    (
        "help.kensa.keys",
        "検査担当者: 施設の署名鍵（信頼、一覧、失効）",
        "Inspector: the facilities' signing keys (trust, list, revoke)",
    ),
    (
        "help.kensa.keys.list",
        "検査側が信頼したすべての鍵（失効したものも）",
        "Every key the inspector has trusted, revoked ones included",
    ),
    (
        "help.kensa.keys.list:inspector_dir",
        "検査側のデータフォルダ: 施設の鍵（keys.json）と比較用に保管する提出物（既定: データフォルダの inspector）",
        "The inspector's data folder: facility keys (keys.json) and the bundles kept for comparison (default: the platform data folder's `inspector`)",
    ),
    (
        "help.kensa.keys.list:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.keys.revoke",
        "鍵の信頼をやめる: 以後その鍵の提出物は受け付けない",
        "Stop trusting a key: its bundles are refused from now on",
    ),
    (
        "help.kensa.keys.revoke:facility",
        "この施設についてだけ失効させる（既定: 鍵を信頼しているすべての施設）",
        "Only for this facility (default: every facility the key is trusted for)",
    ),
    (
        "help.kensa.keys.revoke:inspector_dir",
        "検査側のデータフォルダ: 施設の鍵（keys.json）と比較用に保管する提出物（既定: データフォルダの inspector）",
        "The inspector's data folder: facility keys (keys.json) and the bundles kept for comparison (default: the platform data folder's `inspector`)",
    ),
    (
        "help.kensa.keys.revoke:key",
        "鍵のフィンガープリント、.pub ファイル、または 64 桁の公開鍵",
        "The key's fingerprint, .pub file or 64-digit public key",
    ),
    (
        "help.kensa.keys.trust",
        "施設の署名鍵を信頼する（フィンガープリントを施設と確かめてから）",
        "Trust a facility's signing key (after confirming its fingerprint with the facility)",
    ),
    (
        "help.kensa.keys.trust:facility",
        "施設の医療機関コード（10 桁）",
        "The facility's 医療機関コード (10 digits)",
    ),
    (
        "help.kensa.keys.trust:inspector_dir",
        "検査側のデータフォルダ: 施設の鍵（keys.json）と比較用に保管する提出物（既定: データフォルダの inspector）",
        "The inspector's data folder: facility keys (keys.json) and the bundles kept for comparison (default: the platform data folder's `inspector`)",
    ),
    (
        "help.kensa.keys.trust:key",
        "施設の .pub ファイル、64 桁の公開鍵、または報告書に印刷されたフィンガープリント（電話で読み上げたもの）",
        "The facility's .pub file, its 64-digit public key, or the fingerprint printed in its report (as read out over the phone)",
    ),
    (
        "help.kensa.keys.trust:name",
        "一覧に出す施設名",
        "The facility's name, for the list",
    ),
    (
        "help.kensa.record",
        "施設記録（kensa.record/1）を書き出す: 検査のすべての事実を JSON で",
        "Write the facility record (kensa.record/1): every fact of the inspection as JSON",
    ),
    (
        "help.kensa.record:out",
        "標準出力の代わりにこのファイルに書く（所有者だけが読める）",
        "Write to this file (owner-only) instead of standard output",
    ),
    (
        "help.kensa.report",
        "立入検査の書類: 記入済みのシート、連絡体制図、台帳、証跡一覧",
        "Inspection documents: the filled sheet, 連絡体制図, 台帳 and evidence list",
    ),
    (
        "help.kensa.report:dir",
        "組み込みテンプレートの代わりに使う report.html, sheet.html, row.html, history.html, report.md, sheet.md, row.md, history.md のあるフォルダ（既定: 設定フォルダの templates があればそれ）",
        "Folder whose report.html, sheet.html, row.html, history.html, report.md, sheet.md, row.md, history.md replace the built-in templates (default: the platform config folder's `templates`, when it exists)",
    ),
    (
        "help.kensa.report:format",
        "出力形式: html（印刷用）, md, xlsx, json",
        "Output format: html (for printing), md, xlsx, json",
    ),
    (
        "help.kensa.report:from_record",
        "データベースの代わりに施設記録ファイル（kensa record --out、または提出物の record.json）から作る。データベースは開かず、作らない",
        "Render from a facility record file (kensa record --out, or record.json of a bundle) instead of the database; no database is opened or created",
    ),
    (
        "help.kensa.report:out",
        "出力ファイル（既定: reports/<シート>.<形式>）",
        "Output file (default: reports/<sheet>.<format>)",
    ),
    (
        "help.kensa.report:sheet",
        "シート: 番号、hospital-r7-2025 のようなキー、または版の id（既定: 施設の様式の今年度のシート）",
        "Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form)",
    ),
    (
        "help.kensa.scan",
        "LAN の機器を見つける: 近隣テーブル（ARP キャッシュ）を読む、または --active で ARP の一巡",
        "Find devices on the LAN: the neighbour table, or an ARP sweep with --active",
    ),
    (
        "help.kensa.scan:active",
        "--iface から --cidr のすべてのアドレスに ARP 要求を送る（CAP_NET_RAW が必要）",
        "Send ARP requests over --iface to every address of --cidr (needs CAP_NET_RAW)",
    ),
    (
        "help.kensa.scan:add_new",
        "台帳にない機器ごとに行を追加する（登録元 scan）",
        "Add a ledger row (登録元 scan) for every device not in the 台帳",
    ),
    (
        "help.kensa.scan:cidr",
        "一巡するアドレス（例: 192.168.1.0/24。--force なしでは /16 まで）",
        "Addresses to sweep, e.g. 192.168.1.0/24 (at most /16 without --force)",
    ),
    (
        "help.kensa.scan:exclude",
        "触れない IP、CIDR、MAC の OUI（00:1b:2c）または MAC。繰り返し指定可",
        "Never touch this IP, CIDR, MAC OUI (00:1b:2c) or MAC. Repeatable",
    ),
    (
        "help.kensa.scan:exclude_file",
        "除外の一覧ファイル（1 行に 1 つ、# はコメント）。繰り返し指定可",
        "Exclusions, one per line, `#` comments. Repeatable",
    ),
    (
        "help.kensa.scan:force",
        "/16 より広い CIDR を許す",
        "Allow a CIDR larger than /16",
    ),
    (
        "help.kensa.scan:iface",
        "一巡に使うネットワークインターフェース",
        "Interface for the active sweep",
    ),
    (
        "help.kensa.scan:json",
        "機械可読な出力（kensa.scan/1）",
        "Machine-readable output (schema kensa.scan/1)",
    ),
    (
        "help.kensa.scan:neighbours_file",
        "パッシブ: この PC の代わりに保存した近隣テーブル（Windows の Get-NetNeighbor の JSON または /proc/net/arp）を読む",
        "Passive: read a saved neighbour table (Windows Get-NetNeighbor JSON or /proc/net/arp) instead of this machine's",
    ),
    (
        "help.kensa.scan:probe",
        "見つけたあと、リモート保守用ポートに TCP 接続で調べる（毎秒 10）。remote-maintenance: SSH 22, Telnet 23, HTTPS 443, RDP 3389, VNC 5900-5901, TeamViewer 5938, HTTPS 管理 8443",
        "After discovery, TCP connect probes of remote-maintenance ports (10 per second). remote-maintenance: SSH 22, Telnet 23, HTTPS 443, RDP 3389, VNC 5900-5901, TeamViewer 5938, HTTPS admin 8443",
    ),
    (
        "help.kensa.scan:rate",
        "速さ: gentle（毎秒 100、既定）, normal（毎秒 500）, fast（回線の許す限り。検証環境用）, または毎秒のパケット数",
        "gentle (100/s, default), normal (500/s), fast (as fast as the link allows; labs), or a number of packets per second",
    ),
    (
        "help.kensa.scan:retries",
        "応答のなかったアドレスをもう一度回る回数（既定 1）",
        "Extra passes over addresses that did not answer (default 1)",
    ),
    (
        "help.kensa.scan:snmp_community",
        "このコミュニティ名で SNMP v2c の sysDescr, sysName, sysObjectID を読む",
        "Read sysDescr, sysName, sysObjectID over SNMP v2c with this community",
    ),
    (
        "help.kensa.scan:timeout_ms",
        "各回のあと遅れた応答を待つ時間（既定: gentle 1000、normal 500、fast 100 ミリ秒）",
        "Wait this long for late answers after each pass (default: gentle 1000, normal 500, fast 100 ms)",
    ),
    (
        "help.kensa.scan:yes",
        "確認を求めない（対話できないときに必要）",
        "Do not ask for confirmation (needed when not run interactively)",
    ),
    (
        "help.kensa.sheet",
        "シート: 様式・版・年度ごとに 1 枚",
        "Sheets: one per form, edition and fiscal year",
    ),
    (
        "help.kensa.sheet.import",
        "記入済みの公式 Excel（昨年度の回答など）をシートに取り込む（すべて取り込むか、何も取り込まないか）",
        "Bring a filled official Excel (last year's answers) into a sheet: all or nothing",
    ),
    (
        "help.kensa.sheet.import:by",
        "取り込む人（既定: OS のユーザー）。すべての回答はこの人の記録になります",
        "Who imports (default: the OS user); every answer is recorded as theirs",
    ),
    (
        "help.kensa.sheet.import:dry_run",
        "保存される内容を表示するだけで、何も保存しない",
        "Show what would be stored and store nothing",
    ),
    (
        "help.kensa.sheet.import:file",
        "病院が記入した公式 Excel（.xlsx）",
        "The hospital's filled copy of the official Excel (.xlsx)",
    ),
    (
        "help.kensa.sheet.import:sheet",
        "シート: 番号、hospital-r7-2025 のようなキー、または版の ID（既定: 施設の様式の今年度のシート）",
        "Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form)",
    ),
    (
        "help.kensa.sheet.import:worksheet",
        "チェックリストのあるワークシート名（ブックに複数あるとき）",
        "The worksheet holding the checklist, when the workbook has more than one",
    ),
    (
        "help.kensa.sheet.list",
        "すべてのシートと進み具合",
        "Every sheet with its progress",
    ),
    (
        "help.kensa.sheet.list:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.sheet.new",
        "版と年度のシートを始める。前年度の回答を引き継ぐこともできる",
        "Start a sheet for an edition and fiscal year, optionally carrying last year's answers",
    ),
    (
        "help.kensa.sheet.new:edition",
        "版の id（例: hospital-r7）",
        "Edition id, e.g. hospital-r7",
    ),
    (
        "help.kensa.sheet.new:fiscal_year",
        "年度（始まる年の西暦。既定: 今年度）",
        "年度 as the western year it starts (default: the current one)",
    ),
    (
        "help.kensa.sheet.new:from",
        "回答を引き継ぐシート（id または hospital-r6-2024 のようなキー）",
        "Sheet to carry answers from (id or key such as hospital-r6-2024)",
    ),
    (
        "help.kensa.sheet.new:older_edition",
        "その年度に新しい版があっても、この版を使う（その場合、参考項目の免除は適用されない）",
        "Use this edition although the library has a newer one for the 年度 (its 参考項目 exemptions then do not apply)",
    ),
    (
        "help.kensa.status",
        "進み具合、立入検査への準備状況、期限を過ぎた目標日",
        "Progress, readiness for the inspection, overdue 目標日",
    ),
    (
        "help.kensa.status:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.status:sheet",
        "シート: 番号、hospital-r7-2025 のようなキー、または版の id（既定: 施設の様式の今年度のシート）",
        "Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form)",
    ),
    (
        "help.kensa.target",
        "確認をやり直さずに目標日を設定・変更する",
        "Set or change a 目標日 without a new check",
    ),
    (
        "help.kensa.target:by",
        "設定した人（既定: OS のユーザー名）",
        "Who set it (default: the OS user)",
    ),
    (
        "help.kensa.target:date",
        "目標日",
        "The 目標日 (target date)",
    ),
    (
        "help.kensa.target:item",
        "項目と範囲（answer と同じ書き方）",
        "Item and scope, as for `answer`",
    ),
    (
        "help.kensa.target:sheet",
        "シート: 番号、hospital-r7-2025 のようなキー、または版の id（既定: 施設の様式の今年度のシート）",
        "Sheet: number, key such as hospital-r7-2025, or edition id (default: the current 年度's sheet of the facility's form)",
    ),
    (
        "help.kensa.vendor",
        "事業者と事業者確認用: 追加、依頼、取り込み、状況、MDS/SDS",
        "Vendors (事業者) and their 事業者確認用: add, request, import, status, MDS/SDS",
    ),
    (
        "help.kensa.vendor.add",
        "契約している事業者を追加する（電子カルテ、レセコン、PACS、ネットワーク、保守会社）",
        "Add a vendor under contract (電子カルテ, レセコン, PACS, network, maintenance company)",
    ),
    (
        "help.kensa.vendor.add:email",
        "メールアドレス",
        "E-mail address",
    ),
    (
        "help.kensa.vendor.add:from",
        "契約開始日",
        "契約開始日 (contract start)",
    ),
    (
        "help.kensa.vendor.add:name",
        "会社名（事業者確認用の冒頭に書くもの）",
        "Company name, as it heads its 事業者確認用",
    ),
    (
        "help.kensa.vendor.add:person",
        "担当者",
        "担当者 (contact person)",
    ),
    ("help.kensa.vendor.add:phone", "電話番号", "Phone number"),
    (
        "help.kensa.vendor.add:remote_maintenance",
        "リモートメンテナンスを行うかどうか",
        "Whether it maintains systems remotely (リモートメンテナンス)",
    ),
    (
        "help.kensa.vendor.add:scopes",
        "契約が対象とする資産の範囲: server, terminal, network（サーバ, 端末, ネットワーク）。カンマ区切りまたは繰り返し。ほかの範囲の行はこの事業者では該当なし",
        "Asset scopes its contract covers: server, terminal, network (サーバ, 端末, ネットワーク); comma-separated or repeated. Rows of other scopes are 該当なし for this vendor",
    ),
    (
        "help.kensa.vendor.add:systems",
        "提供するシステム・サービス: 電子カルテ, PACS, 院内ネットワーク, 保守 …（繰り返し指定可。edit では一覧を置き換える）",
        "A system or service it supplies: 電子カルテ, PACS, 院内ネットワーク, 保守 … (repeatable; replaces the list when given to `edit`)",
    ),
    (
        "help.kensa.vendor.add:until",
        "契約終了日",
        "契約終了日 (contract end)",
    ),
    (
        "help.kensa.vendor.adopt",
        "事業者を登録する前に作った事業者確認用を、その事業者に結びつける",
        "Attach a 事業者確認用 made before kensa knew vendors to the vendor it is for",
    ),
    (
        "help.kensa.vendor.adopt:sheet",
        "シート: 番号または vendor-r7-2025 のようなキー",
        "The sheet: number or key such as vendor-r7-2025",
    ),
    (
        "help.kensa.vendor.adopt:vendor",
        "事業者: id または名前",
        "Vendor: id or name",
    ),
    (
        "help.kensa.vendor.disclosure",
        "受け取った MDS/SDS（製造業者/サービス事業者による医療情報セキュリティ開示書）",
        "MDS/SDS (製造業者/サービス事業者による医療情報セキュリティ開示書) received",
    ),
    (
        "help.kensa.vendor.disclosure.add",
        "受け取った MDS/SDS を記録し、ファイルを証跡と同じように保存する",
        "Record an MDS/SDS received, with its file kept like evidence",
    ),
    (
        "help.kensa.vendor.disclosure.add:file",
        "受け取ったままのファイル（証跡と同じようにデータベースに保存）",
        "The file as received (kept in the database like evidence)",
    ),
    (
        "help.kensa.vendor.disclosure.add:kind",
        "mds（製造業者）または sds（サービス事業者）",
        "mds (製造業者, manufacturer) or sds (サービス事業者, service provider)",
    ),
    (
        "help.kensa.vendor.disclosure.add:no_count",
        "いいえ と答えている項目の数",
        "How many of its items are answered いいえ",
    ),
    (
        "help.kensa.vendor.disclosure.add:note",
        "備考",
        "備考 (note)",
    ),
    (
        "help.kensa.vendor.disclosure.add:product",
        "開示書が対象とする製品またはサービス",
        "The product or service it describes",
    ),
    (
        "help.kensa.vendor.disclosure.add:received",
        "受け取った日（既定: 今日）",
        "Date received (default: today)",
    ),
    (
        "help.kensa.vendor.disclosure.add:vendor",
        "事業者: id または名前",
        "Vendor: id or name",
    ),
    (
        "help.kensa.vendor.disclosure.add:version",
        "様式の版（現行は JAHIS/JIRA Ver.5.0）",
        "Version of the form (JAHIS/JIRA Ver.5.0 is current)",
    ),
    (
        "help.kensa.vendor.disclosure.list",
        "受け取ったすべての MDS/SDS（製品ごとの最新に印）",
        "Every MDS/SDS received, the newest of each product flagged",
    ),
    (
        "help.kensa.vendor.disclosure.list:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.vendor.edit",
        "事業者の情報を変更する（指定したオプションだけが変わる）",
        "Change a vendor's details (only the options given change)",
    ),
    (
        "help.kensa.vendor.edit:email",
        "メールアドレス",
        "E-mail address",
    ),
    (
        "help.kensa.vendor.edit:from",
        "契約開始日",
        "契約開始日 (contract start)",
    ),
    (
        "help.kensa.vendor.edit:name",
        "新しい会社名",
        "New company name",
    ),
    (
        "help.kensa.vendor.edit:person",
        "担当者",
        "担当者 (contact person)",
    ),
    ("help.kensa.vendor.edit:phone", "電話番号", "Phone number"),
    (
        "help.kensa.vendor.edit:remote_maintenance",
        "リモートメンテナンスを行うかどうか",
        "Whether it maintains systems remotely (リモートメンテナンス)",
    ),
    (
        "help.kensa.vendor.edit:scopes",
        "契約が対象とする資産の範囲: server, terminal, network（サーバ, 端末, ネットワーク）。カンマ区切りまたは繰り返し。ほかの範囲の行はこの事業者では該当なし",
        "Asset scopes its contract covers: server, terminal, network (サーバ, 端末, ネットワーク); comma-separated or repeated. Rows of other scopes are 該当なし for this vendor",
    ),
    (
        "help.kensa.vendor.edit:systems",
        "提供するシステム・サービス: 電子カルテ, PACS, 院内ネットワーク, 保守 …（繰り返し指定可。edit では一覧を置き換える）",
        "A system or service it supplies: 電子カルテ, PACS, 院内ネットワーク, 保守 … (repeatable; replaces the list when given to `edit`)",
    ),
    (
        "help.kensa.vendor.edit:until",
        "契約終了日",
        "契約終了日 (contract end)",
    ),
    (
        "help.kensa.vendor.edit:vendor",
        "事業者: id または名前",
        "Vendor: id or name",
    ),
    (
        "help.kensa.vendor.fill",
        "事業者の PC で: kensa の依頼を受け取り、事業者自身のシートを用意する",
        "On the vendor's machine: take a kensa request and prepare the vendor's own sheet",
    ),
    (
        "help.kensa.vendor.fill:request",
        "施設から届いた署名つきの依頼",
        "The signed request a facility sent",
    ),
    (
        "help.kensa.vendor.import",
        "事業者の回答（記入済みの Excel ファイルまたは署名つきの kensa 回答）を読み込む",
        "Read a vendor's response (the filled Excel file or a signed kensa response)",
    ),
    (
        "help.kensa.vendor.import:dry_run",
        "前回の回答からの変更を表示するだけで、何も保存しない",
        "Show what would change against the vendor's previous response, store nothing",
    ),
    (
        "help.kensa.vendor.import:file",
        "記入済みのブック、または署名つきの回答",
        "The filled workbook or the signed response",
    ),
    (
        "help.kensa.vendor.import:pubkey",
        "署名つきの回答の場合: 署名に使われているはずの事業者の公開鍵またはフィンガープリント",
        "For a signed response: the vendor's public key or fingerprint it must be signed with",
    ),
    (
        "help.kensa.vendor.list",
        "事業者と契約の一覧",
        "The vendors, with their contracts",
    ),
    (
        "help.kensa.vendor.list:json",
        "機械可読な出力（削除した事業者も含む）",
        "Machine-readable output; removed vendors too",
    ),
    (
        "help.kensa.vendor.remove",
        "契約が終わった事業者を一覧から外す（シートと履歴は残る）",
        "Take a vendor off the list when its contract ends (its sheets and history stay)",
    ),
    (
        "help.kensa.vendor.remove:vendor",
        "事業者: id または名前",
        "Vendor: id or name",
    ),
    (
        "help.kensa.vendor.request",
        "事業者に事業者確認用の記入を依頼するファイルを書く（Excel、または署名つきの kensa ファイル）",
        "Write a request for a vendor's 事業者確認用 (Excel, or a signed kensa file)",
    ),
    (
        "help.kensa.vendor.request:due",
        "回答期限",
        "回答期限 (reply by)",
    ),
    (
        "help.kensa.vendor.request:edition",
        "事業者確認用の版（既定: その年度の最新）",
        "Edition of the 事業者確認用 (default: the newest for the 年度)",
    ),
    (
        "help.kensa.vendor.request:fiscal_year",
        "年度（始まる年の西暦。既定: 今年度）",
        "年度 as the western year it starts (default: the current one)",
    ),
    (
        "help.kensa.vendor.request:format",
        "依頼の形式: xlsx（事業者確認用の様式の Excel。多くの事業者は Excel で回答する）または kensa（kensa を使う事業者向けの署名つき依頼。--key が必要）",
        "Request format: xlsx (an Excel workbook in the 事業者確認用 layout; most vendors answer in Excel) or kensa (a signed kensa request for a vendor who runs kensa; needs --key)",
    ),
    (
        "help.kensa.vendor.request:key",
        "kensa 形式の依頼に署名する秘密鍵（kensa keygen）",
        "Secret key to sign a kensa request with (`kensa keygen`)",
    ),
    (
        "help.kensa.vendor.request:out",
        "書き出すファイル（これを事業者に渡す）",
        "The file to write (the vendor gets this file)",
    ),
    (
        "help.kensa.vendor.request:vendor",
        "事業者: id または名前",
        "Vendor: id or name",
    ),
    (
        "help.kensa.vendor.respond",
        "事業者の PC で: 事業者自身のシートから kensa の依頼に署名つきで回答する",
        "On the vendor's machine: answer a kensa request from the vendor's own sheet, signed",
    ),
    (
        "help.kensa.vendor.respond:key",
        "事業者の秘密鍵（kensa keygen）。施設にはそのフィンガープリントが見える",
        "The vendor's secret key (`kensa keygen`); its fingerprint is what the facility sees",
    ),
    (
        "help.kensa.vendor.respond:out",
        "書き出す回答ファイル（施設に送り返す）",
        "The response file to write (send it back to the facility)",
    ),
    (
        "help.kensa.vendor.respond:request",
        "施設から届いた署名つきの依頼",
        "The signed request a facility sent",
    ),
    (
        "help.kensa.vendor.status",
        "事業者ごとのシートの状況、対応範囲の表とその抜け、MDS/SDS",
        "Each vendor's sheet status, the coverage matrix and its gaps, MDS/SDS",
    ),
    (
        "help.kensa.vendor.status:fiscal_year",
        "年度（始まる年の西暦。既定: 今年度）",
        "年度 as the western year it starts (default: the current one)",
    ),
    (
        "help.kensa.vendor.status:json",
        "機械可読な出力（JSON。形式は docs/json.md）",
        "Machine-readable output (JSON; schema in docs/json.md)",
    ),
    (
        "help.kensa.verify",
        "提出物を検証する: 署名のあと何も変わっていないときだけ終了コード 0",
        "Check a bundle: exit 0 only when nothing was changed since it was signed",
    ),
    (
        "help.kensa.verify:file",
        "提出物ファイル",
        "The bundle file",
    ),
    (
        "help.kensa.verify:json",
        "検証の結果を JSON で出力する（形式は docs/json.md）",
        "Print the result as JSON (schema in docs/json.md)",
    ),
    (
        "help.kensa.verify:pubkey",
        "提出物の署名に使われているはずの鍵: 施設の .pub ファイル、64 桁の公開鍵、または報告書に印刷されたフィンガープリント（電話で読み上げたもの）",
        "The key the bundle must be signed with: the facility's .pub file, the 64-digit public key, or the fingerprint printed in its report (as read out over the phone)",
    ),
];
