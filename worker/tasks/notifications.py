"""Task entry points for notifications: thin doorways that call services in cus/notifications."""
