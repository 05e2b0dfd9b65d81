"""Tokens from the built-in development issuer, and its discovery documents.

Only when no external OpenID Connect issuer is configured: then the service signs its own
tokens for the users of its users file, and publishes the keys a verifier needs.
"""
