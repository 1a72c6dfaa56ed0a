from __future__ import annotations

from models.content_words import WORD, is_content
from models.evidence import (
    MAX_WORDS,
    TOP_K,
    _merge,
    _units,
    explain_article,
    occlusion_weights,
    phrase_evidence,
    word_evidence,
)
from models.modeling import FramingModel
from tests.conftest import LABELS

ARTICLE = (
    "Envoy speaks\n\nThose who bombed distant capitals should not lecture us about borders, the envoy said. Rain fell."
)
SENTENCE = "Those who bombed distant capitals should not lecture us about the internal affairs of a sovereign state."


def test_explain_article_spans_lie_inside_their_sentence(tiny_model: FramingModel) -> None:
    result = explain_article(tiny_model, tiny_model.score_article(ARTICLE, dict.fromkeys(LABELS, 0.0)))
    explained = [s for s in result.sentences if s.evidence is not None]
    assert explained and all(s.labels for s in explained)
    for sentence in explained:
        assert set(sentence.evidence) == set(sentence.labels)
        for items in sentence.evidence.values():
            assert len(items) <= TOP_K
            weights = [item["weight"] for item in items]
            assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)
            for item in items:
                assert sentence.start <= item["start"] < item["end"] <= sentence.end
                assert ARTICLE[item["start"] : item["end"]] == item["text"]


def test_phrase_evidence_begins_and_ends_with_content_words(tiny_model: FramingModel) -> None:
    evidence = phrase_evidence(tiny_model, SENTENCE, "", LABELS)
    phrases = [item for items in evidence.values() for item in items]
    assert phrases
    for item in phrases:
        words = WORD.findall(item.text)
        assert is_content(words[0]) and is_content(words[-1]), item.text
        assert SENTENCE[item.start : item.end] == item.text


def test_word_evidence_keeps_single_words(tiny_model: FramingModel) -> None:
    evidence = word_evidence(tiny_model, SENTENCE, "", LABELS)
    assert all(len(WORD.findall(item.text)) == 1 for items in evidence.values() for item in items)


def test_merge_joins_words_across_stop_words_not_commas() -> None:
    text = "interference in the internal affairs, sovereign state"
    kept = [(0, 12), (20, 28), (29, 36), (38, 47), (48, 53)]
    assert [text[s:e] for s, e in _merge(text, kept)] == ["interference in the internal affairs", "sovereign state"]
    assert [text[s:e] for s, e in _merge(text, [(0, 12), (29, 36)])] == ["interference", "affairs"]


def test_explain_article_skips_unlabeled_and_caps_sentences(tiny_model: FramingModel) -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(10))
    none = explain_article(tiny_model, tiny_model.score_article(text, dict.fromkeys(LABELS, 1.0)))
    assert all(s.evidence is None for s in none.sentences)
    capped = explain_article(tiny_model, tiny_model.score_article(text, dict.fromkeys(LABELS, 0.0)), max_sentences=3)
    assert sum(s.evidence is not None for s in capped.sentences) == 3


def test_occlusion_groups_words_of_long_sentences(tiny_model: FramingModel) -> None:
    sentence = " ".join(f"word{i}" for i in range(MAX_WORDS * 3))
    units, drops = occlusion_weights(tiny_model, sentence, "", LABELS[:2])
    assert len(units) <= MAX_WORDS and drops.shape == (len(units), 2)
    assert units[0][0] == 0 and units[-1][1] == len(sentence)
    assert len(_units("one two three", 10)) == 3
