"""Admin login lockouts, on django-axes.

- `handler.py`: which failures count. A user name is locked at one address after
  AXES_FAILURE_LIMIT failures there (so an attacker elsewhere cannot lock a member of
  staff out of her own office), and an address after AXES_ADDRESS_FAILURE_LIMIT
  failures in all, whatever the user names (password spraying). Both last
  AXES_COOLOFF_TIME after the last failure. The client address is the one the API
  throttles use.
- `views.py`: the lockout page, in Chinese and the admin's look (HTTP 429).
- `admin.py`: 登录失败记录, where supervisors see the failures and unlock by deleting
  them.
- `apps.py`: installs django-axes under the Chinese name 登录安全.
"""
