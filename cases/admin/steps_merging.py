"""The case page's steps for 并单 and 拆分 (see cases/admin/steps.py)."""

from cases.admin.step_page import CaseStepPage

PAGE: dict[str, CaseStepPage] = {}
