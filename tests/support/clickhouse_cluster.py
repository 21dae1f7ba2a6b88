"""A replicated ClickHouse cluster of our own for the replicated-DDL tests: one ZooKeeper (Debian's package) and
two ClickHouse servers (the local 18.16 binary) forming the cluster ``mcf`` of one shard and two replicas, as the
production overlay's ClickHouseInstallation does (with ``{shard}``/``{replica}`` macros and distributed DDL).

Everything runs in a temporary directory on ports of its own, as children of this process (each in a session of
its own); ``stop`` signals only the process groups this module started, never a shared server.

Ports: ``base`` (ZooKeeper), then three per node (native TCP, HTTP, interserver HTTP): ``base+1 .. base+6``.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from clickhouse_driver import Client

from mcf.stack.servers import _clickhouse_binary, port_open, wait_for_port

CLUSTER = "mcf"
# Debian's zookeeper package: the jar names its dependencies in its manifest; slf4j-simple makes its log readable.
ZOOKEEPER_CLASSPATH = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar"
ZOOKEEPER_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"


def zookeeper_available() -> bool:
    return bool(shutil.which("java")) and Path("/usr/share/java/zookeeper.jar").exists()


def _zookeeper_serves(port: int) -> bool:
    """ZooKeeper opens its port before it serves; ``srvr`` says "Mode: standalone" once it does."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
            connection.sendall(b"srvr")
            return b"Mode:" in connection.recv(4096)
    except OSError:
        return False


_NODE = """<?xml version="1.0"?>
<yandex>
    <logger><level>information</level><log>{root}/clickhouse.log</log><errorlog>{root}/clickhouse.err.log</errorlog></logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>{tcp}</tcp_port>
    <http_port>{http}</http_port>
    <interserver_http_port>{interserver}</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <path>{root}/data/</path>
    <tmp_path>{root}/data/tmp/</tmp_path>
    <user_files_path>{root}/data/user_files/</user_files_path>
    <format_schema_path>{root}/data/format_schemas/</format_schema_path>
    <mark_cache_size>67108864</mark_cache_size>
    <timezone>UTC</timezone>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <zookeeper><node><host>127.0.0.1</host><port>{zookeeper}</port></node></zookeeper>
    <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
    <macros><shard>01</shard><replica>{replica}</replica></macros>
    <remote_servers>
        <{cluster}>
            <shard>
                <internal_replication>true</internal_replication>
                {replicas}
            </shard>
        </{cluster}>
    </remote_servers>
    <profiles><default><max_memory_usage>1000000000</max_memory_usage><poll_interval>1</poll_interval></default></profiles>
    <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
    <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
"""


class OwnClickhouseCluster:
    """``start()`` ZooKeeper and two replicas; ``client(i)`` a connection to replica i; ``stop()`` all of them."""

    def __init__(self, base_port: int):
        self.zookeeper_port = base_port
        self.nodes = [(base_port + 1 + 3 * i, base_port + 2 + 3 * i, base_port + 3 + 3 * i) for i in range(2)]
        self.root = Path(tempfile.mkdtemp(prefix=f"mcf-ch-cluster-{base_port}-"))
        self.processes: list[subprocess.Popen] = []

    def _spawn(self, argv: list[str], log: Path, **kwargs) -> subprocess.Popen:
        with open(log, "ab") as out:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True, **kwargs)
        self.processes.append(process)
        return process

    def start(self, timeout: float = 90.0) -> "OwnClickhouseCluster":
        ports = [self.zookeeper_port, *(p for node in self.nodes for p in node)]
        taken = [p for p in ports if port_open("127.0.0.1", p)]
        if taken:
            raise RuntimeError(f"ports {taken} are taken: the ClickHouse cluster needs free ports of its own")
        zk = self.root / "zookeeper"
        zk.mkdir()
        zk_log = self.root / "zookeeper.log"
        process = self._spawn(
            ["java", "-Xmx128m", "-Dzookeeper.admin.enableServer=false", "-Dzookeeper.4lw.commands.whitelist=*",
             "-cp", ZOOKEEPER_CLASSPATH, ZOOKEEPER_MAIN, str(self.zookeeper_port), str(zk)], zk_log)
        deadline = time.monotonic() + timeout
        while not _zookeeper_serves(self.zookeeper_port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the cluster's ZooKeeper did not start; see {zk_log}")
            time.sleep(0.3)
        replicas = "".join(f"<replica><host>127.0.0.1</host><port>{tcp}</port></replica>" for tcp, _, _ in self.nodes)
        for i, (tcp, http, interserver) in enumerate(self.nodes):
            root = self.root / f"node{i + 1}"
            (root / "data").mkdir(parents=True)
            config = root / "config.xml"
            config.write_text(_NODE.format(root=root, tcp=tcp, http=http, interserver=interserver,
                                           zookeeper=self.zookeeper_port, replica=f"replica{i + 1}",
                                           cluster=CLUSTER, replicas=replicas))
            self._spawn([_clickhouse_binary(), f"--config-file={config}"], root / "stdout.log", cwd=root)
        for i, (tcp, _, _) in enumerate(self.nodes):
            wait_for_port("127.0.0.1", tcp, timeout, name=f"the cluster's ClickHouse {i + 1}",
                          log_file=self.root / f"node{i + 1}" / "clickhouse.err.log")
        for i in range(len(self.nodes)):
            self._wait_for_zookeeper_session(i, deadline + timeout)
        return self

    def _wait_for_zookeeper_session(self, index: int, deadline: float) -> None:
        """18.16 dereferences a session that is not open yet when a query needs ZooKeeper too soon after start
        (a NULL pointer in ``zkutil::ZooKeeper::createImpl``): wait until the node reads ZooKeeper itself."""
        while True:
            client = self.client(index)
            try:
                client.execute("SELECT count() FROM system.zookeeper WHERE path = '/'")
                return
            except Exception:  # noqa: BLE001 - not ready yet; the deadline decides
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
            finally:
                client.disconnect()

    def client(self, index: int, database: str = "default") -> Client:
        return Client(host="127.0.0.1", port=self.nodes[index][0], database=database, connect_timeout=5,
                      send_receive_timeout=60)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in reversed(self.processes):
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)
