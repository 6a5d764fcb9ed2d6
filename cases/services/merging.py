"""并单 and 拆分: merging duplicates into a main case (and undoing it), merged cases
following their main one, splitting a case into children. (issue 18; owner: merging)

The rules, exactly:

- 并单 (`case_merge`): a case not yet answered (`IN_HAND`) follows a main case
  given by its number: 已并单, `merged_into` the main, `status_before` kept for the
  undo. The main must exist and be in the actor's scope (a handler of the main's
  department too, or a supervisor: the merge step's own roles, asked of the
  main), must not be the case itself, must not follow another case itself (已并单
  or 已拆分: no chains), and must not be answered, closed or refused. A case that
  others already follow cannot follow another one either (that would be a
  chain). Out-of-scope and unknown numbers get the same message, as elsewhere.
  The main's timeline gets an internal note 并入：<number>, taken as the note step
  (so its roles are checked once more by the table).
- 撤销并单 (`case_unmerge`): back to the status it left, `merged_into` cleared,
  unless its main is already answered (the answer went to this citizen as well).
  The main's timeline gets an internal note 撤销并入：<number>.
- Following (`merged_cases_follow`): when the main is answered, every case
  following it gets the same answer (随主件答复, 已答复, `replied_at`), which its
  citizen is told of and may rate; when the main is closed, every follower that
  got the answer is closed with it. In bulk: one query finds the followers, one
  update moves them and one insert writes their events, whatever their number;
  each event is still checked against the table and goes through
  `cases.notices.case_event_notify`, as `step_take` would do one by one. A main
  reopened and answered again passes no second answer on: its followers have
  theirs, and are reopened (重新办理, 重办) by themselves if they need another.
  `case_merged_reply` takes the same step for one case (a repair).
- 拆分 (`case_split` in `cases.services.merging_split`).

Locks: a merge locks both cases in pk order, so two merges that cross (A into B
while B goes into A) queue on the same row and the second sees the first's
result (a refusal: 不能并入已并单的诉求). The main's reply holds the main and then
takes its followers; an unmerge takes the main before the follower, the same
way round, so the two never wait on each other.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import notices, rollups, workflow
from cases.models import Case, CaseEvent
from cases.services.merging_split import case_split
from cases.services.transitions import record_event, require_inputs, step_take

Status = Case.Status

__all__ = [
    "case_merge",
    "case_merged_reply",
    "case_split",
    "case_unmerge",
    "merged_cases_follow",
]


def case_merge(
    *, case: Case, actor, main_number: str, note: str = "", now: datetime | None = None
) -> Case:
    """并单: `case` follows the main case numbered `main_number` (see the module);
    returns the merged case. Refusals name "main_case"; nothing is saved."""
    require_inputs(workflow.STEPS["merge"], {"main_case": main_number})
    number = main_number.strip().upper()
    note = note.strip()
    now = now or timezone.now()
    main_pk = Case.objects.filter(number=number).values_list("pk", flat=True).first()
    with transaction.atomic():
        locked = _lock_in_pk_order({case.pk, main_pk} - {None})
        main = locked.get(main_pk)

        def apply(follower: Case) -> list[str]:
            _check_main(follower, main, actor)
            follower.status_before = follower.status
            follower.merged_into = main
            return ["status_before", "merged_into"]

        public_note = _("与 %(main)s 反映的问题相同，已并入该件一并办理。") % {
            "main": number
        }
        event = step_take(
            step="merge",
            case=case,
            actor=actor,
            inputs={"main_case": number},
            note=f"{public_note}{note}",
            apply=apply,
            now=now,
        )
        merged = event.case
        main_note = _("并入：%(number)s") % {"number": merged.number}
        step_take(
            step="note",
            case=main,
            actor=actor,
            inputs={"note": main_note},
            note=f"{main_note}{'（' + note + '）' if note else ''}",
            now=now,
        )
    return merged


def _lock_in_pk_order(pks) -> dict[int, Case]:
    rows = Case.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    return {row.pk: row for row in rows}


def _check_main(follower: Case, main: Case | None, actor) -> None:
    """Refuse a main case that cannot be followed (under both rows' locks)."""
    if main is None or not workflow.may_take(actor, workflow.STEPS["merge"], main):
        message = _("主件编号不存在，或该诉求不在您的办理范围内。")
    elif main.pk == follower.pk:
        message = _("不能把诉求并入它自己，请填写另一件诉求的登记编号。")
    elif main.status == Status.MERGED:
        message = _("不能并入已并单的诉求，请直接并入它的主件。")
    elif main.status == Status.SPLIT:
        message = _("主件已拆分，不能并入，请并入拆分后的诉求。")
    elif main.status in workflow.ANSWERED_FOR_STATISTICS:
        message = _("主件已答复、办结或不予受理，不能再并入，请单独办理本件。")
    elif follower.merged_cases.filter(status=Status.MERGED).exists():
        message = _("已有诉求并入本件，本件不能再并入其他诉求。")
    else:
        return
    raise ValidationError({"main_case": message})


def case_unmerge(
    *, case: Case, actor, reason: str, now: datetime | None = None
) -> Case:
    """撤销并单: back to the status the case left, no longer following its main;
    refused once the main is answered. Returns the case."""
    require_inputs(workflow.STEPS["unmerge"], {"reason": reason})
    reason = reason.strip()
    now = now or timezone.now()
    main_pk = (
        Case.objects.filter(pk=case.pk).values_list("merged_into", flat=True).first()
    )
    with transaction.atomic():
        # The main before the follower, as the main's reply takes them.
        main = Case.objects.select_for_update().filter(pk=main_pk).first()

        def apply(follower: Case) -> list[str]:
            if follower.merged_into_id != main_pk:
                raise ValidationError(
                    {"status": _("该诉求的并单刚被他人变更，请刷新页面后重试。")}
                )
            if main is not None and main.status in workflow.ANSWERED_FOR_RATING:
                raise ValidationError(
                    {"status": _("主件已答复，答复已告知本诉求的市民，不能撤销并单。")}
                )
            follower.merged_into = None
            return ["merged_into"]

        if main is None:
            public_note = _("撤销并单，恢复单独办理。原因：%(reason)s")
        else:
            public_note = _("撤销并入 %(main)s，恢复单独办理。原因：%(reason)s")
        event = step_take(
            step="unmerge",
            case=case,
            actor=actor,
            inputs={"reason": reason},
            note=public_note % {"main": main.number if main else "", "reason": reason},
            apply=apply,
            now=now,
        )
        if main is not None:
            # An internal record on the main, written as part of this step: the
            # person undoing it handles the follower and need not handle the main.
            record_event(
                case=main,
                actor=actor,
                action=CaseEvent.Action.NOTE,
                note=_("撤销并入：%(number)s（%(reason)s）")
                % {"number": event.case.number, "reason": reason},
                is_public=False,
                now=now,
            )
    return event.case


def case_merged_reply(*, case: Case, actor=None, now: datetime | None = None) -> Case:
    """随主件答复 for one case: it takes its main case's answer now, as
    `merged_cases_follow` does for all of them in bulk (a repair, and the step's
    own path in the table test). Only the system takes it (`actor` None); refused
    while the main is unanswered."""
    now = now or timezone.now()

    def apply(follower: Case) -> list[str]:
        main = follower.merged_into
        if main is None or main.status not in workflow.ANSWERED_FOR_RATING:
            raise ValidationError({"status": _("主件尚未答复。")})
        follower.reply, follower.replied_at = main.reply, now
        return ["reply", "replied_at"]

    return step_take(
        step="merged_reply",
        case=case,
        actor=actor,
        note=case.merged_into.reply if case.merged_into_id else "",
        apply=apply,
        now=now,
    ).case


# What following the main's event means: the step each follower takes (from the
# step's own statuses: 已并单 for the answer, 已答复 for the close) and the moment
# it stamps.
_FOLLOW = {
    CaseEvent.Action.REPLY: ("merged_reply", "replied_at"),
    CaseEvent.Action.CLOSE: ("close", "closed_at"),
}


def merged_cases_follow(
    *, main: Case, event: CaseEvent, now: datetime | None = None
) -> int:
    """The cases following `main` take its reply or its close (`event`), in the
    caller's transaction (case_transition calls it); returns how many followed.
    Constant in the number of followers: three queries when there are some
    (find and lock, update, insert the events), one when there are none, plus
    what each event's messages cost."""
    follow = _FOLLOW.get(event.action)
    if follow is None:
        return 0
    step_name, stamp = follow
    step = workflow.STEPS[step_name]
    now = now or event.created_at
    followers = list(
        Case.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(merged_into=main, status__in=step.from_statuses)
        .order_by("pk")
    )
    if not followers:
        return 0
    for follower in followers:
        # Who acts, as step_take asks it (the system takes both steps).
        workflow.require_may_take(None, step, follower)
    changes = {"status": step.to_status, stamp: now, "updated_at": now}
    if step_name == "merged_reply":
        changes["reply"] = main.reply
        note = main.reply
    else:
        note = _("随主件 %(main)s 办结。") % {"main": main.number}
        # Called back with the main case: the same answer, the same limit.
        changes["callback_due_at"] = main.callback_due_at
    Case.objects.filter(pk__in=[f.pk for f in followers]).update(**changes)
    rollups.cases_changed(cases=followers)  # one lock and recompute for all
    events = CaseEvent.objects.bulk_create(
        CaseEvent(
            case=follower,
            actor=None,
            created_at=now,
            action=step.action,
            from_status=follower.status,
            to_status=step.to_status,
            note=note,
            is_public=step.public,
        )
        for follower in followers
    )
    for follower, follower_event in zip(followers, events, strict=True):
        for field, value in changes.items():
            setattr(follower, field, value)
        follower.merged_into = main  # what its message names, without a query
        follower_event.case = follower
        notices.case_event_notify(event=follower_event)
    return len(followers)
