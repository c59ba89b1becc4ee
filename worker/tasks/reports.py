"""Task entry points for reports: thin doorways that call services in cus/reports."""
