"""The web sandbox: pages over the simulators (docs/sandbox.md)."""
