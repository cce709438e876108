"""The static files storage used in production: WhiteNoise's compressed storage with hashed
names (served with a ten-year, immutable Cache-Control)."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Leaves alone the CSS references to GOV.UK Frontend assets that are GOV.UK branding and so
    deliberately not shipped (scripts/build_static.mjs): no page uses the rules that name them,
    but a missing file would otherwise stop `collectstatic`. Any other missing file still does."""

    NOT_SHIPPED = frozenset({"dist/assets/images/govuk-crest.svg"})

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            url = matchobj["url"]
            if (
                url.startswith(settings.STATIC_URL)
                and url[len(settings.STATIC_URL) :] in self.NOT_SHIPPED
            ):
                return matchobj["matched"]
            return convert(matchobj)

        return converter
