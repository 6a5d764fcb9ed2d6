"""The case page's steps for 分拨, 签收, 退单 review and 紧急 (see cases/admin/steps.py)."""

from cases.admin.step_page import CaseStepPage

PAGE: dict[str, CaseStepPage] = {}
