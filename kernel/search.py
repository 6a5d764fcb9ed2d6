"""The one search service: Chinese text that finds two-character words.

Trigram indexes cannot serve a two-character query (社保, 噪音): a trigram of
two characters does not exist. So every searchable row keeps a *search
document*: the overlapping character bigrams of its text (夜间施工噪音 → 夜间
间施 施工 工噪 噪音) and its Latin words and numbers, lower-cased, separated by
spaces, kept up to date by the service that writes the row. On PostgreSQL the
document is read through `to_tsvector('simple', …)` with a GIN index
(`SearchIndex`), so a query becomes a phrase of bigrams (`夜间 <-> 间施 …`) that
the index answers and `ts_rank` orders; on SQLite (the embedded default) the
same query falls back to LIKE over the document.

A query may be widened before it is compiled: `register_expander` plugs in
synonyms (社保 → 社会保险), which the knowledge app owns; the kernel knows no app.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector

# The text search configuration: no stemming, no stop words (the tokens are
# already ours).
CONFIG = "simple"


def document_vector(field: str) -> SearchVector:
    """The tsvector expression of a search document, exactly as `SearchIndex`
    indexes it (PostgreSQL uses the index only for the same expression)."""
    return SearchVector(field, config=CONFIG)


class SearchIndex(GinIndex):
    """A GIN index over `document_vector(field)` on PostgreSQL.

    SQLite has neither GIN nor tsvector, and a model's Meta.indexes cannot
    depend on the database, so there it creates an empty partial index (`WHERE
    0`) of the same name: migrations stay one linear history for both.
    """

    def __init__(self, *, field: str, name: str):
        self.document_field = field
        super().__init__(document_vector(field), name=name)

    def deconstruct(self):
        path, _args, kwargs = super().deconstruct()
        kwargs.pop("expressions", None)
        return path, (), {"field": self.document_field, "name": self.name}

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        table = schema_editor.quote_name(model._meta.db_table)
        return f"CREATE INDEX {schema_editor.quote_name(self.name)} ON {table} (id) WHERE 0"
