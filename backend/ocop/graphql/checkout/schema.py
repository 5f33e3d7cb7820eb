"""The checkout's queries and mutations, in Saleor's names."""

import graphene

from . import mutations
from .access import checkout_for
from .types import Checkout


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(Checkout, id=graphene.ID(description="The checkout's ID (or its UUID)."),
                              token=graphene.UUID(deprecation_reason="Use `id` instead."),
                              description="A checkout by ID: null when it does not exist or is another user's.")

    @staticmethod
    def resolve_checkout(root, info, id=None, token=None):
        return checkout_for(info, id or token)


class CheckoutMutations(graphene.ObjectType):
    checkout_create = mutations.CheckoutCreate.Field()
    checkout_lines_add = mutations.CheckoutLinesAdd.Field()
    checkout_lines_update = mutations.CheckoutLinesUpdate.Field()
    checkout_lines_delete = mutations.CheckoutLinesDelete.Field()
    checkout_line_delete = mutations.CheckoutLineDelete.Field(deprecation_reason="Use `checkoutLinesDelete` instead.")
    checkout_email_update = mutations.CheckoutEmailUpdate.Field()
    checkout_customer_attach = mutations.CheckoutCustomerAttach.Field()
    checkout_customer_detach = mutations.CheckoutCustomerDetach.Field()
    checkout_shipping_address_update = mutations.CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = mutations.CheckoutBillingAddressUpdate.Field()
    delivery_options_calculate = mutations.DeliveryOptionsCalculate.Field()
    checkout_delivery_method_update = mutations.CheckoutDeliveryMethodUpdate.Field()
    checkout_add_promo_code = mutations.CheckoutAddPromoCode.Field()
    checkout_remove_promo_code = mutations.CheckoutRemovePromoCode.Field()
    update_metadata = mutations.UpdateMetadata.Field()
    checkout_complete = mutations.CheckoutComplete.Field()
