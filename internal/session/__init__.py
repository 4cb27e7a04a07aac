"""The session domain: booking, running and rating one-to-one learning sessions (session.v1)."""
