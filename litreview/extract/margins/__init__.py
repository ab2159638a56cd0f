"""R0 rate: the percentage of resections with negative (R0) margins (unit "%").

This package holds :func:`extract_margins`, which reads the margin phrases of each sentence
(:func:`_sentence_findings`) and, when no sentence gives a value, the whole abstract (a margin-width list read with
the abstract's own R1 definition, a small series told patient by patient, a count of margins as wide as the R0
definition, the conclusions' own figures). One module per reporting shape or responsibility, each importing only
the ones listed before it:

* :mod:`litreview.extract.margins.phrases`: the vocabulary, units, quantifiers and margin classes, the value record
  (:class:`_Found`), margin phrases and their negation (the pieces every other module builds on).
* :mod:`litreview.extract.margins.groups`: whom a sentence is about (subgroups, arms, the breast patients of a
  mixed series, anaphors pointing back to a counted group).
* :mod:`litreview.extract.margins.widths`: margin-width lists and the abstract's own R0/R1 definitions.
* :mod:`litreview.extract.margins.classes`: counts per margin class (R0/R1/R2 tallies, classes of unknown status,
  further classes after the R0 count, R0/R1 count pairs).
* :mod:`litreview.extract.margins.arms`: figures per arm (counts, fractions, shares and rates), pooled over the
  cohort or left empty.
* :mod:`litreview.extract.margins.values`: the value written after or before a margin phrase.
* :mod:`litreview.extract.margins.cases`: small series told patient by patient.

Vocabulary: ``rules/margins.json``. Forms handled:

* share or count next to an R0 phrase: "R0 resection was achieved in 73 of 86
  patients (85%)", "negative margins in 85%", "R0 in 19/22", "an R0 resection in
  83% (683/825)", "surgical margins were histologically negative in 83 patients
  (86.5%)", "tumour-free transection planes in 44 of 48 specimens", "resection was
  microscopically complete in 28 patients (90.3%)", or a count before it ("212 of
  240 patients (88.3%) had an R0 resection"); a bare count is divided by the
  cohort size;
* involved margins, subtracted from 100: "R1 resection in 4 (10%)" -> 90;
* everybody: "all three resections were margin-negative", "every patient
  underwent R0 hepatectomy" -> 100; "all but three resections were R0" ->
  (cohort - 3) / cohort;
* a case report (cohort of one) whose margin is R0/free -> 100, R1/involved -> 0;
* counts per margin class: "four resections were R0 and one was R1", "R0/R1/R2 in
  37/6/1", "one had an R1 margin; all other resections were R0", "in every patient
  except two", "17 were classified as R0 and two as R1", "R0, 20; R1, 3; R2, 1",
  "R0 (margin >= 1 mm): 20; R1 (< 1 mm): 4", "R0 in 23 cases, in 4 cases R1", "in three patients (R1) and in one (R2);
  all remaining R0" (R1 and R2 counted, the rest of the cohort R0); a class label closing the clause its count
  opened ("R1 in 3 patients; in two further patients, a deep lesion ... was ablated instead (R2)");
* further classes declared R0 with the R0 count: "clear in 22 patients and narrow (< 1 mm) in 3, all of
  which were considered R0" -> 25 over the cohort;
* an R0 count and an involved count in one sentence ("clear margins in 46 patients,
  whereas the margin was involved in four", "clear in 36 and involved in four"):
  R0 / (R0 + R1) when the cohort size is unknown or smaller than the two;
* counts per surgical arm are summed ("in 22 laparoscopic and 27 open resections"),
  an ablation arm's is left out; "in 49 of the resected patients" is over the cohort;
  "in 19 (95.0%) and 29 (90.6%) patients, respectively" is pooled when the arms' sizes (count / share)
  add up to the cohort, else left empty (never one arm's value);
* exceptions: "margins were free of tumour except in three patients" -> (cohort - 3) / cohort;
* clear / close / involved counts ("clear in 34 patients, close in 6 and involved in 4"): a close margin is not
  involved, so R0 = clear + close, unless the abstract defines R1 by 1 mm or labels a class R1 (then empty, never
  the clear count alone); R0 definitions imply R1's ("R0 was any resection without tumour at the margin", "R0
  defined as a margin of at least 1 mm"), and so do definitions written backwards ("any margin narrower than 1 mm
  was classified as R1");
* per-lesion values ("clear margins in 80 lesions (92.0%)") give way when their denominator is not the cohort;
* "all (surgical) margins were negative" -> 100 (not after "not"); "Three resections were completed with clear
  margins" (a count over the cohort);
* a width list read with the abstract's R1 definition before an R1 phrase inside it ("... and 0 mm (tumour at the
  margin) in 4"); with several narrow classes and no definition, the R1 phrase's count is no R1 count;
* margin-width classes where only the narrow class is labelled R1 ("10 mm or more in 19, 1-9 mm in 14
  and less than 1 mm (R1) in 4" -> 33/37, the classes adding up to the cohort); in a width list a
  tumour-free margin's count is one class's, never the R0 count.

* per-arm fractions of one phrase ("negative margins in 27/28 LH and 33/35 OH patients", "19/20 laparoscopic and
  20/25 open resections had clear margins") are pooled when both arms were operated and add up to the cohort,
  else left empty;
* "in the SR group" is the operated cohort when SR is spelled out as a resection; a count opening a contrasting
  clause ("all margins were free, although in two specimens ...") is not the margin phrase's;
* "no tumour at the resection surface" (R0); "in two the tumour reached the transection plane" (R1 count);
* an unlabelled margin-width list ("1 mm or more in 24, 0.1-0.9 mm in 8 and 0 mm in 3") read with the abstract's
  own R1 definition (or the one a class from a sub-millimetre bound called tumour-free implies, "0.1 to 9 mm
  (tumour-free) in 10 and involved (0 mm) in four": R1 = 0 mm) ("R1 was defined as tumour at the resection surface (0 mm)" or "... less than 1 mm");
* dash lists of classes ("R0 - 21, R1 - 3"); per-arm rates each with its arm ("97.4% in the LH group and 92.6% in
  the OH group") pooled like the other per-arm forms, else left empty (never the first arm's); an arm named in an
  appositive after the exceptions ("in all but two resections, both in the open group") is no subgroup;
* a coordinated clause with its own subject and verb ("free margins, and a complete response was observed in 3
  (18.8%)") keeps its values; "all but N" with an unknown cohort stays empty (never "all").

* a zero margin width or tumour at the inked resection surface is involved under every R1 convention ("margin
  width was 0 mm (tumour at the inked resection surface) in four patients") -> an R1 count; beside another
  sub-millimetre class ("0.1-0.9 mm in 8") without a definition the R1 count is undefined (empty); "Complete (R0)
  resection" is the R0 phrase itself, whatever the verb phrase before its count; involved lesions "which belonged
  to 6 patients" count those patients.

* negated R0 phrases count involved margins: "R0 resection was not achieved in 3 of the 30 patients" -> 90,
  "clear margins could not be obtained in four", "failed to achieve clear margins in 3 (10%)"; "the remaining two
  resections were R1"; "19 resections were R0 and three R1" (a class sharing the verb before it); involved
  lesions with the patients they belong to ("in 4 of the 35 lesions, belonging to 3 patients" -> 3 patients R1);
* anaphors: a margin figure after "among them" / "of these" / "of whom" is the group named just before: a subgroup
  smaller than the cohort is left out ("Fourteen required major hepatectomy; among them, R0 in 12"), the patients
  with known margins are the denominator ("margin status was reported for 780 patients, of whom 632 had R0");
* CONCLUSIONS sentences naming the authors' own series ("In our 27 patients, ... tumour-free margins in 25") when
  the rest of the abstract gives no margin figure; an abstract that is one concluding section ("Summary: ...") is
  read in full.

* a definition set off by commas or brackets between the phrase and its value is skipped ("An R1 resection,
  defined as tumour within 1 mm of the transection plane, was found in 9 patients"); "microscopically negative
  surgical margins" is one phrase; "tumour at the resection line" is an involved margin like "... plane";
* exceptions named by case number in a small series ("R0 except in case 3", "except for patients 2 and 4"), the
  numbers checked to be cases of the series; "in 38 of these 44 patients" only when 44 is the cohort;
* a small series (2-5 patients) told patient by patient, one margin status per sentence, as many statuses as
  patients ("Patient 1 ... clear margins (R0)", "Patient 2 ... margin involvement (R1)") -> R0 statuses / cohort;
* hypothetical clauses are blanked, not whole sentences ("R0 in 32 of 35 (91.4%), whereas only 77.1% would
  qualify as R0 under a 1-mm rule" -> 91.4); a per-lesion fraction followed by the per-patient one ("in 65 of 71
  lesions (91.5%) but in only 29 of the 34 patients") -> the patients'; a per-patient fraction followed by a
  per-lesion one is no pair of arms; "Overall, / At patient level, N patients had clear margins" opens the count's
  clause; "four had R1 and one an R2 resection";
* mixed-primary series: a sentence naming the breast patients ("In the breast cancer subgroup, ...", "For the 37
  women with breast cancer, ...", a size equal to the cohort) is no subgroup, and its margin figures outrank the
  whole series' ("For the whole series, R0 in 84%").

* "N resections were classified R0 and M R1" (no "as"); "histological clearance of the resection margin"; "the
  margins were (histologically) free in N" (never after "not"); "(microscopic) tumour was found at the resection
  margin" (R1); a width class labelled after its width ("<1 mm (R1)", "0 mm (R1)", ">=1 mm (R0)") defines R1;
* "in all 17 laparoscopic and in 23 of 26 open procedures" is a pair of arms (pooled like two fractions), and an
  overall figure bracketed after them ("(overall 40/43, 93.0%)") is the cohort's; so is "in all 12 patients with one
  lesion and in 15 of 18 with several" (pooled, never 100); a bare count of lesions ("in 7
  lesions") is no count of patients, unless involved lesions name theirs ("which belonged to 5 patients");
* the breast patients of a mixed series named "the 41 women with a breast primary".

* the resection surface, plane or line as the subject ("the resection surface was free of tumour in all but one
  specimen", "the transection plane was involved in 3"); a class count with a 'with' qualifier before its verb
  ("eight specimens with a margin below 1 mm were classified as R1, and three R2 resections ..." -> R1 and R2
  subtracted, never the R2 count alone); a group named in a later ';' clause than the margin phrase ("In the LR
  group, margin involvement in three specimens; in the MWA group, ...") or before a clause opening with the
  operated arm ("In the RFA group, ...; in the resection group, ...") is no subgroup of the margin phrase;
* a sentence counting resections of unknown margin status ("R0 in 221, R1 in 29 and R2 in 2, and RX or missing in
  16") gives no value: neither the cohort nor the known ones are a determinable denominator (another attribute's
  unknown count, "HER2 status was unknown in 6", does not count).

* another organ's margins ("Breast margins were negative in all 21 women, and liver margins were negative in 19") are
  skipped for the liver's; "in this subgroup" / "among the latter" after a counted subgroup is that subgroup's; a
  group opening the sentence before a bare count ("In the surgical group, 26 resections were margin-negative") when
  the group is the operated cohort; an arm label defined with its size ("liver resection (LR, n = 31)") is the
  operated arm; a width list whose classes carry their own R0/R1 labels is read with the abstract's definition
  ("a margin of >= 1 mm (R0) in 37; 0.1-0.9 mm in four and 0 mm in one" -> 37/42); numbered cases of a small series
  listed with a margin status ("free in cases 1, 3 and 4", "involved in case 5 and negative in the other four") are
  counted over the cohort.

* a count already labelled with one class is not another's ("(R1) in four specimens, and macroscopic tumour (R2)
  was left ... in one patient": R1 4, R2 1); a bracketed class opening the clause its count closes; "33 of the 38
  resections were classified R0 and 5 R1" (the numerator); exceptions named before the "all" they restrict ("Apart
  from patients 2 and 5, all resections were microscopically complete", "Except for two women, all ..."); involved
  lesions whose patients the next clause names ("; these six lesions belonged to 4 patients"); "pts" as a unit;
  "R0 resection 50 cases (89.3%)"; bracketed counts before a unit ("in [3] cases"); width lists whose counts follow
  their classes ("Margin >=1 mm 28 pts, <1 mm 5 pts, involved 3 pts", "tumour at the margin - 3 pts"); small series
  told case by case where a case's margin is its width alone ("the closest margin was 8 mm": R0 from 1 mm, never a
  sub-millimetre width) or several numbered patients share one sentence ("Pt.1: ..., R0; Pt.2: ..., R1").

* tumour at, touching or reaching "the ink" is an involved (0-mm) margin, in the abstract's R1 definition ("R1 was
  defined as tumour touching the ink") and in a width list's class ("..., while tumour reached the ink in three");
  "carcinoma present at the parenchymal margin" (no verb) is involved; a telegraphic case's width closing its clause
  ("Case 2: ..., margin 2 mm."); involved lesions counted after their lesion scope whose patients the next clause
  names ("Of the 57 lesions removed, three had an involved margin; these were in two patients" -> 2 patients R1).

* "In 27 patients R0 resection was achieved" (a count opening the passive phrase's clause), "in the other 4 the
  margin was involved" (the remainder's count); "All but one of the 15 resections achieved an R0 margin" -> 14/15;
  "all hepatic resections except one", "all 28 resections except two" (over the count named); tumour "at the inked
  transection margin" (two modifiers); an R2 count before an R1 count "in three further patients" (both subtracted;
  a "further" count alone gives no value); a case report with an R1 resection and a later R0 re-resection -> the
  share per resection (50); the tumour stage "pT2" is no telegraphic patient marker.

* margin counts in operations ("R1 after 6 procedures", "R0 in 42 resections") over the operations the patients had
  when the abstract counts more operations than patients ("The 44 patients underwent a total of 53 hepatectomies",
  "53 hepatectomies in 44 patients", "36 patients (45 liver resections)"): the rate is per resection; a count of
  patients stays over the cohort; a share and fraction per arm ("93.1% (27/29) and 89.5% (34/38), respectively")
  pooled when both arms were operated and add up to the cohort (two classes over one denominator are no arms); a
  width list's last class counted as the rest ("1 mm or more in the remaining 34"), and 0-mm and sub-millimetre
  classes both classified R1 read as one definition (R1 under 1 mm).

* a per-lesion share ("104 lesions had clear margins (92.9%)", "in 92.9% of the lesions") gives way to the patients';
  the figure over all operations ("48 of 56 resections") beside a per-patient one when the abstract counts the
  operations ("..., for a total of 56 resections"; also "39 resections for ... in 36 patients" with no cohort size);
  fractions compared with "vs" pooled when their denominators make the cohort; a review's own pooled rate over the
  studies reporting margins; "R0 was defined as ...; this was achieved in 30"; width lists with an R0 definition
  written after the width ("margins of 1 mm or more were considered R0"), "between 0 and 1 mm" classes, a narrow
  class "without tumour at the inked surface" (R1 = 0 mm when undefined, also a case's width); a count under the
  1-mm R1 threshold with the rest declared R0; the abstract's own class words ("complete (R0; ...)") counted later;
  a case's labelled width ("margin of 0 mm (R1)") in a numbered-patient series; a case report's repeat operation
  named after its second status.
* a class list with one count each, "respectively" ("R0, R1 and R2 resections in 43, 6 and 1 patients,
  respectively"); bare counts per arm, "respectively", summed ("R1 in one and four patients, respectively");
  exceptions per arm ("in all but one LLR and two OLR specimens"); "of which" right after a counted group
  ("reported for 1,187 resections, of which 1,004 were R0"); a case's width with its class ("a 0.5-mm margin,
  classified as R1"); classes glossed in brackets give the R1 convention ("R1 (tumour exposed at the surface)"),
  and a grading of bare glossed classes ("graded as R0 (...) or R1 (...)") states no result.
* a per-lesion fraction with its share ("104 of the 112 lesions (92.9%)", "Of the lesions, 79 of 85 (92.9%)") yields
  like the bare one; "N had a microscopically irradical / non-radical (R1) resection"; one arm's every margin beside
  the other's count ("in all laparoscopic cases and in 21 of the open cases") pooled with the arms' sizes named
  elsewhere under other names ("18 by laparoscopy and 23 by laparotomy", ``arm_synonyms``); an involved count nested
  in a narrow class ("less than 1 mm in nine, including the four with tumour at the margin") under a 0-mm R1
  definition; numbered cases told after a "Background:" label, "all liver margins" inside one case being that
  patient's status; a quantifier over a width range ("every margin wider than 0 mm ... was R0") is a definition;
  "in the remaining 7 specimens tumour reached the surface" (no article, no narrow class before); "except seven, in
  whom tumour cells were touching the section plane (R1)".

* "All margins were clear except at the second operation of patient 4" is one involved operation over the stated
  total of operations ("In total five hepatectomies were performed"; none stated: no value), "except in patient 2"
  one patient over the cohort; a verb-first R1 definition ("defined an R1 resection as tumour at the inked line
  (0 mm)") sets the convention like "R1 was defined as".
* exceptions opening a long sentence, their aside bracketing a class ("Except 3 patients with microscopic residual
  tumour (R1), all patients ... got R0 resection"); "among them" after a group broken into parts that add up to it is
  the whole group; "in 21 of the breast cancer patients" (mixed series); an R0 fraction over its stated denominator
  beside an unknown class ("R0 in 161 of the 187 resections, R1 in 24 and not documented in 2"); "in 35 of these 41
  procedures" after "a total of 41 resections were performed"; a review's pooled proportion ("pooled R0 rate was
  0.84"); case ranges ("R0 in cases 1-4"); flattened patient tables ("P1 | ... | R0; P2 | ... | R1").
* "in all but two of the twenty-three resections", "in every patient except 4 of the 40": the fraction counts the
  exceptions ((d - n) / d); a rate labelled per lesion ("per-lesion R0 rate 90.7%", "R0 rate per lesion") is never
  the patients' (involved lesions' patients read past a bracketed aside); per-arm rates "of laparoscopic and open
  cases, respectively"; telegraphic cases whose bare class label follows another attribute's negation ("FISH not
  amplified; R0"), a generalising "In our small experience, ..." no case's status; "R0 was achieved in 35 of them"
  over the cohort (over a subgroup just counted: no value).
* a gloss bracketed between a class and its noun ("R0 (microscopically negative) margins were obtained in 70"); the
  last class counted as the rest ("R2 in the remaining four", "R0 in the other four", the count never the class's
  named before it: "R1 in that patient and R0 in the other four"); a range of rates followed by its summary
  ("ranged from 72% to 100% (weighted mean 87%)", ", with a pooled rate of 87%"; not a median); class counts opening
  their clauses ("In 21 patients the resection was R0, in 3 patients ... (R1)"), where a count after "R0, " that opens
  its own clause ("in 3 patients the margin was ...") is never the R0 phrase's; "all ... R0 except that of case 2",
  "except those of two women"; an "all" phrase with exceptions no rule can count ("except where ...") gives no value.

* a hyphenated width between the phrase and its count ("R1 resection according to the 1-mm rule occurred in 11
  patients"); "a clearance of 1 mm or more was achieved in 40 resections" under a 1-mm R0 definition (the R0 count);
  "the remaining six had microscopic residual disease (R1)" (a status phrase glossed by its bracketed class).
* (twentieth round) the rest of a fraction counted just before ("R1 after 5 of the 43 resections; the remaining 38
  were R0", "in 3/30 specimens; in the other 27 ...") is a share of that total when the two add up to it (38/43, per
  resection; a total of lesions: no value); a mixed series' breast patients as a sentence's subject ("Patients with
  breast cancer liver metastases had the best outcome: R0 in 34 of the 38"), and a figure scoped to the whole series
  ("For the entire cohort, R0 ... (85.3%)") dropped when the cohort is the breast patients; a margin named by its
  specimen ("the margin of the wedge specimen was involved"; not a mastectomy or other organ's specimen).

Not used: an R0 phrase after "after" / "following" in a sentence giving a survival or recurrence share ("5-year
survival of patients after R0 resection was 41%": that group's outcome), general statements of what "can be
achieved", ranges across studies ("R0 rates ranged from 70% to 95%", "negative margins in 65-100% of resections"),
rates quoted from
other studies (:func:`litreview.extract.cohort.cites_other_series`), R0 as a prognostic factor ("R0 resection (p=0.02)"), what seemed
achievable, subgroups ("among the 21 patients with HER2-positive disease, 20 had a
tumour-free margin"), groups named by their margins whose outcome follows ("recurrence
in 13 of 46 (28%) with clear margins", "in 5 of 7 patients with sub-millimetre or involved margins"), and "complete"/"radical" resection without a
margin word, a margin phrase in the condition of a class definition ("a patient was considered R0 only if all
nodules had tumour-free margins").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc

from litreview.extract.base import Sentence, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.extract.prefilter import may_match
from litreview.extract.numbers import INT, parse_number, percent
from litreview.records import Finding
from litreview.extract.margins.phrases import (
    _ALL,
    _ALL_BUT,
    _ALL_OPENING,
    _ALL_OTHERS,
    _EXCEPT_AFTER,
    _NONE_R1,
    _NOT_R1,
    _R_CLASS,
    _UNIT_ANY,
    _Found,
    _exception_count,
    _fragment,
    _mask,
    _has_margin_phrase,
    _negated_r0,
    _vocab,
)
from litreview.extract.margins.groups import _anaphor, _is_subgroup, _names_breast_cohort
from litreview.extract.margins.widths import (
    _defined_narrow_counts,
    _defined_width_counts,
    _defined_width_finding,
    _is_width_list,
    _narrow_classes,
    _nested_involved_count,
    _width_list_findings,
)
from litreview.extract.margins.classes import (
    _TALLY_MASK,
    _alias_findings,
    _grades_classes,
    _count_pair,
    _counts_unknown_status,
    _elliptic_r1,
    _tally,
    _with_close_class,
    _with_more_r0,
    _with_earlier_r2,
    _with_more_r1,
)
from litreview.extract.margins.arms import _pooled_arms, _pooled_finding, _subgroup_arm_findings
from litreview.extract.margins.values import _case_count, _value
from litreview.extract.margins.cases import _case_by_case_findings, _own_margins, in_numbered_case
from litreview.extract.survival.breast import breast_scoped_series

__all__ = ["extract_margins"]


def _without_hypothetical_clauses(text: str) -> str:
    """The sentence with its hypothetical clauses blanked (offsets kept): "R0 was achieved in 32 of 35 (91.4%),
    whereas only 77.1% would qualify as R0 under a 1-mm rule" keeps the achieved rate; a sentence whose every
    clause is hypothetical ("R0 seemed achievable in 30") is blank."""
    hypothetical = _vocab()["hypothetical"]
    if not hypothetical.search(text):
        return text
    kept, start = [], 0
    for boundary in [*_vocab()["clause_boundary"].finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        clause = text[start:end]
        kept.append(" " * len(clause) if hypothetical.search(clause) else clause)
        if boundary:
            kept.append(boundary.group(0))
            start = boundary.end()
    return "".join(kept)


# a count in square brackets before its unit, the telegraphic style's "in [3] cases", "[2] pts" (not a citation,
# "reported in [3]", which names no patients)
_BRACKETED_COUNT = re.compile(rf"\[(\d{{1,4}})\](?=\s+{_UNIT_ANY}\b)", re.I)


def _unbracketed_counts(text: str) -> str:
    """The text with bracketed counts before a unit written as plain counts, offsets kept."""
    return _BRACKETED_COUNT.sub(lambda m: f" {m.group(1)} ", text)


# a quantifier over a margin-width range before the phrase ("every margin wider than 0 mm, however narrow, was R0",
# "all margins of 1 mm or more were considered R0"): the class's definition, no result
_QUANTIFIED_WIDTH = re.compile(rf"\b(?:all|every|each|any)\s+(?:[\w-]+\s+){{0,2}}?margins?\s+(?:width\s+)?(?:of\s+)?"
                               rf"(?:(?:{_fragment('width_lower')}|{_fragment('width_upper')})\s*\d+(?:[.,]\d+)?\s?mm"
                               rf"|\d+(?:[.,]\d+)?\s?mm\s+or\s+(?:more|wider|greater|less|narrower))", re.I)


# an exception right after an "all" margin phrase that no rule could count ("except where ...", "but one")
_EXCEPTION_AFTER_ALL = re.compile(r"[^;.\d]{0,30}?\b(?:except|save\s+for|apart\s+from|other\s+than|excluding|but\s+(?:one|two|three|in|for|not))\b",
                                  re.I)


def _sentence_findings(doc: Doc, sent: Sentence, cohort: int | None) -> list[Finding]:
    from litreview.extract.cohort import cites_other_series, is_review

    vocab = _vocab()
    text = _without_hypothetical_clauses(normalise(sent.text))  # "88 per cent" -> "88%": offsets unchanged
    if "[" in text:
        text = _unbracketed_counts(text)  # "involved in [3] cases" -> "involved in  3  cases": offsets unchanged
    if not text.strip():
        return []
    if sent.section not in ("METHODS", "RESULTS") and cites_other_series(text, review=is_review(doc)) \
            and not (is_review(doc) and vocab["pooled_rate"].search(text)):
        return []  # another study's R0 rate, quoted (not a review's own pooled figure over the studies reporting it)
    if _is_subgroup(doc, text):
        return _subgroup_arm_findings(doc, sent, text, cohort)
    if ("ooled" in text or "verall" in text or "ombined" in text or "eighted" in text or "ggregate" in text
            or "ummary" in text) and (pooled := vocab["pooled_proportion"].search(text)) and is_review(doc):
        # a meta-analysis of proportions writes its pooled R0 figure as a proportion: "The pooled R0 rate was 0.84
        # (0.80-0.88)" is 84%
        q = float(pooled.group("q"))
        if 0 < q <= 1:
            return [make_finding(doc, "r0_rate_pct", round(100 * q, 1), start=sent.start + pooled.start(),
                                 end=sent.start + pooled.end(), rule="margins.r0.pooled_proportion", confidence=0.75,
                                 unit="%", sentence=sent)]
    if _grades_classes(text):
        return []  # "graded each resection as curative (R0; ...), borderline (R1; ...)": the classes' definition
    if _counts_unknown_status(text):
        # "R0 in 221, R1 in 29 and R2 in 2, and RX or missing in 16": no determinable share of the cohort, unless the
        # R0 count is written over its own denominator ("R0 in 161 of the 187 resections, R1 in 24 and not
        # documented in 2": the authors' share)
        return _stated_fraction_findings(doc, sent, text)
    prognostic = bool(vocab["prognostic"].search(text))
    out: list[Finding] = []
    tally = _tally(_TALLY_MASK.sub(" ", text), cohort)
    first = _R_CLASS.search(text)
    anaphor = _anaphor(doc, sent, text, cohort)
    if anaphor is not None and not anaphor.data and first is not None and first.start() > anaphor.start:
        tally = None  # "Fourteen had a major hepatectomy; of these, 12 were R0 and two R1": the subgroup's classes
    if tally is not None and first is not None:  # explicit counts per class, even beside a p value
        return [make_finding(doc, "r0_rate_pct", round(tally, 1), start=sent.start + first.start(),
                             end=sent.start + first.end(), rule="margins.r0.tally", confidence=0.8, unit="%",
                             sentence=sent)]
    width_list = _is_width_list(text)
    if width_list and (defined := _defined_width_finding(doc, sent, text, cohort)) is not None:
        return [defined]  # the abstract's own R1 definition splits the width classes
    counts: dict[str, tuple[float, re.Match[str]]] = {}  # the first bare count per margin kind
    for kind, pattern in (("r0", vocab["r0"]), ("r1", vocab["r1"])):
        if kind == "r0" and width_list:
            continue  # a count per margin width: a tumour-free margin's count is one width class's, not the R0 count
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 60):m.start()]
            if vocab["group_defined"].search(before) or vocab["selection"].search(before):
                continue  # "patients with positive margins had ...", "all patients who had undergone R0 ..."
            if vocab["outcome_after"].search(before) and "%" in text and vocab["outcome_measure"].search(text):
                continue  # "5-year survival of patients after R0 resection was 41%": an outcome of the R0 group
            if (" if " in before or " when" in before or "provided" in before or " where " in before) \
                    and vocab["conditional_definition"].search(text[max(0, m.start() - 140):m.start()]):
                continue  # "considered R0 only if all nodules had tumour-free margins": the class's definition
            if vocab["other_organ_before"].search(before):
                continue  # "Breast margins were negative in all 21, and liver margins ...": the breast operation's
            if kind == "r1" and _negated_or_defining(text, m):
                continue  # "R0, defined as no tumour cells at the transection line, ...": R0's definition, no R1 class
            phrase_cohort = cohort
            relative = anaphor is not None and m.start() > anaphor.start \
                and re.fullmatch(r"in\s+whom\s+", text[anaphor.start:m.start()], re.I) is not None
            if anaphor is not None and m.start() > anaphor.start and not relative:
                # ("all patients except seven, in whom tumour cells were touching the plane": the relative clause of
                # the count, which is the phrase's own, see values._before)
                if not anaphor.data:
                    continue  # "...; among them, R0 resection was obtained in 12": the subgroup's margins
                phrase_cohort = anaphor.size  # "reported for 780 patients, of whom 632 had an R0 resection"
            negated = kind == "r0" and _negated_r0(text, m)
            if kind == "r1" and width_list and _narrow_classes(text) > 1:
                break  # "< 1 mm in 5 and 0 mm (tumour at the margin) in 4": which narrow classes are R1 is undefined
            if (pooled := _pooled_arms(doc, text, m.end(), cohort)) is not None:
                out.append(_pooled_finding(doc, sent, kind, m, pooled[0]))
                break
            found = _value(text, m.start(), m.end(), phrase_cohort, kind)
            if found is not None and found.how.startswith("count_of_pronoun") and anaphor is not None \
                    and anaphor.start > m.start():
                # "Fourteen required major hepatectomy. R0 was achieved in 12 of them": the subgroup just named (the
                # patients with known margins are the denominator)
                if not anaphor.data:
                    continue
                found = _value(text, m.start(), m.end(), anaphor.size, kind)
            if relative and (found is None or not found.how.startswith("relative_count")):
                continue  # "Fourteen had a major hepatectomy, in whom tumour was at the margin in three": a subgroup's
            if found is None and kind == "r1" and (nested := _nested_involved_count(doc, text, m.start(), cohort)):
                # "less than 1 mm in nine patients, including the four with tumour at the margin" (R1 = 0 mm)
                found = _Found(percent(nested[0], float(cohort or 0)), "nested_in_narrow_of_cohort", nested[0], m.end())
            if (found is None or found.count is not None) and phrase_cohort == cohort \
                    and _counts_operations(text, m, found) and (operations := _operations_total(doc, cohort)):
                # "R1 after 6 procedures" when the 44 patients had 53 hepatectomies: a share of the operations
                phrase_cohort = operations
                found = _value(text, m.start(), m.end(), phrase_cohort, kind)
            if found is None and phrase_cohort == cohort and cohort and "these" in text \
                    and (these := _these_operations().match(_mask(text[m.end():m.end() + 120]))) is not None \
                    and (operations := _operations_total(doc, cohort) or _operations_stated(doc, cohort)) \
                    and parse_number(these.group("d")) == operations:
                # "a total of 41 resections were performed; the margin was free in 35 of these 41 procedures": the
                # operations just counted are the whole series' (the rate is per resection), no subgroup
                phrase_cohort = operations
                found = _value(text, m.start(), m.end(), phrase_cohort, kind)
            if found is not None and found.share is None and found.how in ("except", "arm_pair", "close_class"):
                continue  # exceptions without a cohort to subtract them from; arms that are not the cohort; a
                # close class that may be R1
            if negated and (found is None or found.share is None or found.how in ("all", "all_but", "all_but_cases", "except")):
                continue  # "R0 was not achieved in all patients": no count of the involved ones
            side = "r1" if negated else kind  # "R0 was not achieved in three": a count of involved margins
            if side == "r0" and found is not None:
                found = _with_close_class(doc, text, _with_more_r0(text, found, phrase_cohort), phrase_cohort)
            if side == "r1" and not negated and found is not None:
                found = _with_more_r1(text, found, phrase_cohort)  # "... in three and macroscopically involved in one"
                found = _with_earlier_r2(text, m.start(), found, phrase_cohort)  # "R2 in two, ... in three further"
                if found.how == "further":
                    continue  # "involved in three further patients" with no earlier count to add: unknown total
            if found is not None and found.count is not None:
                counts.setdefault(side, (found.count, m))
                if side == "r0" and (elliptic := _elliptic_r1().match(text, found.end)):
                    counts.setdefault("r1", (float(parse_number(elliptic.group("n")) or 0.0), m))
            if found is not None and (found.share is None or (phrase_cohort == 1 and found.share not in (0.0, 100.0))):
                # no cohort size for a bare count; or one patient, where a percentage near her margin is something
                # else (viable tumour, ...)
                found = None
            if side == "r1" and found is not None and found.count is not None and phrase_cohort \
                    and 1 < phrase_cohort <= found.count:
                continue  # "R1 in 11 patients; all others R0" over a cohort of 11: the cohort size is wrong
            rule = f"margins.{side}" + (".negated_r0" if negated else "")
            share: float | None = None
            confidence = 0.85
            if found is not None:
                share, how = found.share, found.how
                rule += f".{how}"
                if how.endswith("_of_cohort"):
                    confidence = 0.7
            elif not prognostic:
                clause = text[max(0, m.start() - 80):m.start()]
                all_but = _ALL_BUT.search(clause)
                if all_but and kind == "r0":  # never "all" (100) when the cohort to subtract from is unknown
                    k = _exception_count(all_but.groupdict())  # "All resections except one LLR and two OLR ..."
                    # "All 30 resections except two were R0": over the resections counted (per resection)
                    total = parse_number(all_but.group("d")) if all_but.group("d") else phrase_cohort
                    if total and k is not None and 0 <= k < total:
                        share, rule, confidence = percent(total - k, total), "margins.r0.all_but", 0.8
                elif kind == "r0" and _ALL.search(clause) and phrase_cohort and (
                        exc := _EXCEPT_AFTER.match(text[m.end():m.end() + 50])) and (
                        k := parse_number(exc.group("k"))) is not None and 0 <= k < phrase_cohort:
                    share, rule, confidence = percent(phrase_cohort - k, phrase_cohort), "margins.r0.all_except", 0.8
                elif kind == "r0" and ("xcept" in text[m.end():m.end() + 60] or "part from" in text[m.end():m.end() + 60]) \
                        and (_ALL.search(clause) or _ALL_OPENING.search(clause)) and (one := _vocab()["except_one_after"].match(text[m.end():m.end() + 90])):
                    # "All margins were clear except at the second operation of patient 4" (one operation: over the
                    # operations, unknown unless stated), "... except in patient 2" (one patient: over the cohort)
                    total = (_operations_total(doc, cohort) or _operations_stated(doc, phrase_cohort)) \
                        if one.group("op") else phrase_cohort
                    if not total or total < 2:
                        continue
                    share, rule, confidence = percent(total - 1, total), "margins.r0.all_except_one", 0.8
                elif kind == "r0" and _ALL_OTHERS.search(clause):
                    continue  # "one had an R1 margin; all other resections were R0": the R1 count says it
                elif kind == "r0" and _own_margins(doc, sent, clause, m):
                    continue  # "Case 1: ... all liver margins were free": one patient's, read case by case
                elif kind == "r0" and (all_m := _ALL.search(clause) or _ALL_OPENING.search(clause)) and (
                        not all_m.group(0).lower().startswith("both") or phrase_cohort == 2) \
                        and not re.search(_fragment("negation_before"), clause[:all_m.start()], re.I):  # "not all"
                    if "mm" in clause and _QUANTIFIED_WIDTH.search(clause, all_m.start()):
                        continue  # "every margin wider than 0 mm, however narrow, was R0": a class's definition
                    # the exceptions may open a long sentence ("Except 3 patients with microscopic residual tumour
                    # (R1), all patients in the surgery group got R0 resection"): read them from the clause's start
                    lead = text[_clause_start(text, m.start()):max(0, m.start() - 80) + all_m.start()]
                    if "xcept" in lead or "part from" in lead or "ther than" in lead or "ave for" in lead \
                            or "xcluding" in lead:  # the cheap literal test before the exception pattern
                        if (exc := _exception_before(_mask(lead), phrase_cohort)) is not None:
                            if exc.share is None:
                                continue  # "Apart from two women, all ..." with no cohort to subtract them from
                            share, rule, confidence = exc.share, "margins.r0.except_before_all", 0.8
                    if share is None and _EXCEPTION_AFTER_ALL.match(text, m.end()):
                        continue  # "All resections were R0 except where the tumour abutted the cava": not all
                    if share is None:
                        share, rule, confidence = 100.0, "margins.r0.all", 0.8
                elif kind == "r1" and _NONE_R1.search(text[max(0, m.start() - 40):m.start()]):
                    share, rule, confidence = 0.0, "margins.r1.none", 0.75
                elif kind == "r0" and phrase_cohort == 1:
                    share, rule, confidence = 100.0, "margins.r0.single_case", 0.75
                elif kind == "r1" and phrase_cohort == 1 and not _NOT_R1.search(text[max(0, m.start() - 60):m.start()]):
                    share, rule, confidence = 100.0, "margins.r1.single_case", 0.7
            if share is None or share > 100:
                continue
            if prognostic and found is not None and found.how.startswith(("pct", "count")) and "%" not in text:
                continue
            if side == "r1":
                share = round(100.0 - share, 1)
            out.append(make_finding(doc, "r0_rate_pct", round(share, 1), start=sent.start + m.start(),
                                    end=sent.start + m.end(), rule=rule, confidence=confidence, unit="%",
                                    sentence=sent))
            break  # one value per margin phrase kind in a sentence
    if out and not prognostic and out[0].rule.startswith("margins.r0") \
            and (total := _per_operation_total(doc, text, cohort)) is not None and total[0] != out[0].value:
        # "36 of 44 patients had an R0 resection at the index operation; ... R0 in 48 of 56 resections (85.7%)" when
        # the patients had 56 operations: the rate is per resection
        share, m = total
        return [make_finding(doc, "r0_rate_pct", share, start=sent.start + m.start(), end=sent.start + m.end(),
                             rule="margins.r0.per_operation_total", confidence=0.85, unit="%", sentence=sent)]
    pair = None if prognostic else _count_pair(counts, cohort)
    if pair is not None:
        r0_match = counts["r0"][1]
        return [make_finding(doc, "r0_rate_pct", pair, start=sent.start + r0_match.start(),
                             end=sent.start + r0_match.end(), rule="margins.r0.count_pair", confidence=0.8, unit="%",
                             sentence=sent)]
    return out


@lru_cache(maxsize=1)
def _exception_before_all() -> re.Pattern[str]:
    """Exceptions named before the "all" they restrict: "Apart from patients 2 and 5, all resections were ...",
    "Except for two women, all ..." (a short aside may follow the exceptions)."""
    return re.compile(rf"\b{_fragment('exception')}\s+(?:in\s+|for\s+)?(?:the\s+)?"
                      rf"(?:{_fragment('case_ids')}|(?P<k>{INT})\b(?!\s*(?:[%/.,]\d|of\b|mm|cm))"
                      rf"(?:\s+(?:[\w-]+\s+)?{_UNIT_ANY}\b)?)[^;,\d]{{0,60}},\s*$", re.I)


@lru_cache(maxsize=1)
def _these_operations() -> re.Pattern[str]:
    """A fraction over "these" operations right after a margin phrase ("free of tumour in 35 of these 41 procedures")."""
    return re.compile(rf"^[^;%\d]{{0,50}}?(?<![\w.\-/]){INT}\s+(?:out\s+)?of\s+these\s+(?P<d>{INT})\s+"
                      rf"{_fragment('operation_unit')}", re.I)


def _clause_start(text: str, end: int) -> int:
    """Where the clause holding ``end`` starts: after the last ';' before it, else the sentence's start."""
    return text.rfind(";", 0, end) + 1


def _counts_operations(text: str, m: re.Match[str], found: _Found | None) -> bool:
    """Whether the bare count of a margin phrase counts operations, not patients: after the phrase ("after 6
    procedures", "in 6 resections") or opening its clause ("47 resections were R0", read even when the count exceeds
    the patients)."""
    if found is not None and found.end > m.end():
        return re.search(rf"{INT}\s+{_fragment('operation_unit')}\s*$", text[max(0, found.end - 60):found.end],
                         re.I) is not None
    return re.search(rf"(?:^|[.;:,]\s*|\band\s+){INT}\s+{_fragment('operation_unit')}\s+(?:were|was|had)\s+"
                     rf"(?:[\w-]+\s+){{0,3}}$", text[max(0, m.start() - 80):m.start()], re.I) is not None


def _operations_total(doc: Doc, cohort: int | None) -> int | None:
    """The number of operations the cohort's patients had when it exceeds the cohort ("The 44 patients underwent a
    total of 53 hepatectomies", "53 resections in 44 patients"): the denominator of margin counts given in
    operations, as the R0 rate is per resection (also when the cohort size is unknown, the patients it names being
    the cohort). None when the abstract states no such total."""
    pattern = _vocab()["operations_total"]
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "OBJECTIVE", "TITLE", "CONCLUSIONS"):
            continue
        for m in pattern.finditer(normalise(sent.text)):
            n = parse_number(m.group("n") or m.group("n2") or m.group("n3") or m.group("n4") or "")
            total = parse_number(m.group("m") or m.group("m2") or m.group("m3") or m.group("m4") or "")
            # with no cohort size found elsewhere, the patients this sentence counts are the cohort ("39 liver
            # resections ... in 36 patients"): the rate is per resection whatever the cohort
            if n is not None and (n == cohort or not cohort) and total is not None and float(total).is_integer() \
                    and n < total <= 3 * n:
                return int(total)
    return None


def _operations_stated(doc: Doc, cohort: int | None) -> int | None:
    """A stated total of operations larger than the cohort ("In total five hepatectomies were performed" in four
    women); None when none is stated."""
    if not cohort:
        return None
    pattern = _vocab()["operations_stated"]
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "OBJECTIVE", "TITLE", "CONCLUSIONS") or not may_match(pattern, sent.text):
            continue
        for m in pattern.finditer(normalise(sent.text)):
            total = parse_number(m.group("m"))
            if total is not None and float(total).is_integer() and cohort < total <= 3 * cohort:
                return int(total)
    return None


def _per_operation_total(doc: Doc, text: str, cohort: int | None) -> tuple[float, re.Match[str]] | None:
    """The R0 share over all the operations the patients had, when a sentence gives it beside a per-patient figure
    ("At the first hepatectomy, 36 of 44 patients had an R0 resection; across all procedures, R0 in 48 of 56
    resections (85.7%)"): a fraction whose denominator is the abstract's count of operations (see
    :func:`_operations_total`); None when the sentence has no such fraction."""
    if not cohort or cohort < 2:
        return None
    operations = _operations_total(doc, cohort)
    if operations is None or str(operations) not in text:  # the cheap literal test first
        return None
    fraction = re.compile(rf"(?<![\w.\-/])(?P<n>{INT})\s*(?:/|\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?){operations}(?![\d.,])")
    for m in _vocab()["r0"].finditer(text):
        before = text[max(0, m.start() - 60):m.start()]
        if _negated_r0(text, m) or _vocab()["group_defined"].search(before) or _vocab()["selection"].search(before):
            continue
        found = _value(text, m.start(), m.end(), operations, "r0")
        if found is None or found.share is None or found.how not in ("count_of_pct", "before_fraction", "pct_fraction"):
            continue
        window = text[max(0, m.start() - 110):m.end() + 120]
        for f in fraction.finditer(window):
            n = parse_number(f.group("n"))
            share = percent(float(n), float(operations)) if n is not None and n <= operations else None
            if share is not None and abs(share - found.share) <= 0.6:
                return round(share, 1), m
    return None


def _stated_fraction_findings(doc: Doc, sent: Sentence, text: str) -> list[Finding]:
    """The R0 share of a sentence that also counts margins of unknown status, when the R0 count is written as a
    fraction of a stated denominator ("R0 in 161 of the 187 resections (86.1%)", "161/187"); none otherwise."""
    vocab = _vocab()
    for m in vocab["r0"].finditer(text):
        before = text[max(0, m.start() - 60):m.start()]
        if vocab["group_defined"].search(before) or vocab["selection"].search(before) or _negated_r0(text, m):
            continue
        found = _value(text, m.start(), m.end(), None, "r0")
        if found is not None and found.share is not None and found.how in ("count_of_pct", "before_fraction") \
                and 0 < found.share <= 100:
            return [make_finding(doc, "r0_rate_pct", round(found.share, 1), start=sent.start + m.start(),
                                 end=sent.start + m.end(), rule="margins.r0.stated_fraction_beside_unknown",
                                 confidence=0.75, unit="%", sentence=sent)]
    return []


def _exception_before(before: str, cohort: int | None) -> _Found | None:
    """The R0 share of "all" restricted by exceptions named before it: the cohort less the numbered cases or the
    count; a ``_Found`` without a share when the exceptions cannot be subtracted (unknown cohort, numbers that are
    no cases of the series); None when no exception is named."""
    m = _exception_before_all().search(before)
    if m is None:
        return None
    if m.group("ids"):
        k = _case_count(m.group("ids"), cohort)
    else:
        n = parse_number(m.group("k"))
        k = int(n) if n is not None and float(n).is_integer() else None
    if not cohort or k is None or not 0 < k < cohort:
        return _Found(None, "except")
    return _Found(percent(cohort - k, cohort), "except_before_all")


def _negated_or_defining(text: str, m: re.Match[str]) -> bool:
    """An involved-margin phrase that is negated ("without / no tumour at the margin") or that sits inside a
    definition aside of another phrase ("R0 resection, defined as no tumour cells at the transection line, was
    achieved in 41"): it names no R1 class and counts nothing."""
    if re.search(_fragment("negated_width"), text[max(0, m.start() - 40):m.start()], re.I):
        return True
    for d in re.finditer(r"(?:,|[\(\[])\s*(?:(?:which\s+)?(?:was|is|being)\s+)?(?:defined|considered|classified|taken|understood)\s+as\b",
                         text[:m.start()], re.I):
        aside = _vocab()["definition_aside"].match(text, d.start())
        if aside is not None and aside.start() <= m.start() and m.end() <= aside.end():
            return True
    return False


def _over_cohort(text: str, cohort: int | None) -> bool:
    """Whether a sentence gives a fraction over the cohort size ("in 38 of these 44 patients", "38/44")."""
    return bool(cohort) and str(cohort) in text and re.search(
        rf"(?:\bof\s+(?:the\s+|these\s+|all\s+|our\s+)?|/\s*){cohort}(?![\d.,])", text) is not None


def _whole_series_scoped(text: str) -> bool:
    """Whether a sentence scopes its figures to the whole of a mixed-primary series ("For the entire cohort, ...",
    "across all primaries") and does not name the breast patients after that scope."""
    scope = _vocab()["whole_series_scope"]
    if not may_match(scope, text):
        return False
    found = list(scope.finditer(text))
    return bool(found) and "breast" not in text[found[-1].end():].lower()


def _names_own_series(text: str) -> bool:
    """Whether a concluding sentence speaks of the authors' own patients ("in our 27 patients", "in this series"),
    not of the literature or of what should be done."""
    own = _vocab()["own_series"]
    return bool(may_match(own, text) and own.search(text))


def _conclusions_only(doc: Doc) -> bool:
    """Whether the whole abstract is one concluding section (a one-paragraph "Summary"), which then carries the
    results."""
    return all(s.section in ("CONCLUSIONS", "TITLE") for s in sentences(doc))


def _repeat_resection_share(doc: Doc, findings: list[Finding]) -> Finding | None:
    """A case report whose patient had two (or more) resections told one after the other, an involved margin and a
    clear one ("... tumour at the inked margin (R1). Fourteen months later ... a second resection; this time the
    margin was free (R0)"): the R0 share per resection (1/2 = 50), never the last status alone. Only when each
    status has its own sentence and a later operation is named after the first status (with the second status or
    after it: "alive 49 months after the second hepatectomy", "neither operation was followed by ...")."""
    values = {f.value for f in findings}
    if len(findings) < 2 or values != {0.0, 100.0} or len({f.sentence for f in findings}) != len(findings):
        return None
    ordered = sorted(findings, key=lambda f: f.start)
    repeat = _vocab()["repeat_resection"]
    texts = [sent.text for sent in sentences(doc)]
    if ordered[0].sentence not in texts or ordered[-1].sentence not in texts:
        return None
    # the sentences after the first status: the later operation may be named with the second status or only after it
    # ("... hepatectomy of segment 6 ... (R0). ... disease-free 49 months after the second hepatectomy")
    later = " ".join(texts[texts.index(ordered[0].sentence) + 1:])
    if not (may_match(repeat, later) and repeat.search(later)):
        return None
    share = percent(sum(f.value == 100.0 for f in ordered), len(ordered))
    if share is None:
        return None
    r0 = next(f for f in ordered if f.value == 100.0)
    return replace(r0, value=round(share, 1), rule="margins.r0.per_resection_case")


def extract_margins(doc: Doc) -> list[Finding]:
    """Candidate ``r0_rate_pct`` findings of a processed doc."""
    from litreview.extract.cohort import cohort_denominator, cohort_is_breast_subgroup

    cohort = cohort_denominator(doc)
    findings: list[Finding] = []
    concluding: list[Finding] = []
    breast: list[Finding] = []  # from sentences naming the breast patients of a mixed series
    only_conclusions = _conclusions_only(doc)
    for sent in sentences(doc):
        if sent.section in ("OBJECTIVE", "TITLE") or (sent.section == "BACKGROUND" and not in_numbered_case(doc, sent)):
            continue  # ("Background: ... Case 1: ...": the numbered cases are told where the labels say background)
        own_conclusion = sent.section == "CONCLUSIONS" and not only_conclusions
        # the cheap own-series test first: most concluding sentences never reach the margin patterns
        if (own_conclusion and not _names_own_series(sent.text)) or not _has_margin_phrase(sent.text):
            continue
        found = _sentence_findings(doc, sent, cohort)
        (concluding if own_conclusion else findings).extend(found)
        if not own_conclusion and found and _names_breast_cohort(sent.text, cohort):
            breast.extend(found)
    # "For the whole series, R0 in 84% ... For the 37 women with breast cancer, clear margins in 32": the latter
    findings = breast or findings
    if findings and not breast and cohort_is_breast_subgroup(doc):
        # the cohort is the breast patients of a mixed-primary series: "For the entire cohort, R0 resection was
        # achieved in 139 patients (85.3%)" is the whole series' figure, not theirs
        findings = [f for f in findings if not _whole_series_scoped(f.sentence or "")]
    if not findings and cohort and cohort > 1:
        findings = _width_list_findings(doc, cohort) or _case_by_case_findings(doc, cohort) \
            or _defined_width_counts(doc, cohort) or _defined_narrow_counts(doc, cohort) or _alias_findings(doc, cohort)
    # "In our 27 patients, ... tumour-free margins in 25": the conclusions' own figures, when the body gives none
    findings = findings or concluding
    if findings and not breast and breast_scoped_series(doc):
        # a mixed-primary series that states its breast patients' own figures elsewhere ("In the 24 women with breast
        # cancer, median survival was ..."): the breast patients are the cohort, and a margin figure not named as
        # theirs is the whole series' ("R0 resection was achieved in 84 patients (87.5%)" of 96), unless its
        # denominator is the cohort ("negative in 38 of these 44 patients")
        findings = [f for f in findings if _over_cohort(f.sentence, cohort)]
    if cohort == 1:
        # one patient: her resection was R0 or not; "60% residual viable tumour" is no R0 rate
        findings = [f for f in findings if f.value in (0.0, 100.0)]
        if (per_resection := _repeat_resection_share(doc, findings)) is not None:
            return [per_resection]
    # R0 and R1 statements of the same abstract must agree; prefer R0 statements
    r0 = [f for f in findings if f.rule.startswith("margins.r0")]
    return r0 or findings
