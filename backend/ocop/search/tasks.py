from celery import shared_task


@shared_task
def update_search_index() -> int:
    from .indexing import update_dirty_products

    return update_dirty_products()
