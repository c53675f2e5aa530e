#!/usr/bin/env python3
"""Statistics of the bench scripts' raw runs (tab-separated files with a header row).

    stats.py compare-table RUNS_TSV TTFB_TSV TARGETS   # compare.sh: one row per target and mode
    stats.py compare-targets TABLE_TSV                  # compare.sh: aigw to the floor and Portkey, the targets met or missed
    stats.py streams-targets B_P99 G_P99 B_DUR G_DUR KIB # compare.sh --streams: the slow-stream targets met or missed
    stats.py ab-summary RUNS_TSV                       # ab.sh: median [min..max] per target and mode
    stats.py ab-paired RUNS_TSV FIRST_VARIANT          # ab.sh: CPU per request over the first variant's, by round
    stats.py load-table RUNS_TSV                       # load.sh: means over rounds, gateway/direct ratios
    stats.py per A SCALE_A B SCALE_B N DIGITS          # (A*SCALE_A - B*SCALE_B) / N, DIGITS decimals; 0 when N <= 0

Medians of an even count are the mean of the two middle values. Standard library only.
"""

import csv
import math
import statistics
import sys
from collections import defaultdict


def rows(path):
    """The data rows of a tab-separated file, as lists of strings (the header row skipped)."""
    with open(path, newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        next(reader, None)
        return [row for row in reader if row]


def compare_table(runs_path, ttfb_path, targets):
    """Medians over rounds per target and mode; peak RSS is the largest reading; errors are summed.

    runs: round target mode rps p50_us p99_us errors requests cpu_us_per_request hwm_kb
    ttfb: round target mode ttfb_p50_us errors
    Output, one TSV row per target and mode (plain first, targets in the given order): target, mode,
    requests/s, p50 ms, p99 ms, TTFB p50 ms, TTFB added ms, x direct, CPU us/request, peak RSS MB, errors.
    """
    values = defaultdict(list)
    errors = defaultdict(int)
    hwm = defaultdict(float)
    seen = set()
    for r in rows(runs_path):
        key = (r[1], r[2])
        seen.add(key)
        for name, column in (("rps", 3), ("p50", 4), ("p99", 5), ("cpu", 8)):
            values[key + (name,)].append(float(r[column]))
        errors[key] += int(float(r[6]))
        hwm[key] = max(hwm[key], float(r[9]))
    for r in rows(ttfb_path):
        key = (r[1], r[2])
        values[key + ("ttfb",)].append(float(r[3]))
        errors[key] += int(float(r[4]))

    def median(key, name):
        v = values.get(key + (name,))
        return statistics.median(v) if v else None

    out = []
    for mode in ("plain", "stream"):
        direct_rps = median(("direct", mode), "rps") or 0
        direct_ttfb = median(("direct", mode), "ttfb")
        for target in targets:
            key = (target, mode)
            if key not in seen:
                continue
            rps = median(key, "rps")
            ttfb = median(key, "ttfb")
            ttfb_text = "-" if ttfb is None else "%.2f" % (ttfb / 1000)
            added = "-"
            if ttfb is not None and direct_ttfb is not None and target != "direct":
                added = "%+.2f" % ((ttfb - direct_ttfb) / 1000)
            ratio = "%.3f" % (rps / direct_rps) if direct_rps > 0 else "-"
            out.append("%s\t%s\t%.0f\t%.2f\t%.2f\t%s\t%s\t%s\t%.0f\t%.0f\t%d" % (
                target, mode, rps, median(key, "p50") / 1000, median(key, "p99") / 1000, ttfb_text, added,
                ratio, median(key, "cpu"), hwm[key] / 1024, errors[key]))
    return out


# Performance targets of aigw-full (issue 21), relative to measurements of the same run:
# (mode, what, comparison, bound). "x floor"/"x portkey": requests/s over theirs (at least the bound);
# "cpu x floor": CPU per request over the floor's (at most); "ttfb over floor": TTFB added over the
# floor's, in ms (at most).
TARGETS = (
    ("plain", "x floor", ">=", 0.5),
    ("stream", "x floor", ">=", 0.8),
    ("plain", "cpu x floor", "<=", 2.5),
    ("stream", "cpu x floor", "<=", 1.5),
    ("plain", "ttfb over floor", "<=", 0.3),
    ("stream", "ttfb over floor", "<=", 0.3),
    ("plain", "x portkey", ">=", 5.0),
    ("stream", "x portkey", ">=", 2.5),
)
FLOOR = "reactor-netty"


def compare_targets(table_path):
    """aigw's targets (rows of compare-table) against the floor and Portkey of the same run.

    Prints a ratio table for aigw-bare and aigw-full (requests/s x floor, CPU/request x floor, TTFB added
    over the floor's in ms, requests/s x Portkey), then one line per target of aigw-full: met, or missed
    by how much (and, for a throughput target, the gain it needs). A target whose baseline was not
    measured in this run says so.
    """
    table = {}
    with open(table_path, newline="") as f:
        for r in csv.reader(f, delimiter="\t"):
            if r:
                table[(r[0], r[1])] = {"rps": float(r[2]), "ttfb": None if r[5] == "-" else float(r[5]),
                                       "cpu": float(r[8])}

    def measure(target, mode, what):
        row, floor, portkey = table.get((target, mode)), table.get((FLOOR, mode)), table.get(("portkey", mode))
        if row is None:
            return None
        if what == "x floor":
            return row["rps"] / floor["rps"] if floor and floor["rps"] > 0 else None
        if what == "cpu x floor":
            return row["cpu"] / floor["cpu"] if floor and floor["cpu"] > 0 else None
        if what == "ttfb over floor":
            return row["ttfb"] - floor["ttfb"] if floor and row["ttfb"] is not None and floor["ttfb"] is not None else None
        return row["rps"] / portkey["rps"] if portkey and portkey["rps"] > 0 else None

    def show(value, what):
        if value is None:
            return "-"
        return "%+.2f ms" % value if what == "ttfb over floor" else "%.2f×" % value

    out = ["", "aigw to the floor (%s) and Portkey, same run:" % FLOOR,
           "%-10s %-6s %10s %12s %16s %12s" % ("target", "mode", "x floor", "CPU x floor", "TTFB over floor", "x Portkey")]
    for mode in ("plain", "stream"):
        for target in ("aigw-bare", "aigw-full"):
            if (target, mode) in table:
                out.append("%-10s %-6s %10s %12s %16s %12s" % (target, mode, *(
                    show(measure(target, mode, what), what)
                    for what in ("x floor", "cpu x floor", "ttfb over floor", "x portkey"))))
    out.append("")
    out.append("targets of aigw-full:")
    for mode, what, comparison, bound in TARGETS:
        value = measure("aigw-full", mode, what)
        goal = "%s %s %s" % (what, comparison, show(bound, what))
        if value is None:
            out.append("  %-6s %-28s not measured (aigw-full or its baseline missing from this run)" % (mode, goal))
            continue
        met = value >= bound if comparison == ">=" else value <= bound
        if met:
            verdict = "met"
        elif comparison == ">=":
            verdict = "missed by %s (needs %.0f %% more)" % (show(bound - value, what), (bound / value - 1) * 100)
        elif what == "ttfb over floor":
            verdict = "missed by %.2f ms" % (value - bound)
        else:
            verdict = "missed by %s (needs %.0f %% less)" % (show(value - bound, what), (1 - bound / value) * 100)
        out.append("  %-6s %-28s %-10s %s" % (mode, goal, show(value, what), verdict))
    return out


def streams_targets(base_p99, gateway_p99, base_duration, gateway_duration, kib_per_stream):
    """The slow-streams targets of aigw-full (issue 21) against the mock alone in the same run: first event
    p99 within +100 ms, stream duration p50 within 2 %, live heap per open stream at most 30 KiB
    ("-" when it was not measured)."""
    added = float(gateway_p99) - float(base_p99)
    longer = (float(gateway_duration) / float(base_duration) - 1) * 100 if float(base_duration) > 0 else float("inf")
    checks = [("first event p99 over the mock's <= +100 ms", "%+.0f ms" % added, added <= 100, "%.0f ms" % (added - 100)),
              ("duration p50 over the mock's <= +2 %", "%+.1f %%" % longer, longer <= 2, "%.1f points" % (longer - 2))]
    if kib_per_stream != "-":
        kib = float(kib_per_stream)
        checks.append(("live heap per open stream <= 30 KiB", "%.1f KiB" % kib, kib <= 30, "%.1f KiB" % (kib - 30)))
    out = ["", "targets of aigw-full, slow streams:"]
    for goal, value, met, by in checks:
        out.append("  %-44s %-10s %s" % (goal, value, "met" if met else "missed by " + by))
    if kib_per_stream == "-":
        out.append("  %-44s not measured (no class histogram during the run)" % "live heap per open stream <= 30 KiB")
    return out


def spread(v):
    """median, min, max"""
    return statistics.median(v), min(v), max(v)


def ab_summary(runs_path):
    """Median [min..max] per target and mode of CPU per request, requests/s and requests/s over direct's in
    the same round and mode.

    runs: round target mode rps p50_us p99_us errors cpu_us_per_request
    """
    data = rows(runs_path)
    direct_rps = {(r[0], r[2]): float(r[3]) for r in data if r[1] == "direct"}
    cpu, rps, ratio = defaultdict(list), defaultdict(list), defaultdict(list)
    errors = defaultdict(int)
    for r in data:
        key = (r[1], r[2])
        cpu[key].append(float(r[7]))
        rps[key].append(float(r[3]))
        d = direct_rps.get((r[0], r[2]), 0)
        ratio[key].append(float(r[3]) / d if d > 0 else math.nan)
        errors[key] += int(float(r[6]))
    out = []
    for key in cpu:
        c, q, x = spread(cpu[key]), spread(rps[key]), spread(ratio[key])
        out.append("%-16s %-6s %8.1f [%5.1f..%5.1f] %8.0f [%5.0f..%5.0f] %6.3f [%.3f..%.3f] %6d" % (
            key[0], key[1], *c, *q, *x, errors[key]))
    return out


def ab_paired(runs_path, first):
    """Each variant's CPU per request over the first variant's, same pipeline, round and mode: median
    [min..max] over the rounds where both ran. Targets are <variant>-<pipeline>; direct is skipped.
    """
    cpu = {}
    keys = set()
    for r in rows(runs_path):
        if r[1] == "direct":
            continue
        variant, pipeline = r[1].split("-", 1)
        cpu[(r[0], variant, pipeline, r[2])] = float(r[7])
        keys.add((variant, pipeline, r[2]))
    rounds = sorted({k[0] for k in cpu})
    out = []
    for variant, pipeline, mode in keys:
        if variant == first:
            continue
        ratios = [cpu[(rnd, variant, pipeline, mode)] / cpu[(rnd, first, pipeline, mode)] for rnd in rounds
                  if (rnd, variant, pipeline, mode) in cpu and cpu.get((rnd, first, pipeline, mode), 0) > 0]
        name = variant + "-" + pipeline
        if not ratios:
            out.append("%-16s %-6s no round where both ran with CPU time above zero" % (name, mode))
            continue
        out.append("%-16s %-6s %.3f [%.3f..%.3f] over %d rounds" % (name, mode, *spread(ratios), len(ratios)))
    return out


def load_table(runs_path):
    """Means over rounds per target and mode, and the gateway's requests/s and p50 over direct's.

    runs: round target mode rps p50_us p99_us non2xx socket_errors
    """
    n, rps, p50, p99, bad = defaultdict(int), defaultdict(float), defaultdict(float), defaultdict(float), defaultdict(int)
    for r in rows(runs_path):
        key = (r[1], r[2])
        n[key] += 1
        rps[key] += float(r[3])
        p50[key] += float(r[4])
        p99[key] += float(r[5])
        bad[key] += int(float(r[6])) + int(float(r[7]))
    out = ["%-8s %-7s %12s %10s %10s %8s %13s %13s" % (
        "target", "mode", "requests/s", "p50 ms", "p99 ms", "errors", "rps gw/direct", "p50 gw/direct")]
    for mode in ("plain", "stream"):
        for target in ("direct", "gateway"):
            key = (target, mode)
            if key not in n:
                continue
            direct = ("direct", mode)
            r1 = r2 = "-"
            if target == "gateway" and direct in n and rps[direct] > 0:
                r1 = "%.3f" % ((rps[key] / n[key]) / (rps[direct] / n[direct]))
                r2 = "%.2f" % ((p50[key] / n[key]) / (p50[direct] / n[direct]))
            out.append("%-8s %-7s %12.0f %10.2f %10.2f %8d %13s %13s" % (
                target, mode, rps[key] / n[key], p50[key] / n[key] / 1000, p99[key] / n[key] / 1000, bad[key], r1, r2))
    return out


def per(a, scale_a, b, scale_b, n, digits):
    """One per-unit figure of a run, e.g. KiB of RSS per open stream: (a*scale_a - b*scale_b) / n."""
    count = float(n)
    value = (float(a) * float(scale_a) - float(b) * float(scale_b)) / count if count > 0 else 0.0
    return ["%.*f" % (int(digits), value)]


def main(argv):
    commands = {
        "compare-table": (3, lambda a: compare_table(a[0], a[1], [t for t in a[2].split(",") if t])),
        "compare-targets": (1, lambda a: compare_targets(a[0])),
        "streams-targets": (5, lambda a: streams_targets(*a)),
        "ab-summary": (1, lambda a: ab_summary(a[0])),
        "ab-paired": (2, lambda a: ab_paired(a[0], a[1])),
        "load-table": (1, lambda a: load_table(a[0])),
        "per": (6, lambda a: per(*a)),
    }
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][0]:
        sys.stderr.write(__doc__)
        return 2
    for line in commands[argv[1]][1](argv[2:]):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
