from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator

from django.shortcuts import get_object_or_404

from ocop.catalog import selectors
from ocop.catalog.models import Category, Collection
from ocop.producers.selectors import public_producers
from ocop.search.listing import ListingParams, product_listing
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


def _listing_page(request, template, context, **fixed):
    params = ListingParams.from_query(request.GET, **fixed)
    listing = product_listing(params)
    context.update({"listing": listing, "params": params})
    return render(request, template, context)


def search(request):
    return _listing_page(request, "storefront/search.html", {"query": request.GET.get("q", "")[:200]})


def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    return _listing_page(request, "storefront/category.html", {"category": category}, category=slug)


def collection(request, slug):
    collection = get_object_or_404(Collection, slug=slug, is_published=True)
    return _listing_page(request, "storefront/collection.html", {"collection": collection}, collection=slug)


def producer(request, slug):
    producer = get_object_or_404(public_producers().select_related("area"), slug=slug)
    certificates = [c for c in producer.certificates.all() if c.shows_stars]
    return _listing_page(request, "storefront/producer.html", {"producer": producer, "certificates": certificates},
                         producer=slug)
