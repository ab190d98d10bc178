"""gunicorn settings for SEND Resolve: `gunicorn -c config/gunicorn.conf.py config.wsgi:application`."""

import gunicorn.http.wsgi

# gunicorn names itself in every response's Server header; the service does not say what it runs on.
gunicorn.http.wsgi.SERVER = "SEND Resolve"

wsgi_app = "config.wsgi:application"
forwarded_allow_ips = "127.0.0.1,::1"  # the proxy on this host may say the request came over HTTPS
# Load the application once, before the workers fork, and do there the work Django otherwise leaves to each
# worker's first request: no person waits for the first page a new worker serves.
preload_app = True


def on_starting(server):
    import django

    django.setup()
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse

    from sendresolve.clock import default_calendar

    default_calendar()  # the working-day calendar: about a quarter of a second
    # Every view module (and what they import: WeasyPrint, python-docx, allauth's pages) is imported on the first
    # URL resolved, and the table for reversing names built on the first link; without this, each worker's first
    # request paid a third of a second or more for them.
    get_resolver().resolve("/")
    reverse("start")
    get_template("base.html")  # the layout every page extends, compiled once into the cached loader
    # Nothing above should have connected to the database; if anything did, a connection must not be shared by the
    # forked workers.
    connections.close_all()
