"""A bare Django view, served by bench/pages.py exactly as the service is (gunicorn, same workers), so the
benchmark can say how close each page comes to what Django itself costs on this machine."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(DEBUG=False, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], SECRET_KEY="bare-benchmark-view",
                   MIDDLEWARE=[], INSTALLED_APPS=[])


def hello(request):
    return HttpResponse("Hello from a bare Django view")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
