from django.urls import path

from sendresolve.portal import views

urlpatterns = [
    path("home/", views.home, name="home"),
]
