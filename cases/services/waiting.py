"""补充材料 (挂起): asking the citizen for more, their answer, resuming. (issue 18; owner: waiting)"""


def info_request(*, case, actor, question: str):
    """Returns Case."""
    raise NotImplementedError("info_request")


def info_supply(*, case, content: str, photos=()):
    """Returns Case: the citizen answers through the look-up (actor None)."""
    raise NotImplementedError("info_supply")


def case_resume(*, case, actor, note: str = ""):
    """Returns Case."""
    raise NotImplementedError("case_resume")


def info_waits_expire(*, now=None):
    """Returns int: resume every case waiting longer than INFO_WAIT_DAYS (periodic job)."""
    raise NotImplementedError("info_waits_expire")
