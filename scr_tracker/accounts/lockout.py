"""What a successful sign-in clears of django-axes' failure counts.

django-axes' own reset (AXES_RESET_ON_SUCCESS) deletes every failure that matches the request's
lockout parameters, the address included: four wrong passwords for one account, then any other
account signing in from the same address, wiped the count, so one valid account let an attacker
guess another's password without limit. So that reset is off, and a sign-in clears only the
failures recorded against its own username (from any address). Failures against other accounts
keep counting towards the address's lockout."""

from axes.models import AccessAttempt
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="scr_tracker.accounts.lockout.reset_own_failures")
def reset_own_failures(sender, request, user, **kwargs):
    AccessAttempt.objects.filter(username=user.get_username()).delete()
