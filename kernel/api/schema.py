"""The OpenAPI schema, made to say what the API really does (docs/security/schema.md).

drf-spectacular documents the answers each view declares. The portal also answers,
from shared code, with errors no view mentions; `PortalAutoSchema` adds them to
every operation they can happen on, all in the one shape of
kernel.api.exceptions (`Error`):

* 400: the operation reads query parameters, headers or a body.
* 403: an unsafe method (portal.cross_site refuses writes from other sites), or a
  view with a permission other than AllowAny (the staff API).
* 404: the path names an object, or the list is paginated (a page past the last).
* 406: always (an Accept header that excludes JSON).
* 413 and 415: the operation takes a body (too large; neither JSON nor multipart).
* 414: always; gunicorn answers a request line over its limit itself, as HTML.
* 429: the view is throttled.
* 503: always (database or cache unreachable: portal.middleware), with Retry-After.

Request fields say what validation accepts: a citizen's text carries the pattern
of kernel.text (visible characters, no control characters), a field with a
`schema_pattern` carries that pattern, a decimal is a string or a number within
its limits, and a serializer's `schema_rules()` (JSON Schema clauses for rules
that span fields, such as "a complaint names whom it is about") join its component
as `allOf` (after drf-spectacular's enum hook: `postprocess_rules`). A body sent as
JSON or as a form gets a component for each (`_body_variant`). A view's
`schema_links` become its responses' OpenAPI links.
"""

import re

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions, serializers

from kernel.text import CitizenTextField, visible_text_pattern, whitespace_class

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        '`{"detail": "中文说明"}`，或按字段：`{"字段名": ["中文说明"]}`'
        '（列表中某一项的错误：`{"字段名": {"序号": ["中文说明"]}}`）。'
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        ]
    },
}

DESCRIPTIONS = {
    "400": "请求有误：参数、请求头或请求内容不符合要求",
    "403": "无权访问，或来自其他网站的提交",
    "404": "未找到",
    "406": "无法按 Accept 请求头提供内容（本接口只返回 JSON）",
    "413": "请求内容过大",
    "414": "请求地址过长（由 gunicorn 直接拒绝，返回 HTML 页面）",
    "415": "请求内容类型不受支持（请使用 JSON 或 multipart/form-data）",
    "429": "请求过于频繁，请稍后再试",
    "503": "服务暂时不可用，请稍后重试",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "建议多少秒后重试",
        "schema": {"type": "integer", "minimum": 0},
    }
}


RULES = "x-portal-rules"


def postprocess_rules(result, generator, request, public):
    """Join each component's rules (`schema_rules()`) as its `allOf`."""
    for component in result.get("components", {}).get("schemas", {}).values():
        rules = component.pop(RULES, None)
        if rules:
            component["allOf"] = rules
    return result


def _or_empty(schema):
    outer = {key: schema[key] for key in ("title", "description") if key in schema}
    inner = {
        key: value
        for key, value in schema.items()
        if key not in outer and key != "nullable"
    }
    return {**outer, "anyOf": [inner, {"type": "string", "maxLength": 0}]}


def _is_file(schema) -> bool:
    items = schema.get("items", {}) if schema.get("type") == "array" else schema
    return items.get("format") == "binary"


def _text_pattern(field) -> str:
    """What a plain CharField accepts: no NUL (DRF refuses it), and unless blank
    is allowed, something besides the whitespace it trims."""
    if field.allow_blank or not field.trim_whitespace:
        return "^[^\\u0000]*$"
    return f"^[^\\u0000]*[^{whitespace_class()}\\u0000][^\\u0000]*$"


class PortalAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(
            path, path_regex, path_prefix, method, registry
        )
        if operation is None:
            return None
        error = ResolvedComponent(
            name="Error",
            type=ResolvedComponent.SCHEMA,
            schema=ERROR_SCHEMA,
            object="Error",
        )
        self.registry.register_on_missing(error)
        for media_type, body in (
            operation.get("requestBody", {}).get("content", {}).items()
        ):
            body["schema"] = self._body_variant(
                body["schema"], form=media_type.startswith("multipart/")
            )
        responses = operation["responses"]
        for code, links in getattr(self.view, "schema_links", {}).items():
            responses[code]["links"] = links
        for code in self._error_codes(operation):
            response = responses.setdefault(code, {"description": DESCRIPTIONS[code]})
            if code == "414":
                continue  # gunicorn's page, not JSON
            response.setdefault("content", {"application/json": {"schema": error.ref}})
            if code == "503":
                response.setdefault("headers", RETRY_AFTER)
        return operation

    def _body_variant(self, schema, *, form: bool):
        """A body component as one media type can carry it. JSON has no files, so
        no file fields. A form has only text and no null: DRF reads an empty
        optional field as not sent (nullable: null), so each optional field that
        is not text may also be empty."""
        if "$ref" not in schema:
            return schema
        name = schema["$ref"].rsplit("/", 1)[1]
        component = self.registry[(name, ResolvedComponent.SCHEMA)]
        properties = component.schema.get("properties", {})
        if form:
            required = set(component.schema.get("required", []))
            changed = {
                key: _or_empty(value)
                for key, value in properties.items()
                if key not in required and value.get("type") not in ("string", "array")
            }
        else:
            changed = {
                key: None for key, value in properties.items() if _is_file(value)
            }
        if not changed:
            return schema
        kept = {
            key: changed.get(key, value)
            for key, value in properties.items()
            if changed.get(key, value) is not None
        }
        variant = ResolvedComponent(
            name=name.removesuffix("Request")
            + ("Form" if form else "Json")
            + "Request",
            type=ResolvedComponent.SCHEMA,
            schema={**component.schema, "properties": kept},
            object=f"{name}:{'form' if form else 'json'}",
        )
        self.registry.register_on_missing(variant)
        return variant.ref

    def _error_codes(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        codes = ["406", "414", "503"]
        if has_body or any(p["in"] in ("query", "header") for p in parameters):
            codes.append("400")
        if self.method not in SAFE_METHODS or self._requires_permission():
            codes.append("403")
        if any(p["in"] == "path" for p in parameters) or self._is_paginated():
            codes.append("404")
        if has_body:
            codes += ["413", "415"]
        if self.view.get_throttles():
            codes.append("429")
        return sorted(codes)

    def _requires_permission(self) -> bool:
        return any(
            not isinstance(permission, permissions.AllowAny)
            for permission in self.view.get_permissions()
        )

    def _is_paginated(self) -> bool:
        return self._is_list_view() and self._get_paginator() is not None

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or schema is None:
            return schema
        if isinstance(field, CitizenTextField):
            minimum = max(field.visible_min_length or 0, 0 if field.allow_blank else 1)
            schema["pattern"] = visible_text_pattern(
                min_visible=minimum, blank=field.allow_blank
            )
            if minimum:
                schema["minLength"] = minimum
        elif getattr(field, "schema_pattern", None):
            schema["pattern"] = field.schema_pattern
        elif isinstance(field, serializers.CharField) and "pattern" not in schema:
            schema["pattern"] = _text_pattern(field)
        if isinstance(field, serializers.DecimalField):
            schema = self._decimal(field, schema)
        return schema

    @staticmethod
    def _decimal(field, schema):
        """A decimal is read from a string or a JSON number; the string's pattern
        (the field's `schema_pattern`) states its range, the number's limits too."""
        number = {"type": "number"}
        if field.min_value is not None:
            number["minimum"] = float(field.min_value)
        if field.max_value is not None:
            number["maximum"] = float(field.max_value)
        text = {
            "type": "string",
            "pattern": schema.get("pattern"),
            "maxLength": field.MAX_STRING_LENGTH,
        }
        meta = {
            key: value
            for key, value in schema.items()
            if key in ("title", "description", "nullable", "default")
        }
        return {**meta, "oneOf": [text, number]}

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        # drf-spectacular offers "" beside a pattern as `oneOf`; where the pattern
        # already accepts "" (ours do, when blank is allowed), "" would match both
        # and so be invalid.
        alternatives = schema.get("oneOf", [])
        if (
            len(alternatives) == 2
            and alternatives[1] == {"type": "string", "maxLength": 0}
            and re.match(alternatives[0].get("pattern", "(?!)"), "")
        ):
            schema.update(schema.pop("oneOf")[0])

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if not type(serializer).__doc__:
            # Not the docstring of a base class (BodySerializer's is about Python).
            schema.pop("description", None)
        rules = getattr(serializer, "schema_rules", None)
        if direction == "request" and rules:
            # Set aside until after drf-spectacular's enum hook, which would turn
            # each `enum` in them into a shared component (postprocess_rules).
            schema[RULES] = rules()
        return schema
