"""政务信息: the body's Markdown sanitised (no script, no inline style, links and
images only to the portal), the public list (published, scheduled, pinned first,
searchable), one notice with its view count, the share page's Open Graph tags, and
publishing by department with a second person's approval when the city asks."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notices import services
from notices.models import Notice
from notices.rendering import render_markdown
from tests.cases.helpers import photo

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 2, tzinfo=UTC)


@pytest.fixture
def publish(freeze_now, officer_a, department_a):
    freeze_now(NOW)

    def publish_(
        title="社保卡换发通知",
        *,
        body="正文",
        user=officer_a,
        department=department_a,
        **fields,
    ):
        notice = Notice(
            kind=fields.pop("kind", Notice.Kind.NOTICE),
            title=title,
            body=body,
            department=department,
            publish_at=fields.pop("publish_at", NOW - timedelta(hours=1)),
            **fields,
        )
        services.notice_save(notice=notice, user=user)
        return services.notice_submit(notice=notice, user=user)

    return publish_


# A catalogue of XSS payloads (OWASP's filter-evasion list, in Markdown and HTML).
XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](java&#x09;script:alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[点我](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](/a.png" onerror="alert(1))',
    "[外站](https://evil.example/)",
    "![外图](https://evil.example/a.png)",
    "[协议相对](//evil.example/x)",
    '<p style="color:red">红</p>',
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<object data="javascript:alert(1)">',
    "<base href=//evil.example/>",
    '<form action="https://evil.example"><button>提交</button></form>',
]
DANGEROUS = (
    "script", "svg", "iframe", "javascript:", "onerror", "onload", "ontoggle",
    "style", "evil.example", "vbscript", "data:text", "object", "base", "form",
)  # fmt: skip


@pytest.mark.parametrize("payload", XSS)
def test_the_body_keeps_no_script_no_style_and_no_address_outside_the_portal(payload):
    html = render_markdown(payload)
    # The payload may remain as text (&lt;…); never as a tag, an attribute or an
    # address: look inside every tag that is left.
    tags = [part.split(">", 1)[0].lower() for part in html.split("<")[1:]]
    for tag in tags:
        assert not any(danger in tag for danger in DANGEROUS), (payload, html)


def test_a_backslash_link_stays_a_path_on_this_site():
    # Some browsers read /\\host as //host; markdown-it percent-encodes the
    # backslash, so the address stays a path here.
    html = render_markdown("[x](/\\\\evil.example/x)")
    assert 'href="/%5C' in html or "href" not in html


def test_the_body_keeps_the_portals_own_links_images_and_tables(settings):
    settings.PORTAL_PUBLIC_URL = "https://wzw.example.gov.cn"
    html = render_markdown(
        "# 标题\n\n[指南](/#/guide) [本站](https://wzw.example.gov.cn/#/notices)\n\n"
        "![图](/media/notices/a.jpg)\n\n| 项目 | 时限 |\n|---|---|\n| 换卡 | 5 日 |"
    )
    assert "<h2>标题</h2>" in html  # the page's h1 is the title
    assert (
        'href="/#/guide"' in html
        and 'href="https://wzw.example.gov.cn/#/notices"' in html
    )
    assert 'src="/media/notices/a.jpg"' in html
    assert "<table>" in html


def test_the_public_list_shows_what_is_published_now_pinned_first(
    publish, api_client, freeze_now
):
    old = publish("旧的通知", publish_at=NOW - timedelta(days=3))
    publish("置顶的通知", pinned=True, publish_at=NOW - timedelta(days=5))
    publish("明天才发布", publish_at=NOW + timedelta(days=1))
    publish(
        "已下线",
        publish_at=NOW - timedelta(days=2),
        withdraw_at=NOW - timedelta(hours=2),
    )
    publish("新的通知")
    draft = Notice(
        kind="news",
        title="草稿",
        body="x",
        department=old.department,
        publish_at=NOW - timedelta(days=1),
    )
    services.notice_save(notice=draft, user=old.created_by)
    titles = [n["title"] for n in api_client.get("/api/v1/notices/").json()["results"]]
    assert titles == ["置顶的通知", "新的通知", "旧的通知"]
    freeze_now(NOW + timedelta(days=2))
    assert "明天才发布" in [
        n["title"] for n in api_client.get("/api/v1/notices/").json()["results"]
    ]


def test_the_list_filters_by_kind_and_finds_a_two_character_word(publish, api_client):
    publish("医保报销政策", kind=Notice.Kind.POLICY, body="关于医保报销的规定")
    publish("社保卡换发通知", body="第三代社保卡")
    found = api_client.get("/api/v1/notices/", {"search": "社保"}).json()["results"]
    assert [n["title"] for n in found] == ["社保卡换发通知"]
    policies = api_client.get("/api/v1/notices/", {"kind": "policy"}).json()["results"]
    assert [n["title"] for n in policies] == ["医保报销政策"]
    bad = api_client.get("/api/v1/notices/", {"kind": "rumour"})
    assert bad.status_code == 400 and "kind" in bad.json()


def test_a_notice_counts_its_views_and_a_draft_is_not_found(
    publish, api_client, officer_a, department_a
):
    notice = publish(body="**加粗**")
    first = api_client.get(f"/api/v1/notices/{notice.pk}/").json()
    assert "<strong>加粗</strong>" in first["body_html"]
    api_client.get(f"/api/v1/notices/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.view_count == 2
    draft = Notice(
        kind="news", title="草稿", body="x", department=department_a, publish_at=NOW
    )
    services.notice_save(notice=draft, user=officer_a)
    assert api_client.get(f"/api/v1/notices/{draft.pk}/").status_code == 404


def test_the_share_page_carries_open_graph_tags(publish, client):
    notice = publish("社保卡换发通知", summary="第三代社保卡开始换发")
    services.notice_save(notice=notice, user=notice.created_by, cover=photo())
    page = client.get(f"/n/{notice.pk}").content.decode()
    assert '<meta property="og:title" content="社保卡换发通知">' in page
    assert '<meta property="og:description" content="第三代社保卡开始换发">' in page
    assert (
        'property="og:image" content="http://testserver/media/notices/covers/' in page
    )
    assert f"#/notices/{notice.pk}" in page
    notice.refresh_from_db()
    assert (notice.cover_640.width, notice.cover_640.height) == (640, 360)


def test_staff_publish_only_for_their_department_and_the_city_is_the_supervisors(
    officer_a, department_b, supervisor, freeze_now
):
    freeze_now(NOW)
    other = Notice(
        kind="news", title="别的部门", body="x", department=department_b, publish_at=NOW
    )
    with pytest.raises(PermissionDenied):
        services.notice_save(notice=other, user=officer_a)
    city = Notice(kind="news", title="全市", body="x", department=None, publish_at=NOW)
    with pytest.raises(PermissionDenied):
        services.notice_save(notice=city, user=officer_a)
    services.notice_save(notice=city, user=supervisor)
    assert services.notice_submit(notice=city, user=supervisor).status == "published"


def test_with_approval_on_a_second_person_publishes(
    settings, officer_a, head_a, department_a, freeze_now, api_client
):
    settings.NOTICE_APPROVAL_REQUIRED = True
    freeze_now(NOW)
    notice = Notice(
        kind="notice",
        title="停水通知",
        body="x",
        department=department_a,
        publish_at=NOW,
    )
    services.notice_save(notice=notice, user=officer_a)
    notice = services.notice_submit(notice=notice, user=officer_a)
    assert notice.status == "pending"
    assert api_client.get("/api/v1/notices/").json()["results"] == []
    with pytest.raises(PermissionDenied, match="另一位"):
        services.notice_approve(notice=notice, user=officer_a)
    notice = services.notice_approve(notice=notice, user=head_a)
    assert [
        n["title"] for n in api_client.get("/api/v1/notices/").json()["results"]
    ] == ["停水通知"]
    # Edited, it waits for approval again.
    notice.body = "改过的正文"
    services.notice_save(notice=notice, user=officer_a)
    assert api_client.get("/api/v1/notices/").json()["results"] == []


def test_an_interpretation_names_its_policy_and_they_link(publish, api_client):
    policy = publish("医保政策", kind=Notice.Kind.POLICY)
    with pytest.raises(ValidationError, match="所解读的政策文件"):
        publish("解读", kind=Notice.Kind.INTERPRETATION)
    reading = publish(
        "医保政策解读", kind=Notice.Kind.INTERPRETATION, interprets=policy
    )
    detail = api_client.get(f"/api/v1/notices/{policy.pk}/").json()
    assert detail["interpretations"] == [{"id": reading.pk, "title": "医保政策解读"}]
    assert (
        api_client.get(f"/api/v1/notices/{reading.pk}/").json()["interprets"]["id"]
        == policy.pk
    )


def test_withdrawing_takes_it_off_the_list_at_once(publish, api_client):
    notice = publish()
    services.notice_withdraw(notice=notice, user=notice.created_by, note="信息有误")
    assert api_client.get("/api/v1/notices/").json()["results"] == []
    assert list(notice.events.values_list("action", flat=True)) == [
        "save",
        "publish",
        "withdraw",
    ]


def test_a_published_notice_has_a_qr_code_of_its_share_page(
    publish, login, officer_a, officer_b
):
    notice = publish()
    svg = login(officer_a).get(
        "/admin/qr/", {"target": f"notice:{notice.pk}", "format": "svg"}
    )
    assert svg.status_code == 200 and b"<svg" in svg.content
    assert notice.title in svg.content.decode()
    other = login(officer_b).get(
        "/admin/qr/", {"target": f"notice:{notice.pk}", "format": "svg"}
    )
    assert other.status_code == 404
