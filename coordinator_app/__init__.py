"""Coordinator: offline-first desktop app for Helpforce's Refugee Volunteer to Career programme."""

__version__ = "0.1.0"
