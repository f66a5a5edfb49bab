# Stand-in for deploy/varnish/default.vcl, for a checkout without it
# (BENCH_VARNISH_VCL picks any VCL). Varnish's built-in rules plus the purges
# the app sends: PURGE with an xkey-purge header (FRONTEND_CACHE_VARNISH_URL)
# drops every object tagged with those keys, a plain PURGE the object at that
# URL (FRONTEND_CACHE_PURGE_URL). Only from this machine.
vcl 4.1;

import xkey;

# The bench writes the app server's address here (bench/limit/varnish.py).
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.xkey-purge) {
            return (synth(200, "Purged " + xkey.purge(req.http.xkey-purge)));
        }
        return (purge);
    }
}
