"""The rules of a case submission that span fields, as JSON Schema for the API's
schema (`CaseSubmitSerializer.schema_rules`, joined by kernel/api/schema.py), so that
a request the schema calls valid is one `case_submit` accepts. The service checks
them again (`cases/services/submission.py`, `_check_submission`); a change to one
belongs in the other, and tests/portal/test_schema_truth.py compares them.
"""

from cases.models import Case
from cases.validators import PHONE_PATTERN
from kernel.text import blank_text_pattern, visible_text_pattern


def submission_rules() -> list[dict]:
    """The rules of case_submit that span fields, as JSON Schema for the API's
    schema (kernel/api/schema.py); the service checks them again."""
    visible = {
        "type": "string",
        "pattern": visible_text_pattern(min_visible=1, blank=False),
    }
    blank = {"type": "string", "pattern": blank_text_pattern()}
    # normalise_phone drops these too; a bare "+86" is left out (also empty).
    no_phone = {"type": "string", "pattern": blank_text_pattern("()（）")}
    others = [kind for kind in Case.Kind.values if kind != Case.Kind.COMPLAINT]
    # A form spells "no coordinate" as an empty field.
    given = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}
    none = {"enum": [None, ""]}
    return [
        # A complaint names whom it is about.
        {
            "anyOf": [
                {"properties": {"kind": {"enum": others}}},
                {"required": ["complainee"], "properties": {"complainee": visible}},
            ]
        },
        # A name and a phone to call back, unless an anonymous complaint (then
        # neither).
        {
            "anyOf": [
                {
                    "required": ["contact_name", "contact_phone"],
                    "properties": {
                        # Empty: a form's "not sent", so false.
                        "is_anonymous": {"enum": [False, ""]},
                        "contact_name": visible,
                        "contact_phone": {
                            "type": "string",
                            "pattern": PHONE_PATTERN,
                        },
                    },
                },
                {
                    "required": ["is_anonymous"],
                    "properties": {
                        "is_anonymous": {"enum": [True]},
                        "kind": {"enum": [Case.Kind.COMPLAINT]},
                        "contact_name": blank,
                        "contact_phone": no_phone,
                    },
                },
            ]
        },
        # Latitude and longitude come together or not at all.
        {
            "anyOf": [
                {
                    "required": ["latitude", "longitude"],
                    "properties": {"latitude": given, "longitude": given},
                },
                {"properties": {"latitude": none, "longitude": none}},
            ]
        },
    ]
