"""Benchmark: a 200 MB video upload through the embedded gateway, and how fast an oversized one is refused.

The platform runs in a child process (so its memory is its own); the upload is streamed from a
generator. Prints the child's peak RSS growth (VmHWM from /proc, Linux) across the upload, the
upload's time, and the time to a 413 for a declared and for a chunked over-limit upload.

    .venv/bin/python bench/bench_upload.py [--megabytes 200]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.platforms import free_port  # noqa: E402

BOUNDARY = "benchboundary"
MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2mp41"
CHUNK = b"\x00" * (1024 * 1024)


def serve(port: int, data_dir: str) -> None:
    """Child process: the embedded platform with the default limits (20 MB, 1 GB for video)."""
    import uvicorn

    from renoflow.demo import seed_demo_data
    from renoflow.embedded import build_platform
    from shared.settings import Settings

    platform = build_platform(Settings(data_dir=Path(data_dir), port=port))
    seed_demo_data(platform)
    uvicorn.run(platform.app, host="127.0.0.1", port=port, log_level="error")


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM (not Linux?)")


def multipart(kind: str, megabytes: int) -> tuple[int, Iterator[bytes]]:
    head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="site.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n").encode() + MP4_HEAD
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(megabytes):
            yield CHUNK
        yield tail

    return len(head) + megabytes * len(CHUNK) + len(tail), body()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "DATA_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1])
        return
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        child = subprocess.Popen([sys.executable, __file__, "--serve", str(port), tmp])
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the platform did not start")
                time.sleep(0.2)
            token = httpx.post(f"{base}/realms/renoflow/protocol/openid-connect/token", data={
                "grant_type": "password", "client_id": "renoflow-web", "username": "designer-a",
                "password": "demo"}).json()["access_token"]
            client = httpx.Client(base_url=base, timeout=600, headers={"Authorization": f"Bearer {token}"})
            warm_length, warm = multipart("video", 1)  # first upload pays for imports and connections
            client.post("/api/v1/documents", content=warm, headers={
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Content-Length": str(warm_length)})
            before = peak_rss_kib(child.pid)

            length, body = multipart("video", args.megabytes)
            started = time.perf_counter()
            res = client.post("/api/v1/documents", content=body, headers={
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Content-Length": str(length)})
            took = time.perf_counter() - started
            assert res.status_code == 201, res.text
            after = peak_rss_kib(child.pid)
            print(f"upload of {args.megabytes} MB (kind video): {res.status_code} in {took:.2f} s, "
                  f"{args.megabytes / took:.0f} MB/s")
            print(f"gateway peak RSS: {before / 1024:.0f} MB before, {after / 1024:.0f} MB after "
                  f"(growth {(after - before) / 1024:.1f} MB)")

            length, body = multipart("drawings", args.megabytes)
            started = time.perf_counter()
            res = client.post("/api/v1/documents?kind=drawings", content=body, headers={
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Content-Length": str(length)})
            print(f"declared {args.megabytes} MB as drawings (limit 20 MB): {res.status_code} in "
                  f"{(time.perf_counter() - started) * 1000:.0f} ms")

            _length, body = multipart("drawings", args.megabytes)
            started = time.perf_counter()
            try:  # no Content-Length: chunked, so only counting can stop it
                res = client.post("/api/v1/documents", content=body, headers={
                    "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
                outcome = str(res.status_code)
            except httpx.TransportError as exc:  # the server answered 413 and closed mid-send
                outcome = f"connection closed by the server ({type(exc).__name__})"
            print(f"chunked {args.megabytes} MB as drawings: {outcome} in "
                  f"{(time.perf_counter() - started) * 1000:.0f} ms")
            print(f"gateway peak RSS at the end: {peak_rss_kib(child.pid) / 1024:.0f} MB")
        finally:
            child.terminate()
            child.wait(timeout=20)


if __name__ == "__main__":
    main()
