"""Who may act for a department in the feedback back office (shared by services)."""

from django.core.exceptions import PermissionDenied

from departments import selectors as department_selectors


def require_department_staff(*, actor, department_id: int, message: str) -> None:
    """Staff of the department, supervisors and superusers pass; `actor=None` is the
    system itself (demo data). Anyone else gets PermissionDenied(message)."""
    if actor is None or department_selectors.can_supervise(user=actor):
        return
    if department_id not in department_selectors.department_ids_for_user(user=actor):
        raise PermissionDenied(message)


def require_supervisor(*, actor, message: str) -> None:
    if actor is not None and not department_selectors.can_supervise(user=actor):
        raise PermissionDenied(message)
