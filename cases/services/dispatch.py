"""分拨 and 签收: routing a new case by the 派单目录, dispatching from the city's
queue, reviewing a 退单, signing for a case, marking it urgent. (issue 18; owner: dispatch)"""


def case_route(*, case, now=None):
    """Returns CaseEvent: route a just-submitted case that named no department (called by case_submit)."""
    raise NotImplementedError("case_route")


def case_dispatch(*, case, to_department_id: int, actor, note: str = ""):
    """Returns Case."""
    raise NotImplementedError("case_dispatch")


def case_send_back(*, case, actor, reason: str, basis: str = ""):
    """Returns Case."""
    raise NotImplementedError("case_send_back")


def case_return_refuse(*, case, actor, reason: str):
    """Returns Case."""
    raise NotImplementedError("case_return_refuse")


def case_sign(*, case, actor, note: str = ""):
    """Returns Case."""
    raise NotImplementedError("case_sign")


def case_mark_urgent(*, case, actor, reason: str):
    """Returns Case."""
    raise NotImplementedError("case_mark_urgent")
