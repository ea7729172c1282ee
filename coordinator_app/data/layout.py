"""The files of a vault folder (kept apart so that finding a vault needs no database code)."""

DB_NAME = "vault.db"
KEY_NAME = "vault.key"
LOCK_NAME = "vault.lock"
BACKUP_DIR = "backups"
