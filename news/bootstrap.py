"""Create the newsroom's page tree idempotently: Home → Latest Updates."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.models import Page, Site

from home.models import HomePage
from news.models import NewsIndexPage

SECTION_SLUG = "latest-updates"


def _publish(page: Page) -> None:
    # Through a revision, as the admin does, so history and the audit log see it.
    page.save_revision(log_action=True).publish(log_action=True)


def _retire_welcome_page(root: Page) -> None:
    """Delete the placeholder page Wagtail's first migration makes, if nobody used it."""
    for page in root.get_children().filter(content_type__model="page", slug="home"):
        if page.get_children().exists():
            raise ImproperlyConfigured(
                f"Wagtail's placeholder page {page.url_path!r} has child pages; "
                "move them under the home page before bootstrapping."
            )
        page.delete()


@transaction.atomic
def ensure_home_page() -> tuple[HomePage, bool]:
    """The HomePage, set as the default site's root. Returns (page, created)."""
    home = HomePage.objects.first()
    created = home is None
    if created:
        root = Page.get_first_root_node()
        _retire_welcome_page(root)
        home = root.add_child(
            instance=HomePage(
                title="Home",
                slug="home",
                introduction="Running stories as structured updates.",
                live=False,
            )
        )
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = _public_address()
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    else:
        site.root_page = home
        if (site.hostname, site.port) == ("localhost", 80):
            # Wagtail's untouched default: take the real address so html_url links work.
            site.hostname, site.port = _public_address()
        site.save()
    return home, created


def _public_address() -> tuple[str, int]:
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    default_port = 443 if url.scheme == "https" else 80
    return url.hostname or "localhost", url.port or default_port


@transaction.atomic
def ensure_news_section(home: HomePage) -> tuple[NewsIndexPage, bool]:
    """The single Latest Updates section under the home page. Returns (page, created)."""
    section = NewsIndexPage.objects.first()
    if section is not None:
        return section, False
    section = home.add_child(
        instance=NewsIndexPage(
            title="Latest Updates",
            slug=SECTION_SLUG,
            introduction="Running coverage, one structured update at a time.",
            live=False,
        )
    )
    _publish(section)
    return section, True
