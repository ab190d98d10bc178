import logging
import time

from django.utils.cache import add_never_cache_headers, patch_cache_control

log = logging.getLogger("sendresolve.request")


class RequestLogMiddleware:
    """One structured log line per request: method, path, status, duration and user id (never names)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            user = getattr(request, "user", None)
            log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
        return response


class NoStoreMiddleware:
    """No page of the service may be kept by a browser's or a proxy's cache: nearly every one shows personal data
    (a case, a child's name on the request's check page, an audit log, a downloaded plan), and a shared computer's
    back button must not show the last person's case. Static files (served before this runs) are cached as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class HeadAsGetMiddleware:
    """A HEAD request is answered as its GET would be (RFC 9110, 9.3.2), never 405; the server sends no body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "HEAD":
            request.method = "GET"
            response = self.get_response(request)
            request.method = "HEAD"
            if not response.streaming:
                response.content = b""
            return response
        return self.get_response(request)
