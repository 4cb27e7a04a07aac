"""Learning paths, recommendations, session advice, skill gaps, the assistant and embeddings (ai.v1.AIService)."""
