"""Where evidence files are kept: Django's default storage, chosen by EVIDENCE_STORAGE.

- ``filesystem`` (default): files under MEDIA_ROOT (EVIDENCE_ROOT), readable by the app's user
  and group only. Several web processes need the same directory (a shared volume or NFS mount).
- ``s3``: any S3-compatible object store through django-storages, installed with the optional
  ``s3`` extra (``uv sync --extra s3``). Objects are private; files are only ever served through
  the app, which checks who may see them. Credentials are read by boto3 from the environment
  (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or from the platform's instance role, never from
  the settings module.
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env_str

EVIDENCE_STORAGES = ("filesystem", "s3")


def evidence_storage() -> dict:
    kind = env_str("EVIDENCE_STORAGE", "filesystem")
    if kind == "filesystem":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "file_permissions_mode": 0o640,
                "directory_permissions_mode": 0o750,
            },
        }
    if kind == "s3":
        options = {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
        }
        optional = {
            "endpoint_url": "AWS_S3_ENDPOINT_URL",
            "region_name": "AWS_S3_REGION_NAME",
            "addressing_style": "AWS_S3_ADDRESSING_STYLE",
            "location": "AWS_LOCATION",
        }
        for option, variable in optional.items():
            value = env_str(variable, "")
            if value:
                options[option] = value
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ImproperlyConfigured(
        f"EVIDENCE_STORAGE={kind!r} is not one of {', '.join(EVIDENCE_STORAGES)}."
    )
