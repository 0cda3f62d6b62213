"""Schemathesis generates requests from the OpenAPI description (its command line, against the
app served on 127.0.0.1): no server error and no response outside the description, for every
endpoint but the never-ending stream, with the write token given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from api_client import TOKEN
from memory_catalog import MemoryCatalog
from serving import running
from world import build_world

from sitrep.api.app import create_app
from sitrep.api.settings import ServeSettings

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def test_api_conforms_to_its_description(tmp_path: Path) -> None:
    catalog = MemoryCatalog(**build_world())
    app = create_app(lambda: catalog, ServeSettings(token=TOKEN, poll_seconds=0.2, fetch_timeout=1.0), None)
    with running(app) as base:
        command = [str(Path(sys.executable).with_name("schemathesis")), "run", f"{base}/openapi.json"]
        command += [
            "--checks",
            CHECKS,
            "--exclude-path",
            "/api/stream",
            "--max-examples",
            "15",
            "--seed",
            "1",
        ]
        command += ["--header", f"Authorization: Bearer {TOKEN}", "--workers", "1", "--no-color"]
        command += ["--phases", "examples,coverage,fuzzing"]
        run = subprocess.run(command, capture_output=True, text=True, timeout=540, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
