"""Every claim ends inside its article, checked by the database.

A check constraint cannot look at another table, so a trigger compares a claim's end with the
article's length, which the database itself computes into ``body_length``. (That the span's
text is exactly ``body[start:end]`` is checked by the services: reading the body from a
trigger would decompress a large article once for each of its claims.)
"""

import django.db.models.functions.text
from django.db import migrations, models

MESSAGE = "claim_span_inside_article: a claim must end inside its article"

SQLITE = [
    f"""CREATE TRIGGER claim_span_inside_article_{event.split()[0].lower()}
    BEFORE {event} ON provenance_claim
    WHEN NEW."end" > (SELECT body_length FROM provenance_article WHERE id = NEW.article_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    for event in ("INSERT", 'UPDATE OF "end", article_id')
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claim_span_inside_article_insert",
    "DROP TRIGGER IF EXISTS claim_span_inside_article_update",
]
POSTGRES = [
    f"""CREATE FUNCTION claim_span_inside_article() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW."end" > (SELECT body_length FROM provenance_article WHERE id = NEW.article_id)
        THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER claim_span_inside_article
    BEFORE INSERT OR UPDATE OF "end", article_id ON provenance_claim
    FOR EACH ROW EXECUTE FUNCTION claim_span_inside_article()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS claim_span_inside_article ON provenance_claim",
    "DROP FUNCTION IF EXISTS claim_span_inside_article()",
]


def _run(statements_for):
    def run(apps, schema_editor):
        for statement in statements_for[schema_editor.connection.vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("provenance", "0002_claim_queue_order")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_length",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Length("body"),
                output_field=models.PositiveIntegerField(),
            ),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
