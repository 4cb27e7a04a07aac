"""The skill catalog, user skills, search, suggestions and trending (skill.v1.SkillService)."""
