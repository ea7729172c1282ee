"""Coordinator: offline-first desktop app for the Helpforce Refugee Volunteer to Career programme."""

__version__ = "0.1.0"
