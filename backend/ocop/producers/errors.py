from enum import Enum


class ProducerErrorCode(Enum):
    """Error codes of the producer mutations (Saleor style: one enum per mutation family)."""

    INVALID = "invalid"
    REQUIRED = "required"
    UNIQUE = "unique"
    NOT_FOUND = "not_found"
    INVALID_STATUS = "invalid_status"
    ALREADY_DECIDED = "already_decided"
    DOCUMENT_REQUIRED = "document_required"
    FILE_TOO_LARGE = "file_too_large"
    INVALID_FILE_TYPE = "invalid_file_type"
    PERMISSION_DENIED = "permission_denied"
