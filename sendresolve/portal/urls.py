from django.urls import path

from sendresolve.portal import audit_log, outbox_views, views

urlpatterns = [
    path("home/", views.home, name="home"),
    path("audit/", audit_log.audit_log, name="audit_log"),
    path("messages/", outbox_views.outbox_failures, name="outbox_failures"),
    path("messages/retry/", outbox_views.outbox_retry, name="outbox_retry"),
    path("messages/dealt-with/", outbox_views.outbox_dealt_with, name="outbox_dealt_with"),
]
