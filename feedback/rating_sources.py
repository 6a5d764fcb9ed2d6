"""Ratings that other apps keep and that count in a department's satisfaction like
a case's (a visit's 好差评, in appointments): the higher app plugs its ratings in
here, as cases' ledgers take extra columns, so the feedback app never imports it.

A source is a function of an app registry answering a queryset of the ratings that
count, with `created_at`, `department_id` and `level`, or None where the registry
holds no such model (a migration's). The roll-up rebuild and the raw satisfaction
rates read every source; the source's service adds each rating to the roll-ups as
it is given (`feedback.services.visit_rating_counted`).
"""

from django.apps import apps as global_apps

_SOURCES: list = []


def rating_source_add(source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def rating_sources(apps=global_apps) -> list:
    """The querysets of every source's ratings that count."""
    rows = (source(apps) for source in _SOURCES)
    return [queryset for queryset in rows if queryset is not None]
