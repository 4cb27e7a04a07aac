"""Every service of the contract and the servicer that answers it.

Services whose domain is not built yet are served by their generated base servicer: each of its RPCs
raises NotImplementedError, which the error interceptor answers as UNIMPLEMENTED with a clear message.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from google.protobuf.descriptor import ServiceDescriptor

from pkg.grpcx.server import GrpcServer

# The sixteen domains, in the order the product builds them.
DOMAINS = (
    "auth",
    "user",
    "skill",
    "matching",
    "search",
    "session",
    "chat",
    "payment",
    "ai",
    "gig",
    "review",
    "workshop",
    "certification",
    "challenge",
    "analytics",
    "admin",
)


@dataclass(frozen=True)
class ContractService:
    """A service of the contract with its generated server glue."""

    descriptor: ServiceDescriptor
    base_servicer: type
    add_to_server: Any

    @property
    def full_name(self) -> str:
        """`skillsphere.auth.v1.AuthService`."""
        return str(self.descriptor.full_name)


def contract_services() -> Iterator[ContractService]:
    """The services defined in `proto/skillsphere/<domain>/v1`, from the generated modules."""
    for domain in DOMAINS:
        messages = importlib.import_module(f"skillsphere.{domain}.v1.{domain}_pb2")
        stubs = importlib.import_module(f"skillsphere.{domain}.v1.{domain}_pb2_grpc")
        for service in messages.DESCRIPTOR.services_by_name.values():
            yield ContractService(
                descriptor=service,
                base_servicer=getattr(stubs, f"{service.name}Servicer"),
                add_to_server=getattr(stubs, f"add_{service.name}Servicer_to_server"),
            )


def register_services(server: GrpcServer, handlers: Mapping[str, Any]) -> list[ContractService]:
    """Add every contract service to the server, using `handlers[full_name]` where one is built."""
    services = list(contract_services())
    for service in services:
        servicer = handlers.get(service.full_name) or service.base_servicer()
        server.add(service.full_name, servicer, service.add_to_server)
    return services
