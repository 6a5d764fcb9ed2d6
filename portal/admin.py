"""Project-wide admin adjustments."""

from django.contrib import admin
from sequences.models import Sequence

from kernel.admin_paginator import cap_every_list

# Registers 登录失败记录 (django-axes' own admin is off: AXES_ENABLE_ADMIN = False).
from portal.login_guard import admin as login_guard_admin  # noqa: F401

# Case-number counters are internal: editing one by hand would break gapless numbering.
if admin.site.is_registered(Sequence):
    admin.site.unregister(Sequence)

# Last (portal is the last app): every list registered by now, ours and Django's,
# counts at most ADMIN_LIST_COUNT_CAP + 1 rows.
cap_every_list(admin.site)
