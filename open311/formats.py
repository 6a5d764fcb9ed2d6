"""The two formats GeoReport v2 answers in, with the spec's element names.

JSON is DRF's. The XML is built with the standard library's ElementTree: each
list is an element named by its key (or the root) holding one element per item,
named by the spec's singular (`<services><service>`, `<attributes><attribute>`,
`<service_requests><request>`). djangorestframework-xml names every item
`<list-item>`, which no GeoReport client reads.
"""

import re
from xml.etree import ElementTree

from rest_framework.renderers import BaseRenderer, JSONRenderer

ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


# What XML 1.0 cannot hold, even escaped: a staff reply pasted from elsewhere
# may carry a stray control character, and the answer must stay well-formed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ElementTree.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ElementTree.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES.get(element.tag, "item")
        for item in value:
            _fill(ElementTree.SubElement(element, item_name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, data)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


class Open311XMLRenderer(BaseRenderer):
    media_type = "text/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        return to_xml(getattr(view, "xml_root", "response"), data)


RENDERERS = [JSONRenderer, Open311XMLRenderer]
