"""Claims carry their project and an open-flag mark, so the review queue reads one index."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, F, OuterRef, Q, Subquery


def backfill(apps, schema_editor):
    Article = apps.get_model("provenance", "Article")
    Claim = apps.get_model("provenance", "Claim")
    Flag = apps.get_model("provenance", "Flag")
    Claim.objects.update(
        project_id=Subquery(
            Article.objects.filter(pk=OuterRef("article_id")).values("project_id")[:1]
        )
    )
    open_flags = Flag.objects.filter(
        Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk")), status="open"
    )
    Claim.objects.update(has_open_flag=Exists(open_flags))


class Migration(migrations.Migration):
    dependencies = [("provenance", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="project",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="provenance.project",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="has_open_flag",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="claim",
            name="project",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="provenance.project",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                F("project"),
                F("status"),
                F("has_open_flag").desc(),
                F("checkworthiness").desc(),
                F("created_at"),
                F("id"),
                name="claim_queue_order",
            ),
        ),
    ]
