"""Record a 'published' event for every post that was live before the log existed,
so a client replaying the feed from the start ends with every live post."""

from django.db import migrations


def backfill(apps, schema_editor):
    LatestUpdatesPage = apps.get_model("news", "LatestUpdatesPage")
    PageChange = apps.get_model("changelog", "PageChange")
    Site = apps.get_model("wagtailcore", "Site")
    roots = sorted(
        (site.root_page.url_path for site in Site.objects.select_related("root_page")),
        key=len,
        reverse=True,
    )
    logged = set(PageChange.objects.values_list("page_id", flat=True))
    for post in LatestUpdatesPage.objects.filter(live=True).order_by("first_published_at", "pk"):
        if post.pk in logged:
            continue
        root = next((r for r in roots if post.url_path.startswith(r)), None)
        path = "/" + post.url_path[len(root) :] if root else post.url_path
        PageChange.objects.create(
            event="published",
            page_id=post.pk,
            revision_id=post.live_revision_id,
            occurred_at=post.last_published_at or post.first_published_at,
            url_path=path,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("changelog", "0001_initial"),
        ("news", "0002_dateline_without_default"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
