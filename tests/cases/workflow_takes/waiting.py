"""How the workflow table test takes the steps of 补充材料 (see __init__)."""

from cases import services
from cases.services.transitions import step_take

_ANSWER = "现场照片已补充，位置在小区北门。"


def _supply(case, actor, other):
    """The citizen's answer has no user: the service takes it as the system. Any
    user who tries the step itself is refused by the table (SYSTEM only)."""
    if actor is None:
        return services.info_supply(case=case, content=_ANSWER)
    return step_take(
        step="info_supply", case=case, actor=actor, inputs={"content": _ANSWER}
    )


TAKE = {
    "info_request": lambda case, actor, other: services.info_request(
        case=case, actor=actor, question="请补充现场照片和具体位置。"
    ),
    "info_supply": _supply,
    "resume": lambda case, actor, other: services.case_resume(
        case=case, actor=actor, note="市民已电话补充说明"
    ),
}
HANDLERS = {"officer_a", "head_a", "supervisor"}
MAY_TAKE = {
    "info_request": HANDLERS,
    "info_supply": set(),
    "resume": HANDLERS,
}
PREPARE = {}
ACTOR = {"info_supply": "system"}
