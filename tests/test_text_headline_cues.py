"""Headlines that name their source in headline grammar, and those that do not.

Every headline here is written for these tests; none is taken from the real-article corpus.
"""

import pytest

from provenance.text.pipeline import analyse_article


def _headline_chain(headline: str) -> list[tuple[str, str]] | None:
    body = f"{headline}\n\nThe river rose overnight and flooded the lower town.\n"
    first = analyse_article(body, publisher="Valley Post").claims[0]
    assert first.span.kind == "headline"
    chain = first.attribution.chain if first.attribution else None
    return [(hop.name, hop.kind) for hop in chain] if chain else None


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        ("Fire service: nine rescued off the cape", ("Fire service", "government")),
        ("Governor Raises Flood Death Toll to 40", ("Governor", "government")),
        ("Mayor warns of more floods this week", ("Mayor", "government")),
        ("Rights Group Disputes Official Flood Toll", ("Rights Group", "ngo")),
        # Verbs that challenge a figure or an account report a source's view, as "disputes"
        ("Audit Questions Official Count of Flooded Homes", ("Audit", "document")),
        ("Doctors' group challenges ministry's flood toll", ("Doctors' group", "ngo")),
        # A plural source takes the verb without "s".
        ("Officials lower ferry death toll to 31", ("Officials", "anonymous")),
    ],
)
def test_a_headline_that_names_its_source(headline, speaker):
    assert _headline_chain(headline)[0] == speaker


@pytest.mark.parametrize(
    "headline",
    [
        "Norway: hundreds stranded after ferry strike",
        "UPDATE: nine rescued off the cape",
        "Central bank raises rates again",
        "Storm leaves thousands without power",
        "Questions remain over the dam's safety",
    ],
)
def test_a_headline_with_no_source_is_narration(headline):
    assert _headline_chain(headline) is None


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        # A short source after the statement, behind a colon or a dash.
        ("Ferry toll climbs to 31 off the cape: officials", ("officials", "anonymous")),
        ("Two hikers missing after rockslide - police", ("police", "government")),
        # A label before the colon says what the story is about; the verb's subject speaks.
        ("Council vote: Main opposition rejects the count", ("Main opposition", "unknown")),
        # A second verb with its subject dropped names no one after it.
        ("Ruling party rejects results, urges new poll", ("Ruling party", "unknown")),
    ],
)
def test_a_headline_names_its_source_around_the_statement(headline, speaker):
    assert _headline_chain(headline) == [speaker]


@pytest.mark.parametrize(
    "headline",
    [
        # The accused is no speaker: "accused of" has no object, so it is passive.
        "Harbour board accused of hiding flood report",
        "Port operator blamed for week-long delays",
        # A section label after a dash is no source.
        "River floods - Live Report",
    ],
)
def test_a_headline_about_someone_names_no_source(headline):
    assert _headline_chain(headline) is None


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        # A participle of a headline verb with its source after "in" or "by".
        ("Flood death figures questioned in UN report", ("UN report", "document")),
        ("Ferry toll disputed by rights group", ("rights group", "ngo")),
    ],
)
def test_a_passive_headline_names_its_source_after_the_participle(headline, speaker):
    assert _headline_chain(headline) == [speaker]


@pytest.mark.parametrize(
    "headline",
    ["Mayor questioned by police over flood spending", "Governor Ana Ruiz questioned by judges"],
)
def test_a_passive_headline_about_a_person_or_an_official_names_no_source(headline):
    assert _headline_chain(headline) is None


def test_a_line_in_title_case_is_read_in_headline_grammar_whatever_its_kind():
    body = (
        "Harbour Board Chief Ana Ruiz Rejects Strike Claims: ‘We Paid Every Worker.’\n\n"
        "The river rose overnight and flooded the lower town.\n\n"
        "- Column: Six Ways To Fix The Harbour\n"
    )
    chains = [
        [(hop.name, hop.kind) for hop in claim.attribution.chain] if claim.attribution else None
        for claim in analyse_article(body, publisher="Valley Post").claims
    ]
    assert chains == [[("Ana Ruiz", "government")], None, None]
