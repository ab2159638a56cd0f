"""Survival after resection: median OS, 5-year OS, median DFS and median follow-up.

Fields (all in months except the percentage):

* ``median_os_months`` - median overall survival after resection; ``"NR"`` when
  the median "was not reached" / "had not been attained".
* ``five_year_os_pct`` - 5-year overall survival rate.
* ``median_dfs_months`` - DFS, RFS, PFS or recurrence-free interval, whichever the
  abstract reports (``Finding.note`` says which); ``"NR"`` like OS ("neither median OS nor
  median RFS had been reached" gives both).
* ``median_followup_months`` - median follow-up.

This package holds :func:`extract_survival`, which reads each sentence (and a title stating a result) with the
reporting shapes below, and its final steps (values counted from the diagnosis only as a fallback, the best candidate
per field, nothing for a case report). Every module builds on :mod:`.vocab`:

* :mod:`litreview.extract.survival.vocab`: the rule file, the fields, the view types and what every shape shares.
* :mod:`litreview.extract.survival.views`: house-style rewrites (offsets kept) and the arm and value views of a doc
  (its abbreviations of the arms spelled out, its abbreviation of the operation hidden from the value patterns).
* :mod:`litreview.extract.survival.durations`: median OS, median DFS and median follow-up, and medians not reached.
* :mod:`litreview.extract.survival.five_year`: 5-year OS rates (year lists, one rate for two time points, lists split
  by bracketed CIs).
* :mod:`litreview.extract.survival.arms`: compared arms (the arm of a value, "respectively" lists, the surgical arm of
  a pair, another arm's scope or relative clause, whole-study values beside another arm's own).
* :mod:`litreview.extract.survival.subgroups`: subgroup, comparator and group-labelled values, value labels and
  scopes, one kind of resection, patients who relapsed, propensity-matched subsets.
* :mod:`litreview.extract.survival.origins`: time origins (the operation, the diagnosis of the liver metastases, the
  primary diagnosis) and values each labelled with their own origin.
* :mod:`litreview.extract.survival.sites`: series resecting several metastatic sites (per-site lists, the liver
  group's values).
* :mod:`litreview.extract.survival.breast`: mixed-primary series with breast-scoped figures (also used by the outcome
  family).
* :mod:`litreview.extract.survival.background`: section weights, other studies' figures, background statements and a
  decision model's inputs (:func:`model_input`, also used by the outcome family).

How a value is tied to its measure (see :mod:`litreview.extract.measures`):

* direct: "median OS was 57.3 months", "followed for a median of 73 months";
* respectively: "the DFS and OS were 14 and 57 months" (one measure per value);
* versus: "median OS: 50 vs 45 months" -> the value of the surgical arm, named
  first or second in the sentence;
* bracketed medians after a mean: "29.4 ± 14.5 months (range 12-64, median 29.5
  months)" -> the median, measure taken from earlier in the sentence;
* year lists: "1-, 3- and 5-year OS rates were 95%, 63% and 40%";
* origins as arms: "RFS was 14 months after resection and 8 months after ablation, whereas OS was
  49 and 38 months, respectively" -> 49;
* a 5-year rate naming its own treatment origin after a value counted from diagnosis ("51 months after
  resection and 104 months from the primary diagnosis, and 5-year survival after resection was 43%") -> 43.
* a pair each labelled with its own time origin ("after resection was 4.5 years, and 7.0 years from the
  diagnosis of the primary") -> the value counted from the operation;
* a bare pair ("Median PFS was 18 and 10 months (p = 0.01)") right after the sentence naming both arms -> the
  surgical arm's by that sentence's order; "19 and 11 months, respectively" likewise, even when an arm is named
  again after "respectively" ("..., with local recurrence at the ablation site in 7").

* a "respectively" pair after the sentence's own versus pair ("in the hepatectomy group, median OS was 62 months versus
  34 months, and the 5-year OS rates were 52% and 24%, respectively") -> 52; a bare pair after such a sentence
  ("Median PFS was 20 and 10 months") follows it when its order agrees with the last sentence naming both arms;
* a bare pair after the sentence's own arm pair: "median OS was 59 months after LR and 43 months after MWA, and
  median DFS was 18 and 11 months" -> 18; the surgical arm's value named second of such a pair ("38 months after
  ablation and 57 months after resection") shares the first value's measure -> 57;
* "With 29 months of median follow-up" -> 29 (follow-up only); a median told by its notation ("The follow-up time was
  36 (22, 51) months [M (Q1, Q3)]") -> 36;
* one rate for two time points: "58.9% at both 3 and 5 years" -> 58.9;
* years and months: "four years and two months", "3 yrs 4 months" -> 50, 40; "two and a quarter years", "one and
  three-quarter years" -> 27, 21 (rewritten in place before values are read); "Median FU 41 mo" (not "5-FU");
  telegraphic lists "OS: median 53 mo; 3-y 68%; 5-y 44%" -> 53 and 44;
* a review's summary after a range: "ranged from 27 to 82 months, with a median of the reported medians of 45 months"
  / "with a median value of 18 months" -> 45, 18; "tumour-free survival" is DFS, and so is
  "median time without disease/recurrence" (not one limited to the liver);
* "liver metastases from breast cancer" / "metastases arising from breast cancer" name the primary, not a time origin
  (a title "Hepatectomy for liver metastases from breast cancer: a median survival of 36 months" is read); arm
  abbreviations defined with the group's size ("(ST group, n = 54)") name the arms of later pairs;
* per-site lists of a series resecting several metastatic sites: "79 months for lung, 49 months for liver and 26
  months for brain metastases, with corresponding 5-year OS rates of 62%, 42% and 19%" -> 49 and 42 (the other
  sites' values are dropped, and so are the whole series' values).
* lists by primary tumour: "3- and 5-year survival was 17.3% and 8.6% for gastrointestinal carcinoma, 53.9% and
  24.6% for breast cancer" -> 24.6; "63 months for genitourinary primaries (n = 549; range ...), followed by 44.4
  months for breast cancer" -> 44.4 (the breast value outranks the whole series' value, the other primaries' are
  dropped; "followed by" is no follow-up).
* three or more arms: "71.0, 52.3 and 30.5 months in the resection, MWA and systemic groups, respectively, with
  5-year survival rates of 58.1%, 42.0% and 21.7%" -> 71.0 and 58.1; "in those who did not" after "in women who
  underwent hepatectomy" is the non-surgical arm; arm abbreviations defined with the group size ("(HS; n = 74)").
  Parallel lists closed by the arm labels without "respectively" ("OS was 63, 48 and 30 months, 5-year OS 52%, 39% and
  18%, and median PFS 18, 13 and 9 months in the LR, TA and ST groups") -> 63, 52 and 18 (labels that each name an
  arm only: not "in the luminal, HER2 and TN groups").
* verbs: "Patients lived a median of 58 months after hepatectomy" -> 58 ("survived"/"lived" only before "median").
* a whole-cohort clause with a pronoun: "42.3% after R0 and 23.5% after R1/R2 resection; across all patients it was
  39.8%" -> 39.8 (measure and time point of the clause before).
* labels of a pair before its "respectively" naming a surgical arm and a bare non-surgical treatment ("33 and 61
  months for systemic therapy and hepatectomy, respectively", "in the systemic and surgical groups") -> 61; pooled
  proportions as decimals with their CI ("Pooled 5-year OS was 0.44 (0.39-0.49)") -> 44 (not pooled ratios);
* written forms: "thirty-four per cent of patients were estimated to be alive at five years" -> 34; probabilities
  "at 3 and 5 years were 0.71 and 0.47" -> 47; "57%, 95% CI 45-67%" -> 57; "41% and 21%, respectively, at 5 years";
  "5-year OS was estimated at 38%" / "stood at 38%" -> 38 (rates only: "at" before a duration is a time point).
* not reached before its measure: "the resected group had not yet reached its median overall survival" -> "NR".
* an arm label after a bracket of figures: "not reached in the resection group and was 38 months (95% CI 29-47) in
  the systemic therapy group" -> "NR" (38 is the other arm's); "systemic-therapy groups" hyphenated as a pair label;
* a comma aside between the measure and its verb: "Median OS, measured from resection in the resection group and from
  first-line therapy in the systemic group, was 67 and 31 months, respectively" -> 67 (also after the measure's
  bracketed abbreviation, "Median overall survival (OS), calculated from ..., was ..."); a bracketed aside without
  figures after the measure's origin ("Median OS from the date of hepatectomy (for controls, the matched date) was
  50 months") -> 50;
* the whole cohort in the labels of a respectively list: "57, 41 and 60 months for the whole cohort, the elderly and
  the younger patients, respectively, and the corresponding 5-year OS rates were 47.3%, 35.9% and 50.8%" -> 57 and
  47.3 (not beside a non-surgical arm's label);
* a rate pair split by its first rate's CI: "5-year OS was 57% (95% CI 41-71) and 29%, respectively" read as a pair,
  here after "79 months after hepatectomy versus 37 months with systemic therapy" -> 57; "38 mo (median)" is a median.

Not the cohort's: the pair after "X was associated with longer survival" when X names no arm (a prognostic
factor's groups); eras ("operated on after 2008 ... than those operated on earlier"); single- vs repeat-resection
groups, also for every value of a clause opening with the group ("In the repeat-hepatectomy group, ..."); values
labelled with one kind of resection ("19 months after laparoscopic resection") or a pair of values labelled with
groups that name no arm ("19 months after LLR and 16 months after OLR"); a pair "in the single and repeat groups,
respectively" (its own groups, not an earlier sentence's arms); an elliptic pair sharing its group noun ("41% in the
older and 50% in the younger group"); the comparator "for those with a single resection" of a repeat-resection
group. Values of a propensity-matched subset rank below
the whole operated arm's; figures of a published review ("A systematic review published in 2011 ... reported")
count as another study's; words of a comparison arm after "versus" do not make a sentence background.

A site-specific or other "-free survival" ("liver-specific recurrence-free", "hepatic recurrence-free",
"metastasis-free") is not extracted, and its "survival" is never overall survival. A group defined by an outcome
("Patients who progressed within 6 months of surgery (n = 9) had ...") is a subgroup even after a time point.

A bare "a median of N months" after a measure that already has its value ("With a median follow-up of 31 months, ...
recurrence appeared after a median of 11 months") is some other time, not that measure's. The label of a comparator
arm after "compared with" ("41 months compared with 14 months among those managed without surgery") is not the first
value's. A 5-year rate of a propensity-matched subset ranks below the whole arm's, as medians do. A review's "reported
by 24 studies, with a pooled estimate of 40%" (or "..., with a median of 20 months") is its own figure.

A time to recurrence in a clause counting the patients who relapsed ("25 developed recurrence, after a median time to
recurrence of 13 months") is theirs, not DFS. A value in a relative clause of a non-surgical group ("controls, in whom
median survival was 21 months") is that group's. In a mixed-primary series (non-colorectal, by primary site) that
states its breast patients' figures, the whole series' values are dropped (:func:`breast_group_first`, also used for
morbidity/mortality); there the breast patients are the cohort, so words naming them ("in the breast subgroup", "For
the 37 women with breast cancer", "in this subgroup" right after them) are no subgroup words
(:func:`breast_label_views`), and a value labelled with them outranks an unlabelled one. Elsewhere a subgroup stays
a subgroup. "A months with resection and B months without it": the pronoun names the non-surgical arm (survival's
arm view only; ``arm.other``, which the receptor family reads, is unchanged). In a conversion study the women "who were
not converted" are the non-operated arm, as are patients whose operation stopped at exploration ("underwent
exploration only", "precluded resection"). A bracketed value with its own diagnosis origin ("51 months from resection
(118 months from diagnosis of the primary), with 3- and 5-year OS of 66% and 43%") leaves the later rates counted
from the operation. A pair "in these two groups" after the same sentence compared groups that
are no arms ("women with liver-only disease and those with extrahepatic sites") is theirs, not an earlier sentence's
arms. A subgroup word cut off by the value's short window ("in 43 women whose breast cancer had spread to the liver")
is read on to the clause's end. A sentence listing counts of patients with a trait before its survival item ("63
patients (71.6%) had ER-positive primaries, R0 ... in 80 of 88, median OS was 57 months") gives the cohort's value
(not with "their median OS" or a clause opening with the group). Rates per kind of resection ("52% after LLR and 49% after OLR") give none.

Survival from the diagnosis of the liver metastases ("from diagnosis of liver metastases", "from liver metastasis
diagnosis") is kept, but a value counted from the operation outranks it.
A median OS counted from an unqualified "diagnosis" and labelled with the operated arm (registries of de novo stage
IV disease) is kept only when no other median OS is given; so is the operated arm's 5-year rate of such a pair. The doc's own abbreviation of the resection ("hepatic
resection (HR)") names a time origin and is no hazard ratio. A whole-study value ("in the entire cohort") is dropped
when the abstract reports a non-surgical arm's own values; a clause scoped to that arm ("Among the controls, ...")
gives nothing. A title stating a result ("Five-year survival of 46% after hepatectomy ...") is read at TITLE weight.

Rejected: a decision model's assumed inputs ("the model assumed a 5-year OS of 40%") and thresholds ("unless 5-year
survival fell below 24%", "above", "under"), ranges ("ranged from 20-67 months"), qualified values ("exceeded 64
months", "at 41 and 29 months"), survival counted from the primary diagnosis,
subgroup values (one measure, several values, subtype/risk-group words, or a group compared with "the others"/"the
remaining patients"), comparator values ("55%, as compared
with 24% for those given chemotherapy alone"), other
treatment arms when the surgical arm is reported, and background statements about
untreated disease. A value in RESULTS outweighs one in BACKGROUND; a hedged restatement outside the results ("5-year survival of
approximately 40%") loses to the exact results value it rounds (42.1). Years are
converted to months (x12).
"""

from __future__ import annotations

from spacy.tokens import Doc

from litreview.extract.base import doc_text
from litreview.extract.measures import (ValueCandidate, arm_order, find_duration_groups, find_measures,
                                        find_percent_groups, iter_sentences, make_finding, vs_index)
from litreview.records import Finding
from litreview.extract.survival.vocab import (
    RULES,
    SURVIVAL_FIELDS,
    _FROM_DIAGNOSIS,
    _VALUE_ANY,
    ArmView,
    BreastView,  # noqa: F401 - importable from here as before
    PriorOrder,
    _cue,
)
from litreview.extract.survival.views import _arm_view, _normalised, _value_view, _with_pronoun_arm, pooled_as_percentages
from litreview.extract.survival.arms import _names_an_arm, _unlabelled, _whole_study_of_arms
from litreview.extract.survival.background import model_input
from litreview.extract.survival.sites import _liver_group_first, _mixed_sites
from litreview.extract.survival.breast import breast_group_first, breast_label_views
from litreview.extract.survival.durations import _durations, _not_reached
from litreview.extract.survival.five_year import _five_year, _labelled_pair_before

__all__ = ["extract_survival", "SURVIVAL_FIELDS", "model_input", "breast_group_first", "breast_label_views",
           "pooled_as_percentages"]


def _diagnosis_fallback(pool: list[ValueCandidate]) -> list[ValueCandidate]:
    """Values counted from the diagnosis only when the field has no other candidate: any value of the abstract not
    tied to the diagnosis (after resection, or unlabelled) is the one after the operation, whatever its score."""
    own = [c for c in pool if not c.rule.endswith(_FROM_DIAGNOSIS)]
    return own or pool


def _approximate(cand: ValueCandidate) -> bool:
    """The value is hedged ("approximately 40%", "about 4 years"): a rounded figure."""
    before = cand.sent.text[max(0, cand.start - 20):cand.start]
    return bool(_cue("cue.approximate_value").search(before))


def _exact_of_restatement(best: ValueCandidate, pool: list[ValueCandidate]) -> ValueCandidate:
    """The exact results value a hedged restatement outside the results rounds ("The pooled 5-year OS was 42.1%" ...
    "Conclusions: ... 5-year survival of approximately 40%" -> 42.1): the conclusion's figure outweighs the results'
    by its section only when some cue lowered the results' one, and a rounded figure never beats the exact one it
    restates. Only a value within rounding distance (10%, at least 2.5 points) counts as restated."""
    if best.sent.section == "RESULTS" or not isinstance(best.value, (int, float)) or not _approximate(best):
        return best
    tolerance = max(abs(best.value) * 0.1, 2.5)
    for cand in pool[1:]:
        if cand.sent.section == "RESULTS" and isinstance(cand.value, (int, float)) \
                and abs(cand.value - best.value) <= tolerance and not _approximate(cand):
            return cand
    return best


def _select(doc: Doc, cands: list[ValueCandidate]) -> list[Finding]:
    findings: list[Finding] = []
    for field_name in SURVIVAL_FIELDS:
        pool = sorted(_diagnosis_fallback([c for c in cands if c.field == field_name]), key=lambda c: -c.score)
        if not pool:
            continue
        top = pool[0].score  # (a restated exact figure takes its restatement's score: corroborated)
        best = _exact_of_restatement(pool[0], pool)
        if best is not pool[0]:
            pool = [best] + [c for c in pool if c is not best and c is not pool[0]]
        confidence = min(0.95, top)
        rivals = [c for c in pool[1:] if c.value != best.value and c.score >= top * 0.9]
        note = best.note
        if rivals:
            confidence *= 0.7
            extra = "competing value(s): " + ", ".join(str(c.value) for c in rivals[:3])
            note = f"{note}; {extra}" if note else extra
        findings.append(make_finding(doc, best.sent, field_name, best.value, best.unit, best.start, best.end,
                                     confidence, best.rule, note))
    return findings


def _single_patient(doc: Doc) -> bool:
    """A case report: its survival times are one woman's, not medians or rates."""
    try:
        from litreview.extract import design_of

        return design_of(doc) == "case report"
    except Exception:  # noqa: BLE001 - without a design, extract as usual
        return False


def _title(doc: Doc, cands: list[ValueCandidate], arms: ArmView, values: ArmView) -> None:
    """A title stating the result ("Five-year survival of 46% after hepatectomy ...: analysis of 52 patients"): the
    study's own figure, ranked below the abstract's (TITLE weight). Read on its own: a title naming two arms gives
    no order to the abstract's bare pairs."""
    for sent in iter_sentences(doc, include_title=True):
        if sent.section != "TITLE":
            break  # the title comes first
        if not _VALUE_ANY.search(sent.text) or not find_measures(sent.text, RULES) or model_input(sent.text):
            continue
        sent = _normalised(sent)
        measures = find_measures(sent.text, RULES)
        _durations(sent, measures, cands, arms=arms, values=values)
        _five_year(sent, measures, cands, arms=arms, values=values)


def extract_survival(doc: Doc) -> list[Finding]:
    """The survival findings of a processed doc (at most one per field; none for a case report)."""
    if _single_patient(doc):
        return []
    cands: list[ValueCandidate] = []
    sents = list(iter_sentences(doc))
    views: list[ArmView] = []
    value_views: list[ArmView] = []

    def values(text: str) -> str:
        # built on the first value look-up only: most docs hold no survival figure
        if not value_views:
            value_views.append(_value_view(doc))
        return value_views[0](text)

    def arms(text: str) -> str:
        # built on the first arm look-up only: most docs never ask (its abbreviation scan is not free)
        if not views:
            views.append(_with_pronoun_arm(_arm_view(doc)))
        return views[0](text)

    breast = breast_label_views(doc, sents)

    orders: dict[int, int | None] = {}

    def arms_order(index: int) -> int | None:
        if index not in orders:
            text = arms(sents[index].text)
            orders[index] = arm_order(text, RULES) if _names_an_arm(text) else None
            raw = sents[index].text
            if orders[index] is None and ("breast" in raw.lower() or "BCLM" in raw):
                # "49 months after resection of BCLM and 56 months after resection of CRLM": a pair labelled breast
                # against another primary orders the bare pairs after it like an arm pair
                labelled = _labelled_pair_before(raw, len(raw), arms)
                if labelled is not None and labelled[1] == "parallel-primaries":
                    orders[index] = labelled[0]
        return orders[index]

    def previous_order(index: int) -> int | None:
        # the arms' order of the sentence right before: its own arm pair, else (asked only for a bare pair) its versus
        # pair read with the arm it names when that agrees with the last sentence naming both arms ("... in the
        # hepatectomy group, median OS was 62 versus 34 months ... Median PFS was 20 and 10 months")
        if index <= 0:
            return None
        if (own := arms_order(index - 1)) is not None:
            return own
        raw = sents[index - 1].text
        if "vs" not in raw and "versus" not in raw:
            return None  # the cheap literal first
        if not any(g.versus and len(g.items) == 2 and _unlabelled(raw, g.end)
                   for g in (*find_duration_groups(raw), *find_percent_groups(raw))):
            return None
        order = vs_index(arms(raw), RULES)
        return order if order is not None and order == prior_order(index - 1)() else None

    def prior_order(index: int) -> PriorOrder:
        # asked only for a bare pair of values (rare): the arms' order of the last earlier sentence naming both
        return lambda: next((o for j in range(index - 1, -1, -1) if (o := arms_order(j)) is not None), None)

    for index, sent in enumerate(sents):
        if not find_measures(sent.text, RULES) or model_input(sent.text):
            continue
        sent = _normalised(sent)  # the rewrites keep the measure words: only sentences with one are rewritten
        measures = find_measures(sent.text, RULES)
        scope = lambda index=index: breast(index)  # noqa: E731
        _durations(sent, measures, cands, prior_order(index), arms,
                   lambda index=index: previous_order(index), values, scope)
        _not_reached(sent, measures, cands, arms, scope, prior_order(index))
        _five_year(sent, measures, cands, prior_order(index), arms,
                   lambda index=index: previous_order(index), values, scope)
    _title(doc, cands, arms, values)
    if cands and _mixed_sites(doc_text(doc)):
        cands = _liver_group_first(cands)
    cands = _whole_study_of_arms(cands, sents, arms)
    return _select(doc, breast_group_first(doc, cands))
