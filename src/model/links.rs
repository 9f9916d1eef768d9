//! Proposing `carries_from` links from an imported edition to the previous one by item text
//! similarity. Answers carry over along a link, so a link is only proposed where the item
//! still asks the same thing: a low similarity, or a known change of meaning (GL 7.0 dropped
//! the periodic password change that R7 2(7) asked for), is shown and never linked.

use super::checklist::Edition;
use super::official::norm;

/// Texts at least this similar (normalised Levenshtein over characters, after whitespace,
/// width and the item number are set aside) are proposed as the same item.
pub const LINK_THRESHOLD: f64 = 0.85;

/// Why an item is not linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoLink {
    /// No item of the previous edition comes near (a new item).
    NoCandidate,
    /// The closest item is below [`LINK_THRESHOLD`].
    LowSimilarity,
    /// The texts are close but one asks for a periodic change (定期的な変更) and the other
    /// does not: the meaning changed (GL 7.0), so last year's はい does not answer it.
    PeriodicChangeDropped,
    /// Another item of the new edition is closer to the same previous item.
    TakenByCloser,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinkProposal {
    pub item: String,
    /// The closest previous item and its similarity (0–1).
    pub candidate: Option<(String, f64)>,
    /// `Ok(())`: proposed; `Err`: shown, not linked.
    pub verdict: Result<(), NoLink>,
}

/// Text compared for similarity: punctuation marks that vary between printings (、。・
/// and brackets) are removed along with whitespace.
fn comparable(s: &str) -> Vec<char> {
    norm(s)
        .chars()
        .filter(|c| !"、。・()「」,.".contains(*c))
        .collect()
}

pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (comparable(a), comparable(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    1.0 - strsim::generic_levenshtein(&a, &b) as f64 / a.len().max(b.len()) as f64
}

/// Known changes of meaning that a text similarity does not see.
fn meaning_changed(new: &str, old: &str) -> Option<NoLink> {
    let (n, o) = (norm(new), norm(old));
    let periodic = |s: &str| s.contains("定期的に変更") || s.contains("定期的な変更");
    if (n.contains("パスワード") || o.contains("パスワード")) && periodic(&n) != periodic(&o)
    {
        return Some(NoLink::PeriodicChangeDropped);
    }
    None
}

/// A proposal for every item of `new` (the gate links to the gate when its text is the same).
pub fn propose(new: &Edition, previous: &Edition) -> Vec<LinkProposal> {
    let mut out: Vec<LinkProposal> = new
        .all_items()
        .map(|item| {
            let best = previous
                .all_items()
                .filter(|p| (p.id == "gate") == (item.id == "gate"))
                .map(|p| (p.id.clone(), similarity(&item.text, &p.text)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            let verdict = match &best {
                None => Err(NoLink::NoCandidate),
                Some((id, s)) => {
                    let old = previous.item(id).map_or("", |p| p.text.as_str());
                    if let Some(why) = meaning_changed(&item.text, old) {
                        Err(why)
                    } else if *s < LINK_THRESHOLD {
                        Err(NoLink::LowSimilarity)
                    } else {
                        Ok(())
                    }
                }
            };
            LinkProposal {
                item: item.id.clone(),
                candidate: best,
                verdict,
            }
        })
        .collect();
    // One previous item carries into one new item: the closest wins.
    for i in 0..out.len() {
        if out[i].verdict.is_err() {
            continue;
        }
        let Some((cand, s)) = out[i].candidate.clone() else {
            continue;
        };
        let closer = out.iter().enumerate().any(|(j, o)| {
            j != i
                && o.verdict.is_ok()
                && o.candidate
                    .as_ref()
                    .is_some_and(|(c, t)| *c == cand && (*t > s || (*t == s && j < i)))
        });
        if closer {
            out[i].verdict = Err(NoLink::TakenByCloser);
        }
    }
    out
}

/// Write the proposed links into `new`.
pub fn apply(new: &mut Edition, proposals: &[LinkProposal]) {
    let link = |id: &str| {
        proposals
            .iter()
            .find(|p| p.item == id && p.verdict.is_ok())
            .and_then(|p| p.candidate.as_ref().map(|(c, _)| c.clone()))
    };
    if let Some(g) = &mut new.gate {
        g.carries_from = link(&g.id);
    }
    for s in &mut new.sections {
        for i in &mut s.items {
            i.carries_from = link(&i.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_ignores_width_and_punctuation() {
        assert_eq!(
            similarity(
                "サーバ、端末PC、ネットワーク機器の台帳管理を行っている。",
                "サーバ、端末ＰＣ ネットワーク機器の台帳管理を行っている"
            ),
            1.0 - 2.0 / 26.0
        );
        assert!(
            similarity(
                "接続元制限を実施している。",
                "パスワードの使い回しを禁止している。"
            ) < 0.5
        );
    }

    #[test]
    fn a_dropped_periodic_change_is_never_linked() {
        assert_eq!(
            meaning_changed(
                "パスワードは英数字、記号が混在した8文字以上としている。",
                "パスワードは英数字、記号が混在した8文字以上とし、定期的に変更している。"
            ),
            Some(NoLink::PeriodicChangeDropped)
        );
        assert_eq!(
            meaning_changed("接続元制限を実施している。", "接続元制限を実施している。"),
            None
        );
    }
}
