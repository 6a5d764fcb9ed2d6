"""GET /api/v1/config/ and the H5 shell state the server's rules from where they are
enforced: a city that changes a setting changes what the page promises."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from cases.models import Case
from cases.serializers import CaseSubmitSerializer
from kernel.workdays import add_workdays

pytestmark = pytest.mark.django_db

H5 = Path(django_settings.BASE_DIR) / "static" / "h5"


def _config(client) -> dict:
    response = client.get("/api/v1/config/")
    assert response.status_code == 200
    return response.json()


def _shell_config(client) -> dict:
    html = client.get("/").content.decode()
    match = re.search(
        r'<script id="client-config" type="application/json">(.*?)</script>', html
    )
    assert match, "the shell embeds no client config"
    return json.loads(match.group(1))


def _kind(config, value) -> dict:
    return next(kind for kind in config["kinds"] if kind["value"] == value)


def test_it_states_the_limits_the_submit_serializer_enforces(client):
    fields = CaseSubmitSerializer().fields

    lengths = _config(client)["case"]["lengths"]

    assert lengths["title"] == {"min": 4, "max": fields["title"].max_length}
    assert lengths["content"] == {"min": 10, "max": fields["content"].max_length}
    assert lengths["contact_phone"]["max"] == fields["contact_phone"].max_length


def test_a_title_one_character_over_the_stated_limit_is_refused(client, department_a):
    limit = _config(client)["case"]["lengths"]["title"]["max"]
    body = {
        "kind": "consultation",
        "content": "社保卡丢失了，请问在哪里补办？",
        "department": department_a.pk,
        "contact_name": "王女士",
        "contact_phone": "13812345678",
    }

    too_long = client.post(
        "/api/v1/cases/", {**body, "title": "长" * (limit + 1)}, "application/json"
    )
    at_limit = client.post(
        "/api/v1/cases/", {**body, "title": "长" * limit}, "application/json"
    )

    assert too_long.status_code == 400
    assert "title" in too_long.json()
    assert at_limit.status_code == 201


def test_the_kinds_are_the_case_kinds_in_order_with_their_labels(client):
    kinds = _config(client)["kinds"]

    assert [(k["value"], k["label"]) for k in kinds] == [
        ("consultation", "咨询求助"),
        ("complaint", "投诉举报"),
        ("suggestion", "建议献策"),
    ]
    assert _kind({"kinds": kinds}, "complaint")["entrance"] == "我要投诉"


def test_a_city_with_other_reply_days_promises_them(client, settings):
    settings.CASE_REPLY_DAYS = {**settings.CASE_REPLY_DAYS, "consultation": 5}

    served = _kind(_config(client), "consultation")
    embedded = _kind(_shell_config(client), "consultation")

    assert served["reply_days"] == 5
    assert "部门将在 5 个工作日内答复" in served["intro"]
    assert embedded["intro"] == served["intro"]
    assert "3 个工作日" not in client.get("/").content.decode()


def test_a_new_case_is_due_after_the_days_the_config_states(
    client, settings, department_a
):
    settings.CASE_REPLY_DAYS = {**settings.CASE_REPLY_DAYS, "consultation": 5}
    days = _kind(_config(client), "consultation")["reply_days"]

    answer = client.post(
        "/api/v1/cases/",
        {
            "kind": "consultation",
            "title": "社保卡补办",
            "content": "社保卡丢失了，请问在哪里补办？",
            "department": department_a.pk,
            "contact_name": "王女士",
            "contact_phone": "13812345678",
        },
        "application/json",
    )

    case = Case.objects.get(number=answer.json()["number"])
    assert case.due_at == add_workdays(start=case.submitted_at, days=days)


def test_a_changed_photo_limit_reaches_the_page(client, settings):
    settings.CASE_MAX_PHOTOS = 4

    assert _config(client)["case"]["max_photos"] == 4
    assert _shell_config(client)["case"]["max_photos"] == 4


def test_the_shell_embeds_the_same_config_as_the_endpoint(client):
    assert _shell_config(client) == _config(client)


def test_the_rating_levels_and_statuses_come_from_the_server(client):
    rating = _config(client)["rating"]

    assert rating["statuses"] == ["replied", "closed"]
    assert [(level["value"], level["tone"]) for level in rating["levels"]] == [
        (5, "good"),
        (4, "good"),
        (3, "neutral"),
        (2, "bad"),
        (1, "bad"),
    ]


def test_the_schema_describes_the_config(client):
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()

    operation = schema["paths"]["/api/v1/config/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]
    name = ref["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][name]["properties"]) == {
        "kinds",
        "case",
        "lookup",
        "feedback",
        "citizen",
        "rating",
        "appointments",
        "surveys",
    }


# The behaviour tests above show the page's numbers and labels follow the server;
# this one keeps the old copies from coming back into the scripts.
OLD_COPIES = [
    r"个工作日内答复",
    r"maxlength:\s*\d",
    r"最多 9",
    r"/ 5000",
    r"\d+–\d+ 字",
    r"不超过 \d+ 字",
    r"咨询求助|投诉举报|建议献策",
    r"非常满意|基本满意",
    r'"replied"',
]


@pytest.mark.parametrize("pattern", OLD_COPIES)
def test_no_h5_script_spells_out_a_server_rule(pattern):
    found = [
        f"{path.name}: {line.strip()}"
        for path in sorted(H5.glob("*.js"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(pattern, line) and not line.lstrip().startswith("//")
    ]

    assert found == []


def test_the_sign_in_code_rules_come_from_the_citizens_app(client):
    from citizens import codes

    config = client.get("/api/v1/config/").json()["citizen"]

    assert config == {
        "code_digits": codes.CODE_DIGITS,
        "code_minutes": codes.CODE_VALID_SECONDS // 60,
    }
