from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from django.shortcuts import get_object_or_404

from ocop.catalog import images, selectors
from ocop.core import ratelimit
from ocop.catalog.models import Category, Collection
from ocop.producers.selectors import public_producers
from ocop.search.listing import ListingParams, product_listing

from . import seo
from ocop.core import ratelimit


def home(request):
    public = selectors.public_products()
    highlights, newest = selectors.listing_rows_many([
        (public.filter(selectors.valid_certificate_q(), ocop_certificate__stars__gte=4).order_by("-created_at", "pk"), 0, 8),
        (public.order_by("-created_at", "pk"), 0, 12),
    ])
    return render(request, "storefront/home.html", {
        "products": newest,
        "highlights": highlights,
        "collections": Collection.objects.filter(is_published=True, is_featured=True).prefetch_related("translations")
        .order_by("sort_order")[:4],
        "categories": Category.objects.filter(parent__isnull=True).prefetch_related("translations")
        .order_by("sort_order", "name"),
        "producers": public_producers().select_related("area").order_by("area__path", "name")[:8],
    })


def static_page(request, page):
    return render(request, f"storefront/pages/{page}.html")


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /seller/", "Disallow: /officer/", "Disallow: /admin/", "Disallow: /cart/",
             "Disallow: /accounts/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def product_detail(request, slug):
    product = selectors.product_detail(slug)
    if product is None:
        raise Http404
    variants = list(product.variants.all())
    media = list(product.media.all())
    origin_url = request.build_absolute_uri(reverse("storefront:origin", args=[product.slug]))
    image = images.thumbnail_url(media[0], 640) if media else None
    selected = next((v for v in variants if str(v.pk) == request.GET.get("variant")), variants[0] if variants else None)
    return render(request, "storefront/product.html", {
        "product": product, "variants": variants, "media": media, "selected": selected,
        "json_ld": seo.product_json_ld(request, product, variants, image), "og_image": image,
        "qr_svg": seo.origin_qr_svg(origin_url), "origin_url": origin_url,
        "canonical": request.build_absolute_uri(reverse("storefront:product", args=[product.slug])),
    })


def origin(request, slug):
    """The public traceability page a product's QR code opens: origin, producer, certificate."""
    product = selectors.product_detail(slug)
    if product is None:
        raise Http404
    return render(request, "storefront/origin.html", {"product": product, "areas": product.origin_area.ancestors()
                                                      if product.origin_area else []})


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


@ratelimit.rate_limit(ratelimit.SEARCH, methods=("GET",))
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
