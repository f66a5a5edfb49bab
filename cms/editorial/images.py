"""Images that appear in published posts change only with an editor's hand.

Wagtail lets anyone who may add images also edit the ones they uploaded. Here
that ownership right stops once a live post shows the image: replacing its file
or title would change published content without review.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy


def shown_in_live_page(instance: Any) -> bool:
    page_ids = (
        ReferenceIndex.get_references_to(instance)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in page_ids], live=True).exists()


class LiveImagePermissionPolicy(CollectionOwnershipPermissionPolicy):
    def user_has_any_permission_for_instance(self, user: Any, actions: Any, instance: Any) -> bool:
        editing = {"change", "delete"} & set(actions)
        if (
            editing
            and not user.is_superuser
            # Only the uploader's ownership right is curbed; collection editors keep theirs.
            and not self._check_perm(user, {"change"}, collection=instance.collection)
            and shown_in_live_page(instance)
        ):
            actions = set(actions) - editing
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


def register() -> None:
    from wagtail.images import get_image_model
    from wagtail.permissions import register_permission_policy

    register_permission_policy(
        get_image_model(),
        LiveImagePermissionPolicy(
            get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
        ),
    )
