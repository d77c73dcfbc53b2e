"""Sentence embeddings: the pinned model is checked before use, closer meaning gives a higher
cosine, and flagging uses it to find and group claims that say the same thing in other words."""

import numpy as np
import pytest

from provenance.models import Claim, GroupMember
from provenance.services import flagging
from provenance.text.contradiction import (
    SAME_STATEMENT_THRESHOLD,
    SEMANTIC_SAME,
    SHARED_FIGURE_SAME,
    same_statement,
)
from provenance.text.embeddings import (
    DIMENSIONS,
    MODEL,
    EmbeddingModelError,
    ModelFile,
    embed,
    from_bytes,
    model_file,
    to_bytes,
)

# Rewrites that share few words: by words alone they are below the grouping threshold.
BURST = ("The dam in Brumadinho burst on Friday.", "The Brumadinho dam collapsed on Friday.")
RESCUE = (
    "Rescuers pulled survivors from the mud in Brumadinho.",
    "In Brumadinho, rescue teams dug survivors out of the sludge.",
)


def _cosine(a: str, b: str) -> float:
    first, second = embed([a, b])
    return float(first @ second)


def test_vectors_have_length_one_and_meaning_brings_them_close():
    vectors = embed([*RESCUE, "Exports from Brazil rose 5 percent in the first quarter."])
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert _cosine(*RESCUE) >= SEMANTIC_SAME
    assert _cosine(RESCUE[0], "Exports from Brazil rose 5 percent in the first quarter.") < 0.2


def test_a_text_gets_the_same_vector_alone_or_in_a_batch():
    alone = embed([BURST[0]])[0]
    batched = embed([RESCUE[1], BURST[0], "A much longer sentence " * 10])[1]
    assert np.allclose(alone, batched, atol=1e-5)
    assert embed([]).shape == (0, DIMENSIONS)


def test_a_stored_vector_reads_back_as_it_was():
    vector = embed([BURST[0]])[0]
    stored = to_bytes(vector)
    assert len(stored) == 2 * DIMENSIONS
    assert np.allclose(from_bytes(memoryview(stored)), vector, atol=1e-3)


def test_the_pinned_files_are_installed_and_match():
    assert model_file(MODEL.weights).name == "model.onnx"
    assert model_file(MODEL.tokenizer).name == "tokenizer.json"


def test_a_file_that_does_not_match_its_hash_is_refused():
    changed = ModelFile(package=MODEL.weights.package, path=MODEL.weights.path, sha256="0" * 64)
    with pytest.raises(EmbeddingModelError, match="SHA-256"):
        model_file(changed)
    with pytest.raises(EmbeddingModelError, match="not installed"):
        model_file(ModelFile(package="no_such_model_package", path="x", sha256="0" * 64))
    with pytest.raises(EmbeddingModelError, match="has no"):
        model_file(ModelFile(package=MODEL.weights.package, path="missing.onnx", sha256=""))


@pytest.mark.parametrize("pair", [BURST, RESCUE])
def test_a_rewrite_says_the_same_thing_only_with_its_cosine(pair):
    a, b = pair
    assert same_statement(a, b) < SAME_STATEMENT_THRESHOLD
    assert same_statement(a, b, cosine=_cosine(a, b)) >= SAME_STATEMENT_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a figure on one side only
        (
            "The collapse killed 40 people in Brumadinho.",
            "The collapse killed people in Brumadinho.",
        ),
        # a forecast against a report
        (
            "The dam may collapse on Friday near Brumadinho.",
            "The dam collapsed on Friday near Brumadinho.",
        ),
        # different figures
        (
            "The collapse killed 40 people in Brumadinho.",
            "The collapse killed 300 people in Brumadinho.",
        ),
    ],
)
def test_closeness_in_meaning_does_not_join_claims_kept_apart(a, b):
    assert same_statement(a, b, cosine=0.95) < SAME_STATEMENT_THRESHOLD


# Less close than SEMANTIC_SAME, but past SHARED_FIGURE_SAME.
SOMEWHAT_CLOSE = (SHARED_FIGURE_SAME + SEMANTIC_SAME) / 2


def test_a_figure_in_common_joins_rewrites_that_are_only_somewhat_close():
    a = "The company admitted that records of 6.4 million customers were exposed."
    b = "Some 6.4 million client accounts had their details leaked, the regulator found."
    assert SHARED_FIGURE_SAME <= _cosine(a, b) < SEMANTIC_SAME
    assert same_statement(a, b, cosine=_cosine(a, b)) >= SAME_STATEMENT_THRESHOLD
    bridges = (
        "Engineers say 214 bridges were damaged by the floods.",
        "The floodwaters left a total of 214 bridges in need of repair across the valley.",
    )
    assert same_statement(*bridges, cosine=SOMEWHAT_CLOSE) >= SAME_STATEMENT_THRESHOLD
    assert same_statement(*bridges, cosine=SHARED_FIGURE_SAME - 0.05) < SAME_STATEMENT_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a share in whole percent and the exact share it rounds to
        (
            "The ruling party took 62 percent of the vote in Dorvan.",
            "Official results gave the ruling party 61.8 percent of the vote in Dorvan.",
        ),
        # one reading on a scale, and every other figure the same too
        (
            "The 5.7-magnitude quake struck at a depth of 10 kilometres, the survey said.",
            "Seismologists put its magnitude at 5.7, at a depth of 10 km.",
        ),
    ],
)
def test_a_figure_said_another_way_is_a_figure_in_common(a, b):
    assert same_statement(a, b, cosine=SOMEWHAT_CLOSE) >= SAME_STATEMENT_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a share that rounds to another figure
        (
            "The ruling party took 62 percent of the vote in Dorvan.",
            "Official results gave the ruling party 62.6 percent of the vote in Dorvan.",
        ),
        # a vague figure is no figure in common
        ("Dozens of houses were destroyed in the storm.", "The storm flattened dozens of homes."),
        # a scale that sets the scene
        (
            "A 6.9-magnitude quake struck the coast.",
            "The toll from the 6.9-magnitude quake rose to 412.",
        ),
        # a distance that sets the scene
        (
            "Rescuers reached the village, 40 km from the capital, on foot.",
            "The district, 40 km from the capital, lost 300 homes.",
        ),
        # a figure since replaced
        (
            "Officials cut the toll to 96 from an earlier figure of 140.",
            "The earlier figure of 140 came from a hospital count.",
        ),
        # another figure of the same thing that differs, if only as a bound
        (
            "Shelling killed at least 250 civilians and hit 40 homes in Dorvan.",
            "Shelling killed 336 civilians and hit 40 homes in Dorvan.",
        ),
        # names that have nothing in common
        (
            "Turnout in Velmora was 12 percent.",
            "Turnout in Kestravin was 12 percent.",
        ),
        # a negation
        (
            "Engineers say 214 bridges were damaged by the floods.",
            "Engineers say 214 bridges were not damaged by the floods.",
        ),
    ],
)
def test_a_number_in_common_that_is_not_what_both_report_joins_nothing(a, b):
    assert same_statement(a, b, cosine=SOMEWHAT_CLOSE) < SAME_STATEMENT_THRESHOLD


def _two_accounts(ingest):
    first = ingest(
        f"Dam disaster in Brumadinho\n\n{BURST[0]} {RESCUE[0]}",
        title="Dam disaster in Brumadinho",
        publisher="Folha",
    )
    second = ingest(
        f"Brumadinho dam collapse\n\n{BURST[1]} {RESCUE[1]}",
        title="Brumadinho dam collapse",
        publisher="Globo",
    )
    return first, second


def _grouped_texts() -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for member in GroupMember.objects.select_related("claim"):
        groups.setdefault(member.group_id, set()).add(member.claim.text)
    return {frozenset(texts) for texts in groups.values()}


@pytest.mark.django_db
def test_ingest_stores_each_claims_embedding_and_flagging_groups_rewrites(ingest):
    first, second = _two_accounts(ingest)
    assert first.event_id is not None and first.event_id == second.event_id
    assert Claim.objects.filter(kind="headline").count() == 2
    for claim in Claim.objects.all():
        assert np.allclose(from_bytes(claim.embedding), embed([claim.text])[0], atol=1e-3)
    grouped = _grouped_texts()
    assert frozenset(RESCUE) in grouped
    assert any(set(BURST) <= group for group in grouped)


@pytest.mark.django_db
def test_a_rescan_embeds_claims_stored_without_and_groups_them(ingest):
    _two_accounts(ingest)
    GroupMember.objects.all().delete()
    Claim.objects.update(embedding=None)
    flagging.claims_flag(claim_ids=list(Claim.objects.order_by("pk").values_list("pk", flat=True)))
    assert Claim.objects.exists() and not Claim.objects.filter(embedding=None).exists()
    assert frozenset(RESCUE) in _grouped_texts()


@pytest.mark.django_db
def test_a_reshaped_claim_gets_the_embedding_of_its_new_text(ingest, users):
    from provenance.services.claims import claim_split, claim_trim

    first, _second = _two_accounts(ingest)
    claim = first.claims.get(text=RESCUE[0])
    cut = RESCUE[0].index(" from the mud")
    trimmed = claim_trim(
        claim=claim,
        start=claim.start,
        end=claim.start + cut,
        version=claim.version,
        user=users["annotator"],
    )
    trimmed.refresh_from_db()
    assert trimmed.text == "Rescuers pulled survivors"
    assert np.allclose(from_bytes(trimmed.embedding), embed([trimmed.text])[0], atol=1e-3)
    head, tail = claim_split(
        claim=trimmed, at=trimmed.start + 8, version=trimmed.version, user=users["annotator"]
    )
    for part in (head, tail):
        part.refresh_from_db()
        assert np.allclose(from_bytes(part.embedding), embed([part.text])[0], atol=1e-3)


def test_forgotten_texts_are_computed_again(monkeypatch):
    from provenance.text import embeddings

    embed([BURST[0]])
    runs = []
    real_run = embeddings._encoder._run
    monkeypatch.setattr(
        embeddings._encoder, "_run", lambda encoded: runs.append(len(encoded)) or real_run(encoded)
    )
    embed([BURST[0]])
    assert runs == []
    embeddings.forget_texts()
    embed([BURST[0]])
    assert runs == [1]


@pytest.mark.django_db
def test_a_rescan_does_not_overwrite_the_embedding_a_reshape_wrote_meanwhile(ingest):
    """A re-scan read a claim without an embedding; before it wrote one, a reshape gave the claim
    a new text and its embedding: the re-scan's, of the old text, is not written."""
    _two_accounts(ingest)
    claim = Claim.objects.get(text=RESCUE[0])
    Claim.objects.filter(pk=claim.pk).update(embedding=None)
    cache: dict = {}
    [item] = flagging._prepare([claim.pk], cache, with_bands=True)
    trimmed = "Rescuers pulled survivors"
    fresh = to_bytes(embed([trimmed])[0])
    Claim.objects.filter(pk=claim.pk).update(
        text=trimmed, end=claim.start + len(trimmed), embedding=fresh
    )
    flagging._embeddings_fill([item])
    claim.refresh_from_db()
    assert bytes(claim.embedding) == fresh


def test_texts_of_unlike_length_are_not_padded_to_each_other(monkeypatch):
    """A batch is padded to its longest text: short claims go in a call of their own rather
    than being padded to a long one, and give the same vectors as embedded alone."""
    from provenance.text import embeddings

    short = ["Rescuers arrived.", "The dam held."]
    long = [
        "The ministry said on Tuesday that at least 40 villages along the river had been "
        "flooded after the dam gave way, and that rescue teams were still searching for "
        "people missing in the three worst-hit districts of the province."
    ]
    alone = [embed([text])[0] for text in [*short, *long]]
    embeddings.forget_texts()
    runs = []
    real_run = embeddings._encoder._run
    monkeypatch.setattr(
        embeddings._encoder, "_run", lambda encoded: runs.append(len(encoded)) or real_run(encoded)
    )
    together = embed([*short, *long])
    assert sorted(runs) == [1, 2]
    assert np.array_equal(to_bytes(together), to_bytes(np.array(alone)))
