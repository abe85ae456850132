"""The API itself: one NinjaAPI, the shared pieces' routers and each section's, errors as problems."""

from functools import cache
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from cresol.core import sections

from . import problems
from .listing import ApiError

DESCRIPTION = """Les données du portail Cré-sol — initiatives d'Archipel O Centre, agenda citoyen, blog
contributif, ressources, veille partagée, personnes ressources, thématiques et territoires — pour les
sites et les programmes des partenaires.

- **Lecture** ouverte à tous (CORS ouvert), sous la licence qu'indique chaque réponse (« licence ») :
  ODbL 1.0 pour les données, CC BY-SA 4.0 pour les textes. Mêmes filtres que les pages du portail.
- **Pages** par curseur : suivez « next » (ou l'en-tête `Link: rel="next"`) ; un élément ajouté pendant
  la lecture vient à la fin, aucune page ne se décale.
- **Cache** : chaque réponse a un `ETag` ; renvoyez-le dans `If-None-Match` pour un `304` sans contenu.
- **Écriture** avec un jeton de partenaire (`Authorization: Bearer …`, à demander à l'équipe) : les
  contenus passent par la même relecture que ceux des membres.
- **Webhooks** signés selon Standard Webhooks : abonnez une adresse aux changements qui vous intéressent.
- **Erreurs** au format RFC 9457 (`application/problem+json`), messages en français.
- **Limite** : 600 requêtes par minute et par adresse (les réponses déjà en cache ne comptent pas).
"""


class Utf8Renderer(JSONRenderer):
    """Accented letters as they are, not as \\u00e9: a third lighter for French text, and readable."""

    json_dumps_params = {"ensure_ascii": False}


class PortalApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Probleme"] = problems.PROBLEM_SCHEMA
        return schema


def _problem_for(request: HttpRequest, error: Exception, api: NinjaAPI) -> HttpResponse:
    if isinstance(error, ApiError):
        response: HttpResponse = error.response
        return response
    if isinstance(error, AuthenticationError):
        response = problems.problem(
            401,
            "Jeton absent ou non valable",
            "Envoyez votre jeton de partenaire dans l'en-tête « Authorization: Bearer … » ; "
            "un jeton révoqué ne vaut plus.",
            slug="jeton",
        )
        response["WWW-Authenticate"] = 'Bearer realm="cresol"'
        return response
    if isinstance(error, Http404):
        return problems.problem(404, "Introuvable", "Rien à cette adresse, ou ce n'est pas publié.", slug="introuvable")
    if isinstance(error, ValidationError):
        messages: dict[str, list[str]] = {}
        for item in error.errors:
            messages.setdefault(str(item.get("loc", ["?"])[-1]), []).append("Valeur invalide.")
        return problems.problem(400, "Requête invalide", slug="requete-invalide", errors=messages)
    if isinstance(error, HttpError):
        return problems.problem(error.status_code, str(error.message))
    raise error


@cache
def api() -> NinjaAPI:
    from cresol.people.api import router as people
    from cresol.territories.api import router as territories
    from cresol.themes.api import router as themes

    from .partner import router as partner

    built = PortalApi(
        title="API du portail Cré-sol",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        renderer=Utf8Renderer(),
        docs_url=None,  # the portal's own page, under its CSP: cresol.api.views.docs
        openapi_url="/openapi.json",
        openapi_extra={
            "info": {
                "license": {"name": "Licence du code : AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
                "contact": {"name": "Cré-sol", "url": "https://www.cresol.fr"},
            }
        },
    )
    for handled in (ApiError, AuthenticationError, Http404, ValidationError, HttpError):
        built.add_exception_handler(handled, lambda request, error: _problem_for(request, error, built))  # type: ignore[arg-type]
    for section in sections.registered():
        for prefix, router in section.api_routers:
            built.add_router(prefix, router)
    built.add_router("/personnes-ressources/", people)
    built.add_router("/thematiques/", themes)
    built.add_router("/territoires/", territories)
    built.add_router("/webhooks/", partner)
    return built
