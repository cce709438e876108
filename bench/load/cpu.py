"""The CPU time the server spends: gunicorn (its master and workers) and the PostgreSQL
backends serving the load test's database, read from /proc. Used by the locustfile's
single-user calibration to find the CPU seconds one request of the mix costs, and so what two
cores can serve at most (capacity = cores / CPU seconds per request).

Processes come and go (gunicorn recycles workers, connections close), so the sampler reads
every process's CPU time now and then and adds up what each used while it was seen."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds so far) of a process, or None if it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in brackets and may hold spaces: split after it.
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def gunicorn_pids(master: int) -> list[int]:
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[0] == master:
                pids.append(int(entry.name))
    return pids


class CpuSampler:
    """``sample()`` now and then, ``seconds`` since the first sample: the CPU time of the
    gunicorn whose master is ``gunicorn_pid`` and of the PostgreSQL backends connected to the
    database ``database_url`` names (PostgreSQL on this machine)."""

    def __init__(self, gunicorn_pid: int, database_url: str):
        import psycopg

        self.gunicorn_pid = gunicorn_pid
        self.connection = psycopg.connect(database_url, autocommit=True)
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.started = False

    def _backends(self) -> list[int]:
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        return [pid for (pid,) in rows]

    def sample(self):
        processes = [("gunicorn", pid) for pid in gunicorn_pids(self.gunicorn_pid)]
        processes += [("postgres", pid) for pid in self._backends()]
        for key in processes:
            stat = _stat(key[1])
            if stat is None:
                continue
            # A process first seen after the start did all its work inside the window.
            self.first.setdefault(key, stat[1] if not self.started else 0.0)
            self.last[key] = stat[1]
        self.started = True

    def seconds(self, kind: str | None = None) -> float:
        return sum(self.last[key] - self.first[key] for key in self.last if kind in (None, key[0]))

    def close(self):
        self.connection.close()
