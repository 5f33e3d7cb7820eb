"""JWT access (short-lived) and refresh tokens for the API, signed with SECRET_KEY (HS256)."""

from datetime import timedelta

import jwt
from django.conf import settings
from django.utils import timezone

ACCESS_TTL = timedelta(minutes=5)
REFRESH_TTL = timedelta(days=30)
ALGORITHM = "HS256"


class InvalidToken(Exception):
    pass


def _encode(user, kind: str, ttl: timedelta) -> str:
    now = timezone.now()
    payload = {"iat": int(now.timestamp()), "exp": int((now + ttl).timestamp()), "type": kind,
               "user_id": user.pk, "email": user.email, "pwd": user.password[-12:]}
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def create_access_token(user) -> str:
    return _encode(user, "access", ACCESS_TTL)


def create_refresh_token(user) -> str:
    return _encode(user, "refresh", REFRESH_TTL)


def user_from_token(token: str, kind: str = "access"):
    """The active user a valid token of `kind` belongs to. Changing the password invalidates tokens."""
    from .models import User

    try:
        payload = jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if payload.get("type") != kind:
        raise InvalidToken("wrong token type")
    user = User.objects.filter(pk=payload.get("user_id"), is_active=True).first()
    if user is None or user.password[-12:] != payload.get("pwd"):
        raise InvalidToken("user not found or token revoked")
    return user
