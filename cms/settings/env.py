"""Read settings from environment variables, failing loudly on bad or missing values.

Every environment value the project uses goes through this module, so a missing
or malformed variable stops start-up with one clear message instead of a
half-configured server.
"""

from __future__ import annotations

import math
import os

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, default: object) -> object:
    value = os.environ.get(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(
                f"The environment variable {name} is required but not set "
                "(see .env.example and the README's settings table)."
            )
        return default
    return value


def get_str(name: str, default: str | None | object = _MISSING) -> str | None:
    """Return the variable as a string; without a default it is required."""
    return _raw(name, default)  # type: ignore[return-value]


def get_bool(name: str, default: bool | object = _MISSING) -> bool:
    value = _raw(name, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be a boolean (true/false, 1/0, yes/no, on/off), "
        f"got {value!r}."
    )


def get_int(name: str, default: int | object = _MISSING) -> int:
    value = _raw(name, default)
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ImproperlyConfigured(
            f"The environment variable {name} must be an integer, got {value!r}."
        ) from None


def get_float(name: str, default: float | object = _MISSING) -> float:
    value = _raw(name, default)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):  # also refuses "nan" and "inf", which float() accepts
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a number, got {value!r}."
        )
    return number


def get_list(name: str, default: list[str] | object = _MISSING) -> list[str]:
    """Comma-separated values; blanks around commas are ignored."""
    value = _raw(name, default)
    if isinstance(value, list):
        return value
    return [item.strip() for item in str(value).split(",") if item.strip()]
