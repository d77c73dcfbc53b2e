"""A claim may be assigned to a reviewer; the assign and unassign actions join the history.

That the assignee is a member of the claim's project whose role allows review cannot be a
check constraint (it reads another table), so triggers hold it from both sides: a claim is
assigned only to such a member (anything else is refused), and when a membership stops
reviewing (its role lowered, or the membership removed) the claims assigned through it are
unassigned, as a foreign key's SET NULL would. The member services unassign first, with a
record each, so the second trigger finds work only on a path that bypasses them (the admin's
membership rows, a flush); refusing there would turn an admin's edit into an error page.
On PostgreSQL the claim's trigger takes the membership row FOR SHARE, so a role change racing
an assignment waits for it and then unassigns it. The roles that review are written out:
those ``provenance.permissions`` ranks at reviewer or above.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

REVIEWING_ROLES = "('reviewer', 'editor')"
ASSIGNEE = "claim_assignee_reviews: a claim is assigned only to a reviewer or editor of its project"

_ASSIGNEE_OK = f"""EXISTS (SELECT 1 FROM provenance_membership
        WHERE project_id = NEW.project_id AND user_id = NEW.assigned_to_id
        AND role IN {REVIEWING_ROLES})"""
_UNASSIGN = """UPDATE provenance_claim SET assigned_to_id = NULL
        WHERE project_id = OLD.project_id AND assigned_to_id = OLD.user_id"""
_STILL_REVIEWS = f"""NEW.role IN {REVIEWING_ROLES} AND NEW.project_id = OLD.project_id
        AND NEW.user_id = OLD.user_id"""

SQLITE = [
    *(
        f"""CREATE TRIGGER claim_assignee_reviews_{event.split()[0].lower()}
        BEFORE {event} ON provenance_claim
        WHEN NEW.assigned_to_id IS NOT NULL AND NOT {_ASSIGNEE_OK}
        BEGIN SELECT RAISE(ABORT, '{ASSIGNEE}'); END"""
        for event in ("INSERT", "UPDATE OF assigned_to_id, project_id")
    ),
    f"""CREATE TRIGGER membership_unassigns_update
    AFTER UPDATE OF role, project_id, user_id ON provenance_membership
    WHEN NOT ({_STILL_REVIEWS})
    BEGIN {_UNASSIGN}; END""",
    f"""CREATE TRIGGER membership_unassigns_delete
    AFTER DELETE ON provenance_membership
    BEGIN {_UNASSIGN}; END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claim_assignee_reviews_insert",
    "DROP TRIGGER IF EXISTS claim_assignee_reviews_update",
    "DROP TRIGGER IF EXISTS membership_unassigns_update",
    "DROP TRIGGER IF EXISTS membership_unassigns_delete",
]
POSTGRES = [
    f"""CREATE FUNCTION claim_assignee_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.assigned_to_id IS NOT NULL THEN
            PERFORM 1 FROM provenance_membership
            WHERE project_id = NEW.project_id AND user_id = NEW.assigned_to_id
            AND role IN {REVIEWING_ROLES} FOR SHARE;
            IF NOT FOUND THEN
                RAISE EXCEPTION '{ASSIGNEE}' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER claim_assignee_reviews
    BEFORE INSERT OR UPDATE OF assigned_to_id, project_id ON provenance_claim
    FOR EACH ROW EXECUTE FUNCTION claim_assignee_reviews()""",
    f"""CREATE FUNCTION membership_unassigns() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR NOT ({_STILL_REVIEWS}) THEN
            {_UNASSIGN};
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER membership_unassigns
    AFTER UPDATE OF role, project_id, user_id OR DELETE ON provenance_membership
    FOR EACH ROW EXECUTE FUNCTION membership_unassigns()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS claim_assignee_reviews ON provenance_claim",
    "DROP FUNCTION IF EXISTS claim_assignee_reviews()",
    "DROP TRIGGER IF EXISTS membership_unassigns ON provenance_membership",
    "DROP FUNCTION IF EXISTS membership_unassigns()",
]

# Run as 0003 runs its own (``_run``). Backwards, SQLite drops the column by rebuilding the
# claim table, which loses 0003's span triggers: they are made again after it.
_SPAN_TRIGGERS = importlib.import_module("provenance.migrations.0003_article_body_length")
_run = _SPAN_TRIGGERS._run


def _span_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in (*_SPAN_TRIGGERS.SQLITE_DROP, *_SPAN_TRIGGERS.SQLITE):
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('provenance', '0017_claim_embedding'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _span_triggers_again),
        migrations.RemoveConstraint(
            model_name='changerecord',
            name='change_action_valid',
        ),
        migrations.AddField(
            model_name='claim',
            name='assigned_to',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_claims', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.AlterField(
            model_name='changerecord',
            name='action',
            field=models.CharField(choices=[('correct_span', 'Correct Span'), ('reject', 'Reject'), ('trim', 'Trim'), ('restore_span', 'Restore Span'), ('split', 'Split'), ('split_from', 'Split From'), ('merge', 'Merge'), ('make', 'Make'), ('review_unreviewed', 'Review Unreviewed'), ('review_in_review', 'Review In Review'), ('review_verified', 'Review Verified'), ('review_disputed', 'Review Disputed'), ('review_withdrawn', 'Review Withdrawn'), ('review_revised', 'Review Revised'), ('reinstate', 'Reinstate'), ('adjudicate', 'Adjudicate'), ('assign', 'Assign'), ('unassign', 'Unassign'), ('create', 'Create'), ('revise', 'Revise'), ('withdraw', 'Withdraw'), ('regenerate', 'Regenerate'), ('delete', 'Delete'), ('add', 'Add'), ('edit', 'Edit'), ('suggested', 'Suggested'), ('open', 'Open'), ('confirmed', 'Confirmed'), ('rejected', 'Rejected'), ('dismissed', 'Dismissed'), ('change_role', 'Change Role'), ('remove', 'Remove'), ('source_create', 'Source Create'), ('source_update', 'Source Update'), ('source_merge', 'Source Merge'), ('source_merged_away', 'Source Merged Away'), ('project_create', 'Project Create'), ('ingest', 'Ingest'), ('event_move', 'Event Move'), ('start', 'Start')], max_length=32),
        ),
        migrations.AddConstraint(
            model_name='changerecord',
            constraint=models.CheckConstraint(condition=models.Q(('action__in', ['correct_span', 'reject', 'trim', 'restore_span', 'split', 'split_from', 'merge', 'make', 'review_unreviewed', 'review_in_review', 'review_verified', 'review_disputed', 'review_withdrawn', 'review_revised', 'reinstate', 'adjudicate', 'assign', 'unassign', 'create', 'revise', 'withdraw', 'regenerate', 'delete', 'add', 'edit', 'suggested', 'open', 'confirmed', 'rejected', 'dismissed', 'change_role', 'remove', 'source_create', 'source_update', 'source_merge', 'source_merged_away', 'project_create', 'ingest', 'event_move', 'start'])), name='change_action_valid'),
        ),
    ]
