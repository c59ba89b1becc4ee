from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "cus.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        # The API's shared layer reports reads of client data to the core; the access log is kept here.
        from cus.core.reads import install_recorder

        from .services import record_client_reads

        install_recorder(record_client_reads)
