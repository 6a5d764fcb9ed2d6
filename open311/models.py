"""Open311 GeoReport v2 clients, every use of their keys, and which client sent
which case.

A client's key is made and checked by djangorestframework-api-key: the client
is told `prefix.secret` once, and only the prefix and a SHA-512 of the whole key
are kept (a random 32-character secret needs no slow password hash).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey


class ApiClient(AbstractAPIKey):
    """A system allowed to submit cases and read its own (a provincial platform,
    a hotline system, a grid app)."""

    contact = models.CharField(
        _("联系人及电话"), max_length=100, blank=True, help_text=_("对接单位的负责人。")
    )
    rate_limit = models.CharField(
        _("频率限制"),
        max_length=20,
        default="600/hour",
        help_text=_("每个时段最多请求次数，如 600/hour、20/min、5000/day。"),
    )
    allowed_services = models.TextField(
        _("可用服务"),
        blank=True,
        help_text=_("每行一个服务编码（service_code）；留空则可用全部服务。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("签发人"),
    )
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("接口客户端")
        verbose_name_plural = _("接口客户端")
        permissions = [("revoke_apiclient", _("可吊销接口密钥"))]

    def allowed_codes(self) -> frozenset[str]:
        """The service codes this client may use; empty means every service."""
        return frozenset(
            line.strip() for line in self.allowed_services.splitlines() if line.strip()
        )


class ApiKeyUse(models.Model):
    """One request that carried a key, good or bad (the network log)."""

    client = models.ForeignKey(
        ApiClient,
        on_delete=models.CASCADE,
        null=True,
        related_name="uses",
        verbose_name=_("客户端"),
    )
    # The key's public part, kept when no client matched (a revoked or made-up key).
    key_prefix = models.CharField(_("密钥前缀"), max_length=8, blank=True)
    used_at = models.DateTimeField(_("时间"), db_index=True)
    method = models.CharField(_("方法"), max_length=8)
    path = models.CharField(_("路径"), max_length=200)
    status_code = models.PositiveSmallIntegerField(_("响应状态"))
    address = models.GenericIPAddressField(_("来源地址"), null=True)
    service_request_id = models.CharField(_("诉求编号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("接口调用记录")
        verbose_name_plural = _("接口调用记录")
        ordering = ["-used_at", "-id"]
        indexes = [models.Index(fields=["client", "-used_at"])]

    def __str__(self):
        return f"{self.method} {self.path} {self.status_code}"


class SubmittedRequest(models.Model):
    """Which client sent a case: that client may read it whatever its state."""

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("诉求"),
    )
    client = models.ForeignKey(
        ApiClient,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("客户端"),
    )

    class Meta:
        verbose_name = _("接口提交")
        verbose_name_plural = _("接口提交")
        indexes = [models.Index(fields=["client", "case"])]

    def __str__(self):
        return str(self.case_id)
