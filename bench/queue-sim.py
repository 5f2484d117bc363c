#!/usr/bin/env python3
"""A day of merge-queue traffic, simulated: which batch size to choose.

N branches arrive at random over 24 hours; each is bad (its tests fail)
with probability p; one test run takes t minutes. For batch sizes 1, 4
and 8 the queue runs as `git nodus queue run --batch B` does: take up to
B entries, test them together, land on success, bisect on failure (halves,
the second half known to fail once the first landed) on ONE test runner.
It also runs `--parallel K` (speculative stacks, as GitHub's merge queue
and Mergify's max_parallel_checks: tip+B1, tip+B1+B2, … tested at once on
K runners; the longest passing prefix lands).

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


class Queue:
    """`queue run --batch B --parallel K`, step for step as run.rs does it:
    up to B*K entries per batch in segments of B; K untested segments in a
    row are tested at once as speculative stacks (the longest passing
    prefix lands, the first failing one is known to fail on top of it);
    otherwise one segment at a time; a failed segment is bisected (the
    second half known to fail once the first landed)."""

    def __init__(self, batch, parallel=1):
        self.batch = batch
        self.parallel = parallel

    def run(self, items, t):
        # items: [(arrival, bad)]; returns ({index: landing minute}, test
        # runs, runner minutes, clock at the end)
        clock = 0.0
        queue = []
        nxt = 0
        landed = {}
        tests = 0
        runner = 0.0
        n = len(items)
        bad = lambda ids: any(items[i][1] for i in ids)  # noqa: E731
        while nxt < n or queue:
            while nxt < n and items[nxt][0] <= clock:
                queue.append(nxt)
                nxt += 1
            if not queue:
                clock = items[nxt][0]
                continue
            take = self.batch * self.parallel
            batch, queue = queue[:take], queue[take:]
            work = [[batch[i:i + self.batch], None] for i in range(0, len(batch), self.batch)]
            done = set()
            while work:
                ids, failed_after = work[0]
                if failed_after is not None and all(x in done for x in failed_after):
                    if len(ids) == 1:
                        work.pop(0)  # ejected without a test
                    else:
                        h = len(ids) // 2
                        work[0:1] = [[ids[:h], None], [ids[h:], ids[:h]]]
                    continue
                if self.parallel > 1 and failed_after is None:
                    k = 0
                    while k < len(work) and k < self.parallel and work[k][1] is None:
                        k += 1
                    if k >= 2:
                        tests += k
                        runner += k * t
                        clock += t
                        passing = 0
                        while passing < k and not bad(work[passing][0]):
                            passing += 1
                        if passing == 0:
                            work[0][1] = []
                            continue
                        prefix = [i for seg in work[:passing] for i in seg[0]]
                        for i in prefix:
                            landed[i] = clock
                            done.add(i)
                        del work[:passing]
                        if passing < k:
                            work[0][1] = prefix
                        continue
                tests += 1
                runner += t
                clock += t
                if not bad(ids):
                    for i in ids:
                        landed[i] = clock
                        done.add(i)
                    work.pop(0)
                elif len(ids) == 1:
                    work.pop(0)
                else:
                    h = len(ids) // 2
                    work[0:1] = [[ids[:h], None], [ids[h:], ids[:h]]]
        return landed, tests, runner, clock


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


def check(binary, n, batch, parallel):
    """The real binary's test runs for n branches, one bad at each position."""
    print(f"\nThe real `git nodus queue run --batch {batch} --parallel {parallel}` against this model, "
          f"{n} branches, one bad:")
    print(f"{'bad position':>12} {'real runs':>10} {'simulated':>10}")
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Sim", GIT_AUTHOR_EMAIL="sim@example.com",
               GIT_COMMITTER_NAME="Sim", GIT_COMMITTER_EMAIL="sim@example.com")
    worst = 0
    for bad in range(1, n + 1):
        d = tempfile.mkdtemp(prefix="queue-sim-")
        try:
            def git(*a):
                subprocess.run(["git", *a], cwd=d, env=env, check=True, stdout=subprocess.DEVNULL)
            git("init", "-q", "-b", "main")
            open(os.path.join(d, "README"), "w").write("x\n")
            git("add", "README")
            git("commit", "-qm", "doc: start")
            for k in range(1, n + 1):
                git("checkout", "-qb", f"b{k}", "main")
                open(os.path.join(d, f"f{k}"), "w").write(f"{k}\n")
                if k == bad:
                    open(os.path.join(d, "BAD"), "w").write("x\n")
                git("add", "-A")
                git("commit", "-qm", f"lib: f{k}")
                git("checkout", "-q", "main")
            subprocess.run([binary, "queue", "add", *[f"b{k}" for k in range(1, n + 1)]], cwd=d, env=env,
                           check=True, stdout=subprocess.DEVNULL)
            counter = os.path.join(d, ".git", "runs")
            subprocess.run([binary, "queue", "run", "--batch", str(batch), "--parallel", str(parallel), "--test",
                            f"echo x >> '{counter}'; test ! -e BAD"], cwd=d, env=env, stdout=subprocess.DEVNULL)
            real = len(open(counter).read().splitlines())
        finally:
            shutil.rmtree(d, ignore_errors=True)
        items = [(0.0, k == bad) for k in range(1, n + 1)]
        sim = Queue(batch, parallel).run(items, 1.0)[1]
        worst = max(worst, real)
        print(f"{bad:>12} {real:>10} {sim:>10}{'' if real == sim else '  MISMATCH'}")
    print(f"worst case: {worst} test runs" + (" (bound 1 + 2*log2(16) = 9)" if (n, batch, parallel) == (16, 16, 1) else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="branches arriving in the day")
    ap.add_argument("--p", type=float, default=0.1, help="probability a branch fails the tests")
    ap.add_argument("--t", type=float, default=20.0, help="minutes per test run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--parallel", type=int, default=3, help="K for the --parallel rows")
    ap.add_argument("--check", metavar="GIT_NODUS", help="also run the real binary (see above)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    items = arrivals(a.n, a.p, rng)
    bad = sum(1 for _, b in items if b)
    print(f"{a.n} branches over 24h, {bad} bad (p={a.p}), {a.t:g} min per test run, seed {a.seed}")
    print(f"{'setting':<22} {'landed/h':>9} {'mean wait':>10} {'p95 wait':>9} {'tests':>6} "
          f"{'runner h':>8} {'left at 24h':>10}")
    for b in (1, 4, 8):
        summarize(f"--batch {b}", items, Queue(b).run(items, a.t), a.t)
    for b in (1, 4):
        summarize(f"--batch {b} --parallel {a.parallel}", items, Queue(b, a.parallel).run(items, a.t), a.t)
    print("(waits in minutes; runner h: test-runner hours, --parallel K uses K runners at once)")
    if a.check:
        check(a.check, 16, 16, 1)
        check(a.check, 12, 2, 3)


if __name__ == "__main__":
    sys.exit(main())
