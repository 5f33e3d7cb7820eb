"""The sample delivery options make sense: express costs more than standard at every weight."""

from ocop.checkout.models import ShippingRate


def test_sample_express_delivery_costs_more_than_standard_at_every_weight(seeded):
    assert ShippingRate.objects.values("producer_id").distinct().count() >= 9  # every sample producer has both
    for producer_id in set(ShippingRate.objects.values_list("producer_id", flat=True)):
        rates = {r.name: r for r in ShippingRate.objects.filter(producer_id=producer_id)}
        standard = next(r for name, r in rates.items() if "tiêu chuẩn" in name)
        express = next(r for name, r in rates.items() if "nhanh" in name)
        for grams in (0, 200, 999, 1000, 1500, 3000, 10000, 50000):
            assert express.price_for(grams) > standard.price_for(grams), (producer_id, grams)
