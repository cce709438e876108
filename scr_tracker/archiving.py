"""Nothing audited is ever deleted: it is archived, and archived rows stay in the database."""

from django.db import models
from django.utils import timezone


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def delete(self):
        raise models.ProtectedError("Audited records are archived, never deleted.", set(self))


class Archivable(models.Model):
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Audited records are archived, never deleted.", {self})

    def archive(self, *, reason: str):
        self.archived_at = timezone.now()
        self._change_reason = reason
        self.save(update_fields=["archived_at"])

    def unarchive(self, *, reason: str):
        self.archived_at = None
        self._change_reason = reason
        self.save(update_fields=["archived_at"])
