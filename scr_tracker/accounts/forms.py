"""GOV.UK versions of the sign-in, second-factor, password and invitation forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm, TOTPDeviceForm

from scr_tracker.forms import GovukForm, GovukFormMixin, GovukModelForm
from scr_tracker.models import Agency, Partnership, Role, ScrutinyBoard, User

# One message whatever went wrong, so that nobody can learn whether an account exists.
SIGN_IN_ERROR = "Enter a correct username and password. Both are case-sensitive."

VALIDATOR_HINT = (
    "Use at least 12 characters. Do not use a common password, only numbers, "
    "or anything like your name or email address."
)


def _code_widget():
    return forms.TextInput(
        attrs={
            "class": "govuk-input govuk-input--width-10",
            "inputmode": "numeric",
            "autocomplete": "one-time-code",
            "spellcheck": "false",
            "autofocus": True,
        }
    )


class SignInForm(GovukFormMixin, AuthenticationForm):
    """Step one of signing in: username and password."""

    error_messages = {"invalid_login": SIGN_IN_ERROR, "inactive": SIGN_IN_ERROR}

    # The signature must name `request`: the sign-in wizard passes it only to forms that
    # ask for it, and django-axes needs it to count failures by address.
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class _CodeFormMixin(GovukFormMixin):
    """The code is checked only once the field itself is valid, and a wrong code is the
    field's error, shown beside it."""

    otp_error_messages = dict(
        AuthenticationTokenForm.otp_error_messages,
        token_required="Enter the code",  # noqa: S106 - messages
        invalid_token="The code is not right. Check it and try again",  # noqa: S106
        n_failed_attempts="Too many wrong codes. Wait a minute, then try again",
        verification_not_allowed="Too many wrong codes. Wait a minute, then try again",
    )

    def clean(self):
        if "otp_token" in self._errors:
            return self.cleaned_data
        try:
            self.clean_otp(self.user)
        except ValidationError as error:
            self.add_error("otp_token", error)
        return self.cleaned_data


class TokenForm(_CodeFormMixin, AuthenticationTokenForm):
    """Step two of signing in: the 6-digit code from the user's authenticator app."""

    otp_token = forms.RegexField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows now, for example 123456",
        regex=r"^\s*[0-9]{6}\s*$",
        strip=True,
        widget=_code_widget(),
        error_messages={
            "required": "Enter the code from your authenticator app",
            "invalid": "Enter the 6-digit code from your authenticator app",
        },
    )

    def __init__(self, user, initial_device, **kwargs):
        super().__init__(user, initial_device, **kwargs)


class BackupCodeForm(_CodeFormMixin, BackupTokenForm):
    """Step two of signing in for someone without their authenticator app."""

    otp_token = forms.CharField(
        label="Backup code",
        help_text="One of the backup codes you saved when you set up multi-factor authentication",
        strip=True,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input govuk-input--width-10",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
        error_messages={"required": "Enter a backup code"},
    )

    def __init__(self, user, initial_device, **kwargs):
        super().__init__(user, initial_device, **kwargs)


class TotpSetupForm(GovukFormMixin, TOTPDeviceForm):
    """Setting up an authenticator app: the first code it shows proves it holds the secret."""

    token = forms.IntegerField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows now",
        min_value=0,
        max_value=999999,
        widget=_code_widget(),
        error_messages={
            "required": "Enter the code from your authenticator app",
            "invalid": "Enter the 6-digit code from your authenticator app",
            "min_value": "Enter the 6-digit code from your authenticator app",
            "max_value": "Enter the 6-digit code from your authenticator app",
        },
    )
    error_messages = {
        "invalid_token": "The code is not right. Check the app and enter the code it shows now"
    }

    def __init__(self, key, user, metadata=None, **kwargs):
        super().__init__(key, user, metadata=metadata, **kwargs)


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):
    """Choosing a password, from an invitation or a reset link. Django's validators apply."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = VALIDATOR_HINT
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The two passwords do not match",
        }


class GovukPasswordResetForm(GovukFormMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The address your account was set up with"
        email.error_messages["required"] = "Enter your email address"
        email.error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )


class InvitationForm(GovukModelForm):
    """An administrator's invitation: who the person is, their role and what they see."""

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "job_title",
            "role",
            "partnership",
            "agencies",
            "scrutiny_board",
        ]
        widgets = {"role": forms.RadioSelect}
        help_texts = {
            "email": "The invitation goes to this address. It is also the person's username.",
            "partnership": "Everyone except an administrator belongs to one partnership.",
            "agencies": "For agency leads: the agencies whose actions they report on.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["first_name"].error_messages["required"] = "Enter the first name"
        self.fields["last_name"].error_messages["required"] = "Enter the last name"
        self.fields["email"].error_messages["required"] = "Enter the email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )
        self.fields["role"].choices = Role.choices
        self.fields["role"].error_messages["required"] = "Select the role"
        self.fields["partnership"].queryset = Partnership.objects.order_by("name")
        self.fields["agencies"].queryset = Agency.objects.select_related("partnership").order_by(
            "partnership__name", "name"
        )
        self.fields["agencies"].label_from_instance = lambda agency: (
            f"{agency.name} ({agency.partnership})"
        )
        self.fields["scrutiny_board"].queryset = ScrutinyBoard.objects.select_related(
            "partnership"
        ).order_by("partnership__name", "name")
        self.fields["scrutiny_board"].label_from_instance = lambda board: (
            f"{board.name} ({board.partnership})"
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if (
            User.objects.filter(username__iexact=email).exists()
            or User.objects.filter(email__iexact=email).exists()
        ):
            raise ValidationError("There is already an account with this email address")
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        partnership = cleaned.get("partnership")
        agencies = cleaned.get("agencies") or []
        if role == Role.AGENCY_LEAD and not agencies:
            self.add_error("agencies", "Select the agencies an agency lead reports on")
        if partnership and any(agency.partnership_id != partnership.pk for agency in agencies):
            self.add_error("agencies", "Select only agencies of the person's partnership")
        if role == Role.SCRUTINY_MEMBER and not cleaned.get("scrutiny_board"):
            self.add_error(
                "scrutiny_board", "Select the scrutiny board a scrutiny member reads reports for"
            )
        return cleaned


API_TOKEN_LIFETIMES = [
    ("30", "30 days"),
    ("90", "90 days"),
    ("180", "6 months (180 days)"),
    ("365", "1 year (365 days), the longest"),
]


class ApiTokenForm(GovukForm):
    """A new personal API token: what it is for and how long it works."""

    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text='What the token is for, so you can tell your tokens apart, e.g. "Power BI '
        'board dashboard".',
        error_messages={"required": "Enter a name for the token"},
    )
    days = forms.ChoiceField(
        label="Expires after",
        choices=API_TOKEN_LIFETIMES,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how long the token works"},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Enter a name for the token")
        return name


class ApiTokenRevokeForm(GovukForm):
    reason = forms.CharField(
        label="Why are you revoking it?",
        max_length=500,
        widget=forms.Textarea,
        help_text="Kept in the token's history and the access log.",
        error_messages={"required": "Enter why you are revoking the token"},
    )
