from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from models.artifact import ArtifactError
from models.modeling import FramingModel
from tests.conftest import LABELS

ARTICLE = "Talks stall\n\nGENEVA — The U.S. envoy spoke. “No one decides for us,” she said. Talks resume Friday."


def test_predict_returns_probabilities_per_label(tiny_model: FramingModel) -> None:
    probs = tiny_model.predict(["One sentence.", "Another, longer sentence here."])
    assert probs.shape == (2, len(LABELS))
    assert np.all((probs >= 0) & (probs <= 1))


def test_predict_accepts_a_string(tiny_model: FramingModel) -> None:
    assert tiny_model.predict("Only one.").shape == (1, len(LABELS))


def test_predict_empty_list(tiny_model: FramingModel) -> None:
    assert tiny_model.predict([]).shape == (0, len(LABELS))


def test_predict_is_independent_of_batching(tiny_model: FramingModel) -> None:
    sentences = [f"Sentence number {i} " + "word " * i for i in range(10)]
    together = tiny_model.predict(sentences, batch_size=16)
    alone = np.vstack([tiny_model.predict(s) for s in sentences])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_predict_windows_long_sentences(tiny_model: FramingModel) -> None:
    long = "The minister said " + "very " * 300 + "much."
    probs = tiny_model.predict([long, "short."])
    assert probs.shape == (2, len(LABELS))


def test_score_article_offsets_and_summary(tiny_model: FramingModel) -> None:
    result = tiny_model.score_article(ARTICLE)
    assert [s.index for s in result.sentences] == list(range(len(result.sentences)))
    for sentence in result.sentences:
        assert ARTICLE[sentence.start : sentence.end] == sentence.text
        assert set(sentence.scores) == set(LABELS)
        assert all(sentence.scores[name] >= 0.5 for name in sentence.labels)
    summary = result.summary
    assert summary is not None and summary.sentence_count == len(result.sentences)
    for name in LABELS:
        assert summary.label_counts[name] == sum(name in s.labels for s in result.sentences)


def test_score_article_threshold_override(tiny_model: FramingModel) -> None:
    everything = tiny_model.score_article(ARTICLE, dict.fromkeys(LABELS, 0.0))
    assert all(s.labels == LABELS for s in everything.sentences)
    assert everything.summary and everything.summary.dominant == LABELS[0]
    nothing = tiny_model.score_article(ARTICLE, dict.fromkeys(LABELS, 1.0))
    assert all(not s.labels for s in nothing.sentences)
    assert nothing.summary and nothing.summary.dominant is None


@pytest.mark.parametrize(("overrides", "error"), [({"nope": 0.5}, KeyError), ({"sovereignty": 1.5}, ValueError)])
def test_score_article_rejects_bad_thresholds(tiny_model: FramingModel, overrides, error) -> None:
    with pytest.raises(error):
        tiny_model.score_article(ARTICLE, overrides)


def test_score_articles_matches_one_by_one(tiny_model: FramingModel) -> None:
    texts = [ARTICLE, "Another article. With two sentences.", "x"]
    batched = tiny_model.score_articles(texts)
    assert [b.to_dict() for b in batched] == [tiny_model.score_article(t).to_dict() for t in texts]


def test_load_refuses_tampered_weights(tiny_artifact: Path, tmp_path: Path) -> None:
    copy = tmp_path / "artifact"
    shutil.copytree(tiny_artifact, copy)
    with open(copy / "model.safetensors", "r+b") as handle:
        handle.seek(-4, 2)
        handle.write(b"\x00\x01\x02\x03")
    with pytest.raises(ArtifactError, match="changed after training"):
        FramingModel.load(copy)


def test_load_missing_folder_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="make model"):
        FramingModel.load(tmp_path / "missing")


def test_save_and_load_round_trip(tiny_model: FramingModel, tmp_path: Path) -> None:
    tiny_model.save_pretrained(tmp_path / "copy")
    again = FramingModel.load(tmp_path / "copy")
    assert again.label_names == LABELS
    np.testing.assert_allclose(again.predict(["Same text."]), tiny_model.predict(["Same text."]), atol=1e-6)


def test_save_leaves_every_file_readable_by_other_users(tiny_model: FramingModel, tmp_path: Path) -> None:
    tiny_model.save_pretrained(tmp_path / "copy")  # a mounted artifact is read by the container's own user
    modes = {item.name: item.stat().st_mode & 0o777 for item in (tmp_path / "copy").iterdir()}
    assert "model.safetensors" in modes
    assert all(mode & 0o044 == 0o044 for mode in modes.values()), modes


@pytest.fixture(scope="module")
def context_model(tiny_model: FramingModel, tmp_path_factory) -> FramingModel:
    import copy

    folder = tmp_path_factory.mktemp("context-artifact")
    info = copy.deepcopy(tiny_model.info)
    info.context = "previous"
    FramingModel(tiny_model.model, tiny_model.tokenizer, info).save_pretrained(folder)
    return FramingModel.load(folder)


def test_context_model_reads_previous_sentence(context_model: FramingModel) -> None:
    sentences = ["They encircle us.", "Then they call us paranoid.", "Rain fell."]
    default = context_model.predict(sentences)
    explicit = context_model.predict(sentences, contexts=["", *sentences[:-1]])
    np.testing.assert_allclose(default, explicit, atol=1e-6)
    other = context_model.predict(sentences[1:2], contexts=["A completely different lead sentence."])
    assert not np.allclose(other[0], default[1])


def test_context_model_articles_batch_like_single(context_model: FramingModel) -> None:
    texts = [ARTICLE, "Second article. " + "Long sentence with many words " * 30 + "ends.", "Third."]
    assert [r.to_dict() for r in context_model.score_articles(texts)] == [
        context_model.score_article(t).to_dict() for t in texts
    ]


def test_predict_rejects_mismatched_contexts(context_model: FramingModel) -> None:
    with pytest.raises(ValueError, match="2 contexts for 1 sentences"):
        context_model.predict(["One."], contexts=["a", "b"])


def test_bf16_precision_stays_close_to_fp32(tiny_artifact: Path, tiny_model: FramingModel) -> None:
    bf16 = FramingModel.load(tiny_artifact, precision="bf16")
    sentences = ["They encircle us.", "Rain fell on the capital for most of the day."]
    np.testing.assert_allclose(bf16.predict(sentences), tiny_model.predict(sentences), atol=0.02)


def test_load_rejects_unknown_precision(tiny_artifact: Path) -> None:
    with pytest.raises(ValueError, match="precision must be one of"):
        FramingModel.load(tiny_artifact, precision="int3")


def test_score_article_attributes_speakers_and_summarizes_them(tiny_model: FramingModel) -> None:
    text = (
        "Talks stall\n\nGENEVA — Foreign Minister Ada Lind said the talks had failed. "
        "“We will not bend,” she said. Rain fell all day."
    )
    result = tiny_model.score_article(text, dict.fromkeys(LABELS, 0.0))
    minister = "Foreign Minister Ada Lind"
    assert [s.speaker for s in result.sentences] == [None, minister, minister, None]
    assert result.summary is not None
    rows = {row["speaker"]: row for row in result.summary.speakers}
    assert rows["Foreign Minister Ada Lind"]["sentences"] == 2
    assert rows["Foreign Minister Ada Lind"]["frames"] == dict.fromkeys(LABELS, 2)
    assert rows[None]["sentences"] == 2
