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
def star_string(count):
    return "★" * int(count or 0)
