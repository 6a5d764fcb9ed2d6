"""The request id every log line carries (django-log-request-id): nginx's
X-Request-ID, or one made here, returned in the response's X-Request-ID.

Only a UUID (nginx's $request_id is 32 hex digits) is taken from the header:
anything else is dropped first, so that a client cannot write its own text, a
phone number or a forged log line, into every line logged for its request.
"""

import uuid

HEADER = "HTTP_X_REQUEST_ID"


class AcceptOnlyUuidRequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get(HEADER)
        if given is not None:
            try:
                request.META[HEADER] = uuid.UUID(given).hex
            except ValueError:
                del request.META[HEADER]
        return self.get_response(request)
