#!/usr/bin/env python3
"""bench/replication.py: the figures of the replication issue, on five real Cairn nodes (processes,
127.0.0.1). Run through bench/replication.sh, which documents the legs and the output."""
import hashlib, json, os, signal, subprocess, sys, tempfile, time, urllib.request, urllib.error

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAIRN = os.environ.get("CAIRN", os.path.join(REPO, "cairn"))
SIZE_MIB = int(os.environ.get("BENCH_SIZE_MIB", "256"))
PINS = int(os.environ.get("BENCH_PINS", "1000"))
REPAIR_DELAY = int(os.environ.get("BENCH_REPAIR_DELAY", "10"))
INTERVAL = os.environ.get("BENCH_INTERVAL", "10s")
WINDOW = int(os.environ.get("BENCH_WINDOW", "60"))
SECRET = "bench-replication-secret-0123456789"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Node:
    def __init__(self, base, i, peers, member=True):
        self.dir = os.path.join(base, f"n{i}")
        self.i = i
        env = dict(os.environ, CAIRN_REPLICATION_INTERVAL=INTERVAL,
                   CAIRN_REPLICATION_REPAIR_DELAY=f"{REPAIR_DELAY}s", CAIRN_NETWORK_DISCOVERY_INTERVAL="2s",
                   CAIRN_API_WRITE_RATE_LIMIT_PER_MINUTE="0", CAIRN_API_READ_RATE_LIMIT_PER_MINUTE="0")
        if member:
            env["CAIRN_REPLICATION_CLUSTER_SECRET"] = SECRET
        args = [CAIRN, "--data-dir", self.dir, "start", "--port", "0"]
        if peers:
            args += ["--peers", ",".join(peers)]
        self.log = open(os.path.join(base, f"n{i}.log"), "w")
        self.proc = subprocess.Popen(args, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(1200):
            try:
                with open(os.path.join(self.dir, "node.json")) as f:
                    info = json.load(f)
                if info.get("pid") == self.proc.pid or "url" in info:
                    self.url = info["url"]
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        else:
            raise SystemExit(f"node {i} did not start; see {self.log.name}")
        self.token = open(os.path.join(self.dir, "api.token")).read().strip()
        self.addr = self.url.split("//", 1)[1]
        self.peer_id = self.get("/status")["peer_id"]

    def call(self, method, path, body=None, timeout=60):
        req = urllib.request.Request(self.url + path, data=body, method=method,
                                     headers={"Authorization": "Bearer " + self.token})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            data = r.read()
            return json.loads(data) if data else None

    def get(self, path):
        return self.call("GET", path)

    def metric(self, name):
        with urllib.request.urlopen(self.url + "/metrics", timeout=30) as r:
            for line in r.read().decode().splitlines():
                if line.startswith(name + " ") or line.startswith(name + "{"):
                    return float(line.rsplit(" ", 1)[1])
        return 0.0

    def exchanged(self):
        return self.metric("cairn_cluster_exchange_sent_bytes_total") + self.metric("cairn_cluster_exchange_received_bytes_total")

    def pin_state(self, cid):
        """This node's state of the cluster pin of cid, None if it has no cluster pin."""
        try:
            p = self.get("/api/v1/pins/" + cid)
            return p["state"] if p.get("scope") == "cluster" else None
        except urllib.error.HTTPError:
            return None

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def wait(cond, timeout, what):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        v = cond()
        if v:
            return v
        time.sleep(0.1)
    raise SystemExit(f"timed out after {timeout}s waiting for {what}")


def holders(nodes, cid):
    return [n for n in nodes if n.pin_state(cid) == "pinned"]


def line(name, value, unit, ref=None, ref_value=None):
    if ref is None:
        print(f"{name} {value:.2f} {unit}")
    else:
        print(f"{name} {value:.2f} {unit} ({ref} {ref_value:.2f}, ratio {value / ref_value:.2f})")
    sys.stdout.flush()


def main():
    base = tempfile.mkdtemp(prefix="cairn-bench-repl-", dir=os.environ.get("BENCH_DIR", "/tmp"))
    source = None
    nodes = []
    try:
        # the source is a peer outside the cluster: every copy the cluster makes crosses the network
        source = Node(base, 0, [], member=False)
        for i in range(1, 6):
            nodes.append(Node(base, i, [source.addr]))
        wait(lambda: all(len(n.get("/api/v1/cluster")["members"]) == 4 for n in nodes), 120, "5 cluster members")
        log(f"five cluster nodes and a source node up in {base}")

        data = os.path.join(base, "data.bin")
        with open(data, "wb") as f:  # incompressible, reproducible: SHA-256 in counter mode
            for k in range(SIZE_MIB * 1024):
                f.write(b"".join(hashlib.sha256((k * 32 + j).to_bytes(8, "big")).digest() for j in range(32)))
        size = os.path.getsize(data)
        with open(data, "rb") as f:
            cid = source.call("POST", "/api/v1/items?name=data.bin", f.read(), timeout=600)["cid"]
        log(f"added {size} bytes as {cid} on the source node (outside the cluster)")

        # Leg 1: pin add (level important, 3 copies) -> every assigned node has it pinned
        t0 = time.monotonic()
        nodes[1].call("POST", f"/api/v1/pins/{cid}?level=important")
        held = wait(lambda: len(holders(nodes, cid)) == 3 and holders(nodes, cid), 1800, "3 holders")
        pin_time = time.monotonic() - t0
        time.sleep(2)
        count = len(holders(nodes, cid))

        # Leg 2: a holder other than the source killed -9 -> three holders again
        victim = held[0]
        t0 = time.monotonic()
        victim.kill()
        alive = [n for n in nodes if n is not victim]
        wait(lambda: len(holders(alive, cid)) == 3, 1800, "repair")
        repair_time = time.monotonic() - t0
        newcomer = [n.i for n in holders(alive, cid) if n not in held]

        # Reference: three nodes download the same bytes at once with `cairn get` (no replication logic)
        alive[0].call("DELETE", f"/api/v1/pins/{cid}")
        wait(lambda: all(n.pin_state(cid) is None for n in alive), 300, "pin removed")
        for n in alive:
            n.call("POST", "/api/v1/gc")
        getters = alive[:3]
        t0 = time.monotonic()
        procs = [subprocess.Popen([CAIRN, "--data-dir", n.dir, "get", cid, "-o", os.path.join(base, f"get{n.i}.bin")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for n in getters]
        outs = [p.communicate()[1] for p in procs]
        get3_time = time.monotonic() - t0
        if any(p.returncode != 0 for p in procs):
            raise SystemExit("reference cairn get failed: " + b" / ".join(outs).decode(errors="replace"))
        t0 = time.monotonic()
        one = getters[0]
        one.call("POST", "/api/v1/gc")
        os.remove(os.path.join(base, f"get{one.i}.bin"))
        r = subprocess.run([CAIRN, "--data-dir", one.dir, "get", cid, "-o", os.path.join(base, "get1.bin")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise SystemExit("reference cairn get failed: " + r.stderr.decode(errors="replace"))
        get1_time = time.monotonic() - t0

        line(f"pin_to_3_holders_{SIZE_MIB}MiB", pin_time, "s", "three_concurrent_gets", get3_time)
        print(f"holders_after_settling {count} (want 3)")
        line("repair_after_kill", repair_time, "s", "repair_delay_plus_one_get", REPAIR_DELAY + get1_time)
        line("repair_beyond_delay", repair_time - REPAIR_DELAY, "s", "one_get", get1_time)
        print(f"repair: node n{victim.i} killed, copy re-made on n{newcomer}")

        # Leg 3: exchange traffic with PINS pins: steady state over WINDOW seconds, four live nodes
        small = []
        for k in range(PINS):
            c = source.call("POST", f"/api/v1/items?name=p{k}.txt", f"pin {k}\n".encode())["cid"]
            small.append(c)
        t0 = time.monotonic()
        for k, c in enumerate(small):
            alive[k % len(alive)].call("POST", f"/api/v1/pins/{c}?replicas=2")
        wait(lambda: all(n.get("/api/v1/pins").__len__() >= PINS for n in alive), 600, "pinset spread")
        spread = time.monotonic() - t0
        wait(lambda: all(n.metric("cairn_pin_queue_size") == 0 for n in alive), 900, "pins placed")
        time.sleep(float(INTERVAL.rstrip("s")) * 2)
        before = [n.exchanged() for n in alive]
        time.sleep(WINDOW)
        after = [n.exchanged() for n in alive]
        per_min = [(a - b) * 60 / WINDOW for a, b in zip(after, before)]
        avg = sum(per_min) / len(per_min)
        with urllib.request.urlopen(alive[0].url + "/api/v1/pins", timeout=60) as r:
            pinset_bytes = len(r.read())
        rounds = 60 / float(INTERVAL.rstrip("s"))
        naive = pinset_bytes * (len(alive) - 1) * rounds * 2  # every member sends and receives the whole set each round
        print(f"pinset_spread_{PINS}_pins {spread:.2f} s (all four nodes list every pin)")
        line(f"exchange_bytes_per_node_per_min_{PINS}_pins", avg / 1024, "KiB", "whole_pinset_each_round", naive / 1024)
        print("per_node_KiB_per_min " + " ".join(f"{x / 1024:.1f}" for x in per_min))
    finally:
        for n in nodes + ([source] if source else []):
            n.stop()
        if os.environ.get("BENCH_KEEP") != "1":
            subprocess.call(["rm", "-rf", base])


if __name__ == "__main__":
    main()
