"""Fixtures of the notifications tests: the local fakes of the SMS and WeChat
providers live in fake_providers.py."""

from tests.notifications.fake_providers import (  # noqa: F401
    aliyun_fake,
    tencent_fake,
    wechat_fake,
)
