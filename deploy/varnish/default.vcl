# Varnish 7 in front of the newsroom CMS, purged by surrogate key (vmod xkey,
# Debian's varnish-modules). docs/operations.md, "Varnish or a CDN in front",
# says how to run it and what the keys mean.
#
# What an operator edits: the backend's host and port below, and the purgers
# ACL if the CMS purges from another machine. Everything else follows the
# app's own Cache-Control: Varnish stores only what the app marks shareable.
vcl 4.1;

import std;
import xkey;

# The CMS (gunicorn from `make serve`, or any app server). Edit these two lines.
backend cms {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    # The update stream sends a comment at least every 10 s; a minute of silence is a dead stream.
    .between_bytes_timeout = 60s;
}

# Who may purge. The CMS's app servers purge after each publish; nobody else.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Purges: by key (what the CMS sends, cms/delivery/purge.py) or by URL (the older
    # FRONTEND_CACHE_PURGE_URL form). A hard purge, not a soft one: a soft-purged
    # object could still be served while it is refetched, and a publish must never
    # be followed by an old answer.
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from this address"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.X-Purged + " objects"));
        }
        return (purge);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        if (req.method !~ "^(POST|PUT|PATCH|DELETE|OPTIONS)$") {
            return (synth(405, "Method not allowed"));
        }
        return (pass);
    }

    # Server-Sent Events (live update streams): one reader's stream, passed
    # through as it is written, never buffered or stored.
    if (req.url ~ "^/api/v3/news/posts/[^/]+/updates/stream/") {
        set req.http.X-Stream = "1";
        return (pass);
    }

    # Personal answers, never stored: anything sent with a token or a session
    # (an editor browsing the public site while signed in gets a pass, which
    # is right: the app may show them what anonymous readers do not see),
    # drafts for preview, the editorial API, the admin.
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    if (req.url ~ "^/api/v2/page_preview/" || req.url ~ "[?&]token=") {
        return (pass);
    }
    if (req.url ~ "^/api/v3/editorial/" || req.url ~ "^/admin(/|$)" || req.url ~ "^/django-admin(/|$)") {
        return (pass);
    }
    # Probes must reach the app: a cached "ready" says nothing.
    if (req.url ~ "^/(healthz|readyz)") {
        return (pass);
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    return (lookup);
}

sub vcl_hit {
    set req.http.X-Cache = "HIT";
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_fetch {
    if (bereq.http.X-Stream) {
        # An open stream outlives any response timeout; the heartbeat keeps it alive.
        set bereq.first_byte_timeout = 3600s;
    }
}

sub vcl_backend_response {
    if (bereq.http.X-Stream) {
        set beresp.do_stream = true;
        set beresp.do_gzip = false;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # No grace: the app's stale-while-revalidate would let Varnish answer with an
    # old copy past its s-maxage, and an object whose purge was lost (Varnish
    # was briefly unreachable) must still end at its s-maxage. The CMS retries
    # failed purges from its outbox; the s-maxage is the promise in between.
    set beresp.grace = 0s;

    # Store only what the app says a shared cache may store: an answer without an
    # explicit lifetime is not guessed at (Varnish's default_ttl would store it).
    if (bereq.uncacheable
        || beresp.http.Cache-Control !~ "(?i)(s-maxage|max-age)=[1-9]"
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.http.Set-Cookie
        || beresp.http.Vary == "*") {
        # Hit-for-miss, as Varnish's built-in VCL does: later requests go to the app
        # side by side instead of queueing behind one another, and the next
        # cacheable answer replaces this marker.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # A stored answer goes to every client: the rate-limit count of the one request
    # that filled it would be wrong for all the others (and hits are not counted).
    unset beresp.http.RateLimit-Limit;
    unset beresp.http.RateLimit-Remaining;
    unset beresp.http.RateLimit-Reset;
    return (deliver);
}

sub vcl_deliver {
    # For people and tests: was this answered from Varnish (HIT), fetched and
    # stored (MISS), or passed through (PASS)?
    set resp.http.X-Cache = req.http.X-Cache;
    unset resp.http.X-Purged;
}

sub vcl_synth {
    set resp.http.X-Cache = "SYNTH";
}
