"""The producer page: who they are, where, what they make."""


def test_the_producer_page_links_each_place_of_its_area_to_what_is_made_there(client, seeded):
    from ocop.producers.selectors import public_producers

    producer = public_producers().exclude(area=None).select_related("area").first()
    html = client.get(f"/producers/{producer.slug}/").content.decode()
    places = list(reversed(producer.area.ancestors()))
    assert places and all(f'href="/search/?area={place.pk}"' in html for place in places)
    inside = client.get("/search/", {"area": places[-1].pk}).context["listing"]
    assert inside.total >= 1
