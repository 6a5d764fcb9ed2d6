"""/readyz, the load balancer's question "may I send this node requests?", with
django-health-check: the database answers, the cache keeps a value, both upload
storages answer (on disk: take, give back and delete a file; in a bucket: one
signed HEAD of the bucket, which a wrong key, a missing bucket or a store that is
down fails), and every migration this code knows is applied. 503 with which one
failed; /healthz (portal.views.healthz) stays the liveness check, so an
orchestrator does not restart a node that only waits for Redis."""

import contextlib
import dataclasses
from concurrent.futures import ThreadPoolExecutor

from django.core.files.storage import storages
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from kernel.storage import is_local

# Once this code's migrations are all applied they stay applied while it runs
# (a deploy migrates first, then restarts): each process checks until they are.
_migrated = False


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    alias: str = "default"

    def run(self):
        global _migrated
        if _migrated:
            return
        connection = connections[self.alias]
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            # A check runs in a worker thread: its connection goes with it.
            connection.close()
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migrations not applied")
        _migrated = True


@dataclasses.dataclass
class StorageAnswers(HealthCheck):
    """The library's write-read-delete on the disk; one request to a bucket, as
    a load balancer asks every few seconds and seven requests a probe add up."""

    alias: str = "default"

    def run(self):
        storage = storages[self.alias]
        if is_local(storage):
            Storage(alias=self.alias).run()
            return
        try:
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        except Exception as error:
            raise ServiceUnavailable("object store unreachable") from error


CHECKS = {
    "database": Database(),
    "cache": Cache(),
    "storage": StorageAnswers(alias="default"),
    "private_storage": StorageAnswers(alias="private"),
    "migrations": MigrationsApplied(),
}


# The checks' threads live with the process: a new pool per probe meant a new
# boto3 client per bucket and probe, half a second of a probe's time.
_EXECUTOR = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="readyz")


class ReadinessView(HealthCheckView):
    def get_checks(self):
        yield from CHECKS.values()

    def get_executor(self):
        return contextlib.nullcontext(_EXECUTOR)

    def render_to_response(self, context, **kwargs):
        return self.render_to_response_json(kwargs.get("status", 200))

    def render_to_response_text(self, status):
        return self.render_to_response_json(status)

    def render_to_response_json(self, status):
        states = {
            name: "unavailable" if result.error else "ok"
            for name, result in zip(CHECKS, self.results, strict=True)
        }
        ready = status == 200
        return JsonResponse(
            {"status": "ok" if ready else "unavailable", "checks": states},
            status=200 if ready else 503,
        )
