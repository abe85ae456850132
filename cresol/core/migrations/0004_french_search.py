"""What the site-wide search needs from PostgreSQL:
- `french_unaccent`, a text search configuration: French stemming after removing accents, so that
  "epicerie" and "épiceries" meet;
- `cresol_unaccent(text)`, unaccent declared IMMUTABLE (the extension's own is not, as its dictionary
  could change), so that expressions using it can be indexed (trigram indexes for typos)."""

from django.db import migrations

SQL = """
CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
ALTER TEXT SEARCH CONFIGURATION french_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE FUNCTION cresol_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, $1);
"""

REVERSE = """
DROP FUNCTION IF EXISTS cresol_unaccent(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_unaccent")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
