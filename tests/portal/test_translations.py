"""The project's own catalogue (locale/zh_Hans) translates the strings Django 6.1
added without a zh_Hans translation, so the back office shows no English, and
rewords those of Django's and django-import-export's that read stiffly or wrongly."""

import gettext
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import ReplyTemplate

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


def _unescape(text: str) -> str:
    return text.encode().decode("unicode_escape").encode("latin-1").decode()


def _po_entries(text: str) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) -> first msgstr of a .po file (enough for these two small
    files); msgctxt is "" for entries without one."""
    entries, field = {}, None
    parts: dict[str, str] = {}
    for line in [*text.splitlines(), ""]:
        match = re.match(
            r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line
        )
        if match:
            field = match[1]
            parts[field] = match[2]
        elif line.startswith('"') and field:
            parts[field] += line[1:-1]
        elif not line.strip() and parts:
            key = parts.get("msgid", "")
            if key:
                context = _unescape(parts.get("msgctxt", ""))
                entries[context, _unescape(key)] = _unescape(
                    parts.get("msgstr", parts.get("msgstr[0]", ""))
                )
            parts, field = {}, None
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_mo_matches_its_po(domain):
    po = _po_entries((LOCALE / f"{domain}.po").read_text(encoding="utf-8"))
    with (LOCALE / f"{domain}.mo").open("rb") as handle:
        mo = gettext.GNUTranslations(handle)

    assert po
    for (context, msgid), msgstr in po.items():
        found = mo.pgettext(context, msgid) if context else mo.gettext(msgid)
        assert found == msgstr, msgid


# Django admin's own zh_Hans wording, corrected in locale/zh_Hans where staff see it.


@pytest.mark.django_db
def test_the_case_list_is_titled_as_a_chinese_sentence(login, supervisor):
    content = login(supervisor).get("/admin/cases/case/").content.decode()

    assert "选择要修改的诉求" in content
    assert "选择 诉求 来修改" not in content


@pytest.mark.django_db
def test_an_empty_recent_actions_box_says_there_is_nothing_yet(login, supervisor):
    content = login(supervisor).get("/admin/").content.decode()

    assert "最近操作" in content and "暂无记录" in content
    assert "无可选的" not in content


@pytest.mark.django_db
def test_saving_in_the_admin_says_so_with_chinese_punctuation(
    login, superuser, department_a
):
    client = login(superuser)
    form = {
        "department": department_a.pk,
        "kind": "complaint",
        "title": "噪音答复",
        "body": "已转交城管部门处理。",
        "sort_order": "100",
        "_continue": "1",
    }

    added = client.post(reverse("admin:cases_replytemplate_add"), form, follow=True)
    template = ReplyTemplate.objects.get()
    changed = client.post(
        reverse("admin:cases_replytemplate_change", args=[template.pk]),
        form,
        follow=True,
    )

    [added_message] = [str(m) for m in added.context["messages"]]
    assert added_message.startswith("已添加答复模板“")
    assert added_message.endswith("”。 可以在下方继续编辑。")
    [changed_message] = [str(m) for m in changed.context["messages"]]
    assert changed_message.startswith("已修改答复模板“")
    assert changed_message.endswith("”。可以在下方继续编辑。")


@pytest.mark.django_db
def test_the_delete_confirmation_asks_in_plain_chinese(login, superuser, department_a):
    template = ReplyTemplate.objects.create(
        department=department_a, kind="complaint", title="噪音答复", body="已处理。"
    )

    content = (
        login(superuser)
        .get(reverse("admin:cases_replytemplate_delete", args=[template.pk]))
        .content.decode()
    )

    assert "确定要删除答复模板“噪音答复”吗？以下相关数据将一并删除：" in content
    assert "确定删除" in content and "取消并返回" in content


@pytest.mark.django_db
def test_an_action_without_a_selection_asks_to_tick_rows_first(login, superuser):
    response = login(superuser).post(
        reverse("admin:cases_replytemplate_changelist"),
        {"action": "delete_selected", "index": "0"},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["请先勾选要操作的条目。没有修改任何条目。"]


def test_filter_titles_and_model_names_read_without_stray_spaces():
    with translation.override("zh-hans"):
        assert translation.gettext(" By %(filter_title)s ") == "按%(filter_title)s"
        assert translation.gettext("Add %(name)s") % {"name": "诉求"} == "添加诉求"
        assert translation.gettext("This field cannot be null.") == "该字段不能为空。"


@pytest.mark.django_db
def test_the_calendar_names_weekdays_in_chinese(login, supervisor):
    catalog = login(supervisor).get("/admin/jsi18n/").content.decode()

    assert json.dumps({"one letter Sunday\x04S": "日"})[1:-1] in catalog
    assert json.dumps({"one letter Monday\x04M": "一"})[1:-1] in catalog
