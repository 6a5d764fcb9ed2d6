"""Who may ask for an appeal: the one feedback rule the access policy
(departments.policy) does not name itself. The service raises with the
`require_` form; the admin offers 申请申诉复核 by the boolean form."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from departments import selectors as department_selectors


def may_request_appeal(user, evaluation) -> bool:
    """The officers and heads of the rated department; not supervisors, who decide
    appeals. `user=None` is the system itself (demo data)."""
    return user is None or department_selectors.is_staff_of(
        user, evaluation.department_id
    )


def require_may_request_appeal(user, evaluation) -> None:
    """`may_request_appeal`, raising PermissionDenied when it is False."""
    if not may_request_appeal(user, evaluation):
        raise PermissionDenied(_("只能对本部门收到的评价提出申诉。"))
