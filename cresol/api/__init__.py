"""The partners' API, /api/v1/: what the pages show, as JSON for other sites and programs.

- Reads are open to anyone (CORS open for GET), under the licence of what they return, with the
  pages' own filters (each section's FilterSet: one definition for the page, the export and the API),
  cursor pagination (stable while items are added), ETags and the page cache.
- Writes need a partner's token (tokens.py), go through the very services and moderation a member's
  form does, and answer errors as RFC 9457 problem details with the forms' French messages.
- Webhooks (webhooks.py) tell subscribed partners what changed, signed per Standard Webhooks.
- The OpenAPI 3.1 description is generated from the code (django-ninja) and shown at /api/v1/docs/.

Sections add their endpoints through their Section's `api_routers` (cresol.core.sections): cresol
imports no section.
"""
