from django.contrib.auth.models import AbstractBaseUser

from provenance.models import ChangeRecord, Claim, Project


def change_record(
    *,
    project: Project,
    object_type: str,
    object_id: int,
    action: str,
    actor: AbstractBaseUser | None,
    before: dict | None = None,
    after: dict | None = None,
    claim: Claim | None = None,
) -> ChangeRecord:
    return ChangeRecord.objects.create(
        project=project,
        claim=claim,
        object_type=object_type,
        object_id=object_id,
        action=action,
        actor=actor,
        before=before,
        after=after,
    )
