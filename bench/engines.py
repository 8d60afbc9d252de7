"""Measure the two candidate engines for batches, Ray and Dask's distributed scheduler, on this machine.

Usage: python bench/engines.py

For each: the time to start a local cluster of two worker processes and run a first
task, the overhead per task (200 empty tasks, submitted at once, and one after
another), and the memory of the cluster's processes at rest.
"""

import os
import time

TASKS = 200


def nothing(x):
    return x


def rss_mib(pids):
    total = 0
    for pid in pids:
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def descendants(pid):
    import psutil

    return [pid] + [p.pid for p in psutil.Process(pid).children(recursive=True)]


def dask_figures():
    from dask.distributed import Client, LocalCluster

    started = time.monotonic()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    client.submit(nothing, 0, pure=False).result()
    start = time.monotonic() - started
    started = time.monotonic()
    client.gather([client.submit(nothing, i, pure=False) for i in range(TASKS)])
    batch = (time.monotonic() - started) / TASKS
    started = time.monotonic()
    for i in range(TASKS // 4):
        client.submit(nothing, i, pure=False).result()
    serial = (time.monotonic() - started) / (TASKS // 4)
    memory = rss_mib(descendants(os.getpid())) - rss_mib([os.getpid()])
    client.close()
    cluster.close()
    return start, batch, serial, memory


def ray_figures():
    import ray

    started = time.monotonic()
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR")
    remote = ray.remote(nothing)
    ray.get(remote.remote(0))
    start = time.monotonic() - started
    started = time.monotonic()
    ray.get([remote.remote(i) for i in range(TASKS)])
    batch = (time.monotonic() - started) / TASKS
    started = time.monotonic()
    for i in range(TASKS // 4):
        ray.get(remote.remote(i))
    serial = (time.monotonic() - started) / (TASKS // 4)
    memory = rss_mib(descendants(os.getpid())) - rss_mib([os.getpid()])
    ray.shutdown()
    return start, batch, serial, memory


def main():
    print(f"{'engine':<8}{'start + first task':>20}{'per task, at once':>20}{'per task, in turn':>20}{'cluster memory':>16}")
    for name, figures in (("dask", dask_figures), ("ray", ray_figures)):
        start, batch, serial, memory = figures()
        print(f"{name:<8}{start:>18.2f} s{batch * 1000:>17.2f} ms{serial * 1000:>17.2f} ms{memory:>12.0f} MiB",
              flush=True)


if __name__ == "__main__":
    main()
