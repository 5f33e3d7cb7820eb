from django.urls import include, path

from . import onboarding, orders, shipping

app_name = "seller"

urlpatterns = [
    path("", onboarding.dashboard, name="dashboard"),
    path("start/", onboarding.start, name="start"),
    path("signup/", onboarding.signup, name="signup"),
    path("register/<str:step>/", onboarding.register_step, name="register"),
    path("profile/", onboarding.profile, name="profile"),
    path("documents/", onboarding.documents, name="documents"),
    path("documents/<int:document_id>/", onboarding.document_file, name="document_file"),
    path("submit/", onboarding.submit, name="submit"),
    path("products/", include("storefront.seller.product_urls")),
    path("orders/", orders.fulfillment_list, name="orders"),
    path("orders/<int:fulfillment_id>/", orders.fulfillment_detail, name="order_detail"),
    path("orders/<int:fulfillment_id>/<slug:action>/", orders.fulfillment_action, name="order_action"),
    path("balance/", orders.balance, name="balance"),
    path("shipping/", shipping.shipping_rates, name="shipping"),
    path("shipping/<int:rate_id>/delete/", shipping.shipping_rate_delete, name="shipping_delete"),
]
