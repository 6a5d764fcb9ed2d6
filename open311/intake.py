"""A GeoReport v2 POST, as the spec names its fields, into the case submission
the H5's serializer checks: the same rules, each error named by the Open311
field the client sent.

- `description` is the case's content; `attribute[title]`, or else the
  description's opening words, its title.
- `last_name` + `first_name` (surname first, as Chinese names go) the contact;
  `phone` its phone. `email` is checked but not kept: the portal tells citizens
  by SMS, and what it does not need it does not keep.
- a location is required: `lat` and `long`, or `address_string`.
- `media_url` is not fetched: the portal does not download from addresses a
  client names (and every photo goes through kernel.images).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import QueryDict
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.models import Case
from cases.serializers import TITLE_LENGTH, CaseSubmitSerializer
from open311.catalogue import Service

# Our field → the Open311 parameter a client sent it in.
OPEN311_NAMES = {
    "kind": "attribute[kind]",
    "title": "attribute[title]",
    "content": "description",
    "complainee": "attribute[complainee]",
    "contact_name": "last_name/first_name",
    "contact_phone": "phone",
    "is_anonymous": "first_name/last_name/phone",
    "publish_consent": "attribute[publish_consent]",
    "sms_consent": "attribute[sms_consent]",
    "address": "address_string",
    "latitude": "lat",
    "longitude": "long",
    "service_type": "service_code",
    "department": "service_code",
}


class IntakeError(Exception):
    """A field is wrong: `errors` maps the Open311 parameter to the message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Intake:
    submission: case_services.CaseSubmission
    ignored_media: bool


def _attribute(form, code: str) -> str:
    return (form.get(f"attribute[{code}]") or "").strip()


def _title(form, description: str) -> str:
    given = _attribute(form, "title")
    if given:
        return given
    words = " ".join(description.split())
    return words[: min(30, TITLE_LENGTH[1])]


def _check_required(service: Service, form) -> dict[str, str]:
    errors = {}
    for attribute in service.attributes:
        if attribute.required and not _attribute(form, attribute.code):
            errors[f"attribute[{attribute.code}]"] = _("%(what)s 为必填项。") % {
                "what": attribute.description
            }
        value = _attribute(form, attribute.code)
        if attribute.values and value and value not in dict(attribute.values):
            errors[f"attribute[{attribute.code}]"] = _(
                "%(what)s 只能是：%(keys)s。"
            ) % {
                "what": attribute.description,
                "keys": "、".join(key for key, _name in attribute.values),
            }
    return errors


def _check_location(form) -> dict[str, str]:
    has_point = bool(form.get("lat")) and bool(form.get("long"))
    if has_point or (form.get("address_string") or "").strip():
        return {}
    if form.get("lat") or form.get("long"):
        return {"lat": _("lat 和 long 需要同时填写。")}
    return {"address_string": _("请提供位置：lat 和 long，或 address_string。")}


def intake(*, service: Service, form) -> Intake:
    """The case submission this POST asks for; IntakeError names what is wrong."""
    errors = {**_check_required(service, form), **_check_location(form)}
    email = (form.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("email 格式不正确。")
    if errors:
        raise IntakeError(errors)
    kind = service.kind or _attribute(form, "kind") or Case.Kind.CONSULTATION
    description = (form.get("description") or "").strip()
    name = f"{form.get('last_name') or ''}{form.get('first_name') or ''}".strip()
    phone = (form.get("phone") or "").strip()
    anonymous = kind == Case.Kind.COMPLAINT and not name and not phone
    data = QueryDict(mutable=True)
    data.update(
        {
            "kind": kind,
            "title": _title(form, description),
            "content": description,
            "department": (
                str(service.service_type.window.department_id)
                if service.service_type
                else ""
            ),
            "service_type": str(service.service_type.id)
            if service.service_type
            else "",
            "complainee": _attribute(form, "complainee"),
            "contact_name": name,
            "contact_phone": phone,
            "is_anonymous": "true" if anonymous else "false",
            "publish_consent": _attribute(form, "publish_consent") or "false",
            "sms_consent": _attribute(form, "sms_consent") or "false",
            "address": (form.get("address_string") or "").strip(),
            "latitude": form.get("lat") or "",
            "longitude": form.get("long") or "",
        }
    )
    if not data["service_type"]:
        del data["service_type"]
    for optional in ("latitude", "longitude"):
        if not data[optional]:
            del data[optional]
    serializer = CaseSubmitSerializer(data=data)
    if not serializer.is_valid():
        raise IntakeError(_named(serializer.errors))
    fields = serializer.validated_data
    fields.pop("attachments")
    fields["department_id"] = fields.pop("department")
    fields["service_type_id"] = fields.pop("service_type")
    fields["channel"] = Case.Channel.OPEN311
    return Intake(
        submission=case_services.CaseSubmission(**fields),
        ignored_media=bool(form.get("media_url")),
    )


def named_errors(error: ValidationError) -> dict[str, str]:
    """A service's ValidationError (cases.services) by Open311 parameter."""
    if hasattr(error, "error_dict"):
        return _named(error.message_dict)
    return {"description": " ".join(error.messages)}


def _named(errors: dict) -> dict[str, str]:
    named = {}
    for field, messages in errors.items():
        text = (
            " ".join(str(m) for m in messages)
            if isinstance(messages, list)
            else str(messages)
        )
        named[OPEN311_NAMES.get(field, field)] = text
    return named
