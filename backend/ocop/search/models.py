"""What a listing reads of a product, in a table of its own.

A search or category page counts every matching product per facet and orders them, so on a
large catalogue its cost is rows read. `catalog_product` is wide (description, the whole folded
document); this table holds only what a listing filters, counts and sorts on, and is written by
the same batch that indexes a product (`search.indexing`), so it is as current as the search
index itself. The producer's status and the certificate's stars stay where they are and are
joined live (a few hundred rows): a suspension, a revocation or an expiry never waits for it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class ListedProduct(models.Model):
    product = models.OneToOneField("catalog.Product", primary_key=True, on_delete=models.CASCADE, related_name="+")
    is_published = models.BooleanField()
    producer_id = models.BigIntegerField()
    category_id = models.BigIntegerField(null=True)
    origin_area_id = models.BigIntegerField(null=True)
    certificate_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField()
    # Over the product's variants (the "price" sorts and the price filters).
    min_price = models.BigIntegerField(null=True)
    max_price = models.BigIntegerField(null=True)
    # The folded name (typo-tolerant matching) and the start of the folded document (the bonus
    # for a document that starts with the query), as the search service compares them.
    name = models.TextField()
    document_start = models.CharField(max_length=64)
    search_vector = SearchVectorField(null=True)

    class Meta:
        indexes = [
            GinIndex(fields=["search_vector"], name="listed_search_vector_gin"),
            GinIndex(fields=["name"], name="listed_name_trgm", opclasses=["gin_trgm_ops"]),
            # A category page's facets and order from the index alone (an index-only scan).
            models.Index(fields=["category_id"], name="listed_category_covering",
                         include=["is_published", "producer_id", "origin_area_id", "certificate_id", "created_at",
                                  "min_price", "product"]),
            models.Index(fields=["producer_id"], name="listed_producer"),
        ]

    def __str__(self) -> str:
        return self.name


class SearchLexeme(models.Model):
    """Every word (lexeme) the indexing batch has put in a search vector, until the daily
    `indexing.prune_lexemes()` finds no vector with it any more: a query word that no other word
    starts with is matched as itself rather than as a prefix, which finds and ranks exactly the
    same products and lets the GIN index skip through its lists instead of gathering every entry
    of the prefix (services.listing_matches); a query word not here is misspelt
    (services.corrected_query), and its candidates come from here."""

    word = models.TextField(primary_key=True, db_collation="C")

    class Meta:
        # The long misspelt words' candidates (services.corrected_query: `word % query`).
        indexes = [GinIndex(fields=["word"], name="search_lexeme_word_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.word
