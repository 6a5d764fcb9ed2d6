"""GeoReport v2 under /open311/v2/ (docs/open311.md): discovery, services, a
service's definition, requests (GET and POST), one request, and tokens. Every
path ends in .json or .xml, which picks the format; errors come in it too."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import parsers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.throttles import client_address
from open311 import catalogue, formats, intake, selectors, services
from open311.errors import Open311Error, not_found, open311_exception_handler
from open311.throttles import ClientOrAddressThrottle

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_DAYS = 90
MAX_NUMBERS = 100


class Open311View(APIView):
    renderer_classes = formats.RENDERERS
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientOrAddressThrottle]
    # Not part of /api/v1/'s schema: the spec is its documentation.
    schema = None
    # No OPTIONS description: a 405 in the spec's shape.
    metadata_class = None
    xml_root = "response"
    client = None

    def get_exception_handler(self):
        return open311_exception_handler

    def api_key(self, request) -> str:
        source = request.data if request.method == "POST" else request.query_params
        return (source.get("api_key") or "").strip()

    def initial(self, request, *args, **kwargs):
        self.service_request_id = ""
        key = self.api_key(request)
        self.client = selectors.client_for_key(key) if key else None
        # Throttled first: a made-up key counts against the address.
        super().initial(request, *args, **kwargs)
        if key and self.client is None:
            raise Open311Error(
                _("api_key 无效、已过期或已被吊销。"), status.HTTP_403_FORBIDDEN
            )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        try:
            key = self.api_key(request)
        except Exception:  # an unreadable body has no key to log
            key = ""
        if key:
            services.key_use_record(
                client=self.client,
                key_prefix=key.partition(".")[0],
                method=request.method,
                path=request.path,
                status_code=response.status_code,
                address=client_address(request),
                service_request_id=self.service_request_id,
            )
        return response


class DiscoveryView(Open311View):
    xml_root = "discovery"

    def get(self, request, format=None):
        changeset = settings.OPEN311_CHANGESET
        root = request.build_absolute_uri("/open311/v2/")
        return Response(
            {
                "changeset": changeset,
                "contact": settings.OPEN311_CONTACT,
                "key_service": settings.OPEN311_KEY_SERVICE,
                "endpoints": [
                    {
                        "specification": SPECIFICATION,
                        "url": root.rstrip("/"),
                        "changeset": changeset,
                        "type": "production",
                        "formats": ["text/xml", "application/json"],
                    }
                ],
            }
        )


class ServiceListView(Open311View):
    xml_root = "services"

    def get(self, request, format=None):
        services_ = catalogue.service_list()
        if self.client is not None and (allowed := self.client.allowed_codes()):
            services_ = [s for s in services_ if s.code in allowed]
        return Response([service.as_dict() for service in services_])


class ServiceDefinitionView(Open311View):
    xml_root = "service_definition"

    def get(self, request, service_code, format=None):
        service = catalogue.service_for(service_code)
        if service is None:
            raise not_found(
                _("service_code %(code)s 不存在。") % {"code": service_code}
            )
        return Response(service.definition())


def _moment(request, name: str):
    text = request.query_params.get(name)
    if not text:
        return None
    moment = parse_datetime(text.strip())
    if moment is None:
        raise Open311Error(
            {name: _("时间格式应为 W3C 格式，如 2026-01-01T00:00:00+08:00。")}
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _listed(request, name: str) -> tuple[str, ...]:
    text = request.query_params.get(name) or ""
    return tuple(
        dict.fromkeys(part.strip() for part in text.split(",") if part.strip())
    )


def request_query(request) -> selectors.RequestQuery:
    """The GET filters, as the spec gives them; a wrong one is a 400 naming it."""
    numbers = _listed(request, "service_request_id")
    if len(numbers) > MAX_NUMBERS:
        raise Open311Error(
            {
                "service_request_id": _("一次最多查询 %(n)d 个编号。")
                % {"n": MAX_NUMBERS}
            }
        )
    if numbers:
        return selectors.RequestQuery(numbers=numbers)
    statuses = _listed(request, "status")
    if unknown := [s for s in statuses if s not in ("open", "closed")]:
        raise Open311Error(
            {
                "status": _("status 只能是 open 或 closed，收到：%(v)s。")
                % {"v": unknown[0]}
            }
        )
    codes = _listed(request, "service_code")
    start, end = _moment(request, "start_date"), _moment(request, "end_date")
    span = timedelta(days=MAX_DAYS)
    if start and end:
        if end < start:
            raise Open311Error({"end_date": _("end_date 不能早于 start_date。")})
        if end - start > span:
            raise Open311Error(
                {"end_date": _("start_date 与 end_date 相隔不能超过 90 天。")}
            )
    elif start:
        end = start + span
    else:
        end = end or timezone.now()
        start = end - span
    return selectors.RequestQuery(
        service_codes=codes, start=start, end=end, statuses=statuses
    )


class RequestsView(Open311View):
    xml_root = "service_requests"
    # The spec's POST is a form (application/x-www-form-urlencoded).
    parser_classes = [parsers.FormParser]

    def get(self, request, format=None):
        query = request_query(request)
        cases = selectors.request_list(client=self.client, query=query)
        own = selectors.numbers_sent_by(client=self.client, cases=cases)
        return Response(
            [
                selectors.request_fields(
                    case=case,
                    own=case.number in own,
                    build_uri=request.build_absolute_uri,
                )
                for case in cases
            ]
        )

    def post(self, request, format=None):
        if self.client is None:
            raise Open311Error(_("提交诉求需要 api_key。"), status.HTTP_403_FORBIDDEN)
        code = (request.data.get("service_code") or "").strip()
        if not code:
            raise Open311Error({"service_code": _("缺少 service_code。")})
        service = catalogue.service_for(code)
        if service is None:
            raise Open311Error(
                {"service_code": _("service_code %(code)s 不存在。") % {"code": code}}
            )
        services.require_service_allowed(client=self.client, code=code)
        try:
            taken = intake.intake(service=service, form=request.data)
            submitted = services.request_submit(
                client=self.client, submission=taken.submission
            )
        except intake.IntakeError as error:
            raise Open311Error(error.errors) from None
        except ValidationError as error:
            raise Open311Error(intake.named_errors(error)) from None
        case = submitted.case
        self.service_request_id = case.number
        return Response(
            [
                {
                    "service_request_id": case.number,
                    "service_notice": _service_notice(case, taken.ignored_media),
                    "account_id": "",
                }
            ],
            status=status.HTTP_201_CREATED,
        )


def _service_notice(case, ignored_media: bool) -> str:
    notice = _("已登记，编号 %(number)s，%(department)s将于 %(due)s 前答复。") % {
        "number": case.number,
        "department": case.department.name,
        "due": timezone.localtime(case.due_at).strftime("%Y-%m-%d"),
    }
    if ignored_media:
        notice += _("media_url 未采用：本平台不下载外部链接的图片。")
    return notice


class RequestDetailView(Open311View):
    xml_root = "service_requests"

    def get(self, request, service_request_id, format=None):
        case = selectors.visible_request(client=self.client, number=service_request_id)
        if case is None:
            # As if unknown: a private case's existence is not told either.
            raise not_found(
                _("service_request_id %(id)s 不存在。") % {"id": service_request_id}
            )
        own = case.number in selectors.numbers_sent_by(client=self.client, cases=[case])
        return Response(
            [
                selectors.request_fields(
                    case=case, own=own, build_uri=request.build_absolute_uri
                )
            ]
        )


class TokenView(Open311View):
    """Tokens are for servers that number later; ours is the number itself."""

    xml_root = "service_requests"

    def get(self, request, token, format=None):
        case = selectors.visible_request(client=self.client, number=token)
        if case is None:
            raise not_found(_("token %(token)s 不存在。") % {"token": token})
        return Response([{"service_request_id": case.number, "token": token}])


class UnknownView(Open311View):
    def get(self, request, format=None, **kwargs):
        raise not_found(_("没有这个 Open311 接口，请参阅 discovery.json。"))

    post = get
