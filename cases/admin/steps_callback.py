"""The case page's steps for 回访, 重办 and the escalation rungs taken by hand (催办, 通报) (see cases/admin/steps.py)."""

from cases.admin.step_page import CaseStepPage

PAGE: dict[str, CaseStepPage] = {}
