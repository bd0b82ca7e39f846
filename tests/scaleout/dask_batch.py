#!/usr/bin/env python3
"""`polrun batch` as a stage of Dask distributed (docs/scale-out.md).

    dask_batch.py POLRUN POLICY REGISTER [--workers N] [--partitions N]
                  [--output FILE] [--runs N] [--stats]
                  [-- BATCH_OPTION...]

Cuts REGISTER (NDJSON) into partitions at line ends, pipes each partition
through its own `polrun batch POLICY BATCH_OPTION...` on a worker process,
and writes the answers to FILE (default: standard output) in the
register's order. The `line` of an error object counts lines within the
input of its process; the answers of each partition are renumbered by the
lines before it as they are written, so the output is byte for byte what
one `polrun batch` over the whole register writes.

The exit status is the one that single run would give: 3 when a line had
bad facts, else 1 when a line hit a runtime error of the policy, else 0.
A partition that was not answered line for line (the policy did not load,
polrun could not start or was killed, a usage error) stops the job: its
messages are printed and the job exits with polrun's status (1 if it had
none), having written the answers of the partitions before it only.

The cluster is a LocalCluster of --workers worker processes (default 2)
with one thread each, started for the job and stopped after it. POLRUN
and POLICY are run as given, in each worker's working directory (a
LocalCluster's workers work in this one's); on a cluster of several
machines, connect the Client to its scheduler instead
(Client("tcp://HOST:8786")) and give POLRUN, POLICY and REGISTER as the
workers see them. --partitions (default 4) is the number of pieces the
register is cut into at line ends (more when the register has fewer than
N * N bytes). --runs N repeats the job on the same cluster, for timing;
each run writes the whole output again. --stats prints on standard error
what ran where, how long it took and the CPU time it used.

Needs python3-distributed (Debian); standard library otherwise.
"""

# ------------------------------------------------------------- the recipe
# docs/scale-out.md shows this part as it is (tests/scaleout/run.sh checks).
import os
import re
import subprocess
import sys
import time

import dask
from dask.bytes import read_bytes
from dask.distributed import as_completed


def count_lines(data):
    """Lines as polrun counts them: each ends at LF, and a last line
    without one counts too."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def decide(partition, command):
    """Runs on a worker: one partition through one `polrun batch`. Pipes
    of 1 MiB instead of 64 KiB take a third off the time of the exchange."""
    started = time.time()
    done = subprocess.run(command, input=partition, pipesize=1 << 20,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return {"status": done.returncode, "answers": done.stdout,
            "messages": done.stderr, "lines": count_lines(partition),
            "answered": count_lines(done.stdout),
            "pid": os.getpid(), "started": started, "finished": time.time()}


ERROR_LINE = re.compile(rb'\n\{"line":([0-9]+)')


def renumber(answers, offset):
    """The answers with the `line` of every error object moved on by
    offset, the number of register lines before the partition. Only error
    objects start with {"line": (a decision never does), and inside a JSON
    string the quotes would be escaped."""
    if offset == 0 or b'{"line":' not in answers:
        return answers
    shift = lambda m: b'\n{"line":%d' % (int(m.group(1)) + offset)
    return ERROR_LINE.sub(shift, b"\n" + answers)[1:]


class PartitionFailed(Exception):
    def __init__(self, index, result):
        self.index, self.result = index, result
        status = result["status"]
        how = "exited %d" % status if status >= 0 else "was killed by signal %d" % -status
        Exception.__init__(
            self, "partition %d: polrun batch %s and answered %d of its %d lines"
            % (index, how, result["answered"], result["lines"]))


def combine(statuses):
    """One run's status from its partitions': bad facts (3) outrank a
    runtime error (1), as in a single polrun batch."""
    if 3 in statuses:
        return 3
    return 1 if 1 in statuses else 0


def run(client, command, register, partitions, out):
    """Decides the register on the cluster and writes the answers to out
    (a binary file) in order. Returns (exit status, results without their
    answers) or raises PartitionFailed."""
    size = os.path.getsize(register)
    blocksize = max(1, size // partitions)   # read_bytes makes size // blocksize blocks
    _, blocks = read_bytes(register, delimiter=b"\n", blocksize=blocksize,
                           sample=False)
    tasks = [dask.delayed(decide)(block, command) for block in blocks[0]]
    futures = client.compute(tasks)
    place = {future.key: index for index, future in enumerate(futures)}
    # Each result is fetched as soon as its task is done (while the others
    # still run), and written in the register's order.
    results = as_completed(futures, with_results=True)
    arrived, offset, statuses, seen = {}, 0, [], []
    for index in range(len(futures)):
        while index not in arrived:
            future, result = next(results)
            arrived[place[future.key]] = result
            future.release()
        result = arrived.pop(index)
        if result["status"] not in (0, 1, 3) or result["answered"] != result["lines"]:
            client.cancel(futures)
            raise PartitionFailed(index, result)
        out.write(renumber(result["answers"], offset))
        sys.stderr.buffer.write(result["messages"])
        offset += result["lines"]
        statuses.append(result["status"])
        seen.append(dict(result, answers=None))
    out.flush()
    return combine(statuses), seen


# ------------------------------------------------------- end of the recipe
# The command line: a LocalCluster for the job, options, statistics.
import tempfile

from dask.distributed import Client, LocalCluster


def cpu_seconds():
    """The CPU time of this process and of its children that have ended."""
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


def usage(message):
    sys.stderr.write("dask_batch.py: %s\n%s" % (message, __doc__.split("\n\n")[1] + "\n"))
    sys.exit(2)


def parse(argv):
    extra = []
    if "--" in argv:
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1:]
    opts = {"--workers": "2", "--partitions": "4", "--output": None, "--runs": "1"}
    stats = False
    pos = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--stats":
            stats = True
        elif a in opts:
            if i + 1 >= len(argv):
                usage("%s needs a value" % a)
            opts[a] = argv[i + 1]
            i += 1
        elif a.startswith("-") and a != "-":
            usage("unknown option %s" % a)
        else:
            pos.append(a)
        i += 1
    if len(pos) != 3:
        usage("wants POLRUN POLICY REGISTER")
    for k in ("--workers", "--partitions", "--runs"):
        if not opts[k].isdigit() or int(opts[k]) < 1:
            usage("%s wants a positive number, not %r" % (k, opts[k]))
    if "--input" in extra or any(e.startswith("--input=") for e in extra):
        usage("a CSV register cannot be cut into partitions (its header is "
              "in the first only): convert it to NDJSON (docs/scale-out.md)")
    return pos, opts, stats, extra


def main(argv):
    (polrun, policy, register), opts, stats, extra = parse(argv)
    if not os.path.isfile(register):
        sys.stderr.write("dask_batch.py: cannot read the register %s\n" % register)
        return 2
    command = [polrun, "batch", policy] + extra
    workers, partitions = int(opts["--workers"]), int(opts["--partitions"])

    started = time.time()
    scratch = tempfile.TemporaryDirectory(prefix="dask-batch-")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                           processes=True, dashboard_address=None,
                           local_directory=scratch.name)
    client = Client(cluster)
    try:
        ready = time.time()
        times = []
        for _ in range(int(opts["--runs"])):
            out = open(opts["--output"], "wb") if opts["--output"] else sys.stdout.buffer
            before = client.run(cpu_seconds), cpu_seconds()
            t = time.time()
            try:
                status, seen = run(client, command, register, partitions, out)
            except PartitionFailed as failed:
                sys.stderr.write("dask_batch.py: %s\n" % failed)
                sys.stderr.buffer.write(failed.result["messages"])
                return failed.result["status"] if failed.result["status"] > 0 else 1
            finally:
                if out is not sys.stdout.buffer:
                    out.close()
            wall = time.time() - t
            after = client.run(cpu_seconds), cpu_seconds()
            # CPU seconds of the job: polrun (the workers' children), the
            # workers themselves, this process (the client and, with a
            # LocalCluster, the scheduler)
            cpu = (sum(after[0][w][1] - before[0][w][1] for w in after[0]),
                   sum(after[0][w][0] - before[0][w][0] for w in after[0]),
                   after[1][0] - before[1][0])
            times.append((wall, max([r["finished"] for r in seen] + [t]) - t,
                          sum(r["finished"] - r["started"] for r in seen), cpu))
        if stats:
            lines = sum(r["lines"] for r in seen)
            pids = sorted(set(client.run(os.getpid).values()))
            ran = sorted(set(r["pid"] for r in seen))
            best, decided, busy, cpu = min(times)
            sys.stderr.write(
                "dask: %d partitions, %d lines; worker processes %s; tasks ran in %s; "
                "this process %d\n" % (len(seen), lines, " ".join(map(str, pids)),
                                        " ".join(map(str, ran)), os.getpid()))
            sys.stderr.write(
                "dask: cluster ready in %.2f s; job %.3f s (best of %d) = %.0f lines/s; "
                "last task done at %.3f s; tasks %.3f s in all\n"
                % (ready - started, best, len(times), lines / best if best > 0 else 0,
                   decided, busy))
            sys.stderr.write(
                "dask: CPU of that job: polrun %.2f s, workers %.2f s, "
                "client and scheduler %.2f s\n" % cpu)
        return status
    finally:
        client.close()
        cluster.close()
        scratch.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
