"""拆分: a case that covers several departments' matters goes on as child cases.
(issue 18; owner: merging; re-exported by `cases.services.merging`)

The rules, exactly:

- From 待受理 or 已受理 (the table's `split` step), by a handler of the case's
  department or a supervisor, into 1 to `MAX_CHILDREN` children, each
  `{"department_id", "title", "content"}`: an active department (never the
  dispatch centre), title and content as a citizen's submission checks them
  (4-100 and 10-5,000 visible characters, no control characters). All refusals
  at once, on "children", each naming its row; nothing is saved.
- Not a case made by a split itself (its query code is its parent's, see below,
  and one level keeps that rule simple: a child in the wrong department is
  transferred instead), nor a case others follow (已并单 to it: they would wait
  for an answer that never comes).
- Each child is a new case: a number of its own (`cases.codes`, the parent's
  kind, in this transaction: a refused split gives its numbers back), `parent`
  the case, the citizen's kind, contact, consents, anonymity, address, channel
  and WeChat link copied, the service type kept when it belongs to the child's
  department. A child in the parent's department keeps the parent's due date
  and needs no 签收 (the department already holds the matter); a child in
  another department gets a fresh due date and must be signed for, as a
  dispatched case is (urgent children keep their urgency).
- The query code: a child carries its parent's code hash, and the look-up checks
  a child's code against its parent's number (`cases.selectors.case_lookup`), so
  the code the citizen already holds opens every child, and no new code has to
  be sent.
- Photos stay with the parent; the child's page links to it, and the look-up of
  a child names its parent (one set of files, one retention).
- The parent moves to 已拆分 with a public event naming the children; each child
  starts with a SUBMIT event "由 <parent> 拆分" by the actor. The children's
  departments are alerted as for any new case (`notices_staff`), but the
  citizen gets no "registered" message per child: that message carries a query
  code, and the children have none of their own; the parent's 拆分 event tells
  the citizen once, with every child's number (case.split).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import codes, notices_staff, rollups, workflow
from cases.models import Case, CaseEvent
from cases.search import case_document
from cases.serializers import CONTENT_LENGTH, TITLE_LENGTH
from cases.services.dispatch import sign_due_from, urgent_due_at
from cases.services.submission import reply_days_for
from cases.services.transitions import record_event, require_inputs, step_take
from cases.validators import validate_plain_text
from departments import selectors as department_selectors
from kernel import workdays
from kernel.text import visible_only

Status = Case.Status
MAX_CHILDREN = 5

# Copied from the parent to every child: who the citizen is and how to reach them.
_CITIZEN_FIELDS = (
    "kind",
    "query_code_hash",
    "complainee",
    "contact_name",
    "contact_phone",
    "is_anonymous",
    "publish_consent",
    "sms_consent",
    "address",
    "latitude",
    "longitude",
    "channel",
    "wechat_openid_encrypted",
)


def case_split(
    *, case: Case, actor, children, now: datetime | None = None
) -> list[Case]:
    """拆分 `case` into `children` (see the module); returns the new cases in the
    order given."""
    require_inputs(workflow.STEPS["split"], {"children": children})
    rows = _checked_children(children)
    now = now or timezone.now()
    with transaction.atomic():
        parent = _locked_splittable(case, actor)
        # Every roll-up bucket this split touches, locked before the children
        # take numbers: a submission takes its bucket, then the number counter,
        # and the two must be taken in one order to never wait on each other.
        today = now.astimezone(rollups.SHANGHAI).date()
        children_buckets = {(today, row["department"].pk) for row in rows}
        rollups.buckets_lock(buckets={rollups.bucket_of(parent), *children_buckets})
        made = [_make_child(parent, row, now=now) for row in rows]
        rollups.buckets_refresh(buckets=children_buckets, answers=False)
        event = step_take(
            step="split",
            case=parent,
            actor=actor,
            inputs={"children": children},
            note=_("已拆分为 %(numbers)s，分别办理；查询码不变。")
            % {"numbers": "、".join(child.number for child in made)},
            now=now,
        )
        for child in made:
            first = record_event(
                case=child,
                actor=actor,
                action=CaseEvent.Action.SUBMIT,
                from_status="",
                note=_("由 %(parent)s 拆分") % {"parent": event.case.number},
                now=now,
            )
            notices_staff.staff_event_notify(event=first)
    return made


def _locked_splittable(case: Case, actor) -> Case:
    """The case, locked, once the table allows its split: asked before any child
    is numbered (step_take asks again when it takes the step)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    step = workflow.STEPS["split"]
    workflow.require_may_take(actor, step, locked)
    if not step.allows_from(locked.status):
        raise ValidationError({"status": workflow.refusal_message(step, locked.status)})
    if locked.parent_id is not None:
        raise ValidationError(
            {"children": _("拆分出的诉求不能再拆分；如承办部门不对，请转办。")}
        )
    if locked.merged_cases.filter(status=Status.MERGED).exists():
        raise ValidationError(
            {"children": _("已有诉求并入本件，请先撤销那些并单再拆分。")}
        )
    return locked


def _checked_children(children) -> list[dict]:
    """Each row's department, title and content, or every row's refusal at once."""
    if len(children) > MAX_CHILDREN:
        raise ValidationError(
            {"children": _("最多拆分为 %(n)d 件。") % {"n": MAX_CHILDREN}}
        )
    errors, rows = [], []
    for index, child in enumerate(children, start=1):
        child = child if isinstance(child, dict) else {}
        department = None
        if isinstance(child.get("department_id"), int):
            department = department_selectors.get_active_department(
                department_id=child["department_id"]
            )
        problems = [] if department else [_("所选部门不存在或已停用。")]
        title = _text_problem(child.get("title"), _("标题"), TITLE_LENGTH)
        content = _text_problem(child.get("content"), _("内容"), CONTENT_LENGTH)
        problems += [problem for problem in (title, content) if problem]
        if problems:
            errors += [
                _("第 %(n)d 件：%(problem)s") % {"n": index, "problem": problem}
                for problem in problems
            ]
            continue
        rows.append(
            {
                "department": department,
                "title": child["title"].strip(),
                "content": child["content"].strip(),
            }
        )
    if errors:
        raise ValidationError({"children": errors})
    return rows


def _text_problem(value, label, length: tuple[int, int]) -> str:
    """Why `value` is not a title/content a citizen could submit, or ""."""
    if not isinstance(value, str) or not visible_only(value):
        return _("请填写%(field)s。") % {"field": label}
    try:
        validate_plain_text(value)
    except ValidationError as error:
        return error.messages[0]
    visible = len(visible_only(value))
    if not length[0] <= visible <= length[1] or len(value.strip()) > length[1]:
        return _("%(field)s应为 %(min)d 到 %(max)d 个字。") % {
            "field": label,
            "min": length[0],
            "max": length[1],
        }
    return ""


def _make_child(parent: Case, row: dict, *, now: datetime) -> Case:
    department = row["department"]
    same_department = department.pk == parent.department_id
    service_type = parent.service_type if parent.service_type_id else None
    if service_type is not None and (
        service_type.window.department_id != department.pk
        or department_selectors.get_active_service_type(service_type_id=service_type.pk)
        is None
    ):
        service_type = None
    number = codes.next_case_number(kind=parent.kind, moment=now)
    child = Case(
        number=number,
        title=row["title"],
        content=row["content"],
        department=department,
        service_type=service_type,
        status=Status.SUBMITTED,
        submitted_at=now,
        parent=parent,
        is_urgent=parent.is_urgent,
        **{field: getattr(parent, field) for field in _CITIZEN_FIELDS},
        search_document=case_document(
            title=row["title"], content=row["content"], complainee=parent.complainee
        ),
    )
    if same_department:
        child.due_at = parent.due_at
    else:
        child.due_at = workdays.add_workdays(
            start=now, days=reply_days_for(kind=parent.kind, service_type=service_type)
        )
        if child.is_urgent:
            child.due_at = urgent_due_at(child, now=now)
        child.sign_due_at = sign_due_from(now)
    child.save(force_insert=True)
    return child
