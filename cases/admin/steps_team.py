"""The case page's steps for 承办人 and 协办 (see cases/admin/steps.py)."""

from cases.admin.step_page import CaseStepPage

PAGE: dict[str, CaseStepPage] = {}
