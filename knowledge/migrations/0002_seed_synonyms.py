from django.db import migrations


def seed(apps, schema_editor):
    from knowledge.synonyms_seed import seed_synonyms

    seed_synonyms(apps.get_model("knowledge", "Synonym"))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
