from celery import shared_task


@shared_task
def update_search_index() -> int:
    from .indexing import update_dirty_products

    return update_dirty_products()


@shared_task
def order_listing_table_daily() -> None:
    from .indexing import order_listing_table_daily as run

    run()
