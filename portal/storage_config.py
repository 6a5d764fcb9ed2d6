"""The STORAGES of an S3-compatible object store (kernel/storage.py says which file
goes where): portal/settings.py builds them from the S3_* variables, the object
store's tests from their own buckets. Plain data, no Django: settings import it."""


def s3_storages(
    *,
    endpoint_url: str,
    access_key: str,
    secret_key: str,
    region_name: str,
    addressing_style: str,
    public_bucket: str,
    private_bucket: str,
) -> dict:
    common = {
        "endpoint_url": endpoint_url,
        "access_key": access_key,
        "secret_key": secret_key,
        "region_name": region_name,
        # path: https://host/bucket/key (MinIO, Swift, most private clouds);
        # virtual: https://bucket.host/key (AWS, Aliyun OSS, Tencent COS).
        "addressing_style": addressing_style,
        "signature_version": "s3v4",
        # Every stored name is random; a clash must never overwrite a file.
        "file_overwrite": False,
    }
    private = {**common, "bucket_name": private_bucket, "querystring_auth": True}
    return {
        "default": {
            "BACKEND": "kernel.storage.PublicS3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": public_bucket,
                "querystring_auth": False,
            },
        },
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": private},
        "ledgers": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**private, "location": "ledgers"},
        },
    }
