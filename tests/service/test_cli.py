from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app
from tests.conftest import make_article

runner = CliRunner()


def test_cli_help_lists_subcommands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("data", "train", "eval", "score", "serve"):
        assert name in result.output


def test_cli_data_validate_ok_and_failing(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(make_article("t1", "train", [("A sentence of words here.", [])])) + "\n")
    result = runner.invoke(app, ["data", "validate", str(good), "--no-quotas"])
    assert result.exit_code == 0 and "| articles |" in result.output
    bad = tmp_path / "bad.jsonl"
    record = make_article("t1", "train", [("A sentence of words here.", ["propaganda"])])
    bad.write_text(json.dumps(record) + "\n")
    result = runner.invoke(app, ["data", "validate", str(bad), "--no-quotas"])
    assert result.exit_code == 1 and "unknown label 'propaganda'" in result.output


def test_cli_score_stdin_to_stdout(tiny_artifact: Path) -> None:
    result = runner.invoke(app, ["score", "-", "--model", str(tiny_artifact)], input="Plain text. Two sentences.")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    assert row["id"] == "stdin" and len(row["sentences"]) == 2


def test_cli_score_missing_model_says_how_to_train(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "-", "--model", str(tmp_path / "none")], input="x")
    assert result.exit_code == 1 and "make model" in result.output


def test_cli_eval_prints_tables(tiny_artifact: Path, tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "metrics.json"
    result = runner.invoke(app, ["eval", str(tiny_artifact), str(tiny_corpus), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "**challenge**" in result.output and "lexicon F1" in result.output and "co-occurrence" in result.output
    assert "speaker attribution" in result.output
    assert set(json.loads(out.read_text())) == {"dev", "test", "challenge", "attribution"}


def test_cli_data_import_sentences(tmp_path: Path) -> None:
    source = tmp_path / "s.csv"
    source.write_text("text,labels\nWe choose our own friends.,sovereignty\n", encoding="utf-8")
    out = tmp_path / "imported.jsonl"
    result = runner.invoke(app, ["data", "import", "sentences", str(source), "-o", str(out)])
    assert result.exit_code == 0 and "imported 1 articles" in result.output
    assert json.loads(out.read_text())["sentences"][0]["labels"] == ["sovereignty"]


def test_cli_serve_missing_model_fails_fast(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--model", str(tmp_path / "none")])
    assert result.exit_code == 1 and "make model" in result.output


def test_cli_score_keep_comma_separated_and_repeated(tiny_artifact: Path) -> None:
    line = json.dumps({"id": "k1", "text": "One sentence.", "outlet": "Daily", "date": "2024-03-05", "url": "u"})
    result = runner.invoke(
        app, ["score", "-", "--model", str(tiny_artifact), "--keep", "outlet,date", "--keep", "url"], input=line
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    assert (row["outlet"], row["date"], row["url"]) == ("Daily", "2024-03-05", "u")


def test_cli_score_keep_output_column_fails(tiny_artifact: Path) -> None:
    result = runner.invoke(app, ["score", "-", "--model", str(tiny_artifact), "--keep", "summary"], input="x")
    assert result.exit_code == 1 and "cannot keep column 'summary'" in result.output


def test_cli_report_writes_a_self_contained_page_and_json(scored_jsonl: Path, tmp_path: Path) -> None:
    from report import ReportOptions, aggregate

    page = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(scored_jsonl), "-o", str(page), "--by", "outlet", "--by", "month"])
    assert result.exit_code == 0, result.output
    assert "26 articles" in result.output
    html = page.read_text(encoding="utf-8")
    assert "vegaEmbed" in html and "<script src" not in html and "<link" not in html
    out = tmp_path / "aggregates.json"
    result = runner.invoke(app, ["report", str(scored_jsonl), "-o", str(out), "--by", "outlet", "--bootstrap", "50"])
    assert result.exit_code == 0, result.output
    expected = aggregate(scored_jsonl, ["outlet"], ReportOptions(bootstrap=50))
    assert json.loads(out.read_text(encoding="utf-8")) == expected


def test_cli_report_reads_stdin(scored_jsonl: Path) -> None:
    result = runner.invoke(
        app,
        ["report", "-", "--format", "json", "--by", "outlet", "--bootstrap", "0"],
        input=scored_jsonl.read_text(encoding="utf-8"),
    )
    assert result.exit_code == 0, result.output
    aggregates = json.loads(result.stdout)
    assert aggregates["totals"]["articles"] == 26 and len(aggregates["groups"]["outlet"]) == 4


def test_cli_report_missing_column_says_how_to_keep_it(scored_jsonl: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(scored_jsonl), "-o", str(tmp_path / "r.html"), "--by", "country"])
    assert result.exit_code == 1 and "error:" in result.output and "--keep country" in result.output
    assert not (tmp_path / "r.html").exists()
