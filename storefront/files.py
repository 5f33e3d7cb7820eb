from django.http import FileResponse

INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png")


def private_document_response(document):
    """Serve a producer document to someone already allowed to see it: never cached, never sniffed,
    shown inline only for the types we checked by content."""
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    disposition = "inline" if document.content_type in INLINE_TYPES else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="document-{document.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
