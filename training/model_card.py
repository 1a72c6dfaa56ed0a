"""MODEL_CARD.md for an artifact, written from its recorded metadata (every number comes from the run)."""

from __future__ import annotations

from pathlib import Path

from models.artifact import ArtifactInfo
from training.attribution_eval import format_attribution_table
from training.evaluation import format_leakage, format_metrics_table

CARD_FILE = "MODEL_CARD.md"


def render_model_card(info: ArtifactInfo, split_sizes: dict[str, int]) -> str:
    lines = [
        f"# {info.name} {info.version}",
        "",
        "Labels every sentence of a news article with the framing devices it uses (multi-label; no label = none).",
        "Written by `framescope train`; reproduce with `make model` (config `training/configs/default.json`)",
        "and re-measure with `framescope eval ARTIFACT`.",
        "",
        "## Labels and thresholds",
        "",
        "| label | threshold (tuned on dev) | definition |",
        "|---|---:|---|",
    ]
    for label in info.labels:
        lines.append(f"| {label['name']} | {info.thresholds[label['name']]:.2f} | {label.get('definition', '')} |")
    lines += [
        "",
        "## Provenance",
        "",
        f"- Base model: `{info.base_model.get('name')}` (model.safetensors sha256 `{info.base_model.get('sha256')}`)",
        f"- Corpus: `{info.corpus.get('path')}` sha256 `{info.corpus.get('sha256')}`, "
        f"{info.corpus.get('articles')} articles; sentences per split: "
        + ", ".join(f"{k} {v}" for k, v in split_sizes.items()),
        f"- Max tokens per window: {info.max_length}; context: {info.context}",
        "- Training: "
        + (
            f"{info.training.get('train_sentences')} sentences, {info.training.get('epochs')} epochs, "
            f"{info.training.get('fit_seconds')} s of fine-tuning on {info.training.get('device')} "
            f"({info.training.get('torch_threads')} torch threads)"
            if info.training
            else "not recorded"
        ),
        "- Libraries: " + ", ".join(f"{k} {v}" for k, v in info.versions.items()),
        f"- Created: {info.created}",
        "",
        "## Evaluation",
        "",
        "Per-label scores of the model, with the keyword-lexicon baseline (`training/data/lexicon.json`) beside it.",
        "The challenge split was written separately, with topics and speakers that appear in no other split.",
        "",
    ]
    for split, result in info.metrics.items():
        lines += [format_metrics_table(split, result["model"], result["lexicon"]), ""]
    for split, result in info.metrics.items():
        if "leakage" in result:
            lines.append(f"- {split}: " + format_leakage(result["leakage"]))
    lines.append("")
    if info.real_news:
        lines += render_real_news(info.real_news)
    if info.attribution:
        lines += [
            "## Speaker attribution",
            "",
            "Each sentence's speaker comes from rules (`models/attribution/`), not from the network; measured on",
            "the corpus's gold speakers when this artifact was trained (`training/attribution_eval.py`; rerun with",
            "`.venv/bin/python benchmarks/attribution.py`). **mention**: the gold mention up to case and a leading",
            "article; **exact**: character for character; **same speaker**: the gold speaker by a shorter or",
            "longer mention. Sentences without a gold speaker (the author's voice) count only in the last column.",
            "",
            format_attribution_table(info.attribution),
            "",
        ]
    lines += [
        "## Intended use and limits",
        "",
        "For researchers, newsrooms and media-literacy teams reading *how* English-language news argues. The",
        "corpus is authored for this project (see `training/data/DATACARD.md`); it is small, English-only and",
        "centred on international-affairs reporting, so scores on other genres will be lower. A label is a",
        "prompt to read the sentence, not a verdict on the speaker.",
        "",
    ]
    return "\n".join(lines)


def render_real_news(real_news: dict) -> list[str]:
    """The real-news section: real pages labeled by the codebook, never trained or tuned on (see the README)."""
    lines = [
        "## Real news",
        "",
        f"Real English news pages labeled by the codebook (`{real_news.get('folder')}`: not in the repository, used",
        "for evaluation only, never for training or threshold tuning); measured right after training. Re-measure",
        "with `framescope eval ARTIFACT ../shared/realnews/passages.jsonl` (and `sentences.jsonl`).",
        "",
    ]
    passages = real_news.get("passages")
    if passages:
        seg = passages["segmentation"]
        lines += [
            format_metrics_table(f"real passages scored whole ({passages['passages']} passages)", passages["model"]),
            "",
            f"- segmentation exact on {seg['exact']} of {seg['gold_sentences']} gold sentences",
            "- " + format_leakage(passages["leakage"]),
            "",
        ]
    sentences = real_news.get("sentences")
    if sentences:
        lines += [format_metrics_table("real sentences scored alone", sentences["model"]), ""]
    return lines


def write_model_card(folder: str | Path, info: ArtifactInfo, split_sizes: dict[str, int]) -> Path:
    path = Path(folder) / CARD_FILE
    path.write_text(render_model_card(info, split_sizes), encoding="utf-8")
    return path
