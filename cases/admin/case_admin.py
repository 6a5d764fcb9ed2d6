"""Handling cases in the back office: the scoped list, the case page with its steps,
registering a case for a citizen, and revealing contact details on purpose."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.admin import columns, steps_waiting
from cases.admin.filters import (
    DeadlineFilter,
    DispatchQueueFilter,
    ExtensionFilter,
    SignFilter,
)
from cases.admin.forms import CaseRegisterForm
from cases.admin.inlines import (
    CaseAttachmentInline,
    CaseEventInline,
    ExtensionRequestInline,
)
from cases.admin.inlines_callback import CaseCallbackInline, EscalationInline
from cases.admin.inlines_merging import RelatedCasesInline
from cases.admin.inlines_team import CoHandlingInline
from cases.admin.inlines_waiting import CaseSupplementInline
from cases.admin.ledger_admin import ledger_export_view
from cases.admin.list_team import MyTodoFilter, department_and_assignee
from cases.admin.messages import case_message_rows, registered_message
from cases.admin.page_tools import case_page_tools
from cases.admin.records import ContactSearchRecorded
from cases.admin.search import CaseSearch
from cases.admin.steps import STEPS
from cases.models import (
    Case,
    ReplyTemplate,
)
from cases.notices import may_text
from cases.selectors_similar import similar_open_cases
from departments import selectors as department_selectors
from departments.admin_scope import DepartmentScopedAdmin, ScopedDepartmentFilter
from kernel.admin_steps import StepsAdminMixin
from kernel.privacy import mask_name, mask_phone


@admin.register(Case)
class CaseAdmin(
    StepsAdminMixin,
    ContactSearchRecorded,
    CaseSearch,
    DepartmentScopedAdmin,
    admin.ModelAdmin,
):
    list_display = [
        "number",
        "kind",
        "title_marked",
        department_and_assignee,
        "status_in_list",
        "submitted",
        "deadline",
        "supervised",
    ]
    list_filter = [
        MyTodoFilter,
        "kind",
        "status",
        ("department", ScopedDepartmentFilter),
        DispatchQueueFilter,
        SignFilter,
        DeadlineFilter,
        ExtensionFilter,
        "is_supervised",
        "channel",
        "submitted_at",
    ]
    list_select_related = ["department", "assignee"]
    # Searched by cases/admin/search.py (CaseSearch); the list shows the box.
    # Personal fields match only in full, never by a part of a name or number,
    # and a match is recorded (ContactSearchRecorded).
    search_fields = [
        "=number",
        "title",
        "complainee",
        "=contact_phone",
        "=contact_name",
    ]
    search_help_text = gettext_lazy(
        "登记编号、联系人姓名和电话须完整输入；标题、内容和被投诉对象可输入部分文字。"
    )
    # 紧急 first (issue 18), then the newest.
    ordering = ["-is_urgent", "-submitted_at", "-id"]
    list_per_page = 50
    # COUNT(*) over every case of a big city is slow and tells staff nothing.
    show_full_result_count = False
    # The capped count walks the list order's index (case_list_order,
    # case_dept_list_order), as the page does (kernel.counts.count_at_most).
    count_in_list_order = True
    # The steps of cases/workflow.py (cases/admin/steps.py); 受理 is also the list's
    # action 受理所选诉求 (accept_selected).
    steps = STEPS
    not_offered_message = gettext_lazy("当前状态下不能执行“%(step)s”。")
    inlines = [
        CaseAttachmentInline,
        ExtensionRequestInline,
        RelatedCasesInline,
        CoHandlingInline,
        CaseSupplementInline,
        CaseCallbackInline,
        EscalationInline,
        CaseEventInline,
    ]
    change_form_template = "admin/cases/case/change_form.html"
    # Number, kind, channel, department, status, deadline, title and content are in
    # the summary at the top of the page (change_form.html), beside the steps.
    fieldsets = [
        (
            gettext_lazy("联系人与地址"),
            {
                "fields": [
                    "contact",
                    "is_anonymous",
                    "publish_consent",
                    "sms_consent",
                    "address",
                ]
            },
        ),
        (
            gettext_lazy("办理经过"),
            {
                "fields": [
                    "submitted_at",
                    "accepted_at",
                    "replied_at",
                    "closed_at",
                    "reply",
                    "rejection_reason",
                    "is_supervised",
                    "supervised_at",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [
            *(field.name for field in Case._meta.fields),
            "status_badge",
            "deadline_mark",
            "contact",
            "contact_masked",
        ]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Beyond the department scope: co-handled cases and, for dispatchers, all.
        cases = admin.ModelAdmin.get_queryset(self, request)
        return selectors.cases_for_staff(user=request.user, cases=cases)

    # Columns -------------------------------------------------------------------

    # Shown on the list and the case page: cases/admin/columns.py.
    status_badge = staticmethod(columns.status_badge)
    deadline_mark = staticmethod(columns.deadline_mark)
    submitted = staticmethod(columns.submitted)
    deadline = staticmethod(columns.deadline)
    department_name = staticmethod(columns.department_name)
    supervised = staticmethod(columns.supervised)
    title_marked = staticmethod(columns.title_marked)
    sign_state = staticmethod(columns.sign_state)
    status_in_list = staticmethod(columns.status_with_sign)

    @admin.display(description=gettext_lazy("联系方式"))
    def contact_masked(self, case):
        """For who sees the case without handling it (a co-handling department,
        a dispatcher): masked, without the reveal button it could not use."""
        if case.is_anonymous:
            return _("匿名")
        return f"{mask_name(case.contact_name)} {mask_phone(case.contact_phone)}"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or department_selectors.may_act_for(
            request.user, obj.department_id
        ):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        "contact_masked" if field == "contact" else field
                        for field in options["fields"]
                    ],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description=gettext_lazy("联系方式"))
    def contact(self, case):
        if case.is_anonymous:
            return _("匿名")
        return format_html(
            '{} {} <button type="submit" form="reveal-contact" class="button">{}</button>',
            mask_name(case.contact_name),
            mask_phone(case.contact_phone),
            _("查看完整联系方式（将被记录）"),
        )

    # Pages ---------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "export/",
                view(lambda request: ledger_export_view(self, request)),
                name="cases_case_export",
            ),
            path(
                "<path:object_id>/contact/",
                view(require_POST(self.contact_view)),
                name="cases_case_contact",
            ),
            *super().get_urls(),
        ]

    def _case_or_404(self, request, object_id) -> Case:
        case = self.get_object(request, object_id)
        if case is None:
            raise Http404
        return case

    def change_page_context(self, request, case):
        return {
            # The heading is the case itself; the summary says the rest.
            "title": f"{case.number} {case.title}",
            "subtitle": None,
            "status_badge": steps_waiting.status_badge(case),
            "deadline_mark": columns.deadline_mark(case),
            "pending_extension": selectors.pending_extension(case=case),
            "case_tools": case_page_tools(request, case),
            # Complaints in hand like this one (same complainee, address or
            # service type), for 并单; only those this user may open.
            "similar_cases": similar_open_cases(
                case=case, now=timezone.now(), within=self.get_queryset(request)
            ),
            # 消息记录 (cases/admin/messages.py): this page is in the user's scope.
            "case_messages": case_message_rows(case),
            "reply_templates": {
                str(template.pk): template.body
                for template in ReplyTemplate.objects.filter(
                    department_id=case.department_id, kind=case.kind
                )
            },
        }

    def after_step_url(self, request, case):
        if not self.get_queryset(request).filter(pk=case.pk).exists():
            # Transferred out of this user's departments: its page would be a 404.
            return reverse("admin:cases_case_changelist")
        return super().after_step_url(request, case)

    def contact_view(self, request, object_id):
        """Show the citizen's contact details and record that this user saw them."""
        case = self._case_or_404(request, object_id)
        try:
            contact = services.case_reveal_contact(case=case, actor=request.user)
        except PermissionDenied:
            raise Http404 from None
        return TemplateResponse(
            request,
            "admin/cases/case/contact.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "case": case,
                "contact": contact,
                "title": _("联系方式"),
            },
        )

    def add_view(self, request, form_url="", extra_context=None):
        """登记诉求: staff register a case for a citizen who phoned or walked in."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        departments = self.limit_departments(
            request, department_selectors.department_list()
        )
        form = CaseRegisterForm(request.POST or None, departments=departments)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            department = data.pop("department")
            data["department_id"] = department.pk if department else None
            try:
                submitted = services.case_submit(
                    submission=services.CaseSubmission(**data), actor=request.user
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request, registered_message(submitted, sms=may_text(submitted.case))
                )
                # Routed to a department outside the user's scope: back to the list.
                return HttpResponseRedirect(
                    self.after_step_url(request, submitted.case)
                )
        return TemplateResponse(
            request,
            "admin/cases/case/register.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "form": form,
                "title": _("登记诉求"),
            },
        )
