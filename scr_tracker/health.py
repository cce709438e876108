"""Health checks for the container platform and the load balancer. Open without signing in,
so they say one word and nothing else: no versions, no error text, no counts.

- ``/healthz``: the process is up and answering (liveness).
- ``/readyz``: the database answers and every migration is applied (readiness): a web process
  that is ready can take traffic; one that is not, during an upgrade or a database outage, is
  taken out of the load balancer until it is.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _plain(text, status=200):
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@login_not_required
@never_cache
@require_safe
def healthz(request):
    return _plain("ok")


def unapplied_migrations(connection) -> list:
    """The migrations the code has and the database has not applied (raises DatabaseError when
    the database cannot be reached)."""
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


@login_not_required
@never_cache
@require_safe
def readyz(request):
    try:
        pending = unapplied_migrations(connections[DEFAULT_DB_ALIAS])
    except DatabaseError:
        logger.warning("Not ready: the database cannot be reached", exc_info=True)
        return _plain("not ready", status=503)
    if pending:
        logger.warning("Not ready: %d migrations are not applied", len(pending))
        return _plain("not ready", status=503)
    return _plain("ready")
