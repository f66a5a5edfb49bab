# Stand-in for deploy/varnish/default.vcl while that file is not on this branch
# (BENCH_VARNISH_VCL picks either). Varnish's built-in rules plus the one thing
# the app's purge needs: PURGE from this machine drops the object at that URL,
# which is what FRONTEND_CACHE_PURGE_URL (cms/delivery/purge.py) sends.
vcl 4.1;

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
        return (purge);
    }
}
