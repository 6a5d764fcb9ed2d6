"""Error reports to Sentry (portal/error_reports.py): off without SENTRY_DSN, and
never with personal data. No network: the scrubbing is tested as a function."""

import sentry_sdk

from portal import error_reports


def test_nothing_starts_without_a_dsn(monkeypatch):
    started = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: started.append(options))

    assert not error_reports.sentry_init(
        dsn="", environment="production", release="1.0", traces_sample_rate=0.5
    )
    assert started == []
    # The tests' settings have no DSN: no client in this process either.
    assert not sentry_sdk.get_client().is_active()


def test_with_a_dsn_it_starts_without_personal_data_or_traces(monkeypatch):
    started = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: started.append(options))

    assert error_reports.sentry_init(
        dsn="https://key@sentry.example.gov.cn/3",
        environment="staging",
        release="wzw@2026.12.1",
        traces_sample_rate=0.0,
    )

    [options] = started
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["include_local_variables"] is False
    assert options["traces_sample_rate"] is None
    assert options["environment"] == "staging"
    assert options["release"] == "wzw@2026.12.1"
    assert options["before_send"] is error_reports.scrub
    assert [type(i).__name__ for i in options["integrations"]] == ["DjangoIntegration"]


def event():
    return {
        "request": {
            "url": "https://gov.example.cn/api/v1/cases/lookup/?phone=13812345678",
            "method": "POST",
            "query_string": "phone=13812345678",
            "data": {"contact_name": "王小明", "contact_phone": "13812345678"},
            "cookies": {"sessionid": "abc"},
            "headers": {
                "Cookie": "sessionid=abc",
                "Referer": "https://gov.example.cn/admin/?q=13812345678",
                "X-Forwarded-For": "198.51.100.7",
                "User-Agent": "Mozilla/5.0",
                "X-Request-ID": "4f1c2b",
            },
            "env": {"REMOTE_ADDR": "198.51.100.7", "SERVER_NAME": "web-1"},
        },
        "user": {"ip_address": "198.51.100.7"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "stacktrace": {
                        "frames": [
                            {"function": "case_submit", "vars": {"phone": "138..."}}
                        ]
                    },
                }
            ]
        },
        "breadcrumbs": {
            "values": [
                {
                    "category": "httplib",
                    "data": {
                        "url": "https://api.weixin.qq.com/cgi-bin/message?access_token=t",
                        "http.query": "access_token=t",
                    },
                },
                {"category": "query", "data": {"db.params": ["13812345678"]}},
            ]
        },
    }


def test_an_event_leaves_without_body_cookies_query_strings_or_addresses():
    scrubbed = error_reports.scrub(event(), {})

    request = scrubbed["request"]
    assert set(request) == {"url", "method", "headers", "env"}
    assert request["url"] == "https://gov.example.cn/api/v1/cases/lookup/"
    assert request["headers"] == {"User-Agent": "Mozilla/5.0", "X-Request-ID": "4f1c2b"}
    assert request["env"] == {"SERVER_NAME": "web-1"}
    assert "user" not in scrubbed
    [frame] = scrubbed["exception"]["values"][0]["stacktrace"]["frames"]
    assert frame == {"function": "case_submit"}
    crumbs = [crumb["data"] for crumb in scrubbed["breadcrumbs"]["values"]]
    assert crumbs == [{"url": "https://api.weixin.qq.com/cgi-bin/message"}, {}]
    assert "13812345678" not in repr(scrubbed)
    assert "王小明" not in repr(scrubbed)


def test_an_event_without_a_request_passes_as_it_is():
    assert error_reports.scrub({"message": "任务失败"}, None) == {"message": "任务失败"}
