"""Roll-up tables kept in step with their raw rows, in the writer's transaction.

A roll-up model holds small pre-counted rows grouped into *buckets* (e.g. one
Asia/Shanghai day of one department). A service that changes a raw row the
roll-up counts, in its own transaction:

1. `lock_buckets(Model, [key, ...])`: every bucket it touches, in one call
   (a case moving between departments touches two). The locks are taken in one
   fixed order whatever the order given, so two writers cannot deadlock on them,
   and they are held to the end of the transaction. A writer that locks
   buckets of several models does so in one `lock_bucket_groups` call.
2. either recompute each bucket's rows from its raw rows and
   `replace_bucket(Model, key, rows)`, or, for a plain insert whose effect is
   known, `bucket_add(Model, key, row, counts)`.

A writer that only ever adds to a bucket many others add to at the same moment
(every submission to a department on one day) may instead, in place of both
steps, `buckets_append` its counts as rows of their own under *shared* locks:
such writers do not wait for each other at all, where `bucket_add`'s update
would queue them on one row to their commits. The model then has no unique key
over a row's grouping fields, its readers add its rows up by those fields (as
every roll-up reader does), and a recompute, which takes the locks exclusively
and so waits for every appender to commit, folds the appended rows back into
one per group.

Why this cannot lose an update: in READ COMMITTED each statement sees what was
committed before it began, and the aggregate that recomputes a bucket runs
after the lock is granted, so after every earlier writer of that bucket has
committed. Two writers of one bucket thus take turns; writers of different
buckets do not wait for each other.

The lock is `pg_advisory_xact_lock` on PostgreSQL (no lock table, released at
commit or rollback). SQLite lets one transaction write at a time to the whole
database, so there is nothing to add. A bucket's key is a dict of the roll-up
model's field names (attnames: `department_id`) to values.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from django.db import connection, models, transaction
from django.db.models import F

__all__ = [
    "bucket_add",
    "bucket_lock_id",
    "buckets_append",
    "lock_bucket_groups",
    "lock_buckets",
    "replace_bucket",
]


def bucket_lock_id(model: type[models.Model], key: Mapping[str, object]) -> int:
    """The advisory lock number of one bucket: a signed 64-bit digest of the
    table and the key (a collision only makes two buckets share a lock)."""
    text = repr((model._meta.db_table, sorted((k, str(v)) for k, v in key.items())))
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_buckets(
    model: type[models.Model], keys: Iterable[Mapping[str, object]]
) -> None:
    """Lock these buckets of `model` to the end of the current transaction (one
    query on PostgreSQL, none elsewhere). Call it once per transaction and
    model with every bucket the transaction will touch: the fixed order that
    prevents deadlocks holds within one call."""
    lock_bucket_groups([(model, keys)])


Groups = Iterable[tuple[type[models.Model], Iterable[Mapping[str, object]]]]


def lock_bucket_groups(groups: Groups) -> None:
    """`lock_buckets` for several models in one statement: group after group in
    the order given, each group's buckets in their fixed order. Every writer that
    locks more than one model must name them in the same order (the cases'
    days before their months), or two writers could each hold what the other
    waits for."""
    ids = _lock_ids(groups)
    if connection.vendor != "postgresql" or not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(id)) FROM unnest(%s::bigint[]) AS id",
            [ids],
        )


def buckets_append(groups: Groups, rows: Sequence[models.Model]) -> None:
    """Lock the buckets of `groups` *shared* (in `lock_bucket_groups`' order) and
    insert `rows`, unsaved roll-up rows of those buckets, each as a row of its
    own (see the module): one statement on PostgreSQL, the locks taken before
    any row is written since every insert selects from them; elsewhere one
    insert per model."""
    ids = _lock_ids(groups)
    if not rows:
        return
    if connection.vendor != "postgresql":
        for model in dict.fromkeys(type(row) for row in rows):
            model._default_manager.bulk_create([r for r in rows if type(r) is model])
        return
    sql = [
        "WITH locks AS MATERIALIZED (SELECT count(pg_advisory_xact_lock_shared(id))"
        " FROM unnest(%s::bigint[]) AS id)"
    ]
    params: list[object] = [ids]
    for index, row in enumerate(rows):
        fields = [f for f in row._meta.concrete_fields if not f.primary_key]
        # Names from the model's meta, every value a parameter.
        insert = "INSERT INTO {} ({}) SELECT {} FROM locks".format(  # noqa: S608
            connection.ops.quote_name(row._meta.db_table),
            ", ".join(connection.ops.quote_name(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        params += [
            f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields
        ]
        # Every insert but the last a data-modifying CTE of the last.
        last = index == len(rows) - 1
        sql.append(insert if last else f", row_{index} AS ({insert})")
    with connection.cursor() as cursor:
        cursor.execute(" ".join(sql), params)


def _lock_ids(groups: Groups) -> list[int]:
    """The advisory lock numbers of these buckets, in their fixed order."""
    if not transaction.get_connection().in_atomic_block:
        # Outside a transaction the lock would be released at once.
        raise transaction.TransactionManagementError("lock_buckets needs a transaction")
    ids: list[int] = []
    for model, keys in groups:
        ids += sorted({bucket_lock_id(model, key) for key in keys} - set(ids))
    return ids


def replace_bucket(
    model: type[models.Model],
    key: Mapping[str, object],
    rows: Iterable[Mapping[str, object]],
) -> None:
    """Replace every row of the bucket `key` by `rows` (each the non-key fields of
    one row): a delete and an insert, two queries (one when `rows` is empty).
    The caller holds the bucket's lock (`lock_buckets`)."""
    model._default_manager.filter(**key).delete()
    objects = [model(**key, **row) for row in rows]
    if objects:
        model._default_manager.bulk_create(objects)


def bucket_add(
    model: type[models.Model],
    key: Mapping[str, object],
    row: Mapping[str, object],
    counts: Mapping[str, int],
) -> None:
    """Add `counts` ({field: increment}) to the row `row` (its non-key grouping
    fields) of the bucket `key`, creating the row if it is missing: one query,
    two for a new row. The caller holds the bucket's lock, so the row cannot
    appear between the update and the insert."""
    updated = model._default_manager.filter(**key, **row).update(
        **{field: F(field) + value for field, value in counts.items()}
    )
    if not updated:
        model._default_manager.create(**key, **row, **counts)
