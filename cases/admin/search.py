"""The case list's search box, through the one search service.

Django's own search would OR `UPPER(title) LIKE '%…%'` with case-insensitive
equality on the number and phone: no index serves any of it, so every search
read every case in the user's scope. `cases.search.staff_case_search` takes a
full number or phone for exact equality and any other word for the contact's
full name or the full-text index; the queryset it gets is already the user's
scope, and it only narrows it.
"""

from django.contrib.admin.views.main import ORDER_VAR

from cases.search import staff_case_search


class CaseSearch:
    """Mix into the case list before `admin.ModelAdmin` (and after
    `ContactSearchRecorded`, which records what this finds by contact).
    `search_fields` stays set for Django to show the box; it is not read."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        # In the list's own order an index serves it (case_list_order); a column
        # the user sorts by may have none, and then the GIN index is the way.
        order = None if ORDER_VAR in request.GET else self.get_ordering(request)
        # One row per case: no join, so never duplicates.
        found = staff_case_search(cases=queryset, query=search_term, list_order=order)
        return found, False
