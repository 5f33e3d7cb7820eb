from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ocop.catalog.models import Category, Collection
from ocop.catalog.selectors import public_products
from ocop.producers.selectors import public_producers


class PageSitemap(Sitemap):
    """The home page and the shop's own pages (about, terms, privacy)."""

    def items(self):
        return ["storefront:home", "storefront:about", "storefront:terms", "storefront:privacy"]

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "storefront:home" else 0.3


class ProductSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return public_products().only("slug", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("storefront:product", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    def items(self):
        return Category.objects.only("slug").order_by("pk")

    def location(self, item):
        return reverse("storefront:category", args=[item.slug])


class CollectionSitemap(Sitemap):
    def items(self):
        return Collection.objects.filter(is_published=True).only("slug").order_by("pk")

    def location(self, item):
        return reverse("storefront:collection", args=[item.slug])


class ProducerSitemap(Sitemap):
    def items(self):
        return public_producers().only("slug").order_by("pk")

    def location(self, item):
        return reverse("storefront:producer", args=[item.slug])


SITEMAPS = {"pages": PageSitemap, "products": ProductSitemap, "categories": CategorySitemap, "collections": CollectionSitemap,
            "producers": ProducerSitemap}
