"""Project-wide views: the H5 shell, the health check, uploaded media."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve


@require_GET
def h5_shell(request):
    """The citizens' mobile page; it reads everything else from /api/v1/."""
    return render(request, "h5/index.html")


@require_GET
def healthz(request):
    """Liveness and database reachability, for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
@cache_control(public=True, max_age=86400)
def media(request, path, document_root):
    """Uploaded files; every stored name is random, so they can be cached for a day."""
    response: HttpResponse = serve(request, path, document_root=document_root)
    response["X-Content-Type-Options"] = "nosniff"
    return response
