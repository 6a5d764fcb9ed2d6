"""Every state change of 好差评 writes one FeedbackEvent, in the same transaction,
and the rating's, rectification's and appeal's admin pages show them."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from feedback import services
from feedback.models import Appeal, CaseEvaluation, FeedbackEvent, Rectification
from feedback.services import evaluations as evaluation_services
from tests.feedback.conftest import FRIDAY, answered_case

pytestmark = pytest.mark.django_db
Kind = FeedbackEvent.Kind
LATER = FRIDAY + timedelta(hours=1)


def rated(department, level=1):
    case, _ = answered_case(department)
    return services.evaluation_submit(
        case=case, level=level, comment="张先生说没解决", now=FRIDAY
    )


def contacted(officer, rectification):
    return services.rectification_contact(
        actor=officer, rectification=rectification, note="电话 13800138000 联系"
    )


def events_of(action):
    """Run `action` and return the events it wrote, as (subject, kind, actor)."""
    before = FeedbackEvent.objects.order_by("-id").values_list("id", flat=True)
    last = before.first() or 0
    action()
    return [
        (event.subject, event.kind, event.actor)
        for event in FeedbackEvent.objects.filter(id__gt=last).order_by("id")
    ]


@pytest.mark.parametrize("level", [3, 4, 5])
def test_a_rating_writes_one_event_without_an_actor(department_a, level):
    case, _ = answered_case(department_a)

    written = events_of(
        lambda: services.evaluation_submit(case=case, level=level, comment="好")
    )

    evaluation = CaseEvaluation.objects.get()
    assert written == [(evaluation, Kind.RATED, None)]
    label = CaseEvaluation.Level(level).label
    assert evaluation.events.get().note == f"{label}（第 1 次答复）"


def test_a_bad_rating_writes_the_rating_and_the_opened_rectification(department_a):
    case, _ = answered_case(department_a)

    written = events_of(lambda: services.evaluation_submit(case=case, level=2))

    evaluation = CaseEvaluation.objects.get()
    assert written == [
        (evaluation, Kind.RATED, None),
        (evaluation.rectification, Kind.RECTIFICATION_OPENED, None),
    ]


def test_contact_and_completion_each_write_one_event_by_their_officer(
    department_a, officer_a, head_a
):
    rectification = rated(department_a).rectification

    assert events_of(lambda: contacted(officer_a, rectification)) == [
        (rectification, Kind.CONTACTED, officer_a)
    ]
    assert events_of(
        lambda: services.rectification_complete(
            actor=head_a, rectification=rectification, note="已整改"
        )
    ) == [(rectification, Kind.COMPLETED, head_a)]


def test_notes_never_copy_what_people_typed(department_a, officer_a, supervisor):
    rectification = rated(department_a).rectification
    contacted(officer_a, rectification)
    appeal = services.appeal_request(
        actor=officer_a, evaluation=rectification.evaluation, reason="张先生误评"
    )
    services.appeal_decide(actor=supervisor, appeal=appeal, void=True, note="张先生")

    notes = " ".join(FeedbackEvent.objects.values_list("note", flat=True))
    assert "张先生" not in notes
    assert "13800138000" not in notes


def test_an_appeal_request_writes_one_event_by_the_officer(department_a, officer_a):
    evaluation = rated(department_a, level=5)

    written = events_of(
        lambda: services.appeal_request(
            actor=officer_a, evaluation=evaluation, reason="误评"
        )
    )

    assert written == [(Appeal.objects.get(), Kind.APPEAL_REQUESTED, officer_a)]


def test_an_upheld_appeal_writes_only_the_decision(department_a, officer_a, supervisor):
    evaluation = rated(department_a)
    appeal = services.appeal_request(
        actor=officer_a, evaluation=evaluation, reason="误评"
    )

    written = events_of(
        lambda: services.appeal_decide(actor=supervisor, appeal=appeal, void=False)
    )

    assert written == [(appeal, Kind.APPEAL_UPHELD, supervisor)]


def test_a_voiding_appeal_writes_the_decision_the_voiding_and_the_closing(
    department_a, officer_a, supervisor
):
    evaluation = rated(department_a)
    appeal = services.appeal_request(
        actor=officer_a, evaluation=evaluation, reason="误评"
    )

    written = events_of(
        lambda: services.appeal_decide(actor=supervisor, appeal=appeal, void=True)
    )

    assert written == [
        (appeal, Kind.APPEAL_VOIDED, supervisor),
        (evaluation, Kind.VOIDED, supervisor),
        (evaluation.rectification, Kind.CLOSED_BY_APPEAL, supervisor),
    ]


@pytest.mark.parametrize("level", [1, 5])
def test_voiding_a_rating_without_an_open_rectification_closes_nothing(
    department_a, officer_a, supervisor, level
):
    evaluation = rated(department_a, level=level)
    if level == 1:
        contacted(officer_a, evaluation.rectification)
        services.rectification_complete(
            actor=officer_a, rectification=evaluation.rectification, note="已整改"
        )
    appeal = services.appeal_request(
        actor=officer_a, evaluation=evaluation, reason="误评"
    )

    written = events_of(
        lambda: services.appeal_decide(actor=supervisor, appeal=appeal, void=True)
    )

    assert [kind for _, kind, _ in written] == [Kind.APPEAL_VOIDED, Kind.VOIDED]


REFUSALS = {
    "rating twice": lambda ctx: services.evaluation_submit(
        case=ctx["evaluation"].case, level=5
    ),
    "contact by another department": lambda ctx: contacted(
        ctx["officer_b"], ctx["rectification"]
    ),
    "completion before the contact": lambda ctx: services.rectification_complete(
        actor=ctx["officer_a"], rectification=ctx["rectification"], note="已整改"
    ),
    "appeal by another department": lambda ctx: services.appeal_request(
        actor=ctx["officer_b"], evaluation=ctx["evaluation"], reason="误评"
    ),
    "second pending appeal": lambda ctx: services.appeal_request(
        actor=ctx["officer_a"], evaluation=ctx["evaluation"], reason="再申诉"
    ),
    "decision by an officer": lambda ctx: services.appeal_decide(
        actor=ctx["officer_a"], appeal=ctx["appeal"], void=True
    ),
}


@pytest.mark.parametrize("refusal", REFUSALS)
def test_a_refused_change_writes_no_event(department_a, officer_a, officer_b, refusal):
    evaluation = rated(department_a)
    ctx = {
        "evaluation": evaluation,
        "rectification": evaluation.rectification,
        "officer_a": officer_a,
        "officer_b": officer_b,
    }
    if refusal in {"second pending appeal", "decision by an officer"}:
        ctx["appeal"] = services.appeal_request(
            actor=officer_a, evaluation=evaluation, reason="误评"
        )
    before = FeedbackEvent.objects.count()

    with pytest.raises((ValidationError, PermissionDenied)):
        REFUSALS[refusal](ctx)

    assert FeedbackEvent.objects.count() == before


def test_rating_an_unanswered_case_writes_no_event(department_a):
    case, _ = answered_case(department_a, status="accepted")

    with pytest.raises(ValidationError):
        services.evaluation_submit(case=case, level=1)

    assert not FeedbackEvent.objects.exists()


@pytest.fixture
def fail_on(monkeypatch):
    """`fail_on(kind)`: writing an event of that kind fails after the row is
    written, as a crash in the middle of the change would."""

    def arm(kind):
        real = evaluation_services.record_feedback_event

        def record_then_fail(**kwargs):
            event = real(**kwargs)
            if kwargs["kind"] == kind:
                raise RuntimeError("crash after the event")
            return event

        monkeypatch.setattr(
            evaluation_services, "record_feedback_event", record_then_fail
        )

    return arm


def test_a_rating_and_its_events_roll_back_together(department_a, fail_on):
    case, _ = answered_case(department_a)
    fail_on(Kind.RECTIFICATION_OPENED)

    with pytest.raises(RuntimeError):
        services.evaluation_submit(case=case, level=1)

    assert not CaseEvaluation.objects.exists()
    assert not Rectification.objects.exists()
    assert not FeedbackEvent.objects.exists()


def test_a_contact_and_its_event_roll_back_together(department_a, officer_a, fail_on):
    rectification = rated(department_a).rectification
    fail_on(Kind.CONTACTED)

    with pytest.raises(RuntimeError):
        contacted(officer_a, rectification)

    rectification.refresh_from_db()
    assert rectification.contacted_at is None
    assert not rectification.events.filter(kind=Kind.CONTACTED).exists()


def test_a_voiding_and_its_events_roll_back_together(
    department_a, officer_a, supervisor, fail_on
):
    evaluation = rated(department_a)
    appeal = services.appeal_request(
        actor=officer_a, evaluation=evaluation, reason="误评"
    )
    before = FeedbackEvent.objects.count()
    fail_on(Kind.CLOSED_BY_APPEAL)

    with pytest.raises(RuntimeError):
        services.appeal_decide(actor=supervisor, appeal=appeal, void=True)

    appeal.refresh_from_db()
    evaluation.refresh_from_db()
    assert appeal.decision == Appeal.Decision.PENDING
    assert not evaluation.is_void
    assert evaluation.rectification.is_open
    assert FeedbackEvent.objects.count() == before


def test_an_event_is_about_exactly_one_thing(department_a):
    evaluation = rated(department_a)

    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackEvent.objects.create(
            evaluation=evaluation,
            rectification=evaluation.rectification,
            kind=Kind.RATED,
            created_at=FRIDAY,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackEvent.objects.create(kind=Kind.RATED, created_at=FRIDAY)


def test_the_rating_and_rectification_pages_show_their_events(
    login, department_a, officer_a
):
    evaluation = rated(department_a)
    rectification = evaluation.rectification
    contacted(officer_a, rectification)
    client = login(officer_a)

    rating_page = client.get(
        reverse("admin:feedback_caseevaluation_change", args=[evaluation.pk])
    )
    rectification_page = client.get(
        reverse("admin:feedback_rectification_change", args=[rectification.pk])
    )

    assert rating_page.status_code == 200
    rating_html = rating_page.content.decode()
    assert "处理记录" in rating_html
    assert "非常不满意（第 1 次答复）" in rating_html
    assert "市民" in rating_html
    assert rectification_page.status_code == 200
    rectification_html = rectification_page.content.decode()
    assert "开始整改" in rectification_html
    assert "记录回访" in rectification_html
    # The officer is named as the back office names staff (role · department).
    assert "officer_a（部门工作人员" in rectification_html


def test_the_appeal_page_shows_its_events(login, department_a, officer_a):
    appeal = services.appeal_request(
        actor=officer_a, evaluation=rated(department_a), reason="误评"
    )

    page = login(officer_a).get(
        reverse("admin:feedback_appeal_change", args=[appeal.pk])
    )

    assert page.status_code == 200
    assert "申请申诉复核" in page.content.decode()


def test_another_department_sees_neither_page_nor_events(
    login, department_a, officer_b
):
    evaluation = rated(department_a)
    client = login(officer_b)

    for name, pk in [
        ("caseevaluation", evaluation.pk),
        ("rectification", evaluation.rectification.pk),
    ]:
        page = client.get(reverse(f"admin:feedback_{name}_change", args=[pk]))
        assert page.status_code == 404, name


def test_the_events_cost_the_same_queries_however_many_there_are(
    login, department_a, officer_a, head_a, supervisor, django_assert_max_num_queries
):
    rectification = rated(department_a).rectification
    contacted(officer_a, rectification)
    url = reverse("admin:feedback_rectification_change", args=[rectification.pk])
    client = login(officer_a)
    client.get(url)  # warm the session and permission caches
    with django_assert_max_num_queries(100) as two_events:
        client.get(url)

    # More rows, by more people, without changing the rectification itself.
    for actor in [head_a, supervisor, officer_a]:
        FeedbackEvent.objects.create(
            rectification=rectification,
            kind=Kind.CONTACTED,
            actor=actor,
            created_at=LATER,
        )

    with django_assert_max_num_queries(len(two_events.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("记录回访") >= 4


def test_the_migration_backfills_the_history_the_services_write(
    department_a, officer_a, head_a, supervisor
):
    voided = rated(department_a)
    contacted(officer_a, voided.rectification)
    services.appeal_decide(
        actor=supervisor,
        appeal=services.appeal_request(
            actor=officer_a, evaluation=voided, reason="误评"
        ),
        void=True,
    )
    done = rated(department_a).rectification
    contacted(officer_a, done)
    services.rectification_complete(actor=head_a, rectification=done, note="已整改")
    upheld = services.appeal_request(
        actor=head_a, evaluation=rated(department_a, level=4), reason="误评"
    )
    services.appeal_decide(actor=supervisor, appeal=upheld, void=False)

    def history():
        rows = FeedbackEvent.objects.values_list(
            "evaluation", "rectification", "appeal", "kind", "actor", "created_at"
        )
        return sorted(rows, key=str)

    written = history()
    FeedbackEvent.objects.all().delete()
    migration = importlib.import_module("feedback.migrations.0003_feedback_events")
    migration.backfill_events(apps, None)

    assert history() == written
    assert all(
        note.endswith("（补记）")
        for note in FeedbackEvent.objects.values_list("note", flat=True)
    )
