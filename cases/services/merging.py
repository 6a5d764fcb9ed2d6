"""并单 and 拆分: merging duplicates into a main case (and undoing it), merged cases
following their main one, splitting a case into children. (issue 18; owner: merging)"""


def case_merge(*, case, actor, main_number: str, note: str = ""):
    """Returns Case."""
    raise NotImplementedError("case_merge")


def case_unmerge(*, case, actor, reason: str):
    """Returns Case."""
    raise NotImplementedError("case_unmerge")


def merged_cases_follow(*, main, event, now=None):
    """Returns int: merged cases take their main case's reply/close (called by case_transition)."""
    return 0  # until the merging part lands


def case_split(*, case, actor, children):
    """Returns list[Case]: children = [{"department_id", "title", "content"}]."""
    raise NotImplementedError("case_split")
