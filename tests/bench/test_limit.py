"""`make bench`'s static-file comparison without the load: wrk's output read right,
a run with a refused answer never reported, targets judged as the issue states them."""

from __future__ import annotations

import pytest

from bench import reporting
from bench.limit import forms, plan, targets, varnish, wrk
from bench.limit.plan import Figure

# wrk 4.1.0 against a server answering 404 to everything, trimmed of nothing.
WRK_REFUSED = """\
Running 1s test @ http://127.0.0.1:18765/nonexistent
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.14ms    4.48ms  39.71ms   96.07%
    Req/Sec   545.00    158.05     0.87k    80.00%
  Latency Distribution
     50%    3.46ms
     75%    5.19ms
     90%    7.76ms
     99%   28.60ms
  543 requests in 1.00s, 275.92KB read
  Non-2xx or 3xx responses: 543
Requests/sec:    541.38
Transfer/sec:    275.10KB
"""

WRK_CLEAN = """\
Running 5s test @ http://127.0.0.1:40000/static/bench-post-detail.json
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.00us  101.20us   1.20s    91.00%
    Req/Sec     9.80k   300.00    10.20k    70.00%
  Latency Distribution
     50%  790.00us
     75%  850.00us
     90%  900.00us
     99%    1.02s
  49000 requests in 5.00s, 1.15GB read
Requests/sec:   9800.00
Transfer/sec:    235.00MB
"""


def test_wrk_figures_are_read_with_their_units():
    result = wrk.parse(WRK_CLEAN)
    assert (result.requests, result.seconds, result.rps) == (49000, 5.0, 9800.0)
    assert result.latency_ms["50"] == pytest.approx(0.79)
    assert result.latency_ms["99"] == pytest.approx(1020.0)
    assert wrk.problems(result) == []


def test_a_run_with_non_2xx_answers_has_a_problem():
    result = wrk.parse(WRK_REFUSED)
    assert result.non_2xx_3xx == 543
    assert wrk.problems(result) == ["543 non-2xx/3xx answers of 543"]


def test_socket_errors_are_a_problem_too():
    output = WRK_CLEAN.replace(
        "Requests/sec", "  Socket errors: connect 0, read 2, write 0, timeout 3\nRequests/sec"
    )
    assert wrk.problems(wrk.parse(output)) == ["socket errors: read 2, timeout 3"]


def test_output_without_a_summary_is_an_error_not_zero_figures():
    with pytest.raises(wrk.WrkError):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_wrk_sends_every_header_given_and_no_accept_encoding():
    arguments = wrk.command(
        "http://127.0.0.1:1/x",
        seconds=5,
        connections=8,
        threads=1,
        headers=plan.Scenario("production", "n", 1, "/x", 304, {"If-None-Match": '"a"'}).headers,
    )
    sent = [arguments[i + 1] for i, a in enumerate(arguments) if a == "--header"]
    assert sent == ["Host: 127.0.0.1", "Accept: application/json", 'If-None-Match: "a"']
    assert "--duration=5s" in arguments and arguments[-1] == "http://127.0.0.1:1/x"


def test_a_refused_run_writes_nothing_and_exits_non_zero(capsys):
    written = []
    status = reporting.publish("| figures |", ["our v2 detail, cached"], written.append)
    assert status == 1 and written == []
    assert "| figures |" not in capsys.readouterr().out


def test_the_production_form_has_redis_and_the_limiter_out_of_reach():
    production = forms.app_env(forms.FORMS[forms.PRODUCTION], port=9, redis_url="redis://x/12")
    embedded = forms.app_env(forms.FORMS[forms.EMBEDDED], port=9, redis_url="redis://x/12")
    assert production["DJANGO_SETTINGS_MODULE"] == "cms.settings.production"
    assert production["REDIS_URL"] == "redis://x/12" and "REDIS_URL" not in embedded
    assert (production["WEB_CONCURRENCY"], embedded["WEB_CONCURRENCY"]) == ("1", "2")
    for environment in (production, embedded):
        assert int(environment["API_RATE_LIMIT_ANON_PER_MINUTE"]) >= 10**9
        assert environment["SECURE_SSL_REDIRECT"] == "false"


def _figure(rps: float) -> Figure:
    return Figure(int(rps * 5), 5.0, rps, rps, rps, 1.0, 2.0, 1)


def _scenarios() -> list[plan.Scenario]:
    return plan.plan(
        post_id=5,
        static_path="/static/f.json",
        ports={forms.PRODUCTION: 1, forms.EMBEDDED: 2, plan.VARNISH: 3},
        etags={forms.PRODUCTION: '"p"', forms.EMBEDDED: '"e"'},
    )


FRESH = {
    "publishes": 30,
    "never_fresh": 0,
    "p50_s": 0.02,
    "max_s": 0.05,
    "publish_p50_s": 0.4,
    "stale_after": 0,
    "reads_after": 600,
    "timeout_s": 5.0,
}
HIT = {"status": 200, "sql": 0, "redis": 1}


def _evaluate(rps: dict[tuple[str, str], float], costs=None, fresh=FRESH):
    scenarios = _scenarios()
    figures = {s.key: _figure(rps.get(s.key, 1000.0)) for s in scenarios}
    return {
        c.measure: c
        for c in targets.evaluate(figures, plan.ratios(scenarios, figures), costs or {}, fresh)
    }


def test_every_target_passes_at_the_static_files_rate():
    checks = _evaluate({})
    assert all(c.passed for c in checks.values()), checks
    assert len(checks) == 7


def test_a_missed_ratio_says_what_each_answer_costs():
    slow = {(forms.EMBEDDED, plan.V2): 20.0, (forms.PRODUCTION, plan.NOT_MODIFIED): 850.0}
    costs = {
        forms.EMBEDDED: {"v2 detail": {"status": 200, "sql": 15, "redis": 0}},
        forms.PRODUCTION: {"v2 detail, 304": {"status": 304, "sql": 0, "redis": 5}},
    }
    checks = _evaluate(slow, costs)
    embedded = checks["embedded default: v2 detail, cached ÷ static file, req/s"]
    assert not embedded.passed and embedded.measured.startswith("0.02 ")
    assert "15 SQL queries" in embedded.reason
    not_modified = checks["production form: v2 detail, 304 ÷ static file, req/s"]
    assert not not_modified.passed and "5 Redis round trips" in not_modified.reason
    # 0.8 of static is enough for a 200 detail, not for a 304 (0.9).
    assert checks["production form: v2 detail, cached ÷ static file, req/s"].passed


def test_a_late_or_stale_publish_misses_and_a_skipped_varnish_is_no_pass():
    late = _evaluate({}, fresh={**FRESH, "max_s": 1.2, "stale_after": 2})
    assert not late["Varnish: publish → fresh, max over publishes"].passed
    assert "1200 ms" in late["Varnish: publish → fresh, max over publishes"].reason
    assert not late["Varnish: stale answers after the first fresh one"].passed
    never = _evaluate({}, fresh={**FRESH, "never_fresh": 1})
    assert (
        "1 of 30 publishes not fresh"
        in never["Varnish: publish → fresh, max over publishes"].reason
    )
    skipped = _evaluate({}, fresh=None)
    assert not any(c.passed for m, c in skipped.items() if m.startswith("Varnish"))


def test_rounds_add_up_over_all_their_requests_and_take_turns():
    rounds = [wrk.parse(WRK_CLEAN), wrk.parse(WRK_REFUSED)]
    figure = plan.aggregate(rounds)
    assert figure.requests == 49543 and figure.rps == pytest.approx(49543 / 6.0)
    assert (figure.rps_min, figure.rps_max) == (541.38, 9800.0)
    scenarios = _scenarios()
    firsts = {plan.rotated(scenarios, n)[0].key for n in range(len(scenarios))}
    assert len(firsts) == len(scenarios)


def test_the_vcl_backend_is_pointed_at_the_app_server():
    vcl = (
        'vcl 4.1;\nbackend default {\n  .host = "app";\n  .port = "80";\n'
        '  .probe = { .url = "/healthz"; }\n}\nsub vcl_recv { }\n'
    )
    rewritten = varnish.with_backend(vcl, "127.0.0.1", 4242)
    assert '.host = "127.0.0.1";' in rewritten and '.port = "4242";' in rewritten
    assert rewritten.endswith("}\nsub vcl_recv { }\n")
    with pytest.raises(varnish.VclError):
        varnish.with_backend("vcl 4.1;\n", "127.0.0.1", 1)
