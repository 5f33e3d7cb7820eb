"""The producer page: who they are, where, what they make."""


def test_the_producer_page_links_each_place_of_its_area_to_what_is_made_there(client, seeded):
    from ocop.producers.selectors import public_producers

    producer = public_producers().exclude(area=None).select_related("area").first()
    html = client.get(f"/producers/{producer.slug}/").content.decode()
    places = list(reversed(producer.area.ancestors()))
    assert places and all(f'href="/search/?area={place.pk}"' in html for place in places)
    inside = client.get("/search/", {"area": places[-1].pk}).context["listing"]
    assert inside.total >= 1


def test_on_the_english_page_a_certificate_names_the_product_in_english_beside_its_own_wording(client, seeded):
    from ocop.catalog.models import Product, ProductTranslation

    product = next(p for p in Product.objects.filter(is_published=True, ocop_certificate__isnull=False,
                                                     producer__status="approved").select_related("ocop_certificate")
                   if p.ocop_certificate.shows_stars)
    ProductTranslation.objects.update_or_create(product=product, language_code="en",
                                                defaults={"name": "Certified wild honey"})
    certificate = product.ocop_certificate
    english = client.get(f"/producers/{product.producer.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'Certified wild honey <span class="muted" lang="vi">({certificate.product_name})</span>' in english
    vietnamese = client.get(f"/producers/{product.producer.slug}/").content.decode()
    assert "Certified wild honey" not in vietnamese and certificate.product_name in vietnamese


def test_a_producer_without_a_story_is_described_by_its_places_in_the_page_s_language(client, seeded):
    from ocop.producers.models import Producer, ProducerTranslation

    producer = Producer.objects.filter(status="approved", area__isnull=False).select_related("area").first()
    Producer.objects.filter(pk=producer.pk).update(description="")
    ProducerTranslation.objects.filter(producer=producer).delete()
    top = producer.area.ancestors()[0]  # the province, named last
    english = client.get(f"/producers/{producer.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    vietnamese = client.get(f"/producers/{producer.slug}/").content.decode()
    described = '<meta name="description" content="'
    from ocop.areas.names import place_name

    assert place_name(top.name, "en") != top.name
    assert english.split(described)[1].split('"')[0].endswith(place_name(top.name, "en"))
    assert vietnamese.split(described)[1].split('"')[0].endswith(top.name)
