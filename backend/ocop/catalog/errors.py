from enum import Enum


class ProductErrorCode(Enum):
    """Error codes of the catalogue mutations: Saleor 3's ProductErrorCode values where Saleor has
    one, then ours (images, CSV files) in the same lowercase style."""

    # Saleor 3
    ALREADY_EXISTS = "already_exists"
    DUPLICATED_INPUT_ITEM = "duplicated_input_item"
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    INVALID_PRICE = "invalid_price"
    PRODUCT_WITHOUT_CATEGORY = "product_without_category"
    NOT_PRODUCTS_IMAGE = "not_products_image"
    NOT_PRODUCTS_VARIANT = "not_products_variant"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    UNIQUE = "unique"
    CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT = "cannot_manage_product_without_variant"
    # OCOP Market: uploads (the codes catalog.images raises) and CSV files
    FILE_TOO_LARGE = "file_too_large"
    IMAGE_TOO_LARGE = "image_too_large"
    INVALID_IMAGE = "invalid_image"
    INVALID_IMAGE_TYPE = "invalid_image_type"
    INVALID_ENCODING = "invalid_encoding"
    INVALID_COLUMNS = "invalid_columns"
