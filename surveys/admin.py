"""调研投票 in the back office: build a survey with its questions, see the results
as bars, export the responses to XLSX, close it early. Staff work on their
departments' surveys, supervisors on the city's; questions are fixed once a
response has come in (an answer points at an option by its place)."""

import tablib
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from departments.admin_scope import DepartmentOwnedAdmin, ScopedDepartmentFilter
from kernel.admin_steps import refusal
from kernel.spreadsheets import SafeXLSX
from surveys import selectors, services
from surveys.models import Answer, Question, Survey


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 1
    fields = [("kind", "required", "sort_order"), "text", "options"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (
            obj and obj.responses.exists()
        )

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (
            obj and obj.responses.exists()
        )

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "kind",
            "title",
            "description",
            "department",
            "audience",
            "results_public",
            "opens_at",
            "closes_at",
        ]


@admin.register(Survey)
class SurveyAdmin(DepartmentOwnedAdmin):
    form = SurveyForm
    staff_department_help = _("请选择您负责的部门之一。全市调研由督办人员发起。")
    staff_department_required = _("请选择发起部门（您负责的部门之一）。")
    list_display = [
        "title",
        "kind",
        "department_label",
        "audience",
        "opens_at",
        "closes_at",
        "closed_early_at",
        "response_count",
    ]
    list_filter = ["kind", ("department", ScopedDepartmentFilter)]
    list_select_related = ["department"]
    inlines = [QuestionInline]
    change_form_template = "admin/surveys/survey/change_form.html"

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for message in services.survey_errors(survey=form.instance).values():
            messages.warning(request, message)

    @admin.display(description=_("答卷数"))
    def response_count(self, survey):
        return survey.responses.count()

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/results/",
                view(self.results_view),
                name="surveys_survey_results",
            ),
            path(
                "<int:pk>/export/", view(self.export_view), name="surveys_survey_export"
            ),
            path("<int:pk>/close/", view(self.close_view), name="surveys_survey_close"),
            *super().get_urls(),
        ]

    def _get(self, request, pk) -> Survey:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def results_view(self, request, pk):
        survey = self._get(request, pk)
        results = selectors.survey_results(survey=survey)
        for question in results["questions"]:
            rows = question.get("options") or [
                {"label": f"{score} 分", "count": count}
                for score, count in (question.get("ratings") or {}).items()
            ]
            top = max([row["count"] for row in rows] or [0]) or 1
            question["bars"] = [
                {**row, "percent": round(100 * row["count"] / top)} for row in rows
            ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("调研结果：%(t)s") % {"t": survey.title},
            "survey": survey,
            "results": results,
            "texts": Answer.objects.filter(response__survey=survey)
            .exclude(text="")
            .values_list("question__text", "text", "held")[:200],
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/surveys/survey/results.html", context)

    def export_view(self, request, pk):
        """Every response as a row, a column per question; nothing about who."""
        survey = self._get(request, pk)
        questions = list(survey.questions.all())
        data = tablib.Dataset(
            headers=["答卷", "提交时间", *(q.text for q in questions)]
        )
        answers: dict[int, dict[int, str]] = {}
        options = {q.pk: q.option_list for q in questions}
        for response_id, question_id, choices, rating, text in Answer.objects.filter(
            response__survey=survey
        ).values_list("response_id", "question_id", "choices", "rating", "text"):
            labels = "、".join(
                options[question_id][c]
                for c in choices
                if c < len(options[question_id])
            )
            answers.setdefault(response_id, {})[question_id] = labels or (
                str(rating) if rating else text
            )
        for response in survey.responses.order_by("created_at", "pk"):
            row = answers.get(response.pk, {})
            data.append(
                [
                    response.pk,
                    response.created_at.strftime("%Y-%m-%d %H:%M"),
                    *(row.get(q.pk, "") for q in questions),
                ]
            )
        response = HttpResponse(
            SafeXLSX().export_data(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="survey-{survey.pk}.xlsx"'
        )
        return response

    def close_view(self, request, pk):
        survey = self._get(request, pk)
        if request.method == "POST":
            try:
                services.survey_close(survey=survey, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, refusal(error))
            else:
                messages.success(request, _("已提前结束。"))
        return HttpResponseRedirect(
            reverse("admin:surveys_survey_change", args=[survey.pk])
        )
