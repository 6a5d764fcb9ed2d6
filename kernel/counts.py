"""Counts that stop: a list counts its rows only up to a cap.

`COUNT(*)` over a million cases reads every matching row to print one number that
nobody needs exactly past the first thousand. `CappedPaginator` counts at most
`max(cap, page × per_page) + 1` rows (`SELECT COUNT(*) FROM (SELECT … LIMIT n)`):

- below the cap the count is exact, and everything behaves as Django's Paginator;
- past it the count is an `AtLeast`, an int one above the bound (so the page after
  the bound exists and "下一页" is offered) that prints as "1,000+";
- a page past the cap is still reachable: asking for page p widens the bound to
  p × per_page, which costs what the page's own OFFSET costs anyway.

The back office's lists (kernel/admin_paginator.py) and the public API's
(kernel/api/pagination.py) both count this way.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# The widest count a page may ask for: a page number of twenty digits (a probe,
# not a reader) would otherwise overflow the database's LIMIT (SQLite: 64 bits)
# and answer 500 instead of the 404 of a page past the end.
MAX_BOUND = 10**12


def count_at_most(object_list, limit: int, *, in_order: bool = False) -> int:
    """`min(len(object_list), limit)`, reading no more than `limit` rows.

    `in_order`: read the first `limit` rows in the list's own order, as its pages
    do, instead of any `limit` rows. The order does not change how many rows
    there are, but it can change which index the database walks: unordered, an
    officer's count of one department's cases walked `(department, …)` from the
    first department on, the planner taking the department's rows for spread
    evenly (62 ms against 6 ms in the list's order, at 1,000,000 cases). Only for
    a list whose order an index serves, or the count sorts every match."""
    if isinstance(object_list, QuerySet) and not object_list.query.is_sliced:
        rows = object_list if in_order else object_list.order_by()
        query = rows.query
        # Select the key alone: the subquery would otherwise compute every
        # annotation (a search rank) and, with DISTINCT, carry every column.
        # A DISTINCT over chosen columns or annotations counts those, and Django
        # already groups an aggregating query by the key alone.
        chosen = query.distinct_fields or query.values_select or query.annotation_select
        grouped = query.group_by is not None
        if not (query.combinator or grouped or (query.distinct and chosen)):
            rows = rows.values("pk")
        return rows[:limit].count()
    return min(len(object_list), limit)


class AtLeast(int):
    """A count that stopped at `bound`: compares as `bound + 1` (there is at least
    one row more) and prints as "1,000+" wherever a template or message shows it."""

    def __new__(cls, bound: int):
        count = super().__new__(cls, bound + 1)
        count.bound = bound
        return count

    def __str__(self):
        return f"{self.bound:,}+"

    def __format__(self, spec):
        return format(str(self), spec)

    __repr__ = __str__


def page_number(value, default: int = 1) -> int:
    """The page asked for in a query string, as a positive int (else `default`):
    the paginator itself answers a page that does not exist."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


class CappedPaginator(Paginator):
    """Django's Paginator counting at most `max(cap, page × per_page) + 1` rows;
    `page` is the page that will be asked for."""

    def __init__(
        self,
        object_list,
        per_page,
        orphans=0,
        allow_empty_first_page=True,
        *,
        cap: int,
        page: int = 1,
        count_in_order: bool = False,
        **kwargs,
    ):
        super().__init__(
            object_list, per_page, orphans, allow_empty_first_page, **kwargs
        )
        self.cap = cap
        self.reach = page
        self.count_in_order = count_in_order

    @cached_property
    def bound(self) -> int:
        return min(max(self.cap, self.reach * int(self.per_page)), MAX_BOUND)

    @cached_property
    def count(self) -> int:
        counted = count_at_most(
            self.object_list, self.bound + 1, in_order=self.count_in_order
        )
        return AtLeast(self.bound) if counted > self.bound else counted

    @property
    def capped(self) -> bool:
        """True when the count stopped: there are more rows than `bound`."""
        return isinstance(self.count, AtLeast)

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        """Django's numbered links; when capped, the last page is unknown, so the
        range ends a few pages after `number` with an ellipsis (then 下一页)."""
        if not self.capped:
            yield from super().get_elided_page_range(
                number, on_each_side=on_each_side, on_ends=on_ends
            )
            return
        number = self.validate_number(number)
        if number > 1 + on_each_side + on_ends + 1:
            yield from range(1, on_ends + 1)
            yield self.ELLIPSIS
            yield from range(number - on_each_side, number + 1)
        else:
            yield from range(1, number + 1)
        yield from range(number + 1, min(number + on_each_side, self.num_pages) + 1)
        yield self.ELLIPSIS
