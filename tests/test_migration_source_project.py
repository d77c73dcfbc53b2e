"""Migration 0013 moves each source found in articles into the project that named it: one named
in two projects becomes two sources, each project's chains, speakers and publishers pointing at
its own, with the chains' signatures computed again; the shipped list stays shared."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("provenance", "0012_flag_note")]
AFTER = [("provenance", "0013_source_project")]


def _signature(ids) -> str:
    return hashlib.sha256(",".join(str(pk) for pk in ids).encode()).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_sources_named_in_two_projects_become_one_in_each():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Project, Source = old.get_model("provenance", "Project"), old.get_model("provenance", "Source")
    Article, Claim = old.get_model("provenance", "Article"), old.get_model("provenance", "Claim")
    Attribution = old.get_model("provenance", "Attribution")
    AttributionHop = old.get_model("provenance", "AttributionHop")
    shipped = Source.objects.create(
        name="Reuters", normalized_name="reuters", kind="wire_agency", from_registry=True
    )
    named = Source.objects.create(name="Ama Lee", normalized_name="ama lee", kind="individual")
    unused = Source.objects.create(name="Lake Watch", normalized_name="lake watch")
    chains = {}
    for name in ("Dam", "Vote"):
        project = Project.objects.create(name=name)
        body = "Ama Lee said the dam held."
        article = Article.objects.create(
            project=project, body=body, content_hash=name, publisher=named, origin="a.txt"
        )
        claim = Claim.objects.create(
            article=article, project=project, start=0, end=len(body), text=body, speaker=named
        )
        chain = Attribution.objects.create(
            claim=claim,
            origin="extracted",
            status="suggested",
            signature=_signature([named.pk, shipped.pk]),
        )
        AttributionHop.objects.create(attribution=chain, position=0, source=named, role="speaker")
        AttributionHop.objects.create(attribution=chain, position=1, source=shipped, role="relay")
        chains[name] = chain.pk

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Source = new.get_model("provenance", "Source")
    Attribution = new.get_model("provenance", "Attribution")
    assert Source.objects.get(pk=shipped.pk).project_id is None
    assert Source.objects.get(pk=unused.pk).project_id is None
    copies = Source.objects.filter(normalized_name="ama lee").order_by("project__name")
    assert [source.project.name for source in copies] == ["Dam", "Vote"]
    for source in copies:
        chain = Attribution.objects.get(pk=chains[source.project.name])
        hops = list(chain.hops.order_by("position").values_list("source_id", flat=True))
        assert hops == [source.pk, shipped.pk]
        assert chain.signature == _signature(hops)
        assert chain.claim.speaker_id == source.pk and chain.claim.article.publisher_id == source.pk
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
