"""The GeoReport v2 services: one per case kind (routed by the 派单目录, like the
H5's "不确定是哪个部门") and one per active service type (its department's), with
the attributes each needs beyond the spec's own fields.

A case's own service code is its service type's code, or its kind's when it has
none: `case_service_code`, which the GET filters follow too.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cases.models import Case
from departments import selectors as department_selectors

Kind = Case.Kind

# Service types share the code space; a service type coded like a kind is
# reachable only through the kind (`service_for` looks kinds up first).
KIND_CODES = {kind.value: kind for kind in Kind}


@dataclass(frozen=True)
class Attribute:
    code: str
    description: str
    datatype: str = "string"
    required: bool = False
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = ()

    def as_dict(self, order: int) -> dict:
        fields = {
            "variable": True,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description,
            "order": order,
            "description": self.description,
        }
        # Only a list type has values (the spec's examples leave them out).
        if self.values:
            fields["values"] = [{"key": k, "name": n} for k, n in self.values]
        return fields


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    description: str
    group: str
    keywords: tuple[str, ...]
    # A kind service fixes the kind; a service type's takes `attribute[kind]`.
    kind: str | None = None
    service_type: object = None
    attributes: tuple[Attribute, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "service_code": self.code,
            "service_name": self.name,
            "description": self.description,
            "metadata": bool(self.attributes),
            # We number a request as it comes: the answer carries its
            # service_request_id, never a token to ask with later.
            "type": "realtime",
            "keywords": ",".join(self.keywords),
            "group": self.group,
        }

    def definition(self) -> dict:
        return {
            "service_code": self.code,
            "attributes": [
                attribute.as_dict(order)
                for order, attribute in enumerate(self.attributes, start=1)
            ],
        }


_YES_NO = (("true", "是"), ("false", "否"))


def _common_attributes() -> tuple[Attribute, ...]:
    return (
        Attribute(
            code="title",
            description=_("标题（4-100 字）；不填则取描述的开头"),
        ),
        Attribute(
            code="publish_consent",
            datatype="singlevaluelist",
            description=_("是否同意在公开信件中公开（不含姓名、电话和地址）"),
            values=_YES_NO,
        ),
        Attribute(
            code="sms_consent",
            datatype="singlevaluelist",
            description=_("是否同意接收办理进度短信"),
            values=_YES_NO,
        ),
    )


def _complainee(required: bool) -> Attribute:
    return Attribute(
        code="complainee",
        description=_("被投诉/举报对象")
        + ("" if required else _("（类型为投诉举报时必填）")),
        required=required,
    )


def _kind_services() -> list[Service]:
    group = _("市民诉求（由派单中心分派部门）")
    keywords = {
        Kind.CONSULTATION: (_("咨询"), _("求助"), "12345"),
        Kind.COMPLAINT: (_("投诉"), _("举报"), "12345"),
        Kind.SUGGESTION: (_("建议"), _("献策"), "12345"),
    }
    services = []
    for kind in Kind:
        extra = (_complainee(required=True),) if kind == Kind.COMPLAINT else ()
        services.append(
            Service(
                code=kind.value,
                name=str(kind.label),
                description=_("%(kind)s：不确定由哪个部门办理时选择，由派单中心分派。")
                % {"kind": kind.label}
                + (
                    _("可不留姓名和电话（匿名举报）。")
                    if kind == Kind.COMPLAINT
                    else ""
                ),
                group=group,
                keywords=keywords[kind],
                kind=kind.value,
                attributes=(*extra, *_common_attributes()),
            )
        )
    return services


def _kind_attribute() -> Attribute:
    return Attribute(
        code="kind",
        datatype="singlevaluelist",
        description=_("诉求类型；不填为咨询求助"),
        values=tuple((kind.value, str(kind.label)) for kind in Kind),
    )


def _type_service(service_type) -> Service:
    department = service_type.window.department
    return Service(
        code=service_type.code,
        name=service_type.name,
        description=service_type.description or service_type.name,
        group=department.name,
        keywords=(service_type.window.name, department.name),
        service_type=service_type,
        attributes=(
            _kind_attribute(),
            _complainee(required=False),
            *_common_attributes(),
        ),
    )


def service_list() -> list[Service]:
    """Every service, the kinds first, then the service types in display order."""
    types = department_selectors.service_type_list()
    return [
        *_kind_services(),
        *(_type_service(t) for t in types if t.code not in KIND_CODES),
    ]


def service_for(code: str) -> Service | None:
    """The service with this code, or None."""
    if code in KIND_CODES:
        return next(s for s in _kind_services() if s.code == code)
    service_type = department_selectors.service_type_list().filter(code=code).first()
    return _type_service(service_type) if service_type else None


def case_service_code(case: Case) -> str:
    return case.service_type.code if case.service_type_id else case.kind
