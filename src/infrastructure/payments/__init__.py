"""Payment-provider adapters (docs/payments.md, "Online providers")."""
