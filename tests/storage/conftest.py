"""A real S3-compatible object store for these tests: OpenStack Swift with its
s3api middleware, from Debian's packages, started by scripts/object-store on
127.0.0.1 (once per machine: the workers share it under a lock). Each test gets
two empty buckets of its own and the portal's S3 settings pointing at them."""

import fcntl
import os
import subprocess
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from portal.storage_config import s3_storages
from tests.services import need

ROOT = Path(__file__).resolve().parents[2]
ENDPOINT = "http://127.0.0.1:9010"
ACCESS_KEY, SECRET_KEY = "portal:store", "portal-store-secret"
# Swift answers anonymous reads of a public-read bucket on its own path (its S3
# path wants a signature); nginx proxies /media/ there in `make cluster`.
PUBLIC_BASE = f"{ENDPOINT}/v1/AUTH_portal"


def _start_store() -> bool:
    lock_path = ROOT / ".cluster" / "object-store.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(
            [str(ROOT / "scripts" / "object-store"), "start"],
            capture_output=True,
            text=True,
            timeout=600,
        )
    if done.returncode != 0 and os.environ.get("CI"):
        pytest.fail(f"object store did not start: {done.stderr[-2000:]}")
    return done.returncode == 0


@pytest.fixture(scope="session")
def object_store():
    need(
        "the object store (scripts/object-store: Debian's swift packages)",
        _start_store(),
    )
    return boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
    )


def bucket_names(client, bucket: str) -> list[str]:
    listed = client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


@pytest.fixture
def buckets(object_store, settings):
    """Two fresh buckets and the settings portal/settings.py makes from S3_*."""
    suffix = uuid.uuid4().hex[:10]
    public, private = f"wzw-public-{suffix}", f"wzw-private-{suffix}"
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            endpoint_url=ENDPOINT,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            region_name="us-east-1",
            addressing_style="path",
            public_bucket=public,
            private_bucket=private,
        ),
    }
    settings.MEDIA_URL = f"{PUBLIC_BASE}/{public}/"
    from portal import media_copy

    media_copy.buckets_create()
    yield {"public": public, "private": private}
    for bucket in (public, private):
        for key in bucket_names(object_store, bucket):
            object_store.delete_object(Bucket=bucket, Key=key)
        object_store.delete_bucket(Bucket=bucket)
