"""Series resecting metastases at several sites: the liver's value of a per-site list and the liver group's values.

* Per-site lists ("79 months for lung, 49 months for liver and 26 months for brain metastases", "79, 49 and 26 months
  for lung, liver and brain metastases, respectively", "with corresponding 5-year OS rates of 62%, 42% and 19%"):
  the liver's position in them; the other sites' values are dropped.
* A series of one site or another ("isolated lung or liver metastases"): the whole series' values are dropped and a
  clause opening with the liver group ("For the hepatic group, ...") is ranked up.
"""

from __future__ import annotations

from dataclasses import replace

from litreview.extract.measures import ValueCandidate, Sent, ValueGroup, clause_index, find_duration_groups, pre_context
from litreview.extract.prefilter import may_match
from litreview.extract.survival.vocab import _cue
from litreview.extract.survival.arms import _respectively_after


def _site_of(text: str, end: int) -> str | None:
    """The metastatic site labelling the value ending at ``end`` ("49 months for liver"): "liver", "other" or None."""
    m = _cue("cue.site_label").match(text[end:end + 80])
    if m is None:
        return None
    return "liver" if m.group("liver") else "other"


def _site_list_values(sent: Sent, groups: list[ValueGroup]) -> dict[int, str]:
    """Single values of a per-site list ("79 months for lung, 49 months for liver and 26 months for brain metastases",
    "62% for lung, 42% for liver"): value start -> "liver" or "other", only for clauses with at least two
    site-labelled values, one of them the liver's. Empty when the sentence names no site after a value."""
    text = sent.text
    if not any(w in text for w in ("lung", "liver", "hepatic", "pulmonary", "brain", "bone")):
        return {}
    by_clause: dict[int, list[tuple[int, str]]] = {}
    for g in groups:
        if len(g.items) != 1:
            continue
        site = _site_of(text, g.end)
        if site is not None:
            by_clause.setdefault(clause_index(sent, g.start), []).append((g.start, site))
    out: dict[int, str] = {}
    for labelled in by_clause.values():
        sites = [site for _start, site in labelled]
        if len(labelled) >= 2 and sites.count("liver") == 1 and "other" in sites:
            out.update(labelled)
    return out


def _site_list_index(text: str, end: int, n: int) -> int | None:
    """The liver's position in a list of ``n`` sites labelling a value list ("79, 49 and 26 months for lung, liver and
    brain metastases, respectively"), when exactly one of them is the liver."""
    m = _cue("cue.site_list").match(text[end:end + 120])
    if m is None:
        return None
    sites = [bool(w.group("liver")) for w in _cue("cue.site_word").finditer(m.group("list"))]
    if len(sites) != n or sites.count(True) != 1:
        return None
    return sites.index(True)


def _site_order(text: str, sent: Sent, before: int) -> list[bool]:
    """The sites of the last per-site value list before ``before`` in order (True = liver): "79 months for lung,
    49 months for liver and 26 months for brain metastases, with corresponding 5-year OS rates of ..."."""
    groups = [g for g in find_duration_groups(text) if g.end <= before]
    labelled = _site_list_values(sent, groups)
    return [site == "liver" for _start, site in sorted(labelled.items())]


def _rate_site_index(sent: Sent, group: ValueGroup, c_start: int) -> int | None:
    """The liver's position in a list of rates labelled with sites after it ("62%, 42% and 19% for lung, liver and
    brain metastases") or, after "corresponding"/"respectively", in the sites' order of the per-site list of values
    before it in the sentence."""
    text = sent.text
    n = len(group.items)
    idx = _site_list_index(text, group.end, n)
    if idx is not None:
        return idx
    if not (_cue("cue.corresponding").search(text, c_start, group.start) or _respectively_after(text, group.end)):
        return None
    order = _site_order(text, sent, group.start)
    return order.index(True) if len(order) == n and order.count(True) == 1 else None


def _mixed_sites(text: str) -> bool:
    """The series resected metastases at one site or another ("isolated lung or liver metastases", "14 underwent
    pulmonary resection and 10 underwent hepatic resection"): its whole-series figures mix in the other site's
    patients. Hepatectomy combined with lung resection in some patients is no such series."""
    pattern = _cue("cue.mixed_sites")
    return may_match(pattern, text) and bool(pattern.search(text))


def _liver_group_first(cands: list[ValueCandidate]) -> list[ValueCandidate]:
    """In a series of several metastatic sites, a whole-series value is not the liver group's (dropped) and a
    clause opening with the liver group ("For the hepatic group, ...") is the liver group's (ranked up)."""
    out = []
    for c in cands:
        c_start, _ = c.sent.clauses[clause_index(c.sent, c.start)]
        lead = c.sent.text[c_start:c.start] + " " + c.sent.text[c.end:c.end + 40]
        if _cue("cue.whole_series_lead").search(lead) or _cue("cue.other_site_resection").search(
                pre_context(c.sent.text, c.start, 70)):
            continue  # the whole series' value, or the other site's ("patients who had lung resection had ...")
        if _cue("cue.liver_scope").match(c.sent.text, c_start) or _cue("cue.liver_scope").match(c.sent.text):
            c = replace(c, score=c.score * 1.1)
        out.append(c)
    return out
