"""POST /payments/stripe/webhook/: verified with the Stripe-Signature header (5-minute tolerance)."""

import json
import logging

import stripe
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .services import EventBusy, MalformedEvent, handle_stripe_event

logger = logging.getLogger(__name__)

TOLERANCE_SECONDS = 300


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        payload = request.body.decode("utf-8")
        # Only the signature is checked here (construct_event would also build an event object,
        # and fails with a 500 on a signed body that is valid JSON but not an object).
        stripe.WebhookSignature.verify_header(payload, request.headers.get("Stripe-Signature", ""),
                                              settings.STRIPE_WEBHOOK_SECRET, TOLERANCE_SECONDS)
    except (UnicodeDecodeError, stripe.SignatureVerificationError) as exc:
        logger.warning("Rejected a Stripe webhook: %s", exc)
        return HttpResponseBadRequest("invalid signature")
    try:
        event = json.loads(payload)
    except ValueError:
        return HttpResponseBadRequest("not an event")
    if not isinstance(event, dict):
        return HttpResponseBadRequest("not an event")
    try:
        handle_stripe_event(event)
    except EventBusy:
        return HttpResponse("being processed", status=409)  # Stripe delivers it again later
    except MalformedEvent as exc:
        # Signed with our secret yet not shaped like Stripe's events: nothing was changed, the
        # event stays unprocessed, and the log says which one.
        logger.warning("Refused a malformed Stripe event %r: %s", str(event.get("id"))[:120], exc)
        return HttpResponseBadRequest("malformed event")
    return HttpResponse("ok")
