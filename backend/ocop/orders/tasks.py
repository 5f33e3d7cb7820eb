from celery import shared_task


@shared_task
def send_order_placed(order_id: int) -> bool:
    """The order e-mails, sent by a worker after the shopper has their confirmation page."""
    from . import emails
    from .models import Order

    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return False
    emails.send_order_placed(order)
    return True
