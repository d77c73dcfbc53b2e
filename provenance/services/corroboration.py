"""Grouping claims that say the same thing across articles: matched pairs joined, as long as
no two claims of a group stand apart.

A group is joined through its pairs: "A says what B says" and "B says what C says" put A and C
in one group, though C may be B's other half ("the toll rose to 40 and the dam burst" matches
"the dam burst" and "the toll rose to 45"). Each join is checked against the group it joins:
a newcomer that stands apart from any member (``Apart``: a figure that differs, a statement
negated on one side) stays out, and two such groups stay two.
"""

from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction

from provenance.models import Claim, CorroborationGroup, GroupMember

# A group as the join knows it: ``(0, id)`` for one stored, ``(1, n)`` for the n-th it makes.
# Made ones sort after stored ones, as their ids will.
GroupRef = tuple[int, int]
# Given every claim a join may compare (the pairs' and their stored groups' members), whether
# two of them stand apart: they can never be in one group.
Apart = Callable[[Iterable[int]], Callable[[int, int], bool]]
# The members of a group a newcomer is checked against, the first ones: a group of hundreds
# says one thing through its first members as well as through all.
MEMBERS_CHECKED = 50


def claims_group(*, a: Claim, b: Claim, score: float) -> None:
    """Put two matching claims in one group, merging their groups if both have one."""
    claims_group_pairs(project_id=a.article.project_id, pairs=[(a.pk, b.pk, score)])


def claims_group_pairs(
    *, project_id: int, pairs: list[tuple[int, int, float]], apart: Apart | None = None
) -> None:
    """Join each ``(claim id, claim id, score)`` pair in turn, the strongest first: two
    ungrouped claims make a group, a claim joins its partner's group with the pair's score, two
    groups merge into the larger (the older on a tie). With ``apart``, a join that would put
    two claims that stand apart in one group is left out (a newcomer is checked against the
    first ``MEMBERS_CHECKED`` members). Reads and writes a fixed number of queries however many
    pairs, since flagging an article matches many.

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
                _join(project_id, pairs, apart)
            return
        except IntegrityError:
            if attempt:
                raise


def _join(project_id: int, pairs: list[tuple[int, int, float]], apart: Apart | None) -> None:
    claim_ids = {claim for a, b, _score in pairs for claim in (a, b)}
    # Locked in claim order, so that two workers joining overlapping pairs take their locks
    # in the same order rather than each waiting for the other.
    stored = dict(
        GroupMember.objects.select_for_update()
        .filter(claim_id__in=claim_ids)
        .order_by("claim_id")
        .values_list("claim_id", "group_id")
    )
    members: dict[int, list[int]] = {}
    rows = GroupMember.objects.filter(group_id__in=set(stored.values())).order_by("claim_id")
    for claim, group in rows.values_list("claim_id", "group_id"):
        members.setdefault(group, []).append(claim)
    compared = {claim for a, b, _score in pairs for claim in (a, b)}
    compared.update(claim for claims in members.values() for claim in claims[:MEMBERS_CHECKED])
    partition = _Partition(stored=stored, members=members, apart=apart(compared) if apart else None)
    # The strongest first, so that a pair left out is never the better of two.
    for a, b, score in sorted(pairs, key=lambda pair: (-pair[2], pair[0], pair[1])):
        partition.join(a, b, score)
    partition.write(project_id=project_id)


class _Partition:
    """The groups of the pairs' claims, joined in memory, then written in a few queries."""

    def __init__(
        self,
        *,
        stored: dict[int, int],
        members: dict[int, list[int]],
        apart: Callable[[int, int], bool] | None,
    ) -> None:
        self.group_of: dict[int, GroupRef] = {claim: (0, g) for claim, g in stored.items()}
        self.members: dict[GroupRef, list[int]] = {(0, g): list(m) for g, m in members.items()}
        self.apart = apart
        self.merged: dict[GroupRef, GroupRef] = {}
        self.newcomers: dict[int, float] = {}
        self.made = 0

    def join(self, a: int, b: int, score: float) -> None:
        in_a, in_b = self.group_of.get(a), self.group_of.get(b)
        if in_a and in_b:
            if in_a != in_b and self._may_join(self.members[in_a], self.members[in_b]):
                self._merge(in_a, in_b)
        elif in_a or in_b:
            claim, group = (b, in_a) if in_a else (a, in_b)
            if self._may_join([claim], self.members[group]):
                self._add(claim, group, score)
        elif self._may_join([a], [b]):
            self.made += 1
            group = (1, self.made)
            self._add(a, group, score)
            self._add(b, group, score)

    def _may_join(self, ours: list[int], theirs: list[int]) -> bool:
        """Whether no claim of ``ours`` stands apart from one of ``theirs``."""
        if self.apart is None:
            return True
        return not any(
            self.apart(one, other)
            for one in ours[:MEMBERS_CHECKED]
            for other in theirs[:MEMBERS_CHECKED]
        )

    def _add(self, claim: int, group: GroupRef, score: float) -> None:
        self.group_of[claim] = group
        self.newcomers[claim] = score
        self.members.setdefault(group, []).append(claim)

    def _merge(self, first: GroupRef, second: GroupRef) -> None:
        keep, drop = sorted([first, second], key=lambda g: (-len(self.members[g]), g))
        self.members[keep].extend(self.members.pop(drop))
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
        ids.update({ref: ref[1] for ref in self.members if ref[0] == 0})
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
