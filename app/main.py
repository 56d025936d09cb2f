"""The application factory. `uvicorn app.main:app` serves the default configuration."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from app.api.fhir import fhir_router, install_fhir_handlers
from app.api.graphql.graphiql import graphiql_router
from app.api.graphql.router import Router as GraphQLRouter
from app.api.middleware import BodyLimitMiddleware, IdempotencyMiddleware, RequestContextMiddleware
from app.api.oauth import oauth_router
from app.api.openapi_meta import (
    DESCRIPTION,
    TAGS,
    document_middleware_behaviour,
    document_security,
    errors_are_problems,
    restore_example_nulls,
)
from app.api.raw_body import add_raw_body_schemas
from app.api.rest import api_router
from app.api.rest.problems import install_problem_handlers
from app.auth.scopes import API_SCOPES
from app.auth.server import OAuthServer
from app.logging import configure_logging
from app.persistence.db import make_engine, make_session_factory
from app.persistence.migrations import upgrade_to_head
from app.services.event_channel import Hub, open_channel
from app.services.signing_keys import ensure_signing_key
from app.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url, echo=settings.db_echo)
        if settings.should_migrate:
            await upgrade_to_head(engine)
        app.state.engine = engine
        channel = open_channel(settings)
        app.state.session_factory = make_session_factory(engine, after_commit=channel.publish)
        app.state.event_hub = Hub(channel)  # it listens once someone subscribes
        await ensure_signing_key(app.state.session_factory, settings)
        if settings.demo_data:
            from app.demo import load_demo_data

            await load_demo_data(app.state.session_factory, sign_in=settings.is_sqlite)
        dispatcher = None
        if settings.dispatches_in_process:
            from app.integrations.webhooks.dispatcher import Dispatcher

            dispatcher = Dispatcher(app.state.session_factory, settings)
            dispatcher.start()
        app.state.webhook_dispatcher = dispatcher
        try:
            yield
        finally:
            if dispatcher is not None:
                await dispatcher.stop()
            await app.state.event_hub.stop()
            await engine.dispose()

    app = FastAPI(
        title="Getting it right — TOGETHER — for every child",
        summary="Child well-being and inter-sector referral service (Moldova, GD 143/2018)",
        description=DESCRIPTION,
        version="1.0.0",
        openapi_tags=TAGS,
        swagger_ui_init_oauth={
            "clientId": settings.docs_client_id,
            "usePkceWithAuthorizationCodeGrant": True,
            "scopes": "openid profile " + " ".join(sorted(API_SCOPES)),
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.oauth_server = OAuthServer(settings)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            generated = restore_example_nulls(FastAPI.openapi(app), app.routes)
            documented = document_security(document_middleware_behaviour(generated))
            app.openapi_schema = add_raw_body_schemas(errors_are_problems(documented))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    install_problem_handlers(app)
    install_fhir_handlers(app)
    app.include_router(api_router)
    app.include_router(oauth_router)
    app.include_router(GraphQLRouter(settings))
    app.include_router(graphiql_router)
    app.include_router(fhir_router)
    # Outermost first: the request id must exist before anything can fail.
    app.add_middleware(IdempotencyMiddleware, ttl_hours=settings.idempotency_ttl_hours)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        max_batch_bytes=settings.max_batch_bytes,
    )
    app.add_middleware(RequestContextMiddleware)
    return app


app = create_app()
