from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sendresolve.documents"
    verbose_name = "Documents"
