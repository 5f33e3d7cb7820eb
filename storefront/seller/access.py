"""Who may use the seller portal: members of a producer, acting for one producer at a time."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect

from ocop.producers.models import ProducerStatus
from ocop.producers.selectors import producers_for_member


def current_producer(request):
    """The producer the signed-in member acts for (the one chosen in the session, else their first)."""
    producers = producers_for_member(request.user).select_related("area").order_by("id")
    chosen = request.session.get("seller_producer_id")
    producer = producers.filter(pk=chosen).first() if chosen else None
    return producer or producers.first()


def member_required(view):
    """Any member of a producer (any status). Others go to the registration start."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        producer = current_producer(request)
        if producer is None:
            return redirect("seller:start")
        request.producer = producer
        return view(request, *args, **kwargs)
    return wrapper


def approved_member_required(view):
    """Members of an approved producer only (the catalogue portal). Others get 'not found'."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        producer = current_producer(request)
        if producer is None or producer.status != ProducerStatus.APPROVED:
            raise Http404
        request.producer = producer
        return view(request, *args, **kwargs)
    return wrapper
