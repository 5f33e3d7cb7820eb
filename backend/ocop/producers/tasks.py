from celery import shared_task


@shared_task
def expire_certificates_daily() -> dict:
    from .services import expire_certificates

    return expire_certificates()
