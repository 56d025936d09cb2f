"""The FHIR R4 shell (/fhir/r4): routes and the OperationOutcome error handlers."""

from app.api.fhir.errors import install_fhir_handlers
from app.api.fhir.routes import router as fhir_router

__all__ = ["fhir_router", "install_fhir_handlers"]
