"""The case page's steps for 补充材料 (挂起, 恢复办理) (see cases/admin/steps.py)."""

from cases.admin.step_page import CaseStepPage

PAGE: dict[str, CaseStepPage] = {}
