//! Messages of the evidence engine (issue 16): `kensa evidence`, its section in `status`
//! and the report, `kensa answer --accept-suggestion`. (key, Japanese, English), sorted by key.

pub(super) static EVIDENCE: &[(&str, &str, &str)] = &[
    (
        "evidence.accept.gate",
        "{item} には提案がありません",
        "{item} has no suggestion",
    ),
    (
        "evidence.accept.needs_result",
        "回答（yes/no/na）か --accept-suggestion を指定してください",
        "give a result (yes/no/na) or --accept-suggestion",
    ),
    (
        "evidence.accept.note",
        "kensa の提案を採用（{date} 時点の証跡）",
        "kensa's suggestion accepted (evidence as of {date})",
    ),
    (
        "evidence.accept.recorded",
        "提案「{answer}」を回答として記録し、証跡の要約 {name} を添付しました",
        "recorded the suggestion \"{answer}\" as the answer, with the evidence summary {name} attached",
    ),
    (
        "evidence.accept.unknown",
        "{item} の提案は「判断できない」（{why}）なので採用できません。確認して yes/no で回答してください",
        "the suggestion for {item} is \"cannot tell\" ({why}), so there is nothing to accept; check and answer yes or no",
    ),
    ("evidence.answer.unknown", "判断できない", "cannot tell"),
    (
        "evidence.basis.collect",
        "収集 {at}（観測 #{id}）",
        "collected {at} (observation #{id})",
    ),
    (
        "evidence.basis.data",
        "データ {file}（{snapshot} 時点）",
        "data {file} ({snapshot})",
    ),
    ("evidence.basis.label", "根拠", "from"),
    (
        "evidence.basis.ledger",
        "台帳の入力「{value}」",
        "typed in the 台帳: \"{value}\"",
    ),
    (
        "evidence.basis.scan",
        "スキャン {at}（観測 #{id}）",
        "scan {at} (observation #{id})",
    ),
    (
        "evidence.collect.password_policy",
        "パスワード設定",
        "password policy",
    ),
    (
        "evidence.collect.password_policy_summary",
        "最小文字数 {min}、有効期限 {age}、複雑さ {complexity}（{source}）",
        "minimum length {min}, expiry {age}, complexity {complexity} ({source})",
    ),
    (
        "evidence.collect.remote_access",
        "リモート接続",
        "remote access",
    ),
    (
        "evidence.collect.remote_access_summary",
        "リモートデスクトップ {rdp}（NLA {nla}）、SMBv1 {smb1}",
        "Remote Desktop {rdp} (NLA {nla}), SMBv1 {smb1}",
    ),
    (
        "evidence.counted.devices_probed",
        "スキャンで見つけた {of} 台のうち {have} 台のリモート保守ポートを調査",
        "{have} of {of} scanned devices probed for remote-maintenance ports",
    ),
    (
        "evidence.counted.rows_collected",
        "台帳の対象機器 {of} 台のうち {have} 台の情報を収集済み",
        "{have} of {of} 台帳 machines in scope collected",
    ),
    (
        "evidence.counted.rows_patch_level",
        "台帳のサーバ・端末・ネットワーク機器 {of} 台のうち {have} 台でパッチ・版が判明",
        "patch level or firmware version known for {have} of {of} 台帳 servers, PCs and network devices",
    ),
    (
        "evidence.counted.rows_seen",
        "台帳 {of} 行のうち {have} 行を過去 {days} 日に LAN で確認",
        "{have} of {of} 台帳 rows seen on the LAN in the last {days} days",
    ),
    (
        "evidence.coverage",
        "観測: 台帳 {rows} 行（収集 {collected}、過去 {days} 日に確認 {seen}、スキャン範囲外 {outside}）、台帳にない機器 {unlisted} 台、収集 {collects} 件・スキャン {scans} 件",
        "observed: {rows} 台帳 rows ({collected} collected, {seen} seen in the last {days} days, {outside} outside every scanned range), {unlisted} devices not in the 台帳, {collects} collections and {scans} scan results",
    ),
    (
        "evidence.data.error",
        "証跡データを読めません: {detail}",
        "cannot read the evidence data: {detail}",
    ),
    ("evidence.data.header", "データ", "Data"),
    (
        "evidence.data.line",
        "{file}: {snapshot} 時点、{entries} 件（{source}、{licence}）",
        "{file}: as of {snapshot}, {entries} entries ({source}, {licence})",
    ),
    (
        "evidence.data.not_tracked",
        "終了日データのない製品: {products}",
        "no end-of-life data for: {products}",
    ),
    (
        "evidence.data.stale",
        "{file} は {snapshot} 時点のデータで、6 か月以上前です。インターネットに接続できる PC で {script} を実行して更新してください",
        "{file} is from {snapshot}, more than six months ago; update it with {script} on a PC with internet access",
    ),
    (
        "evidence.f.admins",
        "有効な管理者アカウントが {count} 個あります（目安 {limit} 個まで）: {accounts}",
        "{count} enabled administrator accounts (guide: at most {limit}): {accounts}",
    ),
    (
        "evidence.f.dangerous",
        "平文または旧式のサービスが動いています: {items}",
        "cleartext or obsolete services running: {items}",
    ),
    (
        "evidence.f.dormant",
        "{days} 日以上ログインのない有効なアカウント: {accounts}",
        "enabled accounts without a login for {days} days or more: {accounts}",
    ),
    (
        "evidence.f.eol_ended",
        "{name} のサポートは {eol} に終了しています",
        "{name}: support ended on {eol}",
    ),
    (
        "evidence.f.eol_ended_undated",
        "{name} のサポートは終了しています（終了日の記載なし）",
        "{name}: support has ended (no date given)",
    ),
    (
        "evidence.f.eol_extended_ended",
        "（延長セキュリティ更新も {date} に終了）",
        " (extended security updates also ended on {date})",
    ),
    (
        "evidence.f.eol_extended_until",
        "（有償の延長セキュリティ更新は {date} まで）",
        " (paid extended security updates until {date})",
    ),
    (
        "evidence.f.eol_family",
        "（版が分からないため、最も遅く終わる {cycle} で判定）",
        " (release unknown: judged by the latest-ending release, {cycle})",
    ),
    (
        "evidence.f.eol_no_data",
        "{product} {version} の終了日データがありません（endoflife.date に収録なし）。メーカーのサポート情報を確認してください",
        "no end-of-life data for {product} {version} (not tracked by endoflife.date); check the maker's support pages",
    ),
    (
        "evidence.f.eol_soon",
        "{name} のサポートは {eol} に終了します（あと {days} 日）",
        "{name}: support ends on {eol} (in {days} days)",
    ),
    (
        "evidence.f.firewall_off",
        "ファイアウォールが無効です: {items}",
        "firewall off: {items}",
    ),
    (
        "evidence.f.kev_affected",
        "{product} {version} は CISA の悪用確認済み脆弱性（KEV）の影響を受ける版です: {cves}",
        "{product} {version} is affected by known-exploited vulnerabilities (CISA KEV): {cves}",
    ),
    (
        "evidence.f.kev_fixed",
        "修正版 {version}",
        "fixed in {version}",
    ),
    (
        "evidence.f.kev_no_fix",
        "この系列に修正版なし",
        "no fix in this branch",
    ),
    (
        "evidence.f.kev_ransomware",
        "ランサムウェアでの使用あり",
        "used by ransomware",
    ),
    (
        "evidence.f.kev_unchecked",
        "{product} {version} は CISA KEV に {count} 件掲載されていますが、影響を受ける版か確認できません。各社の公表情報で確認してください: {cves}",
        "{product} {version} has {count} CISA KEV entries whose affected versions kensa cannot check; confirm with the vendor advisories: {cves}",
    ),
    (
        "evidence.f.logging_off",
        "ログを記録するサービスが動いていません: {items}",
        "no logging service running: {items}",
    ),
    (
        "evidence.f.mismatch_ip",
        "台帳の IP アドレス「{ledger}」と観測した「{observed}」が異なります",
        "the 台帳 says IP address \"{ledger}\", observed \"{observed}\"",
    ),
    (
        "evidence.f.mismatch_os",
        "台帳の OS「{ledger}」と観測した「{observed}」が異なります",
        "the 台帳 says OS \"{ledger}\", observed \"{observed}\"",
    ),
    (
        "evidence.f.never_seen",
        "スキャンした範囲にありますが、LAN で一度も確認されていません",
        "inside a scanned range but never seen on the LAN",
    ),
    (
        "evidence.f.not_seen",
        "{days} 日以上 LAN で確認されていません（最終確認 {last}）",
        "not seen on the LAN for {days} days or more (last seen {last})",
    ),
    (
        "evidence.f.password_not_changed",
        "ポリシーの有効期限 {days} 日を過ぎてもパスワードが変更されていないアカウント: {accounts}",
        "accounts whose password is older than the policy's {days} days: {accounts}",
    ),
    (
        "evidence.f.password_policy",
        "パスワードの設定: {problems}（最小文字数 {min}、有効期限 {age}、複雑さ {complexity}）",
        "password policy: {problems} (minimum length {min}, expiry {age}, complexity {complexity})",
    ),
    (
        "evidence.f.patch_age",
        "最新の更新は {last} で、収集日 {collected} まで {days} 日間更新がありません（基準 {threshold} 日）",
        "newest update {last}: {days} days without an update at collection on {collected} (threshold {threshold} days)",
    ),
    (
        "evidence.f.rdp_nla",
        "リモートデスクトップがネットワークレベル認証（NLA）なしで有効です",
        "Remote Desktop is enabled without Network Level Authentication (NLA)",
    ),
    (
        "evidence.f.remote_ports",
        "リモート保守・管理用のポートが開いています: {ports}（{vendor}）",
        "remote-maintenance or administration ports open: {ports} ({vendor})",
    ),
    (
        "evidence.f.retired",
        "{retired} に廃棄した機器が {seen} に応答しています",
        "retired on {retired} but answering on {seen}",
    ),
    ("evidence.f.smb1", "SMBv1 が有効です", "SMBv1 is enabled"),
    (
        "evidence.f.unlisted",
        "台帳にない機器が LAN にあります: {addresses}",
        "a device the 台帳 does not list is on the LAN: {addresses}",
    ),
    ("evidence.f.vendor_unknown", "メーカー不明", "maker unknown"),
    (
        "evidence.f.version_unknown",
        "（版不明）",
        "(version unknown)",
    ),
    ("evidence.findings", "所見 {count} 件", "{count} findings"),
    ("evidence.level.critical", "重大", "CRITICAL"),
    ("evidence.level.high", "高", "HIGH"),
    ("evidence.level.info", "参考", "INFO"),
    ("evidence.level.low", "低", "LOW"),
    ("evidence.level.medium", "中", "MEDIUM"),
    (
        "evidence.more",
        "… ほか {count} 件（すべて見るには kensa evidence）",
        "… and {count} more (see kensa evidence)",
    ),
    ("evidence.no_findings", "所見はありません", "no findings"),
    (
        "evidence.no_observations",
        "収集もスキャンもまだありません。kensa collect と kensa scan で機器の情報を集めてください",
        "nothing collected or scanned yet; gather facts with kensa collect and kensa scan",
    ),
    (
        "evidence.no_sheet",
        "シートがないため回答の提案はありません（kensa sheet new）",
        "no sheet, so no suggested answers (kensa sheet new)",
    ),
    ("evidence.pw.days", "{days} 日", "{days} days"),
    (
        "evidence.pw.no_complexity",
        "英数字・記号の混在を求めていない",
        "does not require mixed characters",
    ),
    (
        "evidence.pw.no_expiry",
        "13 文字未満で有効期限なし（二要素認証なら不要）",
        "under 13 characters and never expires (fine with two-factor authentication)",
    ),
    ("evidence.pw.none", "なし", "none"),
    ("evidence.pw.not_required", "不要", "not required"),
    ("evidence.pw.required", "必須", "required"),
    (
        "evidence.pw.short",
        "8 文字未満を許可",
        "allows fewer than 8 characters",
    ),
    ("evidence.pw.unknown", "不明", "unknown"),
    (
        "evidence.status_counts",
        "所見: {counts}",
        "findings: {counts}",
    ),
    ("evidence.status_header", "証跡", "Evidence"),
    (
        "evidence.status_suggestions",
        "回答の提案: はい {yes}、いいえ {no}、判断できない {unknown}（kensa evidence で根拠を表示）",
        "suggestions: yes {yes}, no {no}, cannot tell {unknown} (kensa evidence shows why)",
    ),
    ("evidence.subject.unlisted", "台帳外", "not in 台帳"),
    (
        "evidence.suggestions",
        "回答の提案（{sheet}）— 提案は回答ではありません。採用するには kensa answer 項目 --accept-suggestion",
        "Suggested answers ({sheet}) — a suggestion is not an answer; accept one with kensa answer ITEM --accept-suggestion",
    ),
    (
        "evidence.summary.answer",
        "提案: {answer} — {why}",
        "suggestion: {answer} — {why}",
    ),
    (
        "evidence.summary.completeness",
        "完全性: {text}",
        "completeness: {text}",
    ),
    (
        "evidence.summary.findings",
        "根拠となる所見 {count} 件:",
        "{count} findings behind it:",
    ),
    (
        "evidence.summary.item",
        "項目: {item}（{scope}）{text}",
        "item: {item} ({scope}) {text}",
    ),
    (
        "evidence.summary.taken",
        "施設記録 {taken}（kensa {version}）から {date} に作成",
        "made on {date} from the facility record of {taken} (kensa {version})",
    ),
    (
        "evidence.summary.title",
        "kensa 証跡の要約",
        "kensa evidence summary",
    ),
    (
        "evidence.title",
        "証跡（{date} 時点）",
        "Evidence (as of {date})",
    ),
    (
        "evidence.topic.accounts",
        "不要なアカウント",
        "unused accounts",
    ),
    (
        "evidence.topic.firewall",
        "接続元制限",
        "connection-source restriction",
    ),
    ("evidence.topic.ledger", "台帳管理", "asset ledger"),
    ("evidence.topic.logging", "アクセスログ", "access logs"),
    (
        "evidence.topic.not_observable",
        "観測対象外",
        "not observable",
    ),
    (
        "evidence.topic.password_reuse",
        "パスワードの使い回し",
        "password reuse",
    ),
    ("evidence.topic.passwords", "パスワード", "passwords"),
    (
        "evidence.topic.patches",
        "セキュリティパッチ",
        "security patches",
    ),
    (
        "evidence.topic.remote_maintenance",
        "リモートメンテナンス",
        "remote maintenance",
    ),
    (
        "evidence.topic.services",
        "不要なサービス",
        "unneeded services",
    ),
    (
        "evidence.why.clear",
        "対象の機器をすべて確認し、問題は見つかりませんでした",
        "every asset in scope observed, nothing against it",
    ),
    (
        "evidence.why.findings",
        "反する所見 {count} 件",
        "{count} findings against it",
    ),
    (
        "evidence.why.incomplete",
        "問題は見つかっていませんが、対象の一部しか観測できていません",
        "nothing against it, but only part of the scope was observed",
    ),
    (
        "evidence.why.no_evidence",
        "この項目に関わる観測がありません",
        "nothing observed bears on this item",
    ),
    (
        "evidence.why.no_scan",
        "ネットワークのスキャンがまだないため、台帳と LAN を照合できません",
        "no network scan yet: the 台帳 cannot be compared with the LAN",
    ),
    (
        "evidence.why.not_observable",
        "機器の観測からは判断できません",
        "not decidable from what machines show",
    ),
    (
        "evidence.why.to_check",
        "確認が必要な所見 {count} 件",
        "{count} findings to check",
    ),
    (
        "evidence.why.vendor_confirmation",
        "事業者への確認は機器からは分かりません。開いているリモート保守用ポートの機器を事業者に確認してください",
        "asking the vendors cannot be observed; confirm the devices with open remote-maintenance ports with them",
    ),
];
