"""The auth policy table agrees with the `Caller:` line every RPC documents in the contract."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from google.protobuf import descriptor_pb2

from internal.policy import POLICIES
from internal.registry import contract_services
from pkg.grpcx.auth import Access

ROOT = Path(__file__).resolve().parents[2]


def _documented_callers() -> dict[str, str]:
    """`package.Service/Method` → the text after `Caller:` in its comment."""
    image = subprocess.run(
        [str(Path(sys.executable).parent / "buf"), "build", "-o", "-#format=binpb"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    files = descriptor_pb2.FileDescriptorSet.FromString(image)
    callers = {}
    for file in files.file:
        comments = {tuple(loc.path): loc.leading_comments for loc in file.source_code_info.location}
        for s_index, service in enumerate(file.service):
            for m_index, method in enumerate(service.method):
                comment = comments.get((6, s_index, 2, m_index), "")
                match = re.search(r"Caller:\s*(.+?)(?:\n\s*\n|\nErrors:|$)", comment, re.S)
                assert match, f"{service.name}/{method.name} documents no Caller"
                callers[f"{file.package}.{service.name}/{method.name}"] = " ".join(match.group(1).split()).lower()
    return callers


def test_every_table_entry_names_a_real_rpc() -> None:
    rpcs = {f"{s.full_name}/{m.name}" for s in contract_services() for m in s.descriptor.methods}
    services = {s.full_name for s in contract_services()}
    for key in POLICIES.keys():  # noqa: SIM118 - PolicyTable is not a dict
        service, _, method = key.rpartition("/")
        if service.startswith("grpc."):
            continue
        assert (key in rpcs) if method != "*" else (service in services), key


def test_documented_public_and_admin_rpcs_match_the_table() -> None:
    for rpc, caller in _documented_callers().items():
        policy = POLICIES.policy_for(rpc)
        if caller.startswith(("public", "anyone")):
            assert policy.access is Access.PUBLIC, f"{rpc} is documented public: {caller}"
        elif caller.startswith(("admin only", "admin.")) or caller == "admin":
            assert policy.access is Access.ROLE and policy.roles == {"admin"}, f"{rpc} is documented admin-only"
        else:
            assert policy.access is Access.AUTHENTICATED, f"{rpc} is documented as '{caller}' but is {policy}"
