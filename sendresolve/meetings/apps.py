from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "sendresolve.meetings"
    verbose_name = "Meetings"
