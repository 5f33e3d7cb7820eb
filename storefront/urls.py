from django.urls import include, path

from . import cart, views

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
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
]
