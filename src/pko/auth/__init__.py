"""Accounts, roles and the permission check."""
