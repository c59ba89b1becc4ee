"""Only the plans app's endpoints, to check their OpenAPI schema on its own."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cus.plans import api

router = DefaultRouter()
api.register(router)

urlpatterns = [path("api/v1/", include(router.urls))]
