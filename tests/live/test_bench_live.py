"""`make bench-live` without the load: its figures come out right from known receipts."""

from __future__ import annotations

from bench.live import report


def figures() -> dict:
    approvals = {
        "live": [{"event_id": 10, "committed_at": 100.0}, {"event_id": 11, "committed_at": 101.0}],
        "missed": [{"event_id": 12, "committed_at": 103.0}],
        "after": [{"event_id": 13, "committed_at": 110.0}],
    }
    whole = {
        "receipts": [["10", 100.1], ["11", 101.2], ["12", 106.0], ["13", 110.1]],
        "log": [[99.0, "open"], [102.0, "closed"], [104.5, "status 502"], [105.5, "open"]],
    }
    # Lost the second live event, and got the missed one twice.
    faulty = {
        "receipts": [["10", 100.3], ["12", 106.0], ["12", 106.1], ["13", 110.2]],
        "log": [[99.0, "open"], [102.0, "closed"], [105.8, "open"]],
    }
    memory = {"gunicorn_workers": 2**20, "gunicorn_worker_count": 2, "pushpin": 2**21}
    return {
        "clients": 2,
        "updates": 2,
        "missed": 1,
        "connected": 2,
        "connect_seconds": 1.0,
        "stopped_at": 102.0,
        "restarted_at": 105.0,
        "memory_before": memory,
        "memory_connected": memory,
        "loadavg_before": (0.1, 0.1, 0.1),
        "loadavg_after": (0.1, 0.1, 0.1),
        "pushpin_version": "pushpin 1.36.0",
        "readers": [whole, faulty],
        "approvals": approvals,
    }


def test_losses_repeats_and_recovery_are_counted():
    results = report.analyse(figures())
    assert results["lost"] == {"live": 1, "missed": 0, "after": 0}
    assert results["twice"] == {"live": 0, "missed": 1, "after": 0}
    assert results["recovered"] == 1
    assert results["refused"] == {"connect": 0, "restart": 1}
    assert round(results["max_ms"]) == 300
    assert not report.targets_met(results)
    table = report.render(figures(), results)
    assert table.startswith(report.BEGIN) and table.endswith(report.END)
    assert "Targets NOT met" in table
