from django.urls import path

from sendresolve.mediators import views

urlpatterns = [
    path("", views.mediator_home, name="mediator_home"),
    path("register/", views.mediator_register, name="mediator_register"),
    path("availability/<int:slot_id>/remove/", views.mediator_availability_remove, name="mediator_availability_remove"),
    path("cases/<str:reference>/declare/", views.mediator_declare, name="mediator_declare"),
]
