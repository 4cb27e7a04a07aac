"""tools/protoc_gen_reasons.py turns each package's ErrorReason enum into a StrEnum that knows its codes."""

from __future__ import annotations

import pathlib
import subprocess
from typing import Any

import pytest
from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2

from tools.protoc_gen_reasons import generate

REPO = pathlib.Path(__file__).resolve().parents[3]
BUF = REPO / ".venv" / "bin" / "buf"
FILES = ("skillsphere/common/v1/errors.proto", "skillsphere/auth/v1/auth.proto")


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> descriptor_pb2.FileDescriptorSet:
    out = tmp_path_factory.mktemp("image") / "image.binpb"
    subprocess.run([str(BUF), "build", "-o", str(out)], cwd=REPO, check=True)
    return descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())


def _request(image: descriptor_pb2.FileDescriptorSet) -> plugin_pb2.CodeGeneratorRequest:
    request = plugin_pb2.CodeGeneratorRequest(file_to_generate=FILES)
    request.proto_file.extend(image.file)
    return request


def _load(response: plugin_pb2.CodeGeneratorResponse, name: str) -> dict[str, Any]:
    [file] = [f for f in response.file if f.name == name]
    namespace: dict[str, Any] = {"__name__": "generated"}
    exec(compile(file.content, name, "exec"), namespace)  # noqa: S102 - our own generated module
    return namespace


def test_reasons_lose_their_prefix_and_carry_the_declared_code_and_domain(
    image: descriptor_pb2.FileDescriptorSet,
) -> None:
    response = generate(_request(image))
    assert not response.error
    common = _load(response, "skillsphere/common/v1/error_reason.py")["ErrorReason"]
    assert common.INVALID_PAGE_TOKEN == "INVALID_PAGE_TOKEN"
    assert (common.INVALID_PAGE_TOKEN.code, common.INVALID_PAGE_TOKEN.domain) == (3, "skillsphere")
    assert "UNSPECIFIED" not in common.__members__
    auth = _load(response, "skillsphere/auth/v1/error_reason.py")["ErrorReason"]
    assert (auth.TOKEN_EXPIRED.code, auth.TOKEN_EXPIRED.domain) == (16, "skillsphere.auth")
    assert auth.ROLE_REQUIRED.code == 7


def _auth_reasons(request: plugin_pb2.CodeGeneratorRequest) -> descriptor_pb2.EnumDescriptorProto:
    [file] = [f for f in request.proto_file if f.name == "skillsphere/auth/v1/auth.proto"]
    return next(e for e in file.enum_type if e.name == "ErrorReason")


def test_a_reason_without_a_status_code_is_a_generation_error(image: descriptor_pb2.FileDescriptorSet) -> None:
    request = _request(image)
    _auth_reasons(request).value[1].ClearField("options")
    assert "needs a (skillsphere.common.v1.code) option" in generate(request).error


def test_a_reason_without_the_prefix_is_a_generation_error(image: descriptor_pb2.FileDescriptorSet) -> None:
    request = _request(image)
    _auth_reasons(request).value[1].name = "TOKEN_GONE"
    assert "must start with ERROR_REASON_" in generate(request).error
