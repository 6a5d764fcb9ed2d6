"""Browser tests: Debian's Chromium, driven by Playwright, against a live server that
serves static files the way production does.

- Static files: `collectstatic` into a temporary STATIC_ROOT with WhiteNoise's
  CompressedManifestStaticFilesStorage, served by the WhiteNoise middleware, so the
  page runs on hashed, compressed names and its import map is really exercised.
- Chromium: /usr/bin/chromium (apt package `chromium`; `.ci/run` installs it). No
  browser is ever downloaded. Without it the tests fail, unless SKIP_BROWSER_TESTS=1
  on a developer's machine (never in CI).
- Every browser test is marked `browser` and grouped with `xdist_group("browser")`
  (`make test` runs `--dist loadgroup`), so one worker drives one Chromium.
"""

import contextlib
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

# A mid-size phone, inside WeChat or not: 390 × 844 CSS pixels, touch.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}


@pytest.fixture(scope="session")
def chromium_executable():
    if CHROMIUM.exists():
        return str(CHROMIUM)
    if os.environ.get("SKIP_BROWSER_TESTS") == "1" and not os.environ.get("CI"):
        pytest.skip("SKIP_BROWSER_TESTS=1: no Chromium at /usr/bin/chromium")
    pytest.fail(
        "Browser tests need Debian's Chromium at /usr/bin/chromium: "
        "apt-get install -y --no-install-recommends chromium fonts-noto-cjk "
        "(or set SKIP_BROWSER_TESTS=1 to skip them on this machine; never in CI)."
    )


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Collect static files like a deployment: hashed and compressed."""
    root = tmp_path_factory.mktemp("static")
    storages = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    override = override_settings(STATIC_ROOT=root, STORAGES=storages)
    override.enable()
    # The API docs' bundles are large and no browser test opens them.
    call_command(
        "collectstatic",
        interactive=False,
        verbosity=0,
        ignore_patterns=["drf_spectacular_sidecar", "swagger-ui-dist", "redoc"],
    )
    yield root
    override.disable()


@pytest.fixture(scope="session")
def live_url(production_static, django_db_setup):
    """A threaded server in this process: the test database (shared, for in-memory
    SQLite), and WhiteNoise in the middleware serving the collected files."""
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    # No static handler in front of the app: WhiteNoise answers /static/ itself.
    thread = LiveServerThread(
        "127.0.0.1", static_handler=lambda app: app, connections_override=shared
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


@pytest.fixture(scope="module")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while it is
    # started, and Django refuses ORM calls from a thread with a running loop. The
    # tests are plain synchronous code that never shares a connection with that
    # loop, so the check is turned off, for one module at a time: Playwright stops
    # (and the variable goes) before any test of another module runs here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live(live_url, transactional_db):
    """The live server's base URL; the test's data is visible to it (and is
    flushed after the test)."""
    return live_url


@pytest.fixture
def open_page(browser, live):
    """`open_page(elder=False, **context options)` gives a page in a fresh phone
    context. Uncaught page errors fail the test."""
    contexts = []
    errors = []

    def open_(*, elder=False, **options):
        context = browser.new_context(**{**PHONE, **options})
        context.set_default_timeout(10_000)
        if elder:
            context.add_init_script("localStorage.setItem('wzw.elder', '1')")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.base = live
        return page

    yield open_
    from playwright.sync_api import Error as PlaywrightError

    for context in contexts:
        for page in context.pages:
            # A request still in flight when the test ends (the home screen's
            # lists load after its title) raced the database flush that follows:
            # a deadlock on PostgreSQL in CI. Let the page go quiet first.
            with contextlib.suppress(PlaywrightError):
                page.wait_for_load_state("networkidle", timeout=5_000)
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def demo_departments(live):
    """The demo departments (劳动和社会保障局 and six others, with windows, service
    types and leaders), and the impression tags when the feedback app has them."""
    from departments.demo import seed_departments

    departments = {d.code: d for d in seed_departments()}
    try:
        from feedback.demo import TAGS
        from feedback.models import ImpressionTag
    except ImportError:
        pass
    else:
        for order, name in enumerate(TAGS, start=1):
            ImpressionTag.objects.get_or_create(
                name=name, defaults={"sort_order": order}
            )
    return departments


@pytest.fixture
def answered_case(demo_departments):
    """A complaint to 劳动和社会保障局, answered and published: (number, query code)."""
    from cases import services
    from cases.models import Case
    from tests.cases.helpers import submit_case

    submitted = submit_case(
        kind=Case.Kind.COMPLAINT,
        department=demo_departments["hrss"],
        title="用人单位未缴社保",
        content="公司入职半年一直没有给我缴纳社会保险，请求核查。",
        publish_consent=True,
    )
    case = submitted.case
    services.case_transition(case=case, to_status=Case.Status.ACCEPTED)
    services.case_transition(
        case=case,
        to_status=Case.Status.REPLIED,
        reply="经核查，该公司已为您补缴社会保险，可在社保 App 查询。",
    )
    return case.number, submitted.query_code


@pytest.fixture
def gallery(demo_departments):
    """The demo posters and albums, when the gallery app is present; else None."""
    from tests.browser.helpers import api_exists

    if not api_exists("/api/v1/posters/"):
        return None
    from media_gallery.demo import seed_gallery
    from media_gallery.models import Album

    seed_gallery()
    return Album.objects.order_by("pk").first()
