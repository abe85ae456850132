import os

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    """The floor: the least a page does. A member's hello knows who they are (their session and their
    account read), as every page they are served does."""
    if request.user.is_authenticated:
        return HttpResponse(f"Bonjour {request.user}", content_type="text/plain; charset=utf-8")
    return HttpResponse("Bonjour", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bonjour/", hello)]
if os.environ.get("BENCH_WITH_DRF"):  # bench/api.py --with-drf: the same endpoint in DRF, to compare
    urlpatterns.append(path("", include("bench.api_drf")))
urlpatterns.append(path("", include("cresol.urls")))
