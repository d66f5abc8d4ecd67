"""Admin sign-in throttling: after LOGIN_FAILURE_LIMIT failures a username or address is locked."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from portal.ratelimit import client_ip


def _keys(request, username: str) -> list[str]:
    return [
        f"login-fail:user:{(username or '').lower()[:150]}",
        f"login-fail:ip:{client_ip(request)}",
    ]


def login_is_locked(request, username: str) -> bool:
    return any(
        (cache.get(key) or 0) >= settings.LOGIN_FAILURE_LIMIT for key in _keys(request, username)
    )


def login_failure_record(request, username: str) -> None:
    for key in _keys(request, username):
        if not cache.add(key, 1, timeout=settings.LOGIN_LOCK_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.add(key, 1, timeout=settings.LOGIN_LOCK_SECONDS)


def login_failures_clear(request, username: str) -> None:
    cache.delete_many(_keys(request, username))


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin sign-in form, refusing to check passwords while the account or address is locked."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if self.request is not None and login_is_locked(self.request, username):
            minutes = max(1, settings.LOGIN_LOCK_SECONDS // 60)
            raise ValidationError(
                f"Too many failed sign-in attempts. Try again in {minutes} minutes.",
                code="locked",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if self.request is not None:
                login_failure_record(self.request, username)
            raise
        if self.request is not None:
            login_failures_clear(self.request, username)
        return cleaned
