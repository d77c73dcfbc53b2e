from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("provenance", "0016_change_batch")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="embedding",
            field=models.BinaryField(blank=True, editable=False, null=True),
        ),
    ]
