"""Partner tokens as staff create them (through the service the admin calls)."""

from cresol.api import services
from cresol.api.models import PartnerToken, Scope
from tests.factories import ModeratorFactory, UserFactory


def partner_token(*, scopes=(Scope.INITIATIVES, Scope.EVENTS, Scope.SHARES), trusted=False, account=None):
    token = PartnerToken(
        organisation="Mairie de Vierzon", account=account or UserFactory(), scopes=list(scopes), trusted=trusted
    )
    secret = services.token_create(token=token, by=ModeratorFactory(is_staff=True))
    return token, secret
