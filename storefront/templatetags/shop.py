from django import template

from ocop.catalog import images
from ocop.catalog.selectors import product_stars
from ocop.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    if amount is None:
        return ""
    return format_vnd(amount)


@register.filter
def stars(product):
    return product_stars(product)


@register.simple_tag
def product_image(product, size=320):
    media = list(product.media.all())
    if not media:
        return None
    first = media[0]
    return {"src": images.thumbnail_url(first, size), "srcset": images.srcset(first),
            "alt": first.alt or product.name, "width": first.width, "height": first.height}


@register.filter
def phone(e164):
    """'+84912345678' as people write it: '0912 345 678'."""
    from ocop.core.validators import display_phone

    return display_phone(e164 or "")


@register.filter
def star_string(count):
    return "★" * int(count or 0)


@register.filter
def event_action(action):
    from django.utils.translation import gettext as _

    labels = {
        "registered": _("Registered"), "submitted": _("Submitted for review"), "approved": _("Approved"),
        "rejected": _("Rejected"), "suspended": _("Suspended"), "reinstated": _("Reinstated"),
        "document_uploaded": _("Document uploaded"), "certificate_verified": _("Certificate verified"),
        "certificate_revoked": _("Certificate revoked"), "seeded": _("Sample data loaded"),
    }
    return labels.get(action, action)


@register.filter
def status_label(status):
    from ocop.producers.models import ProducerStatus

    try:
        return ProducerStatus(status).label
    except ValueError:
        return status or "–"


@register.simple_tag
def listing_url(params, **changes):
    """The current listing's URL with some parameters changed (filters stay in the URL)."""
    from urllib.parse import urlencode

    query = params.as_query(**changes)
    return "?" + urlencode(query) if query else "?"


@register.filter
def group_label(value):
    from ocop.producers.models import ProductGroup

    try:
        return ProductGroup(value).label
    except ValueError:
        return value


@register.simple_tag
def product_media_image(media, size=640, name="", position=1, count=1):
    """A product photo; its alt text is the producer's (Vietnamese), or on a page in another language
    `name`, the product's name in it (with the photo's place among `count` after the first, so that
    the photos of one product are told apart)."""
    from django.utils.translation import get_language, gettext as _

    alt = media.alt
    if (get_language() or "vi")[:2] != "vi" and name:
        alt = name if position <= 1 else _("%(name)s, photo %(n)s of %(total)s") % {
            "name": name, "n": position, "total": count}
    return {"src": images.thumbnail_url(media, size), "srcset": images.srcset(media), "alt": alt}


@register.simple_tag
def stock_state(variant):
    from django.utils.translation import gettext as _

    if not variant.track_inventory:
        return {"css": "ok", "label": _("Available")}
    left = (getattr(variant, "stock_quantity", 0) or 0) - (getattr(variant, "stock_allocated", 0) or 0)
    if left <= 0:
        return {"css": "out", "label": _("Out of stock")}
    if left <= 5:
        return {"css": "low", "label": _("Only %(n)s left") % {"n": left}}
    return {"css": "ok", "label": _("In stock")}


@register.filter
def localized(obj, field):
    """The object's `field` in the current language, from its prefetched translations when not Vietnamese."""
    from django.utils.translation import get_language

    lang = (get_language() or "vi")[:2]
    value = getattr(obj, field, "")
    if lang == "vi" or not hasattr(obj, "translations"):
        return value
    for translation in obj.translations.all():
        if translation.language_code == lang and getattr(translation, field, ""):
            return getattr(translation, field)
    return value


# A listing page draws 24 cards and up to a hundred filter options. In a template each variable
# costs some microseconds (lookup, localisation, escaping) and those loops were most of a cached
# listing page's time, so these two are written out here. Every value is escaped.

@register.simple_tag
def product_cards(cards):
    """The grid of product cards (catalog.selectors.ProductCard) as HTML."""
    from html import escape

    from django.urls import reverse
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext as _

    link = reverse("storefront:product", args=["slug-placeholder"])
    parts = ['<ul class="grid">']
    for card in cards:
        if card.image:
            picture = (f'<img src="{escape(card.image.src)}" srcset="{escape(card.image.srcset)}"'
                       f' sizes="(min-width: 960px) 240px, 45vw" alt="{escape(card.image.alt)}" loading="lazy"'
                       ' width="320" height="320">')
        else:
            picture = '<span class="noimg" aria-hidden="true"></span>'
        stars = ""
        if card.stars:
            label = _("OCOP %(s)s stars") % {"s": card.stars}
            stars = f'<span class="stars" aria-label="{escape(label)}">{"★" * card.stars} <small>OCOP</small></span>'
        if card.min_price == card.max_price:
            price = vnd(card.min_price)
        else:
            price = _("from %(low)s") % {"low": vnd(card.min_price)}
        sold_out = "" if card.has_stock else f'<span class="card-soldout">{escape(_("Out of stock"))}</span>'
        parts.append(
            f'<li class="card"><a href="{escape(link.replace("slug-placeholder", card.slug))}" class="card-link">'
            f'{picture}<span class="card-body">{stars}<span class="card-name">{escape(card.name)}</span>'
            f'<span class="card-producer">{escape(card.producer_name)}</span>'
            f'<span class="price">{escape(price)}</span>{sold_out}</span></a></li>')
    parts.append("</ul>")
    return mark_safe("".join(parts))  # nosec B308 B703: every value above is escaped


@register.simple_tag
def facet_options(kind, rows, selected):
    """The <option>s of one listing filter (search.listing facets: areas, categories, groups,
    producers), each with its count; `selected` is the value in the URL."""
    from html import escape

    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language, gettext as _

    from ocop.areas.names import place_name

    language = get_language()
    options = []
    names = _category_names() if kind == "categories" else {}
    for row in rows:
        if kind == "areas":
            area = row["area"]  # indented by depth: a district under its province, a commune under either
            value, label = area.pk, "— " * area.path.strip("/").count("/") + place_name(area.name, language)
            if not getattr(area, "is_current", True):  # abolished in a reform: old records still name it
                former = _("(former)")
                label = f"{label} {former}"
        elif kind == "categories":
            value = row["category__slug"]
            label = names.get(value) or row["category__name"]
        elif kind == "groups":
            value = row["ocop_certificate__product_group"]
            label = group_label(value)
        elif kind == "producers":
            value, label = row["producer__slug"], row["producer__name"]
        else:
            raise ValueError(f"unknown facet {kind!r}")
        if value in (None, ""):
            continue
        chosen = " selected" if selected not in (None, "") and str(selected) == str(value) else ""
        options.append(f'<option value="{escape(str(value))}"{chosen}>{escape(str(label))} ({int(row["n"])})</option>')
    return mark_safe("".join(options))  # nosec B308 B703: every value above is escaped


def _category_names() -> dict:
    """Category names by slug in the page's language (the listing counts carry the Vietnamese
    names), kept a minute per process and language."""
    from django.utils.translation import get_language

    from ocop.catalog.models import CategoryTranslation
    from ocop.search.listing import remembered

    language = (get_language() or "vi")[:2]
    if language == "vi":
        return {}
    return remembered(f"listing:category-names:{language}", 60, lambda: dict(
        CategoryTranslation.objects.filter(language_code=language).exclude(name="")
        .values_list("category__slug", "name")))


@register.simple_tag(takes_context=True)
def page_canonical(context) -> str:
    """The page's canonical URL: the view's own (product pages) or its path with at most the page
    number; filters and sorts are not separate pages for search engines (see page_noindex)."""
    if context.get("canonical"):
        return context["canonical"]
    request = context.get("request")
    if request is None:
        return ""
    page = str(request.GET.get("page", ""))
    suffix = f"?page={int(page)}" if page.isdigit() and 1 < int(page) <= 10_000 else ""
    return request.build_absolute_uri(request.path) + suffix


@register.simple_tag(takes_context=True)
def page_noindex(context) -> bool:
    """Search results and filtered or sorted listings are followed but not indexed."""
    from django.urls import reverse

    request = context.get("request")
    if request is None:
        return False
    return request.path == reverse("storefront:search") or any(key != "page" for key in request.GET)


@register.filter
def place(name):
    """An area's name as the page's language writes it ("Vĩnh Phúc Province" on English pages)."""
    from django.utils.translation import get_language

    from ocop.areas.names import place_name

    return place_name(name, get_language())


@register.filter
def authority(text):
    """An issuing authority as the page's language writes it."""
    from django.utils.translation import get_language

    from ocop.areas.names import authority_name

    return authority_name(text, get_language())


@register.filter
def place_names(areas):
    """Areas' names, comma-separated, as the page's language writes them."""
    from django.utils.translation import get_language

    from ocop.areas.names import place_name

    language = get_language()
    return ", ".join(place_name(a.name, language) for a in areas or ())


@register.filter
def area_path(area):
    """The area and every area above it, smallest first ("Xã Tây Thiên, Huyện Tam Đảo, Tỉnh Vĩnh Phúc")."""
    return place_names(list(reversed(area.ancestors()))) if area else ""


@register.simple_tag(takes_context=True)
def cart_count(context) -> int:
    """How many items the visitor's cart holds (the header shows it): read with a signed-in user,
    one query for a visitor with a cart, none without."""
    from django.core.exceptions import ValidationError
    from django.db.models import Sum

    from ocop.checkout.models import CheckoutLine
    from storefront.cart import SESSION_KEY

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and hasattr(user, "cart_items"):  # read with the user (accounts.backends)
        return user.cart_items or 0
    token = request.session.get(SESSION_KEY) if request is not None and hasattr(request, "session") else None
    if not token:
        return 0
    try:
        return CheckoutLine.objects.filter(checkout__token=token).aggregate(n=Sum("quantity"))["n"] or 0
    except ValidationError:  # not a token we wrote
        return 0


@register.simple_tag(takes_context=True)
def absolute_url(context, location) -> str:
    """`location` (a path, or already a full URL, as a storage may give) as a full URL."""
    request = context.get("request")
    return request.build_absolute_uri(location) if request is not None and location else (location or "")

