"""The portal's URLs plus a minimal view, served only by the benchmark (ROOT_URLCONF=bench.urls):
its speed is the ceiling that every page is compared with."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from protocol_portal.urls import *  # noqa: F403
from protocol_portal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello", hello), *portal_urlpatterns]
