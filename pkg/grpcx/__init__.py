"""gRPC infrastructure: the interceptor chain, error mapping, auth context, health, server lifecycle."""
