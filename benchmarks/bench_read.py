"""Benchmark: reading a gzipped PubMed baseline-sized file (not a test).

Builds 3,000- and 30,000-record gzipped PubMed XML files in a temporary folder by
repeating real records (from ../shared/corpora when present, else the project's
test fixtures) with fresh PMIDs, then reads each file in a fresh subprocess with
litreview's reader and with pubmed_parser's ``parse_medline_xml``, and prints
records/s and peak RSS per run.

Usage::

    pip install -r benchmarks/requirements.txt   # pubmed_parser, for the comparison
    python benchmarks/bench_read.py [--sizes 3000 30000] [--repeat 3]

Targets (docs/benchmarks.md): peak RSS < 300 MB at 30,000 records; at least twice
pubmed_parser's records/s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpora"
FIXTURES = REPO / "tests" / "fixtures" / "io"

HEADER = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
          b'1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
          b"<PubmedArticleSet>\n")
FOOTER = b"</PubmedArticleSet>\n"

# Each child process reads one file and prints one JSON line. RSS is the child's own
# peak (ru_maxrss), so runs do not see each other's memory.
# Each child process reads one file and prints one JSON line. Memory is the child's
# own high-water mark (VmHWM in /proc/self/status); ru_maxrss is not used because
# after fork+exec it can carry the parent's peak.
CHILD = r"""
import json, sys, time

def hwm_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

parser, path = sys.argv[1], sys.argv[2]
if parser == "litreview":
    from litreview.io import parse_pubmed_xml
    def run():
        n = 0
        for record in parse_pubmed_xml(path):
            n += 1
        return n
else:
    from pubmed_parser import parse_medline_xml
    def run():
        n = 0
        for article in parse_medline_xml(path):
            n += 1
        return n
base = hwm_mb()
start = time.perf_counter()
count = run()
seconds = time.perf_counter() - start
print(json.dumps({"records": count, "seconds": seconds, "peak_rss_mb": hwm_mb(), "base_rss_mb": base}))
"""


def source_articles() -> tuple[list[bytes], str]:
    """Serialized <PubmedArticle> elements to repeat, and where they came from."""
    from lxml import etree

    if SHARED.is_dir():
        paths = sorted(SHARED.glob("eutils/pubmed*.xml")) + sorted(
            p for p in (SHARED / "medline").rglob("*") if p.name.endswith((".xml", ".xml.gz")))
        origin = "../shared/corpora (eutils/pubmed*.xml, medline/**.xml[.gz])"
    else:
        paths = [FIXTURES / "pubmed_efetch.xml", FIXTURES / "medline_citationset.xml"]
        origin = "tests/fixtures/io"
    articles: list[bytes] = []
    for path in paths:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        root = etree.fromstring(data, etree.XMLParser(load_dtd=False, no_network=True, huge_tree=True))
        for elem in root:
            if elem.tag == "PubmedArticle":
                articles.append(etree.tostring(elem, encoding="utf-8", with_tail=False))
            elif elem.tag == "MedlineCitation":  # MedlineCitationSet files: wrap as a PubmedArticle
                articles.append(b"<PubmedArticle>" + etree.tostring(elem, encoding="utf-8", with_tail=False)
                                + b"</PubmedArticle>")
    return articles, origin


_PMID = re.compile(rb"<PMID( [^>]*)?>\d+</PMID>")


def build(path: Path, articles: list[bytes], n: int) -> None:
    """Write ``n`` records (the sources cycled, each with a fresh PMID) gzipped to ``path``."""
    with gzip.open(path, "wb", compresslevel=6) as out:
        out.write(HEADER)
        for i in range(n):
            article = articles[i % len(articles)]
            out.write(_PMID.sub(f'<PMID Version="1">{50_000_000 + i}</PMID>'.encode(), article, count=1))
            out.write(b"\n")
        out.write(FOOTER)


def measure(parser: str, path: Path) -> dict:
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-c", CHILD, parser, str(path)], capture_output=True,
                            text=True, env=env, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{parser} failed on {path}:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import lxml.etree

    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; lxml {'.'.join(map(str, lxml.etree.LXML_VERSION))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 30000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per reader and size (median reported)")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = parser.parse_args()

    try:
        subprocess.run([sys.executable, "-c", "import pubmed_parser"], check=True, capture_output=True)
        parsers = ["litreview", "pubmed_parser"]
    except subprocess.CalledProcessError:
        print("pubmed_parser is not installed (pip install -r benchmarks/requirements.txt); "
              "measuring litreview only", file=sys.stderr)
        parsers = ["litreview"]

    articles, origin = source_articles()
    print(f"machine: {machine()}")
    print(f"source records: {len(articles)} distinct PubmedArticle elements from {origin}, repeated with fresh PMIDs")
    results = []
    with tempfile.TemporaryDirectory(prefix="litreview-bench-") as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"pubmed_bench_{n}.xml.gz"
            build(path, articles, n)
            size_mb = path.stat().st_size / 1e6
            print(f"\n{n:,} records: {path.name} {size_mb:.1f} MB gzipped")
            print(f"  {'reader':<14} {'records':>8} {'seconds':>8} {'records/s':>10} {'peak RSS MB':>12} {'base RSS MB':>12}")
            rates = {}
            for name in parsers:
                runs = [measure(name, path) for _ in range(args.repeat)]
                seconds = statistics.median(r["seconds"] for r in runs)
                peak = max(r["peak_rss_mb"] for r in runs)
                base = statistics.median(r["base_rss_mb"] for r in runs)
                count = runs[0]["records"]
                rates[name] = count / seconds
                results.append({"reader": name, "size": n, "records": count, "seconds": seconds,
                                "records_per_s": count / seconds, "peak_rss_mb": peak, "base_rss_mb": base})
                print(f"  {name:<14} {count:>8,} {seconds:>8.2f} {count / seconds:>10,.0f} {peak:>12.1f} {base:>12.1f}")
            if len(rates) == 2:
                print(f"  litreview / pubmed_parser records/s: {rates['litreview'] / rates['pubmed_parser']:.2f}x")
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
