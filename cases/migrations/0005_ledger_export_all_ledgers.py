from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_ledger_export_expired"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ledgerexport",
            name="ledger",
            field=models.CharField(
                choices=[
                    ("consultation", "咨询求助"),
                    ("complaint", "投诉举报"),
                    ("suggestion", "建议献策"),
                    ("all", "全部台账"),
                ],
                max_length=20,
                verbose_name="台账",
            ),
        ),
    ]
