import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from scr_tracker.models import Role, User

ENV_VARIABLE = "DJANGO_SUPERUSER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an installation administrator (role administrator, Django admin access), e.g. "
        "the first one after installing. Asks for the password, or with --no-input reads it "
        f"from {ENV_VARIABLE}."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, *args, username, email, first_name, last_name, interactive, **options):
        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=Role.ADMINISTRATOR,
            is_staff=True,
            is_superuser=True,
        )
        password = self._password(interactive)
        try:
            validate_password(password, user)
            user.set_password(password)
            user.full_clean()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user._change_reason = "Administrator created with manage.py create_admin"
        with transaction.atomic():
            user.save()
        self.stdout.write(
            f"Administrator {username} created. Sign in at /admin/ or /accounts/login/."
        )

    def _password(self, interactive):
        if not interactive:
            password = os.environ.get(ENV_VARIABLE, "")
            if not password:
                raise CommandError(f"Set {ENV_VARIABLE} to the password with --no-input.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
