"""The canonical intake over JSON: for any sector system that can send our own shape
(`InboundConcern`) rather than a standard of its sector."""
