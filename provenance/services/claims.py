"""Changes to a claim row itself: the version check every write makes, span corrections and
rejection by editors, and the reshaping annotators do (split, merge, trim).

What people hold on a claim for review lives in ``annotations``, which builds on this app:
a rejection or a new text tells it through ``provenance.signals.claims_released``."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from provenance.errors import ConflictError, DomainError
from provenance.models import (
    Article,
    Attribution,
    AttributionHop,
    AttributionStatus,
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimKey,
    ClaimStatus,
    Flag,
    FlagStatus,
)
from provenance.permissions import require
from provenance.records import claim_current_record
from provenance.selectors import claim_before
from provenance.services.attributions import attributions_suggest, claims_speaker_refresh
from provenance.services.bands import claims_band_rows
from provenance.services.flagging import article_flagging_restart, articles_flag_enqueue
from provenance.services.flags import claims_open_flag_refresh, flag_partners
from provenance.services.history import change_record, claim_snapshot
from provenance.services.key_index import key_rows, key_rows_insert
from provenance.services.reattribution import article_claims_in_order, claims_extract
from provenance.signals import claims_released
from provenance.text.checkworthiness import checkworthiness
from provenance.text.contradiction import pairing_keys, points_back
from provenance.text.pipeline import NOT_PROSE_KINDS, claim_embeddings
from provenance.text.types import CLAIM_KINDS


def claim_lock_current(*, claim: Claim, version: int) -> Claim:
    """Lock the claim row (``select_for_update``) and check the caller saw its latest version.

    Raises ``ConflictError`` carrying the current claim record when the caller's copy is stale,
    so the client can show what changed instead of overwriting it.
    """
    current = Claim.objects.select_for_update().select_related("article__project").get(pk=claim.pk)
    if current.version != version:
        raise ConflictError(
            f"Claim {current.pk} was changed by someone else (you sent version {version}, it is "
            f"now at version {current.version}); reload it and apply your change again.",
            current=claim_current_record(claim_id=current.pk),
        )
    return current


def claim_change(
    *,
    claim: Claim,
    action: ChangeAction,
    user: AbstractBaseUser,
    before: dict | None = None,
    snapshot: Callable[[Claim], dict] = claim_snapshot,
    **values,
) -> Claim:
    """Set ``values`` (field names to values) on the locked claim, bump its version, save and
    record the change with its state ``before`` (by default, as it was before these values),
    each state as ``snapshot`` reads it. Call inside the transaction of
    ``claim_lock_current``."""
    if before is None:
        before = snapshot(claim)
    for field, value in values.items():
        setattr(claim, field, value)
    claim.version += 1
    claim.save(update_fields=[*values, "version", "updated_at"])
    change_record(
        project=claim.article.project,
        claim=claim,
        object_type="claim",
        object_id=claim.pk,
        action=action,
        actor=user,
        before=before,
        after=snapshot(claim),
    )
    return claim


def claim_correct_span(
    *, claim: Claim, start: int, end: int, version: int, user: AbstractBaseUser
) -> Claim:
    """An editor moves a claim's span; its text is re-read from the article so that
    ``body[start:end] == text`` holds. Locks the claim row."""
    require(user=user, project=claim.article.project, action="adjudicate")
    body = claim.article.body
    if not 0 <= start < end <= len(body):
        raise DomainError(
            f"start and end must satisfy 0 <= start < end <= {len(body)} (the article's length)."
        )
    if not body[start:end].strip():
        raise DomainError("That span holds only whitespace; a claim needs words.")
    with transaction.atomic():
        current = claim_lock_current(claim=claim, version=version)
        if current.status == ClaimStatus.REJECTED:
            raise DomainError("This claim was rejected; its span can no longer be corrected.")
        _span_saved(
            claim=current,
            action=ChangeAction.CORRECT_SPAN,
            user=user,
            **_span_values(current, start, end),
        )
    return current


def claim_reject(*, claim: Claim, version: int, user: AbstractBaseUser) -> Claim:
    """An editor rules that the span is not a claim: its verdict is cleared and it leaves the
    queues. Locks the claim row."""
    require(user=user, project=claim.article.project, action="adjudicate")
    with transaction.atomic():
        current = claim_lock_current(claim=claim, version=version)
        if current.status == ClaimStatus.REJECTED:
            return current
        claim_change(
            claim=current,
            action=ChangeAction.REJECT,
            user=user,
            status=ClaimStatus.REJECTED,
            verdict=None,
            confidence=None,
        )
        claims_released.send(sender=Claim, claim_ids=[current.pk])
    return current


# Reshaping: split, merge and trim. They apply only to claims nobody has reviewed yet, since a
# verdict given on one text must not silently become a verdict on another; once reviewed, an
# editor corrects the span or rejects the claim instead.
def _check_reshapeable(claim: Claim) -> None:
    if claim.status != ClaimStatus.UNREVIEWED:
        raise DomainError(
            f"Claim {claim.pk} is {claim.status.replace('_', ' ')}: once reviewed, only an editor "
            "can correct its span or reject it."
        )


def _stripped(body: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` moved inwards past whitespace, so a claim never begins or ends blank."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def _span_values(claim: Claim, start: int, end: int) -> dict:
    """The fields a reshape sets for the span ``start, end``: its text read from the article,
    and the check-worthiness and embedding of that text."""
    text = claim.article.body[start:end]
    return {
        "start": start,
        "end": end,
        "text": text,
        "checkworthiness": checkworthiness(text, claim.kind),
        "embedding": claim_embeddings([text])[0],
    }


def _refresh_keys(claims: Sequence[Claim]) -> None:
    """Rebuild the pairing keys from each claim's current text and embedding, as ingest builds
    them (with the claim before it, which a denial of "the allegations" points back at, and
    the embedding's band keys)."""
    ClaimKey.objects.filter(claim__in=claims).delete()
    key_rows_insert(
        chain(
            chain.from_iterable(
                key_rows(
                    project_id=claim.project_id,
                    claim_id=claim.pk,
                    keys=pairing_keys(claim.text, _text_before(claim)),
                )
                for claim in claims
            ),
            claims_band_rows(claims),
        )
    )


def _text_before(claim: Claim) -> str | None:
    before = claim_before(claim, skipped_kinds=NOT_PROSE_KINDS)
    return None if before is None else before.text


def _pointing_back(*, article_id: int, besides: Sequence[int]) -> list[Claim]:
    """The article's denials that point back ("denied the allegations"): what they deny is
    read from the claim before them, which a reshape may have changed or replaced."""
    others = Claim.objects.filter(article_id=article_id).exclude(pk__in=besides)
    return [claim for claim in others.order_by("start") if points_back(claim.text)]


def _after_reshape(claims: Sequence[Claim], *, partners: Iterable[int] = ()) -> None:
    """What a new text invalidates: open flags found on the old text, queue leases and keys,
    and the keys and open flags of denials that point back at a claim before them.

    The article's version is raised and its flagging runs again once the transaction commits;
    decided flags stay, so a dismissed pair is not raised again. ``partners``: claims that lost
    a flag to a claim deleted before this call (a merge); they and the reshaped claims' own
    partners get their open-flag mark recomputed.
    """
    ids = [claim.pk for claim in claims]
    denials = _pointing_back(article_id=claims[0].article_id, besides=ids)
    changed = [*ids, *(denial.pk for denial in denials)]
    partners = {*partners, *flag_partners(claim_ids=changed)}
    Flag.objects.filter(claim_a_id__in=changed, status=FlagStatus.OPEN).delete()
    Flag.objects.filter(claim_b_id__in=changed, status=FlagStatus.OPEN).delete()
    claims_open_flag_refresh(claim_ids=[*changed, *partners])
    claims_released.send(sender=Claim, claim_ids=ids)  # a denial's own text did not change
    _refresh_keys([*claims, *denials])
    article_id = claims[0].article_id
    article_flagging_restart(article_id=article_id)
    transaction.on_commit(lambda: articles_flag_enqueue(article_ids=[article_id]))


def _span_saved(*, claim: Claim, action: ChangeAction, user: AbstractBaseUser, **values) -> None:
    """``claim_change`` of a new span, refused when another claim of the article has it."""
    try:
        with transaction.atomic():
            claim_change(claim=claim, action=action, user=user, **values)
    except IntegrityError:
        raise DomainError("Another claim of this article already has exactly this span.") from None


def _span_change(
    *,
    claim: Claim,
    version: int,
    user: AbstractBaseUser,
    action: ChangeAction,
    new_span: Callable[[Claim], tuple[int, int]],
) -> Claim:
    """Move an unreviewed claim to ``new_span(current claim)`` (which raises ``DomainError``
    for a span it refuses). Locks the claim row (``select_for_update``); a stale ``version``
    raises a conflict."""
    require(user=user, project=claim.article.project, action="annotate")
    with transaction.atomic():
        current = claim_lock_current(claim=claim, version=version)
        _check_reshapeable(current)
        start, end = new_span(current)
        _span_saved(claim=current, action=action, user=user, **_span_values(current, start, end))
        _after_reshape([current])
    return current


def claim_trim(
    *, claim: Claim, start: int, end: int, version: int, user: AbstractBaseUser
) -> Claim:
    """Narrow an unreviewed claim to a part of its own span (whitespace at the edges dropped).

    Locks the claim row (``select_for_update``); a stale ``version`` raises a conflict.
    """

    def inside(current: Claim) -> tuple[int, int]:
        span = _stripped(current.article.body, start, end)
        if not current.start <= span[0] < span[1] <= current.end:
            raise DomainError(
                f"Trim to a part of the claim itself (characters {current.start}–{current.end}) "
                "that holds words."
            )
        return span

    return _span_change(
        claim=claim, version=version, user=user, action=ChangeAction.TRIM, new_span=inside
    )


def claim_span_restore(
    *, claim: Claim, start: int, end: int, version: int, user: AbstractBaseUser
) -> Claim:
    """Put an unreviewed claim back on a span it had before (undoing a trim, or reverting to an
    earlier version): only a span its history records, so this widens nothing at will.

    Locks the claim row (``select_for_update``); a stale ``version`` raises a conflict.
    """

    def one_it_had(current: Claim) -> tuple[int, int]:
        had_it = ChangeRecord.objects.filter(
            object_type="claim", object_id=current.pk, before__start=start, before__end=end
        ).exists()
        if not had_it:
            raise DomainError(
                f"Claim {current.pk} never had characters {start}–{end}; only an editor can "
                "move it to a new span."
            )
        return start, end

    return _span_change(
        claim=claim,
        version=version,
        user=user,
        action=ChangeAction.RESTORE_SPAN,
        new_span=one_it_had,
    )


def claim_split(
    *, claim: Claim, at: int, version: int, user: AbstractBaseUser
) -> tuple[Claim, Claim]:
    """Cut an unreviewed claim in two at character ``at`` of the article.

    The claim keeps the first part and its id; the second part is a new claim of the same kind
    that starts with copies of the claim's attributions that are not rejected (each part may
    then be corrected). Locks the claim row (``select_for_update``).
    """
    require(user=user, project=claim.article.project, action="annotate")
    with transaction.atomic():
        current = claim_lock_current(claim=claim, version=version)
        _check_reshapeable(current)
        body = current.article.body
        first = _stripped(body, current.start, at)
        second = _stripped(body, at, current.end)
        if not (current.start < at < current.end and first[0] < first[1] and second[0] < second[1]):
            raise DomainError("Split inside the claim, with words on both sides of the cut.")
        before = claim_snapshot(current)
        _span_saved(
            claim=current, action=ChangeAction.SPLIT, user=user, **_span_values(current, *first)
        )
        part = Claim(article=current.article, project_id=current.project_id, kind=current.kind)
        for field, value in _span_values(part, *second).items():
            setattr(part, field, value)
        try:
            with transaction.atomic():
                part.save()
        except IntegrityError:
            raise DomainError("Another claim of this article already has that span.") from None
        _copy_attributions(source=current, target=part)
        claims_speaker_refresh(claim_ids=[part.pk])
        change_record(
            project=current.article.project,
            claim=part,
            object_type="claim",
            object_id=part.pk,
            action=ChangeAction.SPLIT_FROM,
            actor=user,
            before={"split_from": current.pk, **before},
            after=claim_snapshot(part),
        )
        _after_reshape([current, part])
    return current, part


def _copy_attributions(*, source: Claim, target: Claim) -> None:
    attributions = source.attributions.exclude(status=AttributionStatus.REJECTED)
    for attribution in attributions.prefetch_related("hops"):
        hops = list(attribution.hops.all())
        attribution.pk = None
        attribution.claim = target
        attribution.save()
        AttributionHop.objects.bulk_create(
            AttributionHop(
                attribution=attribution,
                position=hop.position,
                source_id=hop.source_id,
                role=hop.role,
                mention=hop.mention,
            )
            for hop in hops
        )


def claim_merge(
    *, claims: Sequence[Claim], versions: Mapping[int, int], user: AbstractBaseUser
) -> Claim:
    """Join unreviewed claims of one article into the first of them, spanning them all.

    ``versions`` maps each claim id to the version the caller saw. The merged claim takes over
    the others' attributions (one copy per chain) and their history; the others are deleted.
    A claim lying inside the new span must be among those merged. Locks every claim row
    (``select_for_update``, in id order so that two merges cannot deadlock).
    """
    ids = sorted({claim.pk for claim in claims})
    if len(ids) < 2:
        raise DomainError("Select at least two claims to merge.")
    if len({claim.article_id for claim in claims}) != 1:
        raise DomainError("Only claims of the same article can be merged.")
    require(user=user, project=claims[0].article.project, action="annotate")
    with transaction.atomic():
        locked = [
            claim_lock_current(claim=Claim(pk=pk), version=versions.get(pk, -1)) for pk in ids
        ]
        for claim in locked:
            _check_reshapeable(claim)
        locked.sort(key=lambda claim: (claim.start, claim.end))
        keep, absorbed = locked[0], locked[1:]
        start, end = keep.start, max(claim.end for claim in locked)
        inside = Claim.objects.filter(article_id=keep.article_id, start__lt=end, end__gt=start)
        stray = list(inside.exclude(pk__in=ids).values_list("pk", flat=True))
        if stray:
            raise DomainError(
                f"Claim(s) {', '.join(map(str, stray))} lie between the ones selected; "
                "include them in the selection."
            )
        before = {"merged": [claim_snapshot(claim) for claim in locked]}
        _take_over(keep=keep, absorbed=absorbed)
        absorbed_ids = [claim.pk for claim in absorbed]
        partners = flag_partners(claim_ids=absorbed_ids)  # their flags go with them
        Claim.objects.filter(pk__in=absorbed_ids).delete()
        claims_speaker_refresh(claim_ids=[keep.pk])
        _span_saved(
            claim=keep,
            action=ChangeAction.MERGE,
            user=user,
            before=before,
            **_span_values(keep, start, end),
        )
        _after_reshape([keep], partners=partners - {keep.pk})
    return keep


def _take_over(*, keep: Claim, absorbed: Sequence[Claim]) -> None:
    """Move the absorbed claims' attributions (one per chain) and history onto ``keep``."""
    ids = [claim.pk for claim in absorbed]
    seen = set(keep.attributions.values_list("signature", flat=True))
    for attribution in Attribution.objects.filter(claim_id__in=ids).order_by("id"):
        if attribution.signature in seen:
            continue
        seen.add(attribution.signature)
        Attribution.objects.filter(pk=attribution.pk).update(claim=keep)
    ChangeRecord.objects.filter(claim_id__in=ids).update(claim=keep)


def claim_make(
    *, article: Article, start: int, end: int, user: AbstractBaseUser, kind: str = "sentence"
) -> Claim:
    """A reviewer or editor makes a claim of article text that no claim covers (characters
    ``start`` to ``end``, whitespace at the edges dropped). It gets what ingest gives a claim:
    its check-worthiness, its suggested chain (the extractor run over the article's claims as
    they are now), its pairing keys, and flagging again for the article.

    Locks the article row (``select_for_update``), so two people making claims of one passage
    at once cannot both succeed; a claim a split or merge makes lies inside claims that exist,
    which the overlap check sees.
    """
    require(user=user, project=article.project, action="review")
    if kind not in CLAIM_KINDS:
        raise DomainError(f"kind must be one of {', '.join(CLAIM_KINDS)}.")
    with transaction.atomic():
        locked = Article.objects.select_for_update(of=("self",)).select_related(
            "project", "publisher"
        )
        locked = locked.get(pk=article.pk)
        body = locked.body
        if not 0 <= start < end <= len(body):
            raise DomainError(
                f"start and end must satisfy 0 <= start < end <= {len(body)} (the article's "
                "length)."
            )
        start, end = _stripped(body, start, end)
        if start >= end:
            raise DomainError("That selection holds only whitespace; a claim needs words.")
        covered = Claim.objects.filter(article=locked, start__lt=end, end__gt=start)
        overlapping = list(covered.order_by("start").values_list("pk", flat=True))
        if overlapping:
            raise DomainError(
                f"The selection overlaps claim {', '.join(map(str, overlapping))}: make a claim "
                "only of text no claim covers, or trim, split or merge that claim instead."
            )
        claim = Claim(article=locked, project_id=locked.project_id, kind=kind)
        for field, value in _span_values(claim, start, end).items():
            setattr(claim, field, value)
        claim.save()
        change_record(
            project=locked.project,
            claim=claim,
            object_type="claim",
            object_id=claim.pk,
            action=ChangeAction.MAKE,
            actor=user,
            after=claim_snapshot(claim),
        )
        claims = article_claims_in_order(locked)
        extracted = claims_extract(locked, claims)
        found = next(chain for row, chain in zip(claims, extracted, strict=True) if row == claim)
        attributions_suggest(claims=[claim], extracted=[found])
        _after_reshape([claim])
    return claim
