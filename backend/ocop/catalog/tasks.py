from celery import shared_task


@shared_task
def generate_thumbnails(media_id: int) -> int:
    from .images import make_thumbnails
    from .models import ProductMedia

    media = ProductMedia.objects.filter(pk=media_id).first()
    if media is None:
        return 0
    return len(make_thumbnails(media))
