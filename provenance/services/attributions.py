"""Attribution chains: machine suggestions stored at ingest, and reviewers' decisions on them."""

import hashlib
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from provenance.errors import ConflictError, DomainError
from provenance.main_attribution import main_attribution_fill
from provenance.models import (
    Attribution,
    AttributionHop,
    AttributionOrigin,
    AttributionStatus,
    ChangeAction,
    Claim,
    HopRole,
    Project,
    Source,
)
from provenance.permissions import require
from provenance.services.history import change_record
from provenance.services.sources import source_fill_kind, sources_resolve
from provenance.text.source_registry import SourceRegistry
from provenance.text.types import ExtractedAttribution, Hop

# The longest chain a person may attach: the speaker and seven relays is more than any real
# report needs, and each hop may create a source, so a chain is not a bulk import.
MAX_CHAIN_HOPS = 8


def chain_signature(sources: Sequence[Source]) -> str:
    """The identity of a chain: its sources in order, speaker first. Built on row ids, which an
    editor renaming a source does not change."""
    return _signature_of_ids([source.pk for source in sources])


def _signature_of_ids(source_ids: Sequence[int]) -> str:
    joined = ",".join(str(pk) for pk in source_ids)
    return hashlib.sha256(joined.encode()).hexdigest()


# Claims whose main chain is set again in one statement: a bound on the id list's length.
_REFRESH_BATCH = 500


def claims_speaker_refresh(*, claim_ids: Iterable[int]) -> None:
    """Set the claims' main attribution and speaker from their chains as they are now (the rule
    of ``provenance.main_attribution``). Every service that changes a claim's chains calls it
    in its own transaction. Locks the claim rows (``select_for_update``, in id order) first, so
    that two reviewers deciding on chains of one claim at once cannot leave the choice made on
    a stale view of them."""
    ids = sorted(set(claim_ids))
    for start in range(0, len(ids), _REFRESH_BATCH):
        claims = _claims_locked(ids[start : start + _REFRESH_BATCH])
        main_attribution_fill(claims, attribution_model=Attribution, hop_model=AttributionHop)


def _claims_locked(claim_ids: Sequence[int]) -> QuerySet[Claim]:
    """Lock the claims' rows in id order. A service changing a claim's chains locks its claim
    before the chains, the order claim reshaping (split, merge) takes them in."""
    claims = Claim.objects.filter(pk__in=claim_ids)
    list(claims.select_for_update().order_by("pk").values_list("pk", flat=True))
    return claims


# When two chains of a claim become one, the one kept is the one a person decided on.
_KEEP_RANK = {AttributionStatus.CONFIRMED: 2, AttributionStatus.REJECTED: 1}


def attributions_resign(attribution_ids: Sequence[int]) -> int:
    """Recompute the signatures of chains whose hops were moved to another source (a merge of
    duplicate sources). A chain that now equals another chain of its claim is one chain: the
    one confirmed (or else rejected) by a reviewer is kept, the other deleted. Returns how many
    were deleted. Runs inside the caller's transaction."""
    moved = Attribution.objects.filter(pk__in=attribution_ids).prefetch_related("hops")
    claim_ids = set(moved.values_list("claim_id", flat=True))
    deleted: set[int] = set()
    for attribution in moved.order_by("pk"):
        if attribution.pk in deleted:
            continue
        signature = _signature_of_ids([hop.source_id for hop in attribution.hops.all()])
        twin = (
            Attribution.objects.filter(claim_id=attribution.claim_id, signature=signature)
            .exclude(pk=attribution.pk)
            .first()
        )
        if twin is not None:
            rank = _KEEP_RANK.get
            loser = attribution if rank(twin.status, 0) >= rank(attribution.status, 0) else twin
            deleted.add(loser.pk)
            loser.delete()
            if loser is attribution:
                continue
        Attribution.objects.filter(pk=attribution.pk).update(signature=signature)
    claims_speaker_refresh(claim_ids=claim_ids)
    return len(deleted)


def _resolve_chains(
    chains: Sequence[Sequence[Hop]], *, project: Project, registry: SourceRegistry | None = None
) -> list[list[Source]]:
    """Each chain's sources in ``project``'s scope, speaker first, resolved together in a fixed
    number of queries (against ``registry``, as ``sources_resolve``)."""
    mentions = [(hop.name, hop.kind) for chain in chains for hop in chain]
    sources = sources_resolve(project=project, mentions=mentions, registry=registry)
    return [[sources[(hop.name, hop.kind)] for hop in chain] for chain in chains]


def _resolve_reviewed_chain(
    chain: Sequence[Hop], user: AbstractBaseUser | None, *, project: Project
) -> list[Source]:
    """The sources of a chain a person entered. A kind is the source's own, shared by every
    claim it speaks in: a hop that names the kind of a source recorded as unknown fills it in
    (audited); a hop naming a known source with another kind is refused rather than saved as
    if the kind had changed (an editor changes it on the source's page)."""
    [sources] = _resolve_chains([chain], project=project)
    resolved = []
    for hop, source in zip(chain, sources, strict=True):
        if hop.kind not in ("", "unknown") and hop.kind != source.kind:
            if source.kind != "unknown":
                raise DomainError(
                    f"{source.name} is recorded as {source.get_kind_display()}, not "
                    f"{hop.kind.replace('_', ' ')}. A source's kind is shared by every claim "
                    "it speaks in: an editor changes it on the source's page (Sources)."
                )
            source = source_fill_kind(source=source, kind=hop.kind, user=user)
        resolved.append(source)
    return resolved


def attribution_snapshot(attribution: Attribution) -> dict:
    return {
        "id": attribution.id,
        "chain": [
            {"name": hop.source.name, "kind": hop.source.kind, "role": hop.role}
            for hop in _hops_in_order(attribution)
        ],
        "cue": attribution.cue,
        "origin": attribution.origin,
        "confidence": attribution.confidence,
        "status": attribution.status,
        "version": attribution.version,
    }


def _hops_in_order(attribution: Attribution) -> Iterable[AttributionHop]:
    """The attribution's hops, sources joined: those prefetched by a list (``hops__source``,
    so that a list costs the same few queries for any number of attributions), or else read."""
    if "hops" in getattr(attribution, "_prefetched_objects_cache", {}):
        return sorted(attribution.hops.all(), key=lambda hop: hop.position)
    return attribution.hops.select_related("source").order_by("position")


def _check_chain(chain: Sequence[Hop]) -> None:
    if not chain:
        raise DomainError("An attribution needs at least one source: the speaker.")
    if len(chain) > MAX_CHAIN_HOPS:
        raise DomainError(
            f"An attribution chain has at most {MAX_CHAIN_HOPS} sources (the speaker and "
            f"{MAX_CHAIN_HOPS - 1} relays); this one has {len(chain)}."
        )


def _hops(
    attribution: Attribution, sources: Sequence[Source], mentions: Sequence[str]
) -> list[AttributionHop]:
    return [
        AttributionHop(
            attribution=attribution,
            position=position,
            source=source,
            role=HopRole.SPEAKER if position == 0 else HopRole.RELAY,
            mention=mention[:300],
        )
        for position, (source, mention) in enumerate(zip(sources, mentions, strict=True))
    ]


def attributions_suggest(
    *,
    claims: Sequence[Claim],
    extracted: Sequence[ExtractedAttribution | None],
    registry: SourceRegistry | None = None,
) -> int:
    """Store the extractor's suggestions for ``claims``; returns how many were new. Their
    sources are matched against ``registry`` (read here when not given, as ``sources_resolve``).

    A chain already on the claim (suggested, confirmed or rejected) is left as it is, so a
    suggestion a reviewer rejected is never suggested again. Written in bulk, a fixed number of
    queries for the whole article. A reviewer attaching the same chain to one of the claims
    meanwhile makes the insert fail with ``IntegrityError`` (the unique chain per claim): at
    ingest the claims are the transaction's own, so that cannot happen; a re-run retries
    (``provenance.services.reattribution``).
    """
    pending = [
        (claim, suggestion)
        for claim, suggestion in zip(claims, extracted, strict=True)
        if suggestion is not None and suggestion.chain
    ]
    if not pending:
        return 0
    projects = {claim.project_id for claim, _ in pending}
    assert len(projects) == 1, "suggestions are stored for the claims of one project at a time"
    project = pending[0][0].project
    chains = _resolve_chains(
        [suggestion.chain for _, suggestion in pending], project=project, registry=registry
    )
    known = set(
        Attribution.objects.filter(claim__in=[claim for claim, _ in pending]).values_list(
            "claim_id", "signature"
        )
    )
    new: list[tuple[Attribution, list[Source], list[str]]] = []
    for (claim, suggestion), sources in zip(pending, chains, strict=True):
        signature = chain_signature(sources)
        if (claim.pk, signature) in known:
            continue
        known.add((claim.pk, signature))
        attribution = Attribution(
            claim=claim,
            origin=AttributionOrigin.EXTRACTED,
            status=AttributionStatus.SUGGESTED,
            cue=suggestion.cue[:300],
            cue_start=suggestion.cue_start,
            cue_end=suggestion.cue_end,
            confidence=max(0.0, min(1.0, suggestion.confidence)),
            method=suggestion.method,
            signature=signature,
        )
        new.append((attribution, sources, [hop.name for hop in suggestion.chain]))
    # bulk_create sets the new rows' ids (PostgreSQL, and SQLite from 3.35), which the hops need.
    Attribution.objects.bulk_create([attribution for attribution, _, _ in new])
    AttributionHop.objects.bulk_create(hop for row in new for hop in _hops(*row))
    claims_speaker_refresh(claim_ids={attribution.claim_id for attribution, _, _ in new})
    return len(new)


def attribution_add(
    *,
    claim: Claim,
    chain: Sequence[Hop],
    cue: str = "",
    confidence: float = 1.0,
    user: AbstractBaseUser,
) -> Attribution:
    """A reviewer attaches a chain to a claim; it is confirmed at once.

    If the same chain was already suggested, that suggestion is confirmed instead of a copy
    being made.
    """
    require(user=user, project=claim.article.project, action="annotate")
    _check_chain(chain)
    if not 0.0 <= confidence <= 1.0:
        raise DomainError("confidence must be between 0 and 1.")
    with transaction.atomic():
        _claims_locked([claim.pk])
        sources = _resolve_reviewed_chain(chain, user, project=claim.article.project)
        signature = chain_signature(sources)
        existing = (
            Attribution.objects.select_for_update().filter(claim=claim, signature=signature).first()
        )
        if existing is not None:
            return attribution_decide(
                attribution=existing,
                status=AttributionStatus.CONFIRMED,
                version=existing.version,
                user=user,
            )
        attribution = Attribution.objects.create(
            claim=claim,
            origin=AttributionOrigin.REVIEWER,
            status=AttributionStatus.CONFIRMED,
            cue=cue[:300],
            confidence=confidence,
            signature=signature,
            created_by=user,
            decided_by=user,
            decided_at=timezone.now(),
        )
        AttributionHop.objects.bulk_create(_hops(attribution, sources, [hop.name for hop in chain]))
        change_record(
            project=claim.article.project,
            claim=claim,
            object_type="attribution",
            object_id=attribution.id,
            action=ChangeAction.ADD,
            actor=user,
            after=attribution_snapshot(attribution),
        )
        claims_speaker_refresh(claim_ids=[claim.pk])
    return attribution


def _locked_current(attribution: Attribution, version: int) -> Attribution:
    """Lock the row and check the caller saw its latest version (409 otherwise)."""
    current = Attribution.objects.select_for_update().get(pk=attribution.pk)
    if current.version != version:
        raise ConflictError(
            "This attribution was changed by someone else; reload it and apply your change again.",
            current=attribution_snapshot(current),
        )
    return current


def attribution_decide(
    *, attribution: Attribution, status: str, version: int, user: AbstractBaseUser
) -> Attribution:
    """Confirm or reject an attribution, or put a machine suggestion back to undecided
    (``suggested``: nobody has decided on it). Locks the claim row, then the attribution row
    (``select_for_update``)."""
    require(user=user, project=attribution.claim.article.project, action="annotate")
    if status not in AttributionStatus.values:
        raise DomainError("status must be 'confirmed', 'rejected' or 'suggested'.")
    with transaction.atomic():
        _claims_locked([attribution.claim_id])
        current = _locked_current(attribution, version)
        undecided = status == AttributionStatus.SUGGESTED
        if undecided and current.origin != AttributionOrigin.EXTRACTED:
            raise DomainError(
                "Only a machine suggestion can be undecided; a person's attribution is "
                "confirmed or rejected."
            )
        before = attribution_snapshot(current)
        current.status = status
        current.decided_by = None if undecided else user
        current.decided_at = None if undecided else timezone.now()
        current.version += 1
        current.save(update_fields=["status", "decided_by", "decided_at", "version"])
        change_record(
            project=current.claim.article.project,
            claim=current.claim,
            object_type="attribution",
            object_id=current.id,
            action=status,
            actor=user,
            before=before,
            after=attribution_snapshot(current),
        )
        claims_speaker_refresh(claim_ids=[current.claim_id])
    return current


def attribution_edit(
    *,
    attribution: Attribution,
    version: int,
    user: AbstractBaseUser,
    chain: Sequence[Hop] | None = None,
    cue: str | None = None,
    confidence: float | None = None,
) -> Attribution:
    """Correct a chain, cue or confidence; returns the attribution that now holds the correction.

    Machine suggestions and people's attributions are kept apart: a new chain on a machine
    suggestion rejects the suggestion (so the pipeline never offers it again) and attaches the
    reviewer's chain as a new attribution. Locks the claim row, then the attribution row
    (``select_for_update``); a stale ``version`` raises a conflict.
    """
    require(user=user, project=attribution.claim.article.project, action="annotate")
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        raise DomainError("confidence must be between 0 and 1.")
    if chain is not None:
        _check_chain(chain)
    with transaction.atomic():
        _claims_locked([attribution.claim_id])
        current = _locked_current(attribution, version)
        if chain is not None and current.origin == AttributionOrigin.EXTRACTED:
            attribution_decide(
                attribution=current,
                status=AttributionStatus.REJECTED,
                version=current.version,
                user=user,
            )
            return attribution_add(
                claim=current.claim,
                chain=chain,
                cue=current.cue if cue is None else cue,
                confidence=current.confidence if confidence is None else confidence,
                user=user,
            )
        before = attribution_snapshot(current)
        if chain is not None:
            sources = _resolve_reviewed_chain(chain, user, project=current.claim.article.project)
            signature = chain_signature(sources)
            clash = (
                Attribution.objects.filter(claim_id=current.claim_id, signature=signature)
                .exclude(pk=current.pk)
                .exists()
            )
            if clash:
                raise DomainError("This claim already has an attribution with that chain.")
            current.hops.all().delete()
            AttributionHop.objects.bulk_create(_hops(current, sources, [hop.name for hop in chain]))
            current.signature = signature
        if cue is not None:
            current.cue = cue[:300]
            current.cue_start = current.cue_end = None
        if confidence is not None:
            current.confidence = confidence
        current.status = AttributionStatus.CONFIRMED
        current.decided_by = user
        current.decided_at = timezone.now()
        current.version += 1
        current.save()
        change_record(
            project=current.claim.article.project,
            claim=current.claim,
            object_type="attribution",
            object_id=current.id,
            action=ChangeAction.EDIT,
            actor=user,
            before=before,
            after=attribution_snapshot(current),
        )
        claims_speaker_refresh(claim_ids=[current.claim_id])
    return current
