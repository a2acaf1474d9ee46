"""Consultations: meetings among the Council, contributors, the Secretariat and the AU; their packs and decisions."""
