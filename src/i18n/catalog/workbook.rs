//! Messages of the official workbook imports (`kensa checklist import`, `kensa sheet import`).
//! (key, Japanese, English), sorted by key.

pub(super) static WORKBOOK: &[(&str, &str, &str)] = &[
    (
        "wbimport.already_known",
        "{edition} は組み込み済み、またはチェックリストフォルダに既にあります。別の場所に書き出すには --out を指定してください。何も書き込んでいません",
        "{edition} is built in or already in the checklist folder; use --out to write it elsewhere. Nothing was written",
    ),
    (
        "wbimport.exists",
        "{path} は既にあります。上書きしません（削除するか --out で別の名前を指定してください）。何も書き込んでいません",
        "{path} already exists; it is not overwritten (remove it or give another name with --out). Nothing was written",
    ),
    (
        "wbimport.filled.bad_date",
        "{cell}: 日付「{text}」が読めません（2024/5/20、R6.5.20、令和6年5月20日、5/20 の形で）",
        "{cell}: cannot read the date \"{text}\" (write 2024/5/20, R6.5.20, 令和6年5月20日 or 5/20)",
    ),
    (
        "wbimport.filled.circled",
        "{cell}: 図形の丸（〇）で囲まれた回答は読み取れません。セルに「はい」または「いいえ」と入力してから取り込んでください",
        "{cell}: an answer circled with a drawn shape cannot be read; type はい or いいえ into the cell and import again",
    ),
    (
        "wbimport.filled.dry_run",
        "{count} 件を {sheet} に記録します（--dry-run のため何も記録していません）",
        "{count} answers would be recorded in {sheet} (--dry-run: nothing was stored)",
    ),
    (
        "wbimport.filled.no_date",
        "{cell}: 回答に確認日がありません。様式どおり（ / ）に日付を記入してください",
        "{cell}: an answer without its date; write the date in the ( / ) as on the form",
    ),
    (
        "wbimport.filled.nothing",
        "{file}: 記入済みの回答がありません",
        "{file}: no filled answers",
    ),
    (
        "wbimport.filled.other_edition",
        "{cell}: この Excel は {found}（{found_form}）の様式で、シート {sheet}（{form}）の様式ではありません",
        "{cell}: this Excel is the form of {found} ({found_form}), not that of sheet {sheet} ({form})",
    ),
    (
        "wbimport.filled.row_not_in_edition",
        "{cell}: 項目 {item}（{scope}）は {edition} にありません",
        "{cell}: item {item} ({scope}) is not in {edition}",
    ),
    (
        "wbimport.filled.second_without_first",
        "{cell}: 1回目のない 2回目です",
        "{cell}: a 2回目 without a 1回目",
    ),
    (
        "wbimport.filled.stored",
        "{count} 件を {sheet} に記録しました（{file}、SHA-256 {sha}、記録者 {by}）",
        "{count} answers recorded in {sheet} ({file}, SHA-256 {sha}, by {by})",
    ),
    ("wbimport.filled.target", "目標日", "target"),
    (
        "wbimport.filled.target_without_answer",
        "{cell}: 1回目の回答のない目標日です",
        "{cell}: a 目標日 without a 1回目 answer",
    ),
    (
        "wbimport.filled.unanswered",
        "記入のない行 {count} 行は未回答のままです（{cells}）",
        "{count} rows with nothing written stay unanswered ({cells})",
    ),
    (
        "wbimport.filled.unreadable",
        "{cell}: 「はい」「いいえ」のどちらか読み取れません（{text}）",
        "{cell}: cannot tell はい from いいえ ({text})",
    ),
    (
        "wbimport.invalid",
        "{file} から作った様式定義が検証を通りませんでした（上記）。何も書き込んでいません",
        "the edition made from {file} does not pass validation (above); nothing was written",
    ),
    (
        "wbimport.known_note",
        "注意: {edition} は組み込み済みです。このファイルはチェックリストフォルダに置いても使われません（比較・確認用）",
        "note: {edition} is built in; this file is not used from the checklist folder (for comparison and review)",
    ),
    (
        "wbimport.layout.ambiguous_form",
        "シート「{sheet}」{cell}: 医療機関・薬局確認用の様式です。--form hospital または --form pharmacy を指定してください",
        "sheet \"{sheet}\" {cell}: the merged 医療機関・薬局確認用 form; give --form hospital or --form pharmacy",
    ),
    (
        "wbimport.layout.answer_without_item",
        "シート「{sheet}」{cell}: 項目のない行に回答欄・対象の記入があります",
        "sheet \"{sheet}\" {cell}: answer or scope cells on a row without an item",
    ),
    (
        "wbimport.layout.form_mismatch",
        "シート「{sheet}」{cell}: 様式は「{found}」ですが「{wanted}」として取り込もうとしています",
        "sheet \"{sheet}\" {cell}: the form is {found}, but it is being imported as {wanted}",
    ),
    (
        "wbimport.layout.formulas",
        "シート「{sheet}」: 数式のセルがあります（{cells}）。公式の様式に数式はありません。値として貼り付けてから取り込んでください",
        "sheet \"{sheet}\": formula cells ({cells}); the official form has none. Paste them as values and import again",
    ),
    (
        "wbimport.layout.gate_without_text",
        "シート「{sheet}」{cell}: 「医療情報システムの有無」の後に確認する文がありません",
        "sheet \"{sheet}\" {cell}: 医療情報システムの有無 without the sentence to answer",
    ),
    (
        "wbimport.layout.header_order",
        "シート「{sheet}」: 見出しの並びが様式と違います（{cells}）。期待: チェック項目・1回目・目標日・2回目の順",
        "sheet \"{sheet}\": the headers are not in the form's order ({cells}); expected チェック項目, 1回目, 目標日, 2回目",
    ),
    (
        "wbimport.layout.hidden_columns",
        "シート「{sheet}」: 非表示の列があります（{columns}）。再表示してから取り込んでください",
        "sheet \"{sheet}\": hidden columns ({columns}); unhide them and import again",
    ),
    (
        "wbimport.layout.hidden_rows",
        "シート「{sheet}」: 非表示の行があります（{rows} 行目）。再表示してから取り込んでください",
        "sheet \"{sheet}\": hidden rows ({rows}); unhide them and import again",
    ),
    (
        "wbimport.layout.images_only",
        "シート「{sheet}」: 画像（{count} 個）だけで文字のセルがありません。スキャンした様式は読めません。厚生労働省の Excel を使ってください",
        "sheet \"{sheet}\": {count} pictures and no text cells; a scanned form cannot be read. Use the MHLW Excel file",
    ),
    (
        "wbimport.layout.item_before_section",
        "シート「{sheet}」{cell}: 大項目（1 体制構築 など）の見出しより前に番号付きの項目があります",
        "sheet \"{sheet}\" {cell}: a numbered item before any section heading (1 体制構築 …)",
    ),
    (
        "wbimport.layout.merge",
        "シート「{sheet}」{range}: 様式にないセル結合です（回答欄は 1 行ずつ、項目の文は回答欄にかからない）",
        "sheet \"{sheet}\" {range}: merged cells where the form has none (answer cells are one row each; item text does not reach into them)",
    ),
    (
        "wbimport.layout.missing_header",
        "シート「{sheet}」{row} 行目: 見出し「{header}」がありません",
        "sheet \"{sheet}\" row {row}: no \"{header}\" header",
    ),
    (
        "wbimport.layout.no_fiscal_year",
        "シート「{sheet}」{range}: 年度（令和N年度）が見つかりません",
        "sheet \"{sheet}\" {range}: no 年度 (令和N年度) found",
    ),
    (
        "wbimport.layout.no_items",
        "シート「{sheet}」: 見出し行の下に項目がありません",
        "sheet \"{sheet}\": no items below the header row",
    ),
    (
        "wbimport.layout.no_sheets",
        "ワークシートがありません",
        "the workbook has no worksheet",
    ),
    (
        "wbimport.layout.no_title",
        "シート「{sheet}」{range}: 見出し行より上に表題（…チェックリスト）がありません",
        "sheet \"{sheet}\" {range}: no title (…チェックリスト) above the header row",
    ),
    (
        "wbimport.layout.not_checklist",
        "チェックリストの様式ではありません: どのシート（{sheets}）にも「チェック項目」「1回目」「目標日」「2回目」の見出し行がありません",
        "not a checklist: no sheet ({sheets}) has a header row with チェック項目, 1回目, 目標日 and 2回目",
    ),
    (
        "wbimport.layout.outside",
        "シート「{sheet}」{cell}: 回答欄の外に記入があります（{text}）",
        "sheet \"{sheet}\" {cell}: text outside the answer columns ({text})",
    ),
    (
        "wbimport.layout.repeated_header",
        "シート「{sheet}」: 見出し「{header}」が複数あります（{cells}）",
        "sheet \"{sheet}\": the \"{header}\" header appears more than once ({cells})",
    ),
    (
        "wbimport.layout.scope_twice",
        "シート「{sheet}」{cell}: 項目 {item} が同じ対象で 2 回あります",
        "sheet \"{sheet}\" {cell}: item {item} appears twice for the same scope",
    ),
    (
        "wbimport.layout.sheet_not_found",
        "シート「{sheet}」はありません（あるシート: {sheets}）",
        "no sheet \"{sheet}\" (sheets: {sheets})",
    ),
    (
        "wbimport.layout.text_differs",
        "シート「{sheet}」{cell}: 項目 {item} の文が {first} と違います",
        "sheet \"{sheet}\" {cell}: the text of item {item} differs from {first}",
    ),
    (
        "wbimport.layout.two",
        "チェックリストが複数あります（{cells}）。--worksheet でシートを指定するか、1 つずつのファイルにしてください",
        "more than one checklist ({cells}); name the sheet with --worksheet or split the file",
    ),
    (
        "wbimport.layout.unknown_form",
        "シート「{sheet}」{range}: 様式（医療機関確認用・薬局確認用・事業者確認用）が読み取れません。--form で指定してください",
        "sheet \"{sheet}\" {range}: which form (医療機関確認用, 薬局確認用, 事業者確認用) is not printed; give --form",
    ),
    (
        "wbimport.layout.unknown_scope",
        "シート「{sheet}」{cell}: 対象「{text}」は サーバ・端末PC・ネットワーク機器・医療情報システム全般 のいずれでもありません",
        "sheet \"{sheet}\" {cell}: scope \"{text}\" is none of サーバ, 端末PC, ネットワーク機器, 医療情報システム全般",
    ),
    (
        "wbimport.layout.unrecognised",
        "シート「{sheet}」{cell}: 様式のどの行とも読めません（{text}）。見出し・注記（*）・対象の見出し・番号付きの項目のいずれでもありません",
        "sheet \"{sheet}\" {cell}: not a row of the form ({text}); no heading, instruction (*), group header or numbered item",
    ),
    (
        "wbimport.links.confirm",
        "リンクは書き込んでいません。確認のうえ --accept-links を付けて取り込み直すと「提案」のリンクを書き込みます（前年度の回答が引き継がれます）",
        "no links were written; after checking them, import again with --accept-links to write the proposed ones (last year's answers then carry over)",
    ),
    (
        "wbimport.links.head",
        "前の様式 {previous} との対応（文の類似度による）:",
        "links to the previous edition {previous} (by text similarity):",
    ),
    ("wbimport.links.linked", "リンク", "linked"),
    (
        "wbimport.links.low",
        "類似度が低いためリンクしません",
        "not linked: low similarity",
    ),
    (
        "wbimport.links.meaning_changed",
        "意味が変わった項目（定期的な変更の要否）のためリンクしません",
        "not linked: the meaning changed (periodic change)",
    ),
    ("wbimport.links.none", "新しい項目", "new item"),
    ("wbimport.links.proposed", "提案", "proposed"),
    (
        "wbimport.links.taken",
        "より近い項目があるためリンクしません",
        "not linked: another item is closer",
    ),
    (
        "wbimport.need_published",
        "公表日がシートにありません。--published YYYY-MM-DD で指定してください。何も書き込んでいません",
        "the sheet does not print its publication date; give --published YYYY-MM-DD. Nothing was written",
    ),
    (
        "wbimport.previous_not_earlier",
        "{previous} は {form} の {fy} より前の様式ではありません",
        "{previous} is not an earlier {form} edition than {fy}",
    ),
    (
        "wbimport.read.beyond",
        "{file}: シート「{sheet}」{cell}: 読み取る範囲を超えるセルです",
        "{file}: sheet \"{sheet}\" {cell}: a cell beyond the range read",
    ),
    (
        "wbimport.read.cells",
        "{file}: シート「{sheet}」: セルが多すぎます（上限 {limit}）。チェックリストの様式ではありません",
        "{file}: sheet \"{sheet}\": too many cells (limit {limit}); not a checklist",
    ),
    (
        "wbimport.read.error_value",
        "{file}: シート「{sheet}」{cell}: エラー値（#N/A など）のセルです",
        "{file}: sheet \"{sheet}\" {cell}: an error value (#N/A …)",
    ),
    (
        "wbimport.read.long",
        "{file}: シート「{sheet}」{cell}: {chars} 文字のセルは長すぎます",
        "{file}: sheet \"{sheet}\" {cell}: a cell of {chars} characters is too long",
    ),
    (
        "wbimport.read.sheets",
        "{file}: シートが {count} 枚あります（上限 {limit}）",
        "{file}: {count} sheets (limit {limit})",
    ),
    (
        "wbimport.read.xlsx",
        "{file}: Excel ファイル（.xlsx）として読めません: {detail}",
        "{file}: cannot be read as an Excel file (.xlsx): {detail}",
    ),
    (
        "wbimport.refused",
        "{file} は取り込みません（理由は上記）。何も書き込んでいません",
        "{file} is not imported (see above); nothing was written",
    ),
    (
        "wbimport.sheet_refused",
        "{file} の回答は取り込みません（理由は上記、セルごと）。何も記録していません",
        "the answers of {file} are not imported (see above, per cell); nothing was stored",
    ),
    ("wbimport.what_published", "公表日", "publication date"),
    (
        "wbimport.written",
        "{edition}（{fy}）: 項目 {items}、回答行 {rows} を {path} に書き出しました（元ファイル SHA-256 {sha}）",
        "{edition} ({fy}): {items} items, {rows} answer rows written to {path} (source SHA-256 {sha})",
    ),
];
