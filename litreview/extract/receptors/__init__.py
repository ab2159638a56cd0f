"""Receptor subtype of the resected cohort, as percentages of the cohort (unit "%").

Fields: ``er_positive_pct``, ``hr_positive_pct`` (ER and/or PR positive; reported
only when ER alone cannot be derived, or when the abstract defines the group as "ER and/or PR"), ``her2_positive_pct``,
``triple_negative_pct``. Vocabulary: ``rules/receptors.json``.

This package holds :func:`extract_receptors`, which reads each sentence and runs the reporting shapes over it, and
its final steps (the primary tumour's status over the metastasis', negative counts, ER over the hormone receptor).
One module per reporting shape, each importing only :mod:`.profiles`:

* :mod:`litreview.extract.receptors.profiles`: the vocabulary, the profiles of a sentence and the values written
  next to them (the shape every other one builds on).
* :mod:`litreview.extract.receptors.subtypes`: cross-classifications, intrinsic subtype lists and nested
  triple-negative counts.
* :mod:`litreview.extract.receptors.arms`: compared arms ("P% vs Q%", values of two arms closed by
  "respectively", the operated arm's abbreviation, comparison clauses) and per-receptor "respectively" lists.
* :mod:`litreview.extract.receptors.cases`: case reports and small series described patient by patient.
* :mod:`litreview.extract.receptors.whole_cohort`: statements about the whole cohort (all/none, an inclusion
  criterion, HER2 score tallies, receptor group sizes, negative counts that leave the rest positive, counts
  restated in the conclusions).

How abstracts report it, and what this package does (a profile and its value, cross-classifications,
case reports and subtype lists are described in their modules):

* Also: values written before the profile ("Twenty-eight of 40 patients had",
  "28/40 (70%) primaries were ER+", "70% ER-positive", "and 8 (22.2%)
  HER2-positive" without a repeated verb), "all but three ... were HR-positive",
  "All tumours were ER-positive" (100%, not triple-negative), "none had
  triple-negative disease" (0%), HER2 "3+ in 5 and 2+ with ISH amplification in
  3" (summed), nested triple-negative counts ("ER-PR- in 6, of whom 4 were also
  HER2-negative"), small series described patient by patient ("The first
  patient ... The second ...").
* The primary tumour's status wins over the metastasis' when both are given.
* Also (seventh round): table lines with a bracketed criterion ("ER positive (Allred score 3 or more): 17",
  "HER2 (IHC 3+ or ISH-amplified): 9"; a criterion between profile and count is skipped); "status: positive 25,
  negative 9"; "ER status was known for all 40 patients and was negative in nine" (polarity after an aside);
  "negative in 32 and positive in 8 / in the remainder"; negations ("no HER2 amplification", "neither HER2
  overexpression nor amplification"); "lacked ER, PR and HER2 expression" (triple-negative, counted by its
  subject); "oestrogen receptor-rich/-poor", "hormone-sensitive/-insensitive"; "Term noun, n/N (P%);" lists;
  subtype lists in percentages; compared pairs "n of N vs P%" (the cohort's own fraction) and "a/b vs c/d"
  of two resected subgroups whose sizes add up to the cohort (summed); a status required for inclusion
  ("women with HER2-positive breast cancer who underwent resection were included", the title naming it too)
  -> 100%; "status concordant in all pairs and positive in N".
* Also (eleventh round): "X-positive primaries accounted for / represented N cases"; a quantifier with a bracketed
  value before the verb ("Most patients (n = 33; 66%) had", "Three-quarters of the cohort (30 of 40) had"); a
  negative count over the whole cohort ("ER was negative in 14 of 52", 52 = the cohort) gives the positive share,
  and a bare negative count after it in the same sentence shares that denominator (not for HER2 beside 2+/equivocal);
  "HER2 was not overexpressed or amplified in 41" (negated positive word); test-method phrases ("by
  immunohistochemistry", "on in situ hybridisation") between a status and its count; "five of the nine HR-negative
  tumours were also HER2-negative" (nested triple-negative); a bracketed subtype gloss ("HR-positive (luminal)")
  inside a subtype list's sentence.
* Also (twelfth round): subtype names listed with their values after them, closed by "respectively"; a count with
  a bracketed test/guideline after it ("in 7 (ASCO/CAP criteria)"); "one in six (6/36)" as a quantifier; "Among
  resected patients, P% ... compared with ..." keeps the operated clause. Guards: the population named last before
  a profile decides ("..., whereas in the systemic-therapy group 17 were ...", "Among all 214 referrals, ...");
  counts "across both groups"; range bounds ("from 46% to 89%"); clauses with an abbreviated hazard ratio ("HR
  0.68"); a single-receptor group opening a cross-classification blocks summing the receptors it does not state.
* Also (fourteenth round): a criterion between a receptor's noun and its verb ("ER expression (1% or more) was
  present in 25", "ER expression of at least 10% in the primary was found in 29"); a positivity rule with its result
  ("HER2 was considered positive if ..., which applied to 7 patients"); a definition between commas ("HR-positive
  disease, defined as ..., was present in 33 of the 45"); "one patient had ..."; "N patients ..., all with
  HR-positive/HER2-negative disease" (N = the cohort; every status of the profile); a sentence opening with a
  comparison keeps the clause from the operated subject on ("Compared with the referred population, in which 62%
  ..., resected patients were more often ER-positive (38 of 49)"); the sizes of a receptor's positive and negative
  groups that add up to the cohort ("ER-positive tumours (n = 34) ... ER-negative tumours (n = 13)"), even in an
  outcome comparison.
* Also (fifteenth round): "none was / no tumour was HER2-positive" (0%); "three further tumours scored 2+ with HER2
  amplification" added to the 3+ count; "... in five and three tumours were triple-negative" (a second count with its
  own verb is no second arm); "in 9 of the resected women"; "ER status of the metastasis was positive in 47" (the
  metastasis' status, a fallback); "N of whom ..." ends at ", and M patients had ..."; "present in all but seven
  patients"; "expression was absent", "co-expressed", "HER2 2+ without amplification on FISH"; negative counts give
  the positive share with a cue ("Only four had ER-negative tumours", "absent in 12 of the primary tumours") or when
  two or more receptors are reported only as negative counts, never beside unknown/untested statuses or a written
  positive share; the abstract's own abbreviation of the operated arm ("In the HEP group", HEP = hepatectomy) and
  abbreviated arm headers ("(LR vs ST): ... 80.0% vs 69.4%"); "Women with TNBC (ER, PR and HER2 all negative) and
  liver metastases ... were reviewed" (inclusion: TN 100, the named receptors 0); a sized group against the rest
  ("HR-/HER2- tumours (n=6) ... versus ... for all others"). A case report's "triple-negative" label alone gives no
  ER or HER2 share (only TN 100), unless the receptors are named ("negative for ER, PR and HER2").
* Also (holdout28/29 round): bare counts closing a bracketed list or between slashes ("(ER+ 30, ..., TNBC 4)", "ER+ 54
  / HER2+ 17"); "expressed the oestrogen receptor"; a count before a word whose bracket is the profile ("Three tumours
  were luminal (ER-positive, HER2-negative)"); triple-negative counts inside a negative group ("of the four ER-negative
  tumours, three were triple-negative", "six HER2-negative patients had triple-negative disease"); "in 19 of them" when
  "them" is the cohort counted just before; a bare negative count beside a count with its share of the whole cohort;
  counts before a receptor's positive and negative groups adding up to the cohort ("19 HER2-positive and 35
  HER2-negative patients", also in the title); a lead group split by its nested count and continued by "a further N";
  values labelled by their arm after them and a later "P% and Q%, respectively" in that arm order; a count over the
  cohort ("28 of the 35", 35 = the cohort) in the conclusions, for receptors the rest leaves empty. Guards: counts of
  studies/series ("reported in 17 studies"); a list of the remaining groups after a lead group whose statuses it does
  not state (no sum for those receptors); "in 4 of them" after a subgroup.
* Also (holdout40-44 round): "in 962 of 1,270 patients" (thousands in a fraction); "present in 45 (77.6%) vs 86
  (74.1%) patients" with the arms not named in the sentence (the side whose count over the cohort is its share); an
  inclusion criterion beside a comparison group of the same status ("women with triple-negative ... who underwent
  resection, compared with TNBC patients given chemotherapy alone"); "Fourteen tumours also expressed hormone
  receptors, and the other nine were hormone receptor-negative" (subject counts of a positive and a negative group
  adding up to the cohort); "four of the ER-negative tumours were also negative for PR and HER2" (nested
  triple-negative without the group's size); no hormone-receptor sum from luminal groups defined HER2-negative beside
  a plain "HER2-positive" group (its HR status is unstated); "ER Allred scores were 3 or higher in 29" (the usual
  cut-off); "HER2 IHC was 3+ in 6 and 2+ in 7, of which 2 were ISH-amplified"; a share stated over the tested subset
  ("known for 48 patients and was positive in 36 (75.0% of those tested)", "assessed in 41, of whom 10 (24.4%) were
  positive"; without the stated share nothing is read); a lead group with its nested count followed by groups whose
  statuses exclude the lead's ("Five were ER-positive, one of which was also HER2-positive; one was ER-negative and
  HER2-positive, and one was triple-negative") is split like one followed by "a further".
* Also (holdout48-51 round): a subtype word with its bracketed statuses ("HER2-enriched (ER-negative, HER2-positive)")
  takes them all; triple-negative 0% when every tumour is positive for one receptor ("all 26 tumours were
  HER2-positive"; not from a "HER2-enriched" label alone); a luminal B defined "with high Ki-67 or HER2
  overexpression" leaves HER2 unknown; "In the breast cancer subgroup, 35 of the 46 patients" with 46 the cohort;
  a single Allred score ("oestrogen receptor Allred 8"); "of the 14 HR-negative tumours, 6 overexpressed HER2 and 8
  were triple-negative" (the TN count is the cohort's); "two of the ER-positive tumours also overexpressed HER2"
  after groups adding up to the cohort whose other HER2 statuses are known; "(ISH-amplified in 3 of these)";
  "HER2 positivity was P% and Q%, respectively" after arms named in order; an operated arm defined as "group (HS;
  n = 74)"; "ER was positive in 14 ... and was concordant ..." keeps the status clause; "2+ with fluorescence in
  situ hybridisation (FISH) amplification in 2"; a small series' counted groups are not overridden by a later
  "the three with ER-positive disease".
* Also (holdout52/53 round): a single-receptor group closing a cross-classification ("...; the remaining eight
  overexpressed HER2") whose status every listed group lacks and whose count completes the cohort joins it, split
  by a nested "and in five of these the hormone receptors were also positive" / "four of which were also
  HR-positive" (without the split its unstated statuses are not summed); "positive in 5 of the 9 tumours in which it
  had been examined" is a tested subset; HER2 "scored 2+ on immunohistochemistry, and in situ hybridisation showed
  no amplification" (negative; "demonstrated amplification" positive); in a case report "a woman ..., in whom"
  is the patient, not a subgroup; "three tumours expressed none of the three receptors" (triple-negative count).
* Also (holdout54-59 round): HER2 "2+ with gene amplification on in situ hybridisation in two" added to the 3+ count;
  "HER2 was positive in 29 (24.6%) and 14 tumours (11.9%) were triple-negative" (a second count with its own share
  and verb is no second arm); a bracketed qualifier before a bare count ("HER2+ (any HR) 10"); "pts" after a count
  ("HER2-positive 7 pts", "in 8 pts"); a count followed by a nested aside ("in three (two of whom were also
  ER-positive)"); nested triple-negative counts without "also" ("four of the six ER-/HER2- tumours were PR-negative as
  well", "five of the eight ER-/PgR- tumours lacked HER2 overexpression"); "HER2 gene amplification", "HER2 (IHC score
  0)", "a HER2 immunohistochemistry score of 1+"; "HER2 amplification was not detected" (negative). Guards: an opener
  "In the 20 re-tested LM:" (20 not the cohort) is a part of the cohort; bare counts share the denominator of two
  counts with percentages that agree on it even when it is larger than the cohort found.
* Also (holdout64-67 round): subtype lists with bare bracketed counts ("luminal A-like (12), ..., triple-negative (5)");
  a luminal B split by HER2 inside its count's bracket ("luminal B (n = 12; HER2-negative 7, HER2-positive 5)"; a
  bracket of counts is no definition); "luminal B-like with HER2 overexpression (ER-positive, HER2-positive)" (a
  bracket restating the status named gives the group's other statuses); "In the liver specimens, 26 metastases were
  ..." is the metastasis' status; HER2 "IHC 2+/FISH-amplified in two" added to the 3+ count; a lead group with a
  nested count and triple-negative groups completing the cohort ("Four were ER-positive, two of them with HER2
  amplification, and one patient had triple-negative disease"; "...; the remaining patient had ..."); "Hormone
  receptor (HoR) positive were 128 patients"; "in six of the eight primary tumours" (a number word as denominator);
  "co-expression of hormone receptor (HR) was found in 12"; "more frequent in the surgery group (25/64, 39.1%) than in
  the non-surgery group (...)" and "(44/64, 68.8% vs ...)" (the side over the cohort); a review's "ER status was
  reported in 16 studies (842 patients) and was positive in 70.2%" (the pooled share, never a count).
* Also (holdout71 round): a bracketed percentage after a status in a clause about one patient of a small series
  ("Patient 1, aged 44 years, had an ER-positive (90%), PR-positive (40%) primary") is her tumour's staining, and the
  series is read patient by patient; a negative count followed by the same receptor's unknown count ("ER status was
  negative in 14 patients and could not be retrieved in 5") gives the exact positive count (cohort - 14 - 5); HER2
  score tallies whose 2+ group's amplified part is told later with the group's size ("five of the 11 IHC 2+ tumours
  were FISH-amplified", also in the next sentence); "luminal/HER2-negative" (HR+/HER2-) in subtype lists, shares
  alone in brackets, and groups named by patient number in a small series ("luminal/HER2-negative in patients 1, 2
  and 3", every patient named once); a negated unknown ("no patient had missing receptor data") says every status
  was known. Guard: "61.5% in the luminal/HER2-positive group" after an outcome is that group's outcome.
* Also (holdout70 round): "68.0% of the cohort had HR-positive disease" / "of our series"; values of two arms labelled
  after them ("in 81 (69.8%) systemic and 44 (75.9%) surgical patients", arm abbreviations read through their long
  forms) give the operated arm's, and set the order of later pairs closed by "respectively" (arms.py); profiles listed
  with "or" shared out by "respectively" (one value after such a list is either's, none read); the bare "TN" with its
  value beside another receptor; HER2 2+ "with amplification confirmed by in situ hybridisation"; fractions of several
  populations split by " / " (the one over the cohort); a status header "positive / negative / unknown" with one value
  per status per receptor; "ER 33/45, PR 25/45, HER2 9/45" (bare names with fractions in a list); "in 29 (7-8 in
  22)"; "classified 12 (25.0%) as HER2-positive"; a cross-classification group split by its bracketed nested count
  ("HER2-positive in 9 (six of them also HR-positive)"); "..., giving 15 HER2-positive patients (36.6%) overall" after
  a negative group's parts; "HER2 was neither overexpressed nor amplified in 35"; "luminal B/HER2" in subtype lists;
  "three of whom belonged to the HR-negative group" (the rest of a counted negative group is triple-negative); a
  negative share's complement kept when only the other receptor family's statuses are said to be unknown; "HercepTest"
  score tallies; "HER2 FISH amplified" / "HER2 FISH negative"; counts in square brackets ("in [20] patients (71.4%)");
  HER2 written in any case ("her2/neu").
* Also (round 24): a negative count of the whole cohort alone ("Nine tumours were ER-negative" of 36) gives the
  positive share unless a status is said unknown/untested or a subset tested; "HER2-non-amplified"; "of whom N
  (P% of those tested) were ER-positive"; a clause after an arm pair naming the operated arm ("... (70% vs 61%);
  triple-negative tumours made up 12% of the operated group"); "HER2 2+ carcinoma with FISH amplification",
  "2+ and amplification on in situ hybridisation".
* Also (round 17): HER2 2+ amplified "in another / a further / (an)other N" added to the 3+ count; two arms named with
  one shared noun ("77% of the surgical and 64% of the control group") order a later elided "and HER2-positive
  tumours for P% and Q%, respectively", and the other arm's value first is not the cohort's; "in each of the two
  (matched) groups / in each of them, N had ..." (a non-surgical arm named) is over the operated arm; a count whose
  share is over a larger population ("enrolled 61; ER-positive in 43 (70%)" of 44 resected) yields to another value;
  "Ten were HR-positive (one of them also HER2-positive) and the other four were HER2-positive"; "within the matched
  population" is both arms; a cross-classification group split by ", of whom N were also X", "-N of whom ...-",
  "(five of them ER-positive)", "(including N that were also X)", "(N X-positive)"; a group of such a list without
  a read count leaves unknown the receptors it does not state; "in 8 of the 12 X and 29 of the 41 Y patients" summed
  when 12 + 41 is the cohort (and the "respectively" counts after it); "n = 7 in the matched arm" is no cohort count;
  flattened table rows ("ER+ 52 (72.2) | PR+ ..."), "HER2 positive 12 (of whom 7 ...)", "P1 | ... ; P2 | ..." patient
  tables; a case report "classified according to the liver metastasis" takes the metastasis' profile.
* Also (seventeenth round): a share the authors label as over the whole cohort ("12 (22.2% of the whole series)",
  "(18.4% of all resected patients)") counts even in a subgroup clause or beside unknown statuses, when it is the
  count over the cohort (not "of those tested"); "negative for hormone receptors and HER2", "lacking ER/PR and
  HER2", "hormone receptor- and HER2-negative" are triple-negative (the hormone receptors alone are not).
* Also (eighteenth round): bare numbers under a header saying they are percentages ("Primary tumour profile (% of
  patients): ER+ 79.5 | HER2+ 15.9"; a decimal is never a count); arms sharing one noun after a pair ("(71.4% vs
  64.8%) ... in the systemic therapy and hepatectomy groups, respectively") and a pair with the arms named after it
  ("in 64.2% and 72.0% of the systemic therapy and surgery groups, respectively"); "N patients in the surgery group
  had X"; "the positive rates of ER, PR and HER-2 were ..., respectively"; "N of them had ..." opening the sentence
  after the cohort's count; "negative for both ...", "not staining with ..."; "hormonal receptor (estrogen and/or
  progesterone)" defines the HR group; ER and HR both written negative keep HR 0 beside ER 0; subtype lists with
  "luminal B-like (including 5 HER2-positive)", "HER2-positive non-luminal", "HER-2 overexpression (hormone receptor
  negative)"; a subtype defined with both HER2 polarities defines no HER2 status. Second pass: "By definition, all
  patients were hormone receptor-negative" (a whole-cohort HR statement) keeps HR beside ER; "22 (75.9%) expressed
  hormone receptors, of which 20 were ER positive" (every ER+ tumour is HR+: the cohort's ER count; HR kept too);
  "the remaining patient was ..." is one patient; "numbered 41 in the surgical and 40 in the medical group" (the
  operated arm's count; two resected arms summed); a review's "pooled proportion ... was 0.69 (95% CI 0.64-0.74)"
  (the survival family's rewrite); "ER positivity had 19 patients, PR positivity 14 patients"; a case title's label
  of the liver metastasis yields to the abstract's primary.
  Last pass: flattened sign cross-tables ("ER/HER2 status was +/- in 18, +/+ in 7, ...", subtypes.py); a bracketed
  comparison "(versus 68% ... in the systemic group)" blanks only the bracket; a receptor-change conjunct (", and
  discordant receptor status ... in five") leaves the status clause before it; "All but one tumour expressed ER; the
  remaining tumour was also negative for PR and HER2" (the left-out tumours triple-negative; whole_cohort.py).
* Also (nineteenth round): one receptor listed with several polarities ("HER2-0, HER2-low and HER2-positive tumours
  were found in 27, 25 and 12 patients, respectively": the positive group's value only; "HER2-0" is negative); a
  bare count above the cohort voids the sentence's bare counts (another population, or a cohort found too small);
  "ER status of the primary was positive in 40"; "..., and ER or PR in 30" (the HR group counted: kept beside ER);
  an HR count told apart into ER-positive and ER-/PR+ parts keeps HR beside ER; "had HER2-positive tumours, 24 of
  whom were also HR-positive" (the nested count after the group's noun); a HER2-enriched group beside a
  triple-negative one is HR-negative; two profiles with pairs and the arms named once after the last ("..., of the
  LR and ST groups, respectively"; arms defined as "(ST group, n = 54)").
  Short pass: "HER2 neu" with a space; a criterion bracket before the verb ("Oestrogen receptor (Allred score >=3) was
  positive in 36"); "including 55 (75.3%) that were ER-positive" / ", and among them ER-positive were 45" nested in the
  HR group (both kept); a plain HER2 group split by "(two of them also hormone receptor positive)"; sign triples
  ("(ER/PR/HER2): +/+/- in 22, ...") and subtype headers of their parts (subtypes.py); "Case 2: ..." sentences read
  even under a Background heading.
* Also (round 20 short pass): "HER2 was positive in 12 of the 51 tumours tested" (of 53) read over the cohort when
  both readings agree within a point (few untested; "88 of the 119 with known ER status, and ... 27 of the 117":
  the first fraction's denominator opens no subgroup for the second); "the pooled proportion of X tumours was P% and that of Y tumours
  Q%" and "status was known for all of them, and N had ..." are no subgroup openers; "Four pts were ..., one pt was
  ..."; "27 of the 47 patients also had ..."; a review's search "for reports of liver resection for HER2-positive
  BCLM" (the title naming it) is an inclusion criterion; "HR 0.77" is never a score of 0 (a hazard ratio in a
  subtype's bracket defined luminal A as HR-negative); subtypes named in one sentence with their counts in the next
  ("these subtypes were 22, 11, ... respectively", subtypes.py).
* Also (round 20 second short pass): "Oestrogen receptor was examined in all primary tumours and was positive in 52%
  of them" (tested in every tumour, no "status" word; a tested count is a subset); "status of the primary tumour was
  positive in eight of the fourteen patients"; "Nineteen women with liver metastases from TNBC (ER-, PR- and
  HER2-negative) underwent hepatectomy" (the counted cohort as subject: an inclusion criterion, whole_cohort.py);
  "7 (25%) and 14 (25%) tumours, respectively, were HER2-positive" (the side whose count over the cohort is its share,
  arms.py); "Hormon receptor", "4 patient (12.1%) had" (singular noun after a count with its share).
* Never used: sentences (clauses) about receptor conversion/discordance or
  comparing groups ("54% vs 79%"), counts of subgroups ("of these long-term
  survivors, 14 had ER-positive tumours", "among them, 9 were also ER-positive",
  "Of the 10 patients alive at five years, 8 ...", "within that subset, 11 were
  ER-positive"), outcomes by subtype, and "ER and/or HER2 positive" (not
  separable). A negative count beside unknown or untested statuses gives no positive
  share.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc

from litreview.extract.base import NUMBERED_SERIES_MAX, PATIENT_NOUNS, Sentence, doc_text, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.extract.prefilter import PatternGroup, may_match
from litreview.extract.numbers import INT, parse_number, percent
from litreview.records import Finding
from litreview.extract.survival import pooled_as_percentages
from litreview.extract.receptors.profiles import (
    _FIELDS,
    _OF_THE_N,
    _RESPECTIVELY,
    Profile,
    _attach_values,
    _last,
    _outcome_by_group,
    _share,
    _vocab,
    find_profiles,
)
from litreview.extract.receptors.subtypes import (
    _grouped_respectively,
    _LUMINAL_B,
    _closing_group,
    _cross_classification,
    _lead_before,
    _lead_nested_rest,
    _nested_her2,
    _nested_triple_negative,
    _partial_list,
    _split_lead,
    _sign_pair_table,
    _split_nested_asides,
    _states_her2,
    _subtype_groups,
)
from litreview.extract.receptors.arms import (
    _pair_before,
    _pair_then_arms,
    _ARM_NOUN,
    _VALUE_PAIR,
    _arm_comparison,
    _arm_pairs,
    _either_runs,
    _fraction_series,
    _status_columns,
    _last_leading,
    _names_other_arm,
    _respectively,
    _respectively_arms,
    _surgical_arm_abbreviations,
    _value_of_our_arm,
    _without_skipped,
)
from litreview.extract.receptors.cases import _NUMBERED_PATIENT, _case_findings, _one_patient_staining
from litreview.extract.receptors.whole_cohort import (
    _all_but_rest_negative,
    _all_or_none,
    _all_statuses_known,
    _conclusion_counts,
    _counted_over_cohort,
    _group_sizes,
    _her2_in_negative_group,
    _her2_scores,
    _inclusion_criterion,
    _negative_of_whole,
    _negative_only,
    _none_positive,
    _sibling_denominator,
    _statuses_incomplete,
    _PATIENT_COUNT,
    _them_is_cohort,
)


__all__ = ["extract_receptors", "Profile", "find_profiles"]

_PATIENT_IDS_BEFORE = re.compile(_NUMBERED_PATIENT.pattern + r"\s*(?::|had|has|was|were|showed|presented\s+with)?\s*"
                                 r"(?:(?:an?|the)\s+)?"
                                 # ... "Patients 1, 2 and 4 had luminal tumours (ER-positive, HER2-negative)"
                                 r"(?:[\w-]+\s+)?(?:(?:tumou?rs?|disease|carcinomas?|cancers?|primar(?:y|ies))\s*[\(\[]\s*)?$",
                                 re.IGNORECASE)


# receptor and test-method short forms in brackets after their long forms ("in situ hybridisation (ISH) amplification")
# ... "Hormone receptor (HoR) positive": the short form some abstracts use where HR is the hazard ratio
_ENRICHED = re.compile(r"enriched|non-?luminal", re.IGNORECASE)
_MASK_ABBR = re.compile(r"\s*[\(\[](?:ER|PR|PgR|HR|HoR|HER-?2|(?:F|S|C)?ISH|IHC)[\)\]]")
_OVERLAP_BEFORE = re.compile(r"\bboth\s+$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"(?<![%\d])[\)\]]")
# a clause opened by a counted population set off by a comma or colon ("In the 20 re-tested liver metastases:",
# "Within the 28 patients with tissue available, ..."): when its size is not the cohort's, its values are a part's
_IN_THE_N_OPENER = re.compile(rf"^\s*(?:in|within|for)\s+(?:the|these|those)\s+(?P<n>{INT})\s+[^\d,:;()]{{1,50}}?[,:]",
                              re.IGNORECASE)


def _in_sentences(doc: Doc, finding: Finding, starts: set[int]) -> bool:
    """Whether ``finding`` comes from one of the sentences starting at ``starts`` (doc offsets)."""
    if not starts or finding.section == "TITLE":
        return False
    pos = finding.start + doc._.abstract_start
    return any(sent.start in starts and sent.start <= pos < sent.end for sent in sentences(doc))


def _metastatic(text: str, profiles: list[Profile]) -> list[bool]:
    """Whether each profile describes the metastasis rather than the primary (inherits from the previous one)."""
    flags: list[bool] = []
    pattern = _vocab()["metastasis"]
    for i, p in enumerate(profiles):
        window = text[(profiles[i - 1].value_end or profiles[i - 1].end) if i else 0:p.start]
        # "The ER status of the metastasis was positive in 47": the tumour named between receptor and polarity
        if pattern.search(window) or _vocab()["metastasis_after"].match(text, p.end):
            flags.append(True)
        elif re.search(r"\bprimar(?:y|ies)\b", window, re.IGNORECASE):
            flags.append(False)
        else:
            flags.append(flags[-1] if flags else False)
    return flags


# ... or "All seven had hormone receptor-positive tumours, two of which were also HER2-positive": a group of all
# ... the count may be told after a long aside ("Twenty-one patients were operated, all of them HER2-positive by definition
# of the study, so none was triple negative; 11 of them were also ...": the count must be the cohort's)
_WHOLE_OF_WHOM = re.compile(rf"\b(?P<n>{INT})\s+{PATIENT_NOUNS}\b[^.;]{{0,130}}?[,;]\s*(?:{INT}\s+)?"
                            r"of\s+(?:whom|them|these)\b"
                            rf"|\ball\s+(?P<n2>{INT})\s+(?:{PATIENT_NOUNS}\s+)?(?:had|were)\b[^.;]{{0,80}}?,\s*"
                            rf"(?:{INT}\s+)?of\s+(?:whom|which|them|these)\b", re.IGNORECASE)


# "of the 11 HR-negative tumours, seven were HER2-positive ..., giving 15 HER2-positive patients (36.6%) overall": a
# clause summing the parts listed before it up over the whole cohort
_SUMMARY_BEFORE = re.compile(rf",\s*(?:giving|making|yielding|for)\s+(?:a\s+total\s+of\s+)?{INT}\s+$", re.IGNORECASE)
_OVERALL_AFTER = re.compile(r"\s*[\)\]]?\s*(?:overall|in\s+total|altogether|in\s+the\s+(?:cohort|series))\b", re.IGNORECASE)


# a group named by "in the ... group" (not "of these"): the cohort itself when its count is over the cohort
_NAMED_GROUP = re.compile(r"in\s+the\s+(?:[\w-]+\s+){0,3}(?:sub)?group$", re.IGNORECASE)


# a sentence opening with the group counted just before ("Of these, 72.2% had ...", "Among them, 26 were ...")
_THESE_OPENER = re.compile(rf"\s*(?:of|among)\s+(?:these|them|those)(?:\s+{PATIENT_NOUNS})?\s*,", re.IGNORECASE)


# "Thirty-two of them had ...": a sentence opening with a count of "them"
_COUNT_OF_THEM_OPENER = re.compile(rf"\s*{INT}\s+of\s+(?:these|them|those)(?:\s+{PATIENT_NOUNS})?\s+"
                                   r"(?:had|were|was|showed|presented|carried)\b", re.IGNORECASE)
# a part of the group counted in a sentence ("..., 20 had synchronous disease", "and 12 were older than 60")
_PART_COUNT = re.compile(rf"(?<![\w.\-/]){INT}\s+(?:(?:of\s+(?:them|these|whom))\s+)?(?:had|were|was|showed|developed|underwent|"
                         r"received|presented)\b", re.IGNORECASE)


def _previous_ends_with_part(doc: Doc, sent: Sentence) -> bool:
    """Whether the sentence before ``sent`` counts a part of its group after the group's count, so that "them"
    next may be that part."""
    previous = [s for s in sentences(doc)[:sent.index] if len(s.text.split()) > 2]
    if not previous:
        return False
    text = normalise(previous[-1].text)
    last = _last(_PATIENT_COUNT, text)
    return last is not None and _PART_COUNT.search(text, last.end()) is not None


_ELIDED_EITHER = re.compile(r"\b(?P<a>ER|PR|PgR)\s*-\s+(?:and/or|or)\s+(?P<b>ER|PR|PgR)(?=[- ]?(?:positive|\+))")


# "co-expression of hormone receptor was found in 12 (57.1%)": the polarity written before its receptor
_EXPRESSION_OF = re.compile(
    r"\b(?P<pos>(?:co-?|over-?)?expression)\s+of\s+(?:the\s+)?(?P<term>(?:hormone|hormonal|steroid|o?estrogen|progesterone)"
    r"[- ]receptors?|(?-i:ER|PR|PgR|HR|HER-?2))(?=\s+(?:was|were)\s+(?:found|detected|observed|present|seen|noted|"
    r"demonstrated|confirmed|documented)\b)", re.IGNORECASE)


# "Hormone receptors were positive in [20] patients (71.4%), ... and [4] patients (14.3%) were triple negative": counts
# written in square brackets (a style of some abstracts), never a citation: a patient noun or the share follows
_BRACKETED_COUNT = re.compile(r"(?:(?<=\bin\s)|(?<=,\s)|(?<=\band\s)|^)\[(?P<n>\d{1,4})\](?=\s+(?:patients|women|cases|tumou?rs)\b|"
                              r"\s*\(\s*\d+(?:\.\d+)?\s?%\s*\))", re.IGNORECASE)


# a count told as a part of the group before it ("..., including 7 who were also HER2-positive")
_INCLUDING_PART = re.compile(rf"\bincluding\s+{INT}\b[^;,()]{{0,40}}?(?:\([^()]{{0,20}}\)[^;,()]{{0,30}}?)?$", re.IGNORECASE)


# a sentence opening with a numbered case's own heading ("Case 2: ...", "Patient 3 - ..."): her description, whatever
# section heading came before it
_CASE_HEADING = re.compile(r"\s*(?:case|patient)\s+\d{1,2}\s*[:\u2013\u2014-]\s", re.IGNORECASE)


def _is_case_label(text: str) -> bool:
    """The sentence is only "Case" or "Patient" (split from its number)."""
    return len(text) <= 7 and text.lower() in ("case", "patient") or not text.isascii() \
        and re.fullmatch(r"(?i)case|patient", text) is not None


def _expression_after(m: re.Match[str]) -> str:
    turned = f"{m.group('term')} {m.group('pos')}"
    return turned.ljust(len(m.group(0)))


def _join_elided(m: re.Match[str]) -> str:
    joined = f"{m.group('a')}/{m.group('b')}"
    return " " * (len(m.group(0)) - len(joined)) + joined


@lru_cache(maxsize=1)
def _receptor_words() -> PatternGroup:
    """The sentence gate's patterns and the rewrites that move or join receptor words before it: a sentence that
    may match none of them cannot pass the gate (every other rewrite before it only blanks text or rewrites numbers)."""
    vocab = _vocab()
    return PatternGroup([*(vocab[k] for k in _GATE_KEYS), vocab["all_but_rest_negative"], _EXPRESSION_OF, _ELIDED_EITHER])


_GATE_KEYS = ("term", "tn_named", "her2_words", "hr_words")


def extract_receptors(doc: Doc) -> list[Finding]:
    """Candidate receptor findings of a processed doc."""
    from litreview.extract.cohort import cohort_denominator

    vocab = _vocab()
    cohort = cohort_denominator(doc)
    findings: list[Finding] = []
    score_findings: list[Finding] = []
    case_profiles: list[tuple[Sentence, Profile]] = []
    metastasis_sentences: set[int] = set()
    surgical_arm: list[re.Pattern[str] | None] = []  # looked up once, for the first receptor sentence naming a group
    nested_er: set[int] = set()  # sentences whose ER count is nested in the hormone-receptor group
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE") and not (
                sent.section == "BACKGROUND" and _CASE_HEADING.match(sent.text)):
            continue  # (a "Case 2: A 41-year-old woman ..." after "Introduction:" describes a patient of the series)
        text = normalise(sent.text)  # "81.6 per cent" -> "81.6%", odd dashes: offsets unchanged
        if text.isascii() and not _receptor_words().candidates(text, ascii=True):
            continue  # no receptor word (most sentences): the rewrites below cannot make one
        # a review's "pooled proportion of ER-positive primaries was 0.69 (95% CI 0.64-0.74)" -> "69% ": the survival
        # family's rewrite (offsets kept)
        text = pooled_as_percentages(text)
        if may_match(_MASK_ABBR, text):
            text = _MASK_ABBR.sub(lambda m: " " * len(m.group(0)), text)
        if sent.index and _is_case_label(sentences(doc)[sent.index - 1].text):
            # "Case | 1 was ER-positive": a patient number split from its label is not a count
            text = re.sub(r"^\d+", lambda m: " " * len(m.group(0)), text)
        if "[" in text and _BRACKETED_COUNT.search(text):  # "positive in [20] patients (71.4%)": a count in brackets
            text = _BRACKETED_COUNT.sub(lambda m: f" {m.group('n')} ", text)
        left_out = _all_but_rest_negative(text, cohort)
        if left_out is not None:
            # "All but one tumour expressed ER; the remaining tumour was also negative for PR and HER2": triple-negative
            findings.append(make_finding(doc, _FIELDS["TN"], left_out[0], start=sent.start + left_out[1],
                                         end=sent.start + left_out[2], rule="receptors.tn.all_but_rest_negative",
                                         confidence=0.8, unit="%", sentence=sent))
        if "remaining" in text and vocab["remaining_one"].search(text):
            # "...; the remaining patient was triple negative": one patient, written as a count ("one patient was")
            text = vocab["remaining_one"].sub(lambda m: "one".rjust(len(m.group(0)) - 1) + " ", text)
        if may_match(_ELIDED_EITHER, text):  # "ER- and/or PR-positive" is "ER/PR-positive", not ER-negative
            text = _ELIDED_EITHER.sub(_join_elided, text)
        if may_match(_EXPRESSION_OF, text):  # "co-expression of hormone receptor was found in" -> "hormone receptor co-expression"
            text = _EXPRESSION_OF.sub(_expression_after, text)
        # "HER2-positive (irrespective of hormone receptor status)": no hormone receptor status given
        if may_match(vocab["irrelevant"], text):
            text = vocab["irrelevant"].sub(lambda m: " " * len(m.group(0)), text)
        if not any(may_match(vocab[k], text) and vocab[k].search(text) for k in _GATE_KEYS):
            continue
        if "% of " in text and cohort:
            text = _whole_cohort_label(text, cohort)
        if _ARM_NOUN.search(text):
            if not surgical_arm:
                surgical_arm.append(_surgical_arm_abbreviations(doc))
            if surgical_arm[0] and surgical_arm[0].search(text):
                # "In the HEP group" (HEP = hepatectomy): read as the operated arm's usual name, offsets unchanged
                text = surgical_arm[0].sub(lambda m: "LR".ljust(len(m.group(0))), text)
        if "/" in text and ("+/" in text or "-/" in text):
            # "ER/HER2 status was +/- in 18, +/+ in 7, -/+ in 5 and -/- in 6": a flattened cross-table of signs
            sign_table = _sign_pair_table(doc, sent, text, cohort)
            if sign_table:
                findings.extend(sign_table)
                continue
        raw_text, raw_profiles = text, find_profiles(text)  # reused below when no clause gets blanked
        if " / " in text:  # "(positive / negative / unknown): ER 29 (72.5%) / 8 (20.0%) / 3 (7.5%)"
            status_rows = _status_columns(doc, sent, text, cohort)
            if status_rows:
                findings.extend(status_rows)
                continue
        findings.extend(_group_sizes(doc, sent, text, cohort, raw_profiles))
        if "+" in text:
            score_findings.extend(_her2_scores(doc, sent, text, cohort))
        arm_shares = _arm_comparison(doc, sent, text, cohort)
        if arm_shares:
            findings.extend(arm_shares)
            # "... (70% vs 61%); triple-negative tumours made up 12% of the operated group": a clause
            # after the compared pairs without a pair of its own is read on its own ...
            last = 0
            for pair in _VALUE_PAIR.finditer(text):
                last = pair.end()
            semi = text.find(";", last)
            rest = text[semi + 1:] if semi >= 0 else ""
            # ... only when it names the operated arm and no other population ("... of the systemic group")
            if not rest.strip() or _PAIR_WORDS.search(rest) or not vocab["our_arm"].search(rest) \
                    or vocab["other_population"].search(rest) or not find_profiles(rest):
                continue
            text = " " * (semi + 1) + rest
        # a conversion/comparison clause is dropped, the other clauses of the sentence still count
        if may_match(vocab["skip"], text):
            text = ";".join(_without_skipped(c, vocab["skip"]) for c in text.split(";"))
        skip = not text.strip()
        profiles = raw_profiles if text == raw_text else find_profiles(text)
        if not profiles or _outcome_by_group(text, profiles):
            continue
        _attach_values(text, profiles)
        for p in profiles:
            if p.count is not None and p.pct is None and _PATIENT_IDS_BEFORE.search(text, 0, p.start):
                p.count = None  # "Patients 1, 3, 4 and 6 had ER-positive tumours": patient numbers, not a count
            if cohort is not None and 1 < cohort <= NUMBERED_SERIES_MAX and _one_patient_staining(text, p):
                # "Patient 1 had an ER-positive (90%) primary": her tumour's staining, not a share of the series
                p.pct, p.value_end, p.staining = None, None, True
        bare = [p for p in profiles if p.count is not None and p.pct is None and not p.denominator
                and not (p.arm_sum or p.fraction_pair or p.all_but)]
        if cohort and any(p.count > cohort for p in bare):
            # "HR-positive in 28 patients, and HER2 3+ was recorded in six" with a cohort found of 6: a bare count
            # above the cohort says this sentence counts another population (or the cohort found is a part), so
            # none of its bare counts is a share of that cohort
            for p in bare:
                p.count = None
        if skip:
            continue
        if " / " in text:  # "ER-positive 131/190 (68.9%) / 41/56 (73.2%) / 90/134 (67.2%)"
            findings.extend(_fraction_series(doc, sent, text, profiles, cohort))
        if " and " in text:  # "in 81 (69.8%) systemic and 44 (75.9%) surgical patients, HER2 in 30 and 13, respectively"
            findings.extend(_arm_pairs(doc, sent, text, profiles, cohort))
        if "espectively" in text:  # "... in 64.2% and 72.0% of the systemic therapy and surgery groups, respectively"
            findings.extend(_pair_then_arms(doc, sent, text, profiles))
            findings.extend(_pair_before(doc, sent, text, profiles, cohort))  # "7 (25%) and 14 (25%) tumours, respectively, were"
        for p in profiles:
            if p.of_them and not _them_is_cohort(doc, sent, text[:p.start], cohort):
                p.count = p.pct = None  # "HER2 was positive in 4 of them" after "Ten patients recurred": a subgroup
            if p.of_these_n and (not cohort or p.denominator != cohort):
                p.count = p.pct = None  # "in 12 of these 22 patients" after "22 recurred": a subgroup
            _value_of_our_arm(text, p)
        if _RESPECTIVELY.search(text):  # combined groups listed, then their values in order
            findings.extend(_grouped_respectively(doc, sent, text, profiles, cohort))
        findings.extend(_respectively(doc, sent, text, profiles, cohort))
        if " or " in text:
            _either_runs(text, profiles)
        if _RESPECTIVELY.search(text):
            findings.extend(_respectively_arms(doc, sent, text, profiles))
        with_values = [p for p in profiles if (p.count is not None or p.pct is not None) and not p.staining]
        # subgroup guard: a profile whose clause starts with "of these survivors", "among ..."
        def subgroup(p: Profile) -> bool:
            clause_start = max(text.rfind(";", 0, p.start), text.rfind(". ", 0, p.start), 0)
            # a closing bracket ends a subgroup aside: "HER2 3+ (five of them ER-positive), and 26 ..."
            for m in _CLAUSE_BREAK.finditer(text, clause_start, p.start):
                clause_start = m.end()
            window = text[clause_start:p.start]
            if p.value_end is not None and _SUMMARY_BEFORE.search(window) and _OVERALL_AFTER.match(text, p.value_end):
                return False  # "..., giving 15 HER2-positive patients (36.6%) overall": the parts summed over the cohort
            if p.value_end is not None and vocab["population_after"].match(text[p.value_end:p.value_end + 60]):
                return True  # "(n = 41 across both groups)": counted over more than the cohort
            if "including" in window and _INCLUDING_PART.search(window):
                # "26 were HR-positive, including 7 who were also HER2-positive": a part of the group before it (only
                # an ER count inside the HR group is the cohort's own, both shares kept)
                if _er_nested_in_hr(text, p, profiles, p.start, cohort, subgroup):
                    nested_er.add(sent.start)
                    return False
                return True
            # the population named last before the profile is the one it describes: "In the surgery group, ten
            # had ..., whereas in the systemic-therapy group 17 were ..."; "Among all 214 referrals, 65.0% ...,
            # whereas among the 49 resected patients, 36 (73.5%) ..."
            if "each" in window and vocab["each_arm"].search(text, 0, p.start) and _names_other_arm(doc):
                # "the two groups were comparable; in each of them 41 had ...": the operated arm's count too (not
                # when both arms were resected: then the cohort is their sum)
                return False
            of_n = _last(_OF_THE_N, window)
            if of_n and any(q.fraction_pair and q.denominator == cohort and q.value_end is not None
                            and q.start < clause_start + of_n.start() < q.value_end for q in profiles):
                of_n = None  # "in 8 of the 12 X and 29 of the 41 Y patients, and HER2 in 3 and 9": the groups of the cohort
            if of_n and p.denominator and any(q is not p and q.denominator and q.value_end is not None
                                              and q.start < clause_start + of_n.start() < q.value_end for q in profiles):
                # "ER-positive in 88 of the 119 with known ER status, and HER2-positive in 27 of the 117 ...": the
                # earlier profile's own denominator, no population opening this one's clause
                of_n = None
            ours = _last(vocab["our_arm"], window)
            # "66 (75.9%) in the non-resection group": an arm named after a value labels that value, not what follows
            other = _last_leading(vocab["other_population"], window)
            if of_n and cohort and parse_number(of_n.group("n")) != cohort \
                    and not (ours and ours.start() > of_n.start()):
                return True  # "Of the 10 patients alive at five years, 8 ...": a part of the cohort
            opener = _IN_THE_N_OPENER.match(window)
            if opener and cohort and parse_number(opener.group("n")) != cohort:
                return True  # "In the 20 re-tested metastases: ER+ 13 (65.0%)": a clause about a part of the cohort
            screened = _last(vocab["population_of_n"], window)
            if screened and cohort and parse_number(screened.group("n") or screened.group("n2")) != cohort \
                    and not (ours and ours.start() > screened.start()):
                return True  # "Of 140 patients screened, 71% had ...": a population larger than the cohort
            if ours and not (other and other.start() > ours.start()):
                return False  # "In the surgery group, 35 patients (72.9%) ...": the cohort itself
            if other:
                return True  # "in the overall population, 69.4% ...", "in the systemic group": not the cohort
            # "In total, 47 patients underwent resection, 12 of whom had ...", "Twenty-six patients were
            # identified; 15 of them also had ...": the whole cohort (the "of whom" lies in this clause)
            whole = None
            for whole in _WHOLE_OF_WHOM.finditer(text, 0, p.start):
                pass
            if whole and whole.end() > clause_start and cohort and parse_number(whole.group("n") or whole.group("n2")) == cohort:
                return False
            part = vocab["subgroup"].search(text[clause_start:p.start])
            if not part:
                return False
            if cohort == 1 and part.group(0).lower().startswith("in whom") \
                    and vocab["single_patient"].search(text, clause_start, clause_start + part.start()):
                return False  # case report: "a 44-year-old woman ..., in whom ..." is the patient herself
            if cohort and p.denominator == cohort and _NAMED_GROUP.match(part.group(0)):
                return False  # "In the breast cancer subgroup, 35 of the 46 patients" (46 = the cohort): the cohort
            if clause_start == 0 and _COUNT_OF_THEM_OPENER.match(text) and _them_is_cohort(doc, sent, "", cohort) \
                    and not _previous_ends_with_part(doc, sent):
                # "Forty-three women were enrolled. Thirty-two of them had ER-positive tumours and eleven had ...":
                # "them" is the cohort counted just before (never after "..., 20 had synchronous disease")
                return False
            if clause_start == 0 and _THESE_OPENER.match(text) and _them_is_cohort(doc, sent, "", cohort):
                return False  # "Thirty-six women underwent hepatectomy. Of these, 72.2% had ...": the whole cohort
            if any(q.of_them and q.count is not None and q.end <= clause_start + part.start() < (q.value_end or 0)
                   for q in profiles):
                return False  # the "of them" of an earlier count, checked to be the whole cohort

            if _er_nested_in_hr(text, p, profiles, clause_start + part.start(), cohort, subgroup):
                nested_er.add(sent.start)
                return False  # "22 expressed hormone receptors, of which 20 were ER-positive": every ER+ tumour is HR+
            if re.search(r"\b(?:whom|which)\b", part.group(0)) \
                    and vocab["relative_end"].match(text, clause_start + part.end(), p.start):
                # "HER2 was positive in eight, five of whom also had HR-positive disease, and three patients had
                # triple-negative disease": the relative clause has ended, a new subject is counted
                return False
            # "Twenty-nine of them (70.7%)" where 29/41 = 70.7%: "them" is the whole cohort, also for the counts
            # listed after it ("Eighteen of these (75.0%) had ER-positive tumours, four were HER2-positive")
            return not any(cohort and q.count is not None and q.pct is not None
                           and abs(100.0 * q.count / cohort - q.pct) <= 0.6
                           and clause_start + part.start() <= q.start <= p.start for q in profiles)

        if _hr_split_by_er(profiles):
            nested_er.add(sent.start)
        elif sent.start not in nested_er and any(_er_nested_in_hr(text, p, profiles, p.start, cohort, subgroup)
                                                 for p in profiles if p.status == {"ER": True} and not subgroup(p)):
            # "58 (79.5%) had an HR-positive primary tumour, including 55 (75.3%) that were ER-positive": the ER count
            # told inside the HR group (read as the cohort's by the subgroup guard): both shares stated
            nested_er.add(sent.start)
        findings.extend(_inclusion_criterion(doc, sent, text, profiles, cohort))
        findings.extend(_nested_triple_negative(doc, sent, text, profiles, cohort))
        findings.extend(_nested_her2(doc, sent, text, profiles, cohort))
        findings.extend(_lead_nested_rest(doc, sent, text, profiles, cohort))
        findings.extend(_all_or_none(doc, sent, text, profiles, cohort))
        findings.extend(_none_positive(doc, sent, text, [p for p in profiles if not subgroup(p)]))
        with_values = [p for p in with_values if not subgroup(p) and not p.ambiguous]
        # "the primary was ER-positive in 22 ..., whereas the resected metastasis was ER-positive in 18":
        # the primary's status is the one reported
        metastatic = _metastatic(text, profiles)
        if any(p in with_values and not metastatic[i] for i, p in enumerate(profiles)):
            with_values = [p for i, p in enumerate(profiles) if p in with_values and not metastatic[i]]
        elif with_values and any(metastatic):
            metastasis_sentences.add(sent.start)  # only the metastasis' status here: a fallback
        # "...; 11 patients were both HR+ and HER2+": an overlap of the groups listed, not one more group
        # ... but "six tumours were both HR-negative and HER2-negative" is the triple-negative group, outside all of them
        overlap = [p for p in with_values if _OVERLAP_BEFORE.search(text[max(0, p.start - 12):p.start])
                   and p.positive("TN") is not True]
        with_values = [p for p in with_values if p not in overlap]
        if len(with_values) > 1 and any(q.status.get("TN") for q in with_values):
            for p in with_values:
                if p.worded and p.status == {"HER2": True} and _ENRICHED.search(text, p.start, p.end):
                    # "one was HER2-enriched and one triple-negative": beside the triple-negative group the subtype
                    # word is the non-luminal (HR-negative) HER2 group of the list
                    p.status["HR"] = False
        multi = [p for p in with_values if len([k for k in p.status if k != "TN"]) >= 2 or
                 (p.status.get("TN") and len(with_values) > 1)]
        if len(multi) >= 2:
            # single-receptor groups inside the list belong to it ("..., HER2-positive in 6 and triple-negative in 2")
            multi = [p for p in with_values if multi[0].start <= p.start <= multi[-1].start]
            # "Fifteen were ER-positive, two had HER2-amplified, HR-negative disease, and four were triple
            # negative": a single profile opening the list is one more group, its other statuses unknown
            lead = [p for p in with_values if p.start < multi[0].start
                    and (";" not in text[(p.value_end or p.end):multi[0].start] or _partial_list(multi, cohort))]
            # "...; the remaining eight overexpressed HER2, and in five of these ...": a group closing the list
            closing = [] if lead else _closing_group(text, multi, with_values, cohort)
            multi = multi + closing
            split = _split_lead(text, profiles, lead, multi, cohort)
            if not lead and not split:
                # "Of the remaining two, ..." after "Five were ER-positive; one of these was also HER2-positive."
                split, lead = _lead_before(doc, sent, text, multi, cohort)
            # "HER2-positive in 9 (six of them also HR-positive)": the group split by its nested count
            consumed: list[Profile] = []
            groups = _split_nested_asides(text, multi, profiles, consumed) if not split else multi
            # "HR+/HER2- in 24, HER2-positive (...) and triple-negative in 6": a group of the list whose count was not
            # read leaves the receptors it does not state unknown
            unread = [q for q in profiles if multi[0].start < q.start < multi[-1].start and q not in with_values
                      and q not in consumed and q.count is None and q.pct is None and q.status
                      and not (q.ambiguous or q.either or subgroup(q)) and all(q.status.values())]
            findings.extend(_cross_classification(doc, sent, split + multi, cohort) if split else
                            _cross_classification(doc, sent, groups, cohort, unknown=lead + unread))
            singles = [p for p in with_values if p not in multi]
        else:
            singles = with_values
        # a count of this sentence was written over the whole cohort ("14 of 52", "in 10 (21.7%)" of 46)
        whole_seen = _counted_over_cohort(text, with_values, cohort) and not _statuses_incomplete(doc)
        # "forty-five patients (60.8%) had HR-positive disease, 28 had HER2-positive tumours" (of 74, not the 1,012
        # screened): the bare counts share the group of the sentence's count with a percentage
        sibling = _sibling_denominator(doc_text(doc), text, with_values, cohort)
        for p in singles:
            keys = [k for k in ("ER", "HR", "HER2", "TN") if p.positive(k) is True]
            if len(p.status) == 1 or p.either:
                for key in keys:
                    if key == "HR" and not p.either and "HR" not in p.status:
                        continue  # ER-positive implies HR-positive, but ER is the field to report
                    if p.arm_sum and _names_other_arm(doc):
                        # one of the two arms was not resected: the first (the operated arm, as written) is ours
                        p.count, p.pct = p.first_arm
                        p.arm_sum = False
                    if p.fraction_pair and p.denominator != cohort and p.first_fraction:
                        # "in 26 of 33 resected patients and in 51 of 66 controls": the first fraction alone (the cohort's
                        # when 33 is; two groups' fractions that are neither the cohort nor make it up give nothing)
                        p.count, p.denominator = p.first_fraction
                        p.fraction_pair = p.denominator != cohort
                    share = _share(p.count, p.pct, p.denominator or sibling or cohort)
                    if share is None or share > 100 or p.fraction_pair and p.denominator != cohort:
                        continue
                    if p.denominator and cohort and p.denominator != cohort and p.value_end is not None \
                            and _TESTED_AFTER.match(text, p.value_end):
                        # "in 9 of the 31 tumours tested": a share of the tested subset, not of the cohort - unless
                        # so few are untested that both readings agree within a point ("12 of the 51 tested" of 53)
                        whole = _share(p.count, None, cohort) if p.pct is None and p.denominator < cohort \
                            and not p.all_but and not _ALL_BUT.search(text, p.end, p.value_end) else None
                        if whole is None or abs(whole - share) > _UNTESTED_SLACK:
                            continue
                        share = whole
                    if p.denominator and cohort and p.denominator > cohort:
                        continue  # "in 20 of the 28 referred patients" (18 resected): a share of a larger population
                    if p.all_but:
                        share = round(100.0 - share, 1)
                    confidence = 0.85 if p.pct is not None or p.denominator else 0.75
                    if _larger_population(p, cohort):
                        confidence = 0.6  # "enrolled 61; ER-positive in 43 (70%)" of 44 resected: another population's
                    findings.append(make_finding(
                        doc, _FIELDS[key], share, start=sent.start + p.start,
                        end=sent.start + (p.value_end or p.end), rule=f"receptors.{key.lower()}.value",
                        confidence=confidence, unit="%", sentence=sent))
                (key, polarity), = p.status.items() if len(p.status) == 1 else ((None, None),)
                then = vocab["then_positive"].match(text, p.value_end) if polarity is False and p.value_end else None
                unknown = _unknown_after(text, p, cohort) if polarity is False and not then else None
                if then and then.group("n") and key in ("ER", "HR", "HER2"):
                    # "HER2 was negative in 32 and positive in 8": the positive count is the same receptor's
                    n = parse_number(then.group("n"))
                    share = percent(int(n), p.denominator or cohort) if n is not None and float(n).is_integer() \
                        and (p.denominator or cohort) else None
                    if share is not None and share <= 100:
                        findings.append(make_finding(
                            doc, _FIELDS[key], share, start=sent.start + p.start, end=sent.start + then.end(),
                            rule=f"receptors.{key.lower()}.then_positive", confidence=0.75, unit="%", sentence=sent))
                elif unknown is not None and key in ("ER", "HR", "HER2"):
                    # "ER status was negative in 14 patients and could not be retrieved in 5": the rest are positive
                    findings.append(make_finding(
                        doc, _FIELDS[key], unknown, start=sent.start + p.start, end=sent.start + (p.value_end or p.end),
                        rule=f"receptors.{key.lower()}.negative_unknown", confidence=0.75, unit="%", sentence=sent,
                        note="the cohort minus the negative and the unknown counts"))
                elif polarity is False and key in ("ER", "HR", "HER2") and (
                        then or _all_statuses_known(doc) or _negative_of_whole(p, key, text, cohort, whole_seen)):
                    # "ER and PR status was available for all ... ER was negative in 6", "negative in 32 and positive
                    # in the remainder", "ER was negative in 14 of 52 tumours" (52 = the cohort): the rest are positive
                    if p.denominator is None and p.pct is None and whole_seen:
                        p.denominator = cohort
                    whole_seen = whole_seen or bool(cohort and (p.denominator == cohort or p.pct is not None))
                    share = _share(p.count, p.pct, p.denominator or cohort)
                    if share is not None and p.all_but:
                        share = round(100.0 - share, 1)  # "negative in all but two": the two are the positives
                    if share is not None and share <= 100:
                        findings.append(make_finding(
                            doc, _FIELDS[key], round(100.0 - share, 1), start=sent.start + p.start,
                            end=sent.start + (p.value_end or p.end), rule=f"receptors.{key.lower()}.complement",
                            confidence=0.65, unit="%", sentence=sent, note="100 - the negative share; status known for all"))
                elif polarity is False and key in ("ER", "HR", "HER2") and p.arm_sum and not _names_other_arm(doc):
                    pass  # "negative in 6 LLR and 7 OLR patients": two resected arms' counts, no complement
                elif polarity is False and key in ("ER", "HR", "HER2") and _negative_only(doc, p, key, text, cohort):
                    if p.arm_sum:  # "negative in 6 LR patients (20.0%) and 5 RFA patients": the operated arm's
                        p.count, p.pct = p.first_arm
                        p.arm_sum = False
                    share = _share(p.count, p.pct, cohort)
                    if share is not None and p.all_but:
                        share = round(100.0 - share, 1)
                    # "Only four patients had ER-negative tumours": the others are positive
                    # ... or "absent in 12 of the primary tumours" (of all of them)
                    # ... or "Eight of the primary tumours lacked ER expression" (of all of them)
                    only = vocab["only_before"].search(text, max(0, p.start - 80), p.start) or \
                        vocab["of_all_before"].search(text, max(0, p.start - 80), p.start) or (
                        p.value_end is not None and (vocab["only_after"].match(text, p.end, p.value_end)
                                                     or vocab["of_all_after"].match(text, p.value_end)))
                    if not only and any(q.status.get(key) is True for q in profiles):
                        # "four of them were also hormone receptor-positive, and 15 were HR-negative" (of 25):
                        # the receptor's positives told beside it, not adding up - no complement
                        share = None
                    if share is not None and share <= 100:
                        findings.append(make_finding(
                            doc, _FIELDS[key], round(100.0 - share, 1), start=sent.start + p.start,
                            end=sent.start + (p.value_end or p.end),
                            rule=f"receptors.{key.lower()}.{'negative_only' if only else 'negative_count'}",
                            confidence=0.6, unit="%", sentence=sent, note="100 - the negative share; no status unknown"))
            elif p.positive("TN") is True and p.count is not None or p.positive("TN") is True and p.pct is not None:
                share = _share(p.count, p.pct, p.denominator or sibling or cohort)
                if share is not None:
                    findings.append(make_finding(
                        doc, _FIELDS["TN"], share, start=sent.start + p.start, end=sent.start + (p.value_end or p.end),
                        rule="receptors.tn.defined", confidence=0.8, unit="%", sentence=sent))
        if cohort is not None and cohort <= NUMBERED_SERIES_MAX:
            for p in profiles:
                if p.ambiguous or subgroup(p):
                    continue
                if p.count is None or p.staining:
                    case_profiles.append((sent, p))
    if cohort == 1:
        # one patient: a share is 0 or 100; "ER-positive (90%)" is the staining of her tumour
        findings = [f for f in findings if f.value in (0.0, 100.0)]
    # the primary tumour's status wins over the metastasis' one given in another sentence
    primary_fields = {f.field for f in findings if not _in_sentences(doc, f, metastasis_sentences)}
    findings = [f for f in findings if not (f.field in primary_fields and _in_sentences(doc, f, metastasis_sentences))]
    subtype_findings = _subtype_groups(doc, cohort)
    # a small series' counted groups ("Three had ER-positive, HER2-negative tumours and one a triple-negative one")
    # are its statuses; a later "the three with ER-positive disease" is no patient-by-patient account
    if cohort is not None and cohort <= NUMBERED_SERIES_MAX \
            and not any(f.rule.endswith((".value", ".cross_classification")) for f in findings) \
            and not subtype_findings:
        findings.extend(_case_findings(doc, case_profiles, cohort))
    # "luminal B" may or may not include HER2-positive tumours: no HER2 share from such a sentence unless it
    # states the HER2 status itself ("luminal B-like carcinoma (ER-positive, PR-negative, HER2-negative)")
    findings = [f for f in findings if not (f.field == "her2_positive_pct" and _LUMINAL_B.search(f.sentence)
                                            and not _states_her2(f.sentence))]
    # a tally of HER2 scores replaces what single profiles of that sentence gave for HER2
    scored = {f.sentence for f in score_findings}
    findings = [f for f in findings if not (f.field == "her2_positive_pct" and f.sentence in scored)] + score_findings
    # a subtype list's sums replace what the single profiles of that sentence gave for the same field
    summed = {(f.sentence, f.field) for f in subtype_findings}
    findings = [f for f in findings if (f.sentence, f.field) not in summed] + subtype_findings
    findings = _negative_counts(findings)
    findings = _rescored_later(doc, findings)
    findings.extend(_conclusion_counts(doc, cohort, {f.field for f in findings}))
    if cohort and "triple_negative_pct" not in {f.field for f in findings}:
        # "HER2 ... in 11, three of whom belonged to the HR-negative group" (8 HR-negative): 5 triple-negative
        findings.extend(_her2_in_negative_group(doc, cohort, {f.field for f in findings}))
    return _prefer_er(doc, _none_triple_negative(findings), nested_er)


_COUNT_BEFORE_BRACKET = re.compile(rf"(?<![\w.,/-])(?P<n>{INT})\s+(?:[a-z-]+\s+){{0,2}}\(\s*$", re.IGNORECASE)


# the hormone-receptor group's relative clause opening a nested count ("..., of which", "(of these", "- including",
# "..., and among them")
_NESTED_OPENER = re.compile(rf"\s*[\)\]]?\s*(?:{PATIENT_NOUNS}|(?:primary\s+)?tumou?rs?|primar(?:y|ies)|cases)?\s*[,;(\u2013-]?\s*(?:and\s+)?(?:of\s+(?:which|whom|them|these)|among\s+(?:them|these|which|whom)|including)\b",
                            re.IGNORECASE)


def _hr_split_by_er(profiles: list[Profile]) -> bool:
    """The hormone-receptor-positive group counted and then told apart into its ER-positive and ER-negative/PR-positive
    parts ("38 had an HR+ primary; 36 were ER+, the other two being ER-/PgR+", "HR-positive in 30: ER-positive in 27
    and PR-positive only in 3"): the abstract states both shares, so HR is kept beside ER. Only when the parts add
    up to the group."""
    hr = [p for p in profiles if p.status == {"HR": True} and p.count is not None and not (p.either or p.ambiguous)]
    er = [p for p in profiles if p.status == {"ER": True} and p.count is not None]
    pr_only = [p for p in profiles if p.status.get("ER") is False and p.status.get("PR") is True
               and p.count is not None and "HER2" not in p.status]
    if len(hr) != 1 or len(er) != 1 or len(pr_only) != 1 or not hr[0].start < er[0].start:
        return False
    return er[0].count + pr_only[0].count == hr[0].count


def _er_nested_in_hr(text: str, p: Profile, profiles: list[Profile], part_start: int, cohort: int | None,
                     subgroup) -> bool:
    """An ER-positive count nested in the hormone-receptor-positive group just before it ("Twenty-two tumours
    (75.9%) expressed hormone receptors, of which twenty were ER positive", "HR-positive in 30 patients (among them
    27 ER-positive)"): every ER-positive tumour is HR-positive, so the nested count is the cohort's ER count. Only
    when the HR group is the cohort's own (not itself a subgroup) and the ER count does not exceed it."""
    if p.status != {"ER": True} or p.count is None or p.pct is not None and not cohort:
        return False
    lead = next((q for q in reversed(profiles) if q.end <= part_start), None)
    if lead is None or lead.status != {"HR": True} or lead.count is None or lead.either or lead.ambiguous:
        return False
    if not _NESTED_OPENER.match(text, lead.value_end or lead.end, p.start):
        return False
    if p.count > lead.count or lead.denominator not in (None, cohort) or subgroup(lead):
        return False
    return lead.pct is None or not cohort or abs(100.0 * lead.count / cohort - lead.pct) <= 1.0


def _whole_cohort_label(text: str, cohort: int) -> str:
    """``text`` with a share's explicit whole-cohort label blanked ("12 women (22.2% of the whole series)" ->
    "12 women (22.2%)"): the authors say the share is over the cohort, so it reads as a plain share and the
    unknown-status and subgroup guards need not doubt it. Kept when the count before it does not give the share
    over the cohort (within 1 point): then the label names another population."""
    def blank(m: re.Match[str]) -> str:
        opening = text.rfind("(", 0, m.start())
        count = _COUNT_BEFORE_BRACKET.search(text, max(0, opening - 40), opening + 1) if opening >= 0 else None
        n = parse_number(count.group("n")) if count else None
        pct = parse_number(m.group("pct"))
        if n is not None and pct is not None and abs(100.0 * n / cohort - pct) > 1.0:
            return m.group(0)
        return m.group(0)[:m.start("label") - m.start()] + " " * len(m.group("label"))
    return _vocab()["whole_label"].sub(blank, text)


def _larger_population(p: Profile, cohort: int | None) -> bool:
    """A count with its share that is not the count over the cohort but over a larger population ("Sixty-one patients
    were enrolled; ER-positive disease was present in 43 (70%)" with 44 resected): such a value yields to one of the
    resected patients given elsewhere (lower confidence, still read when it is the only one: the cohort found may be
    the wrong one)."""
    if p.count is None or p.pct is None or not p.pct or not cohort or p.denominator is not None or p.all_but:
        return False
    implied = 100.0 * p.count / p.pct
    return abs(100.0 * p.count / cohort - p.pct) > 1.5 and implied > cohort + 1


def _unknown_after(text: str, p: Profile, cohort: int | None) -> float | None:
    """The positive share left by a negative count and the same receptor's unknown count after it ("negative in 14
    patients and could not be retrieved in 5" of 57 -> 38 positive, 66.7): exact, so no cue that all statuses were
    known is needed. Only for counts over the cohort (a percentage alone or another denominator gives nothing)."""
    if p.value_end is None or p.count is None or not cohort or p.denominator not in (None, cohort) or p.all_but:
        return None
    m = _vocab()["then_unknown"].match(text, p.value_end)
    n = parse_number(m.group("n")) if m else None
    if n is None or not float(n).is_integer() or p.count + int(n) > cohort:
        return None
    return percent(cohort - p.count - int(n), cohort)


def _rescored_later(doc: Doc, findings: list[Finding]) -> list[Finding]:
    """ "10 (20.8%) had been reported as HER2-positive under the 2007 criteria; re-scoring under the 2018 update
    classified 12 (25.0%) as HER2-positive": in a sentence that re-scores a status, the field's later value is the
    current one; the earlier is the old classification, and is dropped even when the re-scored value is not read
    (a receptor named again after the re-scoring cue)."""
    pattern = _vocab()["rescored"]
    rescored = {f.sentence for f in findings if f.sentence and may_match(pattern, f.sentence) and pattern.search(f.sentence)}
    if not rescored:
        return findings
    text = doc_text(doc)
    drop: set[int] = set()
    for sentence in rescored:
        begin = text.find(sentence)
        cue = None
        for cue in pattern.finditer(sentence):
            pass
        if begin < 0 or cue is None:
            continue
        named_after = {_FIELDS[k] for p in find_profiles(sentence[cue.end():]) for k in p.status if k in _FIELDS}
        by_field: dict[str, list[Finding]] = {}
        for f in findings:
            if f.sentence == sentence:
                by_field.setdefault(f.field, []).append(f)
        for field, group in by_field.items():
            group.sort(key=lambda f: f.start)
            drop.update(id(f) for f in group[:-1])
            # finding offsets are the abstract's (the title's for a title finding), ``begin`` the doc's
            base = 0 if group[-1].section == "TITLE" else (doc._.abstract_start or 0)
            if field in named_after and group[-1].start + base < begin + cue.start():
                drop.add(id(group[-1]))
    return [f for f in findings if id(f) not in drop]


def _none_triple_negative(findings: list[Finding]) -> list[Finding]:
    """Triple-negative 0% when every tumour is positive for one receptor ("all 26 tumours were HER2-positive",
    a HER2-positive cohort by inclusion, an ER-positive case): a tumour positive for any receptor is not
    triple-negative. Only when no triple-negative share was found and every value of that receptor is 100%."""
    if any(f.field == _FIELDS["TN"] for f in findings):
        return findings
    for key in ("HER2", "ER", "HR"):
        values = [f for f in findings if f.field == _FIELDS[key]]
        if values and all(f.value == 100.0 for f in values) \
                and not all(_vocab()["her2_words"].search(f.text) for f in values):
            # ("HER2-enriched" named alone is a subtype label: the dev set's convention leaves triple-negative empty)
            source = max(values, key=lambda f: f.confidence)
            return findings + [replace(source, field=_FIELDS["TN"], value=0.0, rule="receptors.tn.all_positive",
                                       confidence=round(source.confidence * 0.9, 3),
                                       note=f"every tumour {key}-positive: none triple-negative")]
    return findings


_FROM_NEGATIVES = (".negative_only", ".negative_count")

_PAIR_WORDS = re.compile(r"\b(?:vs|versus|than|compared|respectively)\b", re.IGNORECASE)


def _negative_counts(findings: list[Finding]) -> list[Finding]:
    """Shares derived from negative counts: a positive share written for the receptor wins; a plain negative count
    of the cohort ("ER-negative in 9" of 36) gives the rest as positive (the unknown-status, tested-subset and
    subgroup guards are :func:`_negative_only`'s)."""
    written = {f.field for f in findings if not f.rule.endswith(_FROM_NEGATIVES)}
    findings = [f for f in findings if not (f.rule.endswith(_FROM_NEGATIVES) and f.field in written)]
    return findings


# ... "in 5 of the 9 tumours in which it had been examined": the testing named in a relative clause
# (read only when the share of the cohort and that of the tested agree within this many points: the evaluation's
# tolerance, so the unknown few cannot change the value)
_UNTESTED_SLACK = 1.0
_ALL_BUT = re.compile(r"\ball\s+(?:but|except)\b", re.IGNORECASE)  # "positive in all but two of the 51 tested"
_TESTED_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:(?:in|for|on)\s+which\s+(?:\w+\s+){0,3}?)?"
                           r"(?:tested|assessed|evaluated|examined|analy[sz]ed|measured|determined|available|with\s+known)\b",
                           re.IGNORECASE)


def _prefer_er(doc: Doc, findings: list[Finding], nested_er: set[int] = frozenset()) -> list[Finding]:
    """Hormone receptor share only when no ER share was found, or when the abstract defines the hormone-receptor
    group as "ER and/or PR" (then the gold writers report both), or counts the ER-positive tumours inside the
    hormone-receptor group ("22 expressed hormone receptors, of which 20 were ER-positive": two groups told apart)."""
    er = [f for f in findings if f.field == "er_positive_pct"]
    if er and not (
            "or" in (text := doc_text(doc)) and _vocab()["hr_defined"].search(text)) \
            and not _both_written_negative(doc, findings) \
            and not any(_in_sentences(doc, f, nested_er) for f in er):
        # ... "By definition, all patients were hormone receptor-negative": a statement of every patient's hormone
        # receptor status is the authors' own HR share, kept beside ER (a profile label is not: it stays ER's)
        return [f for f in findings if f.field != "hr_positive_pct" or _whole_cohort_hr(f)]
    return findings


_WHOLE_COHORT_RULES = ("receptors.hr.all", "receptors.hr.all_profile", "receptors.hr.none")


def _whole_cohort_hr(finding: Finding) -> bool:
    """An HR share of a sentence saying every patient's (or no patient's) hormone receptor status, in the abstract
    (not the title's label)."""
    return finding.rule in _WHOLE_COHORT_RULES and finding.section != "TITLE"


def _both_written_negative(doc: Doc, findings: list[Finding]) -> bool:
    """ER and the hormone receptors both written negative in one sentence, each in its own words ("negative for
    oestrogen and progesterone receptors (hormone receptor-negative)", "hormone receptor-negative (ER 0%, PR 0%)"),
    both shares 0: the gold writers report both (an HR-negative label alone gives no ER; one in the title beside an
    ER status in the abstract leaves HR empty)."""
    values = {f.field: f.value for f in findings if f.field in ("er_positive_pct", "hr_positive_pct")}
    if values.get("er_positive_pct") != 0.0 or values.get("hr_positive_pct") != 0.0:
        return False
    written = _vocab()["hr_negative_written"]
    return any(s.section != "TITLE" and written.search(s.text) and any(p.status.get("ER") is False
                                                                        for p in find_profiles(s.text))
               for s in sentences(doc))
