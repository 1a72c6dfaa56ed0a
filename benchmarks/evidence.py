"""Evidence quality, the earlier single-word method beside the phrase method, on authored data.

    .venv/bin/python benchmarks/evidence.py [--model artifacts/default] [--limit N]

Two sets of (sentence, label) pairs:

- **rationales**: every gold label of the 170 dev sentences in ``training/data/rationales.jsonl``, explained
  whether or not the model predicts it: plausibility (token F1 against the rationales, per label and macro),
  comprehensiveness and sufficiency;
- **dev**: every label the model predicts on a dev sentence (the pairs the page explains): comprehensiveness
  and sufficiency.

See ``training/evidence_eval.py`` for the definitions. Writes ``benchmarks/results/evidence.json`` and prints
the tables in Markdown.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.evidence import phrase_evidence, word_evidence  # noqa: E402
from models.modeling import FramingModel  # noqa: E402
from training.corpus import DEFAULT_CORPUS, load_corpus, sentence_examples  # noqa: E402
from training.evidence_eval import Case, score_cases, summarize  # noqa: E402
from training.rationales import rationale_pairs  # noqa: E402

METHODS = {"phrases (now)": phrase_evidence, "words (before)": word_evidence}


class CachedPredictions:
    """The model with ``predict`` memoised per (sentence, context): both methods occlude the same content words
    and rescore the same sentences, and a rerun (``--cache``) costs no forward pass for what it has seen."""

    def __init__(self, model: FramingModel, path: Path | None) -> None:
        self.model, self.path = model, path
        self.rows: dict[tuple[str, str], np.ndarray] = (
            pickle.loads(path.read_bytes()) if path and path.is_file() else {}
        )

    def __getattr__(self, name: str):
        return getattr(self.model, name)

    def predict(self, sentences, contexts=None, **_) -> np.ndarray:
        keys = list(zip(sentences, contexts or [""] * len(sentences), strict=True))
        missing = sorted({key for key in keys if key not in self.rows})
        if missing:
            fresh = self.model.predict([k[0] for k in missing], contexts=[k[1] for k in missing])
            self.rows.update(zip(missing, fresh, strict=True))
            if self.path:
                self.path.write_bytes(pickle.dumps(self.rows))
        return np.stack([self.rows[key] for key in keys])


def rationale_cases() -> list[Case]:
    return [Case(p.text, p.context, p.label, p.spans) for p in rationale_pairs()]


def predicted_dev_cases(model: FramingModel, limit: int | None) -> list[Case]:
    dev = sentence_examples(load_corpus(DEFAULT_CORPUS), ["dev"])[:limit]
    probabilities = model.predict([e.text for e in dev], contexts=[e.context for e in dev])
    thresholds = model.thresholds
    return [
        Case(e.text, e.context, name)
        for i, e in enumerate(dev)
        for j, name in enumerate(model.label_names)
        if probabilities[i, j] >= thresholds[name]
    ]


def markdown(report: dict) -> str:
    lines = []
    rows = [
        ("plausibility token F1", "plausibility_f1", "rationales"),
        ("comprehensiveness: mean drop", "comprehensiveness", "rationales"),
        ("comprehensiveness: share lowered", "lowered_share", "rationales"),
        ("sufficiency: probability, evidence alone", "sufficiency", "rationales"),
        ("probability, whole sentence", "full_probability", "rationales"),
        ("words per label", "mean_words", "rationales"),
    ]
    labels = list(next(iter(report.values()))["rationales"]["per_label"])
    for method, result in report.items():
        lines.append(f"\n**{method}** ({result['rationales']['all']['pairs']} rationale pairs)\n")
        lines.append("| | " + " | ".join(labels) + " | all |")
        lines.append("|---" + "|---:" * (len(labels) + 1) + "|")
        for title, key, where in rows:
            cells = [result[where]["per_label"][label][key] for label in labels]
            overall = result[where]["macro_plausibility_f1"] if key == "plausibility_f1" else result[where]["all"][key]
            lines.append(f"| {title} | " + " | ".join(str(c) for c in cells) + f" | {overall} |")
        dev = result["dev"]["all"]
        lines.append(
            f"\nDev, labels the model predicts ({dev['pairs']} pairs): removing the evidence lowers the probability "
            f"in {dev['lowered_share']:.1%} (mean drop {dev['comprehensiveness']}); evidence alone keeps "
            f"{dev['sufficiency']} of {dev['full_probability']}."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "artifacts" / "default")
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N dev sentences for 'dev'.")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "evidence.json")
    parser.add_argument("--cache", type=Path, default=None, help="Keep the model's predictions in this file.")
    args = parser.parse_args()
    model = CachedPredictions(FramingModel.load(args.model), args.cache)
    report: dict[str, dict] = {method: {} for method in METHODS}
    for method, explainer in METHODS.items():  # the rationale set first: the headline figures
        report[method]["rationales"] = summarize(score_cases(model, rationale_cases(), explainer), model.label_names)
        print(method, json.dumps(report[method]["rationales"]), file=sys.stderr, flush=True)
    dev = predicted_dev_cases(model, args.limit)
    for method, explainer in METHODS.items():
        report[method]["dev"] = summarize(score_cases(model, dev, explainer), model.label_names)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"model": str(args.model), **report}, indent=2) + "\n", encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
