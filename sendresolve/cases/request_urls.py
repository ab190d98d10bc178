from django.urls import path

from sendresolve.cases import request_views

urlpatterns = [
    path("", request_views.question, name="request_start"),
    path("check/", request_views.check, name="request_check"),
    path("confirm/", request_views.confirm, name="request_confirm"),
    path("done/", request_views.done, name="request_done"),
    path("<slug:slug>/", request_views.question, name="request_question"),
]
