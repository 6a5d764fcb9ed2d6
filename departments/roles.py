"""The staff roles and the model permissions each one needs in the back office.

Model permissions open the admin pages; which rows a user sees is decided per
department by django-guardian (departments.services.staff_grant), so an officer
holds `cases.change_case` yet changes only cases of their own departments.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

OFFICER_GROUP = "部门工作人员"
HEAD_GROUP = "部门负责人"
SUPERVISOR_GROUP = "督办人员"
DISPATCHER_GROUP = "分拨员"
# Everyone who works in the back office by role (deadline reminders go to them).
STAFF_GROUPS = (OFFICER_GROUP, HEAD_GROUP, SUPERVISOR_GROUP, DISPATCHER_GROUP)

# Feedback: staff moderate their departments' comments and handle their 差评整改 and
# appeals; supervisors also decide appeals, read the moderation log and keep the
# tag and sensitive-word lists.
_FEEDBACK_COMMON = [
    "feedback.view_departmentimpression",
    "feedback.change_departmentimpression",
    "feedback.view_leaderreview",
    "feedback.change_leaderreview",
    "feedback.view_caseevaluation",
    "feedback.view_rectification",
    "feedback.change_rectification",
    "feedback.view_appeal",
    "feedback.view_unratedcase",
    # The history inline of the rating, rectification and appeal pages; it has no
    # admin page of its own.
    "feedback.view_feedbackevent",
]
_FEEDBACK_STAFF = [*_FEEDBACK_COMMON, "feedback.add_appeal"]
_FEEDBACK_SUPERVISOR = [
    *_FEEDBACK_COMMON,
    "feedback.change_appeal",
    "feedback.view_moderationlog",
    *(
        f"feedback.{action}_{model}"
        for model in ("impressiontag", "sensitiveword")
        for action in ("view", "add", "change", "delete")
    ),
]

# Posters and albums: staff keep their departments' own, supervisors the city-wide.
_GALLERY = [
    "media_gallery.view_poster",
    "media_gallery.add_poster",
    "media_gallery.change_poster",
    "media_gallery.delete_poster",
    "media_gallery.view_album",
    "media_gallery.add_album",
    "media_gallery.change_album",
    "media_gallery.delete_album",
    "media_gallery.view_photo",
    "media_gallery.add_photo",
    "media_gallery.change_photo",
    "media_gallery.delete_photo",
]
# 知识库: staff keep their departments' entries (no delete: withdraw keeps the
# history), supervisors the city-wide ones, the synonyms and the unanswered list.
_KNOWLEDGE_STAFF = [
    "knowledge.view_entry",
    "knowledge.add_entry",
    "knowledge.change_entry",
    "knowledge.view_entryevent",
]
_KNOWLEDGE_SUPERVISOR = [
    *_KNOWLEDGE_STAFF,
    *(f"knowledge.{action}_synonym" for action in ("view", "add", "change", "delete")),
    "knowledge.view_unansweredquestion",
    "knowledge.delete_unansweredquestion",
]
# The case page's read-only inlines (photos, extension requests, timeline) each need
# view permission on their own model, or Django leaves them off the page. None of
# these models has an admin page of its own, so this opens nothing else.
_CASE_RECORDS = [
    "cases.view_caseattachment",
    "cases.view_extensionrequest",
    "cases.view_caseevent",
    "cases.view_cohandling",
    "cases.view_casecallback",
    "cases.view_escalation",
]
# 预约: window staff keep their windows' booking rules, closures and bookings
# (check-in, 未到, 办结, 预检, walk-ins); supervisors see every window's.
_APPOINTMENTS_RECORDS = [
    "appointments.view_appointment",
    "appointments.change_appointment",
    "appointments.add_appointment",
    "appointments.view_appointmentevent",
    "appointments.view_materialcheck",
    "appointments.view_visitrating",
    "appointments.view_closure",
    "appointments.add_closure",
]
_APPOINTMENTS_STAFF = [
    *_APPOINTMENTS_RECORDS,
    *(
        f"appointments.{action}_{model}"
        for model in ("windowschedule", "weeklysession")
        for action in ("view", "add", "change", "delete")
    ),
]
# 政务信息: staff write their departments' notices, supervisors the city's; 撤回,
# not delete, ends one.
_NOTICES = [
    "notices.view_notice",
    "notices.add_notice",
    "notices.change_notice",
    "notices.view_noticeimage",
    "notices.change_noticeimage",
    "notices.delete_noticeimage",
    "notices.view_noticeevent",
]
# 调研投票: staff run their departments' surveys, supervisors the city's.
_SURVEYS = [
    *(f"surveys.{action}_survey" for action in ("view", "add", "change")),
    *(f"surveys.{action}_question" for action in ("view", "add", "change", "delete")),
]
_OFFICER = [
    *_SURVEYS,
    "departments.view_servicehall",
    "departments.view_department",
    "departments.view_servicewindow",
    "departments.add_servicewindow",
    "departments.change_servicewindow",
    "departments.view_servicetype",
    "departments.add_servicetype",
    "departments.change_servicetype",
    "departments.view_leader",
    "departments.add_leader",
    "departments.change_leader",
    "cases.view_case",
    "cases.add_case",
    "cases.change_case",
    *_CASE_RECORDS,
    "cases.view_replytemplate",
    "cases.view_ledgerexport",
    *_GALLERY,
    *_FEEDBACK_STAFF,
    *_KNOWLEDGE_STAFF,
    *_APPOINTMENTS_STAFF,
    *_NOTICES,
]
_HEAD = [
    *_OFFICER,
    "departments.change_department",
    "cases.add_replytemplate",
    "cases.change_replytemplate",
    "cases.delete_replytemplate",
]
_SUPERVISOR = [
    "departments.supervise",
    *_SURVEYS,
    *(f"departments.{action}_servicehall" for action in ("view", "add", "change")),
    "departments.view_department",
    "departments.view_servicewindow",
    "departments.view_servicetype",
    "departments.view_leader",
    "cases.view_case",
    "cases.add_case",
    "cases.change_case",
    *_CASE_RECORDS,
    "cases.view_replytemplate",
    "cases.view_contactaccess",
    "cases.view_ledgerexport",
    # 个人信息清理记录: what each retention run erased (cases/services/retention.py).
    "cases.view_retentionrun",
    # The 派单目录 is the city's: supervisors keep it with the dispatchers.
    *(f"cases.{action}_dispatchrule" for action in ("view", "add", "change", "delete")),
    *_GALLERY,
    *_FEEDBACK_SUPERVISOR,
    *_KNOWLEDGE_SUPERVISOR,
    *_APPOINTMENTS_RECORDS,
    *_NOTICES,
    "appointments.view_windowschedule",
    "appointments.view_weeklysession",
    # 消息发送记录 (the whole outbox, read-only), 消息模板 and how staff are told
    # (notifications/admin.py). Staff see a case's messages on the case page.
    "notifications.view_message",
    "notifications.view_messagetemplate",
    "notifications.add_messagetemplate",
    "notifications.change_messagetemplate",
    "notifications.view_staffcontact",
    "notifications.add_staffcontact",
    "notifications.change_staffcontact",
    # Open311 clients (open311/admin.py): issue, revoke, read the log of their uses.
    "open311.view_apiclient",
    "open311.add_apiclient",
    "open311.change_apiclient",
    "open311.revoke_apiclient",
    "open311.view_apikeyuse",
    # 登录失败记录: see locked-out admin logins and unlock them (portal/login_guard/).
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
]
# 分拨员: the city's dispatch queue, the 退单 to review, the 派单目录. They see every
# case (to place it) but take only the dispatch steps (cases.workflow).
_DISPATCHER = [
    "departments.dispatch",
    "departments.view_department",
    "departments.view_servicetype",
    "cases.view_case",
    "cases.change_case",
    *_CASE_RECORDS,
    *(f"cases.{action}_dispatchrule" for action in ("view", "add", "change", "delete")),
]
ROLE_PERMISSIONS = {
    OFFICER_GROUP: _OFFICER,
    HEAD_GROUP: _HEAD,
    SUPERVISOR_GROUP: _SUPERVISOR,
    DISPATCHER_GROUP: _DISPATCHER,
}


def ensure_role_groups() -> dict[str, Group]:
    """Create the role groups with exactly their permissions; idempotent."""
    groups = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        query = Q()
        for perm in perms:
            app_label, codename = perm.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query))
        missing = set(perms) - {
            f"{p.content_type.app_label}.{p.codename}" for p in permissions
        }
        if missing:
            raise LookupError(f"permissions missing for role {name}: {sorted(missing)}")
        group.permissions.set(permissions)
        groups[name] = group
    return groups
