"""Filter backends whose errors name their query parameter."""

from rest_framework import exceptions, filters


class SearchFilter(filters.SearchFilter):
    """DRF's search, with a refused term (a NUL character: DRF validates it with a
    bare CharField) as `{"search": ["..."]}` instead of a bare list, and the
    schema saying so."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError(
                {self.search_param: error.detail}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["pattern"] = "^[^\\u0000]*$"
        return parameters
