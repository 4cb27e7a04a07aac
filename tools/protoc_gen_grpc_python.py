"""A protoc plugin that runs grpcio-tools' built-in grpc_python generator.

grpcio-tools bundles the generator inside its `protoc` module but ships no `protoc-gen-grpc_python`
executable, so buf cannot call it directly. This bridge reads buf's CodeGeneratorRequest, hands the
request's descriptors to `grpc_tools.protoc` through `--descriptor_set_in`, and returns the files it
writes as a CodeGeneratorResponse.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile

from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2
from grpc_tools import protoc


def generate(request: plugin_pb2.CodeGeneratorRequest) -> plugin_pb2.CodeGeneratorResponse:
    response = plugin_pb2.CodeGeneratorResponse(
        supported_features=plugin_pb2.CodeGeneratorResponse.FEATURE_PROTO3_OPTIONAL
    )
    with tempfile.TemporaryDirectory() as tmp:
        workdir = pathlib.Path(tmp)
        descriptor_set = workdir / "request.binpb"
        descriptor_set.write_bytes(descriptor_pb2.FileDescriptorSet(file=request.proto_file).SerializeToString())
        out = workdir / "out"
        out.mkdir()
        args = ["grpc_tools.protoc", f"--descriptor_set_in={descriptor_set}", f"--grpc_python_out={out}"]
        if request.parameter:
            args[-1] = f"--grpc_python_out={request.parameter}:{out}"
        code = protoc.main([*args, *request.file_to_generate])
        if code != 0:
            response.error = f"grpc_tools.protoc exited with {code}"
            return response
        for path in sorted(out.rglob("*.py")):
            response.file.add(name=str(path.relative_to(out)), content=path.read_text())
    return response


def main() -> None:
    request = plugin_pb2.CodeGeneratorRequest.FromString(sys.stdin.buffer.read())
    sys.stdout.buffer.write(generate(request).SerializeToString())


if __name__ == "__main__":
    main()
