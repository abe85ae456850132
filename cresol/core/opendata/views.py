"""/donnees/: every export and feed of the portal, its schemas, and a DCAT catalogue of them."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import SCHEMAS, datasets


@require_safe
def index(request: HttpRequest) -> HttpResponseBase:
    listed = [
        {
            "dataset": dataset,
            "distributions": [
                (
                    distribution,
                    distribution.url,
                    reverse("opendata:schema", args=[distribution.schema]) if distribution.schema else "",
                )
                for distribution in dataset.distributions
            ],
        }
        for dataset in datasets()
    ]
    return render(request, "core/opendata.html", {"datasets": listed})


@require_safe
@cache_control(public=True, max_age=3600)
def schema(request: HttpRequest, name: str) -> HttpResponseBase:
    names = {distribution.schema for dataset in datasets() for distribution in dataset.distributions}
    if name not in names - {""}:
        raise Http404
    return HttpResponse((SCHEMAS / name).read_bytes(), content_type="application/json; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=3600)
def catalogue(request: HttpRequest) -> HttpResponseBase:
    """DCAT-AP in JSON-LD, the vocabulary data.gouv.fr and European portals harvest."""
    absolute = request.build_absolute_uri
    catalogue = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "Données ouvertes du portail Cré-sol",
        "dct:description": "Les initiatives, l'agenda, le blog et la veille du réseau Cré-sol, en Centre-Val de Loire.",
        "dct:language": "fr",
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": "Cré-sol"},
        "foaf:homepage": absolute("/donnees/"),
        "dcat:dataset": [
            {
                "@id": absolute(f"/donnees/#{dataset.key}"),
                "@type": "dcat:Dataset",
                "dct:title": dataset.title,
                "dct:description": dataset.description,
                "dct:license": {"@id": dataset.licence[1]},
                "dct:accrualPeriodicity": {"@id": dataset.accrual},
                "dct:spatial": "Centre-Val de Loire",
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": f"{dataset.title} ({distribution.format})",
                        "dcat:accessURL": {"@id": absolute(distribution.url)},
                        "dcat:downloadURL": {"@id": absolute(distribution.url)},
                        "dcat:mediaType": distribution.media_type,
                        "dct:license": {"@id": dataset.licence[1]},
                        **(
                            {
                                "dct:conformsTo": {
                                    "@id": absolute(reverse("opendata:schema", args=[distribution.schema]))
                                }
                            }
                            if distribution.schema
                            else {}
                        ),
                    }
                    for distribution in dataset.distributions
                ],
            }
            for dataset in datasets()
        ],
    }
    return JsonResponse(catalogue, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False})
