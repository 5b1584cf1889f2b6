"""Per-user window state in an INI file, read and written through one typed registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One named setting with its type and default."""

    key: str
    kind: type
    default: T


WINDOW_GEOMETRY: Setting[QByteArray] = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE: Setting[QByteArray] = Setting("window/state", QByteArray, QByteArray())
CURRENT_SCREEN: Setting[str] = Setting("window/screen", str, "Submissions")
LAST_WORKSPACE: Setting[str] = Setting("workspace/last", str, "")
LAST_ROUND: Setting[str] = Setting("rounds/last", str, "")  # every round chooser opens on it
ALL_ROUNDS = "All rounds"  # the chooser entry that is no round, so never remembered
BACKUP_EVERY_HOURS: Setting[int] = Setting("backup/every_hours", int, 24)
SPLITTER_FRAMEWORK: Setting[QByteArray] = Setting("splitters/framework", QByteArray, QByteArray())
SPLITTER_MODERATION_QUEUE: Setting[QByteArray] = Setting(
    "splitters/moderation_queue", QByteArray, QByteArray()
)
SPLITTER_MODERATION_DETAIL: Setting[QByteArray] = Setting(
    "splitters/moderation_detail", QByteArray, QByteArray()
)


class SettingsRegistry:
    """Typed access to QSettings; a bad stored value falls back to the default."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ARF Desktop", "arf-desktop"
        )

    @classmethod
    def at(cls, path: str) -> SettingsRegistry:
        return cls(QSettings(path, QSettings.Format.IniFormat))

    def get(self, setting: Setting[T]) -> T:
        raw: Any = self._store.value(setting.key, setting.default)
        if isinstance(raw, setting.kind):
            return raw
        try:
            return setting.kind(raw)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self._store.setValue(setting.key, value)

    def sync(self) -> None:
        self._store.sync()

    @property
    def file_name(self) -> str:
        return self._store.fileName()
