"""Only the quality app's endpoints, to check their OpenAPI schema on its own."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cus.quality import api

router = DefaultRouter()
api.register(router)

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/public/surveys/", include("cus.quality.public_urls")),
]
