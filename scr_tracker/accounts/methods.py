"""django-two-factor-auth's authenticator-app method with the service's own forms and words."""

from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.plugins.registry import GeneratorMethod, registry


class GovukGeneratorMethod(GeneratorMethod):
    verbose_name = "Authenticator app"

    def recognize_device(self, device):
        # The library's method recognises no device, so the sign-in step would fall back to it.
        return isinstance(device, TOTPDevice)

    def get_setup_forms(self, *args):
        from .forms import TotpSetupForm

        return {"generator": TotpSetupForm}

    def get_token_form_class(self):
        from .forms import TokenForm

        return TokenForm

    def get_action(self, device):
        return "Enter the code from your authenticator app"

    def get_verbose_action(self, device):
        return "Enter the 6-digit code your authenticator app shows for this service."


def use_govuk_methods():
    """Replace the library's authenticator-app method with ours. Called from AppConfig.ready."""
    registry.unregister(GovukGeneratorMethod.code)
    registry.register(GovukGeneratorMethod())
