"""Structured data and the traceability QR code for product pages."""

import json
from functools import lru_cache

import segno
from django.urls import reverse
from django.utils.html import escape


def units_left(variant) -> int | None:
    """Units that can still be bought as the page shows them (stock counts may lag the page cache);
    None when the variant does not count stock: made to order, it can always be bought."""
    if not variant.track_inventory:
        return None
    return max((variant.stock_quantity or 0) - (variant.stock_allocated or 0), 0)


def _availability(variant) -> str:
    """As the page's stock state says (shop.stock_state)."""
    left = units_left(variant)
    return "https://schema.org/InStock" if left is None or left > 0 else "https://schema.org/OutOfStock"


def product_json_ld(request, product, variants, image_url: str | None, name: str | None = None,
                    description: str | None = None) -> str:
    """JSON-LD Product with an Offer per variant (each at its own ?variant= page, price in whole
    đồng); `name`/`description` in the page's language."""
    url = request.build_absolute_uri(reverse("storefront:product", args=[product.slug]))
    offers = [{
        "@type": "Offer", "sku": v.sku, "name": getattr(v, "display_name", v.name) or name or product.name,
        "price": str(v.price_amount),
        "priceCurrency": "VND", "availability": _availability(v), "url": f"{url}?variant={v.pk}",
    } for v in variants]
    data = {"@context": "https://schema.org", "@type": "Product", "name": name or product.name,
            "description": (description if description is not None else product.description)[:500], "sku": variants[0].sku if variants else None,
            "brand": {"@type": "Organization", "name": product.producer.name}, "offers": offers}
    if image_url:
        data["image"] = request.build_absolute_uri(image_url)
    # "</" must not appear inside a script element.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


@lru_cache(maxsize=4096)
def origin_qr_svg(url: str) -> str:
    """An inline SVG QR code (server-side, no script) that opens the product's origin page."""
    qr = segno.make(url, error="m", mask=0)  # a fixed mask skips scoring all eight (10 ms a code)
    return qr.svg_inline(scale=4, border=2, dark="#1f2a24", omitsize=False, title=escape(url))
