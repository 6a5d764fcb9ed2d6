"""Django's database cache with an atomic incr(), for running without Redis.

The cache holds the throttles' counters, so it must be one cache for every worker
process: `make run` starts several, and a cache in each worker's memory gave each
its own limit (10 wrong codes instead of 5 with two workers). Without REDIS_URL the
portal therefore keeps its cache in the database (settings.py; the table is made
by `migrate`, portal/apps.py).

Django's DatabaseCache increments by get() then set(), so requests arriving
together all read the same count. This one reads the row FOR UPDATE in a
transaction (PostgreSQL), or inside the write lock that SQLite's IMMEDIATE
transactions take (settings.py), and writes the new count before letting go.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        cache_key, value, expires = (
            quote_name(name) for name in ("cache_key", "value", "expires")
        )
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # As Django's has_key(): whole seconds, compared in the database.
        now = tz_now().replace(microsecond=0, tzinfo=None)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {value} FROM {table} "  # noqa: S608 - quoted names only
                f"WHERE {cache_key} = %s AND {expires} > %s{lock}",
                [key, connection.ops.adapt_datetimefield_value(now)],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = base64.b64decode(connection.ops.process_clob(row[0]).encode())
            # Rows this cache wrote itself, as Django's get() unpickles them.
            new_value = pickle.loads(stored) + delta  # noqa: S301
            encoded = base64.b64encode(
                pickle.dumps(new_value, self.pickle_protocol)
            ).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {value} = %s "  # noqa: S608 - quoted names only
                f"WHERE {cache_key} = %s",
                [encoded, key],
            )
        return new_value
