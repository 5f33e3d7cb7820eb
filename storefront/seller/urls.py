from django.urls import include, path

from . import onboarding

app_name = "seller"

urlpatterns = [
    path("", onboarding.dashboard, name="dashboard"),
    path("start/", onboarding.start, name="start"),
    path("signup/", onboarding.signup, name="signup"),
    path("register/<str:step>/", onboarding.register_step, name="register"),
    path("documents/", onboarding.documents, name="documents"),
    path("documents/<int:document_id>/", onboarding.document_file, name="document_file"),
    path("submit/", onboarding.submit, name="submit"),
    path("products/", include("storefront.seller.product_urls")),
]
