# The producer's catalogue portal (/seller/products/): list, create, edit, photos, stock, CSV.
urlpatterns = []
