"""Strings Django 6.1 added without a zh_Hans translation are translated by the
project's own catalogue (locale/zh_Hans), so the back office shows no English."""

import gettext
import json
import re
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_select_an_option_is_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("- Select an option -") == "- 请选择 -"
        assert translation.gettext("Logout") == "注销"


@pytest.mark.django_db
def test_the_case_list_has_no_english_drop_down(login, supervisor):
    content = login(supervisor).get("/admin/cases/case/").content.decode()

    assert "Select an option" not in content
    assert "- 请选择 -" in content


@pytest.mark.django_db
def test_the_admin_date_picker_speaks_chinese(login, supervisor):
    catalog = login(supervisor).get("/admin/jsi18n/").content.decode()

    # The catalogue is JSON with non-ASCII characters escaped.
    assert json.dumps("今天（%(date)s）") in catalog


def _po_entries(text: str) -> dict[str, str]:
    """msgid -> first msgstr of a .po file (enough for these two small files)."""
    entries, field = {}, None
    parts: dict[str, str] = {}
    for line in [*text.splitlines(), ""]:
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
        if match:
            field = match[1]
            parts[field] = match[2]
        elif line.startswith('"') and field:
            parts[field] += line[1:-1]
        elif not line.strip() and parts:
            key = parts.get("msgid", "")
            if key:
                entries[key] = parts.get("msgstr", parts.get("msgstr[0]", ""))
            parts, field = {}, None
    return {
        k.encode().decode("unicode_escape").encode("latin-1").decode(): v
        for k, v in entries.items()
    }


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_mo_matches_its_po(domain):
    po = _po_entries((LOCALE / f"{domain}.po").read_text(encoding="utf-8"))
    with (LOCALE / f"{domain}.mo").open("rb") as handle:
        mo = gettext.GNUTranslations(handle)

    assert po
    for msgid, msgstr in po.items():
        assert mo.gettext(msgid) == msgstr, msgid
