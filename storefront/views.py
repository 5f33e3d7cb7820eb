from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import render

from ocop.catalog import selectors


def home(request):
    products = selectors.with_listing_data(selectors.public_products()).order_by("-created_at")[:24]
    return render(request, "storefront/home.html", {"products": products})


def product_detail(request, slug):
    product = selectors.product_detail(slug)
    if product is None:
        raise Http404
    return render(request, "storefront/product.html", {"product": product})


class LoginView(auth_views.LoginView):
    template_name = "storefront/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass
