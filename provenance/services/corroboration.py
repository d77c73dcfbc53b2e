"""Grouping claims that say the same thing across articles (union of matched pairs)."""

from django.db import IntegrityError, transaction
from django.db.models import Count

from provenance.models import Claim, CorroborationGroup, GroupMember

# A group as the join knows it: ``(0, id)`` for one stored, ``(1, n)`` for the n-th it makes.
# Made ones sort after stored ones, as their ids will.
GroupRef = tuple[int, int]


def claims_group(*, a: Claim, b: Claim, score: float) -> None:
    """Put two matching claims in one group, merging their groups if both have one."""
    claims_group_pairs(project_id=a.article.project_id, pairs=[(a.pk, b.pk, score)])


def claims_group_pairs(*, project_id: int, pairs: list[tuple[int, int, float]]) -> None:
    """Join each ``(claim id, claim id, score)`` pair in turn, as if one after another: two
    ungrouped claims make a group, a claim joins its partner's group with the pair's score, two
    groups merge into the larger (the older on a tie). Reads and writes a fixed number of
    queries however many pairs, since flagging an article matches many.

    Locks the pairs' membership rows (``select_for_update``). Running it again for the same
    pairs changes nothing, and the resulting partition does not depend on the order pairs come
    in. A concurrent insert for the same claim loses on the one-to-one constraint and is
    retried once.
    """
    if not pairs:
        return
    for attempt in range(2):
        try:
            with transaction.atomic():
                _join(project_id, pairs)
            return
        except IntegrityError:
            if attempt:
                raise


def _join(project_id: int, pairs: list[tuple[int, int, float]]) -> None:
    claim_ids = {claim for a, b, _score in pairs for claim in (a, b)}
    # Locked in claim order, so that two workers joining overlapping pairs take their locks
    # in the same order rather than each waiting for the other.
    stored = dict(
        GroupMember.objects.select_for_update()
        .filter(claim_id__in=claim_ids)
        .order_by("claim_id")
        .values_list("claim_id", "group_id")
    )
    sizes = dict(
        GroupMember.objects.filter(group_id__in=set(stored.values()))
        .values_list("group_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    partition = _Partition(stored=stored, sizes=sizes)
    for a, b, score in pairs:
        partition.join(a, b, score)
    partition.write(project_id=project_id)


class _Partition:
    """The groups of the pairs' claims, joined in memory, then written in a few queries."""

    def __init__(self, *, stored: dict[int, int], sizes: dict[int, int]) -> None:
        self.group_of: dict[int, GroupRef] = {claim: (0, g) for claim, g in stored.items()}
        self.sizes: dict[GroupRef, int] = {(0, g): n for g, n in sizes.items()}
        self.merged: dict[GroupRef, GroupRef] = {}
        self.newcomers: dict[int, float] = {}
        self.made = 0

    def join(self, a: int, b: int, score: float) -> None:
        in_a, in_b = self.group_of.get(a), self.group_of.get(b)
        if in_a and in_b:
            if in_a != in_b:
                self._merge(in_a, in_b)
        elif in_a or in_b:
            self._add(b if in_a else a, in_a or in_b, score)
        else:
            self.made += 1
            group = (1, self.made)
            self._add(a, group, score)
            self._add(b, group, score)

    def _add(self, claim: int, group: GroupRef, score: float) -> None:
        self.group_of[claim] = group
        self.newcomers[claim] = score
        self.sizes[group] = self.sizes.get(group, 0) + 1

    def _merge(self, first: GroupRef, second: GroupRef) -> None:
        keep, drop = sorted([first, second], key=lambda g: (-self.sizes.get(g, 0), g))
        self.sizes[keep] = self.sizes.get(keep, 0) + self.sizes.pop(drop, 0)
        self.merged[drop] = keep
        for claim, group in self.group_of.items():
            if group == drop:
                self.group_of[claim] = keep

    def _final(self, group: GroupRef) -> GroupRef:
        while group in self.merged:
            group = self.merged[group]
        return group

    def write(self, *, project_id: int) -> None:
        made = [(1, n) for n in range(1, self.made + 1) if (1, n) not in self.merged]
        rows = CorroborationGroup.objects.bulk_create(
            CorroborationGroup(project_id=project_id) for _ in made
        )
        ids = {ref: row.pk for ref, row in zip(made, rows, strict=True)}
        ids.update({ref: ref[1] for ref in self.sizes if ref[0] == 0})
        dropped = [ref for ref in self.merged if ref[0] == 0]
        into: dict[int, list[int]] = {}
        for ref in dropped:
            into.setdefault(ids[self._final(ref)], []).append(ref[1])
        # Members move before their old groups go: deleting a group cascades to its members.
        for keep, drops in into.items():
            GroupMember.objects.filter(group_id__in=drops).update(group_id=keep)
        if dropped:
            CorroborationGroup.objects.filter(pk__in=[ref[1] for ref in dropped]).delete()
        GroupMember.objects.bulk_create(
            GroupMember(group_id=ids[self.group_of[claim]], claim_id=claim, score=score)
            for claim, score in self.newcomers.items()
        )
