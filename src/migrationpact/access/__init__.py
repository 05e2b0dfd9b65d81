"""Who may see and do what: organisations, roles, the principal of a request, and the policy.

Everything here is pure: the API and the web pages ask ``policy`` before they read or write,
and hand the answer's reason to the access log. See ``docs/access.md``.
"""

from migrationpact.access.model import Organisation, Principal, Role

__all__ = ["Organisation", "Principal", "Role"]
