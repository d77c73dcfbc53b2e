"""Shared by the page tests and the browser tests: a small desk built through the real
services (two articles whose sources contradict each other, one of them carrying markup that
must show as text), and the hostile strings to look for."""

from dataclasses import dataclass

from provenance.models import Article, Flag
from provenance.services.claims import claim_merge, claim_trim
from provenance.services.flagging import article_flag
from provenance.services.ingest import article_ingest
from provenance.text.types import RawArticle

# Text a page must show as text: if any of it ran, a dialog would open.
HOSTILE_TITLE = 'Dam row <script>alert("title")</script>'
HOSTILE_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")

MINISTRY = (
    "Dam row deepens\n\n"
    "Officials said <script>alert(1)</script> the flood displaced 40,000 villagers in the "
    "delta, the interior ministry told Reuters.\n"
    "The ministry denied that any dams had failed upstream, a spokesman said.\n"
    "A local group said <img src=x onerror=alert(2)> roads to the delta were closed.\n"
)
AID_AGENCIES = (
    "Delta flood figures questioned\n\n"
    "Aid agencies said the flood displaced no more than 5,000 villagers in the delta.\n"
    "Engineers said two dams had failed upstream during the storm.\n"
    "The Red Cross said it had sent 40 trucks of supplies, according to AFP.\n"
)


@dataclass
class Desk:
    hostile: Article
    other: Article
    flag: Flag


def build_desk(project) -> Desk:
    """Ingest both articles, flag them and return them with the strongest open flag."""
    hostile = article_ingest(
        project=project,
        raw=RawArticle(body=MINISTRY, title=HOSTILE_TITLE, publisher="State TV"),
        origin="tests/ministry.txt",
    ).article
    other = article_ingest(
        project=project,
        raw=RawArticle(body=AID_AGENCIES, title="Delta flood figures", publisher="AFP"),
        origin="tests/aid.txt",
    ).article
    # Flagging is enqueued after commit; running it here too (it is idempotent) makes the desk
    # the same whether or not the caller's test runs on-commit work.
    for article in (hostile, other):
        article_flag(article_id=article.pk)
    flag = Flag.objects.filter(project=project, status="open").order_by("-score").first()
    assert flag is not None, "the two articles should contradict each other"
    return Desk(hostile=hostile, other=other, flag=flag)


# An article whose second sentence ``leave_uncovered`` takes out of every claim, to be made a
# claim from the reader.
UNCOVERED = "Police said the flood displaced 40,000 villagers in the delta."
UNCOVERED_STORY = (
    f"Residents said the water rose overnight.\n{UNCOVERED}\n"
    "Shops in the town stayed shut, the mayor said.\n"
)


def leave_uncovered(article: Article, user) -> int:
    """Merge the article's first two claims and trim the result back to the first, as an
    annotator might, so that the second sentence lies in no claim; returns where it starts."""
    first, second = list(article.claims.order_by("start"))[:2]
    assert second.text == UNCOVERED
    merged = claim_merge(
        claims=[first, second],
        versions={first.pk: first.version, second.pk: second.version},
        user=user,
    )
    claim_trim(
        claim=merged,
        start=merged.start,
        end=merged.start + len(first.text),
        version=merged.version,
        user=user,
    )
    return article.body.index(UNCOVERED)
