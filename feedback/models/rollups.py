"""Roll-ups of 好差评 and 市民印象 for the dashboard, its ranking and 数据公开.

One *bucket* is what citizens gave one department on one Asia/Shanghai day
(`created_at`): one row holding the ratings that count (not void) and how many of
them were 满意 or 非常满意, and the impressions that count in the average
(`counts_in_average`) with the sum of their scores. `feedback.services.rollups`
keeps the rows in step, in each writer's transaction, and rebuilds them from the
raw rows; the satisfaction and impression selectors read them for any period of
whole days.
"""

from django.db import models


class FeedbackDayCount(models.Model):
    """The feedback one department received on one Asia/Shanghai day."""

    day = models.DateField()  # created_at, Asia/Shanghai
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique constraint and the index below lead with it
    )
    rated = models.PositiveIntegerField(default=0)  # ratings not void
    satisfied = models.PositiveIntegerField(default=0)  # of them, 满意 or better
    impressions = models.PositiveIntegerField(default=0)  # counted in the average
    impression_score = models.PositiveIntegerField(default=0)  # their scores' sum

    class Meta:
        db_table = "feedback_rollup_day"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "department"], name="feedback_rollup_day_row"
            )
        ]
        # One department's range (an officer's dashboard, a department's page);
        # the city's range reads the unique constraint's index, led by the day.
        indexes = [
            models.Index(fields=["department", "day"], name="feedback_rollup_dept")
        ]

    def __str__(self):
        return f"{self.day} {self.department_id}: {self.rated} rated"
