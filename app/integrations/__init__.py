"""Sector adapters: one package per kind of sector system, each translating its standard into
the canonical intake (`app.domain.intake`) and status back out. `channels` names them all, so a
kept message can be processed again by the adapter that first took it in."""
