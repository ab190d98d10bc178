"""The data protection pages, under /data-protection/ (never /privacy...: that prefix is the public notice's, open to
signed-in staff before MFA; see accounts.middleware)."""

from django.urls import path, register_converter

from sendresolve.privacy import views
from sendresolve.privacy.subjects import KEY_PATTERN


class SubjectKeyConverter:
    """u<account id> or p<participant id> (privacy.subjects)."""

    regex = KEY_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SubjectKeyConverter, "subject")

urlpatterns = [
    path("people/", views.find_person, name="privacy_find"),
    path("people/<subject:key>/", views.person, name="privacy_person"),
    path("people/<subject:key>/export/", views.export, name="privacy_export"),
    path("people/<subject:key>/correct/", views.correct, name="privacy_correct"),
    path("people/<subject:key>/erase/", views.erase, name="privacy_erase"),
]
