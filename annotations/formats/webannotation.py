"""W3C Web Annotation: one annotation per claim, gathered in one ``AnnotationCollection``.

The file is a single JSON-LD document in the Web Annotation Data Model's own paging shape: an
``AnnotationCollection`` whose ``first`` (and only) ``AnnotationPage`` holds the annotations in
``items``, and whose ``total`` is written last, once it is known; JSON keys have no order, so
the whole export streams.

Each annotation (``motivation: assessing``) targets the article text the desk stores: its
``source`` is that text as a plain-text resource (``/api/v1/articles/{id}/text/``), which the
offsets count into, and ``scope`` is the original web address when there is one. Two
selectors find the claim there: ``TextQuoteSelector`` (``exact`` with up to 32 characters of
``prefix`` and ``suffix``, robust to edits of the text) and ``TextPositionSelector``
(``start``/``end`` in characters, as the model counts them: Unicode code points). The
``body`` is a list: the verdict as an ``assessing`` ``TextualBody``, a sentence a person can
read, and the verdict, confidence and attribution chains as ``application/json`` for programs.
"""

import json

from django.db.models import F, Value
from django.db.models.functions import Greatest, Least, Substr

from annotations.formats import (
    MAIN_ATTRIBUTION_COLUMN,
    ExportContext,
    ExportFormat,
    main_chain,
)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT_CHARS = 32


# The columns an annotation shows beyond the record. The quote's prefix and suffix are cut by
# the database, so the article body itself never leaves it (SQL substrings count from 1).
EXTRA_COLUMNS = {
    "created_at": "created_at",
    "updated_at": "updated_at",
    "project": "article__project__name",
    "quote_prefix": Substr(
        "article__body",
        Greatest(F("start") - QUOTE_CONTEXT_CHARS + 1, Value(1)),
        Least(F("start"), Value(QUOTE_CONTEXT_CHARS)),
    ),
    "quote_suffix": Substr("article__body", F("end") + 1, Value(QUOTE_CONTEXT_CHARS)),
    **MAIN_ATTRIBUTION_COLUMN,
}


def _chain_phrase(chain: list[dict]) -> str:
    if not chain:
        return "No source is attributed."
    said = f"Said by {chain[0]['name']} ({chain[0]['kind'].replace('_', ' ')})"
    relays = ", then ".join(hop["name"] for hop in chain[1:])
    return f"{said}, relayed by {relays}." if relays else f"{said}."


def _bodies(extra: dict, record: dict) -> list[dict]:
    bodies = []
    verdict = record["verdict"]
    if verdict:
        bodies.append({"type": "TextualBody", "purpose": "assessing", "value": verdict})
    rated = (
        f"Verdict: {verdict}, confidence {record['confidence']:.2f}."
        if verdict and record["confidence"] is not None
        else f"Verdict: {verdict or 'not yet given'}."
    )
    bodies.append(
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "value": f"{rated} {_chain_phrase(main_chain(extra, record))}",
        }
    )
    data = {
        "claim": record["id"],
        "status": record["status"],
        "verdict": verdict,
        "confidence": record["confidence"],
        "attributions": record["attributions"],
    }
    bodies.append(
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "application/json",
            "value": json.dumps(data, ensure_ascii=False),
        }
    )
    return bodies


def _target(extra: dict, record: dict, context: ExportContext) -> dict:
    quote: dict = {"type": "TextQuoteSelector", "exact": record["text"]}
    if extra["quote_prefix"]:
        quote["prefix"] = extra["quote_prefix"]
    if extra["quote_suffix"]:
        quote["suffix"] = extra["quote_suffix"]
    article = record["article"]
    target: dict = {
        "type": "SpecificResource",
        "source": context.api_url(f"articles/{article['id']}/text/"),
        "selector": [
            quote,
            {"type": "TextPositionSelector", "start": record["start"], "end": record["end"]},
        ],
    }
    if article["url"]:
        target["scope"] = article["url"]
    return target


def annotation(extra: dict, record: dict, context: ExportContext) -> dict:
    return {
        "id": context.api_url(f"claims/{record['id']}/") + "#annotation",
        "type": "Annotation",
        "motivation": "assessing",
        "created": extra["created_at"].isoformat(),
        "modified": extra["updated_at"].isoformat(),
        "creator": {"type": "Organization", "name": extra["project"]},
        "body": _bodies(extra, record),
        "target": _target(extra, record, context),
    }


def _head(context: ExportContext) -> str:
    collection = json.dumps(
        {
            "@context": CONTEXT,
            "id": context.export_url,
            "type": "AnnotationCollection",
            "label": "Claims exported from the claim desk",
            "created": context.created.isoformat(),
        }
    )
    page = json.dumps({"id": context.export_url + "#page-1", "type": "AnnotationPage"})
    # Open the collection and its page, leaving ``items`` open for the stream.
    return f'{collection[:-1]}, "first": {page[:-1]}, "startIndex": 0, "items": [\n'


WEBANNOTATION = ExportFormat(
    name="webannotation",
    content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    extension="jsonld",
    render=lambda extra, record, context: json.dumps(
        annotation(extra, record, context), ensure_ascii=False
    ),
    head=_head,
    separator=",\n",
    tail=lambda context, count: f'\n]}}, "total": {count}}}\n',
    extra_columns=EXTRA_COLUMNS,
)
