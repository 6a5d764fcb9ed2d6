"""gunicorn's access log with the client's address (portal/gunicorn_conf.py).

Behind nginx, the peer of every request, gunicorn's %(h)s, is nginx itself. This
logger puts the client there instead, by the portal's own rule
(`portal.proxies.forwarded_client`): X-Forwarded-For or X-Real-IP count only when
the peer is one of gunicorn's forwarded_allow_ips (TRUSTED_PROXIES), so a client
that reaches gunicorn directly cannot write another address into the log.
"""

import os

from gunicorn.glogging import Logger

from portal.proxies import forwarded_client

_EVERYONE = ("0.0.0.0/0", "::/0")


class ClientAddressLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        trusted = self.cfg.forwarded_allow_ips
        atoms["h"] = (
            forwarded_client(
                environ,
                # gunicorn's "*" trusts every peer.
                trusted=_EVERYONE if "*" in trusted else trusted,
                num_proxies=int(os.environ.get("NUM_PROXIES") or 0),
            )
            or "-"
        )
        return atoms
