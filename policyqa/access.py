"""Who may do what in the web app: admin and reader logins, trusted hosts, slowed-down failures.

Readers may ask questions; only admins may change the knowledge base (upload, delete, edit,
re-index). Without any login configured, only clients from a trusted host (loopback by default)
are admins: anyone else who can reach the port may ask but not change anything.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from policyqa.settings import Settings

log = logging.getLogger(__name__)

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
FAILURE_WINDOW_S = 900.0
MAX_DELAY_S = 16.0
ADMIN_ONLY = "只有管理员可以修改知识库（上传、删除、修改元数据、重建索引）"


@dataclass
class Access:
    """Accounts, trusted hosts and the record of recent failed logins."""

    admins: dict[str, str]
    readers: dict[str, str]
    trusted_hosts: frozenset[str]
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    clock: Callable[[], float] = time.monotonic
    failures: dict[str, list[float]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, s: Settings) -> Access:
        """Accounts and trusted hosts as configured."""
        admins = {}
        if s.auth_username and s.auth_password:
            admins[s.auth_username] = s.auth_password.get_secret_value()
        readers = {name: pw.get_secret_value() for name, pw in s.reader_accounts.items()}
        return cls(admins, readers, frozenset(s.admin_hosts))

    @property
    def login_required(self) -> bool:
        """Whether the app asks for a login at all."""
        return bool(self.admins or self.readers)

    async def check_login(self, username: str, password: str) -> bool:
        """Gradio's auth callback: right password → True; each recent failure for the same
        name doubles the wait before the next answer (0.5 s, 1 s, 2 s … up to 16 s)."""
        recent = self._recent_failures(username)
        if recent:
            await self.sleep(min(0.25 * 2 ** len(recent), MAX_DELAY_S))
        known = self.admins.get(username, self.readers.get(username))
        if known is not None and hmac.compare_digest(known.encode(), password.encode()):
            self.failures.pop(username, None)
            return True
        self.failures.setdefault(username, []).append(self.clock())
        log.warning("登录失败：用户 %r（近 15 分钟第 %d 次）", username, len(recent) + 1)
        return False

    def _recent_failures(self, username: str) -> list[float]:
        """Failed logins for a name within the window (older ones are forgotten)."""
        now = self.clock()
        kept = [t for t in self.failures.get(username, []) if now - t < FAILURE_WINDOW_S]
        self.failures[username] = kept
        return kept

    def may_administer(self, username: str | None, host: str | None) -> bool:
        """Admins by login; without logins, clients from a trusted host."""
        if self.login_required:
            return username in self.admins
        return host in self.trusted_hosts

    def exposure_warning(self, bind_host: str) -> str | None:
        """A line for the start-up log when the app is reachable from other machines."""
        if bind_host in LOOPBACK:
            return None
        if not self.login_required:
            return (
                f"监听 {bind_host} 且未配置登录：其他机器上的用户可以提问，但不能修改知识库；"
                "如需远程管理，请设置 POLICYQA_AUTH_USERNAME / POLICYQA_AUTH_PASSWORD"
            )
        if not self.admins:
            return f"监听 {bind_host}：只配置了只读账号，任何人都不能通过网页修改知识库"
        return None
