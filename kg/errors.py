"""One error hierarchy with codes.

Every error a user can cause is a :class:`KgError` subclass with a stable code
(``KG1xx`` input, ``KG2xx`` extraction, ``KG3xx`` store, ``KG4xx`` query,
``KG5xx`` service, ``KG6xx`` tooling). The CLI prints ``code: message`` and exits
with :attr:`KgError.exit_code`; the service maps :attr:`KgError.http_status`.
"""

from __future__ import annotations


class KgError(Exception):
    code = "KG000"
    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.code} {where}{self.message}"


# ---- input (KG1xx) -------------------------------------------------------
class InputError(KgError):
    code = "KG100"
    exit_code = 2
    http_status = 400


class MissingPathError(InputError):
    code = "KG101"


class EncodingError(InputError):
    code = "KG102"


class BinaryFileError(InputError):
    code = "KG103"


class EmptyFileError(InputError):
    code = "KG104"


class PdfTextError(InputError):
    code = "KG105"


class UnsupportedFileError(InputError):
    code = "KG106"


class NoDocumentsError(InputError):
    code = "KG107"


# ---- extraction (KG2xx) --------------------------------------------------
class ExtractionError(KgError):
    code = "KG200"


class UnknownExtractorError(ExtractionError):
    code = "KG201"
    exit_code = 2


class PluginError(ExtractionError):
    """A plugin under the ``kg_extractors`` entry-point group cannot be loaded or run."""

    code = "KG810"


class ValidationError(ExtractionError):
    """The graph batch does not conform to the ontology (SHACL or schema)."""

    code = "KG202"


# ---- stores (KG3xx) ------------------------------------------------------
class StoreError(KgError):
    code = "KG300"
    exit_code = 3
    http_status = 503


class UnknownStoreError(StoreError):
    code = "KG301"
    exit_code = 2
    http_status = 400


class StoreUnavailableError(StoreError):
    code = "KG302"


class LoadError(StoreError):
    code = "KG303"


class StoreLockedError(StoreError):
    code = "KG304"


# ---- queries (KG4xx) -----------------------------------------------------
class QueryError(KgError):
    code = "KG400"
    exit_code = 4
    http_status = 400


class WriteQueryRefusedError(QueryError):
    code = "KG401"
    http_status = 403


class QuerySyntaxError(QueryError):
    code = "KG402"


class QueryTimeoutError(QueryError):
    code = "KG403"
    http_status = 504


class UnknownQuestionError(QueryError):
    code = "KG404"
    http_status = 404


class BadParameterError(QueryError):
    code = "KG405"
    exit_code = 2
    http_status = 422


class NotFoundError(QueryError):
    code = "KG406"
    http_status = 404


# ---- service (KG5xx) -----------------------------------------------------
class ServiceError(KgError):
    code = "KG500"


class AuthError(ServiceError):
    code = "KG501"
    http_status = 401


# ---- tooling (KG6xx) -----------------------------------------------------
class ToolError(KgError):
    code = "KG600"
    exit_code = 5


class Neo4jServerError(ToolError):
    code = "KG601"


# ---- limits and input guards (KG51x) ---------------------------------------
# One block of codes for the guarantees of docs "Guarantees and limits": each
# class sits under the family it belongs to (input, query, service), so exit
# codes and HTTP statuses follow that family.
class QueryMemoryError(QueryError):
    """A query needed more memory than a read-only store grants one query."""

    code = "KG510"
    http_status = 422


class RequestTooLargeError(ServiceError):
    """Request body, statement or parameters over the service's size limits."""

    code = "KG511"
    http_status = 413


class ServiceBusyError(ServiceError):
    """More requests in flight than the service's concurrency limit."""

    code = "KG512"
    http_status = 429


class HostNotAllowedError(ServiceError):
    """A token-less service answers only requests for the hosts it binds to."""

    code = "KG513"
    http_status = 421


class InputTooLargeError(InputError):
    """An input file over the size limit (``--max-input-mb`` / ``KG_MAX_INPUT_MB``)."""

    code = "KG514"


class UnreadableInputError(InputError):
    """An input that cannot be read: no permission, a FIFO, a device, a socket,
    a dangling link or a folder that cannot be listed."""

    code = "KG515"


class BadRequestBodyError(ServiceError):
    """A request body that is not valid JSON (or not UTF-8, or holds lone surrogates)."""

    code = "KG516"
    http_status = 400


class ExtractionTimeoutError(ExtractionError):
    """An input took longer than the per-file time limit: a slow input, not an extractor bug."""

    code = "KG517"
    exit_code = 2


# ---- audit (KG71x) -------------------------------------------------------
# kg.audit.AuditConfigError (KG710, an InputError): a bad --config rules file.
