#!/usr/bin/env python3
"""A day of merge-queue traffic, simulated: which batch size to choose.

N branches arrive at random over 24 hours; each is bad (its tests fail)
with probability p; one test run takes t minutes. For batch sizes 1, 4
and 8 the queue runs as `git nodus queue run --batch B` does: take up to
B entries, test them together, land on success, bisect on failure (halves,
the second half known to fail once the first landed) on ONE test runner.
For comparison it also simulates speculative stacks on K runners
(GitHub's merge queue, Mergify's max_parallel_checks: entry i is tested
as tip+e1..ei while the earlier ones are still running; a failure ejects
its entry and restarts the stacks behind it). `git nodus queue` does not
implement --parallel yet: those rows are a model, for planning.

Printed per setting: landed per hour (over the day), mean and 95th
percentile wait from arrival to landing, test runs, runner hours, and
the entries still queued at the end of the day.

With --check PATH-TO-git-nodus it also runs the real binary on 16
branches with one bad branch at each position and prints the real test
runs next to the simulated ones (they must match: same algorithm).

No network; only the Python standard library (and git for --check).

Usage: bench/queue-sim.py [--n 200] [--p 0.1] [--t 20] [--seed 1]
                          [--parallel 3] [--check target/debug/git-nodus]
"""

import argparse
import heapq
import os
import random
import shutil
import subprocess
import sys
import tempfile

DAY = 24 * 60.0  # minutes


def arrivals(n, p, rng):
    """(minute, bad) for n branches over a day, in arrival order."""
    return sorted((rng.uniform(0, DAY), rng.random() < p) for _ in range(n))


class Batched:
    """`queue run --batch B`: one runner, bors bisection."""

    def __init__(self, batch):
        self.batch = batch

    def run(self, items, t):
        # items: list of (arrival, bad); returns (landed times per index,
        # tests, runner minutes, end clock)
        clock = 0.0
        queue = []  # indices waiting
        nxt = 0
        landed = {}
        tests = 0
        n = len(items)
        while nxt < n or queue:
            # Everything arrived by now joins the line.
            while nxt < n and items[nxt][0] <= clock:
                queue.append(nxt)
                nxt += 1
            if not queue:
                clock = items[nxt][0]
                continue
            batch, queue = queue[: self.batch], queue[self.batch :]
            work = [(batch, None)]
            done_landed = set()
            while work:
                ids, failed_after = work.pop(0)
                known = failed_after is not None and all(x in done_landed for x in failed_after)
                if known:
                    if len(ids) == 1:
                        continue  # ejected without a test
                    h = len(ids) // 2
                    work[0:0] = [(ids[:h], None), (ids[h:], ids[:h])]
                    continue
                tests += 1
                clock += t
                if not any(items[i][1] for i in ids):
                    for i in ids:
                        landed[i] = clock
                        done_landed.add(i)
                elif len(ids) > 1:
                    h = len(ids) // 2
                    work[0:0] = [(ids[:h], None), (ids[h:], ids[:h])]
            # (runner busy the whole time)
        return landed, tests, tests * t, clock


class Speculative:
    """K runners, stacks tip+e1, tip+e1+e2, … tested at once."""

    def __init__(self, k):
        self.k = k

    def run(self, items, t):
        clock = 0.0
        line = []  # indices in line (front = next to land)
        nxt = 0
        n = len(items)
        landed = {}
        tests = 0
        busy = 0.0
        running = {}  # position in line -> finish time (stack of line[:pos+1])
        while nxt < n or line:
            while nxt < n and items[nxt][0] <= clock:
                line.append(nxt)
                nxt += 1
            # Fill free runners with the next stacks.
            for pos in range(min(self.k, len(line))):
                if pos not in running:
                    running[pos] = clock + t
                    tests += 1
            if not running:
                clock = items[nxt][0]
                continue
            # The front stack decides first (stacks behind it wait on it).
            finish = running[0]
            next_arrival = items[nxt][0] if nxt < n else float("inf")
            if next_arrival < finish and len(running) < self.k:
                clock = next_arrival
                continue
            clock = finish
            head = line[0]
            del running[0]
            if items[head][1]:
                # Ejected: every stack behind it included it: restart them.
                for f in running.values():
                    busy += t - (f - clock)
                running = {}
            else:
                landed[head] = clock
                running = {pos - 1: f for pos, f in running.items()}
            busy += t
            line.pop(0)
        return landed, tests, busy, clock


def summarize(name, items, result, t):
    landed, tests, runner_minutes, end = result
    waits = sorted(landed[i] - items[i][0] for i in landed)
    good = sum(1 for _, bad in items if not bad)
    within_day = sum(1 for i in landed if landed[i] <= DAY)
    mean = sum(waits) / len(waits) if waits else 0.0
    p95 = waits[int(0.95 * (len(waits) - 1))] if waits else 0.0
    left = good - within_day
    print(
        f"{name:<22} {within_day / 24:>9.2f} {mean:>10.0f} {p95:>9.0f} {tests:>6} "
        f"{runner_minutes / 60:>8.1f} {left:>10}  (all landed by {end / 60:.1f}h)"
    )


def check(binary, t_runs_sim):
    """The real binary's test runs for 16 branches, one bad at each position."""
    print("\nThe real `git nodus queue run --batch 16` against this model, 16 branches, one bad:")
    print(f"{'bad position':>12} {'real runs':>10} {'simulated':>10}")
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Sim", GIT_AUTHOR_EMAIL="sim@example.com",
               GIT_COMMITTER_NAME="Sim", GIT_COMMITTER_EMAIL="sim@example.com")
    worst = 0
    for bad in range(1, 17):
        d = tempfile.mkdtemp(prefix="queue-sim-")
        try:
            def git(*a):
                subprocess.run(["git", *a], cwd=d, env=env, check=True, stdout=subprocess.DEVNULL)
            git("init", "-q", "-b", "main")
            open(os.path.join(d, "README"), "w").write("x\n")
            git("add", "README")
            git("commit", "-qm", "doc: start")
            for k in range(1, 17):
                git("checkout", "-qb", f"b{k}", "main")
                open(os.path.join(d, f"f{k}"), "w").write(f"{k}\n")
                if k == bad:
                    open(os.path.join(d, "BAD"), "w").write("x\n")
                git("add", "-A")
                git("commit", "-qm", f"lib: f{k}")
                git("checkout", "-q", "main")
            subprocess.run([binary, "queue", "add", *[f"b{k}" for k in range(1, 17)]], cwd=d, env=env,
                           check=True, stdout=subprocess.DEVNULL)
            counter = os.path.join(d, ".git", "runs")
            subprocess.run([binary, "queue", "run", "--batch", "16", "--test",
                            f"echo x >> '{counter}'; test ! -e BAD"], cwd=d, env=env, stdout=subprocess.DEVNULL)
            real = len(open(counter).read().splitlines())
        finally:
            shutil.rmtree(d, ignore_errors=True)
        items = [(0.0, k == bad) for k in range(1, 17)]
        sim = Batched(16).run(items, 1.0)[1]
        worst = max(worst, real)
        print(f"{bad:>12} {real:>10} {sim:>10}{'' if real == sim else '  MISMATCH'}")
    print(f"worst case: {worst} test runs (bound 1 + 2*log2(16) = 9)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="branches arriving in the day")
    ap.add_argument("--p", type=float, default=0.1, help="probability a branch fails the tests")
    ap.add_argument("--t", type=float, default=20.0, help="minutes per test run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--parallel", type=int, default=3, help="runners for the speculative model")
    ap.add_argument("--check", metavar="GIT_NODUS", help="also run the real binary (see above)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    items = arrivals(a.n, a.p, rng)
    bad = sum(1 for _, b in items if b)
    print(f"{a.n} branches over 24h, {bad} bad (p={a.p}), {a.t:g} min per test run, seed {a.seed}")
    print(f"{'setting':<22} {'landed/h':>9} {'mean wait':>10} {'p95 wait':>9} {'tests':>6} "
          f"{'runner h':>8} {'left at 24h':>10}")
    for b in (1, 4, 8):
        summarize(f"--batch {b}", items, Batched(b).run(items, a.t), a.t)
    summarize(f"speculative K={a.parallel} *", items, Speculative(a.parallel).run(items, a.t), a.t)
    print("(waits in minutes; * a model only: `queue run --parallel` is not implemented)")
    if a.check:
        check(a.check, None)


if __name__ == "__main__":
    sys.exit(main())
