"""The dashboard's figures as typed values: what `selectors.dashboard_figures`
returns and `presentation` / `presentation_charts` read.

All frozen: a cached figure is shared by every request that hits the cache.
Department rows (`{"id", "name", "is_active"}`) and the feedback summaries are the
shapes their own selectors give (`departments.selectors.department_rows`,
`feedback.selectors`); the feedback ones are None while that app is missing.
"""

from dataclasses import dataclass
from datetime import date

from cases.statistics import OfficeCounts, RateCounts
from knowledge.selectors import KnowledgeFigures
from portal.dashboard.timing import Durations


@dataclass(frozen=True)
class Received:
    """Cases received in a period, by kind."""

    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class ReceivedNow:
    """Cases received today, this week (from Monday) and this month."""

    today: Received
    week: Received
    month: Received


@dataclass(frozen=True)
class Backlog:
    """The cases not yet answered, now (`cases.workflow.BACKLOG`)."""

    by_status: dict[str, int]
    overdue: int
    due_soon: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class DepartmentFigures:
    counts: RateCounts  # of the cases received in the date range
    open: int  # in the backlog now
    overdue: int
    due_soon: int
    reply: Durations  # working days to the first answer


@dataclass(frozen=True)
class MonthCounts:
    month: date  # its first day
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class ComplaintType:
    id: int | None  # None: complaints without a service type
    name: str | None
    count: int


@dataclass(frozen=True)
class KnowledgePanel:
    """The 知识库 panel for a period: what `knowledge.selectors.knowledge_figures`
    counted, and the consultations the cases' roll-ups received."""

    figures: KnowledgeFigures
    consultations: int

    @property
    def self_served_rate(self) -> float | None:
        """自助解决 / (自助解决 + 咨询件): of the questions citizens brought, the
        share an answer settled without a case."""
        asked = self.figures.self_served + self.consultations
        return self.figures.self_served / asked if asked else None


@dataclass(frozen=True)
class DashboardFigures:
    today: date
    date_from: date
    date_to: date
    departments: list[dict]
    received: ReceivedNow
    backlog: Backlog
    totals: RateCounts
    reply: Durations
    close: Durations
    by_department: dict[int, DepartmentFigures]
    monthly: list[MonthCounts]
    complaint_types: list[ComplaintType]  # largest first
    satisfaction: dict | None  # department id -> {"rated", "satisfied", "rate"}
    impressions: dict | None  # department id -> {"average", "count"}
    rectifications: dict | None  # department id -> {"open", "overdue"}
    office: dict  # department id -> OfficeFigures (the 12345 office's figures)
    knowledge: KnowledgePanel | None = None  # the 知识库 panel
    # The 预约 panel: appointments.selectors.booking_figures
    appointments: dict | None = None


@dataclass(frozen=True)
class OfficeFigures:
    """One department's 12345 figures for a period (`office_figures`)."""

    received: int  # cases received in the period
    counts: OfficeCounts
    handled: int  # answered cases with an answer moment, behind `handling_days`
    handling_days: int  # their working days to the answer, paused ones taken off

    @property
    def handling_average(self) -> float | None:
        """平均办理用时: working days to the first answer, minus paused days."""
        return round(self.handling_days / self.handled, 1) if self.handled else None

    def __add__(self, other: "OfficeFigures") -> "OfficeFigures":
        return OfficeFigures(
            received=self.received + other.received,
            counts=self.counts + other.counts,
            handled=self.handled + other.handled,
            handling_days=self.handling_days + other.handling_days,
        )


NO_OFFICE_FIGURES = OfficeFigures(
    received=0, counts=OfficeCounts(), handled=0, handling_days=0
)
