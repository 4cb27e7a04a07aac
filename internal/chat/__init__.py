"""Chat: conversations, messages and the real-time event stream (chat.v1.ChatService)."""
