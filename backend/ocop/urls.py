from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from ocop.core.health import healthz
from ocop.graphql.views import OcopGraphQLView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("graphql/", OcopGraphQLView.as_view(), name="graphql"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("seller/", include("storefront.seller.urls")),
    path("officer/", include("storefront.officer.urls")),
    path("", include("storefront.urls")),
]

if settings.SERVE_MEDIA:
    # Public media (product photos, thumbnails) only; private documents live under media/private/
    # and are served by permission-checked views.
    urlpatterns += [
        re_path(r"^media/(?P<path>(?!private/).*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
