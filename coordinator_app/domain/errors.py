"""Errors a person can act on: each carries a sentence and what to do next."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error shown to the coordinator as plain sentences, never as a traceback."""

    exit_code = 1

    def __init__(self, message: str, next_step: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.next_step = next_step

    def sentence(self) -> str:
        return f"{self.message} {self.next_step}".strip()


class InvalidInput(UserFacingError):
    """What was typed or supplied cannot be used; nothing was changed."""


class VaultNotFound(UserFacingError):
    """There is no vault in the folder named."""


class VaultExists(UserFacingError):
    """A vault is already there; creating one would destroy it."""


class WrongPassphrase(UserFacingError):
    exit_code = 3


class TooManyAttempts(UserFacingError):
    exit_code = 3


class VaultBusy(UserFacingError):
    exit_code = 4


class VaultDamaged(UserFacingError):
    """A vault file is unreadable or altered; it is left as it is."""


class StorageFull(UserFacingError):
    """The disk (or the user's quota) is full: nothing of this action was saved, everything
    before it is."""


class VaultTooNew(UserFacingError):
    """The vault was written by a newer version of Coordinator; it is left untouched."""


class InvalidRecord(InvalidInput):
    """A form's values break the programme's rules; ``problems`` maps each field to a
    sentence shown next to it. Nothing was saved."""

    def __init__(self, problems: dict[str, str]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} {'entry needs' if count == 1 else 'entries need'} correcting before saving.",
            "Each problem is shown next to its field.",
        )
        self.problems = dict(problems)
