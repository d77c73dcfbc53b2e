"""Headlines and captions in flagging: grouped with the claims of other articles that say the
same thing, never flagged, and never in the place of a prose claim among the candidates."""

import pytest
from django.db.models import Q

from provenance.models import Claim, Flag, GroupMember
from provenance.services import flagging

HOMELESS = "Officials said the floods had left 1,200 people homeless across Varna province."


def _groups() -> list[set[str]]:
    groups: dict[int, set[str]] = {}
    for member in GroupMember.objects.select_related("claim"):
        groups.setdefault(member.group_id, set()).add(member.claim.text)
    return list(groups.values())


def _headline(article) -> Claim:
    return article.claims.get(kind="headline")


@pytest.mark.django_db
def test_a_headline_is_grouped_with_another_articles_claim_that_says_the_same(ingest):
    report = ingest(
        f"Relief convoys reach Varna\n\nRelief convoys reached Varna on Tuesday. {HOMELESS}",
        title="Relief convoys reach Varna",
        publisher="Courier",
    )
    headline_first = ingest(
        "Floods leave 1,200 homeless in Varna province\n\n"
        "Rain fell for a fourth day in the hills above the town.",
        title="Floods leave 1,200 homeless in Varna province",
        publisher="Tribune",
    )
    headline = _headline(headline_first)
    assert headline.embedding is not None
    assert {headline.text, HOMELESS} in _groups(), report


@pytest.mark.django_db
def test_a_headline_is_never_flagged_even_against_a_figure_it_contradicts(ingest):
    ingest(f"Relief convoys reach Varna\n\n{HOMELESS}", title="Relief", publisher="Courier")
    other = ingest(
        "Floods leave 5,000 homeless in Varna province\n\n"
        "Rain fell for a fourth day in the hills above the town.",
        title="Floods",
        publisher="Tribune",
    )
    headline = _headline(other)
    assert not Flag.objects.filter(claim_a=headline).exists()
    assert not Flag.objects.filter(claim_b=headline).exists()
    # the same words as a sentence of the body are flagged: only the kind keeps it out
    third = ingest(
        "Rain fell again\n\nThe floods left 5,000 people homeless in Varna province.",
        title="Rain",
        publisher="Gazette",
    )
    body = third.claims.get(kind="sentence")
    assert Flag.objects.filter(claim_a__text=HOMELESS, claim_b=body).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("by_keys", "by_meaning"), [(1, 0), (0, 1)], ids=["keys", "meaning"])
def test_headlines_never_take_a_prose_claims_place_among_the_candidates(
    ingest, monkeypatch, by_keys, by_meaning
):
    """With room for one candidate by keys (ranked by the number of keys in common) or one by
    meaning, a newer headline that repeats the claim leaves the place to the prose claim in
    conflict with it, which has as many keys in common and is less close in meaning."""
    monkeypatch.setattr(flagging, "TOP_K", by_keys)
    monkeypatch.setattr(flagging, "NEAR_K", by_meaning)
    monkeypatch.setattr(flagging, "similarity", lambda a, b, **_: float(len(a & b)))
    ingest(
        "Rain fell again\n\n"
        "The floods left 5,000 people homeless across Varna province, the Red Crescent said.",
        title="Rain",
        publisher="Gazette",
    )
    ingest(
        f"{HOMELESS.rstrip('.')}\n\nRain fell for a fourth day in the hills above the town.",
        title="Floods",
        publisher="Tribune",
    )
    ingest(f"Relief convoys reach the hills\n\n{HOMELESS}", title="Relief", publisher="Courier")
    claim = Claim.objects.get(text=HOMELESS)
    assert Flag.objects.filter(Q(claim_a=claim) | Q(claim_b=claim)).exists()


@pytest.mark.django_db
def test_headlines_on_one_story_that_say_different_things_are_not_grouped(ingest):
    """A headline is close in meaning to every claim of its story: by meaning alone it groups
    only when much closer than two prose claims need to be."""
    first = ingest(
        "Velmora urges allies to praise its mining record before UN review\n\n"
        "Diplomats in Geneva described the letters as unusual.",
        title="Velmora urges allies",
        publisher="Tribune",
    )
    second = ingest(
        "Velmora faces scrutiny at UN as mining record takes centre stage\n\n"
        "The review opens on Monday in Geneva.",
        title="Velmora faces scrutiny",
        publisher="Courier",
    )
    headlines = {_headline(first).text, _headline(second).text}
    assert not any(headlines <= group for group in _groups())


@pytest.mark.django_db
def test_a_headline_is_grouped_with_its_own_articles_claim_of_another_source(ingest):
    article = ingest(
        "Floods leave 1,200 homeless in Varna province\n\n"
        "The floods left 1,200 people homeless across Varna province, the Red Crescent said. "
        "Rain fell for a fourth day in the hills above the town.",
        title="Floods leave 1,200 homeless in Varna province",
        publisher="Tribune",
    )
    headline = _headline(article)
    body = article.claims.get(text__startswith="The floods left")
    assert {headline.text, body.text} in _groups()


@pytest.mark.django_db
def test_a_headline_is_not_grouped_with_its_own_articles_narration(ingest):
    """The headline and the narration of one article are one source saying one thing."""
    ingest(
        "Floods leave 1,200 homeless in Varna province\n\n"
        "The floods left 1,200 people homeless across Varna province. "
        "Rain fell for a fourth day in the hills above the town.",
        title="Floods leave 1,200 homeless in Varna province",
        publisher="Tribune",
    )
    assert not GroupMember.objects.exists()
