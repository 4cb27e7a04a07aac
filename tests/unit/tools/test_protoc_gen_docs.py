"""Tests for tools/protoc_gen_docs.py against the repo's common protos plus a demo service built by buf."""

from __future__ import annotations

import importlib.util
import pathlib
import re
import shutil
import subprocess
import sys
import textwrap
from types import ModuleType

import pytest
from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2

REPO = pathlib.Path(__file__).resolve().parents[3]
BUF = REPO / ".venv" / "bin" / "buf"
PLUGIN = REPO / "tools" / "protoc_gen_docs.py"

DEMO_PROTO = textwrap.dedent(
    """\
    syntax = "proto3";

    // A demo domain used to test the docs plugin.
    package skillsphere.demo.v1;

    import "google/protobuf/timestamp.proto";
    import "skillsphere/common/v1/common.proto";
    import "skillsphere/common/v1/validate.proto";

    // Manages demo widgets.
    // Second line of the service comment.
    service DemoService {
      // Creates a widget.
      rpc CreateWidget(CreateWidgetRequest) returns (Widget);
      // Streams widget changes until the client disconnects.
      rpc WatchWidgets(WatchWidgetsRequest) returns (stream Widget);
      // Uploads widgets in bulk.
      rpc UploadWidgets(stream Widget) returns (UploadWidgetsResponse);
      // Syncs widgets both ways.
      rpc SyncWidgets(stream Widget) returns (stream Widget);
    }

    // Request for CreateWidget.
    message CreateWidgetRequest {
      // Owner's e-mail address.
      string owner_email = 1 [(skillsphere.common.v1.rules) = {
        required: true, max_len: 254, format: STRING_FORMAT_EMAIL
      }];
      // Tags, at most ten.
      repeated string tags = 2 [(skillsphere.common.v1.rules) = {min_len: 1, max_len: 10}];
      // Discount percentage.
      optional double discount = 3 [(skillsphere.common.v1.rules) = {gte: 0, lte: 12.5}];
      // Price of the widget.
      skillsphere.common.v1.Money price = 4;
    }

    // A widget.
    message Widget {
      // The widget's kind.
      enum Kind {
        // Not set.
        KIND_UNSPECIFIED = 0;
        // A small widget.
        KIND_SMALL = 1;
      }
      // A part of a widget.
      message Part {
        // Part label, either "a" | "b".
        string label = 1;
      }
      // Widget id.
      string id = 1;
      Kind kind = 2; // Kind, from a trailing comment.
      // Parts by slot name.
      // A second line.
      map<string, Part> parts = 3;
      // When it was created.
      google.protobuf.Timestamp create_time = 4;
      oneof shape {
        // Round widgets have a radius.
        double radius = 5;
        // Square widgets have a side.
        double side = 6;
      }
      // Prices per currency.
      map<string, skillsphere.common.v1.Money> prices = 7;
    }

    // Request for WatchWidgets.
    message WatchWidgetsRequest {}

    // Response for UploadWidgets.
    message UploadWidgetsResponse {
      // Number of widgets stored.
      int32 count = 1;
    }
    """
)

LINK = re.compile(r"\]\(([^)#]*)#([^)]+)\)")


def _load_plugin() -> ModuleType:
    """Import the plugin by path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("protoc_gen_docs", PLUGIN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


plugin = _load_plugin()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A buf workspace with the repo's common protos and the demo proto."""
    root = tmp_path_factory.mktemp("docs")
    shutil.copytree(REPO / "proto" / "skillsphere" / "common", root / "proto" / "skillsphere" / "common")
    demo = root / "proto" / "skillsphere" / "demo" / "v1" / "demo.proto"
    demo.parent.mkdir(parents=True)
    demo.write_text(DEMO_PROTO)
    (root / "buf.yaml").write_text("version: v2\nmodules:\n  - path: proto\n")
    return root


@pytest.fixture(scope="module")
def request_(workspace: pathlib.Path) -> plugin_pb2.CodeGeneratorRequest:
    """A CodeGeneratorRequest for every skillsphere file, as buf sends it with strategy: all."""
    image = workspace / "image.binpb"
    subprocess.run([BUF, "build", "--as-file-descriptor-set", "-o", image], cwd=workspace, check=True)
    files = descriptor_pb2.FileDescriptorSet.FromString(image.read_bytes()).file
    return plugin_pb2.CodeGeneratorRequest(
        file_to_generate=[file.name for file in files if file.name.startswith("skillsphere/")],
        proto_file=files,
    )


@pytest.fixture(scope="module")
def pages(request_: plugin_pb2.CodeGeneratorRequest) -> dict[str, str]:
    response = plugin.generate(request_)
    assert not response.error
    return {file.name: file.content for file in response.file}


def _row(page: str, field: str) -> list[str]:
    """The cells of the table row whose first cell is `field` (pipes escaped as \\| stay in a cell)."""
    for line in page.splitlines():
        if line.startswith(f"| `{field}` |"):
            return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
    raise AssertionError(f"no row for {field}")


def test_one_page_per_package_plus_index(pages: dict[str, str]) -> None:
    assert sorted(pages) == ["README.md", "common.md", "demo.md"]


def test_index_lists_services_and_shared_types(pages: dict[str, str]) -> None:
    index = pages["README.md"]
    assert "| [`skillsphere.demo.v1.DemoService`](demo.md) | Manages demo widgets. |" in index
    assert "| [`skillsphere.common.v1`](common.md) | Types shared by every SkillSphere service. |" in index


def test_service_page_has_title_comment_and_every_rpc(pages: dict[str, str]) -> None:
    demo = pages["demo.md"]
    assert demo.splitlines()[2] == "# skillsphere.demo.v1.DemoService"
    assert "Manages demo widgets.\nSecond line of the service comment." in demo
    for rpc in ("CreateWidget", "WatchWidgets", "UploadWidgets", "SyncWidgets"):
        assert f"### {rpc}\n" in demo
        assert f"  - [{rpc}](#demoservice.{rpc.lower()})" in demo
    assert "Streams widget changes until the client disconnects." in demo


def test_streaming_kinds_are_marked(pages: dict[str, str]) -> None:
    demo = pages["demo.md"]
    assert "[`CreateWidgetRequest`](#createwidgetrequest) → [`Widget`](#widget) · **unary**" in demo
    assert "→ stream of [`Widget`](#widget) · **server streaming**" in demo
    assert "stream of [`Widget`](#widget) → [`UploadWidgetsResponse`](#uploadwidgetsresponse)" in demo
    assert "**client streaming**" in demo
    assert "stream of [`Widget`](#widget) → stream of [`Widget`](#widget) · **bidirectional streaming**" in demo


def test_fields_have_types_labels_and_comments(pages: dict[str, str]) -> None:
    demo = pages["demo.md"]
    assert _row(demo, "id") == ["`id`", "`string`", "", "Widget id."]
    assert _row(demo, "kind")[1:] == ["[`Widget.Kind`](#widget.kind)", "", "Kind, from a trailing comment."]
    assert _row(demo, "parts")[1:] == [
        "map&lt;`string`, [`Widget.Part`](#widget.part)&gt;",
        "map",
        "Parts by slot name.<br>A second line.",
    ]
    assert _row(demo, "prices")[1] == "map&lt;`string`, [`skillsphere.common.v1.Money`](common.md#money)&gt;"
    assert _row(demo, "price")[1] == "[`skillsphere.common.v1.Money`](common.md#money)"
    assert _row(demo, "create_time")[1] == "`google.protobuf.Timestamp`"
    assert _row(demo, "radius")[2] == "oneof `shape`"
    assert _row(demo, "discount")[2] == "optional"
    assert _row(demo, "tags")[2] == "repeated"
    assert 'Part label, either "a" \\| "b".' in _row(demo, "label")[3]
    assert "PartsEntry" not in demo


def test_nested_definitions_and_enum_values(pages: dict[str, str]) -> None:
    demo = pages["demo.md"]
    assert '<a id="widget.part"></a>\n### Widget.Part\n\nA part of a widget.' in demo
    assert '<a id="widget.kind"></a>\n### Widget.Kind\n\nThe widget\'s kind.' in demo
    assert "| `KIND_SMALL` | 1 | A small widget. |" in demo


def test_validation_rules_are_rendered(pages: dict[str, str]) -> None:
    demo = pages["demo.md"]
    assert _row(demo, "owner_email")[4] == "required, max 254 chars, format email"
    assert _row(demo, "tags")[4] == "min 1 item, max 10 items"
    assert _row(demo, "discount")[4] == "≥ 0, ≤ 12.5"
    assert _row(demo, "price")[4] == ""
    assert "| Field | Type | Label | Description |\n" in demo  # Widget has no rules: no Rules column


def test_links_resolve_to_existing_anchors(pages: dict[str, str]) -> None:
    links = 0
    for name, content in pages.items():
        for target, anchor in LINK.findall(content):
            page = target or name
            assert page in pages, f"{name}: link to missing page {page}"
            assert f'<a id="{anchor}"></a>' in pages[page], f"{name}: link to missing {page}#{anchor}"
            links += 1
    assert links > 30


def test_output_is_deterministic(request_: plugin_pb2.CodeGeneratorRequest) -> None:
    first = plugin.generate(request_).SerializeToString(deterministic=True)
    assert plugin.generate(request_).SerializeToString(deterministic=True) == first


def test_packages_sharing_a_page_name_are_an_error() -> None:
    request = plugin_pb2.CodeGeneratorRequest(
        file_to_generate=["a/v1/a.proto", "a/v2/a.proto"],
        proto_file=[
            descriptor_pb2.FileDescriptorProto(name="a/v1/a.proto", package="skillsphere.a.v1"),
            descriptor_pb2.FileDescriptorProto(name="a/v2/a.proto", package="skillsphere.a.v2"),
        ],
    )
    assert "would both be a.md" in plugin.generate(request).error


def test_buf_generate_runs_the_plugin(workspace: pathlib.Path) -> None:
    """End to end through buf, which also checks the plugin declares proto3 optional support."""
    template = workspace / "buf.gen.docs.yaml"
    template.write_text(
        "version: v2\nclean: true\nplugins:\n"
        f"  - local: [{sys.executable!r}, {str(PLUGIN)!r}]\n    out: out\n    strategy: all\n"
    )
    subprocess.run([BUF, "generate", "--template", template], cwd=workspace, check=True)
    assert sorted(path.name for path in (workspace / "out").iterdir()) == [
        "README.md",
        "common.md",
        "demo.md",
    ]
