"""承办人 and 协办: naming the officer who handles a case, inviting co-handling
departments and their opinions. (issue 18; owner: team)

- `case_assign` (指定承办人, also 改派): a handler of the case's department names
  one of its own active officers or heads; the event's note names the person, and
  the one replaced on a reassignment. A transfer or dispatch to another
  department clears the assignee (cases.services.dispatch / staff).
- `co_handling_invite` (发起协办): the main department (主办) asks other active
  departments for their opinion, each within CO_HANDLING_DAYS working days; one
  `CoHandling` row per department, at most once each, and one event naming them.
  The rows' `invited_at` is the event's `created_at`.
- `co_handling_answer` (协办意见): staff of an invited department that has not
  answered yet write its opinion, once. Co-handlers see the case read-only
  otherwise: the table gives them no other step.

Every rule that depends on the case (its department, who is assigned, who was
invited) is checked under the case's lock, in the step's `apply`, after
`step_take` has checked who acts and the status.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CoHandling
from cases.services.transitions import step_take
from departments import policy
from departments import selectors as department_selectors
from kernel import workdays


def person_name(user) -> str:
    """A person as a timeline note names them: the name alone (张三), or the
    username when no name is recorded."""
    return department_selectors.staff_name(
        username=user.get_username(),
        first_name=user.first_name,
        last_name=user.last_name,
    )


def case_assign(
    *, case: Case, actor, assignee, note: str = "", now: datetime | None = None
) -> Case:
    """指定承办人 / 改派: make `assignee`, an active officer or head of the case's
    department by their own grant (a supervisor is nobody's officer), the case's
    handler. Refused with a ValidationError on "assignee" for anyone else, an
    inactive user, or the person already assigned; nothing is saved then."""
    now = now or timezone.now()
    with transaction.atomic():
        # The note names the officer replaced, so it is read under the same lock
        # the step takes (step_take locks the row again, in this transaction).
        # Not with select_related: a row locked after waiting is re-read, but
        # PostgreSQL keeps the joined user of the version it first saw.
        current = (
            Case.objects.select_for_update().only("pk", "assignee").get(pk=case.pk)
        )
        text = _assign_note(previous=current.assignee, assignee=assignee, note=note)

        def apply(locked: Case) -> list[str]:
            _check_assignee(locked, assignee)
            locked.assignee = assignee
            return ["assignee"]

        event = step_take(
            step="assign",
            case=case,
            actor=actor,
            inputs={"assignee": assignee},
            note=text,
            apply=apply,
            now=now,
        )
    return event.case


def _assign_note(*, previous, assignee, note: str) -> str:
    if assignee is None:
        return ""  # refused by step_take: the table requires an assignee
    if previous is None or previous.pk == assignee.pk:
        text = _("指定承办人：%(name)s") % {"name": person_name(assignee)}
    else:
        text = _("改派：%(old)s → %(new)s") % {
            "old": person_name(previous),
            "new": person_name(assignee),
        }
    if note.strip():
        text = _("%(text)s。%(note)s") % {"text": text, "note": note.strip()}
    return text


def _check_assignee(case: Case, assignee) -> None:
    if not assignee.is_active:
        problem = _("%(name)s已停用，不能指定为承办人。")
    elif not policy.is_staff_of(assignee, case.department_id):
        problem = _("%(name)s不是本部门的工作人员，不能指定为承办人。")
    elif case.assignee_id == assignee.pk:
        problem = _("%(name)s已是本诉求的承办人。")
    else:
        return
    raise ValidationError({"assignee": problem % {"name": person_name(assignee)}})


def co_handling_invite(
    *, case: Case, actor, department_ids, note: str = "", now: datetime | None = None
) -> list[CoHandling]:
    """发起协办: invite these departments to co-handle the case, each with a due
    date CO_HANDLING_DAYS working days from now. Refused with a ValidationError on
    "departments" for none, an unknown, closed or dispatch-centre department,
    the case's own department, or one already invited; nothing is saved then."""
    now = now or timezone.now()
    wanted = list(dict.fromkeys(department_ids or ()))
    # department_list(): active departments, the dispatch centre left out.
    departments = list(
        department_selectors.department_list().filter(
            pk__in=[pk for pk in wanted if isinstance(pk, int)]
        )
    )
    due_at = workdays.add_workdays(start=now, days=settings.CO_HANDLING_DAYS)
    names = "、".join(department.name for department in departments)
    text = _("邀请%(names)s协办，协办时限 %(due)s") % {
        "names": names,
        "due": f"{timezone.localtime(due_at):%Y-%m-%d}",
    }
    if note.strip():
        text = _("%(text)s。%(note)s") % {"text": text, "note": note.strip()}
    created: list[CoHandling] = []

    def apply(locked: Case) -> list[str]:
        if len(departments) != len(wanted):
            raise ValidationError(
                {"departments": _("所选协办部门不存在或已停用，分拨中心不能协办。")}
            )
        if any(department.pk == locked.department_id for department in departments):
            raise ValidationError({"departments": _("不能邀请本部门协办。")})
        invited = set(
            CoHandling.objects.filter(case=locked).values_list(
                "department_id", flat=True
            )
        )
        again = [
            department.name for department in departments if department.pk in invited
        ]
        if again:
            raise ValidationError(
                {
                    "departments": _("已邀请过以下部门协办：%(names)s。")
                    % {"names": "、".join(again)}
                }
            )
        created.extend(
            CoHandling.objects.bulk_create(
                CoHandling(
                    case=locked,
                    department=department,
                    invited_by=actor,
                    invited_at=now,
                    due_at=due_at,
                )
                for department in departments
            )
        )
        return []

    step_take(
        step="co_handle_invite",
        case=case,
        actor=actor,
        inputs={"departments": wanted},
        note=text,
        apply=apply,
        now=now,
    )
    return created


def co_handling_answer(
    *, case: Case, actor, opinion: str, now: datetime | None = None
) -> CoHandling:
    """协办意见: the actor's invited department, not yet heard from, gives its
    opinion, once (the table's CO_HANDLER role: PermissionDenied for anyone else,
    and after the department has answered). Staff of several invited departments
    answer for the first one invited. The note reads 环境保护局：<opinion>."""
    now = now or timezone.now()
    with transaction.atomic():
        # Which department answers decides the note, so it is found under the
        # lock the step takes (step_take locks the row again, in this transaction).
        Case.objects.select_for_update().only("pk").get(pk=case.pk)
        row = _waiting_row(case=case, actor=actor)
        text = (
            _("%(department)s：%(opinion)s")
            % {"department": row.department.name, "opinion": opinion.strip()}
            if row is not None
            else ""  # refused by step_take: not a co-handler of this case
        )

        def apply(locked: Case) -> list[str]:
            row.opinion, row.answered_by, row.answered_at = opinion.strip(), actor, now
            row.save(update_fields=["opinion", "answered_by", "answered_at"])
            return []

        step_take(
            step="co_handle_opinion",
            case=case,
            actor=actor,
            inputs={"opinion": opinion},
            note=text,
            apply=apply,
            now=now,
        )
    return row


def _waiting_row(*, case: Case, actor) -> CoHandling | None:
    """The first invitation of the case, not yet answered, of a department the
    actor is an officer or head of."""
    waiting = (
        CoHandling.objects.filter(case=case, answered_at=None)
        .select_related("department")
        .order_by("invited_at", "id")
    )
    return next(
        (row for row in waiting if policy.is_staff_of(actor, row.department_id)),
        None,
    )
