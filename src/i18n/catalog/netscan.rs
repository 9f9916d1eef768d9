//! Messages of the `netscan` area (`kensa scan`). (key, Japanese, English), sorted by key.

pub(super) static NETSCAN: &[(&str, &str, &str)] = &[
    (
        "scan.cancelled",
        "中止しました。何も送信していません。",
        "Cancelled; nothing was sent.",
    ),
    ("scan.col_ip", "IPアドレス", "IP address"),
    ("scan.col_ledger", "台帳", "ledger"),
    ("scan.col_mac", "MACアドレス", "MAC address"),
    ("scan.col_rtt", "応答(ms)", "rtt (ms)"),
    ("scan.col_vendor", "ベンダー", "vendor"),
    (
        "scan.confirm",
        "この内容で送信を開始しますか？ [y/N]",
        "Start sending? [y/N]",
    ),
    (
        "scan.conflict",
        "同じアドレスに別のMAC: {macs}",
        "other MACs for this address: {macs}",
    ),
    (
        "scan.err.active_needs",
        "--active には --iface と --cidr が必要です",
        "--active needs --iface and --cidr",
    ),
    (
        "scan.err.bad_cidr",
        "`{cidr}` は IPv4 の CIDR ではありません（例: 192.168.1.0/24）",
        "`{cidr}` is not an IPv4 CIDR (for example 192.168.1.0/24)",
    ),
    (
        "scan.err.bad_exclusion",
        "除外 `{value}` は IP アドレス・CIDR・MAC の OUI（例: 00:1b:2c）のいずれでもありません",
        "exclusion `{value}` is not an IP address, CIDR or MAC OUI (for example 00:1b:2c)",
    ),
    (
        "scan.err.bad_rate",
        "--rate `{rate}` は gentle・normal・fast・毎秒パケット数のいずれでもありません",
        "--rate `{rate}` is not gentle, normal, fast or a number of packets per second",
    ),
    (
        "scan.err.exclude_file_line",
        "{path}:{line}: `{text}` は IP アドレス・CIDR・MAC の OUI のいずれでもありません。除外ファイル全体を使いません（何も送信していません）",
        "{path}:{line}: `{text}` is not an IP address, CIDR or MAC OUI; the exclusion file is refused as a whole (nothing was sent)",
    ),
    (
        "scan.err.exclude_file_unreadable",
        "除外ファイル {path} を読めません: {detail}",
        "cannot read exclusion file {path}: {detail}",
    ),
    (
        "scan.err.iface_down",
        "インターフェース {iface} がダウンしています（リンクなし）。何も送信していません",
        "interface {iface} is down (no link); nothing was sent",
    ),
    (
        "scan.err.needs_yes",
        "対話的でない実行では --yes が必要です（上の見積もりを確認してから付けてください）",
        "not interactive: add --yes to confirm (after checking the estimate above)",
    ),
    (
        "scan.err.neighbours_command",
        "近隣テーブルを読めません: {detail}",
        "cannot read the neighbour table: {detail}",
    ),
    (
        "scan.err.neighbours_io",
        "{path} を読めません: {detail}",
        "cannot read {path}: {detail}",
    ),
    (
        "scan.err.neighbours_parse",
        "{path}: Get-NetNeighbor の JSON でも /proc/net/arp でもありません（{detail}）。台帳は変更していません",
        "{path}: neither Get-NetNeighbor JSON nor /proc/net/arp ({detail}); the ledger was not changed",
    ),
    (
        "scan.err.no_ipv4",
        "インターフェース {iface} に IPv4 アドレスがありません",
        "interface {iface} has no IPv4 address",
    ),
    (
        "scan.err.no_mac",
        "インターフェース {iface} に MAC アドレスがありません（Ethernet ではありません）",
        "interface {iface} has no MAC address (not Ethernet)",
    ),
    (
        "scan.err.not_built",
        "この kensa はアクティブスキャンなしでビルドされています（cargo の feature `scan`）。近隣テーブルを読むスキャン（kensa scan、画面の p）は使えます",
        "this kensa was built without the active scan (cargo feature `scan`); the neighbour-table scan (kensa scan, p on the screen) works",
    ),
    (
        "scan.err.socket",
        "{iface} の raw ソケットを開けません: {detail}",
        "cannot open a raw socket on {iface}: {detail}",
    ),
    (
        "scan.err.too_large",
        "{cidr} は {addresses} アドレスあります。/16 より大きい範囲は --force を付けた場合だけスキャンします",
        "{cidr} has {addresses} addresses; ranges larger than /16 are scanned only with --force",
    ),
    (
        "scan.err.unknown_iface",
        "インターフェース `{iface}` はありません（あるもの: {known}）",
        "no interface `{iface}` (known: {known})",
    ),
    (
        "scan.excluded",
        "除外対象・再送なし",
        "excluded, not asked again",
    ),
    (
        "scan.interrupted",
        "中断しました（Ctrl-C）。送信はその時点で止めています。途中までの結果（{found} 台）を、中断したスキャンの結果（stopped: user）として保存しました。",
        "interrupted (Ctrl-C): sending stopped at once. The partial result ({found} devices) is stored, marked as from an interrupted scan (stopped: user).",
    ),
    (
        "scan.no_open_ports",
        "リモート保守ポートは開いていません（応答なし {filtered}）",
        "no remote-maintenance port open ({filtered} without answer)",
    ),
    (
        "scan.no_privilege",
        "{iface} で ARP スキャンを行うには raw ソケットの権限（CAP_NET_RAW）が必要です。管理者に次を実行してもらってください:\n  sudo setcap cap_net_raw+ep {exe}\n（または sudo で実行）。権限がなくても `kensa scan`（OS の近隣テーブルを読む受動的な検出）は使えます。何も送信していません。",
        "an ARP sweep on {iface} needs raw-socket privilege (CAP_NET_RAW). Ask an administrator to run:\n  sudo setcap cap_net_raw+ep {exe}\n(or run it with sudo). Without it, `kensa scan` (passive discovery from the OS neighbour table) still works. Nothing was sent.",
    ),
    (
        "scan.no_privilege_windows",
        "{iface} で ARP スキャンを行うには Npcap（https://npcap.com/ 、「WinPcap API 互換モード」でインストール）と管理者権限が必要です。kensa を「管理者として実行」してください。権限がなくても `kensa scan`（受動的な検出）は使えます。何も送信していません。",
        "an ARP sweep on {iface} needs Npcap (https://npcap.com/, installed in \"WinPcap API-compatible mode\") and administrator rights: run kensa as administrator. Without them, `kensa scan` (passive discovery) still works. Nothing was sent.",
    ),
    ("scan.not_in_ledger", "台帳にない", "not in the ledger"),
    (
        "scan.open_ports",
        "リモート保守ポートが開いています: {ports}",
        "remote-maintenance ports open: {ports}",
    ),
    ("scan.phase_probe", "ポート確認", "probing ports"),
    ("scan.phase_snmp", "SNMP", "SNMP"),
    ("scan.phase_sweep", "ARPスキャン", "ARP sweep"),
    (
        "scan.preflight",
        "送信前の見積もり: {iface} から {cidr} の {addresses} アドレスに ARP 要求（除外 {excluded}）。速度 {rate}、最大 {packets} パケット、所要 {min}〜{max} 秒。",
        "Pre-flight estimate: ARP requests from {iface} to {addresses} addresses of {cidr} ({excluded} excluded). Rate {rate}, at most {packets} packets, {min} to {max} s.",
    ),
    (
        "scan.preflight_oui",
        "MAC/OUI による除外: OS の近隣テーブルにある該当機器には一度も送りません。未知の該当機器は一度だけ問い合わせ、応答以降は再送もポート確認もしません。",
        "MAC/OUI exclusions: matching devices in the OS neighbour table are never asked; an unknown matching device is asked once and, after it answers, never again and never probed.",
    ),
    (
        "scan.preflight_probe",
        "検出後、リモート保守ポートを TCP 接続で確認します（毎秒 10 接続まで、1台あたり約 {seconds} 秒）。",
        "After discovery, remote-maintenance ports are checked with TCP connections (at most 10 per second, about {seconds} s per host).",
    ),
    (
        "scan.progress_found",
        "検出 {found} 台（{pass}/{passes} 周目）",
        "{found} found (pass {pass}/{passes})",
    ),
    ("scan.rate_fast", "最速（検証環境のみ）", "fast (labs only)"),
    (
        "scan.rate_gentle",
        "穏やか（毎秒 {pps}、医療機器向け）",
        "gentle ({pps}/s, for medical devices)",
    ),
    ("scan.rate_normal", "標準（毎秒 {pps}）", "normal ({pps}/s)"),
    ("scan.rate_pps", "毎秒 {pps}", "{pps}/s"),
    (
        "scan.snmp_none",
        "読めません（{detail}）",
        "nothing read ({detail})",
    ),
    (
        "scan.stopped_iface_down",
        "インターフェース {iface} がダウンしたため中断しました {detail}。ここまでの結果を保存しました。",
        "stopped: interface {iface} went down {detail}. The results so far are stored.",
    ),
    (
        "scan.stopped_send_errors",
        "送信エラーが多いため中断しました（{detail}）。ここまでの結果を保存しました。",
        "stopped: too many send errors ({detail}). The results so far are stored.",
    ),
    (
        "scan.stopped_user",
        "利用者の操作で中断しました。ここまでの結果を保存しました。",
        "stopped by the user. The results so far are stored.",
    ),
    (
        "scan.stored",
        "観測 {observations} 件を保存しました（保存済み {duplicates} 件、台帳に追加 {added} 行）。ベンダー名は IEEE OUI 登録簿（{date}）による。",
        "{observations} observations stored ({duplicates} already stored, {added} ledger rows added). Vendors from the IEEE OUI registry of {date}.",
    ),
    (
        "scan.summary_active",
        "{found} 台を検出（台帳にない機器 {new} 台、リモート保守ポートが開いている機器 {remote} 台）。{addresses} アドレス（除外 {excluded}）に {sent} パケット、{seconds} 秒。",
        "{found} devices found ({new} not in the ledger, {remote} with remote-maintenance ports open). {sent} packets to {addresses} addresses ({excluded} excluded), {seconds} s.",
    ),
    (
        "scan.summary_passive",
        "近隣テーブルに {found} 台（台帳にない機器 {new} 台、リモート保守ポートが開いている機器 {remote} 台）。kensa からは ARP を送信していません。",
        "{found} devices in the neighbour table ({new} not in the ledger, {remote} with remote-maintenance ports open). kensa sent no ARP.",
    ),
];
