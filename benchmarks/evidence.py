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
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.evidence import phrase_evidence, word_evidence  # noqa: E402
from models.modeling import FramingModel  # noqa: E402
from training.corpus import DEFAULT_CORPUS, load_corpus, sentence_examples  # noqa: E402
from training.evidence_eval import Case, score_cases, summarize  # noqa: E402
from training.rationales import rationale_pairs  # noqa: E402

METHODS = {"words (before)": word_evidence, "phrases (now)": phrase_evidence}


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
    args = parser.parse_args()
    model = FramingModel.load(args.model)
    rationales, dev = rationale_cases(), predicted_dev_cases(model, args.limit)
    report = {
        method: {
            "rationales": summarize(score_cases(model, rationales, explainer), model.label_names),
            "dev": summarize(score_cases(model, dev, explainer), model.label_names),
        }
        for method, explainer in METHODS.items()
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"model": str(args.model), **report}, indent=2) + "\n", encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
