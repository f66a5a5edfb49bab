"""Who may call which write or action endpoint, on which object.

Every POST, PUT, PATCH and DELETE operation in /api/v3/openapi.json (Wagtail's v3
API and our editorial routes) is called by five principals (anonymous, a revoked
token, a writer, an editor, a read-only delivery account) on objects inside and
outside their scope. A refused call must answer 401/403/404 and leave every row of
every table exactly as it was; an allowed call must not fail with a 5xx, and if it
answers 4xx it must not have written anything either.

The operations are read from the OpenAPI document at run time, so a new endpoint
fails `test_every_write_operation_has_scenarios` until it is given scenarios here.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import APIToken, Site

from cms.editorial.roles import EDITORS
from home.models import HomePage
from tests.editorial.flow import act, draft, submit
from tests.factories import ImageFactory
from tests.live.conftest import PARAGRAPH, draft_update, publish_update
from tests.live.conftest import submit as live_submit

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"post", "put", "patch", "delete"}
REFUSED, ALLOWED = "refused", "allowed"
PRINCIPALS = ["anonymous", "revoked", "writer", "editor", "reader"]

# Columns that change on a refused request by design, not as a write by it:
# BearerTokenAuth stamps a token's last use (Wagtail's WAGTAILAPI_TOKEN_LAST_USED_INTERVAL)
# before the endpoint decides anything. Sessions, axes and rate-limit counters need no
# exclusion: token requests make no session, axes only records sign-ins, and the rate
# limits count in the cache, not the database.
IGNORED_COLUMNS = {"wagtailcore_apitoken": {"last_used_at"}}


def snapshot() -> dict[str, str]:
    """A digest of every row of every table, by table."""
    digests = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            names = [column[0] for column in cursor.description]
            keep = [i for i, name in enumerate(names) if name not in IGNORED_COLUMNS.get(table, ())]
            rows = sorted(repr(tuple(row[i] for i in keep)) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


def write_operations(client) -> set[tuple[str, str]]:
    document = client.get("/api/v3/openapi.json").json()
    return {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, _operation in operations.items()
        if method in WRITE_METHODS
    }


def png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


# --- the world ---------------------------------------------------------------------


@pytest.fixture
def world(section, writer, editor, django_user_model, token_for):
    """Objects inside and outside each role's scope, and a token per principal."""
    chief = django_user_model.objects.create_superuser("chief", "chief@example.com", "pass")
    second_editor = django_user_model.objects.create_user("eve", "eve@example.com", "pass")
    second_editor.groups.add(Group.objects.get(name=EDITORS))
    reader = django_user_model.objects.create_user("partner-site", "p@example.com", "pass")

    home = HomePage.objects.get()
    home.save_revision(user=chief)

    own_draft = draft(section, writer, title="Writer draft")
    editor_draft = draft(section, editor, title="Editor draft")
    in_review = draft(section, writer, title="Writer in review")
    submit(in_review, writer)
    editor_in_review = draft(section, editor, title="Editor in review")
    submit(editor_in_review, editor)
    live = draft(section, writer, title="Writer live")
    submit(live, writer)
    live = act(live, second_editor, "approve")
    locked = draft(section, writer, title="Locked live")
    submit(locked, writer)
    locked = act(locked, second_editor, "approve")
    locked.locked, locked.locked_by, locked.locked_at = True, chief, timezone.now()
    locked.save(update_fields=["locked", "locked_by", "locked_at"])

    # A live story's updates (news/live/), in each review state.
    live.coverage_started_at = timezone.now() - timezone.timedelta(hours=1)
    type(live).objects.filter(pk=live.pk).update(coverage_started_at=live.coverage_started_at)
    updates = {
        "update_draft": draft_update(live, writer),
        "update_in_review": live_submit(draft_update(live, writer), writer),
        "editor_update_in_review": live_submit(draft_update(live, editor), editor),
        "update_live": publish_update(live, writer, second_editor),
    }

    # Corrections (news/corrections/): a writer's proposal and a published one on the live post.
    from news.corrections.publishing import add_correction

    corrections = {
        "proposal": add_correction(live, writer, "correction", "The figure was wrong."),
        "published": add_correction(live, second_editor, "clarification", "In Brussels."),
    }

    own_image = ImageFactory(uploaded_by_user=writer)
    editor_image = ImageFactory(uploaded_by_user=editor)
    # Shown in a live post: the uploader may no longer change it (cms/editorial/images.py).
    live_image = ImageFactory(uploaded_by_user=writer)
    from wagtail.models import ReferenceIndex

    live_post = live.get_latest_revision_as_object()
    live_post.body = [("image", {"image": live_image, "caption": "", "credit": ""})]
    ReferenceIndex.create_or_update_for_object(live_post)

    document = get_document_model().objects.create(
        title="Brief", file=SimpleUploadedFile("brief.txt", b"brief"), uploaded_by_user=editor
    )
    redirect = Redirect.objects.create(old_path="/old", redirect_link="https://example.com/")

    revoked, plaintext = APIToken.create_token(user=editor, name="old laptop")
    revoked.revoked_at = timezone.now()
    revoked.save(update_fields=["revoked_at"])

    headers = {
        "anonymous": {},
        "revoked": {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"},
        "writer": token_for(writer),
        "editor": token_for(editor),
        "reader": token_for(reader),
    }
    pages = {
        "own_draft": own_draft,
        "editor_draft": editor_draft,
        "in_review": in_review,
        "editor_in_review": editor_in_review,
        "live": live,
        "locked": locked,
        "home": home,
    }
    return SimpleNamespace(
        section=section,
        home=home,
        pages={name: page.pk for name, page in pages.items()},
        revisions={name: page.get_latest_revision().pk for name, page in pages.items()},
        images={
            "own_image": own_image.pk,
            "editor_image": editor_image.pk,
            "live_image": live_image.pk,
        },
        updates={name: update.pk for name, update in updates.items()},
        corrections={name: correction.pk for name, correction in corrections.items()},
        document=document.pk,
        redirect=redirect.pk,
        site=Site.objects.get().pk,
        headers=headers,
    )


# --- the scenarios -----------------------------------------------------------------


@dataclass
class Cell:
    scope: str
    path: str
    body: Any = None
    multipart: bool = False
    # Principals (besides anonymous and revoked, always refused) the rules let through.
    # The object's state may still make the call a 4xx (409: not in review), which
    # must not write either.
    allowed: frozenset[str] = frozenset()
    # Other statuses that count as a refusal here (see the snippet cells).
    also_refused: frozenset[int] = frozenset()
    # A known server error for the allowed principals; tested on its own (xfail) below.
    known_bug: str = ""
    # The refusal is itself put on the record: a 4xx that writes only audit-log rows
    # (changing a published correction, news/corrections/).
    audited: bool = False


AUDIT_TABLES = {"wagtailcore_pagelogentry", "wagtailcore_modellogentry"}


SECTION_PAGES = ("own_draft", "editor_draft", "in_review", "editor_in_review", "live", "locked")
BOTH = frozenset({"writer", "editor"})
EDITOR = frozenset({"editor"})


def post_body(parent_id: int, action: str | None = None) -> dict:
    return {
        "meta": {"type": "news.LatestUpdatesPage", "parent_id": parent_id, "action": action},
        "title": "Made through the API",
        "standfirst": "Ministers met.",
        "dateline": "2024-12-03",
        "body": [{"type": "paragraph", "value": "<p>Words.</p>"}],
    }


def page_cells(world, path: str, rule, body=None) -> list[Cell]:
    """One cell per page; `rule(scope)` gives who may do it there."""
    return [
        Cell(
            scope, path.format(id=pk), body(scope) if callable(body) else body, allowed=rule(scope)
        )
        for scope, pk in world.pages.items()
    ]


def scenarios(world) -> dict[tuple[str, str], list[Cell]]:
    section, home = world.section.pk, world.home.pk
    pages = "/api/v3/pages/{page_id}/"
    actions = "/api/v3/pages/{page_id}/actions/"

    def editable(scope):
        # Writers and editors edit any unlocked post in the section (Wagtail's "change").
        return BOTH if scope in SECTION_PAGES and scope != "locked" else frozenset()

    def deletable(scope):
        # Without publish rights, only what is not live (Wagtail's can_delete).
        if scope in ("live",):
            return EDITOR
        return editable(scope)

    def publishable(scope):
        # Editors publish others' work only (cms/editorial/duties.py), never a locked post.
        return EDITOR if scope in ("own_draft", "in_review", "live") else frozenset()

    def reviewable(scope):
        # Only another editor reviews; on a post not in review the answer is a 409.
        if scope == "in_review":
            return EDITOR
        return BOTH if scope not in ("editor_in_review", "home") else frozenset()

    def submittable(scope):
        # Anyone who may edit the post may submit it (a 409 if already in review or live).
        return BOTH if scope in SECTION_PAGES else frozenset()

    def any_section_page(scope):
        # Wagtail checks the page's state first: not an alias is a 422 for anyone with rights.
        return BOTH if scope != "home" else frozenset()

    def nobody(scope):
        return frozenset()

    def patch_body(scope, action=None):
        kind = "home.HomePage" if scope == "home" else "news.LatestUpdatesPage"
        return {"meta": {"type": kind, "action": action}, "title": "Changed"}

    def page(path):
        return path.replace("{page_id}", "{id}")

    # Uploaders change and delete their own images, unless a live post shows one
    # (cms/editorial/images.py); editors hold "change" on the collection, which in
    # Wagtail's ownership policy covers delete too.
    image_rule = {
        "own_image": {"PATCH": BOTH, "DELETE": BOTH},
        "editor_image": {"PATCH": EDITOR, "DELETE": EDITOR},
        "live_image": {"PATCH": EDITOR, "DELETE": EDITOR},
    }
    cells: dict[tuple[str, str], list[Cell]] = {
        ("POST", "/api/v3/pages/"): [
            Cell(
                "section",
                "/api/v3/pages/",
                post_body(section),
                allowed=BOTH,
            ),
            # Creating straight into live skips review: superusers only (duties.py).
            Cell("section_publish", "/api/v3/pages/", post_body(section, "publish")),
            Cell("home", "/api/v3/pages/", post_body(home)),
        ],
        ("PATCH", pages): [
            *page_cells(world, page(pages), editable, patch_body),
            *[
                Cell(f"{c.scope}_publish", c.path, patch_body(c.scope, "publish"))
                for c in page_cells(world, page(pages), nobody)
            ],
        ],
        ("DELETE", pages): page_cells(world, page(pages), deletable),
        ("DELETE", actions + "delete/"): page_cells(world, page(actions + "delete/"), deletable),
        ("POST", actions + "publish/"): page_cells(world, page(actions + "publish/"), publishable),
        ("POST", actions + "unpublish/"): page_cells(
            world,
            page(actions + "unpublish/"),
            lambda s: EDITOR if s == "live" else frozenset(),
            {"recursive": False},
        ),
        # A copy that stays live would be published without review.
        ("POST", actions + "copy/"): [
            *page_cells(
                world,
                page(actions + "copy/"),
                lambda s: BOTH if s in ("own_draft", "editor_draft", "in_review") else frozenset(),
                {"destination_id": section, "keep_live": True},
            ),
            Cell(
                "live_to_home",
                f"/api/v3/pages/{world.pages['live']}/actions/copy/",
                {"destination_id": home, "keep_live": False},
            ),
        ],
        ("POST", actions + "move/"): page_cells(
            world, page(actions + "move/"), nobody, {"destination_id": home}
        ),
        ("POST", actions + "revert/"): page_cells(
            world,
            page(actions + "revert/"),
            editable,
            lambda s: {"revision_id": world.revisions[s]},
        ),
        # No page is an alias: allowed callers get a 4xx; nobody else gets past authorisation.
        # Wagtail checks "is it an alias?" before rights, so a 422 there is a refusal too.
        ("POST", actions + "convert_alias/"): [
            Cell(c.scope, c.path, allowed=c.allowed, also_refused=frozenset({422}))
            for c in page_cells(world, page(actions + "convert_alias/"), any_section_page)
        ],
        # An alias of a live post is itself live: publishing without review.
        ("POST", actions + "create_alias/"): page_cells(
            world,
            page(actions + "create_alias/"),
            lambda s: BOTH if s in ("own_draft", "editor_draft") else frozenset(),
            {"destination_id": section},
        ),
        ("POST", actions + "copy_for_translation/"): page_cells(
            world, page(actions + "copy_for_translation/"), editable, {"locale": "fr"}
        ),
        ("POST", "/api/v3/editorial/pages/{page_id}/submit/"): page_cells(
            world, "/api/v3/editorial/pages/{id}/submit/", submittable
        ),
        ("POST", "/api/v3/editorial/pages/{page_id}/approve/"): page_cells(
            world, "/api/v3/editorial/pages/{id}/approve/", reviewable, {"comment": "Fine."}
        ),
        ("POST", "/api/v3/editorial/pages/{page_id}/reject/"): page_cells(
            world, "/api/v3/editorial/pages/{id}/reject/", reviewable, {"comment": "Source?"}
        ),
        **update_scenarios(world),
        **correction_scenarios(world),
        # Sites and redirects are administrators' business; no role has rights on them.
        ("POST", "/api/v3/sites/"): [
            Cell(
                "new",
                "/api/v3/sites/",
                {
                    "hostname": "evil.example.com",
                    "port": 80,
                    "root_page_id": home,
                    "site_name": "Evil",
                },
            ),
        ],
        ("PUT", "/api/v3/sites/{site_id}/"): [
            Cell(
                "default",
                f"/api/v3/sites/{world.site}/",
                {
                    "hostname": "evil.example.com",
                    "port": 80,
                    "root_page_id": home,
                    "site_name": "Evil",
                    "is_default_site": True,
                },
            ),
        ],
        ("DELETE", "/api/v3/sites/{site_id}/"): [Cell("default", f"/api/v3/sites/{world.site}/")],
        ("POST", "/api/v3/redirects/"): [
            Cell(
                "new",
                "/api/v3/redirects/",
                {"old_path": "/x", "redirect_link": "https://evil.example/"},
            ),
        ],
        ("PUT", "/api/v3/redirects/{redirect_id}/"): [
            Cell(
                "existing",
                f"/api/v3/redirects/{world.redirect}/",
                {"old_path": "/old", "redirect_link": "https://evil.example/"},
            ),
        ],
        ("DELETE", "/api/v3/redirects/{redirect_id}/"): [
            Cell("existing", f"/api/v3/redirects/{world.redirect}/"),
        ],
        # Documents: no newsroom role holds document rights.
        ("POST", "/api/v3/documents/"): [
            Cell(
                "root",
                "/api/v3/documents/",
                {"title": "Leak", "file": ("leak.txt", b"x")},
                multipart=True,
            ),
        ],
        ("PATCH", "/api/v3/documents/{document_id}/"): [
            Cell("existing", f"/api/v3/documents/{world.document}/", {"title": "Changed"}),
        ],
        ("DELETE", "/api/v3/documents/{document_id}/"): [
            Cell("existing", f"/api/v3/documents/{world.document}/"),
        ],
        ("POST", "/api/v3/images/"): [
            Cell(
                "root",
                "/api/v3/images/",
                {"title": "Photo", "file": ("p.png", png())},
                multipart=True,
                allowed=BOTH,
            ),
        ],
        ("PATCH", "/api/v3/images/{image_id}/"): [
            Cell(
                scope,
                f"/api/v3/images/{pk}/",
                {"title": "Changed"},
                allowed=image_rule[scope]["PATCH"],
            )
            for scope, pk in world.images.items()
        ],
        ("DELETE", "/api/v3/images/{image_id}/"): [
            Cell(scope, f"/api/v3/images/{pk}/", allowed=image_rule[scope]["DELETE"])
            for scope, pk in world.images.items()
        ],
    }
    # No snippet model is exposed to the v3 API: every snippet write is refused for all.
    snippet = "/api/v3/snippets/news.person/1/"
    for method, suffix, body in [
        ("POST", "", {}),
        ("PATCH", "", {}),
        ("DELETE", "", None),
        ("DELETE", "actions/delete/", None),
        ("POST", "actions/publish/", None),
        ("POST", "actions/unpublish/", None),
        ("POST", "actions/revert/", {"revision_id": 1}),
        ("POST", "actions/copy_for_translation/", {"locale": "fr"}),
    ]:
        base = (
            "/api/v3/snippets/{type}/"
            if (method, suffix) == ("POST", "")
            else "/api/v3/snippets/{type}/{pk}/"
        )
        url = "/api/v3/snippets/news.person/" if (method, suffix) == ("POST", "") else snippet
        # 422: the {type} parameter only accepts "" (no type), so nothing reaches a model.
        cells[(method, base + suffix)] = [
            Cell("person", url + suffix, body, also_refused=frozenset({422}))
        ]
    return cells


def correction_scenarios(world) -> dict[tuple[str, str], list[Cell]]:
    """Corrections (news/corrections/api.py): whoever edits the post proposes one (a 409 on
    what was never published); editors publish; a published one is never changed (409,
    logged); those who cannot edit the post are told nothing (404)."""
    editorial = "/api/v3/editorial/"
    item = editorial + "corrections/{correction_id}/"
    body = {"kind": "correction", "text": "The figure was wrong."}

    def on_pages(scope):
        return BOTH if scope in SECTION_PAGES else frozenset()

    def each(suffix: str, rules: dict, payload=None, audited=False) -> list[Cell]:
        return [
            Cell(
                scope,
                f"{editorial}corrections/{pk}/{suffix}",
                payload,
                allowed=rules[scope],
                audited=audited and scope == "published",
            )
            for scope, pk in world.corrections.items()
        ]

    return {
        ("POST", editorial + "pages/{page_id}/corrections/"): [
            Cell(scope, f"{editorial}pages/{pk}/corrections/", body, allowed=on_pages(scope))
            for scope, pk in world.pages.items()
        ],
        ("POST", editorial + "updates/{update_id}/corrections/"): [
            Cell(scope, f"{editorial}updates/{pk}/corrections/", body, allowed=BOTH)
            for scope, pk in world.updates.items()
        ],
        ("POST", item + "publish/"): each("publish/", {"proposal": EDITOR, "published": EDITOR}),
        ("PATCH", item): each(
            "", {"proposal": BOTH, "published": BOTH}, {"text": "Changed."}, audited=True
        ),
        ("DELETE", item): each("", {"proposal": BOTH, "published": BOTH}, audited=True),
    }


def update_scenarios(world) -> dict[tuple[str, str], list[Cell]]:
    """The live update routes (news/live/editorial_api.py): whoever edits the story writes
    its updates; reviews as for posts; withdrawing is an editor's (a 409 when not live)."""
    updates = "/api/v3/editorial/updates/"
    item = updates + "{update_id}/"

    def cells(suffix: str, rule, body=None) -> list[Cell]:
        return [
            Cell(scope, f"{updates}{pk}/{suffix}", body, allowed=rule(scope))
            for scope, pk in world.updates.items()
        ]

    def reviewable(scope):
        # As for posts: only another editor; on an update not in review, a 409.
        if scope == "update_in_review":
            return EDITOR
        return frozenset() if scope == "editor_update_in_review" else BOTH

    def story_editors(scope):
        return BOTH

    def create(scope: str, post_id: int, allowed) -> Cell:
        return Cell(scope, updates, {"post": post_id, "body": PARAGRAPH}, allowed=allowed)

    return {
        ("POST", updates): [
            create("live_story", world.pages["live"], BOTH),
            # Not covered live: a 409 for those who may edit it, a refusal for the rest.
            create("no_coverage", world.pages["own_draft"], BOTH),
            create("home", world.home.pk, frozenset()),
        ],
        ("PATCH", item): cells("", story_editors, {"headline": "Changed"}),
        ("POST", item + "submit/"): cells("submit/", story_editors),
        ("POST", item + "approve/"): cells("approve/", reviewable, {"comment": "Fine."}),
        ("POST", item + "reject/"): cells("reject/", reviewable, {"comment": "Source?"}),
        ("POST", item + "withdraw/"): cells("withdraw/", lambda s: EDITOR, {"reason": "Wrong."}),
    }


# --- the tests ---------------------------------------------------------------------


def call(client, method: str, cell: Cell, headers: dict) -> Any:
    if cell.multipart:
        data = {
            key: SimpleUploadedFile(*value) if isinstance(value, tuple) else value
            for key, value in cell.body.items()
        }
        return client.post(cell.path, data, **headers)
    return client.generic(
        method,
        cell.path,
        data=b"" if cell.body is None else json.dumps(cell.body),
        content_type="application/json",
        **headers,
    )


def test_every_write_operation_has_scenarios(client, world):
    missing = write_operations(client) - set(scenarios(world))
    assert not missing, f"Write operations with no authorisation scenarios: {sorted(missing)}"


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_authorisation_matrix(client, world, principal):
    headers = world.headers[principal]
    # A server error is recorded as a problem in the table, not raised mid-run.
    client.raise_request_exception = False
    operations = write_operations(client)
    baseline = snapshot()
    problems = []
    for (method, template), cells in sorted(scenarios(world).items()):
        if (method, template) not in operations:
            continue
        for cell in cells:
            expected = ALLOWED if principal in cell.allowed else REFUSED
            if expected == ALLOWED and cell.known_bug:
                continue
            with transaction.atomic():
                response = call(client, method, cell, headers)
                status = response.status_code
                label = f"{principal} {method} {template} [{cell.scope}] -> {status}"
                refused_ok = (
                    {401} if principal in ("anonymous", "revoked") else {401, 403, 404}
                ) | cell.also_refused
                if expected == REFUSED and status not in refused_ok:
                    problems.append(
                        f"{label}: expected refusal {sorted(refused_ok)} {response.content[:200]!r}"
                    )
                elif status >= 500:
                    problems.append(f"{label}: server error")
                changed = changed_tables(baseline, snapshot()) if status >= 400 else []
                audit_only = cell.audited and expected == ALLOWED and set(changed) <= AUDIT_TABLES
                if changed and not audit_only:
                    problems.append(f"{label}: refused but changed {changed}")
                transaction.set_rollback(True)
            for cache in caches.all():
                cache.clear()
    assert not problems, "\n".join(problems)


def test_creating_a_post_through_v3_is_not_a_server_error(client, world):
    client.raise_request_exception = False
    response = client.post(
        "/api/v3/pages/",
        post_body(world.section.pk),
        content_type="application/json",
        **world.headers["writer"],
    )
    assert response.status_code == 201, response.content
