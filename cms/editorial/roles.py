"""The newsroom's two roles as Django groups, granted idempotently on every deploy.

Writers draft; Editors also publish, unpublish and lock. Rights are replaced,
not merged, each time, so a right removed here is removed from the database too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

WRITERS = "Writers"
EDITORS = "Editors"
# API clients who read embargoed stories early (news/embargo/): membership is the
# right; the group holds no permission and cannot use the admin.
PARTNERS = "Partners"
# Wagtail's own default group; its publish rights now belong to our Editors.
WAGTAIL_MODERATORS = "Moderators"


@dataclass(frozen=True)
class Role:
    name: str
    page: tuple[str, ...]  # Wagtail page permission types, on the Latest Updates section
    collection: tuple[str, ...]  # "app.codename" on the root collection (images)
    model: tuple[str, ...]  # "app.codename" granted on the group itself


# Writers may add people but not edit them: a person's name shows in live posts,
# and changing what a live post shows is an editor's call.
_WRITER_MODEL_PERMS = (
    "wagtailadmin.access_admin",
    "news.add_person",
    "news.view_person",
    # Their own API tokens, for newsroom tools acting on their behalf.
    "wagtailcore.add_apitoken",
    "wagtailcore.view_apitoken",
    "wagtailcore.delete_apitoken",
    # Live updates (news/live/): drafted and submitted by writers. Nobody holds
    # publish_liveupdate: an update goes live only by an editor's approval.
    "news.add_liveupdate",
    "news.change_liveupdate",
    "news.view_liveupdate",
    # Corrections (news/corrections/): writers propose, editors publish.
    "news.add_correction",
    "news.view_correction",
)
_EDITOR_MODEL_PERMS = (
    *_WRITER_MODEL_PERMS,
    "news.change_person",
    "news.delete_person",
    # Webhook endpoints (Settings → Webhooks): where published posts are announced.
    "webhooks.add_webhookendpoint",
    "webhooks.change_webhookendpoint",
    "webhooks.delete_webhookendpoint",
    "webhooks.view_webhookendpoint",
    # The admin's import screen (news/import_admin/); drafts it makes still need review.
    "news.import_posts",
    # Taking a published update away from readers, with a reason; and starting
    # and ending a story's live coverage.
    "news.withdraw_liveupdate",
    "news.manage_coverage",
    "news.publish_correction",
)

ROLES = (
    Role(
        name=WRITERS,
        page=("add", "change"),
        collection=("wagtailimages.add_image", "wagtailimages.choose_image"),
        model=_WRITER_MODEL_PERMS,
    ),
    Role(
        name=EDITORS,
        page=("add", "change", "publish", "lock", "unlock"),
        collection=(
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
        ),
        model=_EDITOR_MODEL_PERMS,
    ),
    Role(name=PARTNERS, page=(), collection=(), model=()),
)


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(permission_type: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
    )


@transaction.atomic
def ensure_roles(section: Page) -> dict[str, Group]:
    """Create or reset Writers, Editors and Partners with rights on `section`; retire Moderators."""
    groups: dict[str, Group] = {}
    root_collection = Collection.get_first_root_node()
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.name)
        group.permissions.set([_permission(p) for p in role.model])
        GroupPagePermission.objects.filter(group=group).delete()
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page=section, permission=_page_permission(p))
            for p in role.page
        )
        GroupCollectionPermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(
                group=group, collection=root_collection, permission=_permission(p)
            )
            for p in role.collection
        )
        groups[role.name] = group

    moderators = Group.objects.filter(name=WAGTAIL_MODERATORS).first()
    if moderators is not None:
        # Moderators could publish, as our Editors can: keep their people, drop the group.
        groups[EDITORS].user_set.add(*moderators.user_set.all())
        moderators.delete()
    return groups
