"""回访, 重办 and the rungs of the escalation ladder staff may also take by hand
(催办, 通报). (issue 18; owner: callback)"""


def case_callback(*, case, actor, result: str, note: str = ""):
    """Returns CaseCallback: 不满意 reopens the case as 重办."""
    raise NotImplementedError("case_callback")


def case_redo(*, case, actor, note: str):
    """Returns Case."""
    raise NotImplementedError("case_redo")


def case_urge(*, case, actor, note: str):
    """Returns Case."""
    raise NotImplementedError("case_urge")


def case_report(*, case, actor, note: str):
    """Returns Case."""
    raise NotImplementedError("case_report")
