"""The public, login-free survey page /api/public/surveys/{token}/ (routed by ``cus/quality/public_urls.py``): a
client's one-time survey link shows the questionnaire and takes the answers once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cus.api.fields import DateTimeField
from cus.api.throttling import PublicRateThrottle
from cus.core.errors import NotFound

from .. import selectors, services
from ..models import SURVEY_QUESTIONS, SURVEY_SCALE, SurveyInvitation
from .serializers import SurveyAnswersSerializer


class PublicQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    answer_required = serializers.BooleanField()


class PublicSurveySerializer(serializers.Serializer):
    service_type_name = serializers.CharField()
    provider_name = serializers.CharField()
    expires_at = DateTimeField()
    scale_min = serializers.IntegerField()
    scale_max = serializers.IntegerField()
    questions = PublicQuestionSerializer(many=True)


class PublicSurveyMessageSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)


def _survey_language(request: Request, invitation: SurveyInvitation | None) -> str:
    """The page's language: ``?lang=``, else the browser's (Accept-Language), else the centre's."""
    known = {code for code, _name in settings.LANGUAGES}
    asked = request.query_params.get("lang", "")[:2]
    if asked in known:
        return asked
    if request.headers.get("Accept-Language") or invitation is None:
        return translation.get_language() or settings.LANGUAGE_CODE
    return invitation.centre.language if invitation.centre.language in known else settings.LANGUAGE_CODE


class PublicSurveyRateThrottle(PublicRateThrottle):
    """The public catalogue's per-address limit (``CUS_PUBLIC_API_RATE``), counted apart from the catalogue."""

    scope = "public_survey"


class PublicSurveyView(APIView):
    """A client's one-time survey link: GET the questionnaire, POST the answers once.

    Shows only the service type and the provider, never the client. An unknown token is 404; a used,
    withdrawn or expired one is 410.
    """

    authentication_classes: list[Any] = []  # no session, so no CSRF: the token is the credential
    permission_classes = [AllowAny]
    throttle_classes = [PublicSurveyRateThrottle]

    def _respond(self, request: Request, token: str, answer: bool) -> Response:
        invitation = selectors.invitation_by_token(token)
        with translation.override(_survey_language(request, invitation)):
            try:
                if not answer:
                    return Response(PublicSurveySerializer(self._page(services.open_invitation(token))).data)
                answers = SurveyAnswersSerializer(data=request.data)
                answers.is_valid(raise_exception=True)
                services.answer_invitation(token=token, **answers.validated_data)
            except services.SurveyLinkGone as gone:
                return Response({"detail": str(gone.detail), "code": gone.code}, status=status.HTTP_410_GONE)
            except NotFound as missing:
                return Response({"detail": str(missing.detail), "code": missing.code}, status=status.HTTP_404_NOT_FOUND)
            except serializers.ValidationError as invalid:
                return Response(invalid.detail, status=status.HTTP_400_BAD_REQUEST)
            return Response(
                {"detail": str(_("Thank you! Your answers have been saved.")), "code": "saved"},
                status=status.HTTP_201_CREATED,
            )

    @staticmethod
    def _page(invitation: SurveyInvitation) -> dict[str, Any]:
        low, high = SURVEY_SCALE
        return {
            "service_type_name": invitation.planned_service.service_type.name,
            "provider_name": invitation.provider.name,
            "expires_at": invitation.expires_at,
            "scale_min": low,
            "scale_max": high,
            "questions": [
                {"key": key, "text": str(text), "answer_required": key == "overall"} for key, text in SURVEY_QUESTIONS
            ],
        }

    @extend_schema(responses={200: PublicSurveySerializer, 404: PublicSurveyMessageSerializer,
                              410: PublicSurveyMessageSerializer})
    def get(self, request: Request, token: str) -> Response:
        return self._respond(request, token, answer=False)

    @extend_schema(request=SurveyAnswersSerializer, responses={201: PublicSurveyMessageSerializer,
                                                               404: PublicSurveyMessageSerializer,
                                                               410: PublicSurveyMessageSerializer})
    def post(self, request: Request, token: str) -> Response:
        return self._respond(request, token, answer=True)
