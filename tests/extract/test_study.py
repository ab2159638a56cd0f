"""Study period and country."""

from __future__ import annotations

import pytest

from litreview.extract.study import canonical_country, country_patterns, extract_study

from secondary_helpers import by_field, make_doc


@pytest.mark.parametrize("sentence, period", [
    ("Methods: Between October 2016 and November 2019, 12 patients were treated.", (2016, 2019)),
    ("Methods: From 1997-2010, 86 patients had resection.", (1997, 2010)),
    ("Methods: From 1985 through 2012, 139 patients had hepatectomy.", (1985, 2012)),
    ("Methods: In 2000 to 2006, 42 patients were operated on.", (2000, 2006)),
    ("Methods: A retrospective study of the period 2009-2013 was carried out.", (2009, 2013)),
    ("Methods: Studies published 1999-2010 were searched in Medline.", None),
    ("Methods: Patients were operated on in 2008 and 2010.", None),
    ("Methods: 29 women were operated on over a 12-year period ending in December 2018.", (2007, 2018)),
    ("Methods: 20 women were treated during a five-year period beginning in 2010.", (2010, 2014)),
    ("Methods: Women were enrolled from March 2014; accrual closed in 2021.", (2014, 2021)),
    ("Methods: Women were enrolled from March 2014.", None),
    ("Methods: The hospital database was searched for all hepatectomies performed between 2011 and 2019.",
     (2011, 2019)),
    ("Methods: PubMed was searched for women who had liver resection for breast cancer metastases between 2001 and "
     "2018.", None),
])
def test_study_period(sentence: str, period: tuple | None) -> None:
    found = by_field(extract_study(make_doc(sentence, title="Liver resection")))
    assert (found["study_period"].value if "study_period" in found else None) == period


def test_country_from_demonym_city_and_title() -> None:
    doc = make_doc("Methods: Women treated at a Turkish university hospital and in Lyon were included.",
                   title="Liver resection for breast cancer metastases")
    finding = by_field(extract_study(doc))["country"]
    assert finding.value == "Turkey; France" and finding.note == "several countries named"


def test_country_ignores_makers_registries_and_literature_databases() -> None:
    doc = make_doc("Methods: Resection used an ultrasonic dissector (CUSA; Integra Lifesciences, Plainsboro, USA). "
                   "We searched PubMed and the Chinese BioMedical Literature Database. "
                   "Trial registration: Australian New Zealand Clinical Trials Registry ACTRN1234.")
    assert "country" not in by_field(extract_study(doc))


@pytest.mark.parametrize("sentence, country", [
    ("Methods: Four hepatobiliary units in Catalonia contributed patients.", "Spain"),
    ("Methods: A study was conducted at 11 hospitals in the Kyushu region.", "Japan"),
    ("Methods: Women were treated at the Saarland University Hospital.", "Germany"),
    ("Breast cancer causes more than 12,000 deaths a year in the UK.", None),
])
def test_country_from_regions_not_epidemiology(sentence: str, country: str | None) -> None:
    found = by_field(extract_study(make_doc(sentence, title="Liver resection")))
    assert (found["country"].value if "country" in found else None) == country


def test_country_rules_are_compiled_once() -> None:
    vocab = country_patterns()
    assert country_patterns() is vocab
    assert vocab.country_of["Gangnam Severance"] == ("South Korea", "place")
    assert vocab.places.search("at the Mexico City hospital").group(0) == "Mexico City"
    assert vocab.nouns.match(" university hospital") and vocab.not_after.search("African ")


@pytest.mark.parametrize("raw, canonical", [
    ("United States", "USA"), ("U.S.A.", "USA"), ("usa", "USA"), ("United Kingdom", "UK"), ("England", "UK"),
    ("Republic of Korea", "South Korea"), ("The Netherlands", "Netherlands"), ("Viet Nam", "Vietnam"),
    ("France; Italy", "France; Italy"), ("United States; USA", "USA"), ("Atlantis", "Atlantis"), (None, None),
])
def test_canonical_country(raw: str | None, canonical: str | None) -> None:
    assert canonical_country(raw) == canonical


def test_extracted_country_is_canonical() -> None:
    doc = make_doc("Methods: Patients were treated in the United States of America and in the United Kingdom.")
    assert by_field(extract_study(doc))["country"].value == "USA; UK"
