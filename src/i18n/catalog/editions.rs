//! Messages about editions themselves: how certain a shipped text is (wording states), items
//! left out of the verdict because their text is unknown, and official editions kensa knows of
//! but has no items for (令和8年度版). (key, Japanese, English), sorted by key.

pub(super) static EDITIONS: &[(&str, &str, &str)] = &[
    (
        "editions.excluded.heading",
        "判定から除いた項目（本文未確認）",
        "Items left out of the verdict (text unknown)",
    ),
    (
        "editions.excluded.line",
        "{item}: 公式の文言が入手できていないため、判定に含めていません（回答は記録できます）",
        "{item}: the official wording is not available, so it is not judged (answers can still be recorded)",
    ),
    (
        "editions.explanation_source",
        "解説の出典",
        "explanation taken from",
    ),
    (
        "editions.instruction.draft",
        "［案の文言］",
        "[from a draft]",
    ),
    (
        "editions.instruction.unverified",
        "［再構成・原文未確認］",
        "[reconstructed, not seen on the sheet]",
    ),
    (
        "editions.known.fallback_rules",
        "{edition}の点検ルールは入手できていないため、{used}のルールで判定しています",
        "the inspection rules of the {edition} are not available; the rules of the {used} are applied",
    ),
    (
        "editions.known.import_hint",
        "{edition}が公表されています。公式の Excel を kensa checklist import で取り込んでください",
        "the {edition} has been published; import the official Excel with kensa checklist import",
    ),
    (
        "editions.known.proposed_older",
        "{fy}の版として{used}を提案しています（{edition}は kensa に入っていません）",
        "proposing the {used} for {fy} (kensa does not have the {edition})",
    ),
    (
        "editions.legend.draft",
        "［文言は案から］の項目は、公表前の案（マニュアル案等）から採った文言です。最終版の様式と異なることがあります",
        "items marked [wording from a draft] were taken from a draft document; the final form may differ",
    ),
    (
        "editions.legend.unknown",
        "［本文未確認］の項目は、公式の文言が入手できていないため話題名だけを表示しています。判定には含めていません",
        "items marked [text unknown] show only a topic label because the official wording is not available; they are left out of the verdict",
    ),
    (
        "editions.legend.unverified",
        "［文言未確認］の項目は、公式文書の原文を確認できていない文言です。公式のチェックリストと照らし合わせてください",
        "items marked [wording unverified] could not be checked against the official document; compare them with the official checklist",
    ),
    (
        "editions.requirement.text_unknown",
        "本文未確認のため判定対象外",
        "not judged: official text unknown",
    ),
    ("editions.status.text_unknown", "対象外", "not judged"),
    (
        "editions.wording.draft",
        "［文言は案から］",
        "[wording from a draft]",
    ),
    (
        "editions.wording.unknown",
        "［本文未確認：公式の文言が入手できていません］",
        "[text unknown: the official wording is not available]",
    ),
    (
        "editions.wording.unknown_short",
        "［本文未確認］",
        "[text unknown]",
    ),
    (
        "editions.wording.unverified",
        "［文言未確認］",
        "[wording unverified]",
    ),
    (
        "rule.no-target-cell",
        "この行には目標日の欄がありません。「いいえ」のままでは立入検査で指摘されます。検査までに実施して「はい」にしてください",
        "this row has no target-date cell: いいえ will be pointed out at the inspection whatever target is kept; carry it out by then",
    ),
    (
        "rule.text-unknown",
        "公式の文言が入手できていない項目のため、判定に含めていません。公式のチェックリストで文言を確認してください",
        "the official wording of this item is not available, so it is not judged; check its wording on the official checklist",
    ),
];
