"""The shopper's orders: /accounts/orders/ and one order with each parcel's status. Another
person's order is 'not found'."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from ocop.orders import selectors

from .views import PLACED_ORDERS_KEY


def _visible_order(request, token):
    order = selectors.order_by_token(token)
    if order is None:
        raise Http404
    mine = request.user.is_authenticated and order.user_id == request.user.pk
    placed_here = str(order.token) in request.session.get(PLACED_ORDERS_KEY, [])
    if not (mine or (order.user_id is None and placed_here)):
        raise Http404
    return order


def complete(request, token):
    return render(request, "storefront/checkout/complete.html",
                  {"order": _visible_order(request, token), "parcels": None})


@login_required
def order_list(request):
    return render(request, "storefront/checkout/order_list.html", {"orders": selectors.orders_for_user(request.user)})


def order_detail(request, token):
    order = _visible_order(request, token)
    return render(request, "storefront/checkout/order_detail.html", {"order": order})
