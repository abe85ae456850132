"""The counts of published initiatives per commune and theme, kept by triggers (InitiativeTally)."""

import django.db.models.deletion
from django.db import migrations, models

TALLY = "initiatives_initiativetally"

# An initiative's row and its themes' counted (+1) or uncounted (-1) in its commune's tallies. A count is
# only ever created by an addition: a subtraction finds its row there, since the same row was added.
TRIGGERS = f"""
CREATE FUNCTION initiatives_tally_add(commune bigint, initiative bigint, delta integer) RETURNS void AS $$
BEGIN
    IF delta > 0 THEN
        INSERT INTO {TALLY} (commune_id, theme_id, count) VALUES (commune, NULL, delta)
            ON CONFLICT (commune_id, theme_id) DO UPDATE SET count = {TALLY}.count + delta;
        INSERT INTO {TALLY} (commune_id, theme_id, count)
            SELECT commune, theme_id, delta FROM initiatives_initiative_themes WHERE initiative_id = initiative
            ON CONFLICT (commune_id, theme_id) DO UPDATE SET count = {TALLY}.count + delta;
    ELSE
        UPDATE {TALLY} SET count = count + delta WHERE commune_id = commune AND theme_id IS NULL;
        UPDATE {TALLY} AS tally SET count = tally.count + delta FROM initiatives_initiative_themes AS link
            WHERE link.initiative_id = initiative AND tally.commune_id = commune AND tally.theme_id = link.theme_id;
    END IF;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION initiatives_tally_initiative() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'published' THEN
        PERFORM initiatives_tally_add(OLD.commune_id, OLD.id, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'published' THEN
        PERFORM initiatives_tally_add(NEW.commune_id, NEW.id, 1);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER initiatives_tally_written AFTER INSERT OR DELETE ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION initiatives_tally_initiative();
-- A save writes every column: only a change of status or commune counts.
CREATE TRIGGER initiatives_tally_changed AFTER UPDATE OF status, commune_id ON initiatives_initiative
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.commune_id IS DISTINCT FROM NEW.commune_id)
    EXECUTE FUNCTION initiatives_tally_initiative();

CREATE FUNCTION initiatives_tally_theme() RETURNS trigger AS $$
DECLARE
    link record;
    commune bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN link := NEW; ELSE link := OLD; END IF;
    SELECT commune_id INTO commune FROM initiatives_initiative WHERE id = link.initiative_id AND status = 'published';
    IF NOT FOUND THEN
        RETURN NULL;  -- not published (or being deleted: its row counted it off already)
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {TALLY} (commune_id, theme_id, count) VALUES (commune, link.theme_id, 1)
            ON CONFLICT (commune_id, theme_id) DO UPDATE SET count = {TALLY}.count + 1;
    ELSE
        UPDATE {TALLY} SET count = count - 1 WHERE commune_id = commune AND theme_id = link.theme_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER initiatives_tally_themes AFTER INSERT OR DELETE ON initiatives_initiative_themes
    FOR EACH ROW EXECUTE FUNCTION initiatives_tally_theme();

INSERT INTO {TALLY} (commune_id, theme_id, count)
    SELECT commune_id, NULL, count(*) FROM initiatives_initiative WHERE status = 'published' GROUP BY commune_id;
INSERT INTO {TALLY} (commune_id, theme_id, count)
    SELECT initiative.commune_id, link.theme_id, count(*)
    FROM initiatives_initiative AS initiative
    JOIN initiatives_initiative_themes AS link ON link.initiative_id = initiative.id
    WHERE initiative.status = 'published'
    GROUP BY initiative.commune_id, link.theme_id;
"""  # noqa: S608 - constant SQL, the table name is ours

UNDO = """
DROP TRIGGER initiatives_tally_themes ON initiatives_initiative_themes;
DROP TRIGGER initiatives_tally_changed ON initiatives_initiative;
DROP TRIGGER initiatives_tally_written ON initiatives_initiative;
DROP FUNCTION initiatives_tally_theme();
DROP FUNCTION initiatives_tally_initiative();
DROP FUNCTION initiatives_tally_add(bigint, bigint, integer);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0011_map_tiles"),
        ("territories", "0003_epci_outline"),
        ("themes", "0003_theme_pages"),
    ]

    operations = [
        migrations.CreateModel(
            name="InitiativeTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("count", models.IntegerField(default=0)),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="territories.commune",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="initiative_tallies",
                        to="themes.theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "décompte d'initiatives",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("commune", "theme"), name="initiative_tally_unique", nulls_distinct=False
                    )
                ],
            },
        ),
        migrations.RunSQL(TRIGGERS, UNDO),
    ]
