"""Answering a survey, and the staff's steps on one.

`response_submit` checks every answer against its question (a 400 naming the
question for each that does not fit), and inserts the response and its answers in
one transaction. One response per device or phone is the unique constraint on
(survey, voter): two submissions at the same moment cannot both pass it.
Short texts go through the sensitive-word hold (feedback's list): held, they are
kept out of the results until a moderator looks.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from departments.policy import require_may_act_for, require_supervisor
from feedback.selectors import find_sensitive_word
from surveys.models import Answer, Question, Response, Survey

Kind = Question.Kind
TEXT_MAX = 500


def voter_of_phone(phone: str) -> str:
    """The keyed hash a phone answers under (a device answers under its
    kernel.device hash)."""
    return salted_hmac("surveys.phone", phone, algorithm="sha256").hexdigest()


def survey_errors(*, survey: Survey) -> dict[str, str]:
    """What is wrong with a survey as staff set it up."""
    errors = {}
    if survey.kind == Survey.Kind.POLL and survey.pk and survey.questions.count() != 1:
        errors["kind"] = _("微投票只能有一道题。")
    for question in survey.questions.all() if survey.pk else []:
        if (
            question.kind in (Kind.SINGLE, Kind.MULTIPLE)
            and len(question.option_list) < 2
        ):
            errors["questions"] = _("选择题「%(q)s」至少需要两个选项。") % {
                "q": question.text
            }
    return errors


def _checked(question: Question, given: dict, number: int) -> Answer | str | None:
    """The answer to one question, an error naming it, or None when skipped."""
    label = _("第 %(n)d 题") % {"n": number}
    choices, rating, text = given.get("choices"), given.get("rating"), given.get("text")
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        if not choices:
            return _("%(q)s为必答题。") % {"q": label} if question.required else None
        options = range(len(question.option_list))
        if (
            not isinstance(choices, list)
            or any(type(c) is not int or c not in options for c in choices)
            or len(set(choices)) != len(choices)
        ):
            return _("%(q)s的选项无效。") % {"q": label}
        if question.kind == Kind.SINGLE and len(choices) != 1:
            return _("%(q)s是单选题，只能选一项。") % {"q": label}
        return Answer(question=question, choices=sorted(choices))
    if question.kind == Kind.RATING:
        if rating is None:
            return _("%(q)s为必答题。") % {"q": label} if question.required else None
        if type(rating) is not int or not 1 <= rating <= 5:
            return _("%(q)s请打 1 到 5 分。") % {"q": label}
        return Answer(question=question, rating=rating)
    text = (text or "").strip() if isinstance(text, str) or text is None else None
    if text is None:
        return _("%(q)s请填写文字。") % {"q": label}
    if not text:
        return _("%(q)s为必答题。") % {"q": label} if question.required else None
    if len(text) > TEXT_MAX:
        return _("%(q)s不能超过 %(n)d 字。") % {"q": label, "n": TEXT_MAX}
    return Answer(
        question=question, text=text, held=find_sensitive_word(text=text) is not None
    )


def response_submit(
    *, survey: Survey, voter: str, answers: list[dict], now: datetime | None = None
) -> Response:
    """One response: `answers` is [{question, choices | rating | text}]."""
    now = now or timezone.now()
    if not survey.is_open(now):
        raise ValidationError({"survey": _("该调研不在开放时间内。")})
    given = {}
    for item in answers:
        if not isinstance(item, dict) or type(item.get("question")) is not int:
            raise ValidationError({"answers": _("每个回答需注明题目 question。")})
        given[item["question"]] = item
    questions = list(survey.questions.all())
    unknown = set(given) - {q.pk for q in questions}
    if unknown:
        raise ValidationError({"answers": _("回答了不属于本调研的题目。")})
    rows, errors = [], []
    for number, question in enumerate(questions, start=1):
        result = _checked(question, given.get(question.pk, {}), number)
        if isinstance(result, str):
            errors.append(result)
        elif result is not None:
            rows.append(result)
    if errors:
        raise ValidationError({"answers": errors})
    if not rows:
        raise ValidationError({"answers": _("请至少回答一道题。")})
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey, voter=voter, created_at=now
            )
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        raise ValidationError(
            {"survey": _("您已参与过本次调研，每人只能提交一次。")}
        ) from None
    return response


def survey_close(*, survey: Survey, user, now: datetime | None = None) -> Survey:
    """提前结束: no more responses from now on."""
    if survey.department_id is None:
        require_supervisor(user, _("全市调研由督办人员管理。"))
    else:
        require_may_act_for(user, survey.department_id)
    now = now or timezone.now()
    if not survey.is_open(now):
        raise ValidationError({"survey": _("该调研当前未开放。")})
    survey.closed_early_at = now
    survey.save(update_fields=["closed_early_at"])
    return survey
