"""补充材料 (挂起), 并单 and 拆分. (issue 18; owner: waiting)"""


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


def case_merge(*, case, actor, main_number: str, note: str = ""):
    """Returns Case."""
    raise NotImplementedError("case_merge")


def case_unmerge(*, case, actor, reason: str):
    """Returns Case."""
    raise NotImplementedError("case_unmerge")


def merged_cases_follow(*, main, event, now=None):
    """Returns int: merged cases take their main case's reply/close (called by case_transition)."""
    raise NotImplementedError("merged_cases_follow")


def case_split(*, case, actor, children):
    """Returns list[Case]: children = [{"department_id", "title", "content"}]."""
    raise NotImplementedError("case_split")
