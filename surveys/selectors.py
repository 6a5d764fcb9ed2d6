"""Reads of the surveys: what citizens see, and the results (counts only: no
answer is ever tied to who gave it)."""

from collections import Counter
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from surveys.models import Answer, Question, Survey


def listed_surveys(now: datetime | None = None) -> QuerySet[Survey]:
    """Open ones, and ended ones whose results are public, newest first."""
    now = now or timezone.now()
    open_now = Q(opens_at__lte=now, closes_at__gt=now, closed_early_at__isnull=True)
    return (
        Survey.objects.filter(open_now | Q(results_public=True, opens_at__lte=now))
        .select_related("department")
        .order_by("-opens_at", "-id")
    )


def survey_detail(*, survey_id: int, now: datetime | None = None) -> Survey | None:
    now = now or timezone.now()
    return (
        Survey.objects.filter(pk=survey_id, opens_at__lte=now)
        .prefetch_related("questions")
        .first()
    )


def survey_results(*, survey: Survey) -> dict:
    """{responses, questions: [{id, text, kind, options: [{label, count}],
    ratings: {1..5: n}, average, texts}]}; held texts are not counted. Two
    queries."""
    questions = list(survey.questions.all())
    answers = Answer.objects.filter(response__survey=survey, held=False).values_list(
        "question_id", "choices", "rating"
    )
    chosen: dict[int, Counter] = {q.pk: Counter() for q in questions}
    ratings: dict[int, Counter] = {q.pk: Counter() for q in questions}
    texts: Counter = Counter()
    for question_id, choices, rating in answers:
        chosen[question_id].update(choices or [])
        if rating:
            ratings[question_id][rating] += 1
        elif not choices:
            texts[question_id] += 1
    out = []
    for question in questions:
        entry = {"id": question.pk, "text": question.text, "kind": question.kind}
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            entry["options"] = [
                {"label": label, "count": chosen[question.pk][index]}
                for index, label in enumerate(question.option_list)
            ]
        elif question.kind == Question.Kind.RATING:
            counts = ratings[question.pk]
            total = sum(counts.values())
            entry["ratings"] = {str(score): counts[score] for score in range(1, 6)}
            entry["average"] = (
                round(sum(s * n for s, n in counts.items()) / total, 2)
                if total
                else None
            )
        else:
            entry["texts"] = texts[question.pk]
        out.append(entry)
    return {"responses": survey.responses.count(), "questions": out}
