from django.urls import path

from sendresolve.portal import audit_log, views

urlpatterns = [
    path("home/", views.home, name="home"),
    path("audit/", audit_log.audit_log, name="audit_log"),
]
