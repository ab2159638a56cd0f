"""Extraction throughput: abstracts/second, beside spaCy's bare tokenizer on the same texts.

Reads PubTator abstracts (``title|t|`` / ``abstract|a|`` lines) from
``../shared/corpora/abstracts/chemdisgene/*.txt.gz`` (or files given with
``--input``), takes the first ``--limit`` of them and measures, in one run:

* ``spacy.blank("en").tokenizer`` over the same texts (the yardstick);
* the litreview pipeline alone (``nlp.pipe``, jobs 1);
* full extraction (pipeline + all extractors), jobs 1 and jobs 2.

Prints one line per measurement. Not a test: figures depend on the machine.

    /work/venv/bin/python benchmarks/bench_extract.py --limit 2000
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from litreview.records import Record  # noqa: E402

DEFAULT_GLOB = REPO.parent / "shared" / "corpora" / "abstracts" / "chemdisgene"


def read_pubtator(paths: list[Path]) -> Iterator[Record]:
    """Records of PubTator files: one title line and one abstract line per PMID."""
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
            title: dict[str, str] = {}
            for line in handle:
                if "|t|" in line[:20]:
                    pmid, _, text = line.rstrip("\n").split("|", 2)
                    title[pmid] = text
                elif "|a|" in line[:20]:
                    pmid, _, text = line.rstrip("\n").split("|", 2)
                    yield Record(id=pmid, pmid=pmid, title=title.pop(pmid, None), abstract=text)


def timed(label: str, n: int, func) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    rate = n / seconds if seconds else float("inf")
    print(f"{label:<44} {n:6d} abstracts {seconds:7.2f} s {rate:9.1f} abstracts/s")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", nargs="*", type=Path, help="PubTator .txt(.gz) files")
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args()
    paths = args.input or sorted(DEFAULT_GLOB.glob("*.txt.gz"))
    if not paths:
        print(f"no input: pass --input or provide {DEFAULT_GLOB}", file=sys.stderr)
        return 1
    records = []
    for record in read_pubtator(paths):
        records.append(record)
        if len(records) >= args.limit:
            break
    import spacy

    from litreview.extract import extract
    from litreview.nlp.pipeline import build_pipeline, record_text

    texts = [record_text(r) for r in records]
    n = len(texts)
    chars = sum(len(t) for t in texts)
    print(f"{n} abstracts, {chars / n:.0f} characters each on average, from {', '.join(p.name for p in paths)}")
    blank = spacy.blank("en")
    tokenizer_rate = timed("spaCy blank('en').tokenizer", n, lambda: [blank.tokenizer(t) for t in texts])
    nlp = build_pipeline()
    extract(records[:20])  # warm-up: rule files, regexes, lazy imports
    timed("litreview pipeline only (nlp.pipe, 1 process)", n, lambda: list(nlp.pipe(texts, batch_size=64)))
    rate1 = timed("litreview extract, jobs=1", n, lambda: extract(records, jobs=1))
    rate2 = timed("litreview extract, jobs=2", n, lambda: extract(records, jobs=2))
    print(f"extract jobs=1 / bare tokenizer: {rate1 / tokenizer_rate:.2f}; "
          f"jobs=2 / bare tokenizer: {rate2 / tokenizer_rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
