"""What the H5 page (and any other client) must know of the server's rules.

The page used to repeat them: "最多 9 张", "3 个工作日", "4–100 字", the kind labels.
A city that set CASE_REPLY_DAYS_CONSULTATION=5 then promised citizens three days.
Here each rule is read from where the server enforces it, at request time:

* limits on text from the input serializers' own fields (`max_length`, and the
  visible `min_length` of `kernel.text.CitizenTextField`), never from copies;
* the photo limit (CASE_MAX_PHOTOS) from settings, as the submission service
  reads it, and the reply days from that service's own `reply_days_for`;
* the kinds and their labels from `Case.Kind`, in its order;
* the 好差评 levels from `CaseEvaluation.Level`, and the statuses that may be rated
  from the case workflow (`cases.workflow.ANSWERED_FOR_RATING`).

`GET /api/v1/config/` serves it; the H5 shell embeds the same object
(`json_script`, id `client-config`) so the page needs no extra request.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy

from appointments.serializers import BookingSerializer, VisitRatingInputSerializer
from cases import services, workflow
from cases.models import Case
from cases.serializers import CaseLookupSerializer, CaseSubmitSerializer
from cases.serializers_waiting import CaseSupplementSerializer
from citizens.codes import CODE_DIGITS, CODE_VALID_SECONDS
from feedback.models import CaseEvaluation
from feedback.models.evaluations import RECTIFY_LEVELS, SATISFIED_LEVELS
from feedback.serializers import (
    EvaluationSubmitSerializer,
    ImpressionSubmitSerializer,
    ReviewSubmitSerializer,
)
from surveys.services import TEXT_MAX as SURVEY_TEXT_MAX

# How the H5 page words each kind beside its official label (Case.Kind): the tab,
# the home screen's button and the line under it, and the line above the form,
# which may name the reply days (`%(days)d`, today's CASE_REPLY_DAYS).
KIND_WORDING = {
    Case.Kind.CONSULTATION: {
        "short": gettext_lazy("咨询"),
        "entrance": gettext_lazy("我要咨询"),
        "tagline": gettext_lazy("政策咨询、办事求助"),
        "intro": gettext_lazy(
            "政策、办事流程等问题，部门将在 %(days)d 个工作日内答复"
            "（具体以受理时告知为准）。"
        ),
    },
    Case.Kind.COMPLAINT: {
        "short": gettext_lazy("投诉"),
        "entrance": gettext_lazy("我要投诉"),
        "tagline": gettext_lazy("问题投诉、违法举报"),
        "intro": gettext_lazy(
            "反映问题请如实填写，写清时间、地点和经过，便于部门核查。"
        ),
    },
    Case.Kind.SUGGESTION: {
        "short": gettext_lazy("建议"),
        "entrance": gettext_lazy("我要建议"),
        "tagline": gettext_lazy("意见建议、献计献策"),
        "intro": gettext_lazy("欢迎为城市管理和公共服务献计献策。"),
    },
}


def kind_config(kind: Case.Kind) -> dict:
    """One kind as a client shows it; a kind without wording shows its label."""
    wording = KIND_WORDING.get(kind, {})
    # A service type may set its own; the form promises the kind's.
    days = services.reply_days_for(kind=kind)
    return {
        "value": kind.value,
        "label": str(kind.label),
        "short": str(wording.get("short", kind.label)),
        "entrance": str(wording.get("entrance", kind.label)),
        "tagline": str(wording.get("tagline", "")),
        "intro": str(wording.get("intro", "")) % {"days": days},
        "reply_days": days,
    }


def _lengths(serializer_class, names: list[str]) -> dict[str, dict]:
    fields = serializer_class().fields
    return {
        name: {
            # CitizenTextField counts its minimum in visible characters.
            "min": getattr(fields[name], "visible_min_length", None)
            or getattr(fields[name], "min_length", None),
            "max": fields[name].max_length,
        }
        for name in names
    }


def _tone(level: int) -> str:
    # The colour beside a rating: satisfied, or a 差评 that starts a 整改.
    if level in SATISFIED_LEVELS:
        return "good"
    return "bad" if level in RECTIFY_LEVELS else "neutral"


def client_config() -> dict:
    """The rules and labels a client shows, as plain JSON-ready data."""
    return {
        "kinds": [kind_config(kind) for kind in Case.Kind],
        "case": {
            "max_photos": settings.CASE_MAX_PHOTOS,
            # Whether 接收短信通知 starts ticked (PIPL: the city's choice).
            "sms_consent_default": settings.CASE_SMS_CONSENT_DEFAULT,
            "lengths": _lengths(
                CaseSubmitSerializer,
                [
                    "title",
                    "content",
                    "complainee",
                    "contact_name",
                    "contact_phone",
                    "address",
                ],
            ),
        },
        "lookup": {
            "lengths": _lengths(CaseLookupSerializer, ["number", "query_code"]),
            # 补充材料: what the citizen answers with, through the look-up.
            "supplement": _lengths(CaseSupplementSerializer, ["content"]),
        },
        "feedback": {
            "impression": _lengths(ImpressionSubmitSerializer, ["comment"]),
            "review": _lengths(ReviewSubmitSerializer, ["comment"]),
            "evaluation": _lengths(EvaluationSubmitSerializer, ["comment"]),
        },
        # 我的: the sign-in code the SMS carries.
        "citizen": {
            "code_digits": CODE_DIGITS,
            "code_minutes": CODE_VALID_SECONDS // 60,
        },
        # 预约办事: what the booking and the visit's rating forms take.
        "appointments": {
            "booking": _lengths(BookingSerializer, ["name"]),
            "rating": _lengths(VisitRatingInputSerializer, ["comment"]),
        },
        # 调研投票: how long a short-text answer may be.
        "surveys": {"text_max": SURVEY_TEXT_MAX},
        "rating": {
            "statuses": list(workflow.ANSWERED_FOR_RATING),
            # Best first, as the form lists them.
            "levels": [
                {"value": level.value, "label": str(level.label), "tone": _tone(level)}
                for level in sorted(CaseEvaluation.Level, reverse=True)
            ],
        },
    }
