from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router, api_v3
from cms.health import probes
from news import feeds
from news.interchange.news_sitemap import news_sitemap
from search import views as search_views

urlpatterns = [
    # Probes for load balancers (cms/health/probes.py): no trailing slash, as probes are configured.
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/v3/", api_v3.urls),
    path("search/", search_views.search, name="search"),
    # The section's feeds (news/feeds.py says why these are not page routes).
    path("latest-updates/rss.xml", feeds.rss_feed, name="news_feed_rss"),
    path("latest-updates/atom.xml", feeds.atom_feed, name="news_feed_atom"),
    path("latest-updates/feed.json", feeds.json_feed, name="news_feed_json"),
    # Google News sitemap of the last two days' posts (news/interchange/news_sitemap.py).
    path("latest-updates/news-sitemap.xml", news_sitemap, name="news_sitemap"),
    # Live public pages with their last publication time (wagtail.contrib.sitemaps).
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Uploaded media in development; production serves MEDIA_ROOT from the web server or a CDN.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page serving catches everything else, so it must come last.
    path("", include(wagtail_urls)),
]

# API clients get problem+json for an unknown URL or an unexpected error, people
# the site's 404 and 500 pages.
handler500 = "cms.delivery.problems.server_error"
handler404 = "cms.delivery.problems.page_not_found"
