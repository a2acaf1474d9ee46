"""Action items with their owner organization, notifications, and AU-UN joint work (support requests, joint reviews)."""
