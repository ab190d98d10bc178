"""Serving a privately stored upload, after the view has checked who may have it."""

from django.http import FileResponse


def private_file_response(file, *, content_type: str, filename: str) -> FileResponse:
    """A download, never displayed inline, with the type the content was checked to be."""
    response = FileResponse(file.open("rb"), content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
