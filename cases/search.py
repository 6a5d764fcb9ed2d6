"""Searching cases: their search document and the staff and public searches,
through the one search service (`kernel.search`)."""


def case_document(*, title: str, content: str, complainee: str = "") -> str:
    """The search document of a case's text (`Case.search_document`)."""
    raise NotImplementedError  # the search helper writes it
