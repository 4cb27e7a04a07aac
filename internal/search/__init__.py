"""SearchService: members and skills found in one place."""
