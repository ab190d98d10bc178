"""gunicorn settings for SEND Resolve: `gunicorn -c config/gunicorn.conf.py config.wsgi:application`."""

import gunicorn.http.wsgi

# gunicorn names itself in every response's Server header; the service does not say what it runs on.
gunicorn.http.wsgi.SERVER = "SEND Resolve"

wsgi_app = "config.wsgi:application"
forwarded_allow_ips = "127.0.0.1,::1"  # the proxy on this host may say the request came over HTTPS
