from django.urls import include, path

from django.contrib.sitemaps.views import sitemap

from . import accounts, cart, views
from .sitemaps import SITEMAPS

app_name = "storefront"

urlpatterns = [
    path("", views.home, name="home"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
    path("origin/<slug:slug>/", views.origin, name="origin"),
    path("search/", views.search, name="search"),
    path("cart/", cart.cart, name="cart"),
    path("cart/add/", cart.add, name="cart_add"),
    path("cart/update/", cart.update, name="cart_update"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path("collections/<slug:slug>/", views.collection, name="collection"),
    path("producers/<slug:slug>/", views.producer, name="producer"),
    path("about/", views.static_page, {"page": "about"}, name="about"),
    path("terms/", views.static_page, {"page": "terms"}, name="terms"),
    path("privacy/", views.static_page, {"page": "privacy"}, name="privacy"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
]
