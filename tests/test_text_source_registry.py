"""The source registry: shipped data, name normalisation, matching and kinds by wording."""

import json

import pytest

from provenance.text.source_kinds import head_word, kind_from_description
from provenance.text.source_registry import (
    DEFAULT_REGISTRY_PATH,
    SourceEntry,
    SourceRegistry,
    kind_for_mention,
    load_registry,
    normalize_source_name,
)
from provenance.text.types import SOURCE_KINDS


@pytest.fixture(scope="module")
def registry() -> SourceRegistry:
    return load_registry()


def test_shipped_list_is_large_and_uses_known_kinds(registry):
    assert len(registry) >= 150
    assert {entry.kind for entry in registry.entries} <= set(SOURCE_KINDS)
    kinds = {entry.kind for entry in registry.entries}
    assert {"wire_agency", "state_media", "news_media", "un_body", "ngo"} <= kinds


def test_shipped_aliases_point_to_one_entry_each():
    rows = json.loads(DEFAULT_REGISTRY_PATH.read_text(encoding="utf-8"))["sources"]
    seen: dict[str, str] = {}
    for row in rows:
        for alias in (row["name"], *row.get("aliases", [])):
            assert seen.setdefault(alias, row["name"]) == row["name"], alias


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Reuters", "Reuters"),
        ("Reuters news agency", "Reuters"),
        ("Thomson Reuters", "Reuters"),
        ("Reuters information company", "Reuters"),
        ("Xinhua", "Xinhua"),
        ("Xinhua News Agency", "Xinhua"),
        ("the Xinhua state news agency", "Xinhua"),
        ("The Associated Press", "Associated Press"),
        ("AP", "Associated Press"),
        ("Amnesty Worldwide", "Amnesty International"),
        ("Uighur Human Rights Project", "Uyghur Human Rights Project"),
        ("U.N.", "United Nations"),
        ("UN human rights office", "OHCHR"),
        ("Human Rights Wacth", "Human Rights Watch"),
        # an outlet or body named with the country that owns it
        ("Egypt's official MENA news agency", "MENA"),
        ("Iran's semi-official Fars news agency", "Fars News Agency"),
        ("South Korea's official Yonhap", "Yonhap"),
        ("China’s state broadcaster CCTV", "CCTV"),
        # agencies that credit copy with their acronyms
        ("IANS", "Indo-Asian News Service"),
        ("PAP", "Polish Press Agency"),
        ("Pakistan's state-run APP", "Associated Press of Pakistan"),
        ("the US Federal Reserve", "Federal Reserve"),
    ],
)
def test_spellings_of_one_source_match_one_entry(registry, mention, expected):
    entry = registry.match(mention)
    assert entry is not None and entry.name == expected


@pytest.mark.parametrize(
    "mention",
    [
        "Reuben Sanders",
        "who",
        "ap",
        "Kuwait",
        "China",
        "Global",
        "China's official",
        "Iran's state",
    ],
)
def test_unrelated_names_and_words_do_not_match(registry, mention):
    assert registry.match(mention) is None


def test_normalize_strips_descriptions_not_names():
    assert normalize_source_name("The Xinhua state news agency") == "xinhua"
    assert normalize_source_name("Thomson Reuters Inc.") == "reuters"
    assert normalize_source_name("China's") == "china"
    assert normalize_source_name("The Times") == "times"


def test_find_in_locates_known_sources_inside_a_phrase(registry):
    found = registry.find_in("a researcher at Human Rights Watch and a UN official")
    assert [entry.name for _, entry in found] == ["Human Rights Watch", "United Nations"]


def test_registry_built_from_entries_matches_fuzzily():
    registry = SourceRegistry([SourceEntry("Sentinel Watch", "ngo", ("SW",))])
    assert registry.match("Sentinel Wacth").name == "Sentinel Watch"
    assert registry.match("SW").name == "Sentinel Watch"
    assert registry.match("sw") is None


def test_load_registry_refuses_unknown_kinds_and_keys(tmp_path):
    path = tmp_path / "sources.json"
    path.write_text(json.dumps({"sources": [{"name": "X", "kind": "blog"}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        load_registry(path)
    path.write_text(json.dumps({"sources": [{"name": "X", "kind": "ngo", "url": "x"}]}))
    with pytest.raises(ValueError, match="unknown keys"):
        load_registry(path)


@pytest.mark.parametrize(
    ("mention", "kind"),
    [
        ("China's foreign ministry", "government"),
        ("the Chinese embassy in Geneva", "government"),
        ("China's mission to the UN", "government"),
        ("the Permanent Mission of Cuba", "government"),
        ("Germany's UN ambassador", "government"),
        ("a spokeswoman for the interior ministry", "government"),
        ("police", "government"),
        ("Beijing", "government"),
        ("UN human rights chief", "un_body"),
        ("the UN special rapporteur on torture", "un_body"),
        ("an OHCHR spokesperson", "un_body"),
        ("a researcher at Human Rights Watch", "ngo"),
        ("rights groups", "ngo"),
        ("activists", "ngo"),
        ("a professor at Oxford University", "academic"),
        ("researchers", "academic"),
        ("two officials at the meeting", "anonymous"),
        ("three Western diplomats", "anonymous"),
        ("a source who asked not to be named", "anonymous"),
        ("a Chinese letter", "document"),
        ("the report", "document"),
        ("Chinese state media", "state_media"),
        ("Xinhua", "state_media"),
        ("Reuters", "wire_agency"),
        ("the Global Times", "state_media"),
        ("residents", "individual"),
        ("Tohoku Electric Power", "unknown"),
        # Outlets and agencies that disasters, breaches and elections are reported from.
        ("Bloomberg", "news_media"),
        ("UPI", "wire_agency"),
        ("the USGS", "government"),
        ("the U.S. Agency for International Development", "government"),
        ("UNIFIL", "un_body"),
        ("the GFZ", "academic"),
        ("the NTSB", "government"),
        ("the IDF", "government"),
        ("the Syrian Observatory", "ngo"),
        ("PAHO", "un_body"),
        ("ODIHR", "government"),
        ("the Movement for Socialism", "unknown"),  # a party
        ("the opposition Unity Council", "unknown"),  # an opposition body is a party's
        ("the ruling Kestrel Front", "unknown"),  # "ruling" before a name is no court's ruling
        # Bodies of a state by what they do, and offices of a state.
        ("the Joint Forces Command", "government"),
        ("the Disaster Management Centre", "government"),
        ("the Secretariat for Risk Management", "government"),
        ("the Kestrel Institute of Statistics", "government"),
        ("the presidential press service", "government"),
        ("the Prosecutor-General's Office", "government"),
        ("the SBU", "government"),
        # Words before "expert" name a field, not the expert's employer.
        ("a public health expert", "academic"),
        ("a UN expert", "un_body"),
        ("the Carter Center", "ngo"),
        ("The Lancet", "academic"),
        ("UNITA", "unknown"),  # a party, though its acronym starts as the UN's do
        ("a senior fellow at the Atlantic Council", "academic"),
        # A state named by its name is its government, whatever the apposition says of it.
        ("Norway, one of the largest donors to the UN fund", "government"),
        ("Puerto Rico", "government"),
        # A spokesperson speaks for the body, named or not; other unnamed people are anonymous.
        ("a Kenyan government spokesman who asked not to be named", "government"),
        ("an Israeli spokeswoman who declined to be named", "government"),
        ("a government official who asked not to be named", "anonymous"),
    ],
)
def test_kind_for_mention(registry, mention, kind):
    assert kind_for_mention(mention, registry) == kind


def test_a_named_person_without_affiliation_is_an_individual(registry):
    assert kind_for_mention("Ana Ruiz", registry, is_person=True) == "individual"
    # A first name that is also a capital's, before an apposition, is still a person's.
    assert kind_for_mention("Sofia, 24, a student", registry, is_person=True) == "individual"
    assert (
        kind_for_mention("Ana Ruiz, Chile's deputy foreign minister", registry, is_person=True)
        == "government"
    )


def test_head_word_skips_quantifiers_and_modifiers():
    assert head_word("two of the Geneva diplomats") == "diplomats"
    assert head_word("three people familiar with the matter") == "people"
    assert head_word("a WHO risk assessment") == "assessment"


def test_kind_from_description_without_registry():
    assert kind_from_description("a letter", has_person_name=False) == "document"
    assert kind_from_description("Mark Lee", has_person_name=True) == "individual"
