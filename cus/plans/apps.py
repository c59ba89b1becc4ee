from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cus.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        """Tell the client registry (which sits below plans and imports nothing of it) what only plans knows:
        the plans on a client's timeline, the clients a provider serves, the clients with an active plan."""
        from cus.clients import selectors as registry

        from . import selectors

        registry.client_timeline.add(*selectors.CLIENT_HISTORY_SOURCES)
        registry.contributed.served_by_provider = selectors.client_ids_assigned_to_provider
        registry.contributed.with_active_plan = selectors.client_ids_with_active_plan

        # A withdrawn consent to share data with providers ends those providers' access to the client.
        from cus.privacy.models import Purpose
        from cus.privacy.services import when_processing_stops

        from . import services

        when_processing_stops(Purpose.SHARING_WITH_PROVIDERS, "planned_services_unassigned", services.end_provider_access)
