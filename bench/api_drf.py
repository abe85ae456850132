"""The same endpoint as /api/v1/initiatives/ written with Django REST framework and drf-spectacular —
only to choose between the two (bench/api.py); not part of the portal. The same FilterSet, the same
fields, the same queries, a cursor pagination."""

from django.urls import path
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination

from initiatives.api import rows
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative


class InitiativeSerializer(serializers.ModelSerializer):
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    tags = serializers.SerializerMethodField()
    commune = serializers.CharField(source="commune.name")
    commune_code = serializers.CharField(source="commune.code")
    departement = serializers.CharField(source="commune.departement.code")
    lat = serializers.SerializerMethodField()
    lon = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Initiative
        fields = [
            "id",
            "slug",
            "name",
            "summary",
            "description",
            "kind",
            "themes",
            "tags",
            "siret",
            "address",
            "commune",
            "commune_code",
            "departement",
            "lat",
            "lon",
            "website",
            "email",
            "phone",
            "social_links",
            "opening_hours",
            "opening_hours_note",
            "founded_year",
            "network_member",
            "url",
            "published_at",
            "updated_at",
        ]

    def get_tags(self, initiative):
        return sorted(tag.name for tag in initiative.tags.all())

    def get_lat(self, initiative):
        return round(initiative.point.y, 6)

    def get_lon(self, initiative):
        return round(initiative.point.x, 6)


class ByIdCursor(CursorPagination):
    ordering = "pk"
    page_size = 50


class InitiativeFilterForDrf(InitiativeFilter):
    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset=queryset, request=request, **kwargs)


class InitiativeList(generics.ListAPIView):
    serializer_class = InitiativeSerializer
    pagination_class = ByIdCursor
    filter_backends = [DjangoFilterBackend]
    filterset_class = InitiativeFilterForDrf
    authentication_classes: list = []
    permission_classes: list = []

    def get_queryset(self):
        return rows(Initiative.objects.published())


urlpatterns = [path("bench/drf/initiatives/", InitiativeList.as_view())]
