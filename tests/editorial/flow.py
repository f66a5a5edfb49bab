"""The review steps as Wagtail's workflow engine performs them, for tests."""

from __future__ import annotations

from news.models import LatestUpdatesPage
from tests.factories import LatestUpdatesPageFactory


def draft(section, author, title="Allies meet in Brussels") -> LatestUpdatesPage:
    """A post written and saved by `author`, as the admin's create view does it."""
    post = section.add_child(instance=LatestUpdatesPageFactory.build(title=title, owner=author))
    post.save_revision(user=author)
    return LatestUpdatesPage.objects.get(pk=post.pk)


def submit(post, user):
    state = post.get_workflow().start(post, user)
    post.refresh_from_db()
    return state


def act(post, user, action, **data):
    post = LatestUpdatesPage.objects.get(pk=post.pk)
    task_state = post.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, action, **data)
    post.refresh_from_db()
    return post


def edit(post, user, **changes):
    post = LatestUpdatesPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(post, name, value)
    post.save_revision(user=user)
    return LatestUpdatesPage.objects.get(pk=post.pk)
