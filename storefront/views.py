import hashlib

from django.conf import settings
from django.core.cache import caches
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext as _
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from django.shortcuts import get_object_or_404

from ocop.catalog import images, selectors
from ocop.core import ratelimit
from ocop.catalog.models import Category, Collection
from ocop.accounts.services import address_provinces
from ocop.core.text import province_key
from ocop.producers import selectors as producer_selectors
from ocop.producers.selectors import producers_near, public_producers
from ocop.search.listing import ListingParams, catalogue_version, product_listing, remembered

from . import seo
from .templatetags.shop import localized


def home(request):
    """The home page's sections change only with the catalogue: rendered once per language,
    chosen province and catalogue version, kept settings.HOME_PAGE_CACHE_SECONDS (stock badges
    may lag that long)."""
    provinces = remembered("home:provinces", 300, lambda: list(address_provinces()))  # changed by law, not daily
    near = _near_province(request, provinces)
    content = remembered(
        f"home:{catalogue_version()}:{get_language()}:{near.pk if near else ''}",
        settings.HOME_PAGE_CACHE_SECONDS,
        lambda: render_to_string("storefront/_home_content.html", _home_context(near, provinces), request))
    return render(request, "storefront/home.html", {"content": mark_safe(content)})  # nosec B308 B703


def _near_province(request, provinces):
    """The province whose producers the home page shows first: the one asked for (?near=), else
    the signed-in shopper's default delivery province."""
    by_id = {str(p.pk): p for p in provinces}
    if request.GET.get("near") in by_id:
        return by_id[request.GET["near"]]
    user = request.user
    if user.is_authenticated and user.default_shipping_address_id:
        wanted = province_key(user.default_shipping_address.province)
        return next((p for p in provinces if province_key(p.name) == wanted), None)
    return None


def _home_context(near, provinces) -> dict:
    public = selectors.public_products()
    highlights, newest = selectors.card_lists([
        (public.filter(selectors.valid_certificate_q(), ocop_certificate__stars__gte=4).order_by("-created_at", "pk"), 0, 8),
        (public.order_by("-created_at", "pk"), 0, 12),
    ], get_language() or "vi")
    nearby = list(producers_near(near).select_related("area").order_by("name")[:8]) if near else []
    return {
        "products": newest,
        "highlights": highlights,
        "collections": Collection.objects.filter(is_published=True, is_featured=True).prefetch_related("translations")
        .order_by("sort_order")[:4],
        "categories": Category.objects.filter(parent__isnull=True).prefetch_related("translations")
        .order_by("sort_order", "name"),
        "near": near, "provinces": provinces, "nearby": nearby,
        "producers": nearby or public_producers().select_related("area").order_by("area__path", "name")[:8],
    }


def static_page(request, page):
    return render(request, f"storefront/pages/{page}.html")


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /seller/", "Disallow: /officer/", "Disallow: /admin/", "Disallow: /cart/",
             "Disallow: /accounts/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page declares: the shop's icon, for a year."""
    from django.templatetags.static import static

    response = HttpResponsePermanentRedirect(static("storefront/icon.svg"))
    response["Cache-Control"] = "public, max-age=31536000"
    return response


# The product page's own parts (everything but the header, which shows the visitor's account and
# cart) are kept settings.PRODUCT_PAGE_CACHE_SECONDS in the process's memory under the catalogue
# version: an edit, a publish or a producer's suspension is seen at once (the version moves), a stock count may lag by
# that many seconds (adding to the cart checks the live stock). The form's CSRF token is put in
# per request.
#
# Choosing a variant is a link (?variant=<pk>) that renders the page with that variant's price,
# stock state and quantity limit: it works without JavaScript. The parts depend only on the product,
# the language, the host and the variant shown, so that is the cache key (other query strings, e.g.
# ?utm_source=, share the plain page's entry). A page for a variant the product does not have shows
# the default variant and is never kept: made-up ids (?variant=1, 2, 3…) cannot fill the cache.
CSRF_PLACEHOLDER = "\x00csrf\x00"


def product_detail(request, slug):
    asked = str(request.GET.get("variant", ""))
    asked = asked if asked.isascii() and asked.isdigit() and len(asked) <= 19 else ""
    key = "product-page:{}:{}:{}:{}:{}".format(catalogue_version(), get_language(), request.get_host(),
                                               hashlib.sha256(slug.encode()).hexdigest()[:32], asked)
    store = caches["listings"]
    parts = store.get(key)
    if parts is None:
        parts = _product_parts(request, slug, asked)
        # a variant id that is not this product's would show the default page under its own key
        if settings.PRODUCT_PAGE_CACHE_SECONDS > 0 and (not asked or parts["variant_found"]):
            store.set(key, parts, settings.PRODUCT_PAGE_CACHE_SECONDS)
    token = get_token(request)
    page = {**parts, "head": mark_safe(parts["head"]),  # nosec B308 B703 - our own rendered template
            "content": mark_safe(parts["content"].replace(CSRF_PLACEHOLDER, token))}  # nosec B308 B703
    return render(request, "storefront/product.html", {"parts": page, "canonical": parts["canonical"]})


def quantity_max(variant) -> int:
    """The most the quantity box allows for `variant`, by the cart's own rules
    (checkout.services._check_quantity): the per-customer limit, MAX_LINE_QUANTITY and the stock
    left when the variant counts stock (0: sold out)."""
    from ocop.checkout.services import MAX_LINE_QUANTITY

    most = min(variant.quantity_limit_per_customer or MAX_LINE_QUANTITY, MAX_LINE_QUANTITY)
    left = seo.units_left(variant)
    return most if left is None else min(most, left)


def _product_parts(request, slug, asked: str = "") -> dict:
    product = selectors.product_detail(slug)
    if product is None:
        raise Http404
    variants = list(product.variants.all())
    selectors.name_variants(variants, get_language())
    media = list(product.media.all())
    product_url = request.build_absolute_uri(reverse("storefront:product", args=[product.slug]))
    origin_url = request.build_absolute_uri(reverse("storefront:origin", args=[product.slug]))
    image = images.thumbnail_url(media[0], 640) if media else None
    # The variant asked for in the URL (?variant=, a variant link or a cart line), else the first
    # one that can be bought, else the first: its price is the big one, the form buys it and the
    # quantity box allows what the cart allows for it.
    found = next((v for v in variants if asked and str(v.pk) == asked), None)
    selected = found or next((v for v in variants if quantity_max(v) > 0), variants[0] if variants else None)
    name, description = localized(product, "name"), localized(product, "description")
    context = {
        "product": product, "variants": variants, "media": media, "selected": selected,
        "quantity_max": quantity_max(selected) if selected else 0,
        "json_ld": seo.product_json_ld(request, product, variants, image, name, description), "og_image": image,
        "qr_svg": seo.origin_qr_svg(origin_url), "origin_url": origin_url, "csrf_token": CSRF_PLACEHOLDER,
    }
    return {
        "title": name, "og_title": name,
        "description": Truncator(description).chars(155),
        "canonical": product_url, "variant_found": found is not None,
        "head": render_to_string("storefront/_product_head.html", context, request),
        "content": render_to_string("storefront/_product_content.html", context, request),
    }


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
    """Back to the shop's home page with a word that it worked (Django's default is its admin's page)."""

    next_page = "storefront:home"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have logged out."))
        return response


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
    subcategories = list(category.children.order_by("name")) if category.parent_id is None else []
    return _listing_page(request, "storefront/category.html", {"category": category, "subcategories": subcategories},
                         category=slug)


def collection(request, slug):
    collection = get_object_or_404(Collection, slug=slug, is_published=True)
    return _listing_page(request, "storefront/collection.html", {"collection": collection}, collection=slug)


def producer(request, slug):
    producer = get_object_or_404(public_producers().select_related("area"), slug=slug)
    certificates = [c for c in producer.certificates.all() if c.shows_stars]
    # The certificate names the product in Vietnamese, as issued; an English page shows the name the
    # producer gave the product in English first (the products that carry that certificate).
    english = dict(selectors.certified_product_names([c.pk for c in certificates], get_language()))
    for certificate in certificates:
        certificate.shown_name = english.get(certificate.pk, "")
    # Where it is, commune first, each place a link to everything made there.
    places = list(reversed(producer.area.ancestors())) if producer.area_id else []
    story = producer_selectors.story(producer, get_language())
    return _listing_page(request, "storefront/producer.html", {"producer": producer, "certificates": certificates,
                                                               "places": places, "story": story}, producer=slug)
