"""How the workflow table test takes the steps of 回访, 重办, 催办, 通报 (see __init__)."""

from cases import services
from cases.models import CaseCallback

HANDLERS = {"officer_a", "head_a", "supervisor"}

TAKE = {
    # 满意: one event; 不满意 would add the 重办's (tests/cases/test_callback_*.py).
    "callback": lambda case, actor, other: services.case_callback(
        case=case,
        actor=actor,
        result=CaseCallback.Result.SATISFIED,
        note="市民表示问题已解决",
    ),
    "redo": lambda case, actor, other: services.case_redo(
        case=case, actor=actor, note="市民反映问题未解决"
    ),
    "urge": lambda case, actor, other: services.case_urge(
        case=case, actor=actor, note="请于今日内答复"
    ),
    "report": lambda case, actor, other: services.case_report(
        case=case, actor=actor, note="超期未办，予以通报"
    ),
}
MAY_TAKE = {
    "callback": HANDLERS,
    "redo": HANDLERS,
    "urge": {"supervisor"},
    "report": {"supervisor"},
}
PREPARE = {}
ACTOR = {}
