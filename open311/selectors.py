"""Reads of the Open311 interface: a client by its key, the requests a caller may
see, each as the spec's fields."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import photos
from cases import selectors as case_selectors
from cases.models import Case
from open311 import catalogue
from open311.models import ApiClient, SubmittedRequest

Status = Case.Status

# Open311 knows two states. A reply closes a request for the client (the citizen
# may still rate it, and a callback may reopen it, which shows as open again).
CLOSED = frozenset(
    {Status.REPLIED, Status.CLOSED, Status.REJECTED, Status.MERGED, Status.SPLIT}
)
OPEN = frozenset(Status) - CLOSED


def client_for_key(key: str) -> ApiClient | None:
    """The active, unexpired client holding this key, or None."""
    try:
        client = ApiClient.objects.get_from_key(key)
    except ApiClient.DoesNotExist:
        return None
    return None if client.has_expired else client


def open311_status(status: str) -> str:
    return "closed" if status in CLOSED else "open"


@dataclass(frozen=True)
class RequestQuery:
    """The GET filters, already checked (views.py)."""

    numbers: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()


def visible_requests(*, client: ApiClient | None) -> QuerySet[Case]:
    """公开信件's cases, and for a client the ones it sent, whatever their state."""
    own = (
        SubmittedRequest.objects.filter(client=client).values("case_id")
        if client is not None
        else None
    )
    return case_selectors.exchanged_cases(also_case_ids=own)


def request_list(*, client: ApiClient | None, query: RequestQuery) -> list[Case]:
    """At most OPEN311_MAX_REQUESTS cases, the newest first."""
    cases = visible_requests(client=client)
    if query.numbers:
        cases = cases.filter(number__in=query.numbers)
    else:
        if query.service_codes:
            cases = cases.filter(_service_filter(query.service_codes))
        if query.start is not None:
            cases = cases.filter(submitted_at__gte=query.start)
        if query.end is not None:
            cases = cases.filter(submitted_at__lte=query.end)
        if query.statuses and len(query.statuses) == 1:
            wanted = CLOSED if query.statuses[0] == "closed" else OPEN
            cases = cases.filter(status__in=wanted)
    return list(cases.order_by("-submitted_at", "-id")[: settings.OPEN311_MAX_REQUESTS])


def _service_filter(codes: tuple[str, ...]) -> Q:
    kinds = [code for code in codes if code in catalogue.KIND_CODES]
    types = [code for code in codes if code not in catalogue.KIND_CODES]
    return Q(kind__in=kinds, service_type__isnull=True) | Q(
        service_type__code__in=types
    )


def visible_request(*, client: ApiClient | None, number: str) -> Case | None:
    """One case by number if this caller may read it, else None (as if unknown)."""
    return visible_requests(client=client).filter(number=number.strip()).first()


def numbers_sent_by(*, client: ApiClient | None, cases: list[Case]) -> set[str]:
    """Which of these cases this client sent (one query for a whole list)."""
    if client is None or not cases:
        return set()
    sent = SubmittedRequest.objects.filter(
        client=client, case_id__in=[case.id for case in cases]
    ).values_list("case_id", flat=True)
    ids = set(sent)
    return {case.number for case in cases if case.id in ids}


def request_fields(*, case: Case, own: bool, build_uri) -> dict:
    """One request as GeoReport v2 gives it. No personal data: never a name or a
    phone; the address and coordinates only to the client that sent it, or where
    the city publishes them for the service (OPEN311_PUBLIC_LOCATION_SERVICES)."""
    code = catalogue.case_service_code(case)
    show_location = own or code in settings.OPEN311_PUBLIC_LOCATION_SERVICES
    return {
        "service_request_id": case.number,
        "status": open311_status(case.status),
        "status_notes": _status_notes(case),
        "service_name": case.service_type.name
        if case.service_type_id
        else str(case.get_kind_display()),
        "service_code": code,
        "description": case.content,
        "agency_responsible": case.department.name,
        "service_notice": "",
        "requested_datetime": _iso(case.submitted_at),
        "updated_datetime": _iso(case.last_public_event_at or case.submitted_at),
        "expected_datetime": _iso(case.due_at),
        "address": case.address if show_location else "",
        "address_id": "",
        "zipcode": "",
        "lat": _degrees(case.latitude) if show_location else "",
        "long": _degrees(case.longitude) if show_location else "",
        "media_url": _media_url(case, build_uri),
    }


def _status_notes(case: Case) -> str:
    if case.status in (Status.REPLIED, Status.CLOSED):
        return case.reply
    if case.status == Status.REJECTED:
        return _("不予受理：%(reason)s") % {"reason": case.rejection_reason}
    return str(case.get_status_display())


def _media_url(case: Case, build_uri) -> str:
    if not case.publish_consent:
        return ""
    first = next(iter(case.attachments.all()), None)
    if first is None:
        return ""
    return build_uri(photos.photo_link(name=first.thumbnail.name))


def _iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _degrees(value) -> str:
    return "" if value is None else format(value, "f")
