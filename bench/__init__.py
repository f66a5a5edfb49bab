"""The delivery API benchmark behind `make bench` (see docs/performance.md).

Never part of `make test`: speed targets are measured here, side by side in
one run on one app server, and reported as ratios.
"""
