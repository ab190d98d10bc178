from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "sendresolve.meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from sendresolve.cases import extensions
        from sendresolve.cases.events import register_event_types
        from sendresolve.meetings.events import MeetingEvent
        from sendresolve.meetings.models import MeetingChange
        from sendresolve.meetings.selectors import case_meeting_panel

        register_event_types(MeetingEvent, party=MeetingChange.Party)
        extensions.register(extensions.CASE_PANELS, case_meeting_panel)
