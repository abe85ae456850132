"""The Monday digest becomes an alert like the others: each confirmed, active subscription becomes a
weekly alert on the watch, with the same themes, for the member's address, confirmed (it was), counting
from now; then the digest's tables go. Links in digests already sent keep stopping what an address gets
(veille.services.digest_link_address)."""

import secrets

from django.db import migrations
from django.utils import timezone


def digests_to_alerts(apps, schema_editor):
    DigestSubscription = apps.get_model("veille", "DigestSubscription")
    Alert = apps.get_model("alerts", "Alert")
    now = timezone.now()
    subscriptions = DigestSubscription.objects.filter(confirmed=True, active=True, user__is_active=True)
    Alert.objects.bulk_create(
        Alert(
            sources=["veille"],
            email=subscription.user.email,
            user=subscription.user,
            themes=sorted(subscription.themes.values_list("pk", flat=True)),
            frequency="hebdomadaire",
            feed_key=secrets.token_urlsafe(24),
            confirmed_at=now,
            sent_until=now,
        )
        for subscription in subscriptions.select_related("user")
        if subscription.user.email
    )


class Migration(migrations.Migration):
    dependencies = [
        ("veille", "0005_search_vector"),
        ("alerts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(digests_to_alerts, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="digestsending", name="one_digest_per_week"),
        migrations.RemoveField(model_name="digestsending", name="user"),
        migrations.DeleteModel(name="DigestSubscription"),
        migrations.DeleteModel(name="DigestSending"),
    ]
