from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.importers.registry import import_data


def test_import_sentences_csv_groups_by_article(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "article_id,text,labels\n"
        "a,They bombed a capital and now preach peace.,whataboutism\n"
        "a,Nobody abroad picks our government.,sovereignty;whataboutism\n"
        "b,Ferries ran late.,\n",
        encoding="utf-8",
    )
    articles = import_data("sentences", path)
    assert [a.id for a in articles] == ["a", "b"]
    assert articles[0].sentence_texts() == [
        "They bombed a capital and now preach peace.",
        "Nobody abroad picks our government.",
    ]
    assert articles[0].sentences[1].labels == ["sovereignty", "whataboutism"]
    assert articles[1].sentences[0].labels == []


def test_import_sentences_jsonl_drops_unmapped_labels(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"text": "Blocs again.", "labels": ["cold_war_rhetoric", "loaded_language"]}) + "\n")
    (article,) = import_data("sentences", path)
    assert article.sentences[0].labels == ["cold_war_rhetoric"]


def test_import_sentences_reports_missing_text(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"labels": []}) + "\n")
    with pytest.raises(ValueError, match=r"s\.jsonl:1: 'text' is missing"):
        import_data("sentences", path)


def test_import_label_studio(tmp_path: Path) -> None:
    export = [
        {
            "id": 1,
            "data": {"text": "Who are they to lecture us?", "article_id": "x"},
            "annotations": [
                {"result": [{"type": "choices", "from_name": "frames", "value": {"choices": ["whataboutism"]}}]}
            ],
        },
        {"id": 2, "data": {"text": "Markets closed early.", "article_id": "x"}, "annotations": [{"result": []}]},
        {
            "id": 3,
            "data": {"text": "Skipped one."},
            "annotations": [
                {"was_cancelled": True, "result": [{"type": "choices", "value": {"choices": ["sovereignty"]}}]}
            ],
        },
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    articles = import_data("label-studio", path, split="dev")
    assert [a.id for a in articles] == ["x", "ls-3"]
    assert [s.labels for s in articles[0].sentences] == [["whataboutism"], []]
    assert articles[1].sentences[0].labels == [] and articles[0].split == "dev"


def test_import_label_studio_rejects_non_list(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="JSON list of tasks"):
        import_data("label-studio", path)


def test_import_semeval2020_maps_overlapping_spans(tmp_path: Path) -> None:
    text = "Headline here\n\nWhat about their own wars, he asked.\nThe vote was close.\n"
    (tmp_path / "article111.txt").write_text(text, encoding="utf-8")
    start = text.index("What")
    (tmp_path / "article111.task2-TC.labels").write_text(
        f"111\tWhataboutism,Straw_Men,Red_Herring\t{start}\t{start + 10}\n111\tLoaded_Language\t0\t8\n",
        encoding="utf-8",
    )
    (article,) = import_data("semeval2020", tmp_path)
    assert article.id == "semeval2020-111"
    assert article.sentence_texts() == ["Headline here", "What about their own wars, he asked.", "The vote was close."]
    assert [s.labels for s in article.sentences] == [[], ["whataboutism"], []]


def test_import_semeval2020_rejects_bad_row(tmp_path: Path) -> None:
    (tmp_path / "article1.txt").write_text("One.\n", encoding="utf-8")
    (tmp_path / "article1.labels").write_text("1\tWhataboutism\tstart\tend\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"article1\.labels:1"):
        import_data("semeval2020", tmp_path)


def test_import_semeval2023_paragraph_labels(tmp_path: Path) -> None:
    (tmp_path / "article7.txt").write_text(
        "Title line\n\nThey did worse. So why listen?\nRates rose.\n", encoding="utf-8"
    )
    (tmp_path / "labels-subtask-3.txt").write_text("7\t3\tAppeal_to_Hypocrisy,Doubt\n7\t4\t\n", encoding="utf-8")
    (article,) = import_data("semeval2023", tmp_path)
    assert article.sentence_texts() == ["Title line", "They did worse. So why listen?", "Rates rose."]
    assert [s.labels for s in article.sentences] == [[], ["whataboutism"], []]


def test_import_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        import_data("xml", "x")


def test_import_custom_mapping_file(tmp_path: Path) -> None:
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"labels": {"Appeal_to_Hypocrisy": "whataboutism", "Doubt": "sovereignty"}}))
    (tmp_path / "article7.txt").write_text("They did worse.\n", encoding="utf-8")
    (tmp_path / "labels.txt").write_text("7\t1\tDoubt\n", encoding="utf-8")
    (article,) = import_data("semeval2023", tmp_path, mapping=mapping)
    assert article.sentences[0].labels == ["sovereignty"]
