from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_retention_run"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactaccess",
            name="kind",
            field=models.CharField(
                choices=[("reveal", "查看完整联系方式"), ("search", "按联系方式搜索")],
                default="reveal",
                max_length=10,
                verbose_name="方式",
            ),
        ),
        migrations.AddField(
            model_name="contactaccess",
            name="search",
            field=models.CharField(blank=True, max_length=100, verbose_name="搜索内容"),
        ),
    ]
