"""Whose figure a sentence states: section weights, other studies' figures, background and decision-model inputs.

* A sentence's weight by its section (none from BACKGROUND/OBJECTIVE), lowered for another study's figure ("In the
  largest series, ...", "X et al. reported", a published review) and for background statements; a comparison arm
  named after "versus", or labelling its own value beside the operated arm ("39 months with systemic therapy
  alone"), does not make a sentence background.
* A decision model's assumed inputs ("the model assumed a 5-year OS of 40%"): never a cohort's result
  (:func:`model_input`, also used by the outcome family).
"""

from __future__ import annotations

import re

from litreview.extract.measures import Sent, cites_other_study, section_weight, without_comparisons
from litreview.extract.prefilter import may_match
from litreview.extract.survival.vocab import _cue


def model_input(text: str) -> bool:
    """The sentence states a decision model's assumed inputs ("the model assumed a 5-year OS of 40%"): figures
    taken from the literature for a hypothetical cohort, not a cohort's results."""
    pattern = _cue("cue.model_input")
    return may_match(pattern, text) and bool(pattern.search(text))


#: a comparison arm named after "versus" ("68.3 months with hepatectomy versus 35.1 months with systemic therapy
#: alone"): its words label the comparator's value, they do not make the sentence a background statement
_VERSUS_TAIL = re.compile(r"\b(?:versus|vs\.?|as\s+opposed\s+to|in\s+contrast\s+(?:to|with))\s(?:[^,;.]|\.\d)*",
                          re.IGNORECASE)


def _without_versus_tails(text: str) -> str:
    if any(w in text for w in ("vs", "versus", "oppos", "contrast")):
        text = _VERSUS_TAIL.sub(" ", text)
    return _without_comparator_labels(text)


def _without_comparator_labels(text: str) -> str:
    """The sentence with a comparison arm's label of its own value blanked ("74 months after hepatectomy and 39
    months with systemic therapy alone"), when the sentence names the operated arm too: the study's comparison of
    its arms, whose words do not make it a background statement."""
    if "alone" not in text and "only" not in text:  # the cheap literal test first
        return text
    label = _cue("cue.comparator_value_label")
    if not may_match(label, text) or not label.search(text):
        return text
    blanked = label.sub(lambda m: " " * len(m.group(0)), text)
    surgical = _cue("arm.surgical")
    return blanked if surgical.search(blanked) else text


def _common_score(sent: Sent, window: str) -> float | None:
    """Section and background weighting; ``None`` when the sentence cannot hold our figure."""
    if sent.section in ("BACKGROUND", "OBJECTIVE"):
        return None
    weight = section_weight(sent.section)
    # "In the largest series, OS was 45 months", "a 5-year OS of 40% has been reported": another study's figure;
    # a comparison ("50 months, comparable to published series") leaves the figure the study's own.
    text = sent.text
    pooled = _cue("cue.pooled_study_count")
    if may_match(pooled, text):
        # "was reported by 24 studies, with a pooled estimate of 40%", ", reported by nine studies, ... with a median
        # of 20 months": the review's own summary figure
        text = pooled.sub(lambda m: " " * len(m.group(0)), text)
    own = _without_versus_tails(without_comparisons(text))
    cited_review = _cue("cue.cited_review")
    if cites_other_study(text) or (may_match(cited_review, own) and cited_review.search(own)):
        # "In the largest series, ...", "X et al. reported", "A systematic review published in 2011 ... reported":
        # another study's figure
        weight *= 0.45
    elif _cue("cue.background").search(own):
        weight *= 0.55
    return weight
