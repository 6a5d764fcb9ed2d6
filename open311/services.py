"""Writes of the Open311 interface: a request becomes a case through the same
`cases.services.case_submit` as the H5's (same checks, same gapless number, same
workflow), keys are issued and revoked, and every keyed request is logged."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.throttling import SimpleRateThrottle

from cases import services as case_services
from departments import policy
from open311.models import ApiClient, ApiKeyUse, SubmittedRequest


def request_submit(
    *, client: ApiClient, submission: case_services.CaseSubmission
) -> case_services.SubmittedCase:
    """Register the case and remember which client sent it, in one transaction."""
    with transaction.atomic():
        submitted = case_services.case_submit(
            submission=submission,
            source_note=_("经 Open311 接口提交（客户端：%(name)s）")
            % {"name": client.name},
        )
        SubmittedRequest.objects.create(case=submitted.case, client=client)
    return submitted


def check_rate_limit(value: str) -> None:
    """A rate as DRF writes it: 600/hour, 20/min, 5000/day."""
    try:
        count, _seconds = SimpleRateThrottle.parse_rate(None, value)
    except (ValueError, KeyError, IndexError):
        count = 0
    if count <= 0:
        raise ValidationError(
            {"rate_limit": _("频率限制的格式为 次数/时段，如 600/hour、20/min。")}
        )


def client_issue(*, actor, name: str, **fields) -> tuple[ApiClient, str]:
    """A new client and its key, which is shown this once and kept only hashed."""
    policy.require_supervisor(actor, _("只有督办人员可以签发接口密钥。"))
    check_rate_limit(fields.get("rate_limit", "600/hour"))
    return ApiClient.objects.create_key(name=name, created_by=actor, **fields)


def client_revoke(*, actor, client: ApiClient, now: datetime | None = None) -> None:
    """From now on the key is refused (it cannot be taken back)."""
    policy.require_supervisor(actor, _("只有督办人员可以吊销接口密钥。"))
    if client.revoked:
        return
    client.revoked = True
    client.revoked_at = now or timezone.now()
    client.save(update_fields=["revoked", "revoked_at"])


def key_use_record(
    *,
    client: ApiClient | None,
    key_prefix: str,
    method: str,
    path: str,
    status_code: int,
    address: str | None,
    service_request_id: str = "",
    now: datetime | None = None,
) -> ApiKeyUse:
    return ApiKeyUse.objects.create(
        client=client,
        key_prefix=key_prefix[:8],
        used_at=now or timezone.now(),
        method=method,
        path=path[:200],
        status_code=status_code,
        address=address or None,
        service_request_id=service_request_id,
    )


def key_uses_prune(*, now: datetime, keep_days: int) -> int:
    """Remove the log's rows older than `keep_days`; how many went."""
    deleted, _by_model = ApiKeyUse.objects.filter(
        used_at__lt=now - timedelta(days=keep_days)
    ).delete()
    return deleted


def require_service_allowed(*, client: ApiClient, code: str) -> None:
    allowed = client.allowed_codes()
    if allowed and code not in allowed:
        raise PermissionDenied(_("该客户端无权使用服务 %(code)s。") % {"code": code})
