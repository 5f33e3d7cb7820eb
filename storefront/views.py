from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator

from ocop.catalog import selectors
from ocop.core import ratelimit


def home(request):
    products = selectors.with_listing_data(selectors.public_products()).order_by("-created_at")[:24]
    return render(request, "storefront/home.html", {"products": products})


def product_detail(request, slug):
    product = selectors.product_detail(slug)
    if product is None:
        raise Http404
    return render(request, "storefront/product.html", {"product": product})


@method_decorator(ratelimit.rate_limit(ratelimit.LOGIN, account_field="username"), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "storefront/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass
