"""Roll-ups of the cases for the dashboard, the monthly report and 数据公开.

One *bucket* is the cases a department received on one Asia/Shanghai day
(`submitted_at`). Its rows count what the figures need that does not depend on
"now"; what does (overdue, due soon, late open, the backlog, unsigned past the
sign-for limit) is counted live over the open cases, a small share of the table.
`cases.rollups` keeps the buckets in step, in the writer's transaction, and
rebuilds them from the cases; docs/dashboard.md has the rules.
"""

from django.db import models


class _CaseCounts(models.Model):
    """What a roll-up row of the cases counts, for one department, kind,
    service type and status (a day's in `CaseDayCount`, a month's in
    `CaseMonthCount`)."""

    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique constraint and the index below lead with it
    )
    kind = models.CharField(max_length=20)
    service_type_id = models.PositiveIntegerField(default=0)  # 0: none
    status = models.CharField(max_length=20)
    cases = models.PositiveIntegerField(default=0)
    # Answered (workflow.ANSWERED_FOR_STATISTICS), the first answer at or before
    # due_at; 0 on rows of the other statuses.
    answered_on_time = models.PositiveIntegerField(default=0)
    signed = models.PositiveIntegerField(default=0)  # with sign_due_at, signed
    signed_on_time = models.PositiveIntegerField(default=0)  # at or before it
    closed_once = models.PositiveIntegerField(default=0)  # 已办结 or redone
    redone = models.PositiveIntegerField(default=0)  # redo_count > 0
    called_back = models.PositiveIntegerField(default=0)  # with a callback
    callbacks = models.PositiveIntegerField(default=0)  # every round
    callbacks_satisfied = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class CaseDayCount(_CaseCounts):
    """The cases of one bucket with one kind, service type and status: one row
    each once recomputed, and until then one more per case submitted since
    (`cases.rollups.case_submitted`), so a reader adds the rows up."""

    day = models.DateField()  # received, Asia/Shanghai

    class Meta:
        db_table = "cases_rollup_day"
        # One department's range (an officer's dashboard), the city's range, and
        # the compaction's look for groups of more than one row.
        indexes = [
            models.Index(fields=["department", "day"], name="case_rollup_dept"),
            models.Index(
                fields=["day", "department", "kind", "service_type_id", "status"],
                name="case_rollup_day_row",
            ),
        ]

    def __str__(self):
        return (
            f"{self.day} {self.department_id} {self.kind} {self.status}: {self.cases}"
        )


class CaseMonthCount(_CaseCounts):
    """`CaseDayCount` summed over each month (`month` its first day): a year's
    rates read twelve months of these and the days at the range's ends, not
    every day (47,000 rows for the city in a year). Kept in step with the days
    by `cases.rollups`, as `CaseAnswerMonthCount`."""

    month = models.DateField()  # the first day of the month

    class Meta:
        db_table = "cases_rollup_month"
        indexes = [
            models.Index(fields=["month", "department"], name="case_rollup_month")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.department_id} {self.kind} {self.status}"


class _AnswerCounts(models.Model):
    """Answered cases of one department by how many working days they took to
    the first answer (`reply`) or to closing (`close`): a day's histogram in
    `CaseAnswerDayCount`, a month's in `CaseAnswerMonthCount`."""

    class Measure(models.TextChoices):
        REPLY = "reply"
        CLOSE = "close"

    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    measure = models.CharField(max_length=5, choices=Measure.choices)
    workdays = models.IntegerField()
    cases = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class CaseAnswerDayCount(_AnswerCounts):
    """The histograms of one bucket, so a year of the city is a few rows per
    department-day and the dashboard's durations need no per-case working-day
    arithmetic (`WorkdayNumber`)."""

    day = models.DateField()

    class Meta:
        db_table = "cases_rollup_answer_day"
        indexes = [
            models.Index(fields=["day", "department"], name="case_rollup_answer_day"),
            models.Index(fields=["department", "day"], name="case_rollup_answer_dept"),
        ]

    def __str__(self):
        return f"{self.day} {self.department_id} {self.measure} {self.workdays}"


class CaseAnswerMonthCount(_AnswerCounts):
    """`CaseAnswerDayCount` summed over each month (`month` its first day): a
    year's figures read twelve months of these instead of 365 days of the
    other, a thirtieth of the rows (135,000 for the city in a year). Kept in
    step with the days by `cases.rollups`, as `CaseMonthCount`."""

    month = models.DateField()  # the first day of the month

    class Meta:
        db_table = "cases_rollup_answer_month"
        indexes = [
            models.Index(
                fields=["month", "department"], name="case_rollup_answer_month"
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.department_id} {self.measure} {self.workdays}"


class WorkdayNumber(models.Model):
    """Each day's running count of working days (`kernel.workdays.is_workday`)
    since the calendar's first day: the working days in (a, b] are
    number(b) − number(a), which SQL can take when it fills the roll-ups.
    Filled by `cases.rollups.workday_numbers_fill` (the rebuild does it)."""

    day = models.DateField(primary_key=True)
    number = models.IntegerField()

    class Meta:
        db_table = "cases_rollup_workday"

    def __str__(self):
        return f"{self.day}: {self.number}"


class CaseSendBackCount(models.Model):
    """退单 (SEND_BACK events) of the cases received on one Asia/Shanghai day, per
    department credited: the one that sent the case back (the `from_department`
    of the case's next move away, or its department while it has not moved).
    The bucket is the whole day: a case's 退单 may credit any department."""

    day = models.DateField()
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    sent_back = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "cases_rollup_send_back"
        indexes = [
            models.Index(fields=["day", "department"], name="case_rollup_send_back")
        ]

    def __str__(self):
        return f"{self.day} {self.department_id}: {self.sent_back}"
