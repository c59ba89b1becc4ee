"""The public, login-free survey page: included under /api/public/surveys/ in cus/urls.py."""

from django.urls import URLPattern, URLResolver, path

from .api.public import PublicSurveyView

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>/", PublicSurveyView.as_view(), name="public-survey"),
]
