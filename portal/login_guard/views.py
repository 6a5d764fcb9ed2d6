"""The page a locked-out login gets instead of the login form."""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a Chinese page in the admin's look, HTTP 429.

    It names neither the user name nor whether the password was right, and says the
    same whether the user name or the whole address is locked.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": _("登录已暂时锁定"),
        "message": _(
            "登录失败次数过多，已暂时锁定。请 %(minutes)d 分钟后再试；"
            "如需立即解锁，请联系督办人员。"
        )
        % {"minutes": minutes},
    }
    response = TemplateResponse(request, "admin/login_locked.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response.render()
