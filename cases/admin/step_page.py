"""The admin's part of a workflow step (cases/admin/steps.py puts them together)."""

from collections.abc import Callable
from dataclasses import dataclass

from cases.models import Case
from kernel.admin_steps import BulkAction


@dataclass(frozen=True)
class CaseStepPage:
    """The admin's part of a workflow step."""

    form_class: type
    # (case, user, cleaned data) -> the service's result
    perform: Callable[[Case, object, dict], object]
    needs_case: bool = False  # the form takes the case (choices depend on it)
    style: str = ""
    # Asked in a dialog before the form is sent: steps that hand the case away or
    # end it. "{field}" is replaced by the chosen value of that field.
    confirm: str = ""
    done_message: Callable[[object], str] | None = None
    bulk: BulkAction | None = None
