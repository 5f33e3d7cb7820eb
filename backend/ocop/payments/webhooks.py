"""POST /payments/stripe/webhook/: verified with the Stripe-Signature header (5-minute tolerance)."""

import json
import logging

import stripe
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .services import handle_stripe_event

logger = logging.getLogger(__name__)

TOLERANCE_SECONDS = 300


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        stripe.Webhook.construct_event(request.body, request.headers.get("Stripe-Signature", ""),
                                       settings.STRIPE_WEBHOOK_SECRET, tolerance=TOLERANCE_SECONDS)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        logger.warning("Rejected a Stripe webhook: %s", exc)
        return HttpResponseBadRequest("invalid signature")
    event = json.loads(request.body)
    if not isinstance(event, dict) or not event.get("id"):
        return HttpResponseBadRequest("not an event")
    handle_stripe_event(event)
    return HttpResponse("ok")
