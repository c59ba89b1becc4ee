from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cus.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import textmatch  # registers the ``unaccent_icontains`` lookup

        # SQLite gets the text functions PostgreSQL has from unaccent and pg_trgm (cus.core.textmatch).
        connection_created.connect(textmatch.register_sqlite_functions, dispatch_uid="cus_textmatch_sqlite")
