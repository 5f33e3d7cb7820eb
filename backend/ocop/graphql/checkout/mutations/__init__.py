"""Saleor's checkout mutations: thin faces over ocop.checkout.services (and addresses), open to
whoever holds the checkout's UUID (a checkout attached to a user: that user only); attaching and
detaching a customer needs a signed-in user."""

from .complete import CheckoutComplete
from .create import CheckoutCreate
from .delivery import CheckoutDeliveryMethodUpdate, DeliveryOptionsCalculate
from .details import (CheckoutBillingAddressUpdate, CheckoutCustomerAttach, CheckoutCustomerDetach,
                      CheckoutEmailUpdate, CheckoutShippingAddressUpdate)
from .lines import CheckoutLineDelete, CheckoutLinesAdd, CheckoutLinesDelete, CheckoutLinesUpdate
from .metadata import UpdateMetadata
from .promo_codes import CheckoutAddPromoCode, CheckoutRemovePromoCode

__all__ = ["CheckoutAddPromoCode", "CheckoutBillingAddressUpdate", "CheckoutComplete", "CheckoutCreate",
           "CheckoutCustomerAttach", "CheckoutCustomerDetach", "CheckoutDeliveryMethodUpdate", "CheckoutEmailUpdate",
           "CheckoutLineDelete", "CheckoutLinesAdd", "CheckoutLinesDelete", "CheckoutLinesUpdate",
           "CheckoutRemovePromoCode", "CheckoutShippingAddressUpdate", "DeliveryOptionsCalculate", "UpdateMetadata"]
