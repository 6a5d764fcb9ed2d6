"""Every back-office list counts at most `ADMIN_LIST_COUNT_CAP` + 1 rows.

Django's change list counts every matching row for its paginator even with
`show_full_result_count = False`, and with it on (the default) counts the whole
table once more; at a million cases that alone costs hundreds of milliseconds.
Here both counts stop at the cap (kernel/counts.py):

- the paginator counts at most `max(cap, page × per_page) + 1` rows, so a list past
  the cap says "1,000+ 条…" and offers 下一页 after its numbered pages; later pages
  stay reachable, each one widening the count by what its OFFSET reads anyway;
- the unfiltered total ("共 M 条" beside a search) stops at the cap too;
- "显示全部" is not offered for a capped list (it would load every row).

Wherever Django prints the count (the pagination line, the search result count,
"选中所有的 N 个", the selection note) it prints the `AtLeast` as "1,000+", so the
text stays true. Facet counts (`?_facets`) are left exact: they are asked for.

`cap_every_list(admin.site)` (called last, from portal/admin.py) applies this to
every registered ModelAdmin, ours and Django's (users, groups, task results), so a
new list gets it by default; tests/portal/test_admin_count_cap.py checks them all.
"""

from functools import cache

from django.conf import settings
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.core.paginator import InvalidPage

from kernel.counts import AtLeast, CappedPaginator, count_at_most, page_number


def count_cap() -> int:
    return settings.ADMIN_LIST_COUNT_CAP


class CappedCountChangeList:
    """Mix in before a ChangeList: Django's `get_results` with both counts capped."""

    def get_results(self, request):
        paginator = self.model_admin.get_paginator(
            request, self.queryset, self.list_per_page
        )
        result_count = paginator.count
        capped = isinstance(result_count, AtLeast)
        full_result_count = None
        if self.model_admin.show_full_result_count:
            cap = count_cap()
            total = count_at_most(self.root_queryset, cap + 1)
            full_result_count = AtLeast(cap) if total > cap else total
        can_show_all = not capped and result_count <= self.list_max_show_all
        multi_page = result_count > self.list_per_page
        if (self.show_all and can_show_all) or not multi_page:
            result_list = self.queryset._clone()
        else:
            try:
                result_list = paginator.page(self.page_num).object_list
            except InvalidPage as error:
                raise IncorrectLookupParameters from error
        self.result_count = result_count
        self.show_full_result_count = self.model_admin.show_full_result_count
        # As Django: actions are offered when there are rows or they were not counted.
        self.show_admin_actions = not self.show_full_result_count or bool(
            full_result_count
        )
        self.full_result_count = full_result_count
        self.result_list = result_list
        self.can_show_all = can_show_all
        self.multi_page = multi_page
        self.paginator = paginator
        self.count_capped = capped
        self.count_cap = count_cap()
        # templates/admin/pagination.html: the way on when the last page is unknown.
        self.next_page_query = (
            self.get_query_string({PAGE_VAR: self.page_num + 1}) if capped else None
        )


@cache
def capped_changelist(changelist_class):
    """`changelist_class` with capped counts (one class per base, made once)."""
    if issubclass(changelist_class, CappedCountChangeList):
        return changelist_class
    return type(
        f"Capped{changelist_class.__name__}",
        (CappedCountChangeList, changelist_class),
        {"__module__": __name__},
    )


class CappedCountAdmin:
    """Mix in first, before a ModelAdmin and its mixins: whatever change list they
    use, its counts stop at the cap. A ModelAdmin's `count_in_list_order = True`
    counts in the list's order (kernel.counts.count_at_most), for a list whose
    order an index serves (read with getattr: this mixin comes first)."""

    def get_paginator(
        self, request, queryset, per_page, orphans=0, allow_empty_first_page=True
    ):
        return CappedPaginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            cap=count_cap(),
            # The change list's page is `p`; the autocomplete view's `page`.
            page=page_number(request.GET.get(PAGE_VAR) or request.GET.get("page")),
            count_in_order=getattr(self, "count_in_list_order", False),
        )

    def get_changelist(self, request, **kwargs):
        return capped_changelist(super().get_changelist(request, **kwargs))


@cache
def capped_admin(admin_class):
    if issubclass(admin_class, CappedCountAdmin):
        return admin_class
    return type(
        admin_class.__name__,
        (CappedCountAdmin, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )


def cap_every_list(site) -> None:
    """Register every ModelAdmin of `site` again with `CappedCountAdmin` first in
    its bases (a registered admin's class is all Django asks for)."""
    for model, model_admin in list(site._registry.items()):
        admin_class = type(model_admin)
        if issubclass(admin_class, CappedCountAdmin):
            continue
        site.unregister(model)
        site.register(model, capped_admin(admin_class))
