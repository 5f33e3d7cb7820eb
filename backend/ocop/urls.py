from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from ocop.core.health import healthz, readyz
from ocop.core.metrics import metrics_view
from ocop.core.security import confirm_password, serve_public_media
from ocop.graphql.views import OcopGraphQLView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("accounts/confirm-password/", confirm_password, name="confirm_password"),
    path("admin/", admin.site.urls),
    path("graphql/", OcopGraphQLView.as_view(), name="graphql"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("payments/", include("ocop.payments.urls")),
    path("checkout/", include("storefront.checkout.urls")),
    path("accounts/orders/", include("storefront.checkout.order_urls")),
    path("accounts/addresses/", include("storefront.account_address_urls")),
    path("seller/", include("storefront.seller.urls")),
    path("staff/", include("storefront.staff.urls")),
    path("officer/", include("storefront.officer.urls")),
    path("", include("storefront.urls")),
]

if settings.SERVE_MEDIA:
    # Public media (product photos, thumbnails) only; private documents live under media/private/
    # and are served by permission-checked views.
    urlpatterns += [
        re_path(r"^media/(?P<path>(?!private/).*)$", serve_public_media),
    ]

handler400 = "ocop.core.error_pages.bad_request"
handler403 = "ocop.core.error_pages.permission_denied"
handler404 = "ocop.core.error_pages.page_not_found"
handler500 = "ocop.core.error_pages.server_error"
