"""The 12345 office's figures as the dashboard prints them: a card with the
totals and the extra columns of the department ranking. The case list has no
filter for 签收, 重办 or 回访, so these numbers carry no links (a link that listed
other cases than the ones counted would mislead)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.dashboard import rates
from portal.dashboard.figures import NO_OFFICE_FIGURES, OfficeFigures


@dataclass(frozen=True)
class OfficeRates:
    """The rates of one `OfficeFigures`, 0–1 (None: nothing to divide)."""

    sign_on_time: float | None
    returns: float | None
    redo: float | None
    callback: float | None
    callback_satisfaction: float | None
    handling_average: float | None  # working days
    co_on_time: float | None


def office_rates(figures: OfficeFigures) -> OfficeRates:
    counts = figures.counts
    return OfficeRates(
        sign_on_time=rates.sign_on_time_rate(counts),
        returns=rates.return_rate(counts, figures.received),
        redo=rates.redo_rate(counts),
        callback=rates.callback_rate(counts),
        callback_satisfaction=rates.callback_satisfaction_rate(counts),
        handling_average=figures.handling_average,
        co_on_time=rates.co_handling_on_time_rate(counts),
    )


def office_totals(office: dict[int, OfficeFigures]) -> OfficeFigures:
    return sum(office.values(), NO_OFFICE_FIGURES)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value}"


def office_card(office: dict[int, OfficeFigures]) -> list[dict]:
    """The totals, one {"label", "rate", "parts"} per figure, for the card."""
    total = office_totals(office)
    counts = total.counts
    shown = office_rates(total)
    return [
        {
            "label": _("签收及时率"),
            "rate": _percent(shown.sign_on_time),
            "parts": _("按时签收 %(a)s ÷ 应签收 %(b)s")
            % {"a": counts.signed_on_time, "b": counts.sign_due},
        },
        {
            "label": _("退单率"),
            "rate": _percent(shown.returns),
            "parts": _("退单 %(a)s ÷ 受理 %(b)s")
            % {"a": counts.sent_back, "b": total.received},
        },
        {
            "label": _("重办率"),
            "rate": _percent(shown.redo),
            "parts": _("重办 %(a)s ÷ 办结 %(b)s")
            % {"a": counts.redone, "b": counts.closed},
        },
        {
            "label": _("回访率"),
            "rate": _percent(shown.callback),
            "parts": _("已回访 %(a)s ÷ 办结 %(b)s")
            % {"a": counts.called_back, "b": counts.closed},
        },
        {
            "label": _("回访满意率"),
            "rate": _percent(shown.callback_satisfaction),
            "parts": _("满意及基本满意 %(a)s ÷ 回访 %(b)s")
            % {"a": counts.callbacks_satisfied, "b": counts.callbacks},
        },
        {
            "label": _("平均办理用时"),
            "rate": _days(shown.handling_average),
            "parts": _("个工作日（扣除待补充材料），已答复 %(a)s")
            % {"a": total.handled},
        },
        {
            "label": _("协办按时率"),
            "rate": _percent(shown.co_on_time),
            "parts": _("按时协办 %(a)s ÷（已答复 %(b)s + 超期未答复 %(c)s）")
            % {
                "a": counts.co_on_time,
                "b": counts.co_answered,
                "c": counts.co_late_open,
            },
        },
    ]


# The ranking's extra columns: sort key, header, value (sorting), text.
OfficeColumn = tuple[str, str, Callable[[OfficeRates], float | None], Callable]
OFFICE_COLUMNS: list[OfficeColumn] = [
    ("sign", _("签收及时率"), lambda r: r.sign_on_time, _percent),
    ("returns", _("退单率"), lambda r: r.returns, _percent),
    ("redo", _("重办率"), lambda r: r.redo, _percent),
    ("callback", _("回访率"), lambda r: r.callback, _percent),
    (
        "callback_satisfaction",
        _("回访满意率"),
        lambda r: r.callback_satisfaction,
        _percent,
    ),
    ("handling", _("平均办理用时（工作日）"), lambda r: r.handling_average, _days),
]


def knowledge_card(figures) -> dict | None:
    """The 知识库 panel's figures in words: hits, 自助解决 and its rate, votes,
    entries added from cases per department, the most-asked unanswered questions."""
    panel = figures.knowledge
    if panel is None:
        return None
    counted = panel.figures
    names = {d["id"]: d["name"] for d in figures.departments}
    rate = panel.self_served_rate
    return {
        "views": counted.views,
        "self_served": counted.self_served,
        "self_served_rate": "—" if rate is None else f"{rate * 100:.1f}%",
        "helpful": counted.helpful,
        "unhelpful": counted.unhelpful,
        "published": counted.published,
        "from_cases": sorted(
            (
                (names.get(pk, _("全市")) if pk else _("全市"), count)
                for pk, count in counted.from_cases.items()
            ),
            key=lambda row: -row[1],
        ),
        "unanswered": counted.unanswered,
    }


# The 预约 panel shows bookings per window for at most this many days (the last
# of the period); the rates cover the whole period.
BOOKING_DAYS_SHOWN = 7


def appointments_card(figures) -> dict | None:
    """The 预约 panel's figures in words: bookings, seat use, the no-show rate and
    the pre-check pass rate, and a table of bookings per window and day."""
    panel = figures.appointments
    if panel is None or not (panel["seats_offered"] or panel["booked"]):
        return None
    days = sorted({row["day"] for row in panel["per_window_day"]})[-BOOKING_DAYS_SHOWN:]
    windows: dict[int, dict] = {}
    for row in panel["per_window_day"]:
        window = windows.setdefault(
            row["window_id"], {"name": row["window"], "days": {}}
        )
        window["days"][row["day"]] = row["count"]
    percent = lambda rate: "—" if rate is None else f"{rate:.1f}%"  # noqa: E731
    return {
        "booked": panel["booked"],
        "seats_offered": panel["seats_offered"],
        "seat_use": percent(panel["seat_use"]),
        "no_show": panel["no_show"],
        "no_show_rate": percent(panel["no_show_rate"]),
        "precheck_marked": panel["precheck_marked"],
        "precheck_pass_rate": percent(panel["precheck_pass_rate"]),
        "days": days,
        "windows": [
            {"name": w["name"], "counts": [w["days"].get(day, 0) for day in days]}
            for w in windows.values()
        ],
    }
