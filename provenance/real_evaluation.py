"""Run the real services over the real-article corpus and collect what they produced.

Each split's articles go into a project of their own through ``article_ingest``, the same call
the ``ingest`` command makes (cleaning, splitting, attribution, keys), with tasks in-process so
that every article is flagged against those before it, as on the embedded default. What the
database then holds (claims with their main chains, the spans cleaning cut, flags and
corroboration groups) becomes ``Predictions`` for ``provenance.text.evaluate_real``.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings

from provenance.corroboration import group_summary
from provenance.models import Article, Claim, CorroborationGroup, Flag, Project
from provenance.selectors import attributions_prefetch, main_attribution
from provenance.services.ingest import article_ingest, project_get_or_create
from provenance.text.evaluate_real import PredictedArticle, PredictedClaim, Predictions, raw_span
from provenance.text.readers import read_articles
from provenance.text.real_corpus import Entry


def corpus_ingest(*, project_name: str, entries: list[Entry], texts: dict[str, str]) -> Project:
    """Ingest the cached texts of ``entries`` in manifest order, as ``.txt`` files would be."""
    project = project_get_or_create(name=project_name)
    for entry in entries:
        (raw,) = read_articles(
            texts[entry.name].encode("utf-8"),
            name=f"{entry.name}.txt",
            max_bytes=settings.MAX_ARTICLE_BYTES,
        )
        if raw.body != texts[entry.name]:
            raise ValueError(f"{entry.name}: reading changed the text; its offsets would not hold")
        article_ingest(
            project=project,
            raw=replace(raw, publisher=entry.outlet, url=entry.url),
            origin=f"tests/data/real/cache/{entry.name}.txt",
        )
    return project


def corpus_predictions(*, project: Project, entries: list[Entry]) -> Predictions:
    by_origin = {f"tests/data/real/cache/{entry.name}.txt": entry.name for entry in entries}
    articles: dict[str, PredictedArticle] = {}
    for article in Article.objects.filter(project=project):
        name = by_origin[article.origin]
        removed = [(cut["start"], cut["end"]) for cut in article.removals]
        claims = (
            Claim.objects.filter(article=article)
            .prefetch_related(attributions_prefetch())
            .order_by("start")
        )
        articles[name] = PredictedArticle(
            name=name,
            claims=[_predicted(claim, removed) for claim in claims],
            removed=removed,
        )
    flags = [
        (a, b, kind)
        for a, b, kind in Flag.objects.filter(project=project).values_list(
            "claim_a_id", "claim_b_id", "kind"
        )
    ]
    groups = []
    for group in CorroborationGroup.objects.filter(project=project):
        summary = group_summary(group)
        groups.append(
            (frozenset(claim.pk for claim in summary.claims), summary.independent_sources)
        )
    return Predictions(articles=articles, flags=flags, groups=groups)


def _predicted(claim: Claim, removed: list[tuple[int, int]]) -> PredictedClaim:
    start, end = raw_span(claim.start, claim.end, removed)
    attribution = main_attribution(claim)
    chain = (
        tuple((hop.mention or hop.source.name, hop.source.kind) for hop in attribution.hop_list)
        if attribution
        else ()
    )
    return PredictedClaim(
        id=claim.pk,
        start=start,
        end=end,
        kind=claim.kind,
        chain=chain,
        cue=attribution.cue if attribution else "",
    )
