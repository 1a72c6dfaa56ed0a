from __future__ import annotations

from models.evidence import MAX_WORDS, TOP_K, _units, explain_article, faithfulness, occlusion_weights
from models.modeling import FramingModel
from tests.conftest import LABELS

ARTICLE = (
    "Envoy speaks\n\nThose who bombed distant capitals should not lecture us about borders, the envoy said. Rain fell."
)


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


def test_faithfulness_on_tiny_model(tiny_model: FramingModel) -> None:
    sentences = [f"The minister said that sentence {i} argues about borders and blocs today." for i in range(12)]
    forced = FramingModel(tiny_model.model, tiny_model.tokenizer, tiny_model.info)
    forced.info = type(tiny_model.info)(**{**tiny_model.info.to_dict(), "thresholds": dict.fromkeys(LABELS, 0.0)})
    report = faithfulness(forced, sentences, [""] * len(sentences))
    assert report["pairs"] == len(sentences) * len(LABELS)
    assert report["rate"] >= 0.5
