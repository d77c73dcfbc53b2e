"""Assigning claims to reviewers, as a desk editor splits a day's work.

An assigned claim is offered by the review queue (``annotations.services.queue``) to its
assignee first and to nobody else until the assignee has reviewed or skipped it. Only editors
assign; the assignee is a member of the claim's project whose role allows review (the
database's triggers hold that too, migration 0018). A member who loses that role, or leaves
the project, has their claims there unassigned by the member services, with a record each.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from provenance.errors import DomainError
from provenance.models import AWAITING_REVIEW, ChangeAction, Claim, Project
from provenance.permissions import members_allowing, require
from provenance.services.claims import claim_change, claim_lock_current
from provenance.services.history import claim_assignment_snapshot
from provenance.signals import claims_released


def _assignee_locked(*, project: Project, assignee: AbstractBaseUser) -> None:
    """Lock the assignee's membership row (``select_for_update``), so that a role change
    waits for the assignment and then sees it; ``DomainError`` unless they may review.
    Taken before the claim row, the order the member services lock in too."""
    reviewers = members_allowing(project=project, action="review")
    if not list(reviewers.filter(user=assignee).select_for_update().values_list("pk")):
        raise DomainError(
            f"{assignee.get_username()} cannot be assigned claims of {project.name!r}: only "
            "its reviewers and editors review them. Give them the reviewer role first."
        )


def _assignment_saved(
    *, claim: Claim, assignee: AbstractBaseUser | None, user: AbstractBaseUser | None
) -> Claim:
    """``claim_change`` of whom the locked claim is assigned to, recorded as an assignment
    (or an unassignment, for ``None``) with the assignee in both snapshots."""
    return claim_change(
        claim=claim,
        action=ChangeAction.UNASSIGN if assignee is None else ChangeAction.ASSIGN,
        user=user,
        snapshot=claim_assignment_snapshot,
        assigned_to=assignee,
    )


def claim_assign(
    *, claim: Claim, assignee: AbstractBaseUser | None, version: int, user: AbstractBaseUser
) -> Claim:
    """Assign the claim to ``assignee``, or unassign it (``None``): an editor's change.

    ``version`` is the claim version the editor saw, so another editor's assignment made
    meanwhile gives a conflict instead of being overwritten. Locks the assignee's membership
    row, then the claim row (``select_for_update``). Only claims that await review are
    assigned; a claim already as asked is left alone (no record, no new version). A new
    assignee ends the leases held on the claim, so it reaches them at once.
    """
    project = claim.article.project
    require(user=user, project=project, action="assign")
    with transaction.atomic():
        if assignee is not None:
            _assignee_locked(project=project, assignee=assignee)
        current = claim_lock_current(claim=claim, version=version)
        if current.assigned_to_id == (assignee.pk if assignee else None):
            return current
        if assignee is None:
            return _assignment_saved(claim=current, assignee=None, user=user)
        if current.status not in AWAITING_REVIEW:
            raise DomainError(
                f"Claim {current.pk} is {current.status.replace('_', ' ')}: only claims that "
                "await review are assigned to a reviewer."
            )
        _assignment_saved(claim=current, assignee=assignee, user=user)
        claims_released.send(sender=Claim, claim_ids=[current.pk])
    return current


def member_claims_unassign(
    *, project: Project, member: AbstractBaseUser, actor: AbstractBaseUser | None
) -> int:
    """Unassign every claim of ``project`` assigned to ``member``, one record each, for a
    member who is leaving the project or losing the role that reviews; how many there were.
    Call inside the member service's transaction, which holds the memberships locked."""
    assigned = Claim.objects.filter(project=project, assigned_to=member).select_related(
        "article__project", "assigned_to"
    )
    claims = list(assigned.select_for_update(of=("self",)).order_by("pk"))
    for claim in claims:
        _assignment_saved(claim=claim, assignee=None, user=actor)
    return len(claims)
