from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "cus.quality"
    label = "quality"
    verbose_name = _("Standards and evaluation")

    def ready(self) -> None:
        """A withdrawn consent to satisfaction surveys revokes the client's pending survey links."""
        from cus.privacy.models import Purpose
        from cus.privacy.services import when_processing_stops

        from . import services

        when_processing_stops(Purpose.SURVEYS, "survey_links_revoked", services.revoke_client_links)
