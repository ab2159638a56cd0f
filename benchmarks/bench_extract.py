"""Extraction throughput: abstracts/second, beside spaCy's bare tokenizer on the same texts.

Reads PubTator abstracts (``title|t|`` / ``abstract|a|`` lines) from
``../shared/corpora/abstracts/chemdisgene/*.txt.gz`` (or files given with
``--input``), takes the first ``--limit`` of them and measures, in one run:

* ``spacy.blank("en").tokenizer`` over the same texts (the yardstick);
* the litreview pipeline alone (``nlp.pipe``, jobs 1);
* full extraction (pipeline + all extractors), jobs 1 and jobs 2.

Each measurement runs in a fresh process (spaCy's tokenizer caches the pieces it has
split and the vocabulary keeps the words it has seen: a second pass over the same texts
is faster), after a warm-up on other records (20 more of the input and the bundled BCLM
demo abstracts, for every row alike) that loads rules and regexes.
Prints one line per measurement. Not a test: figures depend on the machine.

    /work/venv/bin/python benchmarks/bench_extract.py --limit 2000
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
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


MEASURES = {
    "tokenizer": "spaCy blank('en').tokenizer",
    "pipeline": "litreview pipeline only (nlp.pipe, 1 process)",
    "jobs1": "litreview extract, jobs=1",
    "jobs2": "litreview extract, jobs=2",
}
WARM_UP = 20  # records after the measured ones: load rules and regexes, not the measured texts
# ... and the bundled BCLM demo abstracts: the extractors load most of their rules and vocabularies on first use, and
# abstracts of another field reach few of them, so without these the timed run paid ~0.3 s of loading per process
# (~40 late patterns and ~20 rebuilds of the literal index), with --jobs 2 in each worker
DEMO = REPO / "corpora" / "demo" / "bclm_demo.xml"


def measure(name: str, records: list[Record], warm: list[Record]) -> float:
    """Seconds for one measurement, in this (fresh) process."""
    import spacy

    from litreview.extract import extract
    from litreview.nlp.pipeline import build_pipeline, record_text

    from litreview.io import read_records

    texts = [record_text(r) for r in records]
    warm = warm + list(read_records([DEMO]))
    if name == "tokenizer":
        tokenizer = spacy.blank("en").tokenizer
        for text in (record_text(r) for r in warm):
            tokenizer(text)
        start = time.perf_counter()
        for text in texts:
            tokenizer(text)
        return time.perf_counter() - start
    nlp = build_pipeline()
    extract(warm)
    start = time.perf_counter()
    if name == "pipeline":
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
    else:
        extract(records, jobs=2 if name == "jobs2" else 1)
    return time.perf_counter() - start


def read(paths: list[Path], limit: int) -> tuple[list[Record], list[Record]]:
    records: list[Record] = []
    for record in read_pubtator(paths):
        records.append(record)
        if len(records) >= limit + WARM_UP:
            break
    return records[:limit], records[limit:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", nargs="*", type=Path, help="PubTator .txt(.gz) files")
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="fresh-process runs per row; the fastest counts (default 3)")
    parser.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)  # one, in this process
    args = parser.parse_args()
    paths = args.input or sorted(DEFAULT_GLOB.glob("*.txt.gz"))
    if not paths:
        print(f"no input: pass --input or provide {DEFAULT_GLOB}", file=sys.stderr)
        return 1
    records, warm = read(paths, args.limit)
    if args.measure:
        print(measure(args.measure, records, warm))
        return 0
    n = len(records)
    chars = sum(len(r.title or "") + len(r.abstract or "") + 2 for r in records)
    print(f"{n} abstracts, {chars / n:.0f} characters each on average, from {', '.join(p.name for p in paths)}")
    print(f"each row: the fastest of {args.repeat} runs, each in a fresh process (no tokenizer cache or "
          "vocabulary warm from an earlier run); rows interleaved so that machine load hits all alike")
    runs: dict[str, list[float]] = {name: [] for name in MEASURES}
    for _ in range(args.repeat):
        for name in MEASURES:
            command = [sys.executable, __file__, "--measure", name, "--limit", str(args.limit)]
            if args.input:
                command += ["--input", *map(str, args.input)]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs[name].append(float(output.split()[-1]))
    rates: dict[str, float] = {}
    for name, label in MEASURES.items():
        seconds = min(runs[name])
        rates[name] = n / seconds
        print(f"{label:<46} {n:6d} abstracts {seconds:7.2f} s {rates[name]:9.1f} abstracts/s "
              f"{rates[name] / rates['tokenizer']:5.2f}x")
    print(f"extract jobs=1 / bare tokenizer: {rates['jobs1'] / rates['tokenizer']:.2f}; "
          f"jobs=2 / bare tokenizer: {rates['jobs2'] / rates['tokenizer']:.2f}")
    print("all runs, s: " + "; ".join(f"{name} " + " ".join(f"{x:.2f}" for x in runs[name]) for name in MEASURES))
    # The machine's speed drifts between runs; a row divided by the tokenizer run of the same
    # round (minutes apart, not tens of minutes) is the steadier ratio.
    for name in ("pipeline", "jobs1", "jobs2"):
        paired = sorted(tok / row for tok, row in zip(runs["tokenizer"], runs[name]))
        print(f"paired ratio {name:<8} (tokenizer s / row s, per round): median {statistics.median(paired):.2f}, "
              f"range {paired[0]:.2f}-{paired[-1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
