from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("Bonjour", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bonjour/", hello), path("", include("cresol.urls"))]
