"""User profiles, availability, notification preferences, stats, verification and avatars (user.v1.UserService)."""
