"""schema.org ClaimReview in JSON-LD, for publishing fact checks.

The export is one JSON-LD document, ``{"@context": "https://schema.org", "@graph": [...]}``,
with one ``ClaimReview`` per claim, so a JSON-LD processor reads the whole file at once and a
publisher can cut out any one review to embed in its page.

Each review carries ``claimReviewed`` (the claim's text), ``author`` (the project, as the
organisation that did the check), ``itemReviewed`` (a ``Claim`` whose ``author`` is the
original speaker of the claim's main chain and whose ``appearance`` is the article) and
``reviewRating``.

Verdicts become ratings on Google's suggested 1 (false) to 5 (true) scale, and
``alternateName``, the human-readable rating that fact-check readers and Google show, always
names the verdict:

=============  ===========  ===================
verdict        ratingValue  alternateName
=============  ===========  ===================
supported      5            True
misleading     3            Misleading
refuted        1            False
unverifiable   (none)       Unverifiable
(no verdict)   (none)       Not yet rated
=============  ===========  ===================

"Unverifiable" says nothing about truth, so it has no place on a true–false scale and gets no
number rather than a misleading middle value; ``alternateName`` alone is a valid rating. The
confidence of the verdict goes into ``ratingExplanation``.
"""

import json

from annotations.formats import (
    MAIN_ATTRIBUTION_COLUMN,
    ExportContext,
    ExportFormat,
    main_chain,
)
from provenance.models import Verdict

RATINGS: dict[str | None, tuple[int | None, str]] = {
    Verdict.SUPPORTED: (5, "True"),
    Verdict.MISLEADING: (3, "Misleading"),
    Verdict.REFUTED: (1, "False"),
    Verdict.UNVERIFIABLE: (None, "Unverifiable"),
    None: (None, "Not yet rated"),
}

# People are schema.org Persons; everything else that speaks is an Organization.
_PERSON_KINDS = {"individual", "anonymous"}


def _rating(record: dict) -> dict:
    value, name = RATINGS[record["verdict"]]
    rating: dict = {"@type": "Rating", "alternateName": name}
    if value is not None:
        rating.update(ratingValue=value, bestRating=5, worstRating=1)
    if record["verdict"] is not None and record["confidence"] is not None:
        rating["ratingExplanation"] = (
            f"Verdict: {record['verdict']}, confidence {record['confidence']:.2f}."
        )
    return rating


def _appearance(record: dict, context: ExportContext) -> dict:
    article = record["article"]
    appearance: dict = {
        "@type": "NewsArticle",
        "url": article["url"] or context.api_url(f"articles/{article['id']}/"),
    }
    if article["title"]:
        appearance["headline"] = article["title"]
    if article["publisher"]:
        appearance["publisher"] = {"@type": "Organization", "name": article["publisher"]}
    if article["published"]:
        appearance["datePublished"] = article["published"]
    return appearance


def _claim(extra: dict, record: dict, context: ExportContext) -> dict:
    item: dict = {"@type": "Claim", "appearance": _appearance(record, context)}
    chain = main_chain(extra, record)
    if chain:
        speaker = chain[0]
        item["author"] = {
            "@type": "Person" if speaker["kind"] in _PERSON_KINDS else "Organization",
            "name": speaker["name"],
        }
    if record["article"]["published"]:
        item["datePublished"] = record["article"]["published"]
    return item


def claim_review(extra: dict, record: dict, context: ExportContext) -> dict:
    url = context.api_url(f"claims/{record['id']}/")
    return {
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "claimReviewed": record["text"],
        "datePublished": extra["updated_at"].date().isoformat(),
        "author": {"@type": "Organization", "name": extra["project"]},
        "itemReviewed": _claim(extra, record, context),
        "reviewRating": _rating(record),
    }


CLAIMREVIEW = ExportFormat(
    name="claimreview",
    content_type="application/ld+json",
    extension="jsonld",
    render=lambda extra, record, context: json.dumps(
        claim_review(extra, record, context), ensure_ascii=False
    ),
    head=lambda context: '{"@context": "https://schema.org", "@graph": [\n',
    separator=",\n",
    tail=lambda context, count: "\n]}\n",
    extra_columns={
        "updated_at": "updated_at",
        "project": "article__project__name",
        **MAIN_ATTRIBUTION_COLUMN,
    },
)
