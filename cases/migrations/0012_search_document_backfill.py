# Fills Case.search_document for the cases stored before it existed.

from django.db import migrations

# kernel.search.document is the tokenizer itself, not app code that may change
# shape: the historical model gives the fields, the kernel the document.
from kernel.search import document

BATCH_SIZE = 2000
# Rows per UPDATE: bulk_update writes one CASE WHEN per row, which every row of
# the statement walks, so 2,000 in one statement cost a quadratic 2,000 x 2,000.
UPDATE_SIZE = 200


def fill_search_documents(apps, schema_editor, batch_size=BATCH_SIZE):
    """Write the document of every case that has none, in batches by primary key
    (keyset: each batch starts after the last key, so none rereads what an earlier
    one wrote; one bulk UPDATE per batch), so a million cases need little memory.
    Cases whose contact retention erased are filled too; the next retention run
    empties them again. Returns the cases filled."""
    Case = apps.get_model("cases", "Case")
    manager = Case.objects.db_manager(schema_editor.connection.alias)
    cases = (
        manager.filter(search_document="")
        .order_by("pk")
        .only("pk", "title", "content", "complainee")
    )
    filled, last = 0, 0
    while batch := list(cases.filter(pk__gt=last)[:batch_size]):
        for case in batch:
            case.search_document = document(case.title, case.content, case.complainee)
        manager.bulk_update(batch, ["search_document"], batch_size=UPDATE_SIZE)
        filled += len(batch)
        last = batch[-1].pk
    return filled


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_search_indexes_export_progress"),
    ]

    operations = [
        migrations.RunPython(fill_search_documents, migrations.RunPython.noop),
    ]
