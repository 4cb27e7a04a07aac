"""Accounts, credentials, tokens and sign-in sessions (auth.v1.AuthService)."""
