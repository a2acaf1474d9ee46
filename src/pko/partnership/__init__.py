"""Partnership needs and offers: capability needs of contributing countries, partners' offers, matches and partnerships."""
