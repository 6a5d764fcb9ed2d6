# Fills Case.search_document for the cases stored before it existed.

from django.db import migrations


def fill_search_documents(apps, schema_editor):
    pass  # written with the search service (kernel/search.py, cases/search.py)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0011_search_indexes_export_progress"),
    ]

    operations = [
        migrations.RunPython(fill_search_documents, migrations.RunPython.noop),
    ]
