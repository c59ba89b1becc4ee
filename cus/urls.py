from django.contrib import admin
from django.urls import include, path

from cus.core.views import frontend, healthz

admin.site.site_header = "CUS"
admin.site.site_title = "CUS"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("cus.api.urls")),
    path("api/public/", include("cus.catalogue.public_urls")),
    path("api/hsds/", include("cus.catalogue.hsds_urls")),
    path("catalogue/", include("cus.catalogue.page_urls")),
    path("healthz/", healthz, name="healthz"),
    path("", frontend, name="frontend"),
]
