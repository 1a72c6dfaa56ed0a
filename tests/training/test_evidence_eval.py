from __future__ import annotations

from models.evidence import phrase_evidence
from models.modeling import FramingModel
from tests.conftest import LABELS
from training.evidence_eval import Case, score_cases, summarize, token_f1


def test_token_f1_counts_words_of_spans() -> None:
    text = "no club of rich nations has the authority"
    assert token_f1(text, [(3, 7)], [(3, 7)]) == 1.0
    assert abs(token_f1(text, [(0, 7)], [(3, 23)]) - 1 / 3) < 1e-9  # {no, club} against {club, of, rich, nations}
    assert token_f1(text, [(3, 6)], [(3, 7)]) == 0.0  # a part of a word is no word
    assert token_f1(text, [(32, 41)], [(3, 7)]) == 0.0
    assert token_f1(text, [], []) == 1.0


def test_score_cases_and_summarize_on_tiny_model(tiny_model: FramingModel) -> None:
    sentences = [f"The minister said that sentence {i} argues about borders and blocs today." for i in range(4)]
    cases = [Case(s, "", label, ((0, 12),)) for s in sentences for label in LABELS]
    scored = score_cases(tiny_model, cases, phrase_evidence)
    assert len(scored) == len(cases)
    for item in scored:
        assert 0.0 <= item.alone <= 1.0 and 0.0 <= item.full <= 1.0
        assert all(item.case.text[e.start : e.end] == e.text for e in item.evidence)
    report = summarize(scored, LABELS)
    assert report["all"]["pairs"] == len(cases)
    assert set(report["per_label"]) == set(LABELS)
    assert 0.0 <= report["macro_plausibility_f1"] <= 1.0
    lowered = sum(item.full > item.removed for item in scored) / len(scored)
    assert report["all"]["lowered_share"] == round(lowered, 3)
