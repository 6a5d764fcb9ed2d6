"""承办人 and 协办: naming the officer who handles a case, inviting co-handling
departments and their opinions. (issue 18; owner: team)"""


def case_assign(*, case, actor, assignee, note: str = ""):
    """Returns Case."""
    raise NotImplementedError("case_assign")


def co_handling_invite(*, case, actor, department_ids, note: str = ""):
    """Returns list[CoHandling]."""
    raise NotImplementedError("co_handling_invite")


def co_handling_answer(*, case, actor, opinion: str):
    """Returns CoHandling."""
    raise NotImplementedError("co_handling_answer")
