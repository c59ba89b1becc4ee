from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "cus.privacy"
    label = "privacy"
    verbose_name = _("Purposes and legal bases")

    def ready(self) -> None:
        """Every new centre starts with its country's legal bases (``legal_bases.toml``), which its
        administrator then owns."""
        from django.db.models.signals import post_save

        from cus.core.models import Centre

        from .services import centre_created

        post_save.connect(centre_created, sender=Centre, dispatch_uid="privacy.centre_created")
