"""The search service: one entry point, PostgreSQL behind it (Elasticsearch joins in #6's next step).

Queries are folded like the documents (lower case, no tone marks, đ → d), so "mat ong" finds
"Mật ong". The last word matches as a prefix (as-you-type: "mat o" finds "Mật ong"), the words
before it as typed: a space after a word says it is finished, so "ca phe" does not also match
"cao", "cam" or "canh" (and the index reads one word's entries instead of every word starting
with it). A query with a typo ("mat onng") is read as the indexed words closest to the misspelt one ("ong"),
within the edits Elasticsearch's `fuzziness: AUTO` allows; what even that does not find is
looked for by trigram similarity on the folded name. Name matches rank above description matches
(weights A..D in the vector)."""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from ocop.core.text import fold_vietnamese

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
TERM = re.compile(r"[a-z0-9]+")


def normalize_query(query: str | None) -> str:
    """Folded, lower-case words of the query, at most MAX_TERMS of them; '' if nothing searchable."""
    folded = fold_vietnamese((query or "")[:MAX_QUERY_CHARS]).lower()
    return " ".join(TERM.findall(folded)[:MAX_TERMS])


def search_products(query: str, *, queryset: QuerySet | None = None) -> QuerySet:
    """Products matching `query`, annotated with `search_rank` and ordered by it (best first)."""
    from ocop.catalog.models import Product

    queryset = queryset if queryset is not None else Product.objects.all()
    normalized = normalize_query(query)
    if not normalized:
        return queryset.none()
    from . import elastic

    if elastic.enabled():
        try:
            ids = elastic.search_ids(normalized)
        except elastic.SearchUnavailable as exc:
            elastic.mark_degraded(exc)
        else:
            position = RawSQL("-array_position(%s::bigint[], catalog_product.id)", (ids,), output_field=FloatField())
            return queryset.filter(pk__in=ids).annotate(search_rank=position).order_by(F("search_rank").desc(), "pk")
    return _postgres_search(queryset, normalized)


def _postgres_search(queryset: QuerySet, normalized: str) -> QuerySet:
    def words(tsquery: str, phrase: str) -> QuerySet | None:
        """The products the tsquery matches, or None; ranked by it, with a bonus when the name
        starts with the phrase. `search_document` begins with the folded name, so a prefix match
        on it says the same without folding the name again for every match (ocop_unaccent on
        14,000 names cost ~30 ms of a broad search on 100,000 products)."""
        matches = RawSQL("catalog_product.search_vector @@ to_tsquery('simple', %s)", (tsquery,))
        rank = RawSQL("ts_rank(catalog_product.search_vector, to_tsquery('simple', %s)) * 4"
                      " + (catalog_product.search_document LIKE %s)::int",
                      (tsquery, phrase + "%"), output_field=FloatField())
        found = queryset.annotate(_text=matches).filter(_text=True)
        return found.annotate(search_rank=rank) if found.exists() else None

    # Words as typed first (two GIN index lookups); then the misspelt words read as the indexed
    # words close to them; only when that finds nothing does the slower trigram match on the
    # folded name take over.
    matched = words(text_query(normalized.split()), normalized)
    if matched is None:
        correction = corrected_query(normalized.split())
        matched = words(correction.tsquery, correction.phrase) if correction else None
    if matched is None:
        close_enough = RawSQL("%s <%% lower(ocop_unaccent(catalog_product.name))", (normalized,))
        typo_rank = RawSQL("word_similarity(%s, lower(ocop_unaccent(catalog_product.name)))", (normalized,),
                           output_field=FloatField())
        matched = queryset.annotate(_close=close_enough).filter(_close=True).annotate(search_rank=typo_rank)
    return matched.order_by(F("search_rank").desc(), "pk")


@dataclass(frozen=True)
class TextMatch:
    """One way of matching a query in the listing table (search_listedproduct, alias `l`): the
    condition, the relevance of a match (higher first) and their parameters (named)."""

    condition: str
    rank: str
    params: dict
    corrected: str = ""  # the query it searches for instead, when it reads a misspelt one


# A listing compares a document's start with the query on the first characters only
# (ListedProduct.document_start); a longer query reads the product's whole document.
DOCUMENT_START_CHARS = 64


def listing_matches(normalized: str, *, elasticsearch: bool = True) -> Iterable[TextMatch]:
    """The ways a listing tries, in order, until one finds something; the same matching and
    ranking as search_products() (Elasticsearch's ids when it is up, unless told not to ask it;
    else the words as typed, then the misspelt words read as the indexed words close to them,
    then the trigram match on the folded name)."""
    from . import elastic

    if elasticsearch and elastic.enabled():
        try:
            ids = elastic.search_ids(normalized)
        except elastic.SearchUnavailable as exc:
            elastic.mark_degraded(exc)
        else:
            return [TextMatch("l.product_id = ANY(%(es_ids)s)",
                              "-array_position(%(es_ids)s::bigint[], l.product_id)::float", {"es_ids": ids})]
    tsquery = text_query(normalized.split(), whole=_words_no_other_word_starts_with)
    words = _listing_words(tsquery, normalized, "q")
    close = TextMatch("%(q)s <%% l.name", "word_similarity(%(q)s, l.name)", {"q": normalized})
    return _in_turn(words, normalized, close)


def _in_turn(words: TextMatch, normalized: str, close: TextMatch):
    """The listing's ways of matching, in order: the spelling correction (a query of its own) is
    worked out only when the words as typed found nothing."""
    yield words
    corrected = _corrected_match(normalized)
    if corrected is not None:
        yield corrected
    yield close


def _listing_words(tsquery: str, phrase: str, name: str) -> TextMatch:
    """The products the tsquery matches, ranked by it, with a bonus when the document (which
    begins with the folded name) starts with the phrase; parameters named after `name`."""
    starts_with = (f"l.document_start LIKE %({name}_prefix)s" if len(phrase) <= DOCUMENT_START_CHARS else
                   f"(SELECT p.search_document FROM catalog_product p WHERE p.id = l.product_id) LIKE %({name}_prefix)s")  # nosec B608 - our names
    return TextMatch(f"l.search_vector @@ to_tsquery('simple', %({name}_tsquery)s)",
                     f"ts_rank(l.search_vector, to_tsquery('simple', %({name}_tsquery)s)) * 4 + ({starts_with})::int",
                     {f"{name}_tsquery": tsquery, f"{name}_prefix": phrase + "%"})


def _corrected_match(normalized: str) -> TextMatch | None:
    correction = corrected_query(normalized.split())
    if correction is None:
        return None
    match = _listing_words(correction.tsquery, correction.phrase, "fixed")
    return TextMatch(match.condition, match.rank, match.params, corrected=correction.phrase)


# Spelling correction, as Elasticsearch's `fuzziness: AUTO` counts it: words of one or two
# characters must be right, three to five may be one edit away (a letter left out, added,
# changed, or two side by side swapped), longer words two. At most MAX_EXPANSIONS indexed words,
# the closest ones (corrected_query), stand in for one misspelt word.
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
MAX_EXPANSIONS = 10


def allowed_edits(word: str) -> int:
    return 0 if len(word) < 3 else 1 if len(word) <= 5 else 2


def one_edit_away(word: str) -> set[str]:
    """Every string one edit from `word` (deletion, insertion, substitution, adjacent swap)."""
    found = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        for letter in LETTERS:
            found.add(head + letter + tail)  # insertion
            if tail:
                found.add(head + letter + tail[1:])  # substitution
        if tail:
            found.add(head + tail[1:])  # deletion
        if len(tail) > 1:
            found.add(head + tail[1] + tail[0] + tail[2:])  # swap
    found.discard(word)
    return found


def edit_distance(a: str, b: str) -> int:
    """Edits (as above) that turn `a` into `b`: the optimal string alignment distance."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


@dataclass(frozen=True)
class Correction:
    """A misspelt query read again: the tsquery (each unknown word replaced by the indexed words
    close to it) and the phrase with each replaced by the closest (for the starts-with bonus)."""

    tsquery: str
    phrase: str


def corrected_query(terms: list[str]) -> Correction | None:
    """The query with every word the index does not know (the last word: that no indexed word
    starts with) replaced by the indexed words close to it, or None when no word is unknown or an
    unknown word has nothing close (the correction could not find anything then)."""
    from django.db import connection

    if not terms:
        return None
    last = len(terms) - 1
    with connection.cursor() as cursor:
        # Which words the index knows: the last as the start of some word, the others whole.
        cursor.execute(
            "SELECT t.i, EXISTS (SELECT 1 FROM search_searchlexeme w WHERE w.word >= t.word"
            " AND w.word < t.word || chr(1114111) AND (t.i = %s OR w.word = t.word))"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS t(word, i)", (last + 1, terms))
        known = {int(i) - 1 for i, is_known in cursor.fetchall() if is_known}
        unknown = [i for i in range(len(terms)) if i not in known]
        if not unknown:
            return None
        replaced = {}
        for i in unknown:
            word = terms[i]
            edits = allowed_edits(word)
            if not edits:
                return None
            # One edit: every string one edit away, looked up in the primary key; two edits (long
            # words): the words sharing enough trigrams with it, measured here.
            cursor.execute(
                "SELECT word FROM search_searchlexeme WHERE word = ANY(%s)"
                " UNION SELECT word FROM search_searchlexeme WHERE %s AND word %% %s"
                " AND length(word) BETWEEN %s AND %s",
                (sorted(one_edit_away(word)), edits > 1, word, len(word) - edits, len(word) + edits))
            # Only the closest: the fewest edits, and among those the words with the same first
            # letter if any (a typo seldom hits it); the same length first. "huoong" is read as
            # "huong" alone, not also as "hong", two edits away, which would find what "huong"
            # itself does not.
            close = sorted((edit_distance(word, found), found[0] != word[0], abs(len(found) - len(word)), found)
                           for (found,) in cursor.fetchall() if TERM.fullmatch(found))
            close = [found for distance, first, _length, found in close
                     if distance <= edits and (distance, first) == close[0][:2]][:MAX_EXPANSIONS]
            if not close:
                return None
            replaced[i] = close
    words = [("(" + " | ".join(replaced[i]) + ")" if len(replaced[i]) > 1 else replaced[i][0]) if i in replaced
             else term if i < last else f"{term}:*" for i, term in enumerate(terms)]
    return Correction(" & ".join(words), " ".join(replaced[i][0] if i in replaced else term
                                                  for i, term in enumerate(terms)))


def text_query(terms: list[str], whole=None) -> str:
    """The tsquery for the folded query words: every word but the last as it is, the last as a
    prefix, unless `whole(terms)` says no other word starts with it (then as it is: the same
    products, a cheaper lookup)."""
    last = terms[-1]
    if whole is None or last not in whole([last]):
        last = f"{last}:*"
    return " & ".join([*terms[:-1], last])


def _words_no_other_word_starts_with(terms: list[str]) -> set[str]:
    """The query words that are a prefix of no other indexed word: matching one of them as a
    prefix (`mat:*`) or as itself (`mat`) finds and ranks the same products, and the second is
    the cheaper lookup in the GIN index (search.models.SearchLexeme: a word stays there at least
    as long as some vector has it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t FROM unnest(%s::text[]) AS t WHERE NOT EXISTS (SELECT 1 FROM search_searchlexeme w"
            " WHERE w.word > t AND w.word < t || chr(1114111))", (terms,))
        return {row[0] for row in cursor.fetchall()}


def backend_name() -> str:
    from . import elastic

    return "elasticsearch" if elastic.enabled() else "postgres"


__all__ = ["search_products", "listing_matches", "normalize_query", "backend_name"]
