from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sendresolve.notifications"
    verbose_name = "Messages"
