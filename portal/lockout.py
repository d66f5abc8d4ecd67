"""Admin sign-in lockout around django-axes: the message a locked person sees, and clearing only
the signed-in account's own failures (docs/decisions/0820-sign-in-lockout-with-django-axes.md)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.forms.utils import ErrorList
from django.http import HttpResponse
from django.template.response import TemplateResponse

from portal.ratelimit import client_ip


def lockout_message() -> str:
    minutes = max(1, settings.LOGIN_LOCK_SECONDS // 60)
    return f"Too many failed sign-in attempts. Try again in {minutes} minutes."


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the admin sign-in page again, saying the account or address is locked.

    The failure that reaches the limit is answered like any wrong password (axes has counted it,
    so the response carries the count); the lock shows from the next attempt, when axes refuses
    to check the password at all.
    """
    if getattr(request, "axes_failures_since_start", None) is not None:
        return original_response
    context = getattr(original_response, "context_data", None)
    form = (context or {}).get("form")
    if form is None:  # only the admin signs people in; this guards a future sign-in page
        return HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")
    form._errors = {"__all__": ErrorList([lockout_message()])}
    # Rendered here: the middlewares this response passes back through read its content.
    return TemplateResponse(request, original_response.template_name, context, status=429).render()


@receiver(user_logged_in, dispatch_uid="portal-lockout-clear-own-failures")
def _clear_own_failures(sender, request, user, **kwargs):
    """A correct password clears that account's failures from that address, and nothing else:
    failures on other accounts from the address, or on this account from elsewhere, still count."""
    from axes.models import AccessAttempt

    if request is None:
        return
    AccessAttempt.objects.filter(
        username=user.get_username(), ip_address=client_ip(request)
    ).delete()
