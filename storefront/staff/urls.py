from django.urls import path

from . import payouts

app_name = "staff"

urlpatterns = [
    path("payouts/", payouts.producer_balances, name="payouts"),
    path("payouts/<int:producer_id>/", payouts.producer_payouts, name="producer_payouts"),
]
