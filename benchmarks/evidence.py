"""Faithfulness of the evidence words on the dev split.

    .venv/bin/python benchmarks/evidence.py [--model artifacts/default] [--limit 300]

For every dev sentence the model labels, the top evidence words of each label are removed together and the
sentence is scored again; the rate is the share of (sentence, label) pairs whose probability went down.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.evidence import faithfulness  # noqa: E402
from models.modeling import FramingModel  # noqa: E402
from training.corpus import DEFAULT_CORPUS, load_corpus, sentence_examples  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "artifacts" / "default")
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N dev sentences.")
    args = parser.parse_args()
    model = FramingModel.load(args.model)
    dev = sentence_examples(load_corpus(DEFAULT_CORPUS), ["dev"])[: args.limit]
    report = faithfulness(model, [e.text for e in dev], [e.context for e in dev])
    print(json.dumps({"split": "dev", "sentences": len(dev), **report}))


if __name__ == "__main__":
    main()
