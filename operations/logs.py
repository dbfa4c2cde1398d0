"""One JSON line per request and per background task, and nothing a user wrote.

Lines carry ids, paths (ours hold no personal data), statuses and timings. Exception messages
are left out on purpose: a database error can quote the values it refused, and an upload error
can name a file. Only the exception's class and the code's frames are logged.
"""

import logging
import re
import secrets
import time
import traceback

from django_tasks.signals import task_finished, task_started
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

request_logger = logging.getLogger("evidence.requests")
task_logger = logging.getLogger("evidence.tasks")

REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class JsonFormatter(BaseJsonFormatter):
    def formatException(self, ei) -> str:  # noqa: N802 - logging's own name
        kind, _, tb = ei
        frames = "".join(traceback.format_list(traceback.extract_tb(tb)))
        return f"Traceback (message left out):\n{frames}{kind.__module__}.{kind.__qualname__}"

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        # Django's request lines attach the request, whose text includes the query string.
        log_data.pop("request", None)


def request_lines(get_response):
    """Time each request and write its line: id, method, path, view, status, milliseconds."""

    def middleware(request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.match(given) else secrets.token_hex(16)
        request.request_id = request_id
        start = time.perf_counter()
        response = get_response(request)
        match = getattr(request, "resolver_match", None)
        request_logger.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                # The path only: a query string could carry what someone searched for.
                "path": request.path,
                "view": match.view_name if match else "",
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 1),
            },
        )
        response["X-Request-ID"] = request_id
        return response

    return middleware


_task_starts: dict[str, float] = {}


def _task_started(sender, task_result, **kwargs):
    _task_starts[task_result.id] = time.perf_counter()


def _task_finished(sender, task_result, **kwargs):
    start = _task_starts.pop(task_result.id, None)
    fields = {
        "task_id": task_result.id,
        "task": task_result.task.module_path,
        "status": str(task_result.status),
        "duration_ms": round((time.perf_counter() - start) * 1000, 1) if start else None,
    }
    errors = getattr(task_result, "errors", None) or []
    if errors:
        # The class only (e.g. "builtins.ValueError"); the message may quote a user's data.
        fields["error"] = errors[-1].exception_class_path
        task_logger.error("task", extra=fields)
    else:
        task_logger.info("task", extra=fields)


task_started.connect(_task_started, dispatch_uid="operations.logs.task_started")
task_finished.connect(_task_finished, dispatch_uid="operations.logs.task_finished")
