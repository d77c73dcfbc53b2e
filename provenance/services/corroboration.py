"""Grouping claims that say the same thing across articles (union of matched pairs)."""

from django.db import IntegrityError, transaction
from django.db.models import Count

from provenance.models import Claim, CorroborationGroup, GroupMember


def claims_group(*, a: Claim, b: Claim, score: float) -> None:
    """Put two matching claims in one group, merging their groups if both have one.

    Locks both claims' membership rows (``select_for_update``). Running it again for the same
    pair changes nothing, and the resulting partition does not depend on the order pairs come
    in. A concurrent insert for the same claim loses on the one-to-one constraint and is
    retried once.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                _join(a, b, score)
            return
        except IntegrityError:
            if attempt:
                raise


def _join(a: Claim, b: Claim, score: float) -> None:
    members = {
        m.claim_id: m
        for m in GroupMember.objects.select_for_update().filter(claim_id__in=[a.pk, b.pk])
    }
    in_a, in_b = members.get(a.pk), members.get(b.pk)
    if in_a and in_b:
        if in_a.group_id != in_b.group_id:
            _merge(in_a.group_id, in_b.group_id)
    elif in_a or in_b:
        member = in_a or in_b
        newcomer = b if in_a else a
        GroupMember.objects.create(group_id=member.group_id, claim=newcomer, score=score)
    else:
        group = CorroborationGroup.objects.create(project_id=a.article.project_id)
        GroupMember.objects.bulk_create(
            [
                GroupMember(group=group, claim=a, score=score),
                GroupMember(group=group, claim=b, score=score),
            ]
        )


def _merge(first_id: int, second_id: int) -> None:
    sizes = dict(
        GroupMember.objects.filter(group_id__in=[first_id, second_id])
        .values_list("group_id")
        .annotate(n=Count("id"))
    )
    keep, drop = sorted([first_id, second_id], key=lambda g: (-sizes.get(g, 0), g))
    GroupMember.objects.filter(group_id=drop).update(group_id=keep)
    CorroborationGroup.objects.filter(pk=drop).delete()
