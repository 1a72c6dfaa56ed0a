from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from models.batch import iter_input, score_stream


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_score_clean_run_leaves_no_errors_file(tiny_model, tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "One sentence. Two sentences."}) + "\n", encoding="utf-8")
    stats = score_stream(tiny_model, str(source), str(tmp_path / "out.jsonl"))
    assert stats.errors == 0 and (tmp_path / "out.jsonl").is_file()
    assert not (tmp_path / "out.errors.jsonl").exists()
    monkeypatch.chdir(tmp_path)  # stdout's side files go to the working directory
    score_stream(tiny_model, str(source), "-")
    assert not (tmp_path / "framescope-output.errors.jsonl").exists()


def test_score_jsonl_with_errors_file(tiny_model, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": "One sentence. Two sentences."}),
                json.dumps({"id": "b", "text": 7}),
                "{broken",
                json.dumps({"text": "No id here."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    stats = score_stream(tiny_model, str(source), str(out), chunk_size=2)
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["a", "line-4"]
    assert len(rows[0]["sentences"]) == 2 and rows[0]["summary"]["sentence_count"] == 2
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [e["id"] for e in errors] == ["b", "line-3"]
    assert "not a string" in errors[0]["error"] and "not valid JSON" in errors[1]["error"]
    assert (stats.scored, stats.errors, stats.sentences) == (2, 2, 3)


def test_iter_input_csv_and_custom_fields(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("doc,body\nx1,Hello there.\nx2,\n", encoding="utf-8")
    rows = list(iter_input(str(source), text_field="body", id_field="doc"))
    assert [(r.id, r.text, r.error is None) for r in rows] == [("x1", "Hello there.", True), ("x2", None, False)]


def test_iter_input_folder_of_txt(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\xff\xfe")
    rows = list(iter_input(str(tmp_path)))
    assert [r.id for r in rows] == ["a", "b", "c"] and rows[2].error and "UTF-8" in rows[2].error


@pytest.mark.parametrize(
    ("stdin", "ids"),
    [
        ("Plain article text. Two.", ["stdin"]),
        ('{"id": "s1", "text": "From JSONL."}\n{"id": "s2", "text": "Two."}\n', ["s1", "s2"]),
    ],
)
def test_iter_input_stdin(monkeypatch, stdin: str, ids: list[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert [r.id for r in iter_input("-")] == ids


def test_iter_input_missing_path() -> None:
    with pytest.raises(FileNotFoundError, match="neither a file"):
        list(iter_input("no/such/input.jsonl"))


def write_jsonl(path: Path, n: int) -> None:
    path.write_text(
        "".join(
            json.dumps({"id": f"r{i}", "text": f"Article {i}. It has two sentences.", "outlet": f"o{i % 3}"}) + "\n"
            for i in range(n)
        ),
        encoding="utf-8",
    )


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_score_keep_carries_columns_into_articles_and_sentences(tiny_model, tmp_path: Path, suffix: str) -> None:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "in.parquet"
    pq.write_table(
        pa.table(
            {
                "id": ["a", "b", "c"],
                "text": ["One. Two.", None, "Three."],
                "outlet": ["Daily", "Weekly", None],
                "date": [dt.date(2024, 3, 5), dt.date(2024, 4, 1), None],
                "url": ["https://a.test/1", "https://a.test/2", "https://a.test/3"],
            }
        ),
        source,
    )
    out = tmp_path / f"out.{suffix}"
    score_stream(tiny_model, str(source), str(out), per_sentence=True, keep=["outlet", "date"])

    def read(path: Path) -> list[dict]:
        return read_jsonl(path) if suffix == "jsonl" else pq.read_table(path).to_pylist()

    articles = read(out)
    assert [(r["id"], r["outlet"], r["date"]) for r in articles] == [("a", "Daily", "2024-03-05"), ("c", None, None)]
    assert "url" not in articles[0] and list(articles[0])[:3] == ["id", "outlet", "date"]
    sentences = read(tmp_path / f"out.sentences.{suffix}")
    assert [(r["id"], r["index"], r["outlet"], r["date"]) for r in sentences] == [
        ("a", 0, "Daily", "2024-03-05"),
        ("a", 1, "Daily", "2024-03-05"),
        ("c", 0, None, None),
    ]
    assert all("speaker" in r for r in sentences)


@pytest.mark.parametrize("name", ["id", "text", "sentences", "summary", "score_sovereignty", "speaker"])
def test_score_keep_refuses_an_output_column(tiny_model, tmp_path: Path, name: str) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 2)
    with pytest.raises(ValueError, match="cannot keep column"):
        score_stream(tiny_model, str(source), str(tmp_path / "out.jsonl"), keep=[name])
    assert not (tmp_path / "out.jsonl").exists()


def test_score_parquet_in_and_out_with_per_sentence(tiny_model, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"doc": ["p1", "p2", "p3"], "body": ["One. Two.", None, "Three."]}), source)
    out = tmp_path / "out.parquet"
    stats = score_stream(
        tiny_model, str(source), str(out), text_field="body", id_field="doc", chunk_size=2, per_sentence=True
    )
    table = pq.read_table(out).to_pylist()
    assert [r["id"] for r in table] == ["p1", "p3"] and len(table[0]["sentences"]) == 2
    assert table[0]["sentences"][0]["scores"].keys() == {
        "sovereignty",
        "security_concerns",
        "cold_war_rhetoric",
        "whataboutism",
    }
    per_sentence = pq.read_table(tmp_path / "out.sentences.parquet").to_pylist()
    assert [(r["id"], r["index"]) for r in per_sentence] == [("p1", 0), ("p1", 1), ("p3", 0)]
    assert "score_whataboutism" in per_sentence[0]
    assert [e["id"] for e in read_jsonl(tmp_path / "out.errors.jsonl")] == ["p2"]
    assert not (tmp_path / "out.parquet.parts").exists()
    assert (stats.scored, stats.errors) == (2, 1)


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_resume_after_crash_scores_every_id_once(tiny_model, tmp_path: Path, monkeypatch, suffix: str) -> None:
    import models.batch as batch

    source = tmp_path / "in.jsonl"
    write_jsonl(source, 23)
    with source.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "bad", "text": None}) + "\n")
    out = tmp_path / f"out.{suffix}"
    sink_type = batch.ParquetSink if suffix == "parquet" else batch.JsonlSink
    original = sink_type.write
    calls = {"n": 0}

    def dying_write(self, rows):
        if getattr(self, "path", None) in (str(out), out):
            calls["n"] += 1
            if calls["n"] == 3:
                raise KeyboardInterrupt("simulated crash")
        original(self, rows)

    monkeypatch.setattr(sink_type, "write", dying_write)
    with pytest.raises(KeyboardInterrupt):
        score_stream(tiny_model, str(source), str(out), chunk_size=5, per_sentence=True, keep=["outlet"])
    monkeypatch.setattr(sink_type, "write", original)
    if suffix == "jsonl":
        with out.open("a", encoding="utf-8") as handle:
            handle.write('{"id": "r99", "sente')  # a line torn by kill -9
    stats = score_stream(
        tiny_model, str(source), str(out), chunk_size=5, resume=True, per_sentence=True, keep=["outlet"]
    )
    if suffix == "jsonl":
        rows = read_jsonl(out)
        sentences = read_jsonl(tmp_path / "out.sentences.jsonl")
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
        sentences = pq.read_table(tmp_path / "out.sentences.parquet").to_pylist()
    ids = [r["id"] for r in rows]
    assert sorted(ids) == sorted(f"r{i}" for i in range(23))
    assert sorted(r["id"] for r in sentences) == sorted(i for i in ids for _ in range(2))
    assert all(r["outlet"] == f"o{int(r['id'][1:]) % 3}" for r in rows + sentences)
    assert [e["id"] for e in read_jsonl(tmp_path / "out.errors.jsonl")] == ["bad"]
    assert stats.skipped == 10


def test_resume_after_kill_9(tiny_artifact: Path, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    source = tmp_path / "in.jsonl"
    write_jsonl(source, 600)
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable,
        "-m",
        "service.cli",
        "score",
        str(source),
        "-o",
        str(out),
        "--model",
        str(tiny_artifact),
        "--chunk-size",
        "8",
        "--quiet",
    ]
    process = subprocess.Popen(command)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 4_000):
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = len(out.read_text(encoding="utf-8").splitlines())
    assert 0 < partial < 600, "the run must be killed mid-file"
    subprocess.run([*command, "--resume"], check=True)
    ids = [r["id"] for r in read_jsonl(out)]
    assert len(ids) == len(set(ids)) == 600


def test_bad_rows_go_to_errors_and_the_run_goes_on(tiny_model, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"id,text\nbig," + b"word " * 40_000 + b"\nbad,caf\xe9 au lait\nok,Fine text.\n")
    stats = score_stream(tiny_model, str(source), str(tmp_path / "out.jsonl"))
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == ["big", "ok"]
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [e["id"] for e in errors] == ["bad"] and "surrogate" in errors[0]["error"]
    assert (stats.scored, stats.errors) == (2, 1)


def test_lone_surrogate_in_jsonl_is_an_error_row(tiny_model, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "s", "text": "Bad \\ud800 text."}\n{"id": "t", "text": "Good."}\n', encoding="utf-8")
    score_stream(tiny_model, str(source), str(tmp_path / "out.jsonl"))
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == ["t"]
    assert [e["id"] for e in read_jsonl(tmp_path / "out.errors.jsonl")] == ["s"]


def test_parquet_resume_after_kill_between_merge_and_cleanup(tiny_model, tmp_path: Path) -> None:
    import shutil

    import pyarrow.parquet as pq

    source = tmp_path / "in.jsonl"
    write_jsonl(source, 9)
    out = tmp_path / "out.parquet"
    score_stream(tiny_model, str(source), str(out), chunk_size=4)
    # Recreate the state of a run killed after the merged file was renamed into place but before its parts went.
    parts = tmp_path / "out.parquet.parts"
    parts.mkdir()
    shutil.copy(out, parts / "part-000000.parquet")
    score_stream(tiny_model, str(source), str(out), chunk_size=4, resume=True)
    assert sorted(pq.read_table(out).column("id").to_pylist()) == sorted(f"r{i}" for i in range(9))


def test_fresh_parquet_run_replaces_old_output(tiny_model, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "out.parquet"
    first = tmp_path / "first.jsonl"
    write_jsonl(first, 3)
    score_stream(tiny_model, str(first), str(out))
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"id": "x", "text": 5}\n', encoding="utf-8")
    score_stream(tiny_model, str(empty), str(out))
    assert pq.read_table(out).num_rows == 0


@pytest.mark.parametrize(("output", "per_sentence"), [("in.jsonl", False), ("./in.jsonl", False), ("in", True)])
def test_score_refuses_to_write_over_its_input(
    tiny_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, per_sentence: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in.jsonl"
    if per_sentence:  # the per-sentence side file of output "in" would be in.sentences.jsonl
        source = tmp_path / "in.sentences.jsonl"
    original = json.dumps({"id": "a", "text": "One sentence."}) + "\n"
    source.write_text(original, encoding="utf-8")
    with pytest.raises(ValueError, match="would destroy the input"):
        score_stream(tiny_model, str(source), output, fmt="jsonl", per_sentence=per_sentence)
    assert source.read_text(encoding="utf-8") == original
