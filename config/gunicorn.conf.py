"""gunicorn settings for SEND Resolve: `gunicorn -c config/gunicorn.conf.py config.wsgi:application`."""

import gunicorn.http.wsgi

# gunicorn names itself in every response's Server header; the service does not say what it runs on.
gunicorn.http.wsgi.SERVER = "SEND Resolve"

wsgi_app = "config.wsgi:application"
forwarded_allow_ips = "127.0.0.1,::1"  # the proxy on this host may say the request came over HTTPS
# Load the application (and build the working-day calendar, about a quarter of a second) once, before the workers
# fork: no person waits seconds for the first page a new worker serves.
preload_app = True


def on_starting(server):
    import django

    django.setup()
    from sendresolve.clock import default_calendar

    default_calendar()
