"""Structured data and the traceability QR code for product pages."""

import json
from functools import lru_cache

import segno
from django.urls import reverse
from django.utils.html import escape


def _available(variant) -> bool:
    """As the page's stock state says: a variant that does not count stock can always be bought."""
    return not variant.track_inventory or (variant.stock_quantity or 0) > (variant.stock_allocated or 0)


def product_json_ld(request, product, variants, image_url: str | None, name: str | None = None,
                    description: str | None = None) -> str:
    """JSON-LD Product with an Offer per variant; `name`/`description` in the page's language."""
    offers = [{
        "@type": "Offer", "sku": v.sku, "name": v.name, "price": str(v.price_amount), "priceCurrency": "VND",
        "availability": "https://schema.org/InStock" if _available(v) else "https://schema.org/OutOfStock",
        "url": request.build_absolute_uri(reverse("storefront:product", args=[product.slug])),
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
