"""The area officer's desk: the review queue, the review page, decisions, certificates.
An officer sees only producers inside their areas; anything else is 'not found'."""

import logging
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.areas.models import Area
from ocop.areas.selectors import areas_within
from ocop.core.security import authenticated_within
from ocop.producers import selectors, services
from ocop.producers.models import CertificateStatus, ProducerStatus
from storefront.files import private_document_response

logger = logging.getLogger("ocop.officer")


def officer_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.is_officer(request.user):
            raise Http404
        return view(request, *args, **kwargs)
    return wrapper


def _producer_or_404(request, producer_id):
    producer = selectors.producers_for_officer(request.user).select_related("area").filter(pk=producer_id).first()
    if producer is None:
        logger.warning("officer %s asked for producer %s outside their areas or unknown", request.user.pk, producer_id)
        raise Http404
    return producer


def _district_areas(user):
    scoped = Area.objects.all() if user.is_staff else areas_within(selectors.officer_areas(user))
    return list(scoped.exclude(level="commune").order_by("path"))


DECISION_REAUTH_SECONDS = 30 * 60


def _reconfirm(request, come_back_to: str):
    """Decisions need a password entered in the last 30 minutes; otherwise confirm it and come back."""
    if authenticated_within(request, DECISION_REAUTH_SECONDS):
        return None
    messages.info(request, _("For your protection, enter your password again before deciding."))
    return redirect(f"{reverse('confirm_password')}?{urlencode({'next': come_back_to})}")


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@officer_required
def queue(request):
    user = request.user
    areas = _district_areas(user)
    area = next((a for a in areas if str(a.pk) == request.GET.get("area")), None)
    status = request.GET.get("status", ProducerStatus.SUBMITTED)
    if status not in ProducerStatus.values and status != "all":
        status = ProducerStatus.SUBMITTED
    producers = selectors.review_queue(user, area=area, status=None if status == "all" else status)
    age = request.GET.get("age", "")
    if age.isdigit():
        producers = producers.filter(submitted_at__lte=timezone.now() - timedelta(days=int(age)))
    scoped = selectors.producers_for_officer(user)
    counts = []
    for district in areas:
        if district.level != "district" and not (district.level == "province" and district.scheme == "2025"):
            continue
        row = scoped.filter(area__path__startswith=district.path).aggregate(
            submitted=Count("pk", filter=Q(status=ProducerStatus.SUBMITTED)),
            approved=Count("pk", filter=Q(status=ProducerStatus.APPROVED)),
            rejected=Count("pk", filter=Q(status=ProducerStatus.REJECTED)),
            suspended=Count("pk", filter=Q(status=ProducerStatus.SUSPENDED)),
        )
        counts.append((district, row))
    return render(request, "officer/queue.html", {
        "producers": producers[:200], "areas": areas, "area": area, "status": status, "age": age,
        "statuses": ProducerStatus.choices, "counts": counts,
    })


@officer_required
def review(request, producer_id):
    producer = _producer_or_404(request, producer_id)
    return render(request, "officer/review.html", {
        "producer": producer,
        "documents": producer.documents.all(),
        "events": producer.events.select_related("actor").order_by("-created_at", "-id"),
        "certificates": producer.certificates.all(),
        "members": producer.members.select_related("user"),
        "translations": producer.translations.exclude(description="").order_by("language_code"),
    })


@officer_required
@require_POST
def decide(request, producer_id):
    producer = _producer_or_404(request, producer_id)
    if stale := _reconfirm(request, reverse("officer:review", args=[producer.pk])):
        return stale
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    decisions = {
        "approve": lambda: services.approve_producer(officer=request.user, producer_id=producer.pk),
        "reject": lambda: services.reject_producer(officer=request.user, producer_id=producer.pk, reason=reason),
        "suspend": lambda: services.suspend_producer(officer=request.user, producer_id=producer.pk, reason=reason),
        "reinstate": lambda: services.reinstate_producer(officer=request.user, producer_id=producer.pk, reason=reason),
    }
    if action not in decisions:
        messages.error(request, _("Choose a decision."))
        return redirect("officer:review", producer_id=producer.pk)
    try:
        decided = decisions[action]()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Decision recorded: %(status)s.") % {"status": decided.get_status_display()})
    return redirect("officer:review", producer_id=producer.pk)


@officer_required
def document_file(request, producer_id, document_id):
    producer = _producer_or_404(request, producer_id)
    document = producer.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return private_document_response(document)


@officer_required
def certificates(request):
    scoped = selectors.certificates_for_officer(request.user).select_related("producer", "producer__area")
    today = timezone.localdate()
    return render(request, "officer/certificates.html", {
        "to_verify": scoped.filter(status=CertificateStatus.VALID, verified_at__isnull=True).order_by("decision_date"),
        "expiring": scoped.filter(status=CertificateStatus.VALID, valid_until__gte=today,
                                  valid_until__lte=today + timedelta(days=60)).order_by("valid_until"),
        "recent": scoped.order_by("-decision_date")[:50],
    })


@officer_required
@require_POST
def certificate_decide(request, certificate_id):
    if stale := _reconfirm(request, reverse("officer:certificates")):
        return stale
    action = request.POST.get("action")
    try:
        if action == "verify":
            certificate = services.verify_certificate(officer=request.user, certificate_id=certificate_id)
        elif action == "revoke":
            certificate = services.revoke_certificate(officer=request.user, certificate_id=certificate_id,
                                                      reason=request.POST.get("reason", ""))
        else:
            raise Http404
    except ValidationError as exc:
        if any(getattr(e, "code", "") == "not_found" for errors in exc.error_dict.values() for e in errors):
            raise Http404 from None
        for message in exc.messages:
            messages.error(request, message)
        return _back(request, "officer:certificates")
    messages.success(request, _("Certificate %(number)s: %(status)s.") % {
        "number": certificate.decision_number,
        "status": _("verified") if action == "verify" else certificate.get_status_display()})
    return _back(request, "officer:certificates")
