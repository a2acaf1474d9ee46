"""Mandates: what the Security Council authorised a mission to do, with how many, until when."""
