"""PKO: an open planning and coordination platform for peacekeeping partnerships."""

__version__ = "0.1.0"
